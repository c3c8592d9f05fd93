"""Replicated location management (HAHA's LM0, draft section 4.5): a registration accepted by
one replica reaches its peers as a Location Replicate (locator changes and refreshes counted
apart); a Replicate from an undeclared node, a stale one, or one for a prefix the replica does
not serve changes nothing and is counted; a deregistration removes the binding everywhere."""

from __future__ import annotations

import json
from typing import Any

from ns3dmm import callbacks
from ns3dmm.topology import WiredTopology

HOA = "2001:1:0:99::100"


def host_bu(ns: Any, seq: int, lifetime_s: int = 60) -> Any:
    bu = ns.dmm.BindingUpdateHeader()
    bu.SetSequence(seq)
    bu.SetFlag(bu.FLAG_A, True)
    bu.SetFlag(bu.FLAG_H, True)
    bu.SetLifetime(ns.Seconds(lifetime_s))
    bu.AddOption(ns.dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOA), 128))
    return bu


def replicate(ns: Any, seq: int, locator: str, prefix: str = HOA) -> Any:
    dmm = ns.dmm
    m = dmm.LocationManagementHeader(dmm.LocationManagementHeader.LOCATION_REPLICATE)
    m.SetSequence(seq)
    m.SetLifetime(ns.Seconds(60))
    m.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(prefix), 128))
    m.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(locator)))
    return m


