"""System test of examples/haha.py with 2 and 3 members, one run each: results.json and the
plot are written, every registration costs members - 1 Location Replicates, and the member
nearest each correspondent intercepts its packets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "haha.py"


@pytest.fixture(scope="module")
def example(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict, Path]:
    spec = importlib.util.spec_from_file_location("haha_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("haha")
    assert module.main(["--out", str(out), "--members", "2", "3", "--runs", "1"]) == 0
    return module, json.loads((out / "results.json").read_text()), out


def test_runs_and_plot(example: tuple[Any, dict, Path]) -> None:
    _, doc, out = example
    sims = doc["simulations"]
    assert [len(s["results"]["replication"]) for s in sims] == [2, 3]
    for sim in sims:
        members = len(sim["results"]["replication"])
        moves = sim["results"]["handovers"]["MN11"]
        assert [h["access_router"] for h in moves] == [f"AR{k}1" for k in range(members - 1, 0, -1)]
        for stream in sim["results"]["streams"].values():
            assert stream["unique"] >= 0.9 * stream["sent"]
    assert (out / "haha.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_replicates_and_interception(example: tuple[Any, dict, Path]) -> None:
    _, doc, _ = example
    for sim in doc["simulations"]:
        r = sim["results"]
        members = len(r["replication"])
        registrations = len(r["registrations"]["MN11"]["times_s"])
        assert sum(v["changes"] + v["refreshes"] for v in r["replication"].values()) == (
            members - 1) * registrations
        # Each correspondent's member tunnels: every home agent encapsulated packets.
        assert {n for n, t in r["tunnels"].items() if t["encapsulated"] > 0} == {
            f"HA{k}" for k in range(1, members + 1)}
        # A correspondent behind the mobile node's access router: its packets go up to its own
        # member and back down, 4 links more than the direct 2.
        for app, segments in r["paths"].items():
            source = r["apps"][app]["source"]
            for s in segments:
                if s["access_router"] == "AR" + source[2:]:
                    assert (s["min_hops"], s["shortest_hops"]) == (6, 2), (app, s)
