/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-helper.h"

#include "dmm-stack-helper.h"

#include "ns3/abstract-access.h"

#include "ns3/boolean.h"
#include "ns3/box.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/gauss-markov-mobility-model.h"
#include "ns3/global-value.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-list-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/on-off-helper.h"
#include "ns3/multi-model-spectrum-channel.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/path-length-probe.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/position-allocator.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/radvd-interface.h"
#include "ns3/radvd-prefix.h"
#include "ns3/radvd.h"
#include "ns3/random-variable-stream.h"
#include "ns3/range-spectrum-channel.h"
#include "ns3/random-waypoint-mobility-model.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-wifi-helper.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/trace-helper.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/uinteger.h"
#include "ns3/waypoint-mobility-model.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-mac-helper.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"
#include "ns3/yans-wifi-helper.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("ScenarioHelper");

namespace
{

/// @param s a standard's name @return the standard
WifiStandard
ParseStandard(const std::string& s)
{
    if (s == "80211a")
    {
        return WIFI_STANDARD_80211a;
    }
    if (s == "80211n")
    {
        return WIFI_STANDARD_80211n;
    }
    if (s == "80211ac")
    {
        return WIFI_STANDARD_80211ac;
    }
    throw std::invalid_argument("unsupported WiFi standard " + s);
}

/// @param text an IPv6 address @param what what it is, for the error @return the address
/// @throws std::invalid_argument if the text is not an IPv6 address
Ipv6Address
ParseAddress(const std::string& text, const std::string& what)
{
    Ipv6Address address(text.c_str());
    if (!address.IsInitialized())
    {
        throw std::invalid_argument("ScenarioHelper: " + what + " '" + text +
                                    "' is not an IPv6 address");
    }
    return address;
}

/// @param address an address as text and a port @return the socket address
Address
SocketAddress(const std::string& address, uint16_t port)
{
    return Inet6SocketAddress(ParseAddress(address, "address"), port).ConvertTo();
}

/// @param object an object @param name an attribute @param value its value as text
/// @throws std::invalid_argument if the object refuses the value
void
SetFromText(Ptr<Object> object, const std::string& name, const std::string& value)
{
    if (!object->SetAttributeFailSafe(name, StringValue(value)))
    {
        throw std::invalid_argument("ScenarioHelper: " + value + " is not a valid " + name);
    }
}

/// @param node a node @param interface an interface index
/// @throws std::out_of_range if the node has no such IPv6 interface
void
CheckInterface(Ptr<ns3::Node> node, uint32_t interface)
{
    if (interface >= node->GetObject<Ipv6>()->GetNInterfaces())
    {
        throw std::out_of_range("ScenarioHelper: the node has no IPv6 interface " +
                                std::to_string(interface));
    }
}

/// @param map a map by name @param key a name @param what what is missing, for the error
/// @return the value @throws std::out_of_range if the map has no such name
template <typename Map>
const typename Map::mapped_type&
FindOrThrow(const Map& map, const std::string& key, const std::string& what)
{
    auto it = map.find(key);
    if (it == map.end())
    {
        throw std::out_of_range("ScenarioHelper: " + what);
    }
    return it->second;
}

/// @param node a node @throws std::logic_error if it has a mobility model already
void
CheckNoMobility(Ptr<ns3::Node> node)
{
    if (node->GetObject<MobilityModel>())
    {
        throw std::logic_error("ScenarioHelper: the node has a mobility model already");
    }
}

/// @param ipv6 a node's IPv6 @return its static routing (inside its list routing)
Ptr<Ipv6StaticRouting>
StaticRouting(Ptr<Ipv6> ipv6)
{
    Ptr<Ipv6StaticRouting> routing = Ipv6StaticRoutingHelper().GetStaticRouting(ipv6);
    if (!routing)
    {
        throw std::logic_error("ScenarioHelper: the node has no static routing");
    }
    return routing;
}

/**
 * A station's probe delay for its first scan only: the delay its own ProbeDelay stream draws,
 * plus an offset (the staggered start).
 */
class FirstScanDelay : public RandomVariableStream
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::dmm::FirstScanDelay")
                                .SetParent<RandomVariableStream>()
                                .SetGroupName("Dmm");
        return tid;
    }

    /// @param base the station's ProbeDelay stream (microseconds) @param offset the offset
    FirstScanDelay(Ptr<RandomVariableStream> base, Time offset)
        : m_base(base),
          m_offsetUs(offset.GetMicroSeconds())
    {
    }

    double GetValue() override
    {
        return m_base->GetValue() + m_offsetUs;
    }

    uint32_t GetInteger() override
    {
        return static_cast<uint32_t>(GetValue());
    }

  private:
    Ptr<RandomVariableStream> m_base; //!< the station's ProbeDelay
    double m_offsetUs;                //!< the offset, microseconds
};

