#!/usr/bin/env python3
"""Time to install FlowMonitor on n nodes: ns-3's FlowMonitorHelper::Install against
ns3-dmm's InstallFlowProbes (one Ipv6NodeFlowProbe per node, connected without Config paths),
in alternating pairs on the same nodes (each install with a fresh helper), median and range.

The nodes are what a scenario's are to FlowMonitor: an IPv6 stack (InternetStackHelper, IPv4
off) and one point-to-point device with an address and its root queue disc, in pairs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import ns3dmm


def _nodes(ns: object, n: int) -> object:
    nodes = ns.NodeContainer()
    nodes.Create(n)
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.Install(nodes)
    p2p = ns.PointToPointHelper()
    addresses = ns.Ipv6AddressHelper()
    for k in range(0, n - 1, 2):
        devices = p2p.Install(nodes.Get(k), nodes.Get(k + 1))
        addresses.SetBase(ns.Ipv6Address(f"2001:db8:{k // 2:x}::"), ns.Ipv6Prefix(64))
        addresses.Assign(devices)
    return nodes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    ns = ns3dmm.load()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        nodes = _nodes(ns, n)
        ns3_s, ours_s = [], []
        for _ in range(args.pairs):
            helper = ns.FlowMonitorHelper()
            t0 = time.perf_counter()
            helper.Install(nodes)
            ns3_s.append(time.perf_counter() - t0)
            helper = ns.FlowMonitorHelper()
            t0 = time.perf_counter()
            installed = ns.dmm.InstallFlowProbes(helper, nodes)
            ours_s.append(time.perf_counter() - t0)
            assert installed == n
        ratios = [a / b for a, b in zip(ns3_s, ours_s, strict=True)]
        rows.append({"nodes": n, "ns3_install_s": ns3_s, "dmm_install_s": ours_s,
                     "ratio": ratios})
        print(f"{n:6d} nodes: FlowMonitorHelper::Install {statistics.median(ns3_s):8.3f} s "
              f"[{min(ns3_s):.3f}, {max(ns3_s):.3f}]   InstallFlowProbes "
              f"{statistics.median(ours_s) * 1e3:8.2f} ms [{min(ours_s) * 1e3:.2f}, "
              f"{max(ours_s) * 1e3:.2f}]   ratio {statistics.median(ratios):7.1f}", flush=True)
        ns.Simulator.Destroy()
    if args.json:
        with open(args.json, "w") as out:
            json.dump(rows, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
