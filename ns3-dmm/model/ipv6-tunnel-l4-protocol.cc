/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv6-tunnel-l4-protocol.h"

#include "inner-byte-tags.h"

#include "ns3/boolean.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("Ipv6TunnelL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(Ipv6TunnelL4Protocol);

namespace
{
constexpr uint32_t IPV6_HEADER_LENGTH = 40;
} // namespace

TypeId
Ipv6TunnelL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::Ipv6TunnelL4Protocol")
            .SetParent<IpL4Protocol>()
            .SetGroupName("Dmm")
            .AddConstructor<Ipv6TunnelL4Protocol>()
            .AddAttribute("TunnelHopLimit",
                          "Hop Limit of the outer header (RFC 2473 section 6.3: the default "
                          "Hop Limit of the node, 64).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&Ipv6TunnelL4Protocol::m_tunnelHopLimit),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("TunnelMtu",
                          "MTU of the tunnel interface: the link MTU less the 40-octet outer "
                          "header (RFC 2473 section 6.7); at least the IPv6 minimum of 1280.",
                          UintegerValue(1460),
                          MakeUintegerAccessor(&Ipv6TunnelL4Protocol::SetTunnelMtu,
                                               &Ipv6TunnelL4Protocol::GetTunnelMtu),
                          MakeUintegerChecker<uint16_t>(1280))
            .AddAttribute("RequireKnownPeer",
                          "Decapsulate only packets whose outer source is a remote end point "
                          "of a tunnel route, an added peer (AddPeer) or a tunnel of the "
                          "node's mobility routing function (a binding's locator, a reverse "
                          "tunnel's anchor, a location cache entry's locator); others are "
                          "dropped and counted (DROP_UNKNOWN_PEER). The ns3dmm deploy adds "
                          "as peers the addresses of the nodes hosting the placement's "
                          "mobility elements.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Ipv6TunnelL4Protocol::m_requireKnownPeer),
                          MakeBooleanChecker())
            .AddAttribute("TunnelForwarding",
                          "Turn IPv6 forwarding on for the tunnel interface, so decapsulated "
                          "packets not addressed to the node are forwarded (routers, anchors).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Ipv6TunnelL4Protocol::m_tunnelForwarding),
                          MakeBooleanChecker())
            .AddAttribute("RouteCacheLifetime",
                          "How long cached outer routes are used at most (0: until the node's "
                          "mobility routing function hears of a routing change). A dynamic "
                          "routing protocol changes routes it is not told of: ns3dmm sets its "
                          "update interval here on the nodes that run RIPng.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&Ipv6TunnelL4Protocol::m_routeCacheLifetime),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Encapsulate",
                            "A packet enters the tunnel.",
                            MakeTraceSourceAccessor(&Ipv6TunnelL4Protocol::m_encapTrace),
                            "ns3::dmm::Ipv6TunnelL4Protocol::TunnelTracedCallback")
            .AddTraceSource("Decapsulate",
                            "A packet leaves the tunnel.",
                            MakeTraceSourceAccessor(&Ipv6TunnelL4Protocol::m_decapTrace),
                            "ns3::dmm::Ipv6TunnelL4Protocol::TunnelTracedCallback")
            .AddTraceSource("Drop",
                            "A packet is not tunnelled or not decapsulated, with the reason.",
                            MakeTraceSourceAccessor(&Ipv6TunnelL4Protocol::m_dropTrace),
                            "ns3::dmm::Ipv6TunnelL4Protocol::DropTracedCallback");
    return tid;
}

Ipv6TunnelL4Protocol::Ipv6TunnelL4Protocol()
    : m_tunnelHopLimit(64),
      m_tunnelMtu(1460),
      m_requireKnownPeer(true),
      m_tunnelForwarding(false)
{
    NS_LOG_FUNCTION(this);
}

Ipv6TunnelL4Protocol::~Ipv6TunnelL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
Ipv6TunnelL4Protocol::SetNode(Ptr<Node> node)
{
    m_node = node;
}

