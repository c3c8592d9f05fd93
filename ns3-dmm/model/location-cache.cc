/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "location-cache.h"

#include "location-management-header.h"
#include "location-management.h"
#include "mobility-l4-protocol.h"
#include "mobility-option.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("LocationCache");

NS_OBJECT_ENSURE_REGISTERED(LocationCache);

TypeId
LocationCache::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::LocationCache")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<LocationCache>()
            .AddAttribute("CacheSize",
                          "Most locations kept; the least recently used is evicted (the "
                          "placement's cache_size).",
                          UintegerValue(128),
                          MakeUintegerAccessor(&LocationCache::m_cacheSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EntryLifetime",
                          "Longest time a location is used before it is asked again (a reply's "
                          "lifetime shortens it).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&LocationCache::m_entryLifetime),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("QueryTimeout",
                          "Wait for a Location Reply before the query is sent again (doubling "
                          "each time, as INITIAL_BINDACK_TIMEOUT of RFC 6275).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&LocationCache::m_queryTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxQueryRetransmissions",
                          "Retransmissions of a query before its waiting packets are dropped.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&LocationCache::m_maxRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QueueSize",
                          "Packets waiting for replies at most (over all queries); more are "
                          "dropped and counted.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&LocationCache::m_queueSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FirstPacket",
                          "A packet that misses waits for the reply (Wait) or is routed on "
                          "to the home network (ViaHome).",
                          EnumValue(WAIT),
                          MakeEnumAccessor<FirstPacket>(&LocationCache::m_firstPacket),
                          MakeEnumChecker(WAIT, "Wait", VIA_HOME, "ViaHome"))
            .AddAttribute("Function",
                          "Name of the function on the node's Mobility Header protocol.",
                          StringValue("location cache"),
                          MakeStringAccessor(&LocationCache::m_function),
                          MakeStringChecker())
            .AddTraceSource("Query",
                            "A Location Query is sent: the destination asked about.",
                            MakeTraceSourceAccessor(&LocationCache::m_queryTrace),
                            "ns3::dmm::LocationCache::LookupTracedCallback")
            .AddTraceSource("Reply",
                            "A Location Reply is taken: the destination and its locator.",
                            MakeTraceSourceAccessor(&LocationCache::m_replyTrace),
                            "ns3::dmm::LocationCache::LookupTracedCallback")
            .AddTraceSource("Push",
                            "A Location Notify is taken: the destination and its new locator "
                            "(:: removed).",
                            MakeTraceSourceAccessor(&LocationCache::m_pushTrace),
                            "ns3::dmm::LocationCache::LookupTracedCallback");
    return tid;
}

LocationCache::LocationCache()
    : m_cacheSize(128),
      m_entryLifetime(Seconds(10)),
      m_queryTimeout(Seconds(1)),
      m_maxRetransmissions(3),
      m_queueSize(64),
      m_firstPacket(WAIT),
      m_function("location cache")
{
}

LocationCache::~LocationCache() = default;

void
LocationCache::DoDispose()
{
    for (auto& [address, pending] : m_pending)
    {
        pending.timer.Cancel();
    }
    m_pending.clear();
    m_entries.clear();
    m_lru.clear();
    m_locators.clear();
    m_authorities.clear();
    m_l4 = nullptr;
    m_forward = ForwardCallback();
    m_location = LocationCallback();
    m_binding = BindingCallback();
    Object::DoDispose();
}

void
LocationCache::Restart()
{
    NS_LOG_FUNCTION(this);
    for (auto& [address, pending] : m_pending)
    {
        pending.timer.Cancel();
        DropWaiting(pending);
    }
    m_pending.clear();
    m_entries.clear();
    m_lru.clear();
    m_locators.clear();
}

void
LocationCache::AddServer(Ipv6Address server,
                         Ipv6Address prefix,
                         uint8_t length,
                         bool anchored,
                         Delivery delivery)
{
    if (server.IsAny() || length == 0 || length > 128)
    {
        throw std::invalid_argument("LocationCache::AddServer: a server address and a prefix "
                                    "length in 1..128 are needed");
    }
    if (delivery > FOLLOWED)
    {
        throw std::invalid_argument("LocationCache::AddServer: unknown delivery");
    }
    auto [slot, created] = m_servers.Emplace(prefix, length);
    if (!created && slot->address != server)
    {
        throw std::invalid_argument("LocationCache::AddServer: the prefix already has another "
                                    "server");
    }
    if (!created && slot->delivery != delivery)
    {
        throw std::invalid_argument("LocationCache::AddServer: the prefix's server already "
                                    "delivers otherwise");
    }
    slot->address = server;
    slot->anchored = slot->anchored || anchored;
    slot->delivery = delivery;
    slot->home.locator = server;
    if (std::find(m_serverList.begin(), m_serverList.end(), server) == m_serverList.end())
    {
        m_serverList.push_back(server);
    }
}

