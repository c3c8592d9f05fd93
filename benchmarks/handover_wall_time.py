#!/usr/bin/env python3
"""Wall-clock time per simulated second of the two handover examples (ns3dmm.experiments:
MIPv6 and PMIPv6, four WiFi access routers, 100 UDP packets/s, 28 simulated seconds), measured
around Simulator::Run only; each mode runs --repeat times and the median is reported."""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from ns3dmm import experiments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    result: dict[str, dict] = {}
    for mode in experiments.MODES:
        walls = [experiments.run(mode).wall_s for _ in range(args.repeat)]
        per_second = statistics.median(walls) / experiments.STOP_S
        result[mode] = {"wall_s": walls, "wall_per_simulated_s": per_second}
        print(f"{mode:7s} {per_second:.3f} s of wall time per simulated second "
              f"(runs: {', '.join(f'{w:.2f}' for w in walls)} s for {experiments.STOP_S:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
