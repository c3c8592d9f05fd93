/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "location-management.h"

#include "home-address-allocation.h"
#include "location-management-header.h"
#include "mobility-authentication.h"
#include "mobility-l4-protocol.h"
#include "mobility-routing.h"

#include "ns3/boolean.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/string.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("LocationManagement");

NS_OBJECT_ENSURE_REGISTERED(LocationManagement);

TypeId
LocationManagement::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::LocationManagement")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<LocationManagement>()
            .AddAttribute("MaxBindingLifetime",
                          "Longest lifetime granted to a registration (RFC 6275 10.3.1 lets "
                          "the home agent shorten it; RFC 5213 5.3.1 likewise).",
                          TimeValue(Seconds(420)),
                          MakeTimeAccessor(&LocationManagement::m_maxLifetime),
                          MakeTimeChecker(Seconds(4), Seconds(262140)))
            .AddAttribute("MinDelayBeforeBCEDelete",
                          "RFC 5213 section 9.1: how long a proxy-deregistered entry is kept "
                          "for the next proxy's registration (default 10000 ms).",
                          TimeValue(MilliSeconds(10000)),
                          MakeTimeAccessor(&LocationManagement::m_minDelayBeforeDelete),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TimestampValidityWindow",
                          "RFC 5213 section 9.1: largest difference between a registration's "
                          "Timestamp option and this node's clock (default 300 ms).",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&LocationManagement::m_timestampValidityWindow),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ClockOffset",
                          "Time since 1970-01-01 UTC at simulation time 0, for Timestamp "
                          "options (all nodes share one clock).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&LocationManagement::m_epochOffset),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Function",
                          "Name of the function this object is, in signalling counts (an "
                          "anchor point's regional registrations are its proxy's).",
                          StringValue("location management"),
                          MakeStringAccessor(&LocationManagement::m_function),
                          MakeStringChecker())
            .AddAttribute("ProxyRegistrationEnabled",
                          "Accept proxy registrations (P flag, RFC 5213); otherwise answer "
                          "PROXY_REG_NOT_ENABLED.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&LocationManagement::m_proxyRegistrationEnabled),
                          MakeBooleanChecker())
            .AddAttribute("PushToCaches",
                          "Push every change of a binding to the mobility routing functions "
                          "that asked for it (Location Notify; draft section 7, RS2.push), "
                          "instead of leaving them to ask again when their entry expires.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&LocationManagement::m_pushToCaches),
                          MakeBooleanChecker())
            .AddAttribute("RequireAuthentication",
                          "Host registrations (no P flag) must carry an RFC 4285 MN-HA Mobility "
                          "Message Authentication option of a security association of the home "
                          "address they register (AddSecurityAssociation) whose authenticator "
                          "verifies; others change nothing and are answered with status 146 "
                          "(MIPV6-AUTH-FAIL). Proxy registrations must carry one of a proxy's "
                          "association (AddProxySecurityAssociation), else 154 "
                          "(MAG_NOT_AUTHORIZED_FOR_PROXY_REG). Acknowledgements of "
                          "authenticated registrations carry the option too.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&LocationManagement::m_requireAuthentication),
                          MakeBooleanChecker())
            .AddAttribute("ReplayProtection",
                          "RFC 4285 section 6, with RequireAuthentication: an authenticated host "
                          "registration must carry a Mobility Message Replay Protection option "
                          "whose timestamp lies within ReplayProtectionWindow of this node's "
                          "clock (ClockOffset plus the simulated time); without one it is "
                          "refused with status 145 (MIPV6-MESG-ID-REQD), outside the window with "
                          "144 (MIPV6-ID-MISMATCH) carrying this node's time. Acknowledgements "
                          "carry this node's time in the option.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&LocationManagement::m_replayProtection),
                          MakeBooleanChecker())
            .AddAttribute("ReplayProtectionWindow",
                          "RFC 4285 section 6: largest difference between a registration's "
                          "replay protection timestamp and this node's clock (default 7 s).",
                          TimeValue(Seconds(7)),
                          MakeTimeAccessor(&LocationManagement::m_replayProtectionWindow),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("NotifyTimeout",
                          "First wait for a proxy's Location Notify Ack before the notify is "
                          "sent again; doubled after each, up to MaxBindackTimeout's 32 s "
                          "(RFC 6275's back-off, applied to notifies).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&LocationManagement::m_notifyTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("NotifyRetransmissions",
                          "Times a proxy's Location Notify is sent again without an "
                          "acknowledgement before it is given up (counted: "
                          "GetNotifiesUnacknowledged).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&LocationManagement::m_notifyRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HostRegistrationEnabled",
                          "Accept home registrations from mobile nodes (RFC 6275); otherwise "
                          "answer HOME_REGISTRATION_NOT_SUPPORTED.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&LocationManagement::m_hostRegistrationEnabled),
                          MakeBooleanChecker())
            .AddTraceSource("AuthenticationFailed",
                            "A Binding Update failed authentication (RequireAuthentication) and "
                            "was answered with status 146: the message and its care-of address.",
                            MakeTraceSourceAccessor(&LocationManagement::m_authFailedTrace),
                            "ns3::dmm::LocationManagement::DiscardedTracedCallback")
            .AddTraceSource("BindingAdded",
                            "A new binding is registered.",
                            MakeTraceSourceAccessor(&LocationManagement::m_addedTrace),
                            "ns3::dmm::LocationManagement::BindingTracedCallback")
            .AddTraceSource("BindingUpdated",
                            "A binding is refreshed or moves to another locator.",
                            MakeTraceSourceAccessor(&LocationManagement::m_updatedTrace),
                            "ns3::dmm::LocationManagement::BindingTracedCallback")
            .AddTraceSource("BindingDeregistered",
                            "A binding is deregistered (lifetime 0).",
                            MakeTraceSourceAccessor(&LocationManagement::m_deregisteredTrace),
                            "ns3::dmm::LocationManagement::BindingTracedCallback")
            .AddTraceSource("BindingRemoved",
                            "A binding leaves the database (deregistered, expired, removed).",
                            MakeTraceSourceAccessor(&LocationManagement::m_removedTrace),
                            "ns3::dmm::LocationManagement::BindingTracedCallback")
            .AddTraceSource("RegistrationRejected",
                            "A registration is rejected: the Binding Update and the status.",
                            MakeTraceSourceAccessor(&LocationManagement::m_rejectedTrace),
                            "ns3::dmm::LocationManagement::RejectedTracedCallback")
            .AddTraceSource("RegistrationDiscarded",
                            "A Binding Update is silently discarded (RFC 6275 9.5.1): its "
                            "care-of address is not a unicast routable address. The Binding "
                            "Update and that care-of address.",
                            MakeTraceSourceAccessor(&LocationManagement::m_discardedTrace),
                            "ns3::dmm::LocationManagement::DiscardedTracedCallback")
            .AddTraceSource("ReplicateSent",
                            "A Location Replicate is sent to a peer: the peer, the prefix, its "
                            "length and the locator (:: for a removal).",
                            MakeTraceSourceAccessor(&LocationManagement::m_replicateSentTrace),
                            "ns3::dmm::LocationManagement::ReplicateTracedCallback")
            .AddTraceSource("ReplicateApplied",
                            "A peer's Location Replicate is applied: the peer, the prefix, its "
                            "length and the locator (:: for a removal).",
                            MakeTraceSourceAccessor(&LocationManagement::m_replicateAppliedTrace),
                            "ns3::dmm::LocationManagement::ReplicateTracedCallback");
    return tid;
}

LocationManagement::LocationManagement()
    : m_maxLifetime(Seconds(420)),
      m_minDelayBeforeDelete(MilliSeconds(10000)),
      m_timestampValidityWindow(MilliSeconds(300)),
      m_epochOffset(Seconds(0)),
      m_proxyRegistrationEnabled(true),
      m_hostRegistrationEnabled(true)
{
    m_table = CreateObject<LocationTable>();
    m_table->TraceConnectWithoutContext("EntryRemoved",
                                        MakeCallback(&LocationManagement::EntryRemoved, this));
}

LocationManagement::~LocationManagement() = default;

void
LocationManagement::DoDispose()
{
    m_table->Dispose();
    m_pending.clear();
    m_resolving.clear();
    m_granted.clear();
    m_registrars.clear();
    for (auto& [key, retry] : m_notifyRetries)
    {
        retry.timer.Cancel();
    }
    m_notifyRetries.clear();
    m_resolver = PrefixResolver();
    m_allocations.clear();
    m_homeLink = nullptr;
    m_l4 = nullptr;
    Object::DoDispose();
}

