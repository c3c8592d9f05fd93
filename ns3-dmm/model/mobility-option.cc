/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-option.h"

#include "ns3/log.h"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("MobilityOption");

namespace
{

/// Largest refresh interval or lifetime that fits 16 bits of 4-second units.
constexpr uint32_t MAX_FOUR_SECOND_UNITS_SECONDS = 0xffff * 4;

void
CheckLength(const char* what, std::size_t length, std::size_t min, std::size_t max)
{
    if (length < min || length > max)
    {
        std::ostringstream oss;
        oss << what << ": length " << length << " outside [" << min << ", " << max << "] octets";
        throw std::invalid_argument(oss.str());
    }
}

void
PrintHex(std::ostream& os, const std::vector<uint8_t>& data)
{
    std::ios_base::fmtflags flags(os.flags());
    os << std::hex << std::setfill('0');
    for (auto b : data)
    {
        os << std::setw(2) << static_cast<uint32_t>(b);
    }
    os.flags(flags);
}

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

} // namespace

uint8_t
MobilityOption::GetAlignmentMultiple() const
{
    return 1;
}

uint8_t
MobilityOption::GetAlignmentOffset() const
{
    return 0;
}

Ptr<MobilityOption>
MobilityOption::CreateForType(uint8_t type)
{
    switch (type)
    {
    case BINDING_REFRESH_ADVICE:
        return Create<BindingRefreshAdviceOption>();
    case ALTERNATE_CARE_OF_ADDRESS:
        return Create<AlternateCareOfAddressOption>();
    case NONCE_INDICES:
        return Create<NonceIndicesOption>();
    case BINDING_AUTHORIZATION_DATA:
        return Create<BindingAuthorizationDataOption>();
    case MOBILE_NODE_IDENTIFIER:
        return Create<MobileNodeIdentifierOption>();
    case MOBILITY_MESSAGE_AUTHENTICATION:
        return Create<MobilityMessageAuthenticationOption>();
    case MOBILITY_MESSAGE_REPLAY_PROTECTION:
        return Create<MobilityMessageReplayProtectionOption>();
    case HOME_NETWORK_PREFIX:
        return Create<HomeNetworkPrefixOption>();
    case HANDOFF_INDICATOR:
        return Create<HandoffIndicatorOption>();
    case ACCESS_TECHNOLOGY_TYPE:
        return Create<AccessTechnologyTypeOption>();
    case MOBILE_NODE_LINK_LAYER_IDENTIFIER:
        return Create<MobileNodeLinkLayerIdentifierOption>();
    case LINK_LOCAL_ADDRESS:
        return Create<LinkLocalAddressOption>();
    case TIMESTAMP:
        return Create<TimestampOption>();
    default:
        return Create<UnknownMobilityOption>(type);
    }
}

std::string
MobilityOption::GetTypeName(uint8_t type)
{
    switch (type)
    {
    case PAD1:
        return "Pad1";
    case PADN:
        return "PadN";
    case BINDING_REFRESH_ADVICE:
        return "Binding Refresh Advice";
    case ALTERNATE_CARE_OF_ADDRESS:
        return "Alternate Care-of Address";
    case NONCE_INDICES:
        return "Nonce Indices";
    case BINDING_AUTHORIZATION_DATA:
        return "Binding Authorization Data";
    case MOBILE_NODE_IDENTIFIER:
        return "Mobile Node Identifier";
    case MOBILITY_MESSAGE_AUTHENTICATION:
        return "Mobility Message Authentication";
    case MOBILITY_MESSAGE_REPLAY_PROTECTION:
        return "Mobility Message Replay Protection";
    case HOME_NETWORK_PREFIX:
        return "Home Network Prefix";
    case HANDOFF_INDICATOR:
        return "Handoff Indicator";
    case ACCESS_TECHNOLOGY_TYPE:
        return "Access Technology Type";
    case MOBILE_NODE_LINK_LAYER_IDENTIFIER:
        return "Mobile Node Link-layer Identifier";
    case LINK_LOCAL_ADDRESS:
        return "Link-local Address";
    case TIMESTAMP:
        return "Timestamp";
    default:
        return "Unknown(" + std::to_string(type) + ")";
    }
}

