"""Shared plotting of campaign archives: one metric against one parameter, a line per group,
the mean over runs with its 95 % confidence interval (Student t)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from ns3dmm.campaign import t_975  # noqa: E402


def mean_ci(values: Any) -> tuple[float, float]:
    """Mean and half width of the 95 % confidence interval."""
    v = [float(x) for x in values if x is not None and x == x]
    n = len(v)
    if n == 0:
        return float("nan"), 0.0
    mean = sum(v) / n
    if n == 1:
        return mean, 0.0
    var = sum((x - mean) ** 2 for x in v) / (n - 1)
    return mean, t_975(n - 1) * (var / n) ** 0.5


def errorbar_plot(frame: Any, x: str, y: str, out: Path, *, group: str | None = None,
                  xlabel: str, ylabel: str, title: str, scale: float = 1.0,
                  xticks: list[Any] | None = None, xticklabels: list[str] | None = None,
                  reference: dict[Any, float] | None = None,
                  reference_label: str = "reference") -> list[Path]:
    """``y`` (times ``scale``) against ``x``, a line per value of ``group``; PNG and PDF."""
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    groups = sorted(frame[group].unique()) if group else [None]
    for g in groups:
        sub = frame if g is None else frame[frame[group] == g]
        xs = sorted(sub[x].unique())
        stats = [mean_ci(sub[sub[x] == v][y]) for v in xs]
        positions = [xticks.index(v) if xticks else v for v in xs]
        ax.errorbar(positions, [m * scale for m, _ in stats], yerr=[h * scale for _, h in stats],
                    marker="o", capsize=4, label=str(g) if g is not None else "ns3-dmm")
    if reference:
        positions = [xticks.index(v) if xticks else v for v in reference]
        ax.plot(positions, [v * scale for v in reference.values()], "s--", color="grey",
                label=reference_label)
    if xticks:
        ax.set_xticks(range(len(xticks)), xticklabels or [str(v) for v in xticks])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if group or reference:
        ax.legend()
    fig.tight_layout()
    paths = []
    for suffix in (".png", ".pdf"):
        path = out.with_suffix(suffix)
        fig.savefig(path, dpi=150)
        paths.append(path)
    plt.close(fig)
    return paths
