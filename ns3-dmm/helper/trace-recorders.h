/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_TRACE_RECORDERS_H
#define DMM_TRACE_RECORDERS_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

namespace ns3
{

class FlowMonitorHelper;

namespace dmm
{

class LocationManagement;
class CorrespondentRegistration;
class MobileNodeAgent;
class MobilityL4Protocol;
class PathLengthProbe;
class Proxy;

class StationRecorder;

/**
 * @ingroup dmm
 * @brief What the receivers of many sessions got, summed: delivered octets, packets and
 * one-way delays in bins of time, and a histogram of one-way delays (ten logarithmic bins per
 * decade from 1 us to 100 s). Its size depends on the run's length only, not on the packets.
 */
class ArrivalAggregate : public SimpleRefCount<ArrivalAggregate>
{
  public:
    /**
     * @param binSeconds the width of a time bin (s); bins are added as arrivals need them,
     *        up to kMaxBins (later arrivals are counted apart)
     * @throws std::invalid_argument unless it is positive and finite
     */
    explicit ArrivalAggregate(double binSeconds);
    /// @param binSeconds as for the constructor @return a new aggregate
    static Ptr<ArrivalAggregate> New(double binSeconds);

    /// @param time arrival (s) @param size octets @param delay one-way delay (s; NaN: unknown)
    void Add(double time, uint32_t size, double delay);
    /// @return {"bin_s", "octets", "packets", "delayed", "delay_sum_s" (per bin, up to the
    ///         last bin with an arrival), "after", "delay_histogram": {"edges_s", "counts",
    ///         "below", "above"}}
    std::string GetJson() const;

    static constexpr double kHistogramLow = 1e-6; //!< lower edge of the first delay bin (s)
    static constexpr uint32_t kBinsPerDecade = 10; //!< delay bins per decade
    static constexpr uint32_t kDecades = 8;        //!< decades covered (1 us to 100 s)
    static constexpr double kMaxBins = 1e7;        //!< time bins at most

  private:
    double m_bin;                       //!< time bin width (s)
    std::vector<uint64_t> m_octets;     //!< octets delivered per time bin
    std::vector<uint64_t> m_packets;    //!< packets delivered per time bin
    std::vector<uint64_t> m_delayed;    //!< packets with a known delay per time bin
    std::vector<double> m_delaySum;     //!< their delays summed (s)
    std::size_t m_last{0};              //!< bins up to the last with an arrival
    uint64_t m_after{0};                //!< packets after kMaxBins bins
    std::vector<uint64_t> m_histogram;  //!< delays per logarithmic bin
    uint64_t m_below{0};                //!< delays under kHistogramLow
    uint64_t m_above{0};                //!< delays of 100 s or more
};

/**
 * @ingroup dmm
 * @brief Records every packet an application receives (its Rx(Ptr<const Packet>, const
 * Address&) trace): arrival time and size; for payloads that start with UdpClient's
 * SeqTsHeader, the sequence number and the one-way delay; with a PathLengthProbe, the links
 * the packet crossed. Nothing reaches a script per packet: GetJson() hands over the record.
 */
class PacketRecorder : public SimpleRefCount<PacketRecorder>
{
  public:
    /**
     * @brief Record what an application receives.
     * @param app the application (or any object with the trace)
     * @param trace the trace source name, e.g. "Rx"
     * @param seqTs whether every payload starts with UdpClient's SeqTsHeader (sequence numbers
     *        and delays are then read from it; a shorter packet is recorded with sequence
     *        number 2^32-1 and no delay is known: NaN)
     * @return the recorder
     * @throws std::invalid_argument if the object has no such trace source
     */
    static Ptr<PacketRecorder> Attach(Ptr<Object> app,
                                      const std::string& trace,
                                      bool seqTs = true);

    /// The trace sink. @param packet the packet @param from its source
    void Record(Ptr<const Packet> packet, const Address& from);
    /// @param probe the probe whose hop counts are taken for each packet (null: none)
    void SetProbe(Ptr<PathLengthProbe> probe);
    /// @param offset octets before the SeqTsHeader in each payload (8: OnOffApplication's
    ///        SeqTsSizeHeader, whose 64-bit size comes first)
    /// @throws std::invalid_argument for an offset above 8
    void SetSequenceOffset(uint32_t offset);
    /// @return the record as JSON: times, sizes, sequences, delays, hops, waypoints,
    ///         tunnelled, octets (arrays); bounded, also "summary", "segments" and
    ///         "duplicate_times"
    std::string GetJson() const;

