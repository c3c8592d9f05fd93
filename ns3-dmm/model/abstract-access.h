/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_ABSTRACT_ACCESS_H
#define DMM_ABSTRACT_ACCESS_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

class MobilityModel;
class Node;
class Packet;

namespace dmm
{

class AbstractAccessNetDevice;

/**
 * @ingroup dmm
 * @brief The access network without a radio: access points (one per access router) and the
 * stations attached to them, as AbstractAccessManager decides.
 *
 * A frame a device sends is serialised at the device's DataRate behind the frames before it
 * (at most MaxQueue waiting; more are dropped) and arrives Delay later, in the receiving
 * node's context. A station reaches only through its access point: frames to the access
 * point's address or group addresses reach it (group frames also reach the access point's
 * other stations), frames to another station of the same access point reach that station.
 * An access point reaches the stations attached to it: one by address, or all for a group
 * address. A frame for a station that is no longer attached to that access point when it
 * arrives, or for an address not attached there, is lost (counted). There is no contention,
 * no error and no beacon: what the radio does is summed up in the attachment delay.
 */
class AbstractAccessChannel : public Channel
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    AbstractAccessChannel();
    ~AbstractAccessChannel() override;

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /// @brief Add a device (done by AbstractAccessNetDevice::Attach).
    /// @param device the device
    void Add(Ptr<AbstractAccessNetDevice> device);
    /**
     * @brief Carry a frame sent by a device.
     * @param packet the frame's payload
     * @param protocol its EtherType
     * @param from the sender
     * @param to the destination address
     * @param delay from now to its arrival (serialisation and propagation)
     */
    void Transmit(Ptr<const Packet> packet,
                  uint16_t protocol,
                  Ptr<AbstractAccessNetDevice> from,
                  Mac48Address to,
                  Time delay);
    /// @return frames lost because their station was no longer attached when they arrived
    uint64_t GetNLost() const;

  protected:
    void DoDispose() override;

  private:
    /// A frame reaches a receiver (in its node's context), unless the receiver is a station
    /// no longer attached to the access point `ap` the frame went through.
    void Deliver(Ptr<const Packet> packet,
                 uint16_t protocol,
                 Mac48Address source,
                 Mac48Address to,
                 Ptr<AbstractAccessNetDevice> receiver,
                 Ptr<AbstractAccessNetDevice> ap);

    std::vector<Ptr<AbstractAccessNetDevice>> m_devices; //!< every device
    uint64_t m_lost;                                     //!< frames lost in a handover
};

/**
 * @ingroup dmm
 * @brief A device of the abstract access network: an access point, or a station attached to
 * at most one access point at a time. Traces as ns-3's WiFi MACs name them: a station's
 * Assoc and DeAssoc (the access point's address), an access point's AssociatedSta and
 * DeAssociatedSta (association id, station address); the link is up while a station is
 * attached (an access point's always).
 */
class AbstractAccessNetDevice : public NetDevice
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    AbstractAccessNetDevice();
    ~AbstractAccessNetDevice() override;

    /**
     * @brief Join a channel as an access point or a station.
     * @param channel the access network
     * @param accessPoint whether this device is an access point
     */
    void Attach(Ptr<AbstractAccessChannel> channel, bool accessPoint);
    /// @return whether this device is an access point
    bool IsAccessPoint() const;
    /// @return the access point a station is attached to (null: none, or an access point)
    Ptr<AbstractAccessNetDevice> GetAccessPoint() const;
    /// @return the stations attached to an access point, in attachment order
    const std::vector<Ptr<AbstractAccessNetDevice>>& GetStations() const;
    /**
     * @brief Attach a station to an access point (AbstractAccessManager), or detach it.
     * @param ap the access point, or null to detach
     */
    void SetAccessPoint(Ptr<AbstractAccessNetDevice> ap);
    /// @return the MAC address
    Mac48Address GetMacAddress() const;
    /// @brief A frame arrives.
    /// @param packet its payload @param protocol its EtherType
    /// @param from its source address @param to its destination address
    void Receive(Ptr<Packet> packet, uint16_t protocol, Mac48Address from, Mac48Address to);
    /// @return frames dropped because the queue was full or the station detached
    uint64_t GetNDropped() const;

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

    /// TracedCallback signature of a station's (de)association: the access point's address.
    typedef void (*AssociationTracedCallback)(Mac48Address accessPoint);
    /// TracedCallback signature of an access point's (de)association: id, station address.
    typedef void (*StationTracedCallback)(uint16_t aid, Mac48Address station);

  protected:
    void DoDispose() override;

  private:
    /// The frame left the queue (serialised): one fewer waiting.
    void Sent();
    /// Tell the link change callbacks.
    void LinkChanged();

    Ptr<AbstractAccessChannel> m_channel;                  //!< the access network
    Ptr<Node> m_node;                                      //!< the node
    Mac48Address m_address;                                //!< the MAC address
    uint32_t m_ifIndex;                                    //!< interface index
    uint16_t m_mtu;                                        //!< MTU
    bool m_accessPoint;                                    //!< an access point
    Ptr<AbstractAccessNetDevice> m_ap;                     //!< a station's access point
    std::vector<Ptr<AbstractAccessNetDevice>> m_stations;  //!< an access point's stations
    std::map<Mac48Address, uint16_t> m_aids;               //!< association ids by station
    uint16_t m_nextAid;                                    //!< next association id
    DataRate m_rate;                                       //!< serialisation rate
    Time m_delay;                                          //!< propagation delay
    uint32_t m_maxQueue;                                   //!< frames waiting at most
    uint32_t m_queued;                                     //!< frames waiting
    Time m_busyUntil;                                      //!< end of the last serialisation
    uint64_t m_dropped;                                    //!< frames dropped
    NetDevice::ReceiveCallback m_rx;                       //!< receive callback
    NetDevice::PromiscReceiveCallback m_promisc;           //!< promiscuous callback
    std::vector<Callback<void>> m_linkChange;              //!< link change callbacks
    TracedCallback<Mac48Address> m_assoc;                  //!< station: attached
    TracedCallback<Mac48Address> m_deassoc;                //!< station: detached
    TracedCallback<uint16_t, Mac48Address> m_associated;   //!< access point: attached
    TracedCallback<uint16_t, Mac48Address> m_deassociated; //!< access point: detached
    TracedCallback<Ptr<const Packet>> m_macTx;             //!< a frame is sent
    TracedCallback<Ptr<const Packet>> m_macRx;             //!< a frame is received
    TracedCallback<Ptr<const Packet>> m_macTxDrop;         //!< a frame is dropped
};

