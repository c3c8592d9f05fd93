/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "abstract-access.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("AbstractAccess");

// ---------------------------------------------------------------------- channel

NS_OBJECT_ENSURE_REGISTERED(AbstractAccessChannel);

TypeId
AbstractAccessChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::AbstractAccessChannel")
                            .SetParent<Channel>()
                            .SetGroupName("Dmm")
                            .AddConstructor<AbstractAccessChannel>();
    return tid;
}

AbstractAccessChannel::AbstractAccessChannel()
    : m_lost(0)
{
}

AbstractAccessChannel::~AbstractAccessChannel() = default;

void
AbstractAccessChannel::DoDispose()
{
    m_devices.clear();
    Channel::DoDispose();
}

std::size_t
AbstractAccessChannel::GetNDevices() const
{
    return m_devices.size();
}

Ptr<NetDevice>
AbstractAccessChannel::GetDevice(std::size_t i) const
{
    return m_devices.at(i);
}

void
AbstractAccessChannel::Add(Ptr<AbstractAccessNetDevice> device)
{
    m_devices.push_back(device);
}

uint64_t
AbstractAccessChannel::GetNLost() const
{
    return m_lost;
}

void
AbstractAccessChannel::Transmit(Ptr<const Packet> packet,
                                uint16_t protocol,
                                Ptr<AbstractAccessNetDevice> from,
                                Mac48Address to,
                                Time delay)
{
    Ptr<AbstractAccessNetDevice> ap = from->IsAccessPoint() ? from : from->GetAccessPoint();
    if (!ap)
    {
        ++m_lost;
        return;
    }
    const Mac48Address source = from->GetMacAddress();
    const bool group = to.IsGroup() || to.IsBroadcast();
    auto send = [&](Ptr<AbstractAccessNetDevice> rx) {
        Simulator::ScheduleWithContext(rx->GetNode()->GetId(),
                                       delay,
                                       &AbstractAccessChannel::Deliver,
                                       this,
                                       packet,
                                       protocol,
                                       source,
                                       to,
                                       rx,
                                       ap);
    };
    if (!from->IsAccessPoint())
    {
        if (group || to == ap->GetMacAddress())
        {
            send(ap);
        }
        if (to == ap->GetMacAddress())
        {
            return;
        }
    }
    for (const auto& station : ap->GetStations())
    {
        if (station == from)
        {
            continue;
        }
        if (group)
        {
            send(station);
        }
        else if (station->GetMacAddress() == to)
        {
            send(station);
            return;
        }
    }
    if (!group)
    {
        NS_LOG_LOGIC("frame for " << to << ", not attached to " << ap->GetMacAddress());
        ++m_lost;
    }
}

void
AbstractAccessChannel::Deliver(Ptr<const Packet> packet,
                               uint16_t protocol,
                               Mac48Address source,
                               Mac48Address to,
                               Ptr<AbstractAccessNetDevice> receiver,
                               Ptr<AbstractAccessNetDevice> ap)
{
    if (!receiver->IsAccessPoint() && receiver->GetAccessPoint() != ap)
    {
        NS_LOG_LOGIC("frame for " << receiver->GetMacAddress() << " lost: detached");
        ++m_lost;
        return;
    }
    receiver->Receive(packet->Copy(), protocol, source, to);
}

// ---------------------------------------------------------------------- device

NS_OBJECT_ENSURE_REGISTERED(AbstractAccessNetDevice);

TypeId
AbstractAccessNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::AbstractAccessNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Dmm")
            .AddConstructor<AbstractAccessNetDevice>()
            .AddAttribute("DataRate",
                          "Rate at which the device serialises frames.",
                          DataRateValue(DataRate("54Mbps")),
                          MakeDataRateAccessor(&AbstractAccessNetDevice::m_rate),
                          MakeDataRateChecker())
            .AddAttribute("Delay",
                          "Propagation delay of a frame.",
                          TimeValue(MicroSeconds(10)),
                          MakeTimeAccessor(&AbstractAccessNetDevice::m_delay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxQueue",
                          "Frames waiting to be serialised at most; more are dropped.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&AbstractAccessNetDevice::m_maxQueue),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Mtu",
                          "The MAC-level maximum transmission unit.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&AbstractAccessNetDevice::SetMtu,
                                               &AbstractAccessNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(1280))
            .AddTraceSource("Assoc",
                            "A station is attached to an access point.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_assoc),
                            "ns3::dmm::AbstractAccessNetDevice::AssociationTracedCallback")
            .AddTraceSource("DeAssoc",
                            "A station is detached from its access point.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_deassoc),
                            "ns3::dmm::AbstractAccessNetDevice::AssociationTracedCallback")
            .AddTraceSource("AssociatedSta",
                            "A station is attached to this access point.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_associated),
                            "ns3::dmm::AbstractAccessNetDevice::StationTracedCallback")
            .AddTraceSource("DeAssociatedSta",
                            "A station is detached from this access point.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_deassociated),
                            "ns3::dmm::AbstractAccessNetDevice::StationTracedCallback")
            .AddTraceSource("MacTx",
                            "A frame is sent.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_macTx),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A frame is received.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_macRx),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "A frame is dropped: the queue is full or the station detached.",
                            MakeTraceSourceAccessor(&AbstractAccessNetDevice::m_macTxDrop),
                            "ns3::Packet::TracedCallback");
    return tid;
}

