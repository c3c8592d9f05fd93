"""Bounded metrics (``[scenario] metrics = "bounded"``): the C++ PacketRecorder counts and
sums instead of keeping packets (sequence numbers, duplicates, delays, jitter, the paths per
attachment, the arrivals next to station events) and an ArrivalAggregate bins every session
together. The recorder and the aggregate on crafted packets; whole runs measure exactly what
per-packet runs measure (series apart, whose sum they give), with a mobile source too; bad
values refused before ns-3 loads."""

from __future__ import annotations

import array
import math
import struct
from typing import Any

import pytest

from ns3dmm.metrics import DELAY_HISTOGRAM, delay_histogram, distribution
from ns3dmm.program import document, parse
from ns3dmm.scenario.config import ScenarioConfig, ScenarioConfigError
from ns3dmm.simulate import simulate_document


def _seq_ts(sequence: int, sent_ns: int, size: int = 40) -> bytes:
    """A UdpClient payload: SeqTsHeader (sequence, send time in ns) and padding."""
    return struct.pack(">IQ", sequence, sent_ns) + bytes(size - 12)


def _sink(ns: Any) -> Any:
    """A PacketSink (its Rx trace) on a node without a stack, never started: the tests hand
    its recorder the packets."""
    sink = ns.PacketSinkHelper("ns3::UdpSocketFactory", ns.Inet6SocketAddress(
        ns.Ipv6Address.GetAny(), 7000).ConvertTo()).Install(ns.CreateObject[ns.Node]()).Get(0)
    sink.SetStartTime(ns.Seconds(1000))
    return sink


@pytest.fixture()
def recorder(ns: Any, simulator: Any) -> tuple[Any, Any, Any]:
    rec = ns.dmm.PacketRecorder.Attach(_sink(ns), "Rx")
    aggregate = ns.dmm.ArrivalAggregate.New(0.1)
    rec.SetBounded(aggregate)
    return ns, rec, aggregate


def _packet(ns: Any, payload: bytes) -> Any:
    """An ns-3 packet carrying ``payload``."""
    return ns.Packet(array.array("B", payload), len(payload))


def _at(ns: Any, at_s: float, call: Any) -> None:
    """Call ``call`` at simulated time ``at_s``."""
    from ns3dmm import callbacks

    callbacks.schedule(at_s - ns.Simulator.Now().GetSeconds(), call)


def _deliver(ns: Any, rec: Any, at_s: float, payload: bytes) -> None:
    """Hand the recorder a packet at simulated time ``at_s``."""
    _at(ns, at_s, lambda: rec.Record(_packet(ns, payload), ns.Address()))


def test_the_recorder_counts_what_it_does_not_keep(recorder: tuple[Any, Any, Any]) -> None:
    import json

    ns, rec, aggregate = recorder
    # sequence numbers 0, 1, 1 (a duplicate), 5, 2^27 (past the dense bitmap), a packet too
    # short for a sequence header; delays 10, 20, 20, 40, 30 ms
    for at, seq, delay in ((1.02, 0, 0.010), (1.05, 1, 0.020), (1.15, 1, 0.020),
                           (1.25, 5, 0.040), (2.05, 2 ** 27, 0.030)):
        _deliver(ns, rec, at, _seq_ts(seq, round((at - delay) * 1e9)))
    _deliver(ns, rec, 2.55, bytes(8))
    _at(ns, 1.1, lambda: rec.Mark(True, True))
    ns.Simulator.Stop(ns.Seconds(3))
    ns.Simulator.Run()
    data = json.loads(str(rec.GetJson()))
    s = data["summary"]
    assert (s["received"], s["unique"], s["unsequenced"]) == (6, 4, 1)
    assert s["octets"] == 5 * 40 + 8 and s["first_s"] == 1.02 and s["last_s"] == 2.55
    assert data["duplicate_times"] == [1.15]
    assert s["delays"] == 5 and s["delay_sum_s"] == pytest.approx(0.12)
    assert (s["delay_min_s"], s["delay_max_s"]) == pytest.approx((0.010, 0.040))
    # |20-10| + |20-20| + |40-20| + |30-40| ms, over four differences
    assert s["jitter_sum_s"] == pytest.approx(0.040) and s["jitters"] == 4
    assert s["first_delay_s"] == pytest.approx(0.010)
    assert s["window_delays_s"] == pytest.approx([0.020, 0.020, 0.040])
    # kept: the arrival before the mark at 1.1 s and the first after it
    assert data["times"] == [1.05, 1.15] and data["sequences"] == [1, 1]
    assert [g["from_s"] for g in data["segments"]] == [1.1]
    assert rec.CountMissing(1, 5) == 3 and rec.CountMissing(0, 2) == 0
    assert rec.CountMissing(5, 2 ** 27 + 2) == 2 ** 27 - 5  # 2^27 delivered, 2^27+1 not
    assert rec.CountMissing(5, 5) == 0 and rec.CountMissing(7, 3) == 0
    bins = json.loads(str(aggregate.GetJson()))
    assert [(k, n) for k, n in enumerate(bins["packets"]) if n] == [
        (10, 2), (11, 1), (12, 1), (20, 1), (25, 1)]
    assert len(bins["packets"]) == 26 and bins["octets"][10] == 80
    assert bins["delayed"][11] == 1 and bins["delay_sum_s"][11] == pytest.approx(0.020)
    expected = delay_histogram([0.010, 0.020, 0.020, 0.040, 0.030])
    assert bins["delay_histogram"]["counts"] == expected["counts"]
    assert bins["delay_histogram"]["edges_s"] == pytest.approx(expected["edges_s"])


