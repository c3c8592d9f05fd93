/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobile-node-agent.h"

#include "ipv6-tunnel-l4-protocol.h"
#include "mobility-authentication.h"
#include "mobility-header.h"
#include "mobility-l4-protocol.h"
#include "mobility-routing.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("MobileNodeAgent");

NS_OBJECT_ENSURE_REGISTERED(MobileNodeAgent);

namespace
{
/// The agent's name in signalling counts.
const std::string FUNCTION = "mobile node agent";
} // namespace

TypeId
MobileNodeAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::MobileNodeAgent")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<MobileNodeAgent>()
            .AddAttribute("HomeAddress",
                          "The home address (allocated by the home network).",
                          Ipv6AddressValue(),
                          MakeIpv6AddressAccessor(&MobileNodeAgent::m_homeAddress),
                          MakeIpv6AddressChecker())
            .AddAttribute("HomePrefixLength",
                          "Length of the home network prefix (the home link's prefix).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&MobileNodeAgent::m_homePrefixLength),
                          MakeUintegerChecker<uint8_t>(1, 128))
            .AddAttribute("HomeAgent",
                          "Address of the location management function to register with "
                          "(the home agent, or a proxy such as an HMIPv6 MAP).",
                          Ipv6AddressValue(),
                          MakeIpv6AddressAccessor(&MobileNodeAgent::m_homeAgent),
                          MakeIpv6AddressChecker())
            .AddAttribute("MobilityRouter",
                          "Where traffic from the home address is reverse-tunnelled when that "
                          "is not the home agent: the home network's mobility routing function "
                          "when its location management function is a location server (draft "
                          "section 7); :: for the home agent.",
                          Ipv6AddressValue(Ipv6Address::GetAny()),
                          MakeIpv6AddressAccessor(&MobileNodeAgent::m_mobilityRouter),
                          MakeIpv6AddressChecker())
            .AddAttribute("ReplayProtection",
                          "RFC 4285 section 6: authenticated Binding Updates (a home security "
                          "association) carry a Mobility Message Replay Protection option with "
                          "this node's time (ClockOffset plus the simulated time).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileNodeAgent::m_replayProtection),
                          MakeBooleanChecker())
            .AddAttribute("ClockOffset",
                          "Time since 1970-01-01 UTC at simulation time 0, for replay "
                          "protection timestamps.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MobileNodeAgent::m_clockOffset),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Identifier",
                          "Mobile Node Identifier (NAI, RFC 4283) sent in Binding Updates.",
                          StringValue(""),
                          MakeStringAccessor(&MobileNodeAgent::m_identifier),
                          MakeStringChecker())
            .AddAttribute("BindingLifetime",
                          "Lifetime requested in Binding Updates.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&MobileNodeAgent::m_lifetime),
                          MakeTimeChecker(Seconds(4), Seconds(262140)))
            .AddAttribute("RefreshFraction",
                          "Refresh the binding when this fraction of the granted lifetime "
                          "has passed.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&MobileNodeAgent::m_refreshFraction),
                          MakeDoubleChecker<double>(0.1, 0.99))
            .AddAttribute("InitialBindackTimeoutFirstReg",
                          "RFC 6275 section 13: first retransmission timeout of a first home "
                          "registration (default 1.5 s).",
                          TimeValue(Seconds(1.5)),
                          MakeTimeAccessor(&MobileNodeAgent::m_initialTimeoutFirstReg),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("InitialBindackTimeout",
                          "RFC 6275 section 12: INITIAL_BINDACK_TIMEOUT (default 1 s).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MobileNodeAgent::m_initialTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxBindackTimeout",
                          "RFC 6275 section 12: MAX_BINDACK_TIMEOUT (default 32 s).",
                          TimeValue(Seconds(32)),
                          MakeTimeAccessor(&MobileNodeAgent::m_maxTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AccessInterface",
                          "IPv6 interface the node attaches through (0: the first interface "
                          "that is neither loopback nor the tunnel interface).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MobileNodeAgent::m_accessInterface),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("OptimisticDad",
                          "Use a new care-of address while duplicate address detection runs "
                          "(RFC 4429 Optimistic DAD) instead of after it (RFC 4862).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MobileNodeAgent::m_optimisticDad),
                          MakeBooleanChecker())
            .AddAttribute("DeregisterEndedSessions",
                          "Deregister a session address when its last session ends; false "
                          "leaves the binding to its lifetime or the lease's end (draft "
                          "section 6: the device may not deregister).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MobileNodeAgent::m_deregisterEnded),
                          MakeBooleanChecker())
            .AddTraceSource("StateChanged",
                            "The agent changes state.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_stateTrace),
                            "ns3::dmm::MobileNodeAgent::StateTracedCallback")
            .AddTraceSource("MovementDetected",
                            "A Router Advertisement of a new prefix: the node moved.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_movementTrace),
                            "ns3::dmm::MobileNodeAgent::PrefixTracedCallback")
            .AddTraceSource("CareOfAddress",
                            "The care-of address in use changes (after duplicate address "
                            "detection unless OptimisticDad).",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_coaTrace),
                            "ns3::dmm::MobileNodeAgent::AddressTracedCallback")
            .AddTraceSource("RegionalCareOfAddress",
                            "The regional care-of address in use changes (entering or leaving "
                            "a MAP's domain).",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_rcoaTrace),
                            "ns3::dmm::MobileNodeAgent::AddressTracedCallback")
            .AddTraceSource("DuplicateCareOfAddress",
                            "Duplicate address detection found a new care-of address in use.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_duplicateTrace),
                            "ns3::dmm::MobileNodeAgent::PrefixTracedCallback")
            .AddTraceSource("BindingUpdate",
                            "A Binding Update is sent: sequence number and lifetime.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_buTrace),
                            "ns3::dmm::MobileNodeAgent::UpdateTracedCallback")
            .AddTraceSource("LocalBindingUpdate",
                            "A local Binding Update is sent to a MAP: sequence number and "
                            "lifetime.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_localBuTrace),
                            "ns3::dmm::MobileNodeAgent::UpdateTracedCallback")
            .AddTraceSource("LocalBindingAck",
                            "A Binding Acknowledgement from a MAP arrives: sequence number and "
                            "status.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_localBaTrace),
                            "ns3::dmm::MobileNodeAgent::AckTracedCallback")
            .AddTraceSource("BindingAck",
                            "A Binding Acknowledgement arrives: sequence number and status.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_baTrace),
                            "ns3::dmm::MobileNodeAgent::AckTracedCallback")
            .AddTraceSource("SessionAddress",
                            "A session address is added, leaves or returns to its link, or its "
                            "session ends.",
                            MakeTraceSourceAccessor(&MobileNodeAgent::m_sessionTrace),
                            "ns3::dmm::MobileNodeAgent::SessionTracedCallback");
    return tid;
}

