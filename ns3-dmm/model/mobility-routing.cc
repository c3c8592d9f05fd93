/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-routing.h"

#include "ipv6-tunnel-l4-protocol.h"
#include "location-management-header.h"
#include "location-management.h"
#include "mobility-l4-protocol.h"
#include "mobility-option.h"
#include "neighbor-discovery.h"

#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("MobilityRouting");

NS_OBJECT_ENSURE_REGISTERED(MobilityRouting);

TypeId
MobilityRouting::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::MobilityRouting")
            .SetParent<Ipv6RoutingProtocol>()
            .SetGroupName("Dmm")
            .AddConstructor<MobilityRouting>()
            .AddAttribute("MaxNeighborAdvertisement",
                          "RFC 4861 MAX_NEIGHBOR_ADVERTISEMENT: unsolicited proxy Neighbor "
                          "Advertisements sent on the home link when a binding is created "
                          "(RFC 6275 section 10.4.1).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobilityRouting::m_maxNeighborAdvertisement),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RetransTimer",
                          "RFC 4861 RETRANS_TIMER: interval between those advertisements, and "
                          "between the solicitations of duplicate address detection on the "
                          "home link (and the wait after the last one).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobilityRouting::m_retransTimer),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DupAddrDetectTransmits",
                          "RFC 4862 5.1 DupAddrDetectTransmits: Neighbor Solicitations of a "
                          "duplicate address detection on the home link (default 1).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&MobilityRouting::m_dupAddrDetectTransmits),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PushInterval",
                          "Route optimisation by push: least interval between two Location "
                          "Notifies of an unchanged location to one correspondent's mobility "
                          "routing function (a changed location is pushed at once).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobilityRouting::m_pushInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PushTimeout",
                          "Route optimisation by push: wait for a Location Notify Ack before "
                          "the Notify is sent again (doubling each time, as "
                          "INITIAL_BINDACK_TIMEOUT of RFC 6275).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobilityRouting::m_pushTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxPushRetransmissions",
                          "Route optimisation by push: retransmissions of a Location Notify "
                          "before it is given up (counted).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&MobilityRouting::m_maxPushRetransmissions),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Tunnel",
                            "A packet is intercepted and tunnelled: inner header, end point.",
                            MakeTraceSourceAccessor(&MobilityRouting::m_tunnelTrace),
                            "ns3::dmm::MobilityRouting::TunnelTracedCallback")
            .AddTraceSource("Rewrite",
                            "A packet's destination is rewritten to a per-host locator: its "
                            "original header, the new destination.",
                            MakeTraceSourceAccessor(&MobilityRouting::m_rewriteTrace),
                            "ns3::dmm::MobilityRouting::TunnelTracedCallback");
    return tid;
}

MobilityRouting::MobilityRouting()
    : m_pushInterval(Seconds(1)),
      m_pushTimeout(Seconds(1)),
      m_maxPushRetransmissions(3)
{
}

MobilityRouting::~MobilityRouting() = default;

void
MobilityRouting::DoDispose()
{
    for (auto& [address, detection] : m_detections)
    {
        detection.timer.Cancel();
    }
    m_detections.clear();
    m_followed.clear();
    m_remoteLinks.clear();
    for (auto& [binding, followed] : m_followedBindings)
    {
        followed.expiry.Cancel();
    }
    m_followedBindings.clear();
    for (auto& [address, told] : m_told)
    {
        for (Told& t : told)
        {
            t.timer.Cancel();
        }
    }
    m_told.clear();
    m_awaited.clear();
    m_pushTargets.clear();
    if (m_cache)
    {
        m_cache->Dispose();
        m_cache = nullptr;
    }
    if (Ptr<Ipv6TunnelL4Protocol> tunnel =
            m_ipv6 ? m_ipv6->GetObject<Ipv6TunnelL4Protocol>() : nullptr)
    {
        tunnel->SetPeerCheck(Callback<bool, Ipv6Address>());
    }
    m_ipv6 = nullptr;
    m_tunnel = nullptr;
    m_bindings.Clear();
    m_reverse.Clear();
    m_remotes.clear();
    m_hostLocators.Clear();
    m_rewriteRoutes.clear();
    Ipv6RoutingProtocol::DoDispose();
}

void
MobilityRouting::SetIpv6(Ptr<Ipv6> ipv6)
{
    m_ipv6 = ipv6;
    if (Ptr<Ipv6TunnelL4Protocol> tunnel = ipv6 ? ipv6->GetObject<Ipv6TunnelL4Protocol>() : nullptr)
    {
        // The tunnels' remote end points here (bindings' locators, reverse tunnels' anchors)
        // are the tunnel protocol's peers too (RequireKnownPeer).
        tunnel->SetPeerCheck(MakeCallback(&MobilityRouting::IsTunnelRemote, this));
    }
}

void
MobilityRouting::InvalidateTunnelRoutes()
{
    if (!m_tunnel && m_ipv6)
    {
        m_tunnel = m_ipv6->GetObject<Ipv6TunnelL4Protocol>();
        if (m_tunnel)
        {
            // This node now hears of every routing change: outer routes may be cached.
            m_tunnel->EnableRouteCache();
        }
    }
    if (m_tunnel)
    {
        m_tunnel->InvalidateRouteCache();
    }
    m_rewriteRoutes.clear();
}

void
MobilityRouting::SetBinding(Ipv6Address prefix,
                            uint8_t length,
                            Ipv6Address locator,
                            Ipv6Address local)
{
    NS_LOG_FUNCTION(this << prefix << +length << locator << local);
    if (length > 128)
    {
        throw std::invalid_argument("MobilityRouting::SetBinding: prefix length above 128");
    }
    auto [tunnel, added] = m_bindings.Emplace(prefix, length);
    if (!added)
    {
        Unpeer(tunnel->remote);
    }
    *tunnel = Tunnel{locator, local};
    Peer(locator);
    if (added && length == 128 && IsProxied(prefix))
    {
        // RFC 6275 10.4.1: tell the home link that the home address is now reached here.
        AdvertiseBinding(prefix, m_maxNeighborAdvertisement);
    }
    if (added && length == 128)
    {
        RouteFromRemoteLink(prefix, true);
    }
}

void
MobilityRouting::AddRemoteLink(Ipv6Address prefix,
                               uint8_t length,
                               Ptr<Ipv6StaticRouting> routing,
                               uint32_t interface,
                               Ipv6Address nextHop)
{
    NS_LOG_FUNCTION(this << prefix << +length << interface << nextHop);
    if (length == 0 || length >= 128)
    {
        throw std::invalid_argument("MobilityRouting::AddRemoteLink: a link prefix is 1 to 127 "
                                    "bits long");
    }
    if (!routing)
    {
        throw std::invalid_argument("MobilityRouting::AddRemoteLink: no routing given");
    }
    Ipv6Prefix mask(length);
    m_remoteLinks.push_back(
        RemoteLink{prefix.CombinePrefix(mask), mask, routing, interface, nextHop});
}

