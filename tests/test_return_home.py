"""Returning home (RFC 6275 sections 10.3.2, 10.4.1 and 11.5.4) with a fixed seed: the home
agent is the access router AR11, whose WiFi link is the home link. MN11 starts at home, moves
to AR12 and comes back; a correspondent streams UDP to its home address throughout, and so
does MN12, which stays on the home link and reaches MN11 away through the home agent's proxy
Neighbour Discovery."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import signalling_by_function

AT_HOME, REGISTERED = 0, 2
CHECKS_S = (6.0, 13.0, 17.5)  # at home, away at AR12, back home


@pytest.fixture(scope="module")
def home(ns: Any) -> dict[str, Any]:
    placement = presets.mipv6(networks=2, ars_per_network=2, mobile_nodes=2, home_link=True)
    # Duplicate address detection is off here (tests/test_dad.py checks the home agent's).
    sc = build_scenario(placement, ScenarioConfig(
        seed=1, run=1, dad=False,
        mobility=MobilityConfig(model="path", path=("AR11", "AR12", "AR11"), speed_mps=10.0,
                                start_s=2.0),
        mobility_by_mn={"MN12": MobilityConfig(model="static", path=("AR11",))}))
    dep = deploy(sc)
    mn, cn = "MN11", placement.correspondents[0].name
    sc.add_udp_cbr(cn, mn, lambda: dep.mn_address(mn), rate="400kbps", size=500, start_s=1.5,
                   name="stream")
    sc.add_udp_cbr("MN12", mn, lambda: dep.mn_address(mn), rate="80kbps", size=100,
                   start_s=1.5, name="neighbour")
    lm, agent = dep.location_management["LM1"], dep.agents[mn]
    checks: list[dict[str, Any]] = []

    def check() -> None:
        checks.append({"state": int(agent.GetState()), "coa": str(agent.GetCareOfAddress()),
                       "bindings": [(str(b.prefix), str(b.locator)) for b in lm.GetBindings()],
                       "wifi": sc.wifi_addresses(mn)})

    for t in CHECKS_S:
        callbacks.schedule(t, check)
    sc.run(18.0)
    out = {"sc": sc, "dep": dep, "mn": mn, "checks": checks,
           "rx": [float(t) for t in sc.apps["stream"].rx.times],
           "neighbour_rx": [float(t) for t in sc.apps["neighbour"].rx.times],
           "proxy_na": int(dep.mobility_routing["AR11"].GetProxyAdvertisements()),
           "tables": dep.binding_table_sizes(), "pairs": signalling_by_function(dep)}
    yield out
    sc.destroy()


def test_the_home_address_is_on_the_home_link(home: dict[str, Any]) -> None:
    hoa = home["dep"].home_addresses[home["mn"]]
    assert ipaddress.IPv6Address(hoa) in home["sc"].access_subnets["AR11"]
    at_home, away, back = home["checks"]
    assert at_home["state"] == AT_HOME and at_home["bindings"] == []
    assert hoa in at_home["wifi"]
    assert away["state"] == REGISTERED and hoa not in away["wifi"]
    assert away["bindings"] == [(hoa, away["coa"])]
    assert back["state"] == AT_HOME and back["coa"] == "::" and hoa in back["wifi"]


def test_deregistration_when_the_mobile_node_returns_home(home: dict[str, Any]) -> None:
    """One registration from AR12 and one deregistration from home, both acknowledged; the
    binding database goes 0 -> 1 -> 0."""
    pairs = home["pairs"]
    assert pairs["mobile node agent -> location management"]["types"] == {"BU": 2}
    assert pairs["location management -> mobile node agent"]["types"] == {"BA": 2}
    assert home["tables"]["location_management"]["LM1"]["size"] == [0, 1, 0]
    assert home["dep"].agents["MN12"].GetState() == AT_HOME  # never left
    assert home["checks"][2]["bindings"] == []


def test_packets_reach_the_home_address_in_every_phase(home: dict[str, Any]) -> None:
    rx = home["rx"]
    assoc = [t for t, _, up in home["sc"].associations(home["mn"]) if up]
    assert len(assoc) == 3  # AR11, AR12, AR11 again
    windows = [(1.5, assoc[1]), (assoc[1] + 0.5, assoc[2]), (assoc[2] + 0.5, 18.0)]
    for lo, hi in windows:
        delivered = sum(1 for t in rx if lo <= t < hi)
        assert delivered >= 0.95 * (hi - lo) * 100, (lo, hi, delivered)


def test_the_home_agent_is_the_proxy_on_the_home_link(home: dict[str, Any]) -> None:
    """MN12 sends to MN11's home address on the home link: while MN11 is away, the home
    agent answers MN12's Neighbor Solicitations (and advertised the address when the binding
    was created), takes the packets and tunnels them; at home MN11 answers itself.

    The first unsolicited advertisement waits in AR11's WiFi queue behind the frames still
    queued for MN11 (ns-3's access point does not learn that a station left), so MN12's
    packets reach MN11 away from the second one, RetransTimer (1 s) later."""
    rx = home["neighbour_rx"]
    assoc = [t for t, _, up in home["sc"].associations(home["mn"]) if up]
    windows = ((1.5, assoc[1]), (assoc[1] + 2.0, assoc[2]), (assoc[2] + 0.5, 18.0))
    for lo, hi in windows:
        delivered = sum(1 for t in rx if lo <= t < hi)
        # Away, MN12's packets share the home link with AR11's retries to the departed MN11:
        # at least 90 % delivered.
        assert delivered >= 0.9 * (hi - lo) * 100, (lo, hi, delivered)
    assert home["proxy_na"] == 3  # MaxNeighborAdvertisement unsolicited, none solicited
