/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_STACK_HELPER_H
#define DMM_STACK_HELPER_H

#include "ns3/ipv6-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

namespace ns3
{
namespace dmm
{

class MobilityRouting;

/**
 * @ingroup dmm
 * @brief Installs the Mobility Header protocol (135) and IPv6-in-IPv6 tunnelling (41) on
 * nodes that already have the Internet stack, and sets up tunnel routes.
 */
class DmmStackHelper
{
  public:
    DmmStackHelper();

    /// @param name attribute of ns3::dmm::MobilityL4Protocol @param value its value
    void SetMobilityAttribute(const std::string& name, const AttributeValue& value);
    /// @param name attribute of ns3::dmm::Ipv6TunnelL4Protocol @param value its value
    void SetTunnelAttribute(const std::string& name, const AttributeValue& value);
    /// @param create whether Install also creates the tunnel interface (default true)
    void SetCreateTunnelInterface(bool create);

    /// @param node node with the Internet stack (IPv6) installed
    void Install(Ptr<Node> node) const;
    /// @param nodes nodes with the Internet stack (IPv6) installed
    void Install(NodeContainer nodes) const;

    /**
     * @brief Send packets for a prefix through the node's tunnel to a remote end point: a
     * tunnel route in the node's Ipv6TunnelL4Protocol and a static route to its tunnel
     * interface. The tunnel interface must have a global address (routing selects a source
     * address on it): a home address on a mobile node, the anchor's own address on an anchor.
     * @param node the tunnel entry node (DmmStackHelper installed)
     * @param network the inner destination prefix
     * @param prefix its length
     * @param local the local end point (outer source), or :: for the inner source
     * @param remote the remote end point
     * @param metric metric of the static route
     */
    static void AddTunnelRoute(Ptr<Node> node,
                               Ipv6Address network,
                               Ipv6Prefix prefix,
                               Ipv6Address local,
                               Ipv6Address remote,
                               uint32_t metric = 0);

    /**
     * @brief Put a mobility routing function on a node: a MobilityRouting above static
     * routing in the node's Ipv6ListRouting, also aggregated to the node.
     * @param node node with the ns3-dmm stack
     * The node's tunnel then caches the route of outer packets per end point pair; the
     * routing function flushes it whenever the node's interfaces, addresses or routes change
     * through the IPv6 stack (routes added straight to Ipv6StaticRouting after traffic has
     * started bypass that notification).
     * @param priority its priority in the list (static routing has 0)
     * @return the mobility routing function (the existing one if there is one)
     */
    static Ptr<MobilityRouting> InstallMobilityRouting(Ptr<Node> node, int16_t priority = 10);

  private:
    ObjectFactory m_mobilityFactory; //!< MobilityL4Protocol factory
    ObjectFactory m_tunnelFactory;   //!< Ipv6TunnelL4Protocol factory
    bool m_createTunnelInterface;    //!< create the tunnel interface at install
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_STACK_HELPER_H */
