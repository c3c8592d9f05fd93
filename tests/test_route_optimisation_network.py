"""Route optimisation with network-based mobile nodes (one home network prefix each,
``allocation = "per-mn"``), by query and by push, over WiFi handovers with a fixed seed: the
station crosses AR11, AR21 and AR31 while CN21 streams UDP and a TCP transfer to MN11's home
address. The gateways' proxies are the anchor points of the MAGs below; the home LM server
binds the prefix to the visited gateway.

Checked: the old MAG lets the mobile node go when its binding moves (the server's Location
Notify reaches the old gateway's proxy, not the location cache beside it), a push of the home
network prefix reaches the cache entries of the addresses in it, the uplink is tunnelled to
the home network's MR rather than to the LM server, and so UDP and TCP are delivered after
every move, along the relations' direct path."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import path_segments
from test_route_optimisation import STOP_S, _design_run

PARAMS = {"mode": "network", "allocation": "per-mn"}


@pytest.fixture(scope="module", params=["ro-anycast-query", "ro-gwar-push"])
def run(request: Any, ns: Any) -> dict[str, Any]:
    out = _design_run(request.param, request.param, PARAMS, tcp=True)
    sc = out["scenario"]
    out["segments"] = path_segments(sc, "stream")
    out["moves"] = [t for t, _, up in sc.associations("MN11") if up][1:]
    out["tcp"] = [float(t) for t in sc.apps["bulk"].rx.times]
    out["registered"] = {ar: int(p.GetNRegistered()) for ar, p in out["deployment"].proxies.items()}
    yield out
    sc.destroy()


def test_only_the_current_mag_holds_the_mobile_node(run: dict[str, Any]) -> None:
    assert run["registered"] == {"AR11": 0, "AR21": 0, "AR31": 1}


def test_udp_and_tcp_are_delivered_after_every_move(run: dict[str, Any]) -> None:
    assert len(run["moves"]) == 2
    assert len(run["received"].sequences) > 0.95 * (STOP_S - 1.5) * 100
    for t in run["moves"]:
        assert sum(1 for x in run["tcp"] if t < x < t + 5.0) > 100


def test_in_network_3_the_path_is_the_relations(run: dict[str, Any]) -> None:
    """CN21 -> MR(CN) (GW2) -> GW3 -> AR31: the MRs the relations predict, stretch 1."""
    sc = run["scenario"]
    pl = sc.placement
    seg = next(s for s in run["segments"] if s.access_router == "AR31")
    mrs = {m.node for m in pl.mobility_routers}
    predicted = {h.node for h in data_path(pl.moved("MN11", "AR31"), "CN21", "HoA11").hops
                 if h.node in mrs}
    assert {n for n, k in seg.crossed.items() if k >= 0.9 * seg.packets} == predicted
    assert predicted == {"GW2", "GW3"}
    assert seg.stretch == pytest.approx(1.0)
