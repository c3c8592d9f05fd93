#!/usr/bin/env python3
"""MIPv6 against PMIPv6 on the same scenario (ns3dmm.experiments): one mobile node crossing
four WiFi access routers in two networks while a correspondent streams UDP to it.

Topology: a core router; Network1 (GW1, anchor HA1/LMA1, AR11, AR12) and Network2 (GW2, AR21,
AR22, the correspondent CN21 behind AR21); 10 ms to the core, 2 ms inside a network; access
routers are 802.11 access points 80 m apart on one channel. MIPv6: the mobile node's agent
registers each new care-of address with the home agent. PMIPv6: each access router's MAG
registers the station with the LMA; the mobile node keeps its address.

Timeline: at AR11 from 0 s; moving at 10 m/s from 2 s; handovers to AR12, AR21, AR22 at about
7.4 s, 15.5 s, 23.4 s; 100 UDP packets/s of 500 octets from 1.5 s to 28 s.

What to look for: ``handover.png`` (throughput and one-way delay; associations marked) and
``results.json``: per handover the L2 outage, the L3 handover latency (de-association to the
first packet at the new access router) next to its analytic model (``model``: L2 outage,
detection, registration, wait, return path, neighbour discovery, delivery), the gap in
delivery; loss, duplicates, delay, jitter; route stretch per access router (``paths``);
signalling per node and per pair of functions; binding table sizes over time.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ns3dmm import experiments
from ns3dmm.plotting import handover_timeline


def main(argv: list[str] | None = None, modes: tuple[str, ...] = experiments.MODES,
         description: str = __doc__) -> int:
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--run", type=int, default=1)
    parser.add_argument("--pcap", action="store_true", help="write pcaps (one per device)")
    parser.add_argument("--solicitation-jitter-ms", type=float, default=10.0,
                        help="neighbour solicitations wait U(0, this) first (ns-3 default 10; "
                        "the analytic model leaves it out)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    runs = [experiments.run(mode, args.seed, args.run, args.out / mode if args.pcap else None,
                            args.solicitation_jitter_ms)
            for mode in modes]
    (args.out / "results.json").write_text(json.dumps(runs if len(runs) > 1 else runs[0],
                                                      indent=2))
    handover_timeline(runs, args.out / "handover.png")
    for r in runs:
        st = r["stream_stats"]
        lat = [f"{h['access_router']} {h['latency_s'] * 1000:.1f} (model {m['total_s'] * 1000:.1f})"
               for h, m in zip(r["handovers"], r["model"], strict=True)
               if h["latency_s"] is not None]
        print(f"{r['mode']:7s} delivered {st['unique']}/{st['sent']} (lost {st['lost']}, "
              f"duplicated {st['duplicated']}, mean delay {st['mean_delay_s'] * 1000:.1f} ms, "
              f"jitter {st['jitter_s'] * 1000:.2f} ms); wall {r['wall_s']:.2f} s for "
              f"{experiments.STOP_S:.0f} s simulated")
        print(f"        handover latency, ms: {'; '.join(lat)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