MobileNodeAgent::MobileNodeAgent()
    : m_homePrefixLength(64),
      m_lifetime(Seconds(120)),
      m_refreshFraction(0.8),
      m_initialTimeoutFirstReg(Seconds(1.5)),
      m_initialTimeout(Seconds(1)),
      m_maxTimeout(Seconds(32)),
      m_accessInterface(0),
      m_optimisticDad(false),
      m_deregisterEnded(true)
{
}

MobileNodeAgent::~MobileNodeAgent() = default;

void
MobileNodeAgent::DoDispose()
{
    if (m_client)
    {
        m_client->Stop();
        m_client = nullptr;
    }
    for (auto& [map, local] : m_locals)
    {
        local.client->Stop();
    }
    m_locals.clear();
    for (auto& [address, session] : m_sessions)
    {
        session.client->Stop();
    }
    m_sessions.clear();
    m_ipv6 = nullptr;
    m_anchorPoints = nullptr;
    m_advertised = nullptr;
    Object::DoDispose();
}

std::string
MobileNodeAgent::GetStateName(State state)
{
    switch (state)
    {
    case AT_HOME:
        return "AT_HOME";
    case REGISTERING:
        return "REGISTERING";
    case REGISTERED:
        return "REGISTERED";
    case DEREGISTERING:
        return "DEREGISTERING";
    case DETACHED:
        return "DETACHED";
    case CONFIGURING:
        return "CONFIGURING";
    }
    return "UNKNOWN";
}

void
MobileNodeAgent::Start()
{
    m_ipv6 = GetObject<Ipv6>();
    Ptr<MobilityL4Protocol> l4 = GetObject<MobilityL4Protocol>();
    if (!m_ipv6 || !l4 || !GetObject<Ipv6TunnelL4Protocol>())
    {
        throw std::logic_error("MobileNodeAgent::Start: install the Internet and ns3-dmm stacks "
                               "on the node first");
    }
    if (m_homeAddress.IsAny() || m_homeAgent.IsAny())
    {
        throw std::invalid_argument("MobileNodeAgent::Start: HomeAddress and HomeAgent must be "
                                    "set");
    }
    if (!GetObject<MobilityRouting>())
    {
        throw std::logic_error("MobileNodeAgent::Start: the node has no MobilityRouting "
                               "(needed for reverse tunnelling)");
    }
    m_ipv6->TraceConnectWithoutContext("Rx", MakeCallback(&MobileNodeAgent::PacketReceived, this));
    if (Ptr<Icmpv6L4Protocol> icmpv6 = GetObject<Icmpv6L4Protocol>())
    {
        icmpv6->TraceConnectWithoutContext("DadSuccess",
                                           MakeCallback(&MobileNodeAgent::DadSucceeded, this));
        icmpv6->TraceConnectWithoutContext("DadFailure",
                                           MakeCallback(&MobileNodeAgent::DadFailed, this));
    }
    const auto claim = MakeCallback(&MobileNodeAgent::Claim, this);
    l4->AddHandler(MobilityHeader::BINDING_ACKNOWLEDGEMENT,
                   0,
                   MakeCallback(&MobileNodeAgent::HandleAck, this),
                   FUNCTION,
                   claim);
    l4->AddHandler(MobilityHeader::BINDING_REFRESH_REQUEST,
                   0,
                   MakeCallback(&MobileNodeAgent::HandleRefreshRequest, this),
                   FUNCTION,
                   claim);
}

int
MobileNodeAgent::Claim(const MobilityHeader& message, const Ipv6Header& ip) const
{
    const Ipv6Address source = ip.GetSource();
    if (source == m_homeAgent || m_locals.count(source) != 0)
    {
        return 128;
    }
    for (const auto& [address, session] : m_sessions)
    {
        if (session.homeAgent == source)
        {
            return 128;
        }
    }
    return -1;
}

Ipv6Address
MobileNodeAgent::ReverseEndPoint() const
{
    return m_mobilityRouter.IsAny() ? m_homeAgent : m_mobilityRouter;
}

uint32_t
MobileNodeAgent::AccessInterface() const
{
    if (m_accessInterface != 0)
    {
        return m_accessInterface;
    }
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    for (uint32_t i = 1; i < m_ipv6->GetNInterfaces(); ++i)
    {
        if (!tunnel->HasTunnelInterface() || i != tunnel->GetTunnelInterface())
        {
            return i;
        }
    }
    return 0;
}

MobileNodeAgent::State
MobileNodeAgent::GetState() const
{
    return m_state;
}

