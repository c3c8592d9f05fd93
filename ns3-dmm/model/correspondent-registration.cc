/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "correspondent-registration.h"

#include "ipv6-tunnel-l4-protocol.h"
#include "mobile-ipv6-extensions.h"
#include "mobility-header.h"
#include "mobility-l4-protocol.h"
#include "mobility-option.h"
#include "return-routability.h"

#include "ns3/double.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("DmmCorrespondentRegistration");
NS_OBJECT_ENSURE_REGISTERED(CorrespondentRegistration);

TypeId
CorrespondentRegistration::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::CorrespondentRegistration")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<CorrespondentRegistration>()
            .AddAttribute("Lifetime",
                          "Lifetime asked in Binding Updates to correspondents (they grant at "
                          "most MAX_RR_BINDING_LIFETIME, 420 s).",
                          TimeValue(Seconds(420)),
                          MakeTimeAccessor(&CorrespondentRegistration::m_lifetime),
                          MakeTimeChecker(Seconds(4), Seconds(262140)))
            .AddAttribute("InitialTimeout",
                          "First retransmission timeout of Test Inits and Binding Updates to "
                          "correspondents (RFC 6275 INITIAL_BINDACK_TIMEOUT).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CorrespondentRegistration::m_initialTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxTimeout",
                          "Largest retransmission timeout (RFC 6275 MAX_BINDACK_TIMEOUT).",
                          TimeValue(Seconds(32)),
                          MakeTimeAccessor(&CorrespondentRegistration::m_maxTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RefreshFraction",
                          "A binding is refreshed at this fraction of the granted lifetime.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&CorrespondentRegistration::m_refreshFraction),
                          MakeDoubleChecker<double>(0.1, 0.95))
            .AddAttribute("FunctionName",
                          "Name of this function in signalling counts.",
                          StringValue("correspondent registration"),
                          MakeStringAccessor(&CorrespondentRegistration::m_function),
                          MakeStringChecker())
            .AddTraceSource("ReturnRoutability",
                            "Both keygen tokens a Binding Update needs are in hand: the "
                            "correspondent and the time since the first Test Init of the round.",
                            MakeTraceSourceAccessor(&CorrespondentRegistration::m_rrTrace),
                            "ns3::dmm::CorrespondentRegistration::DurationTracedCallback")
            .AddTraceSource("Sent",
                            "A Test Init or Binding Update to a correspondent is sent "
                            "(retransmissions included): the correspondent, the MH Type and "
                            "a Binding Update's sequence number.",
                            MakeTraceSourceAccessor(&CorrespondentRegistration::m_sentTrace),
                            "ns3::dmm::CorrespondentRegistration::SentTracedCallback")
            .AddTraceSource("Registered",
                            "A correspondent accepted a Binding Update: the correspondent and "
                            "the time since the first Binding Update of the registration.",
                            MakeTraceSourceAccessor(&CorrespondentRegistration::m_registeredTrace),
                            "ns3::dmm::CorrespondentRegistration::DurationTracedCallback");
    return tid;
}

CorrespondentRegistration::CorrespondentRegistration()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

CorrespondentRegistration::~CorrespondentRegistration() = default;

void
CorrespondentRegistration::DoDispose()
{
    for (auto& [address, e] : m_entries)
    {
        e.homeRetransmit.Cancel();
        e.careOfRetransmit.Cancel();
        if (e.client)
        {
            e.client->Stop();
        }
    }
    m_entries.clear();
    m_down.clear();
    m_agent = nullptr;
    m_ipv6 = nullptr;
    m_routing = nullptr;
    Object::DoDispose();
}

