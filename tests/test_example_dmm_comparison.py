"""System test of the README's main job: examples/dmm_comparison.py runs the draft's designs on
one scenario and writes results.json, summary.csv and dmm_comparison.png (here two designs,
one seed, the first 20 s: the mobile node reaches the correspondent's network)."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dmm_comparison.py"


@pytest.fixture(scope="module")
def comparison(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    spec = importlib.util.spec_from_file_location("dmm_comparison", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("dmm")
    assert module.main(["--out", str(out), "--presets", "mipv6", "ro-gwar-push", "--runs", "1",
                        "--stop-s", "20"]) == 0
    return out, ""


def test_every_run_is_in_results_json_with_its_configuration(
        comparison: tuple[Path, str]) -> None:
    out, _ = comparison
    doc = json.loads((out / "results.json").read_text())
    sims = doc["simulations"]
    assert [s["configuration"]["simulation"]["placement"] for s in sims] == ["mipv6",
                                                                             "ro-gwar-push"]
    assert all(s["configuration"]["scenario"]["run"] == 1 for s in sims)


def test_the_table_shows_triangle_routing_only_where_graded(
        comparison: tuple[Path, str]) -> None:
    """MIPv6 (REQ1.2 missed) sends the packets through the home agent in network 1 while the
    mobile node is in the correspondent's network; the route-optimised design (met) sends
    none through a third network's MR."""
    out, _ = comparison
    with (out / "summary.csv").open(newline="") as f:
        rows = {r["placement"]: r for r in csv.DictReader(f)}
    assert rows["mipv6"]["third_network_share_n"] == "1"
    assert float(rows["mipv6"]["third_network_share_mean"]) > 0.15  # at AR21, from 15.4 s
    assert float(rows["ro-gwar-push"]["third_network_share_mean"]) == 0.0
    assert float(rows["ro-gwar-push"]["mean_stretch_mean"]) < float(
        rows["mipv6"]["mean_stretch_mean"])


def test_the_plot_is_written(comparison: tuple[Path, str]) -> None:
    out, _ = comparison
    assert (out / "dmm_comparison.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_arguments_are_refused() -> None:
    spec = importlib.util.spec_from_file_location("dmm_comparison_args", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(SystemExit):
        module.main(["--out", "/tmp/x", "--presets", "mipv7"])
    with pytest.raises(SystemExit):
        module.main(["--out", "/tmp/x", "--runs", "0"])