/**
 * Station `device` starts its first scan `offset` later than it would: its MAC reads
 * ProbeDelay (active scanning) or WaitBeaconTimeout (passive) when the scan starts, as the
 * node is initialised at time 0; both are what they were again right after.
 * @param device a station's WifiNetDevice @param offset the delay
 * @param active whether the station scans actively
 */
void
DelayFirstScan(Ptr<NetDevice> device, Time offset, bool active)
{
    Ptr<WifiMac> mac = DynamicCast<WifiNetDevice>(device)->GetMac();
    if (active)
    {
        PointerValue delay;
        mac->GetAttribute("ProbeDelay", delay);
        Ptr<RandomVariableStream> base = delay.Get<RandomVariableStream>();
        // Create, not CreateObject: it draws from the station's own stream and allocates none,
        // so the automatic streams of every other random variable stay as they were.
        mac->SetAttribute("ProbeDelay",
                          PointerValue(Create<FirstScanDelay>(base, offset)));
        Simulator::Schedule(NanoSeconds(1), [mac, base]() {
            mac->SetAttribute("ProbeDelay", PointerValue(base));
        });
        return;
    }
    TimeValue wait;
    mac->GetAttribute("WaitBeaconTimeout", wait);
    mac->SetAttribute("WaitBeaconTimeout", TimeValue(wait.Get() + offset));
    Simulator::Schedule(NanoSeconds(1), [mac, wait]() {
        mac->SetAttribute("WaitBeaconTimeout", wait);
    });
}

} // namespace

ScenarioHelper::ScenarioHelper()
    : m_p2p(std::make_unique<PointToPointHelper>())
{
}

ScenarioHelper::~ScenarioHelper() = default;

void
ScenarioHelper::Configure(uint32_t seed, uint64_t run, bool dad, bool checksums)
{
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Config::SetDefault("ns3::Icmpv6L4Protocol::DAD", BooleanValue(dad));
    if (checksums)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
}

Ptr<Node>
ScenarioHelper::Find(const std::string& name) const
{
    return FindOrThrow(m_nodes, name, "no node " + name);
}

Ptr<Node>
ScenarioHelper::GetNode(const std::string& name) const
{
    return Find(name);
}

NodeContainer
ScenarioHelper::GetNodes() const
{
    return m_all;
}

uint32_t
ScenarioHelper::AddNode(const std::string& name, const std::string& solicitationJitter)
{
    if (m_nodes.count(name))
    {
        throw std::invalid_argument("ScenarioHelper: a node named " + name + " exists already");
    }
    Ptr<ns3::Node> node = CreateObject<ns3::Node>();
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    Ipv6ListRoutingHelper routing;
    routing.Add(Ipv6StaticRoutingHelper(), 0);
    stack.SetRoutingHelper(routing);
    stack.Install(node);
    TrafficControlDropCounter::Install(node);
    DmmStackHelper().Install(node);
    SetFromText(node->GetObject<Icmpv6L4Protocol>(), "SolicitationJitter", solicitationJitter);
    m_nodes[name] = node;
    m_all.Add(node);
    return m_all.GetN() - 1;
}

int64_t
ScenarioHelper::AssignInternetStreams(int64_t stream)
{
    return InternetStackHelper().AssignStreams(m_all, stream);
}

uint32_t
ScenarioHelper::AddInterface(Ptr<ns3::Node> node,
                             Ptr<NetDevice> device,
                             const std::string& address,
                             bool forwarding)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    const uint32_t iface = ipv6->AddInterface(device);
    if (!address.empty())
    {
        ipv6->AddAddress(iface,
                         Ipv6InterfaceAddress(ParseAddress(address, "interface address"),
                                              Ipv6Prefix(64)));
    }
    ipv6->SetForwarding(iface, forwarding);
    ipv6->SetUp(iface);
    return iface;
}

std::vector<uint32_t>
ScenarioHelper::AddLink(const std::string& a,
                        const std::string& b,
                        const std::string& addressA,
                        const std::string& addressB,
                        bool forwardingA,
                        bool forwardingB,
                        double delaySeconds,
                        const std::string& rate)
{
    Ptr<ns3::Node> na = Find(a);
    Ptr<ns3::Node> nb = Find(b);
    DataRateValue parsed;
    if (!parsed.DeserializeFromString(rate, MakeDataRateChecker()) || !(delaySeconds >= 0))
    {
        throw std::invalid_argument("ScenarioHelper::AddLink: rate '" + rate +
                                    "' or delay is not valid");
    }
    m_p2p->SetDeviceAttribute("DataRate", parsed);
    m_p2p->SetChannelAttribute("Delay", TimeValue(Seconds(delaySeconds)));
    NodeContainer pair;
    pair.Add(na);
    pair.Add(nb);
    NetDeviceContainer devices = m_p2p->Install(pair);
    const uint32_t ia = AddInterface(na, devices.Get(0), addressA, forwardingA);
    const uint32_t ib = AddInterface(nb, devices.Get(1), addressB, forwardingB);
    m_links.emplace_back(devices.Get(0), devices.Get(1));
    return {ia, ib};
}

