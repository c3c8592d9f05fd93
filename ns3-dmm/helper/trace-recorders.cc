/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "trace-recorders.h"

#include "json-writer.h"
#include "wire-helper.h"

#include "ns3/abstract-access.h"
#include "ns3/callback.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/ipv6-tunnel-l4-protocol.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-node-flow-probe.h"
#include "ns3/ipv6.h"
#include "ns3/location-management.h"
#include "ns3/correspondent-registration.h"
#include "ns3/mobile-node-agent.h"
#include "ns3/mobility-header.h"
#include "ns3/mobility-l4-protocol.h"
#include "ns3/neighbor-discovery.h"
#include "ns3/path-length-probe.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/proxy.h"
#include "ns3/simulator.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/wifi-mac-queue.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

namespace
{

/// @param value an address @return it as text
template <class T>
std::string
Text(const T& value)
{
    std::ostringstream os;
    os << value;
    return os.str();
}

/// @return the simulated time now, in seconds
double
Now()
{
    return Simulator::Now().GetSeconds();
}

} // namespace

// ---------------------------------------------------------------------- PacketRecorder

Ptr<PacketRecorder>
PacketRecorder::Attach(Ptr<Object> app, const std::string& trace, bool seqTs)
{
    // The callbacks hold the recorder: it lives as long as the traced object.
    Ptr<PacketRecorder> rec = Create<PacketRecorder>();
    rec->m_seqTs = seqTs;
    auto sink = Callback<void, Ptr<const Packet>, const Address&>(
        [rec](Ptr<const Packet> p, const Address& a) { rec->Record(p, a); });
    if (!app || !app->TraceConnectWithoutContext(trace, sink))
    {
        throw std::invalid_argument("PacketRecorder: no trace source " + trace);
    }
    return rec;
}

void
PacketRecorder::SetProbe(Ptr<PathLengthProbe> probe)
{
    m_probe = probe;
}

void
PacketRecorder::SetSequenceOffset(uint32_t offset)
{
    if (offset > 8)
    {
        throw std::invalid_argument("PacketRecorder::SetSequenceOffset: at most 8 octets");
    }
    m_seqTsOffset = offset;
}

void
PacketRecorder::Record(Ptr<const Packet> packet, const Address& from)
{
    Arrival a{Now(), packet->GetSize(), UINT32_MAX, std::numeric_limits<double>::quiet_NaN(),
              -1, 0, 0, 0};
    if (m_probe)
    {
        const PathLengthProbe::Path path = m_probe->TakePath(packet->GetUid());
        a.hops = path.hops;
        a.waypoints = path.waypoints;
        a.tunnelled = path.tunnelled ? 1 : 0;
        a.octets = path.octets;
    }
    if (firstPayloads.size() < keepPayloads)
    {
        firstPayloads.push_back(PacketToHex(packet));
    }
    // A SeqTsHeader: sequence number (32 bits) and send time (64 bits, the Time's integer
    // value), at the start of UdpClient payloads, after the size in SeqTsSizeHeader.
    if (m_seqTs)
    {
        uint8_t buffer[20];
        const uint32_t want = m_seqTsOffset + 12;
        const uint8_t* head = buffer + m_seqTsOffset;
        if (packet->GetSize() >= want && packet->CopyData(buffer, want) == want)
        {
            uint32_t seq = 0;
            uint64_t ts = 0;
            for (int k = 0; k < 4; ++k)
            {
                seq = (seq << 8) | head[k];
            }
            for (int k = 4; k < 12; ++k)
            {
                ts = (ts << 8) | head[k];
            }
            a.sequence = seq;
            a.delay = a.time - Time(static_cast<int64_t>(ts)).GetSeconds();
        }
    }
    if (!m_aggregate)
    {
        Keep(a);
        return;
    }
    Count(a);
    m_lastKept = m_keepNext;
    if (m_keepNext)
    {
        Keep(a);
        m_keepNext = false;
    }
    m_last = a;
    m_hasLast = true;
}

void
PacketRecorder::Keep(const Arrival& a)
{
    times.push_back(a.time);
    sizes.push_back(a.size);
    if (m_probe)
    {
        hops.push_back(a.hops);
        waypoints.push_back(a.waypoints);
        tunnelled.push_back(a.tunnelled);
        octets.push_back(a.octets);
    }
    if (m_seqTs)
    {
        sequences.push_back(a.sequence);
        delays.push_back(a.delay);
    }
}

bool
PacketRecorder::Seen(uint32_t sequence)
{
    constexpr uint32_t dense = 1U << 26;
    if (sequence >= dense)
    {
        return !m_seenHigh.insert(sequence).second;
    }
    if (sequence >= m_seen.size())
    {
        m_seen.resize(std::min<std::size_t>(dense, std::max<std::size_t>(sequence + 1,
                                                                          2 * m_seen.size())));
    }
    const bool before = m_seen[sequence];
    m_seen[sequence] = true;
    return before;
}

