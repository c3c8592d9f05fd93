#!/usr/bin/env python3
"""What keeping every packet costs against bounded metrics, side by side: the same scenario
(PMIPv6 over the abstract access model, ``scale.py``'s random waypoint, a 100 kb/s stream of
500-octet packets to every mobile node, FlowMonitor off) with ``metrics = "per-packet"`` and
``"bounded"``, in rounds that run the two in turn, each in a fresh process. Reported per
variant: median and range of the whole process's wall time and peak RSS, the results file's
octets and the packets delivered; and whether the two measured the same (everything but the
series, which bounded metrics give for all sessions together: their sum must equal the
per-packet series summed)."""

from __future__ import annotations

import json
import resource
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = ("per-packet", "bounded")


def one(point: dict[str, Any]) -> dict[str, Any]:
    """One run in this process: its figures and what it measured, series apart."""
    import hashlib

    from scale import _document

    from ns3dmm.simulate import simulate_document

    doc = _document({"mobile_nodes": point["mobile_nodes"], "networks": point["networks"],
                     "stop_s": point["stop_s"], "access": "abstract", "placement": "pmipv6"})
    doc["scenario"]["metrics"] = point["variant"]
    doc["traffic"] = [{"kind": "udp-cbr", "rate": "100kbps", "size": 500, "receiver": "*"}]
    r = simulate_document(doc)
    measured = r.measured()
    series = measured.pop("series")
    kbps = [sum(xs) for xs in zip(*(s["kbps"] for s in series.values()), strict=True)]
    digest = hashlib.sha256(json.dumps(measured, sort_keys=True).encode()).hexdigest()
    return {"simulation_s": r.wall["simulation_s"], "readout_s": r.wall["readout_s"],
            "results_octets": len(r.to_json()),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "delivered": sum(a["rx_packets"] for a in r.apps.values()),
            "measured_sha256": digest, "kbps": kbps}


def main() -> int:
    from rounds import alternate, arguments

    args = arguments(__doc__.split("\n\n")[0], mobile_nodes=1000, networks=10,
                     stop=10.0).parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return 0

    def report(k: int, variant: str, row: dict[str, Any]) -> None:
        print(f"round {k} {variant:10s} process {row['process_s']:7.1f} s  simulation "
              f"{row['simulation_s']:7.1f} s  read-out {row['readout_s']:5.2f} s  peak RSS "
              f"{row['peak_rss_mb']:6.0f} MB  results {row['results_octets'] / 1e6:6.2f} MB"
              f"  {row['delivered']} packets", flush=True)

    rows = alternate(__file__, VARIANTS, args.rounds,
                     {"mobile_nodes": args.mobile_nodes, "networks": args.networks,
                      "stop_s": args.stop}, report)
    print(f"\n{args.mobile_nodes} mobile nodes, {2 * args.networks} access routers, {args.stop} "
          f"simulated s, {args.rounds} rounds (median [min, max]):")
    for variant, rs in rows.items():
        for key in ("process_s", "simulation_s", "readout_s", "peak_rss_mb", "results_octets"):
            xs = [r[key] for r in rs]
            print(f"  {variant:10s} {key:15s} {statistics.median(xs):12.2f} "
                  f"[{min(xs):.2f}, {max(xs):.2f}]")
    same = len({r["measured_sha256"] for rs in rows.values() for r in rs}) == 1
    series = all(abs(a - b) < 1e-6 for r, s in zip(rows["per-packet"], rows["bounded"],
                                                    strict=True)
                 for a, b in zip(r["kbps"], s["kbps"], strict=True))
    print(f"measured the same: {same}; series summed the same: {series}")
    return 0 if same and series else 1


if __name__ == "__main__":
    sys.exit(main())
