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