Ipv6Address
MobileNodeAgent::GetCareOfAddress() const
{
    return m_coa;
}

Ipv6Address
MobileNodeAgent::GetHomeAddress() const
{
    return m_homeAddress;
}

uint32_t
MobileNodeAgent::GetBindingUpdatesSent() const
{
    return m_client ? static_cast<uint32_t>(m_client->GetSent()) : 0;
}

void
MobileNodeAgent::AddAnchorPoint(Ipv6Address accessPrefix,
                                uint8_t accessLength,
                                Ipv6Address map,
                                Ipv6Address regionalPrefix)
{
    if (!m_anchorPoints)
    {
        m_anchorPoints = CreateObject<AnchorPointDirectory>();
    }
    m_anchorPoints->Add(accessPrefix, accessLength, map, regionalPrefix);
}

void
MobileNodeAgent::UseAnchorPoints(Ptr<AnchorPointDirectory> directory)
{
    m_advertised = directory;
}

Ipv6Address
MobileNodeAgent::GetRegionalCareOfAddress() const
{
    return m_rcoa;
}

Ipv6Address
MobileNodeAgent::GetAnchorPoint() const
{
    return m_map;
}

uint32_t
MobileNodeAgent::GetLocalBindingUpdatesSent() const
{
    return m_localSent;
}

uint32_t
MobileNodeAgent::GetNMovements() const
{
    return static_cast<uint32_t>(m_movements.size());
}

Time
MobileNodeAgent::GetMovementTime(uint32_t index) const
{
    if (index >= m_movements.size())
    {
        throw std::out_of_range("MobileNodeAgent::GetMovementTime: no movement " +
                                std::to_string(index));
    }
    return m_movements[index];
}

void
MobileNodeAgent::SetState(State state)
{
    if (state != m_state)
    {
        NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << GetStateName(m_state) << " -> "
                                                 << GetStateName(state));
        State old = m_state;
        m_state = state;
        m_stateTrace(old, state);
    }
}

void
MobileNodeAgent::PacketReceived(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    if (interface != AccessInterface())
    {
        return;
    }
    // The trace sees the packet with its IPv6 header. Only Router Advertisements matter:
    // next header 58 directly after the IPv6 header, ICMPv6 type 134.
    uint8_t head[56];
    const uint32_t size = packet->GetSize();
    if (size < 56 || packet->CopyData(head, 56) < 56 || (head[0] >> 4) != 6 || head[6] != 58 ||
        head[40] != 134)
    {
        return;
    }
    std::vector<uint8_t> data(size);
    packet->CopyData(data.data(), size);
    m_advertisingRouter = Ipv6Address(&data[8]);
    // Options after the 16-octet RA body: type, length in units of 8 octets.
    uint32_t p = 56;
    while (p + 2 <= size)
    {
        const uint32_t length = data[p + 1] * 8u;
        if (length == 0 || p + length > size)
        {
            break;
        }
        if (data[p] == 3 && length == 32 && (data[p + 3] & 0x40)) // Prefix Information, A flag
        {
            PrefixAdvertised(Ipv6Address(&data[p + 16]), data[p + 2]);
        }
        p += length;
    }
}

void
MobileNodeAgent::PrefixAdvertised(Ipv6Address prefix, uint8_t length)
{
    const Ipv6Prefix mask(length);
    if (length == m_homePrefixLength && mask.IsMatch(prefix, m_homeAddress))
    {
        if (m_state != AT_HOME && m_state != DEREGISTERING)
        {
            UseDefaultRouter(m_advertisingRouter);
            Simulator::ScheduleNow(&MobileNodeAgent::ReturnHome, this);
        }
        else
        {
            HomeAddressOnLink();
        }
        return;
    }
    // The router heard is the access link's (a station hears only its own access point):
    // packets leave through it, also back on a link whose address is current or still under
    // duplicate address detection (a return after a brief association elsewhere, whose Router
    // Advertisement left ns-3 a default route through that other router).
    UseDefaultRouter(m_advertisingRouter);
    if (!m_coa.IsAny() && mask.IsMatch(prefix, m_coa))
    {
        return; // the current link
    }
    if (!m_tentativeCoa.IsAny() && mask.IsMatch(prefix, m_tentativeCoa))
    {
        return; // the new link, its care-of address still under duplicate address detection
    }
    if (!m_duplicateCoa.IsAny() && mask.IsMatch(prefix, m_duplicateCoa))
    {
        return; // the new link, whose care-of address is a duplicate (RFC 4862 5.4.5)
    }
    // Stateless autoconfiguration of the advertised prefix runs after this trace: look for
    // the new address once it has.
    m_pendingPrefix = prefix;
    m_pendingLength = length;
    m_movementTrace(prefix);
    Simulator::ScheduleNow([this]() {
        const uint32_t iface = AccessInterface();
        const Ipv6Prefix pendingMask(m_pendingLength);
        for (uint32_t k = 0; k < m_ipv6->GetNAddresses(iface); ++k)
        {
            const Ipv6InterfaceAddress a = m_ipv6->GetAddress(iface, k);
            if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL &&
                pendingMask.IsMatch(a.GetAddress(), m_pendingPrefix) &&
                a.GetAddress() != m_homeAddress)
            {
                CareOfAddressConfigured(a.GetAddress(), a.GetState());
                return;
            }
        }
    });
}