std::pair<int64_t, int64_t>
ScenarioHelper::InstallWifi(const WifiParameters& p,
                            const std::vector<std::string>& accessPoints,
                            const std::vector<std::string>& apAddresses,
                            const std::vector<std::string>& stations,
                            int64_t stream,
                            int64_t room,
                            int64_t farStream)
{
    if (apAddresses.size() != accessPoints.size())
    {
        throw std::invalid_argument("ScenarioHelper::InstallWifi: one address per access point");
    }
    TypeId manager;
    if (!TypeId::LookupByNameFailSafe(p.stationManager, &manager))
    {
        throw std::invalid_argument("ScenarioHelper::InstallWifi: no rate manager " +
                                    p.stationManager);
    }
    if (m_phy || m_abstract)
    {
        throw std::logic_error("ScenarioHelper::InstallWifi: access installed already");
    }
    if (p.phy == "yans")
    {
        if (!std::isinf(p.maxLossDb))
        {
            throw std::invalid_argument(
                "ScenarioHelper::InstallWifi: a YansWifiChannel has no delivery cut-off");
        }
        YansWifiChannelHelper channelHelper;
        channelHelper.SetPropagationDelay("ns3::ConstantSpeedPropagationDelayModel");
        channelHelper.AddPropagationLoss("ns3::LogDistancePropagationLossModel",
                                         "Exponent",
                                         DoubleValue(p.exponent),
                                         "ReferenceDistance",
                                         DoubleValue(p.referenceDistance),
                                         "ReferenceLoss",
                                         DoubleValue(p.referenceLossDb));
        auto yans = std::make_unique<YansWifiPhyHelper>();
        yans->SetChannel(channelHelper.Create());
        m_phy = std::move(yans);
    }
    else if (p.phy == "spectrum")
    {
        if (std::isnan(p.maxLossDb) || p.maxLossDb <= 0)
        {
            throw std::invalid_argument(
                "ScenarioHelper::InstallWifi: maxLossDb must be a positive number of dB");
        }
        Ptr<SpectrumChannel> channel;
        if (p.spectrumChannel == "range")
        {
            // LogDistancePropagationLossModel: loss = L0 + 10 n log10(d / d0) beyond d0.
            m_rangeChannel = CreateObject<RangeSpectrumChannel>();
            const double range =
                p.referenceDistance *
                std::pow(10.0, (p.maxLossDb - p.referenceLossDb) / (10.0 * p.exponent));
            if (std::isfinite(range))
            {
                m_rangeChannel->SetAttribute("MaxRange", DoubleValue(range));
            }
            channel = m_rangeChannel;
        }
        else if (p.spectrumChannel == "multi-model")
        {
            channel = CreateObject<MultiModelSpectrumChannel>();
        }
        else
        {
            throw std::invalid_argument("ScenarioHelper::InstallWifi: no spectrum channel " +
                                        p.spectrumChannel + " (range or multi-model)");
        }
        Ptr<LogDistancePropagationLossModel> loss =
            CreateObject<LogDistancePropagationLossModel>();
        loss->SetAttribute("Exponent", DoubleValue(p.exponent));
        loss->SetAttribute("ReferenceDistance", DoubleValue(p.referenceDistance));
        loss->SetAttribute("ReferenceLoss", DoubleValue(p.referenceLossDb));
        channel->AddPropagationLossModel(loss);
        channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
        if (std::isfinite(p.maxLossDb))
        {
            channel->SetAttribute("MaxLossDb", DoubleValue(p.maxLossDb));
        }
        auto spectrum = std::make_unique<SpectrumWifiPhyHelper>();
        spectrum->SetChannel(channel);
        m_phy = std::move(spectrum);
    }
    else
    {
        throw std::invalid_argument("ScenarioHelper::InstallWifi: no PHY " + p.phy +
                                    " (yans or spectrum)");
    }
    m_phy->Set("ChannelSettings", StringValue(p.channelSettings));
    m_phy->Set("TxPowerStart", DoubleValue(p.txPowerDbm));
    m_phy->Set("TxPowerEnd", DoubleValue(p.txPowerDbm));
    m_phy->SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    WifiHelper wifi;
    wifi.SetStandard(ParseStandard(p.standard));
    if (p.dataMode.empty() && p.controlMode.empty())
    {
        wifi.SetRemoteStationManager(p.stationManager);
    }
    else if (p.controlMode.empty())
    {
        wifi.SetRemoteStationManager(p.stationManager, "DataMode", StringValue(p.dataMode));
    }
    else if (p.dataMode.empty())
    {
        wifi.SetRemoteStationManager(p.stationManager, "ControlMode", StringValue(p.controlMode));
    }
    else
    {
        wifi.SetRemoteStationManager(p.stationManager,
                                     "DataMode",
                                     StringValue(p.dataMode),
                                     "ControlMode",
                                     StringValue(p.controlMode));
    }
    WifiMacHelper mac;
    Ssid ssid(p.ssid);
    mac.SetType("ns3::ApWifiMac",
                "Ssid",
                SsidValue(ssid),
                "BeaconInterval",
                TimeValue(MicroSeconds(static_cast<int64_t>(p.beaconIntervalUs))));
    NodeContainer apNodes;
    for (const auto& name : accessPoints)
    {
        apNodes.Add(Find(name));
    }
    NodeContainer staNodes;
    for (const auto& name : stations)
    {
        staNodes.Add(Find(name));
    }
    NetDeviceContainer aps = wifi.Install(*m_phy, mac, apNodes);
    mac.SetType("ns3::StaWifiMac",
                "Ssid",
                SsidValue(ssid),
                "ActiveProbing",
                BooleanValue(p.activeProbing),
                "MaxMissedBeacons",
                UintegerValue(p.maxMissedBeacons));
    NetDeviceContainer stas = wifi.Install(*m_phy, mac, staNodes);
    // Counted by assigning them from farStream (nothing draws in between), then from stream
    // if they fit below it: the same streams as one assignment there.
    int64_t streams = wifi.AssignStreams(aps, farStream);
    streams += wifi.AssignStreams(stas, farStream + streams);
    const int64_t first = streams <= room ? stream : farStream;
    if (first != farStream)
    {
        wifi.AssignStreams(stas, first + wifi.AssignStreams(aps, first));
    }
    for (uint32_t k = 0; k < accessPoints.size(); ++k)
    {
        m_wifi[accessPoints[k]] = aps.Get(k);
        m_wifiInterface[accessPoints[k]] =
            AddInterface(apNodes.Get(k), aps.Get(k), apAddresses[k], true);
        m_solicitations[accessPoints[k]] =
            SolicitationRecorder::Attach(apNodes.Get(k), m_wifiInterface[accessPoints[k]]);
    }
    for (uint32_t k = 1; k < stations.size() && p.startSpacingSeconds > 0; ++k)
    {
        DelayFirstScan(stas.Get(k), Seconds(p.startSpacingSeconds * k), p.activeProbing);
    }
    for (uint32_t k = 0; k < stations.size(); ++k)
    {
        m_wifi[stations[k]] = stas.Get(k);
        m_wifiInterface[stations[k]] = AddInterface(staNodes.Get(k), stas.Get(k), "", false);
        m_stations[stations[k]] = StationRecorder::Attach(stas.Get(k));
    }
    return {first, streams};
}