    /**
     * @brief Keep no packet from now on: count them, sum their delays into this recorder's
     * summary and into @p aggregate, and keep only the arrivals next to an event of a
     * followed station (the last before and the first after it, which a handover's timeline
     * needs), the arrival times of duplicates and, per attachment, the paths' figures.
     * @param aggregate the bins and histogram every bounded recorder of a run adds to
     * @throws std::invalid_argument without an aggregate or once packets were recorded
     */
    void SetBounded(Ptr<ArrivalAggregate> aggregate);
    /// @return whether the recorder is bounded
    bool IsBounded() const;
    /**
     * @brief Follow a station's events: the receiver's (arrivals next to each event kept,
     * a path segment opened at each association) or a mobile source's (segments only).
     * @param station the station's recorder @param receiver whether it is the receiver's
     */
    void Follow(Ptr<StationRecorder> station, bool receiver);
    /// @brief A followed station's event. @param receiver the receiver's station
    /// @param associated an association (a new path segment)
    void Mark(bool receiver, bool associated);
    /**
     * @param after a sequence number @param before a later one
     * @return bounded: the sequence numbers strictly between them never delivered
     * @throws std::logic_error unless bounded
     */
    uint64_t CountMissing(uint32_t after, uint32_t before) const;

    std::vector<double> times;                //!< arrival times (s)
    std::vector<uint32_t> sizes;              //!< packet sizes (octets)
    std::vector<uint32_t> sequences;          //!< SeqTsHeader sequence numbers
    std::vector<double> delays;               //!< one-way delays (s) from SeqTsHeader
    std::vector<int32_t> hops;                //!< links crossed (-1: not followed)
    std::vector<uint64_t> waypoints;          //!< the probe's waypoints crossed (bits)
    std::vector<uint8_t> tunnelled;           //!< 1: crossed a link inside a tunnel
    std::vector<uint64_t> octets;             //!< IPv6 octets sent on its links
    std::vector<std::string> firstPayloads;   //!< hex of the first few payloads
    uint32_t keepPayloads{16};                //!< how many payloads to keep

    /// Bounded: the delays of sequence numbers 1 to this are kept (the first packet's
    /// extra delay is taken over their median)
    static constexpr uint32_t kFirstWindow = 20;

  private:
    /// One arrival's fields, as the per-packet vectors hold them.
    struct Arrival
    {
        double time;        //!< arrival (s)
        uint32_t size;      //!< octets
        uint32_t sequence;  //!< SeqTsHeader sequence number (2^32-1: none)
        double delay;       //!< one-way delay (s; NaN: unknown)
        int32_t hops;       //!< links crossed (-1: not followed)
        uint64_t waypoints; //!< waypoints crossed (bits)
        uint8_t tunnelled;  //!< 1: crossed a tunnel
        uint64_t octets;    //!< IPv6 octets on its links
    };

    /// The figures of the packets followed while the followed stations stayed attached.
    struct Segment
    {
        double from{0.0};                     //!< the association that opened it (s)
        uint64_t packets{0};                  //!< packets whose path was followed
        uint64_t hops{0};                     //!< their links, summed
        int32_t minHops{-1};                  //!< fewest links (-1: none)
        int32_t maxHops{-1};                  //!< most links
        uint64_t tunnelled{0};                //!< of them, those that crossed a tunnel
        std::map<uint64_t, uint64_t> crossed; //!< packets per waypoint pattern
    };

    /// @param a an arrival to append to the per-packet vectors
    void Keep(const Arrival& a);
    /// @param a an arrival to count (bounded)
    void Count(const Arrival& a);
    /// @param sequence a sequence number @return whether it was delivered before (and mark it)
    bool Seen(uint32_t sequence);

