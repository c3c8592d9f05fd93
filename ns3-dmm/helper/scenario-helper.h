/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_SCENARIO_HELPER_H
#define DMM_SCENARIO_HELPER_H

#include "trace-recorders.h"

#include "ns3/application.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class FlowMonitorHelper;
class PointToPointHelper;
class WifiPhyHelper;

namespace dmm
{

class PathLengthProbe;
class AbstractAccessChannel;
class RangeSpectrumChannel;
class AbstractAccessManager;

/**
 * @ingroup dmm
 * @brief The WiFi access network of a scenario: every access point and station on one
 * channel with log-distance loss, one SSID and one channel number: a YansWifiChannel (every
 * frame reaches every PHY) or SpectrumWifiPhys on a spectrum channel whose MaxLossDb is
 * maxLossDb: a RangeSpectrumChannel (a frame is scheduled only within the distance where the
 * loss reaches maxLossDb) or ns-3's MultiModelSpectrumChannel (scheduled at every PHY).
 */
struct WifiParameters
{
    std::string standard{"80211a"};                    //!< "80211a", "80211n", "80211ac"
    std::string channelSettings{"{36, 20, BAND_5GHZ, 0}"}; //!< YansWifiPhy ChannelSettings
    std::string ssid{"dmm"};                           //!< the SSID
    std::string stationManager{"ns3::IdealWifiManager"}; //!< rate control TypeId
    std::string dataMode;    //!< ConstantRateWifiManager DataMode ("" for its default)
    std::string controlMode; //!< ConstantRateWifiManager ControlMode ("" for its default)
    double beaconIntervalUs{102400};  //!< ApWifiMac BeaconInterval
    uint32_t maxMissedBeacons{3};     //!< StaWifiMac MaxMissedBeacons
    bool activeProbing{true};         //!< StaWifiMac ActiveProbing
    double startSpacingSeconds{0.0};  //!< station k starts its first scan k x this later
    double txPowerDbm{16.0206};       //!< TxPowerStart and TxPowerEnd
    double exponent{3.0};             //!< LogDistancePropagationLossModel Exponent
    double referenceDistance{1.0};    //!< its ReferenceDistance (m)
    double referenceLossDb{46.6777};  //!< its ReferenceLoss (dB)
    std::string phy{"yans"};          //!< "yans" or "spectrum"
    std::string spectrumChannel{"range"}; //!< spectrum: "range" or "multi-model"
    double maxLossDb{std::numeric_limits<double>::infinity()}; //!< spectrum: delivery cut-off
};

/**
 * @ingroup dmm
 * @brief The abstract access network of a scenario (no radio): AbstractAccessNetDevice
 * access points and stations, attached by an AbstractAccessManager.
 */
struct AbstractAccessParameters
{
    std::string rate{"54Mbps"};     //!< every device's DataRate
    double delaySeconds{10e-6};     //!< every device's Delay
    uint32_t maxQueue{100};         //!< every device's MaxQueue
    double attachDelaySeconds{0.05}; //!< the manager's AttachDelay (layer-2 handover)
    double attachSpacingSeconds{0.0}; //!< the manager's AttachSpacing (staggered start)
    double range{0.0};              //!< the manager's Range (m; 0: unlimited)
    double hysteresis{0.0};         //!< the manager's Hysteresis (m)
};

/**
 * @ingroup dmm
 * @brief Builds the ns-3 objects of a scenario that a script describes: named nodes with the
 * Internet (IPv6) and ns3-dmm stacks, point-to-point links, a WiFi access network, mobility,
 * router advertisements, static routes, captures, FlowMonitor, traffic and recorders.
 *
 * Each call carries plain values (names, addresses as text, numbers), so a script that
 * builds a scenario of any size calls a few distinct C++ functions: cppyy compiles a wrapper
 * for each distinct function a script calls, and that, not the number of calls, is what a
 * script pays at start-up. The helper holds the objects it made; it holds no protocol state.
 */
class ScenarioHelper
{
  public:
    ScenarioHelper();
    ~ScenarioHelper();
    ScenarioHelper(const ScenarioHelper&) = delete;
    ScenarioHelper& operator=(const ScenarioHelper&) = delete;

    /**
     * @brief Seed and run of the random number generators, the default of duplicate address
     * detection, and checksums (needed for captures Wireshark accepts); call before nodes.
     * @param seed RngSeedManager seed @param run RngSeedManager run
     * @param dad Icmpv6L4Protocol DAD default @param checksums ChecksumEnabled
     */
    static void Configure(uint32_t seed, uint64_t run, bool dad, bool checksums);