void
ScenarioHelper::InstallAbstractAccess(const AbstractAccessParameters& p,
                                      const std::vector<std::string>& accessPoints,
                                      const std::vector<std::string>& apAddresses,
                                      const std::vector<std::string>& stations)
{
    if (apAddresses.size() != accessPoints.size())
    {
        throw std::invalid_argument(
            "ScenarioHelper::InstallAbstractAccess: one address per access point");
    }
    if (m_abstract || m_phy)
    {
        throw std::logic_error("ScenarioHelper::InstallAbstractAccess: access installed already");
    }
    m_abstract = CreateObject<AbstractAccessChannel>();
    m_attachments = CreateObject<AbstractAccessManager>();
    m_attachments->SetAttribute("AttachDelay", TimeValue(Seconds(p.attachDelaySeconds)));
    m_attachments->SetAttribute("AttachSpacing", TimeValue(Seconds(p.attachSpacingSeconds)));
    m_attachments->SetAttribute("Range", DoubleValue(p.range));
    m_attachments->SetAttribute("Hysteresis", DoubleValue(p.hysteresis));
    auto device = [this, &p](const std::string& name, bool ap) {
        Ptr<AbstractAccessNetDevice> dev = CreateObject<AbstractAccessNetDevice>();
        dev->SetAttribute("DataRate", DataRateValue(DataRate(p.rate)));
        dev->SetAttribute("Delay", TimeValue(Seconds(p.delaySeconds)));
        dev->SetAttribute("MaxQueue", UintegerValue(p.maxQueue));
        dev->SetAddress(Mac48Address::Allocate());
        Find(name)->AddDevice(dev);
        dev->Attach(m_abstract, ap);
        m_wifi[name] = dev;
        return dev;
    };
    for (uint32_t k = 0; k < accessPoints.size(); ++k)
    {
        const auto& name = accessPoints[k];
        auto dev = device(name, true);
        m_wifiInterface[name] = AddInterface(Find(name), dev, apAddresses[k], true);
        m_solicitations[name] = SolicitationRecorder::Attach(Find(name), m_wifiInterface[name]);
    }
    for (const auto& name : stations)
    {
        auto dev = device(name, false);
        m_wifiInterface[name] = AddInterface(Find(name), dev, "", false);
        m_stations[name] = StationRecorder::Attach(dev);
    }
    m_abstractAps = accessPoints;
    m_abstractStations = stations;
}

