/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_NODE_FAILURE_H
#define DMM_NODE_FAILURE_H

#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <utility>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief The failure of a node and its recovery: a crash of the whole node, as a fault
 * model for the mobility functions on it.
 *
 * Fail sets every interface of the node that is up, but the loopback, down
 * (Ipv6L3Protocol::SetDown): nothing is sent or received through them, and the packets its
 * neighbours keep sending there are lost. ns-3 removes an interface's addresses (its
 * link-local one is made again when it comes up) and the static routes through it when it
 * goes down: the node's other addresses and its static routes are kept aside. Recover sets
 * those interfaces up again and puts the addresses back (through duplicate address
 * detection, when it is on), then the static routes that are missing; its neighbour caches
 * start empty, as after a restart. What the functions on the node lose (their bindings: a
 * restart) is up to the caller (LocationManagement::Restart).
 *
 * Aggregated to the node on its first failure (Get).
 */
class NodeFailure : public Object
{
  public:
    /// @return the TypeId
    static TypeId GetTypeId();

    /// @param node a node with IPv6 @return its failure model (created and aggregated once)
    static Ptr<NodeFailure> Get(Ptr<Node> node);

    /// The node fails now (nothing if it is down already).
    void Fail();
    /// The node recovers now (nothing if it is up).
    void Recover();
    /// @return whether the node is down
    bool IsDown() const;
    /// @return failures so far
    uint32_t GetNFailures() const;
    /// @return how long the node has been down in all (up to now)
    Time GetDowntime() const;
    /// @return static routes put back at the last recovery
    uint32_t GetRoutesRestored() const;
    /// @return addresses put back at the last recovery
    uint32_t GetAddressesRestored() const;

    /**
     * TracedCallback signature of Failed and Recovered.
     * @param down whether the node went down (true) or came back (false)
     */
    typedef void (*StateTracedCallback)(bool down);

  protected:
    void DoDispose() override;

  private:
    Ptr<Node> m_node;                               //!< the node
    bool m_down{false};                             //!< down now
    Time m_since;                                   //!< when it went down
    Time m_downtime;                                //!< time down before m_since
    uint32_t m_failures{0};                         //!< failures so far
    uint32_t m_restored{0};                         //!< routes put back last time
    uint32_t m_addressesRestored{0};                //!< addresses put back last time
    std::vector<uint32_t> m_wasUp;                  //!< interfaces it set down
    /// addresses kept aside: interface, address
    std::vector<std::pair<uint32_t, Ipv6InterfaceAddress>> m_addresses;
    std::vector<Ipv6RoutingTableEntry> m_routes;    //!< static routes kept aside
    std::vector<uint32_t> m_metrics;                //!< their metrics
    TracedCallback<bool> m_stateTrace;              //!< down (true) or up (false)
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_NODE_FAILURE_H */
