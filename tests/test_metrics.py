"""Handover metrics from recorded series (pure Python, synthetic data)."""

from __future__ import annotations

import pytest

from ns3dmm.metrics import binned_series, handovers, route_stretch, stream_stats


def test_handovers_from_arrivals_and_associations() -> None:
    rx = [k * 0.01 for k in range(100, 700)] + [k * 0.01 for k in range(745, 900)]
    assoc = [(0.05, "AR11", True), (7.30, "AR11", False), (7.35, "AR12", True)]
    (h,) = handovers(rx, assoc)
    assert h.access_router == "AR12"
    assert h.l2_outage_s == pytest.approx(0.05)
    assert h.last_rx_before_s == pytest.approx(6.99)
    assert h.first_rx_after_s == pytest.approx(7.45)
    assert h.interruption_s == pytest.approx(0.46)
    assert h.after_association_s == pytest.approx(0.10)


def test_no_traffic_after_a_handover() -> None:
    (h,) = handovers([1.0, 2.0], [(0.0, "A", True), (3.0, "A", False), (3.1, "B", True)])
    assert h.first_rx_after_s is None and h.interruption_s is None


def test_stream_stats_counts_loss_duplicates_delay_and_jitter() -> None:
    st = stream_stats(5, [0, 1, 1, 3], [0.010, 0.012, 0.012, 0.016])
    assert (st.received, st.unique, st.lost, st.duplicated) == (4, 3, 2, 1)
    assert st.mean_delay_s == pytest.approx(0.0125)
    assert st.jitter_s == pytest.approx((0.002 + 0.0 + 0.004) / 3)
    assert st.first_delay_s == 0.010
    assert st.first_extra_delay_s == pytest.approx(0.010 - 0.012)  # median of 0.012 0.012 0.016
    lost_first = stream_stats(3, [1, 2], [0.02, 0.03])
    assert lost_first.first_delay_s is None and lost_first.first_extra_delay_s is None


def test_binned_series() -> None:
    series = binned_series([0.05, 0.06, 0.15, 0.31], [500, 500, 250, 100], [0.01, 0.03, 0.02, 0.0],
                           0.3, 0.1)
    assert series["bin_s"] == 0.1 and len(series["kbps"]) == 3  # bins start 0.0, 0.1, 0.2
    assert series["kbps"] == pytest.approx([80.0, 20.0, 0.0])  # 0.31 s is past the end
    assert series["delay_s"] == pytest.approx([0.02, 0.02, None])
    assert "delay_s" not in binned_series([0.05], [500], None, 0.3, 0.1)
    with pytest.raises(ValueError):
        binned_series([], [], None, 0.0)


def test_route_stretch_per_attachment() -> None:
    assoc = [(0.1, "AR1", True), (5.0, "AR1", False), (5.05, "AR2", True)]
    segments = route_stretch([1.0, 2.0, 4.9, 5.2, 6.0, 7.0], [6, 6, -1, 8, 10, 10], assoc,
                             {"AR1": 3, "AR2": 5})
    assert [s.access_router for s in segments] == ["AR1", "AR2"]
    first, second = segments
    assert (first.packets, first.mean_hops, first.stretch) == (2, 6.0, 2.0)
    assert first.to_s == 5.05 and second.to_s is None
    assert (second.packets, second.min_hops, second.max_hops) == (3, 8, 10)
    assert second.stretch == pytest.approx(28 / 3 / 5)
    with pytest.raises(ValueError, match="one entry per packet"):
        route_stretch([1.0], [], assoc, {"AR1": 3, "AR2": 5})


def test_route_stretch_of_a_mobile_source_per_pair_of_access_routers() -> None:
    """A mobile source: a segment wherever either end changes access router, the shortest
    path a function of the pair."""
    receiver = [(0.1, "AR1", True), (5.0, "AR2", True)]
    source = [(0.2, "AR1", True), (3.0, "AR3", True)]
    segments = route_stretch([1.0, 4.0, 6.0], [4, 8, 9], receiver,
                             lambda s, r: {("AR1", "AR1"): 2, ("AR3", "AR1"): 4,
                                           ("AR3", "AR2"): 6}.get((s, r), 0), source)
    assert [(s.source_access_router, s.access_router, s.from_s) for s in segments] == [
        (None, "AR1", 0.1), ("AR1", "AR1", 0.2), ("AR3", "AR1", 3.0), ("AR3", "AR2", 5.0)]
    assert [s.packets for s in segments] == [0, 1, 1, 1]
    assert [s.stretch for s in segments] == [None, 2.0, 2.0, 1.5]
    assert segments[0].shortest_hops == 0