AbstractAccessNetDevice::AbstractAccessNetDevice()
    : m_ifIndex(0),
      m_mtu(1500),
      m_accessPoint(false),
      m_nextAid(1),
      m_maxQueue(100),
      m_queued(0),
      m_dropped(0)
{
}

AbstractAccessNetDevice::~AbstractAccessNetDevice() = default;

void
AbstractAccessNetDevice::DoDispose()
{
    m_channel = nullptr;
    m_node = nullptr;
    m_ap = nullptr;
    m_stations.clear();
    m_rx = MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    m_promisc = NetDevice::PromiscReceiveCallback();
    m_linkChange.clear();
    NetDevice::DoDispose();
}

void
AbstractAccessNetDevice::Attach(Ptr<AbstractAccessChannel> channel, bool accessPoint)
{
    if (m_channel)
    {
        throw std::logic_error("AbstractAccessNetDevice::Attach: attached already");
    }
    m_channel = channel;
    m_accessPoint = accessPoint;
    channel->Add(this);
    if (accessPoint)
    {
        LinkChanged();
    }
}

bool
AbstractAccessNetDevice::IsAccessPoint() const
{
    return m_accessPoint;
}

Ptr<AbstractAccessNetDevice>
AbstractAccessNetDevice::GetAccessPoint() const
{
    return m_ap;
}

const std::vector<Ptr<AbstractAccessNetDevice>>&
AbstractAccessNetDevice::GetStations() const
{
    return m_stations;
}

void
AbstractAccessNetDevice::SetAccessPoint(Ptr<AbstractAccessNetDevice> ap)
{
    if (m_accessPoint)
    {
        throw std::logic_error("AbstractAccessNetDevice::SetAccessPoint: an access point");
    }
    if (ap && !ap->IsAccessPoint())
    {
        throw std::invalid_argument("AbstractAccessNetDevice::SetAccessPoint: not an access "
                                    "point");
    }
    if (ap == m_ap)
    {
        return;
    }
    if (Ptr<AbstractAccessNetDevice> old = m_ap)
    {
        NS_LOG_INFO(m_address << " detaches from " << old->GetMacAddress());
        auto& list = old->m_stations;
        list.erase(std::remove(list.begin(), list.end(), Ptr<AbstractAccessNetDevice>(this)),
                   list.end());
        const uint16_t aid = old->m_aids[m_address];
        old->m_aids.erase(m_address);
        m_ap = nullptr;
        old->m_deassociated(aid, m_address);
        LinkChanged();
        m_deassoc(old->GetMacAddress());
    }
    if (ap)
    {
        NS_LOG_INFO(m_address << " attaches to " << ap->GetMacAddress());
        m_ap = ap;
        ap->m_stations.emplace_back(this);
        const uint16_t aid = ap->m_nextAid++;
        ap->m_aids[m_address] = aid;
        ap->m_associated(aid, m_address);
        LinkChanged();
        m_assoc(ap->GetMacAddress());
    }
}

Mac48Address
AbstractAccessNetDevice::GetMacAddress() const
{
    return m_address;
}

uint64_t
AbstractAccessNetDevice::GetNDropped() const
{
    return m_dropped;
}

void
AbstractAccessNetDevice::LinkChanged()
{
    for (const auto& callback : m_linkChange)
    {
        callback();
    }
}

void
AbstractAccessNetDevice::Receive(Ptr<Packet> packet,
                                 uint16_t protocol,
                                 Mac48Address from,
                                 Mac48Address to)
{
    m_macRx(packet);
    NetDevice::PacketType type = NetDevice::PACKET_OTHERHOST;
    if (to.IsBroadcast())
    {
        type = NetDevice::PACKET_BROADCAST;
    }
    else if (to.IsGroup())
    {
        type = NetDevice::PACKET_MULTICAST;
    }
    else if (to == m_address)
    {
        type = NetDevice::PACKET_HOST;
    }
    if (!m_promisc.IsNull())
    {
        m_promisc(this, packet, protocol, from, to, type);
    }
    if (type != NetDevice::PACKET_OTHERHOST && !m_rx.IsNull())
    {
        m_rx(this, packet, protocol, from);
    }
}