void
ScenarioHelper::StartAbstractAccess()
{
    if (!m_attachments)
    {
        throw std::logic_error("ScenarioHelper::StartAbstractAccess: no abstract access");
    }
    for (const auto& name : m_abstractAps)
    {
        m_attachments->AddAccessPoint(DynamicCast<AbstractAccessNetDevice>(m_wifi.at(name)));
    }
    for (const auto& name : m_abstractStations)
    {
        m_attachments->AddStation(DynamicCast<AbstractAccessNetDevice>(m_wifi.at(name)));
    }
    m_attachments->Start(Seconds(0));
}

Ptr<AbstractAccessManager>
ScenarioHelper::GetAbstractAccessManager() const
{
    return m_attachments;
}

Ptr<AbstractAccessChannel>
ScenarioHelper::GetAbstractAccessChannel() const
{
    return m_abstract;
}

Ptr<RangeSpectrumChannel>
ScenarioHelper::GetRangeSpectrumChannel() const
{
    return m_rangeChannel;
}

uint32_t
ScenarioHelper::GetWifiInterface(const std::string& name) const
{
    return FindOrThrow(m_wifiInterface, name, name + " has no WiFi interface");
}

Ptr<NetDevice>
ScenarioHelper::GetWifiDevice(const std::string& name) const
{
    return FindOrThrow(m_wifi, name, name + " has no WiFi device");
}

std::string
ScenarioHelper::GetMacAddress(const std::string& name) const
{
    std::ostringstream os;
    os << Mac48Address::ConvertFrom(GetWifiDevice(name)->GetAddress());
    return os.str();
}

Ptr<StationRecorder>
ScenarioHelper::GetStationRecorder(const std::string& station) const
{
    return FindOrThrow(m_stations, station, station + " is not a WiFi station");
}

Ptr<SolicitationRecorder>
ScenarioHelper::GetSolicitationRecorder(const std::string& accessPoint) const
{
    return FindOrThrow(m_solicitations, accessPoint, accessPoint + " is not an access point");
}

void
ScenarioHelper::SetPosition(const std::string& name, double x, double y)
{
    Ptr<ns3::Node> node = Find(name);
    CheckNoMobility(node);
    Ptr<ConstantPositionMobilityModel> mob = CreateObject<ConstantPositionMobilityModel>();
    mob->SetPosition(Vector(x, y, 0.0));
    node->AggregateObject(mob);
}

void
ScenarioHelper::SetWaypoints(const std::string& name,
                             const std::vector<double>& times,
                             const std::vector<double>& xs,
                             const std::vector<double>& ys)
{
    if (times.size() != xs.size() || times.size() != ys.size() || times.empty())
    {
        throw std::invalid_argument("ScenarioHelper::SetWaypoints: one x and y per time");
    }
    Ptr<ns3::Node> node = Find(name);
    CheckNoMobility(node);
    Ptr<WaypointMobilityModel> mob = CreateObject<WaypointMobilityModel>();
    node->AggregateObject(mob);
    for (std::size_t k = 0; k < times.size(); ++k)
    {
        mob->AddWaypoint(Waypoint(Seconds(times[k]), Vector(xs[k], ys[k], 0.0)));
    }
}

void
ScenarioHelper::SetRandomWaypoint(const std::string& name,
                                  double x0,
                                  double x1,
                                  double y0,
                                  double y1,
                                  double minSpeed,
                                  double maxSpeed,
                                  double pause,
                                  int64_t stream)
{
    auto uniform = [](double a, double b) {
        std::ostringstream os;
        os.precision(17);
        os << "ns3::UniformRandomVariable[Min=" << a << "|Max=" << b << "]";
        return os.str();
    };
    Ptr<ns3::Node> node = Find(name);
    CheckNoMobility(node);
    Ptr<RandomRectanglePositionAllocator> alloc = CreateObject<RandomRectanglePositionAllocator>();
    alloc->SetAttribute("X", StringValue(uniform(x0, x1)));
    alloc->SetAttribute("Y", StringValue(uniform(y0, y1)));
    Ptr<RandomWaypointMobilityModel> mob = CreateObject<RandomWaypointMobilityModel>();
    mob->SetAttribute("Speed", StringValue(uniform(minSpeed, maxSpeed)));
    std::ostringstream constant;
    constant.precision(17);
    constant << "ns3::ConstantRandomVariable[Constant=" << pause << "]";
    mob->SetAttribute("Pause", StringValue(constant.str()));
    mob->SetAttribute("PositionAllocator", PointerValue(alloc));
    // Speed, pause, then the allocator's x and y: four streams from `stream`, fixed before
    // the starting position is drawn.
    mob->AssignStreams(stream);
    mob->SetPosition(alloc->GetNext());
    node->AggregateObject(mob);
}

