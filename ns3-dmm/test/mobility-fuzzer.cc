/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-fuzzer.h"

#include "ns3/boolean.h"
#include "ns3/dmm-stack-helper.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/location-management-header.h"
#include "ns3/location-management.h"
#include "ns3/log.h"
#include "ns3/mobility-authentication.h"
#include "ns3/mobility-option.h"
#include "ns3/mobility-routing.h"
#include "ns3/packet.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <exception>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DmmMobilityFuzzer");

namespace dmm
{

namespace
{

/// The receiver's served (home) prefix; corpus home addresses and prefixes lie in it.
const char* const HOME = "2001:db8:99::";
/// A home address inside it.
const char* const HOA = "2001:db8:99::100";
/// The SPI and key of the association the signed corpus registration uses.
constexpr uint32_t SPI = 256;
const std::vector<uint8_t> KEY(20, 0x0b);
/// The SPI and key of the proxy association the signed corpus proxy registration uses.
constexpr uint32_t PROXY_SPI = 257;
const std::vector<uint8_t> PROXY_KEY(20, 0x0c);
/// The receiver's clock (ClockOffset): the corpus timestamps are this time, so that the
/// first messages are fresh and later ones stale.
const Time CLOCK = Seconds(1800000000);
/// The longest Mobility Header: Header Len 255. Messages may run up to 16 octets past it.
constexpr uint32_t MAX_LENGTH = 256 * 8;

/// @return the octets `message` serializes to (checksum zero)
std::vector<uint8_t>
Octets(const MobilityHeader& message)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(message);
    std::vector<uint8_t> out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

/// @return a hex dump of up to 64 octets
std::string
Hex(const std::vector<uint8_t>& m)
{
    std::ostringstream os;
    for (size_t i = 0; i < std::min<size_t>(m.size(), 64); ++i)
    {
        os << std::hex << std::setw(2) << std::setfill('0') << static_cast<uint32_t>(m[i]);
    }
    if (m.size() > 64)
    {
        os << "...(" << std::dec << m.size() << " octets)";
    }
    return os.str();
}

} // namespace

MobilityFuzzer::MobilityFuzzer(uint64_t seed, bool authentication)
    : m_rng(seed),
      m_authentication(authentication),
      m_target(0),
      m_messages(0),
      m_unknownTypes(0),
      m_checksummed(0),
      m_roundTrips(0),
      m_corpusReceived(0),
      m_bindingsAfterCorpus(0),
      m_parse{},
      m_violations{}
{
}

MobilityFuzzer::~MobilityFuzzer() = default;

std::vector<std::vector<uint8_t>>
MobilityFuzzer::BuildCorpus() const
{
    std::vector<std::vector<uint8_t>> corpus;
    const Ipv6Address hoa(HOA);
    const Ipv6Address home(HOME);

    BindingRefreshRequestHeader brr;
    corpus.push_back(Octets(brr));
    HomeTestInitHeader hoti;
    hoti.SetInitCookie(0x0102030405060708ULL);
    corpus.push_back(Octets(hoti));
    CareOfTestInitHeader coti;
    coti.SetInitCookie(0x1112131415161718ULL);
    corpus.push_back(Octets(coti));
    HomeTestHeader hot;
    hot.SetNonceIndex(7);
    hot.SetInitCookie(1);
    hot.SetKeygenToken(2);
    corpus.push_back(Octets(hot));
    CareOfTestHeader cot;
    cot.SetNonceIndex(9);
    corpus.push_back(Octets(cot));

    // Host home registration, refresh-advised, with the RFC 6275 options.
    BindingUpdateHeader bu;
    bu.SetSequence(1);
    bu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    bu.SetFlag(BindingUpdateHeader::FLAG_H, true);
    bu.SetLifetime(Seconds(60));
    bu.AddOption(HomeNetworkPrefixOption(hoa, 128));
    bu.AddOption(AlternateCareOfAddressOption(m_src));
    bu.AddOption(NonceIndicesOption(1, 2));
    bu.AddOption(BindingAuthorizationDataOption(std::vector<uint8_t>(12, 0xaa)));
    corpus.push_back(Octets(bu));
    // The same registration signed (RFC 4285) under the receiver's association.
    BindingUpdateHeader signedBu;
    signedBu.SetSequence(2);
    signedBu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    signedBu.SetFlag(BindingUpdateHeader::FLAG_H, true);
    signedBu.SetLifetime(Seconds(30));
    signedBu.AddOption(HomeNetworkPrefixOption(hoa, 128));
    signedBu.AddOption(MobilityMessageReplayProtectionOption(CLOCK));
    MobilityAuthentication::Sign(signedBu,
                                 MobilityMessageAuthenticationOption::MN_HA,
                                 SPI,
                                 KEY,
                                 m_src,
                                 hoa);
    corpus.push_back(Octets(signedBu));
    // A deregistration.
    BindingUpdateHeader dereg;
    dereg.SetSequence(3);
    dereg.SetFlag(BindingUpdateHeader::FLAG_H, true);
    dereg.SetLifetime(Seconds(0));
    dereg.AddOption(HomeNetworkPrefixOption(hoa, 128));
    corpus.push_back(Octets(dereg));
    // A proxy registration (RFC 5213) with every PMIPv6 option.
    BindingUpdateHeader pbu;
    pbu.SetSequence(4);
    pbu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    pbu.SetFlag(BindingUpdateHeader::FLAG_H, true);
    pbu.SetFlag(BindingUpdateHeader::FLAG_P, true);
    pbu.SetLifetime(Seconds(60));
    pbu.AddOption(MobileNodeIdentifierOption("mn1@dmm.example"));
    pbu.AddOption(HomeNetworkPrefixOption(home, 64));
    pbu.AddOption(HandoffIndicatorOption(HandoffIndicatorOption::ATTACHMENT_OVER_NEW_INTERFACE));
    pbu.AddOption(AccessTechnologyTypeOption(AccessTechnologyTypeOption::IEEE_802_11));
    pbu.AddOption(MobileNodeLinkLayerIdentifierOption({0, 0, 0, 0, 0, 1}));
    pbu.AddOption(LinkLocalAddressOption(Ipv6Address("fe80::1")));
    pbu.AddOption(TimestampOption(CLOCK));
    corpus.push_back(Octets(pbu));
    // The same proxy registration signed under the proxy's association (MAG-LMA).
    BindingUpdateHeader signedPbu = pbu;
    signedPbu.SetSequence(6);
    MobilityAuthentication::Sign(signedPbu,
                                 MobilityMessageAuthenticationOption::MN_HA,
                                 PROXY_SPI,
                                 PROXY_KEY,
                                 m_src,
                                 Ipv6Address::GetAny());
    corpus.push_back(Octets(signedPbu));
    // A MAP registration (RFC 5380).
    BindingUpdateHeader mapBu;
    mapBu.SetSequence(5);
    mapBu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    mapBu.SetFlag(BindingUpdateHeader::FLAG_M, true);
    mapBu.SetLifetime(Seconds(60));
    mapBu.AddOption(HomeNetworkPrefixOption(hoa, 128));
    corpus.push_back(Octets(mapBu));

    BindingAckHeader ba;
    ba.SetStatus(0);
    ba.SetSequence(1);
    ba.SetLifetime(Seconds(60));
    ba.AddOption(BindingRefreshAdviceOption(Seconds(30)));
    corpus.push_back(Octets(ba));
    BindingAckHeader pba;
    pba.SetStatus(BindingAckHeader::TIMESTAMP_MISMATCH);
    pba.SetFlag(BindingAckHeader::FLAG_P, true);
    pba.SetSequence(4);
    pba.AddOption(MobileNodeIdentifierOption("mn1@dmm.example"));
    pba.AddOption(HomeNetworkPrefixOption(home, 64));
    pba.AddOption(TimestampOption(Seconds(1700000000)));
    corpus.push_back(Octets(pba));
    BindingErrorHeader be;
    be.SetStatus(BindingErrorHeader::UNKNOWN_BINDING_FOR_HOME_ADDRESS_DESTINATION_OPTION);
    be.SetHomeAddress(hoa);
    corpus.push_back(Octets(be));

    // The location management messages (Experimental Mobility Header), each subtype.
    for (uint8_t subtype = LocationManagementHeader::LOCATION_QUERY;
         subtype <= LocationManagementHeader::LOCATION_REPLICATE_ACK;
         ++subtype)
    {
        LocationManagementHeader lm(subtype);
        lm.SetSequence(subtype);
        lm.SetLifetime(Seconds(60));
        lm.AddOption(MobileNodeIdentifierOption("mn1@dmm.example"));
        lm.AddOption(HomeNetworkPrefixOption(home, 64));
        lm.AddOption(AlternateCareOfAddressOption(m_src));
        corpus.push_back(Octets(lm));
    }
    return corpus;
}

std::vector<uint8_t>
MobilityFuzzer::Mutate()
{
    std::vector<uint8_t> m = m_corpus[m_rng() % m_corpus.size()];
    auto uniform = [this](uint64_t n) { return n == 0 ? 0 : m_rng() % n; };
    static const uint8_t interesting[] = {0, 1, 2, 7, 8, 0x7f, 0x80, 0xfe, 0xff};
    const uint32_t rounds = 1 + uniform(4);
    for (uint32_t r = 0; r < rounds; ++r)
    {
        switch (uniform(10))
        {
        case 0: // flip bits
        case 1:
            if (!m.empty())
            {
                m[uniform(m.size())] ^= static_cast<uint8_t>(1U << uniform(8));
            }
            break;
        case 2: // an interesting octet value
            if (!m.empty())
            {
                m[uniform(m.size())] = interesting[uniform(sizeof(interesting))];
            }
            break;
        case 3: // Header Len
            if (m.size() > 1)
            {
                m[1] = uniform(2) ? static_cast<uint8_t>(m[1] + uniform(3) - 1)
                                  : static_cast<uint8_t>(uniform(256));
            }
            break;
        case 4: // MH Type
            if (m.size() > 2)
            {
                m[2] = static_cast<uint8_t>(uniform(2) ? uniform(13) : uniform(256));
            }
            break;
        case 5: // truncate
            m.resize(uniform(m.size() + 1));
            break;
        case 6: { // a random tail
            const uint64_t n = 1 + uniform(64);
            for (uint64_t k = 0; k < n; ++k)
            {
                m.push_back(static_cast<uint8_t>(m_rng()));
            }
            break;
        }
        case 7: { // an option inserted at the end: random type, length and data
            const uint8_t type = static_cast<uint8_t>(uniform(2) ? uniform(32) : uniform(256));
            const uint8_t length = static_cast<uint8_t>(uniform(2) ? uniform(24) : uniform(256));
            m.push_back(type);
            m.push_back(length);
            const uint64_t present = uniform(static_cast<uint64_t>(length) + 2);
            for (uint64_t k = 0; k < present; ++k)
            {
                m.push_back(static_cast<uint8_t>(m_rng()));
            }
            break;
        }
        case 8: // an Option Length octet somewhere in the options area
            if (m.size() > 13)
            {
                const size_t at = 12 + uniform(m.size() - 12);
                m[at] = static_cast<uint8_t>(uniform(2) ? uniform(32) : uniform(256));
            }
            break;
        default: { // splice the options of another corpus message
            const auto& other = m_corpus[uniform(m_corpus.size())];
            if (other.size() > 12 && m.size() > 8)
            {
                const size_t from = 8 + uniform(other.size() - 8);
                m.resize(8 + uniform(m.size() - 8));
                m.insert(m.end(), other.begin() + from, other.end());
            }
            break;
        }
        }
    }
    if (m.size() > MAX_LENGTH + 16)
    {
        m.resize(MAX_LENGTH + 16);
    }
    // Mostly a consistent Header Len (a multiple of 8 octets), so that the options are read.
    if (m.size() >= 8 && uniform(4) != 0)
    {
        m.resize(m.size() - m.size() % 8);
        m[1] = static_cast<uint8_t>(m.size() / 8 - 1);
    }
    return m;
}

void
MobilityFuzzer::FillChecksum(std::vector<uint8_t>& m) const
{
    if (m.size() < 6)
    {
        return;
    }
    m[4] = 0;
    m[5] = 0;
    uint32_t sum = 0;
    uint8_t addr[16];
    m_src.GetBytes(addr);
    for (int i = 0; i < 16; i += 2)
    {
        sum += (static_cast<uint32_t>(addr[i]) << 8) | addr[i + 1];
    }
    m_dst.GetBytes(addr);
    for (int i = 0; i < 16; i += 2)
    {
        sum += (static_cast<uint32_t>(addr[i]) << 8) | addr[i + 1];
    }
    // The checksum covers what the receiver verifies: Header Len's octets when they are all
    // there, the upper-layer length being that.
    const uint32_t announced = (static_cast<uint32_t>(m[1]) + 1) * 8;
    const uint32_t length = std::min<uint32_t>(announced, m.size());
    sum += length >> 16;
    sum += length & 0xffff;
    sum += MobilityL4Protocol::PROT_NUMBER;
    for (uint32_t i = 0; i < length; i += 2)
    {
        sum += (static_cast<uint32_t>(m[i]) << 8) | (i + 1 < length ? m[i + 1] : 0);
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    const uint16_t checksum = static_cast<uint16_t>(~sum);
    m[4] = static_cast<uint8_t>(checksum >> 8);
    m[5] = static_cast<uint8_t>(checksum & 0xff);
}

void
MobilityFuzzer::Violate(Violation kind, const std::vector<uint8_t>& m, const std::string& what)
{
    ++m_violations[kind];
    if (m_firstViolation.empty())
    {
        m_firstViolation = what + ": " + Hex(m);
    }
}

void
MobilityFuzzer::Feed(const std::vector<uint8_t>& m)
{
    ++m_messages;
    // What the receiver must conclude, from the codec alone.
    bool wellFormed = false;
    const uint32_t announced = m.size() >= 2 ? (static_cast<uint32_t>(m[1]) + 1) * 8 : 0;
    const bool complete = m.size() >= 8 && announced <= m.size();
    const bool checksumOk =
        complete && MobilityL4Protocol::VerifyChecksum(m.data(), announced, m_src, m_dst);
    try
    {
        std::unique_ptr<MobilityHeader> message =
            m.size() > 2 ? MobilityL4Protocol::CreateMessage(m[2]) : nullptr;
        if (m.size() > 2 && !message)
        {
            ++m_unknownTypes;
        }
        if (message)
        {
            const uint32_t length = complete ? announced : m.size();
            const MobilityHeader::ParseStatus status = message->DeserializeBytes(m.data(), length);
            ++m_parse[status];
            // Through Packet: the same octets, with Header::Deserialize on a Buffer.
            Ptr<Packet> p = Create<Packet>(m.data(), m.size());
            std::unique_ptr<MobilityHeader> viaPacket = MobilityL4Protocol::CreateMessage(m[2]);
            p->PeekHeader(*viaPacket);
            if (viaPacket->GetParseStatus() != status)
            {
                Violate(PACKET_MISMATCH,
                        m,
                        "Packet " + MobilityHeader::GetParseStatusName(
                                        viaPacket->GetParseStatus()) +
                            " vs bytes " + MobilityHeader::GetParseStatusName(status));
            }
            wellFormed = checksumOk && status == MobilityHeader::PARSE_OK &&
                         m[0] == MobilityHeader::IPPROTO_NONE &&
                         announced >= MobilityHeader::GetMinimumLength(m[2]);
            if (status == MobilityHeader::PARSE_OK && message->IsSerializable())
            {
                ++m_roundTrips;
                const std::vector<uint8_t> once = Octets(*message);
                std::unique_ptr<MobilityHeader> again = MobilityL4Protocol::CreateMessage(m[2]);
                if (again->DeserializeBytes(once.data(), once.size()) != MobilityHeader::PARSE_OK)
                {
                    Violate(ROUND_TRIP, m, "reserialized message does not parse");
                }
                else if (!again->IsSerializable() || Octets(*again) != once)
                {
                    Violate(ROUND_TRIP, m, "reserialization is not a fixed point");
                }
            }
        }
    }
    catch (const std::exception& e)
    {
        Violate(EXCEPTION, m, std::string("codec threw ") + e.what());
    }

    // Through the receiver's MobilityL4Protocol, as Ipv6L3Protocol hands it a packet.
    // Accepted messages add their octets to the protocol's count (at least 8 each).
    const uint64_t receivedBefore = m_l4->GetRxBytes();
    Ipv6Header ip;
    ip.SetSource(m_src);
    ip.SetDestination(m_dst);
    ip.SetNextHeader(MobilityL4Protocol::PROT_NUMBER);
    ip.SetPayloadLength(m.size());
    ip.SetHopLimit(64);
    Ptr<Ipv6L3Protocol> ipv6 = m_receiver->GetObject<Ipv6L3Protocol>();
    try
    {
        m_l4->Receive(Create<Packet>(m.data(), m.size()), ip, ipv6->GetInterface(1));
    }
    catch (const std::exception& e)
    {
        Violate(EXCEPTION, m, std::string("MobilityL4Protocol threw ") + e.what());
    }
    const bool delivered = m_l4->GetRxBytes() > receivedBefore;
    if (delivered != wellFormed)
    {
        Violate(VERDICT,
                m,
                std::string(delivered ? "delivered" : "dropped") + " but the codec says " +
                    (wellFormed ? "well formed" : "malformed"));
    }
}

void
MobilityFuzzer::Step()
{
    std::vector<uint8_t> m;
    if (m_messages < m_corpus.size())
    {
        // The corpus itself first: each message well formed, with a valid checksum.
        m = m_corpus[m_messages];
        FillChecksum(m);
        ++m_checksummed;
        const uint64_t before = GetReceived();
        Feed(m);
        m_corpusReceived += GetReceived() - before;
        m_bindingsAfterCorpus = m_lm->GetNBindings();
    }
    else
    {
        m = Mutate();
        if (m_rng() % 20 != 0)
        {
            FillChecksum(m);
            ++m_checksummed;
        }
        Feed(m);
    }
    if (m_messages < m_target)
    {
        Simulator::Schedule(MilliSeconds(1), &MobilityFuzzer::Step, this);
    }
}

void
MobilityFuzzer::Run(uint64_t messages)
{
    NS_ABORT_MSG_IF(m_receiver, "MobilityFuzzer::Run runs once");
    m_target = messages;
    m_sender = CreateObject<Node>();
    m_receiver = CreateObject<Node>();
    NodeContainer nodes(m_sender, m_receiver);
    Ipv6StaticRoutingHelper staticRouting;
    Ipv6ListRoutingHelper routing;
    routing.Add(staticRouting, 0);
    InternetStackHelper internet;
    internet.SetIpv4StackInstall(false);
    internet.SetRoutingHelper(routing);
    internet.Install(nodes);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
    }
    Ptr<SimpleChannel> channel = CreateObject<SimpleChannel>();
    NetDeviceContainer devices;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        device->SetChannel(channel);
        nodes.Get(i)->AddDevice(device);
        devices.Add(device);
    }
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:0:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer interfaces = addresses.Assign(devices);
    interfaces.SetForwarding(1, true);
    DmmStackHelper stack;
    stack.Install(nodes);
    DmmStackHelper::InstallMobilityRouting(m_receiver);
    m_lm = CreateObject<LocationManagement>();
    m_lm->SetAttribute("RequireAuthentication", BooleanValue(m_authentication));
    m_lm->SetAttribute("ReplayProtection", BooleanValue(m_authentication));
    m_lm->SetAttribute("ClockOffset", TimeValue(CLOCK));
    m_lm->AddServedPrefix(Ipv6Address("2001:db8:99::"), 48);
    m_lm->AddSecurityAssociation(SPI, KEY, Ipv6Address(HOA));
    m_lm->AddProxySecurityAssociation(PROXY_SPI, PROXY_KEY);
    m_lm->AddMobilityRouter(interfaces.GetAddress(0, 1));
    m_lm->AddReplica(interfaces.GetAddress(0, 1));
    m_receiver->AggregateObject(m_lm);
    m_l4 = m_receiver->GetObject<MobilityL4Protocol>();
    m_src = interfaces.GetAddress(0, 1);
    m_dst = interfaces.GetAddress(1, 1);
    m_corpus = BuildCorpus();

