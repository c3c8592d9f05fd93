/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-l4-protocol.h"

#include "location-management-header.h"
#include "mobile-ipv6-extensions.h"
#include "mobility-authentication.h"

#include "ns3/boolean.h"
#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>
#include <numeric>
#include <set>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("MobilityL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(MobilityL4Protocol);

namespace
{
constexpr uint32_t MAX_MH_LENGTH = 256 * 8;
constexpr uint32_t IPV6_HEADER_LENGTH = 40;
} // namespace

TypeId
MobilityL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::MobilityL4Protocol")
            .SetParent<IpL4Protocol>()
            .SetGroupName("Dmm")
            .AddConstructor<MobilityL4Protocol>()
            .AddAttribute("ErrorRateLimit",
                          "Binding Errors and ICMPv6 Parameter Problems sent per second at most "
                          "(RFC 6275 section 9.3.3 rate-limits them like ICMPv6; 0 sends none).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&MobilityL4Protocol::m_errorRateLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RequirePeerAuthentication",
                          "Take a location management message (experimental MH Type 11) only with a "
                          "valid RFC 4285 authenticator under the security association with "
                          "its source (AddPeerAssociation); others are dropped and counted "
                          "(DROP_UNAUTHENTICATED). The ns3dmm deploy turns it on with "
                          "LocationManagement.RequireAuthentication.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobilityL4Protocol::m_requirePeerAuthentication),
                          MakeBooleanChecker())
            .AddAttribute("PeerReplayProtection",
                          "RFC 4285 section 6 for location management messages: those signed "
                          "under a peer association carry a Mobility Message Replay Protection "
                          "option with this node's time (ClockOffset plus the simulated time); "
                          "with RequirePeerAuthentication, an authentic one is taken only with "
                          "a timestamp within PeerReplayWindow of this node's clock and not "
                          "taken before under the association (the same timestamp and "
                          "authenticator); others are dropped and counted (DROP_REPLAYED). The "
                          "ns3dmm deploy follows LocationManagement.ReplayProtection.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobilityL4Protocol::m_peerReplayProtection),
                          MakeBooleanChecker())
            .AddAttribute("PeerReplayWindow",
                          "RFC 4285 section 6: largest difference between a location management "
                          "message's replay protection timestamp and this node's clock (default "
                          "7 s, as LocationManagement.ReplayProtectionWindow).",
                          TimeValue(Seconds(7)),
                          MakeTimeAccessor(&MobilityL4Protocol::m_peerReplayWindow),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ClockOffset",
                          "Time since 1970-01-01 UTC at simulation time 0, for replay "
                          "protection timestamps (all nodes share one clock).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MobilityL4Protocol::m_clockOffset),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Tx",
                            "A Mobility Header message is sent.",
                            MakeTraceSourceAccessor(&MobilityL4Protocol::m_txTrace),
                            "ns3::dmm::MobilityL4Protocol::MessageTracedCallback")
            .AddTraceSource("Rx",
                            "A well-formed Mobility Header message is received.",
                            MakeTraceSourceAccessor(&MobilityL4Protocol::m_rxTrace),
                            "ns3::dmm::MobilityL4Protocol::MessageTracedCallback")
            .AddTraceSource("Drop",
                            "A Mobility Header message is dropped, with the reason.",
                            MakeTraceSourceAccessor(&MobilityL4Protocol::m_dropTrace),
                            "ns3::dmm::MobilityL4Protocol::DropTracedCallback");
    return tid;
}

MobilityL4Protocol::MobilityL4Protocol()
    : m_errorRateLimit(100),
      m_errorWindowStart(Seconds(0))
{
    NS_LOG_FUNCTION(this);
}

MobilityL4Protocol::~MobilityL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
MobilityL4Protocol::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
MobilityL4Protocol::GetNode() const
{
    return m_node;
}

void
MobilityL4Protocol::NotifyNewAggregate()
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
MobilityL4Protocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_handlers.clear();
    m_receiveErrorModel = nullptr;
    for (auto& function : m_adopted)
    {
        function->Dispose();
    }
    m_adopted.clear();
    m_node = nullptr;
    m_downTarget6 = MakeNullCallback<void, Ptr<Packet>, Ipv6Address, Ipv6Address, uint8_t,
                                     Ptr<Ipv6Route>>();
    IpL4Protocol::DoDispose();
}

