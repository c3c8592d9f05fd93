"""Many mobile nodes in every preset that simulates: three mobile nodes (of one home network, or
of three in multiple-home-networks and haha) cross AR11, AR21 and AR31, one second apart
(``mobility.stagger_s``), each receiving its own UDP stream (``receiver = "*"``). Every mobile
node is handed over at each access router, keeps its stream, has its own binding, and its
figures are reported apart and across mobile nodes (n, mean, spread)."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.deploy import simulated_presets
from ns3dmm.program import summary
from ns3dmm.simulate import SimulationFileError, Traffic, simulate_document

PRESETS = ("mipv6", "mipv6-ro", "pmipv6", "hmipv6-host", "hmipv6-network",
           "multiple-home-networks", "haha", "distributed", "dynamic", "distributed-lm",
           "ro-anycast-query", "ro-anycast-push", "ro-gwar-query", "ro-gwar-push")
STAGGER_S = 1.0


def document(placement: str) -> dict[str, Any]:
    return {
        "simulation": {"placement": placement,
                       "placement_params": {"networks": 3, "ars_per_network": 1,
                                            "mobile_nodes": 3},
                       "stop_s": 14.0},
        "scenario": {"seed": 3, "run": 1, "dad": False,
                     "mobility": {"model": "path", "speed_mps": 20.0, "start_s": 2.0,
                                  "stagger_s": STAGGER_S}},
        "traffic": [{"kind": "udp-cbr", "receiver": "*", "rate": "200kbps"}],
        # With pull, the MRs' caches keep an old location until their entry runs out (measured
        # in tests/test_distributed_lm.py and test_route_optimisation.py); pushed, the handover
        # latency is figure 7's.
        **({"functions": {"ns3::dmm::LocationManagement": {"PushToCaches": True}}}
           if placement in ("distributed-lm", "ro-anycast-query", "ro-gwar-query") else {}),
    }


def test_every_simulated_preset_is_covered() -> None:
    assert set(PRESETS) == set(simulated_presets())


@pytest.mark.parametrize("placement", PRESETS)
def test_three_mobile_nodes(ns: Any, placement: str) -> None:
    r = simulate_document(document(placement))
    mns = list(r.handovers)
    assert len(mns) == 3
    # One session per mobile node, named after it.
    assert sorted(r.apps) == sorted(f"udp-cbr-1-{mn}" for mn in mns)
    assert all(r.apps[f"udp-cbr-1-{mn}"]["receiver"] == mn for mn in mns)
    arrivals = []
    for mn in mns:
        moves = r.handovers[mn]
        assert [h["access_router"] for h in moves] == ["AR21", "AR31"], mn
        assert all(h["latency_s"] is not None and h["latency_s"] < 0.5 for h in moves), moves
        stream = r.streams[f"udp-cbr-1-{mn}"]
        assert stream["unique"] >= 0.85 * stream["sent"], (mn, stream)
        arrivals.append(moves[0]["associated_s"])
    # Each leaves STAGGER_S after the one before it.
    assert [b - a for a, b in zip(arrivals, arrivals[1:])] == pytest.approx(
        [STAGGER_S, STAGGER_S], abs=0.15)
    # Every mobile node has its own binding (in every replica of a replicated database).
    prefixes = {b["prefix"] for b in r.bindings}
    assert len(prefixes) == 3, r.bindings
    per_lm: dict[str, int] = {}
    for b in r.bindings:
        per_lm[b["lm"]] = per_lm.get(b["lm"], 0) + 1
    if placement == "haha":
        assert set(per_lm.values()) == {3}
    elif placement in ("multiple-home-networks", "distributed", "dynamic", "distributed-lm",
                       "ro-anycast-query", "ro-anycast-push", "ro-gwar-query", "ro-gwar-push"):
        assert per_lm == {"LM1": 1, "LM2": 1, "LM3": 1}
    else:
        assert per_lm == {"LM1": 3}
    figures = summary(r)
    assert figures["mobile_nodes"] == 3
    assert set(figures["per_mobile_node"]) == set(mns)
    for mn, m in figures["per_mobile_node"].items():
        assert m["handovers"] == 2
        assert m["packets_sent"] == r.streams[f"udp-cbr-1-{mn}"]["sent"]
        assert m["mean_latency_s"] == pytest.approx(
            sum(h["latency_s"] for h in r.handovers[mn]) / 2)
    across = figures["across_mobile_nodes"]["mean_latency_s"]
    means = [m["mean_latency_s"] for m in figures["per_mobile_node"].values()]
    assert across["n"] == 3 and across["mean"] == pytest.approx(sum(means) / 3)
    assert min(means) <= across["low"] <= across["mean"] <= across["high"] <= max(means)
    assert across["std"] > 0


def test_a_session_to_every_mobile_node_takes_no_destination() -> None:
    with pytest.raises(SimulationFileError, match="every mobile node"):
        Traffic(source="CN21", receiver="*", destination="2001:1::1")