    /**
     * @brief A node with the Internet stack (IPv6 only; routing: a list with static routing
     * at priority 0) and the ns3-dmm stack.
     * @param name its name (unique)
     * @param solicitationJitter Icmpv6L4Protocol SolicitationJitter (a random variable)
     * @return its index in the helper's node list
     */
    uint32_t AddNode(const std::string& name, const std::string& solicitationJitter);
    /// @param name a node's name @return the node @throws std::out_of_range if unknown
    Ptr<Node> GetNode(const std::string& name) const;
    /// @return every node, in the order added
    NodeContainer GetNodes() const;
    /**
     * Fixed random streams for the Internet stack of every node.
     * @param stream first stream @return the number of streams taken
     */
    int64_t AssignInternetStreams(int64_t stream);

    /**
     * @brief A point-to-point link with a /64 address at each end.
     * @param a first node @param b second node
     * @param addressA address of a (prefix length 64) @param addressB address of b
     * @param forwardingA forwarding on a's interface @param forwardingB on b's
     * @param delaySeconds propagation delay @param rate data rate ("1Gbps")
     * @return the IPv6 interface indices of a and b
     */
    std::vector<uint32_t> AddLink(const std::string& a,
                                  const std::string& b,
                                  const std::string& addressA,
                                  const std::string& addressB,
                                  bool forwardingA,
                                  bool forwardingB,
                                  double delaySeconds,
                                  const std::string& rate);

    /**
     * @brief The WiFi access network: access points and stations, each with an IPv6
     * interface on its device (access points: forwarding, with their address, /64; stations:
     * no global address, not forwarding), a StationRecorder on each station and a
     * SolicitationRecorder on each access point.
     * @param params the WiFi parameters
     * @param accessPoints names of the access point nodes
     * @param apAddresses their addresses on the access link
     * @param stations names of the station nodes
     * @param stream first random stream of the devices, if they take no more than @p room
     * @param room streams available from @p stream on
     * @param farStream first random stream of the devices if they take more
     * @return the first stream the devices took and how many they took (the number depends
     *         on the standard's QoS and the rate manager, so it is counted here)
     */
    std::pair<int64_t, int64_t> InstallWifi(const WifiParameters& params,
                                            const std::vector<std::string>& accessPoints,
                                            const std::vector<std::string>& apAddresses,
                                            const std::vector<std::string>& stations,
                                            int64_t stream,
                                            int64_t room,
                                            int64_t farStream);
    /**
     * @brief The abstract access network instead of WiFi: as InstallWifi, with
     * AbstractAccessNetDevices; StartAbstractAccess() starts the attachments once the nodes
     * have their mobility models.
     * @param params the access network's parameters
     * @param accessPoints names of the access point nodes
     * @param apAddresses their addresses on the access link
     * @param stations names of the station nodes
     */
    void InstallAbstractAccess(const AbstractAccessParameters& params,
                               const std::vector<std::string>& accessPoints,
                               const std::vector<std::string>& apAddresses,
                               const std::vector<std::string>& stations);
    /// @brief Attach every station (at 0 s plus the attachment delay), then follow its moves.
    void StartAbstractAccess();
    /// @return the abstract access network's manager (null without one)
    Ptr<AbstractAccessManager> GetAbstractAccessManager() const;
    /// @return the abstract access network's channel (null without one)
    Ptr<AbstractAccessChannel> GetAbstractAccessChannel() const;
    /// @return the WiFi RangeSpectrumChannel (null with another channel or no WiFi)
    Ptr<RangeSpectrumChannel> GetRangeSpectrumChannel() const;
    /// @param name an access point or station @return its WiFi IPv6 interface index
    uint32_t GetWifiInterface(const std::string& name) const;
    /// @param name an access point or station @return its WifiNetDevice
    Ptr<NetDevice> GetWifiDevice(const std::string& name) const;
    /// @param name an access point or station @return its MAC address as text
    std::string GetMacAddress(const std::string& name) const;
    /// @param station a station @return its StationRecorder
    Ptr<StationRecorder> GetStationRecorder(const std::string& station) const;
    /// @param accessPoint an access point @return the recorder of the Neighbor Solicitations
    /// it sends on its WiFi interface
    Ptr<SolicitationRecorder> GetSolicitationRecorder(const std::string& accessPoint) const;