void
LocationManagement::NotifyNewAggregate()
{
    if (!m_started && GetObject<MobilityL4Protocol>())
    {
        Start();
    }
    Object::NotifyNewAggregate();
}

void
LocationManagement::Install(Ptr<Node> node)
{
    Ptr<MobilityL4Protocol> l4 = node ? node->GetObject<MobilityL4Protocol>() : nullptr;
    if (!l4)
    {
        throw std::logic_error("LocationManagement::Install: the node has no "
                               "MobilityL4Protocol; install the ns3-dmm stack first");
    }
    if (m_started)
    {
        throw std::logic_error("LocationManagement::Install: already running on a node");
    }
    m_l4 = l4;
    l4->Adopt(this);
    Start();
}

Ptr<MobilityL4Protocol>
LocationManagement::L4() const
{
    return m_l4 ? m_l4 : GetObject<MobilityL4Protocol>();
}

void
LocationManagement::Start()
{
    Ptr<MobilityL4Protocol> l4 = L4();
    if (!l4)
    {
        throw std::logic_error("LocationManagement::Start: the node has no MobilityL4Protocol; "
                               "install the ns3-dmm stack first");
    }
    const auto claim = MakeCallback(&LocationManagement::Claim, this);
    l4->AddHandler(MobilityHeader::BINDING_UPDATE,
                   0,
                   MakeCallback(&LocationManagement::HandleBindingUpdate, this),
                   m_function,
                   claim);
    l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                   LocationManagementHeader::LOCATION_NOTIFY_ACK,
                   MakeCallback(&LocationManagement::HandleNotifyAck, this),
                   m_function,
                   claim);
    l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                   LocationManagementHeader::LOCATION_QUERY,
                   MakeCallback(&LocationManagement::HandleQuery, this),
                   m_function,
                   claim);
    if (!m_replicas.empty())
    {
        RegisterReplicaHandlers();
    }
    m_started = true;
}

void
LocationManagement::AddServedPrefix(Ipv6Address network, uint8_t length)
{
    if (length > 128)
    {
        throw std::invalid_argument("LocationManagement::AddServedPrefix: length above 128");
    }
    m_served.emplace_back(network.CombinePrefix(Ipv6Prefix(length)), length);
}

void
LocationManagement::RegisterReplicaHandlers()
{
    Ptr<MobilityL4Protocol> l4 = L4();
    const auto claim = MakeCallback(&LocationManagement::Claim, this);
    l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                   LocationManagementHeader::LOCATION_REPLICATE,
                   MakeCallback(&LocationManagement::HandleReplicate, this),
                   m_function,
                   claim);
    l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                   LocationManagementHeader::LOCATION_REPLICATE_ACK,
                   MakeCallback(&LocationManagement::HandleReplicateAck, this),
                   m_function,
                   claim);
}

void
LocationManagement::AddReplica(Ipv6Address peer, Ipv6Address local)
{
    if (!IsRoutableUnicast(peer) || (!local.IsAny() && !IsRoutableUnicast(local)))
    {
        throw std::invalid_argument("LocationManagement::AddReplica: the peer (and the local "
                                    "address, when given) must be unicast routable addresses");
    }
    if (std::any_of(m_replicas.begin(), m_replicas.end(), [&peer](const auto& replica) {
            return replica.first == peer;
        }))
    {
        return;
    }
    m_replicas.emplace_back(peer, local);
    if (m_started && m_replicas.size() == 1)
    {
        RegisterReplicaHandlers();
    }
}

std::vector<Ipv6Address>
LocationManagement::GetReplicas() const
{
    std::vector<Ipv6Address> peers;
    for (const auto& replica : m_replicas)
    {
        peers.push_back(replica.first);
    }
    return peers;
}

uint64_t
LocationManagement::GetReplicatedChanges() const
{
    return m_replicatedChanges;
}

uint64_t
LocationManagement::GetReplicatedRefreshes() const
{
    return m_replicatedRefreshes;
}

uint64_t
LocationManagement::GetReplicatesApplied() const
{
    return m_replicatesApplied;
}

uint64_t
LocationManagement::GetReplicatesRefused() const
{
    return m_replicatesRefused;
}

void
LocationManagement::AddMobilityRouter(Ipv6Address address, uint8_t length)
{
    if (length == 0 || length > 128)
    {
        throw std::invalid_argument("LocationManagement::AddMobilityRouter: prefix length " +
                                    std::to_string(length) + " outside 1..128");
    }
    if (length == 128)
    {
        m_mobilityRouters.insert(address);
        return;
    }
    const Ipv6Address network = address.CombinePrefix(Ipv6Prefix(length));
    const bool known = std::any_of(m_mobilityRouterPrefixes.begin(),
                                   m_mobilityRouterPrefixes.end(),
                                   [&](const auto& p) {
                                       return p.first == network && p.second == Ipv6Prefix(length);
                                   });
    if (!known)
    {
        m_mobilityRouterPrefixes.emplace_back(network, Ipv6Prefix(length));
    }
}

Ptr<LocationTable>
LocationManagement::GetTable() const
{
    return m_table;
}

uint64_t
LocationManagement::GetDiscarded() const
{
    return m_discarded;
}

uint64_t
LocationManagement::GetLeaseRemovals() const
{
    return m_leaseRemovals;
}

Ipv6Address
LocationManagement::CareOfAddressOf(const BindingUpdateHeader& bu, Ipv6Address source)
{
    auto alternate = DynamicCast<AlternateCareOfAddressOption>(
        bu.FindOption(MobilityOption::ALTERNATE_CARE_OF_ADDRESS));
    return alternate ? alternate->GetAddress() : source;
}

bool
LocationManagement::IsRoutableUnicast(Ipv6Address address)
{
    return !address.IsAny() && !address.IsLocalhost() && !address.IsLinkLocal() &&
           !address.IsMulticast();
}

int
LocationManagement::ServedLength(Ipv6Address address) const
{
    int best = -1;
    for (const auto& [network, length] : m_served)
    {
        if (static_cast<int>(length) > best && Ipv6Prefix(length).IsMatch(address, network))
        {
            best = length;
        }
    }
    return best;
}

int
LocationManagement::Claim(const MobilityHeader& message, const Ipv6Header& ip) const
{
    if (message.GetMhType() == MobilityHeader::EXPERIMENTAL)
    {
        const auto& lm = static_cast<const LocationManagementHeader&>(message);
        const uint8_t subtype = lm.GetSubtype();
        if (subtype == LocationManagementHeader::LOCATION_NOTIFY_ACK &&
            (m_notified.count({ip.GetSource(), lm.GetSequence()}) > 0 ||
             AwaitsNotifyAck(ip.GetSource(), lm.GetSequence())))
        {
            return 1; // the acknowledgement of a Location Notify this function sent
        }
        if (subtype == LocationManagementHeader::LOCATION_REPLICATE ||
            subtype == LocationManagementHeader::LOCATION_REPLICATE_ACK)
        {
            const bool peer =
                std::any_of(m_replicas.begin(), m_replicas.end(), [&ip](const auto& replica) {
                    return replica.first == ip.GetSource();
                });
            return peer ? 128 : -1;
        }
    }
    if (message.GetMhType() == MobilityHeader::BINDING_UPDATE)
    {
        const bool proxy =
            static_cast<const BindingUpdateHeader&>(message).GetFlag(BindingUpdateHeader::FLAG_P);
        if (proxy ? !m_proxyRegistrationEnabled : !m_hostRegistrationEnabled)
        {
            return -1; // a kind of registration it does not take
        }
    }
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        message.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp)
    {
        return message.GetMhType() == MobilityHeader::EXPERIMENTAL ? 0 : -1;
    }
    if (hnp->GetPrefix().IsAny())
    {
        // A registration asking for a prefix: the function whose allocation leased one to the
        // mobile node's identifier claims it most; an upward resolver (an anchor point) takes
        // any; an allocation that knows nothing of the mobile node does not claim it (the
        // first function answers what nobody claims).
        auto mnId = DynamicCast<MobileNodeIdentifierOption>(
            message.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
        if (mnId && std::any_of(m_allocations.begin(),
                                m_allocations.end(),
                                [&mnId](const Ptr<HomeAddressAllocation>& allocation) {
                                    return allocation->HasLease(mnId->GetNai());
                                }))
        {
            return 1;
        }
        return m_resolver.IsNull() ? -1 : 0;
    }
    return ServedLength(hnp->GetPrefix());
}

bool
LocationManagement::IsServed(Ipv6Address address) const
{
    for (const auto& [network, length] : m_served)
    {
        if (Ipv6Prefix(length).IsMatch(address, network))
        {
            return true;
        }
    }
    return false;
}