uint64_t
MobilityRouting::GetRemoteLinkRoutes() const
{
    return m_remoteLinkRoutes;
}

void
MobilityRouting::RouteFromRemoteLink(Ipv6Address address, bool away)
{
    for (const auto& link : m_remoteLinks)
    {
        if (!link.mask.IsMatch(link.prefix, address))
        {
            continue;
        }
        if (away)
        {
            NS_LOG_LOGIC("host route to " << address << " from its link's router");
            link.routing->AddHostRouteTo(address, link.nextHop, link.interface);
            ++m_remoteLinkRoutes;
        }
        else
        {
            link.routing->RemoveRoute(address, Ipv6Prefix(128), link.interface,
                                      Ipv6Address::GetAny());
        }
    }
}

void
MobilityRouting::SetHomeLink(uint32_t interface)
{
    if (!m_ipv6 || interface == 0 || interface >= m_ipv6->GetNInterfaces())
    {
        throw std::invalid_argument("MobilityRouting::SetHomeLink: no such interface");
    }
    if (m_homeLink < 0)
    {
        m_ipv6->TraceConnectWithoutContext("Rx",
                                           MakeCallback(&MobilityRouting::HomeLinkReceived, this));
    }
    m_homeLink = static_cast<int32_t>(interface);
}

uint64_t
MobilityRouting::GetProxyAdvertisements() const
{
    return m_proxyAdvertisements;
}

bool
MobilityRouting::IsOnHomeLink(Ipv6Address address) const
{
    if (m_homeLink < 0)
    {
        return false;
    }
    for (uint32_t k = 0; k < m_ipv6->GetNAddresses(m_homeLink); ++k)
    {
        Ipv6InterfaceAddress a = m_ipv6->GetAddress(m_homeLink, k);
        if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL &&
            a.GetPrefix().IsMatch(a.GetAddress(), address))
        {
            return true;
        }
    }
    return false;
}

bool
MobilityRouting::IsProxied(Ipv6Address address) const
{
    return m_bindings.Exact(address, 128) != nullptr && IsOnHomeLink(address);
}

Ipv6Address
MobilityRouting::HomeLinkLocal() const
{
    for (uint32_t k = 0; k < m_ipv6->GetNAddresses(m_homeLink); ++k)
    {
        if (m_ipv6->GetAddress(m_homeLink, k).GetScope() == Ipv6InterfaceAddress::LINKLOCAL)
        {
            return m_ipv6->GetAddress(m_homeLink, k).GetAddress();
        }
    }
    return Ipv6Address::GetAny();
}

void
MobilityRouting::DetectDuplicate(Ipv6Address address, Callback<void, Ipv6Address, bool> done)
{
    NS_LOG_FUNCTION(this << address);
    if (!IsOnHomeLink(address))
    {
        throw std::invalid_argument("MobilityRouting::DetectDuplicate: the address is not on "
                                    "the home link");
    }
    auto [it, added] = m_detections.try_emplace(address);
    it->second.done.push_back(done);
    if (!added)
    {
        return; // already running: its outcome is this request's too
    }
    ++m_detectionsRun;
    it->second.remaining = m_dupAddrDetectTransmits;
    DetectionStep(address);
}

void
MobilityRouting::DetectionStep(Ipv6Address address)
{
    auto it = m_detections.find(address);
    if (it == m_detections.end())
    {
        return;
    }
    Detection& d = it->second;
    if (!d.duplicate && d.remaining > 0)
    {
        --d.remaining;
        SendDadSolicitation(address);
        d.timer = Simulator::Schedule(m_retransTimer, &MobilityRouting::DetectionStep, this,
                                      address);
        return;
    }
    const bool duplicate = d.duplicate;
    std::vector<Callback<void, Ipv6Address, bool>> done = std::move(d.done);
    d.timer.Cancel();
    m_detections.erase(it);
    m_duplicatesFound += duplicate ? 1 : 0;
    NS_LOG_LOGIC("duplicate address detection of " << address << ": "
                                                   << (duplicate ? "duplicate" : "unique"));
    for (auto& callback : done)
    {
        callback(address, duplicate);
    }
}

void
MobilityRouting::SendDadSolicitation(Ipv6Address target)
{
    const Ipv6Address source = Ipv6Address::GetAny();
    const Ipv6Address destination = Ipv6Address::MakeSolicitedAddress(target);
    // RFC 4862 5.4.2: from the unspecified address, without a Source Link-Layer Address
    // option.
    Ptr<Packet> packet = Create<Packet>();
    Icmpv6NS ns(target);
    ns.CalculatePseudoHeaderChecksum(source,
                                     destination,
                                     packet->GetSize() + ns.GetSerializedSize(),
                                     Icmpv6L4Protocol::PROT_NUMBER);
    packet->AddHeader(ns);
    NS_LOG_LOGIC("DAD solicitation for " << target);
    SendOnHomeLink(packet, source, destination);
}

void
MobilityRouting::SendOnHomeLink(Ptr<Packet> packet, Ipv6Address source, Ipv6Address destination)
{
    // RFC 4861 7.1: Neighbor Discovery messages leave with hop limit 255, straight out of the
    // home link's interface.
    SocketIpv6HopLimitTag hopLimit;
    hopLimit.SetHopLimit(255);
    packet->AddPacketTag(hopLimit);
    Ptr<Ipv6Route> route = Create<Ipv6Route>();
    route->SetDestination(destination);
    route->SetGateway(destination);
    route->SetSource(source);
    route->SetOutputDevice(m_ipv6->GetNetDevice(m_homeLink));
    m_ipv6->GetObject<Ipv6L3Protocol>()->Send(packet,
                                              source,
                                              destination,
                                              Icmpv6L4Protocol::PROT_NUMBER,
                                              route);
}

void
MobilityRouting::AddAnycastAddress(Ipv6Address address)
{
    if (address.IsMulticast() || address.IsAny() || address.IsLinkLocal() ||
        address.IsLocalhost())
    {
        throw std::invalid_argument("MobilityRouting::AddAnycastAddress: not a global unicast-"
                                    "format address");
    }
    m_anycast.insert(address);
}

uint64_t
MobilityRouting::GetAnycastDeliveries() const
{
    return m_anycastDeliveries;
}

