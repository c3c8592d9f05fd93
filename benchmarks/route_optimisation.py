#!/usr/bin/env python3
"""What MIPv6 route optimisation (RFC 6275, preset ``mipv6-ro``) costs a simulation against
MIPv6 with bidirectional tunnelling (``mipv6``), measured in one process as a ratio.

The scenario of tests/test_mipv6_route_optimisation.py (three networks, one access router
each, the mobile node crossing AR11 > AR21 > AR31 while CN21 streams UDP to its home address),
with a denser stream (``--rate``) so that per-packet work dominates. Route optimisation adds
work per packet (the correspondent's and the mobile node's down-target hooks, the Type 2
Routing header and Home Address option, their extension handlers) and removes some (the home
agent's tunnel: fewer hops). The wall-clock time of each whole ``simulate`` call (deployment,
run and metrics: what the user pays) is divided by the packets delivered; mipv6 and mipv6-ro
runs alternate --repeat times, the ratio is taken per pair (the two runs of a pair see the
same machine load) and the median and range of the pair ratios are reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

PATH = ("AR11", "AR21", "AR31")


def one_run(preset: str, rate: str, stop_s: float) -> tuple[float, int]:
    from ns3dmm.scenario import ScenarioConfig
    from ns3dmm.scenario.config import MobilityConfig
    from ns3dmm.simulate import Traffic, simulate

    start = time.perf_counter()
    results = simulate(
        preset,
        ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(
            model="path", path=PATH, speed_mps=10.0, start_s=2.0, pause_s=4.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate=rate, size=500, start_s=1.5),),
        stop_s=stop_s, placement_params={"networks": 3, "ars_per_network": 1})
    wall = time.perf_counter() - start
    (app,) = results.apps.values()
    return wall, int(app["rx_packets"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", default="4Mbps", help="the stream's rate (default 4Mbps)")
    parser.add_argument("--stop-s", type=float, default=40.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    one_run("mipv6", args.rate, 3.0)  # warm-up: ns-3 loaded, the Python-to-C++ paths compiled
    one_run("mipv6-ro", args.rate, 3.0)
    samples: dict[str, list[float]] = {"mipv6": [], "mipv6-ro": []}
    delivered: dict[str, int] = {}
    for _ in range(args.repeat):
        for preset in samples:
            wall, rx = one_run(preset, args.rate, args.stop_s)
            samples[preset].append(wall / rx)
            delivered[preset] = rx
    ratios = [ro / plain for plain, ro in zip(samples["mipv6"], samples["mipv6-ro"],
                                               strict=True)]
    result = {
        "rate": args.rate, "stop_s": args.stop_s, "delivered": delivered,
        "us_per_delivered_packet": {k: statistics.median(v) * 1e6 for k, v in samples.items()},
        "ratio": statistics.median(ratios), "pair_ratios": ratios,
        "samples_us": {k: [x * 1e6 for x in v] for k, v in samples.items()},
    }
    for preset, values in samples.items():
        print(f"{preset:9s} {statistics.median(values) * 1e6:7.2f} us per delivered packet "
              f"(median of {len(values)}, {min(values) * 1e6:.2f} to {max(values) * 1e6:.2f}; "
              f"{delivered[preset]} delivered)")
    print(f"ratio mipv6-ro / mipv6: {statistics.median(ratios):.3f} (median of {len(ratios)} "
          f"pairs, {min(ratios):.3f} to {max(ratios):.3f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
