"""Plots of simulation results (the only module of ns3dmm that imports matplotlib)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def message_timeline(summary: dict, path: Path) -> None:
    """Sequence diagram of a Mobility Header exchange (nodes as columns, messages in the order
    sent) above the UDP packets delivered per 100 ms."""
    events = [e for e in summary["events"] if e["dst"]]
    order = ["mn", "mag", "ha", "r", "cn"]
    nodes = sorted({e["src"] for e in events} | {e["dst"] for e in events},
                   key=lambda n: (order.index(n) if n in order else len(order), n))
    column = {n: k for k, n in enumerate(nodes)}
    height = max(4.0, 0.32 * len(events) + 1.5)
    fig, (ax, ax_rate) = plt.subplots(
        2, 1, figsize=(10, height + 2.5), gridspec_kw={"height_ratios": [height, 2.5]},
        layout="constrained",
    )
    for n, x in column.items():
        ax.axvline(x, color="0.8", lw=1, zorder=0)
    for k, e in enumerate(events):
        x0, x1 = column[e["src"]], column[e["dst"]]
        ax.annotate("", xy=(x1, k), xytext=(x0, k),
                    arrowprops={"arrowstyle": "->", "color": "tab:blue", "lw": 1.2})
        label = f"{e['t']:.3f} s  {e['message'].replace('Header', '')}"
        ax.text((x0 + x1) / 2, k - 0.15, label, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(nodes)), nodes)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.5, len(nodes) - 0.5)
    ax.set_ylim(len(events) - 0.3, -1)
    ax.set_yticks([])
    ax.set_title("Mobility Header messages, in the order sent (simulated time on each arrow)")
    times = summary.get("udp_rx_times", [])
    width = 0.1
    bins = [k * width for k in range(int(summary["simulated_s"] / width) + 1)]
    ax_rate.hist(times, bins=bins, color="tab:green")
    ax_rate.set_ylabel(f"packets / {int(width * 1000)} ms")
    ax_rate.set_xlabel("simulated time (s)")
    ax_rate.set_title("UDP packets delivered to the home address through the 6in6 tunnel")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def handover_timeline(runs: list[dict], path: Path) -> None:
    """Delivered throughput and one-way delay around each handover, one row per run."""
    fig, axes = plt.subplots(len(runs), 1, figsize=(10, 3.4 * len(runs)), sharex=True,
                             layout="constrained", squeeze=False)
    for ax, r in zip(axes[:, 0], runs, strict=True):
        tp = r["throughput"]
        ax.step(tp["start_s"], tp["kbps"], where="post", color="tab:blue", lw=1)
        for t, ar, up in r["associations"]:
            if up:
                ax.axvline(t, color="tab:green", ls="--", lw=0.8)
                ax.text(t, max(tp["kbps"]) * 1.02, ar, fontsize=8, color="tab:green")
        lat = [h["latency_s"] for h in r["handovers"] if h.get("latency_s") is not None]
        mean = sum(lat) / len(lat) if lat else float("nan")
        name = {"mipv6": "MIPv6", "pmipv6": "PMIPv6"}.get(r["mode"], r["mode"])
        ax.set_title(f"{name}: {r['stream']['rx_packets']} of "
                     f"{r['stream']['tx_packets']} packets delivered; mean handover latency "
                     f"{mean * 1000:.0f} ms")
        ax.set_ylabel("delivered (kbit/s)")
        delay = ax.twinx()
        delay.plot(r["delays"]["rx_s"], [d * 1000 for d in r["delays"]["delay_s"]], ".",
                   color="tab:orange", ms=1)
        delay.set_ylabel("one-way delay (ms)", color="tab:orange")
    axes[-1, 0].set_xlabel("simulated time (s)")
    fig.savefig(path, dpi=110)
    plt.close(fig)
