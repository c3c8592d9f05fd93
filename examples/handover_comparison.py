#!/usr/bin/env python3
"""MIPv6 against PMIPv6 on the same scenario (ns3dmm.experiments): one mobile node crossing
four WiFi access routers in two networks while a correspondent streams UDP to it.

Topology: a core router; Network1 (GW1, anchor HA1/LMA1, AR11, AR12) and Network2 (GW2, AR21,
AR22, the correspondent CN21 behind AR21); 10 ms to the core, 2 ms inside a network; access
routers are 802.11a access points 80 m apart on one channel. MIPv6: the mobile node's agent
registers each new care-of address with the home agent, after duplicate address detection of
it (RFC 4862). PMIPv6: each access router's MAG registers the station with the LMA; the mobile
node keeps its address.

Timeline: at AR11 from 0 s; moving at 10 m/s from 2 s; de-associations at about 7.4 s, 15.4 s,
23.4 s (handovers to AR12, AR21, AR22); 100 UDP packets/s of 500 octets from 1.5 s to 28 s.

What to look for: ``handover.png`` (throughput and one-way delay; for each handover the
de-association, the association and the interruption; the model's first packet) and
``results.json`` (ns3dmm.results schema: the configuration, and per handover its timeline
next to the analytic model; loss, delay, jitter; route stretch per access router; signalling
per pair of functions; binding table sizes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ns3dmm import experiments, results
from ns3dmm.plotting import handover_timeline
from ns3dmm.program import summary


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def main(argv: list[str] | None = None, modes: tuple[str, ...] = experiments.MODES,
         description: str = __doc__) -> int:
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1, help="RngSeedManager seed (default 1)")
    parser.add_argument("--run", type=int, default=1, help="RngSeedManager run (default 1)")
    parser.add_argument("--pcap", action="store_true", help="write pcaps (one per device)")
    parser.add_argument("--no-dad", dest="dad", action="store_false",
                        help="no duplicate address detection (RFC 4862; on by default)")
    parser.add_argument("--optimistic-dad", action="store_true",
                        help="use a new care-of address during duplicate address detection "
                        "(RFC 4429)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    functions = {"ns3::dmm::MobileNodeAgent": {"OptimisticDad": args.optimistic_dad}}
    runs = [experiments.run(mode, args.seed, args.run, args.out / mode if args.pcap else None,
                            functions, dad=args.dad)
            for mode in modes]
    path = results.write(args.out / "results.json", runs)
    handover_timeline(results.document(runs)["simulations"], args.out / "handover.png")
    for r in runs:
        st = next(iter(r.streams.values()))
        print(f"{r.placement:7s} delivered {st['unique']}/{st['sent']} (lost {st['lost']}, "
              f"mean delay {st['mean_delay_s'] * 1000:.1f} ms); wall "
              f"{r.wall['simulation_s']:.2f} s for {experiments.STOP_S:.0f} s simulated")
        for h in summary(r)["per_handover"]:
            print(f"        {h['previous_access_router']}->{h['access_router']}: latency "
                  f"{_ms(h['latency_s'])} ms (model {_ms(h['model_latency_s'])}), interruption "
                  f"{_ms(h['interruption_s'])} ms (model {_ms(h['model_interruption_s'])})")
    print(f"results: {path}; plot: {args.out / 'handover.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