def test_replicas_follow_each_other_and_refuse_others(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    topo = WiredTopology()
    for name in ("mn", "a", "b", "x"):
        topo.node(name)
    topo.link("mn", "a", "2001:1:0:1::/64")
    topo.link("a", "b", "2001:1:0:2::/64")
    topo.link("x", "b", "2001:1:0:3::/64")
    lms = {}
    for name in ("a", "b"):
        lm = lms[name] = ns.CreateObject[dmm.LocationManagement]()
        lm.AddServedPrefix(ns.Ipv6Address("2001:1:0:99::"), 64)
        topo.nodes[name].AggregateObject(lm)
    lms["a"].AddReplica(ns.Ipv6Address(topo.address("b", "a")))
    lms["b"].AddReplica(ns.Ipv6Address(topo.address("a", "b")))
    coa, ha = topo.address("mn", "a"), topo.address("a", "mn")
    seen: list[tuple[float, str, str]] = []

    def look(label: str) -> None:
        seen.append((label, str(lms["a"].GetLocator(ns.Ipv6Address(HOA))),
                     str(lms["b"].GetLocator(ns.Ipv6Address(HOA)))))

    def from_mn(bu: Any) -> None:
        topo.l4("mn").Send(bu, ns.Ipv6Address(coa), ns.Ipv6Address(ha))

    def from_node(node: str, peer: str, message: Any) -> None:
        topo.l4(node).Send(message, ns.Ipv6Address(topo.address(node, peer)),
                           ns.Ipv6Address(topo.address(peer, node)))

    x = topo.address("x", "b")
    callbacks.schedule(1.0, lambda: from_mn(host_bu(ns, 5)))
    callbacks.schedule(1.5, lambda: look("registered"))
    callbacks.schedule(2.0, lambda: from_mn(host_bu(ns, 6)))  # refresh: same care-of address
    callbacks.schedule(3.0, lambda: from_node("x", "b", replicate(ns, 7, x)))  # undeclared
    callbacks.schedule(3.5, lambda: look("after x"))
    callbacks.schedule(4.0, lambda: from_node("a", "b", replicate(ns, 4, x)))  # stale
    callbacks.schedule(4.2, lambda: from_node("a", "b", replicate(ns, 9, x, "2001:2::1")))
    callbacks.schedule(4.5, lambda: look("after stale"))
    callbacks.schedule(5.0, lambda: from_mn(host_bu(ns, 8, lifetime_s=0)))  # deregistration
    callbacks.schedule(5.5, lambda: look("deregistered"))
    ns.Simulator.Stop(ns.Seconds(6))
    ns.Simulator.Run()

    assert seen == [("registered", coa, coa), ("after x", coa, coa),
                    ("after stale", coa, coa), ("deregistered", "::", "::")]
    a, b = lms["a"], lms["b"]
    assert (a.GetReplicatedChanges(), a.GetReplicatedRefreshes()) == (2, 1)
    assert (b.GetReplicatedChanges(), b.GetReplicatedRefreshes()) == (0, 0)
    assert b.GetReplicatesApplied() == 3 and b.GetReplicatesRefused() == 3
    assert b.GetNBindings() == 0 and a.GetNBindings() == 0
    # Every Replicate that reached b from a declared peer was acknowledged (the undeclared
    # node's was not): Replicate Acks sent by b, per destination.
    acks = [r for r in _sent(ns, topo.nodes["b"]) if r["subtype"] == 6]
    assert [(r["destination"], r["messages"]) for r in acks] == [(topo.address("a", "b"), 5)]


def _sent(ns: Any, node: Any) -> list[dict[str, Any]]:
    return json.loads(str(ns.dmm.CountersJson(node)))["mh"]["sent"]


def test_a_replica_needs_a_routable_peer(ns: Any) -> None:
    lm = ns.CreateObject[ns.dmm.LocationManagement]()
    for bad in ("::", "fe80::1", "ff02::1"):
        try:
            lm.AddReplica(ns.Ipv6Address(bad))
        except Exception as exc:  # cppyy raises the C++ std::invalid_argument as a Python error
            assert "unicast routable" in str(exc)
        else:
            raise AssertionError(f"AddReplica({bad}) accepted")
    lm.AddReplica(ns.Ipv6Address("2001:1::1"))
    lm.AddReplica(ns.Ipv6Address("2001:1::1"))
    assert [str(a) for a in lm.GetReplicas()] == ["2001:1::1"]


def test_a_replicated_proxy_registration_stays_one(ns: Any, simulator: Any) -> None:
    """A proxy registration's Replicate (Status: kind PROXY with the proxy bit) keeps the P
    flag, is ordered by its Timestamp (an older one is stale whatever its sequence number) and,
    deregistered, is held for MinDelayBeforeBCEDelete as at the origin."""
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("a")
    topo.node("b")
    topo.link("a", "b", "2001:1:0:2::/64")
    lm = ns.CreateObject[dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address("2001:1:0:99::"), 64)
    topo.nodes["b"].AggregateObject(lm)
    lm.AddReplica(ns.Ipv6Address(topo.address("a", "b")))
    mag1, mag2 = "2001:1:0:5::1", "2001:1:0:6::1"
    status = dmm.LocationEntry.PROXY | dmm.LocationManagement.REPLICATE_PROXY

    def proxy_replicate(seq: int, locator: str, timestamp_s: float, lifetime_s: int = 60) -> Any:
        m = dmm.LocationManagementHeader(dmm.LocationManagementHeader.LOCATION_REPLICATE)
        m.SetStatus(status)
        m.SetSequence(seq)
        m.SetLifetime(ns.Seconds(lifetime_s))
        m.AddOption(dmm.MobileNodeIdentifierOption("mn1@dmm.example"))
        m.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address("2001:1:0:99::"), 64))
        m.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(locator)))
        m.AddOption(dmm.TimestampOption(ns.Seconds(timestamp_s)))
        return m

    def send(message: Any) -> None:
        topo.l4("a").Send(message, ns.Ipv6Address(topo.address("a", "b")),
                          ns.Ipv6Address(topo.address("b", "a")))

    seen = []

    def look() -> None:
        seen.append([(str(e.locator), bool(e.proxy), bool(e.IsRegistered()))
                     for e in lm.GetBindings()])

    callbacks.schedule(1.0, lambda: send(proxy_replicate(10, mag1, 1000.0)))
    callbacks.schedule(1.5, look)
    # A new MAG's registration: a lower sequence number but a later Timestamp.
    callbacks.schedule(2.0, lambda: send(proxy_replicate(3, mag2, 1001.0)))
    callbacks.schedule(2.5, look)
    callbacks.schedule(3.0, lambda: send(proxy_replicate(11, mag1, 999.0)))  # older: stale
    callbacks.schedule(3.5, look)
    callbacks.schedule(4.0, lambda: send(proxy_replicate(4, mag2, 1002.0, lifetime_s=0)))
    callbacks.schedule(4.5, look)
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    assert seen == [[(mag1, True, True)], [(mag2, True, True)], [(mag2, True, True)],
                    [(mag2, True, False)]]
    assert lm.GetReplicatesApplied() == 3 and lm.GetReplicatesRefused() == 1
