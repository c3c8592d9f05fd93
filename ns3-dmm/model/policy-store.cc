/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "policy-store.h"

#include "ns3/log.h"

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

} // namespace dmm
} // namespace ns3