void
PacketRecorder::Count(const Arrival& a)
{
    if (m_received == 0)
    {
        m_firstTime = a.time;
    }
    m_received += 1;
    m_octetsReceived += a.size;
    m_aggregate->Add(a.time, a.size, a.delay);
    if (a.hops >= 0)
    {
        const auto links = static_cast<uint64_t>(a.hops);
        m_followed += 1;
        m_followedOctets += a.size;
        m_followedLinks += links;
        m_followedSizeLinks += static_cast<uint64_t>(a.size) * links;
        m_linkOctets += a.octets;
        if (!m_segments.empty())
        {
            Segment& s = m_segments.back();
            s.packets += 1;
            s.hops += links;
            s.minHops = s.minHops < 0 ? a.hops : std::min(s.minHops, a.hops);
            s.maxHops = std::max(s.maxHops, a.hops);
            s.tunnelled += a.tunnelled;
            s.crossed[a.waypoints] += 1;
        }
    }
    if (!m_seqTs)
    {
        return;
    }
    if (a.sequence == UINT32_MAX)
    {
        m_unsequenced += 1;
        return;
    }
    if (Seen(a.sequence))
    {
        m_duplicateTimes.push_back(a.time);
    }
    else
    {
        m_unique += 1;
    }
    if (a.sequence == 0 && m_firstDelay < 0)
    {
        m_firstDelay = a.delay;
    }
    else if (a.sequence > 0 && a.sequence <= kFirstWindow)
    {
        m_window.push_back(a.delay);
    }
    if (m_delays > 0)
    {
        m_jitterSum += std::abs(a.delay - m_previousDelay);
        m_jitters += 1;
        m_delayMin = std::min(m_delayMin, a.delay);
        m_delayMax = std::max(m_delayMax, a.delay);
    }
    else
    {
        m_delayMin = m_delayMax = a.delay;
    }
    m_delays += 1;
    m_delaySum += a.delay;
    m_previousDelay = a.delay;
}

void
PacketRecorder::SetBounded(Ptr<ArrivalAggregate> aggregate)
{
    if (!aggregate)
    {
        throw std::invalid_argument("PacketRecorder::SetBounded: no aggregate");
    }
    if (!times.empty() || m_received > 0)
    {
        throw std::invalid_argument("PacketRecorder::SetBounded: packets already recorded");
    }
    m_aggregate = aggregate;
}

bool
PacketRecorder::IsBounded() const
{
    return static_cast<bool>(m_aggregate);
}

void
PacketRecorder::Follow(Ptr<StationRecorder> station, bool receiver)
{
    if (!station)
    {
        throw std::invalid_argument("PacketRecorder::Follow: no station");
    }
    Ptr<PacketRecorder> self(this);
    station->AddListener(
        Callback<void, bool>([self, receiver](bool up) { self->Mark(receiver, up); }));
}

void
PacketRecorder::Mark(bool receiver, bool associated)
{
    if (!m_aggregate)
    {
        return;
    }
    if (receiver)
    {
        if (m_hasLast && !m_lastKept)
        {
            Keep(m_last);
            m_lastKept = true;
        }
        m_keepNext = true;
    }
    if (associated)
    {
        Segment opened;
        opened.from = Now();
        m_segments.push_back(opened);
    }
}

uint64_t
PacketRecorder::CountMissing(uint32_t after, uint32_t before) const
{
    if (!m_aggregate)
    {
        throw std::logic_error("PacketRecorder::CountMissing: not bounded");
    }
    if (before <= after + 1)
    {
        return 0;
    }
    uint64_t seen = 0;
    const uint64_t dense = std::min<uint64_t>(before, m_seen.size());
    for (uint64_t q = uint64_t{after} + 1; q < dense; ++q)
    {
        seen += m_seen[q] ? 1 : 0;
    }
    seen += std::distance(m_seenHigh.upper_bound(after), m_seenHigh.lower_bound(before));
    return uint64_t{before} - after - 1 - seen;
}

