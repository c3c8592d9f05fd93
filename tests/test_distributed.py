"""Figure 7, the distributed deployment, host- and network-based: every network's gateway
hosts its allocation, location management and mobility routing, and the gateway of the
network the mobile node visits is its anchor point between it and its home LM (LM1 on GW1).
A WiFi handover system test with a fixed seed per variant: the station crosses AR11, AR12
(home network), AR21, AR22 (GW2 anchors) and AR31, AR32 (GW3 anchors) at 10 m/s while CN21,
on AR21, streams UDP and one TCP connection to it. Checked late in every dwell: the binding at
every level (LM1 and the gateways' anchor points; the other networks' own LMs hold nothing of
it), delivery, the measured path against the relations' (network-based, GW2 holds the prefix
and tunnels CN21's packets down without GW1), and that a handover within a visited network
sends LM1 nothing."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import node_counters, path_segments, signalling_by_function

STOP_S = 46.0
TCP_START_S = 2.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]
ANCHOR_OF = {"AR21": "GW2", "AR22": "GW2", "AR31": "GW3", "AR32": "GW3"}
CHECKS_S = (6.5, 14.5, 22.5, 30.5, 38.5, 45.5)  # late in each dwell


@pytest.fixture(scope="module", params=["host", "network"])
def run(request: Any, ns: Any, path_handover: Any) -> dict[str, Any]:
    placement = presets.build_preset("distributed", mode=request.param, networks=3,
                                     ars_per_network=2)
    sc, dep = path_handover(placement, tcp_start_s=TCP_START_S)
    mn = "MN11"
    checks: list[dict[str, Any]] = []

    def entries(lm: Any) -> list[tuple[str, int, str, int]]:
        return [(str(b.prefix), int(b.prefixLength), str(b.locator), int(b.kind))
                for b in lm.GetBindings()]

    def look() -> None:
        checks.append({
            "lms": {name: entries(lm) for name, lm in dep.location_management.items()},
            "regional": {n: entries(r) for n, r in dep.regional.items()},
            "wifi": sc.wifi_addresses(mn)})

    for t in CHECKS_S:
        callbacks.schedule(t, look)
    sc.run(STOP_S)
    yield {"mode": request.param, "scenario": sc, "deployment": dep, "checks": checks,
           "mn": mn, "results": sc.results(),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    sc.destroy()


def associations(run: dict[str, Any]) -> list[float]:
    return [t for t, _, up in run["scenario"].associations(run["mn"]) if up]


def address(run: dict[str, Any], node: str) -> str:
    return run["deployment"].function_address(node)


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert [ar for _, ar, up in assoc if up] == ARS


def test_udp_and_tcp_are_delivered_in_every_network(run: dict[str, Any],
                                                    delivered_every_dwell: Any) -> None:
    delivered_every_dwell(run, ARS, STOP_S, TCP_START_S, settle_s=2.0)


def test_bindings_at_every_level(run: dict[str, Any], ns: Any) -> None:
    """LM1 knows the anchor point of the visited network (the hierarchical mapping: the
    regional care-of address host-based, the gateway network-based), that anchor point knows
    the mobile node on its access router, the other one nothing; the visited networks' own
    location management functions keep nothing of a mobile node of network 1."""
    kind = ns.dmm.LocationEntry
    dep, mn, sc = run["deployment"], run["mn"], run["scenario"]
    host = run["mode"] == "host"
    for ar, c in zip(ARS, run["checks"], strict=True):
        assert c["lms"]["LM2"] == c["lms"]["LM3"] == [], ar
        (lm1,) = c["lms"]["LM1"]
        subnet = sc.access_subnets[ar]
        coa = next((a for a in c["wifi"] if ipaddress.IPv6Address(a) in subnet), None)
        anchor = ANCHOR_OF.get(ar)
        if host:
            assert lm1[:2] == (dep.home_addresses[mn], 128)
        else:
            prefix = dep.home_prefixes[mn]
            assert ipaddress.IPv6Network(f"{lm1[0]}/{lm1[1]}") == prefix
            assert any(ipaddress.IPv6Address(a) in prefix for a in c["wifi"]), ar
        if anchor is None:
            # In its home network the gateway's proxy stands for nothing: plain MIPv6 with the
            # on-link address, or the access router's proxy registering with LM1 directly.
            assert lm1[2:] == ((coa, kind.CARE_OF_ADDRESS) if host
                               else (address(run, ar), kind.PROXY)), ar
            assert c["regional"] == {"GW2": [], "GW3": []}, ar
            continue
        other = "GW3" if anchor == "GW2" else "GW2"
        assert c["regional"][other] == [], ar
        (regional,) = c["regional"][anchor]
        if host:
            rcoa = regional[0]
            assert ipaddress.IPv6Address(rcoa) in dep.regional_prefixes[anchor]
            assert lm1[2:] == (rcoa, kind.MOBILITY_ROUTER), ar
            assert regional[1:] == (128, coa, kind.CARE_OF_ADDRESS), ar
        else:
            assert lm1[2:] == (address(run, anchor), kind.MOBILITY_ROUTER), ar
            assert regional == lm1[:2] + (address(run, ar), kind.PROXY), ar


def test_the_measured_path_is_the_one_the_relations_predict(run: dict[str, Any]) -> None:
    """Away from home, each segment's hops equal those of the relations' data path with the
    mobile node at that access router. Network-based that is CN21 -> AR21 -> MN11 at AR21
    (the mobile node's proxy delivers locally; the first packets still go round) and CN21 ->
    GW2 -> AR22 at AR22: the correspondent's gateway is the anchor point and holds the
    prefix. Host-based GW2 binds only the regional care-of address: CN21 -> GW1 -> GW2. At
    home the placement's path has no mobility (section 7), but the mobile node's address is
    anchored at GW1: its packets go through GW1."""
    sc = run["scenario"]
    pl = sc.placement
    segments = path_segments(sc, "stream")
    assert [s.access_router for s in segments] == ARS
    for s in segments:
        nodes = data_path(pl.moved(run["mn"], s.access_router), "CN21", "HoA11").nodes
        if s.access_router not in ANCHOR_OF:
            assert nodes == ("CN21", run["mn"])
            via_home = sc.hop_distance("CN21", "GW1") + sc.hop_distance("GW1", s.access_router)
            assert s.min_hops == s.max_hops == via_home
            continue
        wired = nodes[:-1] if nodes[-2] == s.access_router else (*nodes[:-1], s.access_router)
        predicted = sum(sc.hop_distance(a, b) for a, b in zip(wired, wired[1:]))
        if run["mode"] == "network":
            assert "GW1" not in nodes if s.access_router in ("AR21", "AR22") else "GW1" in nodes
        assert s.min_hops == predicted, (s, nodes)
        if nodes != ("CN21", "AR21", run["mn"]):
            assert s.max_hops == predicted, (s, nodes)
        assert s.packets > 300


def test_lm1_hears_only_of_moves_between_networks(run: dict[str, Any]) -> None:
    """Draft figure 7 / section 4.3: a handover within a visited network updates its anchor
    point only; LM1 gets one registration per visited network the mobile node enters (and
    one per attachment in the home network, where the mobile node registers directly)."""
    dep, mn = run["deployment"], run["mn"]
    assoc = associations(run)
    bounds = list(zip(assoc, [*assoc[1:], STOP_S], strict=True))
    gw1 = address(run, "GW1")
    if run["mode"] == "host":
        sent = list(zip(dep.binding_update_times(mn), dep.binding_update_destinations(mn),
                        strict=True))
        to_lm1 = [sum(1 for t, d in sent if d == gw1 and lo <= t < hi) for lo, hi in bounds]
    else:
        sent = [(t, node) for node in ("AR11", "AR12", "GW2", "GW3")
                for t in dep.binding_update_times(node)]
        to_lm1 = [sum(1 for t, _ in sent if lo <= t < hi) for lo, hi in bounds]
    assert to_lm1 == [1, 1, 1, 0, 1, 0]


def test_each_acknowledgement_reaches_the_function_that_asked(run: dict[str, Any]) -> None:
    """A gateway hosts its network's LM and the anchor point's regional bindings: every
    Location Notify Ack goes to the function whose Location Notify it answers, and the
    visited networks' own LMs are handed nothing of a mobile node of network 1."""
    pairs = signalling_by_function(run["deployment"])
    types = {pair: entry["types"] for pair, entry in pairs.items()}
    for asker, told in (("location management", "proxy"), ("anchor point proxy", "proxy"),
                        ("location management", "anchor point proxy")):
        notifies = types.get(f"{asker} -> {told}", {}).get("Location Notify", 0)
        assert types.get(f"{told} -> {asker}", {}).get("Location Notify Ack", 0) == notifies
    counters = node_counters(run["scenario"])
    for gateway in ("GW2", "GW3"):
        handled = {h["function"] for h in counters[gateway]["mh"]["handled"]}
        assert "location management" not in handled, gateway
