"""Layer-2 tests of the location database (ns3::dmm::LocationTable): longest-prefix lookups by
hash, entry states and their traces, deadlines held by one timer, bad input; and what the
location management function puts in it (the care-of address of RFC 6275 9.5.1, the locator's
kind)."""

from __future__ import annotations

from typing import Any

import cppyy
import pytest

from ns3dmm import callbacks
from ns3dmm.topology import WiredTopology

from test_location_management import COA1, COA2, HOA, at, host_bu, proxy_bu, run

# A C++ recorder of every trace source of a table: one line per event.
TABLE_LOG = """
#include <sstream>
namespace dmm_test {
struct TableLog {
    std::vector<std::string> lines;
    void Added(const ns3::dmm::LocationEntry& e) { Line("added", e, ""); }
    void Updated(const ns3::dmm::LocationEntry& e) { Line("updated", e, ""); }
    void State(const ns3::dmm::LocationEntry& e, ns3::dmm::LocationEntry::State previous) {
        Line("state", e, ns3::dmm::LocationEntry::GetStateName(previous) + "->" +
                         ns3::dmm::LocationEntry::GetStateName(e.state));
    }
    void Removed(const ns3::dmm::LocationEntry& e, ns3::dmm::LocationTable::RemovalReason r) {
        Line("removed", e, std::to_string(int(r)));
    }
    void Line(const char* what, const ns3::dmm::LocationEntry& e, const std::string& extra) {
        std::ostringstream os;
        os << ns3::Simulator::Now().GetSeconds() << " " << what << " " << e.prefix << "/"
           << int(e.prefixLength) << " " << e.locator << (extra.empty() ? "" : " ") << extra;
        lines.push_back(os.str());
    }
    void Attach(ns3::Ptr<ns3::dmm::LocationTable> t) {
        t->TraceConnectWithoutContext("EntryAdded", ns3::MakeCallback(&TableLog::Added, this));
        t->TraceConnectWithoutContext("EntryUpdated",
                                      ns3::MakeCallback(&TableLog::Updated, this));
        t->TraceConnectWithoutContext("StateChanged", ns3::MakeCallback(&TableLog::State, this));
        t->TraceConnectWithoutContext("EntryRemoved",
                                      ns3::MakeCallback(&TableLog::Removed, this));
    }
};
}
"""


@pytest.fixture(scope="module")
def table_log(ns: Any) -> Any:
    if not hasattr(cppyy.gbl, "dmm_test") or not hasattr(cppyy.gbl.dmm_test, "TableLog"):
        cppyy.cppdef(TABLE_LOG)
    return cppyy.gbl.dmm_test.TableLog

HOME64 = "2001:1:0:99::"
OTHER = "2001:1:0:77::9"


@pytest.fixture()
def table(ns: Any, simulator: Any) -> Any:
    return ns.CreateObject[ns.dmm.LocationTable]()


def entry(ns: Any, prefix: str, length: int, locator: str, kind: str = "CARE_OF_ADDRESS",
          **fields: Any) -> Any:
    e = ns.dmm.LocationEntry()
    e.prefix = ns.Ipv6Address(prefix)
    e.prefixLength = length
    e.locator = ns.Ipv6Address(locator)
    e.kind = getattr(ns.dmm.LocationEntry, kind)
    for name, value in fields.items():
        setattr(e, name, value)
    return e


def locator(table: Any, ns: Any, address: str) -> str | None:
    e = table.Lookup(ns.Ipv6Address(address))
    return None if not e else str(e.locator)


