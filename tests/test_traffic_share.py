"""Traffic for a share of the mobile nodes (``share`` with ``receiver = "*"``): ceil(share x n)
sessions, spread evenly over the mobile nodes in placement order; bad shares refused before
ns-3 loads; a small simulation streams to exactly the chosen mobile nodes."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.program import document, parse
from ns3dmm.simulate import SimulationFileError, Traffic, _sessions, simulate_document


@pytest.mark.parametrize(("share", "expected"), [
    (1.0, list(range(20))), (0.5, list(range(0, 20, 2))), (0.1, [0, 10]),
    (0.3, [0, 3, 6, 10, 13, 16]), (0.01, [0])])
def test_the_share_is_spread_evenly(share: float, expected: list[int]) -> None:
    placement = presets.build_preset("pmipv6", mobile_nodes=20)
    names = [m.name for m in placement.mobile_nodes]
    sessions = _sessions((Traffic(source="CN21", receiver="*", share=share),), placement)
    assert [t.receiver for t, _, _ in sessions] == [names[j] for j in expected]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"receiver": "*", "share": 0.0}, "a number in"), ({"receiver": "*", "share": 1.5},
                                                       "a number in"),
    ({"receiver": "*", "share": True}, "a number in"),
    ({"receiver": "MN11", "share": 0.5}, "only with receiver")])
def test_bad_shares_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SimulationFileError, match=message):
        Traffic(source="CN21", **kwargs)


def test_the_program_offers_it() -> None:
    doc = document(parse(["--placement=pmipv6", "--traffic_receiver=*", "--traffic_share=0.5"]))
    assert doc["traffic"][0]["share"] == 0.5


def test_a_share_of_the_mobile_nodes_receive_streams(ns: Any) -> None:
    doc = {"simulation": {"placement": "pmipv6",
                          "placement_params": {"networks": 2, "ars_per_network": 1,
                                               "mobile_nodes": 6},
                          "stop_s": 4.0},
           "scenario": {"seed": 1, "run": 1, "access": "abstract", "dad": False,
                        "mobility": {"model": "static"}},
           "traffic": [{"kind": "udp-cbr", "receiver": "*", "share": 0.5, "start_s": 2.0}]}
    r = simulate_document(doc)
    assert sorted(r.apps) == ["udp-cbr-1-MN11", "udp-cbr-1-MN13", "udp-cbr-1-MN15"]
    assert all(s["unique"] == s["sent"] > 0 for s in r.streams.values())


@pytest.mark.parametrize(("kwargs", "starts"), [
    ({}, [1.5, 1.51, 1.52, 1.53]),  # auto: one packet interval, 500 octets at 100 kb/s
    ({"start_spread_s": 2.0}, [1.5, 2.0, 2.5, 3.0]),
    ({"start_spread_s": 0}, [1.5] * 4),
    ({"kind": "tcp-bulk"}, [1.5] * 4)])
def test_sessions_of_one_entry_start_spread(kwargs: dict[str, Any], starts: list[float]) -> None:
    """The k-th of n sessions expanded from one entry starts k/n of the spread later."""
    placement = presets.build_preset("pmipv6", mobile_nodes=4)
    t = Traffic(source="CN21", receiver="*", rate="100kbps", size=500, **kwargs)
    assert [s.start_s for s, _, _ in _sessions((t,), placement)] == pytest.approx(starts)
    one = Traffic(source="CN21", receiver="MN11", rate="100kbps", size=500, **kwargs)
    assert [s.start_s for s, _, _ in _sessions((one,), placement)] == [1.5]


@pytest.mark.parametrize("value", [-0.1, float("inf"), float("nan"), "soon", True])
def test_bad_spreads_are_refused(value: Any) -> None:
    with pytest.raises(SimulationFileError, match="start_spread_s"):
        Traffic(source="CN21", receiver="*", start_spread_s=value)


def test_sessions_in_step_overflow_the_source_queue_and_spread_ones_do_not(ns: Any) -> None:
    """110 streams from one correspondent: started together, their packets leave it in
    bursts of 110 at the same instants, and its link's queue (100 packets) drops the last ten
    every time: ten mobile nodes get nothing, and the drops are counted at the correspondent
    (Results.queue_drops). Spread over one packet interval (the default), every stream is
    delivered and nothing is dropped there."""
    def run(spread: Any) -> tuple[list[int], int]:
        doc = {"simulation": {"placement": "mipv6",
                              "placement_params": {"networks": 2, "ars_per_network": 2,
                                                   "mobile_nodes": 110},
                              "stop_s": 3.0},
               "scenario": {"seed": 1, "run": 1, "access": "abstract", "flow_monitor": False,
                            "metrics": "bounded", "mobility": {"model": "static"}},
               "traffic": [{"kind": "udp-cbr", "receiver": "*", "rate": "100kbps",
                            "size": 500, "start_s": 2.0, "start_spread_s": spread}]}
        r = simulate_document(doc)
        return [s["received"] for s in r.streams.values()], r.queue_drops.get("CN21", 0)

    together, dropped = run(0)
    assert sum(1 for n in together if n == 0) >= 9
    assert dropped >= 10 * 9  # ten packets every period, counted at the correspondent
    spread, dropped = run("auto")
    assert min(spread) >= 20 and len(spread) == 110 and dropped == 0