int64_t
CorrespondentRegistration::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
CorrespondentRegistration::Start()
{
    m_ipv6 = GetObject<Ipv6>();
    m_agent = GetObject<MobileNodeAgent>();
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    Ptr<Node> node = GetObject<Node>();
    if (!m_ipv6 || !l4 || !tunnel || !node || !m_agent)
    {
        throw std::logic_error("CorrespondentRegistration::Start: install the Internet and "
                               "ns3-dmm stacks and a MobileNodeAgent on the node first");
    }
    m_agent->TraceConnectWithoutContext(
        "StateChanged",
        MakeCallback(&CorrespondentRegistration::AgentStateChanged, this));
    tunnel->TraceConnectWithoutContext(
        "Decapsulate",
        MakeCallback(&CorrespondentRegistration::Decapsulated, this));
    const auto claim = MakeCallback(&CorrespondentRegistration::Claim, this);
    for (uint8_t type : {MobilityHeader::HOME_TEST, MobilityHeader::CARE_OF_TEST})
    {
        l4->AddHandler(type,
                       0,
                       MakeCallback(&CorrespondentRegistration::HandleTest, this),
                       m_function,
                       claim);
    }
    l4->AddHandler(MobilityHeader::BINDING_ACKNOWLEDGEMENT,
                   0,
                   MakeCallback(&CorrespondentRegistration::HandleAck, this),
                   m_function,
                   claim);
    l4->AddHandler(MobilityHeader::BINDING_ERROR,
                   0,
                   MakeCallback(&CorrespondentRegistration::HandleError, this),
                   m_function,
                   claim);
    m_routing = Type2RoutingExtension::Install(node);
    Ptr<MobileNodeAgent> agent = m_agent;
    m_routing->SetHomeAddressCheck(Type2RoutingExtension::HomeAddressCheck(
        [agent](Ipv6Address address) { return address == agent->GetHomeAddress(); }));
    m_down = InterceptTransports(m_ipv6, MakeCallback(&CorrespondentRegistration::Output, this));
}

void
CorrespondentRegistration::AddCorrespondent(Ipv6Address correspondent)
{
    m_known.insert(correspondent);
}

void
CorrespondentRegistration::Register(Ipv6Address correspondent)
{
    Update(EntryFor(correspondent));
}

RegistrationClient::Timers
CorrespondentRegistration::MakeTimers() const
{
    RegistrationClient::Timers timers;
    timers.initialFirstReg = m_initialTimeout;
    timers.initial = m_initialTimeout;
    timers.max = m_maxTimeout;
    timers.refreshFraction = m_refreshFraction;
    return timers;
}

CorrespondentRegistration::Entry&
CorrespondentRegistration::EntryFor(Ipv6Address correspondent)
{
    auto [it, added] = m_entries.try_emplace(correspondent);
    Entry& e = it->second;
    if (added)
    {
        e.correspondent = correspondent;
        e.client = Create<RegistrationClient>();
        e.client->Configure(
            MakeTimers(),
            RegistrationClient::SendCallback(
                [this, correspondent](uint16_t sequence, Time lifetime) {
                    return SendBindingUpdate(correspondent, sequence, lifetime);
                }),
            RegistrationClient::StateCallback([this, correspondent](RegistrationClient::State
                                                                        previous,
                                                                    RegistrationClient::State
                                                                        state,
                                                                    const BindingAckHeader* ba) {
                RegistrationChanged(correspondent, previous, state, ba);
            }));
    }
    return e;
}

bool
CorrespondentRegistration::AtHome() const
{
    const MobileNodeAgent::State state = m_agent->GetState();
    return state == MobileNodeAgent::AT_HOME || state == MobileNodeAgent::DEREGISTERING;
}

Ipv6Address
CorrespondentRegistration::CareOf() const
{
    if (AtHome())
    {
        return Ipv6Address::GetAny();
    }
    const Ipv6Address rcoa = m_agent->GetRegionalCareOfAddress();
    return rcoa.IsAny() ? m_agent->GetCareOfAddress() : rcoa;
}

bool
CorrespondentRegistration::HaveTokens(const Entry& e) const
{
    const Time now = Simulator::Now();
    const Time maxAge = ReturnRoutability::MaxTokenLifetime();
    if (e.homeTokenAt.IsNegative() || now - e.homeTokenAt >= maxAge)
    {
        return false;
    }
    if (AtHome())
    {
        return true;
    }
    return !e.careOfTokenAt.IsNegative() && now - e.careOfTokenAt < maxAge &&
           e.careOfTokenFor == CareOf();
}

