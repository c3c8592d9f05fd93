/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "correspondent.h"

#include "mobile-ipv6-extensions.h"
#include "mobility-header.h"
#include "mobility-l4-protocol.h"
#include "mobility-option.h"
#include "return-routability.h"

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

NS_LOG_COMPONENT_DEFINE("DmmCorrespondent");
NS_OBJECT_ENSURE_REGISTERED(Correspondent);

namespace
{

/// @return whether sequence number a is newer than b (RFC 6275 9.5.1: modulo 2^16)
bool
Newer(uint16_t a, uint16_t b)
{
    return a != b && static_cast<uint16_t>(a - b) < 32768;
}

} // namespace

TypeId
Correspondent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::Correspondent")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<Correspondent>()
            .AddAttribute("NonceInterval",
                          "A new nonce (and nonce index) is made this often (RFC 6275 5.2.7); "
                          "each is accepted for MAX_NONCE_LIFETIME (240 s) after it was made. "
                          "At most 30 s: a keygen token the mobile node uses for "
                          "MAX_TOKEN_LIFETIME (210 s) then names a nonce still accepted.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&Correspondent::m_nonceInterval),
                          MakeTimeChecker(MilliSeconds(1), Seconds(30)))
            .AddAttribute("MaxBindingLifetime",
                          "The longest lifetime granted to a binding (RFC 6275 section 12, "
                          "MAX_RR_BINDING_LIFETIME: 420 s).",
                          TimeValue(Seconds(420)),
                          MakeTimeAccessor(&Correspondent::m_maxLifetime),
                          MakeTimeChecker(Seconds(4), Seconds(420)))
            .AddAttribute("FunctionName",
                          "Name of this function in signalling counts.",
                          StringValue("correspondent"),
                          MakeStringAccessor(&Correspondent::m_function),
                          MakeStringChecker())
            .AddTraceSource("BindingCache",
                            "A binding was cached, updated or removed: home address, care-of "
                            "address (:: removed), lifetime granted.",
                            MakeTraceSourceAccessor(&Correspondent::m_bindingTrace),
                            "ns3::dmm::Correspondent::BindingTracedCallback");
    return tid;
}

Correspondent::Correspondent()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

Correspondent::~Correspondent() = default;

void
Correspondent::DoDispose()
{
    m_nonceEvent.Cancel();
    m_ipv6 = nullptr;
    m_hao = nullptr;
    m_down.clear();
    m_cache.clear();
    Object::DoDispose();
}