def test_longest_prefix_first_and_only_registered_entries(ns: Any, table: Any) -> None:
    table.MarkRegistered(entry(ns, HOME64 + "1234", 64, COA1), ns.Seconds(60))  # bits cleared
    table.MarkRegistered(entry(ns, HOA, 128, COA2), ns.Seconds(60))
    assert table.GetN() == 2
    assert str(table.Find(ns.Ipv6Address(HOME64), 64).prefix) == HOME64
    assert locator(table, ns, HOA) == COA2                # the /128 wins
    assert locator(table, ns, HOME64 + "5") == COA1       # the rest of the /64
    assert locator(table, ns, OTHER) is None
    # A delete-pending /128 is passed over for the /64.
    assert table.MarkDeletePending(ns.Ipv6Address(HOA), 128, ns.Seconds(5), 7)
    assert table.Find(ns.Ipv6Address(HOA), 128).IsDeletePending()
    assert table.Find(ns.Ipv6Address(HOA), 128).sequence == 7
    assert locator(table, ns, HOA) == COA1
    assert table.Remove(ns.Ipv6Address(HOME64), 64, table.REMOVED_ADMINISTRATIVELY)
    assert locator(table, ns, HOA) is None
    assert not table.Remove(ns.Ipv6Address(HOME64), 64, table.REMOVED_ADMINISTRATIVELY)


def test_every_transition_is_traced(ns: Any, table: Any, table_log: Any) -> None:
    log = table_log()
    log.Attach(table)
    hoa, home = ns.Ipv6Address(HOA), ns.Ipv6Address(HOME64)
    at(ns, 1, lambda: table.MarkRegistered(entry(ns, HOA, 128, COA1), ns.Seconds(3)))
    at(ns, 2, lambda: table.MarkRegistered(entry(ns, HOA, 128, COA2), ns.Seconds(3)))
    at(ns, 2, lambda: table.MarkRegistered(entry(ns, HOME64, 64, COA1, "PROXY"),
                                           ns.Seconds(10)))
    at(ns, 3, lambda: table.MarkDeletePending(home, 64, ns.Seconds(2), 9))
    at(ns, 4, lambda: table.MarkRegistered(entry(ns, HOME64, 64, COA2, "PROXY"),
                                           ns.Seconds(1)))
    at(ns, 6, lambda: table.MarkDeletePending(home, 64, ns.Seconds(1), 10))
    at(ns, 6.5, lambda: table.MarkRegistered(entry(ns, OTHER, 128, COA1), ns.Seconds(9)))
    at(ns, 7, lambda: table.Remove(ns.Ipv6Address(OTHER), 128, table.REMOVED_ADMINISTRATIVELY))
    run(ns, 20)
    assert list(log.lines) == [
        f"1 added {HOA}/128 {COA1}",
        f"2 updated {HOA}/128 {COA2}",
        f"2 added {HOME64}/64 {COA1}",
        f"3 state {HOME64}/64 {COA1} registered->delete-pending",
        f"4 updated {HOME64}/64 {COA2}",
        f"4 state {HOME64}/64 {COA2} delete-pending->registered",
        f"5 removed {HOA}/128 {COA2} 1",                 # expired (2 + 3 s)
        f"5 removed {HOME64}/64 {COA2} 1",               # expired (4 + 1 s): dead deadlines of
        f"6.5 added {OTHER}/128 {COA1}",                 # 3 + 2 s were skipped
        f"7 removed {OTHER}/128 {COA1} 2",
    ]
    assert table.GetN() == 0
    assert not table.MarkDeletePending(hoa, 128, ns.Seconds(1), 1)


def test_deadlines_need_one_timer_not_an_event_per_entry(ns: Any, table: Any) -> None:
    """1000 entries over 10 distinct deadlines: the table executes 10 events, and every entry
    leaves at its own deadline."""
    seen: list[tuple[float, int]] = []
    for k in range(1000):
        table.MarkRegistered(entry(ns, f"2001:1:0:{k:x}::1", 128, COA1),
                             ns.Seconds(1 + k % 10))
    assert table.GetNextDeadline().GetSeconds() == 1
    for t in range(11):
        at(ns, t + 0.5, lambda: seen.append((ns.Simulator.Now().GetSeconds(), table.GetN())))
    before = ns.Simulator.GetEventCount()
    run(ns, 11)
    # 11 probes of ours, the stop event, 10 timer events of the table's.
    assert ns.Simulator.GetEventCount() - before == 11 + 1 + 10
    assert seen == [(t + 0.5, 1000 - 100 * t) for t in range(11)]
    assert table.GetNextDeadline() == ns.Time.Max()


