#!/usr/bin/env python3
"""Cost per packet of mobility-routing tunnel forwarding against plain ns-3 IPv6 forwarding of
the same traffic over the same path, measured in one process as a ratio.

Path (point-to-point, 10 Gb/s, 1 us): cn -- r -- ha -- r2 -- mn. Plain: the correspondent's
UDP packets are forwarded hop by hop to the mobile node's link address. Tunnelled: they go to
the home address; the anchor (ha) intercepts them in its MobilityRouting, encapsulates them
towards the care-of address, r2 forwards the outer packet, the mobile node decapsulates. Each
run sends the same number of packets; the wall-clock time of Simulator::Run is divided by the
packets delivered. Plain and tunnelled runs alternate --repeat times; the ratio is taken per
pair (the two runs of a pair see the same machine load) and the median of the pair ratios is
reported, with the ratio of the fastest runs of each kind.

A third kind, "checked", is the tunnelled run with the decapsulating end's
``Ipv6TunnelL4Protocol.RequireKnownPeer`` on (the default; the tunnel entry added as its peer);
"tunnelled" turns it off: their pair ratio is the cost of the peer check.

``--direction up`` measures the reverse direction: the mobile node's packets from its home
address leave through its tunnel interface (the tunnel protocol's route lookup, as a host
sends), the anchor decapsulates them and forwards them to the correspondent; plain, the
mobile node sends from its link address.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import ns3dmm
from ns3dmm.topology import WiredTopology

HOME = "2001:1:0:99::"
HOA = "2001:1:0:99::100"


def one_run(tunnelled: bool, packets: int, up: bool = False,
            checked: bool = False) -> tuple[float, int]:
    ns = ns3dmm.load()
    dmm = ns.dmm
    topo = WiredTopology()
    for name in ("cn", "mn"):
        topo.node(name)
    for name in ("r", "ha", "r2"):
        topo.node(name, router=True)
    for k, (a, b) in enumerate((("cn", "r"), ("r", "ha"), ("ha", "r2"), ("r2", "mn")), 1):
        topo.link(a, b, f"2001:1:0:{k}::/64", delay="1us", rate="10Gbps")
    topo.route_all_links()
    sender, receiver = ("mn", "cn") if up else ("cn", "mn")
    destination = topo.address(receiver, "r" if up else "r2")
    if tunnelled and up:
        mn_mr = dmm.DmmStackHelper.InstallMobilityRouting(topo.nodes["mn"])
        topo.ipv6("mn").AddAddress(topo.tunnel("mn").GetTunnelInterface(),
                                   ns.Ipv6InterfaceAddress(ns.Ipv6Address(HOA),
                                                           ns.Ipv6Prefix(128)))
        topo.tunnel("mn").AddTunnelRoute(ns.Ipv6Address(HOA), ns.Ipv6Prefix(128),
                                         ns.Ipv6Address(topo.address("mn", "r2")),
                                         ns.Ipv6Address(topo.address("ha", "r2")), True)
        topo.tunnel("ha").SetAttribute("TunnelForwarding", ns.BooleanValue(True))
        mn_mr.SetHomeAddress(ns.Ipv6Address(HOA))
    elif tunnelled:
        topo.route("cn", HOME + "/64", "r")
        topo.route("r", HOME + "/64", "ha")
        mr = dmm.DmmStackHelper.InstallMobilityRouting(topo.nodes["ha"])
        mr.SetBinding(ns.Ipv6Address(HOA), 128, ns.Ipv6Address(destination),
                      ns.Ipv6Address(topo.address("ha", "r2")))
        topo.ipv6("mn").AddAddress(topo.tunnel("mn").GetTunnelInterface(),
                                   ns.Ipv6InterfaceAddress(ns.Ipv6Address(HOA),
                                                           ns.Ipv6Prefix(128)))
        destination = HOA
    for name in ("mn", "ha"):
        topo.tunnel(name).SetAttribute("RequireKnownPeer", ns.BooleanValue(checked))
    if checked:
        exit_, entry = ("ha", "mn") if up else ("mn", "ha")
        topo.tunnel(exit_).AddPeer(ns.Ipv6Address(topo.address(entry, "r2")))
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 9).ConvertTo())
    recorder = dmm.PacketRecorder.Attach(sink.Install(topo.nodes[receiver]).Get(0), "Rx")
    client = ns.UdpClientHelper(ns.Inet6SocketAddress(ns.Ipv6Address(destination), 9).ConvertTo())
    client.SetAttribute("MaxPackets", ns.UintegerValue(packets))
    client.SetAttribute("Interval", ns.TimeValue(ns.MicroSeconds(20)))
    client.SetAttribute("PacketSize", ns.UintegerValue(200))
    client.Install(topo.nodes[sender]).Start(ns.Seconds(0.1))
    ns.Simulator.Stop(ns.Seconds(0.2 + packets * 20e-6))
    start = time.perf_counter()
    ns.Simulator.Run()
    wall = time.perf_counter() - start
    delivered = len(recorder.times)
    ns.Simulator.Destroy()
    return wall, delivered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--direction", choices=("down", "up"), default="down",
                        help="down: correspondent to mobile node (default); up: the reverse")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    up = args.direction == "up"
    one_run(False, 1000, up)  # warm-up: JIT of the Python-to-C++ paths
    one_run(True, 1000, up)
    one_run(True, 1000, up, checked=True)
    per_packet: dict[str, list[float]] = {"plain": [], "tunnelled": [], "checked": []}
    for _ in range(args.repeat):
        for label, tunnelled, checked in (("plain", False, False), ("tunnelled", True, False),
                                          ("checked", True, True)):
            wall, delivered = one_run(tunnelled, args.packets, up, checked)
            if delivered != args.packets:
                raise SystemExit(f"{label}: {delivered} of {args.packets} packets delivered")
            per_packet[label].append(wall / delivered)
    plain = statistics.median(per_packet["plain"])
    tunnelled = statistics.median(per_packet["tunnelled"])
    pair_ratios = [t / p for p, t in zip(per_packet["plain"], per_packet["tunnelled"],
                                         strict=True)]
    ratio = statistics.median(pair_ratios)
    fastest = min(per_packet["tunnelled"]) / min(per_packet["plain"])
    checked = statistics.median(per_packet["checked"])
    check_ratios = [c / t for t, c in zip(per_packet["tunnelled"], per_packet["checked"],
                                          strict=True)]
    result = {
        "packets": args.packets,
        "direction": args.direction,
        "plain_us_per_packet": plain * 1e6,
        "tunnelled_us_per_packet": tunnelled * 1e6,
        "ratio": ratio,
        "ratio_of_fastest": fastest,
        "checked_us_per_packet": checked * 1e6,
        "peer_check_ratio": statistics.median(check_ratios),
        "peer_check_pair_ratios": check_ratios,
        "pair_ratios": pair_ratios,
        "samples_us": {k: [v * 1e6 for v in vs] for k, vs in per_packet.items()},
    }
    print(f"plain IPv6 forwarding     {plain * 1e6:6.2f} us/packet (median)")
    print(f"mobility routing tunnel   {tunnelled * 1e6:6.2f} us/packet (median)")
    print(f"ratio                     {ratio:6.2f} (median of {len(pair_ratios)} pairs: "
          f"{', '.join(f'{r:.2f}' for r in pair_ratios)})")
    print(f"ratio of the fastest runs {fastest:6.2f}")
    print(f"with the peer check       {checked * 1e6:6.2f} us/packet (median); against the "
          f"tunnel without it {statistics.median(check_ratios):.3f} (median of "
          f"{len(check_ratios)} pairs: {', '.join(f'{r:.3f}' for r in check_ratios)})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