bool
AbstractAccessNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
AbstractAccessNetDevice::SendFrom(Ptr<Packet> packet,
                                  const Address& /* source */,
                                  const Address& dest,
                                  uint16_t protocolNumber)
{
    if (!m_channel || !IsLinkUp() || !Mac48Address::IsMatchingType(dest))
    {
        ++m_dropped;
        m_macTxDrop(packet);
        return false;
    }
    const Time now = Simulator::Now();
    if (m_busyUntil <= now)
    {
        m_queued = 0; // every frame before this one is serialised
        m_busyUntil = now;
    }
    if (m_queued >= m_maxQueue)
    {
        ++m_dropped;
        m_macTxDrop(packet);
        return false;
    }
    ++m_queued;
    m_busyUntil += m_rate.CalculateBytesTxTime(packet->GetSize());
    m_macTx(packet);
    m_channel->Transmit(packet,
                        protocolNumber,
                        this,
                        Mac48Address::ConvertFrom(dest),
                        m_busyUntil - now + m_delay);
    return true;
}

void
AbstractAccessNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
AbstractAccessNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
AbstractAccessNetDevice::GetChannel() const
{
    return m_channel;
}

void
AbstractAccessNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
AbstractAccessNetDevice::GetAddress() const
{
    return m_address;
}

bool
AbstractAccessNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
AbstractAccessNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
AbstractAccessNetDevice::IsLinkUp() const
{
    return m_channel && (m_accessPoint || m_ap);
}

void
AbstractAccessNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChange.push_back(callback);
}

bool
AbstractAccessNetDevice::IsBroadcast() const
{
    return true;
}

Address
AbstractAccessNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
AbstractAccessNetDevice::IsMulticast() const
{
    return true;
}

Address
AbstractAccessNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
AbstractAccessNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
AbstractAccessNetDevice::IsBridge() const
{
    return false;
}

bool
AbstractAccessNetDevice::IsPointToPoint() const
{
    return false;
}

Ptr<Node>
AbstractAccessNetDevice::GetNode() const
{
    return m_node;
}

void
AbstractAccessNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
AbstractAccessNetDevice::NeedsArp() const
{
    return true;
}

void
AbstractAccessNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rx = cb;
}

void
AbstractAccessNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promisc = cb;
}

bool
AbstractAccessNetDevice::SupportsSendFrom() const
{
    return false;
}

// ---------------------------------------------------------------------- manager

NS_OBJECT_ENSURE_REGISTERED(AbstractAccessManager);

TypeId
AbstractAccessManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::AbstractAccessManager")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<AbstractAccessManager>()
            .AddAttribute("AttachDelay",
                          "Time from a station's detachment (or its start) to its attachment: "
                          "the layer-2 handover outage.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&AbstractAccessManager::m_attachDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachSpacing",
                          "At the start, the time between two stations' first attachments: "
                          "station k (in the order added) attaches k spacings after the "
                          "first, so that their registrations do not all leave at once.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&AbstractAccessManager::m_attachSpacing),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Range",
                          "Coverage radius of an access point, m (0: unlimited).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&AbstractAccessManager::m_range),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Hysteresis",
                          "A station changes access point when another is nearer than its own "
                          "by more than this, m.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&AbstractAccessManager::m_hysteresis),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MinCheckInterval",
                          "Shortest time between two position checks of a station.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&AbstractAccessManager::m_minCheck),
                          MakeTimeChecker(MicroSeconds(1)));
    return tid;
}

AbstractAccessManager::AbstractAccessManager()
    : m_range(0.0),
      m_hysteresis(0.0),
      m_attachments(0),
      m_checks(0)
{
}

AbstractAccessManager::~AbstractAccessManager() = default;

void
AbstractAccessManager::DoDispose()
{
    for (auto& s : m_stations)
    {
        s.check.Cancel();
        s.attach.Cancel();
    }
    m_stations.clear();
    m_aps.clear();
    m_apMobility.clear();
    Object::DoDispose();
}

void
AbstractAccessManager::AddAccessPoint(Ptr<AbstractAccessNetDevice> device)
{
    Ptr<MobilityModel> mobility = device->GetNode()->GetObject<MobilityModel>();
    if (!device->IsAccessPoint() || !mobility)
    {
        throw std::invalid_argument("AbstractAccessManager::AddAccessPoint: an access point on "
                                    "a node with a MobilityModel");
    }
    m_aps.push_back(device);
    m_apMobility.push_back(mobility);
}

void
AbstractAccessManager::AddStation(Ptr<AbstractAccessNetDevice> device)
{
    Ptr<MobilityModel> mobility = device->GetNode()->GetObject<MobilityModel>();
    if (device->IsAccessPoint() || !mobility)
    {
        throw std::invalid_argument("AbstractAccessManager::AddStation: a station on a node "
                                    "with a MobilityModel");
    }
    const auto k = static_cast<uint32_t>(m_stations.size());
    m_stations.push_back(Station{device, mobility, EventId(), EventId()});
    mobility->TraceConnectWithoutContext(
        "CourseChange",
        Callback<void, Ptr<const MobilityModel>>(
            [this, k](Ptr<const MobilityModel> model) { CourseChanged(k, model); }));
}

