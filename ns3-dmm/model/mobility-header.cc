/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-header.h"

#include "ns3/log.h"

#include <algorithm>
#include <iomanip>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("MobilityHeader");

NS_OBJECT_ENSURE_REGISTERED(BindingRefreshRequestHeader);
NS_OBJECT_ENSURE_REGISTERED(TestInitHeader);
NS_OBJECT_ENSURE_REGISTERED(HomeTestInitHeader);
NS_OBJECT_ENSURE_REGISTERED(CareOfTestInitHeader);
NS_OBJECT_ENSURE_REGISTERED(TestHeader);
NS_OBJECT_ENSURE_REGISTERED(HomeTestHeader);
NS_OBJECT_ENSURE_REGISTERED(CareOfTestHeader);
NS_OBJECT_ENSURE_REGISTERED(BindingUpdateHeader);
NS_OBJECT_ENSURE_REGISTERED(BindingAckHeader);
NS_OBJECT_ENSURE_REGISTERED(BindingErrorHeader);

namespace
{

/// Common part: Payload Proto, Header Len, MH Type, Reserved, Checksum.
constexpr uint32_t COMMON_LENGTH = 6;
/// Largest Mobility Header: Header Len 255.
constexpr uint32_t MAX_LENGTH = 256 * 8;
/// Largest lifetime that 16 bits of 4-second units hold.
constexpr uint32_t MAX_LIFETIME_SECONDS = 0xffff * 4;

/// The error of a message that does not fit in Header Len. @param length its length
std::length_error
TooLong(uint32_t length)
{
    return std::length_error(
        "MobilityHeader: the message needs " + std::to_string(length) +
        " octets once its options are padded for alignment, more than the 2048 (Header Len " +
        "255) a Mobility Header can announce; it cannot be serialized");
}

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint64_t
ReadU64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k)
    {
        v = (v << 8) | p[k];
    }
    return v;
}

/// Octets of padding that put an option of alignment xn+y at offset + padding.
uint32_t
PaddingBefore(uint32_t offset, uint8_t x, uint8_t y)
{
    if (x <= 1)
    {
        return 0;
    }
    return (y % x + x - offset % x) % x;
}

/**
 * Padding before an option. An authenticating option (Binding Authorization Data, Mobility
 * Message Authentication) must be the last one of the message (RFC 6275 6.2.7, RFC 4285 5):
 * when it is last, it is also placed so that it ends on the 8-octet boundary, leaving no
 * padding after it, wherever its alignment allows.
 */
uint32_t
PaddingFor(uint32_t offset, const MobilityOption& option, bool last)
{
    const uint8_t x = option.GetAlignmentMultiple();
    const uint8_t y = option.GetAlignmentOffset();
    const uint32_t aligned = PaddingBefore(offset, x, y);
    const uint8_t type = option.GetType();
    if (!last || (type != MobilityOption::BINDING_AUTHORIZATION_DATA &&
                  type != MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION))
    {
        return aligned;
    }
    const uint32_t step = x > 1 ? x : 1;
    for (uint32_t pad = aligned; pad < aligned + 8 * step; pad += step)
    {
        if ((offset + pad + 2 + option.GetDataLength()) % 8 == 0)
        {
            return pad;
        }
    }
    return aligned;
}

/// Write Pad1 (one octet) or PadN (two or more octets).
void
WritePadding(Buffer::Iterator& i, uint32_t length)
{
    if (length == 1)
    {
        i.WriteU8(MobilityOption::PAD1);
    }
    else if (length >= 2)
    {
        i.WriteU8(MobilityOption::PADN);
        i.WriteU8(static_cast<uint8_t>(length - 2));
        i.WriteU8(0, length - 2);
    }
}

uint32_t
CheckedLifetime(Time lifetime, const char* who)
{
    if (lifetime.IsStrictlyNegative() || lifetime.GetSeconds() > MAX_LIFETIME_SECONDS)
    {
        throw std::invalid_argument(std::string(who) +
                                    ": lifetime must be within 0..262140 s (16 bits of "
                                    "4-second units)");
    }
    return static_cast<uint32_t>(lifetime.GetSeconds()) / 4 * 4;
}

} // namespace

// MobilityHeader ----------------------------------------------------------------------------

