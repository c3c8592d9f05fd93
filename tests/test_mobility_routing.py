"""Layer-3 system test of the mobility routing function with location management on a wired
topology: a binding registered over the network makes the anchor tunnel a correspondent's
packets to the care-of address, and the mobile node's answers come back through the reverse
tunnel; deregistration stops the interception.

    cn -- r -- ha (LM + MR, home prefix 2001:1:0:99::/64 routed to it)
          |
          mn (care-of address 2001:1:0:1::1, home address on its tunnel interface)
"""

from __future__ import annotations

from typing import Any

from ns3dmm import callbacks
from ns3dmm.topology import WiredTopology

HOME = "2001:1:0:99::"
HOA = "2001:1:0:99::100"


def build(ns: Any) -> tuple[WiredTopology, Any, Any, Any]:
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("cn")
    topo.node("mn")
    topo.node("ha", router=True)
    topo.node("r", router=True)
    topo.link("mn", "r", "2001:1:0:1::/64")
    topo.link("ha", "r", "2001:1:0:2::/64")
    topo.link("cn", "r", "2001:1:0:3::/64")
    topo.route_all_links()
    topo.route("r", HOME + "/64", "ha")
    for name in ("cn", "mn"):
        topo.route(name, HOME + "/64", "r")
    ha = topo.nodes["ha"]
    lm = ns.CreateObject[dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address(HOME), 64)
    ha.AggregateObject(lm)
    mr = dmm.DmmStackHelper.InstallMobilityRouting(ha)
    mr.FollowLocationManagement(lm)
    # The mobile node, away: home address on the tunnel interface, reverse tunnel to the HA.
    mn = topo.nodes["mn"]
    tunnel = topo.tunnel("mn")
    topo.ipv6("mn").AddAddress(tunnel.GetTunnelInterface(),
                               ns.Ipv6InterfaceAddress(ns.Ipv6Address(HOA), ns.Ipv6Prefix(128)))
    coa, ha_addr = topo.address("mn", "r"), topo.address("ha", "r")
    tunnel.AddTunnelRoute(ns.Ipv6Address(HOA), ns.Ipv6Prefix(128), ns.Ipv6Address(coa),
                          ns.Ipv6Address(ha_addr), True)
    mn_mr = dmm.DmmStackHelper.InstallMobilityRouting(mn)
    mn_mr.SetHomeAddress(ns.Ipv6Address(HOA))
    return topo, lm, mr, mn_mr


def bu(ns: Any, seq: int, lifetime_s: int) -> Any:
    dmm = ns.dmm
    m = dmm.BindingUpdateHeader()
    m.SetSequence(seq)
    m.SetFlag(m.FLAG_A, True)
    m.SetFlag(m.FLAG_H, True)
    m.SetLifetime(ns.Seconds(lifetime_s))
    m.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOA), 128))
    return m


def udp(ns: Any, topo: WiredTopology, src: str, dst_node: str, dst: str, count: int,
        start: float) -> Any:
    """``count`` UDP packets from node src to address dst; the receiver's recorder."""
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 9).ConvertTo())
    recorder = ns.dmm.PacketRecorder.Attach(sink.Install(topo.nodes[dst_node]).Get(0), "Rx")
    client = ns.UdpClientHelper(ns.Inet6SocketAddress(ns.Ipv6Address(dst), 9).ConvertTo())
    client.SetAttribute("MaxPackets", ns.UintegerValue(count))
    client.SetAttribute("Interval", ns.TimeValue(ns.MilliSeconds(20)))
    client.SetAttribute("PacketSize", ns.UintegerValue(100))
    client.Install(topo.nodes[src]).Start(ns.Seconds(start))
    return recorder


def test_anchor_tunnels_and_mobile_node_reverse_tunnels(ns: Any, simulator: Any) -> None:
    topo, lm, mr, mn_mr = build(ns)
    coa, ha_addr = topo.address("mn", "r"), topo.address("ha", "r")
    l4 = topo.l4("mn")
    callbacks.schedule(0.5, lambda: l4.Send(bu(ns, 1, 60), ns.Ipv6Address(coa),
                                            ns.Ipv6Address(ha_addr)))
    down = udp(ns, topo, "cn", "mn", HOA, 20, 1.0)
    up = udp(ns, topo, "mn", "cn", topo.address("cn", "r"), 20, 1.0)
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()
    assert str(lm.GetLocator(ns.Ipv6Address(HOA))) == coa
    # Downlink: intercepted at the anchor, tunnelled to the care-of address, delivered.
    assert len(down.times) == 20
    assert mr.GetTunnelledPackets() == 20
    assert topo.tunnel("mn").GetDecapsulatedPackets() == 20
    # Uplink: sourced from the home address through the tunnel, decapsulated at the anchor
    # and forwarded to the correspondent.
    assert len(up.times) == 20
    assert topo.tunnel("mn").GetEncapsulatedPackets() == 20
    assert topo.tunnel("ha").GetDecapsulatedPackets() == 20