def test_bad_uses_are_refused(ns: Any, simulator: Any) -> None:
    rec = ns.dmm.PacketRecorder.Attach(_sink(ns), "Rx")
    with pytest.raises(Exception, match="not bounded"):
        rec.CountMissing(0, 3)
    for width in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(Exception, match="positive and finite"):
            ns.dmm.ArrivalAggregate.New(width)
    rec.Record(_packet(ns, _seq_ts(0, 0)), ns.Address())
    with pytest.raises(Exception, match="already recorded"):
        rec.SetBounded(ns.dmm.ArrivalAggregate.New(0.1))


def test_the_delay_histogram_and_distributions() -> None:
    low, per_decade, decades = DELAY_HISTOGRAM
    h = delay_histogram([1e-7, low, 0.0105, 0.0105, 150.0, math.nan])
    assert (h["below"], h["above"], sum(h["counts"])) == (1, 1, 3)
    assert len(h["edges_s"]) == len(h["counts"]) + 1 == per_decade * decades + 1
    k = next(i for i, c in enumerate(h["counts"]) if c == 2)
    assert h["edges_s"][k] <= 0.0105 < h["edges_s"][k + 1]
    d = distribution([0.1, None, 0.3, 0.2])
    assert d["n"] == 3 and d["mean"] == pytest.approx(0.2) and d["std"] == pytest.approx(0.1)
    assert d["percentiles"]["50"] == pytest.approx(0.2) and (d["min"], d["max"]) == (0.1, 0.3)
    assert distribution([])["n"] == 0 and distribution([])["mean"] is None


def _document(metrics: str, **extra: Any) -> dict[str, Any]:
    doc = {"simulation": {"placement": "pmipv6",
                          "placement_params": {"networks": 2, "ars_per_network": 2,
                                               "mobile_nodes": 4}, "stop_s": 20.0},
           "scenario": {"seed": 3, "run": 1, "access": "abstract", "flow_monitor": False,
                        "metrics": metrics,
                        "mobility": {"model": "random-waypoint", "speed_mps": 20.0,
                                     "min_speed_mps": 10.0}},
           "traffic": [{"kind": "udp-cbr", "rate": "100kbps", "size": 500, "receiver": "*"}]}
    doc.update(extra)
    return doc


def _same_but_series(per_packet: Any, bounded: Any) -> None:
    a, b = per_packet.measured(), bounded.measured()
    sa, sb = a.pop("series"), b.pop("series")
    assert a == b
    assert list(sb) == ["all"]
    total = [sum(xs) for xs in zip(*(s["kbps"] for s in sa.values()), strict=True)]
    assert sb["all"]["kbps"] == pytest.approx(total)


def test_a_bounded_run_measures_what_a_per_packet_run_does() -> None:
    per_packet = simulate_document(_document("per-packet"))
    bounded = simulate_document(_document("bounded"))
    _same_but_series(per_packet, bounded)
    moves = [h for hs in bounded.handovers.values() for h in hs]
    assert len(moves) >= 8 and sum(h["lost"] for h in moves) > 0
    assert bounded.distributions["latency_s"]["n"] == len(moves)
    assert sum(bounded.distributions["delay_s"]["counts"]) == sum(
        s["received"] for s in bounded.streams.values())
    assert bounded.configuration["scenario"]["metrics"] == "bounded"


def test_a_mobile_source_is_followed_too() -> None:
    """MN21 streams to MN11 (multiple home networks): the paths are cut at the associations of
    both, as they are from every packet."""
    doc = _document("per-packet", traffic=[{"kind": "udp-cbr", "rate": "200kbps", "size": 500,
                                            "source": "MN21", "receiver": "MN11"}])
    doc["simulation"] = {"placement": "multiple-home-networks", "stop_s": 20.0,
                         "placement_params": {"networks": 2, "ars_per_network": 2,
                                              "mobile_nodes": 2}}
    per_packet = simulate_document(doc)
    doc["scenario"]["metrics"] = "bounded"
    bounded = simulate_document(doc)
    _same_but_series(per_packet, bounded)
    (segments,) = bounded.paths.values()
    assert len({s["source_access_router"] for s in segments}) >= 2
    assert sum(s["packets"] for s in segments) > 0.8 * bounded.streams["udp-cbr-1"]["sent"]


@pytest.mark.parametrize("value", ["sometimes", "", 1, None])
def test_bad_values_are_refused(value: Any) -> None:
    with pytest.raises(ScenarioConfigError, match="metrics"):
        ScenarioConfig(metrics=value)


def test_the_program_offers_it() -> None:
    doc = document(parse(["--placement=pmipv6", "--metrics=bounded"]))
    assert doc["scenario"]["metrics"] == "bounded"