    /// A constant position. @param name the node @param x metres @param y metres
    void SetPosition(const std::string& name, double x, double y);
    /**
     * @brief Waypoint mobility.
     * @param name the node @param times waypoint times (s) @param xs metres @param ys metres
     */
    void SetWaypoints(const std::string& name,
                      const std::vector<double>& times,
                      const std::vector<double>& xs,
                      const std::vector<double>& ys);
    /**
     * @brief Random waypoint mobility in a rectangle.
     * @param name the node @param x0 west @param x1 east @param y0 south @param y1 north
     * @param minSpeed slowest speed (m/s) @param maxSpeed fastest @param pause pause (s)
     * @param stream first random stream (four are used)
     */
    void SetRandomWaypoint(const std::string& name,
                           double x0,
                           double x1,
                           double y0,
                           double y1,
                           double minSpeed,
                           double maxSpeed,
                           double pause,
                           int64_t stream);
    /**
     * @brief Gauss-Markov mobility in a rectangle, from a start point.
     * @param name the node @param x0 west @param x1 east @param y0 south @param y1 north
     * @param x start x @param y start y @param meanSpeed m/s @param alpha memory in [0, 1]
     * @param step time step (s) @param stream first random stream (six are used)
     */
    void SetGaussMarkov(const std::string& name,
                        double x0,
                        double x1,
                        double y0,
                        double y1,
                        double x,
                        double y,
                        double meanSpeed,
                        double alpha,
                        double step,
                        int64_t stream);

    /**
     * @brief Router Advertisements of one prefix on an interface (Radvd, started at 0 s).
     * @param name the router @param interface its interface @param prefix the /64 prefix
     * @param minIntervalMs MinRtrAdvInterval @param maxIntervalMs MaxRtrAdvInterval
     * @param preferredLifetime seconds @param validLifetime seconds @param stream random stream
     */
    void AddRouterAdvertisements(const std::string& name,
                                 uint32_t interface,
                                 const std::string& prefix,
                                 uint32_t minIntervalMs,
                                 uint32_t maxIntervalMs,
                                 uint32_t preferredLifetime,
                                 uint32_t validLifetime,
                                 int64_t stream);

    /**
     * @brief A static route.
     * @param name the node @param network the destination prefix @param length its length
     * @param gateway the next hop @param interface the outgoing interface
     */
    void AddRoute(const std::string& name,
                  const std::string& network,
                  uint32_t length,
                  const std::string& gateway,
                  uint32_t interface);
    /// @param name the node @param gateway next hop @param interface outgoing interface
    void SetDefaultRoute(const std::string& name, const std::string& gateway, uint32_t interface);

    /// Capture a link end. @param link index of AddLink's link @param end 0 (a) or 1 (b)
    /// @param path the pcap file
    void EnableLinkPcap(uint32_t link, uint32_t end, const std::string& path);
    /// Capture a WiFi device (radiotap), or an abstract access device (raw IPv6).
    /// @param name the node @param path the pcap file
    void EnableWifiPcap(const std::string& name, const std::string& path);
    /// FlowMonitor on every node.
    void EnableFlowMonitor();
    /// @return per-flow statistics as JSON (an empty array without FlowMonitor)
    std::string GetFlowMonitorJson();
    /// @return a PathLengthProbe installed on every node
    Ptr<PathLengthProbe> InstallPathProbe();

    /**
     * @brief Constant bit rate UDP from a node to a PacketSink on another (every address);
     * the sink's arrivals are recorded, and followed by the path probe if there is one.
     * @param source sender @param receiver receiver @param destination address packets go
     * to ("" to set later with SetRemote) @param port UDP port @param size payload octets
     * @param intervalSeconds packet interval @param start start time (s)
     * @param stop stop time (s; negative: never)
     * @return the session's index
     */
    uint32_t AddUdpCbr(const std::string& source,
                       const std::string& receiver,
                       const std::string& destination,
                       uint16_t port,
                       uint32_t size,
                       double intervalSeconds,
                       double start,
                       double stop);
    /**
     * @brief On-off UDP (OnOffApplication with its SeqTsSizeHeader) from a node to a
     * PacketSink on another: bursts at a constant rate during on periods, silence during off
     * periods; recorded as AddUdpCbr's sessions (sequence numbers and delays included).
     * @param source sender @param receiver receiver @param destination address ("" later)
     * @param port UDP port @param size UDP payload octets (at least 20: the header)
     * @param rateBps the rate during on periods (bit/s)
     * @param onTime the on periods' RandomVariableStream (e.g.
     * "ns3::ExponentialRandomVariable[Mean=1]") @param offTime the off periods'
     * @param start start time (s) @param stop stop time (s; negative: never)
     * @param stream the first of the two random streams of its periods (AssignStreams)
     * @return the session's index
     * @throws std::invalid_argument for a size under 20, a rate <= 0, bad period text or
     *         a start time < 0
     */
    uint32_t AddUdpOnOff(const std::string& source,
                         const std::string& receiver,
                         const std::string& destination,
                         uint16_t port,
                         uint32_t size,
                         double rateBps,
                         const std::string& onTime,
                         const std::string& offTime,
                         double start,
                         double stop,
                         int64_t stream);
    /**
     * @brief TCP bulk transfer (BulkSend) to a PacketSink.
     * @param source sender @param receiver receiver @param destination address ("" later)
     * @param port TCP port @param sendSize octets per send @param maxBytes 0: unlimited
     * @param start start time (s) @param stop stop time (s; negative: never)
     * @return the session's index
     */
    uint32_t AddTcpBulk(const std::string& source,
                        const std::string& receiver,
                        const std::string& destination,
                        uint16_t port,
                        uint32_t sendSize,
                        uint64_t maxBytes,
                        double start,
                        double stop);
    /// @param session a session @param destination the address its sender sends to
    void SetRemote(uint32_t session, const std::string& destination);
    /// @param session a session @return its receiver's recorder
    Ptr<PacketRecorder> GetRxRecorder(uint32_t session) const;
    /// @param session a session @return its sender's counter
    Ptr<TxCounter> GetTxCounter(uint32_t session) const;