void
LocationManagement::SetAllocation(Ptr<HomeAddressAllocation> allocation)
{
    m_allocations.clear();
    AddAllocation(allocation);
}

void
LocationManagement::AddAllocation(Ptr<HomeAddressAllocation> allocation)
{
    if (!allocation)
    {
        throw std::invalid_argument("LocationManagement::AddAllocation: no allocation");
    }
    if (std::find(m_allocations.begin(), m_allocations.end(), allocation) != m_allocations.end())
    {
        return;
    }
    m_allocations.push_back(allocation);
    allocation->TraceConnectWithoutContext("Release",
                                           MakeCallback(&LocationManagement::LeaseEnded, this));
}

void
LocationManagement::LeaseEnded(const std::string& key, const Ipv6Address& prefix, uint8_t length)
{
    const Ipv6Prefix mask(length);
    for (const LocationEntry& entry : m_table->GetEntries())
    {
        if (entry.prefixLength >= length && mask.IsMatch(entry.prefix, prefix))
        {
            NS_LOG_LOGIC("lease of " << prefix << "/" << +length << " (" << key
                                     << ") ended: binding removed");
            ++m_leaseRemovals;
            m_table->Remove(entry.prefix, entry.prefixLength, LocationTable::REMOVED_LEASE_ENDED);
        }
    }
}

bool
LocationManagement::ApplyLease(Ipv6Address prefix, const std::string& mnId, Time& granted)
{
    for (const auto& allocation : m_allocations)
    {
        const std::string key = allocation->GetKeyOf(prefix);
        if (key.empty())
        {
            if (allocation->IsOnLink(prefix))
            {
                return false; // an address of a leased link that nobody leased
            }
            continue;
        }
        const HomeAddressAllocation::Lease lease = allocation->GetLease(key);
        if (lease.owner != key && lease.owner != mnId)
        {
            return false; // a session address leased to another mobile node
        }
        // A binding that would outlive the lease renews it, and is then granted no longer than
        // the renewed lease, so that its refreshes renew the lease in time; a lease that may
        // not be renewed ends the binding when it ends (LeaseEnded).
        if (lease.expires != Time::Max() && Simulator::Now() + granted > lease.expires &&
            allocation->Renew(key))
        {
            granted = Min(granted, allocation->GetLease(key).expires - Simulator::Now());
        }
        return true;
    }
    return true;
}

void
LocationManagement::SetHomeLink(Ptr<MobilityRouting> homeLink)
{
    m_homeLink = homeLink;
}

BindingAckHeader
LocationManagement::Reject(const BindingUpdateHeader& bu, uint8_t status, uint16_t sequence)
{
    NS_LOG_LOGIC("reject: " << BindingAckHeader::GetStatusName(status));
    m_rejectedTrace(bu, status);
    BindingAckHeader ba;
    ba.SetStatus(status);
    ba.SetSequence(sequence);
    ba.SetLifetime(Seconds(0));
    const bool proxy = bu.GetFlag(BindingUpdateHeader::FLAG_P);
    ba.SetFlag(BindingAckHeader::FLAG_P, proxy);
    // The registration's options, as an acceptance carries them (RFC 5213 5.3.6 for a proxy
    // registration): its sender tells from the prefix which of its registrations is refused.
    auto mnId = bu.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER);
    auto hnp = bu.FindOption(MobilityOption::HOME_NETWORK_PREFIX);
    if (proxy)
    {
        for (uint8_t type : {MobilityOption::MOBILE_NODE_IDENTIFIER,
                             MobilityOption::HOME_NETWORK_PREFIX,
                             MobilityOption::HANDOFF_INDICATOR,
                             MobilityOption::ACCESS_TECHNOLOGY_TYPE,
                             MobilityOption::MOBILE_NODE_LINK_LAYER_IDENTIFIER,
                             MobilityOption::LINK_LOCAL_ADDRESS,
                             MobilityOption::TIMESTAMP})
        {
            if (auto option = bu.FindOption(type))
            {
                ba.AddOption(option);
            }
        }
        return ba;
    }
    if (hnp)
    {
        ba.AddOption(hnp);
    }
    if (mnId)
    {
        ba.AddOption(mnId);
    }
    return ba;
}

BindingAckHeader
LocationManagement::ProcessBindingUpdate(const BindingUpdateHeader& bu, Ipv6Address source)
{
    return ProcessBindingUpdate(bu, source, Simulator::Now());
}