void
CorrespondentRegistration::Update(Entry& e)
{
    if (e.unsupported || AtHome() || CareOf().IsAny() ||
        m_agent->GetState() != MobileNodeAgent::REGISTERED)
    {
        return; // after the home registration (AgentStateChanged)
    }
    if (HaveTokens(e))
    {
        e.client->Register(m_lifetime, e.boundCareOf.IsAny());
        return;
    }
    RequestTokens(e);
}

void
CorrespondentRegistration::RequestTokens(Entry& e)
{
    const Time now = Simulator::Now();
    const Time maxAge = ReturnRoutability::MaxTokenLifetime();
    if (e.testsStarted.IsNegative() ||
        (e.careOfCookie != 0 && e.careOfInitFrom != CareOf()))
    {
        e.testsStarted = now; // a new round (one left unanswered for an old address ends)
    }
    const bool homeFresh = !e.homeTokenAt.IsNegative() && now - e.homeTokenAt < maxAge;
    if (!homeFresh && e.homeCookie == 0)
    {
        e.homeTimeout = m_initialTimeout;
        e.homeCookie = Cookie();
        SendTestInit(e.correspondent, false);
    }
    const Ipv6Address coa = CareOf();
    if (AtHome() || coa.IsAny() || HaveTokens(e))
    {
        return;
    }
    const bool careOfFresh = !e.careOfTokenAt.IsNegative() && now - e.careOfTokenAt < maxAge &&
                             e.careOfTokenFor == coa;
    if (!careOfFresh && (e.careOfCookie == 0 || e.careOfInitFrom != coa))
    {
        e.careOfTimeout = m_initialTimeout;
        e.careOfCookie = Cookie();
        e.careOfInitFrom = coa;
        SendTestInit(e.correspondent, true);
    }
}

void
CorrespondentRegistration::SendTestInit(Ipv6Address correspondent, bool careOf)
{
    auto it = m_entries.find(correspondent);
    if (it == m_entries.end())
    {
        return;
    }
    Entry& e = it->second;
    const uint64_t cookie = careOf ? e.careOfCookie : e.homeCookie;
    if (cookie == 0 || (careOf && e.careOfInitFrom != CareOf()))
    {
        return; // answered, or the node moved on (a new init goes from the new address)
    }
    const uint8_t type =
        careOf ? MobilityHeader::CARE_OF_TEST_INIT : MobilityHeader::HOME_TEST_INIT;
    TestInitHeader init(type);
    init.SetInitCookie(cookie);
    // The Home Test Init from the home address: away, the node's MobilityRouting
    // reverse-tunnels it to the home agent (RFC 6275 11.6.1).
    GetObject<MobilityL4Protocol>()->Send(init,
                                          careOf ? e.careOfInitFrom : m_agent->GetHomeAddress(),
                                          correspondent,
                                          m_function);
    ++m_initsSent;
    m_sentTrace(correspondent, type, 0);
    EventId& retransmit = careOf ? e.careOfRetransmit : e.homeRetransmit;
    retransmit.Cancel();
    retransmit = Simulator::Schedule(careOf ? e.careOfTimeout : e.homeTimeout,
                                     [this, correspondent, careOf]() {
                                         auto entry = m_entries.find(correspondent);
                                         if (entry == m_entries.end())
                                         {
                                             return;
                                         }
                                         Time& timeout = careOf ? entry->second.careOfTimeout
                                                                : entry->second.homeTimeout;
                                         timeout = Min(timeout * 2, m_maxTimeout);
                                         SendTestInit(correspondent, careOf);
                                     });
}

uint64_t
CorrespondentRegistration::Cookie()
{
    uint64_t cookie = 0;
    while (cookie == 0)
    {
        cookie = (static_cast<uint64_t>(m_random->GetInteger(0, 0xffffffff)) << 32) |
                 m_random->GetInteger(0, 0xffffffff);
    }
    return cookie;
}