void
LocationCache::AddAuthority(Ptr<LocationManagement> lm)
{
    if (lm && std::find(m_authorities.begin(), m_authorities.end(), lm) == m_authorities.end())
    {
        m_authorities.push_back(lm);
    }
}

void
LocationCache::Start(Ptr<Node> node, ForwardCallback forward)
{
    m_l4 = node ? node->GetObject<MobilityL4Protocol>() : nullptr;
    if (!m_l4)
    {
        throw std::logic_error("LocationCache::Start: install the ns3-dmm stack on the node first");
    }
    m_forward = forward;
    const auto claim = MakeCallback(&LocationCache::Claim, this);
    m_l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                     LocationManagementHeader::LOCATION_REPLY,
                     MakeCallback(&LocationCache::HandleReply, this),
                     m_function,
                     claim);
    m_l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                     LocationManagementHeader::LOCATION_NOTIFY,
                     MakeCallback(&LocationCache::HandleNotify, this),
                     m_function,
                     claim);
}

void
LocationCache::SetLocationCallback(LocationCallback callback)
{
    m_location = callback;
}

void
LocationCache::SetBindingCallback(BindingCallback callback)
{
    m_binding = callback;
}

int
LocationCache::Claim(const MobilityHeader& message, const Ipv6Header& ip) const
{
    if (std::find(m_serverList.begin(), m_serverList.end(), ip.GetSource()) ==
        m_serverList.end())
    {
        return -1;
    }
    // A Notify naming a mobile node is a server telling the proxy that held its binding that
    // it moved: a proxy of the node that knows the mobile node claims it first.
    return message.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER) ? 64 : 128;
}

LocationCache::Server*
LocationCache::ServerFor(Ipv6Address address)
{
    return m_servers.Longest(address);
}

LocationCache::Outcome
LocationCache::Resolve(Ptr<const Packet> packet, const Ipv6Header& header, Entry*& entry)
{
    const Ipv6Address dst = header.GetDestination();
    Server* server = m_servers.Empty() ? nullptr : ServerFor(dst);
    if (!server || server->delivery == FOLLOWED)
    {
        return PASS;
    }
    auto it = m_entries.find(dst);
    if (it != m_entries.end() && it->second.expires > Simulator::Now())
    {
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
        if (it->second.locator.IsAny())
        {
            return PASS; // known to have no binding: plain routing
        }
        ++m_hits;
        for (const auto& lm : m_authorities)
        {
            const Ipv6Address truth = lm->GetLocator(dst);
            if (!truth.IsAny() && truth != it->second.locator)
            {
                ++m_stale;
                break;
            }
        }
        entry = &it->second;
        return HIT;
    }
    if (it != m_entries.end())
    {
        Erase(it);
    }
    ++m_misses;
    if (server->delivery == PUSHING)
    {
        ++m_viaHome;
        entry = &server->home;
        return HOME;
    }
    const bool asking = m_pending.count(dst) != 0;
    if (!asking)
    {
        SendQuery(dst);
    }
    if (m_firstPacket == VIA_HOME && !server->anchored)
    {
        ++m_viaHome;
        return PASS;
    }
    if (m_waiting >= m_queueSize)
    {
        ++m_drops;
        return TAKEN;
    }
    m_pending[dst].packets.emplace_back(packet->Copy(), header);
    ++m_waiting;
    return TAKEN;
}

void
LocationCache::SendQuery(Ipv6Address address)
{
    const Server* server = ServerFor(address);
    if (!server || server->delivery == PUSHING)
    {
        return;
    }
    Pending& pending = m_pending[address];
    if (pending.sent == 0)
    {
        pending.server = server->address;
        pending.sequence = ++m_sequence;
    }
    LocationManagementHeader query(LocationManagementHeader::LOCATION_QUERY);
    query.SetSequence(pending.sequence);
    query.AddOption(HomeNetworkPrefixOption(address, 128));
    ++pending.sent;
    ++m_queries;
    m_queryTrace(address, Ipv6Address::GetAny());
    // RFC 6275 11.8-style back-off: the timeout doubles with every retransmission.
    const Time timeout = m_queryTimeout * static_cast<int64_t>(1u << std::min(pending.sent - 1, 16u));
    pending.timer = Simulator::Schedule(timeout, &LocationCache::QueryTimeout, this, address);
    m_l4->Send(query, Ipv6Address::GetAny(), pending.server, m_function);
}