int
MobilityL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

uint16_t
MobilityL4Protocol::HandlerKey(uint8_t type, uint8_t subtype)
{
    return static_cast<uint16_t>((type << 8) | (type == MobilityHeader::EXPERIMENTAL ? subtype : 0));
}

void
MobilityL4Protocol::SetHandler(uint8_t mhType, MessageHandler handler)
{
    NS_LOG_FUNCTION(this << +mhType);
    if (mhType == MobilityHeader::EXPERIMENTAL)
    {
        throw std::invalid_argument("MobilityL4Protocol::SetHandler: MH Type 11 carries location "
                                    "management messages; use SetLocationManagementHandler");
    }
    if (handler.IsNull())
    {
        m_handlers.erase(HandlerKey(mhType, 0)); // a null handler removes the type's handlers
        return;
    }
    m_handlers[HandlerKey(mhType, 0)] = {{handler, "", ClaimCallback()}};
}

void
MobilityL4Protocol::AddHandler(uint8_t mhType,
                               uint8_t subtype,
                               MessageHandler handler,
                               const std::string& function,
                               ClaimCallback claim)
{
    NS_LOG_FUNCTION(this << +mhType << +subtype << function);
    if (handler.IsNull())
    {
        throw std::invalid_argument("MobilityL4Protocol::AddHandler: no handler");
    }
    m_handlers[HandlerKey(mhType, subtype)].push_back({handler, function, claim});
}

void
MobilityL4Protocol::SetLocationManagementHandler(uint8_t subtype, MessageHandler handler)
{
    SetLocationManagementHandler(subtype, handler, "");
}

void
MobilityL4Protocol::SetHandler(uint8_t mhType, MessageHandler handler, const std::string& function)
{
    SetHandler(mhType, handler);
    if (!handler.IsNull())
    {
        m_handlers[HandlerKey(mhType, 0)].front().function = function;
    }
}

void
MobilityL4Protocol::SetLocationManagementHandler(uint8_t subtype,
                                                 MessageHandler handler,
                                                 const std::string& function)
{
    NS_LOG_FUNCTION(this << +subtype << function);
    if (handler.IsNull())
    {
        m_handlers.erase(HandlerKey(MobilityHeader::EXPERIMENTAL, subtype));
        return;
    }
    m_handlers[HandlerKey(MobilityHeader::EXPERIMENTAL, subtype)] = {
        {handler, function, ClaimCallback()}};
}

std::string
MobilityL4Protocol::GetHandlerFunction(uint8_t mhType, uint8_t subtype) const
{
    const uint16_t key = HandlerKey(mhType, mhType == MobilityHeader::EXPERIMENTAL ? subtype : 0);
    auto it = m_handlers.find(key);
    if (it == m_handlers.end() || it->second.empty())
    {
        return "";
    }
    return it->second.front().function;
}

std::vector<std::tuple<uint8_t, uint8_t, std::string>>
MobilityL4Protocol::GetHandlerFunctions() const
{
    std::vector<std::tuple<uint8_t, uint8_t, std::string>> out;
    for (const auto& [key, handlers] : m_handlers)
    {
        for (const auto& h : handlers)
        {
            if (!h.handler.IsNull())
            {
                out.emplace_back(static_cast<uint8_t>(key >> 8),
                                 static_cast<uint8_t>(key & 0xff),
                                 h.function);
            }
        }
    }
    return out;
}

void
MobilityL4Protocol::Adopt(Ptr<Object> function)
{
    if (!function)
    {
        throw std::invalid_argument("MobilityL4Protocol::Adopt: no function");
    }
    m_adopted.push_back(function);
}

std::vector<MobilityL4Protocol::HandledRecord>
MobilityL4Protocol::GetHandled() const
{
    std::vector<HandledRecord> out;
    for (const auto& [key, messages] : m_handled)
    {
        out.push_back(
            {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), messages});
    }
    return out;
}