std::string
PacketRecorder::GetJson() const
{
    JsonWriter w;
    w.BeginObject().Key("times").Array(times).Key("sizes").BeginArray();
    for (uint32_t s : sizes)
    {
        w.Value(s);
    }
    w.EndArray().Key("sequences").BeginArray();
    for (uint32_t s : sequences)
    {
        w.Value(s);
    }
    w.EndArray().Key("delays").Array(delays).Key("hops").BeginArray();
    for (int32_t h : hops)
    {
        w.Value(h);
    }
    w.EndArray().Key("waypoints").BeginArray();
    for (uint64_t b : waypoints)
    {
        w.Value(b);
    }
    w.EndArray().Key("tunnelled").BeginArray();
    for (uint8_t t : tunnelled)
    {
        w.Value(static_cast<uint32_t>(t));
    }
    w.EndArray().Key("octets").BeginArray();
    for (uint64_t o : octets)
    {
        w.Value(o);
    }
    w.EndArray();
    if (m_aggregate)
    {
        w.Key("summary")
            .BeginObject()
            .Key("received")
            .Value(m_received)
            .Key("octets")
            .Value(m_octetsReceived)
            .Key("first_s");
        m_received > 0 ? w.Value(m_firstTime) : w.Null();
        w.Key("last_s");
        m_received > 0 ? w.Value(m_last.time) : w.Null();
        w.Key("unique")
            .Value(m_unique)
            .Key("unsequenced")
            .Value(m_unsequenced)
            .Key("delays")
            .Value(m_delays)
            .Key("delay_sum_s")
            .Value(m_delaySum)
            .Key("delay_min_s");
        m_delays > 0 ? w.Value(m_delayMin) : w.Null();
        w.Key("delay_max_s");
        m_delays > 0 ? w.Value(m_delayMax) : w.Null();
        w.Key("jitter_sum_s").Value(m_jitterSum).Key("jitters").Value(m_jitters);
        w.Key("first_delay_s");
        m_firstDelay >= 0 ? w.Value(m_firstDelay) : w.Null();
        w.Key("window_delays_s")
            .Array(m_window)
            .Key("followed")
            .Value(m_followed)
            .Key("followed_octets")
            .Value(m_followedOctets)
            .Key("followed_links")
            .Value(m_followedLinks)
            .Key("followed_size_links")
            .Value(m_followedSizeLinks)
            .Key("link_octets")
            .Value(m_linkOctets)
            .EndObject()
            .Key("duplicate_times")
            .Array(m_duplicateTimes)
            .Key("segments")
            .BeginArray();
        for (const Segment& s : m_segments)
        {
            w.BeginObject()
                .Key("from_s")
                .Value(s.from)
                .Key("packets")
                .Value(s.packets)
                .Key("hops")
                .Value(s.hops)
                .Key("min_hops")
                .Value(s.minHops)
                .Key("max_hops")
                .Value(s.maxHops)
                .Key("tunnelled")
                .Value(s.tunnelled)
                .Key("crossed")
                .BeginArray();
            for (const auto& [bits, count] : s.crossed)
            {
                w.BeginArray().Value(bits).Value(count).EndArray();
            }
            w.EndArray().EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    return w.Str();
}

// ---------------------------------------------------------------------- ArrivalAggregate

ArrivalAggregate::ArrivalAggregate(double binSeconds)
    : m_bin(binSeconds)
{
    if (!(binSeconds > 0) || !std::isfinite(binSeconds))
    {
        throw std::invalid_argument("ArrivalAggregate: the bin width must be positive and "
                                    "finite");
    }
    m_histogram.assign(kBinsPerDecade * kDecades, 0);
}

Ptr<ArrivalAggregate>
ArrivalAggregate::New(double binSeconds)
{
    return Create<ArrivalAggregate>(binSeconds);
}

void
ArrivalAggregate::Add(double time, uint32_t size, double delay)
{
    const double b = std::floor(time / m_bin);
    if (b < 0 || b >= kMaxBins)
    {
        m_after += 1;
    }
    else
    {
        const auto k = static_cast<std::size_t>(b);
        if (k >= m_octets.size())
        {
            const std::size_t bins = std::max(k + 1, 2 * m_octets.size());
            m_octets.resize(bins, 0);
            m_packets.resize(bins, 0);
            m_delayed.resize(bins, 0);
            m_delaySum.resize(bins, 0.0);
        }
        m_last = std::max(m_last, k + 1);
        m_octets[k] += size;
        m_packets[k] += 1;
        if (!std::isnan(delay))
        {
            m_delayed[k] += 1;
            m_delaySum[k] += delay;
        }
    }
    if (std::isnan(delay))
    {
        return;
    }
    if (delay < kHistogramLow)
    {
        m_below += 1;
        return;
    }
    const double h = std::floor(std::log10(delay / kHistogramLow) * kBinsPerDecade);
    if (h >= static_cast<double>(m_histogram.size()))
    {
        m_above += 1;
    }
    else
    {
        m_histogram[static_cast<std::size_t>(h)] += 1;
    }
}

std::string
ArrivalAggregate::GetJson() const
{
    JsonWriter w;
    auto integers = [&w](const std::vector<uint64_t>& values, std::size_t n) {
        w.BeginArray();
        for (std::size_t k = 0; k < n; ++k)
        {
            w.Value(values[k]);
        }
        w.EndArray();
    };
    w.BeginObject().Key("bin_s").Value(m_bin).Key("octets");
    integers(m_octets, m_last);
    w.Key("packets");
    integers(m_packets, m_last);
    w.Key("delayed");
    integers(m_delayed, m_last);
    w.Key("delay_sum_s")
        .Array(std::vector<double>(m_delaySum.begin(), m_delaySum.begin() + m_last))
        .Key("after")
        .Value(m_after);
    std::vector<double> edges;
    for (uint32_t k = 0; k <= m_histogram.size(); ++k)
    {
        edges.push_back(kHistogramLow * std::pow(10.0, static_cast<double>(k) / kBinsPerDecade));
    }
    w.Key("delay_histogram").BeginObject().Key("edges_s").Array(edges).Key("counts");
    integers(m_histogram, m_histogram.size());
    w.Key("below").Value(m_below).Key("above").Value(m_above).EndObject().EndObject();
    return w.Str();
}

// ---------------------------------------------------------------------- TxCounter

Ptr<TxCounter>
TxCounter::Attach(Ptr<Object> app, const std::string& trace)
{
    Ptr<TxCounter> rec = Create<TxCounter>();
    auto sink = Callback<void, Ptr<const Packet>>([rec](Ptr<const Packet> p) {
        const double now = Now();
        if (rec->packets == 0)
        {
            rec->first = now;
        }
        rec->last = now;
        rec->packets += 1;
        rec->bytes += p->GetSize();
    });
    if (!app || !app->TraceConnectWithoutContext(trace, sink))
    {
        throw std::invalid_argument("TxCounter: no trace source " + trace);
    }
    return rec;
}

// ---------------------------------------------------------------------- StationRecorder

Ptr<StationRecorder>
StationRecorder::Attach(Ptr<NetDevice> device)
{
    Ptr<StationRecorder> rec = Create<StationRecorder>();
    auto on = [rec](bool up) {
        return Callback<void, Mac48Address>([rec, up](Mac48Address b) { rec->Event(b, up); });
    };
    if (auto abstract = DynamicCast<AbstractAccessNetDevice>(device))
    {
        if (abstract->IsAccessPoint())
        {
            throw std::invalid_argument("StationRecorder: an access point's device");
        }
        abstract->TraceConnectWithoutContext("Assoc", on(true));
        abstract->TraceConnectWithoutContext("DeAssoc", on(false));
        return rec; // no beacons: a detachment's last beacon is unknown
    }
    auto wifi = DynamicCast<WifiNetDevice>(device);
    if (!wifi)
    {
        throw std::invalid_argument("StationRecorder: not a WifiNetDevice");
    }
    Ptr<WifiMac> mac = wifi->GetMac();
    if (!mac->TraceConnectWithoutContext("Assoc", on(true)) ||
        !mac->TraceConnectWithoutContext("DeAssoc", on(false)) ||
        !mac->TraceConnectWithoutContext("BeaconArrival",
                                         Callback<void, Time>([rec](Time t) { rec->Beacon(t); })))
    {
        throw std::invalid_argument("StationRecorder: the device's MAC is not a station's");
    }
    return rec;
}

void
StationRecorder::Beacon(Time time)
{
    m_lastBeacon = time.GetSeconds();
}

void
StationRecorder::Event(Mac48Address bssid, bool up)
{
    times.push_back(Now());
    bssids.push_back(Text(bssid));
    associated.push_back(up ? 1 : 0);
    lastBeacon.push_back(up ? -1.0 : m_lastBeacon);
    m_lastBeacon = -1.0;
    for (const auto& listener : m_listeners)
    {
        listener(up);
    }
}

void
StationRecorder::AddListener(Callback<void, bool> listener)
{
    m_listeners.push_back(listener);
}

std::string
StationRecorder::GetJson() const
{
    JsonWriter w;
    w.BeginArray();
    for (std::size_t k = 0; k < times.size(); ++k)
    {
        w.BeginObject()
            .Key("time_s")
            .Value(times[k])
            .Key("bssid")
            .Value(bssids[k])
            .Key("associated")
            .Value(associated[k] != 0)
            .Key("last_beacon_s");
        if (lastBeacon[k] < 0)
        {
            w.Null();
        }
        else
        {
            w.Value(lastBeacon[k]);
        }
        w.EndObject();
    }
    w.EndArray();
    return w.Str();
}

// ---------------------------------------------------------------------- FunctionEvents

FunctionEvents::FunctionEvents() = default;

Ptr<FunctionEvents>
FunctionEvents::New()
{
    return Create<FunctionEvents>();
}

void
FunctionEvents::Add(const std::string& source, const std::string& event, const std::string& detail)
{
    m_times.push_back(Now());
    m_sources.push_back(source);
    m_events.push_back(event);
    m_details.push_back(detail);
}

void
FunctionEvents::AttachCorrespondentRegistration(Ptr<CorrespondentRegistration> registration,
                                                const std::string& name)
{
    if (!registration)
    {
        throw std::invalid_argument("FunctionEvents::AttachCorrespondentRegistration: none");
    }
    Ptr<FunctionEvents> self(this);
    for (const char* source : {"ReturnRoutability", "Registered"})
    {
        const std::string event = std::string(source) == "Registered"
                                      ? "correspondent-registered"
                                      : "return-routability";
        registration->TraceConnectWithoutContext(
            source,
            Callback<void, const Ipv6Address&, Time>(
                [self, name, event](const Ipv6Address& cn, Time duration) {
                    self->Add(name, event, Text(cn) + " " + Text(duration.GetSeconds()));
                }));
    }
    registration->TraceConnectWithoutContext(
        "Sent",
        Callback<void, const Ipv6Address&, uint8_t, uint16_t>(
            [self, name](const Ipv6Address& cn, uint8_t type, uint16_t sequence) {
                self->Add(name,
                          type == MobilityHeader::BINDING_UPDATE ? "correspondent-update"
                                                                  : "test-init",
                          Text(cn) + " " + std::to_string(type) + " " +
                              std::to_string(sequence));
            }));
}

void
FunctionEvents::AttachAgent(Ptr<MobileNodeAgent> agent, const std::string& name)
{
    if (!agent)
    {
        throw std::invalid_argument("FunctionEvents::AttachAgent: no agent");
    }
    Ptr<FunctionEvents> self(this);
    agent->TraceConnectWithoutContext(
        "MovementDetected",
        Callback<void, const Ipv6Address&>(
            [self, name](const Ipv6Address& prefix) { self->Add(name, "movement", Text(prefix)); }));
    agent->TraceConnectWithoutContext(
        "CareOfAddress",
        Callback<void, const Ipv6Address&, const Ipv6Address&>(
            [self, name](const Ipv6Address&, const Ipv6Address& coa) {
                self->Add(name, "care-of", Text(coa));
            }));
    agent->TraceConnectWithoutContext(
        "DuplicateCareOfAddress",
        Callback<void, const Ipv6Address&>(
            [self, name](const Ipv6Address& a) { self->Add(name, "duplicate", Text(a)); }));
    agent->TraceConnectWithoutContext(
        "BindingUpdate",
        Callback<void, uint16_t, Time>([self, name](uint16_t seq, Time lifetime) {
            self->Add(name, "update", std::to_string(seq) + " " + Text(lifetime.GetSeconds()));
        }));
    agent->TraceConnectWithoutContext(
        "BindingAck",
        Callback<void, uint16_t, uint8_t>([self, name](uint16_t seq, uint8_t status) {
            self->Add(name, "ack", std::to_string(seq) + " " + std::to_string(status));
        }));
    agent->TraceConnectWithoutContext(
        "LocalBindingUpdate",
        Callback<void, uint16_t, Time>([self, name](uint16_t seq, Time lifetime) {
            self->Add(name,
                      "local-update",
                      std::to_string(seq) + " " + Text(lifetime.GetSeconds()));
        }));
    agent->TraceConnectWithoutContext(
        "LocalBindingAck",
        Callback<void, uint16_t, uint8_t>([self, name](uint16_t seq, uint8_t status) {
            self->Add(name, "local-ack", std::to_string(seq) + " " + std::to_string(status));
        }));
    agent->TraceConnectWithoutContext(
        "StateChanged",
        Callback<void, MobileNodeAgent::State, MobileNodeAgent::State>(
            [self, name](MobileNodeAgent::State, MobileNodeAgent::State state) {
                if (state == MobileNodeAgent::REGISTERED)
                {
                    self->Add(name, "complete", "");
                }
            }));
}

std::string
FunctionEvents::GetJson() const
{
    JsonWriter w;
    w.BeginArray();
    for (std::size_t k = 0; k < m_times.size(); ++k)
    {
        w.BeginObject()
            .Key("time_s")
            .Value(m_times[k])
            .Key("source")
            .Value(m_sources[k])
            .Key("event")
            .Value(m_events[k])
            .Key("detail")
            .Value(m_details[k])
            .EndObject();
    }
    w.EndArray();
    return w.Str();
}

// ---------------------------------------------------------------------- ProxyEventRouter

Ptr<ProxyEventRouter>
ProxyEventRouter::New()
{
    return Create<ProxyEventRouter>();
}

void
ProxyEventRouter::Add(const std::string& mnId, Ptr<FunctionEvents> events)
{
    if (mnId.empty() || !events)
    {
        throw std::invalid_argument("ProxyEventRouter::Add: an identifier and a log");
    }
    m_logs[mnId] = events;
}

FunctionEvents*
ProxyEventRouter::Find(const std::string& mnId) const
{
    auto it = m_logs.find(mnId);
    return it == m_logs.end() ? nullptr : PeekPointer(it->second);
}

void
ProxyEventRouter::Attach(Ptr<Proxy> proxy, const std::string& name)
{
    if (!proxy)
    {
        throw std::invalid_argument("ProxyEventRouter::Attach: no proxy");
    }
    Ptr<ProxyEventRouter> self(this);
    auto attachment = [self, name](const char* event) {
        return Callback<void, const std::string&, const Ipv6Address&>(
            [self, name, event](const std::string& id, const Ipv6Address& prefix) {
                if (FunctionEvents* log = self->Find(id))
                {
                    log->Add(name, event, Text(prefix));
                }
            });
    };
    proxy->TraceConnectWithoutContext("Attached", attachment("attach"));
    proxy->TraceConnectWithoutContext("Registered", attachment("registered"));
    proxy->TraceConnectWithoutContext("Detached", attachment("detached"));
    proxy->TraceConnectWithoutContext(
        "BindingUpdate",
        Callback<void, const std::string&, uint16_t, Time>(
            [self, name](const std::string& id, uint16_t seq, Time lifetime) {
                if (FunctionEvents* log = self->Find(id))
                {
                    log->Add(name, "update", std::to_string(seq) + " " + Text(lifetime.GetSeconds()));
                }
            }));
    proxy->TraceConnectWithoutContext(
        "BindingAck",
        Callback<void, const std::string&, uint16_t, uint8_t>(
            [self, name](const std::string& id, uint16_t seq, uint8_t status) {
                if (FunctionEvents* log = self->Find(id))
                {
                    log->Add(name, "ack", std::to_string(seq) + " " + std::to_string(status));
                }
            }));
}

// ---------------------------------------------------------------------- SolicitationRecorder

Ptr<SolicitationRecorder>
SolicitationRecorder::Attach(Ptr<Node> node, uint32_t interface)
{
    Ptr<SolicitationRecorder> rec = Create<SolicitationRecorder>();
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    auto cb = Callback<void, Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
        [rec, interface](Ptr<const Packet> p, Ptr<Ipv6>, uint32_t iface) {
            if (iface != interface)
            {
                return;
            }
            NeighborMessage nd;
            if (!PeekNeighborMessage(p, nd) ||
                nd.type != Icmpv6Header::ICMPV6_ND_NEIGHBOR_SOLICITATION)
            {
                return;
            }
            rec->times.push_back(Now());
            rec->targets.push_back(Text(nd.target));
        });
    if (!ipv6 || !ipv6->TraceConnectWithoutContext("Tx", cb))
    {
        throw std::invalid_argument("SolicitationRecorder: the node has no IPv6 Tx trace");
    }
    return rec;
}

std::string
SolicitationRecorder::GetJson() const
{
    JsonWriter w;
    w.BeginArray();
    for (std::size_t k = 0; k < times.size(); ++k)
    {
        w.BeginObject().Key("time_s").Value(times[k]).Key("target").Value(targets[k]).EndObject();
    }
    w.EndArray();
    return w.Str();
}

// ---------------------------------------------------------------------- SizeSeries

namespace
{

/**
 * Sample `size` of `object` whenever one of its two trace sources (signature Args) fires.
 * @param series the series @param object the object @param size its size getter
 * @param added the first trace source @param removed the second
 */
template <class T, class... Args>
void
FollowSize(Ptr<SizeSeries> series,
           Ptr<T> object,
           uint32_t (T::*size)() const,
           const std::string& added,
           const std::string& removed)
{
    T* raw = PeekPointer(object);
    auto sample = [s = series, raw, size]() {
        s->times.push_back(Now());
        s->sizes.push_back((raw->*size)());
    };
    sample();
    auto cb = Callback<void, Args...>([sample](Args...) { sample(); });
    if (!object->TraceConnectWithoutContext(added, cb) ||
        !object->TraceConnectWithoutContext(removed, cb))
    {
        throw std::invalid_argument("SizeSeries: no trace source " + added + " or " + removed);
    }
}

} // namespace

Ptr<SizeSeries>
SizeSeries::RecordBindings(Ptr<LocationManagement> lm)
{
    Ptr<SizeSeries> s = Create<SizeSeries>();
    FollowSize<LocationManagement, const Ipv6Address&, uint8_t, const Ipv6Address&>(
        s,
        lm,
        &LocationManagement::GetNBindings,
        "BindingAdded",
        "BindingRemoved");
    return s;
}

Ptr<SizeSeries>
SizeSeries::RecordProxy(Ptr<Proxy> proxy)
{
    Ptr<SizeSeries> s = Create<SizeSeries>();
    FollowSize<Proxy, const std::string&, const Ipv6Address&>(s,
                                                              proxy,
                                                              &Proxy::GetNRegistered,
                                                              "Registered",
                                                              "Detached");
    return s;
}

std::string
SizeSeries::GetJson() const
{
    JsonWriter w;
    w.BeginObject().Key("time_s").Array(times).Key("size").BeginArray();
    for (uint32_t n : sizes)
    {
        w.Value(n);
    }
    w.EndArray().EndObject();
    return w.Str();
}

// ---------------------------------------------------------------------- MessageTimes

Ptr<MessageTimes>
MessageTimes::Record(Ptr<MobilityL4Protocol> l4, uint8_t mhType)
{
    Ptr<MessageTimes> rec = Create<MessageTimes>();
    auto cb = Callback<void, Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&>(
        [rec, mhType](Ptr<const Packet> p, const Ipv6Address&, const Ipv6Address& dst) {
            uint8_t head[3];
            if (p->CopyData(head, 3) == 3 && head[2] == mhType)
            {
                rec->times.push_back(Now());
                rec->destinations.push_back(Text(dst));
            }
        });
    if (!l4 || !l4->TraceConnectWithoutContext("Tx", cb))
    {
        throw std::invalid_argument("MessageTimes: no MobilityL4Protocol Tx trace");
    }
    return rec;
}

// ---------------------------------------------------------------------- SignallingCost

Ptr<SignallingCost>
SignallingCost::Record(NodeContainer nodes, Ptr<PathLengthProbe> probe)
{
    if (!probe)
    {
        throw std::invalid_argument("SignallingCost: no PathLengthProbe");
    }
    probe->TrackMobilityHeaders();
    Ptr<SignallingCost> rec = Create<SignallingCost>();
    auto cb = Callback<void, Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&>(
        [rec, probe](Ptr<const Packet> p, const Ipv6Address&, const Ipv6Address&) {
            uint8_t head[7] = {};
            const uint32_t copied = p->CopyData(head, sizeof(head));
            if (copied < 3)
            {
                return;
            }
            const uint8_t type = head[2];
            const uint8_t subtype =
                type == MobilityHeader::EXPERIMENTAL && copied == sizeof(head) ? head[6] : 0;
            Cost& cost = rec->m_costs[{type, subtype}];
            const int32_t hops = probe->TakeHops(p->GetUid());
            if (hops < 0)
            {
                ++cost.unfollowed;
                return;
            }
            ++cost.messages;
            cost.octets += p->GetSize();
            cost.octetHops += static_cast<uint64_t>(p->GetSize()) * static_cast<uint64_t>(hops);
        });
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<MobilityL4Protocol> l4 = (*it)->GetObject<MobilityL4Protocol>())
        {
            l4->TraceConnectWithoutContext("Rx", cb);
        }
    }
    return rec;
}