void
MobilityRouting::AddAnchoredPrefix(Ipv6Address prefix, uint8_t length)
{
    if (length == 0 || length > 128)
    {
        throw std::invalid_argument("MobilityRouting::AddAnchoredPrefix: length " +
                                    std::to_string(length) + " outside 1..128");
    }
    m_anchored.emplace_back(prefix.CombinePrefix(Ipv6Prefix(length)), Ipv6Prefix(length));
}

uint64_t
MobilityRouting::GetUnboundDrops() const
{
    return m_unbound;
}

uint64_t
MobilityRouting::GetDuplicateAddressDetections(bool duplicates) const
{
    return duplicates ? m_duplicatesFound : m_detectionsRun;
}

void
MobilityRouting::HomeLinkReceived(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    if (static_cast<int32_t>(interface) != m_homeLink)
    {
        return;
    }
    NeighborMessage nd;
    if (!PeekNeighborMessage(packet, nd))
    {
        return;
    }
    const Ipv6Address source = nd.source;
    const Ipv6Address target = nd.target;
    const bool advertisement = nd.type == Icmpv6Header::ICMPV6_ND_NEIGHBOR_ADVERTISEMENT;
    auto detection = m_detections.find(target);
    if (detection != m_detections.end() && (advertisement || source.IsAny()))
    {
        // RFC 4862 5.4.4 (an advertisement for the address) or 5.4.3 (another node's own
        // detection of it): the address is in use on the home link.
        detection->second.duplicate = true;
        return;
    }
    if (advertisement || !IsProxied(target))
    {
        return;
    }
    // A solicitation from the unspecified address (duplicate address detection) is answered
    // to all nodes, without the S flag (RFC 4861 7.2.4).
    const bool dad = source.IsAny();
    SendProxyAdvertisement(target, dad ? Ipv6Address::GetAllNodesMulticast() : source, !dad);
}

void
MobilityRouting::AdvertiseBinding(Ipv6Address address, uint32_t remaining)
{
    if (remaining == 0 || !IsProxied(address))
    {
        return;
    }
    SendProxyAdvertisement(address, Ipv6Address::GetAllNodesMulticast(), false);
    Simulator::Schedule(m_retransTimer, &MobilityRouting::AdvertiseBinding, this, address,
                        remaining - 1);
}

void
MobilityRouting::SendProxyAdvertisement(Ipv6Address target, Ipv6Address destination, bool solicited)
{
    Ptr<NetDevice> device = m_ipv6->GetNetDevice(m_homeLink);
    const Ipv6Address source = HomeLinkLocal();
    if (source.IsAny())
    {
        return;
    }
    Ptr<Packet> packet = Create<Packet>();
    Icmpv6OptionLinkLayerAddress lla(false, device->GetAddress());
    packet->AddHeader(lla);
    Icmpv6NA na;
    na.SetIpv6Target(target);
    na.SetFlagR(false);
    na.SetFlagS(solicited);
    na.SetFlagO(true); // RFC 6275 10.4.1: the Override flag is set
    na.CalculatePseudoHeaderChecksum(source,
                                     destination,
                                     packet->GetSize() + na.GetSerializedSize(),
                                     Icmpv6L4Protocol::PROT_NUMBER);
    packet->AddHeader(na);
    ++m_proxyAdvertisements;
    NS_LOG_LOGIC("proxy NA for " << target << " to " << destination);
    SendOnHomeLink(packet, source, destination);
}

void
MobilityRouting::Peer(Ipv6Address remote)
{
    ++m_remotes[remote];
}

void
MobilityRouting::Unpeer(Ipv6Address remote)
{
    auto it = m_remotes.find(remote);
    if (it != m_remotes.end() && --it->second == 0)
    {
        m_remotes.erase(it);
    }
}

bool
MobilityRouting::IsTunnelRemote(Ipv6Address address) const
{
    return m_remotes.count(address) > 0 || (m_cache && m_cache->IsLocator(address));
}

bool
MobilityRouting::RemoveBinding(Ipv6Address prefix, uint8_t length)
{
    const Tunnel* existing = m_bindings.Exact(prefix, length);
    if (existing)
    {
        Unpeer(existing->remote);
    }
    bool removed = m_bindings.Erase(prefix, length);
    if (removed && length == 128)
    {
        RouteFromRemoteLink(prefix, false);
    }
    return removed;
}

Ipv6Address
MobilityRouting::GetBinding(Ipv6Address address) const
{
    const Tunnel* t = m_bindings.Longest(address);
    return t ? t->remote : Ipv6Address::GetAny();
}

uint32_t
MobilityRouting::GetNBindings() const
{
    return static_cast<uint32_t>(m_bindings.Size());
}

void
MobilityRouting::FollowLocationManagement(Ptr<LocationManagement> lm)
{
    if (std::find(m_followed.begin(), m_followed.end(), lm) != m_followed.end())
    {
        return;
    }
    m_followed.push_back(lm);
    lm->TraceConnectWithoutContext("BindingAdded",
                                   MakeCallback(&MobilityRouting::BindingSet, this));
    lm->TraceConnectWithoutContext("BindingUpdated",
                                   MakeCallback(&MobilityRouting::BindingSet, this));
    lm->TraceConnectWithoutContext("BindingDeregistered",
                                   MakeCallback(&MobilityRouting::BindingRemoved, this));
    lm->TraceConnectWithoutContext("BindingRemoved",
                                   MakeCallback(&MobilityRouting::BindingRemoved, this));
    for (const auto& b : lm->GetBindings())
    {
        if (b.IsRegistered())
        {
            SetBinding(b.prefix, b.prefixLength, b.locator);
        }
    }
}

void
MobilityRouting::BindingSet(const Ipv6Address& prefix, uint8_t length, const Ipv6Address& locator)
{
    SetBinding(prefix, length, locator);
}

void
MobilityRouting::BindingRemoved(const Ipv6Address& prefix,
                                uint8_t length,
                                const Ipv6Address& locator)
{
    auto followed = m_followedBindings.find({prefix, length});
    if (followed != m_followedBindings.end() && !IsHere(followed->second.locator))
    {
        // A followed server locates it elsewhere (the mobile node moved on from below this
        // node's anchor point): that binding is the one held.
        SetBinding(prefix, length, followed->second.locator);
        return;
    }
    RemoveBinding(prefix, length);
}

void
MobilityRouting::SetReverseTunnel(Ipv6Address prefix,
                                  uint8_t length,
                                  Ipv6Address anchor,
                                  Ipv6Address local,
                                  uint32_t ingress)
{
    NS_LOG_FUNCTION(this << prefix << +length << anchor << local << ingress);
    auto [tunnel, added] = m_reverse.Emplace(prefix, length);
    if (!added)
    {
        Unpeer(tunnel->remote);
    }
    *tunnel = Tunnel{anchor, local, ingress};
    Peer(anchor);
}

