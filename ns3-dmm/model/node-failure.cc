/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "node-failure.h"

#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("NodeFailure");
NS_OBJECT_ENSURE_REGISTERED(NodeFailure);

namespace
{
/// @return whether two entries are the same route
bool
SameRoute(const Ipv6RoutingTableEntry& a, const Ipv6RoutingTableEntry& b)
{
    return a.GetDest() == b.GetDest() && a.GetDestNetworkPrefix() == b.GetDestNetworkPrefix() &&
           a.GetGateway() == b.GetGateway() && a.GetInterface() == b.GetInterface() &&
           a.GetPrefixToUse() == b.GetPrefixToUse();
}
} // namespace

TypeId
NodeFailure::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::NodeFailure")
                            .SetParent<Object>()
                            .SetGroupName("Dmm")
                            .AddConstructor<NodeFailure>()
                            .AddTraceSource("State",
                                            "The node went down (true) or came back (false).",
                                            MakeTraceSourceAccessor(&NodeFailure::m_stateTrace),
                                            "ns3::dmm::NodeFailure::StateTracedCallback");
    return tid;
}

Ptr<NodeFailure>
NodeFailure::Get(Ptr<Node> node)
{
    if (!node || !node->GetObject<Ipv6L3Protocol>())
    {
        throw std::invalid_argument("NodeFailure::Get: a node with IPv6 is needed");
    }
    Ptr<NodeFailure> failure = node->GetObject<NodeFailure>();
    if (!failure)
    {
        failure = CreateObject<NodeFailure>();
        failure->m_node = node;
        node->AggregateObject(failure);
    }
    return failure;
}

void
NodeFailure::Fail()
{
    NS_LOG_FUNCTION(this);
    if (m_down)
    {
        return;
    }
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    m_routes.clear();
    m_metrics.clear();
    if (Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(ipv6))
    {
        for (uint32_t k = 0; k < routing->GetNRoutes(); ++k)
        {
            m_routes.push_back(routing->GetRoute(k));
            m_metrics.push_back(routing->GetMetric(k));
        }
    }
    m_addresses.clear();
    for (uint32_t i = 1; i < ipv6->GetNInterfaces(); ++i)
    {
        for (uint32_t k = 0; k < ipv6->GetNAddresses(i); ++k)
        {
            const Ipv6InterfaceAddress a = ipv6->GetAddress(i, k);
            if (a.GetScope() != Ipv6InterfaceAddress::LINKLOCAL)
            {
                m_addresses.emplace_back(i, a);
            }
        }
    }
    m_wasUp.clear();
    for (uint32_t i = 1; i < ipv6->GetNInterfaces(); ++i)
    {
        if (ipv6->IsUp(i))
        {
            m_wasUp.push_back(i);
            ipv6->SetDown(i);
        }
    }
    m_down = true;
    m_since = Simulator::Now();
    ++m_failures;
    NS_LOG_INFO("node " << m_node->GetId() << " down, " << m_routes.size() << " routes kept");
    m_stateTrace(true);
}

void
NodeFailure::Recover()
{
    NS_LOG_FUNCTION(this);
    if (!m_down)
    {
        return;
    }
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    for (uint32_t i : m_wasUp)
    {
        ipv6->SetUp(i);
    }
    m_addressesRestored = 0;
    for (const auto& [i, a] : m_addresses)
    {
        bool present = false;
        for (uint32_t k = 0; k < ipv6->GetNAddresses(i) && !present; ++k)
        {
            present = ipv6->GetAddress(i, k).GetAddress() == a.GetAddress();
        }
        if (!present)
        {
            ipv6->AddAddress(i, Ipv6InterfaceAddress(a.GetAddress(), a.GetPrefix()));
            ++m_addressesRestored;
        }
    }
    m_restored = 0;
    if (Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(ipv6))
    {
        for (std::size_t k = 0; k < m_routes.size(); ++k)
        {
            const Ipv6RoutingTableEntry& r = m_routes[k];
            bool present = false;
            for (uint32_t j = 0; j < routing->GetNRoutes() && !present; ++j)
            {
                present = SameRoute(routing->GetRoute(j), r);
            }
            if (present)
            {
                continue;
            }
            routing->AddNetworkRouteTo(r.GetDest(),
                                       r.GetDestNetworkPrefix(),
                                       r.GetGateway(),
                                       r.GetInterface(),
                                       r.GetPrefixToUse(),
                                       m_metrics[k]);
            ++m_restored;
        }
    }
    m_downtime += Simulator::Now() - m_since;
    m_down = false;
    NS_LOG_INFO("node " << m_node->GetId() << " up, " << m_addressesRestored
                         << " addresses and " << m_restored << " routes put back");
    m_stateTrace(false);
}

bool
NodeFailure::IsDown() const
{
    return m_down;
}

uint32_t
NodeFailure::GetNFailures() const
{
    return m_failures;
}

Time
NodeFailure::GetDowntime() const
{
    return m_downtime + (m_down ? Simulator::Now() - m_since : Time(0));
}

uint32_t
NodeFailure::GetRoutesRestored() const
{
    return m_restored;
}

uint32_t
NodeFailure::GetAddressesRestored() const
{
    return m_addressesRestored;
}

void
NodeFailure::DoDispose()
{
    m_node = nullptr;
    m_routes.clear();
    m_addresses.clear();
    Object::DoDispose();
}

} // namespace dmm
} // namespace ns3
