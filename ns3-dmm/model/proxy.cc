/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "proxy.h"

#include "abstract-access.h"

#include "mobility-authentication.h"

#include "location-management.h"
#include "ipv6-tunnel-l4-protocol.h"

#include "location-management-header.h"
#include "mobility-header.h"
#include "mobility-l4-protocol.h"
#include "mobility-routing.h"

#include "ns3/ap-wifi-mac.h"
#include "ns3/double.h"
#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-raw-socket-factory.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-net-device.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("Proxy");

NS_OBJECT_ENSURE_REGISTERED(Proxy);

TypeId
Proxy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::Proxy")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<Proxy>()
            .AddAttribute("Parent",
                          "Address of the location management function (or the next proxy) "
                          "the proxy registers with: the LMA in PMIPv6.",
                          Ipv6AddressValue(),
                          MakeIpv6AddressAccessor(&Proxy::m_parent),
                          MakeIpv6AddressChecker())
            .AddAttribute("Function",
                          "Name of the function this object is, in signalling counts.",
                          StringValue("proxy"),
                          MakeStringAccessor(&Proxy::m_function),
                          MakeStringChecker())
            .AddAttribute("AccessInterface",
                          "IPv6 interface of the access point mobile nodes attach to.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&Proxy::m_accessInterface),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ProxyCareOfAddress",
                          "Local tunnel end point and source of Proxy Binding Updates (:: for "
                          "this node's source address towards the parent).",
                          Ipv6AddressValue(),
                          MakeIpv6AddressAccessor(&Proxy::m_careOf),
                          MakeIpv6AddressChecker())
            .AddAttribute("Domain",
                          "Realm of the Mobile Node Identifiers (NAI mac@Domain, RFC 4282).",
                          StringValue("dmm.example"),
                          MakeStringAccessor(&Proxy::m_domain),
                          MakeStringChecker())
            .AddAttribute("BindingLifetime",
                          "Lifetime requested in Proxy Binding Updates.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&Proxy::m_lifetime),
                          MakeTimeChecker(Seconds(4), Seconds(262140)))
            .AddAttribute("RefreshFraction",
                          "Refresh a binding when this fraction of its lifetime has passed.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&Proxy::m_refreshFraction),
                          MakeDoubleChecker<double>(0.1, 0.99))
            .AddAttribute("InitialBindackTimeoutFirstReg",
                          "RFC 5213 section 6.9.4 (RFC 6275 value): first retransmission "
                          "timeout of a Proxy Binding Update (default 1.5 s).",
                          TimeValue(Seconds(1.5)),
                          MakeTimeAccessor(&Proxy::m_initialTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxBindackTimeout",
                          "RFC 6275 MAX_BINDACK_TIMEOUT (default 32 s).",
                          TimeValue(Seconds(32)),
                          MakeTimeAccessor(&Proxy::m_maxTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ClockOffset",
                          "Time since 1970-01-01 UTC at simulation time 0, for Timestamp "
                          "options (the same on every node).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&Proxy::m_clockOffset),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("CheckNotifySource",
                          "Take a Location Notify (the mobile node left: detach it) only from "
                          "a location management function this proxy registers with (the "
                          "mobile node's parent or a configured one); others are dropped and "
                          "counted (GetNotifiesRefused). A source address check, not "
                          "authentication.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Proxy::m_checkNotifySource),
                          MakeBooleanChecker())
            .AddAttribute("DetachWhenMovedLater",
                          "A proxy still registering a mobile node (no acknowledgement yet) "
                          "detaches it on a Location Notify whose Timestamp (the registration "
                          "that moved the binding) is later than the node's attachment here: "
                          "the node left while this proxy's registration went unanswered, and "
                          "its retransmissions would take the binding back. Off: such a notify "
                          "is taken as stale (the node left and came back) and the proxy "
                          "registers on. Neither is right in every case: without detachment "
                          "detection (DetachmentProbeInterval, which decides instead when set) "
                          "a proxy cannot tell a node that left.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Proxy::m_detachWhenMovedLater),
                          MakeBooleanChecker())
            .AddAttribute("DetachmentProbeInterval",
                          "Detachment detection by Neighbor Unreachability Detection (RFC 5213 "
                          "6.9.1.1, RFC 4861 7.3): every this often a Neighbor Solicitation "
                          "goes to each attached mobile node's link-local address; after "
                          "MaxDetachmentProbes unanswered in a row the node has left: its "
                          "registrations are deregistered (lifetime 0) and let go. A Location "
                          "Notify saying a node's binding moved is then checked by a probe "
                          "instead of by DetachWhenMovedLater: a node that answers within "
                          "DetachmentProbeTimeout is registered again, one that does not (or "
                          "that left the last probe unanswered) is let go. 0: off (the access "
                          "point never reports a station that left).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&Proxy::m_probeInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DetachmentProbeTimeout",
                          "With DetachmentProbeInterval: how long a Location Notify's "
                          "confirming probe waits for the mobile node's Neighbor "
                          "Advertisement before the node is taken as gone.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&Proxy::m_probeTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxDetachmentProbes",
                          "Unanswered detachment probes in a row after which a mobile node has "
                          "left (RFC 4861 MAX_UNICAST_SOLICIT: 3).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&Proxy::m_maxProbes),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RouterLifetime",
                          "Router Lifetime of the unicast Router Advertisements, in seconds.",
                          UintegerValue(1800),
                          MakeUintegerAccessor(&Proxy::m_routerLifetime),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Attached",
                            "A mobile node associates with the access point.",
                            MakeTraceSourceAccessor(&Proxy::m_attachTrace),
                            "ns3::dmm::Proxy::AttachmentTracedCallback")
            .AddTraceSource("Registered",
                            "The parent acknowledges a mobile node's registration.",
                            MakeTraceSourceAccessor(&Proxy::m_registerTrace),
                            "ns3::dmm::Proxy::AttachmentTracedCallback")
            .AddTraceSource("Detached",
                            "A mobile node's state is removed (it moved to another proxy).",
                            MakeTraceSourceAccessor(&Proxy::m_detachTrace),
                            "ns3::dmm::Proxy::AttachmentTracedCallback")
            .AddTraceSource("BindingUpdate",
                            "A Proxy Binding Update is sent: Mobile Node Identifier, sequence "
                            "number, lifetime.",
                            MakeTraceSourceAccessor(&Proxy::m_updateTrace),
                            "ns3::dmm::Proxy::UpdateTracedCallback")
            .AddTraceSource("BindingAck",
                            "A Proxy Binding Acknowledgement for an attached mobile node "
                            "arrives: Mobile Node Identifier, sequence number, status.",
                            MakeTraceSourceAccessor(&Proxy::m_ackTrace),
                            "ns3::dmm::Proxy::AckTracedCallback");
    return tid;
}

Proxy::Proxy()
    : m_accessInterface(0),
      m_lifetime(Seconds(120)),
      m_refreshFraction(0.8),
      m_initialTimeout(Seconds(1.5)),
      m_maxTimeout(Seconds(32)),
      m_clockOffset(Seconds(0)),
      m_routerLifetime(1800)
{
}

Proxy::~Proxy() = default;

void
Proxy::DoDispose()
{
    for (auto& [mac, presence] : m_presence)
    {
        presence.probe.Cancel();
        presence.confirm.Cancel();
    }
    m_presence.clear();
    // Emptied first: a client stopping tells RegistrationChanged, which then finds nothing.
    auto attachments = std::move(m_attachments);
    m_attachments.clear();
    for (auto& [key, a] : attachments)
    {
        if (a.client)
        {
            a.client->Stop();
        }
    }
    if (m_solicitations)
    {
        m_solicitations->Close();
        m_solicitations = nullptr;
    }
    m_ipv6 = nullptr;
    m_store = nullptr;
    m_regional = nullptr;
    Object::DoDispose();
}

std::string
Proxy::Key(Mac48Address mac)
{
    std::ostringstream oss;
    oss << mac;
    return oss.str();
}

std::string
Proxy::BelowKey(const std::string& mnId)
{
    return "below " + mnId;
}

std::string
Proxy::SessionKey(const std::string& key, Ipv6Address address)
{
    std::ostringstream oss;
    oss << key << " session " << address;
    return oss.str();
}

Proxy::Attachment*
Proxy::About(const std::string& mnId, Ipv6Address hnp, uint8_t length, std::string* key)
{
    // The registration of that prefix; else the mobile node's registration still asking for
    // its home network prefix, which is about whatever prefix it is given, unless a session
    // address (a /128, named from the start, whose registration may be gone) is named.
    Attachment* asking = nullptr;
    for (auto& [k, a] : m_attachments)
    {
        if (a.mnId != mnId)
        {
            continue;
        }
        if (!hnp.IsAny() && a.prefix == hnp)
        {
            *key = k;
            return &a;
        }
        if (!asking && !a.session &&
            (hnp.IsAny() || (a.prefix.IsAny() && !IsSessionAddress(mnId, hnp, length))))
        {
            *key = k;
            asking = &a;
        }
    }
    return asking;
}

void
Proxy::ServeBelow(Ptr<LocationManagement> regional)
{
    if (!regional)
    {
        throw std::invalid_argument("Proxy::ServeBelow: no location management function");
    }
    m_regional = regional;
    regional->SetPrefixResolver(MakeCallback(&Proxy::RegisterFromBelow, this));
    regional->GetTable()->TraceConnectWithoutContext(
        "EntryRemoved",
        MakeCallback(&Proxy::RegionalRemoved, this));
    regional->GetTable()->TraceConnectWithoutContext(
        "EntryAdded",
        MakeCallback(&Proxy::RegionalAdded, this));
}

void
Proxy::UseHostLocators(Ipv6Address block, uint8_t length)
{
    if (length == 0 || length > 63 || block.IsAny() || block.IsMulticast())
    {
        throw std::invalid_argument("Proxy::UseHostLocators: a unicast block of /1 to /63");
    }
    m_locatorBlock = block.CombinePrefix(Ipv6Prefix(length));
    m_locatorBlockLength = length;
}

uint32_t
Proxy::GetHostLocators(bool refused) const
{
    return refused ? m_locatorsRefused : static_cast<uint32_t>(m_locators.size());
}

std::string
Proxy::LocatorOwner(const Attachment& a)
{
    return a.session ? SessionKey(a.mnId, a.prefix) : a.mnId;
}

Ipv6Address
Proxy::LocatorFor(const Attachment& a)
{
    // A session address back on its own link is registered to be deregistered: no locator.
    return a.returning ? Ipv6Address::GetAny() : HostLocator(LocatorOwner(a));
}

Ipv6Address
Proxy::HostLocator(const std::string& owner)
{
    if (m_locatorBlockLength == 0)
    {
        return Ipv6Address::GetAny();
    }
    auto it = m_locators.find(owner);
    if (it != m_locators.end())
    {
        return it->second;
    }
    const uint64_t index = m_locators.size() + 1; // the block's first /64 stays unused
    if (index >> (64 - m_locatorBlockLength) != 0)
    {
        return Ipv6Address::GetAny();
    }
    uint8_t bytes[16];
    m_locatorBlock.GetBytes(bytes);
    for (int i = 0; i < 8; ++i)
    {
        bytes[7 - i] |= static_cast<uint8_t>(index >> (8 * i));
    }
    std::memset(bytes + 8, 0, 8);
    bytes[15] = 1;
    const Ipv6Address locator(bytes);
    m_locators.emplace(owner, locator);
    return locator;
}

void
Proxy::Start()
{
    m_ipv6 = GetObject<Ipv6>();
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    if (!m_ipv6 || !l4 || !GetObject<MobilityRouting>())
    {
        throw std::logic_error("Proxy::Start: install the Internet and ns3-dmm stacks and a "
                               "MobilityRouting on the node first");
    }
    if (m_parent.IsAny() && m_profiles.empty() && m_homeParents.empty())
    {
        throw std::invalid_argument("Proxy::Start: the Parent address (or a mobile node's "
                                    "parent, SetParentFor or SetParentForHome) must be set");
    }
    if (!m_homeParents.empty() && !m_store)
    {
        throw std::invalid_argument("Proxy::Start: parents per home network need the "
                                    "domain's policy store (UsePolicyStore)");
    }
    if ((m_accessInterface == 0 && !m_regional) ||
        m_accessInterface >= m_ipv6->GetNInterfaces())
    {
        throw std::invalid_argument("Proxy::Start: AccessInterface " +
                                    std::to_string(m_accessInterface) +
                                    " is not an interface of the node");
    }
    const auto claim = MakeCallback(&Proxy::Claim, this);
    l4->AddHandler(MobilityHeader::BINDING_ACKNOWLEDGEMENT,
                   0,
                   MakeCallback(&Proxy::HandleAck, this),
                   m_function,
                   claim);
    l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                   LocationManagementHeader::LOCATION_NOTIFY,
                   MakeCallback(&Proxy::HandleNotify, this),
                   m_function,
                   claim);
    if (m_accessInterface == 0)
    {
        return; // triggered from below only
    }
    // The access point's association events: ApWifiMac's AssociatedSta, or the device's own
    // (AbstractAccessNetDevice).
    Ptr<NetDevice> device = m_ipv6->GetNetDevice(m_accessInterface);
    m_solicitations = Socket::CreateSocket(GetObject<Node>(), Ipv6RawSocketFactory::GetTypeId());
    m_solicitations->SetAttribute("Protocol",
                                  UintegerValue(Icmpv6L4Protocol::GetStaticProtocolNumber()));
    m_solicitations->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
    m_solicitations->BindToNetDevice(device);
    m_solicitations->SetRecvCallback(MakeCallback(&Proxy::HandleSolicitation, this));
    PointerValue mac;
    if (device->TraceConnectWithoutContext("AssociatedSta",
                                           MakeCallback(&Proxy::StationAssociated, this)))
    {
        return;
    }
    if (device->GetAttributeFailSafe("Mac", mac) && mac.Get<Object>())
    {
        mac.Get<Object>()->TraceConnectWithoutContext(
            "AssociatedSta",
            MakeCallback(&Proxy::StationAssociated, this));
    }
}

