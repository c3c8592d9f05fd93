"""Forged and replayed signalling against a MIPv6 home registration, with authentication off
and on (examples/attacks.py, one run each; ``LocationManagement.RequireAuthentication``: RFC
4285 MN-HA security associations between each mobile node and its home agent, provisioned by
deploy, and no one else).

A third node's Binding Update for the mobile node's home address with a higher sequence
number (hijack: its own address as care-of address; deletion: lifetime 0; proxy: a Proxy
Binding Update with the mobile node's identifier and a fresh timestamp) is taken without
authentication, and the stream is lost to the mobile node from then on; with it, it is refused
(146, or 154 for the proxy registration: none is authorised), counted, the binding stays the
mobile node's and every packet arrives. The
mobile node's first Binding Update replayed after it came home and deregistered recreates the
binding to its old care-of address without authentication (nothing arrives at home); with it,
the association's memory of the last sequence number accepted refuses it as stale (135)
though its authenticator verifies. Replayed right after the home agent restarted, that memory
is gone: authentication alone takes it; the RFC 4285 replay protection timestamp (11 s old,
7 s window) refuses it (144). A Binding Acknowledgement with status 129 forged by an
eavesdropper for each Binding Update the mobile node sends (from the home agent's address) is
taken without authentication, and the mobile node gives its registration up; with it, the
mobile node drops every forgery and counts it. The example writes its results and plot."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from ns3dmm.attributes import Functions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "attacks.py"


@pytest.fixture(scope="module")
def example(ns: Any) -> Any:
    spec = importlib.util.spec_from_file_location("attacks_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs(example: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[tuple[str, bool], dict]:
    module = example
    out = tmp_path_factory.mktemp("attacks")
    assert module.main(["--out", str(out)]) == 0
    assert (out / "attacks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads((out / "results.json").read_text())
    assert doc["provenance"]["commit"]
    return {(r["configuration"]["attack"], r["configuration"]["secure"]): r
            for r in doc["runs"]}


@pytest.mark.parametrize("attack", ["hijack", "deletion", "proxy"])
def test_a_forged_binding_update_is_refused_with_authentication_and_not_without(
        runs: dict, attack: str) -> None:
    off, on = runs[attack, False], runs[attack, True]
    assert off["authentication_failures"] == 0
    assert off["binding_after_attack"] == ("none" if attack == "deletion" else "attacker")
    assert off["delivered"] == 200 < off["sent"] == 800  # nothing after the attack at 4 s
    assert on["authentication_failures"] == 1
    assert on["binding_after_attack"] == "mobile node"
    assert on["delivered"] == on["sent"] == 800
    assert on["mn_authentication_failures"] == 0  # its own home agent's answers verify


def test_a_forged_binding_acknowledgement_ends_the_registration_unless_it_is_verified(
        runs: dict) -> None:
    off, on = runs["ba", False], runs["ba", True]
    # off: the first forgery, status 129, is taken; the mobile node never refreshes, and the
    # home agent's binding (4 s) runs out with most of the stream still to come.
    assert off["mn_binding_updates"] == 1 and off["mn_authentication_failures"] == 0
    assert off["binding_after_attack"] == "none"
    assert 0 < off["delivered"] < 0.35 * off["sent"]
    # on: every forgery fails the association and is dropped; the refreshes go on.
    assert on["mn_binding_updates"] >= 3
    assert on["mn_authentication_failures"] == on["mn_binding_updates"]
    assert on["authentication_failures"] == 0
    assert on["binding_after_attack"] == "mobile node"
    assert on["delivered"] == on["sent"] == 800


def test_a_replayed_binding_update_after_deregistration_is_refused_with_authentication(
        runs: dict) -> None:
    off, on = runs["replay", False], runs["replay", True]
    assert off["binding_after_attack"] == "old care-of address"
    assert off["delivered"] == 0 < off["sent"]
    assert on["replays_refused"] == 1 and on["authentication_failures"] == 0
    assert on["binding_after_attack"] == "none"
    assert on["delivered"] == on["sent"] == 600


def test_a_forged_proxy_binding_update_moves_the_binding_unless_proxies_sign(
        runs: dict) -> None:
    off, on = runs["pbu", False], runs["pbu", True]
    assert off["configuration"]["placement"] == "pmipv6"
    assert off["authentication_failures"] == 0
    assert off["binding_after_attack"] == "attacker"
    assert off["delivered"] < 0.3 * off["sent"]  # little after the attack at 4 s
    # on: the gateway's own registrations are signed and taken, the forged one refused (154)
    assert on["authentication_failures"] == 1
    assert on["gateway_authentication_failures"] == 0  # the LMA's signed answers verify
    assert on["binding_after_attack"] == "mobile node"
    assert on["delivered"] == on["sent"] == 800


def test_a_forged_location_notify_detaches_the_mobile_node_unless_its_source_is_checked(
        runs: dict) -> None:
    off, on = runs["notify", False], runs["notify", True]
    assert off["configuration"]["placement"] == "pmipv6"
    assert off["notifies_refused"] == 0
    # the gateway forgot the mobile node; the LMA still sends its packets there
    assert off["gateway_registered_after_attack"] == 0
    assert off["binding_after_attack"] == "mobile node"
    assert off["delivered"] == 200 < off["sent"] == 800  # nothing after the attack at 4 s
    assert on["notifies_refused"] == 1
    assert on["gateway_registered_after_attack"] == 1
    assert on["binding_after_attack"] == "mobile node"
    assert on["delivered"] == on["sent"] == 800


def test_a_replay_after_a_home_agent_restart_is_refused_by_the_timestamp_alone(
        runs: dict, example: Any) -> None:
    off, on = runs["restart", False], runs["restart", True]
    assert off["binding_after_attack"] == "old care-of address"
    assert off["delivered"] == 0 < off["sent"]
    assert on["configuration"]["functions"]["ns3::dmm::LocationManagement"][
        "ReplayProtection"] is True
    assert on["timestamps_refused"] == 1
    assert on["replays_refused"] == on["authentication_failures"] == 0
    assert on["binding_after_attack"] == "none"
    assert on["delivered"] == on["sent"] == 600
    # Authentication without timestamps: the restarted home agent takes the replay.
    bare = example.run_attack("restart", True, timestamps=False)
    assert bare["timestamps_refused"] == bare["replays_refused"] == 0
    assert bare["binding_after_attack"] == "old care-of address"
    assert bare["delivered"] == 0


def test_replay_protection_needs_authentication(ns: Any) -> None:
    from ns3dmm.deploy import DeploymentError
    from ns3dmm.simulate import simulate

    bare = Functions({"ns3::dmm::LocationManagement": {"ReplayProtection": True}})
    with pytest.raises(DeploymentError, match="needs RequireAuthentication"):
        simulate("mipv6", functions=bare, stop_s=1.0)

