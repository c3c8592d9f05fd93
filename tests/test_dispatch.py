"""Dispatch by function (MobilityL4Protocol::AddHandler with claims): one node hosts a home
location management function (its network's home addresses), an anchor point's regional
location management function (installed beside it: ns-3 aggregates one object per type),
a mobility routing function following both, and a proxy triggered from below. Each Binding
Update goes to the function serving its prefix, each acknowledgement to the registration it
answers, an unserved one is answered by the first function (with a rejection, as for any
prefix it does not serve), and the node counts what each function was handed, from whom.

Topology: mn -- r -- x -- y (point-to-point); x hosts the functions, y is the proxy's parent."""

from __future__ import annotations

from typing import Any

from ns3dmm import callbacks
from ns3dmm.topology import WiredTopology

HOME = ("2001:1:0:1000::", 52)       # the home LM's home addresses
REGIONAL = ("2001:1:0:2000::", 64)   # the regional LM's (regional care-of addresses)
HOA, RCOA, STRAY = "2001:1:0:1000::5", "2001:1:0:2000::7", "2001:9::1"
BINDING_UPDATE, BINDING_ACK = 5, 6


def _octet(value: Any) -> int:
    """A uint8_t from C++ (cppyy gives a one-character string)."""
    return value if isinstance(value, int) else ord(value)


def bu(ns: Any, seq: int, address: str, coa: str) -> Any:
    dmm = ns.dmm
    m = dmm.BindingUpdateHeader()
    m.SetSequence(seq)
    m.SetFlag(m.FLAG_A, True)
    m.SetLifetime(ns.Seconds(60))
    m.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(address), 128))
    m.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(coa)))
    return m


def location_management(ns: Any, node: Any, prefix: tuple[str, int],
                        function: str | None = None) -> Any:
    """A location management function serving ``prefix`` on ``node``: aggregated when it is the
    node's first, installed beside it when it has a ``function`` name of its own."""
    lm = ns.CreateObject[ns.dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address(prefix[0]), prefix[1])
    if function is None:
        node.AggregateObject(lm)
    else:
        lm.SetAttribute("Function", ns.StringValue(function))
        lm.Install(node)
    return lm