void
LocationCache::QueryTimeout(Ipv6Address address)
{
    auto it = m_pending.find(address);
    if (it == m_pending.end())
    {
        return;
    }
    if (it->second.sent > m_maxRetransmissions)
    {
        NS_LOG_LOGIC("no reply for " << address << ": waiting packets dropped");
        DropWaiting(it->second);
        m_pending.erase(it);
        return;
    }
    SendQuery(address);
}

void
LocationCache::DropWaiting(Pending& pending)
{
    m_drops += pending.packets.size();
    m_waiting -= static_cast<uint32_t>(pending.packets.size());
    pending.packets.clear();
}

void
LocationCache::Erase(std::unordered_map<Ipv6Address, Entry, Ipv6AddressBitsHash>::iterator it)
{
    CountLocator(it->second.locator, false);
    m_lru.erase(it->second.lru);
    m_entries.erase(it);
}

void
LocationCache::CountLocator(Ipv6Address locator, bool up)
{
    if (locator.IsAny())
    {
        return;
    }
    if (up)
    {
        ++m_locators[locator];
        return;
    }
    auto it = m_locators.find(locator);
    if (it != m_locators.end() && --it->second == 0)
    {
        m_locators.erase(it);
    }
}

bool
LocationCache::IsLocator(Ipv6Address address) const
{
    return m_locators.count(address) > 0;
}

LocationCache::Entry&
LocationCache::Put(Ipv6Address address, Ipv6Address locator, Time lifetime, bool pushed)
{
    auto it = m_entries.find(address);
    if (it == m_entries.end())
    {
        if (m_entries.size() >= m_cacheSize && !m_lru.empty())
        {
            Erase(m_entries.find(m_lru.back()));
            ++m_evictions;
        }
        m_lru.push_front(address);
        it = m_entries.emplace(address, Entry{}).first;
        it->second.lru = m_lru.begin();
    }
    else
    {
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    }
    Entry& entry = it->second;
    if (entry.locator != locator)
    {
        entry.local = Ipv6Address::GetAny();
        CountLocator(entry.locator, false);
        CountLocator(locator, true);
    }
    entry.locator = locator;
    entry.expires = Simulator::Now() + (pushed ? lifetime : Min(lifetime, m_entryLifetime));
    return entry;
}

void
LocationCache::HandleReply(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& reply = static_cast<const LocationManagementHeader&>(message);
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        reply.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp)
    {
        return;
    }
    const Ipv6Address address = hnp->GetPrefix();
    auto it = m_pending.find(address);
    if (it == m_pending.end() || it->second.sequence != reply.GetSequence() ||
        it->second.server != ip.GetSource())
    {
        return; // not asked, answered already, or an old query's reply
    }
    ++m_replies;
    it->second.timer.Cancel();
    auto coa = DynamicCast<AlternateCareOfAddressOption>(
        reply.FindOption(MobilityOption::ALTERNATE_CARE_OF_ADDRESS));
    const bool bound = reply.GetStatus() == 0 && coa && !coa->GetAddress().IsAny();
    const Ipv6Address locator = bound ? coa->GetAddress() : Ipv6Address::GetAny();
    m_replyTrace(address, locator);
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    // A negative answer holds EntryLifetime: its server pushes no binding that appears.
    const Server* server = ServerFor(address);
    const bool pushed = bound && server && server->delivery != QUERIED;
    Entry& entry = Put(address,
                       locator,
                       bound && !reply.GetLifetime().IsZero() ? reply.GetLifetime()
                                                              : m_entryLifetime,
                       pushed);
    if (!m_location.IsNull())
    {
        m_location(address, locator, entry.expires - Simulator::Now());
    }
    if (!bound && (!server || server->anchored))
    {
        DropWaiting(pending); // no binding, and no home further on
        return;
    }
    m_waiting -= static_cast<uint32_t>(pending.packets.size());
    if (!bound)
    {
        // Routed on unchanged, as the packets after them (a negative entry passes): to the
        // home network, or to the link of an address a session took there.
        for (auto& [packet, header] : pending.packets)
        {
            ++m_viaHome;
            m_forward(packet, header, entry);
        }
        return;
    }
    for (auto& [packet, header] : pending.packets)
    {
        ++m_released;
        m_forward(packet, header, entry);
    }
}

