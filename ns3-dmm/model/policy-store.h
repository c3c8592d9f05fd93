/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_POLICY_STORE_H
#define DMM_POLICY_STORE_H

#include "ns3/ipv6-address.h"
#include "ns3/object.h"

#include <string>
#include <vector>
#include <unordered_map>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief The policy store of a network-based mobility domain (RFC 5213 2.2): the policy
 * profile of each mobile node, shared by every proxy of the domain.
 *
 * A profile names the mobile node's home network. A proxy finds the location management
 * function to register a mobile node with from the profile's home network
 * (Proxy::SetParentForHome), so the domain keeps one profile per mobile node and one parent per
 * home network at each proxy, instead of one parent per mobile node at each proxy.
 *
 * With dynamic mobility (draft section 6) a profile also lists the session addresses the
 * mobile node holds: addresses it formed on an access link of a network allocating per
 * session, leased to a session there. A proxy the node attaches to registers each of them
 * (Proxy), as RFC 5213's profile lists a node's home network prefixes; the list changes as
 * sessions start and end.
 */
class PolicyStore : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    PolicyStore();
    ~PolicyStore() override;

    /**
     * @brief Provision a mobile node's policy profile.
     * @param mnId the Mobile Node Identifier (RFC 4283), not empty
     * @param homeNetwork the name of its home network, not empty
     * @throws std::invalid_argument for an empty identifier or network, or when the mobile
     * node already has a profile naming another home network
     */
    void SetHomeNetwork(const std::string& mnId, const std::string& homeNetwork);
    /// @param mnId a Mobile Node Identifier
    /// @return the home network of its profile (empty: the domain has no profile for it)
    const std::string& GetHomeNetwork(const std::string& mnId) const;
    /// @return number of policy profiles
    uint32_t GetNProfiles() const;
    /**
     * @brief A session of the mobile node took an address (nothing if listed already).
     * @param mnId the Mobile Node Identifier, not empty
     * @param address the session address, a global unicast address
     */
    void AddSessionAddress(const std::string& mnId, Ipv6Address address);
    /// @param mnId a Mobile Node Identifier @param address a session address
    /// @return whether it was listed (its last session ended)
    bool RemoveSessionAddress(const std::string& mnId, Ipv6Address address);
    /// @param mnId a Mobile Node Identifier @return its session addresses, in the order taken
    std::vector<Ipv6Address> GetSessionAddresses(const std::string& mnId) const;

  private:
    std::unordered_map<std::string, std::string> m_homes; //!< home network per identifier
    /// session addresses per identifier
    std::unordered_map<std::string, std::vector<Ipv6Address>> m_sessions;
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_POLICY_STORE_H */