void
MobileNodeAgent::CareOfAddressConfigured(Ipv6Address address, Ipv6InterfaceAddress::State_e state)
{
    if (state == Ipv6InterfaceAddress::INVALID)
    {
        return; // duplicate address detection failed for it
    }
    m_duplicateCoa = Ipv6Address::GetAny();
    Ptr<Icmpv6L4Protocol> icmpv6 = GetObject<Icmpv6L4Protocol>();
    const bool tentative = state == Ipv6InterfaceAddress::TENTATIVE ||
                           state == Ipv6InterfaceAddress::TENTATIVE_OPTIMISTIC;
    if (!tentative || m_optimisticDad || !icmpv6 || !icmpv6->IsAlwaysDad())
    {
        m_tentativeCoa = Ipv6Address::GetAny();
        Move(address);
        return;
    }
    // RFC 4862 5.4: the address is not used before duplicate address detection ends.
    NS_LOG_LOGIC(address << " is tentative: waiting for duplicate address detection");
    m_tentativeCoa = address;
    const AnchorPoint* ap = FindAnchorPoint(address);
    if (!ap || ap->map != m_map)
    {
        Client()->Stop(); // the home registration changes too
    }
    if (!m_map.IsAny())
    {
        LocalClient(m_map)->Stop();
    }
    SetState(CONFIGURING);
}

void
MobileNodeAgent::DadSucceeded(const Ipv6Address& address)
{
    if (m_state == CONFIGURING && address == m_tentativeCoa)
    {
        m_tentativeCoa = Ipv6Address::GetAny();
        Move(address);
    }
}

void
MobileNodeAgent::DadFailed(const Ipv6Address& address)
{
    if (address != m_tentativeCoa)
    {
        return;
    }
    NS_LOG_WARN("care-of address " << address << " is a duplicate: not used");
    m_tentativeCoa = Ipv6Address::GetAny();
    m_duplicateCoa = address;
    m_duplicateTrace(address);
    SetState(DETACHED);
}

void
MobileNodeAgent::Move(Ipv6Address coa)
{
    NS_LOG_FUNCTION(this << coa);
    Ipv6Address old = m_coa;
    m_coa = coa;
    m_movements.push_back(Simulator::Now());
    m_coaTrace(old, coa);
    MoveSessions(coa);
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    // Away from home: the home address moves to the tunnel interface.
    MoveToTunnel(m_homeAddress);
    const uint32_t tunnelIf = tunnel->GetTunnelInterface();
    Ptr<MobilityRouting> routing = GetObject<MobilityRouting>();
    routing->SetHomeAddress(m_homeAddress);
    const AnchorPoint* ap = FindAnchorPoint(coa);
    if (!ap)
    {
        LeaveAnchorPoint();
        tunnel->AddTunnelRoute(m_homeAddress, Ipv6Prefix(128), coa, ReverseEndPoint(), true);
        SetState(REGISTERING);
        m_homeCoa = coa;
        RegisterHome();
        return;
    }
    // RFC 5380 6.1: the regional care-of address from the MAP's prefix and the interface
    // identifier of the on-link one.
    uint8_t bytes[16];
    uint8_t low[16];
    ap->regionalPrefix.GetBytes(bytes);
    coa.GetBytes(low);
    std::copy(low + 8, low + 16, bytes + 8);
    const Ipv6Address rcoa(bytes);
    SetState(REGISTERING);
    if (ap->map == m_map && rcoa == m_rcoa)
    {
        // A movement within the MAP's domain: only the local binding changes (and the home
        // registration resumes if it was stopped, as on a detour through another domain
        // while duplicate address detection ran, or had failed).
        tunnel->AddTunnelRoute(rcoa, Ipv6Prefix(128), coa, m_map, true);
        LocalClient(m_map)->Register(m_lifetime, false);
        const RegistrationClient::State home = Client()->GetState();
        if (home == RegistrationClient::IDLE || home == RegistrationClient::FAILED)
        {
            m_homeCoa = rcoa;
            RegisterHome();
        }
        else
        {
            RegisterSessions(m_homeCoa != rcoa);
        }
        return;
    }
    LeaveAnchorPoint();
    m_map = ap->map;
    const Ipv6Address oldRcoa = m_rcoa;
    m_rcoa = rcoa;
    m_ipv6->AddAddress(tunnelIf, Ipv6InterfaceAddress(rcoa, Ipv6Prefix(128)));
    routing->SetRegionalAddress(rcoa);
    tunnel->AddTunnelRoute(rcoa, Ipv6Prefix(128), coa, m_map, true);
    tunnel->AddTunnelRoute(m_homeAddress, Ipv6Prefix(128), rcoa, ReverseEndPoint(), true);
    m_rcoaTrace(oldRcoa, rcoa);
    Ptr<RegistrationClient> local = LocalClient(m_map);
    m_locals[m_map].rcoa = rcoa;
    // The home registration follows the MAP's acknowledgement (RFC 5380 6.2).
    local->Register(m_lifetime, local->GetSent() == 0);
    RegisterSessions(true);
}

const MobileNodeAgent::AnchorPoint*
MobileNodeAgent::FindAnchorPoint(Ipv6Address coa) const
{
    const AnchorPoint* own = m_anchorPoints ? m_anchorPoints->Find(coa) : nullptr;
    if (own || !m_advertised)
    {
        return own;
    }
    return m_advertised->Find(coa);
}

void
MobileNodeAgent::RegisterHome()
{
    Client()->Register(m_lifetime, !m_everRegistered);
    RegisterSessions(false);
}