void
Ipv6TunnelL4Protocol::NotifyNewAggregate()
{
    NS_LOG_FUNCTION(this);
    Ptr<Node> node = GetObject<Node>();
    Ptr<Ipv6> ipv6 = GetObject<Ipv6>();
    if (!m_node && node)
    {
        SetNode(node);
    }
    if (ipv6 && m_downTarget6.IsNull())
    {
        ipv6->Insert(this);
        SetDownTarget6(MakeCallback(&Ipv6::Send, ipv6));
    }
    IpL4Protocol::NotifyNewAggregate();
}

void
Ipv6TunnelL4Protocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_device)
    {
        // Packets still routed to the device after disposal are refused, not crashed on.
        m_device->SetSendCallback(VirtualNetDevice::SendCallback(
            [](Ptr<Packet>, const Address&, const Address&, uint16_t) { return false; }));
    }
    m_device = nullptr;
    m_node = nullptr;
    m_routes.clear();
    m_routeRemotes.clear();
    m_peerCheck = Callback<bool, Ipv6Address>();
    m_routeCache.clear();
    m_downTarget6 = IpL4Protocol::DownTargetCallback6();
    IpL4Protocol::DoDispose();
}

uint32_t
Ipv6TunnelL4Protocol::CreateTunnelInterface()
{
    NS_LOG_FUNCTION(this);
    if (m_interface >= 0)
    {
        return static_cast<uint32_t>(m_interface);
    }
    Ptr<Ipv6> ipv6 = m_node ? m_node->GetObject<Ipv6>() : nullptr;
    if (!ipv6)
    {
        throw std::logic_error("Ipv6TunnelL4Protocol::CreateTunnelInterface: the node has no "
                               "IPv6 stack; install the Internet stack first");
    }
    m_device = CreateObject<VirtualNetDevice>();
    m_device->SetAddress(Mac48Address::Allocate());
    m_device->SetNeedsArp(false);
    m_device->SetSupportsSendFrom(false);
    m_device->SetIsPointToPoint(true);
    m_device->SetMtu(m_tunnelMtu);
    m_device->SetSendCallback(MakeCallback(&Ipv6TunnelL4Protocol::DeviceSend, this));
    m_node->AddDevice(m_device);
    m_interface = static_cast<int32_t>(ipv6->AddInterface(m_device));
    ipv6->SetForwarding(m_interface, m_tunnelForwarding);
    ipv6->SetUp(m_interface);
    return static_cast<uint32_t>(m_interface);
}

bool
Ipv6TunnelL4Protocol::HasTunnelInterface() const
{
    return m_interface >= 0;
}

uint32_t
Ipv6TunnelL4Protocol::GetTunnelInterface() const
{
    if (m_interface < 0)
    {
        throw std::logic_error("Ipv6TunnelL4Protocol: the node has no tunnel interface");
    }
    return static_cast<uint32_t>(m_interface);
}

Ptr<VirtualNetDevice>
Ipv6TunnelL4Protocol::GetTunnelDevice() const
{
    return m_device;
}

void
Ipv6TunnelL4Protocol::AddTunnelRoute(Ipv6Address network,
                                     Ipv6Prefix prefix,
                                     Ipv6Address local,
                                     Ipv6Address remote,
                                     bool matchSource)
{
    NS_LOG_FUNCTION(this << network << prefix << local << remote << matchSource);
    if (remote.IsAny() || remote.IsMulticast())
    {
        throw std::invalid_argument("Ipv6TunnelL4Protocol::AddTunnelRoute: the remote end "
                                    "point must be a unicast address");
    }
    if (local.IsAny() || local.IsMulticast())
    {
        throw std::invalid_argument("Ipv6TunnelL4Protocol::AddTunnelRoute: the local end "
                                    "point must be one of the node's unicast addresses "
                                    "(RFC 2473 section 3: the outer source is the tunnel entry)");
    }
    RemoveTunnelRoute(network, prefix, matchSource);
    m_routes.push_back({network.CombinePrefix(prefix), prefix, local, remote, matchSource});
    ++m_routeRemotes[remote];
}

