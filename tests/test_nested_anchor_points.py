"""A configuration that no preset has, built as data: HMIPv6 network-based with MAP2's proxy
registering with MAP3's proxy instead of LM1 (an anchor point under another, three levels:
MAG -> MAP2 -> MAP3 -> LM1). Deployment wires it from the relations alone; nothing in the
code names it. A WiFi handover system test with a fixed seed (the station crosses AR11, AR12,
AR21, AR22, AR31, AR32 at 10 m/s, a correspondent behind AR21 streams UDP to it) checks the
bindings at every level late in each dwell, the measured path against the one the relations
predict, and the draft's claim that a handover below the top anchor point sends nothing to
LM1."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.framework import check, presets
from ns3dmm.framework.relations import RelationKind, data_path, relations
from ns3dmm.simulate import path_segments, signalling_by_function

STOP_S = 46.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]
CHECKS_S = (6.5, 14.5, 22.5, 30.5, 38.5, 45.5)  # late in each dwell


def nested() -> Any:
    p = presets.build_preset("hmipv6-network", networks=3, ars_per_network=2)
    p = dataclasses.replace(p, name="nested-anchor-points", proxies=tuple(
        dataclasses.replace(x, parent="Proxy3") if x.name == "Proxy2" else x
        for x in p.proxies))
    check(p)
    return p


def test_the_relations_chain_three_levels() -> None:
    there = nested().moved("MN11", "AR22")
    chain = [(r.source, r.target) for r in relations(there)
             if r.kind in (RelationKind.ATTACHMENT, RelationKind.REGISTRATION)]
    assert chain == [("MN11", "MAG22"), ("MAG22", "Proxy2"), ("Proxy2", "Proxy3"),
                     ("Proxy3", "LM1")]
    assert data_path(there, "CN21", "HoA11").nodes == (
        "CN21", "HA1", "MAP3", "MAP2", "AR22", "MN11")


@pytest.fixture(scope="module")
def run(ns: Any, path_handover: Any) -> dict[str, Any]:
    sc, dep = path_handover(nested())
    mn = "MN11"
    checks: list[dict[str, Any]] = []

    def entries(lm: Any) -> list[tuple[str, int, str, int]]:
        return [(str(b.prefix), int(b.prefixLength), str(b.locator), int(b.kind))
                for b in lm.GetBindings()]

    def look() -> None:
        checks.append({"lm1": entries(dep.location_management["LM1"]),
                       "regional": {n: entries(r) for n, r in dep.regional.items()}})

    for t in CHECKS_S:
        callbacks.schedule(t, look)
    sc.run(STOP_S)
    yield {"scenario": sc, "deployment": dep, "checks": checks, "mn": mn,
           "results": sc.results()}
    sc.destroy()


def address(run: dict[str, Any], node: str) -> str:
    sc = run["scenario"]
    return sc.address(node, sc.placement.gateway_of(sc.placement.network_of(node)).name)


def test_bindings_at_every_level(run: dict[str, Any], ns: Any) -> None:
    """LM1 knows the top anchor point (MAP3) wherever the mobile node is away; MAP3 knows
    MAP2 (a proxy below) or its own access router; MAP2 knows its access router."""
    kind = ns.dmm.LocationEntry
    prefix = run["deployment"].home_prefixes[run["mn"]]
    for ar, c in zip(ARS, run["checks"], strict=True):
        (lm1,) = c["lm1"]
        assert ipaddress.IPv6Network(f"{lm1[0]}/{lm1[1]}") == prefix
        key = lm1[:2]
        if ar in ("AR11", "AR12"):
            assert lm1[2:] == (address(run, ar), kind.PROXY), ar
            assert c["regional"] == {"MAP2": [], "MAP3": []}
        elif ar in ("AR21", "AR22"):
            assert lm1[2:] == (address(run, "MAP3"), kind.MOBILITY_ROUTER), ar
            assert c["regional"]["MAP3"] == [key + (address(run, "MAP2"), kind.PROXY)], ar
            assert c["regional"]["MAP2"] == [key + (address(run, ar), kind.PROXY)], ar
        else:
            assert lm1[2:] == (address(run, "MAP3"), kind.MOBILITY_ROUTER), ar
            assert c["regional"]["MAP3"] == [key + (address(run, ar), kind.PROXY)], ar
            assert c["regional"]["MAP2"] == [], ar


def test_delivery_and_the_measured_path(run: dict[str, Any]) -> None:
    """Each segment's hops equal those of the relations' data path at that access router
    (CN -> HA1 -> MAP3 [-> MAP2] -> access router), but at AR21, where the correspondent is
    and its proxy delivers locally, and at home, where the proxies register with LM1 (as in
    the hmipv6-network test)."""
    app = run["results"]["apps"]["stream"]
    assert app["rx_packets"] >= 0.93 * app["tx_packets"]
    sc = run["scenario"]
    segments = path_segments(sc, "stream")
    assert [s.access_router for s in segments] == ARS
    for s in segments:
        if s.access_router in ("AR11", "AR12", "AR21"):
            continue
        nodes = data_path(sc.placement.moved(run["mn"], s.access_router), "CN21",
                          "HoA11").nodes
        predicted = sum(sc.hop_distance(a, b) for a, b in zip(nodes[:-2], nodes[1:-1],
                                                               strict=True))
        assert s.min_hops == s.max_hops == predicted, (s, nodes)
        assert s.packets > 300


def test_lm1_hears_once_from_the_top_anchor_point(run: dict[str, Any]) -> None:
    """Coming under MAP2 registers up to LM1 through MAP3 once; moving on to MAP3's own
    access routers is answered by MAP3, which already holds the mobile node: LM1 hears
    nothing more."""
    dep = run["deployment"]
    assert len(dep.binding_update_times("MAP2")) == 1
    assert len(dep.binding_update_times("MAP3")) == 1
    assert dep.registers_with["MAP2"] == ["MAP3"]
    assert dep.registers_with["MAP3"] == ["HA1"]
    pairs = signalling_by_function(dep)
    assert pairs["anchor point proxy -> location management"]["types"]["BU"] == 1