void
MobileNodeAgent::AddSessionAddress(Ipv6Address address, uint8_t linkLength, Ipv6Address homeAgent)
{
    NS_LOG_FUNCTION(this << address << +linkLength << homeAgent);
    if (address.IsAny() || homeAgent.IsAny() || linkLength == 0 || linkLength > 128)
    {
        throw std::invalid_argument("MobileNodeAgent::AddSessionAddress: an address, a link "
                                    "prefix length in 1..128 and a location management "
                                    "function are needed");
    }
    auto it = m_sessions.find(address);
    if (it != m_sessions.end() && !it->second.ended)
    {
        if (it->second.homeAgent != homeAgent)
        {
            throw std::invalid_argument("MobileNodeAgent::AddSessionAddress: the address is "
                                        "registered with another location management function");
        }
        return;
    }
    SessionAddress& session = m_sessions[address];
    session.address = address;
    session.linkLength = linkLength;
    session.homeAgent = homeAgent;
    session.from = Ipv6Address::GetAny();
    session.away = false;
    session.ended = false;
    if (!session.client)
    {
        session.client = Create<RegistrationClient>();
        session.client->Configure(
            MakeTimers(),
            MakeCallback(&MobileNodeAgent::SendSessionBindingUpdate, this, address),
            MakeCallback(&MobileNodeAgent::SessionRegistrationChanged, this, address));
    }
    m_maxHeld = std::max(m_maxHeld, 1 + GetNSessionAddresses());
    m_sessionTrace(address, SESSION_ADDED);
    if (!m_coa.IsAny())
    {
        MoveSessions(m_coa);
        RegisterSessions(false);
    }
}

void
MobileNodeAgent::EndSession(Ipv6Address address)
{
    NS_LOG_FUNCTION(this << address);
    auto it = m_sessions.find(address);
    if (it == m_sessions.end() || it->second.ended)
    {
        return;
    }
    SessionAddress& session = it->second;
    session.ended = true;
    m_sessionTrace(address, SESSION_ENDED);
    if (!session.away)
    {
        return;
    }
    const RegistrationClient::State state = session.client->GetState();
    const bool bound =
        state == RegistrationClient::REGISTERED || state == RegistrationClient::REGISTERING;
    StopSessionSupport(session);
    session.away = false;
    if (bound && m_deregisterEnded)
    {
        session.client->Deregister();
    }
    else
    {
        session.client->Stop();
    }
}

uint32_t
MobileNodeAgent::GetNSessionAddresses() const
{
    return static_cast<uint32_t>(
        std::count_if(m_sessions.begin(), m_sessions.end(), [](const auto& entry) {
            return !entry.second.ended;
        }));
}

uint32_t
MobileNodeAgent::GetMaxAddressesHeld() const
{
    return m_maxHeld;
}

bool
MobileNodeAgent::IsSessionAway(Ipv6Address address) const
{
    auto it = m_sessions.find(address);
    return it != m_sessions.end() && it->second.away;
}

uint32_t
MobileNodeAgent::GetSessionBindingUpdatesSent() const
{
    return m_sessionSent;
}

void
MobileNodeAgent::MoveSessions(Ipv6Address coa)
{
    Ptr<MobilityRouting> routing = GetObject<MobilityRouting>();
    for (auto& [address, session] : m_sessions)
    {
        if (session.ended)
        {
            continue;
        }
        const bool onLink = Ipv6Prefix(session.linkLength).IsMatch(coa, address);
        if (onLink && session.away)
        {
            NS_LOG_LOGIC("session address " << address << " back on its link");
            StopSessionSupport(session);
            session.away = false;
            // The address returns to the access interface (SLAAC forms it again; one given
            // otherwise is put back here).
            OnAccessLink(address, session.linkLength);
            if (session.client->GetSent() > 0)
            {
                session.client->Deregister();
            }
            m_sessionTrace(address, SESSION_ON_LINK);
        }
        else if (!onLink && !session.away)
        {
            NS_LOG_LOGIC("session address " << address << " away from its link");
            session.away = true;
            MoveToTunnel(address);
            routing->AddSessionAddress(address);
            m_sessionTrace(address, SESSION_AWAY);
        }
    }
}

Ipv6Address
MobileNodeAgent::SessionCareOf(const SessionAddress& session) const
{
    // Under a MAP that is the session's own location management function, the node registers
    // its on-link care-of address there: the regional one would be bound at the same node.
    if (!m_map.IsAny() && session.homeAgent == m_map)
    {
        return m_coa;
    }
    return m_homeCoa.IsAny() ? m_coa : m_homeCoa;
}

void
MobileNodeAgent::RegisterSessions(bool anchorPointOnly)
{
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    for (auto& [address, session] : m_sessions)
    {
        if (session.ended || !session.away)
        {
            continue;
        }
        const bool atAnchorPoint = !m_map.IsAny() && session.homeAgent == m_map;
        if (anchorPointOnly && !atAnchorPoint)
        {
            continue;
        }
        const Ipv6Address from = SessionCareOf(session);
        const RegistrationClient::State state = session.client->GetState();
        if (from.IsAny() || (from == session.from && (state == RegistrationClient::REGISTERED ||
                                                      state == RegistrationClient::REGISTERING)))
        {
            continue;
        }
        session.from = from;
        tunnel->AddTunnelRoute(address, Ipv6Prefix(128), from, session.homeAgent, true);
        session.client->Register(m_lifetime, session.client->GetSent() == 0);
    }
}

void
MobileNodeAgent::StopSessionSupport(SessionAddress& session)
{
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    if (tunnel->HasTunnelInterface())
    {
        m_ipv6->RemoveAddress(tunnel->GetTunnelInterface(), session.address);
        tunnel->RemoveTunnelRoute(session.address, Ipv6Prefix(128), true);
    }
    GetObject<MobilityRouting>()->RemoveSessionAddress(session.address);
}