std::string
SignallingCost::GetJson() const
{
    JsonWriter w;
    w.BeginArray();
    for (const auto& [key, cost] : m_costs)
    {
        w.BeginObject()
            .Key("type")
            .Value(static_cast<uint32_t>(key.first))
            .Key("subtype")
            .Value(static_cast<uint32_t>(key.second))
            .Key("messages")
            .Value(cost.messages)
            .Key("octets")
            .Value(cost.octets)
            .Key("octet_hops")
            .Value(cost.octetHops)
            .Key("unfollowed")
            .Value(cost.unfollowed)
            .EndObject();
    }
    w.EndArray();
    return w.Str();
}

// ---------------------------------------------------------------------- AddressSampler

std::vector<std::string>
GlobalAddresses(Ptr<Node> node, uint32_t interface)
{
    std::vector<std::string> out;
    Ptr<Ipv6> ipv6 = node ? node->GetObject<Ipv6>() : nullptr;
    if (!ipv6 || interface >= ipv6->GetNInterfaces())
    {
        throw std::out_of_range("GlobalAddresses: no IPv6 interface " + std::to_string(interface));
    }
    for (uint32_t k = 0; k < ipv6->GetNAddresses(interface); ++k)
    {
        const Ipv6InterfaceAddress a = ipv6->GetAddress(interface, k);
        if (a.GetScope() == Ipv6InterfaceAddress::GLOBAL)
        {
            out.push_back(Text(a.GetAddress()));
        }
    }
    return out;
}