def test_refreshes_do_not_grow_the_deadline_heap(ns: Any, table: Any) -> None:
    for k in range(5):
        table.MarkRegistered(entry(ns, f"2001:1:0:{k:x}::1", 128, COA1), ns.Seconds(100))
    for _ in range(1000):
        table.MarkRegistered(entry(ns, "2001:1:0:1::1", 128, COA2), ns.Seconds(100))
    assert table.GetN() == 5
    assert table.GetNDeadlines() <= 2 * 5 + 64 + 1


@pytest.mark.parametrize(("length", "lifetime_s"), [(129, 10), (64, 0), (64, -1)])
def test_bad_registrations_are_refused(ns: Any, table: Any, length: int,
                                       lifetime_s: float) -> None:
    with pytest.raises(Exception, match="prefix length above 128|lifetime must be positive"):
        table.MarkRegistered(entry(ns, HOME64, length, COA1), ns.Seconds(lifetime_s))
    assert table.GetN() == 0


# --- the location management function's entries ----------------------------------------------


@pytest.fixture()
def lm(ns: Any, simulator: Any) -> Any:
    lm = ns.CreateObject[ns.dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address("2001:1::"), 48)
    return lm


def with_alternate(ns: Any, bu: Any, address: str) -> Any:
    bu.AddOption(ns.dmm.AlternateCareOfAddressOption(ns.Ipv6Address(address)))
    return bu


def test_the_alternate_care_of_address_is_the_locator(ns: Any, lm: Any) -> None:
    """RFC 6275 9.5.1: the Alternate Care-of Address option, when present, is the care-of
    address, whatever the packet's source."""
    ba = lm.ProcessBindingUpdate(with_alternate(ns, host_bu(ns, 1), COA2), ns.Ipv6Address(COA1))
    assert ba.IsAccepted()
    assert str(lm.GetLocator(ns.Ipv6Address(HOA))) == COA2
    # The home address as alternate care-of address: back home, the binding is deleted.
    ba = lm.ProcessBindingUpdate(with_alternate(ns, host_bu(ns, 2), HOA), ns.Ipv6Address(COA1))
    assert ba.IsAccepted() and ba.GetLifetime().IsZero()
    assert lm.GetNBindings() == 0


def test_the_locator_kind(ns: Any, lm: Any) -> None:
    dmm = ns.dmm
    mr = "2001:1:0:5::1"
    lm.AddMobilityRouter(ns.Ipv6Address(mr))
    assert lm.ProcessBindingUpdate(host_bu(ns, 1), ns.Ipv6Address(COA1)).IsAccepted()
    assert lm.ProcessBindingUpdate(proxy_bu(ns, 1), ns.Ipv6Address(COA2)).IsAccepted()
    other = host_bu(ns, 1, hoa="2001:1:0:98::1")
    assert lm.ProcessBindingUpdate(other, ns.Ipv6Address(mr)).IsAccepted()
    kinds = {str(b.prefix): (b.kind, b.proxy) for b in lm.GetBindings()}
    assert kinds == {HOA: (dmm.LocationEntry.CARE_OF_ADDRESS, False),
                     HOME64: (dmm.LocationEntry.PROXY, True),
                     "2001:1:0:98::1": (dmm.LocationEntry.MOBILITY_ROUTER, False)}
    assert lm.GetTable().GetN() == 3