bool
MobilityRouting::RemoveReverseTunnel(Ipv6Address prefix, uint8_t length)
{
    if (const Tunnel* existing = m_reverse.Exact(prefix, length))
    {
        Unpeer(existing->remote);
    }
    return m_reverse.Erase(prefix, length);
}

void
MobilityRouting::AddAttachedPrefix(Ipv6Address prefix, uint8_t length)
{
    m_attached.Emplace(prefix, length);
}

bool
MobilityRouting::RemoveAttachedPrefix(Ipv6Address prefix, uint8_t length)
{
    return m_attached.Erase(prefix, length);
}

void
MobilityRouting::SetHomeAddress(Ipv6Address address)
{
    m_homeAddress = address;
}

void
MobilityRouting::ClearHomeAddress()
{
    m_homeAddress = Ipv6Address::GetAny();
}

void
MobilityRouting::SetRegionalAddress(Ipv6Address address)
{
    m_regionalAddress = address;
}

void
MobilityRouting::UseLocationCache(Ptr<LocationCache> cache)
{
    if (!m_ipv6)
    {
        throw std::logic_error("MobilityRouting::UseLocationCache: install the routing on a "
                               "node first");
    }
    if (m_cache == cache)
    {
        return;
    }
    if (m_cache)
    {
        throw std::invalid_argument("MobilityRouting::UseLocationCache: another cache is in use");
    }
    m_cache = cache;
    m_cache->Start(m_ipv6->GetObject<Node>(),
                   MakeCallback(&MobilityRouting::ForwardResolved, this));
    m_cache->SetLocationCallback(MakeCallback(&MobilityRouting::LocationChanged, this));
    m_cache->SetBindingCallback(MakeCallback(&MobilityRouting::FollowedBinding, this));
}

void
MobilityRouting::FollowedBinding(Ipv6Address prefix,
                                 uint8_t length,
                                 Ipv6Address locator,
                                 Time lifetime)
{
    NS_LOG_FUNCTION(this << prefix << +length << locator << lifetime.As(Time::S));
    const bool told = length == 128 && !m_told.empty(); // pushed to correspondents' functions
    if (locator.IsAny() || !lifetime.IsStrictlyPositive())
    {
        ForgetFollowed(prefix, length);
        if (told)
        {
            LocationChanged(prefix, Ipv6Address::GetAny(), Time(0));
        }
        return;
    }
    Followed& followed = m_followedBindings[{prefix, length}];
    followed.expiry.Cancel();
    if (!IsHere(locator))
    {
        SetBinding(prefix, length, locator);
    }
    else if (!followed.locator.IsAny())
    {
        // The address is under the anchor point here: the location told before gives way.
        GiveWay(prefix, length, followed.locator);
    }
    followed.locator = locator;
    followed.expiry = Simulator::Schedule(lifetime, [this, prefix, length]() {
        ForgetFollowed(prefix, length);
        if (length == 128 && !m_told.empty())
        {
            LocationChanged(prefix, Ipv6Address::GetAny(), Time(0));
        }
    });
    if (told)
    {
        LocationChanged(prefix, locator, lifetime);
    }
}

void
MobilityRouting::ForgetFollowed(Ipv6Address prefix, uint8_t length)
{
    auto it = m_followedBindings.find({prefix, length});
    if (it == m_followedBindings.end())
    {
        RemoveBinding(prefix, length);
        return;
    }
    it->second.expiry.Cancel();
    const Ipv6Address locator = it->second.locator;
    m_followedBindings.erase(it);
    GiveWay(prefix, length, locator);
}

void
MobilityRouting::GiveWay(Ipv6Address prefix, uint8_t length, Ipv6Address locator)
{
    const Tunnel* current = m_bindings.Exact(prefix, length);
    if (!current || current->remote != locator)
    {
        return; // a database here bound it since
    }
    for (const auto& lm : m_followed)
    {
        const LocationEntry* entry = lm->GetTable()->Find(prefix, length);
        if (entry && entry->IsRegistered())
        {
            SetBinding(prefix, length, entry->locator);
            return;
        }
    }
    RemoveBinding(prefix, length);
}

bool
MobilityRouting::IsHere(Ipv6Address address) const
{
    return (m_ipv6 && m_ipv6->GetInterfaceForAddress(address) >= 0) ||
           (IsLocatorAddress(address) && m_hostLocators.Longest(address));
}

void
MobilityRouting::PushLocationsTo(Ipv6Address router)
{
    Ptr<MobilityL4Protocol> l4 = m_ipv6 ? m_ipv6->GetObject<MobilityL4Protocol>() : nullptr;
    if (!l4)
    {
        throw std::logic_error("MobilityRouting::PushLocationsTo: install the ns3-dmm stack on "
                               "the node first");
    }
    if (router.IsAny() || router.IsMulticast())
    {
        throw std::invalid_argument("MobilityRouting::PushLocationsTo: a unicast address is "
                                    "needed");
    }
    if (m_pushTargets.empty())
    {
        l4->AddHandler(MobilityHeader::EXPERIMENTAL,
                       LocationManagementHeader::LOCATION_NOTIFY_ACK,
                       MakeCallback(&MobilityRouting::HandlePushAck, this),
                       "mobility routing",
                       MakeCallback(&MobilityRouting::ClaimPushAck, this));
    }
    m_pushTargets.insert(router);
    if (Ptr<Ipv6TunnelL4Protocol> tunnel = m_ipv6->GetObject<Ipv6TunnelL4Protocol>())
    {
        tunnel->AddPeer(router); // its packets come here via home through a tunnel
    }
}

MobilityRouting::Told*
MobilityRouting::FindTold(Ipv6Address address, Ipv6Address router)
{
    auto it = m_told.find(address);
    if (it == m_told.end())
    {
        return nullptr;
    }
    for (Told& told : it->second)
    {
        if (told.router == router)
        {
            return &told;
        }
    }
    return nullptr;
}

void
MobilityRouting::OfferPush(Ipv6Address address,
                           Ipv6Address router,
                           Ipv6Address local,
                           Ipv6Address locator,
                           Time lifetime)
{
    Told* told = FindTold(address, router);
    if (!told)
    {
        auto& list = m_told[address];
        list.push_back(Told{});
        told = &list.back();
        told->router = router;
    }
    told->local = local;
    if (locator.IsAny())
    {
        told->waiting = true; // told once the cache knows it (LocationChanged)
        return;
    }
    if (told->locator == locator && !told->at.IsZero() &&
        Simulator::Now() - told->at < m_pushInterval)
    {
        return;
    }
    SendPush(*told, address, locator, lifetime);
}