    if (messages > 0)
    {
        Simulator::Schedule(MilliSeconds(1), &MobilityFuzzer::Step, this);
    }
    Simulator::Run();
}

uint64_t
MobilityFuzzer::GetMessages() const
{
    return m_messages;
}

uint32_t
MobilityFuzzer::GetCorpusSize() const
{
    return m_corpus.size();
}

uint64_t
MobilityFuzzer::GetParseCount(uint8_t status) const
{
    return status < m_parse.size() ? m_parse[status] : 0;
}

uint64_t
MobilityFuzzer::GetCorpusReceived() const
{
    return m_corpusReceived;
}

uint32_t
MobilityFuzzer::GetBindingsAfterCorpus() const
{
    return m_bindingsAfterCorpus;
}

uint64_t
MobilityFuzzer::GetUnknownTypes() const
{
    return m_unknownTypes;
}

uint64_t
MobilityFuzzer::GetChecksummed() const
{
    return m_checksummed;
}

uint64_t
MobilityFuzzer::GetRoundTrips() const
{
    return m_roundTrips;
}

uint64_t
MobilityFuzzer::GetViolations(uint8_t kind) const
{
    return kind < VIOLATION_COUNT ? m_violations[kind] : 0;
}

uint64_t
MobilityFuzzer::GetTotalViolations() const
{
    uint64_t total = 0;
    for (uint64_t v : m_violations)
    {
        total += v;
    }
    return total;
}

