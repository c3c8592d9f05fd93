/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "location-management-header.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("LocationManagementHeader");

NS_OBJECT_ENSURE_REGISTERED(LocationManagementHeader);

TypeId
LocationManagementHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::LocationManagementHeader")
                            .SetParent<MobilityHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<LocationManagementHeader>();
    return tid;
}

TypeId
LocationManagementHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

LocationManagementHeader::LocationManagementHeader()
    : LocationManagementHeader(LOCATION_QUERY)
{
}

LocationManagementHeader::LocationManagementHeader(uint8_t subtype)
    : MobilityHeader(EXPERIMENTAL),
      m_subtype(LOCATION_QUERY),
      m_status(0),
      m_sequence(0),
      m_lifetimeSeconds(0)
{
    SetSubtype(subtype);
}

void
LocationManagementHeader::SetSubtype(uint8_t subtype)
{
    if (subtype < LOCATION_QUERY || subtype > LOCATION_REPLICATE_ACK)
    {
        throw std::invalid_argument("LocationManagementHeader: subtype must be 1..6, got " +
                                    std::to_string(subtype));
    }
    m_subtype = subtype;
}

uint8_t
LocationManagementHeader::GetSubtype() const
{
    return m_subtype;
}

void
LocationManagementHeader::SetStatus(uint8_t status)
{
    m_status = status;
}

uint8_t
LocationManagementHeader::GetStatus() const
{
    return m_status;
}

void
LocationManagementHeader::SetSequence(uint16_t sequence)
{
    m_sequence = sequence;
}

uint16_t
LocationManagementHeader::GetSequence() const
{
    return m_sequence;
}

void
LocationManagementHeader::SetLifetime(Time lifetime)
{
    if (lifetime.IsStrictlyNegative() || lifetime.GetSeconds() > 0xffff * 4)
    {
        throw std::invalid_argument("LocationManagementHeader: lifetime must be within "
                                    "0..262140 s (16 bits of 4-second units)");
    }
    m_lifetimeSeconds = static_cast<uint32_t>(lifetime.GetSeconds()) / 4 * 4;
}

Time
LocationManagementHeader::GetLifetime() const
{
    return Seconds(m_lifetimeSeconds);
}

std::string
LocationManagementHeader::GetSubtypeName(uint8_t subtype)
{
    switch (subtype)
    {
    case LOCATION_QUERY:
        return "Location Query";
    case LOCATION_REPLY:
        return "Location Reply";
    case LOCATION_NOTIFY:
        return "Location Notify";
    case LOCATION_NOTIFY_ACK:
        return "Location Notify Ack";
    case LOCATION_REPLICATE:
        return "Location Replicate";
    case LOCATION_REPLICATE_ACK:
        return "Location Replicate Ack";
    default:
        return "Subtype " + std::to_string(subtype);
    }
}

uint32_t
LocationManagementHeader::GetMessageDataLength() const
{
    return 6;
}

void
LocationManagementHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteU8(m_subtype);
    i.WriteU8(m_status);
    i.WriteHtonU16(m_sequence);
    i.WriteHtonU16(static_cast<uint16_t>(m_lifetimeSeconds / 4));
}

void
LocationManagementHeader::DeserializeMessageData(const uint8_t* data)
{
    // An unknown subtype is kept as received; the receiver decides what to do with it.
    m_subtype = data[0];
    m_status = data[1];
    m_sequence = static_cast<uint16_t>((data[2] << 8) | data[3]);
    m_lifetimeSeconds = static_cast<uint32_t>((data[4] << 8) | data[5]) * 4;
}

void
LocationManagementHeader::PrintMessageData(std::ostream& os) const
{
    os << GetSubtypeName(m_subtype) << ", status=" << static_cast<uint32_t>(m_status)
       << ", seq=" << m_sequence << ", lifetime=" << m_lifetimeSeconds << "s";
}

} // namespace dmm
} // namespace ns3
