"""Migrating home agents (HAHA, draft figure 6) on a ring core: an MR and a replica of LM0 on
HA1, HA2 and HA3, all advertising the three home prefix pools (an anycast group). MN11 (home
Network1) crosses AR31, AR21 and AR11 at 10 m/s while CN21 (on AR21) streams UDP and one TCP
connection to it; the binding lifetime is 8 s, so it also refreshes.

The draft's claims, measured: the mobile node registers with the member nearest to it (the
routes bring its Binding Updates to the home agents anycast address there), the member nearest
the correspondent intercepts its packets, and every registration costs (members - 1) Location
Replicate messages, refreshes counted apart. Checked late in every dwell: the same binding at
every replica, the care-of address, delivery, the path the relations predict."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import (
    path_segments,
    signalling_by_function,
    signalling_sent,
    tunnel_overhead,
)

STOP_S = 26.0
PATH = ("AR31", "AR21", "AR11")
NEAREST = {"AR31": "HA3", "AR21": "HA2", "AR11": "HA1"}  # the member in the AR's network
#: late in each dwell, and early in the next (a second after the association)
CHECKS_S = (6.5, 8.5, 14.5, 16.5, 25.5)
MEMBERS = ("HA1", "HA2", "HA3")


@pytest.fixture(scope="module")
def run(ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("haha", networks=3, ars_per_network=1, mobile_nodes=1)
    assert [(h.mn, h.network) for h in placement.home_addresses] == [("MN11", "Network1")]
    sc = build_scenario(placement, ScenarioConfig(
        seed=5, run=1, dad=False, core="ring", cn_rate="4Mbps",
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0, path=PATH)))
    dep = deploy(sc, Functions({"ns3::dmm::MobileNodeAgent": {"BindingLifetime": "8s"}}))
    sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps", size=500,
                   start_s=1.5, name="stream")
    sc.add_tcp_bulk("CN21", "MN11", lambda: dep.mn_address("MN11"), max_bytes=0, start_s=2.0,
                    name="bulk")
    checks: list[dict[str, Any]] = []

    def check() -> None:
        checks.append({
            "bindings": {name: [(str(b.prefix), int(b.prefixLength), str(b.locator))
                                for b in lm.GetBindings()]
                         for name, lm in dep.location_management.items()},
            "wifi": sc.wifi_addresses("MN11"),
            "anycast": {node: int(dep.mobility_routing[node].GetAnycastDeliveries())
                        for node in MEMBERS}})

    for t in CHECKS_S:
        callbacks.schedule(t, check)
    sc.run(STOP_S)
    out = {"scenario": sc, "deployment": dep, "checks": checks, "results": sc.results(),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    yield out
    sc.destroy()


def test_core_is_a_ring_of_gateways(run: dict[str, Any]) -> None:
    sc = run["scenario"]
    core = sorted(tuple(sorted((link.a, link.b))) for link in sc.links if link.kind == "core")
    assert core == [("GW1", "GW2"), ("GW1", "GW3"), ("GW2", "GW3")]
    assert "Core" not in sc.nodes


def test_delivery_through_every_handover(run: dict[str, Any]) -> None:
    sc = run["scenario"]
    assert [ar for _, ar, up in sc.associations("MN11") if up] == list(PATH)
    app = run["results"]["apps"]["stream"]
    assert app["rx_packets"] >= 0.9 * app["tx_packets"]
    assert app["last_rx_s"] > STOP_S - 0.1
    assoc = [t for t, _, up in sc.associations("MN11") if up]
    windows = list(zip([2.0, *[a + 1.0 for a in assoc[1:]]], [*assoc[1:], STOP_S], strict=True))
    counts = [sum(1 for t in run["tcp_rx_times"] if lo <= t < hi) for lo, hi in windows]
    assert all(c > 100 for c in counts), counts


def test_every_replica_holds_the_current_binding(run: dict[str, Any]) -> None:
    sc, dep = run["scenario"], run["deployment"]
    hoa = dep.home_addresses["MN11"]
    assoc = [t for t, _, up in sc.associations("MN11") if up]
    assert assoc[1] < CHECKS_S[1] - 0.5 and assoc[2] < CHECKS_S[3] - 0.5
    dwell = [PATH[0], PATH[1], PATH[1], PATH[2], PATH[2]]
    for ar, c in zip(dwell, run["checks"], strict=True):
        subnet = sc.access_subnets[ar]
        (coa,) = [a for a in c["wifi"] if ipaddress.IPv6Address(a) in subnet]
        for lm in ("LM0-1", "LM0-2", "LM0-3"):
            assert c["bindings"][lm] == [(hoa, 128, coa)], (ar, lm)


def test_registrations_reach_the_nearest_member(run: dict[str, Any]) -> None:
    dep = run["deployment"]
    address = dep.home_agent_anycast["Network1"]
    assert dep.anycast[address] == ("HA-anycast", list(MEMBERS))
    assert dep.registers_with["MN11"] == list(MEMBERS)
    # Anycast deliveries (Binding Updates and reverse-tunnelled packets) grow only at the
    # member in the mobile node's current network.
    checks = run["checks"]
    start = {"anycast": {n: 0 for n in MEMBERS}}
    windows = [(start, checks[0]), (checks[1], checks[2]), (checks[3], checks[4])]
    for ar, (before, after) in zip(PATH, windows, strict=True):
        grown = {n for n in MEMBERS if after["anycast"][n] > before["anycast"][n]}
        assert grown == {NEAREST[ar]}, (ar, before, after)
    # Each member acknowledged the registrations made from its network.
    sent = signalling_sent(run["scenario"], dep)
    updates = dep.binding_update_times("MN11")
    for ar, node in NEAREST.items():
        assert sent[node]["to"]["MN11"]["messages"] >= 1, (ar, node)
    assert sum(sent[n]["to"]["MN11"]["messages"] for n in MEMBERS) == len(updates)
    assert sent["MN11"]["to"] == {"HA-anycast": {"messages": len(updates),
                                                 "octets": sent["MN11"]["octets"]}}


def test_replicates_per_registration_are_members_minus_one(run: dict[str, Any]) -> None:
    dep = run["deployment"]
    replication = dep.replication()
    updates = len(dep.binding_update_times("MN11"))
    handovers = len(PATH)  # the first registration and two locator changes
    assert updates > handovers  # refreshes happened (8 s lifetime)
    members = len(MEMBERS)
    assert sum(r["changes"] for r in replication.values()) == (members - 1) * handovers
    assert sum(r["refreshes"] for r in replication.values()) == (members - 1) * (
        updates - handovers)
    for name, r in replication.items():
        assert len(r["peers"]) == members - 1 and r["refused"] == 0, name
        assert r["changes"] == members - 1, name  # one locator change registered at each
    assert sum(r["applied"] for r in replication.values()) == (members - 1) * updates
    pairs = signalling_by_function(dep)
    assert pairs["location management -> location management"]["types"] == {
        "Location Replicate": (members - 1) * updates,
        "Location Replicate Ack": (members - 1) * updates}


def test_the_member_nearest_the_correspondent_intercepts(run: dict[str, Any]) -> None:
    sc, dep = run["scenario"], run["deployment"]
    tunnels = tunnel_overhead(sc)
    # CN21 is in Network2: HA2 tunnels every packet to the mobile node; the others none.
    # (UDP stream and TCP segments alike; TCP's acknowledgements go up the reverse tunnel).
    assert tunnels["HA2"]["encapsulated"] > run["results"]["apps"]["stream"]["tx_packets"]
    assert int(dep.mobility_routing["HA2"].GetTunnelledPackets()) == \
        tunnels["HA2"]["encapsulated"]
    for node in ("HA1", "HA3"):
        assert int(dep.mobility_routing[node].GetTunnelledPackets()) == 0, node
        assert tunnels.get(node, {}).get("encapsulated", 0) == 0, node
    pl = sc.placement
    mn = pl.node("MN11")
    for s in path_segments(sc, "stream"):
        moved_mn = dataclasses.replace(mn, network=pl.node(s.access_router).network,
                                       attached_to=s.access_router)
        moved = dataclasses.replace(pl, nodes=tuple(moved_mn if n.name == "MN11" else n
                                                    for n in pl.nodes))
        nodes = data_path(moved, "CN21", "HoA11").nodes
        via_member = sc.hop_distance("CN21", "HA2") + sc.hop_distance("HA2", s.access_router)
        if s.access_router == "AR11":
            # The framework reaches a mobile node in its home network by plain routing; the
            # simulated home prefix pool is not on the access link, so the packets still go
            # through the member nearest the correspondent.
            assert nodes == ("CN21", "MN11")
        else:
            assert nodes == ("CN21", "HA2", "MN11")
        assert s.min_hops == s.max_hops == via_member, s
        assert s.packets > 300