Ptr<AddressSampler>
AddressSampler::Start(Ptr<Node> node, uint32_t interface, double start, double period, double until)
{
    if (!(period > 0) || !(start >= 0))
    {
        throw std::invalid_argument("AddressSampler::Start: a positive period and a start >= 0");
    }
    GlobalAddresses(node, interface); // throws for an interface the node does not have
    Ptr<AddressSampler> s = Create<AddressSampler>();
    Simulator::Schedule(Seconds(start), [s, node, interface, period, until]() {
        s->Sample(node, interface, period, until);
    });
    return s;
}

void
AddressSampler::Sample(Ptr<Node> node, uint32_t interface, double period, double until)
{
    times.push_back(Now());
    addresses.push_back(GlobalAddresses(node, interface));
    if (Now() + period <= until + 1e-9)
    {
        Ptr<AddressSampler> self(this);
        Simulator::Schedule(Seconds(period), [self, node, interface, period, until]() {
            self->Sample(node, interface, period, until);
        });
    }
}

// ---------------------------------------------------------------------- counters

std::string
BindingsJson(Ptr<LocationManagement> lm)
{
    JsonWriter w;
    w.BeginArray();
    for (const auto& b : lm->GetBindings())
    {
        w.BeginObject()
            .Key("prefix")
            .Value(Text(b.prefix))
            .Key("length")
            .Value(static_cast<uint32_t>(b.prefixLength))
            .Key("locator")
            .Value(Text(b.locator))
            .Key("registered")
            .Value(b.IsRegistered())
            .EndObject();
    }
    w.EndArray();
    return w.Str();
}