TypeId
MobilityHeader::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::MobilityHeader").SetParent<Header>().SetGroupName("Dmm");
    return tid;
}

TypeId
MobilityHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

MobilityHeader::MobilityHeader(uint8_t type)
    : m_payloadProto(IPPROTO_NONE),
      m_mhType(type),
      m_receivedHeaderLen(0),
      m_received(false),
      m_checksum(0),
      m_calcChecksum(false),
      m_pseudoHeaderSum(0),
      m_parseStatus(PARSE_OK),
      m_parseErrorOffset(0)
{
}

MobilityHeader::~MobilityHeader() = default;

MobilityHeader::MobilityHeader(const MobilityHeader& other)
    : Header(other),
      m_payloadProto(other.m_payloadProto),
      m_mhType(other.m_mhType),
      m_receivedHeaderLen(other.m_receivedHeaderLen),
      m_received(other.m_received),
      m_checksum(other.m_checksum),
      m_calcChecksum(other.m_calcChecksum),
      m_pseudoHeaderSum(other.m_pseudoHeaderSum),
      m_parseStatus(other.m_parseStatus),
      m_parseErrorOffset(other.m_parseErrorOffset),
      m_wire(other.m_wire)
{
    m_options.reserve(other.m_options.size());
    for (const auto& option : other.m_options)
    {
        m_options.push_back(option->Copy());
    }
}

MobilityHeader&
MobilityHeader::operator=(const MobilityHeader& other)
{
    if (this != &other)
    {
        m_payloadProto = other.m_payloadProto;
        m_mhType = other.m_mhType;
        m_receivedHeaderLen = other.m_receivedHeaderLen;
        m_received = other.m_received;
        m_checksum = other.m_checksum;
        m_calcChecksum = other.m_calcChecksum;
        m_pseudoHeaderSum = other.m_pseudoHeaderSum;
        m_parseStatus = other.m_parseStatus;
        m_parseErrorOffset = other.m_parseErrorOffset;
        m_wire = other.m_wire;
        m_options.clear();
        for (const auto& option : other.m_options)
        {
            m_options.push_back(option->Copy());
        }
    }
    return *this;
}

const std::vector<uint8_t>&
MobilityHeader::GetWireOctets() const
{
    return m_wire;
}

uint8_t
MobilityHeader::GetMhType() const
{
    return m_mhType;
}

void
MobilityHeader::SetPayloadProto(uint8_t proto)
{
    m_payloadProto = proto;
}

uint8_t
MobilityHeader::GetPayloadProto() const
{
    return m_payloadProto;
}

uint8_t
MobilityHeader::GetHeaderLen() const
{
    if (m_received)
    {
        return m_receivedHeaderLen;
    }
    return static_cast<uint8_t>(std::min(ComputeLength(), MAX_LENGTH) / 8 - 1);
}

uint32_t
MobilityHeader::GetMessageLength() const
{
    return ComputeLength();
}

bool
MobilityHeader::IsSerializable() const
{
    return ComputeLength() <= MAX_LENGTH;
}

uint16_t
MobilityHeader::GetChecksum() const
{
    return m_checksum;
}

void
MobilityHeader::EnableChecksum(const Ipv6Address& src, const Ipv6Address& dst)
{
    // Pseudo-header of RFC 2460 section 8.1: source, destination, upper-layer length,
    // three zero octets and the next header value. The length is only known at Serialize,
    // so only the addresses and next header are summed here.
    uint8_t addr[16];
    uint32_t sum = 0;
    src.Serialize(addr);
    for (int k = 0; k < 16; k += 2)
    {
        sum += ReadU16(addr + k);
    }
    dst.Serialize(addr);
    for (int k = 0; k < 16; k += 2)
    {
        sum += ReadU16(addr + k);
    }
    sum += PROT_NUMBER;
    m_pseudoHeaderSum = sum;
    m_calcChecksum = true;
}

void
MobilityHeader::AddOption(const MobilityOption& option)
{
    if (option.GetType() == MobilityOption::PAD1 || option.GetType() == MobilityOption::PADN)
    {
        throw std::invalid_argument("MobilityHeader::AddOption: Pad1/PadN are inserted by "
                                    "serialization and cannot be added");
    }
    m_options.push_back(option.Copy());
    if (ComputeLength() > MAX_LENGTH)
    {
        m_options.pop_back();
        throw std::length_error("MobilityHeader::AddOption: the message would exceed 2048 "
                                "octets (Header Len 255)");
    }
}

