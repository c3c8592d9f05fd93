/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "location-table.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("LocationTable");

NS_OBJECT_ENSURE_REGISTERED(LocationTable);

std::string
LocationEntry::GetStateName(State state)
{
    switch (state)
    {
    case REGISTERED:
        return "registered";
    case DELETE_PENDING:
        return "delete-pending";
    }
    return "unknown";
}

TypeId
LocationTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::LocationTable")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<LocationTable>()
            .AddTraceSource("EntryAdded",
                            "A prefix is registered for the first time.",
                            MakeTraceSourceAccessor(&LocationTable::m_addedTrace),
                            "ns3::dmm::LocationTable::EntryTracedCallback")
            .AddTraceSource("EntryUpdated",
                            "An existing entry is registered again (refresh, new locator, or "
                            "a delete-pending entry taken over).",
                            MakeTraceSourceAccessor(&LocationTable::m_updatedTrace),
                            "ns3::dmm::LocationTable::EntryTracedCallback")
            .AddTraceSource("StateChanged",
                            "An entry changes state: the entry and its previous state.",
                            MakeTraceSourceAccessor(&LocationTable::m_stateTrace),
                            "ns3::dmm::LocationTable::StateTracedCallback")
            .AddTraceSource("EntryRemoved",
                            "An entry leaves the table: the entry and why.",
                            MakeTraceSourceAccessor(&LocationTable::m_removedTrace),
                            "ns3::dmm::LocationTable::RemovedTracedCallback");
    return tid;
}

LocationTable::LocationTable() = default;

LocationTable::~LocationTable() = default;

void
LocationTable::DoDispose()
{
    m_timer.Cancel();
    m_entries.Clear();
    m_deadlines = {};
    Object::DoDispose();
}

const LocationEntry&
LocationTable::MarkRegistered(const LocationEntry& registration, Time lifetime)
{
    NS_LOG_FUNCTION(this << registration.prefix << +registration.prefixLength
                         << registration.locator << lifetime);
    const uint8_t length = registration.prefixLength;
    if (length > 128)
    {
        throw std::invalid_argument("LocationTable::MarkRegistered: prefix length above 128");
    }
    if (!lifetime.IsStrictlyPositive())
    {
        throw std::invalid_argument("LocationTable::MarkRegistered: lifetime must be positive");
    }
    auto [entry, created] = m_entries.Emplace(registration.prefix, length);
    const LocationEntry::State previous = entry->state;
    *entry = registration;
    entry->prefix = registration.prefix.CombinePrefix(Ipv6Prefix(length));
    entry->state = LocationEntry::REGISTERED;
    entry->registered = Simulator::Now();
    SetDeadline(*entry, Simulator::Now() + lifetime);
    if (created)
    {
        m_addedTrace(*entry);
    }
    else
    {
        m_updatedTrace(*entry);
        if (previous != LocationEntry::REGISTERED)
        {
            NotifyState(*entry, previous);
        }
    }
    return *entry;
}

bool
LocationTable::MarkDeletePending(Ipv6Address prefix,
                                 uint8_t length,
                                 Time hold,
                                 uint16_t sequence)
{
    LocationEntry* entry = m_entries.Exact(prefix, length);
    if (!entry)
    {
        return false;
    }
    if (!hold.IsStrictlyPositive())
    {
        return Remove(prefix, length, REMOVED_DEREGISTERED);
    }
    const LocationEntry::State previous = entry->state;
    entry->sequence = sequence;
    entry->state = LocationEntry::DELETE_PENDING;
    SetDeadline(*entry, Simulator::Now() + hold);
    if (previous != entry->state)
    {
        NotifyState(*entry, previous);
    }
    return true;
}

bool
LocationTable::Remove(Ipv6Address prefix, uint8_t length, RemovalReason reason)
{
    const LocationEntry* entry = m_entries.Exact(prefix, length);
    if (!entry)
    {
        return false;
    }
    NS_LOG_LOGIC("remove " << entry->prefix << "/" << +length << " reason " << +reason);
    const LocationEntry removed = *entry;
    m_entries.Erase(prefix, length);
    // Its deadline stays in the heap until it comes up (or a compaction), then is skipped.
    m_removedTrace(removed, reason);
    return true;
}

