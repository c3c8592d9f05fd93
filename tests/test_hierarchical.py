"""HMIPv6, network-based (draft figure 4, section 4.3): the proxy on each visited network's
anchor point (MAP2, MAP3) takes the registrations of the access routers' proxies below it and
registers the mobile node with LM1 once, naming itself as the locator. A WiFi handover system
test with a fixed seed: the station crosses AR11, AR12 (home network), AR21, AR22 (MAP2) and
AR31, AR32 (MAP3) at 10 m/s while a correspondent behind AR21 streams UDP and one TCP
connection to it. Checked late in every dwell: the binding at every level (LM1, the anchor
points), the proxies, the mobile node's address; delivery; the draft's claim that a handover
under one anchor point sends no registration to LM1 and one across anchor points sends one;
the measured path against the one the placement's relations predict; signalling per pair of
functions."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import path_segments, signalling_by_function

STOP_S = 46.0
TCP_START_S = 2.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]
MAP_OF = {"AR21": "MAP2", "AR22": "MAP2", "AR31": "MAP3", "AR32": "MAP3"}
CHECKS_S = (6.5, 14.5, 22.5, 30.5, 38.5, 45.5)  # late in each dwell


@pytest.fixture(scope="module")
def run(ns: Any, path_handover: Any) -> dict[str, Any]:
    placement = presets.build_preset("hmipv6-network", networks=3, ars_per_network=2)
    sc, dep = path_handover(placement, tcp_start_s=TCP_START_S)
    mn = "MN11"
    checks: list[dict[str, Any]] = []

    def entries(lm: Any) -> list[tuple[str, int, str, int]]:
        return [(str(b.prefix), int(b.prefixLength), str(b.locator), int(b.kind))
                for b in lm.GetBindings()]

    def check() -> None:
        checks.append({
            "lm1": entries(dep.location_management["LM1"]),
            "regional": {n: entries(r) for n, r in dep.regional.items()},
            "proxies": {ar: int(p.GetNRegistered()) for ar, p in dep.proxies.items()},
            "anchor_points": {n: int(p.GetNRegistered()) for n, p in dep.anchor_points.items()},
            "wifi": sc.wifi_addresses(mn)})

    for t in CHECKS_S:
        callbacks.schedule(t, check)
    sc.run(STOP_S)
    out = {"scenario": sc, "deployment": dep, "checks": checks, "mn": mn,
           "results": sc.results(),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    yield out
    sc.destroy()


def associations(run: dict[str, Any]) -> list[float]:
    return [t for t, _, up in run["scenario"].associations(run["mn"]) if up]


def address(run: dict[str, Any], node: str) -> str:
    sc = run["scenario"]
    return sc.address(node, sc.placement.gateway_of(sc.placement.network_of(node)).name)


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert [ar for _, ar, up in assoc if up] == ARS


def test_udp_and_tcp_are_delivered_under_both_anchor_points(run: dict[str, Any],
                                                            delivered_every_dwell: Any) -> None:
    delivered_every_dwell(run, ARS, STOP_S, TCP_START_S, settle_s=1.0)


def test_bindings_at_every_level(run: dict[str, Any], ns: Any) -> None:
    kind = ns.dmm.LocationEntry
    dep = run["deployment"]
    prefix = dep.home_prefixes[run["mn"]]
    for ar, c in zip(ARS, run["checks"], strict=True):
        (lm1,) = c["lm1"]
        assert ipaddress.IPv6Network(f"{lm1[0]}/{lm1[1]}") == prefix
        anchor_point = MAP_OF.get(ar)
        if anchor_point is None:
            # At home: the access router's proxy registers with LM1 directly.
            assert lm1[2:] == (address(run, ar), kind.PROXY), ar
            assert c["regional"] == {"MAP2": [], "MAP3": []}
        else:
            # Away: LM1 knows the anchor point (the hierarchical mapping HoA -> MR -> proxy),
            # the anchor point knows the access router, the other anchor point nothing.
            assert lm1[2:] == (address(run, anchor_point), kind.MOBILITY_ROUTER), ar
            assert c["regional"][anchor_point] == [lm1[:2] + (address(run, ar), kind.PROXY)]
            other = "MAP3" if anchor_point == "MAP2" else "MAP2"
            assert c["regional"][other] == [], ar
        assert c["anchor_points"] == {n: int(n == anchor_point) for n in ("MAP2", "MAP3")}
        # Only the current access router's proxy serves the mobile node (the others were
        # told, by LM1 or by their anchor point), and it keeps its address in its prefix.
        assert c["proxies"] == {a: int(a == ar) for a in ARS}, ar
        assert any(ipaddress.IPv6Address(a) in prefix for a in c["wifi"])


def test_lm1_hears_only_of_handovers_between_anchor_points(run: dict[str, Any]) -> None:
    """Draft section 4.3: a handover under one anchor point updates that anchor point only;
    LM1 gets one registration per anchor point the mobile node comes under."""
    dep = run["deployment"]
    assoc = dict(zip(ARS, associations(run), strict=True))
    upward = {n: dep.binding_update_times(n) for n in ("MAP2", "MAP3")}
    assert len(upward["MAP2"]) == 1 and len(upward["MAP3"]) == 1
    assert upward["MAP2"][0] == pytest.approx(assoc["AR21"], abs=0.1)
    assert upward["MAP3"][0] == pytest.approx(assoc["AR31"], abs=0.1)
    # Every access router's proxy registers once, at its association: with LM1 at home,
    # with its anchor point away.
    for ar in ARS:
        (sent,) = dep.binding_update_times(ar)
        assert sent == pytest.approx(assoc[ar], abs=0.1)
        assert dep.registers_with[ar] == [MAP_OF.get(ar, "HA1")]
    assert dep.registers_with["MAP2"] == dep.registers_with["MAP3"] == ["HA1"]


def test_the_measured_path_is_the_one_the_relations_predict(run: dict[str, Any]) -> None:
    """Away from home, each stream segment's hops equal those of the placement's data path
    with the mobile node at that access router (CN -> HA1 -> anchor point -> access router),
    but at AR21: the correspondent is behind it, and its proxy delivers locally (as PMIPv6's
    EnableMAGLocalRouting). At home the placement's data path has no mobility (the draft's
    section 7 reading); the access routers' proxies there still register with LM1, so the
    packets go through HA1, as in PMIPv6."""
    sc = run["scenario"]
    pl = sc.placement
    segments = path_segments(sc, "stream")
    assert [s.access_router for s in segments] == ARS
    for s in segments:
        nodes = data_path(pl.moved(run["mn"], s.access_router), "CN21", "HoA11").nodes
        if s.access_router not in MAP_OF:
            assert nodes == ("CN21", run["mn"])
            via_anchor = sc.hop_distance("CN21", "HA1") + sc.hop_distance("HA1", s.access_router)
            assert s.min_hops == s.max_hops == via_anchor
            continue
        assert nodes[-2:] == (s.access_router, run["mn"])
        predicted = sum(sc.hop_distance(a, b) for a, b in zip(nodes[:-2], nodes[1:-1],
                                                               strict=True))
        if s.access_router == "AR21":
            assert s.min_hops == s.shortest_hops == 2
            continue
        assert s.min_hops == s.max_hops == predicted, (s, nodes)
        assert s.packets > 300


def test_signalling_per_pair_of_functions(run: dict[str, Any]) -> None:
    pairs = signalling_by_function(run["deployment"])
    types = {pair: entry["types"] for pair, entry in pairs.items()}
    assert types == {
        # Home network: PBU/PBA per attachment; Location Notify + ack when the binding moves.
        "proxy -> location management": {"BU": 2, "Location Notify Ack": 2},
        "location management -> proxy": {"BA": 2, "Location Notify": 2},
        # One registration per anchor point; MAP2 is told when MAP3 takes over.
        "anchor point proxy -> location management": {"BU": 2, "Location Notify Ack": 1},
        "location management -> anchor point proxy": {"BA": 2, "Location Notify": 1},
        # Below the anchor points: one registration per access router; a Location Notify to
        # the previous access router at every handover there, and when MAP2 lets go.
        "proxy -> anchor point proxy": {"BU": 4, "Location Notify Ack": 3},
        "anchor point proxy -> proxy": {"BA": 4, "Location Notify": 3},
    }
    for entry in pairs.values():
        assert entry["octets"] > 0 and entry["octets"] % 8 == 0