def test_deregistration_stops_interception(ns: Any, simulator: Any) -> None:
    topo, lm, mr, _ = build(ns)
    coa, ha_addr = topo.address("mn", "r"), topo.address("ha", "r")
    l4 = topo.l4("mn")
    send = lambda m: l4.Send(m, ns.Ipv6Address(coa), ns.Ipv6Address(ha_addr))  # noqa: E731
    callbacks.schedule(0.5, lambda: send(bu(ns, 1, 60)))
    callbacks.schedule(1.5, lambda: send(bu(ns, 2, 0)))
    down = udp(ns, topo, "cn", "mn", HOA, 40, 1.0)
    seen = []
    callbacks.schedule(1.45, lambda: seen.append(mr.GetNBindings()))
    callbacks.schedule(1.6, lambda: seen.append(mr.GetNBindings()))
    ns.Simulator.Stop(ns.Seconds(2.5))
    ns.Simulator.Run()
    assert seen == [1, 0]
    assert lm.GetNBindings() == 0
    # Packets sent while bound arrived; after deregistration none was tunnelled.
    assert 20 <= len(down.times) <= 27
    assert mr.GetTunnelledPackets() == len(down.times)


def test_install_mobility_routing_is_idempotent(ns: Any, simulator: Any) -> None:
    topo = WiredTopology()
    topo.node("x")
    first = ns.dmm.DmmStackHelper.InstallMobilityRouting(topo.nodes["x"])
    again = ns.dmm.DmmStackHelper.InstallMobilityRouting(topo.nodes["x"])
    assert first.GetObject[ns.dmm.MobilityRouting]() == again.GetObject[ns.dmm.MobilityRouting]()


def test_an_unbound_address_of_an_anchored_prefix_is_dropped_at_the_anchor(
        ns: Any, simulator: Any) -> None:
    """The home prefix has no link: after the deregistration the anchor drops the packets for
    the home address and counts them, instead of sending them back along its default route
    to bounce between it and r until their hop limit runs out."""
    topo, lm, mr, _ = build(ns)
    mr.AddAnchoredPrefix(ns.Ipv6Address(HOME), 64)
    topo.route("ha", "::/0", "r")  # the default route the packets used to take back
    coa, ha_addr = topo.address("mn", "r"), topo.address("ha", "r")
    l4 = topo.l4("mn")
    send = lambda m: l4.Send(m, ns.Ipv6Address(coa), ns.Ipv6Address(ha_addr))  # noqa: E731
    callbacks.schedule(0.5, lambda: send(bu(ns, 1, 60)))
    callbacks.schedule(1.5, lambda: send(bu(ns, 2, 0)))
    down = udp(ns, topo, "cn", "mn", HOA, 40, 1.0)
    ns.Simulator.Stop(ns.Seconds(2.5))
    ns.Simulator.Run()
    assert mr.GetTunnelledPackets() == len(down.times)
    assert mr.GetUnboundDrops() == 40 - len(down.times) > 0
    # Nothing came back to r for the home address after the anchor had it.
    assert topo.tunnel("mn").GetDecapsulatedPackets() == len(down.times)


def test_a_remote_links_router_routes_an_away_address_up_while_it_is_bound(
        ns: Any, simulator: Any) -> None:
    """The home prefix as an access link of r (AddRemoteLink): while the binding for the home
    address lasts, r has a host route for it to ha; the deregistration removes it. Link
    prefixes of no length or a host's length are refused."""
    import pytest

    topo, lm, mr, _ = build(ns)
    routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(topo.ipv6("r"))
    iface = topo.links[1].interface_b  # r's interface on the ha -- r link
    mr.AddRemoteLink(ns.Ipv6Address(HOME), 64, routing, iface,
                     ns.Ipv6Address(topo.address("ha", "r")))
    coa, ha_addr = topo.address("mn", "r"), topo.address("ha", "r")
    l4 = topo.l4("mn")
    send = lambda m: l4.Send(m, ns.Ipv6Address(coa), ns.Ipv6Address(ha_addr))  # noqa: E731

    def host_routes() -> list[tuple[str, int, str]]:
        out = []
        for k in range(routing.GetNRoutes()):
            r = routing.GetRoute(k)
            if r.IsHost() and str(r.GetDest()) == HOA:
                out.append((str(r.GetDest()), int(r.GetInterface()), str(r.GetGateway())))
        return out

    seen = []
    callbacks.schedule(0.5, lambda: send(bu(ns, 1, 60)))
    callbacks.schedule(1.0, lambda: seen.append(host_routes()))
    callbacks.schedule(1.2, lambda: send(bu(ns, 2, 60)))  # a refresh adds nothing
    callbacks.schedule(1.5, lambda: send(bu(ns, 3, 0)))
    callbacks.schedule(2.0, lambda: seen.append(host_routes()))
    ns.Simulator.Stop(ns.Seconds(2.5))
    ns.Simulator.Run()
    assert seen == [[(HOA, iface, ha_addr)], []]
    assert mr.GetRemoteLinkRoutes() == 1
    for length in (0, 128):
        with pytest.raises(Exception, match="1 to 127"):
            mr.AddRemoteLink(ns.Ipv6Address(HOME), length, routing, iface,
                             ns.Ipv6Address(ha_addr))