std::ostream&
operator<<(std::ostream& os, const MobilityOption& option)
{
    option.Print(os);
    return os;
}

// Binding Refresh Advice ------------------------------------------------------------------

BindingRefreshAdviceOption::BindingRefreshAdviceOption()
    : m_intervalSeconds(0)
{
}

BindingRefreshAdviceOption::BindingRefreshAdviceOption(Time interval)
    : m_intervalSeconds(0)
{
    SetRefreshInterval(interval);
}

uint8_t
BindingRefreshAdviceOption::GetType() const
{
    return BINDING_REFRESH_ADVICE;
}

uint8_t
BindingRefreshAdviceOption::GetAlignmentMultiple() const
{
    return 2;
}

uint8_t
BindingRefreshAdviceOption::GetAlignmentOffset() const
{
    return 0;
}

uint8_t
BindingRefreshAdviceOption::GetDataLength() const
{
    return 2;
}

void
BindingRefreshAdviceOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU16(static_cast<uint16_t>(m_intervalSeconds / 4));
}

MobilityOption::ParseResult
BindingRefreshAdviceOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 2)
    {
        return BAD_LENGTH;
    }
    m_intervalSeconds = ReadU16(data) * 4u;
    return OK;
}

void
BindingRefreshAdviceOption::Print(std::ostream& os) const
{
    os << "BindingRefreshAdvice(interval=" << m_intervalSeconds << "s)";
}

Ptr<MobilityOption>
BindingRefreshAdviceOption::Copy() const
{
    return Create<BindingRefreshAdviceOption>(*this);
}

void
BindingRefreshAdviceOption::SetRefreshInterval(Time interval)
{
    if (interval.IsStrictlyNegative() || interval.GetSeconds() > MAX_FOUR_SECOND_UNITS_SECONDS)
    {
        throw std::invalid_argument("BindingRefreshAdviceOption: refresh interval must be within "
                                    "0..262140 s (16 bits of 4-second units)");
    }
    m_intervalSeconds = static_cast<uint32_t>(interval.GetSeconds()) / 4 * 4;
}

Time
BindingRefreshAdviceOption::GetRefreshInterval() const
{
    return Seconds(m_intervalSeconds);
}

// Alternate Care-of Address ---------------------------------------------------------------

AlternateCareOfAddressOption::AlternateCareOfAddressOption(Ipv6Address address)
    : m_address(address)
{
}

uint8_t
AlternateCareOfAddressOption::GetType() const
{
    return ALTERNATE_CARE_OF_ADDRESS;
}

uint8_t
AlternateCareOfAddressOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
AlternateCareOfAddressOption::GetAlignmentOffset() const
{
    return 6;
}

uint8_t
AlternateCareOfAddressOption::GetDataLength() const
{
    return 16;
}

void
AlternateCareOfAddressOption::SerializeData(Buffer::Iterator& i) const
{
    uint8_t buf[16];
    m_address.Serialize(buf);
    i.Write(buf, 16);
}

MobilityOption::ParseResult
AlternateCareOfAddressOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 16)
    {
        return BAD_LENGTH;
    }
    m_address = Ipv6Address::Deserialize(data);
    return OK;
}

void
AlternateCareOfAddressOption::Print(std::ostream& os) const
{
    os << "AlternateCareOfAddress(" << m_address << ")";
}

Ptr<MobilityOption>
AlternateCareOfAddressOption::Copy() const
{
    return Create<AlternateCareOfAddressOption>(*this);
}

void
AlternateCareOfAddressOption::SetAddress(Ipv6Address address)
{
    m_address = address;
}