void
AbstractAccessManager::Start(Time at)
{
    for (uint32_t k = 0; k < m_stations.size(); ++k)
    {
        m_stations[k].attach =
            Simulator::Schedule(at - Simulator::Now() + m_attachDelay + m_attachSpacing * k,
                                &AbstractAccessManager::AttachNearest,
                                this,
                                k);
    }
}

uint64_t
AbstractAccessManager::GetNAttachments() const
{
    return m_attachments;
}

uint64_t
AbstractAccessManager::GetNChecks() const
{
    return m_checks;
}

int32_t
AbstractAccessManager::Nearest(const Station& s,
                               double& nearest,
                               double& second,
                               int32_t own,
                               double& ownDistance) const
{
    const Vector at = s.mobility->GetPosition();
    nearest = second = ownDistance = std::numeric_limits<double>::infinity();
    int32_t best = -1;
    for (uint32_t j = 0; j < m_aps.size(); ++j)
    {
        const double d = CalculateDistance(at, m_apMobility[j]->GetPosition());
        if (static_cast<int32_t>(j) == own)
        {
            ownDistance = d;
        }
        if (d < nearest)
        {
            second = nearest;
            nearest = d;
            best = static_cast<int32_t>(j);
        }
        else if (d < second)
        {
            second = d;
        }
    }
    return best;
}

void
AbstractAccessManager::CourseChanged(uint32_t k, Ptr<const MobilityModel> /* model */)
{
    Station& s = m_stations[k];
    if (s.attach.IsPending() || (!s.check.IsPending() && !s.device->GetAccessPoint()))
    {
        return; // not started, or an attachment decides next
    }
    s.check.Cancel();
    Check(k);
}

void
AbstractAccessManager::Check(uint32_t k)
{
    ++m_checks;
    Station& s = m_stations[k];
    Ptr<AbstractAccessNetDevice> ap = s.device->GetAccessPoint();
    if (!ap)
    {
        AttachNearest(k);
        return;
    }
    int32_t own = -1;
    for (uint32_t j = 0; j < m_aps.size(); ++j)
    {
        if (m_aps[j] == ap)
        {
            own = static_cast<int32_t>(j);
        }
    }
    double nearest;
    double second;
    double ownDistance;
    const int32_t best = Nearest(s, nearest, second, own, ownDistance);
    const double range = m_range > 0 ? m_range : std::numeric_limits<double>::infinity();
    if (ownDistance > range || (best != own && ownDistance - nearest > m_hysteresis))
    {
        s.device->SetAccessPoint(nullptr);
        s.attach = Simulator::Schedule(m_attachDelay, &AbstractAccessManager::AttachNearest, this, k);
        return;
    }
    const double other = best == own ? second : nearest;
    ScheduleCheck(k, other - ownDistance + m_hysteresis, range - ownDistance);
}

void
AbstractAccessManager::AttachNearest(uint32_t k)
{
    Station& s = m_stations[k];
    double nearest;
    double second;
    double ownDistance;
    const int32_t best = Nearest(s, nearest, second, -1, ownDistance);
    const double range = m_range > 0 ? m_range : std::numeric_limits<double>::infinity();
    if (best < 0 || nearest > range)
    {
        ScheduleCheck(k, std::numeric_limits<double>::infinity(), nearest - range);
        return;
    }
    s.device->SetAccessPoint(m_aps[best]);
    ++m_attachments;
    ScheduleCheck(k, second - nearest + m_hysteresis, range - nearest);
}

void
AbstractAccessManager::ScheduleCheck(uint32_t k, double margin, double rangeMargin)
{
    Station& s = m_stations[k];
    s.check.Cancel();
    const Vector v = s.mobility->GetVelocity();
    const double speed = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
    if (!(speed > 0))
    {
        // Standing still: the next course change decides. An unattached station with no
        // access point in range is checked again as it would be at walking speed.
        if (!s.device->GetAccessPoint())
        {
            s.check = Simulator::Schedule(Seconds(1), &AbstractAccessManager::Check, this, k);
        }
        return;
    }
    double dt = std::min(margin / (2 * speed), rangeMargin / speed);
    if (!std::isfinite(dt))
    {
        return; // one access point, unlimited range: nothing to decide
    }
    const Time wait = std::max(Seconds(std::max(dt, 0.0)), m_minCheck);
    s.check = Simulator::Schedule(wait, &AbstractAccessManager::Check, this, k);
}

} // namespace dmm
} // namespace ns3
