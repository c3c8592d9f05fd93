"""Route optimisation by push (draft section 8, designs 2 and 4), host-based, over WiFi
handovers with a fixed seed: MR(CN), the member of the MR anycast group nearest to the
correspondent (RS1.anycast) or the MR on its gateway or access router (RS1.gw/ar), has no
location of its own for the mobile node's home address; it tunnels what it has none for to
the home network's MR (via home), which forwards it on and pushes the location back
(Location Notify), and pushes again when the LM server tells it of a move (RS2.push). The
station crosses AR11, AR21 and AR31 while CN21 (on AR21) streams UDP to MN11's home
address. Checked: only the home MR pushes, only to MR(CN), and every push is acknowledged;
after it the path is the relations' direct one (stretch 1 in network 3); a move reaches
MR(CN) by push, so it sends a handful of packets to an old location where query designs send
hundreds."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import path_segments
from test_route_optimisation import ARS, STOP_S, _design_run

DESIGNS = {"anycast-push": ("ro-anycast-push", {}),
           "gwar-push-access-router": ("ro-gwar-push", {"mr_at": "access-router"})}


@pytest.fixture(scope="module", params=list(DESIGNS))
def run(request: Any, ns: Any) -> dict[str, Any]:
    out = _design_run(request.param, *DESIGNS[request.param], tcp=True)
    dep, sc = out["deployment"], out["scenario"]
    out["pushes"] = {node: (int(mr.GetLocationPushes()), int(mr.GetLocationPushAcks()))
                     for node, mr in dep.mobility_routing.items()}
    out["tcp_rx_times"] = [float(t) for t in sc.apps["bulk"].rx.times]
    yield out
    sc.destroy()


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert tuple(ar for _, ar, up in assoc if up) == ARS


def test_only_the_home_mr_pushes_and_only_to_the_correspondents_mr(run: dict[str, Any]) -> None:
    """GW1 (the home MR) pushed, every Notify was acknowledged, and MR(CN) took them without
    asking anyone; no other cache was pushed to or asked."""
    pushing = {node: sent for node, sent in run["pushes"].items() if sent[0]}
    assert set(pushing) == {"GW1"}
    sent, acks = pushing["GW1"]
    assert sent == acks >= 3  # after the first packet, and after each move
    ingress = run["caches"][run["ingress"]]
    assert ingress["queries"] == 0 and ingress["pushes"] == sent
    others = {node for node, c in run["caches"].items()
              if node not in ("GW1", run["ingress"]) and (c["pushes"] or c["queries"])}
    assert not others


def test_after_it_the_path_is_direct(run: dict[str, Any]) -> None:
    """In network 3 the measured hops are the relations' path (CN21 -> MR(CN) -> GW3 -> MN11,
    not through GW1) but for the packets sent via home when MR(CN)'s entry ran out (every
    EntryLifetime, until the next push)."""
    sc, mn = run["scenario"], run["mn"]
    pl = sc.placement
    last = path_segments(sc, "stream")[-1]
    assert last.access_router == "AR31" and last.packets > 500
    nodes = data_path(pl.moved(mn, "AR31"), "CN21", "HoA11").nodes
    assert "GW1" not in nodes and run["ingress"] in nodes
    assert last.min_hops == last.shortest_hops and last.stretch < 1.1
    rx = run["received"]
    assert 0 < run["caches"][run["ingress"]]["via_home"] < 0.05 * (max(rx.sequences) + 1)


def test_a_move_reaches_the_correspondents_mr_by_push(run: dict[str, Any]) -> None:
    """After each move into another network the LM server pushes to GW1, which pushes to
    MR(CN): only the packets in flight during that go to the old location (counted), against
    > 100 per move with the query designs' entry lifetime (test_route_optimisation)."""
    stale = run["caches"][run["ingress"]]["stale_deliveries"]
    assert stale < 20
    assert run["caches"]["GW1"]["pushes"] >= 2
    rx = run["received"]
    sent = max(rx.sequences) + 1
    assert len(set(rx.sequences)) > 0.95 * sent


def test_the_probe_saw_each_packet_cross_mr_cn_and_not_the_home_mr(run: dict[str, Any]) -> None:
    """The path probe's waypoints: in network 3 every packet followed was transmitted by
    MR(CN) and went through a tunnel; only those sent via home (a handful) crossed GW1, the
    home network's MR, which is in a third network there (neither CN21's nor the mobile
    node's)."""
    last = path_segments(run["scenario"], "stream")[-1]
    assert last.access_router == "AR31"
    assert last.crossed[run["ingress"]] == last.packets == last.tunnelled
    via_home = last.crossed.get("GW1", 0)
    assert last.third_network == via_home < 10


def test_a_tcp_connection_outlives_both_moves(run: dict[str, Any]) -> None:
    """A TCP transfer from CN21, started on AR11, delivers on every access router after it:
    the pushes keep MR(CN) pointing at the mobile node's network through both moves."""
    sc, times = run["scenario"], run["tcp_rx_times"]
    ups = [t for t, _, up in sc.associations(run["mn"]) if up]
    assert len(ups) == 3
    for start, end in zip(ups[1:], [*ups[2:], STOP_S], strict=True):
        assert sum(1 for t in times if start + 1.0 < t < end) > 100, (start, end)