bool
MobileNodeAgent::SendSessionBindingUpdate(Ipv6Address address, uint16_t sequence, Time lifetime)
{
    auto it = m_sessions.find(address);
    if (it == m_sessions.end())
    {
        return false;
    }
    const SessionAddress& session = it->second;
    BindingUpdateHeader bu = HomeBindingUpdate(address, sequence, lifetime);
    // Away, from the care-of address registered; on its link again (a deregistration), from
    // the address itself (RFC 6275 9.5.1: a care-of address equal to the home address).
    Ipv6Address source = address;
    if (session.away && !session.from.IsAny())
    {
        source = session.from;
        bu.AddOption(AlternateCareOfAddressOption(source));
    }
    else if (!session.away && !lifetime.IsZero())
    {
        return false;
    }
    else if (session.ended && !m_coa.IsAny())
    {
        source = m_coa; // deregistration of an ended session from elsewhere
        bu.AddOption(AlternateCareOfAddressOption(source));
    }
    SecureForPeer(bu, session.homeAgent, source, address);
    ++m_sessionSent;
    return GetObject<MobilityL4Protocol>()->Send(bu, source, session.homeAgent, FUNCTION);
}

void
MobileNodeAgent::SessionRegistrationChanged(Ipv6Address address,
                                            RegistrationClient::State previous,
                                            RegistrationClient::State state,
                                            const BindingAckHeader* ba)
{
    if (state == RegistrationClient::FAILED)
    {
        NS_LOG_WARN("registration of session address "
                    << address << " failed"
                    << (ba ? ": " + BindingAckHeader::GetStatusName(ba->GetStatus()) : ""));
    }
}

void
MobileNodeAgent::LeaveAnchorPoint()
{
    if (m_map.IsAny())
    {
        return;
    }
    NS_LOG_LOGIC("leaving the domain of MAP " << m_map);
    const Ipv6Address map = m_map;
    const Ipv6Address rcoa = m_rcoa;
    m_map = Ipv6Address::GetAny();
    m_rcoa = Ipv6Address::GetAny();
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    tunnel->RemoveTunnelRoute(rcoa, Ipv6Prefix(128), true);
    if (tunnel->HasTunnelInterface())
    {
        m_ipv6->RemoveAddress(tunnel->GetTunnelInterface(), rcoa);
    }
    GetObject<MobilityRouting>()->SetRegionalAddress(Ipv6Address::GetAny());
    m_rcoaTrace(rcoa, m_rcoa);
    LocalClient(map)->Deregister();
}

Ptr<RegistrationClient>
MobileNodeAgent::LocalClient(Ipv6Address map)
{
    LocalBinding& local = m_locals[map];
    if (!local.client)
    {
        local.client = Create<RegistrationClient>();
        local.client->Configure(
            MakeTimers(),
            MakeCallback(&MobileNodeAgent::SendLocalBindingUpdate, this, map),
            MakeCallback(&MobileNodeAgent::LocalRegistrationChanged, this, map));
    }
    return local.client;
}

bool
MobileNodeAgent::SendLocalBindingUpdate(Ipv6Address map, uint16_t sequence, Time lifetime)
{
    auto it = m_locals.find(map);
    if (it == m_locals.end() || it->second.rcoa.IsAny())
    {
        return false;
    }
    BindingUpdateHeader bu;
    bu.SetSequence(sequence);
    bu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    bu.SetFlag(BindingUpdateHeader::FLAG_M, true);
    bu.SetLifetime(lifetime);
    bu.AddOption(HomeNetworkPrefixOption(it->second.rcoa, 128));
    if (!m_identifier.empty())
    {
        bu.AddOption(MobileNodeIdentifierOption(m_identifier));
    }
    const Ipv6Address source = m_coa.IsAny() ? m_homeAddress : m_coa;
    if (!m_coa.IsAny())
    {
        bu.AddOption(AlternateCareOfAddressOption(m_coa));
    }
    SecureForPeer(bu, map, source, it->second.rcoa);
    ++m_localSent;
    m_localBuTrace(sequence, lifetime);
    return GetObject<MobilityL4Protocol>()->Send(bu, source, map, FUNCTION);
}

void
MobileNodeAgent::LocalRegistrationChanged(Ipv6Address map,
                                          RegistrationClient::State previous,
                                          RegistrationClient::State state,
                                          const BindingAckHeader* ba)
{
    if (map != m_map)
    {
        return; // the deregistration at a MAP left behind
    }
    if (state == RegistrationClient::REGISTERED)
    {
        if (m_homeCoa != m_rcoa)
        {
            m_homeCoa = m_rcoa;
            RegisterHome();
        }
        else if (Client()->GetState() == RegistrationClient::REGISTERED)
        {
            SetState(REGISTERED);
        }
        return;
    }
    RefreshedOrFailed(state, ba, "local registration with MAP");
}

void
MobileNodeAgent::ReturnHome()
{
    NS_LOG_FUNCTION(this);
    m_tentativeCoa = Ipv6Address::GetAny();
    m_duplicateCoa = Ipv6Address::GetAny();
    Ptr<Ipv6TunnelL4Protocol> tunnel = GetObject<Ipv6TunnelL4Protocol>();
    if (tunnel->HasTunnelInterface())
    {
        m_ipv6->RemoveAddress(tunnel->GetTunnelInterface(), m_homeAddress);
        tunnel->RemoveTunnelRoute(m_homeAddress, Ipv6Prefix(128), true);
    }
    GetObject<MobilityRouting>()->ClearHomeAddress();
    HomeAddressOnLink();
    Ipv6Address old = m_coa;
    m_coa = Ipv6Address::GetAny();
    m_homeCoa = Ipv6Address::GetAny();
    LeaveAnchorPoint();
    m_coaTrace(old, m_coa);
    if (!m_everRegistered)
    {
        Client()->Stop();
        SetState(AT_HOME);
        return;
    }
    SetState(DEREGISTERING);
    Client()->Deregister();
}