uint64_t
MobilityFuzzer::GetDropCount(uint8_t reason) const
{
    return m_l4 ? m_l4->GetDropCount(static_cast<MobilityL4Protocol::DropReason>(reason)) : 0;
}

uint64_t
MobilityFuzzer::SumOverTypes(uint64_t (MobilityL4Protocol::*count)(uint8_t) const) const
{
    uint64_t sum = 0;
    for (uint32_t type = 0; m_l4 && type < 256; ++type)
    {
        sum += (*m_l4.*count)(static_cast<uint8_t>(type));
    }
    return sum;
}

uint64_t
MobilityFuzzer::GetReceived() const
{
    return SumOverTypes(&MobilityL4Protocol::GetRxCount);
}

uint64_t
MobilityFuzzer::GetDelivered() const
{
    return m_l4 ? GetReceived() - m_l4->GetDropCount(MobilityL4Protocol::DROP_NO_HANDLER) : 0;
}

uint64_t
MobilityFuzzer::GetAnswers() const
{
    return SumOverTypes(&MobilityL4Protocol::GetTxCount);
}

uint64_t
MobilityFuzzer::GetErrorsSent() const
{
    return m_l4 ? m_l4->GetBindingErrorsSent() + m_l4->GetParameterProblemsSent() : 0;
}

uint32_t
MobilityFuzzer::GetBindings() const
{
    return m_lm ? m_lm->GetNBindings() : 0;
}

uint64_t
MobilityFuzzer::GetAuthenticationFailures() const
{
    return m_lm ? m_lm->GetAuthenticationFailures() : 0;
}

std::string
MobilityFuzzer::GetFirstViolation() const
{
    return m_firstViolation;
}

} // namespace dmm
} // namespace ns3