@pytest.mark.parametrize("coa", ["fe80::1", "ff02::1", "::1", "::"])
def test_a_care_of_address_that_is_not_routable_unicast(ns: Any, simulator: Any,
                                                        coa: str) -> None:
    """RFC 6275 9.5.1: a Binding Update whose care-of address is not a unicast routable address
    is silently discarded (counted, no acknowledgement); processed directly, it is refused."""
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("mn")
    ha = topo.node("ha")
    topo.link("mn", "ha", "2001:1:0:1::/64")
    lm = ns.CreateObject[dmm.LocationManagement]()
    lm.AddServedPrefix(ns.Ipv6Address("2001:1::"), 48)
    ha.AggregateObject(lm)
    answers: list[Any] = []
    topo.l4("mn").SetHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT,
                             callbacks.message_handler(lambda m, ip, i: answers.append(m)))
    src, dst = topo.address("mn", "ha"), topo.address("ha", "mn")
    for seq, alt in ((1, coa), (2, None)):
        bu = host_bu(ns, seq)
        if alt is not None:
            with_alternate(ns, bu, alt)
        callbacks.schedule(0.1 * seq, lambda bu=bu: topo.l4("mn").Send(
            bu, ns.Ipv6Address(src), ns.Ipv6Address(dst)))
    run(ns, 1)
    assert lm.GetDiscarded() == 1
    # Only the second Binding Update, without the option, is answered and bound.
    assert [a.GetSequence() for a in answers] == [2]
    assert str(lm.GetLocator(ns.Ipv6Address(HOA))) == src
    ba = lm.ProcessBindingUpdate(with_alternate(ns, host_bu(ns, 3), coa), ns.Ipv6Address(src))
    assert ba.GetStatus() == dmm.BindingAckHeader.REASON_UNSPECIFIED


# --- regional registrations (an anchor point's location management) --------------------------

RESOLVER = """
namespace dmm_test {
struct Resolver {
    std::vector<std::string> asked;
    void Ask(const std::string& mnId) { asked.push_back(mnId); }
    void Attach(ns3::Ptr<ns3::dmm::LocationManagement> lm) {
        lm->SetPrefixResolver(ns3::MakeCallback(&Resolver::Ask, this));
    }
};
}
"""


@pytest.fixture(scope="module")
def resolver(ns: Any) -> Any:
    if not hasattr(cppyy.gbl, "dmm_test") or not hasattr(cppyy.gbl.dmm_test, "Resolver"):
        cppyy.cppdef(RESOLVER)
    return cppyy.gbl.dmm_test.Resolver


def _regional(ns: Any, resolver: Any) -> tuple[Any, Any, Any, Any, str, str]:
    """A MAG and an anchor point whose location management resolves prefixes upward through
    ``resolver``: (topology, regional function, resolver, the MAG's Mobility Header protocol,
    its address, the anchor point's)."""
    topo = WiredTopology()
    topo.node("mag")
    anchor = topo.node("map")
    topo.link("mag", "map", "2001:3:0:1::/64")
    regional = ns.CreateObject[ns.dmm.LocationManagement]()
    regional.AddServedPrefix(ns.Ipv6Address("::"), 0)
    anchor.AggregateObject(regional)
    asked = resolver()
    asked.Attach(regional)
    return (topo, regional, asked, topo.l4("mag"), topo.address("mag", "map"),
            topo.address("map", "mag"))