BindingAckHeader
LocationManagement::ProcessBindingUpdate(const BindingUpdateHeader& bu,
                                         Ipv6Address source,
                                         Time received)
{
    NS_LOG_FUNCTION(this << source << bu.GetSequence());
    const bool proxy = bu.GetFlag(BindingUpdateHeader::FLAG_P);
    const uint16_t seq = bu.GetSequence();
    m_replication = Replication{};

    if (proxy && !m_proxyRegistrationEnabled)
    {
        return Reject(bu, BindingAckHeader::PROXY_REG_NOT_ENABLED, seq);
    }
    if (!proxy && !m_hostRegistrationEnabled)
    {
        return Reject(bu, BindingAckHeader::HOME_REGISTRATION_NOT_SUPPORTED, seq);
    }
    auto mnIdOption = DynamicCast<MobileNodeIdentifierOption>(
        bu.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    if (proxy && !mnIdOption)
    {
        return Reject(bu, BindingAckHeader::MISSING_MN_IDENTIFIER_OPTION, seq);
    }
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        bu.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp)
    {
        return Reject(bu,
                      proxy ? BindingAckHeader::MISSING_HOME_NETWORK_PREFIX_OPTION
                            : BindingAckHeader::REASON_UNSPECIFIED,
                      seq);
    }
    auto hi = DynamicCast<HandoffIndicatorOption>(bu.FindOption(MobilityOption::HANDOFF_INDICATOR));
    auto att = DynamicCast<AccessTechnologyTypeOption>(
        bu.FindOption(MobilityOption::ACCESS_TECHNOLOGY_TYPE));
    if (proxy && !hi)
    {
        return Reject(bu, BindingAckHeader::MISSING_HANDOFF_INDICATOR_OPTION, seq);
    }
    if (proxy && !att)
    {
        return Reject(bu, BindingAckHeader::MISSING_ACCESS_TECH_TYPE_OPTION, seq);
    }
    const std::string mnId = mnIdOption ? mnIdOption->GetNai() : "";
    const Ipv6Address locator = CareOfAddressOf(bu, source);
    if (!IsRoutableUnicast(locator))
    {
        return Reject(bu, BindingAckHeader::REASON_UNSPECIFIED, seq);
    }

    // The prefix: as named, or allocated for an all-zero request (RFC 5213 5.3.1).
    Ipv6Address prefix = hnp->GetPrefix();
    uint8_t length = hnp->GetPrefixLength();
    auto granted = m_granted.find(mnId);
    if (prefix.IsAny() && granted != m_granted.end())
    {
        // Resolved upward earlier: the same prefix (RFC 5213 5.3.1 for a known mobile node).
        prefix = granted->second.first;
        length = granted->second.second;
    }
    else if (prefix.IsAny())
    {
        if (m_allocations.empty() || mnId.empty())
        {
            return Reject(bu,
                          proxy ? BindingAckHeader::NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX
                                : BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                          seq);
        }
        // The prefix the mobile node holds in any network served, else a new one.
        Ptr<HomeAddressAllocation> from = m_allocations.front();
        for (const auto& allocation : m_allocations)
        {
            if (allocation->HasLease(mnId))
            {
                from = allocation;
                break;
            }
        }
        HomeAddressAllocation::Lease lease = from->Allocate(mnId);
        if (lease.prefix.IsAny())
        {
            return Reject(bu, BindingAckHeader::INSUFFICIENT_RESOURCES, seq);
        }
        prefix = lease.prefix;
        length = lease.prefixLength;
    }
    prefix = prefix.CombinePrefix(Ipv6Prefix(length));
    if (!IsServed(prefix))
    {
        return Reject(bu,
                      proxy ? BindingAckHeader::NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX
                            : BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                      seq);
    }
    const LocationEntry* existing = m_table->Find(prefix, length);
    if (existing && !existing->mnId.empty() && !mnId.empty() && existing->mnId != mnId)
    {
        return Reject(bu,
                      proxy ? BindingAckHeader::BCE_PBU_PREFIX_SET_DO_NOT_MATCH
                            : BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                      seq);
    }

    // Freshness: the Timestamp option (RFC 5213 5.5.1), else the sequence number.
    auto timestamp = DynamicCast<TimestampOption>(bu.FindOption(MobilityOption::TIMESTAMP));
    if (timestamp)
    {
        Time now = received + m_epochOffset;
        Time diff = timestamp->GetTimestamp() - now;
        if (Abs(diff) > m_timestampValidityWindow)
        {
            // RFC 5213 5.5.1: the refusal carries this function's current time, so that the
            // proxy can tell how far its clock is off.
            BindingAckHeader ba = Reject(bu, BindingAckHeader::TIMESTAMP_MISMATCH, seq);
            ba.ClearOptions();
            for (uint8_t type : {MobilityOption::MOBILE_NODE_IDENTIFIER,
                                 MobilityOption::HOME_NETWORK_PREFIX,
                                 MobilityOption::HANDOFF_INDICATOR,
                                 MobilityOption::ACCESS_TECHNOLOGY_TYPE,
                                 MobilityOption::MOBILE_NODE_LINK_LAYER_IDENTIFIER,
                                 MobilityOption::LINK_LOCAL_ADDRESS})
            {
                if (auto option = bu.FindOption(type))
                {
                    ba.AddOption(option);
                }
            }
            ba.AddOption(TimestampOption(now));
            return ba;
        }
        if (existing && existing->timestamp != 0 && timestamp->GetRaw() <= existing->timestamp)
        {
            return Reject(bu, BindingAckHeader::TIMESTAMP_LOWER_THAN_PREV_ACCEPTED, seq);
        }
    }
    else if (existing)
    {
        const uint16_t ahead = static_cast<uint16_t>(seq - existing->sequence);
        if (ahead == 0 || ahead >= 0x8000)
        {
            return Reject(bu, BindingAckHeader::SEQUENCE_NUMBER_OUT_OF_WINDOW, existing->sequence);
        }
    }

    BindingAckHeader ba;
    ba.SetStatus(BindingAckHeader::BINDING_UPDATE_ACCEPTED);
    ba.SetSequence(seq);
    ba.SetFlag(BindingAckHeader::FLAG_P, proxy);
    ba.SetFlag(BindingAckHeader::FLAG_K, bu.GetFlag(BindingUpdateHeader::FLAG_K));
    ba.SetFlag(BindingAckHeader::FLAG_R, bu.GetFlag(BindingUpdateHeader::FLAG_R));

    // RFC 6275 9.5.1: a home registration whose care-of address is the home address (the
    // mobile node is back home) deletes the binding, as a zero lifetime does.
    const bool deregistration =
        bu.GetLifetime().IsZero() || (!proxy && length == 128 && locator == prefix);
    if (deregistration)
    {
        if (existing && existing->proxy && existing->locator != locator)
        {
            // A deregistration from a node that no longer holds the binding (a previous
            // proxy after a handover) leaves the binding alone (RFC 5213 5.3.5).
            NS_LOG_LOGIC("deregistration from " << locator << " ignored: locator is "
                                                << existing->locator);
        }
        else if (existing)
        {
            if (!m_replicas.empty())
            {
                m_replication = Replication{true, *existing, Seconds(0), true};
                m_replication.entry.sequence = seq;
            }
            Deregister(*existing, seq);
        }
        ba.SetLifetime(Seconds(0));
    }
    else
    {
        Time granted = Min(bu.GetLifetime(), m_maxLifetime);
        if (!ApplyLease(prefix, mnId, granted))
        {
            return Reject(bu,
                          proxy ? BindingAckHeader::NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX
                                : BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                          seq);
        }
        const bool isNew = existing == nullptr;
        if (!isNew && existing->proxy && existing->locator != locator)
        {
            m_move = {RegistrarOf(existing->locator),
                      locator,
                      mnId,
                      prefix,
                      length,
                      seq,
                      timestamp ? timestamp->GetRaw() : 0};
            m_registrars.erase(existing->locator);
        }
        if (proxy && locator != source)
        {
            m_registrars[locator] = source;
        }
        LocationEntry registration;
        registration.prefix = prefix;
        registration.prefixLength = length;
        registration.locator = locator;
        const bool router =
            m_mobilityRouters.count(locator) != 0 ||
            std::any_of(m_mobilityRouterPrefixes.begin(),
                        m_mobilityRouterPrefixes.end(),
                        [&locator](const auto& p) { return p.second.IsMatch(locator, p.first); });
        registration.kind = router
                                ? LocationEntry::MOBILITY_ROUTER
                                : (proxy ? LocationEntry::PROXY : LocationEntry::CARE_OF_ADDRESS);
        registration.proxy = proxy;
        registration.mnId = mnId;
        registration.sequence = seq;
        registration.timestamp = timestamp ? timestamp->GetRaw() : 0;
        registration.accessTechnology = att ? att->GetValue() : 0;
        if (!m_replicas.empty())
        {
            const bool change =
                isNew || existing->locator != locator || !existing->IsRegistered();
            m_replication = Replication{true, registration, granted, change};
        }
        Register(registration, granted, isNew);
        ba.SetLifetime(granted);
    }

    if (proxy)
    {
        // RFC 5213 5.3.6: the PBA carries the registration's options, with the prefix granted.
        ba.AddOption(*mnIdOption);
        ba.AddOption(HomeNetworkPrefixOption(prefix, length));
        ba.AddOption(*hi);
        ba.AddOption(*att);
        for (uint8_t type : {MobilityOption::MOBILE_NODE_LINK_LAYER_IDENTIFIER,
                             MobilityOption::LINK_LOCAL_ADDRESS,
                             MobilityOption::TIMESTAMP})
        {
            if (auto option = bu.FindOption(type))
            {
                ba.AddOption(option);
            }
        }
    }
    else
    {
        ba.AddOption(HomeNetworkPrefixOption(prefix, length));
        if (mnIdOption)
        {
            ba.AddOption(*mnIdOption);
        }
    }
    return ba;
}

void
LocationManagement::Register(const LocationEntry& entry, Time lifetime, bool isNew)
{
    const LocationEntry* before = isNew ? nullptr : m_table->Find(entry.prefix, entry.prefixLength);
    const bool moved = before && before->locator != entry.locator;
    m_table->MarkRegistered(entry, lifetime);
    if (isNew)
    {
        m_addedTrace(entry.prefix, entry.prefixLength, entry.locator);
    }
    else
    {
        m_updatedTrace(entry.prefix, entry.prefixLength, entry.locator);
    }
    if (moved)
    {
        Push(entry.prefix, entry.prefixLength, entry.locator, lifetime);
    }
    if (!m_watchers.empty())
    {
        TellWatchers(entry.prefix, entry.prefixLength, entry.locator, lifetime);
    }
}

void
LocationManagement::HandleQuery(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& query = static_cast<const LocationManagementHeader&>(message);
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        query.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp)
    {
        return;
    }
    ++m_queriesAnswered;
    LocationManagementHeader reply(LocationManagementHeader::LOCATION_REPLY);
    reply.SetSequence(query.GetSequence());
    reply.AddOption(HomeNetworkPrefixOption(hnp->GetPrefix(), hnp->GetPrefixLength()));
    const LocationEntry* entry = m_table->Lookup(hnp->GetPrefix());
    if (entry && entry->IsRegistered())
    {
        reply.SetStatus(0);
        reply.SetLifetime(entry->deadline - Simulator::Now());
        reply.AddOption(AlternateCareOfAddressOption(entry->locator));
        if (m_pushToCaches)
        {
            auto& holders = m_holders[{entry->prefix, entry->prefixLength}];
            if (holders.size() < MAX_HOLDERS)
            {
                holders[ip.GetSource()] = ip.GetDestination();
            }
        }
    }
    else
    {
        reply.SetStatus(LocationManagementHeader::NO_BINDING);
    }
    L4()->Send(reply, ip.GetDestination(), ip.GetSource(), m_function);
}

void
LocationManagement::Push(Ipv6Address prefix, uint8_t length, Ipv6Address locator, Time lifetime)
{
    if (m_holders.empty())
    {
        return;
    }
    auto it = m_holders.find({prefix, length});
    if (it == m_holders.end())
    {
        return;
    }
    for (const auto& [holder, local] : it->second)
    {
        SendLocationNotify(holder, local, prefix, length, locator, lifetime);
    }
    if (locator.IsAny())
    {
        m_holders.erase(it);
    }
}