/**
 * @ingroup dmm
 * @brief Attaches each station of an abstract access network to the nearest access point by
 * position (the nodes' MobilityModels), within Range.
 *
 * A station changes access point when another one is nearer than its own by more than
 * Hysteresis metres, or its own is out of Range: it is detached at once (Assoc/DeAssoc
 * traces, link down) and attached to the then nearest access point in range AttachDelay later
 * (the layer-2 handover: outage from detachment to attachment), also at the start. Positions
 * are checked when a station's course changes and otherwise only when, at its speed, the
 * decision could next change (event-driven: a station moving along a line of access points
 * is checked a few times per access point), never more often than MinCheckInterval.
 */
class AbstractAccessManager : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    AbstractAccessManager();
    ~AbstractAccessManager() override;

    /// @param device an access point (its node has a MobilityModel)
    void AddAccessPoint(Ptr<AbstractAccessNetDevice> device);
    /// @param device a station (its node has a MobilityModel)
    void AddStation(Ptr<AbstractAccessNetDevice> device);
    /// @brief Attach every station first at `at` plus AttachDelay, station k AttachSpacing
    /// times k later (then follow their moves).
    /// @param at the time of the first decision
    void Start(Time at);
    /// @return attachments made (initial ones included)
    uint64_t GetNAttachments() const;
    /// @return position checks made
    uint64_t GetNChecks() const;

  protected:
    void DoDispose() override;

  private:
    /// A station's state.
    struct Station
    {
        Ptr<AbstractAccessNetDevice> device; //!< the station's device
        Ptr<MobilityModel> mobility;         //!< its position
        EventId check;                       //!< next position check
        EventId attach;                      //!< pending attachment
    };

    /// Decide for station `k`: keep, or detach and attach later.
    void Check(uint32_t k);
    /// Attach station `k` to the nearest access point in range (or check again later).
    void AttachNearest(uint32_t k);
    /// Station `k`'s course changed.
    void CourseChanged(uint32_t k, Ptr<const MobilityModel> model);
    /// The access point nearest to a station, and the distances to it and to the next one.
    /// @return index of the nearest, or -1 with no access point
    int32_t Nearest(const Station& s, double& nearest, double& second, int32_t own,
                    double& ownDistance) const;
    /// Schedule station `k`'s next check from the margins of its decision.
    void ScheduleCheck(uint32_t k, double margin, double rangeMargin);

    std::vector<Ptr<AbstractAccessNetDevice>> m_aps; //!< access points
    std::vector<Ptr<MobilityModel>> m_apMobility;    //!< their positions
    std::vector<Station> m_stations;                 //!< stations
    Time m_attachDelay;                              //!< layer-2 handover time
    Time m_attachSpacing;                            //!< between first attachments
    double m_range;                                  //!< coverage radius (m)
    double m_hysteresis;                             //!< hysteresis (m)
    Time m_minCheck;                                 //!< shortest check interval
    uint64_t m_attachments;                          //!< attachments made
    uint64_t m_checks;                               //!< checks made
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_ABSTRACT_ACCESS_H */