void
MobilityRouting::OfferFollowedPush(Ipv6Address address)
{
    auto it = m_followedBindings.find({address, 128});
    Ipv6Address router;
    Ipv6Address local;
    if (it != m_followedBindings.end() && m_tunnel &&
        m_tunnel->GetReceivingEndPoints(router, local) && m_pushTargets.count(router) != 0)
    {
        OfferPush(address,
                  router,
                  local,
                  it->second.locator,
                  Simulator::GetDelayLeft(it->second.expiry));
    }
}

void
MobilityRouting::SendPush(Told& told, Ipv6Address address, Ipv6Address locator, Time lifetime)
{
    if (told.sequence != 0)
    {
        m_awaited.erase({told.router, told.sequence}); // superseded
    }
    told.timer.Cancel();
    told.locator = locator;
    told.at = Simulator::Now();
    told.until = locator.IsAny() ? Simulator::Now() : Simulator::Now() + lifetime;
    told.waiting = false;
    told.sequence = ++m_pushSequence == 0 ? ++m_pushSequence : m_pushSequence;
    told.sent = 0;
    m_awaited[{told.router, told.sequence}] = address;
    TransmitPush(told, address);
}

void
MobilityRouting::TransmitPush(Told& told, Ipv6Address address)
{
    // The Mobility Header lifetime counts 4 s units (RFC 6275 6.1.7): a live location is
    // rounded up, so that it is not taken for a removal (lifetime 0).
    constexpr int64_t UNIT_MS = 4000;
    constexpr int64_t MAX_MS = 65535 * UNIT_MS;
    int64_t ms = 0;
    if (!told.locator.IsAny())
    {
        const int64_t left = std::max<int64_t>(1, (told.until - Simulator::Now()).GetMilliSeconds());
        ms = std::min(MAX_MS, (left + UNIT_MS - 1) / UNIT_MS * UNIT_MS);
    }
    LocationManagementHeader notify(LocationManagementHeader::LOCATION_NOTIFY);
    notify.SetSequence(told.sequence);
    notify.SetLifetime(MilliSeconds(ms));
    notify.AddOption(HomeNetworkPrefixOption(address, 128));
    if (!told.locator.IsAny())
    {
        notify.AddOption(AlternateCareOfAddressOption(told.locator));
    }
    ++told.sent;
    ++m_pushes;
    NS_LOG_LOGIC("push " << address << " -> " << told.locator << " to " << told.router);
    const Time timeout =
        m_pushTimeout * static_cast<int64_t>(1u << std::min(told.sent - 1, 16u));
    told.timer =
        Simulator::Schedule(timeout, &MobilityRouting::PushTimeout, this, address, told.router);
    m_ipv6->GetObject<MobilityL4Protocol>()->Send(notify, told.local, told.router,
                                                   "mobility routing");
}

void
MobilityRouting::PushTimeout(Ipv6Address address, Ipv6Address router)
{
    Told* told = FindTold(address, router);
    if (!told || told->sequence == 0)
    {
        return;
    }
    if (told->sent > m_maxPushRetransmissions)
    {
        NS_LOG_LOGIC("no ack from " << router << " for " << address << ": push given up");
        ++m_pushesLost;
        m_awaited.erase({router, told->sequence});
        told->sequence = 0;
        return;
    }
    TransmitPush(*told, address);
}

void
MobilityRouting::LocationChanged(Ipv6Address address, Ipv6Address locator, Time lifetime)
{
    auto it = m_told.find(address);
    if (it == m_told.end())
    {
        return;
    }
    const Time now = Simulator::Now();
    auto& list = it->second;
    for (auto t = list.begin(); t != list.end();)
    {
        // A function whose entry ran out learns the location from its next packet via home.
        if (!t->waiting && t->until <= now && t->sequence == 0)
        {
            t = list.erase(t);
            continue;
        }
        const bool changed = t->locator != locator;
        const bool extended = !locator.IsAny() && now + lifetime > t->until + m_pushInterval;
        if ((t->waiting && !locator.IsAny()) ||
            (!t->waiting && (changed || extended) && !(locator.IsAny() && t->locator.IsAny())))
        {
            SendPush(*t, address, locator, lifetime);
        }
        ++t;
    }
    if (locator.IsAny())
    {
        for (Told& t : list)
        {
            if (t.sequence == 0)
            {
                t.timer.Cancel();
            }
        }
        list.erase(std::remove_if(list.begin(),
                                  list.end(),
                                  [](const Told& t) { return t.sequence == 0; }),
                   list.end());
    }
    if (list.empty())
    {
        m_told.erase(it);
    }
}

void
MobilityRouting::HandlePushAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& ack = static_cast<const LocationManagementHeader&>(message);
    auto awaited = m_awaited.find({ip.GetSource(), ack.GetSequence()});
    if (awaited == m_awaited.end())
    {
        return;
    }
    if (Told* told = FindTold(awaited->second, ip.GetSource()))
    {
        told->timer.Cancel();
        told->sequence = 0;
    }
    m_awaited.erase(awaited);
    ++m_pushAcks;
}

int
MobilityRouting::ClaimPushAck(const MobilityHeader& message, const Ipv6Header& ip) const
{
    const auto& ack = static_cast<const LocationManagementHeader&>(message);
    return m_awaited.count({ip.GetSource(), ack.GetSequence()}) != 0 ? 128 : -1;
}

uint64_t
MobilityRouting::GetLocationPushes() const
{
    return m_pushes;
}

uint64_t
MobilityRouting::GetLocationPushAcks() const
{
    return m_pushAcks;
}

uint64_t
MobilityRouting::GetLocationPushesLost() const
{
    return m_pushesLost;
}

void
MobilityRouting::Restart()
{
    NS_LOG_FUNCTION(this);
    for (auto& [address, told] : m_told)
    {
        for (Told& t : told)
        {
            t.timer.Cancel();
        }
    }
    m_told.clear();
    m_awaited.clear();
    m_rewriteRoutes.clear();
    for (auto& [address, detection] : m_detections)
    {
        detection.timer.Cancel(); // the registrations waiting for them went with the restart
    }
    m_detections.clear();
    std::vector<std::pair<Ipv6Address, uint8_t>> followed;
    for (const auto& [binding, entry] : m_followedBindings)
    {
        followed.push_back(binding);
    }
    for (const auto& [prefix, length] : followed)
    {
        FollowedBinding(prefix, length, Ipv6Address::GetAny(), Seconds(0));
    }
    if (m_cache)
    {
        m_cache->Restart();
    }
}

Ptr<LocationCache>
MobilityRouting::GetLocationCache() const
{
    return m_cache;
}