Ipv6Address
AlternateCareOfAddressOption::GetAddress() const
{
    return m_address;
}

// Nonce Indices ---------------------------------------------------------------------------

NonceIndicesOption::NonceIndicesOption(uint16_t home, uint16_t careOf)
    : m_home(home),
      m_careOf(careOf)
{
}

uint8_t
NonceIndicesOption::GetType() const
{
    return NONCE_INDICES;
}

uint8_t
NonceIndicesOption::GetAlignmentMultiple() const
{
    return 2;
}

uint8_t
NonceIndicesOption::GetAlignmentOffset() const
{
    return 0;
}

uint8_t
NonceIndicesOption::GetDataLength() const
{
    return 4;
}

void
NonceIndicesOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU16(m_home);
    i.WriteHtonU16(m_careOf);
}

MobilityOption::ParseResult
NonceIndicesOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 4)
    {
        return BAD_LENGTH;
    }
    m_home = ReadU16(data);
    m_careOf = ReadU16(data + 2);
    return OK;
}

void
NonceIndicesOption::Print(std::ostream& os) const
{
    os << "NonceIndices(home=" << m_home << ", careOf=" << m_careOf << ")";
}

Ptr<MobilityOption>
NonceIndicesOption::Copy() const
{
    return Create<NonceIndicesOption>(*this);
}

void
NonceIndicesOption::SetHomeNonceIndex(uint16_t index)
{
    m_home = index;
}

uint16_t
NonceIndicesOption::GetHomeNonceIndex() const
{
    return m_home;
}

void
NonceIndicesOption::SetCareOfNonceIndex(uint16_t index)
{
    m_careOf = index;
}

uint16_t
NonceIndicesOption::GetCareOfNonceIndex() const
{
    return m_careOf;
}

// Binding Authorization Data --------------------------------------------------------------

BindingAuthorizationDataOption::BindingAuthorizationDataOption()
    : m_authenticator(12, 0)
{
}

BindingAuthorizationDataOption::BindingAuthorizationDataOption(
    const std::vector<uint8_t>& authenticator)
{
    SetAuthenticator(authenticator);
}

uint8_t
BindingAuthorizationDataOption::GetType() const
{
    return BINDING_AUTHORIZATION_DATA;
}

uint8_t
BindingAuthorizationDataOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
BindingAuthorizationDataOption::GetAlignmentOffset() const
{
    return 2;
}

uint8_t
BindingAuthorizationDataOption::GetDataLength() const
{
    return static_cast<uint8_t>(m_authenticator.size());
}

void
BindingAuthorizationDataOption::SerializeData(Buffer::Iterator& i) const
{
    i.Write(m_authenticator.data(), m_authenticator.size());
}

MobilityOption::ParseResult
BindingAuthorizationDataOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length == 0)
    {
        return BAD_LENGTH;
    }
    m_authenticator.assign(data, data + length);
    return OK;
}

void
BindingAuthorizationDataOption::Print(std::ostream& os) const
{
    os << "BindingAuthorizationData(";
    PrintHex(os, m_authenticator);
    os << ")";
}

Ptr<MobilityOption>
BindingAuthorizationDataOption::Copy() const
{
    return Create<BindingAuthorizationDataOption>(*this);
}

void
BindingAuthorizationDataOption::SetAuthenticator(const std::vector<uint8_t>& authenticator)
{
    CheckLength("BindingAuthorizationDataOption authenticator", authenticator.size(), 1, 255);
    m_authenticator = authenticator;
}

std::vector<uint8_t>
BindingAuthorizationDataOption::GetAuthenticator() const
{
    return m_authenticator;
}

// Mobile Node Identifier ------------------------------------------------------------------

MobileNodeIdentifierOption::MobileNodeIdentifierOption()
    : m_subtype(NAI),
      m_identifier(1, '?')
{
}

