#!/usr/bin/env python3
"""What WiFi costs over each PHY and channel, side by side: the same scenario (``scale.py``'s:
PMIPv6, random waypoint at 5-10 m/s, one 100 kb/s stream, FlowMonitor off) over the Yans PHY,
the spectrum PHY on ns-3's MultiModelSpectrumChannel and on ns3-dmm's RangeSpectrumChannel
(both at the default max_loss_db), in rounds that run the three in turn, each in a fresh
process. Reported per variant: median and range of the whole process's wall time, of the
simulation's, and the events; and whether the two spectrum channels measured the same
(they must: the range channel only skips receptions the cut-off drops anyway)."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = {"yans": {"phy": "yans"},
            "multi-model": {"phy": "spectrum", "spectrum_channel": "multi-model"},
            "range": {"phy": "spectrum", "spectrum_channel": "range"}}


def one(point: dict[str, Any]) -> dict[str, Any]:
    """One run in this process: its wall figures and a digest of what it measured."""
    import hashlib

    from scale import _document

    from ns3dmm.simulate import simulate_document

    doc = _document({"mobile_nodes": point["mobile_nodes"], "networks": point["networks"],
                     "stop_s": point["stop_s"], "access": "wifi", "placement": "pmipv6"})
    doc["scenario"]["wifi"] = VARIANTS[point["variant"]]
    r = simulate_document(doc)
    digest = hashlib.sha256(json.dumps(r.measured(), sort_keys=True).encode()).hexdigest()
    return {"simulation_s": r.wall["simulation_s"], "events": r.wall["events"],
            "measured_sha256": digest}


def main() -> int:
    from rounds import alternate, arguments

    args = arguments(__doc__.split("\n\n")[0], mobile_nodes=300, networks=100,
                     stop=5.0).parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return 0

    def report(k: int, variant: str, row: dict[str, Any]) -> None:
        print(f"round {k} {variant:12s} process {row['process_s']:7.1f} s  simulation "
              f"{row['simulation_s']:7.1f} s  {row['events']:>10d} events", flush=True)

    rows = alternate(__file__, list(VARIANTS), args.rounds,
                     {"mobile_nodes": args.mobile_nodes, "networks": args.networks,
                      "stop_s": args.stop}, report)
    print(f"\n{args.mobile_nodes} stations, {2 * args.networks} access points, {args.stop} "
          f"simulated s, {args.rounds} rounds (median [min, max]):")
    for variant, rs in rows.items():
        for key in ("process_s", "simulation_s"):
            xs = [r[key] for r in rs]
            print(f"  {variant:12s} {key:13s} {statistics.median(xs):8.2f} "
                  f"[{min(xs):.2f}, {max(xs):.2f}]")
        print(f"  {variant:12s} events        {statistics.median(r['events'] for r in rs):10.0f}")
    same = {r["measured_sha256"] for v in ("multi-model", "range") for r in rows[v]}
    print(f"spectrum channels measured the same: {len(same) == 1}")
    return 0 if len(same) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
