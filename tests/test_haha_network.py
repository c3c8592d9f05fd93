"""HAHA network-based (draft figure 6 with proxies): the access routers' proxies register the
mobile node with the home agents anycast address of its home network, so the member of the
anycast group nearest each access router takes the registration and replicates it to the
other members; the correspondent's packets are tunnelled by the member nearest to it. A WiFi
handover system test on a ring core of three networks with a fixed seed: the station crosses
AR11, AR21 and AR31 while CN21 streams UDP and one TCP connection to it."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import path_segments, signalling_by_function

ARS = ["AR11", "AR21", "AR31"]
MEMBERS = ["HA1", "HA2", "HA3"]
CHECKS_S = (3.5, 7.5, 11.5)  # late in each dwell
STOP_S = 12.0
TCP_START_S = 2.0
BINDING_UPDATE = 5


@pytest.fixture(scope="module")
def run(ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("haha", networks=3, ars_per_network=1, mode="network")
    sc = build_scenario(placement, ScenarioConfig(
        seed=5, run=1, core="ring", dad=False,
        mobility=MobilityConfig(model="path", speed_mps=20.0, start_s=2.0)))
    dep = deploy(sc)
    mn = "MN11"
    sc.add_udp_cbr("CN21", mn, lambda: dep.mn_address(mn), rate="200kbps", size=500,
                   start_s=1.5, name="stream")
    sc.add_tcp_bulk("CN21", mn, lambda: dep.mn_address(mn), max_bytes=0, start_s=TCP_START_S,
                    name="bulk")
    checks: list[dict[str, Any]] = []

    def check() -> None:
        checks.append({
            "replicas": {name: [(str(b.prefix), int(b.prefixLength), str(b.locator))
                                for b in lm.GetBindings()]
                         for name, lm in dep.location_management.items()},
            "proxies": {ar: int(p.GetNRegistered()) for ar, p in dep.proxies.items()},
            "wifi": sc.wifi_addresses(mn)})

    for t in CHECKS_S:
        callbacks.schedule(t, check)
    sc.run(STOP_S)
    l4 = {m: sc.node(m).GetObject[ns.dmm.MobilityL4Protocol]() for m in MEMBERS}
    handled = {m: [(str(h.function), str(h.source), int(ord(h.type)) if isinstance(h.type, str)
                    else int(h.type), int(h.messages)) for h in l4[m].GetHandled()]
               for m in MEMBERS}
    out = {"scenario": sc, "deployment": dep, "checks": checks, "mn": mn,
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times],
           "results": sc.results(), "handled": handled,
           "signalling": signalling_by_function(dep)}
    yield out
    sc.destroy()


def address(run: dict[str, Any], node: str) -> str:
    sc = run["scenario"]
    return sc.address(node, sc.placement.gateway_of(sc.placement.network_of(node)).name)


def test_the_stream_is_delivered(run: dict[str, Any]) -> None:
    assert [ar for _, ar, up in run["scenario"].associations(run["mn"]) if up] == ARS
    app = run["results"]["apps"]["stream"]
    assert app["rx_packets"] >= 0.9 * app["tx_packets"]
    assert app["last_rx_s"] > STOP_S - 0.1


def test_one_tcp_connection_goes_on_through_every_handover(run: dict[str, Any]) -> None:
    assoc = [t for t, _, up in run["scenario"].associations(run["mn"]) if up]
    windows = list(zip([TCP_START_S, *[a + 1.0 for a in assoc[1:]]], [*assoc[1:], STOP_S],
                       strict=True))
    counts = [sum(1 for t in run["tcp_rx_times"] if lo <= t < hi) for lo, hi in windows]
    assert len(counts) == len(ARS) and all(c > 100 for c in counts), counts


def test_the_measured_path_is_the_one_the_relations_predict(run: dict[str, Any]) -> None:
    """Each stream segment's hops are those of the placement's data path with the mobile node
    at that access router: CN21 -> the member nearest CN21 (HA2) -> the access router; at AR21,
    behind which CN21 is, CN21 -> AR21: the proxy delivers locally (as PMIPv6's
    EnableMAGLocalRouting)."""
    sc = run["scenario"]
    pl = sc.placement
    segments = path_segments(sc, "stream")
    assert [s.access_router for s in segments] == ARS
    for s in segments:
        nodes = data_path(pl.moved(run["mn"], s.access_router), "CN21", "HoA11").nodes
        via_member = sc.hop_distance("CN21", "HA2") + sc.hop_distance("HA2", s.access_router)
        if s.access_router == "AR11":
            # In its home network the placement's data path has no mobility (the draft's
            # section 7 reading); the proxies there still register the mobile node with the
            # group, so the packets go through the member nearest the correspondent.
            assert nodes == ("CN21", run["mn"])
            assert s.min_hops == s.max_hops == via_member, s
            continue
        if s.access_router == "AR21":
            assert nodes == ("CN21", "AR21", run["mn"]), nodes
            assert s.min_hops == s.max_hops == s.shortest_hops == 2
            continue
        assert nodes == ("CN21", "HA2", s.access_router, run["mn"]), nodes
        assert s.min_hops == s.max_hops == via_member, s


def test_every_replica_binds_the_prefix_to_the_current_proxy(run: dict[str, Any]) -> None:
    dep = run["deployment"]
    prefix = dep.home_prefixes[run["mn"]]
    for ar, c in zip(ARS, run["checks"], strict=True):
        entry = (str(prefix.network_address), prefix.prefixlen, address(run, ar))
        assert c["replicas"] == {f"LM0-{k}": [entry] for k in (1, 2, 3)}, ar
        assert c["proxies"] == {a: int(a == ar) for a in ARS}
        assert any(ipaddress.IPv6Address(a) in prefix for a in c["wifi"])


def test_each_registration_reaches_the_member_nearest_its_access_router(
        run: dict[str, Any]) -> None:
    """On the ring each access router's own network holds the nearest member: AR11's Proxy
    Binding Update is taken by HA1, AR21's by HA2, AR31's by HA3 (sent to the anycast
    address, the same for all)."""
    dep = run["deployment"]
    anycast = dep.home_agent_anycast["Network1"]
    for ar in ARS:
        sent = dep.binding_update_destinations(ar)
        assert sent == [anycast], ar
    for k, member in enumerate(MEMBERS):
        registrations = [(f, s) for f, s, t, _ in run["handled"][member] if t == BINDING_UPDATE]
        assert registrations == [("location management", address(run, ARS[k]))], member


def test_replicates_per_registration_are_members_minus_one(run: dict[str, Any]) -> None:
    pairs = run["signalling"]
    assert pairs["proxy -> location management"]["types"] == {"BU": 3, "Location Notify Ack": 2}
    assert pairs["location management -> proxy"]["types"] == {"BA": 3, "Location Notify": 2}
    assert pairs["location management -> location management"]["types"] == {
        "Location Replicate": 3 * (len(MEMBERS) - 1),
        "Location Replicate Ack": 3 * (len(MEMBERS) - 1)}
