/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "wire-helper.h"

#include "ns3/mobility-header.h"
#include "ns3/mobility-l4-protocol.h"

#include <stdexcept>
#include <vector>

namespace ns3
{
namespace dmm
{

namespace
{

/// @param data octets @param size their number @return lower-case hex
std::string
ToHex(const uint8_t* data, uint32_t size)
{
    static const char* digits = "0123456789abcdef";
    std::string s(2 * size, '0');
    for (uint32_t k = 0; k < size; ++k)
    {
        s[2 * k] = digits[data[k] >> 4];
        s[2 * k + 1] = digits[data[k] & 15];
    }
    return s;
}

/// @param c a hex digit @return its value
uint8_t
Nibble(char c)
{
    if (c >= '0' && c <= '9')
    {
        return static_cast<uint8_t>(c - '0');
    }
    if (c >= 'a' && c <= 'f')
    {
        return static_cast<uint8_t>(c - 'a' + 10);
    }
    if (c >= 'A' && c <= 'F')
    {
        return static_cast<uint8_t>(c - 'A' + 10);
    }
    throw std::invalid_argument(std::string("not a hex digit: ") + c);
}

/// @param hex hex text @return the octets
std::vector<uint8_t>
FromHex(const std::string& hex)
{
    if (hex.size() % 2 != 0)
    {
        throw std::invalid_argument("an odd number of hex digits");
    }
    std::vector<uint8_t> out(hex.size() / 2);
    for (std::size_t k = 0; k < out.size(); ++k)
    {
        out[k] = static_cast<uint8_t>(Nibble(hex[2 * k]) << 4 | Nibble(hex[2 * k + 1]));
    }
    return out;
}

} // namespace

std::string
HeaderToHex(const Header& header)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(header);
    return PacketToHex(p);
}

std::string
PacketToHex(Ptr<const Packet> packet)
{
    std::vector<uint8_t> buf(packet->GetSize());
    packet->CopyData(buf.data(), buf.size());
    return ToHex(buf.data(), static_cast<uint32_t>(buf.size()));
}

Ptr<Packet>
PacketFromHex(const std::string& hex)
{
    std::vector<uint8_t> buf = FromHex(hex);
    return Create<Packet>(buf.data(), static_cast<uint32_t>(buf.size()));
}

int
ParseHex(MobilityHeader& header, const std::string& hex)
{
    std::vector<uint8_t> buf = FromHex(hex);
    return static_cast<int>(header.DeserializeBytes(buf.data(), static_cast<uint32_t>(buf.size())));
}

bool
VerifyHex(const std::string& hex, const Ipv6Address& src, const Ipv6Address& dst)
{
    std::vector<uint8_t> buf = FromHex(hex);
    return MobilityL4Protocol::VerifyChecksum(buf.data(),
                                              static_cast<uint32_t>(buf.size()),
                                              src,
                                              dst);
}

} // namespace dmm
} // namespace ns3
