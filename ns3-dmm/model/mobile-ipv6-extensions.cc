/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobile-ipv6-extensions.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("DmmMobileIpv6Extensions");

NS_OBJECT_ENSURE_REGISTERED(Type2RoutingHeader);
NS_OBJECT_ENSURE_REGISTERED(HomeAddressOptionHeader);
NS_OBJECT_ENSURE_REGISTERED(Type2RoutingExtension);
NS_OBJECT_ENSURE_REGISTERED(HomeAddressExtension);

TypeId
Type2RoutingHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::Type2RoutingHeader")
                            .SetParent<Header>()
                            .SetGroupName("Dmm")
                            .AddConstructor<Type2RoutingHeader>();
    return tid;
}

TypeId
Type2RoutingHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

Type2RoutingHeader::Type2RoutingHeader() = default;

Type2RoutingHeader::Type2RoutingHeader(uint8_t nextHeader, Ipv6Address home)
    : m_nextHeader(nextHeader),
      m_home(home)
{
}

void
Type2RoutingHeader::SetNextHeader(uint8_t nextHeader)
{
    m_nextHeader = nextHeader;
}

uint8_t
Type2RoutingHeader::GetNextHeader() const
{
    return m_nextHeader;
}

void
Type2RoutingHeader::SetHomeAddress(Ipv6Address home)
{
    m_home = home;
}

Ipv6Address
Type2RoutingHeader::GetHomeAddress() const
{
    return m_home;
}

void
Type2RoutingHeader::SetSegmentsLeft(uint8_t left)
{
    m_segmentsLeft = left;
}

uint8_t
Type2RoutingHeader::GetSegmentsLeft() const
{
    return m_segmentsLeft;
}

bool
Type2RoutingHeader::IsWellFormed() const
{
    return m_length == 2 && m_type == ROUTING_TYPE;
}

uint32_t
Type2RoutingHeader::GetSerializedSize() const
{
    return LENGTH;
}

void
Type2RoutingHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_nextHeader);
    start.WriteU8(2); // Hdr Ext Len: 8-octet units after the first 8
    start.WriteU8(ROUTING_TYPE);
    start.WriteU8(m_segmentsLeft);
    start.WriteHtonU32(0); // Reserved
    uint8_t bytes[16];
    m_home.GetBytes(bytes);
    start.Write(bytes, 16);
}

uint32_t
Type2RoutingHeader::Deserialize(Buffer::Iterator start)
{
    m_nextHeader = start.ReadU8();
    m_length = start.ReadU8();
    m_type = start.ReadU8();
    m_segmentsLeft = start.ReadU8();
    start.ReadNtohU32();
    uint8_t bytes[16];
    start.Read(bytes, 16);
    m_home = Ipv6Address(bytes);
    return LENGTH;
}

void
Type2RoutingHeader::Print(std::ostream& os) const
{
    os << "Type 2 Routing (next header " << +m_nextHeader << ", segments left "
       << +m_segmentsLeft << ", home address " << m_home << ")";
}

TypeId
HomeAddressOptionHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::HomeAddressOptionHeader")
                            .SetParent<Header>()
                            .SetGroupName("Dmm")
                            .AddConstructor<HomeAddressOptionHeader>();
    return tid;
}

TypeId
HomeAddressOptionHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

HomeAddressOptionHeader::HomeAddressOptionHeader() = default;

HomeAddressOptionHeader::HomeAddressOptionHeader(uint8_t nextHeader, Ipv6Address home)
    : m_nextHeader(nextHeader),
      m_home(home)
{
}

void
HomeAddressOptionHeader::SetNextHeader(uint8_t nextHeader)
{
    m_nextHeader = nextHeader;
}

uint8_t
HomeAddressOptionHeader::GetNextHeader() const
{
    return m_nextHeader;
}

void
HomeAddressOptionHeader::SetHomeAddress(Ipv6Address home)
{
    m_home = home;
}

Ipv6Address
HomeAddressOptionHeader::GetHomeAddress() const
{
    return m_home;
}

uint32_t
HomeAddressOptionHeader::GetSerializedSize() const
{
    return LENGTH;
}

void
HomeAddressOptionHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_nextHeader);
    start.WriteU8(2); // Hdr Ext Len
    start.WriteU8(1); // PadN of four octets (two of data): the option at 8n+6 (RFC 6275 6.3)
    start.WriteU8(2);
    start.WriteU16(0);
    start.WriteU8(OPTION_TYPE);
    start.WriteU8(16);
    uint8_t bytes[16];
    m_home.GetBytes(bytes);
    start.Write(bytes, 16);
}

uint32_t
HomeAddressOptionHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t data[LENGTH];
    start.Read(data, LENGTH);
    m_nextHeader = data[0];
    Ipv6Address home;
    m_home = Find(data, LENGTH, home) == 1 ? home : Ipv6Address::GetAny();
    return LENGTH;
}

void
HomeAddressOptionHeader::Print(std::ostream& os) const
{
    os << "Destination Options (next header " << +m_nextHeader << ", Home Address " << m_home
       << ")";
}