void
LocationCache::HandleNotify(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& notify = static_cast<const LocationManagementHeader&>(message);
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        notify.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp)
    {
        return;
    }
    const Ipv6Address address = hnp->GetPrefix();
    const Server* server = ServerFor(address);
    if (!server || server->address != ip.GetSource())
    {
        NS_LOG_LOGIC("notify for " << address << " from " << ip.GetSource()
                                   << ", which does not serve it: ignored");
        ++m_rejected;
        return;
    }
    auto coa = DynamicCast<AlternateCareOfAddressOption>(
        notify.FindOption(MobilityOption::ALTERNATE_CARE_OF_ADDRESS));
    const Ipv6Address locator = coa ? coa->GetAddress() : Ipv6Address::GetAny();
    ++m_pushes;
    m_pushTrace(address, locator);
    if (server->delivery == FOLLOWED)
    {
        if (!m_binding.IsNull())
        {
            const bool removed = locator.IsAny() || notify.GetLifetime().IsZero();
            m_binding(address,
                      hnp->GetPrefixLength(),
                      removed ? Ipv6Address::GetAny() : locator,
                      removed ? Seconds(0) : notify.GetLifetime());
        }
        SendNotifyAck(notify, hnp->GetPrefixLength(), address, ip);
        return;
    }
    // A prefix (a network-based mobile node's home network prefix): every entry in it.
    std::vector<Ipv6Address> addresses;
    if (hnp->GetPrefixLength() >= 128)
    {
        addresses.push_back(address);
    }
    else
    {
        const Ipv6Prefix mask(hnp->GetPrefixLength());
        for (const auto& [entry, e] : m_entries)
        {
            if (mask.IsMatch(entry, address))
            {
                addresses.push_back(entry);
            }
        }
    }
    for (const Ipv6Address& a : addresses)
    {
        Time lifetime;
        if (locator.IsAny() || notify.GetLifetime().IsZero())
        {
            auto it = m_entries.find(a);
            if (it != m_entries.end())
            {
                Erase(it);
            }
        }
        else
        {
            lifetime = Put(a, locator, notify.GetLifetime(), server->delivery != QUERIED).expires -
                       Simulator::Now();
        }
        if (!m_location.IsNull())
        {
            m_location(a, lifetime.IsZero() ? Ipv6Address::GetAny() : locator, lifetime);
        }
    }
    SendNotifyAck(notify, hnp->GetPrefixLength(), address, ip);
}

void
LocationCache::SendNotifyAck(const LocationManagementHeader& notify,
                             uint8_t length,
                             Ipv6Address address,
                             const Ipv6Header& ip)
{
    LocationManagementHeader ack(LocationManagementHeader::LOCATION_NOTIFY_ACK);
    ack.SetSequence(notify.GetSequence());
    ack.AddOption(HomeNetworkPrefixOption(address, length));
    m_l4->Send(ack, ip.GetDestination(), ip.GetSource(), m_function);
}

uint32_t
LocationCache::GetNEntries() const
{
    return static_cast<uint32_t>(m_entries.size());
}

Ipv6Address
LocationCache::Lookup(Ipv6Address address) const
{
    auto it = m_entries.find(address);
    return it == m_entries.end() || it->second.expires <= Simulator::Now()
               ? Ipv6Address::GetAny()
               : it->second.locator;
}

uint64_t
LocationCache::GetHits() const
{
    return m_hits;
}

uint64_t
LocationCache::GetMisses() const
{
    return m_misses;
}

uint64_t
LocationCache::GetRejectedNotifies() const
{
    return m_rejected;
}

uint64_t
LocationCache::GetViaHome() const
{
    return m_viaHome;
}

uint64_t
LocationCache::GetEvictions() const
{
    return m_evictions;
}

uint64_t
LocationCache::GetStaleDeliveries() const
{
    return m_stale;
}

uint64_t
LocationCache::GetQueriesSent() const
{
    return m_queries;
}

uint64_t
LocationCache::GetReplies() const
{
    return m_replies;
}

uint64_t
LocationCache::GetPushes() const
{
    return m_pushes;
}

uint64_t
LocationCache::GetDrops() const
{
    return m_drops;
}

uint64_t
LocationCache::GetReleased() const
{
    return m_released;
}

} // namespace dmm
} // namespace ns3
