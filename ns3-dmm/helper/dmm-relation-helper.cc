/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dmm-relation-helper.h"

#include "ns3/ipv6-address.h"
#include "ns3/location-management.h"
#include "ns3/log.h"
#include "ns3/mobile-node-agent.h"
#include "ns3/mobility-routing.h"
#include "ns3/proxy.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("DmmRelationHelper");

namespace
{

std::string
Text(Ipv6Address address)
{
    std::ostringstream out;
    out << address;
    return out.str();
}

} // namespace

void
DmmRelationHelper::Register(Ptr<MobileNodeAgent> agent, Ipv6Address locationManagement)
{
    NS_LOG_FUNCTION(agent << locationManagement);
    if (!agent || locationManagement.IsAny() || locationManagement.IsMulticast())
    {
        throw std::invalid_argument("DmmRelationHelper::Register: an agent and the unicast "
                                    "address of a location management function are needed");
    }
    Ipv6AddressValue known;
    agent->GetAttribute("HomeAgent", known);
    if (!known.Get().IsAny() && known.Get() != locationManagement)
    {
        throw std::invalid_argument("DmmRelationHelper::Register: the mobile node already "
                                    "registers its home address with " +
                                    Text(known.Get()) + ", not " + Text(locationManagement));
    }
    agent->SetAttribute("HomeAgent", Ipv6AddressValue(locationManagement));
}

void
DmmRelationHelper::Register(Ptr<MobileNodeAgent> agent,
                            Ipv6Address accessPrefix,
                            uint8_t accessLength,
                            Ipv6Address anchorPoint,
                            Ipv6Address regionalPrefix)
{
    NS_LOG_FUNCTION(agent << accessPrefix << +accessLength << anchorPoint << regionalPrefix);
    if (!agent)
    {
        throw std::invalid_argument("DmmRelationHelper::Register: no agent");
    }
    agent->AddAnchorPoint(accessPrefix, accessLength, anchorPoint, regionalPrefix);
}

void
DmmRelationHelper::Register(Ptr<Proxy> proxy, const std::string& mnId, Ipv6Address parent)
{
    NS_LOG_FUNCTION(proxy << mnId << parent);
    if (!proxy || mnId.empty())
    {
        throw std::invalid_argument("DmmRelationHelper::Register: a proxy and a Mobile Node "
                                    "Identifier are needed");
    }
    const Ipv6Address known = proxy->GetOwnParentFor(mnId);
    if (!known.IsAny() && known != parent)
    {
        throw std::invalid_argument("DmmRelationHelper::Register: the proxy already registers " +
                                    mnId + " with " + Text(known) + ", not " + Text(parent));
    }
    proxy->SetParentFor(mnId, parent);
}

void
DmmRelationHelper::RegisterHome(Ptr<Proxy> proxy,
                                Ptr<PolicyStore> store,
                                const std::string& homeNetwork,
                                Ipv6Address parent)
{
    NS_LOG_FUNCTION(proxy << store << homeNetwork << parent);
    if (!proxy || !store || homeNetwork.empty())
    {
        throw std::invalid_argument("DmmRelationHelper::RegisterHome: a proxy, a policy store "
                                    "and a home network are needed");
    }
    const Ipv6Address known = proxy->GetParentForHome(homeNetwork);
    if (!known.IsAny() && known != parent)
    {
        throw std::invalid_argument("DmmRelationHelper::RegisterHome: the proxy already "
                                    "registers the mobile nodes of " + homeNetwork + " with " +
                                    Text(known) + ", not " + Text(parent));
    }
    proxy->UsePolicyStore(store);
    proxy->SetParentForHome(homeNetwork, parent);
}

void
DmmRelationHelper::RegisterThrough(Ptr<LocationManagement> lm,
                                   Ipv6Address locator,
                                   uint8_t length)
{
    NS_LOG_FUNCTION(lm << locator << +length);
    if (!lm)
    {
        throw std::invalid_argument("DmmRelationHelper::RegisterThrough: no location "
                                    "management function");
    }
    lm->AddMobilityRouter(locator, length);
}

void
DmmRelationHelper::Follow(Ptr<MobilityRouting> mr, Ptr<LocationManagement> lm)
{
    NS_LOG_FUNCTION(mr << lm);
    if (!mr || !lm)
    {
        throw std::invalid_argument("DmmRelationHelper::Follow: a mobility routing and a "
                                    "location management function are needed");
    }
    mr->FollowLocationManagement(lm);
}

void
DmmRelationHelper::Synchronise(Ptr<LocationManagement> a,
                               Ipv6Address addressA,
                               Ptr<LocationManagement> b,
                               Ipv6Address addressB)
{
    NS_LOG_FUNCTION(a << addressA << b << addressB);
    if (!a || !b || a == b)
    {
        throw std::invalid_argument("DmmRelationHelper::Synchronise: two distinct location "
                                    "management functions are needed");
    }
    // Each sends from the address the other declared for it.
    a->AddReplica(addressB, addressA);
    b->AddReplica(addressA, addressB);
}

} // namespace dmm
} // namespace ns3