void
ScenarioHelper::SetGaussMarkov(const std::string& name,
                               double x0,
                               double x1,
                               double y0,
                               double y1,
                               double x,
                               double y,
                               double meanSpeed,
                               double alpha,
                               double step,
                               int64_t stream)
{
    Ptr<ns3::Node> node = Find(name);
    CheckNoMobility(node);
    Ptr<GaussMarkovMobilityModel> mob = CreateObject<GaussMarkovMobilityModel>();
    mob->SetAttribute("Bounds", BoxValue(Box(x0, x1, y0, y1, 0.0, 0.0)));
    mob->SetAttribute("TimeStep", TimeValue(Seconds(step)));
    mob->SetAttribute("Alpha", DoubleValue(alpha));
    std::ostringstream speed;
    speed.precision(17);
    speed << "ns3::ConstantRandomVariable[Constant=" << meanSpeed << "]";
    mob->SetAttribute("MeanVelocity", StringValue(speed.str()));
    mob->SetAttribute("MeanPitch", StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
    mob->SetAttribute("NormalPitch",
                      StringValue("ns3::NormalRandomVariable[Mean=0.0|Variance=0.0|Bound=0.0]"));
    mob->SetPosition(Vector(x, y, 0.0));
    mob->AssignStreams(stream); // six streams: mean and normal of velocity, direction, pitch
    node->AggregateObject(mob);
}

void
ScenarioHelper::AddRouterAdvertisements(const std::string& name,
                                        uint32_t interface,
                                        const std::string& prefix,
                                        uint32_t minIntervalMs,
                                        uint32_t maxIntervalMs,
                                        uint32_t preferredLifetime,
                                        uint32_t validLifetime,
                                        int64_t stream)
{
    Ptr<ns3::Node> node = Find(name);
    CheckInterface(node, interface);
    if (minIntervalMs == 0 || minIntervalMs > maxIntervalMs)
    {
        throw std::invalid_argument("ScenarioHelper::AddRouterAdvertisements: the intervals "
                                    "need 0 < min <= max");
    }
    Ptr<Radvd> radvd = CreateObject<Radvd>();
    Ptr<RadvdInterface> rif = Create<RadvdInterface>(interface, maxIntervalMs, minIntervalMs);
    rif->SetMinDelayBetweenRAs(minIntervalMs);
    rif->AddPrefix(Create<RadvdPrefix>(ParseAddress(prefix, "prefix"),
                                       64,
                                       preferredLifetime,
                                       validLifetime));
    radvd->AddConfiguration(rif);
    radvd->AssignStreams(stream);
    node->AddApplication(radvd);
    radvd->SetStartTime(Seconds(0.0));
    m_radvd.push_back(radvd);
}

void
ScenarioHelper::AddRoute(const std::string& name,
                         const std::string& network,
                         uint32_t length,
                         const std::string& gateway,
                         uint32_t interface)
{
    Ptr<ns3::Node> node = Find(name);
    CheckInterface(node, interface);
    if (length > 128)
    {
        throw std::invalid_argument("ScenarioHelper::AddRoute: prefix length " +
                                    std::to_string(length) + " is above 128");
    }
    StaticRouting(node->GetObject<Ipv6>())
        ->AddNetworkRouteTo(ParseAddress(network, "network"),
                            Ipv6Prefix(static_cast<uint8_t>(length)),
                            ParseAddress(gateway, "gateway"),
                            interface);
}

void
ScenarioHelper::SetDefaultRoute(const std::string& name,
                                const std::string& gateway,
                                uint32_t interface)
{
    Ptr<ns3::Node> node = Find(name);
    CheckInterface(node, interface);
    StaticRouting(node->GetObject<Ipv6>())
        ->SetDefaultRoute(ParseAddress(gateway, "gateway"), interface);
}

void
ScenarioHelper::EnableLinkPcap(uint32_t link, uint32_t end, const std::string& path)
{
    if (link >= m_links.size() || end > 1)
    {
        throw std::out_of_range("ScenarioHelper::EnableLinkPcap: no such link end");
    }
    m_p2p->EnablePcap(path, end == 0 ? m_links[link].first : m_links[link].second, false, true);
}

void
ScenarioHelper::EnableWifiPcap(const std::string& name, const std::string& path)
{
    if (auto dev = DynamicCast<AbstractAccessNetDevice>(GetWifiDevice(name)))
    {
        PcapHelper helper;
        auto file = helper.CreateFile(path, std::ios::out, PcapHelper::DLT_RAW);
        helper.HookDefaultSink<AbstractAccessNetDevice>(dev, "MacTx", file);
        helper.HookDefaultSink<AbstractAccessNetDevice>(dev, "MacRx", file);
        return;
    }
    if (!m_phy)
    {
        throw std::logic_error("ScenarioHelper::EnableWifiPcap: no WiFi installed");
    }
    m_phy->EnablePcap(path, GetWifiDevice(name), false, true);
}

void
ScenarioHelper::EnableNodePcap(Ptr<ns3::Node> node, const std::string& path)
{
    PcapHelper helper;
    auto file = helper.CreateFile(path, std::ios::out, PcapHelper::DLT_PPP);
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        auto dev = DynamicCast<PointToPointNetDevice>(node->GetDevice(i));
        if (dev)
        {
            helper.HookDefaultSink<PointToPointNetDevice>(dev, "PromiscSniffer", file);
        }
    }
}

