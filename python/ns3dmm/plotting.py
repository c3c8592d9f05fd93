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
    for x in column.values():
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


_NAMES = {"mipv6": "MIPv6", "pmipv6": "PMIPv6"}


def _first_udp(results: dict) -> tuple[str, dict]:
    """A run's first UDP session's series (it carries delays), else its first session's, else
    an empty series."""
    series = results.get("series", {})
    for name, stream in series.items():
        if "delay_s" in stream:
            return name, stream
    return next(iter(series.items()), ("", {"bin_s": 0.1, "kbps": []}))


def handover_timeline(simulations: list[dict], path: Path) -> None:
    """Delivered throughput and one-way delay of each run's first UDP session, one row per run
    (the ``simulations`` of a results document), on shared scales: the first attachment, and
    for each handover its de-association, association and the interruption (last packet to
    first packet through the new access router), with the analytic model's first packet."""
    fig, axes = plt.subplots(len(simulations), 1, figsize=(11, 3.6 * len(simulations)),
                             sharex=True, sharey=True, layout="constrained", squeeze=False)
    shown = [_first_udp(s["results"]) for s in simulations]
    top_kbps = max((max(st["kbps"], default=0) for _, st in shown), default=0) or 1.0
    top_delay = max((max((d for d in st.get("delay_s", []) if d is not None), default=0)
                     for _, st in shown), default=0) * 1000
    delay_axes = []
    for ax, sim, (name, stream) in zip(axes[:, 0], simulations, shown, strict=True):
        r = sim["results"]
        bins = [k * stream["bin_s"] for k in range(len(stream["kbps"]))]
        ax.step(bins, stream["kbps"], where="post", color="tab:blue", lw=1,
                label="delivered (kbit/s, 0.1 s bins)")
        delay = ax.twinx()
        delay_axes.append(delay)
        if "delay_s" in stream:
            points = [(b + stream["bin_s"] / 2, d * 1000) for b, d in zip(bins, stream["delay_s"],
                                                                          strict=True)
                      if d is not None]
            delay.plot([p[0] for p in points], [p[1] for p in points], ".", color="tab:orange",
                       ms=2, label="one-way delay (ms, bin mean)")
        delay.set_ylim(0, top_delay * 1.15 or 1.0)
        delay.set_ylabel("one-way delay (ms)", color="tab:orange")
        mn = next(iter(r["handovers"]), None)
        moves = r["handovers"].get(mn, []) if mn else []
        first = r.get("attachments", {}).get(mn) if mn else None
        if first:
            ax.axvline(first["associated_s"], color="0.4", ls=":", lw=1.2,
                       label="first attachment (not a handover)")
            ax.text(first["associated_s"], top_kbps * 1.04, first["access_router"],
                    fontsize=8, color="0.3", ha="center")
        for k, h in enumerate(moves):
            if h.get("last_rx_before_s") is not None and h.get("first_rx_after_s") is not None:
                ax.axvspan(h["last_rx_before_s"], h["first_rx_after_s"], color="tab:red",
                           alpha=0.12, lw=0, label="interruption" if k == 0 else None)
            ax.axvline(h["deassociated_s"], color="tab:red", ls="--", lw=0.9,
                       label="de-association (link loss detected)" if k == 0 else None)
            ax.axvline(h["associated_s"], color="tab:green", ls="--", lw=0.9,
                       label="association" if k == 0 else None)
            latency = h.get("latency_s")
            text = h["access_router"] + (f"\n{latency * 1000:.0f} ms" if latency is not None
                                         else "")
            ax.text(h["associated_s"], top_kbps * 1.04, text, fontsize=8, color="tab:green",
                    ha="left")
        model = r.get("model", {}).get(mn) if mn else None
        if isinstance(model, list):
            xs = [m["first_rx_after_s"] for m in model]
            ax.plot(xs, [top_kbps * 0.5] * len(xs), "v", color="k", ms=6,
                    label="model: first packet after handover")
        placement = sim["configuration"]["simulation"]["placement"]
        lat = [h["latency_s"] for h in moves if h.get("latency_s") is not None]
        gap = [h["interruption_s"] for h in moves if h.get("interruption_s") is not None]
        app = r["apps"].get(name, {})
        summary = (f"{_NAMES.get(placement, placement)}: {app.get('rx_packets', 0)} of "
                   f"{app.get('tx_packets', 0)} packets delivered")
        if lat:
            summary += (f"; {len(lat)} handovers, mean latency {1000 * sum(lat) / len(lat):.0f}"
                        f" ms, mean interruption {1000 * sum(gap) / max(len(gap), 1):.0f} ms")
        ax.set_title(summary, fontsize=10)
        ax.set_ylabel("delivered (kbit/s)")
        ax.set_ylim(0, top_kbps * 1.25)
    handles, labels = [], []
    for a in (axes[0, 0], delay_axes[0]):
        h, lab = a.get_legend_handles_labels()
        handles += h
        labels += lab
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=8)
    axes[-1, 0].set_xlabel("simulated time (s)")
    fig.savefig(path, dpi=110)
    plt.close(fig)


