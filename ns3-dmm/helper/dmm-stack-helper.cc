/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dmm-stack-helper.h"

#include "ns3/boolean.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/ipv6-tunnel-l4-protocol.h"
#include "ns3/log.h"
#include "ns3/mobility-l4-protocol.h"
#include "ns3/mobility-routing.h"
#include "ns3/node.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("DmmStackHelper");

DmmStackHelper::DmmStackHelper()
    : m_createTunnelInterface(true)
{
    m_mobilityFactory.SetTypeId(MobilityL4Protocol::GetTypeId());
    m_tunnelFactory.SetTypeId(Ipv6TunnelL4Protocol::GetTypeId());
}

void
DmmStackHelper::SetMobilityAttribute(const std::string& name, const AttributeValue& value)
{
    m_mobilityFactory.Set(name, value);
}

void
DmmStackHelper::SetTunnelAttribute(const std::string& name, const AttributeValue& value)
{
    m_tunnelFactory.Set(name, value);
}

void
DmmStackHelper::SetCreateTunnelInterface(bool create)
{
    m_createTunnelInterface = create;
}

void
DmmStackHelper::Install(Ptr<Node> node) const
{
    if (!node->GetObject<Ipv6>())
    {
        throw std::logic_error("DmmStackHelper::Install: node " + std::to_string(node->GetId()) +
                               " has no IPv6 stack; install the Internet stack first");
    }
    if (node->GetObject<MobilityL4Protocol>())
    {
        throw std::logic_error("DmmStackHelper::Install: node " + std::to_string(node->GetId()) +
                               " already has the ns3-dmm stack");
    }
    // Decapsulated packets re-enter on the tunnel interface: accept them for any of the
    // node's addresses (weak end system model, RFC 1122 3.3.4.2).
    node->GetObject<Ipv6>()->SetAttribute("StrongEndSystemModel", BooleanValue(false));
    node->AggregateObject(m_mobilityFactory.Create<MobilityL4Protocol>());
    Ptr<Ipv6TunnelL4Protocol> tunnel = m_tunnelFactory.Create<Ipv6TunnelL4Protocol>();
    node->AggregateObject(tunnel);
    if (m_createTunnelInterface)
    {
        tunnel->CreateTunnelInterface();
    }
}

void
DmmStackHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
DmmStackHelper::AddTunnelRoute(Ptr<Node> node,
                               Ipv6Address network,
                               Ipv6Prefix prefix,
                               Ipv6Address local,
                               Ipv6Address remote,
                               uint32_t metric)
{
    Ptr<Ipv6TunnelL4Protocol> tunnel = node->GetObject<Ipv6TunnelL4Protocol>();
    if (!tunnel)
    {
        throw std::logic_error("DmmStackHelper::AddTunnelRoute: node " +
                               std::to_string(node->GetId()) + " has no ns3-dmm stack");
    }
    uint32_t interface = tunnel->CreateTunnelInterface();
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    // Routing out of an interface selects a source address on it (ns-3 aborts when there is
    // none): the tunnel interface needs a global address, e.g. the home address of a mobile
    // node or the anchor's address on the prefixes it anchors.
    bool hasGlobal = false;
    for (uint32_t k = 0; k < ipv6->GetNAddresses(interface); ++k)
    {
        hasGlobal |= ipv6->GetAddress(interface, k).GetScope() == Ipv6InterfaceAddress::GLOBAL;
    }
    if (!hasGlobal)
    {
        throw std::invalid_argument(
            "DmmStackHelper::AddTunnelRoute: node " + std::to_string(node->GetId()) +
            ": the tunnel interface (IPv6 interface " + std::to_string(interface) +
            ") has no global address; add one first (a home address, or the anchor's address)");
    }
    tunnel->AddTunnelRoute(network, prefix, local, remote);
    Ipv6StaticRoutingHelper routingHelper;
    Ptr<Ipv6StaticRouting> routing = routingHelper.GetStaticRouting(node->GetObject<Ipv6>());
    if (!routing)
    {
        throw std::logic_error("DmmStackHelper::AddTunnelRoute: node " +
                               std::to_string(node->GetId()) + " has no static routing");
    }
    routing->AddNetworkRouteTo(network, prefix, interface, metric);
}

Ptr<MobilityRouting>
DmmStackHelper::InstallMobilityRouting(Ptr<Node> node, int16_t priority)
{
    if (Ptr<MobilityRouting> existing = node->GetObject<MobilityRouting>())
    {
        return existing;
    }
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    Ptr<Ipv6ListRouting> list = ipv6 ? DynamicCast<Ipv6ListRouting>(ipv6->GetRoutingProtocol())
                                     : nullptr;
    if (!list)
    {
        throw std::logic_error("DmmStackHelper::InstallMobilityRouting: node " +
                               std::to_string(node->GetId()) +
                               " has no Ipv6ListRouting (install the Internet stack with its "
                               "default routing)");
    }
    Ptr<MobilityRouting> routing = CreateObject<MobilityRouting>();
    list->AddRoutingProtocol(routing, priority);
    node->AggregateObject(routing);
    if (Ptr<Ipv6TunnelL4Protocol> tunnel = node->GetObject<Ipv6TunnelL4Protocol>())
    {
        // The routing function hears of the node's routing changes and flushes the cache.
        tunnel->EnableRouteCache();
    }
    return routing;
}

} // namespace dmm
} // namespace ns3