void
MobilityHeader::AddOption(Ptr<const MobilityOption> option)
{
    if (!option)
    {
        throw std::invalid_argument("MobilityHeader::AddOption: null option");
    }
    AddOption(*option);
}

uint32_t
MobilityHeader::GetNOptions() const
{
    return static_cast<uint32_t>(m_options.size());
}

Ptr<MobilityOption>
MobilityHeader::GetOption(uint32_t index) const
{
    if (index >= m_options.size())
    {
        throw std::out_of_range("MobilityHeader::GetOption: index " + std::to_string(index) +
                                " >= " + std::to_string(m_options.size()));
    }
    return m_options[index];
}

Ptr<MobilityOption>
MobilityHeader::FindOption(uint8_t type) const
{
    for (const auto& option : m_options)
    {
        if (option->GetType() == type)
        {
            return option;
        }
    }
    return nullptr;
}

void
MobilityHeader::ClearOptions()
{
    m_options.clear();
}

MobilityHeader::ParseStatus
MobilityHeader::GetParseStatus() const
{
    return m_parseStatus;
}

uint32_t
MobilityHeader::GetParseErrorOffset() const
{
    return m_parseErrorOffset;
}

std::vector<Ptr<MobilityOption>>
MobilityHeader::SerializationOrder() const
{
    std::vector<Ptr<MobilityOption>> order;
    order.reserve(m_options.size());
    // Binding Authorization Data (RFC 6275 section 6.2.7) and Mobility Message Authentication
    // (RFC 4285 section 5) must be the last option: they authenticate what precedes them.
    auto rank = [](const Ptr<MobilityOption>& option) {
        switch (option->GetType())
        {
        case MobilityOption::BINDING_AUTHORIZATION_DATA:
            return 1;
        case MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION:
            return 2;
        default:
            return 0;
        }
    };
    for (int r = 0; r <= 2; ++r)
    {
        for (const auto& option : m_options)
        {
            if (rank(option) == r)
            {
                order.push_back(option);
            }
        }
    }
    return order;
}

uint32_t
MobilityHeader::ComputeLength() const
{
    uint32_t offset = COMMON_LENGTH + GetMessageDataLength();
    const auto order = SerializationOrder();
    for (std::size_t k = 0; k < order.size(); ++k)
    {
        offset += PaddingFor(offset, *order[k], k + 1 == order.size());
        offset += 2 + order[k]->GetDataLength();
    }
    return (offset + 7) / 8 * 8;
}

uint32_t
MobilityHeader::GetSerializedSize() const
{
    const uint32_t length = ComputeLength();
    if (length > MAX_LENGTH)
    {
        throw TooLong(length);
    }
    return length;
}

void
MobilityHeader::Serialize(Buffer::Iterator start) const
{
    const uint32_t length = ComputeLength();
    if (length > MAX_LENGTH)
    {
        throw TooLong(length);
    }
    Buffer::Iterator i = start;
    i.WriteU8(m_payloadProto);
    i.WriteU8(static_cast<uint8_t>(length / 8 - 1));
    i.WriteU8(m_mhType);
    i.WriteU8(0);
    i.WriteU16(0);
    SerializeMessageData(i);
    uint32_t offset = COMMON_LENGTH + GetMessageDataLength();
    const auto order = SerializationOrder();
    for (std::size_t k = 0; k < order.size(); ++k)
    {
        const auto& option = order[k];
        uint32_t pad = PaddingFor(offset, *option, k + 1 == order.size());
        WritePadding(i, pad);
        offset += pad;
        i.WriteU8(option->GetType());
        i.WriteU8(option->GetDataLength());
        option->SerializeData(i);
        offset += 2 + option->GetDataLength();
    }
    WritePadding(i, length - offset);

    uint16_t checksum = 0;
    if (m_calcChecksum)
    {
        // Fold the upper-layer length into the pseudo-header sum, then checksum the message.
        uint32_t seed = m_pseudoHeaderSum + (length >> 16) + (length & 0xffff);
        while (seed >> 16)
        {
            seed = (seed & 0xffff) + (seed >> 16);
        }
        // Buffer::Iterator::CalculateIpChecksum sums little-endian words: swap the seed,
        // which was summed in network order, into that domain (RFC 1071 section 2(B)).
        seed = ((seed & 0xff) << 8) | (seed >> 8);
        i = start;
        checksum = i.CalculateIpChecksum(static_cast<uint16_t>(length), seed);
        i = start;
        i.Next(4);
        i.WriteU16(checksum);
    }
    // WriteU16 wrote the little-endian sum: the field's value in network order is swapped.
    const_cast<MobilityHeader*>(this)->m_checksum =
        static_cast<uint16_t>(((checksum & 0xff) << 8) | (checksum >> 8));
}

