"""Plots of simulation results (the only module of ns3dmm that imports matplotlib)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def message_timeline(summary: dict, path: Path) -> None:
    """Message sequence chart of a Mobility Header exchange, and the delivered UDP rate."""
    events = [e for e in summary["events"] if e["dst"]]
    nodes = sorted({e["src"] for e in events} | {e["dst"] for e in events})
    lane = {n: k for k, n in enumerate(nodes)}
    fig, (ax, ax_rate) = plt.subplots(
        2, 1, figsize=(10, 8), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
    )
    for n, k in lane.items():
        ax.axhline(k, color="0.85", lw=1)
    for e in events:
        y0, y1 = lane[e["src"]], lane[e["dst"]]
        ax.annotate("", xy=(e["t"] + 0.02, y1), xytext=(e["t"], y0),
                    arrowprops={"arrowstyle": "->", "color": "tab:blue", "lw": 1})
        ax.text(e["t"], y0 + (0.12 if y1 >= y0 else -0.25), e["message"].replace("Header", ""),
                fontsize=7, rotation=0)
    ax.set_yticks(range(len(nodes)), nodes)
    ax.set_ylabel("node")
    ax.set_title("Mobility Header messages sent (arrow: sender to receiver)")
    times = summary.get("udp_rx_times", [])
    if times:
        width = 0.1
        bins = [k * width for k in range(int(summary["simulated_s"] / width) + 1)]
        ax_rate.hist(times, bins=bins, color="tab:green")
        ax_rate.set_ylabel(f"UDP packets / {int(width * 1000)} ms")
    ax_rate.set_xlabel("simulated time (s)")
    ax_rate.set_title("UDP packets delivered to the home address through the 6in6 tunnel")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
