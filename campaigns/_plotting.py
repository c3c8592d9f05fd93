"""Shared plotting of campaign archives: a metric against a parameter, one series per group.

Means carry their percentile bootstrap 95 % confidence interval (ns3dmm.stats: it stays inside
the values observed, so a positive quantity never shows a negative bound) and n; per-handover
distributions are box plots beside them. The x ticks are the values sampled; series are
shifted sideways and drawn with their own markers, so none hides another.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from ns3dmm.stats import mean_ci  # noqa: E402

MARKERS = ("o", "s", "^", "D", "v", "P")
COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def _positions(values: list[Any], xticks: list[Any] | None) -> dict[Any, float]:
    """Where each sampled value sits on the x axis: evenly spaced (categories) when
    ``xticks`` is given, else at the value."""
    if xticks is not None:
        return {v: float(xticks.index(v)) for v in values}
    return {v: float(v) for v in values}


def _set_ticks(ax: Any, sampled: list[Any], pos: dict[Any, float], xticks: list[Any] | None,
               xticklabels: list[str] | None) -> None:
    """A tick at every sampled value, labelled with its entry of ``xticklabels`` (given in the
    order of ``xticks``), else with the value."""
    if xticklabels is not None and (xticks is None or len(xticklabels) != len(xticks)):
        raise ValueError("xticklabels need xticks of the same length, in the same order")
    labels = [xticklabels[xticks.index(v)] if xticklabels is not None and xticks is not None
              else f"{v:g}" if isinstance(v, float) else str(v) for v in sampled]
    # Many categories (the 13 designs) share the axis: smaller labels keep them apart.
    ax.set_xticks([pos[v] for v in sampled], labels, fontsize=7 if len(sampled) > 8 else None)


def _dodge(k: int, groups: int, spacing: float) -> float:
    return (k - (groups - 1) / 2) * spacing


def _n_text(counts: list[int]) -> str:
    return f"n={min(counts)}" if min(counts) == max(counts) else f"n={min(counts)}-{max(counts)}"


def _save(fig: Any, out: Path) -> list[Path]:
    paths = []
    for suffix in (".png", ".pdf"):
        path = out.with_suffix(suffix)
        fig.savefig(path, dpi=150)
        paths.append(path)
    plt.close(fig)
    return paths


def means_plot(frame: Any, x: str, y: str, out: Path, **kwargs: Any) -> list[Path]:
    """:func:`means_figure`, saved as PNG and PDF."""
    return _save(means_figure(frame, x, y, **kwargs), out)


def means_figure(frame: Any, x: str, y: str, *, group: str | None = None,
                 xlabel: str, ylabel: str, title: str, scale: float = 1.0,
                 xticks: list[Any] | None = None, xticklabels: list[str] | None = None,
                 reference: dict[Any, float] | None = None,
                 reference_label: str = "reference", model: str | None = None) -> Any:
    """The mean of ``y`` (one value per run, times ``scale``) against ``x``, a series per
    value of ``group``, with bootstrap 95 % confidence intervals and n; ``reference`` (values
    per x) and the mean of the column ``model`` (the analytic model's figure of each run)
    beside it."""
    fig, ax = plt.subplots(figsize=(6.8, 4.4), layout="constrained")
    groups = sorted(frame[group].unique()) if group else [None]
    sampled = sorted(frame[x].unique())
    pos = _positions(sampled, xticks)
    span = (max(pos.values()) - min(pos.values())) if len(pos) > 1 else 1.0
    spacing = 0.04 * span / max(len(groups) - 1, 1) if len(groups) > 1 else 0.0
    for k, g in enumerate(groups):
        sub = frame if g is None else frame[frame[group] == g]
        xs, means, lows, highs, ns = [], [], [], [], []
        for v in sorted(sub[x].unique(), key=lambda v: pos[v]):
            ci = mean_ci(sub[sub[x] == v][y])
            if ci.n == 0:
                continue
            xs.append(pos[v] + _dodge(k, len(groups), spacing))
            means.append(ci.mean * scale)
            lows.append(0.0 if math.isnan(ci.low) else (ci.mean - ci.low) * scale)
            highs.append(0.0 if math.isnan(ci.high) else (ci.high - ci.mean) * scale)
            ns.append(ci.n)
        if not ns:
            continue  # no finite value in this series
        label = (str(g) if g is not None else "ns3-dmm") + f" (mean, 95 % CI, {_n_text(ns)})"
        # Categories (a design on each tick) are not joined by a line: nothing lies between.
        categorical = any(isinstance(v, str) for v in sampled)
        ax.errorbar(xs, means, yerr=[lows, highs], marker=MARKERS[k % len(MARKERS)],
                    color=COLOURS[k % len(COLOURS)], mfc="white", capsize=4, lw=1.2,
                    linestyle="none" if categorical else "-", label=label)
    if model is not None and not group:
        expected = frame.groupby(x)[model].mean().dropna()
        ax.plot([pos[v] for v in expected.index], [float(r) * scale for r in expected],
                "+:", color="tab:red", ms=10, label="model (configuration only)")
    if reference:
        ax.plot([pos[v] for v in reference], [r * scale for r in reference.values()], "x--",
                color="0.3", ms=8, label=reference_label)
    _set_ticks(ax, sampled, pos, xticks, xticklabels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def distribution_plot(moves: Any, x: str, y: str, out: Path, **kwargs: Any) -> list[Path]:
    """:func:`distribution_figure`, saved as PNG and PDF."""
    return _save(distribution_figure(moves, x, y, **kwargs), out)


def distribution_figure(moves: Any, x: str, y: str, *, group: str | None = None,
                        xlabel: str, ylabel: str, title: str, scale: float = 1.0,
                        xticks: list[Any] | None = None,
                        xticklabels: list[str] | None = None,
                        model: str | None = None) -> Any:
    """Box plots of a per-handover figure ``y`` against ``x``, a box per group side by side
    (whiskers at 1.5 IQR, every outlier drawn), and the mean of the column ``model`` (the
    analytic model's figure of each handover, where it has one) beside each box."""
    fig, ax = plt.subplots(figsize=(6.8, 4.4), layout="constrained")
    groups = sorted(moves[group].unique()) if group else [None]
    sampled = sorted(moves[x].unique())
    pos = _positions(sampled, xticks)
    step = min((b - a for a, b in zip(sorted(pos.values()), sorted(pos.values())[1:],
                                      strict=False)), default=1.0)
    width = 0.7 * step / len(groups)
    handles = []
    for k, g in enumerate(groups):
        sub = moves if g is None else moves[moves[group] == g]
        data, where, counts = [], [], []
        for v in sampled:
            values = [float(a) * scale for a in sub[sub[x] == v][y] if a == a and a is not None]
            if values:
                data.append(values)
                where.append(pos[v] + _dodge(k, len(groups), width))
                counts.append(len(values))
        if not data:
            continue
        colour = COLOURS[k % len(COLOURS)]
        box = ax.boxplot(data, positions=where, widths=width * 0.9, patch_artist=True,
                         manage_ticks=False, medianprops={"color": "black"},
                         flierprops={"marker": MARKERS[k % len(MARKERS)], "markersize": 4,
                                     "markeredgecolor": colour})
        for patch in box["boxes"]:
            patch.set_facecolor(colour)
            patch.set_alpha(0.35)
        handles.append((box["boxes"][0], f"{g if g is not None else 'ns3-dmm'} "
                                         f"({_n_text(counts)} handovers per box)"))
    if model is not None and not group and model in moves:
        expected = moves.groupby(x)[model].mean().dropna()
        if len(expected):
            (line,) = ax.plot([pos[v] for v in expected.index],
                              [float(r) * scale for r in expected], "+", color="tab:red",
                              ms=12, mew=2)
            handles.append((line, "model (configuration only), mean"))
    _set_ticks(ax, sampled, pos, xticks, xticklabels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3, axis="y")
    if handles:
        ax.legend([h for h, _ in handles], [label for _, label in handles], fontsize=8)
    return fig
