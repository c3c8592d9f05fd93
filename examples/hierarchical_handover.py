#!/usr/bin/env python3
"""PMIPv6 against HMIPv6 (host- and network-based) on one topology: a mobile node crossing six
WiFi access routers in three networks while a correspondent streams UDP to it.

Topology: a core router; Network1 (GW1, the home anchor HA1 with LM1, AR11, AR12), Network2
(GW2, MAP2, AR21, AR22, the correspondent CN21 behind AR21), Network3 (GW3, MAP3, AR31,
AR32); 10 ms to the core, 2 ms inside a network; 802.11a access points 80 m apart on one
channel. PMIPv6: every access router's proxy registers the station with LM1. HMIPv6
network-based (draft figure 4): in Network2 and Network3 the access routers' proxies register
with their network's anchor point (MAP2, MAP3), whose proxy registers the station with LM1
only when it first comes under it; LM1 then maps the prefix to the anchor point, the anchor
point to the access router. HMIPv6 host-based (RFC 5380): the mobile node itself registers
its on-link care-of address with the anchor point (local Binding Update, binding its regional
care-of address), and the regional care-of address with LM1 only when it enters the anchor
point's domain; in Network1 it registers with LM1 directly, as in MIPv6. Host-based handovers
wait for a Router Advertisement and for duplicate address detection of the new care-of
address (1 s).

Timeline: at AR11 from 0 s; moving at 10 m/s from 2 s; handovers to AR12, AR21, AR22, AR31,
AR32 at about 7.4, 15.4, 23.4, 31.4 and 39.4 s; 100 UDP packets/s of 500 octets from 1.5 s to
the end (46 s). AR12->AR21 and AR22->AR31 change anchor point (inter-MAP), AR21->AR22 and
AR31->AR32 stay under one (intra-MAP).

Writes ``results.json`` (ns3dmm.results schema, one simulation per placement and run:
configuration, per handover timeline, latency and interruption, registrations per node with
their times, signalling per pair of functions) and ``hierarchical.png``: per handover, the
mean latency, interruption and registrations LM1 received over ``--runs`` runs, with 95 %
bootstrap intervals and n.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ns3dmm import results
from ns3dmm.framework.presets import build_preset
from ns3dmm.simulate import Results, simulate_document
from ns3dmm.stats import mean_ci

PLACEMENTS = ("pmipv6", "hmipv6-host", "hmipv6-network")
STOP_S = 46.0


def document(placement: str, seed: int, run: int) -> dict[str, Any]:
    return {
        "simulation": {"placement": placement,
                       "placement_params": {"networks": 3, "ars_per_network": 2},
                       "stop_s": STOP_S},
        "scenario": {"seed": seed, "run": run,
                     "mobility": {"model": "path", "speed_mps": 10.0, "start_s": 2.0}},
        "functions": {},
        "traffic": [{"kind": "udp-cbr", "source": "CN21", "receiver": "MN11",
                     "rate": "400kbps", "size": 500, "start_s": 1.5}],
    }


def lm1_registrations(r: Results) -> list[int]:
    """Per handover of MN11: the (Proxy) Binding Updates sent to the node of the location
    management function of its home network (LM1), from its association to the next one."""
    sim = r.configuration["simulation"]
    placement = build_preset(sim["placement"], **sim["placement_params"])
    lm_node = placement.responsible_lm("Network1").node
    moves = r.handovers["MN11"]
    starts = [h["associated_s"] for h in moves]
    ends = [*starts[1:], r.stop_s]
    sent = [t for reg in r.registrations.values() for t in reg["to_s"].get(lm_node, [])]
    return [sum(1 for t in sent if lo - 0.05 <= t < hi - 0.05)
            for lo, hi in zip(starts, ends, strict=True)]


HANDOVERS = ("AR11->AR12", "AR12->AR21", "AR21->AR22", "AR22->AR31", "AR31->AR32")


def per_handover(r: Results) -> dict[str, dict[str, float]] | None:
    """Latency, interruption (s) and LM1 registrations per handover of MN11, by access router
    pair; None when the run's handovers are not the five of the path (a second association
    at a cell edge)."""
    moves = r.handovers["MN11"]
    names = tuple(f"{h['previous_access_router']}->{h['access_router']}" for h in moves)
    if names != HANDOVERS:
        return None
    return {name: {"latency_s": h["latency_s"], "interruption_s": h["interruption_s"],
                   "lm1": lm1}
            for name, h, lm1 in zip(names, moves, lm1_registrations(r), strict=True)}


def plot(table: dict[str, list[dict[str, dict[str, float]]]], path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(3, 1, figsize=(8, 8.5), sharex=True)
    width = 0.8 / len(table)
    for k, (placement, runs) in enumerate(table.items()):
        xs = [i + (k - (len(table) - 1) / 2) * width for i in range(len(HANDOVERS))]
        for ax, key, scale in ((axes[0], "latency_s", 1000), (axes[1], "interruption_s", 1000),
                               (axes[2], "lm1", 1)):
            cis = [mean_ci([run[h][key] * scale for run in runs]) for h in HANDOVERS]
            # One run: no interval to draw.
            err = None if len(runs) < 2 else [[c.mean - c.low for c in cis],
                                              [c.high - c.mean for c in cis]]
            ax.bar(xs, [c.mean for c in cis], width, label=f"{placement} (n={len(runs)})",
                   yerr=err, capsize=3)
    axes[0].set_ylabel("latency, ms")
    axes[1].set_ylabel("interruption, ms")
    axes[2].set_ylabel("registrations at LM1")
    axes[2].set_yticks(range(0, 3))
    for ax in axes:
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend()
    axes[2].set_xticks(range(len(HANDOVERS)), HANDOVERS)
    axes[0].set_title("Mean over runs, 95 % bootstrap interval (n per placement in the legend)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _interval(ci: Any) -> str:
    return f" [{ci.low:.1f}, {ci.high:.1f}]" if ci.n >= 2 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1, help="RngSeedManager seed (default 1)")
    parser.add_argument("--run", type=int, default=1,
                        help="first RngSeedManager run (default 1)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per placement: --run, --run + 1, ... (default 3)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    runs = [simulate_document(document(p, args.seed, args.run + k))
            for p in PLACEMENTS for k in range(args.runs)]
    path = results.write(args.out / "results.json", runs)
    table: dict[str, list[dict[str, dict[str, float]]]] = {p: [] for p in PLACEMENTS}
    for r in runs:
        row = per_handover(r)
        if row is None:
            print(f"{r.placement} run {r.run}: handovers other than the path's "
                  "(left out of the plot)")
        else:
            table[r.placement].append(row)
    table = {p: rows for p, rows in table.items() if rows}
    plot(table, args.out / "hierarchical.png")
    for placement, rows in table.items():
        print(f"{placement} (n={len(rows)} runs): mean"
              f"{' [95 % interval]' if len(rows) >= 2 else ''}")
        for h in HANDOVERS:
            lat = mean_ci([row[h]["latency_s"] * 1000 for row in rows])
            itr = mean_ci([row[h]["interruption_s"] * 1000 for row in rows])
            lm1 = sorted({row[h]["lm1"] for row in rows})
            print(f"  {h}: latency {lat.mean:6.1f} ms{_interval(lat)}, interruption "
                  f"{itr.mean:6.1f} ms{_interval(itr)}, registrations at LM1 "
                  f"{'/'.join(map(str, lm1))}")
    print(f"results: {path}; plot: {args.out / 'hierarchical.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
