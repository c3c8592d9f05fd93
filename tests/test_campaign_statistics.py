"""Statistics and plots of campaign archives: the mean's confidence interval is a percentile
bootstrap (it cannot leave the range of the values, so a positive quantity never gets a
negative bound; n is reported; it repeats), plots put their ticks at the sampled values, show
nothing below zero and shift series apart so that none hides another."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ns3dmm.stats import mean_ci

PLOTTING = Path(__file__).resolve().parents[1] / "campaigns" / "_plotting.py"


@pytest.fixture(scope="module")
def plotting() -> Any:
    spec = importlib.util.spec_from_file_location("campaign_plotting", PLOTTING)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_interval_stays_inside_the_values() -> None:
    # Three runs, one of them a retransmitted registration: a Student t interval of this mean
    # reaches below zero; the bootstrap's cannot.
    values = [0.11, 0.12, 1.1]
    ci = mean_ci(values)
    assert ci.n == 3 and ci.mean == pytest.approx(0.4433, abs=1e-4)
    assert min(values) <= ci.low <= ci.mean <= ci.high <= max(values)
    assert ci.low > 0
    assert mean_ci(values) == ci  # repeatable


def test_small_and_empty_samples() -> None:
    one = mean_ci([0.5])
    assert one.n == 1 and one.mean == 0.5 and math.isnan(one.low) and math.isnan(one.high)
    none = mean_ci([None, float("nan")])
    assert none.n == 0 and math.isnan(none.mean)
    with pytest.raises(ValueError):
        mean_ci([1.0, 2.0], level=1.5)


def _frame() -> pd.DataFrame:
    rows = []
    for placement, base in (("mipv6", 1.1), ("pmipv6", 0.1)):
        for speed in (2.0, 5.0, 10.0, 20.0):
            for run in range(10):
                rows.append({"placement": placement, "mobility_speed_mps": speed,
                             "RngRun": run, "mean_latency_s": base + 0.01 * (run % 3)})
    return pd.DataFrame(rows)


def test_means_plot(plotting: Any, tmp_path: Path) -> None:
    frame = _frame()
    fig = plotting.means_figure(frame, "mobility_speed_mps", "mean_latency_s",
                                group="placement", xlabel="speed", ylabel="latency (ms)",
                                title="t", scale=1000.0, xticks=[2.0, 5.0, 10.0, 20.0])
    (ax,) = fig.axes
    assert list(ax.get_xticks()) == [0.0, 1.0, 2.0, 3.0]  # the sampled speeds
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2", "5", "10", "20"]
    assert ax.get_ylim()[0] == 0
    lines = [container.lines[0] for container in ax.containers]
    assert len(lines) == 2
    xs = [tuple(line.get_xdata()) for line in lines]
    assert len(set(xs)) == len(xs)  # series shifted apart
    assert {line.get_marker() for line in lines} == {"o", "s"}
    for container in ax.containers:  # no bar reaches below zero
        for bars in container.lines[2]:
            assert all(seg[:, 1].min() >= 0 for seg in bars.get_segments())
    assert all("n=10" in t.get_text() for t in ax.get_legend().get_texts())
    paths = plotting.means_plot(frame, "mobility_speed_mps", "mean_latency_s",
                                tmp_path / "latency", group="placement", xlabel="speed",
                                ylabel="latency (ms)", title="t", xticks=[2.0, 5.0, 10.0, 20.0])
    assert [p.suffix for p in paths] == [".png", ".pdf"] and all(p.stat().st_size for p in paths)


def test_means_plot_with_model_and_reference(plotting: Any) -> None:
    frame = _frame()
    frame = frame[frame["placement"] == "mipv6"].copy()
    frame["model_latency_s"] = frame["mobility_speed_mps"] * 0.001 + 0.1
    fig = plotting.means_figure(frame, "mobility_speed_mps", "mean_latency_s",
                                xlabel="speed", ylabel="latency (s)", title="t",
                                reference={2.0: 0.2, 20.0: 0.3}, reference_label="paper",
                                model="model_latency_s")
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"model (configuration only)", "paper"} <= set(labels) and len(labels) == 3
    lines = {line.get_label(): line for line in ax.get_lines()}
    model, paper = lines["model (configuration only)"], lines["paper"]
    assert list(model.get_ydata()) == pytest.approx([0.102, 0.105, 0.11, 0.12])
    assert list(model.get_xdata()) == [2.0, 5.0, 10.0, 20.0]
    assert list(paper.get_xdata()) == [2.0, 20.0] and list(paper.get_ydata()) == [0.2, 0.3]


def test_a_series_without_values_is_left_out(plotting: Any) -> None:
    frame = _frame()
    frame.loc[frame["placement"] == "pmipv6", "mean_latency_s"] = float("nan")
    fig = plotting.means_figure(frame, "mobility_speed_mps", "mean_latency_s",
                                group="placement", xlabel="x", ylabel="y", title="t")
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 1 and labels[0].startswith("mipv6")


def test_tick_labels_follow_the_order_of_the_ticks(plotting: Any) -> None:
    """Labels given in the order of ``xticks`` (not sorted) name the values plotted there."""
    frame = _frame()
    frame = frame[frame["placement"] == "mipv6"]
    order = [20.0, 2.0, 10.0, 5.0]
    labels = ["twenty", "two", "ten", "five"]
    fig = plotting.means_figure(frame, "mobility_speed_mps", "mean_latency_s", xlabel="x",
                                ylabel="y", title="t", xticks=order, xticklabels=labels)
    (ax,) = fig.axes
    line = ax.containers[0].lines[0]
    named = {t.get_text(): t.get_position()[0] for t in ax.get_xticklabels()}
    for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
        speed = next(v for v, name in zip(order, labels, strict=True) if named[name] == x)
        assert y == pytest.approx(frame[frame["mobility_speed_mps"] == speed]
                                  ["mean_latency_s"].mean())
    moves = frame.rename(columns={"mean_latency_s": "latency_s"})
    fig = plotting.distribution_figure(moves, "mobility_speed_mps", "latency_s", xlabel="x",
                                       ylabel="y", title="t", xticks=order, xticklabels=labels)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["two", "five", "ten", "twenty"]
    assert [t.get_position()[0] for t in ax.get_xticklabels()] == [1.0, 3.0, 2.0, 0.0]
    with pytest.raises(ValueError, match="same length"):
        plotting.means_figure(frame, "mobility_speed_mps", "mean_latency_s", xlabel="x",
                              ylabel="y", title="t", xticks=order, xticklabels=labels[:2])


def test_distribution_plot(plotting: Any) -> None:
    moves = _frame().rename(columns={"mean_latency_s": "latency_s"})
    fig = plotting.distribution_figure(moves, "mobility_speed_mps", "latency_s",
                                       group="placement", xlabel="speed", ylabel="ms",
                                       title="t", scale=1000.0, xticks=[2.0, 5.0, 10.0, 20.0])
    (ax,) = fig.axes
    assert list(ax.get_xticks()) == [0.0, 1.0, 2.0, 3.0]
    assert ax.get_ylim()[0] == 0
    assert "n=10 handovers per box" in ax.get_legend().get_texts()[0].get_text()
