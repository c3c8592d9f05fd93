/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv6-node-flow-probe.h"

#include "ns3/flow-monitor.h"
#include "ns3/ipv6-flow-probe.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"
#include "ns3/traffic-control-layer.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("Ipv6NodeFlowProbe");

NS_OBJECT_ENSURE_REGISTERED(FlowProbeTag);

TypeId
FlowProbeTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::FlowProbeTag")
                            .SetParent<Tag>()
                            .SetGroupName("Dmm")
                            .AddConstructor<FlowProbeTag>();
    return tid;
}

TypeId
FlowProbeTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

FlowProbeTag::FlowProbeTag()
    : flowId(0),
      packetId(0),
      size(0)
{
}

FlowProbeTag::FlowProbeTag(uint32_t flow, uint32_t packet, uint32_t bytes)
    : flowId(flow),
      packetId(packet),
      size(bytes)
{
}

uint32_t
FlowProbeTag::GetSerializedSize() const
{
    return 12;
}

void
FlowProbeTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(flowId);
    buffer.WriteU32(packetId);
    buffer.WriteU32(size);
}

void
FlowProbeTag::Deserialize(TagBuffer buffer)
{
    flowId = buffer.ReadU32();
    packetId = buffer.ReadU32();
    size = buffer.ReadU32();
}

void
FlowProbeTag::Print(std::ostream& os) const
{
    os << "flow=" << flowId << " packet=" << packetId << " size=" << size;
}

NS_OBJECT_ENSURE_REGISTERED(Ipv6NodeFlowProbe);

TypeId
Ipv6NodeFlowProbe::GetTypeId()
{
    // No constructor: a probe is made for a monitor, a classifier and a node.
    static TypeId tid =
        TypeId("ns3::dmm::Ipv6NodeFlowProbe").SetParent<FlowProbe>().SetGroupName("Dmm");
    return tid;
}

Ipv6NodeFlowProbe::Ipv6NodeFlowProbe(Ptr<FlowMonitor> monitor,
                                     Ptr<Ipv6FlowClassifier> classifier,
                                     Ptr<Node> node)
    : FlowProbe(monitor),
      m_classifier(classifier)
{
    NS_LOG_FUNCTION(this << node->GetId());
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    if (!ipv6)
    {
        throw std::invalid_argument("Ipv6NodeFlowProbe: node " + std::to_string(node->GetId()) +
                                    " has no Ipv6L3Protocol");
    }
    Ptr<Ipv6NodeFlowProbe> self(this);
    ipv6->TraceConnectWithoutContext("SendOutgoing",
                                     MakeCallback(&Ipv6NodeFlowProbe::SendOutgoing, self));
    ipv6->TraceConnectWithoutContext("UnicastForward",
                                     MakeCallback(&Ipv6NodeFlowProbe::Forward, self));
    ipv6->TraceConnectWithoutContext("LocalDeliver",
                                     MakeCallback(&Ipv6NodeFlowProbe::LocalDeliver, self));
    ipv6->TraceConnectWithoutContext("Drop", MakeCallback(&Ipv6NodeFlowProbe::Drop, self));
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<NetDevice> device = node->GetDevice(i);
        if (tc)
        {
            if (Ptr<QueueDisc> root = tc->GetRootQueueDiscOnDevice(device))
            {
                root->TraceConnectWithoutContext(
                    "Drop",
                    MakeCallback(&Ipv6NodeFlowProbe::QueueDiscDrop, self));
            }
        }
        TypeId::AttributeInformation info;
        if (device->GetInstanceTypeId().LookupAttributeByName("TxQueue", &info))
        {
            PointerValue queue;
            device->GetAttribute("TxQueue", queue);
            if (Ptr<Object> q = queue.GetObject())
            {
                q->TraceConnectWithoutContext("Drop",
                                              MakeCallback(&Ipv6NodeFlowProbe::QueueDrop, self));
            }
        }
    }
}

Ipv6NodeFlowProbe::~Ipv6NodeFlowProbe() = default;

void
Ipv6NodeFlowProbe::DoDispose()
{
    m_classifier = nullptr;
    FlowProbe::DoDispose();
}