void
MobilityRouting::ForwardToLocation(Ptr<const Packet> p,
                                   const Ipv6Header& header,
                                   const Ipv6Address& remote,
                                   Ipv6Address& local)
{
    Tunnel tunnel{remote, local, 0};
    Forward(p, header, tunnel);
    local = tunnel.local;
    ++m_tunnelled;
}

void
MobilityRouting::ForwardResolved(Ptr<const Packet> p,
                                 const Ipv6Header& header,
                                 LocationCache::Entry& entry)
{
    if (entry.locator.IsAny())
    {
        // A negative answer: routed on unchanged (looked up afresh: a host route may lie
        // within the destination's /64).
        if (Ptr<Ipv6Route> route = RouteTowards(header.GetDestination(), false))
        {
            SendFromHere(p, header, route);
        }
        else
        {
            ++m_unmappable;
        }
        return;
    }
    if (m_rewrite)
    {
        if (m_hostLocators.Longest(entry.locator))
        {
            ++m_unbound; // this node's own locator, without a binding here: stale
            return;
        }
        Rewrite(p, header, entry.locator, UnicastForwardCallback(), nullptr);
        return;
    }
    ForwardToLocation(p, header, entry.locator, entry.local);
}

bool
MobilityRouting::TranslatePrefix(Ipv6Address address,
                                 Ipv6Address to,
                                 uint8_t length,
                                 Ipv6Address& out)
{
    if (length == 0 || length > 64)
    {
        return false;
    }
    uint8_t bytes[16];
    uint8_t prefix[16];
    address.GetBytes(bytes);
    to.GetBytes(prefix);
    const auto word = [](const uint8_t* b, int i) {
        return static_cast<uint32_t>((b[2 * i] << 8) | b[2 * i + 1]);
    };
    const auto add = [](uint32_t a, uint32_t b) {
        const uint32_t sum = a + b;
        return (sum & 0xffff) + (sum >> 16);
    };
    const int words = (length + 15) / 16; // the words the prefix touches
    uint32_t before = 0;
    for (int i = 0; i < words; ++i)
    {
        before = add(before, word(bytes, i));
    }
    const int full = length / 8;
    std::memcpy(bytes, prefix, full);
    if (length % 8 != 0)
    {
        const uint8_t mask = static_cast<uint8_t>(0xff00 >> (length % 8));
        bytes[full] = static_cast<uint8_t>((prefix[full] & mask) | (bytes[full] & ~mask));
    }
    uint32_t after = 0;
    for (int i = 0; i < words; ++i)
    {
        after = add(after, word(bytes, i));
    }
    // RFC 6296 3.6: the word after the prefix (bits 48-63 up to /48, else bits 64-79).
    const int adjusted = length <= 48 ? 3 : 4;
    const uint32_t old = word(bytes, adjusted);
    if (old == 0xffff)
    {
        return false;
    }
    uint32_t value = add(old, add(before, ~after & 0xffff));
    if (value == 0xffff)
    {
        value = 0;
    }
    bytes[2 * adjusted] = static_cast<uint8_t>(value >> 8);
    bytes[2 * adjusted + 1] = static_cast<uint8_t>(value & 0xff);
    out = Ipv6Address(bytes);
    return true;
}

void
MobilityRouting::SetHeaderRewrite(bool rewrite)
{
    m_rewrite = rewrite;
}

void
MobilityRouting::AddHostLocator(Ipv6Address locator, Ipv6Address home)
{
    if (locator.IsAny() || locator.IsMulticast() || home.IsAny() || home.IsMulticast())
    {
        throw std::invalid_argument("MobilityRouting::AddHostLocator: not unicast prefixes");
    }
    const Ipv6Address restored = home.CombinePrefix(Ipv6Prefix(64));
    if (m_hostLocators.Longest(restored) || restored == locator.CombinePrefix(Ipv6Prefix(64)))
    {
        throw std::invalid_argument("MobilityRouting::AddHostLocator: the home prefix lies in "
                                    "a per-host locator");
    }
    *m_hostLocators.Emplace(locator, 64).first = restored;
    // A followed server's binding to this locator's own address, told before the anchor point
    // here took the locator: the address is here.
    std::vector<std::pair<std::pair<Ipv6Address, uint8_t>, Ipv6Address>> here;
    for (const auto& [binding, followed] : m_followedBindings)
    {
        if (IsLocatorAddress(followed.locator) &&
            Ipv6Prefix(64).IsMatch(followed.locator, locator))
        {
            here.emplace_back(binding, followed.locator);
        }
    }
    for (const auto& [binding, own] : here)
    {
        GiveWay(binding.first, binding.second, own);
    }
}

bool
MobilityRouting::RemoveHostLocator(Ipv6Address locator)
{
    return m_hostLocators.Erase(locator, 64);
}

bool
MobilityRouting::IsLocatorAddress(const Ipv6Address& address)
{
    uint8_t bytes[16];
    address.GetBytes(bytes);
    static const uint8_t one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
    return std::memcmp(bytes + 8, one, 8) == 0;
}

uint64_t
MobilityRouting::GetRewrittenPackets() const
{
    return m_rewritten;
}

uint64_t
MobilityRouting::GetRestoredPackets() const
{
    return m_restored;
}

uint64_t
MobilityRouting::GetUnmappablePackets() const
{
    return m_unmappable;
}

Ptr<Ipv6Route>
MobilityRouting::RouteTowards(Ipv6Address destination, bool cache)
{
    const Ipv6Address key = destination.CombinePrefix(Ipv6Prefix(64));
    if (cache && m_tunnel && !m_rewriteRoutes.empty())
    {
        // Routes a dynamic routing protocol changes unheard of are looked up again as the
        // tunnel's are (RouteCacheLifetime).
        const Time lifetime = m_tunnel->GetRouteCacheLifetime();
        if (lifetime.IsStrictlyPositive() && Simulator::Now() - m_rewriteSince >= lifetime)
        {
            m_rewriteRoutes.clear();
        }
    }
    auto it = cache ? m_rewriteRoutes.find(key) : m_rewriteRoutes.end();
    if (it != m_rewriteRoutes.end())
    {
        return it->second;
    }
    if (m_resolving || !m_ipv6 || !m_ipv6->GetRoutingProtocol())
    {
        return nullptr;
    }
    m_resolving = true;
    Ipv6Header probe;
    probe.SetDestination(destination);
    Socket::SocketErrno err;
    Ptr<Ipv6Route> route =
        m_ipv6->GetRoutingProtocol()->RouteOutput(Create<Packet>(), probe, nullptr, err);
    m_resolving = false;
    if (route && m_tunnel && cache)
    {
        // The tunnel's route cache, and this one, are invalidated on every routing change.
        if (m_rewriteRoutes.empty())
        {
            m_rewriteSince = Simulator::Now();
        }
        m_rewriteRoutes.emplace(key, route);
    }
    return route;
}

