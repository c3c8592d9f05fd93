"""System test of the README's main job: examples/handover_comparison.py runs MIPv6 and PMIPv6
on the same scenario and writes results.json and handover.png."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "handover_comparison.py"


@pytest.fixture(scope="module")
def comparison(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    spec = importlib.util.spec_from_file_location("handover_comparison", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("comparison")
    assert module.main(["--out", str(out)]) == 0
    return json.loads((out / "results.json").read_text()), out


def test_both_placements_hand_over_three_times(comparison: tuple[dict, Path]) -> None:
    doc, out = comparison
    assert doc["schema"] == "ns3dmm.results/1"
    sims = doc["simulations"]
    assert [s["configuration"]["simulation"]["placement"] for s in sims] == ["mipv6", "pmipv6"]
    for sim in sims:
        r = sim["results"]
        moves = r["handovers"]["MN11"]
        assert [h["access_router"] for h in moves] == ["AR12", "AR21", "AR22"]
        stream = r["streams"]["udp-cbr-1"]
        # MIPv6 loses about 1.3 s per handover (duplicate address detection), PMIPv6 0.3 s.
        assert stream["unique"] >= 0.8 * stream["sent"]
        model = r["model"]["MN11"]
        compared = 0
        for h, m in zip(moves, model, strict=True):
            if h["loss_free"]:
                compared += 1
                # One seed: the beacon phase moves the interruption by up to a beacon
                # interval, the router advertisement wait the latency by up to 70 ms.
                assert abs(h["latency_s"] - m["latency_s"]) < 0.075, (h, m)
                assert abs(h["interruption_s"] - m["interruption_s"]) < 0.11, (h, m)
        assert compared >= 2  # signalling lost on the air spares most handovers
        paths = r["paths"]["udp-cbr-1"]
        assert [p["access_router"] for p in paths] == ["AR11", "AR12", "AR21", "AR22"]
        assert r["binding_tables"]["location_management"]["LM1"]["size"][-1] == 1
    # MIPv6 routes through the home agent, so at AR21 (the correspondent's own access router)
    # its stretch is the largest; PMIPv6's MAG delivers there locally.
    mip, pmip = (s["results"]["paths"]["udp-cbr-1"][2]["stretch"] for s in sims)
    assert mip > 3 > 1.1 > pmip


def test_the_plot_is_written(comparison: tuple[dict, Path]) -> None:
    _, out = comparison
    png = out / "handover.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