const LocationEntry*
LocationTable::Find(Ipv6Address prefix, uint8_t length) const
{
    return m_entries.Exact(prefix, length);
}

const LocationEntry*
LocationTable::Lookup(Ipv6Address address) const
{
    return const_cast<PrefixTable<LocationEntry>&>(m_entries).Longest(
        address,
        [](const LocationEntry& e) { return e.IsRegistered(); });
}

uint32_t
LocationTable::GetN() const
{
    return static_cast<uint32_t>(m_entries.Size());
}

std::vector<LocationEntry>
LocationTable::GetEntries() const
{
    std::vector<LocationEntry> out;
    out.reserve(m_entries.Size());
    m_entries.ForEach([&out](const Ipv6Address&, uint8_t, const LocationEntry& e) {
        out.push_back(e);
    });
    return out;
}

Time
LocationTable::GetNextDeadline() const
{
    const_cast<LocationTable*>(this)->Prune();
    return m_deadlines.empty() ? Time::Max() : TimeStep(m_deadlines.top().at);
}

size_t
LocationTable::GetNDeadlines() const
{
    return m_deadlines.size();
}

bool
LocationTable::IsLive(const Deadline& deadline) const
{
    const LocationEntry* e = m_entries.Exact(deadline.prefix, deadline.length);
    return e && e->deadline.GetTimeStep() == deadline.at;
}

void
LocationTable::Prune()
{
    while (!m_deadlines.empty() && !IsLive(m_deadlines.top()))
    {
        m_deadlines.pop();
    }
}

void
LocationTable::SetDeadline(LocationEntry& entry, Time deadline)
{
    entry.deadline = deadline;
    m_deadlines.push({deadline.GetTimeStep(), entry.prefix, entry.prefixLength});
    if (m_deadlines.size() > 2 * m_entries.Size() + 64)
    {
        Compact();
    }
    Arm();
}

void
LocationTable::Compact()
{
    std::vector<Deadline> live;
    live.reserve(m_entries.Size());
    m_entries.ForEach([&live](const Ipv6Address& prefix, uint8_t length, const LocationEntry& e) {
        live.push_back({e.deadline.GetTimeStep(), prefix, length});
    });
    m_deadlines = decltype(m_deadlines)(std::greater<>(), std::move(live));
}

void
LocationTable::Arm()
{
    Prune();
    if (m_deadlines.empty())
    {
        m_timer.Cancel();
        return;
    }
    const int64_t at = m_deadlines.top().at;
    if (m_timer.IsPending() && m_timerAt == at)
    {
        return;
    }
    m_timer.Cancel();
    m_timerAt = at;
    m_timer = Simulator::Schedule(TimeStep(at) - Simulator::Now(), &LocationTable::Fire, this);
}

void
LocationTable::Fire()
{
    const int64_t now = Simulator::Now().GetTimeStep();
    while (!m_deadlines.empty() && m_deadlines.top().at <= now)
    {
        const Deadline d = m_deadlines.top();
        m_deadlines.pop();
        if (!IsLive(d))
        {
            continue;
        }
        const LocationEntry* e = m_entries.Exact(d.prefix, d.length);
        Remove(d.prefix,
               d.length,
               e->IsRegistered() ? REMOVED_EXPIRED : REMOVED_DEREGISTERED);
    }
    Arm();
}

void
LocationTable::NotifyState(const LocationEntry& entry, LocationEntry::State previous)
{
    NS_LOG_LOGIC(entry.prefix << "/" << +entry.prefixLength << ": "
                              << LocationEntry::GetStateName(previous) << " -> "
                              << LocationEntry::GetStateName(entry.state));
    m_stateTrace(entry, previous);
}

} // namespace dmm
} // namespace ns3
