/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "path-length-probe.h"

#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("PathLengthProbe");

NS_OBJECT_ENSURE_REGISTERED(PathLengthProbe);

namespace
{
constexpr uint8_t UDP_PROTOCOL = 17;
/// IPv6 Next Header of a Routing header
constexpr uint8_t ROUTING_PROTOCOL = 43;
/// IPv6 Next Header of a Destination Options header
constexpr uint8_t DESTINATION_OPTIONS_PROTOCOL = 60;
constexpr uint8_t MOBILITY_HEADER_PROTOCOL = 135;
constexpr uint8_t IPV6_IN_IPV6_PROTOCOL = 41;
constexpr uint32_t IPV6_HEADER_LENGTH = 40;
} // namespace

TypeId
PathLengthProbe::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::PathLengthProbe")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<PathLengthProbe>()
            .AddAttribute("MaxFollowed",
                          "Most packets followed at once; beyond it, packets never delivered "
                          "are forgotten (all of them, the next time the bound is reached).",
                          UintegerValue(1u << 20),
                          MakeUintegerAccessor(&PathLengthProbe::m_maxFollowed),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

PathLengthProbe::PathLengthProbe()
{
    NS_LOG_FUNCTION(this);
}

PathLengthProbe::~PathLengthProbe()
{
    NS_LOG_FUNCTION(this);
}

void
PathLengthProbe::DoDispose()
{
    m_hops.clear();
    m_waypointBit.clear();
    m_waypoints.clear();
    Object::DoDispose();
}

void
PathLengthProbe::Install(Ptr<Node> node)
{
    if (!node)
    {
        throw std::invalid_argument("PathLengthProbe::Install: null node");
    }
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    if (!ipv6)
    {
        throw std::invalid_argument("PathLengthProbe::Install: the node has no IPv6 stack");
    }
    if (!m_installed.insert(node->GetId()).second)
    {
        return;
    }
    ipv6->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&PathLengthProbe::Transmitted, this).Bind(node->GetId()));
}

void
PathLengthProbe::TrackUdp(Ptr<Node> source, uint16_t destinationPort)
{
    if (!source || m_installed.count(source->GetId()) == 0)
    {
        throw std::invalid_argument("PathLengthProbe::TrackUdp: install the source node first");
    }
    m_tracked.insert({source->GetId(), destinationPort});
    m_sources.insert(source->GetId());
}

void
PathLengthProbe::TrackMobilityHeaders()
{
    m_mobilityHeaders = true;
}

int32_t
PathLengthProbe::TakeHops(uint64_t uid)
{
    return TakePath(uid).hops;
}

uint32_t
PathLengthProbe::AddWaypoint(Ptr<Node> node)
{
    if (!node || m_installed.count(node->GetId()) == 0)
    {
        throw std::invalid_argument("PathLengthProbe::AddWaypoint: install the node first");
    }
    const uint32_t id = node->GetId();
    auto known = std::find(m_waypoints.begin(), m_waypoints.end(), id);
    if (known != m_waypoints.end())
    {
        return static_cast<uint32_t>(known - m_waypoints.begin());
    }
    if (m_waypoints.size() >= 64)
    {
        throw std::invalid_argument("PathLengthProbe::AddWaypoint: 64 waypoints at most");
    }
    if (m_waypointBit.size() <= id)
    {
        m_waypointBit.resize(id + 1, 0);
    }
    m_waypointBit[id] = uint64_t{1} << m_waypoints.size();
    m_waypoints.push_back(id);
    return static_cast<uint32_t>(m_waypoints.size() - 1);
}

std::vector<uint32_t>
PathLengthProbe::GetWaypoints() const
{
    return m_waypoints;
}

PathLengthProbe::Path
PathLengthProbe::TakePath(uint64_t uid)
{
    auto it = m_hops.find(uid);
    if (it == m_hops.end())
    {
        return Path{};
    }
    const Path path{it->second.hops,
                    it->second.waypoints,
                    it->second.tunnelled,
                    it->second.octets};
    m_hops.erase(it);
    return path;
}

uint32_t
PathLengthProbe::GetNFollowed() const
{
    return static_cast<uint32_t>(m_hops.size());
}

bool
PathLengthProbe::IsTracked(uint32_t nodeId, Ptr<const Packet> packet) const
{
    // The IPv6 header, a route-optimised packet's Type 2 Routing header or Home Address
    // option (24 octets, RFC 6275 6.3, 6.4), and the upper-layer header's first 4 octets.
    uint8_t head[IPV6_HEADER_LENGTH + 24 + 4];
    const uint32_t got = packet->CopyData(head, sizeof(head));
    if (got < IPV6_HEADER_LENGTH + 4 || (head[0] >> 4) != 6)
    {
        return false;
    }
    uint8_t next = head[6];
    uint32_t at = IPV6_HEADER_LENGTH;
    if ((next == ROUTING_PROTOCOL || next == DESTINATION_OPTIONS_PROTOCOL) &&
        got == sizeof(head) && head[at + 1] == 2)
    {
        next = head[at];
        at += 24;
    }
    if (next == MOBILITY_HEADER_PROTOCOL)
    {
        return m_mobilityHeaders;
    }
    if (next != UDP_PROTOCOL || m_sources.count(nodeId) == 0)
    {
        return false;
    }
    const uint16_t port = static_cast<uint16_t>((head[at + 2] << 8) | head[at + 3]);
    return m_tracked.count({nodeId, port}) > 0;
}

void
PathLengthProbe::Transmitted(uint32_t nodeId,
                             Ptr<const Packet> packet,
                             Ptr<Ipv6> ipv6,
                             uint32_t iface)
{
    const uint64_t uid = packet->GetUid();
    auto it = m_hops.find(uid);
    if (it == m_hops.end())
    {
        if ((!m_mobilityHeaders && m_sources.count(nodeId) == 0) || !IsTracked(nodeId, packet))
        {
            return;
        }
        if (m_hops.size() >= m_maxFollowed)
        {
            NS_LOG_LOGIC("forgetting " << m_hops.size() << " undelivered packets");
            m_hops.clear();
        }
        it = m_hops.emplace(uid, Followed{}).first;
    }
    Ptr<NetDevice> device = ipv6->GetNetDevice(iface);
    if (DynamicCast<VirtualNetDevice>(device) || DynamicCast<LoopbackNetDevice>(device))
    {
        return;
    }
    Followed& followed = it->second;
    ++followed.hops;
    followed.octets += packet->GetSize(); // the IPv6 packet as sent, outer headers included
    if (nodeId < m_waypointBit.size())
    {
        followed.waypoints |= m_waypointBit[nodeId];
    }
    if (!followed.tunnelled)
    {
        uint8_t head[7];
        followed.tunnelled = packet->CopyData(head, sizeof(head)) == sizeof(head) &&
                             head[6] == IPV6_IN_IPV6_PROTOCOL;
    }
}

} // namespace dmm
} // namespace ns3