int64_t
Correspondent::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
Correspondent::Start()
{
    m_ipv6 = GetObject<Ipv6>();
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    Ptr<Node> node = GetObject<Node>();
    if (!m_ipv6 || !l4 || !node)
    {
        throw std::logic_error("Correspondent::Start: install the Internet and ns3-dmm stacks "
                               "on the node first");
    }
    m_kcn.resize(ReturnRoutability::KCN_LENGTH);
    for (auto& octet : m_kcn)
    {
        octet = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    NextNonce();
    l4->AddHandler(MobilityHeader::HOME_TEST_INIT,
                   0,
                   MakeCallback(&Correspondent::HandleTestInit, this),
                   m_function,
                   MobilityL4Protocol::ClaimCallback());
    l4->AddHandler(MobilityHeader::CARE_OF_TEST_INIT,
                   0,
                   MakeCallback(&Correspondent::HandleTestInit, this),
                   m_function,
                   MobilityL4Protocol::ClaimCallback());
    l4->AddHandler(MobilityHeader::BINDING_UPDATE,
                   0,
                   MakeCallback(&Correspondent::HandleBindingUpdate, this),
                   m_function,
                   MakeCallback(&Correspondent::ClaimUpdate, this));
    m_hao = HomeAddressExtension::Install(node);
    m_hao->SetAcceptor(MakeCallback(&Correspondent::AcceptHomeAddress, this));
    m_down = InterceptTransports(m_ipv6, MakeCallback(&Correspondent::Output, this));
}

void
Correspondent::NextNonce()
{
    const Time now = Simulator::Now();
    while (!m_nonces.empty() && now - m_nonces.front().made > ReturnRoutability::MaxNonceLifetime())
    {
        m_nonces.pop_front();
    }
    Nonce nonce{m_nextIndex++, std::vector<uint8_t>(ReturnRoutability::NONCE_LENGTH), now};
    for (auto& octet : nonce.octets)
    {
        octet = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    m_nonces.push_back(nonce);
    m_nonceEvent = Simulator::Schedule(m_nonceInterval, &Correspondent::NextNonce, this);
}

const Correspondent::Nonce*
Correspondent::FindNonce(uint16_t index) const
{
    const Time now = Simulator::Now();
    for (const auto& nonce : m_nonces)
    {
        if (nonce.index == index && now - nonce.made <= ReturnRoutability::MaxNonceLifetime())
        {
            return &nonce;
        }
    }
    return nullptr;
}

void
Correspondent::HandleTestInit(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto* init = dynamic_cast<const TestInitHeader*>(&message);
    if (!init || m_nonces.empty())
    {
        return;
    }
    // RFC 6275 9.4.1, 9.4.2: the test goes to the init's source address, with the current
    // nonce; the keygen token binds that address to the nonce under Kcn.
    const bool careOf = message.GetMhType() == MobilityHeader::CARE_OF_TEST_INIT;
    const Nonce& nonce = m_nonces.back();
    TestHeader test(careOf ? MobilityHeader::CARE_OF_TEST : MobilityHeader::HOME_TEST);
    test.SetNonceIndex(nonce.index);
    test.SetInitCookie(init->GetInitCookie());
    test.SetKeygenToken(
        ReturnRoutability::KeygenToken(m_kcn, ip.GetSource(), nonce.octets, careOf));
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    if (l4->Send(test, ip.GetDestination(), ip.GetSource(), m_function))
    {
        ++m_testsSent;
    }
}

int
Correspondent::ClaimUpdate(const MobilityHeader& message, const Ipv6Header& ip) const
{
    const auto* bu = dynamic_cast<const BindingUpdateHeader*>(&message);
    return bu && !bu->GetFlag(BindingUpdateHeader::FLAG_H) ? 128 : -1;
}

void
Correspondent::HandleBindingUpdate(const MobilityHeader& message,
                                   const Ipv6Header& ip,
                                   uint32_t iface)
{
    const auto* bu = dynamic_cast<const BindingUpdateHeader*>(&message);
    if (!bu || bu->GetFlag(BindingUpdateHeader::FLAG_H))
    {
        return; // home registrations are not a correspondent's
    }
    const Ipv6Address home = ip.GetSource();
    const Ipv6Address self = ip.GetDestination();
    Ipv6Address careOf = m_hao ? m_hao->GetDeliveringCareOf() : Ipv6Address::GetAny();
    if (careOf.IsAny())
    {
        careOf = home; // no Home Address option: sent from the home address
    }
    const Ipv6Address source = careOf; // where acknowledgements go (RFC 6275 9.5.4)
    if (auto alternate = DynamicCast<AlternateCareOfAddressOption>(
            bu->FindOption(MobilityOption::ALTERNATE_CARE_OF_ADDRESS)))
    {
        careOf = alternate->GetAddress();
    }
    const bool fromHome = careOf == home;
    auto indices =
        DynamicCast<NonceIndicesOption>(bu->FindOption(MobilityOption::NONCE_INDICES));
    if (!indices || !bu->FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA))
    {
        NS_LOG_LOGIC("Binding Update from " << home << " without return routability options");
        ++m_unauthenticated;
        return;
    }
    const Nonce* homeNonce = FindNonce(indices->GetHomeNonceIndex());
    const Nonce* careOfNonce = fromHome ? homeNonce : FindNonce(indices->GetCareOfNonceIndex());
    if (!homeNonce || !careOfNonce)
    {
        // RFC 6275 9.5.1: expired nonce indices are told, unsigned (Kbm cannot be had).
        const uint8_t status = !homeNonce && !careOfNonce
                                   ? BindingAckHeader::EXPIRED_NONCES
                                   : (!homeNonce ? BindingAckHeader::EXPIRED_HOME_NONCE_INDEX
                                                 : BindingAckHeader::EXPIRED_CARE_OF_NONCE_INDEX);
        ++m_refused;
        Acknowledge(status, bu->GetSequence(), Seconds(0), home, careOf, source, self, {});
        return;
    }
    const uint64_t homeToken =
        ReturnRoutability::KeygenToken(m_kcn, home, homeNonce->octets, false);
    const uint64_t careOfToken =
        fromHome ? 0 : ReturnRoutability::KeygenToken(m_kcn, careOf, careOfNonce->octets, true);
    const std::vector<uint8_t> kbm =
        ReturnRoutability::BindingKey(homeToken, careOfToken, fromHome);
    if (!ReturnRoutability::Verify(*bu, kbm, careOf, self))
    {
        NS_LOG_LOGIC("Binding Update for " << home << " from " << careOf
                                           << ": authenticator wrong, discarded");
        ++m_unauthenticated;
        return;
    }
    const Binding* known = Find(home);
    if (known && !Newer(bu->GetSequence(), known->sequence))
    {
        ++m_refused;
        Acknowledge(BindingAckHeader::SEQUENCE_NUMBER_OUT_OF_WINDOW,
                    known->sequence,
                    Seconds(0),
                    home,
                    careOf,
                    source,
                    self,
                    kbm);
        return;
    }
    const bool remove = fromHome || !bu->GetLifetime().IsStrictlyPositive();
    const Time granted = remove ? Seconds(0) : Min(bu->GetLifetime(), m_maxLifetime);
    SetBinding(home, remove ? Ipv6Address::GetAny() : careOf, granted, bu->GetSequence());
    if (bu->GetFlag(BindingUpdateHeader::FLAG_A))
    {
        Acknowledge(BindingAckHeader::BINDING_UPDATE_ACCEPTED,
                    bu->GetSequence(),
                    granted,
                    home,
                    careOf,
                    source,
                    self,
                    kbm);
    }
}

void
Correspondent::Acknowledge(uint8_t status,
                           uint16_t sequence,
                           Time lifetime,
                           Ipv6Address home,
                           Ipv6Address careOf,
                           Ipv6Address source,
                           Ipv6Address self,
                           const std::vector<uint8_t>& kbm)
{
    BindingAckHeader ba;
    ba.SetStatus(status);
    ba.SetSequence(sequence);
    ba.SetLifetime(lifetime);
    if (!kbm.empty())
    {
        ReturnRoutability::Sign(ba, kbm, careOf, self);
    }
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    if (source == home)
    {
        l4->Send(ba, self, home, m_function);
    }
    else
    {
        l4->SendToCareOf(ba, self, home, source, m_function);
    }
}

const Correspondent::Binding*
Correspondent::Find(Ipv6Address home) const
{
    auto it = m_cache.find(home);
    return it != m_cache.end() && it->second.expires > Simulator::Now() ? &it->second : nullptr;
}

void
Correspondent::SetBinding(Ipv6Address home, Ipv6Address careOf, Time lifetime, uint16_t sequence)
{
    if (careOf.IsAny())
    {
        // Removed with its sequence number: without an entry any sequence number is taken
        // (RFC 6275 9.5.1 compares with a cached one only).
        auto it = m_cache.find(home);
        if (it != m_cache.end())
        {
            m_cache.erase(it);
        }
    }
    else
    {
        m_cache[home] = Binding{careOf, Simulator::Now() + lifetime, sequence};
    }
    m_bindingTrace(home, careOf, lifetime);
}

bool
Correspondent::AcceptHomeAddress(Ipv6Address home,
                                 Ipv6Address careOf,
                                 Ipv6Address self,
                                 uint8_t nextHeader,
                                 Ptr<const Packet> payload)
{
    if (nextHeader == MobilityL4Protocol::PROT_NUMBER)
    {
        // A Binding Update carries the option before any binding (9.5.1); a Test Init with
        // one is silently discarded (9.4.1, 9.4.2); other messages as any packet.
        uint8_t head[3];
        const uint8_t type = payload->CopyData(head, 3) == 3 ? head[2] : 255;
        if (type == MobilityHeader::BINDING_UPDATE)
        {
            return true;
        }
        if (type == MobilityHeader::HOME_TEST_INIT || type == MobilityHeader::CARE_OF_TEST_INIT)
        {
            return false;
        }
    }
    const Binding* binding = Find(home);
    if (binding && binding->careOf == careOf)
    {
        return true;
    }
    // RFC 6275 9.3.1: no binding for the option: Binding Error 1 to the source.
    ++m_unknownBindings;
    GetObject<MobilityL4Protocol>()->SendBindingError(
        BindingErrorHeader::UNKNOWN_BINDING_FOR_HOME_ADDRESS_DESTINATION_OPTION,
        home,
        self,
        careOf,
        m_function);
    return false;
}

void
Correspondent::Output(Ptr<Packet> packet,
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
    if (!m_cache.empty())
    {
        if (const Binding* binding = Find(dst))
        {
            // RFC 6275 9.3.2: to the care-of address, the home address in the routing header.
            packet->AddHeader(Type2RoutingHeader(protocol, dst));
            ++m_roSent;
            down->second(packet, src, binding->careOf, Type2RoutingHeader::EXT_NUMBER, nullptr);
            return;
        }
    }
    down->second(packet, src, dst, protocol, route);
}

Ipv6Address
Correspondent::GetCareOf(Ipv6Address home) const
{
    const Binding* binding = Find(home);
    return binding ? binding->careOf : Ipv6Address::GetAny();
}

uint32_t
Correspondent::GetNBindings() const
{
    uint32_t n = 0;
    for (const auto& [home, binding] : m_cache)
    {
        n += binding.expires > Simulator::Now() ? 1 : 0;
    }
    return n;
}

uint64_t
Correspondent::GetTestsSent() const
{
    return m_testsSent;
}

uint64_t
Correspondent::GetRouteOptimisedSent() const
{
    return m_roSent;
}

uint64_t
Correspondent::GetRouteOptimisedReceived() const
{
    return m_hao ? m_hao->GetDelivered() : 0;
}

uint64_t
Correspondent::GetUnauthenticated() const
{
    return m_unauthenticated;
}

uint64_t
Correspondent::GetRefused() const
{
    return m_refused;
}

uint64_t
Correspondent::GetUnknownBindings() const
{
    return m_unknownBindings;
}

} // namespace dmm
} // namespace ns3
