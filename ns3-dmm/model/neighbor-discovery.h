/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_NEIGHBOR_DISCOVERY_H
#define DMM_NEIGHBOR_DISCOVERY_H

#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{
namespace dmm
{

/// @brief The fields of a Neighbor Solicitation or Advertisement that functions look at.
struct NeighborMessage
{
    uint8_t type{0};    //!< ICMPv6 type: 135 (solicitation) or 136 (advertisement)
    Ipv6Address source; //!< IPv6 source (:: for duplicate address detection)
    Ipv6Address target; //!< the Target Address
};

/**
 * @brief Read a Neighbor Solicitation or Advertisement from a packet that starts with its
 * IPv6 header (as Ipv6L3Protocol's Tx and Rx traces give it): next header 58 right after the
 * IPv6 header, hop limit 255 (RFC 4861 7.1.1, 7.1.2), the target after the 8-octet ICMPv6
 * header. Copies 64 octets, nothing else.
 * @param packet the packet
 * @param message filled in when it is one
 * @return whether the packet is a Neighbor Solicitation or Advertisement
 */
inline bool
PeekNeighborMessage(Ptr<const Packet> packet, NeighborMessage& message)
{
    uint8_t head[64];
    if (packet->GetSize() < sizeof(head) || packet->CopyData(head, sizeof(head)) < sizeof(head) ||
        (head[0] >> 4) != 6 || head[6] != Icmpv6L4Protocol::PROT_NUMBER || head[7] != 255 ||
        (head[40] != Icmpv6Header::ICMPV6_ND_NEIGHBOR_SOLICITATION &&
         head[40] != Icmpv6Header::ICMPV6_ND_NEIGHBOR_ADVERTISEMENT))
    {
        return false;
    }
    message.type = head[40];
    message.source = Ipv6Address(&head[8]);
    message.target = Ipv6Address(&head[48]);
    return true;
}

} // namespace dmm
} // namespace ns3

#endif // DMM_NEIGHBOR_DISCOVERY_H