int
Proxy::Claim(const MobilityHeader& message, const Ipv6Header& ip) const
{
    auto mnId = DynamicCast<MobileNodeIdentifierOption>(
        message.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        message.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    for (const auto& [key, a] : m_attachments)
    {
        if ((mnId && a.mnId == mnId->GetNai()) ||
            (hnp && !a.prefix.IsAny() && a.prefix == hnp->GetPrefix()))
        {
            return 128;
        }
    }
    return -1;
}

void
Proxy::Restart()
{
    NS_LOG_FUNCTION(this);
    for (auto& [mac, presence] : m_presence)
    {
        presence.probe.Cancel();
        presence.confirm.Cancel();
    }
    m_presence.clear();
    std::vector<std::string> keys;
    keys.reserve(m_attachments.size());
    for (const auto& [key, a] : m_attachments)
    {
        keys.push_back(key);
    }
    for (const std::string& key : keys)
    {
        Detach(key, false);
    }
    if (m_accessInterface == 0)
    {
        return;
    }
    Ptr<NetDevice> device = m_ipv6->GetNetDevice(m_accessInterface);
    std::vector<Mac48Address> stations;
    if (auto abstract = DynamicCast<AbstractAccessNetDevice>(device))
    {
        for (const Ptr<AbstractAccessNetDevice>& station : abstract->GetStations())
        {
            stations.push_back(Mac48Address::ConvertFrom(station->GetAddress()));
        }
    }
    else if (auto wifi = DynamicCast<WifiNetDevice>(device))
    {
        if (auto ap = DynamicCast<ApWifiMac>(wifi->GetMac()))
        {
            for (const auto& [aid, mac] : ap->GetStaList(0))
            {
                stations.push_back(mac);
            }
        }
    }
    for (const Mac48Address& mac : stations)
    {
        Attach(mac);
    }
}

void
Proxy::StationAssociated(uint16_t aid, Mac48Address mac)
{
    NS_LOG_FUNCTION(this << aid << mac);
    Attach(mac);
}

void
Proxy::Attach(Mac48Address mac)
{
    Attachment& a = m_attachments[Key(mac)];
    a.mac = mac;
    a.mnId = Key(mac) + "@" + m_domain;
    a.parent = GetParentFor(a.mnId);
    if (a.parent.IsAny())
    {
        NS_LOG_WARN("no location management function known for " << a.mnId);
        a.state = FAILED;
        m_attachTrace(a.mnId, a.prefix);
        return;
    }
    if (m_locatorBlockLength != 0 && HostLocator(a.mnId).IsAny())
    {
        NS_LOG_WARN("no per-host locator left for " << a.mnId);
        ++m_locatorsRefused;
        a.state = FAILED;
        m_attachTrace(a.mnId, a.prefix);
        return;
    }
    a.state = REGISTERING;
    a.leaving = false;
    a.attached = Simulator::Now();
    m_attachTrace(a.mnId, a.prefix);
    Client(a, Key(mac))->Register(m_lifetime, true);
    if (m_store)
    {
        const std::string mnId = a.mnId;
        for (const Ipv6Address& address : m_store->GetSessionAddresses(mnId))
        {
            StartSession(Key(mac), mnId, address, false);
        }
    }
    StartProbing(mac);
}

void
Proxy::StartProbing(Mac48Address mac)
{
    if (!m_probeInterval.IsStrictlyPositive() || m_accessInterface == 0)
    {
        return;
    }
    Presence& presence = m_presence[mac];
    presence.unanswered = 0;
    // An association shows the node is here: a notify's confirmation outstanding is moot.
    presence.confirm.Cancel();
    presence.confirming.clear();
    if (!presence.probe.IsPending())
    {
        presence.probe = Simulator::Schedule(m_probeInterval, &Proxy::Probe, this, mac);
    }
}

void
Proxy::Probe(Mac48Address mac)
{
    auto it = m_presence.find(mac);
    if (it == m_presence.end())
    {
        return;
    }
    if (m_attachments.count(Key(mac)) == 0)
    {
        it->second.confirm.Cancel();
        m_presence.erase(it);
        return;
    }
    if (it->second.unanswered >= m_maxProbes)
    {
        NodeLeft(mac);
        return;
    }
    ++it->second.unanswered;
    it->second.sent = Simulator::Now();
    SendProbe(mac);
    it->second.probe = Simulator::Schedule(m_probeInterval, &Proxy::Probe, this, mac);
}

void
Proxy::SendProbe(Mac48Address mac)
{
    Ptr<Icmpv6L4Protocol> icmpv6 = m_ipv6->GetProtocol(Icmpv6L4Protocol::GetStaticProtocolNumber())
                                       ->GetObject<Icmpv6L4Protocol>();
    const Ipv6Address source = AccessLinkLocal();
    if (!icmpv6 || source.IsAny())
    {
        return;
    }
    // RFC 4861 7.3.3: a unicast Neighbor Solicitation to the node's own address.
    const Ipv6Address node = Ipv6Address::MakeAutoconfiguredLinkLocalAddress(mac);
    ++m_probesSent;
    icmpv6->SendNS(source, node, node, m_ipv6->GetNetDevice(m_accessInterface)->GetAddress());
}

void
Proxy::Heard(Ipv6Address source)
{
    for (auto& [mac, presence] : m_presence)
    {
        if (Ipv6Address::MakeAutoconfiguredLinkLocalAddress(mac) != source)
        {
            continue;
        }
        presence.unanswered = 0;
        if (!presence.confirm.IsPending())
        {
            return;
        }
        // A notify said the node's binding moved, but the node is still here: registered
        // again (a fresh Timestamp takes the binding back); one still registering goes on.
        presence.confirm.Cancel();
        const auto keys = std::move(presence.confirming);
        presence.confirming.clear();
        ++m_notifiesContradicted;
        for (const std::string& key : keys)
        {
            auto it = m_attachments.find(key);
            if (it != m_attachments.end() && it->second.client && !it->second.leaving &&
                it->second.state == REGISTERED)
            {
                it->second.client->Register(m_lifetime, false);
            }
        }
        return;
    }
}

void
Proxy::ConfirmTimeout(Mac48Address mac)
{
    auto it = m_presence.find(mac);
    if (it == m_presence.end())
    {
        return;
    }
    const auto keys = std::move(it->second.confirming);
    it->second.confirming.clear();
    for (const std::string& key : keys)
    {
        if (m_attachments.count(key) != 0)
        {
            Detach(key);
        }
    }
}

void
Proxy::NodeLeft(Mac48Address mac)
{
    NS_LOG_FUNCTION(this << mac);
    ++m_detachmentsDetected;
    auto it = m_presence.find(mac);
    if (it != m_presence.end())
    {
        it->second.probe.Cancel();
        it->second.confirm.Cancel();
        m_presence.erase(it);
    }
    std::vector<std::string> keys;
    for (const auto& [key, a] : m_attachments)
    {
        if (!a.below && a.mac == mac)
        {
            keys.push_back(key);
        }
    }
    // RFC 5213 6.9.1.1: the registrations are deregistered, and the state goes once they
    // are (RegistrationChanged); one that never named a prefix just goes.
    for (const std::string& key : keys)
    {
        auto at = m_attachments.find(key);
        if (at == m_attachments.end())
        {
            continue;
        }
        Attachment& a = at->second;
        if (a.client && !a.prefix.IsAny() &&
            (a.state == REGISTERED || a.state == REGISTERING))
        {
            a.leaving = true;
            a.client->Deregister();
        }
        else
        {
            Detach(key);
        }
    }
}

uint64_t
Proxy::GetDetachmentProbes() const
{
    return m_probesSent;
}

uint64_t
Proxy::GetDetachmentsDetected() const
{
    return m_detachmentsDetected;
}

uint64_t
Proxy::GetNotifiesContradicted() const
{
    return m_notifiesContradicted;
}

void
Proxy::StartSession(const std::string& key,
                    const std::string& mnId,
                    Ipv6Address address,
                    bool below)
{
    NS_LOG_FUNCTION(this << key << mnId << address << below);
    const std::string sessionKey = SessionKey(key, address);
    auto known = m_attachments.find(sessionKey);
    if (known != m_attachments.end() && (known->second.state == FAILED ||
                                          (known->second.client &&
                                           known->second.client->GetState() ==
                                               RegistrationClient::IDLE)))
    {
        Detach(sessionKey, false); // a registration that ended: start afresh
    }
    Attachment& s = m_attachments[sessionKey];
    if (s.client && s.client->GetState() == RegistrationClient::REGISTERING)
    {
        return; // already on its way up
    }
    if (s.client && s.state == REGISTERED && !s.returning)
    {
        s.client->Register(m_lifetime, false); // registered already: refreshed
        return;
    }
    const Ipv6Address parent = GetParentForPrefix(address);
    auto owner = m_attachments.find(key);
    s.mac = owner != m_attachments.end() ? owner->second.mac : Mac48Address();
    s.below = below;
    s.session = true;
    s.mnId = mnId;
    s.prefix = address;
    s.prefixLength = 128;
    s.parent = !parent.IsAny() ? parent : (below ? Ipv6Address() : GetParentFor(mnId));
    s.returning = !below && IsOnAccessLink(address);
    s.state = REGISTERING;
    s.leaving = false;
    s.attached = Simulator::Now();
    if (s.parent.IsAny())
    {
        NS_LOG_WARN("no parent known for session address " << address << " of " << mnId);
        m_attachments.erase(sessionKey);
        return;
    }
    if (m_locatorBlockLength != 0 && !s.returning && HostLocator(LocatorOwner(s)).IsAny())
    {
        NS_LOG_WARN("no per-host locator left for session address " << address << " of "
                                                                    << mnId);
        ++m_locatorsRefused;
        m_attachments.erase(sessionKey);
        return;
    }
    Client(s, sessionKey)->Register(m_lifetime, true);
}

void
Proxy::RegionalAdded(const LocationEntry& entry)
{
    // A session address a proxy below registers (a /128 with a parent of its own) goes up;
    // the home network prefix goes up through the prefix resolver (RegisterFromBelow).
    if (entry.mnId.empty() || entry.prefixLength != 128 ||
        GetParentForPrefix(entry.prefix).IsAny())
    {
        return;
    }
    StartSession(BelowKey(entry.mnId), entry.mnId, entry.prefix, true);
}

bool
Proxy::IsSessionAddress(const std::string& mnId, Ipv6Address address, uint8_t length) const
{
    if (length != 128)
    {
        return false;
    }
    if (!GetParentForPrefix(address).IsAny())
    {
        return true;
    }
    if (m_store)
    {
        const auto listed = m_store->GetSessionAddresses(mnId);
        return std::find(listed.begin(), listed.end(), address) != listed.end();
    }
    return false;
}

bool
Proxy::IsOnAccessLink(Ipv6Address address) const
{
    if (!m_ipv6 || m_accessInterface == 0)
    {
        return false;
    }
    for (uint32_t k = 0; k < m_ipv6->GetNAddresses(m_accessInterface); ++k)
    {
        const Ipv6InterfaceAddress ifaddr = m_ipv6->GetAddress(m_accessInterface, k);
        if (ifaddr.GetScope() == Ipv6InterfaceAddress::GLOBAL &&
            ifaddr.GetPrefix().GetPrefixLength() < 128 &&
            ifaddr.GetPrefix().IsMatch(ifaddr.GetAddress(), address))
        {
            return true;
        }
    }
    return false;
}

void
Proxy::SetParentForPrefix(Ipv6Address prefix, uint8_t length, Ipv6Address parent)
{
    if (length == 0 || length > 128 || parent.IsAny() || parent.IsMulticast())
    {
        throw std::invalid_argument("Proxy::SetParentForPrefix: a prefix of length 1-128 and a "
                                    "unicast parent are needed");
    }
    m_prefixParents.emplace_back(prefix.CombinePrefix(Ipv6Prefix(length)), length, parent);
}

Ipv6Address
Proxy::GetParentForPrefix(Ipv6Address address) const
{
    Ipv6Address best;
    int longest = -1;
    for (const auto& [prefix, length, parent] : m_prefixParents)
    {
        if (length > longest && Ipv6Prefix(length).IsMatch(prefix, address))
        {
            best = parent;
            longest = length;
        }
    }
    return best;
}

bool
Proxy::EndSession(const std::string& mnId, Ipv6Address address)
{
    NS_LOG_FUNCTION(this << mnId << address);
    for (auto& [key, a] : m_attachments)
    {
        if (a.session && !a.below && a.mnId == mnId && a.prefix == address && a.client &&
            (a.state == REGISTERED || a.state == REGISTERING))
        {
            a.client->Deregister(); // gone once deregistered
            return true;
        }
    }
    return false;
}

uint64_t
Proxy::GetSessionUpdatesSent(const std::string& mnId) const
{
    auto it = m_sessionUpdates.find(mnId);
    return it != m_sessionUpdates.end() ? it->second : 0;
}

uint32_t
Proxy::GetNSessionAddresses() const
{
    uint32_t n = 0;
    for (const auto& [key, a] : m_attachments)
    {
        n += a.session && a.state == REGISTERED ? 1 : 0;
    }
    return n;
}

Ptr<RegistrationClient>
Proxy::Client(Attachment& a, const std::string& key)
{
    if (!a.client)
    {
        a.client = Create<RegistrationClient>();
        RegistrationClient::Timers timers;
        // RFC 5213 6.9.4: the proxy's Binding Updates all start at
        // InitialBindackTimeoutFirstReg.
        timers.initialFirstReg = m_initialTimeout;
        timers.initial = m_initialTimeout;
        timers.max = m_maxTimeout;
        timers.refreshFraction = m_refreshFraction;
        a.client->Configure(timers,
                            MakeCallback(&Proxy::SendProxyBindingUpdate, this, key),
                            MakeCallback(&Proxy::RegistrationChanged, this, key));
    }
    return a.client;
}

void
Proxy::RegisterFromBelow(const std::string& mnId)
{
    NS_LOG_FUNCTION(this << mnId);
    Attachment& a = m_attachments[BelowKey(mnId)];
    if (a.client && a.client->GetState() == RegistrationClient::REGISTERING)
    {
        return; // already on its way up
    }
    a.below = true;
    a.leaving = false;
    a.mnId = mnId;
    a.parent = GetParentFor(mnId);
    if (m_locatorBlockLength != 0 && HostLocator(mnId).IsAny())
    {
        NS_LOG_WARN("no per-host locator left for " << mnId);
        ++m_locatorsRefused;
        a.state = FAILED;
        TellRegional(a, BindingAckHeader::INSUFFICIENT_RESOURCES);
        return;
    }
    a.state = REGISTERING;
    a.attached = Simulator::Now();
    m_attachTrace(a.mnId, a.prefix);
    Client(a, BelowKey(mnId))->Register(m_lifetime, true);
}

void
Proxy::SetParentFor(const std::string& mnId, Ipv6Address parent)
{
    if (parent.IsAny() || parent.IsMulticast())
    {
        throw std::invalid_argument("Proxy::SetParentFor: not a unicast address");
    }
    m_profiles[mnId] = parent;
}

void
Proxy::SetUplinkAnchor(Ipv6Address parent, Ipv6Address anchor)
{
    if (parent.IsAny() || anchor.IsAny() || anchor.IsMulticast())
    {
        throw std::invalid_argument("Proxy::SetUplinkAnchor: not unicast addresses");
    }
    m_uplink[parent] = anchor;
}

void
Proxy::UsePolicyStore(Ptr<PolicyStore> store)
{
    NS_LOG_FUNCTION(this << store);
    m_store = store;
}

void
Proxy::SetParentForHome(const std::string& homeNetwork, Ipv6Address parent)
{
    NS_LOG_FUNCTION(this << homeNetwork << parent);
    if (homeNetwork.empty() || parent.IsAny() || parent.IsMulticast())
    {
        throw std::invalid_argument("Proxy::SetParentForHome: a home network and a unicast "
                                    "address are needed");
    }
    m_homeParents[homeNetwork] = parent;
}

Ipv6Address
Proxy::GetOwnParentFor(const std::string& mnId) const
{
    auto it = m_profiles.find(mnId);
    return it != m_profiles.end() ? it->second : Ipv6Address::GetAny();
}

Ipv6Address
Proxy::GetParentForHome(const std::string& homeNetwork) const
{
    auto it = m_homeParents.find(homeNetwork);
    return it != m_homeParents.end() ? it->second : Ipv6Address::GetAny();
}

Ipv6Address
Proxy::GetParentFor(const std::string& mnId) const
{
    const Ipv6Address own = GetOwnParentFor(mnId);
    if (!own.IsAny())
    {
        return own;
    }
    if (m_store && !m_homeParents.empty())
    {
        auto home = m_homeParents.find(m_store->GetHomeNetwork(mnId));
        if (home != m_homeParents.end())
        {
            return home->second;
        }
    }
    return m_parent;
}

bool
Proxy::TellRegional(const Attachment& a, uint8_t status)
{
    if (a.below && m_regional)
    {
        return m_regional->Resolved(a.mnId, a.prefix, a.prefixLength, status);
    }
    return true;
}

void
Proxy::RegionalRemoved(const LocationEntry& entry, LocationTable::RemovalReason reason)
{
    if (entry.mnId.empty())
    {
        return;
    }
    auto it = m_attachments.find(SessionKey(BelowKey(entry.mnId), entry.prefix));
    const bool session = entry.prefixLength == 128 && !GetParentForPrefix(entry.prefix).IsAny();
    if (it == m_attachments.end())
    {
        if (session)
        {
            return; // a session address's registration upward, gone already
        }
        it = m_attachments.find(BelowKey(entry.mnId));
        if (it == m_attachments.end() ||
            !(it->second.prefix.IsAny() || it->second.prefix == entry.prefix))
        {
            return;
        }
    }
    const Attachment& a = it->second;
    if (reason != LocationTable::REMOVED_ADMINISTRATIVELY && a.client &&
        (a.state == REGISTERED || (a.session && a.state == REGISTERING)))
    {
        // The proxy below stopped registering it (or deregistered it): so does this one
        // (once: the attachment goes at once). A session address is deregistered even while
        // its registration is outstanding, which the deregistration overtakes.
        a.client->Deregister();
    }
    Detach(it->first);
}

Ipv6Address
Proxy::ProxyCareOfAddress()
{
    if (!m_careOf.IsAny())
    {
        return m_careOf;
    }
    Ipv6Header probe;
    probe.SetDestination(!m_parent.IsAny()        ? m_parent
                         : !m_profiles.empty() ? m_profiles.begin()->second
                                               : m_homeParents.begin()->second);
    Socket::SocketErrno err;
    Ptr<Ipv6Route> route =
        m_ipv6->GetRoutingProtocol()->RouteOutput(Create<Packet>(), probe, nullptr, err);
    if (route)
    {
        m_careOf = route->GetSource();
    }
    return m_careOf;
}

bool
Proxy::SendProxyBindingUpdate(std::string key, uint16_t sequence, Time lifetime)
{
    auto it = m_attachments.find(key);
    if (it == m_attachments.end())
    {
        return false;
    }
    Attachment& a = it->second;
    BindingUpdateHeader pbu;
    pbu.SetSequence(sequence);
    pbu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    pbu.SetFlag(BindingUpdateHeader::FLAG_H, true);
    pbu.SetFlag(BindingUpdateHeader::FLAG_P, true);
    pbu.SetLifetime(lifetime);
    pbu.AddOption(MobileNodeIdentifierOption(a.mnId));
    pbu.AddOption(HomeNetworkPrefixOption(a.prefix, a.prefix.IsAny() ? 0 : a.prefixLength));
    pbu.AddOption(HandoffIndicatorOption(a.state == REGISTERED
                                             ? HandoffIndicatorOption::HANDOFF_STATE_NOT_CHANGED
                                             : HandoffIndicatorOption::HANDOFF_STATE_UNKNOWN));
    pbu.AddOption(AccessTechnologyTypeOption(AccessTechnologyTypeOption::IEEE_802_11));
    if (!a.below)
    {
        MobileNodeLinkLayerIdentifierOption llid;
        llid.SetIdentifierFromAddress(a.mac);
        pbu.AddOption(llid);
    }
    const TimestampOption timestamp(Simulator::Now() + m_clockOffset);
    a.timestamp = timestamp.GetRaw();
    pbu.AddOption(timestamp);
    const Ipv6Address locator = LocatorFor(a);
    if (!locator.IsAny())
    {
        pbu.AddOption(AlternateCareOfAddressOption(locator));
    }
    auto sa = m_associations.find(a.parent);
    if (sa != m_associations.end())
    {
        MobilityAuthentication::Sign(pbu,
                                     MobilityMessageAuthenticationOption::MN_HA,
                                     sa->second.first,
                                     sa->second.second,
                                     locator.IsAny() ? ProxyCareOfAddress() : locator,
                                     Ipv6Address::GetAny());
    }
    m_updateTrace(a.mnId, sequence, lifetime);
    if (a.session && !a.below)
    {
        ++m_sessionUpdates[a.mnId];
    }
    return GetObject<MobilityL4Protocol>()->Send(pbu,
                                                 ProxyCareOfAddress(),
                                                 a.parent,
                                                 m_function);
}

void
Proxy::HandleAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& pba = static_cast<const BindingAckHeader&>(message);
    auto mnIdOption = DynamicCast<MobileNodeIdentifierOption>(
        pba.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    if (!pba.GetFlag(BindingAckHeader::FLAG_P) || !mnIdOption)
    {
        return;
    }
    const std::string mnId = mnIdOption->GetNai();
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        pba.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    const Ipv6Address prefix = hnp ? hnp->GetPrefix() : Ipv6Address::GetAny();
    // One registration per prefix of a mobile node (its home network prefix, its session
    // addresses), each with its own sequence numbers.
    std::string key;
    Attachment* about = About(mnId, prefix, hnp ? hnp->GetPrefixLength() : 0, &key);
    if (!about || !about->client || pba.GetSequence() != about->client->GetSequence())
    {
        return;
    }
    Attachment& a = *about;
    auto sa = m_associations.find(a.parent);
    auto echoed = DynamicCast<TimestampOption>(pba.FindOption(MobilityOption::TIMESTAMP));
    // The timestamp sent comes back, but in a TIMESTAMP_MISMATCH refusal, which carries the
    // parent's current time (RFC 5213 5.5.1).
    const bool echoes = echoed && (echoed->GetRaw() == a.timestamp ||
                                   pba.GetStatus() == BindingAckHeader::TIMESTAMP_MISMATCH);
    if (sa != m_associations.end() &&
        (ip.GetSource() != a.parent || !echoes ||
         MobilityAuthentication::Verify(pba,
                                        sa->second.first,
                                        sa->second.second,
                                        RegisteredCareOf(a),
                                        Ipv6Address::GetAny()) != MobilityAuthentication::VALID))
    {
        NS_LOG_LOGIC("Proxy Binding Acknowledgement from " << ip.GetSource()
                                                           << " fails authentication");
        ++m_authFailures;
        return;
    }
    m_ackTrace(mnId, pba.GetSequence(), pba.GetStatus());
    // Held here: RegistrationChanged, which follows, may let the attachment go.
    Ptr<RegistrationClient> client = a.client;
    client->HandleAck(pba);
}

void
Proxy::RegistrationChanged(std::string key,
                           RegistrationClient::State previous,
                           RegistrationClient::State state,
                           const BindingAckHeader* pba)
{
    auto it = m_attachments.find(key);
    if (it == m_attachments.end())
    {
        return;
    }
    Attachment& a = it->second;
    if (a.leaving && (state == RegistrationClient::IDLE || state == RegistrationClient::FAILED))
    {
        // Deregistered (or given up) after the node left: let go after the client's own
        // processing, which this is part of.
        Simulator::ScheduleNow(&Proxy::DetachRegistration, this, key, a.client);
        return;
    }
    if (state == RegistrationClient::FAILED)
    {
        NS_LOG_WARN("proxy registration of "
                    << a.mnId << " failed: "
                    << (pba ? BindingAckHeader::GetStatusName(pba->GetStatus()) : "no answer"));
        a.state = FAILED;
        if (a.session)
        {
            // After the client's own processing, which this is part of.
            Simulator::ScheduleNow(&Proxy::DetachRegistration, this, key, a.client);
            return;
        }
        TellRegional(a, pba ? pba->GetStatus() : uint8_t(BindingAckHeader::REASON_UNSPECIFIED));
        return;
    }
    if (a.session && previous == RegistrationClient::DEREGISTERING &&
        state == RegistrationClient::IDLE)
    {
        // Deregistered (back on its link, or its last session ended): let go after the
        // client's own processing, which this is part of.
        Simulator::ScheduleNow(&Proxy::DetachRegistration, this, key, a.client);
        return;
    }
    if (a.session && a.returning && state == RegistrationClient::REGISTERED)
    {
        // On its own link: the binding is taken from the anchor point that held it; now let
        // it go, so that the address is on-link again.
        a.state = REGISTERED;
        a.client->Deregister();
        return;
    }
    if (state != RegistrationClient::REGISTERED || !pba)
    {
        return; // a refresh outstanding keeps the mobile node REGISTERED here
    }
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        pba->FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    if (!hnp || hnp->GetPrefix().IsAny())
    {
        a.state = FAILED;
        a.client->Stop();
        TellRegional(a, BindingAckHeader::REASON_UNSPECIFIED);
        return;
    }
    const bool wasRegistered = a.state == REGISTERED;
    if (!a.session)
    {
        a.prefix = hnp->GetPrefix();
        a.prefixLength = hnp->GetPrefixLength();
    }
    a.state = REGISTERED;
    const Ipv6Address locator = LocatorFor(a);
    if (!locator.IsAny() && (a.prefixLength == 64 || a.session))
    {
        GetObject<MobilityRouting>()->AddHostLocator(locator, a.prefix);
    }
    else if (!locator.IsAny() && !wasRegistered)
    {
        // A locator stands for one /64: packets to it are dropped at this node, counted.
        NS_LOG_WARN("per-host locator for " << a.mnId << ": its prefix is a /"
                                            << +a.prefixLength << ", not a /64");
        ++m_locatorsRefused;
    }
    if (!wasRegistered)
    {
        Install(a);
        m_registerTrace(a.mnId, a.prefix);
    }
    if (a.session)
    {
        return;
    }
    if (wasRegistered && !a.below)
    {
        // A refresh: advertise the prefix again before the mobile node's address in it
        // expires (valid for twice, preferred for once the lifetime; RFC 5213 6.7).
        SendRouterAdvertisement(a);
    }
    if (!TellRegional(a, pba->GetStatus()))
    {
        // The registration from below it was made for was refused: nothing below needs it
        // (after the client's own processing, which this is part of).
        a.leaving = true;
        Simulator::ScheduleNow(&Proxy::Deregister, this, key, a.client);
    }
}

void
Proxy::Deregister(std::string key, Ptr<RegistrationClient> client)
{
    auto it = m_attachments.find(key);
    if (it != m_attachments.end() && it->second.client == client && it->second.leaving)
    {
        client->Deregister();
    }
}

void
Proxy::Install(Attachment& a)
{
    NS_LOG_FUNCTION(this << a.mnId << a.prefix);
    auto uplink = m_uplink.find(a.parent);
    const Ipv6Address anchor = uplink != m_uplink.end() ? uplink->second : a.parent;
    // The anchor on this node (the home network's own anchor point): routed on as it is.
    const bool here = m_ipv6->GetInterfaceForAddress(anchor) >= 0;
    if (a.below)
    {
        if (here)
        {
            return;
        }
        // Uplink from below: packets from the prefix decapsulated from the tunnel of the
        // proxy below go on to the parent, or its uplink anchor. (Downlink: the node's MobilityRouting follows the
        // regional bindings.)
        Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
        const uint32_t ingress = tunnel->HasTunnelInterface() ? tunnel->GetTunnelInterface()
                                                              : tunnel->CreateTunnelInterface();
        GetObject<MobilityRouting>()->SetReverseTunnel(a.prefix,
                                                       a.prefixLength,
                                                       anchor,
                                                       ProxyCareOfAddress(),
                                                       ingress);
        a.installed = true;
        return;
    }
    if (a.session)
    {
        // Downlink: a host route to the mobile node's link-local address on the access link;
        // uplink: packets from the address go back to the anchor (reverse tunnel).
        Ipv6StaticRoutingHelper().GetStaticRouting(m_ipv6)->AddHostRouteTo(
            a.prefix,
            Ipv6Address::MakeAutoconfiguredLinkLocalAddress(a.mac),
            m_accessInterface);
        GetObject<MobilityRouting>()->AddAttachedPrefix(a.prefix, a.prefixLength);
        GetObject<MobilityRouting>()->SetReverseTunnel(a.prefix,
                                                       a.prefixLength,
                                                       anchor,
                                                       ProxyCareOfAddress(),
                                                       m_accessInterface);
        a.installed = true;
        return;
    }
    // Downlink: the prefix is on the access link. The proxy takes the prefix's first address
    // there, so that neighbour discovery towards the mobile node has a source in its prefix
    // (RFC 5213 6.8: the access link emulates the home link); this also routes the prefix.
    m_ipv6->AddAddress(m_accessInterface,
                       Ipv6InterfaceAddress(RouterAddress(a), Ipv6Prefix(a.prefixLength)));
    GetObject<MobilityRouting>()->AddAttachedPrefix(a.prefix, a.prefixLength);
    a.installed = true;
    // Uplink: packets from the prefix go back to the anchor (reverse tunnel).
    GetObject<MobilityRouting>()->SetReverseTunnel(a.prefix,
                                                   a.prefixLength,
                                                   anchor,
                                                   ProxyCareOfAddress(),
                                                   m_accessInterface);
    SendRouterAdvertisement(a);
}

Ipv6Address
Proxy::AccessLinkLocal() const
{
    Ipv6Address source;
    for (uint32_t k = 0; k < m_ipv6->GetNAddresses(m_accessInterface); ++k)
    {
        if (m_ipv6->GetAddress(m_accessInterface, k).GetScope() == Ipv6InterfaceAddress::LINKLOCAL)
        {
            source = m_ipv6->GetAddress(m_accessInterface, k).GetAddress();
        }
    }
    return source;
}

void
Proxy::SendRouterAdvertisement(const Attachment& a)
{
    Ptr<Icmpv6L4Protocol> icmpv6 = m_ipv6->GetProtocol(Icmpv6L4Protocol::GetStaticProtocolNumber())
                                       ->GetObject<Icmpv6L4Protocol>();
    if (!icmpv6)
    {
        return;
    }
    const Ipv6Address source = AccessLinkLocal();
    // RFC 5213 6.7: the mobile access gateway advertises the home network prefix to the
    // mobile node alone: a Router Advertisement to its link-local (EUI-64) address.
    const Ipv6Address destination = Ipv6Address::MakeAutoconfiguredLinkLocalAddress(a.mac);
    Ptr<Packet> p = Create<Packet>();
    Icmpv6OptionPrefixInformation prefix(a.prefix, a.prefixLength);
    prefix.SetFlags(Icmpv6OptionPrefixInformation::ONLINK | Icmpv6OptionPrefixInformation::AUTADDRCONF);
    prefix.SetValidTime(static_cast<uint32_t>(m_lifetime.GetSeconds()) * 2);
    prefix.SetPreferredTime(static_cast<uint32_t>(m_lifetime.GetSeconds()));
    p->AddHeader(prefix);
    Icmpv6OptionLinkLayerAddress lla(true, m_ipv6->GetNetDevice(m_accessInterface)->GetAddress());
    p->AddHeader(lla);
    Icmpv6RA ra;
    ra.SetCurHopLimit(64);
    ra.SetLifeTime(m_routerLifetime);
    ra.SetReachableTime(0);
    ra.SetRetransmissionTime(0);
    ra.CalculatePseudoHeaderChecksum(source,
                                     destination,
                                     p->GetSize() + ra.GetSerializedSize(),
                                     Icmpv6L4Protocol::GetStaticProtocolNumber());
    p->AddHeader(ra);
    icmpv6->SendMessage(p, source, destination, 255);
}

void
Proxy::HandleSolicitation(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        // An IPv6 raw socket hands over the packet with its IPv6 header.
        Ipv6Header ip;
        Icmpv6Header header;
        if (packet->GetSize() < ip.GetSerializedSize() + header.GetSerializedSize())
        {
            continue;
        }
        packet->RemoveHeader(ip);
        packet->PeekHeader(header);
        if (!m_presence.empty() &&
            (header.GetType() == Icmpv6Header::ICMPV6_ND_NEIGHBOR_ADVERTISEMENT ||
             header.GetType() == Icmpv6Header::ICMPV6_ND_ROUTER_SOLICITATION))
        {
            Heard(ip.GetSource());
        }
        if (header.GetType() != Icmpv6Header::ICMPV6_ND_ROUTER_SOLICITATION)
        {
            continue;
        }
        for (const auto& [key, a] : m_attachments)
        {
            if (!a.below && !a.session && a.state == REGISTERED &&
                Ipv6Address::MakeAutoconfiguredLinkLocalAddress(a.mac) == ip.GetSource())
            {
                NS_LOG_LOGIC("Router Solicitation from " << a.mnId);
                ++m_solicitationsAnswered;
                SendRouterAdvertisement(a);
                break;
            }
        }
    }
}