Ptr<RegistrationClient>
MobileNodeAgent::Client()
{
    if (!m_client)
    {
        m_client = Create<RegistrationClient>();
        m_client->Configure(MakeTimers(),
                            MakeCallback(&MobileNodeAgent::SendBindingUpdate, this),
                            MakeCallback(&MobileNodeAgent::RegistrationChanged, this));
    }
    return m_client;
}

RegistrationClient::Timers
MobileNodeAgent::MakeTimers() const
{
    RegistrationClient::Timers timers;
    timers.initialFirstReg = m_initialTimeoutFirstReg;
    timers.initial = m_initialTimeout;
    timers.max = m_maxTimeout;
    timers.refreshFraction = m_refreshFraction;
    return timers;
}

void
MobileNodeAgent::RegistrationChanged(RegistrationClient::State previous,
                                     RegistrationClient::State state,
                                     const BindingAckHeader* ba)
{
    if (state == RegistrationClient::REGISTERED)
    {
        m_everRegistered = true;
        if (m_map.IsAny() || LocalClient(m_map)->GetState() == RegistrationClient::REGISTERED)
        {
            SetState(REGISTERED);
        }
        return;
    }
    if (state == RegistrationClient::IDLE)
    {
        if (previous == RegistrationClient::DEREGISTERING)
        {
            SetState(AT_HOME);
        }
        return;
    }
    RefreshedOrFailed(state, ba, "home registration");
}

void
MobileNodeAgent::RefreshedOrFailed(RegistrationClient::State state,
                                   const BindingAckHeader* ba,
                                   const char* which)
{
    if (state == RegistrationClient::REGISTERING && m_state == REGISTERED)
    {
        SetState(REGISTERING); // a refresh
    }
    else if (state == RegistrationClient::FAILED)
    {
        if (ba)
        {
            NS_LOG_WARN(which << " rejected: " << BindingAckHeader::GetStatusName(ba->GetStatus()));
        }
        SetState(DETACHED);
    }
}

void
MobileNodeAgent::HomeAddressOnLink()
{
    // At home the home address is on the home link (RFC 6275 section 11.5.4).
    OnAccessLink(m_homeAddress, m_homePrefixLength);
}

bool
MobileNodeAgent::HasAddress(uint32_t iface, Ipv6Address address) const
{
    for (uint32_t k = 0; k < m_ipv6->GetNAddresses(iface); ++k)
    {
        if (m_ipv6->GetAddress(iface, k).GetAddress() == address)
        {
            return true;
        }
    }
    return false;
}

void
MobileNodeAgent::OnAccessLink(Ipv6Address address, uint8_t length)
{
    const uint32_t access = AccessInterface();
    if (!HasAddress(access, address))
    {
        m_ipv6->AddAddress(access, Ipv6InterfaceAddress(address, Ipv6Prefix(length)));
    }
}

void
MobileNodeAgent::MoveToTunnel(Ipv6Address address)
{
    const uint32_t tunnelIf = GetObject<Ipv6TunnelL4Protocol>()->CreateTunnelInterface();
    const uint32_t access = AccessInterface();
    if (HasAddress(access, address))
    {
        m_ipv6->RemoveAddress(access, address);
    }
    if (!HasAddress(tunnelIf, address))
    {
        m_ipv6->AddAddress(tunnelIf, Ipv6InterfaceAddress(address, Ipv6Prefix(128)));
    }
}

void
MobileNodeAgent::UseDefaultRouter(Ipv6Address router)
{
    if (!router.IsLinkLocal())
    {
        return;
    }
    Ptr<Ipv6RoutingProtocol> top = m_ipv6->GetRoutingProtocol();
    Ptr<Ipv6StaticRouting> routing = DynamicCast<Ipv6StaticRouting>(top);
    if (auto list = DynamicCast<Ipv6ListRouting>(top))
    {
        for (uint32_t i = 0; i < list->GetNRoutingProtocols() && !routing; ++i)
        {
            int16_t priority;
            routing = DynamicCast<Ipv6StaticRouting>(list->GetRoutingProtocol(i, priority));
        }
    }
    if (!routing)
    {
        return;
    }
    const uint32_t access = AccessInterface();
    for (uint32_t k = routing->GetNRoutes(); k-- > 0;)
    {
        Ipv6RoutingTableEntry route = routing->GetRoute(k);
        if (route.IsDefault() && route.GetInterface() == access && route.GetGateway() != router)
        {
            NS_LOG_LOGIC("default router " << route.GetGateway() << " replaced by " << router);
            routing->RemoveRoute(k);
        }
    }
}

BindingUpdateHeader
MobileNodeAgent::HomeBindingUpdate(Ipv6Address address, uint16_t sequence, Time lifetime) const
{
    BindingUpdateHeader bu;
    bu.SetSequence(sequence);
    bu.SetFlag(BindingUpdateHeader::FLAG_A, true);
    bu.SetFlag(BindingUpdateHeader::FLAG_H, true);
    bu.SetLifetime(lifetime);
    bu.AddOption(HomeNetworkPrefixOption(address, 128));
    if (!m_identifier.empty())
    {
        bu.AddOption(MobileNodeIdentifierOption(m_identifier));
    }
    return bu;
}

bool
MobileNodeAgent::SendBindingUpdate(uint16_t sequence, Time lifetime)
{
    BindingUpdateHeader bu = HomeBindingUpdate(m_homeAddress, sequence, lifetime);
    // From the care-of address registered (the regional one under a MAP), or, back home,
    // from the home address.
    const Ipv6Address source = m_homeCoa.IsAny() ? m_homeAddress : m_homeCoa;
    if (!m_homeCoa.IsAny())
    {
        bu.AddOption(AlternateCareOfAddressOption(m_homeCoa));
    }
    if (m_homeSpi != 0)
    {
        Secure(bu, m_homeSpi, m_homeKey, source, m_homeAddress);
    }
    m_buTrace(sequence, lifetime);
    return GetObject<MobilityL4Protocol>()->Send(bu, source, m_homeAgent, FUNCTION);
}

