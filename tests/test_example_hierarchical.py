"""System test of examples/hierarchical_handover.py: PMIPv6 and HMIPv6 (host- and
network-based) on one topology of three networks, one run each; results.json and the plot are
written, and the registrations LM1 receives per handover are the draft's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hierarchical_handover.py"


@pytest.fixture(scope="module")
def example(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict, Path]:
    spec = importlib.util.spec_from_file_location("hierarchical_handover", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("hierarchical")
    assert module.main(["--out", str(out), "--runs", "1"]) == 0
    return module, json.loads((out / "results.json").read_text()), out


def test_both_placements_and_the_plot(example: tuple[Any, dict, Path]) -> None:
    _, doc, out = example
    sims = doc["simulations"]
    assert [s["configuration"]["simulation"]["placement"] for s in sims] == [
        "pmipv6", "hmipv6-host", "hmipv6-network"]
    for sim in sims:
        moves = sim["results"]["handovers"]["MN11"]
        assert [h["access_router"] for h in moves] == ["AR12", "AR21", "AR22", "AR31", "AR32"]
        stream = sim["results"]["streams"]["udp-cbr-1"]
        # Host-based: a Router Advertisement and 1 s of duplicate address detection per
        # handover (five in 44 s).
        host = sim["configuration"]["simulation"]["placement"] == "hmipv6-host"
        assert stream["unique"] >= (0.8 if host else 0.9) * stream["sent"]
    assert (out / "hierarchical.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lm1_registrations_per_handover(example: tuple[Any, dict, Path]) -> None:
    module, doc, _ = example
    from ns3dmm.simulate import Results

    per = {}
    for sim in doc["simulations"]:
        r = sim["results"]
        results = Results(sim["configuration"], r["placement"], r["seed"], r["run"],
                          r["stop_s"], r["apps"], r["streams"], r["handovers"], r["bindings"],
                          r["signalling"], registrations=r["registrations"])
        per[r["placement"]] = module.lm1_registrations(results)
    assert per["pmipv6"] == [1, 1, 1, 1, 1]
    # Under one anchor point (AR21->AR22, AR31->AR32) LM1 hears nothing.
    assert per["hmipv6-network"] == [1, 1, 0, 1, 0]
    assert per["hmipv6-host"] == [1, 1, 0, 1, 0]