int
HomeAddressOptionHeader::Find(const uint8_t* data, uint32_t length, Ipv6Address& home)
{
    int found = 0;
    uint32_t k = 2; // after Next Header and Hdr Ext Len
    while (k < length)
    {
        const uint8_t type = data[k];
        if (type == 0) // Pad1
        {
            ++k;
            continue;
        }
        if (k + 2 > length || k + 2 + data[k + 1] > length)
        {
            return -1;
        }
        const uint8_t optionLength = data[k + 1];
        if (type == OPTION_TYPE)
        {
            if (optionLength != 16 || found != 0)
            {
                return -1; // RFC 6275 6.3: one option of 16 octets
            }
            uint8_t bytes[16];
            std::copy(data + k + 2, data + k + 18, bytes);
            home = Ipv6Address(bytes);
            found = 1;
        }
        k += 2 + optionLength;
    }
    return found;
}

std::map<uint8_t, IpL4Protocol::DownTargetCallback6>
InterceptTransports(Ptr<Ipv6> ipv6, IpL4Protocol::DownTargetCallback6 output)
{
    std::map<uint8_t, IpL4Protocol::DownTargetCallback6> previous;
    for (uint8_t protocol : {UdpL4Protocol::PROT_NUMBER, TcpL4Protocol::PROT_NUMBER})
    {
        if (Ptr<IpL4Protocol> l4 = ipv6->GetProtocol(protocol))
        {
            previous[protocol] = l4->GetDownTarget6();
            l4->SetDownTarget6(output);
        }
    }
    return previous;
}

bool
DeliverUpward(Ptr<Ipv6L3Protocol> l3, Ptr<Packet> payload, const Ipv6Header& header)
{
    int32_t iif = l3->GetInterfaceForAddress(header.GetDestination());
    if (iif < 0)
    {
        iif = 0;
    }
    Ptr<IpL4Protocol> protocol = l3->GetProtocol(header.GetNextHeader(), iif);
    if (!protocol)
    {
        return false;
    }
    Ipv6Header delivered = header;
    delivered.SetPayloadLength(payload->GetSize());
    protocol->Receive(payload, delivered, l3->GetInterface(iif));
    return true;
}

TypeId
Type2RoutingExtension::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::Type2RoutingExtension")
                            .SetParent<Ipv6ExtensionRouting>()
                            .SetGroupName("Dmm")
                            .AddConstructor<Type2RoutingExtension>();
    return tid;
}

Ptr<Type2RoutingExtension>
Type2RoutingExtension::Install(Ptr<Node> node)
{
    Ptr<Ipv6ExtensionRoutingDemux> demux = node->GetObject<Ipv6ExtensionRoutingDemux>();
    if (!demux)
    {
        throw std::logic_error("Type2RoutingExtension::Install: install the Internet stack first");
    }
    if (Ptr<Ipv6ExtensionRouting> known =
            demux->GetExtensionRouting(Type2RoutingHeader::ROUTING_TYPE))
    {
        if (Ptr<Type2RoutingExtension> ours = DynamicCast<Type2RoutingExtension>(known))
        {
            return ours;
        }
        demux->Remove(known);
    }
    Ptr<Type2RoutingExtension> extension = CreateObject<Type2RoutingExtension>();
    extension->SetNode(node);
    demux->Insert(extension);
    return extension;
}

void
Type2RoutingExtension::SetHomeAddressCheck(HomeAddressCheck check)
{
    m_isHome = check;
}

void
Type2RoutingExtension::AddHomeAddress(Ipv6Address home)
{
    m_homes.insert(home);
}

uint8_t
Type2RoutingExtension::GetTypeRouting() const
{
    return Type2RoutingHeader::ROUTING_TYPE;
}

uint8_t
Type2RoutingExtension::Process(Ptr<Packet>& packet,
                               uint8_t offset,
                               const Ipv6Header& ipv6Header,
                               Ipv6Address dst,
                               uint8_t* nextHeader,
                               bool& stopProcessing,
                               bool& isDropped,
                               Ipv6L3Protocol::DropReason& dropReason)
{
    NS_LOG_FUNCTION(this << packet << +offset << ipv6Header);
    stopProcessing = true; // delivered here, or dropped
    Ptr<Packet> p = packet->Copy();
    p->RemoveAtStart(offset);
    Type2RoutingHeader routing;
    if (p->GetSize() < Type2RoutingHeader::LENGTH)
    {
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_MALFORMED_HEADER;
        return 0;
    }
    p->RemoveHeader(routing);
    const Ipv6Address home = routing.GetHomeAddress();
    // RFC 6275 11.3.3: only one of this node's home addresses, one segment left; anything
    // else is silently discarded.
    const bool mine = m_homes.count(home) != 0 || (!m_isHome.IsNull() && m_isHome(home));
    if (!routing.IsWellFormed() || routing.GetSegmentsLeft() != 1 || !mine)
    {
        NS_LOG_LOGIC("Type 2 Routing header for " << home << ": dropped");
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_MALFORMED_HEADER;
        return Type2RoutingHeader::LENGTH;
    }
    Ipv6Header delivered = ipv6Header;
    delivered.SetDestination(home);
    delivered.SetNextHeader(routing.GetNextHeader());
    if (!DeliverUpward(GetNode()->GetObject<Ipv6L3Protocol>(), p, delivered))
    {
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_UNKNOWN_PROTOCOL;
        return Type2RoutingHeader::LENGTH;
    }
    ++m_delivered;
    isDropped = false;
    return Type2RoutingHeader::LENGTH;
}