std::vector<MobilityL4Protocol::SentRecord>
MobilityL4Protocol::GetSent() const
{
    std::vector<SentRecord> out;
    for (const auto& [key, counts] : m_sent)
    {
        out.push_back({std::get<0>(key),
                       std::get<1>(key),
                       std::get<2>(key),
                       std::get<3>(key),
                       counts.first,
                       counts.second});
    }
    return out;
}

void
MobilityL4Protocol::RemoveHandler(uint8_t mhType)
{
    m_handlers.erase(HandlerKey(mhType, 0));
}

std::unique_ptr<MobilityHeader>
MobilityL4Protocol::CreateMessage(uint8_t mhType)
{
    switch (mhType)
    {
    case MobilityHeader::BINDING_REFRESH_REQUEST:
        return std::make_unique<BindingRefreshRequestHeader>();
    case MobilityHeader::HOME_TEST_INIT:
        return std::make_unique<HomeTestInitHeader>();
    case MobilityHeader::CARE_OF_TEST_INIT:
        return std::make_unique<CareOfTestInitHeader>();
    case MobilityHeader::HOME_TEST:
        return std::make_unique<HomeTestHeader>();
    case MobilityHeader::CARE_OF_TEST:
        return std::make_unique<CareOfTestHeader>();
    case MobilityHeader::BINDING_UPDATE:
        return std::make_unique<BindingUpdateHeader>();
    case MobilityHeader::BINDING_ACKNOWLEDGEMENT:
        return std::make_unique<BindingAckHeader>();
    case MobilityHeader::BINDING_ERROR:
        return std::make_unique<BindingErrorHeader>();
    case MobilityHeader::EXPERIMENTAL:
        return std::make_unique<LocationManagementHeader>();
    default:
        return nullptr;
    }
}

