#!/usr/bin/env python3
"""Time to build a preset and derive its relations (ns3dmm.framework.relations) at scale: 100
networks and 10 000 mobile nodes by default, for every preset, --repeat times each (median and
range). Goal (issue 10): relations() in < 2 s. With --reachable, also reachable_relations(),
what deploy() wires: every mobile node's chain at every access router (mobile nodes x access
routers chains). Pure Python: ns-3 is not loaded."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from ns3dmm.framework.presets import PRESETS, build_preset
from ns3dmm.framework.relations import reachable_relations, relations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--networks", type=int, default=100)
    parser.add_argument("--mobile-nodes", type=int, default=10_000)
    parser.add_argument("--ars-per-network", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reachable", action="store_true",
                        help="also time reachable_relations()")
    parser.add_argument("--preset", action="append", choices=list(PRESETS),
                        help="only this preset (repeatable; default: all)")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be positive")
    rows = []
    for name in args.preset or PRESETS:
        build, derive, reach = [], [], []
        count = reachable = 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            p = build_preset(name, networks=args.networks, mobile_nodes=args.mobile_nodes,
                             ars_per_network=args.ars_per_network)
            build.append(time.perf_counter() - t)
            t = time.perf_counter()
            count = len(relations(p))
            derive.append(time.perf_counter() - t)
            if args.reachable:
                t = time.perf_counter()
                reachable = len(reachable_relations(p))
                reach.append(time.perf_counter() - t)
        row = {"preset": name, "relations": count, "build_s": build, "relations_s": derive}
        line = (f"{name:24s} build {statistics.median(build):6.2f} s  relations "
                f"{statistics.median(derive):6.2f} s [{min(derive):.2f}, {max(derive):.2f}]  "
                f"({count} relations")
        if reach:
            row |= {"reachable": reachable, "reachable_s": reach}
            line += (f"; reachable {statistics.median(reach):6.2f} s [{min(reach):.2f}, "
                     f"{max(reach):.2f}], {reachable}")
        rows.append(row)
        print(f"{line}, n={args.repeat})", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"networks": args.networks, "mobile_nodes": args.mobile_nodes,
                       "ars_per_network": args.ars_per_network, "results": rows}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