void
MobileNodeAgent::SetHomeSecurityAssociation(uint32_t spi, const std::vector<uint8_t>& key)
{
    if (spi < 256 || key.empty())
    {
        throw std::invalid_argument("MobileNodeAgent::SetHomeSecurityAssociation: an SPI of 256 "
                                    "or more (RFC 4285 reserves 0-255) and a key are needed");
    }
    m_homeSpi = spi;
    m_homeKey = key;
}

void
MobileNodeAgent::AddSecurityAssociation(Ipv6Address peer,
                                        uint32_t spi,
                                        const std::vector<uint8_t>& key)
{
    if (peer.IsAny() || spi < 256 || key.empty())
    {
        throw std::invalid_argument("MobileNodeAgent::AddSecurityAssociation: a peer, an SPI of "
                                    "256 or more (RFC 4285 reserves 0-255) and a key are needed");
    }
    m_peerAssociations[peer] = {spi, key};
}

void
MobileNodeAgent::Secure(BindingUpdateHeader& bu,
                        uint32_t spi,
                        const std::vector<uint8_t>& key,
                        Ipv6Address coa,
                        Ipv6Address hoa) const
{
    if (m_replayProtection)
    {
        bu.AddOption(MobilityMessageReplayProtectionOption(Simulator::Now() + m_clockOffset));
    }
    MobilityAuthentication::Sign(bu, MobilityMessageAuthenticationOption::MN_HA, spi, key, coa, hoa);
}

void
MobileNodeAgent::SecureForPeer(BindingUpdateHeader& bu,
                               Ipv6Address peer,
                               Ipv6Address coa,
                               Ipv6Address hoa) const
{
    auto sa = m_peerAssociations.find(peer);
    if (sa != m_peerAssociations.end())
    {
        Secure(bu, sa->second.first, sa->second.second, coa, hoa);
    }
}

bool
MobileNodeAgent::AuthenticPeerAck(const BindingAckHeader& ba, const Ipv6Header& ip, Ipv6Address hoa)
{
    if (m_homeSpi == 0 && m_peerAssociations.empty())
    {
        return true;
    }
    auto sa = m_peerAssociations.find(ip.GetSource());
    if (sa != m_peerAssociations.end() &&
        MobilityAuthentication::Verify(ba,
                                       sa->second.first,
                                       sa->second.second,
                                       ip.GetDestination(),
                                       hoa) == MobilityAuthentication::VALID)
    {
        return true;
    }
    NS_LOG_LOGIC("Binding Acknowledgement from " << ip.GetSource()
                                                 << " fails authentication: dropped");
    ++m_authFailures;
    return false;
}

uint32_t
MobileNodeAgent::GetNSecurityAssociations() const
{
    return static_cast<uint32_t>(m_peerAssociations.size()) + (m_homeSpi != 0 ? 1 : 0);
}

uint64_t
MobileNodeAgent::GetAuthenticationFailures() const
{
    return m_authFailures;
}

void
MobileNodeAgent::HandleAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface)
{
    const auto& ba = static_cast<const BindingAckHeader&>(message);
    if (!m_sessions.empty())
    {
        auto hnp = DynamicCast<HomeNetworkPrefixOption>(
            ba.FindOption(MobilityOption::HOME_NETWORK_PREFIX));
        auto session = hnp ? m_sessions.find(hnp->GetPrefix()) : m_sessions.end();
        if (session != m_sessions.end() && session->second.homeAgent == ip.GetSource())
        {
            if (AuthenticPeerAck(ba, ip, session->first))
            {
                session->second.client->HandleAck(ba);
            }
            return;
        }
    }
    auto local = m_locals.find(ip.GetSource());
    if (local != m_locals.end())
    {
        if (!AuthenticPeerAck(ba, ip, local->second.rcoa))
        {
            return;
        }
        m_localBaTrace(ba.GetSequence(), ba.GetStatus());
        local->second.client->HandleAck(ba);
        return;
    }
    if (m_homeSpi != 0 &&
        (ip.GetSource() != m_homeAgent ||
         MobilityAuthentication::Verify(ba, m_homeSpi, m_homeKey, ip.GetDestination(),
                                        m_homeAddress) != MobilityAuthentication::VALID))
    {
        // Only the home agent answers home registrations, under the association.
        NS_LOG_LOGIC("Binding Acknowledgement from " << ip.GetSource()
                                                     << " fails authentication: dropped");
        ++m_authFailures;
        return;
    }
    m_baTrace(ba.GetSequence(), ba.GetStatus());
    // Without a MAP, only while the agent waits for it (a care-of address left for another, or
    // found a duplicate, is not acknowledged); under one, the home registration goes on
    // whatever the local link does, and its client checks the answer itself.
    if (m_map.IsAny() && m_state != REGISTERING && m_state != DEREGISTERING)
    {
        return;
    }
    Client()->HandleAck(ba);
}

void
MobileNodeAgent::HandleRefreshRequest(const MobilityHeader& message,
                                      const Ipv6Header& ip,
                                      uint32_t iface)
{
    if (m_state != REGISTERED && m_state != REGISTERING)
    {
        return;
    }
    if (m_locals.count(ip.GetSource()) != 0)
    {
        if (ip.GetSource() != m_map)
        {
            return; // a MAP left behind
        }
        SetState(REGISTERING);
        LocalClient(m_map)->Register(m_lifetime, false);
        return;
    }
    SetState(REGISTERING);
    Client()->Register(m_lifetime, false);
}

} // namespace dmm
} // namespace ns3