MobileNodeIdentifierOption::MobileNodeIdentifierOption(const std::string& nai)
    : m_subtype(NAI)
{
    SetNai(nai);
}

uint8_t
MobileNodeIdentifierOption::GetType() const
{
    return MOBILE_NODE_IDENTIFIER;
}

uint8_t
MobileNodeIdentifierOption::GetDataLength() const
{
    return static_cast<uint8_t>(1 + m_identifier.size());
}

void
MobileNodeIdentifierOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(m_subtype);
    i.Write(m_identifier.data(), m_identifier.size());
}

MobilityOption::ParseResult
MobileNodeIdentifierOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length < 2)
    {
        return BAD_LENGTH;
    }
    m_subtype = data[0];
    m_identifier.assign(data + 1, data + length);
    return OK;
}

void
MobileNodeIdentifierOption::Print(std::ostream& os) const
{
    os << "MobileNodeIdentifier(subtype=" << static_cast<uint32_t>(m_subtype) << ", " << GetNai()
       << ")";
}

Ptr<MobilityOption>
MobileNodeIdentifierOption::Copy() const
{
    return Create<MobileNodeIdentifierOption>(*this);
}

void
MobileNodeIdentifierOption::SetNai(const std::string& nai)
{
    CheckLength("MobileNodeIdentifierOption identifier", nai.size(), 1, 254);
    m_subtype = NAI;
    m_identifier.assign(nai.begin(), nai.end());
}

std::string
MobileNodeIdentifierOption::GetNai() const
{
    return std::string(m_identifier.begin(), m_identifier.end());
}

void
MobileNodeIdentifierOption::SetIdentifier(uint8_t subtype, const std::vector<uint8_t>& identifier)
{
    CheckLength("MobileNodeIdentifierOption identifier", identifier.size(), 1, 254);
    m_subtype = subtype;
    m_identifier = identifier;
}

uint8_t
MobileNodeIdentifierOption::GetSubtype() const
{
    return m_subtype;
}

std::vector<uint8_t>
MobileNodeIdentifierOption::GetIdentifier() const
{
    return m_identifier;
}

// Mobility Message Authentication ---------------------------------------------------------

MobilityMessageAuthenticationOption::MobilityMessageAuthenticationOption()
    : m_subtype(MN_HA),
      m_spi(0)
{
}

uint8_t
MobilityMessageAuthenticationOption::GetType() const
{
    return MOBILITY_MESSAGE_AUTHENTICATION;
}

uint8_t
MobilityMessageAuthenticationOption::GetAlignmentMultiple() const
{
    return 4;
}

uint8_t
MobilityMessageAuthenticationOption::GetAlignmentOffset() const
{
    return 1;
}

uint8_t
MobilityMessageAuthenticationOption::GetDataLength() const
{
    return static_cast<uint8_t>(5 + m_authenticator.size());
}

void
MobilityMessageAuthenticationOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(m_subtype);
    i.WriteHtonU32(m_spi);
    i.Write(m_authenticator.data(), m_authenticator.size());
}

MobilityOption::ParseResult
MobilityMessageAuthenticationOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length < 5)
    {
        return BAD_LENGTH;
    }
    m_subtype = data[0];
    m_spi = (static_cast<uint32_t>(data[1]) << 24) | (static_cast<uint32_t>(data[2]) << 16) |
            (static_cast<uint32_t>(data[3]) << 8) | data[4];
    m_authenticator.assign(data + 5, data + length);
    return OK;
}

void
MobilityMessageAuthenticationOption::Print(std::ostream& os) const
{
    os << "MobilityMessageAuthentication(subtype=" << static_cast<uint32_t>(m_subtype)
       << ", spi=" << m_spi << ", auth=";
    PrintHex(os, m_authenticator);
    os << ")";
}

Ptr<MobilityOption>
MobilityMessageAuthenticationOption::Copy() const
{
    return Create<MobilityMessageAuthenticationOption>(*this);
}