def test_a_regional_registration_waits_for_the_prefix_from_upward(ns: Any, simulator: Any,
                                                                  resolver: Any) -> None:
    """An anchor point's location management function asks its resolver once for an unknown
    mobile node, answers the proxy below (and its retransmission) only when Resolved is called,
    with the prefix from upward; then answers later requests at once; a rejection upward is
    passed down; Withdraw removes the binding and tells the proxy below."""
    dmm = ns.dmm
    topo, regional, asked, mag, src, dst = _regional(ns, resolver)
    answers: list[tuple[float, int, int, str]] = []
    notified: list[str] = []

    def on_ba(m: Any, ip: Any, i: int) -> None:
        hnp = m.FindOption(dmm.MobilityOption.HOME_NETWORK_PREFIX)
        prefix = ns.DynamicCast[dmm.HomeNetworkPrefixOption](hnp).GetPrefix() if hnp else None
        answers.append((ns.Simulator.Now().GetSeconds(), m.GetSequence(), m.GetStatus(),
                        str(prefix)))

    mag.SetHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, callbacks.message_handler(on_ba))
    mag.SetLocationManagementHandler(
        dmm.LocationManagementHeader.LOCATION_NOTIFY,
        callbacks.message_handler(lambda m, ip, i: notified.append(str(ip.GetDestination()))))

    def send(seq: int) -> None:
        bu = proxy_bu(ns, seq, prefix="::", timestamp_s=ns.Simulator.Now().GetSeconds())
        mag.Send(bu, ns.Ipv6Address(src), ns.Ipv6Address(dst))

    home = "2001:1:0:1001::"
    at(ns, 0.1, lambda: send(1))
    at(ns, 0.5, lambda: send(2))          # retransmission while upward registration runs
    at(ns, 1.0, lambda: regional.Resolved("mn1@dmm.example", ns.Ipv6Address(home), 64, 0))
    at(ns, 2.0, lambda: send(3))          # known now: answered at once
    at(ns, 3.0, lambda: regional.Withdraw(ns.Ipv6Address(home), 64))
    at(ns, 4.0, lambda: send(4))          # unknown again: asked again
    at(ns, 4.5, lambda: regional.Resolved("mn1@dmm.example", ns.Ipv6Address(), 0, 129))
    run(ns, 5)
    assert list(asked.asked) == ["mn1@dmm.example", "mn1@dmm.example"]
    ok = dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED
    assert [(round(t, 1), seq, status) for t, seq, status, _ in answers] == [
        (1.0, 2, ok), (2.0, 3, ok), (4.5, 4, 129)]
    assert answers[0][3] == answers[1][3] == home
    # the withdrawal's Location Notify, sent again after 1 s (NotifyTimeout): this proxy
    # never acknowledges
    assert notified == [src, src]
    assert regional.GetNBindings() == 0


def test_a_refresh_naming_a_prefix_the_anchor_lost_is_registered_upward_again(
        ns: Any, simulator: Any, resolver: Any) -> None:
    """After a restart the anchor point's location management knows neither the binding nor
    the prefix granted upward: a refresh from below naming the prefix waits for the resolver
    (the proxy registers upward again) and is answered once resolved with that prefix; one
    resolved with another prefix is refused with 155, and Resolved says so (the proxy then
    lets its upward registration go)."""
    dmm = ns.dmm
    _, regional, asked, mag, src, dst = _regional(ns, resolver)
    answers: list[tuple[int, int]] = []
    outcomes: list[bool] = []
    mag.SetHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, callbacks.message_handler(
        lambda m, ip, i: answers.append((m.GetSequence(), m.GetStatus()))))
    home, other = "2001:1:0:1001::", "2001:1:0:1002::"

    def send(seq: int, prefix: str) -> None:
        bu = proxy_bu(ns, seq, prefix=prefix, timestamp_s=ns.Simulator.Now().GetSeconds())
        mag.Send(bu, ns.Ipv6Address(src), ns.Ipv6Address(dst))

    def resolve(prefix: str) -> None:
        outcomes.append(bool(regional.Resolved("mn1@dmm.example", ns.Ipv6Address(prefix), 64,
                                               0)))

    at(ns, 0.1, lambda: send(1, "::"))
    at(ns, 0.5, lambda: resolve(home))
    at(ns, 1.0, regional.Restart)
    at(ns, 1.5, lambda: send(2, home))    # a refresh naming the prefix: asked again
    at(ns, 2.0, lambda: resolve(home))
    at(ns, 2.5, regional.Restart)
    at(ns, 3.0, lambda: send(3, home))
    at(ns, 3.5, lambda: resolve(other))   # upward holds another prefix for the node
    run(ns, 4)
    assert list(asked.asked) == ["mn1@dmm.example"] * 3
    ok = dmm.BindingAckHeader.BINDING_UPDATE_ACCEPTED
    refused = dmm.BindingAckHeader.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX
    assert answers == [(1, ok), (2, ok), (3, refused)]
    assert outcomes == [True, True, False]
    assert regional.GetNBindings() == 0