std::string
CountersJson(Ptr<Node> node)
{
    JsonWriter w;
    w.BeginObject();
    if (Ptr<MobilityL4Protocol> l4 = node->GetObject<MobilityL4Protocol>())
    {
        uint64_t messages = 0;
        for (uint32_t t = 0; t < 256; ++t)
        {
            messages += l4->GetTxCount(static_cast<uint8_t>(t));
        }
        w.Key("mh")
            .BeginObject()
            .Key("messages")
            .Value(messages)
            .Key("octets")
            .Value(l4->GetTxBytes())
            .Key("lost")
            .Value(l4->GetDropCount(MobilityL4Protocol::DROP_LOST))
            .Key("unauthenticated")
            .Value(l4->GetDropCount(MobilityL4Protocol::DROP_UNAUTHENTICATED))
            .Key("replayed")
            .Value(l4->GetDropCount(MobilityL4Protocol::DROP_REPLAYED))
            .Key("sent")
            .BeginArray();
        for (const auto& r : l4->GetSent())
        {
            w.BeginObject()
                .Key("function")
                .Value(r.function)
                .Key("destination")
                .Value(Text(r.destination))
                .Key("type")
                .Value(static_cast<uint32_t>(r.type))
                .Key("subtype")
                .Value(static_cast<uint32_t>(r.subtype))
                .Key("messages")
                .Value(r.messages)
                .Key("octets")
                .Value(r.octets)
                .EndObject();
        }
        w.EndArray().Key("handlers").BeginArray();
        for (const auto& [type, subtype, function] : l4->GetHandlerFunctions())
        {
            w.BeginObject()
                .Key("type")
                .Value(static_cast<uint32_t>(type))
                .Key("subtype")
                .Value(static_cast<uint32_t>(subtype))
                .Key("function")
                .Value(function)
                .EndObject();
        }
        w.EndArray().Key("handled").BeginArray();
        for (const auto& r : l4->GetHandled())
        {
            w.BeginObject()
                .Key("function")
                .Value(r.function)
                .Key("source")
                .Value(Text(r.source))
                .Key("type")
                .Value(static_cast<uint32_t>(r.type))
                .Key("subtype")
                .Value(static_cast<uint32_t>(r.subtype))
                .Key("messages")
                .Value(r.messages)
                .EndObject();
        }
        w.EndArray().EndObject();
    }
    if (Ptr<Ipv6TunnelL4Protocol> tunnel = node->GetObject<Ipv6TunnelL4Protocol>())
    {
        w.Key("tunnel")
            .BeginObject()
            .Key("encapsulated")
            .Value(tunnel->GetEncapsulatedPackets())
            .Key("decapsulated")
            .Value(tunnel->GetDecapsulatedPackets())
            .Key("overhead_octets")
            .Value(tunnel->GetOverheadBytes())
            .EndObject();
    }
    w.Key("queue_drops").Value(QueueDrops(node));
    w.EndObject();
    return w.Str();
}

