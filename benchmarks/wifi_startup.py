#!/usr/bin/env python3
"""The start of a WiFi run with many stations, together against staggered, side by side:
PMIPv6, every mobile node static under one access point (AR21), so that every station scans,
probes and associates at the same access point; ``start_spacing_ms = 0`` (every station scans
at 0) against the default (station k k x 1 ms later), in rounds that run the two in turn, each
in a fresh process. Reported per variant: median and range of Simulator::Run's wall time and
events, the stations associated by the end and when the last one did, the mobile nodes whose
first registration was acknowledged."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = {"together": 0.0, "spaced": 1.0}


def one(point: dict[str, Any]) -> dict[str, Any]:
    """One run in this process: its figures."""
    from ns3dmm.simulate import simulate_document

    doc = {"simulation": {"placement": "pmipv6",
                          "placement_params": {"networks": 2, "ars_per_network": 1,
                                               "mobile_nodes": point["mobile_nodes"]},
                          "stop_s": point["stop_s"]},
           "scenario": {"seed": 1, "run": 1, "flow_monitor": False,
                        "mobility": {"model": "static"},
                        "wifi": {"start_spacing_ms": VARIANTS[point["variant"]]}},
           "traffic": [{"kind": "udp-cbr", "rate": "10kbps", "size": 100, "receiver": "*",
                        "start_s": point["stop_s"] / 2}]}
    r = simulate_document(doc)
    associated = [a["associated_s"] for a in r.attachments.values()
                  if a.get("associated_s") is not None]
    registered = [a for a in r.attachments.values()
                  if a.get("registration_acknowledged_s") is not None]
    return {"simulation_s": r.wall["simulation_s"], "events": r.wall["events"],
            "associated": len(associated), "last_associated_s": max(associated, default=None),
            "registered": len(registered)}


def main() -> int:
    from rounds import alternate, arguments

    parser = arguments(__doc__.split("\n\n")[0], mobile_nodes=200, networks=2, stop=3.0)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return 0

    def report(k: int, variant: str, row: dict[str, Any]) -> None:
        print(f"round {k} {variant:9s} process {row['process_s']:6.1f} s  simulation "
              f"{row['simulation_s']:6.1f} s  events {row['events']:>10,}  associated "
              f"{row['associated']}/{args.mobile_nodes} (last {row['last_associated_s']} s)  "
              f"registered {row['registered']}", flush=True)

    point = {"mobile_nodes": args.mobile_nodes, "stop_s": args.stop}
    rows = alternate(__file__, list(VARIANTS), args.rounds, point, report)
    for variant, rs in rows.items():
        sims = [r["simulation_s"] for r in rs]
        print(f"{variant:9s} simulation median {statistics.median(sims):6.1f} s "
              f"[{min(sims):.1f}, {max(sims):.1f}] (n = {len(sims)}), events median "
              f"{statistics.median(r['events'] for r in rs):,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