int
CorrespondentRegistration::Claim(const MobilityHeader& message, const Ipv6Header& ip) const
{
    return m_entries.count(ip.GetSource()) != 0 ? 128 : -1;
}

void
CorrespondentRegistration::HandleTest(const MobilityHeader& message,
                                      const Ipv6Header& ip,
                                      uint32_t iface)
{
    auto it = m_entries.find(ip.GetSource());
    const auto* test = dynamic_cast<const TestHeader*>(&message);
    if (it == m_entries.end() || !test)
    {
        ++m_dropped;
        return;
    }
    Entry& e = it->second;
    const Time now = Simulator::Now();
    if (message.GetMhType() == MobilityHeader::HOME_TEST)
    {
        // RFC 6275 11.6.2: to the home address, with the cookie outstanding.
        if (e.homeCookie == 0 || test->GetInitCookie() != e.homeCookie ||
            ip.GetDestination() != m_agent->GetHomeAddress())
        {
            ++m_dropped;
            return;
        }
        e.homeCookie = 0;
        e.homeRetransmit.Cancel();
        e.homeIndex = test->GetNonceIndex();
        e.homeToken = test->GetKeygenToken();
        e.homeTokenAt = now;
    }
    else
    {
        if (e.careOfCookie == 0 || test->GetInitCookie() != e.careOfCookie ||
            ip.GetDestination() != e.careOfInitFrom)
        {
            ++m_dropped;
            return;
        }
        e.careOfCookie = 0;
        e.careOfRetransmit.Cancel();
        e.careOfIndex = test->GetNonceIndex();
        e.careOfToken = test->GetKeygenToken();
        e.careOfTokenAt = now;
        e.careOfTokenFor = e.careOfInitFrom;
    }
    if (!HaveTokens(e))
    {
        RequestTokens(e); // a care-of address that changed meanwhile
        return;
    }
    if (!e.testsStarted.IsNegative())
    {
        m_rrTrace(e.correspondent, now - e.testsStarted);
        e.testsStarted = Time(-1);
    }
    if (AtHome())
    {
        if (e.client->GetState() == RegistrationClient::DEREGISTERING)
        {
            e.client->Deregister(); // from home, now that the home keygen token is here
        }
    }
    else
    {
        e.client->Register(m_lifetime, e.boundCareOf.IsAny());
    }
}

bool
CorrespondentRegistration::SendBindingUpdate(Ipv6Address correspondent,
                                             uint16_t sequence,
                                             Time lifetime)
{
    Entry& e = m_entries.at(correspondent);
    if (!HaveTokens(e))
    {
        RequestTokens(e); // the update goes once they are in hand (HandleTest)
        return false;
    }
    const bool fromHome = AtHome();
    const Ipv6Address home = m_agent->GetHomeAddress();
    const Ipv6Address coa = fromHome ? home : CareOf();
    BindingUpdateHeader bu;
    bu.SetSequence(sequence);
    bu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    bu.SetLifetime(fromHome ? Seconds(0) : lifetime);
    bu.AddOption(NonceIndicesOption(e.homeIndex, fromHome ? e.homeIndex : e.careOfIndex));
    e.kbm = ReturnRoutability::BindingKey(e.homeToken, e.careOfToken, fromHome);
    ReturnRoutability::Sign(bu, e.kbm, coa, correspondent);
    if (e.updateStarted.IsNegative() || e.registeredCareOf != coa)
    {
        e.updateStarted = Simulator::Now(); // a registration of this address starts
    }
    e.updateSent = Simulator::Now();
    e.registeredCareOf = coa;
    ++m_updatesSent;
    m_sentTrace(correspondent, MobilityHeader::BINDING_UPDATE, sequence);
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    return fromHome ? l4->Send(bu, home, correspondent, m_function)
                    : l4->SendFromCareOf(bu, coa, home, correspondent, m_function);
}