MobilityHeader::ParseStatus
MobilityHeader::DeserializeBytes(const uint8_t* data, uint32_t size)
{
    m_options.clear();
    m_wire.clear();
    m_received = true;
    m_parseErrorOffset = 0;
    auto fail = [this](ParseStatus status, uint32_t offset) {
        m_parseStatus = status;
        m_parseErrorOffset = offset;
        return status;
    };
    if (size < 8)
    {
        return fail(TRUNCATED, 0);
    }
    m_payloadProto = data[0];
    m_receivedHeaderLen = data[1];
    const uint32_t length = (static_cast<uint32_t>(data[1]) + 1) * 8;
    m_checksum = ReadU16(data + 4);
    if (length > size)
    {
        return fail(TRUNCATED, 1);
    }
    m_wire.assign(data, data + length);
    if (data[2] != m_mhType)
    {
        return fail(TYPE_MISMATCH, 2);
    }
    const uint32_t fixed = COMMON_LENGTH + GetMessageDataLength();
    if (length < fixed)
    {
        return fail(HEADER_LEN_TOO_SHORT, 1);
    }
    DeserializeMessageData(data + COMMON_LENGTH);

    uint32_t p = fixed;
    while (p < length)
    {
        const uint8_t type = data[p];
        if (type == MobilityOption::PAD1)
        {
            ++p;
            continue;
        }
        if (p + 2 > length)
        {
            return fail(OPTION_TRUNCATED, p);
        }
        const uint8_t optionLength = data[p + 1];
        if (p + 2 + optionLength > length)
        {
            return fail(OPTION_TRUNCATED, p);
        }
        if (type != MobilityOption::PADN)
        {
            Ptr<MobilityOption> option = MobilityOption::CreateForType(type);
            if (option->DeserializeData(data + p + 2, optionLength) != MobilityOption::OK)
            {
                return fail(OPTION_BAD_LENGTH, p + 1);
            }
            m_options.push_back(option);
        }
        p += 2 + optionLength;
    }
    m_parseStatus = PARSE_OK;
    return PARSE_OK;
}

uint32_t
MobilityHeader::Deserialize(Buffer::Iterator start)
{
    uint32_t available = start.GetRemainingSize();
    uint8_t buf[MAX_LENGTH];
    uint32_t size = std::min(available, MAX_LENGTH);
    if (size >= 2)
    {
        // Read no more than Header Len announces.
        Buffer::Iterator peek = start;
        peek.Next(1);
        size = std::min(size, (static_cast<uint32_t>(peek.ReadU8()) + 1) * 8);
    }
    start.Read(buf, size);
    if (DeserializeBytes(buf, size) == TRUNCATED)
    {
        return 0;
    }
    return (static_cast<uint32_t>(m_receivedHeaderLen) + 1) * 8;
}

void
MobilityHeader::Print(std::ostream& os) const
{
    os << GetMhTypeName(m_mhType) << " (";
    PrintMessageData(os);
    for (const auto& option : m_options)
    {
        os << ", ";
        option->Print(os);
    }
    os << ")";
}

uint32_t
MobilityHeader::GetMinimumLength(uint8_t type)
{
    switch (type)
    {
    case BINDING_REFRESH_REQUEST:
        return 8;
    case HOME_TEST_INIT:
    case CARE_OF_TEST_INIT:
        return 16;
    case HOME_TEST:
    case CARE_OF_TEST:
        return 24;
    case BINDING_UPDATE:
    case BINDING_ACKNOWLEDGEMENT:
        return 16;
    case BINDING_ERROR:
        return 24;
    case EXPERIMENTAL:
        return 16;
    default:
        return 0;
    }
}