    Ptr<PathLengthProbe> m_probe; //!< hop counts, if any
    bool m_seqTs{true};           //!< payloads carry a SeqTsHeader
    uint32_t m_seqTsOffset{0};    //!< where in the payload it starts
    Ptr<ArrivalAggregate> m_aggregate; //!< bounded: the run's bins (null: every packet kept)
    Arrival m_last{};                  //!< bounded: the latest arrival
    bool m_hasLast{false};             //!< bounded: whether there was one
    bool m_lastKept{false};            //!< bounded: whether it is in the vectors
    bool m_keepNext{false};            //!< bounded: keep the next arrival (after an event)
    uint64_t m_received{0};            //!< bounded: packets received
    double m_firstTime{0.0};           //!< bounded: the first's arrival (s)
    uint64_t m_octetsReceived{0};      //!< bounded: their octets
    uint64_t m_unique{0};              //!< bounded: distinct sequence numbers
    uint64_t m_unsequenced{0};         //!< bounded: packets without a sequence number
    std::vector<bool> m_seen;          //!< bounded: sequence numbers delivered (below 2^26)
    std::set<uint32_t> m_seenHigh;     //!< bounded: those from 2^26 on
    std::vector<double> m_duplicateTimes; //!< bounded: arrivals of duplicates (s)
    uint64_t m_delays{0};                 //!< bounded: packets with a known delay
    double m_delaySum{0.0};               //!< bounded: their delays (s)
    double m_delayMin{0.0};               //!< bounded: least delay (s)
    double m_delayMax{0.0};               //!< bounded: greatest delay (s)
    double m_jitterSum{0.0};              //!< bounded: |consecutive delay differences| (s)
    uint64_t m_jitters{0};                //!< bounded: differences summed
    double m_previousDelay{0.0};          //!< bounded: the latest known delay (s)
    double m_firstDelay{-1.0};            //!< bounded: sequence 0's delay (-1: not yet)
    std::vector<double> m_window;         //!< bounded: delays of sequences 1..kFirstWindow
    uint64_t m_followed{0};               //!< bounded: packets whose path was followed
    uint64_t m_followedOctets{0};         //!< bounded: their sizes, summed
    uint64_t m_followedLinks{0};          //!< bounded: their links, summed
    uint64_t m_followedSizeLinks{0};      //!< bounded: size times links, summed
    uint64_t m_linkOctets{0};             //!< bounded: octets on their links, summed
    std::vector<Segment> m_segments;      //!< bounded: per attachment (followed stations)
};

/// @brief Counts the packets an application sends (its Tx(Ptr<const Packet>) trace).
class TxCounter : public SimpleRefCount<TxCounter>
{
  public:
    /**
     * @param app the application @param trace the trace source name, e.g. "Tx"
     * @return the counter
     * @throws std::invalid_argument if the object has no such trace source
     */
    static Ptr<TxCounter> Attach(Ptr<Object> app, const std::string& trace);

    uint64_t packets{0}; //!< packets sent
    uint64_t bytes{0};   //!< octets sent
    double first{-1.0};  //!< time of the first (s), -1 before
    double last{-1.0};   //!< time of the last (s), -1 before
};

/**
 * @brief The link-layer events of a WiFi station (StaWifiMac traces): associations,
 * de-associations, and for each de-association the arrival of the last beacon from the
 * access point left (BeaconArrival: beacons of the associated access point only).
 */
class StationRecorder : public SimpleRefCount<StationRecorder>
{
  public:
    /// @param device a station's WifiNetDevice @return the recorder
    /// @throws std::invalid_argument if the device is not a WiFi station
    static Ptr<StationRecorder> Attach(Ptr<NetDevice> device);

    /// @return the events as JSON: [{"time_s", "bssid", "associated", "last_beacon_s"}]
    std::string GetJson() const;

    std::vector<double> times;       //!< event times (s)
    std::vector<std::string> bssids; //!< the access point of each event
    std::vector<int> associated;     //!< 1: Assoc, 0: DeAssoc
    std::vector<double> lastBeacon;  //!< DeAssoc: last beacon arrival (s), -1 if none

    /// @param listener called after each event is recorded (true: an association)
    void AddListener(Callback<void, bool> listener);

  private:
    /// @param bssid the access point @param up whether associated
    void Event(Mac48Address bssid, bool up);

    std::vector<Callback<void, bool>> m_listeners; //!< told of each event
    /// @param time a beacon's arrival time
    void Beacon(Time time);

    double m_lastBeacon{-1.0}; //!< last beacon from the associated access point (s)
};

/**
 * @brief A log of a mobile node's control-plane events across the functions that serve it:
 * its own agent (host-based) or the proxies on the access routers (network-based, filtered
 * by its Mobile Node Identifier). Each event: time, name and a detail.
 *
 * Agent events: "movement" (Router Advertisement of a new prefix), "care-of" (the care-of
 * address in use changes), "duplicate" (a care-of address is a duplicate), "update"
 * (Binding Update sent; detail: sequence), "ack" (Binding Acknowledgement; detail: sequence
 * and status), "local-update" and "local-ack" (the same with an HMIPv6 MAP), "complete" (the
 * agent's registrations are all acknowledged: state REGISTERED). Proxy events (through a
 * ProxyEventRouter): "attach" (the station associated with the proxy's access point),
 * "update", "ack" (detail: sequence, status), "registered", "detached"; their source is the
 * proxy's name.
 */
class FunctionEvents : public SimpleRefCount<FunctionEvents>
{
  public:
    /// @return a new log (reference counted: its trace sinks hold it)
    static Ptr<FunctionEvents> New();
    FunctionEvents();
    /// @param agent the mobile node's agent @param name its name in the log
    void AttachAgent(Ptr<MobileNodeAgent> agent, const std::string& name);
    /**
     * @brief Also log a mobile node's route optimisation with correspondents: its return
     * routability rounds ("return-routability") and accepted correspondent registrations
     * ("correspondent-registered"), each with the correspondent and the duration in seconds,
     * and every Test Init ("test-init") and Binding Update ("correspondent-update") it sends,
     * with the correspondent, the MH Type and the sequence number.
     * @param registration its CorrespondentRegistration @param name its name in the log
     */
    void AttachCorrespondentRegistration(Ptr<CorrespondentRegistration> registration,
                                         const std::string& name);
    /// @return the log as JSON: [{"time_s", "source", "event", "detail"}]
    std::string GetJson() const;
    /// @param source who @param event what @param detail more
    void Add(const std::string& source, const std::string& event, const std::string& detail);