void
MobilityMessageAuthenticationOption::SetSubtype(uint8_t subtype)
{
    m_subtype = subtype;
}

uint8_t
MobilityMessageAuthenticationOption::GetSubtype() const
{
    return m_subtype;
}

void
MobilityMessageAuthenticationOption::SetSpi(uint32_t spi)
{
    m_spi = spi;
}

uint32_t
MobilityMessageAuthenticationOption::GetSpi() const
{
    return m_spi;
}

void
MobilityMessageAuthenticationOption::SetAuthenticator(const std::vector<uint8_t>& authenticator)
{
    CheckLength("MobilityMessageAuthenticationOption authenticator", authenticator.size(), 0, 250);
    m_authenticator = authenticator;
}

std::vector<uint8_t>
MobilityMessageAuthenticationOption::GetAuthenticator() const
{
    return m_authenticator;
}

// Home Network Prefix ---------------------------------------------------------------------

HomeNetworkPrefixOption::HomeNetworkPrefixOption()
    : m_prefixLength(64)
{
}

HomeNetworkPrefixOption::HomeNetworkPrefixOption(Ipv6Address prefix, uint8_t prefixLength)
    : m_prefixLength(64)
{
    SetPrefix(prefix, prefixLength);
}

uint8_t
HomeNetworkPrefixOption::GetType() const
{
    return HOME_NETWORK_PREFIX;
}

uint8_t
HomeNetworkPrefixOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
HomeNetworkPrefixOption::GetAlignmentOffset() const
{
    return 4;
}

uint8_t
HomeNetworkPrefixOption::GetDataLength() const
{
    return 18;
}

void
HomeNetworkPrefixOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(0);
    i.WriteU8(m_prefixLength);
    uint8_t buf[16];
    m_prefix.Serialize(buf);
    i.Write(buf, 16);
}

MobilityOption::ParseResult
HomeNetworkPrefixOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 18 || data[1] > 128)
    {
        return BAD_LENGTH;
    }
    m_prefixLength = data[1];
    m_prefix = Ipv6Address::Deserialize(data + 2);
    return OK;
}

void
HomeNetworkPrefixOption::Print(std::ostream& os) const
{
    os << "HomeNetworkPrefix(" << m_prefix << "/" << static_cast<uint32_t>(m_prefixLength) << ")";
}

Ptr<MobilityOption>
HomeNetworkPrefixOption::Copy() const
{
    return Create<HomeNetworkPrefixOption>(*this);
}

void
HomeNetworkPrefixOption::SetPrefix(Ipv6Address prefix, uint8_t prefixLength)
{
    if (prefixLength > 128)
    {
        throw std::invalid_argument("HomeNetworkPrefixOption: prefix length must be 0..128");
    }
    m_prefix = prefix;
    m_prefixLength = prefixLength;
}

Ipv6Address
HomeNetworkPrefixOption::GetPrefix() const
{
    return m_prefix;
}

uint8_t
HomeNetworkPrefixOption::GetPrefixLength() const
{
    return m_prefixLength;
}

// Handoff Indicator -----------------------------------------------------------------------

HandoffIndicatorOption::HandoffIndicatorOption()
    : m_value(HANDOFF_STATE_UNKNOWN)
{
}

HandoffIndicatorOption::HandoffIndicatorOption(uint8_t value)
    : m_value(value)
{
}

uint8_t
HandoffIndicatorOption::GetType() const
{
    return HANDOFF_INDICATOR;
}

uint8_t
HandoffIndicatorOption::GetDataLength() const
{
    return 2;
}

void
HandoffIndicatorOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(0);
    i.WriteU8(m_value);
}

MobilityOption::ParseResult
HandoffIndicatorOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 2)
    {
        return BAD_LENGTH;
    }
    m_value = data[1];
    return OK;
}