std::string
MobilityHeader::GetMhTypeName(uint8_t type)
{
    switch (type)
    {
    case BINDING_REFRESH_REQUEST:
        return "Binding Refresh Request";
    case HOME_TEST_INIT:
        return "Home Test Init";
    case CARE_OF_TEST_INIT:
        return "Care-of Test Init";
    case HOME_TEST:
        return "Home Test";
    case CARE_OF_TEST:
        return "Care-of Test";
    case BINDING_UPDATE:
        return "Binding Update";
    case BINDING_ACKNOWLEDGEMENT:
        return "Binding Acknowledgement";
    case BINDING_ERROR:
        return "Binding Error";
    case EXPERIMENTAL:
        return "Experimental Mobility Header";
    default:
        return "Unknown MH Type " + std::to_string(type);
    }
}

std::string
MobilityHeader::GetParseStatusName(ParseStatus status)
{
    switch (status)
    {
    case PARSE_OK:
        return "ok";
    case TRUNCATED:
        return "truncated";
    case TYPE_MISMATCH:
        return "type mismatch";
    case HEADER_LEN_TOO_SHORT:
        return "header length too short";
    case OPTION_TRUNCATED:
        return "option truncated";
    case OPTION_BAD_LENGTH:
        return "option with bad length";
    }
    return "unknown";
}

// Binding Refresh Request -------------------------------------------------------------------

TypeId
BindingRefreshRequestHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::BindingRefreshRequestHeader")
                            .SetParent<MobilityHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<BindingRefreshRequestHeader>();
    return tid;
}

TypeId
BindingRefreshRequestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

BindingRefreshRequestHeader::BindingRefreshRequestHeader()
    : MobilityHeader(BINDING_REFRESH_REQUEST)
{
}

uint32_t
BindingRefreshRequestHeader::GetMessageDataLength() const
{
    return 2;
}

void
BindingRefreshRequestHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteU16(0);
}

void
BindingRefreshRequestHeader::DeserializeMessageData(const uint8_t* data)
{
}

void
BindingRefreshRequestHeader::PrintMessageData(std::ostream& os) const
{
    os << "reserved";
}

// Test Init ---------------------------------------------------------------------------------

TypeId
TestInitHeader::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::TestInitHeader").SetParent<MobilityHeader>().SetGroupName("Dmm");
    return tid;
}

TypeId
TestInitHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

TestInitHeader::TestInitHeader(uint8_t type)
    : MobilityHeader(type),
      m_cookie(0)
{
    if (type != HOME_TEST_INIT && type != CARE_OF_TEST_INIT)
    {
        throw std::invalid_argument("TestInitHeader: type must be HoTI (1) or CoTI (2)");
    }
}

void
TestInitHeader::SetInitCookie(uint64_t cookie)
{
    m_cookie = cookie;
}

uint64_t
TestInitHeader::GetInitCookie() const
{
    return m_cookie;
}

uint32_t
TestInitHeader::GetMessageDataLength() const
{
    return 10;
}

void
TestInitHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteU16(0);
    i.WriteHtonU64(m_cookie);
}

void
TestInitHeader::DeserializeMessageData(const uint8_t* data)
{
    m_cookie = ReadU64(data + 2);
}

void
TestInitHeader::PrintMessageData(std::ostream& os) const
{
    os << "cookie=0x" << std::hex << m_cookie << std::dec;
}

TypeId
HomeTestInitHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::HomeTestInitHeader")
                            .SetParent<TestInitHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<HomeTestInitHeader>();
    return tid;
}

TypeId
HomeTestInitHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

HomeTestInitHeader::HomeTestInitHeader()
    : TestInitHeader(HOME_TEST_INIT)
{
}

TypeId
CareOfTestInitHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::CareOfTestInitHeader")
                            .SetParent<TestInitHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<CareOfTestInitHeader>();
    return tid;
}

TypeId
CareOfTestInitHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

CareOfTestInitHeader::CareOfTestInitHeader()
    : TestInitHeader(CARE_OF_TEST_INIT)
{
}

// Test --------------------------------------------------------------------------------------

TypeId
TestHeader::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::TestHeader").SetParent<MobilityHeader>().SetGroupName("Dmm");
    return tid;
}

TypeId
TestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

