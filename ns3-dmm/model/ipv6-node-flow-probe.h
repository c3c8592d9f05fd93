/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_IPV6_NODE_FLOW_PROBE_H
#define DMM_IPV6_NODE_FLOW_PROBE_H

#include "ns3/flow-probe.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/queue-item.h"
#include "ns3/tag.h"

namespace ns3
{

class FlowMonitor;
class Node;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief The flow and packet a FlowMonitor probe saw leave its source, carried as a byte tag
 * so that later probes (forwarders, the destination, drops) report the same packet.
 */
class FlowProbeTag : public Tag
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    FlowProbeTag();
    /**
     * @param flowId the flow
     * @param packetId the packet within the flow
     * @param size the packet's IPv6 size at its source
     */
    FlowProbeTag(uint32_t flowId, uint32_t packetId, uint32_t size);
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

    uint32_t flowId;   //!< the flow
    uint32_t packetId; //!< the packet within the flow
    uint32_t size;     //!< IPv6 size at the source
};

/**
 * @ingroup dmm
 * @brief A FlowMonitor probe of one node's IPv6 layer, connected to the node's objects
 * directly: the same reports as ns-3's Ipv6FlowProbe (first transmission, forwarding, local
 * delivery, drops by the IPv6 layer, by a root queue disc and by a device's transmit queue,
 * with Ipv6FlowProbe's drop reasons), without resolving a Config path per node, which makes
 * FlowMonitorHelper::Install of n nodes take O(n^2) time (each path walks the node list).
 */
class Ipv6NodeFlowProbe : public FlowProbe
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    /**
     * @brief Connect a probe to a node (the monitor keeps it).
     * @param monitor the FlowMonitor it reports to
     * @param classifier the monitor's IPv6 flow classifier
     * @param node a node with an Ipv6L3Protocol
     * @throws std::invalid_argument when the node has no Ipv6L3Protocol
     */
    Ipv6NodeFlowProbe(Ptr<FlowMonitor> monitor,
                      Ptr<Ipv6FlowClassifier> classifier,
                      Ptr<Node> node);
    ~Ipv6NodeFlowProbe() override;

  protected:
    void DoDispose() override;

  private:
    /// @copydoc Ipv6L3Protocol::SentTracedCallback
    void SendOutgoing(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface);
    /// @copydoc Ipv6L3Protocol::SentTracedCallback
    void Forward(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface);
    /// @copydoc Ipv6L3Protocol::SentTracedCallback
    void LocalDeliver(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface);
    /// @copydoc Ipv6L3Protocol::DropTracedCallback
    void Drop(const Ipv6Header& header,
              Ptr<const Packet> payload,
              Ipv6L3Protocol::DropReason reason,
              Ptr<Ipv6> ipv6,
              uint32_t interface);
    /// A device's transmit queue dropped a packet.
    void QueueDrop(Ptr<const Packet> packet);
    /// A root queue disc dropped an item.
    void QueueDiscDrop(Ptr<const QueueDiscItem> item);
    /// Report a packet with a tag as seen by the monitor's method.
    void Report(void (FlowMonitor::*method)(Ptr<FlowProbe>, uint32_t, uint32_t, uint32_t),
                const Ipv6Header& header,
                Ptr<const Packet> payload);

    Ptr<Ipv6FlowClassifier> m_classifier; //!< the monitor's IPv6 classifier
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_IPV6_NODE_FLOW_PROBE_H */
