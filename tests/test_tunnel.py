"""IPv6-in-IPv6 tunnelling (RFC 2473): a UDP packet is encapsulated at one node, crosses a router
and is decapsulated at another, where it is delivered or forwarded; bad input is counted.

Topology: a -- r -- b -- c (point-to-point, 2 ms), a and b hosts with tunnel interfaces,
r and b routers where stated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ns3dmm import callbacks, wire
from ns3dmm.topology import WiredTopology

A_TUN = "2001:1:0:98::a"  # a's address on its tunnel interface (like a home address)
B_TUN = "2001:1:0:97::b"  # b's address on its tunnel interface
PAYLOAD = b"hello through the 6in6 tunnel"


def build(ns: Any, *, b_forwards: bool = False, pcap_dir: Path | None = None,
          peers: bool = True) -> WiredTopology:
    topo = WiredTopology()
    topo.node("a")
    topo.node("r", router=True)
    topo.node("b", router=b_forwards)
    topo.node("c")
    topo.link("a", "r", "2001:1:0:1::/64")
    topo.link("r", "b", "2001:1:0:2::/64")
    topo.link("b", "c", "2001:1:0:3::/64")
    topo.route_all_links()
    if pcap_dir:
        topo.enable_pcap(pcap_dir)
    for name, address in (("a", A_TUN), ("b", B_TUN)):
        tunnel = topo.tunnel(name)
        topo.ipv6(name).AddAddress(
            tunnel.GetTunnelInterface(),
            ns.Ipv6InterfaceAddress(ns.Ipv6Address(address), ns.Ipv6Prefix(128)))
    if b_forwards:
        topo.ipv6("b").SetForwarding(topo.tunnel("b").GetTunnelInterface(), True)
    if peers:
        # b has no tunnel route back: it takes a's tunnels (RequireKnownPeer, on by default)
        # as an added peer's.
        for address in (topo.address("a", "r"), A_TUN):
            topo.tunnel("b").AddPeer(ns.Ipv6Address(address))
    return topo


def udp_stream(ns: Any, topo: WiredTopology, src: str, dst_node: str, dst: str,
               count: int = 10) -> Any:
    """``count`` UDP packets carrying PAYLOAD from node src to address dst on dst_node."""
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 7000).ConvertTo())
    apps = sink.Install(topo.nodes[dst_node])
    recorder = ns.dmm.PacketRecorder.Attach(apps.Get(0), "Rx")
    client = ns.UdpEchoClientHelper(ns.Inet6SocketAddress(ns.Ipv6Address(dst), 7000).ConvertTo())
    client.SetAttribute("MaxPackets", ns.UintegerValue(count))
    client.SetAttribute("Interval", ns.TimeValue(ns.MilliSeconds(10)))
    client_apps = client.Install(topo.nodes[src])
    client.SetFill(client_apps.Get(0), PAYLOAD.decode())
    client_apps.Start(ns.Seconds(0.5))
    return recorder


def test_host_to_host_across_a_router(ns: Any, simulator: Any, tshark: Any,
                                      tmp_path: Path) -> None:
    topo = build(ns, pcap_dir=tmp_path)
    ns.dmm.DmmStackHelper.AddTunnelRoute(
        topo.nodes["a"], ns.Ipv6Address("2001:1:0:97::"), ns.Ipv6Prefix(64),
        ns.Ipv6Address(topo.address("a", "r")), ns.Ipv6Address(topo.address("b", "r")))
    recorder = udp_stream(ns, topo, "a", "b", B_TUN)
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()

    assert len(recorder.times) == 10
    assert bytes.fromhex(str(recorder.firstPayloads[0])).startswith(PAYLOAD)
    a, b = topo.tunnel("a"), topo.tunnel("b")
    assert a.GetEncapsulatedPackets() == 10 and b.GetDecapsulatedPackets() == 10
    assert a.GetOverheadBytes() == 400
    ns.Simulator.Destroy()
    # On the router: outer header a -> b with next header 41, inner UDP from a's tunnel
    # address to b's, the inner hop limit untouched (64) and the outer one decremented.
    out = tshark(tmp_path / "r.pcap", "-Y", "udp", "-T", "fields", "-e", "ipv6.src",
                 "-e", "ipv6.dst", "-e", "ipv6.nxt", "-e", "ipv6.hlim", "-e", "udp.dstport",
                 "-e", "udp.payload")
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == 20  # each packet in and out of r
    src, dst, nxt, hlim, port, payload = rows[1]
    assert src.split(",") == ["2001:1:0:1::1", A_TUN]
    assert dst.split(",") == ["2001:1:0:2::2", B_TUN]
    assert nxt.split(",") == ["41", "17"]
    assert hlim.split(",") == ["63", "64"]
    assert port == "7000" and bytes.fromhex(payload.replace(":", "")).startswith(PAYLOAD)
    assert tshark(tmp_path / "r.pcap", "-Y", "_ws.expert.severity >= 6291456") == ""


def test_decapsulated_packet_is_forwarded(ns: Any, simulator: Any) -> None:
    """The tunnel exit b forwards the inner packet to c, its final destination."""
    topo = build(ns, b_forwards=True)
    c_addr = topo.address("c", "b")
    ns.dmm.DmmStackHelper.AddTunnelRoute(
        topo.nodes["a"], ns.Ipv6Address("2001:1:0:3::"), ns.Ipv6Prefix(64),
        ns.Ipv6Address(topo.address("a", "r")), ns.Ipv6Address(topo.address("b", "r")))
    recorder = udp_stream(ns, topo, "a", "c", c_addr, count=5)
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()
    assert len(recorder.times) == 5
    assert topo.tunnel("b").GetDecapsulatedPackets() == 5


def test_encapsulate_api_as_a_routing_function_uses_it(ns: Any, simulator: Any) -> None:
    """Encapsulate() takes a payload and its inner header, as the mobility routing function
    will in RouteInput; the packet is delivered at the other end."""
    topo = build(ns)
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 7000).ConvertTo())
    recorder = ns.dmm.PacketRecorder.Attach(sink.Install(topo.nodes["b"]).Get(0), "Rx")

    def send() -> None:
        payload = ns.Packet(64)
        udp = ns.UdpHeader()
        udp.SetSourcePort(5000)
        udp.SetDestinationPort(7000)
        udp.EnableChecksums()
        udp.InitializeChecksum(ns.Ipv6Address(A_TUN), ns.Ipv6Address(B_TUN), 17)
        payload.AddHeader(udp)
        inner = ns.Ipv6Header()
        inner.SetSource(ns.Ipv6Address(A_TUN))
        inner.SetDestination(ns.Ipv6Address(B_TUN))
        inner.SetNextHeader(17)
        inner.SetHopLimit(64)
        inner.SetPayloadLength(payload.GetSize())
        topo.tunnel("a").Encapsulate(payload, inner, ns.Ipv6Address(topo.address("a", "r")),
                                     ns.Ipv6Address(topo.address("b", "r")))

    callbacks.schedule(0.5, send)
    ns.Simulator.Stop(ns.Seconds(1))
    ns.Simulator.Run()
    assert len(recorder.times) == 1 and recorder.sizes[0] == 64


@pytest.mark.parametrize("case", ["not an IPv6 packet", "payload length past the end",
                                  "unknown peer", "no tunnel route"])
def test_bad_input_is_counted(ns: Any, simulator: Any, case: str) -> None:
    dmm = ns.dmm
    topo = build(ns, peers=case != "unknown peer")
    a_addr, b_addr = topo.address("a", "r"), topo.address("b", "r")
    drops = dmm.Ipv6TunnelL4Protocol

    def send() -> None:
        if case == "no tunnel route":
            # A route sends traffic into a's tunnel interface, but no tunnel route matches.
            routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(topo.ipv6("a"))
            routing.AddNetworkRouteTo(ns.Ipv6Address("2001:1:0:96::"), ns.Ipv6Prefix(64),
                                      topo.tunnel("a").GetTunnelInterface())
            socket = ns.Socket.CreateSocket(topo.nodes["a"],
                                            ns.TypeId.LookupByName("ns3::UdpSocketFactory"))
            socket.SendTo(ns.Packet(20), 0,
                          ns.Inet6SocketAddress(ns.Ipv6Address("2001:1:0:96::1"), 9).ConvertTo())
            return
        inner = {
            "not an IPv6 packet": bytes(range(60)),
            "payload length past the end": bytes.fromhex("6000000000ff1140") + bytes(40),
            "unknown peer": bytes.fromhex("60000000000011" "40") + bytes(32) + bytes(8),
        }[case]
        topo.ipv6("a").Send(wire.packet_from_bytes(inner), ns.Ipv6Address(a_addr),
                            ns.Ipv6Address(b_addr), 41, ns.Ptr[ns.Ipv6Route]())

    callbacks.schedule(0.5, send)
    ns.Simulator.Stop(ns.Seconds(1))
    ns.Simulator.Run()
    expected = {
        "not an IPv6 packet": ("b", drops.DROP_MALFORMED_INNER),
        "payload length past the end": ("b", drops.DROP_MALFORMED_INNER),
        "unknown peer": ("b", drops.DROP_UNKNOWN_PEER),
        "no tunnel route": ("a", drops.DROP_NO_TUNNEL),
    }[case]
    node, reason = expected
    assert topo.tunnel(node).GetDropCount(reason) == 1
    assert topo.tunnel("b").GetDecapsulatedPackets() == 0


def test_tunnel_route_needs_a_global_address_on_the_tunnel_interface(ns: Any,
                                                                     simulator: Any) -> None:
    topo = WiredTopology()
    topo.node("x")
    with pytest.raises(Exception, match="has no global address"):
        ns.dmm.DmmStackHelper.AddTunnelRoute(
            topo.nodes["x"], ns.Ipv6Address("2001:1:0:5::"), ns.Ipv6Prefix(64),
            ns.Ipv6Address("2001:1:0:1::1"), ns.Ipv6Address("2001:1:0:2::1"))


def test_impossible_tunnel_parameters_are_errors(ns: Any, simulator: Any) -> None:
    topo = WiredTopology()
    topo.node("x")
    tunnel = topo.tunnel("x")
    with pytest.raises(Exception, match="unicast"):
        tunnel.AddTunnelRoute(ns.Ipv6Address("2001:1:0:5::"), ns.Ipv6Prefix(64),
                              ns.Ipv6Address("2001:1:0:1::1"), ns.Ipv6Address("ff02::1"))
    assert not tunnel.SetAttributeFailSafe("TunnelMtu", ns.UintegerValue(1000))  # < 1280
    with pytest.raises(Exception, match="already has the ns3-dmm stack"):
        ns.dmm.DmmStackHelper().Install(topo.nodes["x"])


def test_nested_tunnels_encapsulate_twice(ns: Any, simulator: Any) -> None:
    """A packet whose outer packet is routed into the tunnel again, to another tunnel route,
    is encapsulated once more (an HMIPv6 mobile node: home address -> home agent from the
    regional care-of address, and that -> MAP from the on-link one); b takes off both."""
    topo = build(ns)
    inner_dst = "2001:1:0:96::b"
    topo.ipv6("b").AddAddress(
        topo.tunnel("b").GetTunnelInterface(),
        ns.Ipv6InterfaceAddress(ns.Ipv6Address(inner_dst), ns.Ipv6Prefix(128)))
    helper = ns.dmm.DmmStackHelper
    # The outer tunnel carries packets to b's tunnel address; the inner one packets to 96::.
    helper.AddTunnelRoute(topo.nodes["a"], ns.Ipv6Address("2001:1:0:97::"), ns.Ipv6Prefix(64),
                          ns.Ipv6Address(topo.address("a", "r")),
                          ns.Ipv6Address(topo.address("b", "r")))
    helper.AddTunnelRoute(topo.nodes["a"], ns.Ipv6Address("2001:1:0:96::"), ns.Ipv6Prefix(64),
                          ns.Ipv6Address(A_TUN), ns.Ipv6Address(B_TUN))
    recorder = udp_stream(ns, topo, "a", "b", inner_dst, count=4)
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()
    assert len(recorder.times) == 4
    a, b = topo.tunnel("a"), topo.tunnel("b")
    assert a.GetEncapsulatedPackets() == 8 and b.GetDecapsulatedPackets() == 8
    assert a.GetOverheadBytes() == 8 * 40
    assert a.GetDropCount(ns.dmm.Ipv6TunnelL4Protocol.DROP_LOOP) == 0


def test_an_outer_packet_back_into_its_own_tunnel_is_a_loop(ns: Any, simulator: Any) -> None:
    """A tunnel route whose remote end point is itself routed through that tunnel: the outer
    packet is dropped and counted, not encapsulated again and again."""
    topo = build(ns)
    helper = ns.dmm.DmmStackHelper
    helper.AddTunnelRoute(topo.nodes["a"], ns.Ipv6Address("2001:1:0:95::"), ns.Ipv6Prefix(64),
                          ns.Ipv6Address(A_TUN), ns.Ipv6Address("2001:1:0:95::1"))
    udp_stream(ns, topo, "a", "b", "2001:1:0:95::2", count=3)
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()
    a = topo.tunnel("a")
    assert a.GetDropCount(ns.dmm.Ipv6TunnelL4Protocol.DROP_LOOP) == 3
    assert a.GetEncapsulatedPackets() == 3  # each once, then its outer packet looped
    assert topo.tunnel("b").GetDecapsulatedPackets() == 0


def test_the_tunnel_mtu_applies_to_an_existing_interface(ns: Any, simulator: Any) -> None:
    topo = WiredTopology()
    topo.node("x")
    tunnel = topo.tunnel("x")
    assert tunnel.HasTunnelInterface()
    tunnel.SetAttribute("TunnelMtu", ns.UintegerValue(1400))
    assert tunnel.GetTunnelDevice().GetMtu() == 1400
    assert topo.ipv6("x").GetMtu(tunnel.GetTunnelInterface()) == 1400