void
HandoffIndicatorOption::Print(std::ostream& os) const
{
    os << "HandoffIndicator(" << static_cast<uint32_t>(m_value) << ")";
}

Ptr<MobilityOption>
HandoffIndicatorOption::Copy() const
{
    return Create<HandoffIndicatorOption>(*this);
}

void
HandoffIndicatorOption::SetValue(uint8_t value)
{
    m_value = value;
}

uint8_t
HandoffIndicatorOption::GetValue() const
{
    return m_value;
}

// Access Technology Type ------------------------------------------------------------------

AccessTechnologyTypeOption::AccessTechnologyTypeOption()
    : m_value(IEEE_802_11)
{
}

AccessTechnologyTypeOption::AccessTechnologyTypeOption(uint8_t value)
    : m_value(value)
{
}

uint8_t
AccessTechnologyTypeOption::GetType() const
{
    return ACCESS_TECHNOLOGY_TYPE;
}

uint8_t
AccessTechnologyTypeOption::GetDataLength() const
{
    return 2;
}

void
AccessTechnologyTypeOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(0);
    i.WriteU8(m_value);
}

MobilityOption::ParseResult
AccessTechnologyTypeOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 2)
    {
        return BAD_LENGTH;
    }
    m_value = data[1];
    return OK;
}

void
AccessTechnologyTypeOption::Print(std::ostream& os) const
{
    os << "AccessTechnologyType(" << static_cast<uint32_t>(m_value) << ")";
}

Ptr<MobilityOption>
AccessTechnologyTypeOption::Copy() const
{
    return Create<AccessTechnologyTypeOption>(*this);
}

void
AccessTechnologyTypeOption::SetValue(uint8_t value)
{
    m_value = value;
}

uint8_t
AccessTechnologyTypeOption::GetValue() const
{
    return m_value;
}

// Mobile Node Link-layer Identifier -------------------------------------------------------

MobileNodeLinkLayerIdentifierOption::MobileNodeLinkLayerIdentifierOption()
    : m_identifier(6, 0)
{
}

MobileNodeLinkLayerIdentifierOption::MobileNodeLinkLayerIdentifierOption(
    const std::vector<uint8_t>& identifier)
{
    SetIdentifier(identifier);
}

uint8_t
MobileNodeLinkLayerIdentifierOption::GetType() const
{
    return MOBILE_NODE_LINK_LAYER_IDENTIFIER;
}

uint8_t
MobileNodeLinkLayerIdentifierOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
MobileNodeLinkLayerIdentifierOption::GetAlignmentOffset() const
{
    return 2;
}

uint8_t
MobileNodeLinkLayerIdentifierOption::GetDataLength() const
{
    return static_cast<uint8_t>(2 + m_identifier.size());
}

void
MobileNodeLinkLayerIdentifierOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU16(0);
    i.Write(m_identifier.data(), m_identifier.size());
}

MobilityOption::ParseResult
MobileNodeLinkLayerIdentifierOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length < 3)
    {
        return BAD_LENGTH;
    }
    m_identifier.assign(data + 2, data + length);
    return OK;
}

void
MobileNodeLinkLayerIdentifierOption::Print(std::ostream& os) const
{
    os << "MobileNodeLinkLayerIdentifier(";
    PrintHex(os, m_identifier);
    os << ")";
}

Ptr<MobilityOption>
MobileNodeLinkLayerIdentifierOption::Copy() const
{
    return Create<MobileNodeLinkLayerIdentifierOption>(*this);
}

void
MobileNodeLinkLayerIdentifierOption::SetIdentifier(const std::vector<uint8_t>& identifier)
{
    CheckLength("MobileNodeLinkLayerIdentifierOption identifier", identifier.size(), 1, 253);
    m_identifier = identifier;
}