void
CorrespondentRegistration::HandleAck(const MobilityHeader& message,
                                     const Ipv6Header& ip,
                                     uint32_t iface)
{
    auto it = m_entries.find(ip.GetSource());
    const auto* ba = dynamic_cast<const BindingAckHeader*>(&message);
    if (it == m_entries.end() || !ba)
    {
        return;
    }
    Entry& e = it->second;
    const uint8_t status = ba->GetStatus();
    const RegistrationClient::State outstanding = e.client->GetState();
    if (status == BindingAckHeader::EXPIRED_HOME_NONCE_INDEX ||
        status == BindingAckHeader::EXPIRED_CARE_OF_NONCE_INDEX ||
        status == BindingAckHeader::EXPIRED_NONCES)
    {
        // RFC 6275 11.7.3: unsigned (the correspondent has no Kbm); new tokens, then the
        // same registration again. Only for the Binding Update outstanding.
        if (ba->GetSequence() != e.client->GetSequence() ||
            (outstanding != RegistrationClient::REGISTERING &&
             outstanding != RegistrationClient::DEREGISTERING))
        {
            ++m_dropped;
            return;
        }
        if (status != BindingAckHeader::EXPIRED_CARE_OF_NONCE_INDEX)
        {
            e.homeTokenAt = Time(-1);
        }
        if (status != BindingAckHeader::EXPIRED_HOME_NONCE_INDEX)
        {
            e.careOfTokenAt = Time(-1);
        }
        RequestTokens(e);
        return;
    }
    // Signed with the Kbm of the Binding Update it answers: the last one sent.
    if (e.kbm.empty() ||
        !ReturnRoutability::Verify(*ba, e.kbm, e.registeredCareOf, e.correspondent))
    {
        NS_LOG_LOGIC("Binding Acknowledgement from " << e.correspondent
                                                     << ": authenticator wrong, dropped");
        ++m_dropped;
        return;
    }
    e.client->HandleAck(*ba);
}

void
CorrespondentRegistration::RegistrationChanged(Ipv6Address correspondent,
                                               RegistrationClient::State previous,
                                               RegistrationClient::State state,
                                               const BindingAckHeader* ba)
{
    Entry& e = m_entries.at(correspondent);
    const Time now = Simulator::Now();
    switch (state)
    {
    case RegistrationClient::REGISTERED:
        // RFC 6275 11.7.3: the lifetime counts from when the Binding Update was sent.
        e.boundCareOf = e.registeredCareOf;
        e.boundUntil = e.updateSent + (ba ? ba->GetLifetime() : Seconds(0));
        if (!e.updateStarted.IsNegative())
        {
            m_registeredTrace(correspondent, now - e.updateStarted);
            e.updateStarted = Time(-1);
        }
        break;
    case RegistrationClient::IDLE:
    case RegistrationClient::FAILED:
        e.boundCareOf = Ipv6Address::GetAny();
        e.updateStarted = Time(-1);
        break;
    case RegistrationClient::REGISTERING:
    case RegistrationClient::DEREGISTERING:
        break;
    }
}

void
CorrespondentRegistration::HandleError(const MobilityHeader& message,
                                       const Ipv6Header& ip,
                                       uint32_t iface)
{
    auto it = m_entries.find(ip.GetSource());
    const auto* be = dynamic_cast<const BindingErrorHeader*>(&message);
    if (it == m_entries.end() || !be)
    {
        return;
    }
    if (be->GetStatus() == BindingErrorHeader::UNRECOGNIZED_MH_TYPE_VALUE)
    {
        // RFC 6275 11.3.6: the correspondent does not do route optimisation: stop trying.
        Entry& e = it->second;
        e.unsupported = true;
        e.homeCookie = e.careOfCookie = 0;
        e.homeRetransmit.Cancel();
        e.careOfRetransmit.Cancel();
        e.client->Stop();
        return;
    }
    if (be->GetStatus() !=
            BindingErrorHeader::UNKNOWN_BINDING_FOR_HOME_ADDRESS_DESTINATION_OPTION ||
        be->GetHomeAddress() != m_agent->GetHomeAddress())
    {
        return;
    }
    // RFC 6275 11.3.6: the correspondent has no binding (it expired, or was lost): register.
    Entry& e = it->second;
    e.boundCareOf = Ipv6Address::GetAny();
    const Ipv6Address correspondent = e.correspondent;
    Simulator::ScheduleNow([this, correspondent]() { Register(correspondent); });
}

