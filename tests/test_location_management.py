"""Layer-2 tests of the location management function (binding database) and the home address
allocation function: RFC 6275 9.5.1 / RFC 5213 5.3 processing and timers, shrunk through
attributes."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.topology import WiredTopology

HOME = "2001:1:0:99::"
HOA = "2001:1:0:99::100"
COA1, COA2 = "2001:1:0:1::1", "2001:1:0:2::1"
NAI = "mn1@dmm.example"


@pytest.fixture()
def lm(ns: Any, simulator: Any) -> Any:
    lm = ns.CreateObject[ns.dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address("2001:1::"), 48)
    return lm


def host_bu(ns: Any, seq: int, lifetime_s: int = 60, hoa: str = HOA) -> Any:
    dmm = ns.dmm
    bu = dmm.BindingUpdateHeader()
    bu.SetSequence(seq)
    bu.SetFlag(bu.FLAG_A, True)
    bu.SetFlag(bu.FLAG_H, True)
    bu.SetLifetime(ns.Seconds(lifetime_s))
    bu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(hoa), 128))
    return bu


def proxy_bu(ns: Any, seq: int, lifetime_s: int = 60, prefix: str = HOME, *,
             timestamp_s: float | None = None, skip: str = "") -> Any:
    dmm = ns.dmm
    bu = dmm.BindingUpdateHeader()
    bu.SetSequence(seq)
    for flag in (bu.FLAG_A, bu.FLAG_H, bu.FLAG_P):
        bu.SetFlag(flag, True)
    bu.SetLifetime(ns.Seconds(lifetime_s))
    if skip != "mnid":
        bu.AddOption(dmm.MobileNodeIdentifierOption(NAI))
    if skip != "hnp":
        bu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(prefix), 64))
    if skip != "hi":
        bu.AddOption(dmm.HandoffIndicatorOption(1))
    if skip != "att":
        bu.AddOption(dmm.AccessTechnologyTypeOption(4))
    if timestamp_s is not None:
        bu.AddOption(dmm.TimestampOption(ns.Seconds(timestamp_s)))
    return bu


def at(ns: Any, seconds: float, fn) -> None:
    callbacks.schedule(seconds, fn)


def run(ns: Any, until: float) -> None:
    ns.Simulator.Stop(ns.Seconds(until))
    ns.Simulator.Run()


def test_home_registration_refresh_and_deregistration(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    results = []

    def step(bu: Any, source: str) -> None:
        ba = lm.ProcessBindingUpdate(bu, ns.Ipv6Address(source))
        results.append((ba.GetStatus(), ba.GetSequence(), ba.GetLifetime().GetSeconds(),
                        str(lm.GetLocator(ns.Ipv6Address(HOA))), lm.GetNBindings()))

    at(ns, 1, lambda: step(host_bu(ns, 1), COA1))
    at(ns, 2, lambda: step(host_bu(ns, 2), COA2))      # moved: same binding, new locator
    at(ns, 3, lambda: step(host_bu(ns, 2), COA2))      # replay: out of window
    at(ns, 4, lambda: step(host_bu(ns, 0x8002), COA2))  # 2^15 ahead: out of window
    at(ns, 5, lambda: step(host_bu(ns, 3, 0), COA2))   # deregistration
    run(ns, 6)
    ok, window = dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED, (
        dmm.BindingAckHeader.SEQUENCE_NUMBER_OUT_OF_WINDOW)
    assert results == [
        (ok, 1, 60.0, COA1, 1),
        (ok, 2, 60.0, COA2, 1),
        (window, 2, 0.0, COA2, 1),
        (window, 2, 0.0, COA2, 1),
        (ok, 3, 0.0, "::", 0),
    ]


def test_sequence_numbers_wrap_modulo_2_16(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    assert lm.ProcessBindingUpdate(host_bu(ns, 0xFFFF), ns.Ipv6Address(COA1)).IsAccepted()
    ba = lm.ProcessBindingUpdate(host_bu(ns, 0), ns.Ipv6Address(COA2))
    assert ba.GetStatus() == dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED
    assert str(lm.GetLocator(ns.Ipv6Address(HOA))) == COA2


def test_lifetime_is_capped_and_expires(ns: Any, lm: Any) -> None:
    lm.SetAttribute("MaxBindingLifetime", ns.TimeValue(ns.Seconds(8)))
    ba = lm.ProcessBindingUpdate(host_bu(ns, 1, lifetime_s=400), ns.Ipv6Address(COA1))
    assert ba.GetLifetime().GetSeconds() == 8
    seen = []
    at(ns, 7.9, lambda: seen.append(lm.GetNBindings()))
    at(ns, 8.1, lambda: seen.append(lm.GetNBindings()))
    run(ns, 9)
    assert seen == [1, 0]


@pytest.mark.parametrize(("case", "status"), [
    ("hoa outside the served prefix", "NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE"),
    ("host registration disabled", "HOME_REGISTRATION_NOT_SUPPORTED"),
])
def test_host_registration_rejections(ns: Any, lm: Any, case: str, status: str) -> None:
    dmm = ns.dmm
    hoa = "2001:2::100" if "outside" in case else HOA
    if "disabled" in case:
        lm.SetAttribute("HostRegistrationEnabled", ns.BooleanValue(False))
    ba = lm.ProcessBindingUpdate(host_bu(ns, 1, hoa=hoa), ns.Ipv6Address(COA1))
    assert ba.GetStatus() == getattr(dmm.BindingAckHeader, status)
    assert lm.GetNBindings() == 0


@pytest.mark.parametrize(("skip", "status"), [
    ("mnid", "MISSING_MN_IDENTIFIER_OPTION"),
    ("hnp", "MISSING_HOME_NETWORK_PREFIX_OPTION"),
    ("hi", "MISSING_HANDOFF_INDICATOR_OPTION"),
    ("att", "MISSING_ACCESS_TECH_TYPE_OPTION"),
])
def test_proxy_registration_missing_options(ns: Any, lm: Any, skip: str, status: str) -> None:
    ba = lm.ProcessBindingUpdate(proxy_bu(ns, 1, skip=skip), ns.Ipv6Address(COA1))
    assert ba.GetStatus() == getattr(ns.dmm.BindingAckHeader, status)
    assert ba.GetFlag(ns.dmm.BindingAckHeader.FLAG_P)


def test_proxy_registration_disabled(ns: Any, lm: Any) -> None:
    lm.SetAttribute("ProxyRegistrationEnabled", ns.BooleanValue(False))
    ba = lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA1))
    assert ba.GetStatus() == ns.dmm.BindingAckHeader.PROXY_REG_NOT_ENABLED


def test_proxy_registration_answer_carries_the_options(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    ba = lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA1))
    assert ba.IsAccepted() and ba.GetFlag(dmm.BindingAckHeader.FLAG_P)
    types = [ba.GetOption(k).GetType() for k in range(ba.GetNOptions())]
    assert types == [8, 22, 23, 24]
    hnp = ns.DynamicCast[dmm.HomeNetworkPrefixOption](ba.FindOption(22))
    assert (str(hnp.GetPrefix()), hnp.GetPrefixLength()) == (HOME, 64)


def test_a_refusal_names_the_prefix_refused(ns: Any, lm: Any) -> None:
    """A refusal carries the registration's options as an acceptance does (RFC 5213 5.3.6):
    a proxy or a mobile node with several registrations (a home network prefix, session
    addresses, each with its own sequence numbers) tells from the prefix which one it is."""
    dmm = ns.dmm
    lm.SetAttribute("ProxyRegistrationEnabled", ns.BooleanValue(False))
    ba = lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA1))
    assert ba.GetStatus() == dmm.BindingAckHeader.PROXY_REG_NOT_ENABLED
    types = [ba.GetOption(k).GetType() for k in range(ba.GetNOptions())]
    assert types == [8, 22, 23, 24]
    hnp = ns.DynamicCast[dmm.HomeNetworkPrefixOption](ba.FindOption(22))
    assert (str(hnp.GetPrefix()), hnp.GetPrefixLength()) == (HOME, 64)
    ba = lm.ProcessBindingUpdate(host_bu(ns, 1, hoa="2001:2::100"), ns.Ipv6Address(COA1))
    assert ba.GetStatus() == dmm.BindingAckHeader.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE
    hnp = ns.DynamicCast[dmm.HomeNetworkPrefixOption](ba.FindOption(22))
    assert (str(hnp.GetPrefix()), hnp.GetPrefixLength()) == ("2001:2::100", 128)


def test_prefix_of_another_mobile_node_is_refused(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    assert lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA1)).IsAccepted()
    other = proxy_bu(ns, 2)
    other.ClearOptions()
    other.AddOption(dmm.MobileNodeIdentifierOption("intruder@dmm.example"))
    other.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOME), 64))
    other.AddOption(dmm.HandoffIndicatorOption(1))
    other.AddOption(dmm.AccessTechnologyTypeOption(4))
    ba = lm.ProcessBindingUpdate(other, ns.Ipv6Address(COA2))
    assert ba.GetStatus() == dmm.BindingAckHeader.BCE_PBU_PREFIX_SET_DO_NOT_MATCH
    assert str(lm.GetLocator(ns.Ipv6Address(HOME + "1"))) == COA1


def test_timestamps(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    statuses = []

    stamps = []

    def step(seq: int, ts: float, source: str) -> None:
        ba = lm.ProcessBindingUpdate(proxy_bu(ns, seq, timestamp_s=ts), ns.Ipv6Address(source))
        statuses.append(ba.GetStatus())
        option = ns.DynamicCast[dmm.TimestampOption](ba.FindOption(27))
        stamps.append(option.GetTimestamp().GetSeconds() if option else None)

    at(ns, 1.0, lambda: step(1, 1.0, COA1))     # on time
    at(ns, 2.0, lambda: step(2, 1.5, COA2))     # 500 ms off: outside the 300 ms window
    at(ns, 3.0, lambda: step(3, 3.1, COA2))     # within the window, newer
    at(ns, 3.2, lambda: step(9, 3.05, COA1))    # older than the accepted one
    run(ns, 4)
    assert statuses == [0, dmm.BindingAckHeader.TIMESTAMP_MISMATCH, 0,
                        dmm.BindingAckHeader.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED]
    # RFC 5213 5.5.1: the same timestamp back, but a mismatch gets the anchor's current time
    assert stamps == pytest.approx([1.0, 2.0, 3.1, 3.05], abs=1e-4)  # 1/65536 s units


def test_proxy_deregistration_waits_and_old_proxy_is_ignored(ns: Any, lm: Any) -> None:
    lm.SetAttribute("MinDelayBeforeBCEDelete", ns.TimeValue(ns.Seconds(1)))
    key = ns.Ipv6Address(HOME + "1")
    seen = []
    at(ns, 1.0, lambda: lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA1)))
    at(ns, 2.0, lambda: lm.ProcessBindingUpdate(proxy_bu(ns, 2), ns.Ipv6Address(COA2)))
    # The old proxy's late deregistration does not touch the moved binding.
    at(ns, 2.5, lambda: lm.ProcessBindingUpdate(proxy_bu(ns, 3, 0), ns.Ipv6Address(COA1)))
    at(ns, 2.6, lambda: seen.append(str(lm.GetLocator(key))))
    at(ns, 3.0, lambda: lm.ProcessBindingUpdate(proxy_bu(ns, 4, 0), ns.Ipv6Address(COA2)))
    at(ns, 3.5, lambda: seen.append((lm.GetNBindings(), str(lm.GetLocator(key)))))
    at(ns, 4.1, lambda: seen.append(lm.GetNBindings()))
    run(ns, 5)
    assert seen == [COA2, (1, "::"), 0]


def test_allocation_for_an_all_zero_prefix_request(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
    alloc.SetNetwork(ns.Ipv6Address("2001:1::"), 48)
    alloc.SetFirstIndex(0x100)
    lm.SetAllocation(alloc)
    ba = lm.ProcessBindingUpdate(proxy_bu(ns, 1, prefix="::"), ns.Ipv6Address(COA1))
    assert ba.IsAccepted()
    hnp = ns.DynamicCast[dmm.HomeNetworkPrefixOption](ba.FindOption(22))
    assert (str(hnp.GetPrefix()), hnp.GetPrefixLength()) == ("2001:1:0:100::", 64)
    # The same mobile node gets the same prefix again.
    again = lm.ProcessBindingUpdate(proxy_bu(ns, 2, prefix="::"), ns.Ipv6Address(COA2))
    hnp = ns.DynamicCast[dmm.HomeNetworkPrefixOption](again.FindOption(22))
    assert str(hnp.GetPrefix()) == "2001:1:0:100::"
    assert alloc.GetNLeases() == 1


def test_allocation_leases(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
    alloc.SetAttribute("LeaseLifetime", ns.TimeValue(ns.Seconds(10)))
    alloc.SetNetwork(ns.Ipv6Address("2001:3::"), 48)
    a = alloc.Allocate("mn-a")
    b = alloc.Allocate("mn-b")
    assert (str(a.prefix), str(b.prefix)) == ("2001:3:0:1::", "2001:3:0:2::")
    assert alloc.IsLeased(ns.Ipv6Address("2001:3:0:2::42"))
    seen = []
    at(ns, 5, lambda: seen.append(alloc.Renew("mn-b")))
    at(ns, 10.5, lambda: seen.append((alloc.HasLease("mn-a"), alloc.HasLease("mn-b"))))
    at(ns, 15.5, lambda: seen.append(alloc.GetNLeases()))
    run(ns, 16)
    assert seen == [True, (False, True), 0]
    with pytest.raises(Exception, match="shorter"):
        alloc.SetNetwork(ns.Ipv6Address("2001:3::"), 64)
    with pytest.raises(Exception, match="empty key"):
        alloc.Allocate("")


def test_allocation_pool_exhaustion(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    alloc = ns.CreateObject[dmm.HomeAddressAllocation]()
    alloc.SetNetwork(ns.Ipv6Address("2001:4::"), 62)  # 4 prefixes of /64: indices 1..3
    assert [str(alloc.Allocate(f"mn{k}").prefix) for k in range(4)] == [
        "2001:4:0:1::", "2001:4:0:2::", "2001:4:0:3::", "::"]
    assert alloc.Release("mn1")
    assert str(alloc.Allocate("mn9").prefix) == "2001:4:0:2::"


def test_home_registration_over_the_network(ns: Any, simulator: Any) -> None:
    """A BU sent over a link reaches the LM installed on the home agent, which answers."""
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("mn")
    topo.node("ha")
    topo.link("mn", "ha", "2001:1:0:1::/64")
    lm = ns.CreateObject[dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address(HOME), 64)
    topo.nodes["ha"].AggregateObject(lm)
    answers = []
    topo.l4("mn").SetHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, callbacks.message_handler(
        lambda m, ip, i: answers.append((m.GetStatus(), m.GetSequence()))))
    coa, ha = topo.address("mn", "ha"), topo.address("ha", "mn")
    at(ns, 1, lambda: topo.l4("mn").Send(host_bu(ns, 5), ns.Ipv6Address(coa), ns.Ipv6Address(ha)))
    run(ns, 2)
    assert answers == [(0, 5)]
    assert str(lm.GetLocator(ns.Ipv6Address(HOA))) == coa