TestHeader::TestHeader(uint8_t type)
    : MobilityHeader(type),
      m_nonceIndex(0),
      m_cookie(0),
      m_token(0)
{
    if (type != HOME_TEST && type != CARE_OF_TEST)
    {
        throw std::invalid_argument("TestHeader: type must be HoT (3) or CoT (4)");
    }
}

void
TestHeader::SetNonceIndex(uint16_t index)
{
    m_nonceIndex = index;
}

uint16_t
TestHeader::GetNonceIndex() const
{
    return m_nonceIndex;
}

void
TestHeader::SetInitCookie(uint64_t cookie)
{
    m_cookie = cookie;
}

uint64_t
TestHeader::GetInitCookie() const
{
    return m_cookie;
}

void
TestHeader::SetKeygenToken(uint64_t token)
{
    m_token = token;
}

uint64_t
TestHeader::GetKeygenToken() const
{
    return m_token;
}

uint32_t
TestHeader::GetMessageDataLength() const
{
    return 18;
}

void
TestHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteHtonU16(m_nonceIndex);
    i.WriteHtonU64(m_cookie);
    i.WriteHtonU64(m_token);
}

void
TestHeader::DeserializeMessageData(const uint8_t* data)
{
    m_nonceIndex = ReadU16(data);
    m_cookie = ReadU64(data + 2);
    m_token = ReadU64(data + 10);
}

void
TestHeader::PrintMessageData(std::ostream& os) const
{
    os << "nonceIndex=" << m_nonceIndex << ", cookie=0x" << std::hex << m_cookie
       << ", token=0x" << m_token << std::dec;
}

TypeId
HomeTestHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::HomeTestHeader")
                            .SetParent<TestHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<HomeTestHeader>();
    return tid;
}

TypeId
HomeTestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

HomeTestHeader::HomeTestHeader()
    : TestHeader(HOME_TEST)
{
}

TypeId
CareOfTestHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::CareOfTestHeader")
                            .SetParent<TestHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<CareOfTestHeader>();
    return tid;
}

TypeId
CareOfTestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

CareOfTestHeader::CareOfTestHeader()
    : TestHeader(CARE_OF_TEST)
{
}

// Binding Update ----------------------------------------------------------------------------

TypeId
BindingUpdateHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::BindingUpdateHeader")
                            .SetParent<MobilityHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<BindingUpdateHeader>();
    return tid;
}

TypeId
BindingUpdateHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

BindingUpdateHeader::BindingUpdateHeader()
    : MobilityHeader(BINDING_UPDATE),
      m_sequence(0),
      m_flags(0),
      m_lifetimeSeconds(0)
{
}

void
BindingUpdateHeader::SetSequence(uint16_t sequence)
{
    m_sequence = sequence;
}

uint16_t
BindingUpdateHeader::GetSequence() const
{
    return m_sequence;
}

void
BindingUpdateHeader::SetFlag(Flag flag, bool value)
{
    m_flags = value ? (m_flags | flag) : (m_flags & ~flag);
}

bool
BindingUpdateHeader::GetFlag(Flag flag) const
{
    return (m_flags & flag) != 0;
}

void
BindingUpdateHeader::SetFlags(uint16_t flags)
{
    m_flags = flags;
}

uint16_t
BindingUpdateHeader::GetFlags() const
{
    return m_flags;
}

void
BindingUpdateHeader::SetLifetime(Time lifetime)
{
    m_lifetimeSeconds = CheckedLifetime(lifetime, "BindingUpdateHeader");
}

Time
BindingUpdateHeader::GetLifetime() const
{
    return Seconds(m_lifetimeSeconds);
}

uint32_t
BindingUpdateHeader::GetMessageDataLength() const
{
    return 6;
}

void
BindingUpdateHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteHtonU16(m_sequence);
    i.WriteHtonU16(m_flags);
    i.WriteHtonU16(static_cast<uint16_t>(m_lifetimeSeconds / 4));
}

void
BindingUpdateHeader::DeserializeMessageData(const uint8_t* data)
{
    m_sequence = ReadU16(data);
    m_flags = ReadU16(data + 2);
    m_lifetimeSeconds = ReadU16(data + 4) * 4u;
}