void
CorrespondentRegistration::AgentStateChanged(MobileNodeAgent::State previous,
                                             MobileNodeAgent::State state)
{
    if (state == MobileNodeAgent::REGISTERED)
    {
        // Every correspondent not holding this care-of address (a handover, a Binding Error
        // meanwhile, a failed registration), unless its update is on the way.
        const Ipv6Address coa = CareOf();
        for (auto& [address, e] : m_entries)
        {
            const bool underway = e.registeredCareOf == coa &&
                                  e.client->GetState() == RegistrationClient::REGISTERING;
            if (!e.unsupported && e.boundCareOf != coa && !underway)
            {
                Update(e);
            }
        }
    }
    else if (state == MobileNodeAgent::AT_HOME)
    {
        for (auto& [address, e] : m_entries)
        {
            e.careOfCookie = 0;
            e.careOfRetransmit.Cancel();
            if (!e.boundCareOf.IsAny() ||
                e.client->GetState() == RegistrationClient::REGISTERING)
            {
                // From the home address, once a home keygen token is in hand (RFC 6275
                // 11.7.2, Kbm from it alone).
                e.boundCareOf = Ipv6Address::GetAny();
                e.client->Deregister();
            }
        }
    }
}

void
CorrespondentRegistration::Decapsulated(Ptr<const Packet> inner,
                                        const Ipv6Address& outerDst,
                                        const Ipv6Address& outerSrc)
{
    if (m_known.empty())
    {
        return;
    }
    Ipv6Header header;
    if (inner->PeekHeader(header) == 0)
    {
        return;
    }
    const Ipv6Address correspondent = header.GetSource();
    if (header.GetDestination() != m_agent->GetHomeAddress() ||
        m_known.count(correspondent) == 0 || m_entries.count(correspondent) != 0)
    {
        return;
    }
    // RFC 6275 11.7.2: a packet from the correspondent through the home agent starts it.
    EntryFor(correspondent);
    Simulator::ScheduleNow([this, correspondent]() { Register(correspondent); });
}

void
CorrespondentRegistration::Output(Ptr<Packet> packet,
                                  Ipv6Address src,
                                  Ipv6Address dst,
                                  uint8_t protocol,
                                  Ptr<Ipv6Route> route)
{
    const auto down = m_down.find(protocol);
    if (down == m_down.end())
    {
        return;
    }
    if (!m_entries.empty() && src == m_agent->GetHomeAddress() && IsRouteOptimised(dst))
    {
        // RFC 6275 11.3.1: from the care-of address, the home address in a destination
        // option (the checksum above is over the home address).
        packet->AddHeader(HomeAddressOptionHeader(protocol, src));
        ++m_roSent;
        down->second(packet, CareOf(), dst, HomeAddressOptionHeader::EXT_NUMBER, nullptr);
        return;
    }
    down->second(packet, src, dst, protocol, route);
}

bool
CorrespondentRegistration::IsRouteOptimised(Ipv6Address correspondent) const
{
    auto it = m_entries.find(correspondent);
    if (it == m_entries.end())
    {
        return false;
    }
    const Entry& e = it->second;
    return !e.boundCareOf.IsAny() && e.boundCareOf == CareOf() &&
           Simulator::Now() < e.boundUntil;
}

uint64_t
CorrespondentRegistration::GetTestInitsSent() const
{
    return m_initsSent;
}

uint64_t
CorrespondentRegistration::GetBindingUpdatesSent() const
{
    return m_updatesSent;
}

uint64_t
CorrespondentRegistration::GetRouteOptimisedSent() const
{
    return m_roSent;
}

uint64_t
CorrespondentRegistration::GetRouteOptimisedReceived() const
{
    return m_routing ? m_routing->GetDelivered() : 0;
}

uint64_t
CorrespondentRegistration::GetDropped() const
{
    return m_dropped;
}

} // namespace dmm
} // namespace ns3