  private:

    std::vector<double> m_times;            //!< event times (s)
    std::vector<std::string> m_sources;     //!< function names
    std::vector<std::string> m_events;      //!< event names
    std::vector<std::string> m_details;     //!< details
};

/**
 * @ingroup dmm
 * @brief Hands the events of proxies to the FunctionEvents log of the mobile node each one is
 * about (by Mobile Node Identifier): one trace connection per proxy and event and one lookup
 * per event, however many mobile nodes a proxy may serve (connecting every mobile node's log
 * to every proxy would cost mobile nodes x proxies callbacks, each event calling all of them).
 */
class ProxyEventRouter : public SimpleRefCount<ProxyEventRouter>
{
  public:
    /// @return a new router (reference counted: its trace sinks hold it)
    static Ptr<ProxyEventRouter> New();
    /// @param mnId a Mobile Node Identifier @param events the log of that mobile node
    void Add(const std::string& mnId, Ptr<FunctionEvents> events);
    /// @param proxy a proxy @param name its name in the logs
    void Attach(Ptr<Proxy> proxy, const std::string& name);

  private:
    /// @param mnId a Mobile Node Identifier @return its log, or null
    FunctionEvents* Find(const std::string& mnId) const;

    std::unordered_map<std::string, Ptr<FunctionEvents>> m_logs; //!< logs by identifier
};

/**
 * @brief The Neighbor Solicitations a node sends on one interface (its Ipv6L3Protocol Tx
 * trace): when, and for which target. An access router's solicitations for a mobile node's
 * address tell how its neighbour discovery went: more than one for an address means a
 * solicitation or its advertisement was lost and RetransTimer passed.
 */
class SolicitationRecorder : public SimpleRefCount<SolicitationRecorder>
{
  public:
    /// @param node a node with IPv6 @param interface the interface to watch @return recorder
    static Ptr<SolicitationRecorder> Attach(Ptr<Node> node, uint32_t interface);
    /// @return [{"time_s", "target"}]
    std::string GetJson() const;

    std::vector<double> times;        //!< send times (s)
    std::vector<std::string> targets; //!< target addresses
};

/// @brief Sizes of a table after every change (and when recording starts).
class SizeSeries : public SimpleRefCount<SizeSeries>
{
  public:
    /// @param lm a location management function @return its binding database's sizes
    static Ptr<SizeSeries> RecordBindings(Ptr<LocationManagement> lm);
    /// @param proxy a proxy @return its count of registered mobile nodes
    static Ptr<SizeSeries> RecordProxy(Ptr<Proxy> proxy);
    /// @return {"time_s": [...], "size": [...]}
    std::string GetJson() const;

    std::vector<double> times;   //!< sample times (s)
    std::vector<uint32_t> sizes; //!< sizes
};

/// @brief Times a node's Mobility Header layer sends messages of one MH type (its Tx trace).
class MessageTimes : public SimpleRefCount<MessageTimes>
{
  public:
    /// @param l4 the node's MobilityL4Protocol @param mhType the MH type @return the record
    static Ptr<MessageTimes> Record(Ptr<MobilityL4Protocol> l4, uint8_t mhType);