void
BindingUpdateHeader::PrintMessageData(std::ostream& os) const
{
    os << "seq=" << m_sequence << ", flags=";
    const std::pair<Flag, char> names[] = {{FLAG_A, 'A'},
                                           {FLAG_H, 'H'},
                                           {FLAG_L, 'L'},
                                           {FLAG_K, 'K'},
                                           {FLAG_M, 'M'},
                                           {FLAG_R, 'R'},
                                           {FLAG_P, 'P'}};
    for (const auto& [flag, name] : names)
    {
        if (GetFlag(flag))
        {
            os << name;
        }
    }
    os << ", lifetime=" << m_lifetimeSeconds << "s";
}

// Binding Acknowledgement -------------------------------------------------------------------

TypeId
BindingAckHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::BindingAckHeader")
                            .SetParent<MobilityHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<BindingAckHeader>();
    return tid;
}

TypeId
BindingAckHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

BindingAckHeader::BindingAckHeader()
    : MobilityHeader(BINDING_ACKNOWLEDGEMENT),
      m_status(BINDING_UPDATE_ACCEPTED),
      m_flags(0),
      m_sequence(0),
      m_lifetimeSeconds(0)
{
}

void
BindingAckHeader::SetStatus(uint8_t status)
{
    m_status = status;
}

uint8_t
BindingAckHeader::GetStatus() const
{
    return m_status;
}

bool
BindingAckHeader::IsAccepted() const
{
    return m_status < 128;
}

void
BindingAckHeader::SetFlag(Flag flag, bool value)
{
    m_flags = value ? (m_flags | flag) : (m_flags & ~flag);
}

bool
BindingAckHeader::GetFlag(Flag flag) const
{
    return (m_flags & flag) != 0;
}

void
BindingAckHeader::SetFlags(uint8_t flags)
{
    m_flags = flags;
}

uint8_t
BindingAckHeader::GetFlags() const
{
    return m_flags;
}

void
BindingAckHeader::SetSequence(uint16_t sequence)
{
    m_sequence = sequence;
}

uint16_t
BindingAckHeader::GetSequence() const
{
    return m_sequence;
}

void
BindingAckHeader::SetLifetime(Time lifetime)
{
    m_lifetimeSeconds = CheckedLifetime(lifetime, "BindingAckHeader");
}

Time
BindingAckHeader::GetLifetime() const
{
    return Seconds(m_lifetimeSeconds);
}

std::string
BindingAckHeader::GetStatusName(uint8_t status)
{
    switch (status)
    {
    case BINDING_UPDATE_ACCEPTED:
        return "Binding Update accepted";
    case ACCEPTED_BUT_PREFIX_DISCOVERY_NECESSARY:
        return "Accepted but prefix discovery necessary";
    case REASON_UNSPECIFIED:
        return "Reason unspecified";
    case ADMINISTRATIVELY_PROHIBITED:
        return "Administratively prohibited";
    case INSUFFICIENT_RESOURCES:
        return "Insufficient resources";
    case HOME_REGISTRATION_NOT_SUPPORTED:
        return "Home registration not supported";
    case NOT_HOME_SUBNET:
        return "Not home subnet";
    case NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE:
        return "Not home agent for this mobile node";
    case DUPLICATE_ADDRESS_DETECTION_FAILED:
        return "Duplicate Address Detection failed";
    case SEQUENCE_NUMBER_OUT_OF_WINDOW:
        return "Sequence number out of window";
    case EXPIRED_HOME_NONCE_INDEX:
        return "Expired home nonce index";
    case EXPIRED_CARE_OF_NONCE_INDEX:
        return "Expired care-of nonce index";
    case EXPIRED_NONCES:
        return "Expired nonces";
    case REGISTRATION_TYPE_CHANGE_DISALLOWED:
        return "Registration type change disallowed";
    case MOBILE_ROUTER_OPERATION_NOT_PERMITTED:
        return "Mobile Router Operation not permitted";
    case INVALID_PREFIX:
        return "Invalid Prefix";
    case NOT_AUTHORIZED_FOR_PREFIX:
        return "Not Authorized for Prefix";
    case FORWARDING_SETUP_FAILED:
        return "Forwarding Setup failed";
    case MIPV6_ID_MISMATCH:
        return "MIPV6-ID-MISMATCH";
    case MIPV6_MESG_ID_REQD:
        return "MIPV6-MESG-ID-REQD";
    case MIPV6_AUTH_FAIL:
        return "MIPV6-AUTH-FAIL";
    case PROXY_REG_NOT_ENABLED:
        return "PROXY_REG_NOT_ENABLED";
    case NOT_LMA_FOR_THIS_MOBILE_NODE:
        return "NOT_LMA_FOR_THIS_MOBILE_NODE";
    case MAG_NOT_AUTHORIZED_FOR_PROXY_REG:
        return "MAG_NOT_AUTHORIZED_FOR_PROXY_REG";
    case NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX:
        return "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX";
    case TIMESTAMP_MISMATCH:
        return "TIMESTAMP_MISMATCH";
    case TIMESTAMP_LOWER_THAN_PREV_ACCEPTED:
        return "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED";
    case MISSING_HOME_NETWORK_PREFIX_OPTION:
        return "MISSING_HOME_NETWORK_PREFIX_OPTION";
    case BCE_PBU_PREFIX_SET_DO_NOT_MATCH:
        return "BCE_PBU_PREFIX_SET_DO_NOT_MATCH";
    case MISSING_MN_IDENTIFIER_OPTION:
        return "MISSING_MN_IDENTIFIER_OPTION";
    case MISSING_HANDOFF_INDICATOR_OPTION:
        return "MISSING_HANDOFF_INDICATOR_OPTION";
    case MISSING_ACCESS_TECH_TYPE_OPTION:
        return "MISSING_ACCESS_TECH_TYPE_OPTION";
    default:
        return "Status " + std::to_string(status);
    }
}

