"""Route optimisation by query (draft section 8, designs 1 and 3), host-based, over WiFi
handovers with a fixed seed: the correspondent's packets reach MR(CN), the member of the MR
anycast group nearest to it (RS1.anycast) or the MR on its gateway or access router
(RS1.gw/ar), which asks the home network's LM server for the mobile node's location
(RS2.query) and tunnels straight there. The station crosses AR11, AR21 and AR31 while CN21 (on
AR21) streams UDP to MN11's home address. Checked: the first packet waits for the reply
(its extra delay is the query's round trip), after it the path is the relations' direct one
(GW1, the home network, is not on it in network 3: stretch 1), and the packets MR(CN) sent to
an old location after a move, until its entry ran out, are counted."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import location_caches, path_segments
from test_dynamic import _scenario

STOP_S = 30.0
ARS = ("AR11", "AR21", "AR31")
DESIGNS = {"anycast-query": ("ro-anycast-query", {}),
           "gwar-query-gateway": ("ro-gwar-query", {}),
           "gwar-query-access-router": ("ro-gwar-query", {"mr_at": "access-router"})}


def _design_run(design: str, preset: str, params: dict[str, Any],
                tcp: bool = False) -> dict[str, Any]:
    """Run a route-optimisation design over ARS: CN21 streams UDP to MN11's home address (and,
    with ``tcp``, a TCP transfer from 2 s); the caller destroys the scenario."""
    placement = presets.build_preset(preset, networks=3, ars_per_network=1, **params)
    sc, dep = _scenario(placement, path=ARS)
    mn = "MN11"
    sc.add_udp_cbr("CN21", mn, lambda: dep.mn_address(mn), rate="400kbps", size=500,
                   start_s=1.5, name="stream")
    if tcp:
        sc.add_tcp_bulk("CN21", mn, lambda: dep.mn_address(mn), start_s=2.0, name="bulk")
    sc.run(STOP_S)
    return {"design": design, "scenario": sc, "deployment": dep, "mn": mn,
            "caches": location_caches(dep), "received": sc.apps["stream"].received(),
            "ingress": placement.mr_for_cn("CN21", placement.home_address("HoA11")).node}


@pytest.fixture(scope="module", params=list(DESIGNS))
def run(request: Any, ns: Any) -> dict[str, Any]:
    out = _design_run(request.param, *DESIGNS[request.param])
    yield out
    out["scenario"].destroy()


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert tuple(ar for _, ar, up in assoc if up) == ARS


def test_only_the_correspondents_mr_asks(run: dict[str, Any]) -> None:
    """MR(CN) (its gateway's, or its access router's) asked LMS1; no other cache asked."""
    asking = {node for node, c in run["caches"].items() if c["queries"]}
    assert asking == {run["ingress"]}
    cache = run["caches"][run["ingress"]]
    assert cache["replies"] == cache["queries"] and cache["hit_ratio"] > 0.99


def test_the_first_packet_waits_one_query_round_trip(run: dict[str, Any]) -> None:
    """first_packet = wait: the first packet's extra delay over the steady one is the round
    trip of the query from MR(CN) to LMS1 and its reply, within 5 %."""
    sc, rx = run["scenario"], run["received"]
    delays = dict(zip(rx.sequences, rx.delays, strict=True))
    steady = statistics.median(delays[s] for s in range(30, 80))
    round_trip = 2 * sc.paths(run["ingress"])[0]["LMS1"] / 1000
    assert delays[0] - steady == pytest.approx(round_trip, rel=0.05)
    assert run["caches"][run["ingress"]]["released"] >= 1


def test_after_it_the_path_is_direct(run: dict[str, Any]) -> None:
    """In network 3 the measured hops are the relations' path (CN21 -> MR(CN) -> GW3 -> MN11,
    not through GW1): stretch 1."""
    sc, mn = run["scenario"], run["mn"]
    pl = sc.placement
    last = path_segments(sc, "stream")[-1]
    assert last.access_router == "AR31" and last.packets > 500
    nodes = data_path(pl.moved(mn, "AR31"), "CN21", "HoA11").nodes
    assert "GW1" not in nodes and run["ingress"] in nodes
    assert last.min_hops == last.max_hops == last.shortest_hops and last.stretch == 1.0


def test_packets_sent_to_an_old_location_are_counted(run: dict[str, Any]) -> None:
    """Pull: after each move into another network MR(CN) tunnels to the old location until
    its entry (10 s) runs out; every such packet is counted, and they are the stream's
    losses beyond the radio handovers'."""
    stale = run["caches"][run["ingress"]]["stale_deliveries"]
    assert stale > 100
    rx = run["received"]
    sent = max(rx.sequences) + 1
    assert sent - len(set(rx.sequences)) >= stale