void
MobileNodeLinkLayerIdentifierOption::SetIdentifierFromAddress(const Address& address)
{
    uint8_t buf[Address::MAX_SIZE];
    uint32_t len = address.CopyTo(buf);
    SetIdentifier(std::vector<uint8_t>(buf, buf + len));
}

std::vector<uint8_t>
MobileNodeLinkLayerIdentifierOption::GetIdentifier() const
{
    return m_identifier;
}

// Link-local Address ----------------------------------------------------------------------

LinkLocalAddressOption::LinkLocalAddressOption(Ipv6Address address)
    : m_address(address)
{
}

uint8_t
LinkLocalAddressOption::GetType() const
{
    return LINK_LOCAL_ADDRESS;
}

uint8_t
LinkLocalAddressOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
LinkLocalAddressOption::GetAlignmentOffset() const
{
    return 6;
}

uint8_t
LinkLocalAddressOption::GetDataLength() const
{
    return 16;
}

void
LinkLocalAddressOption::SerializeData(Buffer::Iterator& i) const
{
    uint8_t buf[16];
    m_address.Serialize(buf);
    i.Write(buf, 16);
}

MobilityOption::ParseResult
LinkLocalAddressOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 16)
    {
        return BAD_LENGTH;
    }
    m_address = Ipv6Address::Deserialize(data);
    return OK;
}

void
LinkLocalAddressOption::Print(std::ostream& os) const
{
    os << "LinkLocalAddress(" << m_address << ")";
}

Ptr<MobilityOption>
LinkLocalAddressOption::Copy() const
{
    return Create<LinkLocalAddressOption>(*this);
}

void
LinkLocalAddressOption::SetAddress(Ipv6Address address)
{
    m_address = address;
}

Ipv6Address
LinkLocalAddressOption::GetAddress() const
{
    return m_address;
}

// Timestamp -------------------------------------------------------------------------------

TimestampOption::TimestampOption(Time sinceEpoch)
{
    SetTimestamp(sinceEpoch);
}

uint8_t
TimestampOption::GetType() const
{
    return TIMESTAMP;
}

void
TimestampOption::Print(std::ostream& os) const
{
    os << "Timestamp(" << GetTimestamp().As(Time::S) << ")";
}

Ptr<MobilityOption>
TimestampOption::Copy() const
{
    return Create<TimestampOption>(*this);
}

void
TimestampOption::SetTimestamp(Time sinceEpoch)
{
    if (sinceEpoch.IsStrictlyNegative())
    {
        throw std::invalid_argument("TimestampOption: time since the epoch must be non-negative");
    }
    // 48.16 fixed point: whole seconds, then 1/65536 fractions rounded down.
    int64_t ns = sinceEpoch.GetNanoSeconds();
    uint64_t seconds = static_cast<uint64_t>(ns / 1000000000);
    uint64_t fraction = static_cast<uint64_t>(ns % 1000000000) * 65536 / 1000000000;
    m_raw = (seconds << 16) | (fraction & 0xffff);
}

Time
TimestampOption::GetTimestamp() const
{
    // Clamped so that a peer's far-future timestamp cannot overflow a Time (about 292 years).
    uint64_t seconds = std::min<uint64_t>(m_raw >> 16, 9000000000ULL);
    uint64_t fraction = m_raw & 0xffff;
    return NanoSeconds(static_cast<int64_t>(seconds * 1000000000 + fraction * 1000000000 / 65536));
}

// 64-bit timestamp value --------------------------------------------------------------------

uint8_t
TimestampValueOption::GetAlignmentMultiple() const
{
    return 8;
}

uint8_t
TimestampValueOption::GetAlignmentOffset() const
{
    return 2;
}

uint8_t
TimestampValueOption::GetDataLength() const
{
    return 8;
}

void
TimestampValueOption::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU64(m_raw);
}

MobilityOption::ParseResult
TimestampValueOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    if (length != 8)
    {
        return BAD_LENGTH;
    }
    m_raw = 0;
    for (int k = 0; k < 8; ++k)
    {
        m_raw = (m_raw << 8) | data[k];
    }
    return OK;
}