    /// Run until an absolute time (seconds), with the RNG seed and run set again first.
    /// @param stopSeconds the time @param seed seed @param run run
    void Run(double stopSeconds, uint32_t seed, uint64_t run);
    /// Simulator::Destroy, after one time step if nothing ran (Radvd needs to have started).
    void Destroy();

    /// One pcap file for every point-to-point device of a node. @param node the node
    /// @param path the file
    static void EnableNodePcap(Ptr<Node> node, const std::string& path);

  private:
    /// @param name a node's name @return the node @throws std::out_of_range if unknown
    Ptr<ns3::Node> Find(const std::string& name) const;
    /**
     * @param node the node @param device its device @param address "" for none
     * @param forwarding forwarding on the interface @return the interface index
     */
    static uint32_t AddInterface(Ptr<ns3::Node> node,
                                 Ptr<NetDevice> device,
                                 const std::string& address,
                                 bool forwarding);

    /// A traffic session.
    struct Session
    {
        Ptr<Application> source;      //!< sending application
        uint16_t port;                //!< its port
        Ptr<PacketRecorder> rx;       //!< receiver's record
        Ptr<TxCounter> tx;            //!< sender's count
    };

    /**
     * @brief The rest of a UDP session: the sender's start and stop, a PacketSink with its
     * recorder on the receiver, the sender's counter, the path probe, the destination.
     * @param source the sending application @param sourceNode its node
     * @param receiver receiver @param destination address ("" later) @param port UDP port
     * @param sequenceOffset where the SeqTsHeader starts in a payload
     * @param start start time (s) @param stop stop time (s; negative: never)
     * @return the session's index
     */
    uint32_t AddUdpSession(Ptr<Application> source,
                           Ptr<ns3::Node> sourceNode,
                           const std::string& receiver,
                           const std::string& destination,
                           uint16_t port,
                           uint32_t sequenceOffset,
                           double start,
                           double stop);

    std::map<std::string, Ptr<ns3::Node>> m_nodes;    //!< by name
    NodeContainer m_all;                              //!< in the order added
    std::vector<std::pair<Ptr<NetDevice>, Ptr<NetDevice>>> m_links; //!< link devices
    std::unique_ptr<PointToPointHelper> m_p2p;        //!< link helper (and pcap)
    std::unique_ptr<WifiPhyHelper> m_phy;             //!< WiFi PHY helper (and pcap)
    std::map<std::string, Ptr<NetDevice>> m_wifi;     //!< access (WiFi) devices by node
    Ptr<RangeSpectrumChannel> m_rangeChannel;         //!< WiFi range channel, if any
    Ptr<AbstractAccessChannel> m_abstract;            //!< abstract access network, if any
    Ptr<AbstractAccessManager> m_attachments;         //!< its attachments
    std::vector<std::string> m_abstractAps;           //!< its access points
    std::vector<std::string> m_abstractStations;      //!< its stations
    std::map<std::string, uint32_t> m_wifiInterface;  //!< WiFi interfaces by node
    std::map<std::string, Ptr<StationRecorder>> m_stations; //!< station recorders
    std::map<std::string, Ptr<SolicitationRecorder>> m_solicitations; //!< by access point
    std::vector<Ptr<Application>> m_radvd;            //!< router advertisement daemons
    std::unique_ptr<FlowMonitorHelper> m_flowMonitor; //!< FlowMonitor, if enabled
    Ptr<PathLengthProbe> m_probe;                     //!< path probe, if installed
    std::vector<Session> m_sessions;                  //!< traffic sessions
    bool m_ran{false};                                //!< Run was called
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_SCENARIO_HELPER_H */