bool
Ipv6TunnelL4Protocol::RemoveTunnelRoute(Ipv6Address network, Ipv6Prefix prefix, bool matchSource)
{
    Ipv6Address net = network.CombinePrefix(prefix);
    auto it = std::find_if(m_routes.begin(), m_routes.end(), [&](const TunnelRoute& r) {
        return r.network == net && r.prefix == prefix && r.matchSource == matchSource;
    });
    if (it == m_routes.end())
    {
        return false;
    }
    auto remote = m_routeRemotes.find(it->remote);
    if (remote != m_routeRemotes.end() && --remote->second == 0)
    {
        m_routeRemotes.erase(remote);
    }
    m_routes.erase(it);
    return true;
}

uint32_t
Ipv6TunnelL4Protocol::GetNTunnelRoutes() const
{
    return static_cast<uint32_t>(m_routes.size());
}

void
Ipv6TunnelL4Protocol::EnableRouteCache()
{
    m_routeCacheEnabled = true;
}

Time
Ipv6TunnelL4Protocol::GetRouteCacheLifetime() const
{
    return m_routeCacheLifetime;
}

void
Ipv6TunnelL4Protocol::InvalidateRouteCache()
{
    m_routeCache.clear();
    m_routeCacheSince = Simulator::Now();
}

void
Ipv6TunnelL4Protocol::AddPeer(Ipv6Address remote)
{
    ++m_peers[remote];
}

void
Ipv6TunnelL4Protocol::RemovePeer(Ipv6Address remote)
{
    auto it = m_peers.find(remote);
    if (it != m_peers.end() && --it->second == 0)
    {
        m_peers.erase(it);
    }
}

void
Ipv6TunnelL4Protocol::SetPeerCheck(Callback<bool, Ipv6Address> check)
{
    m_peerCheck = check;
}

void
Ipv6TunnelL4Protocol::SetTunnelMtu(uint16_t mtu)
{
    m_tunnelMtu = mtu;
    if (m_device)
    {
        m_device->SetMtu(mtu); // the IPv6 interface reads its device's MTU
    }
}

uint16_t
Ipv6TunnelL4Protocol::GetTunnelMtu() const
{
    return m_tunnelMtu;
}

bool
Ipv6TunnelL4Protocol::DeviceSend(Ptr<Packet> packet,
                                 const Address& source,
                                 const Address& dest,
                                 uint16_t proto)
{
    Ipv6Header inner;
    packet->PeekHeader(inner);
    const Ipv6Address dst = inner.GetDestination();
    if (dst.IsLinkLocal() || dst.IsLinkLocalMulticast() || dst.IsAllNodesMulticast() ||
        dst.IsAllRoutersMulticast() || dst.IsSolicitedMulticast())
    {
        // Neighbour discovery and MLD that the stack sends on every interface: the tunnel
        // is not a link with neighbours.
        Drop(packet, DROP_LINK_SCOPE);
        return false;
    }
    const TunnelRoute* best = nullptr;
    uint8_t bestLength = 0;
    // Longest prefix on the inner destination first, then on the inner source.
    for (bool bySource : {false, true})
    {
        for (const auto& r : m_routes)
        {
            if (r.matchSource != bySource)
            {
                continue;
            }
            Ipv6Address key = bySource ? inner.GetSource() : inner.GetDestination();
            if (r.prefix.IsMatch(key, r.network) &&
                (!best || r.prefix.GetPrefixLength() > bestLength))
            {
                best = &r;
                bestLength = r.prefix.GetPrefixLength();
            }
        }
        if (best)
        {
            break;
        }
    }
    if (!best)
    {
        Drop(packet, DROP_NO_TUNNEL);
        return false;
    }
    const std::size_t index = static_cast<std::size_t>(best - m_routes.data());
    if (std::find(m_active.begin(), m_active.end(), index) != m_active.end())
    {
        // The outer packet of a packet being encapsulated came back to the same tunnel.
        Drop(packet, DROP_LOOP);
        return false;
    }
    const Ipv6Address local = best->local;
    const Ipv6Address remote = best->remote;
    m_active.push_back(index);
    SendEncapsulated(packet, local, remote);
    m_active.pop_back();
    return true;
}

void
Ipv6TunnelL4Protocol::Encapsulate(Ptr<const Packet> payload,
                                  const Ipv6Header& innerHeader,
                                  Ipv6Address local,
                                  Ipv6Address remote)
{
    NS_LOG_FUNCTION(this << payload << local << remote);
    Ptr<Packet> inner = payload->Copy();
    inner->AddHeader(innerHeader);
    SendEncapsulated(inner, local, remote);
}

