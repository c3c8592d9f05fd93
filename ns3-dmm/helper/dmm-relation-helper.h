/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_RELATION_HELPER_H
#define DMM_RELATION_HELPER_H

#include "ns3/ipv6-address.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{
namespace dmm
{

class LocationManagement;
class MobileNodeAgent;
class MobilityRouting;
class PolicyStore;
class Proxy;

/**
 * @ingroup dmm
 * @brief Wires the relations of a placement between the function objects on the nodes: one
 * method per relation kind of the framework (ns3dmm.framework.relations), so that what a
 * relation means to the protocols is decided here, not by the caller.
 *
 * | relation kind            | method      | effect                                          |
 * |--------------------------|-------------|-------------------------------------------------|
 * | attachment, registration | Register    | the lower function learns where it registers a  |
 * |                          |             | mobile node; the upper one, which locators it   |
 * |                          |             | takes from the lower (RegisterThrough)          |
 * | lm-client                | Follow      | the MR forwards by the LM's bindings            |
 * | lm-sync                  | Synchronise | each LM replicates its registrations to the     |
 * |                          |             | other (Location Replicate)                      |
 * | tunnel                   | (none)      | an MR tunnels by the bindings it follows        |
 *
 * lm-query and location-push (route optimisation) have no method yet. Each method may be
 * called once per (access router, relation): calls repeating a relation change nothing, and a
 * call contradicting an earlier one (a second home agent, a second parent for the same mobile
 * node) throws std::invalid_argument.
 */
class DmmRelationHelper
{
  public:
    /**
     * @brief Registration of a host-based mobile node with a location management function:
     * its agent registers the home address there (a home agent's address, or the home agents
     * anycast address of an anycast group, RFC 2526).
     * @param agent the mobile node's agent (not started)
     * @param locationManagement the address its Binding Updates go to
     */
    static void Register(Ptr<MobileNodeAgent> agent, Ipv6Address locationManagement);

    /**
     * @brief Registration of a host-based mobile node with an anchor point (HMIPv6's MAP,
     * RFC 5380) at the access routers of an access prefix: there the agent forms a regional
     * care-of address in the anchor point's /64 and registers its on-link one locally.
     * @param agent the mobile node's agent (not started)
     * @param accessPrefix the access link's prefix
     * @param accessLength its length
     * @param anchorPoint the anchor point's address
     * @param regionalPrefix the /64 routed to the anchor point
     */
    static void Register(Ptr<MobileNodeAgent> agent,
                         Ipv6Address accessPrefix,
                         uint8_t accessLength,
                         Ipv6Address anchorPoint,
                         Ipv6Address regionalPrefix);

    /**
     * @brief Attachment of a network-based mobile node to a proxy, or registration by a proxy
     * (on an access router, or an anchor point registering what comes from below): the proxy
     * registers the mobile node with its parent (the mobile node's policy profile, RFC 5213
     * 6.2), before any parent for its home network (RegisterHome).
     * @param proxy the proxy
     * @param mnId the Mobile Node Identifier
     * @param parent the address of the next proxy or of the location management function
     * @throws std::invalid_argument when the proxy already registers that mobile node with
     * another parent
     */
    static void Register(Ptr<Proxy> proxy, const std::string& mnId, Ipv6Address parent);

    /**
     * @brief Registration by a proxy of every mobile node whose policy profile names a home
     * network: the proxy takes the domain's policy store and registers them with one parent
     * (RFC 5213 6.2: the profile names the mobile node's local mobility anchor).
     * @param proxy the proxy
     * @param store the domain's policy store
     * @param homeNetwork the home network
     * @param parent the address of the next proxy or of the location management function
     * @throws std::invalid_argument when the proxy already registers that home network's
     * mobile nodes with another parent
     */
    static void RegisterHome(Ptr<Proxy> proxy,
                             Ptr<PolicyStore> store,
                             const std::string& homeNetwork,
                             Ipv6Address parent);

    /**
     * @brief The upper end of a registration from an anchor that knows the care-of addresses
     * itself (an HMIPv6 MAP, a visited mobility router as proxy): the location management
     * function's entries with a locator in the given prefix are of kind mobility router (the
     * hierarchical mapping HoA -> MR -> CoA of draft sections 4.3 and 7).
     * @param lm the location management function registered with
     * @param locator the anchor's address, or the prefix of its regional care-of addresses
     * @param length 128 for an address, else the prefix length
     */
    static void RegisterThrough(Ptr<LocationManagement> lm, Ipv6Address locator, uint8_t length);

    /**
     * @brief A mobility routing function as client of a location management function on its
     * node: it forwards by that function's bindings.
     * @param mr the mobility routing function
     * @param lm the location management function (on the same node)
     */
    static void Follow(Ptr<MobilityRouting> mr, Ptr<LocationManagement> lm);

    /**
     * @brief Two replicas of a location management database (HAHA): each replicates its
     * registrations to the other, from the address the other knows it by.
     * @param a one function @param addressA its address
     * @param b the other @param addressB its address
     */
    static void Synchronise(Ptr<LocationManagement> a,
                            Ipv6Address addressA,
                            Ptr<LocationManagement> b,
                            Ipv6Address addressB);
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_RELATION_HELPER_H */
