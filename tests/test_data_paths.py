"""The measured data path equals the relations' prediction, for every preset: the mobile node
of network 1 crosses the six access routers of three networks (fixed seed) while CN21 streams
UDP to its home address, and in every segment away from the home network the mobility
routing functions' nodes that sent the packets on (the path probe's waypoints) are those on
the path :func:`ns3dmm.framework.relations.data_path` predicts, its hops joined by the static
routes (the correspondent's gateway, for one, is on the way whatever the design)."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.framework import build_preset, preset_names
from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import path_segments
from test_dynamic import _scenario

ARS = ("AR11", "AR12", "AR21", "AR22", "AR31", "AR32")
#: fewer packets than this in a segment measure nothing (the pull designs' stale entries lose
#: all of a short dwell: test_route_optimisation counts those)
MIN_PACKETS = 100


@pytest.fixture(scope="module", params=preset_names())
def run(request: Any, ns: Any) -> dict[str, Any]:
    placement = build_preset(request.param, networks=3, ars_per_network=2)
    sc, dep = _scenario(placement, path=ARS)
    sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="200kbps", size=250,
                   start_s=1.5, name="stream")
    sc.run(46.0)
    yield {"preset": request.param, "scenario": sc, "segments": path_segments(sc, "stream")}
    sc.destroy()


def _walk(sc: Any, nodes: list[str], access_router: str) -> list[str]:
    """The nodes the static routes take through ``nodes`` in turn (the mobile node reached
    through its access router)."""
    out = [nodes[0]]
    for target in nodes[1:]:
        goal = access_router if target == "MN11" else target
        while out[-1] != goal:
            out.append(sc.paths(out[-1])[1][goal])
    return out


def test_the_mrs_measured_on_the_path_are_those_the_relations_predict(
        run: dict[str, Any]) -> None:
    sc = run["scenario"]
    pl = sc.placement
    mrs = {m.node for m in pl.mobility_routers}
    hoa = pl.home_addresses_of("MN11")[0].name
    compared = []
    for seg in run["segments"]:
        moved = pl.moved("MN11", seg.access_router)
        if not moved.needs_mobility(hoa) or seg.packets < MIN_PACKETS:
            continue
        predicted = {n for n in _walk(sc, list(data_path(moved, "CN21", hoa).nodes),
                                      seg.access_router) if n in mrs}
        measured = {n for n, count in seg.crossed.items() if count >= 0.9 * seg.packets}
        assert measured == predicted, (seg.access_router, seg.crossed, seg.packets)
        compared.append(seg.access_router)
    # every design delivers in the correspondent's network and beyond
    assert {"AR21", "AR22"} <= set(compared) and "AR32" in compared
