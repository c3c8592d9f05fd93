"""C++ helpers of the scenario layer, compiled by cppyy once per process.

Everything that runs per packet or per WiFi event stays in C++ here: association recorders,
transmit counters, the WiFi installation (its helpers take variadic attribute lists, which are
awkward through cppyy) and the FlowMonitor read-out. :func:`shims` defines them on first use.
"""

from __future__ import annotations

import threading
from typing import Any

from ns3dmm._loader import load

_defined = False
_lock = threading.Lock()

_CODE = r"""
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/wifi-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
namespace ns3dmm_scenario {

inline std::string MacToString(const ns3::Address& a) {
    std::ostringstream os;
    os << ns3::Mac48Address::ConvertFrom(a);
    return os.str();
}
inline std::string Ipv6ToString(const ns3::Ipv6Address& a) {
    std::ostringstream os;
    os << a;
    return os.str();
}

// Association and de-association events of one station (StaWifiMac Assoc / DeAssoc).
struct AssocRecorder {
    std::vector<double> times;
    std::vector<std::string> bssids;
    std::vector<int> associated;  // 1: Assoc, 0: DeAssoc
    size_t Count(bool assoc) const {
        size_t n = 0;
        for (int a : associated) n += (a != 0) == assoc;
        return n;
    }
};
inline std::shared_ptr<AssocRecorder> RecordAssociations(ns3::Ptr<ns3::NetDevice> device) {
    auto rec = std::make_shared<AssocRecorder>();
    auto dev = ns3::DynamicCast<ns3::WifiNetDevice>(device);
    if (!dev) throw std::invalid_argument("not a WifiNetDevice");
    auto mac = dev->GetMac();
    auto on = [rec](int kind) {
        return ns3::Callback<void, ns3::Mac48Address>([rec, kind](ns3::Mac48Address bssid) {
            std::ostringstream os;
            os << bssid;
            rec->times.push_back(ns3::Simulator::Now().GetSeconds());
            rec->bssids.push_back(os.str());
            rec->associated.push_back(kind);
        });
    };
    if (!mac->TraceConnectWithoutContext("Assoc", on(1)) ||
        !mac->TraceConnectWithoutContext("DeAssoc", on(0))) {
        throw std::invalid_argument("the device's MAC has no Assoc/DeAssoc trace (not a station?)");
    }
    return rec;
}

// Packets an application hands to its socket (its Tx(Ptr<const Packet>) trace).
struct TxCounter {
    uint64_t packets = 0;
    uint64_t bytes = 0;
    double first = -1.0;
    double last = -1.0;
};
inline std::shared_ptr<TxCounter> CountTx(ns3::Ptr<ns3::Object> app, const std::string& trace) {
    auto rec = std::make_shared<TxCounter>();
    using PacketPtr = ns3::Ptr<const ns3::Packet>;
    auto cb = ns3::Callback<void, PacketPtr>([rec](PacketPtr p) {
        double now = ns3::Simulator::Now().GetSeconds();
        if (rec->packets == 0) rec->first = now;
        rec->last = now;
        rec->packets += 1;
        rec->bytes += p->GetSize();
    });
    if (!app->TraceConnectWithoutContext(trace, cb)) {
        throw std::invalid_argument("no trace source " + trace);
    }
    return rec;
}

// WiFi: one YansWifiChannel (log-distance loss), APs and stations on one SSID and one channel.
struct WifiParams {
    std::string standard = "80211a";
    std::string channelSettings = "{36, 20, BAND_5GHZ, 0}";
    std::string ssid = "dmm";
    std::string stationManager = "ns3::IdealWifiManager";
    double beaconIntervalUs = 102400;
    uint32_t maxMissedBeacons = 3;
    bool activeProbing = true;
    double txPowerDbm = 16.0206;
    double exponent = 3.0;
    double referenceDistance = 1.0;
    double referenceLossDb = 46.6777;
};
struct WifiSetup {
    ns3::YansWifiPhyHelper phy;
    ns3::Ptr<ns3::YansWifiChannel> channel;
    ns3::NetDeviceContainer aps;
    ns3::NetDeviceContainer stas;
};
inline ns3::WifiStandard ParseStandard(const std::string& s) {
    if (s == "80211a") return ns3::WIFI_STANDARD_80211a;
    if (s == "80211n") return ns3::WIFI_STANDARD_80211n;
    if (s == "80211ac") return ns3::WIFI_STANDARD_80211ac;
    throw std::invalid_argument("unsupported WiFi standard " + s);
}
inline std::shared_ptr<WifiSetup> InstallWifi(const WifiParams& p, ns3::NodeContainer apNodes,
                                              ns3::NodeContainer staNodes, int64_t stream) {
    using namespace ns3;
    auto setup = std::make_shared<WifiSetup>();
    YansWifiChannelHelper channelHelper;
    channelHelper.SetPropagationDelay("ns3::ConstantSpeedPropagationDelayModel");
    channelHelper.AddPropagationLoss("ns3::LogDistancePropagationLossModel",
                                     "Exponent", DoubleValue(p.exponent),
                                     "ReferenceDistance", DoubleValue(p.referenceDistance),
                                     "ReferenceLoss", DoubleValue(p.referenceLossDb));
    setup->channel = channelHelper.Create();
    setup->phy.SetChannel(setup->channel);
    setup->phy.Set("ChannelSettings", StringValue(p.channelSettings));
    setup->phy.Set("TxPowerStart", DoubleValue(p.txPowerDbm));
    setup->phy.Set("TxPowerEnd", DoubleValue(p.txPowerDbm));
    setup->phy.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    WifiHelper wifi;
    wifi.SetStandard(ParseStandard(p.standard));
    wifi.SetRemoteStationManager(p.stationManager);
    WifiMacHelper mac;
    Ssid ssid(p.ssid);
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid),
                "BeaconInterval",
                TimeValue(MicroSeconds(static_cast<int64_t>(p.beaconIntervalUs))));
    setup->aps = wifi.Install(setup->phy, mac, apNodes);
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid),
                "ActiveProbing", BooleanValue(p.activeProbing),
                "MaxMissedBeacons", UintegerValue(p.maxMissedBeacons));
    setup->stas = wifi.Install(setup->phy, mac, staNodes);
    stream += wifi.AssignStreams(setup->aps, stream);
    wifi.AssignStreams(setup->stas, stream);
    return setup;
}

// Per-flow FlowMonitor statistics with the IPv6 five-tuple.
struct FlowRow {
    uint32_t id;
    std::string source;
    std::string destination;
    uint32_t protocol;
    uint32_t sourcePort;
    uint32_t destinationPort;
    uint64_t txPackets;
    uint64_t rxPackets;
    uint64_t txBytes;
    uint64_t rxBytes;
    uint64_t lostPackets;
    double delaySum;
    double jitterSum;
    double firstTx;
    double lastRx;
};
inline std::vector<FlowRow> FlowRows(ns3::FlowMonitorHelper& helper) {
    using namespace ns3;
    std::vector<FlowRow> rows;
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    if (!monitor) return rows;
    monitor->CheckForLostPackets();
    auto classifier = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6());
    for (const auto& [id, s] : monitor->GetFlowStats()) {
        FlowRow r{};
        r.id = id;
        if (classifier) {
            auto t = classifier->FindFlow(id);
            r.source = Ipv6ToString(t.sourceAddress);
            r.destination = Ipv6ToString(t.destinationAddress);
            r.protocol = t.protocol;
            r.sourcePort = t.sourcePort;
            r.destinationPort = t.destinationPort;
        }
        r.txPackets = s.txPackets;
        r.rxPackets = s.rxPackets;
        r.txBytes = s.txBytes;
        r.rxBytes = s.rxBytes;
        r.lostPackets = s.lostPackets;
        r.delaySum = s.delaySum.GetSeconds();
        r.jitterSum = s.jitterSum.GetSeconds();
        r.firstTx = s.timeFirstTxPacket.GetSeconds();
        r.lastRx = s.timeLastRxPacket.GetSeconds();
        rows.push_back(r);
    }
    return rows;
}

// Global unicast addresses of one interface, as text.
inline std::vector<std::string> GlobalAddresses(ns3::Ptr<ns3::Node> node, uint32_t interface) {
    std::vector<std::string> out;
    auto ipv6 = node->GetObject<ns3::Ipv6>();
    for (uint32_t k = 0; k < ipv6->GetNAddresses(interface); ++k) {
        auto a = ipv6->GetAddress(interface, k);
        if (a.GetScope() == ns3::Ipv6InterfaceAddress::GLOBAL) {
            out.push_back(Ipv6ToString(a.GetAddress()));
        }
    }
    return out;
}

// Periodic snapshots of an interface's global addresses, taken in C++ (no Python per sample).
struct AddressSampler {
    std::vector<double> times;
    std::vector<std::vector<std::string>> addresses;
};
inline void SampleAddresses(std::shared_ptr<AddressSampler> s, ns3::Ptr<ns3::Node> node,
                            uint32_t interface, double period, double until) {
    s->times.push_back(ns3::Simulator::Now().GetSeconds());
    s->addresses.push_back(GlobalAddresses(node, interface));
    if (ns3::Simulator::Now().GetSeconds() + period <= until + 1e-9) {
        ns3::Simulator::Schedule(ns3::Seconds(period), &SampleAddresses, s, node, interface,
                                 period, until);
    }
}
// Samples from `start` every `period` seconds until `until` (simulated seconds).
inline std::shared_ptr<AddressSampler> StartAddressSampler(ns3::Ptr<ns3::Node> node,
                                                           uint32_t interface, double start,
                                                           double period, double until) {
    auto s = std::make_shared<AddressSampler>();
    ns3::Simulator::Schedule(ns3::Seconds(start), &SampleAddresses, s, node, interface, period,
                             until);
    return s;
}

// Size of a binding table after every change (and when recording starts), in C++.
struct SizeSeries {
    std::vector<double> times;
    std::vector<uint32_t> sizes;
};
// Samples `size` of `object` whenever one of its two trace sources (signature Args) fires.
template <class T, class... Args>
std::shared_ptr<SizeSeries> RecordSize(ns3::Ptr<T> object, uint32_t (T::*size)() const,
                                       const std::string& added, const std::string& removed) {
    auto s = std::make_shared<SizeSeries>();
    T* raw = ns3::PeekPointer(object);
    auto sample = [s, raw, size]() {
        s->times.push_back(ns3::Simulator::Now().GetSeconds());
        s->sizes.push_back((raw->*size)());
    };
    sample();
    auto cb = ns3::Callback<void, Args...>([sample](Args...) { sample(); });
    if (!object->TraceConnectWithoutContext(added, cb) ||
        !object->TraceConnectWithoutContext(removed, cb)) {
        throw std::invalid_argument("no trace source " + added + " or " + removed);
    }
    return s;
}
// The location management function's binding database: BindingAdded / BindingRemoved.
inline std::shared_ptr<SizeSeries> RecordBindingTable(ns3::Ptr<ns3::dmm::LocationManagement> lm) {
    return RecordSize<ns3::dmm::LocationManagement, const ns3::Ipv6Address&, uint8_t,
                      const ns3::Ipv6Address&>(lm, &ns3::dmm::LocationManagement::GetNBindings,
                                               "BindingAdded", "BindingRemoved");
}
// A proxy's registered mobile nodes (its binding update list): Registered / Detached.
inline std::shared_ptr<SizeSeries> RecordProxyTable(ns3::Ptr<ns3::dmm::Proxy> proxy) {
    return RecordSize<ns3::dmm::Proxy, const std::string&, const ns3::Ipv6Address&>(
        proxy, &ns3::dmm::Proxy::GetNRegistered, "Registered", "Detached");
}

// Times a node's Mobility Header layer sends messages of one MH type (its Tx trace).
struct EventTimes {
    std::vector<double> times;
};
inline std::shared_ptr<EventTimes> RecordMhTx(ns3::Ptr<ns3::dmm::MobilityL4Protocol> l4,
                                              uint8_t mhType) {
    auto rec = std::make_shared<EventTimes>();
    auto cb = ns3::Callback<void, ns3::Ptr<const ns3::Packet>, const ns3::Ipv6Address&,
                            const ns3::Ipv6Address&>(
        [rec, mhType](ns3::Ptr<const ns3::Packet> p, const ns3::Ipv6Address&,
                      const ns3::Ipv6Address&) {
            uint8_t head[3];
            if (p->CopyData(head, 3) == 3 && head[2] == mhType) {
                rec->times.push_back(ns3::Simulator::Now().GetSeconds());
            }
        });
    if (!l4->TraceConnectWithoutContext("Tx", cb)) {
        throw std::invalid_argument("MobilityL4Protocol has no Tx trace");
    }
    return rec;
}
}  // namespace ns3dmm_scenario
"""


def shims() -> Any:
    """The ``ns3dmm_scenario`` C++ namespace (defined on first call, exactly once)."""
    global _defined
    load()
    import cppyy  # noqa: PLC0415

    with _lock:
        if not _defined:
            cppyy.cppdef(_CODE)
            _defined = True
    return cppyy.gbl.ns3dmm_scenario