Ptr<Packet>
Ipv6TunnelL4Protocol::Wrap(Ptr<const Packet> payload,
                           const Ipv6Header& innerHeader,
                           Ipv6Address local,
                           Ipv6Address remote,
                           Ipv6Header& outer)
{
    NS_LOG_FUNCTION(this << payload << local << remote);
    Ptr<Packet> inner = payload->Copy();
    inner->AddHeader(innerHeader);
    ++m_encapsulated;
    m_overheadBytes += IPV6_HEADER_LENGTH;
    m_encapTrace(inner, local, remote);
    InnerByteTags::Hide(inner);
    outer = Ipv6Header();
    outer.SetSource(local);
    outer.SetDestination(remote);
    outer.SetNextHeader(PROT_NUMBER);
    outer.SetHopLimit(m_tunnelHopLimit);
    outer.SetPayloadLength(inner->GetSize());
    return inner;
}

void
Ipv6TunnelL4Protocol::SendEncapsulated(Ptr<Packet> inner, Ipv6Address local, Ipv6Address remote)
{
    if (m_downTarget6.IsNull())
    {
        Drop(inner, DROP_NO_ROUTE);
        return;
    }
    ++m_encapsulated;
    m_overheadBytes += IPV6_HEADER_LENGTH;
    m_encapTrace(inner, local, remote);
    InnerByteTags::Hide(inner);
    SocketIpv6HopLimitTag hopLimit;
    inner->RemovePacketTag(hopLimit);
    hopLimit.SetHopLimit(m_tunnelHopLimit);
    inner->AddPacketTag(hopLimit);
    Ptr<Ipv6Route> route;
    if (m_routeCacheEnabled)
    {
        if (m_routeCacheLifetime.IsStrictlyPositive() &&
            Simulator::Now() - m_routeCacheSince >= m_routeCacheLifetime)
        {
            InvalidateRouteCache();
        }
        auto& cached = m_routeCache[{local, remote}];
        if (!cached)
        {
            Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
            Ipv6Header probe;
            probe.SetSource(local);
            probe.SetDestination(remote);
            probe.SetNextHeader(PROT_NUMBER);
            Socket::SocketErrno err;
            cached = ipv6->GetRoutingProtocol()->RouteOutput(inner, probe, nullptr, err);
            if (cached && cached->GetOutputDevice() == m_device)
            {
                cached = nullptr; // would enter the tunnel again: let DeviceSend's guard see it
            }
        }
        route = cached;
    }
    m_downTarget6(inner, local, remote, PROT_NUMBER, route);
}

IpL4Protocol::RxStatus
Ipv6TunnelL4Protocol::Receive(Ptr<Packet> p,
                              const Ipv4Header& header,
                              Ptr<Ipv4Interface> incomingInterface)
{
    return IpL4Protocol::RX_ENDPOINT_UNREACH;
}

