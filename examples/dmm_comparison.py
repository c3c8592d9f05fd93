#!/usr/bin/env python3
"""The 13 mobility management designs of the draft on one WiFi internetwork, side by side,
and MIPv6 with its own route optimisation (RFC 6275 return routability, ``mipv6-ro``): a short
version of the dmm_designs campaign (campaigns/dmm_designs.py), a few seeds per design.

Topology (the campaign's): a core router; three networks, each with a gateway and two 802.11a
access routers 80 m apart on one line (LM servers, anchors and home agents where the design
puts them); 10 ms to the core, 2 ms inside a network. The mobile node of network 1 crosses
all six access routers at 10 m/s from AR11 (handovers at about 7, 15, 23, 31 and 39 s) while
CN21, behind AR21, streams 100 UDP packets/s of 500 octets to its home address (dynamic
mobility: to the address of the network where the session starts).

What to look for: ``dmm_comparison.png`` (per design, the mean over the seeds with its range:
handover latency, loss rate, route stretch, packets through an MR of a third network, that is a
central anchor, signalling cost and packet delivery cost per delivered packet),
``summary.csv`` (the same figures and more, n, mean, min and max per design), and
``results.json`` (ns3dmm.results schema: every run with the configuration that made it). The
table printed sets each design's REQ1.2 grade (no central anchor on the path) beside the share
of packets that did go through one.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path
from typing import Any

from ns3dmm import results
from ns3dmm.framework import analyse, build_preset, preset_names

#: the campaign's scenario (campaigns/dmm_designs.py)
SCENARIO = {"networks": 3, "ars_per_network": 2, "mobility_speed_mps": 10.0,
            "mobility_start_s": 2.0, "stop_s": 46.0}
#: (summary figure, label, scale) in the plot and the table
FIGURES = [("mean_latency_s", "handover latency (ms)", 1000.0),
           ("loss_ratio", "loss rate (%)", 100.0),
           ("mean_stretch", "route stretch", 1.0),
           ("third_network_share", "via a third-network MR (%)", 100.0),
           ("signalling_cost_per_s", "signalling cost (octets x links / s)", 1.0),
           ("delivery_cost_per_packet", "delivery cost (octets x links / packet)", 1.0)]
#: further figures in summary.csv
EXTRA = ["mean_interruption_s", "signalling_messages", "lm_messages_per_s", "cache_hit_ratio",
         "stale_deliveries", "first_packet_extra_s", "tunnelled_share"]


def _spread(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "mean": None, "min": None, "max": None}
    return {"n": len(values), "mean": sum(values) / len(values), "min": min(values),
            "max": max(values)}


def _plot(table: dict[str, dict[str, dict[str, Any]]], path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    names = list(table)
    fig, axes = plt.subplots(3, 2, figsize=(13, 11), layout="constrained")
    for ax, (key, label, scale) in zip(axes.flat, FIGURES, strict=True):
        for x, name in enumerate(names):
            f = table[name][key]
            if f["mean"] is None:
                ax.text(x, 0, "none", ha="center", va="bottom", fontsize=7, rotation=90)
                continue
            mean, low, high = (f[k] * scale for k in ("mean", "min", "max"))
            ax.bar(x, mean, color="tab:blue", alpha=0.75)
            ax.errorbar(x, mean, yerr=[[max(0.0, mean - low)], [max(0.0, high - mean)]], fmt="none",
                        ecolor="k",
                        capsize=3, lw=1)
        ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=8)
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        if key in ("loss_ratio", "third_network_share"):
            ax.set_ylim(0, 100)
        ns = sorted({table[n][key]["n"] for n in names if table[n][key]["n"]})
        ax.set_title(f"{label}: mean, bars from min to max (n = {', '.join(map(str, ns))})",
                     fontsize=9)
    fig.suptitle("The draft's designs on one internetwork (ns3-dmm, examples/dmm_comparison.py)")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--runs", type=int, default=3,
                        help="seeds (RngRun 1..N) per design (default 3)")
    parser.add_argument("--presets", nargs="+", metavar="PRESET", default=list(preset_names()),
                        help=f"the designs to run (default: all {len(preset_names())})")
    parser.add_argument("--stop-s", type=float, default=SCENARIO["stop_s"],
                        help=f"simulated seconds per run (default {SCENARIO['stop_s']:g}: the "
                        "whole path)")
    args = parser.parse_args(argv)
    unknown = [p for p in args.presets if p not in preset_names()]
    if unknown or args.runs < 1 or not args.stop_s > 0:
        parser.error(f"unknown presets {unknown}" if unknown
                     else "--runs must be >= 1 and --stop-s > 0")
    args.out.mkdir(parents=True, exist_ok=True)

    from ns3dmm.program import document, summary  # noqa: PLC0415
    from ns3dmm.simulate import simulate_document  # noqa: PLC0415 (loads ns-3)

    runs, figures = [], {}
    started = time.perf_counter()
    for name in args.presets:
        figures[name] = []
        for run in range(1, args.runs + 1):
            values = SCENARIO | {"placement": name, "stop_s": args.stop_s, "RngRun": run,
                                 "traffic_address": "local" if name == "dynamic" else "home"}
            r = simulate_document(document(values))
            runs.append(r)
            figures[name].append(summary(r))
        print(f"{name:24s} {args.runs} run(s), {time.perf_counter() - started:6.1f} s so far",
              flush=True)
    path = results.write(args.out / "results.json", runs)

    table = {name: {key: _spread([f[key] for f in rows if f.get(key) is not None
                                  and not math.isnan(f[key])])
                    for key in [k for k, _, _ in FIGURES] + EXTRA}
             for name, rows in figures.items()}
    with (args.out / "summary.csv").open("w", newline="") as out:
        w = csv.writer(out)
        keys = [k for k, _, _ in FIGURES] + EXTRA
        w.writerow(["placement"] + [f"{k}_{s}" for k in keys for s in ("n", "mean", "min",
                                                                       "max")])
        for name, row in table.items():
            w.writerow([name] + [row[k][s] for k in keys for s in ("n", "mean", "min", "max")])
    _plot(table, args.out / "dmm_comparison.png")

    print(f"\n{'design':24s} {'latency ms':>10s} {'loss %':>7s} {'stretch':>7s} "
          f"{'3rd-net %':>9s}  REQ1.2 graded")
    for name, row in table.items():
        grade = analyse(build_preset(name, networks=3, ars_per_network=2)).status("REQ1.2")

        def cell(key: str, scale: float, width: int, digits: int) -> str:
            mean = row[key]["mean"]
            return f"{'-':>{width}s}" if mean is None else f"{mean * scale:{width}.{digits}f}"

        print(f"{name:24s} {cell('mean_latency_s', 1000, 10, 0)} "
              f"{cell('loss_ratio', 100, 7, 1)} {cell('mean_stretch', 1, 7, 2)} "
              f"{cell('third_network_share', 100, 9, 1)}  {grade.value}")
    print(f"\nn = {args.runs} per design (mean; summary.csv has min and max)")
    print(f"results: {path}; table: {args.out / 'summary.csv'}; plot: "
          f"{args.out / 'dmm_comparison.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