uint64_t
Type2RoutingExtension::GetDelivered() const
{
    return m_delivered;
}

uint64_t
Type2RoutingExtension::GetDropped() const
{
    return m_dropped;
}

TypeId
HomeAddressExtension::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::HomeAddressExtension")
                            .SetParent<Ipv6ExtensionDestination>()
                            .SetGroupName("Dmm")
                            .AddConstructor<HomeAddressExtension>();
    return tid;
}

Ptr<HomeAddressExtension>
HomeAddressExtension::Install(Ptr<Node> node)
{
    Ptr<Ipv6ExtensionDemux> demux = node->GetObject<Ipv6ExtensionDemux>();
    if (!demux)
    {
        throw std::logic_error("HomeAddressExtension::Install: install the Internet stack first");
    }
    Ptr<Ipv6Extension> known = demux->GetExtension(Ipv6ExtensionDestination::EXT_NUMBER);
    if (Ptr<HomeAddressExtension> ours = DynamicCast<HomeAddressExtension>(known))
    {
        return ours;
    }
    if (known)
    {
        demux->Remove(known);
    }
    Ptr<HomeAddressExtension> extension = CreateObject<HomeAddressExtension>();
    extension->SetNode(node);
    demux->Insert(extension);
    return extension;
}

void
HomeAddressExtension::SetAcceptor(Acceptor acceptor)
{
    m_acceptor = acceptor;
}

uint8_t
HomeAddressExtension::Process(Ptr<Packet>& packet,
                              uint8_t offset,
                              const Ipv6Header& ipv6Header,
                              Ipv6Address dst,
                              uint8_t* nextHeader,
                              bool& stopProcessing,
                              bool& isDropped,
                              Ipv6L3Protocol::DropReason& dropReason)
{
    NS_LOG_FUNCTION(this << packet << +offset << ipv6Header);
    Ptr<Packet> p = packet->Copy();
    p->RemoveAtStart(offset);
    uint8_t head[2];
    if (p->CopyData(head, 2) != 2)
    {
        stopProcessing = true;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_MALFORMED_HEADER;
        ++m_dropped;
        return 0;
    }
    const uint32_t length = 8 * (head[1] + 1u);
    std::vector<uint8_t> data(length);
    Ipv6Address home;
    const int found = p->CopyData(data.data(), length) == length
                          ? HomeAddressOptionHeader::Find(data.data(), length, home)
                          : -1;
    if (found == 0)
    {
        return Ipv6ExtensionDestination::Process(packet,
                                                 offset,
                                                 ipv6Header,
                                                 dst,
                                                 nextHeader,
                                                 stopProcessing,
                                                 isDropped,
                                                 dropReason);
    }
    stopProcessing = true; // delivered here, or dropped
    const Ipv6Address careOf = ipv6Header.GetSource();
    if (found < 0 || home.IsMulticast() || home.IsAny() || home.IsLinkLocal() ||
        home.IsLocalhost())
    {
        NS_LOG_LOGIC("malformed Home Address option from " << careOf);
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_MALFORMED_HEADER;
        return static_cast<uint8_t>(length);
    }
    p->RemoveAtStart(length);
    if (m_acceptor.IsNull() || !m_acceptor(home, careOf, ipv6Header.GetDestination(), head[0], p))
    {
        NS_LOG_LOGIC("Home Address option " << home << " from " << careOf << " refused");
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_UNKNOWN_OPTION;
        return static_cast<uint8_t>(length);
    }
    Ipv6Header delivered = ipv6Header;
    delivered.SetSource(home);
    delivered.SetNextHeader(head[0]);
    m_delivering = careOf;
    const bool taken = DeliverUpward(GetNode()->GetObject<Ipv6L3Protocol>(), p, delivered);
    m_delivering = Ipv6Address::GetAny();
    if (!taken)
    {
        ++m_dropped;
        isDropped = true;
        dropReason = Ipv6L3Protocol::DROP_UNKNOWN_PROTOCOL;
        return static_cast<uint8_t>(length);
    }
    ++m_delivered;
    isDropped = false;
    return static_cast<uint8_t>(length);
}

Ipv6Address
HomeAddressExtension::GetDeliveringCareOf() const
{
    return m_delivering;
}

uint64_t
HomeAddressExtension::GetDelivered() const
{
    return m_delivered;
}

uint64_t
HomeAddressExtension::GetDropped() const
{
    return m_dropped;
}

} // namespace dmm
} // namespace ns3