def test_each_message_goes_to_the_function_that_claims_it(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("mn")
    topo.node("r", router=True)
    topo.node("x", router=True)
    topo.node("y", router=True)
    topo.link("mn", "r", "2001:1:0:1::/64")
    topo.link("r", "x", "2001:1:0:2::/64")
    topo.link("x", "y", "2001:1:0:3::/64")
    topo.route_all_links()
    x = topo.nodes["x"]
    home = location_management(ns, x, HOME)
    regional = location_management(ns, x, REGIONAL, "anchor point proxy")
    mr = dmm.DmmStackHelper.InstallMobilityRouting(x)
    mr.FollowLocationManagement(home)
    mr.FollowLocationManagement(regional)
    # A proxy on x registering upward with y's location management; its acknowledgements
    # share x's Mobility Header protocol with the two location management functions.
    parent = ns.CreateObject[dmm.LocationManagement]()
    parent.AddServedPrefix(ns.Ipv6Address("2001:1:0:4000::"), 52)
    alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
    alloc.SetNetwork(ns.Ipv6Address("2001:1:0:4000::"), 52)
    parent.SetAllocation(alloc)
    topo.nodes["y"].AggregateObject(parent)
    below = ns.CreateObject[dmm.LocationManagement]()
    below.SetAttribute("HostRegistrationEnabled", ns.BooleanValue(False))
    below.AddServedPrefix(ns.Ipv6Address("::"), 0)
    below.SetAttribute("Function", ns.StringValue("regional proxy bindings"))
    below.Install(x)
    proxy = ns.CreateObject[dmm.Proxy]()
    proxy.SetAttribute("Parent", ns.Ipv6AddressValue(ns.Ipv6Address(topo.address("y", "x"))))
    x.AggregateObject(proxy)
    proxy.ServeBelow(below)
    proxy.Start()

    coa = topo.address("mn", "r")
    x_addr = ns.Ipv6Address(topo.address("x", "r"))
    l4 = topo.l4("mn")

    def send(seq: int, address: str) -> None:
        l4.Send(bu(ns, seq, address, coa), ns.Ipv6Address(coa), x_addr)

    callbacks.schedule(0.5, lambda: send(1, HOA))
    callbacks.schedule(0.6, lambda: send(2, RCOA))
    callbacks.schedule(0.7, lambda: send(3, STRAY))
    # A proxy registration from "below" (as an access router's proxy would send it): the
    # regional bindings resolve it upward through the proxy, whose PBA from y must reach it.
    pbu = dmm.BindingUpdateHeader()
    pbu.SetSequence(1)
    for flag in (pbu.FLAG_A, pbu.FLAG_H, pbu.FLAG_P):
        pbu.SetFlag(flag, True)
    pbu.SetLifetime(ns.Seconds(60))
    pbu.AddOption(dmm.MobileNodeIdentifierOption("mn1@dmm.example"))
    pbu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address("::"), 0))
    pbu.AddOption(dmm.HandoffIndicatorOption(1))
    pbu.AddOption(dmm.AccessTechnologyTypeOption(4))
    pbu.AddOption(dmm.TimestampOption(ns.Seconds(0.8)))
    callbacks.schedule(0.8, lambda: l4.Send(pbu, ns.Ipv6Address(coa), x_addr))
    ns.Simulator.Stop(ns.Seconds(2))
    ns.Simulator.Run()

    # Each host registration in the function serving its prefix; the stray one in neither.
    assert str(home.GetLocator(ns.Ipv6Address(HOA))) == coa
    assert home.GetNBindings() == 1
    assert str(regional.GetLocator(ns.Ipv6Address(RCOA))) == coa
    assert regional.GetNBindings() == 1
    # The proxy registration went up and came back: y bound the prefix to x, the regional
    # bindings to the mobile node's side.
    assert parent.GetNBindings() == 1 and below.GetNBindings() == 1
    assert proxy.GetNRegistered() == 1
    # The mobility routing function follows both location management functions.
    assert mr.GetNBindings() == 2
    handled = {(str(h.function), str(h.source), _octet(h.type)): int(h.messages)
               for h in topo.l4("x").GetHandled()}
    assert handled == {
        ("location management", coa, BINDING_UPDATE): 2,   # HOA, and STRAY (nobody's: first)
        ("anchor point proxy", coa, BINDING_UPDATE): 1,     # RCOA
        ("regional proxy bindings", coa, BINDING_UPDATE): 1,  # the proxy registration
        ("proxy", topo.address("y", "x"), BINDING_ACK): 1,  # the PBA from y
    }
    functions = sorted((_octet(t), str(f)) for t, _, f in topo.l4("x").GetHandlerFunctions())
    assert functions.count((BINDING_UPDATE, "location management")) == 1
    assert (BINDING_UPDATE, "anchor point proxy") in functions
    assert (BINDING_ACK, "proxy") in functions


def test_an_unserved_registration_is_refused_by_the_first_function(ns: Any,
                                                                    simulator: Any) -> None:
    """No function claims a Binding Update for a prefix nobody serves: the first one added
    answers it (a rejection: not home agent for this mobile node)."""
    topo = WiredTopology()
    topo.node("mn")
    topo.node("x", router=True)
    topo.link("mn", "x", "2001:1:0:1::/64")
    topo.route_all_links()
    x = topo.nodes["x"]
    first = location_management(ns, x, HOME)
    second = location_management(ns, x, REGIONAL, "second")
    coa = topo.address("mn", "x")
    callbacks.schedule(0.5, lambda: topo.l4("mn").Send(
        bu(ns, 1, STRAY, coa), ns.Ipv6Address(coa), ns.Ipv6Address(topo.address("x", "mn"))))
    ns.Simulator.Stop(ns.Seconds(1))
    ns.Simulator.Run()
    handled = [(str(h.function), _octet(h.type)) for h in topo.l4("x").GetHandled()]
    assert handled == [("location management", BINDING_UPDATE)]
    # The first function answered (a Binding Acknowledgement back to the sender, which no
    # function of the mobile node's takes); neither bound anything.
    sent = [(str(r.function), _octet(r.type), str(r.destination))
            for r in topo.l4("x").GetSent()]
    assert sent == [("location management", BINDING_ACK, coa)]
    assert topo.l4("mn").GetRxCount(BINDING_ACK) == 1
    assert first.GetNBindings() == second.GetNBindings() == 0