void
LocationManagement::SendLocationNotify(Ipv6Address to,
                                       Ipv6Address from,
                                       Ipv6Address prefix,
                                       uint8_t length,
                                       Ipv6Address locator,
                                       Time lifetime)
{
    LocationManagementHeader notify(LocationManagementHeader::LOCATION_NOTIFY);
    notify.SetSequence(++m_pushSequence);
    notify.SetLifetime(lifetime);
    notify.AddOption(HomeNetworkPrefixOption(prefix, length));
    if (!locator.IsAny())
    {
        notify.AddOption(AlternateCareOfAddressOption(locator));
    }
    if (m_notified.size() >= MAX_NOTIFIES_AWAITED)
    {
        m_notified.clear();
    }
    m_notified.insert({to, m_pushSequence});
    ++m_pushesSent;
    NS_LOG_LOGIC("push " << prefix << "/" << +length << " -> " << locator << " to " << to);
    L4()->Send(notify, from, to, m_function);
}

void
LocationManagement::WatchLink(Ipv6Address prefix, uint8_t length, Ipv6Address mr, Ipv6Address local)
{
    NS_LOG_FUNCTION(this << prefix << +length << mr << local);
    if (length == 0 || length >= 128)
    {
        throw std::invalid_argument("LocationManagement::WatchLink: a link prefix is 1 to 127 "
                                    "bits long");
    }
    Ipv6Prefix mask(length);
    m_watchers.push_back(Watcher{prefix.CombinePrefix(mask), mask, mr, local});
}

void
LocationManagement::TellWatchers(Ipv6Address prefix,
                                 uint8_t length,
                                 Ipv6Address locator,
                                 Time lifetime)
{
    for (const Watcher& w : m_watchers)
    {
        if (length >= w.mask.GetPrefixLength() && w.mask.IsMatch(w.prefix, prefix))
        {
            SendLocationNotify(w.mr, w.local, prefix, length, locator, lifetime);
        }
    }
}

void
LocationManagement::KeepAssociation(const std::string& caller,
                                    uint32_t spi,
                                    const std::vector<uint8_t>& key,
                                    SecurityAssociation sa)
{
    if (spi < 256 || key.empty())
    {
        throw std::invalid_argument("LocationManagement::" + caller +
                                    ": an SPI of 256 or more (RFC 4285 reserves 0-255) and a key "
                                    "are needed");
    }
    sa.key = key;
    m_securityAssociations[spi] = sa;
}

void
LocationManagement::AddProxySecurityAssociation(uint32_t spi, const std::vector<uint8_t>& key)
{
    SecurityAssociation sa;
    sa.proxy = true;
    KeepAssociation("AddProxySecurityAssociation", spi, key, sa);
}

void
LocationManagement::AddSecurityAssociation(uint32_t spi,
                                           const std::vector<uint8_t>& key,
                                           Ipv6Address homeAddress)
{
    if (homeAddress.IsAny())
    {
        throw std::invalid_argument("LocationManagement::AddSecurityAssociation: a home address "
                                    "is needed");
    }
    SecurityAssociation sa;
    sa.homeAddress = homeAddress;
    KeepAssociation("AddSecurityAssociation", spi, key, sa);
}

void
LocationManagement::AddRegionalSecurityAssociation(uint32_t spi,
                                                   const std::vector<uint8_t>& key,
                                                   Ipv6Address prefix,
                                                   uint8_t length)
{
    if (prefix.IsAny() || length == 0 || length > 128)
    {
        throw std::invalid_argument("LocationManagement::AddRegionalSecurityAssociation: a "
                                    "prefix of length 1-128 is needed");
    }
    SecurityAssociation sa;
    sa.homeAddress = prefix;
    sa.homeLength = length;
    KeepAssociation("AddRegionalSecurityAssociation", spi, key, sa);
}

void
LocationManagement::AddSessionSecurityAssociation(uint32_t spi,
                                                  const std::vector<uint8_t>& key,
                                                  const std::string& owner)
{
    if (owner.empty())
    {
        throw std::invalid_argument("LocationManagement::AddSessionSecurityAssociation: a "
                                    "Mobile Node Identifier is needed");
    }
    SecurityAssociation sa;
    sa.owner = owner;
    KeepAssociation("AddSessionSecurityAssociation", spi, key, sa);
}

bool
LocationManagement::Authorises(const SecurityAssociation& sa, Ipv6Address address) const
{
    if (sa.owner.empty())
    {
        return Ipv6Prefix(sa.homeLength).IsMatch(sa.homeAddress, address);
    }
    for (const auto& allocation : m_allocations)
    {
        const std::string key = allocation->GetKeyOf(address);
        if (!key.empty())
        {
            return allocation->GetLease(key).owner == sa.owner;
        }
    }
    return false; // leased by no allocation of this function
}

uint64_t
LocationManagement::GetAuthenticationFailures() const
{
    return m_authFailures;
}