uint32_t
BindingAckHeader::GetMessageDataLength() const
{
    return 6;
}

void
BindingAckHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteU8(m_status);
    i.WriteU8(m_flags);
    i.WriteHtonU16(m_sequence);
    i.WriteHtonU16(static_cast<uint16_t>(m_lifetimeSeconds / 4));
}

void
BindingAckHeader::DeserializeMessageData(const uint8_t* data)
{
    m_status = data[0];
    m_flags = data[1];
    m_sequence = ReadU16(data + 2);
    m_lifetimeSeconds = ReadU16(data + 4) * 4u;
}

void
BindingAckHeader::PrintMessageData(std::ostream& os) const
{
    os << "status=" << static_cast<uint32_t>(m_status) << " (" << GetStatusName(m_status)
       << "), flags=" << (GetFlag(FLAG_K) ? "K" : "") << (GetFlag(FLAG_R) ? "R" : "")
       << (GetFlag(FLAG_P) ? "P" : "") << ", seq=" << m_sequence
       << ", lifetime=" << m_lifetimeSeconds << "s";
}

// Binding Error -----------------------------------------------------------------------------

TypeId
BindingErrorHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::BindingErrorHeader")
                            .SetParent<MobilityHeader>()
                            .SetGroupName("Dmm")
                            .AddConstructor<BindingErrorHeader>();
    return tid;
}

TypeId
BindingErrorHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

BindingErrorHeader::BindingErrorHeader()
    : MobilityHeader(BINDING_ERROR),
      m_status(UNRECOGNIZED_MH_TYPE_VALUE),
      m_homeAddress(Ipv6Address::GetAny())
{
}

void
BindingErrorHeader::SetStatus(uint8_t status)
{
    m_status = status;
}

uint8_t
BindingErrorHeader::GetStatus() const
{
    return m_status;
}

void
BindingErrorHeader::SetHomeAddress(Ipv6Address address)
{
    m_homeAddress = address;
}

Ipv6Address
BindingErrorHeader::GetHomeAddress() const
{
    return m_homeAddress;
}

uint32_t
BindingErrorHeader::GetMessageDataLength() const
{
    return 18;
}

void
BindingErrorHeader::SerializeMessageData(Buffer::Iterator& i) const
{
    i.WriteU8(m_status);
    i.WriteU8(0);
    uint8_t buf[16];
    m_homeAddress.Serialize(buf);
    i.Write(buf, 16);
}

void
BindingErrorHeader::DeserializeMessageData(const uint8_t* data)
{
    m_status = data[0];
    m_homeAddress = Ipv6Address::Deserialize(data + 2);
}

void
BindingErrorHeader::PrintMessageData(std::ostream& os) const
{
    os << "status=" << static_cast<uint32_t>(m_status) << ", homeAddress=" << m_homeAddress;
}

} // namespace dmm
} // namespace ns3
