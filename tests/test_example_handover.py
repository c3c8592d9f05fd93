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
def comparison(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], Path]:
    spec = importlib.util.spec_from_file_location("handover_comparison", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("comparison")
    assert module.main(["--out", str(out)]) == 0
    return json.loads((out / "results.json").read_text()), out


def test_both_placements_hand_over_three_times(comparison: tuple[list[dict], Path]) -> None:
    runs, out = comparison
    assert [r["mode"] for r in runs] == ["mipv6", "pmipv6"]
    for r in runs:
        assert [h["access_router"] for h in r["handovers"]] == ["AR12", "AR21", "AR22"]
        assert r["stream_stats"]["unique"] >= 0.93 * r["stream_stats"]["sent"]
        for h, m in zip(r["handovers"], r["model"], strict=True):
            # Neighbour solicitation jitter (0-10 ms, left out of the model) only adds.
            assert m["total_s"] * 0.97 < h["latency_s"] < m["total_s"] + 0.025, (h, m)
        assert [p["access_router"] for p in r["paths"]] == ["AR11", "AR12", "AR21", "AR22"]
        assert r["binding_tables"]["location_management"]["LM1"]["size"][-1] == 1
    # MIPv6 routes through the home agent, so at AR21 (the correspondent's own access router)
    # its stretch is the largest; PMIPv6's MAG delivers there locally.
    mip, pmip = (r["paths"][2]["stretch"] for r in runs)
    assert mip > 3 > 1.1 > pmip


def test_the_plot_is_written(comparison: tuple[list[dict], Path]) -> None:
    _, out = comparison
    png = out / "handover.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