void
ScenarioHelper::EnableFlowMonitor()
{
    if (m_flowMonitor)
    {
        throw std::logic_error("ScenarioHelper::EnableFlowMonitor: enabled already");
    }
    m_flowMonitor = std::make_unique<FlowMonitorHelper>();
    InstallFlowProbes(*m_flowMonitor, m_all);
}

std::string
ScenarioHelper::GetFlowMonitorJson()
{
    if (!m_flowMonitor)
    {
        return "[]";
    }
    return FlowMonitorJson(*m_flowMonitor);
}

Ptr<PathLengthProbe>
ScenarioHelper::InstallPathProbe()
{
    if (m_probe)
    {
        throw std::logic_error("ScenarioHelper::InstallPathProbe: installed already");
    }
    m_probe = CreateObject<PathLengthProbe>();
    for (uint32_t k = 0; k < m_all.GetN(); ++k)
    {
        m_probe->Install(m_all.Get(k));
    }
    return m_probe;
}

uint32_t
ScenarioHelper::AddUdpCbr(const std::string& source,
                          const std::string& receiver,
                          const std::string& destination,
                          uint16_t port,
                          uint32_t size,
                          double intervalSeconds,
                          double start,
                          double stop)
{
    // UdpClient writes a 12-octet SeqTsHeader into every packet.
    if (size < 12 || !(intervalSeconds > 0) || !(start >= 0))
    {
        throw std::invalid_argument("ScenarioHelper::AddUdpCbr: needs a size of at least 12 "
                                    "octets, a positive interval and a start time >= 0");
    }
    Ptr<ns3::Node> src = Find(source);
    Ptr<Application> client =
        UdpClientHelper(SocketAddress("::", port)).Install(src).Get(0);
    client->SetAttribute("MaxPackets", UintegerValue(0));
    client->SetAttribute("PacketSize", UintegerValue(size));
    client->SetAttribute("Interval", TimeValue(Seconds(intervalSeconds)));
    return AddUdpSession(client, src, receiver, destination, port, 0, start, stop);
}

uint32_t
ScenarioHelper::AddUdpSession(Ptr<Application> source,
                              Ptr<ns3::Node> sourceNode,
                              const std::string& receiver,
                              const std::string& destination,
                              uint16_t port,
                              uint32_t sequenceOffset,
                              double start,
                              double stop)
{
    source->SetStartTime(Seconds(start));
    if (stop >= 0)
    {
        source->SetStopTime(Seconds(stop));
    }
    Ptr<Application> sink = PacketSinkHelper("ns3::UdpSocketFactory", SocketAddress("::", port))
                                .Install(Find(receiver))
                                .Get(0);
    sink->SetStartTime(Seconds(0.0));
    Session session{source,
                    port,
                    PacketRecorder::Attach(sink, "Rx", true),
                    TxCounter::Attach(source, "Tx")};
    session.rx->SetSequenceOffset(sequenceOffset);
    if (m_probe)
    {
        m_probe->TrackUdp(sourceNode, port);
        session.rx->SetProbe(m_probe);
    }
    m_sessions.push_back(session);
    if (!destination.empty())
    {
        SetRemote(m_sessions.size() - 1, destination);
    }
    return m_sessions.size() - 1;
}