IpL4Protocol::RxStatus
Ipv6TunnelL4Protocol::Receive(Ptr<Packet> p,
                              const Ipv6Header& header,
                              Ptr<Ipv6Interface> incomingInterface)
{
    NS_LOG_FUNCTION(this << p << header.GetSource() << header.GetDestination());
    uint8_t fixed[IPV6_HEADER_LENGTH];
    const uint32_t size = p->GetSize();
    if (size < IPV6_HEADER_LENGTH || p->CopyData(fixed, IPV6_HEADER_LENGTH) < IPV6_HEADER_LENGTH ||
        (fixed[0] >> 4) != 6)
    {
        Drop(p, DROP_MALFORMED_INNER);
        return IpL4Protocol::RX_OK;
    }
    const uint32_t payloadLength = (static_cast<uint32_t>(fixed[4]) << 8) | fixed[5];
    if (IPV6_HEADER_LENGTH + payloadLength > size)
    {
        Drop(p, DROP_MALFORMED_INNER);
        return IpL4Protocol::RX_OK;
    }
    if (m_requireKnownPeer && m_peers.count(header.GetSource()) == 0 &&
        m_routeRemotes.count(header.GetSource()) == 0 &&
        (m_peerCheck.IsNull() || !m_peerCheck(header.GetSource())))
    {
        NS_LOG_LOGIC("outer source " << header.GetSource() << " is no tunnel peer");
        Drop(p, DROP_UNKNOWN_PEER);
        return IpL4Protocol::RX_OK;
    }
    if (!m_device)
    {
        Drop(p, DROP_NO_INTERFACE);
        return IpL4Protocol::RX_OK;
    }
    // The packet is this protocol's own copy (Ipv6L3Protocol::LocalDeliver copies it).
    Ptr<Packet> inner = p;
    if (size > IPV6_HEADER_LENGTH + payloadLength)
    {
        inner->RemoveAtEnd(size - IPV6_HEADER_LENGTH - payloadLength);
    }
    InnerByteTags::Restore(inner);
    ++m_decapsulated;
    m_decapTrace(inner, header.GetDestination(), header.GetSource());
    SyncForwarding();
    const Ipv6Header* enclosing = m_receiving;
    m_receiving = &header;
    m_device->Receive(inner,
                      Ipv6L3Protocol::PROT_NUMBER,
                      m_device->GetAddress(),
                      m_device->GetAddress(),
                      NetDevice::PACKET_HOST);
    m_receiving = enclosing;
    return IpL4Protocol::RX_OK;
}

bool
Ipv6TunnelL4Protocol::GetReceivingEndPoints(Ipv6Address& remote, Ipv6Address& local) const
{
    if (!m_receiving)
    {
        return false;
    }
    remote = m_receiving->GetSource();
    local = m_receiving->GetDestination();
    return true;
}

void
Ipv6TunnelL4Protocol::SyncForwarding()
{
    Ptr<Ipv6> ipv6 = m_node ? m_node->GetObject<Ipv6>() : nullptr;
    if (!ipv6 || m_interface < 0 || ipv6->IsForwarding(m_interface))
    {
        return;
    }
    bool router = m_tunnelForwarding;
    for (uint32_t i = 0; i < ipv6->GetNInterfaces() && !router; ++i)
    {
        router = static_cast<int32_t>(i) != m_interface && ipv6->IsForwarding(i) &&
                 i != 0; // the loopback interface forwards on every node
    }
    if (router)
    {
        ipv6->SetForwarding(m_interface, true);
    }
}

void
Ipv6TunnelL4Protocol::Drop(Ptr<const Packet> p, DropReason reason)
{
    NS_LOG_LOGIC("drop: " << GetDropReasonName(reason));
    ++m_dropCount[reason];
    m_dropTrace(p, reason);
}

uint64_t
Ipv6TunnelL4Protocol::GetEncapsulatedPackets() const
{
    return m_encapsulated;
}

uint64_t
Ipv6TunnelL4Protocol::GetDecapsulatedPackets() const
{
    return m_decapsulated;
}

uint64_t
Ipv6TunnelL4Protocol::GetOverheadBytes() const
{
    return m_overheadBytes;
}

uint64_t
Ipv6TunnelL4Protocol::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_dropCount[reason] : 0;
}

std::string
Ipv6TunnelL4Protocol::GetDropReasonName(DropReason reason)
{
    switch (reason)
    {
    case DROP_MALFORMED_INNER:
        return "malformed inner packet";
    case DROP_UNKNOWN_PEER:
        return "unknown peer";
    case DROP_NO_TUNNEL:
        return "no tunnel route";
    case DROP_NO_INTERFACE:
        return "no tunnel interface";
    case DROP_LINK_SCOPE:
        return "link-scope traffic on the tunnel interface";
    case DROP_LOOP:
        return "tunnel loop";
    case DROP_NO_ROUTE:
        return "no IPv6 stack";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown";
}

int
Ipv6TunnelL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

void
Ipv6TunnelL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
}

void
Ipv6TunnelL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
Ipv6TunnelL4Protocol::GetDownTarget() const
{
    return IpL4Protocol::DownTargetCallback();
}

IpL4Protocol::DownTargetCallback6
Ipv6TunnelL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace dmm
} // namespace ns3