void
TimestampValueOption::SetRaw(uint64_t raw)
{
    m_raw = raw;
}

uint64_t
TimestampValueOption::GetRaw() const
{
    return m_raw;
}

// Mobility Message Replay Protection -------------------------------------------------------

MobilityMessageReplayProtectionOption::MobilityMessageReplayProtectionOption(Time sinceEpoch)
{
    SetTimestamp(sinceEpoch);
}

uint8_t
MobilityMessageReplayProtectionOption::GetType() const
{
    return MOBILITY_MESSAGE_REPLAY_PROTECTION;
}

void
MobilityMessageReplayProtectionOption::Print(std::ostream& os) const
{
    os << "ReplayProtection(" << GetTimestamp().As(Time::S) << ")";
}

Ptr<MobilityOption>
MobilityMessageReplayProtectionOption::Copy() const
{
    return Create<MobilityMessageReplayProtectionOption>(*this);
}

void
MobilityMessageReplayProtectionOption::SetTimestamp(Time sinceEpoch)
{
    if (sinceEpoch.IsStrictlyNegative())
    {
        throw std::invalid_argument(
            "MobilityMessageReplayProtectionOption: time since the epoch must be non-negative");
    }
    const int64_t ns = sinceEpoch.GetNanoSeconds();
    const uint64_t seconds = static_cast<uint64_t>(ns / 1000000000) + NTP_UNIX_OFFSET;
    if (seconds > 0xffffffffULL)
    {
        throw std::invalid_argument("MobilityMessageReplayProtectionOption: the timestamp lies "
                                    "beyond the NTP era (2036-02-07 06:28:15 UTC)");
    }
    // 32.32 fixed point: whole seconds, then 2^-32 fractions rounded down.
    const uint64_t fraction = (static_cast<uint64_t>(ns % 1000000000) << 32) / 1000000000;
    m_raw = (seconds << 32) | (fraction & 0xffffffffULL);
}

Time
MobilityMessageReplayProtectionOption::GetTimestamp() const
{
    const int64_t seconds =
        static_cast<int64_t>(m_raw >> 32) - static_cast<int64_t>(NTP_UNIX_OFFSET);
    const uint64_t fraction = m_raw & 0xffffffffULL;
    return NanoSeconds(seconds * 1000000000 + static_cast<int64_t>((fraction * 1000000000) >> 32));
}

// Unknown ---------------------------------------------------------------------------------

UnknownMobilityOption::UnknownMobilityOption(uint8_t type)
    : m_type(type)
{
}

uint8_t
UnknownMobilityOption::GetType() const
{
    return m_type;
}

uint8_t
UnknownMobilityOption::GetDataLength() const
{
    return static_cast<uint8_t>(m_data.size());
}

void
UnknownMobilityOption::SerializeData(Buffer::Iterator& i) const
{
    i.Write(m_data.data(), m_data.size());
}

MobilityOption::ParseResult
UnknownMobilityOption::DeserializeData(const uint8_t* data, uint8_t length)
{
    m_data.assign(data, data + length);
    return OK;
}

void
UnknownMobilityOption::Print(std::ostream& os) const
{
    os << "UnknownOption(type=" << static_cast<uint32_t>(m_type) << ", data=";
    PrintHex(os, m_data);
    os << ")";
}

Ptr<MobilityOption>
UnknownMobilityOption::Copy() const
{
    return Create<UnknownMobilityOption>(*this);
}

void
UnknownMobilityOption::SetData(const std::vector<uint8_t>& data)
{
    CheckLength("UnknownMobilityOption data", data.size(), 0, 255);
    m_data = data;
}

std::vector<uint8_t>
UnknownMobilityOption::GetData() const
{
    return m_data;
}

} // namespace dmm
} // namespace ns3