uint32_t
ScenarioHelper::AddUdpOnOff(const std::string& source,
                            const std::string& receiver,
                            const std::string& destination,
                            uint16_t port,
                            uint32_t size,
                            double rateBps,
                            const std::string& onTime,
                            const std::string& offTime,
                            double start,
                            double stop,
                            int64_t stream)
{
    // OnOffApplication writes a 20-octet SeqTsSizeHeader (size, sequence, time) first.
    if (size < 20 || !(rateBps >= 1) || !(start >= 0))
    {
        throw std::invalid_argument("ScenarioHelper::AddUdpOnOff: needs a size of at least "
                                    "20 octets, a rate of at least 1 bit/s and a start >= 0");
    }
    Ptr<ns3::Node> src = Find(source);
    OnOffHelper onOff("ns3::UdpSocketFactory", SocketAddress("::", port));
    onOff.SetAttribute("DataRate", DataRateValue(DataRate(static_cast<uint64_t>(rateBps))));
    onOff.SetAttribute("PacketSize", UintegerValue(size));
    onOff.SetAttribute("EnableSeqTsSizeHeader", BooleanValue(true));
    for (const auto& [name, text] : {std::pair{"OnTime", onTime}, std::pair{"OffTime", offTime}})
    {
        // ns-3 aborts on an unknown TypeId: check the type before the text is parsed.
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(text.substr(0, text.find('[')), &tid) ||
            !tid.IsChildOf(RandomVariableStream::GetTypeId()))
        {
            throw std::invalid_argument(std::string("ScenarioHelper::AddUdpOnOff: ") + name +
                                        " is not a RandomVariableStream: " + text);
        }
        onOff.SetAttribute(name, StringValue(text));
    }
    Ptr<Application> app = onOff.Install(src).Get(0);
    // Its on and off periods from streams of its own: the same draws whatever ran before.
    app->AssignStreams(stream);
    // The header's 64-bit size comes before the sequence number and time.
    return AddUdpSession(app, src, receiver, destination, port, 8, start, stop);
}

uint32_t
ScenarioHelper::AddTcpBulk(const std::string& source,
                           const std::string& receiver,
                           const std::string& destination,
                           uint16_t port,
                           uint32_t sendSize,
                           uint64_t maxBytes,
                           double start,
                           double stop)
{
    if (!(start >= 0))
    {
        throw std::invalid_argument("ScenarioHelper::AddTcpBulk: a start time >= 0");
    }
    Ptr<Application> bulk = BulkSendHelper("ns3::TcpSocketFactory", SocketAddress("::", port))
                                .Install(Find(source))
                                .Get(0);
    bulk->SetAttribute("SendSize", UintegerValue(sendSize));
    bulk->SetAttribute("MaxBytes", UintegerValue(maxBytes));
    bulk->SetStartTime(Seconds(start));
    if (stop >= 0)
    {
        bulk->SetStopTime(Seconds(stop));
    }
    Ptr<Application> sink = PacketSinkHelper("ns3::TcpSocketFactory", SocketAddress("::", port))
                                .Install(Find(receiver))
                                .Get(0);
    sink->SetStartTime(Seconds(0.0));
    m_sessions.push_back(
        Session{bulk, port, PacketRecorder::Attach(sink, "Rx", false), TxCounter::Attach(bulk, "Tx")});
    if (!destination.empty())
    {
        SetRemote(m_sessions.size() - 1, destination);
    }
    return m_sessions.size() - 1;
}

void
ScenarioHelper::SetRemote(uint32_t session, const std::string& destination)
{
    if (session >= m_sessions.size())
    {
        throw std::out_of_range("ScenarioHelper::SetRemote: no session " +
                                std::to_string(session));
    }
    const Session& s = m_sessions[session];
    s.source->SetAttribute("Remote", AddressValue(SocketAddress(destination, s.port)));
}

Ptr<PacketRecorder>
ScenarioHelper::GetRxRecorder(uint32_t session) const
{
    return m_sessions.at(session).rx;
}

Ptr<TxCounter>
ScenarioHelper::GetTxCounter(uint32_t session) const
{
    return m_sessions.at(session).tx;
}

void
ScenarioHelper::Run(double stopSeconds, uint32_t seed, uint64_t run)
{
    const Time now = Simulator::Now();
    if (Seconds(stopSeconds) <= now)
    {
        throw std::invalid_argument("ScenarioHelper::Run: the stop time is not after now");
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Simulator::Stop(Seconds(stopSeconds) - now);
    Simulator::Run();
    m_ran = true;
}

void
ScenarioHelper::Destroy()
{
    if (!m_ran && !m_radvd.empty())
    {
        // Radvd crashes when disposed without having started.
        Simulator::Stop(NanoSeconds(1));
        Simulator::Run();
    }
    for (auto& session : m_sessions)
    {
        session.rx->SetProbe(nullptr);
    }
    m_sessions.clear();
    m_probe = nullptr;
    m_flowMonitor.reset();
    m_stations.clear();
    m_solicitations.clear();
    m_radvd.clear();
    m_wifi.clear();
    if (m_attachments)
    {
        m_attachments->Dispose();
    }
    m_attachments = nullptr;
    m_abstract = nullptr;
    m_rangeChannel = nullptr;
    m_links.clear();
    m_phy.reset();
    m_nodes.clear();
    m_all = NodeContainer();
    Simulator::Destroy();
}

} // namespace dmm
} // namespace ns3