const LocationManagement::SecurityAssociation*
LocationManagement::AssociationOf(const BindingUpdateHeader& bu) const
{
    if (!m_requireAuthentication || bu.GetFlag(BindingUpdateHeader::FLAG_P))
    {
        return nullptr;
    }
    auto option = DynamicCast<MobilityMessageAuthenticationOption>(
        bu.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    auto sa = option ? m_securityAssociations.find(option->GetSpi())
                     : m_securityAssociations.end();
    return sa == m_securityAssociations.end() ? nullptr : &sa->second;
}

uint64_t
LocationManagement::GetReplaysRefused() const
{
    return m_replaysRefused;
}

uint64_t
LocationManagement::GetTimestampsRefused() const
{
    return m_timestampsRefused;
}

bool
LocationManagement::Authenticate(const BindingUpdateHeader& bu, Ipv6Address coa) const
{
    auto option = DynamicCast<MobilityMessageAuthenticationOption>(
        bu.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    if (!option || option->GetSubtype() != MobilityMessageAuthenticationOption::MN_HA)
    {
        return false;
    }
    auto sa = m_securityAssociations.find(option->GetSpi());
    const bool proxy = bu.GetFlag(BindingUpdateHeader::FLAG_P);
    // A proxy's Mobility Data names no home address (its mobile node's identifier and prefix
    // are in the MH Data), whatever the prefix's length.
    const Ipv6Address hoa = proxy ? Ipv6Address::GetAny() : HomeAddressOf(bu);
    if (sa == m_securityAssociations.end() || sa->second.proxy != proxy ||
        (!proxy && !Authorises(sa->second, hoa)))
    {
        return false; // no association, one of the other kind, or for another address
    }
    return MobilityAuthentication::Verify(bu, sa->first, sa->second.key, coa, hoa) ==
           MobilityAuthentication::VALID;
}

uint64_t
LocationManagement::GetQueriesAnswered() const
{
    return m_queriesAnswered;
}

uint64_t
LocationManagement::GetPushesSent() const
{
    return m_pushesSent;
}

void
LocationManagement::Deregister(const LocationEntry& existing, uint16_t sequence)
{
    const Ipv6Address prefix = existing.prefix;
    const uint8_t length = existing.prefixLength;
    m_deregisteredTrace(prefix, length, existing.locator);
    if (existing.proxy)
    {
        // Kept for the next proxy's registration.
        m_table->MarkDeletePending(prefix, length, m_minDelayBeforeDelete, sequence);
    }
    else
    {
        m_table->Remove(prefix, length, LocationTable::REMOVED_DEREGISTERED);
    }
}

void
LocationManagement::HandleBindingUpdate(const MobilityHeader& message,
                                        const Ipv6Header& ip,
                                        uint32_t iface)
{
    const auto& bu = static_cast<const BindingUpdateHeader&>(message);
    const Ipv6Address coa = CareOfAddressOf(bu, ip.GetSource());
    if (!IsRoutableUnicast(coa))
    {
        // RFC 6275 9.5.1: not a unicast routable care-of address; no acknowledgement.
        NS_LOG_LOGIC("Binding Update with care-of address " << coa << " discarded");
        ++m_discarded;
        m_discardedTrace(bu, coa);
        return;
    }
    if (m_requireAuthentication)
    {
        // Verified before any state changes: a host registration under the mobile node's
        // association (146 otherwise), a proxy registration under its proxy's (RFC 5213's
        // MAG-LMA protection, modelled by the same option; 154 otherwise).
        const bool proxy = bu.GetFlag(BindingUpdateHeader::FLAG_P);
        if (!Authenticate(bu, coa))
        {
            ++m_authFailures;
            m_authFailedTrace(bu, coa);
            BindingAckHeader ba =
                Reject(bu,
                       proxy ? BindingAckHeader::MAG_NOT_AUTHORIZED_FOR_PROXY_REG
                             : BindingAckHeader::MIPV6_AUTH_FAIL,
                       bu.GetSequence());
            L4()->Send(ba, ip.GetDestination(), ip.GetSource(), m_function);
            return;
        }
        // The last sequence number accepted for this address under its association (none:
        // the first registration).
        const SecurityAssociation* sa = AssociationOf(bu);
        std::optional<uint16_t> last;
        if (sa)
        {
            auto known = sa->accepted.find(HomeAddressOf(bu));
            if (known != sa->accepted.end())
            {
                last = known->second;
            }
        }
        const uint16_t ahead = last ? static_cast<uint16_t>(bu.GetSequence() - *last) : 1;
        if (ahead == 0 || ahead >= 0x8000)
        {
            // RFC 6275 9.5.1's window, kept for the association's lifetime beyond the
            // binding's: a stale authenticated Binding Update (a replay after a deregistration
            // or an expiry) is refused before it touches anything, a registration waiting for
            // duplicate address detection included.
            ++m_replaysRefused;
            BindingAckHeader ba =
                Reject(bu, BindingAckHeader::SEQUENCE_NUMBER_OUT_OF_WINDOW, *last);
            SignAnswer(ba, bu, ip.GetSource());
            L4()->Send(ba, ip.GetDestination(), ip.GetSource(), m_function);
            return;
        }
        if (m_replayProtection && !proxy)
        {
            // RFC 4285 section 6, once the message is known to be authentic: a timestamp
            // near this node's clock, which also refuses replays the sequence memory above
            // no longer knows (after a restart).
            auto stamp = DynamicCast<MobilityMessageReplayProtectionOption>(
                bu.FindOption(MobilityOption::MOBILITY_MESSAGE_REPLAY_PROTECTION));
            const Time now = Simulator::Now() + m_epochOffset;
            if (!stamp || Abs(stamp->GetTimestamp() - now) > m_replayProtectionWindow)
            {
                ++m_timestampsRefused;
                BindingAckHeader ba = Reject(bu,
                                             stamp ? BindingAckHeader::MIPV6_ID_MISMATCH
                                                   : BindingAckHeader::MIPV6_MESG_ID_REQD,
                                             bu.GetSequence());
                SignAnswer(ba, bu, ip.GetSource());
                L4()->Send(ba, ip.GetDestination(), ip.GetSource(), m_function);
                return;
            }
        }
    }
    if (!m_resolver.IsNull() && bu.GetFlag(BindingUpdateHeader::FLAG_P) &&
        !bu.GetLifetime().IsZero())
    {
        auto mnId = DynamicCast<MobileNodeIdentifierOption>(
            bu.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
        auto hnp = DynamicCast<HomeNetworkPrefixOption>(
            bu.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
        if (mnId && hnp && m_granted.count(mnId->GetNai()) == 0 &&
            (hnp->GetPrefix().IsAny() || hnp->GetPrefixLength() < 128))
        {
            // A mobile node new here: its prefix comes from upward. So does a refresh naming
            // its home network prefix once this function lost it (a restart, an expiry while
            // the proxy below kept its registration): it is registered upward again. A
            // retransmission meanwhile replaces the registration to answer.
            const std::string nai = mnId->GetNai();
            const bool running = m_resolving.count(nai) != 0;
            m_resolving.insert_or_assign(
                nai,
                Pending{bu, ip.GetSource(), ip.GetDestination(), Simulator::Now()});
            if (!running)
            {
                m_resolver(nai);
            }
            return;
        }
    }
    const Ipv6Address address = NeedsDetection(bu);
    if (address.IsAny())
    {
        // A later registration of a home address whose first registration still waits for
        // duplicate address detection (a deregistration, say) supersedes it: the waiting one
        // is never answered.
        if (!bu.GetFlag(BindingUpdateHeader::FLAG_P))
        {
            m_pending.erase(HomeAddressOf(bu));
        }
        Answer(bu, ip.GetSource(), ip.GetDestination(), Simulator::Now());
        return;
    }
    // RFC 6275 10.3.1: the first home registration of an on-link home address waits for
    // duplicate address detection; a retransmission meanwhile replaces the one to answer.
    const bool running = m_pending.count(address) != 0;
    m_pending.insert_or_assign(address,
                               Pending{bu, ip.GetSource(), ip.GetDestination(), Simulator::Now()});
    if (!running)
    {
        m_homeLink->DetectDuplicate(address,
                                    MakeCallback(&LocationManagement::DetectionDone, this));
    }
}

Ipv6Address
LocationManagement::NeedsDetection(const BindingUpdateHeader& bu) const
{
    if (!m_homeLink || bu.GetFlag(BindingUpdateHeader::FLAG_P) ||
        !bu.GetFlag(BindingUpdateHeader::FLAG_H) || bu.GetLifetime().IsZero())
    {
        return Ipv6Address::GetAny();
    }
    const Ipv6Address hoa = HomeAddressOf(bu);
    if (hoa.IsAny() || m_table->Find(hoa, 128) != nullptr || !IsServed(hoa) ||
        !m_homeLink->IsOnHomeLink(hoa))
    {
        return Ipv6Address::GetAny();
    }
    return hoa;
}

Ipv6Address
LocationManagement::HomeAddressOf(const BindingUpdateHeader& bu)
{
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        bu.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp || hnp->GetPrefixLength() != 128)
    {
        return Ipv6Address::GetAny();
    }
    return hnp->GetPrefix();
}

void
LocationManagement::DetectionDone(Ipv6Address address, bool duplicate)
{
    auto it = m_pending.find(address);
    if (it == m_pending.end())
    {
        return;
    }
    const Pending pending = it->second;
    m_pending.erase(it);
    if (duplicate)
    {
        // RFC 6275 10.3.1: the whole registration is rejected.
        RejectPending(pending, BindingAckHeader::DUPLICATE_ADDRESS_DETECTION_FAILED);
        return;
    }
    Answer(pending.bu, pending.source, pending.destination, pending.received);
}

void
LocationManagement::Answer(const BindingUpdateHeader& bu,
                           Ipv6Address source,
                           Ipv6Address destination,
                           Time received)
{
    BindingAckHeader ba = ProcessBindingUpdate(bu, source, received);
    SignAnswer(ba, bu, source);
    if (ba.IsAccepted() && bu.GetFlag(BindingUpdateHeader::FLAG_P) && !m_notifyRetries.empty())
    {
        // The proxy registers the prefix again: what it was told about it before is void.
        auto mnId = DynamicCast<MobileNodeIdentifierOption>(
            bu.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
        auto granted = DynamicCast<HomeNetworkPrefixOption>(
            ba.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
        if (mnId && granted)
        {
            CancelNotifies(source, mnId->GetNai(), granted->GetPrefix());
        }
    }
    // RFC 6275 9.5.1 / 10.3.1: acknowledge when asked, and always report a rejection.
    Ptr<MobilityL4Protocol> l4 = L4();
    if (bu.GetFlag(BindingUpdateHeader::FLAG_A) || !ba.IsAccepted())
    {
        l4->Send(ba, destination, source, m_function);
    }
    if (m_replication.pending)
    {
        const Replication replication = m_replication;
        m_replication = Replication{};
        Replicate(replication.entry, replication.lifetime, replication.change);
    }
    if (!m_move.previous.IsAny())
    {
        // The binding moved from one proxy to another: the previous proxy is told, as the
        // access point it serves never learns that the mobile node left.
        LocationEntry moved;
        moved.mnId = m_move.mnId;
        moved.prefix = m_move.prefix;
        moved.prefixLength = m_move.prefixLength;
        moved.sequence = m_move.sequence;
        moved.timestamp = m_move.timestamp;
        // From the address routing picks towards it (a unicast one: its acknowledgement must
        // come back here, not to the nearest member of an anycast group).
        SendNotify(m_move.previous, Ipv6Address::GetAny(), moved, m_move.current);
        m_move = Move{};
    }
}

void
LocationManagement::SendNotify(Ipv6Address proxy,
                               Ipv6Address source,
                               const LocationEntry& entry,
                               Ipv6Address current)
{
    LocationManagementHeader notify(LocationManagementHeader::LOCATION_NOTIFY);
    notify.SetSequence(entry.sequence);
    if (!entry.mnId.empty())
    {
        notify.AddOption(MobileNodeIdentifierOption(entry.mnId));
    }
    notify.AddOption(HomeNetworkPrefixOption(entry.prefix, entry.prefixLength));
    if (!current.IsAny())
    {
        notify.AddOption(AlternateCareOfAddressOption(current));
    }
    if (entry.timestamp != 0)
    {
        // When the registration that moved the binding was sent: a proxy still registering
        // the mobile node tells from it whether the node left it since (RFC 5213 5.5's clock).
        TimestampOption timestamp;
        timestamp.SetRaw(entry.timestamp);
        notify.AddOption(timestamp);
    }
    if (m_notified.size() >= MAX_NOTIFIES_AWAITED)
    {
        m_notified.clear(); // acknowledgements that never came
    }
    m_notified.insert({proxy, entry.sequence});
    L4()->Send(notify, source, proxy, m_function);
    // Retransmitted until acknowledged: a proxy that missed it would keep delivering the
    // mobile node's packets on a link it left.
    const NotifyKey key{proxy, entry.mnId, entry.prefix, entry.sequence};
    NotifyRetry& retry = m_notifyRetries[key];
    retry.timer.Cancel();
    retry.message = notify;
    retry.source = source;
    retry.sent = 1;
    retry.timeout = m_notifyTimeout;
    retry.timer =
        Simulator::Schedule(retry.timeout, &LocationManagement::RetransmitNotify, this, key);
}

void
LocationManagement::RetransmitNotify(NotifyKey key)
{
    const Ipv6Address proxy = std::get<0>(key);
    const uint16_t sequence = std::get<3>(key);
    auto it = m_notifyRetries.find(key);
    if (it == m_notifyRetries.end())
    {
        return;
    }
    NotifyRetry& retry = it->second;
    if (retry.sent > m_notifyRetransmissions)
    {
        NS_LOG_WARN("Location Notify to " << proxy << " never acknowledged");
        ++m_notifiesUnacknowledged;
        m_notifyRetries.erase(it);
        m_notified.erase({proxy, sequence});
        return;
    }
    ++retry.sent;
    ++m_notifiesRetransmitted;
    m_notified.insert({proxy, sequence});
    LocationManagementHeader copy = retry.message;
    L4()->Send(copy, retry.source, proxy, m_function);
    retry.timeout = Min(retry.timeout + retry.timeout, m_maxNotifyTimeout);
    retry.timer =
        Simulator::Schedule(retry.timeout, &LocationManagement::RetransmitNotify, this, key);
}

bool
LocationManagement::AwaitsNotifyAck(Ipv6Address proxy, uint16_t sequence) const
{
    // A proxy's notifies about several prefixes of a mobile node (its home network prefix,
    // its session addresses) may share one sequence number.
    for (auto it = m_notifyRetries.lower_bound(NotifyKey{proxy, std::string(), Ipv6Address(), 0});
         it != m_notifyRetries.end() && std::get<0>(it->first) == proxy;
         ++it)
    {
        if (std::get<3>(it->first) == sequence)
        {
            return true;
        }
    }
    return false;
}

void
LocationManagement::CancelNotifies(Ipv6Address proxy, const std::string& mnId, Ipv6Address prefix)
{
    // Keys are ordered by proxy, mobile node, then prefix: its notifies are one run of the map.
    auto it = m_notifyRetries.lower_bound(NotifyKey{proxy, mnId, prefix, 0});
    while (it != m_notifyRetries.end() && std::get<0>(it->first) == proxy &&
           std::get<1>(it->first) == mnId && std::get<2>(it->first) == prefix)
    {
        it->second.timer.Cancel();
        m_notified.erase({proxy, std::get<3>(it->first)});
        it = m_notifyRetries.erase(it);
    }
}

uint64_t
LocationManagement::GetNotifiesRetransmitted() const
{
    return m_notifiesRetransmitted;
}

uint64_t
LocationManagement::GetNotifiesUnacknowledged() const
{
    return m_notifiesUnacknowledged;
}

void
LocationManagement::RejectPending(const Pending& pending, uint8_t status)
{
    BindingAckHeader ba = Reject(pending.bu, status, pending.bu.GetSequence());
    SignAnswer(ba, pending.bu, pending.source);
    L4()->Send(ba, pending.destination, pending.source, m_function);
}

void
LocationManagement::SignAnswer(BindingAckHeader& ba, const BindingUpdateHeader& bu, Ipv6Address source)
{
    if (!m_requireAuthentication)
    {
        return;
    }
    // Authenticated on arrival (HandleBindingUpdate): answered under the same association,
    // which remembers the sequence number of an accepted registration.
    auto option = DynamicCast<MobilityMessageAuthenticationOption>(
        bu.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    auto sa =
        option ? m_securityAssociations.find(option->GetSpi()) : m_securityAssociations.end();
    if (sa == m_securityAssociations.end())
    {
        return;
    }
    const bool proxy = bu.GetFlag(BindingUpdateHeader::FLAG_P);
    if (proxy && !ba.FindOption(MobilityOption::TIMESTAMP))
    {
        // The proxy takes a signed answer only with the Timestamp it sent (freshness).
        if (auto timestamp = bu.FindOption(MobilityOption::TIMESTAMP))
        {
            ba.AddOption(timestamp);
        }
    }
    if (ba.IsAccepted() && !proxy)
    {
        sa->second.accepted[HomeAddressOf(bu)] = bu.GetSequence();
    }
    if (m_replayProtection && !proxy)
    {
        ba.AddOption(MobilityMessageReplayProtectionOption(Simulator::Now() + m_epochOffset));
    }
    MobilityAuthentication::Sign(ba,
                                 MobilityMessageAuthenticationOption::MN_HA,
                                 sa->first,
                                 sa->second.key,
                                 CareOfAddressOf(bu, source),
                                 proxy ? Ipv6Address::GetAny() : HomeAddressOf(bu));
}

void
LocationManagement::SetPrefixResolver(PrefixResolver resolver)
{
    m_resolver = resolver;
}

bool
LocationManagement::Resolved(const std::string& mnId,
                             Ipv6Address prefix,
                             uint8_t length,
                             uint8_t status)
{
    NS_LOG_FUNCTION(this << mnId << prefix << +length << +status);
    auto it = m_resolving.find(mnId);
    if (it == m_resolving.end())
    {
        return true;
    }
    const Pending pending = it->second;
    m_resolving.erase(it);
    if (status >= BindingAckHeader::REASON_UNSPECIFIED || prefix.IsAny())
    {
        RejectPending(pending,
                      status >= BindingAckHeader::REASON_UNSPECIFIED
                          ? status
                          : uint8_t(BindingAckHeader::REASON_UNSPECIFIED));
        return false;
    }
    const Ipv6Address granted = prefix.CombinePrefix(Ipv6Prefix(length));
    auto named = DynamicCast<HomeNetworkPrefixOption>(
        pending.bu.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (named && !named->GetPrefix().IsAny() &&
        (named->GetPrefix() != granted || named->GetPrefixLength() != length))
    {
        // A refresh naming another prefix than the one upward holds for the mobile node.
        RejectPending(pending, BindingAckHeader::NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX);
        return false;
    }
    m_granted[mnId] = {granted, length};
    Answer(pending.bu, pending.source, pending.destination, pending.received);
    return m_table->Find(granted, length) != nullptr;
}

bool
LocationManagement::Withdraw(Ipv6Address prefix, uint8_t length)
{
    const LocationEntry* entry = m_table->Find(prefix, length);
    if (!entry)
    {
        return false;
    }
    const LocationEntry withdrawn = *entry;
    const Ipv6Address proxy = RegistrarOf(withdrawn.locator); // before the removal forgets it
    m_table->Remove(prefix, length, LocationTable::REMOVED_ADMINISTRATIVELY);
    if (withdrawn.proxy && withdrawn.IsRegistered())
    {
        // From the address routing picks towards the proxy (MobilityL4Protocol::Send).
        SendNotify(proxy,
                   Ipv6Address::GetAny(),
                   withdrawn,
                   Ipv6Address::GetAny());
    }
    return true;
}

Ipv6Address
LocationManagement::RegistrarOf(Ipv6Address locator) const
{
    auto it = m_registrars.find(locator);
    return it != m_registrars.end() ? it->second : locator;
}

void
LocationManagement::HandleNotifyAck(const MobilityHeader& message,
                                    const Ipv6Header& ip,
                                    uint32_t iface)
{
    const auto& ack = static_cast<const LocationManagementHeader&>(message);
    m_notified.erase({ip.GetSource(), ack.GetSequence()});
    auto mnId = DynamicCast<MobileNodeIdentifierOption>(
        ack.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        ack.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    const std::string nai = mnId ? mnId->GetNai() : std::string();
    // The notify about the prefix the acknowledgement names; without one, the first of that
    // mobile node's with its sequence number.
    for (auto it = m_notifyRetries.lower_bound(NotifyKey{ip.GetSource(), nai, Ipv6Address(), 0});
         it != m_notifyRetries.end() && std::get<0>(it->first) == ip.GetSource() &&
         std::get<1>(it->first) == nai;
         ++it)
    {
        if (std::get<3>(it->first) == ack.GetSequence() &&
            (!hnp || std::get<2>(it->first) == hnp->GetPrefix()))
        {
            it->second.timer.Cancel();
            m_notifyRetries.erase(it);
            break;
        }
    }
}

void
LocationManagement::Replicate(const LocationEntry& entry, Time lifetime, bool change)
{
    Ptr<MobilityL4Protocol> l4 = L4();
    for (const auto& [peer, local] : m_replicas)
    {
        LocationManagementHeader replicate(LocationManagementHeader::LOCATION_REPLICATE);
        replicate.SetStatus(entry.kind | (entry.proxy ? REPLICATE_PROXY : 0));
        replicate.SetSequence(entry.sequence);
        replicate.SetLifetime(lifetime);
        if (!entry.mnId.empty())
        {
            replicate.AddOption(MobileNodeIdentifierOption(entry.mnId));
        }
        replicate.AddOption(HomeNetworkPrefixOption(entry.prefix, entry.prefixLength));
        replicate.AddOption(AlternateCareOfAddressOption(entry.locator));
        if (entry.timestamp != 0)
        {
            TimestampOption timestamp;
            timestamp.SetRaw(entry.timestamp);
            replicate.AddOption(timestamp);
        }
        if (entry.accessTechnology != 0)
        {
            replicate.AddOption(AccessTechnologyTypeOption(entry.accessTechnology));
        }
        if (l4->Send(replicate, local, peer, m_function))
        {
            ++(change ? m_replicatedChanges : m_replicatedRefreshes);
            m_replicateSentTrace(peer,
                                 entry.prefix,
                                 entry.prefixLength,
                                 lifetime.IsZero() ? Ipv6Address::GetAny() : entry.locator);
        }
    }
}

void
LocationManagement::HandleReplicate(const MobilityHeader& message,
                                    const Ipv6Header& ip,
                                    uint32_t iface)
{
    const auto& replicate = static_cast<const LocationManagementHeader&>(message);
    const Ipv6Address peer = ip.GetSource();
    if (std::none_of(m_replicas.begin(), m_replicas.end(), [&peer](const auto& replica) {
            return replica.first == peer;
        }))
    {
        // Only declared peers may change this database.
        NS_LOG_LOGIC("Location Replicate from undeclared peer " << peer << " dropped");
        ++m_replicatesRefused;
        return;
    }
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        replicate.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    auto locatorOption = DynamicCast<AlternateCareOfAddressOption>(
        replicate.FindOption(MobilityOption::ALTERNATE_CARE_OF_ADDRESS));
    auto mnIdOption = DynamicCast<MobileNodeIdentifierOption>(
        replicate.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    auto timestamp = DynamicCast<TimestampOption>(replicate.FindOption(MobilityOption::TIMESTAMP));
    auto att = DynamicCast<AccessTechnologyTypeOption>(
        replicate.FindOption(MobilityOption::ACCESS_TECHNOLOGY_TYPE));
    LocationManagementHeader ack(LocationManagementHeader::LOCATION_REPLICATE_ACK);
    ack.SetSequence(replicate.GetSequence());
    ack.SetLifetime(replicate.GetLifetime());
    auto answer = [&](uint8_t status) {
        ack.SetStatus(status);
        if (hnp)
        {
            ack.AddOption(*hnp);
        }
        L4()->Send(ack, ip.GetDestination(), peer, m_function);
    };
    auto refuse = [&](uint8_t status) {
        ++m_replicatesRefused;
        answer(status);
    };
    const uint8_t kind = replicate.GetStatus() & ~REPLICATE_PROXY;
    if (!hnp || !locatorOption || hnp->GetPrefixLength() > 128 ||
        kind > LocationEntry::MOBILITY_ROUTER || !IsRoutableUnicast(locatorOption->GetAddress()))
    {
        refuse(BindingAckHeader::REASON_UNSPECIFIED);
        return;
    }
    const uint8_t length = hnp->GetPrefixLength();
    const Ipv6Address prefix = hnp->GetPrefix().CombinePrefix(Ipv6Prefix(length));
    const std::string mnId = mnIdOption ? mnIdOption->GetNai() : "";
    if (!IsServed(prefix))
    {
        refuse(BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE);
        return;
    }
    const LocationEntry* existing = m_table->Find(prefix, length);
    if (existing && !existing->mnId.empty() && !mnId.empty() && existing->mnId != mnId)
    {
        refuse(BindingAckHeader::NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE);
        return;
    }
    const uint16_t seq = replicate.GetSequence();
    if (existing)
    {
        // Stale: older than the entry (delivered after a newer registration elsewhere). Proxy
        // registrations are ordered by their Timestamp option (RFC 5213 5.5), others by
        // sequence number; an equal one is a duplicate, applied again.
        const bool stale =
            timestamp && existing->timestamp != 0
                ? timestamp->GetRaw() < existing->timestamp
                : static_cast<uint16_t>(seq - existing->sequence) >= 0x8000;
        if (stale)
        {
            refuse(BindingAckHeader::SEQUENCE_NUMBER_OUT_OF_WINDOW);
            return;
        }
    }
    const Ipv6Address locator = locatorOption->GetAddress();
    if (replicate.GetLifetime().IsZero())
    {
        if (existing)
        {
            Deregister(*existing, seq);
        }
    }
    else
    {
        LocationEntry entry;
        entry.prefix = prefix;
        entry.prefixLength = length;
        entry.locator = locator;
        entry.kind = static_cast<LocationEntry::LocatorKind>(kind);
        entry.proxy = (replicate.GetStatus() & REPLICATE_PROXY) != 0;
        entry.mnId = mnId;
        entry.sequence = seq;
        entry.timestamp = timestamp ? timestamp->GetRaw() : 0;
        entry.accessTechnology = att ? att->GetValue() : 0;
        Register(entry, Min(replicate.GetLifetime(), m_maxLifetime), existing == nullptr);
    }
    ++m_replicatesApplied;
    m_replicateAppliedTrace(peer,
                            prefix,
                            length,
                            replicate.GetLifetime().IsZero() ? Ipv6Address::GetAny() : locator);
    answer(BindingAckHeader::BINDING_UPDATE_ACCEPTED);
}

void
LocationManagement::HandleReplicateAck(const MobilityHeader& message,
                                       const Ipv6Header& ip,
                                       uint32_t iface)
{
}

void
LocationManagement::EntryRemoved(const LocationEntry& entry, LocationTable::RemovalReason reason)
{
    NS_LOG_LOGIC("remove " << entry.prefix << "/" << +entry.prefixLength << " reason "
                           << +reason);
    auto granted = m_granted.find(entry.mnId);
    if (granted != m_granted.end() && granted->second.first == entry.prefix)
    {
        // Its home network prefix's binding (not a session address's) went.
        m_granted.erase(granted);
    }
    m_registrars.erase(entry.locator);
    m_removedTrace(entry.prefix, entry.prefixLength, entry.locator);
    Push(entry.prefix, entry.prefixLength, Ipv6Address::GetAny(), Seconds(0));
    if (!m_watchers.empty())
    {
        TellWatchers(entry.prefix, entry.prefixLength, Ipv6Address::GetAny(), Seconds(0));
    }
}

const LocationManagement::Binding*
LocationManagement::Lookup(Ipv6Address address) const
{
    return m_table->Lookup(address);
}

Ipv6Address
LocationManagement::GetLocator(Ipv6Address address) const
{
    const Binding* b = Lookup(address);
    return b ? b->locator : Ipv6Address::GetAny();
}

uint32_t
LocationManagement::GetNBindings() const
{
    return m_table->GetN();
}

std::vector<LocationManagement::Binding>
LocationManagement::GetBindings() const
{
    return m_table->GetEntries();
}

bool
LocationManagement::Remove(Ipv6Address prefix, uint8_t length)
{
    return m_table->Remove(prefix, length, LocationTable::REMOVED_ADMINISTRATIVELY);
}

void
LocationManagement::Restart()
{
    NS_LOG_FUNCTION(this);
    for (const auto& binding : m_table->GetEntries())
    {
        m_table->Remove(binding.prefix,
                        binding.prefixLength,
                        LocationTable::REMOVED_ADMINISTRATIVELY);
    }
    for (auto& [spi, sa] : m_securityAssociations)
    {
        sa.accepted.clear();
    }
    // Registrations it had not answered yet (waiting for duplicate address detection, or for
    // a prefix from upward), the notifies it was retransmitting, and who registered which
    // locator.
    m_pending.clear();
    m_resolving.clear();
    m_granted.clear();
    for (auto& [key, retry] : m_notifyRetries)
    {
        retry.timer.Cancel();
    }
    m_notifyRetries.clear();
    m_notified.clear();
    m_registrars.clear();
}

} // namespace dmm
} // namespace ns3
