#!/usr/bin/env python3
"""Migrating home agents (HAHA, draft figure 6) with 2 to 6 members on a ring core: route
stretch for a correspondent near each member, and the Location Replicate messages and octets
each registration costs.

Topology, for ``m`` members: networks Network1..Networkm whose gateways form a ring (10 ms per
core link, 2 ms inside a network); in each network a home agent HAk (an MR and a replica of
LM0, all advertising every network's home prefix pool: an anycast group) and one 802.11a access
router ARk1, 80 m apart on one channel; a correspondent CNk1 behind each access router. The
mobile node MN11 (home Network1) starts at ARm1 and crosses every access router down to AR11
at 10 m/s; each correspondent streams UDP to it (50 packets/s of 500 octets).

Measured per run: for each correspondent and access router, the links its packets crossed
against the shortest path (route stretch; the member nearest the correspondent intercepts, so
a correspondent in the mobile node's network sees stretch 1 plus the detour to its own
member); per registration (one at each access router), the Location Replicate messages it
cost (the draft: members - 1) and their octets. Writes ``results.json`` (one simulation per
member count and run) and ``haha.png``: stretch and Replicate messages per registration
against the member count, mean over runs with 95 % bootstrap intervals and n.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from ns3dmm import results
from ns3dmm.framework.model import Node, NodeKind, Placement
from ns3dmm.framework.presets import build_preset
from ns3dmm.scenario import ScenarioConfig
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import Results, Traffic, simulate
from ns3dmm.stats import mean_ci

DWELL_S = 8.0  # 80 m at 10 m/s


def placement(members: int) -> Placement:
    """The haha preset with ``members`` networks, one access router each, MN11 starting at
    the last one and a correspondent behind every access router."""
    pl = build_preset("haha", networks=members, ars_per_network=1, mobile_nodes=1)
    last = f"AR{members}1"
    nodes = [dataclasses.replace(n, network=f"Network{members}", attached_to=last)
             if n.name == "MN11" else n for n in pl.nodes]
    have = {n.name for n in nodes}
    nodes += [Node(f"CN{k}1", NodeKind.CORRESPONDENT, f"Network{k}", attached_to=f"AR{k}1")
              for k in range(1, members + 1) if f"CN{k}1" not in have]
    return dataclasses.replace(pl, nodes=tuple(nodes))


def run_one(members: int, seed: int, run: int) -> Results:
    path = tuple(f"AR{k}1" for k in range(members, 0, -1))
    stop_s = 2.0 + DWELL_S * (members - 1) + 6.0
    traffic = tuple(Traffic("udp-cbr", f"CN{k}1", "MN11", rate="200kbps", size=500,
                            start_s=1.5) for k in range(1, members + 1))
    scenario = ScenarioConfig(seed=seed, run=run, core="ring", dad=False, cn_rate="4Mbps",
                              mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0,
                                                      path=path))
    return simulate(placement(members), scenario, None, traffic, stop_s)


def summary(r: Results) -> dict[str, Any]:
    """Mean stretch over the correspondents and access routers, and Location Replicate
    messages and octets per registration (one registration per access router)."""
    stretches = [s["stretch"] for segments in r.paths.values() for s in segments
                 if s["packets"] > 0 and s["stretch"] is not None]
    registrations = len(r.registrations["MN11"]["times_s"])
    replicates = sum(v["changes"] + v["refreshes"] for v in r.replication.values())
    octets = r.signalling_by_function.get("location management -> location management",
                                          {}).get("octets", 0)
    return {"stretch": sum(stretches) / len(stretches),
            "stretch_max": max(stretches),
            "registrations": registrations,
            "replicates_per_registration": replicates / registrations,
            # Replicate and Replicate Ack octets together, per registration.
            "replication_octets_per_registration": octets / registrations}


def plot(table: dict[int, list[dict[str, Any]]], path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    members = sorted(table)
    fig, axes = plt.subplots(2, 1, figsize=(7, 6.5), sharex=True)
    for ax, key, label in ((axes[0], "stretch", "route stretch (mean over CNs and ARs)"),
                           (axes[1], "replicates_per_registration",
                            "Location Replicates per registration")):
        cis = [mean_ci([row[key] for row in table[m]]) for m in members]
        n = min(len(table[m]) for m in members)
        err = None if n < 2 else [[c.mean - c.low for c in cis], [c.high - c.mean for c in cis]]
        ax.errorbar(members, [c.mean for c in cis], yerr=err, marker="o", capsize=3,
                    label=f"measured (n={n} runs per point)")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[1].plot(members, [m - 1 for m in members], "k--", label="draft: members - 1")
    axes[0].set_ylim(bottom=1.0)
    axes[1].set_ylim(bottom=0)
    axes[1].set_xlabel("members of the anycast group (networks on the ring)")
    axes[1].set_xticks(members)
    for ax in axes:
        ax.legend()
    axes[0].set_title("HAHA on a ring core: mean over runs, 95 % bootstrap interval")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--members", type=int, nargs="+", default=[2, 3, 4, 5, 6],
                        help="group sizes to simulate, 2..6 (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="RngSeedManager seed (default 1)")
    parser.add_argument("--run", type=int, default=1, help="first RngSeedManager run (default 1)")
    parser.add_argument("--runs", type=int, default=2,
                        help="runs per group size: --run, --run + 1, ... (default 2)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if any(not 2 <= m <= 6 for m in args.members):
        parser.error("--members: each between 2 and 6")
    args.out.mkdir(parents=True, exist_ok=True)
    runs = [run_one(m, args.seed, args.run + k) for m in args.members for k in range(args.runs)]
    path = results.write(args.out / "results.json", runs)
    table: dict[int, list[dict[str, Any]]] = {}
    for m, r in zip([m for m in args.members for _ in range(args.runs)], runs, strict=True):
        table.setdefault(m, []).append(summary(r))
    plot(table, args.out / "haha.png")
    for m in sorted(table):
        rows = table[m]
        s = mean_ci([row["stretch"] for row in rows])
        rep = mean_ci([row["replicates_per_registration"] for row in rows])
        octets = mean_ci([row["replication_octets_per_registration"] for row in rows])
        print(f"{m} members (n={len(rows)} runs): stretch {s.mean:.2f} (max "
              f"{max(row['stretch_max'] for row in rows):.2f}), Replicates per registration "
              f"{rep.mean:.2f} (draft {m - 1}), replication octets per registration "
              f"{octets.mean:.0f}")
    print(f"results: {path}; plot: {args.out / 'haha.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
