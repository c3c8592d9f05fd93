/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_WIRE_HELPER_H
#define DMM_WIRE_HELPER_H

#include "ns3/header.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace dmm
{

class MobilityHeader;

/**
 * @ingroup dmm
 * @param header a header @return its serialized octets, as lower-case hex
 * @throws std::length_error for a Mobility Header that cannot be serialized
 */
std::string HeaderToHex(const Header& header);
/// @ingroup dmm @param packet a packet @return its octets, as lower-case hex
std::string PacketToHex(Ptr<const Packet> packet);
/// @ingroup dmm @param hex octets as hex @return a packet holding them
/// @throws std::invalid_argument if the text is not an even number of hex digits
Ptr<Packet> PacketFromHex(const std::string& hex);
/**
 * @ingroup dmm
 * @brief Parse octets into a Mobility Header message object.
 * @param header the message object (its class decides the expected MH Type)
 * @param hex the octets as hex
 * @return the parse status (MobilityHeader::ParseStatus)
 */
int ParseHex(MobilityHeader& header, const std::string& hex);
/**
 * @ingroup dmm
 * @param hex a Mobility Header's octets as hex @param src IPv6 source @param dst destination
 * @return whether its checksum verifies over that pseudo-header
 */
bool VerifyHex(const std::string& hex, const Ipv6Address& src, const Ipv6Address& dst);

} // namespace dmm
} // namespace ns3

#endif /* DMM_WIRE_HELPER_H */