void
MobilityRouting::Rewrite(Ptr<const Packet> p,
                         const Ipv6Header& header,
                         const Ipv6Address& locator,
                         const UnicastForwardCallback& ucb,
                         Ptr<const NetDevice> idev)
{
    Ipv6Address destination;
    if (!TranslatePrefix(header.GetDestination(), locator, 64, destination))
    {
        ++m_unmappable;
        return;
    }
    Ptr<Ipv6Route> route = RouteTowards(destination);
    if (!route)
    {
        ++m_unmappable;
        return;
    }
    Ipv6Header rewritten = header;
    rewritten.SetDestination(destination);
    ++m_rewritten;
    m_rewriteTrace(header, destination);
    if (!ucb.IsNull())
    {
        ucb(idev, route, p, rewritten); // forwarded: the Hop Limit is decremented there
        return;
    }
    SendFromHere(p, rewritten, route); // a packet that waited here for its location
}

void
MobilityRouting::SendFromHere(Ptr<const Packet> p, const Ipv6Header& header, Ptr<Ipv6Route> route)
{
    Ptr<Ipv6L3Protocol> l3 = m_ipv6->GetObject<Ipv6L3Protocol>();
    if (header.GetHopLimit() <= 1 || !l3)
    {
        ++m_unmappable;
        return;
    }
    // Out again with the packet's own header fields, its Hop Limit decremented.
    Ptr<Packet> copy = p->Copy();
    SocketIpv6HopLimitTag hopLimit;
    hopLimit.SetHopLimit(header.GetHopLimit() - 1);
    copy->ReplacePacketTag(hopLimit);
    SocketIpv6TclassTag tclass;
    tclass.SetTclass(header.GetTrafficClass());
    copy->ReplacePacketTag(tclass);
    l3->Send(copy, header.GetSource(), header.GetDestination(), header.GetNextHeader(), route);
}

void
MobilityRouting::AddSessionAddress(Ipv6Address address)
{
    m_sessionAddresses.insert(address);
}

void
MobilityRouting::RemoveSessionAddress(Ipv6Address address)
{
    m_sessionAddresses.erase(address);
}

uint64_t
MobilityRouting::GetTunnelledPackets() const
{
    return m_tunnelled;
}

uint64_t
MobilityRouting::GetReverseTunnelledPackets() const
{
    return m_reverseTunnelled;
}

Ipv6Address
MobilityRouting::LocalTowards(Ipv6Address remote)
{
    if (m_resolving || !m_ipv6 || !m_ipv6->GetRoutingProtocol())
    {
        return Ipv6Address::GetAny();
    }
    m_resolving = true;
    Ipv6Header probe;
    probe.SetDestination(remote);
    Socket::SocketErrno err;
    Ptr<Ipv6Route> route =
        m_ipv6->GetRoutingProtocol()->RouteOutput(Create<Packet>(), probe, nullptr, err);
    m_resolving = false;
    return route ? route->GetSource() : Ipv6Address::GetAny();
}

bool
MobilityRouting::Forward(Ptr<const Packet> p, const Ipv6Header& header, Tunnel& tunnel)
{
    if (!m_tunnel)
    {
        m_tunnel = m_ipv6->GetObject<Ipv6TunnelL4Protocol>();
        if (!m_tunnel)
        {
            NS_LOG_WARN("MobilityRouting on a node without the ns3-dmm tunnel");
            return false;
        }
    }
    if (tunnel.local.IsAny())
    {
        tunnel.local = LocalTowards(tunnel.remote);
        if (tunnel.local.IsAny())
        {
            return false;
        }
    }
    // RFC 2473 section 3.1: the tunnel entry forwards the original packet, decrementing its
    // Hop Limit, before encapsulating it.
    Ipv6Header inner = header;
    inner.SetHopLimit(header.GetHopLimit() - 1);
    m_tunnelTrace(inner, tunnel.remote);
    // The remote end point bound here too (a regional care-of address of this node's anchor
    // point): the outer packet goes on through that binding's tunnel at once, rather than out
    // along the default route and back.
    Tunnel* next = m_bindings.Empty() || m_nesting >= MAX_NESTING ? nullptr
                                                                  : m_bindings.Longest(tunnel.remote);
    if (next && next != &tunnel && next->remote != tunnel.remote)
    {
        Ipv6Header outer;
        Ptr<Packet> wrapped = m_tunnel->Wrap(p, inner, tunnel.local, tunnel.remote, outer);
        ++m_nesting;
        Forward(wrapped, outer, *next);
        --m_nesting;
        return true;
    }
    m_tunnel->Encapsulate(p, inner, tunnel.local, tunnel.remote);
    return true;
}