NS_OBJECT_ENSURE_REGISTERED(TrafficControlDropCounter);

TypeId
TrafficControlDropCounter::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::TrafficControlDropCounter")
                            .SetParent<Object>()
                            .SetGroupName("Dmm")
                            .AddConstructor<TrafficControlDropCounter>();
    return tid;
}

void
TrafficControlDropCounter::Install(Ptr<Node> node)
{
    Ptr<TrafficControlLayer> tc = node ? node->GetObject<TrafficControlLayer>() : nullptr;
    if (!tc)
    {
        throw std::invalid_argument("TrafficControlDropCounter: the node has no traffic "
                                    "control layer");
    }
    Ptr<TrafficControlDropCounter> counter = CreateObject<TrafficControlDropCounter>();
    node->AggregateObject(counter);
    TrafficControlDropCounter* raw = PeekPointer(counter);
    if (!tc->TraceConnectWithoutContext(
            "TcDrop",
            Callback<void, Ptr<const Packet>>([raw](Ptr<const Packet>) { ++raw->m_dropped; })))
    {
        throw std::logic_error("TrafficControlDropCounter: no TcDrop trace source");
    }
}

uint64_t
TrafficControlDropCounter::GetDropped() const
{
    return m_dropped;
}

uint64_t
QueueDrops(Ptr<Node> node)
{
    uint64_t dropped = 0;
    if (auto tc = node->GetObject<TrafficControlDropCounter>())
    {
        dropped += tc->GetDropped();
    }
    for (uint32_t k = 0; k < node->GetNDevices(); ++k)
    {
        Ptr<NetDevice> device = node->GetDevice(k);
        if (auto p2p = DynamicCast<PointToPointNetDevice>(device))
        {
            dropped += p2p->GetQueue()->GetTotalDroppedPackets();
        }
        else if (auto abstract = DynamicCast<AbstractAccessNetDevice>(device))
        {
            dropped += abstract->GetNDropped();
        }
        else if (auto wifi = DynamicCast<WifiNetDevice>(device))
        {
            for (AcIndex ac : {AC_BE, AC_BK, AC_VI, AC_VO})
            {
                if (Ptr<WifiMacQueue> queue = wifi->GetMac()->GetTxopQueue(ac))
                {
                    dropped += queue->GetTotalDroppedPackets();
                }
            }
        }
    }
    return dropped;
}

