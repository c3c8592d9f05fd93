/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_ANCHOR_POINT_DIRECTORY_H
#define DMM_ANCHOR_POINT_DIRECTORY_H

#include "ns3/ipv6-address.h"
#include "ns3/object.h"

#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief Which mobility anchor point (HMIPv6 MAP, RFC 5380) serves which access prefix: what
 * the access routers' MAP options (RFC 5380 10.1) tell the mobile nodes. A mobile node's agent
 * keeps its own (MobileNodeAgent::AddAnchorPoint) and may consult one shared by the mobile
 * nodes of a domain (MobileNodeAgent::UseAnchorPoints), so that the domain keeps one entry per
 * access router rather than one per mobile node and access router.
 */
class AnchorPointDirectory : public Object
{
  public:
    /// A MAP serving an access prefix.
    struct Entry
    {
        Ipv6Address accessPrefix;   //!< the access link's prefix
        uint8_t accessLength;       //!< its length
        Ipv6Address map;            //!< the MAP's address
        Ipv6Address regionalPrefix; //!< the /64 of regional care-of addresses
    };

    /// @return the object TypeId
    static TypeId GetTypeId();
    AnchorPointDirectory();
    ~AnchorPointDirectory() override;

    /**
     * @brief Name the mobility anchor point serving an access prefix (again: nothing changes).
     * @param accessPrefix the access link's prefix
     * @param accessLength its length (1 to 128)
     * @param map the MAP's address
     * @param regionalPrefix the /64 routed to the MAP, in which regional care-of addresses are
     *        formed
     * @throws std::invalid_argument for a missing argument, or when the prefix already has
     * another anchor point
     */
    void Add(Ipv6Address accessPrefix,
             uint8_t accessLength,
             Ipv6Address map,
             Ipv6Address regionalPrefix);
    /// @param address an address on an access link @return the entry of the MAP serving
    /// that link, or nullptr
    const Entry* Find(Ipv6Address address) const;
    /// @return number of access prefixes with an anchor point
    uint32_t GetN() const;

  private:
    std::vector<Entry> m_entries; //!< by access prefix
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_ANCHOR_POINT_DIRECTORY_H */