#: the events of a handover's timeline (ns3dmm.metrics.Handover), in the order they happen
_EVENTS = (
    ("last_rx_before_s", "last packet through the old access point"),
    ("link_lost_s", "last beacon from the old access point"),
    ("deassociated_s", "link loss detected: de-association"),
    ("associated_s", "associated with the new access point"),
    ("movement_detected_s", "movement detected (RA / proxy learns of the station)"),
    ("care_of_address_s", "care-of address in use (after DAD)"),
    ("registration_sent_s", "(Proxy) Binding Update sent"),
    ("registration_acknowledged_s", "(Proxy) Binding Acknowledgement received"),
    ("first_rx_after_s", "first packet through the new access point"),
)


def handover_anatomy(handover: dict, path: Path, model: dict | None = None,
                     title: str | None = None) -> None:
    """One handover's timeline (a ``handovers`` entry of the results) as events on a time axis
    relative to the de-association, with the spans latency, interruption and L2 outage; the
    analytic model's events beside the measured ones when ``model`` is given, relative to the
    model's own de-association (so the durations compare)."""
    t0 = handover["deassociated_s"]
    m0 = model["deassociated_s"] if model is not None else 0.0
    rows = [(key, label) for key, label in _EVENTS
            if handover.get(key) is not None or (model or {}).get(key) is not None]
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(rows) + 2.6), layout="constrained")
    for y, (key, label) in enumerate(rows):
        ax.axhline(y, color="0.9", lw=0.8, zorder=0)
        if handover.get(key) is not None:
            ax.plot(handover[key] - t0, y, "o", color="tab:blue", zorder=3,
                    label="measured" if y == 0 else None)
        if model is not None and model.get(key) is not None:
            ax.plot(model[key] - m0, y, "x", color="tab:red", ms=8, mew=1.6, zorder=4,
                    label="model (configuration only)" if y == 0 else None)
    ax.set_yticks(range(len(rows)), [label for _, label in rows], fontsize=8)
    ax.set_ylim(len(rows) - 0.4, -2.6)
    spans = [("interruption_s", "last_rx_before_s", "interruption (what the application sees)",
              -1.9, "tab:purple"),
             ("latency_s", "deassociated_s", "latency (L3 handover latency)", -1.25,
              "tab:orange"),
             ("l2_outage_s", "deassociated_s", "L2 outage", -0.6, "tab:gray")]
    for key, start, label, y, colour in spans:
        if handover.get(key) is None or handover.get(start) is None:
            continue
        x0 = handover[start] - t0
        ax.annotate("", xy=(x0 + handover[key], y), xytext=(x0, y),
                    arrowprops={"arrowstyle": "<->", "color": colour, "lw": 1.4})
        ax.text(x0 + handover[key] / 2, y - 0.12, f"{label}: {handover[key] * 1000:.0f} ms",
                ha="center", va="bottom", fontsize=8, color=colour)
    ax.axvline(0, color="0.6", lw=0.8, ls=":")
    ax.set_xlabel(f"time from the de-association (s; measured at {t0:.3f} s simulated"
                  + (f", model at {m0:.3f} s)" if model is not None else ")"))
    ax.set_title(title or f"Handover {handover.get('previous_access_router') or '?'} -> "
                 f"{handover['access_router']}")
    ax.legend(loc="center right", fontsize=8)
    fig.savefig(path, dpi=110)
    plt.close(fig)