uint64_t
Proxy::GetNSolicitationsAnswered() const
{
    return m_solicitationsAnswered;
}

void
Proxy::HandleNotify(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& notify = static_cast<const LocationManagementHeader&>(message);
    auto mnIdOption = DynamicCast<MobileNodeIdentifierOption>(
        notify.FindOption(MobilityOption::MOBILE_NODE_IDENTIFIER));
    if (m_checkNotifySource && !IsKnownParent(ip.GetSource()))
    {
        NS_LOG_LOGIC("Location Notify from " << ip.GetSource() << " refused: not a parent");
        ++m_notifiesRefused;
        return;
    }
    auto hnp = DynamicCast<HomeNetworkPrefixOption>(
        notify.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
    const Ipv6Address prefix = hnp ? hnp->GetPrefix() : Ipv6Address::GetAny();
    std::string key;
    const Attachment* a =
        mnIdOption ? About(mnIdOption->GetNai(), prefix, hnp ? hnp->GetPrefixLength() : 0, &key)
                   : nullptr;
    if (a && m_probeInterval.IsStrictlyPositive() && !a->below && m_accessInterface != 0)
    {
        // Detachment detection decides: a node that left a probe unanswered (for longer than
        // DetachmentProbeTimeout) is gone, as is one already found gone; else one probe now,
        // whose answer within DetachmentProbeTimeout says it is still here.
        auto found = m_presence.find(a->mac);
        const bool unanswered =
            found != m_presence.end() && !found->second.confirm.IsPending() &&
            (found->second.unanswered > 1 ||
             (found->second.unanswered == 1 &&
              Simulator::Now() - found->second.sent >= m_probeTimeout));
        if (a->leaving || found == m_presence.end() || unanswered)
        {
            Detach(key);
        }
        else
        {
            Presence& presence = found->second;
            if (std::find(presence.confirming.begin(), presence.confirming.end(), key) ==
                presence.confirming.end())
            {
                presence.confirming.push_back(key);
            }
            if (!presence.confirm.IsPending())
            {
                SendProbe(a->mac);
                presence.confirm = Simulator::Schedule(m_probeTimeout,
                                                       &Proxy::ConfirmTimeout,
                                                       this,
                                                       a->mac);
            }
        }
    }
    else if (a)
    {
        // A notify about a mobile node this proxy is registering is taken as stale (it left
        // and came back): acknowledged, not acted on; with DetachWhenMovedLater, only when the
        // registration elsewhere (its Timestamp) is older than the node's attachment here.
        auto moved = DynamicCast<TimestampOption>(notify.FindOption(MobilityOption::TIMESTAMP));
        const TimestampOption here(a->attached + m_clockOffset);
        if (a->state != REGISTERING ||
            (m_detachWhenMovedLater && moved && moved->GetRaw() > here.GetRaw()))
        {
            Detach(key);
        }
    }
    LocationManagementHeader ack(LocationManagementHeader::LOCATION_NOTIFY_ACK);
    ack.SetSequence(notify.GetSequence());
    if (mnIdOption)
    {
        ack.AddOption(*mnIdOption);
    }
    if (hnp)
    {
        ack.AddOption(*hnp); // which of the mobile node's registrations it acknowledges
    }
    GetObject<MobilityL4Protocol>()->Send(ack,
                                          ip.GetDestination(),
                                          ip.GetSource(),
                                          m_function);
}

bool
Proxy::IsKnownParent(Ipv6Address address) const
{
    if (address == m_parent || m_notifiers.count(address) > 0)
    {
        return true;
    }
    for (const auto& [key, a] : m_attachments)
    {
        if (a.parent == address)
        {
            return true;
        }
    }
    for (const auto* parents : {&m_profiles, &m_homeParents})
    {
        for (const auto& [name, parent] : *parents)
        {
            if (parent == address)
            {
                return true;
            }
        }
    }
    for (const auto& [prefix, length, parent] : m_prefixParents)
    {
        if (parent == address)
        {
            return true;
        }
    }
    return m_uplink.count(address) > 0;
}

uint64_t
Proxy::GetNotifiesRefused() const
{
    return m_notifiesRefused;
}

void
Proxy::AddSecurityAssociation(Ipv6Address parent, uint32_t spi, const std::vector<uint8_t>& key)
{
    if (spi < 256 || key.empty() || parent.IsAny())
    {
        throw std::invalid_argument("Proxy::AddSecurityAssociation: a parent, an SPI of 256 or "
                                    "more (RFC 4285 reserves 0-255) and a key are needed");
    }
    m_associations[parent] = {spi, key};
}

void
Proxy::AddNotifier(Ipv6Address address)
{
    m_notifiers.insert(address);
}

uint64_t
Proxy::GetAuthenticationFailures() const
{
    return m_authFailures;
}

std::vector<Ipv6Address>
Proxy::GetParents() const
{
    std::set<Ipv6Address> parents;
    if (!m_parent.IsAny())
    {
        parents.insert(m_parent);
    }
    for (const auto* table : {&m_profiles, &m_homeParents})
    {
        for (const auto& [name, parent] : *table)
        {
            parents.insert(parent);
        }
    }
    for (const auto& [prefix, length, parent] : m_prefixParents)
    {
        parents.insert(parent);
    }
    return {parents.begin(), parents.end()};
}

Ipv6Address
Proxy::RegisteredCareOf(const Attachment& a)
{
    const Ipv6Address locator = LocatorFor(a);
    return locator.IsAny() ? ProxyCareOfAddress() : locator;
}

void
Proxy::Detach(const std::string& key, bool withdraw)
{
    auto it = m_attachments.find(key);
    if (it == m_attachments.end())
    {
        return;
    }
    Attachment& a = it->second;
    const Attachment gone = a;
    m_attachments.erase(it);
    if (gone.client)
    {
        gone.client->Stop();
    }
    if (gone.session)
    {
        if (gone.installed && !gone.below)
        {
            Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(m_ipv6);
            for (uint32_t k = routing->GetNRoutes(); k-- > 0;)
            {
                const Ipv6RoutingTableEntry route = routing->GetRoute(k);
                if (route.GetDest() == gone.prefix && route.GetInterface() == m_accessInterface &&
                    route.GetDestNetworkPrefix().GetPrefixLength() == 128)
                {
                    routing->RemoveRoute(k);
                }
            }
            GetObject<MobilityRouting>()->RemoveAttachedPrefix(gone.prefix, gone.prefixLength);
        }
        if (gone.installed)
        {
            GetObject<MobilityRouting>()->RemoveReverseTunnel(gone.prefix, gone.prefixLength);
        }
    }
    else if (gone.installed)
    {
        if (!gone.below)
        {
            m_ipv6->RemoveAddress(m_accessInterface, RouterAddress(gone));
            GetObject<MobilityRouting>()->RemoveAttachedPrefix(gone.prefix, gone.prefixLength);
        }
        GetObject<MobilityRouting>()->RemoveReverseTunnel(gone.prefix, gone.prefixLength);
    }
    if (gone.below && m_regional && withdraw)
    {
        // No longer reached through here: the proxy below is told (if still bound).
        m_regional->Withdraw(gone.prefix, gone.prefixLength);
    }
    m_detachTrace(gone.mnId, gone.prefix);
}

void
Proxy::DetachRegistration(std::string key, Ptr<RegistrationClient> client)
{
    auto it = m_attachments.find(key);
    if (it != m_attachments.end() && it->second.client == client)
    {
        Detach(key);
    }
}

Ipv6Address
Proxy::RouterAddress(const Attachment& a)
{
    uint8_t bytes[16];
    a.prefix.GetBytes(bytes);
    bytes[15] |= 1;
    return Ipv6Address(bytes);
}

bool
Proxy::IsRegistered(Mac48Address mac) const
{
    auto it = m_attachments.find(Key(mac));
    return it != m_attachments.end() && it->second.state == REGISTERED;
}

Ipv6Address
Proxy::GetPrefix(Mac48Address mac) const
{
    auto it = m_attachments.find(Key(mac));
    return it == m_attachments.end() ? Ipv6Address::GetAny() : it->second.prefix;
}

uint32_t
Proxy::GetNRegistered() const
{
    uint32_t n = 0;
    for (const auto& [key, a] : m_attachments)
    {
        n += a.state == REGISTERED && !a.session ? 1 : 0;
    }
    return n;
}

} // namespace dmm
} // namespace ns3