def test_packets_lost_and_duplicated_per_handover() -> None:
    # 100 packets/s; sequence numbers 0..; packets 71..74 lost in the gap, 76 delivered twice.
    seqs = [*range(0, 71), 75, 76, 76, 77, 78]
    times = [q * 0.01 for q in range(0, 71)] + [0.80, 0.81, 0.815, 0.82, 0.83]
    assoc = [(0.0, "AR1", True), (0.72, "AR1", False), (0.77, "AR2", True)]
    (h,) = handovers(times, assoc, seqs)
    assert (h.lost, h.duplicated) == (4, 1)
    assert h.latency_s == pytest.approx(0.80 - 0.72)
    assert handovers(times, assoc)[0].lost is None
    with pytest.raises(ValueError, match="one entry per arrival"):
        handovers(times, assoc, seqs[:-1])


def _events(*rows: tuple[float, str, str]) -> list[dict]:
    return [{"time_s": t, "source": "MN11", "event": e, "detail": d} for t, e, d in rows]


@pytest.mark.parametrize(("rows", "sent", "acknowledged", "count"), [
    # MIPv6: the home Binding Update and its acknowledgement.
    ([(7.5, "update", "2 120"), (7.52, "ack", "2 0")], 7.5, 7.52, 1),
    # Under a MAP: the local registration, then the home one; acknowledged when both are,
    # each sent once.
    ([(7.5, "local-update", "1 120"), (7.51, "local-ack", "1 0"), (7.51, "update", "3 120"),
      (7.56, "ack", "3 0"), (7.56, "complete", "")], 7.5, 7.56, 1),
    # The local Binding Update sent again (its acknowledgement lost): a retransmission.
    ([(7.5, "local-update", "1 120"), (8.5, "local-update", "2 120"),
      (8.51, "local-ack", "2 0"), (8.51, "update", "3 120"), (8.56, "ack", "3 0"),
      (8.56, "complete", "")], 7.5, 8.56, 2),
    # Leaving a MAP's domain for a link without one: its deregistration is no registration of
    # the new link, whose home registration is acknowledged by the home agent.
    ([(7.5, "local-update", "4 0"), (7.5, "update", "5 120"), (7.53, "local-ack", "4 0"),
      (7.55, "ack", "5 0")], 7.5, 7.55, 1),
    # A proxy registering a home network prefix and a session address at once: two
    # registrations sent once each, acknowledged with the first acknowledgement.
    ([(7.5, "update", "1 120"), (7.5, "update", "1 120"), (7.504, "ack", "1 0"),
      (7.504, "ack", "1 0")], 7.5, 7.504, 1),
    # ... and sent again, unacknowledged: a retransmission.
    ([(7.5, "update", "1 120"), (7.5, "update", "1 120"), (8.5, "update", "2 120"),
      (8.504, "ack", "2 0")], 7.5, 8.504, 2),
])
def test_a_handovers_registration_under_and_beside_a_map(rows: list, sent: float,
                                                         acknowledged: float,
                                                         count: int) -> None:
    rx = [k * 0.01 for k in range(100, 700)] + [k * 0.01 for k in range(760, 900)]
    assoc = [(0.05, "AR11", True), (7.30, "AR11", False), (7.35, "AR21", True)]
    events = _events((7.4, "movement", "2001:2:0:1::"), (7.4, "care-of", "2001:2:0:1::5"),
                     *rows)
    (h,) = handovers(rx, assoc, function_events=events)
    assert h.registration_sent_s == sent
    assert h.registration_acknowledged_s == acknowledged
    assert h.registrations_sent == count


def test_apportioned_signalling_adds_up() -> None:
    from ns3dmm.simulate import _apportion

    assert _apportion(3, [0.5, 0.5]) == [2, 1]
    assert sum(_apportion(7, [1 / 3, 1 / 3, 1 / 3])) == 7
    assert _apportion(10, [1.0]) == [10]


def test_route_stretch_counts_waypoints_tunnels_and_third_networks() -> None:
    """Per segment: the packets each waypoint transmitted, those that crossed a tunnel, and
    those through a waypoint the segment's mask names (a third network's)."""
    times = [1.0, 2.0, 3.0, 6.0, 7.0]
    hops = [3, 5, -1, 4, 4]
    bits = [0b01, 0b11, 0b11, 0b10, 0b00]
    tunnelled = [0, 1, 1, 1, 0]
    assoc = [(0.0, "AR1", True), (5.0, "AR1", False), (5.5, "AR2", True)]
    first, second = route_stretch(times, hops, assoc, {"AR1": 3, "AR2": 4},
                                  waypoints=(bits, ["GW1", "GW2"]), tunnelled=tunnelled,
                                  third_network=lambda src, ar: 0b10 if ar == "AR1" else 0b01)
    assert first.packets == 2 and first.crossed == {"GW1": 2, "GW2": 1}  # -1: not followed
    assert first.tunnelled == 1 and first.third_network == 1
    assert second.crossed == {"GW2": 1} and second.tunnelled == 1 and second.third_network == 0
    with pytest.raises(ValueError, match="waypoints"):
        route_stretch(times, hops, assoc, {"AR1": 3}, waypoints=([0], ["GW1"]))