// ---------------------------------------------------------------------- FlowMonitor

uint32_t
InstallFlowProbes(FlowMonitorHelper& helper, NodeContainer nodes)
{
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    auto classifier = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6());
    uint32_t installed = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if ((*it)->GetObject<Ipv6L3Protocol>())
        {
            Create<Ipv6NodeFlowProbe>(monitor, classifier, *it);
            ++installed;
        }
    }
    return installed;
}

std::string
FlowMonitorJson(FlowMonitorHelper& helper)
{
    JsonWriter w;
    w.BeginArray();
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    if (!monitor)
    {
        w.EndArray();
        return w.Str();
    }
    monitor->CheckForLostPackets();
    auto classifier = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6());
    for (const auto& [id, s] : monitor->GetFlowStats())
    {
        w.BeginObject().Key("id").Value(static_cast<uint32_t>(id));
        if (classifier)
        {
            const auto t = classifier->FindFlow(id);
            w.Key("source")
                .Value(Text(t.sourceAddress))
                .Key("destination")
                .Value(Text(t.destinationAddress))
                .Key("protocol")
                .Value(static_cast<uint32_t>(t.protocol))
                .Key("source_port")
                .Value(static_cast<uint32_t>(t.sourcePort))
                .Key("destination_port")
                .Value(static_cast<uint32_t>(t.destinationPort));
        }
        w.Key("tx_packets")
            .Value(static_cast<uint64_t>(s.txPackets))
            .Key("rx_packets")
            .Value(static_cast<uint64_t>(s.rxPackets))
            .Key("tx_bytes")
            .Value(static_cast<uint64_t>(s.txBytes))
            .Key("rx_bytes")
            .Value(static_cast<uint64_t>(s.rxBytes))
            .Key("lost_packets")
            .Value(static_cast<uint64_t>(s.lostPackets))
            .Key("mean_delay_s");
        if (s.rxPackets > 0)
        {
            w.Value(s.delaySum.GetSeconds() / s.rxPackets);
        }
        else
        {
            w.Null();
        }
        w.Key("first_tx_s")
            .Value(s.timeFirstTxPacket.GetSeconds())
            .Key("last_rx_s")
            .Value(s.timeLastRxPacket.GetSeconds())
            .EndObject();
    }
    w.EndArray();
    return w.Str();
}

} // namespace dmm
} // namespace ns3
