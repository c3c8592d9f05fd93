/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "policy-store.h"

#include "ns3/log.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("PolicyStore");

NS_OBJECT_ENSURE_REGISTERED(PolicyStore);

TypeId
PolicyStore::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::PolicyStore")
                            .SetParent<Object>()
                            .SetGroupName("Dmm")
                            .AddConstructor<PolicyStore>();
    return tid;
}

PolicyStore::PolicyStore()
{
    NS_LOG_FUNCTION(this);
}

PolicyStore::~PolicyStore()
{
    NS_LOG_FUNCTION(this);
}

void
PolicyStore::SetHomeNetwork(const std::string& mnId, const std::string& homeNetwork)
{
    NS_LOG_FUNCTION(this << mnId << homeNetwork);
    if (mnId.empty() || homeNetwork.empty())
    {
        throw std::invalid_argument("PolicyStore::SetHomeNetwork: a Mobile Node Identifier and "
                                    "a home network are needed");
    }
    auto [it, inserted] = m_homes.emplace(mnId, homeNetwork);
    if (!inserted && it->second != homeNetwork)
    {
        throw std::invalid_argument("PolicyStore::SetHomeNetwork: the profile of " + mnId +
                                    " names " + it->second + " as its home network, not " +
                                    homeNetwork);
    }
}

const std::string&
PolicyStore::GetHomeNetwork(const std::string& mnId) const
{
    static const std::string none;
    auto it = m_homes.find(mnId);
    return it != m_homes.end() ? it->second : none;
}

uint32_t
PolicyStore::GetNProfiles() const
{
    return static_cast<uint32_t>(m_homes.size());
}

void
PolicyStore::AddSessionAddress(const std::string& mnId, Ipv6Address address)
{
    NS_LOG_FUNCTION(this << mnId << address);
    if (mnId.empty() || address.IsAny() || address.IsMulticast() || address.IsLinkLocal() ||
        address.IsLocalhost())
    {
        throw std::invalid_argument("PolicyStore::AddSessionAddress: a Mobile Node Identifier "
                                    "and a global unicast address are needed");
    }
    auto& held = m_sessions[mnId];
    if (std::find(held.begin(), held.end(), address) == held.end())
    {
        held.push_back(address);
    }
}

bool
PolicyStore::RemoveSessionAddress(const std::string& mnId, Ipv6Address address)
{
    NS_LOG_FUNCTION(this << mnId << address);
    auto it = m_sessions.find(mnId);
    if (it == m_sessions.end())
    {
        return false;
    }
    auto& held = it->second;
    auto at = std::find(held.begin(), held.end(), address);
    if (at == held.end())
    {
        return false;
    }
    held.erase(at);
    return true;
}

std::vector<Ipv6Address>
PolicyStore::GetSessionAddresses(const std::string& mnId) const
{
    auto it = m_sessions.find(mnId);
    return it != m_sessions.end() ? it->second : std::vector<Ipv6Address>{};
}

} // namespace dmm
} // namespace ns3