    std::vector<double> times;             //!< send times (s)
    std::vector<std::string> destinations; //!< the destination address of each
};

/**
 * @ingroup dmm
 * @brief The signalling cost of the Mobility Header messages the nodes receive: per MH type
 * (and location management subtype), messages, their octets (the Mobility Header) and octets
 * times the links each crossed, from a PathLengthProbe following Mobility Header messages
 * (a message whose links are unknown is counted apart).
 */
class SignallingCost : public SimpleRefCount<SignallingCost>
{
  public:
    /**
     * @param nodes the nodes whose received messages count (their MobilityL4Protocol Rx)
     * @param probe the probe installed on every node (TrackMobilityHeaders is called)
     * @return the record
     */
    static Ptr<SignallingCost> Record(NodeContainer nodes, Ptr<PathLengthProbe> probe);
    /// @return [{"type", "subtype", "messages", "octets", "octet_hops", "unfollowed"}]
    std::string GetJson() const;

  private:
    /// Counts of one MH type and subtype.
    struct Cost
    {
        uint64_t messages{0};   //!< messages received with their links known
        uint64_t octets{0};     //!< their Mobility Header octets
        uint64_t octetHops{0};  //!< octets times links crossed, summed
        uint64_t unfollowed{0}; //!< messages whose links are unknown
    };

    std::map<std::pair<uint8_t, uint8_t>, Cost> m_costs; //!< per (MH type, subtype)
};

/// @brief Periodic snapshots of an interface's global addresses, taken in C++.
class AddressSampler : public SimpleRefCount<AddressSampler>
{
  public:
    /**
     * @param node the node @param interface its IPv6 interface
     * @param start first sample (s) @param period sampling period (s) @param until last (s)
     * @return the sampler
     */
    static Ptr<AddressSampler> Start(Ptr<Node> node,
                                     uint32_t interface,
                                     double start,
                                     double period,
                                     double until);

    std::vector<double> times;                          //!< sample times (s)
    std::vector<std::vector<std::string>> addresses;    //!< global addresses at each

  private:
    /// Take a sample and schedule the next.
    void Sample(Ptr<Node> node, uint32_t interface, double period, double until);
};

/**
 * @ingroup dmm
 * @param node a node with IPv6 @param interface an interface index
 * @return the interface's global addresses, as text
 */
std::vector<std::string> GlobalAddresses(Ptr<Node> node, uint32_t interface);

/**
 * @ingroup dmm
 * @param lm a location management function
 * @return its binding database as JSON: [{"prefix", "length", "locator", "registered"}]
 */
std::string BindingsJson(Ptr<LocationManagement> lm);

/**
 * @ingroup dmm
 * @param node a node with the ns3-dmm stack
 * @return its Mobility Header and tunnel counters as JSON: {"mh": {"messages", "octets",
 * "to": [{"destination", "type", "messages", "octets"}]}, "tunnel": {"encapsulated",
 * "decapsulated", "overhead_octets"}, "queue_drops": QueueDrops(node)}
 */
std::string CountersJson(Ptr<Node> node);

/**
 * @ingroup dmm
 * @brief Counts the packets a node's TrafficControlLayer drops ("TcDrop": no queue disc, and
 * the device's transmit queue stopped because it is full), aggregated to the node.
 */
class TrafficControlDropCounter : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    /// @brief Count the drops of a node's traffic control layer. @param node the node
    /// @throws std::invalid_argument without a TrafficControlLayer
    static void Install(Ptr<Node> node);
    /// @return the packets dropped so far
    uint64_t GetDropped() const;

  private:
    uint64_t m_dropped{0}; //!< packets dropped
};

/**
 * @ingroup dmm
 * @param node a node
 * @return the packets dropped before they left its devices: by its traffic control layer
 * (TrafficControlDropCounter, if installed) and by its devices' transmit queues: point-to-point devices'
 * queues (full), abstract access devices (GetNDropped: full, or sent while detached) and the
 * WiFi MAC's four access category queues (full, or expired)
 */
uint64_t QueueDrops(Ptr<Node> node);

/**
 * @ingroup dmm
 * @param helper a FlowMonitorHelper that installed a monitor
 * @return per-flow statistics with the IPv6 five-tuple, as a JSON array
 */
std::string FlowMonitorJson(FlowMonitorHelper& helper);

/**
 * @ingroup dmm
 * @brief Install FlowMonitor on nodes in O(nodes): one Ipv6NodeFlowProbe per node with IPv6,
 * reporting to the helper's monitor and IPv6 classifier (where FlowMonitorHelper::Install
 * resolves Config paths that walk the whole node list for every node).
 * @param helper the helper whose monitor and classifier to use
 * @param nodes the nodes (those without IPv6 are skipped)
 * @return the number of probes installed
 */
uint32_t InstallFlowProbes(FlowMonitorHelper& helper, NodeContainer nodes);

} // namespace dmm
} // namespace ns3

#endif /* DMM_TRACE_RECORDERS_H */