bool
MobilityRouting::RouteInput(Ptr<const Packet> p,
                            const Ipv6Header& header,
                            Ptr<const NetDevice> idev,
                            const UnicastForwardCallback& ucb,
                            const MulticastForwardCallback& mcb,
                            const LocalDeliverCallback& lcb,
                            const ErrorCallback& ecb)
{
    const Ipv6Address dst = header.GetDestination();
    if (!m_anycast.empty() && m_anycast.count(dst) != 0)
    {
        const int32_t iif = m_ipv6->GetInterfaceForDevice(idev);
        if (iif >= 0)
        {
            ++m_anycastDeliveries;
            lcb(p, header, iif);
            return true;
        }
    }
    if (dst.IsMulticast() || dst.IsLinkLocal() || header.GetHopLimit() <= 1 ||
        header.GetSource().IsLinkLocal())
    {
        return false;
    }
    const int32_t iif = m_ipv6->GetInterfaceForDevice(idev);
    if (iif < 0 || !m_ipv6->IsForwarding(iif))
    {
        return false;
    }
    if (!m_tunnel)
    {
        m_tunnel = m_ipv6->GetObject<Ipv6TunnelL4Protocol>();
    }
    if (!m_hostLocators.Empty())
    {
        if (const Ipv6Address* home = m_hostLocators.Longest(dst))
        {
            if (header.GetNextHeader() == Ipv6TunnelL4Protocol::PROT_NUMBER &&
                IsLocatorAddress(dst))
            {
                // The locator itself, the care-of address a binding names (a home network's
                // function tunnelling by that binding): the tunnel's exit is here.
                lcb(p, header, iif);
                return true;
            }
            // Egress of header rewrite: the home address back, then on by the bindings.
            Ipv6Address restored;
            if (m_restoring || !TranslatePrefix(dst, *home, 64, restored))
            {
                ++m_unmappable;
                return true;
            }
            ++m_restored;
            Ipv6Header original = header;
            original.SetDestination(restored);
            // On as any packet to the home address (the bindings, the cache), sent from here
            // (the way on may be back out of the interface it came in on: no Redirect).
            m_restoring = true; // a home prefix inside another locator: restored once only
            const bool routed =
                RouteInput(p, original, idev, UnicastForwardCallback(), mcb, lcb, ecb);
            m_restoring = false;
            if (!routed)
            {
                if (Ptr<Ipv6Route> route = RouteTowards(restored))
                {
                    SendFromHere(p, original, route);
                }
                else
                {
                    ++m_unmappable;
                }
            }
            return true;
        }
    }
    if (!m_bindings.Empty())
    {
        if (Tunnel* t = m_bindings.Longest(dst))
        {
            if (!m_pushTargets.empty() && !m_followedBindings.empty())
            {
                OfferFollowedPush(dst);
            }
            if (Forward(p, header, *t))
            {
                ++m_tunnelled;
                return true;
            }
        }
    }
    if (m_cache && (m_attached.Empty() || !m_attached.Longest(dst)))
    {
        LocationCache::Entry* entry = nullptr;
        const LocationCache::Outcome outcome = m_cache->Resolve(p, header, entry);
        Ipv6Address router;
        Ipv6Address local;
        if (!m_pushTargets.empty() && outcome != LocationCache::PASS && m_tunnel &&
            m_tunnel->GetReceivingEndPoints(router, local) && m_pushTargets.count(router) != 0)
        {
            const bool hit = outcome == LocationCache::HIT;
            OfferPush(dst,
                      router,
                      local,
                      hit ? entry->locator : Ipv6Address::GetAny(),
                      hit ? entry->expires - Simulator::Now() : Time(0));
        }
        switch (outcome)
        {
        case LocationCache::HIT:
            if (m_rewrite)
            {
                if (m_hostLocators.Longest(entry->locator))
                {
                    // A location at this node's own locator, without a binding here: the
                    // mobile node left, the entry is stale.
                    ++m_unbound;
                    return true;
                }
                Rewrite(p, header, entry->locator, ucb, idev);
                return true;
            }
            ForwardToLocation(p, header, entry->locator, entry->local);
            return true;
        case LocationCache::HOME:
            ForwardToLocation(p, header, entry->locator, entry->local);
            return true;
        case LocationCache::TAKEN:
            return true;
        case LocationCache::PASS:
            break;
        }
    }
    if (!m_reverse.Empty())
    {
        const bool fromTunnel = m_tunnel && m_tunnel->HasTunnelInterface() &&
                                static_cast<uint32_t>(iif) == m_tunnel->GetTunnelInterface();
        // Only packets from the mobile node's side: its access interface, or the tunnel from
        // the proxy below in a chain, when the entry names it. Without one, a packet from the
        // prefix that arrives decapsulated (it was already at the anchor, and comes back
        // through this node on its way to a correspondent) is forwarded normally.
        Tunnel* t = m_reverse.Longest(header.GetSource());
        if (t && (t->ingress == 0 ? !fromTunnel : t->ingress == static_cast<uint32_t>(iif)))
        {
            if (Forward(p, header, *t))
            {
                ++m_reverseTunnelled;
                return true;
            }
        }
    }
    for (const auto& [prefix, mask] : m_anchored)
    {
        if (mask.IsMatch(dst, prefix))
        {
            // Routed here for want of a binding: no link to deliver it on. (The list routing
            // passes no error callback to its protocols: the packet is consumed, counted.)
            ++m_unbound;
            return true;
        }
    }
    return false;
}

Ptr<Ipv6Route>
MobilityRouting::RouteOutput(Ptr<Packet> p,
                             const Ipv6Header& header,
                             Ptr<NetDevice> oif,
                             Socket::SocketErrno& sockerr)
{
    if ((m_homeAddress.IsAny() && m_sessionAddresses.empty()) || m_resolving)
    {
        return nullptr;
    }
    const Ipv6Address dst = header.GetDestination();
    const Ipv6Address src = header.GetSource();
    const bool regional = !m_regionalAddress.IsAny() && src == m_regionalAddress;
    const bool session = !m_sessionAddresses.empty() && m_sessionAddresses.count(src) != 0;
    if (dst.IsMulticast() || dst.IsLinkLocal() || dst.IsLocalhost() ||
        !((src.IsAny() && !m_homeAddress.IsAny()) || src == m_homeAddress || regional ||
          session))
    {
        return nullptr;
    }
    if (!m_tunnel)
    {
        m_tunnel = m_ipv6->GetObject<Ipv6TunnelL4Protocol>();
    }
    if (!m_tunnel || !m_tunnel->HasTunnelInterface())
    {
        return nullptr;
    }
    Ptr<Ipv6Route> route = Create<Ipv6Route>();
    route->SetDestination(dst);
    route->SetSource(src.IsAny() ? m_homeAddress : src);
    route->SetGateway(Ipv6Address::GetAny());
    route->SetOutputDevice(m_tunnel->GetTunnelDevice());
    sockerr = Socket::ERROR_NOTERROR;
    return route;
}

void
MobilityRouting::NotifyInterfaceUp(uint32_t interface)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::NotifyInterfaceDown(uint32_t interface)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::NotifyAddRoute(Ipv6Address dst,
                                Ipv6Prefix mask,
                                Ipv6Address nextHop,
                                uint32_t interface,
                                Ipv6Address prefixToUse)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::NotifyRemoveRoute(Ipv6Address dst,
                                   Ipv6Prefix mask,
                                   Ipv6Address nextHop,
                                   uint32_t interface,
                                   Ipv6Address prefixToUse)
{
    InvalidateTunnelRoutes();
}

void
MobilityRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "MobilityRouting bindings:\n";
    m_bindings.ForEach([&os](const Ipv6Address& prefix, uint8_t length, const Tunnel& t) {
        os << "  " << prefix << "/" << +length << " -> " << t.remote << "\n";
    });
    os << "MobilityRouting reverse tunnels:\n";
    m_reverse.ForEach([&os](const Ipv6Address& prefix, uint8_t length, const Tunnel& t) {
        os << "  from " << prefix << "/" << +length << " -> " << t.remote << "\n";
    });
    if (!m_homeAddress.IsAny())
    {
        os << "  home address " << m_homeAddress << " through the tunnel\n";
    }
    if (!m_regionalAddress.IsAny())
    {
        os << "  regional care-of address " << m_regionalAddress << " through the tunnel\n";
    }
    for (const auto& address : m_sessionAddresses)
    {
        os << "  session address " << address << " through the tunnel\n";
    }
}

} // namespace dmm
} // namespace ns3
