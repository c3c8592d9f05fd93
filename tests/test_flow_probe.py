"""FlowMonitor through ns3-dmm's Ipv6NodeFlowProbe (installed in O(nodes)) reports what ns-3's
own Ipv6FlowProbe reports: the same simulation (a UDP stream over a link whose queue disc
overflows; a third node has IPv6 and no link) run once with each probe gives the same flow
statistics, drops by reason included."""

from __future__ import annotations

import json
from typing import Any

import pytest

RATE_BPS = 2_000_000  # offered: 500 B every 1 ms = 4 Mb/s, twice the link's rate


def _run(ns: Any, ours: bool) -> list[dict[str, Any]]:
    ns.RngSeedManager.SetSeed(1)
    ns.RngSeedManager.SetRun(1)
    ns.RngSeedManager.ResetNextStreamIndex()  # the same random streams in both runs
    nodes = ns.NodeContainer()
    nodes.Create(3)
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.Install(nodes)
    p2p = ns.PointToPointHelper()
    p2p.SetChannelAttribute("Delay", ns.StringValue("2ms"))
    p2p.SetDeviceAttribute("DataRate", ns.StringValue(f"{RATE_BPS}bps"))
    link = p2p.Install(nodes.Get(0), nodes.Get(1))
    tc = ns.TrafficControlHelper()
    tc.SetRootQueueDisc("ns3::FifoQueueDisc", "MaxSize", ns.QueueSizeValue(ns.QueueSize("10p")))
    tc.Install(link)
    addresses = ns.Ipv6AddressHelper()
    addresses.SetBase(ns.Ipv6Address("2001:db8:1::"), ns.Ipv6Prefix(64))
    b = addresses.Assign(link)
    server = ns.UdpServerHelper(9000)
    sink = server.Install(nodes.Get(2))
    sink.Start(ns.Seconds(0.0))
    client = ns.UdpClientHelper(ns.Inet6SocketAddress(b.GetAddress(1, 1), 9000).ConvertTo())
    client.SetAttribute("MaxPackets", ns.UintegerValue(400))
    client.SetAttribute("Interval", ns.TimeValue(ns.MilliSeconds(1)))
    client.SetAttribute("PacketSize", ns.UintegerValue(500))
    apps = client.Install(nodes.Get(0))
    apps.Start(ns.Seconds(2.0))  # after duplicate address detection
    helper = ns.FlowMonitorHelper()
    if ours:
        assert ns.dmm.InstallFlowProbes(helper, nodes) == 3
    else:
        helper.Install(nodes)
    ns.Simulator.Stop(ns.Seconds(4.0))
    ns.Simulator.Run()
    flows = json.loads(str(ns.dmm.FlowMonitorJson(helper)))
    monitor = helper.GetMonitor()
    drops = {}
    for fid, stats in monitor.GetFlowStats():
        drops[int(fid)] = [int(x) for x in stats.packetsDropped]
    for f in flows:
        f["packets_dropped"] = drops[f["id"]]
    ns.Simulator.Destroy()
    return flows


def test_the_node_probe_reports_what_ns3s_probe_reports(ns: Any, simulator: Any) -> None:
    theirs = _run(ns, ours=False)
    ours = _run(ns, ours=True)
    assert ours == theirs
    (flow,) = [f for f in ours if f["destination_port"] == 9000]
    assert flow["tx_packets"] == 400
    assert 0 < flow["rx_packets"] < 400  # the bottleneck's queue disc overflowed
    dropped = flow["packets_dropped"]
    assert dropped[4] == 400 - flow["rx_packets"]  # DROP_QUEUE_DISC
    assert sum(dropped) == dropped[4]


def test_a_node_without_ipv6_gets_no_probe(ns: Any, simulator: Any) -> None:
    nodes = ns.NodeContainer()
    nodes.Create(2)
    stack = ns.InternetStackHelper()
    stack.SetIpv4StackInstall(False)
    stack.Install(nodes.Get(0))
    assert ns.dmm.InstallFlowProbes(ns.FlowMonitorHelper(), nodes) == 1
    with pytest.raises(Exception, match="has no Ipv6L3Protocol"):
        ns.dmm.Ipv6NodeFlowProbe(ns.FlowMonitorHelper().GetMonitor(),
                                 ns.DynamicCast[ns.Ipv6FlowClassifier](
                                     ns.FlowMonitorHelper().GetClassifier6()), nodes.Get(1))