void
Ipv6NodeFlowProbe::SendOutgoing(const Ipv6Header& header,
                                Ptr<const Packet> payload,
                                uint32_t /* interface */)
{
    FlowId flowId;
    FlowPacketId packetId;
    if (m_classifier->Classify(header, payload, &flowId, &packetId))
    {
        const uint32_t size = payload->GetSize() + header.GetSerializedSize();
        m_flowMonitor->ReportFirstTx(this, flowId, packetId, size);
        payload->AddByteTag(FlowProbeTag(flowId, packetId, size));
    }
}

void
Ipv6NodeFlowProbe::Report(void (FlowMonitor::*method)(Ptr<FlowProbe>,
                                                      uint32_t,
                                                      uint32_t,
                                                      uint32_t),
                          const Ipv6Header& header,
                          Ptr<const Packet> payload)
{
    FlowProbeTag tag;
    if (payload->FindFirstMatchingByteTag(tag))
    {
        (PeekPointer(m_flowMonitor)->*method)(this,
                                              tag.flowId,
                                              tag.packetId,
                                              payload->GetSize() + header.GetSerializedSize());
    }
}

void
Ipv6NodeFlowProbe::Forward(const Ipv6Header& header,
                           Ptr<const Packet> payload,
                           uint32_t /* interface */)
{
    Report(&FlowMonitor::ReportForwarding, header, payload);
}

void
Ipv6NodeFlowProbe::LocalDeliver(const Ipv6Header& header,
                                Ptr<const Packet> payload,
                                uint32_t /* interface */)
{
    Report(&FlowMonitor::ReportLastRx, header, payload);
}

void
Ipv6NodeFlowProbe::Drop(const Ipv6Header& header,
                        Ptr<const Packet> payload,
                        Ipv6L3Protocol::DropReason reason,
                        Ptr<Ipv6> /* ipv6 */,
                        uint32_t /* interface */)
{
    FlowProbeTag tag;
    if (!payload->FindFirstMatchingByteTag(tag))
    {
        return;
    }
    Ipv6FlowProbe::DropReason code = Ipv6FlowProbe::DROP_INVALID_REASON;
    switch (reason)
    {
    case Ipv6L3Protocol::DROP_TTL_EXPIRED:
        code = Ipv6FlowProbe::DROP_TTL_EXPIRE;
        break;
    case Ipv6L3Protocol::DROP_NO_ROUTE:
        code = Ipv6FlowProbe::DROP_NO_ROUTE;
        break;
    case Ipv6L3Protocol::DROP_INTERFACE_DOWN:
        code = Ipv6FlowProbe::DROP_INTERFACE_DOWN;
        break;
    case Ipv6L3Protocol::DROP_ROUTE_ERROR:
        code = Ipv6FlowProbe::DROP_ROUTE_ERROR;
        break;
    case Ipv6L3Protocol::DROP_UNKNOWN_PROTOCOL:
        code = Ipv6FlowProbe::DROP_UNKNOWN_PROTOCOL;
        break;
    case Ipv6L3Protocol::DROP_UNKNOWN_OPTION:
        code = Ipv6FlowProbe::DROP_UNKNOWN_OPTION;
        break;
    case Ipv6L3Protocol::DROP_MALFORMED_HEADER:
        code = Ipv6FlowProbe::DROP_MALFORMED_HEADER;
        break;
    case Ipv6L3Protocol::DROP_FRAGMENT_TIMEOUT:
        code = Ipv6FlowProbe::DROP_FRAGMENT_TIMEOUT;
        break;
    default:
        break;
    }
    m_flowMonitor->ReportDrop(this,
                              tag.flowId,
                              tag.packetId,
                              payload->GetSize() + header.GetSerializedSize(),
                              code);
}

void
Ipv6NodeFlowProbe::QueueDrop(Ptr<const Packet> packet)
{
    FlowProbeTag tag;
    if (packet->FindFirstMatchingByteTag(tag))
    {
        m_flowMonitor->ReportDrop(this,
                                  tag.flowId,
                                  tag.packetId,
                                  tag.size,
                                  Ipv6FlowProbe::DROP_QUEUE);
    }
}

void
Ipv6NodeFlowProbe::QueueDiscDrop(Ptr<const QueueDiscItem> item)
{
    FlowProbeTag tag;
    if (item->GetPacket()->FindFirstMatchingByteTag(tag))
    {
        m_flowMonitor->ReportDrop(this,
                                  tag.flowId,
                                  tag.packetId,
                                  tag.size,
                                  Ipv6FlowProbe::DROP_QUEUE_DISC);
    }
}

} // namespace dmm
} // namespace ns3
