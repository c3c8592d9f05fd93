"""Tunnel end points and who may send into them (``Ipv6TunnelL4Protocol.RequireKnownPeer``):
the remote end points of the node's tunnel routes, its added peers and its mobility routing
function's tunnels (bindings' locators, reverse tunnels' anchors).

On by default; deploy adds as peers every address of the nodes hosting the placement's
mobility elements (every other design's tests run with it on). MIPv6 and PMIPv6 over the
handover scenario with the check on at every node deliver what they deliver with it off, and
a correspondent that injects IPv6-in-IPv6 packets for the mobile node into a tunnel exit (the
mobile node itself in MIPv6, its gateway in PMIPv6) gets them delivered with it off and
dropped and counted with it on."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy

from test_handover import scenario  # noqa: I001  (sibling test module)

INJECTED = 50


def run(ns: Any, mode: str, check: bool) -> dict[str, Any]:
    sc = scenario(mode)
    dep = deploy(sc)
    mn, cn = sc.placement.mobile_nodes[0].name, sc.placement.correspondents[0].name
    sc.add_udp_cbr(cn, mn, lambda: dep.mn_address(mn), rate="400kbps", size=500, start_s=1.5,
                   stop_s=10.0, name="stream")
    tunnels = {name: node.GetObject[ns.dmm.Ipv6TunnelL4Protocol]()
               for name, node in sc.nodes.items()}
    for t in tunnels.values():
        if t and not check:  # on by default, with the peers deploy provisions
            t.SetAttribute("RequireKnownPeer", ns.BooleanValue(False))
    # The injector: UDP to the mobile node's address, wrapped towards the tunnel exit that
    # serves the mobile node at 11 s (it stays at AR22 from about 9 s).
    cn_address = sc.address(cn, sc.placement.node(cn).attached_to)

    def inject() -> None:
        exit_ = (str(dep.agents[mn].GetCareOfAddress()) if mode == "mipv6"
                 else dep.function_address("AR22"))
        for k in range(INJECTED):
            udp = ns.UdpHeader()
            udp.SetSourcePort(4000)
            udp.SetDestinationPort(9)
            payload = ns.Packet(100)
            payload.AddHeader(udp)
            inner = ns.Ipv6Header()
            inner.SetSource(ns.Ipv6Address(cn_address))
            inner.SetDestination(ns.Ipv6Address(dep.mn_address(mn)))
            inner.SetNextHeader(17)
            inner.SetPayloadLength(payload.GetSize())
            inner.SetHopLimit(64)
            tunnels[cn].Encapsulate(payload, inner, ns.Ipv6Address(cn_address),
                                    ns.Ipv6Address(exit_))

    callbacks.schedule(11.0, inject)
    sc.run(12.0)
    out = {
        "stream": sc.results()["apps"]["stream"],
        "unknown_peer": {name: int(t.GetDropCount(ns.dmm.Ipv6TunnelL4Protocol.DROP_UNKNOWN_PEER))
                         for name, t in tunnels.items() if t},
        "decapsulated": {name: int(t.GetDecapsulatedPackets())
                         for name, t in tunnels.items() if t},
    }
    sc.destroy()
    return out


@pytest.mark.parametrize("mode", ["mipv6", "pmipv6"])
def test_known_peers_only_keep_the_service_and_refuse_injection(ns: Any, mode: str) -> None:
    off, on = run(ns, mode, False), run(ns, mode, True)
    exit_ = "MN11" if mode == "mipv6" else "AR22"
    # The service is the same either way.
    assert on["stream"]["rx_packets"] == off["stream"]["rx_packets"] > 0.9 * off["stream"][
        "tx_packets"]
    # Off: the injected packets are decapsulated at the exit; on: every one is refused.
    assert sum(off["unknown_peer"].values()) == 0
    assert on["unknown_peer"][exit_] == INJECTED
    assert sum(on["unknown_peer"].values()) == INJECTED
    assert off["decapsulated"][exit_] - on["decapsulated"][exit_] == INJECTED