bool
MobilityL4Protocol::VerifyChecksum(const uint8_t* data,
                                   uint32_t length,
                                   const Ipv6Address& src,
                                   const Ipv6Address& dst)
{
    // RFC 1071 one's complement sum over the pseudo-header (RFC 2460 section 8.1) and the
    // message, in network byte order.
    uint64_t sum = 0;
    uint8_t addr[16];
    src.Serialize(addr);
    for (int k = 0; k < 16; k += 2)
    {
        sum += (addr[k] << 8) | addr[k + 1];
    }
    dst.Serialize(addr);
    for (int k = 0; k < 16; k += 2)
    {
        sum += (addr[k] << 8) | addr[k + 1];
    }
    sum += (length >> 16) + (length & 0xffff);
    sum += PROT_NUMBER;
    for (uint32_t k = 0; k + 1 < length; k += 2)
    {
        sum += (data[k] << 8) | data[k + 1];
    }
    if (length & 1)
    {
        sum += data[length - 1] << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

IpL4Protocol::RxStatus
MobilityL4Protocol::Receive(Ptr<Packet> p,
                            const Ipv4Header& header,
                            Ptr<Ipv4Interface> incomingInterface)
{
    // The Mobility Header is an IPv6 protocol.
    return IpL4Protocol::RX_ENDPOINT_UNREACH;
}

IpL4Protocol::RxStatus
MobilityL4Protocol::Receive(Ptr<Packet> p,
                            const Ipv6Header& header,
                            Ptr<Ipv6Interface> incomingInterface)
{
    NS_LOG_FUNCTION(this << p << header.GetSource() << header.GetDestination());
    const uint32_t size = p->GetSize();
    uint8_t buf[MAX_MH_LENGTH];
    const uint32_t copied = p->CopyData(buf, std::min(size, MAX_MH_LENGTH));

    // A Mobility Header is addressed to one node: multicast ones are not answered (an answer
    // would need a unicast source) and not processed.
    if (header.GetDestination().IsMulticast())
    {
        Drop(p, header, DROP_NOT_UNICAST);
        return IpL4Protocol::RX_OK;
    }
    // RFC 6275 section 9.2, in its order.
    if (copied < 8)
    {
        Drop(p, header, DROP_TRUNCATED);
        return IpL4Protocol::RX_OK;
    }
    const uint32_t length = (static_cast<uint32_t>(buf[1]) + 1) * 8;
    if (length > copied)
    {
        Drop(p, header, DROP_TRUNCATED);
        return IpL4Protocol::RX_OK;
    }
    if (m_receiveErrorModel && m_lossTypes[buf[2]] && m_receiveErrorModel->IsCorrupt(p))
    {
        Drop(p, header, DROP_LOST);
        return IpL4Protocol::RX_OK;
    }
    if (!VerifyChecksum(buf, length, header.GetSource(), header.GetDestination()))
    {
        Drop(p, header, DROP_BAD_CHECKSUM);
        return IpL4Protocol::RX_OK;
    }
    const uint8_t type = buf[2];
    std::unique_ptr<MobilityHeader> message = CreateMessage(type);
    if (!message)
    {
        Drop(p, header, DROP_UNKNOWN_MH_TYPE);
        SendBindingError(header);
        return IpL4Protocol::RX_OK;
    }
    if (buf[0] != MobilityHeader::IPPROTO_NONE)
    {
        Drop(p, header, DROP_BAD_PAYLOAD_PROTO);
        SendParameterProblem(p, header, 0);
        return IpL4Protocol::RX_OK;
    }
    if (length < MobilityHeader::GetMinimumLength(type))
    {
        Drop(p, header, DROP_HEADER_LEN_TOO_SHORT);
        // RFC 5096 lets an experimental message be any length: another experiment's message
        // is not an error of the sender's, so only RFC 6275 types are answered.
        if (type != MobilityHeader::EXPERIMENTAL)
        {
            SendParameterProblem(p, header, 1);
        }
        return IpL4Protocol::RX_OK;
    }
    if (message->DeserializeBytes(buf, length) != MobilityHeader::PARSE_OK)
    {
        NS_LOG_LOGIC("malformed " << MobilityHeader::GetMhTypeName(type) << ": "
                                  << MobilityHeader::GetParseStatusName(
                                         message->GetParseStatus()));
        Drop(p, header, DROP_BAD_OPTION);
        return IpL4Protocol::RX_OK;
    }

    uint8_t subtype = 0;
    if (type == MobilityHeader::EXPERIMENTAL)
    {
        subtype = static_cast<const LocationManagementHeader&>(*message).GetSubtype();
        if (m_requirePeerAuthentication && !IsOwnAddress(header.GetSource()))
        {
            auto a = m_peerAssociations.find(header.GetSource());
            if (a == m_peerAssociations.end() ||
                MobilityAuthentication::Verify(*message,
                                               a->second.spi,
                                               a->second.key,
                                               header.GetSource(),
                                               header.GetDestination()) !=
                    MobilityAuthentication::VALID)
            {
                NS_LOG_LOGIC("location management message from " << header.GetSource()
                                                                   << " fails authentication");
                Drop(p, header, DROP_UNAUTHENTICATED);
                return IpL4Protocol::RX_OK;
            }
            if (m_peerReplayProtection && !Fresh(*message, a->second.spi))
            {
                NS_LOG_LOGIC("location management message from " << header.GetSource()
                                                                   << " is not fresh");
                Drop(p, header, DROP_REPLAYED);
                return IpL4Protocol::RX_OK;
            }
        }
    }

    ++m_rxCount[type];
    m_rxBytes += length;
    m_rxTrace(p, header.GetSource(), header.GetDestination());
    auto it = m_handlers.find(HandlerKey(type, subtype));
    if (it == m_handlers.end() || it->second.empty())
    {
        Drop(p, header, DROP_NO_HANDLER);
        // A node that implements no function for a request answers as if it did not know
        // the type; answers (HoT, CoT, BA, BE) are never answered.
        switch (type)
        {
        case MobilityHeader::BINDING_REFRESH_REQUEST:
        case MobilityHeader::HOME_TEST_INIT:
        case MobilityHeader::CARE_OF_TEST_INIT:
        case MobilityHeader::BINDING_UPDATE:
            SendBindingError(header);
            break;
        default:
            break;
        }
        return IpL4Protocol::RX_OK;
    }
    uint32_t ifIndex = 0;
    Ptr<Ipv6L3Protocol> ipv6 = m_node ? m_node->GetObject<Ipv6L3Protocol>() : nullptr;
    if (ipv6 && incomingInterface)
    {
        int32_t idx = ipv6->GetInterfaceForDevice(incomingInterface->GetDevice());
        ifIndex = idx < 0 ? 0 : static_cast<uint32_t>(idx);
    }
    // The function with the strongest claim (the first among equals); none: the first.
    const Handler* chosen = &it->second.front();
    if (it->second.size() > 1)
    {
        int best = -1;
        for (const auto& h : it->second)
        {
            const int claim = h.claim.IsNull() ? 0 : h.claim(*message, header);
            if (claim > best)
            {
                best = claim;
                chosen = &h;
            }
        }
    }
    ++m_handled[{chosen->function, header.GetSource(), type, subtype}];
    // A copy: the handler may add or remove handlers.
    MessageHandler handler = chosen->handler;
    handler(*message, header, ifIndex);
    return IpL4Protocol::RX_OK;
}

bool
MobilityL4Protocol::Send(MobilityHeader& message, Ipv6Address src, Ipv6Address dst)
{
    return Send(message, src, dst, "");
}

bool
MobilityL4Protocol::Send(MobilityHeader& message,
                         Ipv6Address src,
                         Ipv6Address dst,
                         const std::string& function)
{
    return Transmit(message, src, dst, function, DIRECT, Ipv6Address::GetAny());
}

bool
MobilityL4Protocol::SendFromCareOf(MobilityHeader& message,
                                   Ipv6Address careOf,
                                   Ipv6Address home,
                                   Ipv6Address dst,
                                   const std::string& function)
{
    return Transmit(message, home, dst, function, FROM_CARE_OF, careOf);
}

bool
MobilityL4Protocol::SendToCareOf(MobilityHeader& message,
                                 Ipv6Address src,
                                 Ipv6Address home,
                                 Ipv6Address careOf,
                                 const std::string& function)
{
    return Transmit(message, src, home, function, TO_CARE_OF, careOf);
}

bool
MobilityL4Protocol::Transmit(MobilityHeader& message,
                             Ipv6Address src,
                             Ipv6Address dst,
                             const std::string& function,
                             Path path,
                             Ipv6Address careOf)
{
    NS_LOG_FUNCTION(this << src << dst << function << +path << careOf);
    Ptr<Ipv6Route> route;
    auto refuse = [this, &src, &dst](DropReason reason) {
        Ipv6Header h;
        h.SetSource(src);
        h.SetDestination(dst);
        Drop(Create<Packet>(), h, reason);
        return false;
    };
    if (m_downTarget6.IsNull())
    {
        return refuse(DROP_NO_ROUTE);
    }
    if (path != DIRECT && (src.IsAny() || careOf.IsAny() || careOf.IsMulticast()))
    {
        return refuse(DROP_NOT_UNICAST);
    }
    if (dst.IsMulticast() || dst.IsAny() || (src.IsAny() && dst.IsLinkLocal()))
    {
        // Multicast or unspecified destinations have no single receiver; a link-local one
        // needs a link-local source naming the interface.
        return refuse(DROP_NOT_UNICAST);
    }
    if (!message.IsSerializable())
    {
        return refuse(DROP_TOO_LONG);
    }
    if (src.IsAny())
    {
        Ptr<Ipv6> ipv6 = m_node ? m_node->GetObject<Ipv6>() : nullptr;
        if (ipv6 && ipv6->GetRoutingProtocol())
        {
            Ipv6Header probe;
            probe.SetDestination(dst);
            probe.SetNextHeader(PROT_NUMBER);
            Socket::SocketErrno err;
            route = ipv6->GetRoutingProtocol()->RouteOutput(Create<Packet>(), probe, nullptr, err);
        }
        if (!route)
        {
            return refuse(DROP_NO_ROUTE);
        }
        src = route->GetSource();
    }
    const auto* lm = dynamic_cast<const LocationManagementHeader*>(&message);
    std::unique_ptr<LocationManagementHeader> authenticated;
    MobilityHeader* out = &message;
    if (lm && !m_peerAssociations.empty())
    {
        auto a = m_peerAssociations.find(dst);
        if (a != m_peerAssociations.end() &&
            !lm->FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION))
        {
            // Signed on a copy: the caller's message may be sent again (retransmissions),
            // each time with its own timestamp.
            authenticated = std::make_unique<LocationManagementHeader>(*lm);
            if (m_peerReplayProtection &&
                !lm->FindOption(MobilityOption::MOBILITY_MESSAGE_REPLAY_PROTECTION))
            {
                authenticated->AddOption(
                    MobilityMessageReplayProtectionOption(Simulator::Now() + m_clockOffset));
            }
            MobilityAuthentication::Sign(*authenticated,
                                         MobilityMessageAuthenticationOption::MN_HA,
                                         a->second.spi,
                                         a->second.key,
                                         src,
                                         dst);
            out = authenticated.get();
            if (!out->IsSerializable())
            {
                return refuse(DROP_TOO_LONG);
            }
        }
    }
    out->EnableChecksum(src, dst);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(*out);
    ++m_txCount[message.GetMhType()];
    m_txBytes += packet->GetSize();
    auto& perFunction =
        m_sent[{function, dst, message.GetMhType(), lm ? lm->GetSubtype() : uint8_t(0)}];
    ++perFunction.first;
    perFunction.second += packet->GetSize();
    m_txTrace(packet, src, dst);
    switch (path)
    {
    case FROM_CARE_OF:
        // RFC 6275 6.3: from the care-of address, the home address in a destination option
        // (the checksum above is over the home address).
        packet->AddHeader(HomeAddressOptionHeader(PROT_NUMBER, src));
        m_downTarget6(packet, careOf, dst, HomeAddressOptionHeader::EXT_NUMBER, nullptr);
        break;
    case TO_CARE_OF:
        // RFC 6275 6.4: to the care-of address, the home address in a Type 2 Routing header.
        packet->AddHeader(Type2RoutingHeader(PROT_NUMBER, dst));
        m_downTarget6(packet, src, careOf, Type2RoutingHeader::EXT_NUMBER, nullptr);
        break;
    case DIRECT:
        m_downTarget6(packet, src, dst, PROT_NUMBER, route);
        break;
    }
    return true;
}

void
MobilityL4Protocol::Drop(Ptr<const Packet> p, const Ipv6Header& h, DropReason reason)
{
    NS_LOG_LOGIC("drop from " << h.GetSource() << ": " << GetDropReasonName(reason));
    ++m_dropCount[reason];
    m_dropTrace(p, h.GetSource(), h.GetDestination(), reason);
}

bool
MobilityL4Protocol::ErrorTokenAvailable()
{
    Time now = Simulator::Now();
    if (now - m_errorWindowStart >= Seconds(1))
    {
        m_errorWindowStart = now;
        m_errorsInWindow = 0;
    }
    if (m_errorsInWindow >= m_errorRateLimit)
    {
        return false;
    }
    ++m_errorsInWindow;
    return true;
}

bool
MobilityL4Protocol::SendBindingError(uint8_t status,
                                     Ipv6Address home,
                                     Ipv6Address src,
                                     Ipv6Address dst,
                                     const std::string& function)
{
    // RFC 6275 section 9.3.3: to the source of the offending packet, only if unicast, at a
    // limited rate.
    if (dst.IsMulticast() || dst.IsAny() || !ErrorTokenAvailable())
    {
        return false;
    }
    BindingErrorHeader be;
    be.SetStatus(status);
    be.SetHomeAddress(home);
    if (!Send(be, src, dst, function))
    {
        return false;
    }
    ++m_bindingErrorsSent;
    return true;
}

void
MobilityL4Protocol::SendBindingError(const Ipv6Header& h)
{
    // RFC 6275 section 9.3.3: to the source of the offending packet, only if unicast.
    const Ipv6Address to = h.GetSource();
    if (to.IsMulticast() || to.IsAny() || h.GetDestination().IsMulticast() ||
        !ErrorTokenAvailable())
    {
        return;
    }
    BindingErrorHeader be;
    be.SetStatus(BindingErrorHeader::UNRECOGNIZED_MH_TYPE_VALUE);
    be.SetHomeAddress(Ipv6Address::GetAny());
    if (Send(be, h.GetDestination(), to, "mobility header protocol"))
    {
        ++m_bindingErrorsSent;
    }
}

void
MobilityL4Protocol::SendParameterProblem(Ptr<const Packet> p, const Ipv6Header& h, uint32_t offset)
{
    const Ipv6Address to = h.GetSource();
    Ptr<Ipv6L3Protocol> ipv6 = m_node ? m_node->GetObject<Ipv6L3Protocol>() : nullptr;
    if (!ipv6 || !ipv6->GetIcmpv6() || to.IsMulticast() || to.IsAny() ||
        h.GetDestination().IsMulticast() || !ErrorTokenAvailable())
    {
        return;
    }
    Ptr<Packet> offending = p->Copy();
    offending->AddHeader(h);
    // The pointer counts from the start of the invoking packet; extension headers that
    // ns-3 already removed are not counted.
    ipv6->GetIcmpv6()->SendErrorParameterError(offending,
                                               to,
                                               Icmpv6Header::ICMPV6_MALFORMED_HEADER,
                                               IPV6_HEADER_LENGTH + offset);
    ++m_parameterProblemsSent;
}

uint64_t
MobilityL4Protocol::GetTxCount(uint8_t mhType) const
{
    return m_txCount[mhType];
}

uint64_t
MobilityL4Protocol::GetRxCount(uint8_t mhType) const
{
    return m_rxCount[mhType];
}

void
MobilityL4Protocol::SetReceiveErrorModel(Ptr<ErrorModel> model, const std::vector<uint8_t>& mhTypes)
{
    m_receiveErrorModel = model;
    m_lossTypes.fill(mhTypes.empty());
    for (uint8_t type : mhTypes)
    {
        m_lossTypes[type] = true;
    }
}

uint64_t
MobilityL4Protocol::GetDropCount(DropReason reason) const
{
    return reason < DROP_REASON_COUNT ? m_dropCount[reason] : 0;
}

uint64_t
MobilityL4Protocol::GetTotalDropCount() const
{
    return std::accumulate(m_dropCount.begin(), m_dropCount.end(), uint64_t{0});
}

uint64_t
MobilityL4Protocol::GetTxBytes() const
{
    return m_txBytes;
}

std::vector<Ipv6Address>
MobilityL4Protocol::GetTxDestinations() const
{
    std::set<Ipv6Address> out;
    for (const auto& [key, counts] : m_sent)
    {
        out.insert(std::get<1>(key));
    }
    return {out.begin(), out.end()};
}

std::vector<uint32_t>
MobilityL4Protocol::GetTxTypesTo(Ipv6Address destination) const
{
    std::set<uint32_t> out;
    for (const auto& [key, counts] : m_sent)
    {
        if (std::get<1>(key) == destination)
        {
            out.insert(std::get<2>(key));
        }
    }
    return {out.begin(), out.end()};
}

std::pair<uint64_t, uint64_t>
MobilityL4Protocol::TotalsTo(Ipv6Address destination, int mhType) const
{
    std::pair<uint64_t, uint64_t> total{0, 0};
    for (const auto& [key, counts] : m_sent)
    {
        if (std::get<1>(key) == destination && (mhType < 0 || std::get<2>(key) == mhType))
        {
            total.first += counts.first;
            total.second += counts.second;
        }
    }
    return total;
}

uint64_t
MobilityL4Protocol::GetTxCountTo(Ipv6Address destination) const
{
    return TotalsTo(destination, -1).first;
}

uint64_t
MobilityL4Protocol::GetTxBytesTo(Ipv6Address destination) const
{
    return TotalsTo(destination, -1).second;
}

uint64_t
MobilityL4Protocol::GetTxCountTo(Ipv6Address destination, uint8_t mhType) const
{
    return TotalsTo(destination, mhType).first;
}

uint64_t
MobilityL4Protocol::GetTxBytesTo(Ipv6Address destination, uint8_t mhType) const
{
    return TotalsTo(destination, mhType).second;
}

uint64_t
MobilityL4Protocol::GetRxBytes() const
{
    return m_rxBytes;
}

uint64_t
MobilityL4Protocol::GetBindingErrorsSent() const
{
    return m_bindingErrorsSent;
}

void
MobilityL4Protocol::AddPeerAssociation(Ipv6Address peer,
                                       uint32_t spi,
                                       const std::vector<uint8_t>& key)
{
    NS_LOG_FUNCTION(this << peer << spi);
    if (spi < 256 || key.empty())
    {
        throw std::invalid_argument("MobilityL4Protocol::AddPeerAssociation: an SPI of 256 or "
                                    "more (RFC 4285 reserves 0-255) and a key are needed");
    }
    auto [it, added] = m_peerAssociations.emplace(peer, PeerAssociation{spi, key});
    if (!added && (it->second.spi != spi || it->second.key != key))
    {
        throw std::invalid_argument("MobilityL4Protocol::AddPeerAssociation: the peer has "
                                    "another association");
    }
}

bool
MobilityL4Protocol::IsOwnAddress(Ipv6Address address) const
{
    Ptr<Ipv6L3Protocol> ipv6 = m_node ? m_node->GetObject<Ipv6L3Protocol>() : nullptr;
    return ipv6 && ipv6->GetInterfaceForAddress(address) >= 0;
}

bool
MobilityL4Protocol::Fresh(const MobilityHeader& message, uint32_t spi)
{
    auto stamp = DynamicCast<MobilityMessageReplayProtectionOption>(
        message.FindOption(MobilityOption::MOBILITY_MESSAGE_REPLAY_PROTECTION));
    auto auth = DynamicCast<MobilityMessageAuthenticationOption>(
        message.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    const Time now = Simulator::Now() + m_clockOffset;
    if (!stamp || !auth || Abs(stamp->GetTimestamp() - now) > m_peerReplayWindow)
    {
        return false;
    }
    // What is older than the window is refused by its timestamp: no need to remember it.
    auto& taken = m_taken[spi];
    while (!taken.empty() && taken.begin()->first < now - m_peerReplayWindow)
    {
        taken.erase(taken.begin());
    }
    return taken.emplace(stamp->GetTimestamp(), auth->GetAuthenticator()).second;
}

uint32_t
MobilityL4Protocol::GetNPeerAssociations() const
{
    return static_cast<uint32_t>(m_peerAssociations.size());
}

uint64_t
MobilityL4Protocol::GetUnauthenticated() const
{
    return m_dropCount[DROP_UNAUTHENTICATED];
}

uint64_t
MobilityL4Protocol::GetReplayed() const
{
    return m_dropCount[DROP_REPLAYED];
}

uint64_t
MobilityL4Protocol::GetParameterProblemsSent() const
{
    return m_parameterProblemsSent;
}

std::string
MobilityL4Protocol::GetDropReasonName(DropReason reason)
{
    switch (reason)
    {
    case DROP_TRUNCATED:
        return "truncated";
    case DROP_BAD_CHECKSUM:
        return "bad checksum";
    case DROP_UNKNOWN_MH_TYPE:
        return "unknown MH type";
    case DROP_BAD_PAYLOAD_PROTO:
        return "bad payload proto";
    case DROP_HEADER_LEN_TOO_SHORT:
        return "header length too short";
    case DROP_BAD_OPTION:
        return "bad option";
    case DROP_NO_HANDLER:
        return "no handler";
    case DROP_NO_ROUTE:
        return "no route";
    case DROP_NOT_UNICAST:
        return "not a unicast destination";
    case DROP_TOO_LONG:
        return "message longer than 2048 octets";
    case DROP_LOST:
        return "lost (receive error model)";
    case DROP_UNAUTHENTICATED:
        return "unauthenticated location management message";
    case DROP_REPLAYED:
        return "replayed location management message";
    case DROP_REASON_COUNT:
        break;
    }
    return "unknown";
}

void
MobilityL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
}

void
MobilityL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
MobilityL4Protocol::GetDownTarget() const
{
    return IpL4Protocol::DownTargetCallback();
}

IpL4Protocol::DownTargetCallback6
MobilityL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace dmm
} // namespace ns3
