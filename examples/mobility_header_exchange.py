#!/usr/bin/env python3
"""Every Mobility Header message on the wire, and UDP data through an IPv6-in-IPv6 tunnel.

Topology (point-to-point links, 100 Mb/s, 2 ms; one /64 per link, router r in the middle)::

        mn (CoA 2001:1:0:1::1, HoA 2001:1:0:99::100 on its tunnel interface)
         |
   cn -- r -- ha (home agent / LMA, home prefix 2001:1:0:99::/64 routed to it)
         |
        mag (mobile access gateway)

Timeline (seconds):
  1.0  mn -> ha   Binding Update (A, H; Alternate CoA, MN-ID, Mobility Message Authentication)
       ha -> mn   Binding Acknowledgement (accepted; Binding Refresh Advice); ha now tunnels
                  packets for the HoA to the CoA
  1.5  mag -> ha  Proxy Binding Update (A, H, P; MN-ID, HNP, Handoff Indicator, Access
                  Technology Type, MN Link-layer Identifier, Link-local Address, Timestamp)
       ha -> mag  Proxy Binding Acknowledgement (P; the same options)
  2.0  cn starts a 200 packet/s UDP stream to the HoA: cn -> r -> ha, tunnelled ha -> r -> mn
  3.0  ha -> mn   Binding Refresh Request; mn answers with a refresh Binding Update, ha with a BA
  4.0  mn -> cn   Home Test Init and Care-of Test Init; cn answers Home Test and Care-of Test
       mn -> cn   Binding Update (Nonce Indices, Binding Authorization Data); cn answers a BA
  5.0  mn -> cn   a Mobility Header of unknown type 200; cn answers Binding Error status 2
  5.5  mag -> ha  Location Query (Experimental MH, subtype 1); ha answers a Location Reply
  6.0  end

What to look for: ``summary.json`` (messages sent, received and dropped per node, UDP packets
delivered through the tunnel), ``<node>.pcap`` (open in Wireshark: every message decodes; the
packets between ha and mn are IPv6-in-IPv6), and ``timeline.png`` (message sequence and the
delivered UDP rate).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import ns3dmm
from ns3dmm import callbacks, wire
from ns3dmm.topology import WiredTopology

HOA = "2001:1:0:99::100"
HOME_PREFIX = "2001:1:0:99::"
HNP = "2001:1:0:55::"
NAI = "mn1@dmm.example"
EPOCH_OFFSET_S = 1_700_000_000  # simulated wall clock for Timestamp options
UDP_PORT = 9000
STOP_S = 6.0


@dataclass
class Exchange:
    """Mobility Header messages as they happen (control plane only)."""

    events: list[dict] = field(default_factory=list)

    def log(self, src: str, dst: str, name: str) -> None:
        ns = ns3dmm.load()
        self.events.append({"t": ns.Simulator.Now().GetSeconds(), "src": src, "dst": dst,
                            "message": name})


def build(out: Path, seed: int, run: int) -> dict:
    ns = ns3dmm.load()
    dmm = ns.dmm
    ns.RngSeedManager.SetSeed(seed)
    ns.RngSeedManager.SetRun(run)

    topo = WiredTopology()
    for name in ("mn", "cn", "mag"):
        topo.node(name)
    # The home agent forwards packets for its home prefix into the tunnel: a router.
    topo.node("ha", router=True)
    topo.node("r", router=True)
    topo.link("mn", "r", "2001:1:0:1::/64")
    topo.link("ha", "r", "2001:1:0:2::/64")
    topo.link("cn", "r", "2001:1:0:3::/64")
    topo.link("mag", "r", "2001:1:0:4::/64")
    topo.route_all_links()
    topo.route("r", HOME_PREFIX + "/64", "ha")
    topo.route("cn", HOME_PREFIX + "/64", "r")
    pcaps = topo.enable_pcap(out)

    coa = topo.address("mn", "r")
    ha_addr = topo.address("ha", "r")
    cn_addr = topo.address("cn", "r")
    mag_addr = topo.address("mag", "r")

    # The MN's home address lives on its tunnel interface, where decapsulated packets arrive.
    mn_tunnel = topo.tunnel("mn")
    mn_ipv6 = topo.ipv6("mn")
    mn_ipv6.AddAddress(mn_tunnel.GetTunnelInterface(),
                       ns.Ipv6InterfaceAddress(ns.Ipv6Address(HOA), ns.Ipv6Prefix(128)))
    # It takes tunnelled packets from its home agent only (Ipv6TunnelL4Protocol.RequireKnownPeer).
    mn_tunnel.AddPeer(ns.Ipv6Address(ha_addr))

    # The home agent's own address on the home prefix lives on its tunnel interface.
    ha_ipv6 = topo.ipv6("ha")
    ha_ipv6.AddAddress(topo.tunnel("ha").GetTunnelInterface(),
                       ns.Ipv6InterfaceAddress(ns.Ipv6Address(HOME_PREFIX + "1"),
                                               ns.Ipv6Prefix(128)))

    ex = Exchange()
    l4 = {name: topo.l4(name) for name in ("mn", "cn", "ha", "mag")}
    names = {coa: "mn", ha_addr: "ha", cn_addr: "cn", mag_addr: "mag"}

    def send(node: str, msg, src: str, dst: str, label: str | None = None) -> None:
        ex.log(node, names.get(dst, dst), label or type(msg).__name__)
        l4[node].Send(msg, ns.Ipv6Address(src), ns.Ipv6Address(dst))

    def on(node: str, mh_type: int, fn) -> None:
        l4[node].SetHandler(mh_type, callbacks.message_handler(fn))

    def on_lm(node: str, subtype: int, fn) -> None:
        l4[node].SetLocationManagementHandler(subtype, callbacks.message_handler(fn))

    # --- MIPv6 home registration --------------------------------------------------------
    bu_flags = dmm.BindingUpdateHeader
    state = {"seq": 0}

    def mn_send_bu() -> None:
        state["seq"] += 1
        bu = dmm.BindingUpdateHeader()
        bu.SetSequence(state["seq"])
        bu.SetFlag(bu_flags.FLAG_A, True)
        bu.SetFlag(bu_flags.FLAG_H, True)
        bu.SetFlag(bu_flags.FLAG_K, True)
        bu.SetLifetime(ns.Seconds(120))
        bu.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(coa)))
        bu.AddOption(dmm.MobileNodeIdentifierOption(NAI))
        # RFC 4285 6: an NTP timestamp, 2027-01-15 08:00:00 UTC plus the simulated time.
        bu.AddOption(dmm.MobilityMessageReplayProtectionOption(
            ns.Seconds(1_800_000_000) + ns.Simulator.Now()))
        auth = dmm.MobilityMessageAuthenticationOption()
        auth.SetSubtype(auth.MN_HA)
        auth.SetSpi(0x1001)
        auth.SetAuthenticator(list(range(12)))
        bu.AddOption(auth)
        send("mn", bu, coa, ha_addr)

    def ha_on_bu(msg, ip, iface) -> None:
        ex.log("ha", "", "rx BindingUpdateHeader")
        src = str(ip.GetSource())
        if msg.GetFlag(bu_flags.FLAG_P):
            ha_on_pbu(msg, src)
            return
        acoa = ns.DynamicCast[dmm.AlternateCareOfAddressOption](
            msg.FindOption(dmm.MobilityOption.ALTERNATE_CARE_OF_ADDRESS))
        care_of = str(acoa.GetAddress()) if acoa else src
        if msg.GetFlag(bu_flags.FLAG_H):
            # Home registration: tunnel packets for the HoA to the care-of address.
            ns.dmm.DmmStackHelper.AddTunnelRoute(
                topo.nodes["ha"], ns.Ipv6Address(HOA), ns.Ipv6Prefix(128),
                ns.Ipv6Address(ha_addr), ns.Ipv6Address(care_of))
        ba = dmm.BindingAckHeader()
        ba.SetStatus(ba.BINDING_UPDATE_ACCEPTED)
        ba.SetFlag(ba.FLAG_K, True)
        ba.SetSequence(msg.GetSequence())
        ba.SetLifetime(msg.GetLifetime())
        ba.AddOption(dmm.BindingRefreshAdviceOption(ns.Seconds(60)))
        send("ha", ba, ha_addr, src)

    def ha_on_pbu(msg, src: str) -> None:
        pba = dmm.BindingAckHeader()
        pba.SetStatus(pba.BINDING_UPDATE_ACCEPTED)
        pba.SetFlag(pba.FLAG_P, True)
        pba.SetSequence(msg.GetSequence())
        pba.SetLifetime(msg.GetLifetime())
        for k in range(msg.GetNOptions()):
            pba.AddOption(msg.GetOption(k))
        send("ha", pba, ha_addr, src, "ProxyBindingAck")

    def mn_on_ba(msg, ip, iface) -> None:
        ex.log("mn", "", f"rx BindingAckHeader status {msg.GetStatus()}")

    def mn_on_brr(msg, ip, iface) -> None:
        ex.log("mn", "", "rx BindingRefreshRequestHeader")
        mn_send_bu()

    on("ha", dmm.MobilityHeader.BINDING_UPDATE, ha_on_bu)
    on("mn", dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, mn_on_ba)
    on("mn", dmm.MobilityHeader.BINDING_REFRESH_REQUEST, mn_on_brr)
    callbacks.schedule(1.0, mn_send_bu)

    # --- PMIPv6 proxy registration ------------------------------------------------------
    def mag_send_pbu() -> None:
        pbu = dmm.BindingUpdateHeader()
        pbu.SetSequence(7)
        pbu.SetFlag(bu_flags.FLAG_A, True)
        pbu.SetFlag(bu_flags.FLAG_H, True)
        pbu.SetFlag(bu_flags.FLAG_P, True)
        pbu.SetLifetime(ns.Seconds(3600))
        pbu.AddOption(dmm.MobileNodeIdentifierOption(NAI))
        pbu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HNP), 64))
        pbu.AddOption(dmm.HandoffIndicatorOption(
            dmm.HandoffIndicatorOption.ATTACHMENT_OVER_NEW_INTERFACE))
        pbu.AddOption(dmm.AccessTechnologyTypeOption(dmm.AccessTechnologyTypeOption.IEEE_802_11))
        pbu.AddOption(dmm.MobileNodeLinkLayerIdentifierOption(list(bytes.fromhex("02000000aa01"))))
        pbu.AddOption(dmm.LinkLocalAddressOption(ns.Ipv6Address("fe80::200:ff:fe00:aa01")))
        now = ns.Simulator.Now() + ns.Seconds(EPOCH_OFFSET_S)
        pbu.AddOption(dmm.TimestampOption(now))
        send("mag", pbu, mag_addr, ha_addr, "ProxyBindingUpdate")

    def mag_on_pba(msg, ip, iface) -> None:
        ex.log("mag", "", f"rx ProxyBindingAck status {msg.GetStatus()}")

    on("mag", dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, mag_on_pba)
    callbacks.schedule(1.5, mag_send_pbu)

    # --- Binding Refresh Request ----------------------------------------------------------
    callbacks.schedule(3.0, lambda: send("ha", dmm.BindingRefreshRequestHeader(), ha_addr, coa))

    # --- Return routability and route-optimised BU to the CN ----------------------------
    def mn_start_rr() -> None:
        hoti = dmm.HomeTestInitHeader()
        hoti.SetInitCookie(0x1111222233334444)
        send("mn", hoti, coa, cn_addr)
        coti = dmm.CareOfTestInitHeader()
        coti.SetInitCookie(0x5555666677778888)
        send("mn", coti, coa, cn_addr)

    def cn_on_test_init(msg, ip, iface) -> None:
        reply = dmm.HomeTestHeader() if msg.GetMhType() == 1 else dmm.CareOfTestHeader()
        reply.SetNonceIndex(3 if msg.GetMhType() == 1 else 4)
        reply.SetInitCookie(msg.GetInitCookie())
        reply.SetKeygenToken(0x0123456789ABCDEF + msg.GetMhType())
        send("cn", reply, cn_addr, str(ip.GetSource()))

    tests_seen = set()

    def mn_on_test(msg, ip, iface) -> None:
        tests_seen.add(msg.GetMhType())
        ex.log("mn", "", f"rx {type(msg).__name__}")
        if tests_seen == {3, 4}:
            state["seq"] += 1
            bu = dmm.BindingUpdateHeader()
            bu.SetSequence(state["seq"])
            bu.SetFlag(bu_flags.FLAG_A, True)
            bu.SetLifetime(ns.Seconds(420))
            bu.AddOption(dmm.NonceIndicesOption(3, 4))
            bu.AddOption(dmm.BindingAuthorizationDataOption(list(range(100, 112))))
            send("mn", bu, coa, cn_addr)

    def cn_on_bu(msg, ip, iface) -> None:
        ba = dmm.BindingAckHeader()
        ba.SetStatus(ba.BINDING_UPDATE_ACCEPTED)
        ba.SetSequence(msg.GetSequence())
        ba.SetLifetime(msg.GetLifetime())
        ba.AddOption(dmm.BindingAuthorizationDataOption(list(range(200, 212))))
        send("cn", ba, cn_addr, str(ip.GetSource()))

    on("cn", dmm.MobilityHeader.HOME_TEST_INIT, cn_on_test_init)
    on("cn", dmm.MobilityHeader.CARE_OF_TEST_INIT, cn_on_test_init)
    on("cn", dmm.MobilityHeader.BINDING_UPDATE, cn_on_bu)
    on("mn", dmm.MobilityHeader.HOME_TEST, mn_on_test)
    on("mn", dmm.MobilityHeader.CARE_OF_TEST, mn_on_test)
    callbacks.schedule(4.0, mn_start_rr)

    # --- Unknown MH type: the CN answers with Binding Error status 2 ----------------------
    def mn_send_unknown() -> None:
        ex.log("mn", "cn", "MH type 200")
        raw = wire.with_checksum(bytes.fromhex("3b01c800000000000000000000000000"), coa, cn_addr)
        topo.ipv6("mn").Send(wire.packet_from_bytes(raw), ns.Ipv6Address(coa),
                             ns.Ipv6Address(cn_addr), 135, ns.Ptr[ns.Ipv6Route]())

    def mn_on_be(msg, ip, iface) -> None:
        # Sent by the CN's protocol itself: drawn at the time it arrives.
        ex.log("cn", "mn", f"BindingError status {msg.GetStatus()} (arrival)")

    on("mn", dmm.MobilityHeader.BINDING_ERROR, mn_on_be)
    callbacks.schedule(5.0, mn_send_unknown)

    # --- Location management: query and reply (Experimental MH) --------------------------
    lm = dmm.LocationManagementHeader

    def mag_query() -> None:
        q = dmm.LocationManagementHeader(lm.LOCATION_QUERY)
        q.SetSequence(1)
        q.AddOption(dmm.MobileNodeIdentifierOption(NAI))
        q.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOME_PREFIX), 64))
        send("mag", q, mag_addr, ha_addr, "LocationQuery")

    def ha_on_query(msg, ip, iface) -> None:
        r = dmm.LocationManagementHeader(lm.LOCATION_REPLY)
        r.SetSequence(msg.GetSequence())
        r.SetStatus(0)
        r.SetLifetime(ns.Seconds(120))
        r.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOME_PREFIX), 64))
        r.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(coa)))
        send("ha", r, ha_addr, str(ip.GetSource()), "LocationReply")

    def mag_on_reply(msg, ip, iface) -> None:
        ex.log("mag", "", f"rx LocationReply status {msg.GetStatus()}")

    on_lm("ha", lm.LOCATION_QUERY, ha_on_query)
    on_lm("mag", lm.LOCATION_REPLY, mag_on_reply)
    callbacks.schedule(5.5, mag_query)

    # --- UDP through the tunnel ---------------------------------------------------------
    any_port = ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), UDP_PORT).ConvertTo()
    sink_helper = ns.PacketSinkHelper("ns3::UdpSocketFactory", any_port)
    sink_apps = sink_helper.Install(topo.nodes["mn"])
    sink_apps.Start(ns.Seconds(0.0))
    recorder = dmm.PacketRecorder.Attach(sink_apps.Get(0), "Rx")
    client = ns.UdpClientHelper(ns.Inet6SocketAddress(ns.Ipv6Address(HOA), UDP_PORT).ConvertTo())
    client.SetAttribute("Interval", ns.TimeValue(ns.MilliSeconds(5)))
    client.SetAttribute("MaxPackets", ns.UintegerValue(100000))
    client.SetAttribute("PacketSize", ns.UintegerValue(512))
    client_apps = client.Install(topo.nodes["cn"])
    client_apps.Start(ns.Seconds(2.0))
    client_apps.Stop(ns.Seconds(STOP_S - 0.5))

    wall = time.perf_counter()
    ns.Simulator.Stop(ns.Seconds(STOP_S))
    ns.Simulator.Run()
    wall = time.perf_counter() - wall

    mh_types = {int(getattr(dmm.MobilityHeader, n)): n for n in (
        "BINDING_REFRESH_REQUEST", "HOME_TEST_INIT", "CARE_OF_TEST_INIT", "HOME_TEST",
        "CARE_OF_TEST", "BINDING_UPDATE", "BINDING_ACKNOWLEDGEMENT", "BINDING_ERROR",
        "EXPERIMENTAL")}
    drop_reasons = {int(getattr(dmm.MobilityL4Protocol, n)): n for n in dir(dmm.MobilityL4Protocol)
                    if n.startswith("DROP_") and n != "DROP_REASON_COUNT"}
    per_node = {}
    for name, proto in l4.items():
        tunnel = topo.tunnel(name)
        per_node[name] = {
            "tx": {n: int(proto.GetTxCount(t)) for t, n in mh_types.items() if proto.GetTxCount(t)},
            "rx": {n: int(proto.GetRxCount(t)) for t, n in mh_types.items() if proto.GetRxCount(t)},
            "drops": {n: int(proto.GetDropCount(r)) for r, n in drop_reasons.items()
                      if proto.GetDropCount(r)},
            "binding_errors_sent": int(proto.GetBindingErrorsSent()),
            "tunnel": {"encapsulated": int(tunnel.GetEncapsulatedPackets()),
                       "decapsulated": int(tunnel.GetDecapsulatedPackets()),
                       "overhead_bytes": int(tunnel.GetOverheadBytes())},
        }
    times = [float(t) for t in recorder.times]
    sent = int(ns.DynamicCast[ns.UdpClient](client_apps.Get(0)).GetTotalTx()) // 512
    summary = {
        "seed": seed,
        "run": run,
        "simulated_s": STOP_S,
        "wall_s": round(wall, 3),
        "nodes": per_node,
        "udp": {"received": len(times), "first_rx_s": times[0] if times else None,
                "last_rx_s": times[-1] if times else None, "sent": sent},
        "events": ex.events,
        "udp_rx_times": times,
        "pcaps": {k: str(v) for k, v in pcaps.items()},
    }
    ns.Simulator.Destroy()
    callbacks.release()
    return summary


def plot(summary: dict, path: Path) -> None:
    from ns3dmm.plotting import message_timeline  # noqa: PLC0415

    message_timeline(summary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--run", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    summary = build(args.out, args.seed, args.run)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    plot(summary, args.out / "timeline.png")
    print(f"ns3-dmm Mobility Header exchange: {args.out}")
    for name, node in summary["nodes"].items():
        print(f"  {name:4s} tx {node['tx']}  rx {node['rx']}  drops {node['drops']}")
    print(f"  UDP packets delivered through the tunnel: {summary['udp']['received']}")
    print(f"  wall time {summary['wall_s']} s for {summary['simulated_s']} s simulated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
