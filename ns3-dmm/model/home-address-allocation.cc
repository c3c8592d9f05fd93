/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "home-address-allocation.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("HomeAddressAllocation");

NS_OBJECT_ENSURE_REGISTERED(HomeAddressAllocation);

TypeId
HomeAddressAllocation::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::HomeAddressAllocation")
            .SetParent<Object>()
            .SetGroupName("Dmm")
            .AddConstructor<HomeAddressAllocation>()
            .AddAttribute("PrefixLength",
                          "Length of the prefix allocated to each key (64: one home network "
                          "prefix per mobile node, RFC 5213; 128: one home address).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&HomeAddressAllocation::m_prefixLength),
                          MakeUintegerChecker<uint8_t>(1, 128))
            .AddAttribute("LeaseLifetime",
                          "Lifetime of a lease (draft section 6: e.g. 24 h); 0 for leases that "
                          "never expire.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&HomeAddressAllocation::m_leaseLifetime),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Allocate",
                            "A prefix is leased to a key.",
                            MakeTraceSourceAccessor(&HomeAddressAllocation::m_allocateTrace),
                            "ns3::dmm::HomeAddressAllocation::LeaseTracedCallback")
            .AddTraceSource("Release",
                            "A lease is released or expires.",
                            MakeTraceSourceAccessor(&HomeAddressAllocation::m_releaseTrace),
                            "ns3::dmm::HomeAddressAllocation::LeaseTracedCallback");
    return tid;
}

HomeAddressAllocation::HomeAddressAllocation()
    : m_networkLength(48),
      m_prefixLength(64),
      m_leaseLifetime(Seconds(0)),
      m_firstIndex(1),
      m_nextIndex(1)
{
}

HomeAddressAllocation::~HomeAddressAllocation() = default;

void
HomeAddressAllocation::DoDispose()
{
    for (auto& [key, lease] : m_leases)
    {
        lease.expiry.Cancel();
    }
    m_leases.clear();
    m_used.clear();
    Object::DoDispose();
}

void
HomeAddressAllocation::SetNetwork(Ipv6Address network, uint8_t networkLength)
{
    if (networkLength >= m_prefixLength)
    {
        throw std::invalid_argument("HomeAddressAllocation: the network prefix (/" +
                                    std::to_string(networkLength) +
                                    ") must be shorter than the allocated prefixes (/" +
                                    std::to_string(m_prefixLength) + ")");
    }
    if (!m_leases.empty())
    {
        throw std::logic_error("HomeAddressAllocation: the network cannot change while "
                               "prefixes are leased");
    }
    m_network = network.CombinePrefix(Ipv6Prefix(networkLength));
    m_networkLength = networkLength;
}

Ipv6Address
HomeAddressAllocation::GetNetwork() const
{
    return m_network;
}

uint8_t
HomeAddressAllocation::GetNetworkLength() const
{
    return m_networkLength;
}

void
HomeAddressAllocation::SetFirstIndex(uint32_t first)
{
    m_firstIndex = first;
    m_nextIndex = std::max(m_nextIndex, first);
}

Ipv6Address
HomeAddressAllocation::PrefixAt(uint32_t index) const
{
    // Write the index into the bits between the network prefix and the allocated length.
    uint8_t bytes[16];
    m_network.GetBytes(bytes);
    const uint32_t bits = std::min<uint32_t>(m_prefixLength - m_networkLength, 32);
    for (uint32_t bit = 0; bit < bits; ++bit)
    {
        uint32_t position = m_prefixLength - 1 - bit; // bit index from the left
        if ((index >> bit) & 1)
        {
            bytes[position / 8] |= static_cast<uint8_t>(0x80 >> (position % 8));
        }
    }
    return Ipv6Address(bytes);
}

HomeAddressAllocation::Lease
HomeAddressAllocation::Allocate(const std::string& key)
{
    NS_LOG_FUNCTION(this << key);
    if (key.empty())
    {
        throw std::invalid_argument("HomeAddressAllocation::Allocate: empty key");
    }
    auto it = m_leases.find(key);
    if (it != m_leases.end())
    {
        return it->second;
    }
    const uint32_t bits = m_prefixLength - m_networkLength;
    const uint64_t capacity = bits >= 32 ? (uint64_t{1} << 32) : (uint64_t{1} << bits);
    uint32_t index;
    if (!m_freed.empty())
    {
        index = m_freed.back();
        m_freed.pop_back();
    }
    else if (m_nextIndex < capacity)
    {
        index = m_nextIndex++;
    }
    else
    {
        NS_LOG_WARN("prefix pool of " << m_network << "/" << +m_networkLength << " exhausted");
        return Lease{key, Ipv6Address::GetAny(), 0, Seconds(0), EventId()};
    }
    Lease lease{key, PrefixAt(index), m_prefixLength, Time::Max(), EventId()};
    if (m_leaseLifetime.IsStrictlyPositive())
    {
        lease.expires = Simulator::Now() + m_leaseLifetime;
        lease.expiry =
            Simulator::Schedule(m_leaseLifetime, &HomeAddressAllocation::Expire, this, key);
    }
    m_used[index] = key;
    m_leases[key] = lease;
    m_allocateTrace(key, lease.prefix, lease.prefixLength);
    return lease;
}

bool
HomeAddressAllocation::HasLease(const std::string& key) const
{
    return m_leases.count(key) != 0;
}

HomeAddressAllocation::Lease
HomeAddressAllocation::GetLease(const std::string& key) const
{
    auto it = m_leases.find(key);
    if (it == m_leases.end())
    {
        throw std::out_of_range("HomeAddressAllocation: no lease for '" + key + "'");
    }
    return it->second;
}

bool
HomeAddressAllocation::Renew(const std::string& key)
{
    auto it = m_leases.find(key);
    if (it == m_leases.end() || !m_leaseLifetime.IsStrictlyPositive())
    {
        return false;
    }
    it->second.expiry.Cancel();
    it->second.expires = Simulator::Now() + m_leaseLifetime;
    it->second.expiry =
        Simulator::Schedule(m_leaseLifetime, &HomeAddressAllocation::Expire, this, key);
    return true;
}

bool
HomeAddressAllocation::Release(const std::string& key)
{
    auto it = m_leases.find(key);
    if (it == m_leases.end())
    {
        return false;
    }
    Lease lease = it->second;
    lease.expiry.Cancel();
    for (auto u = m_used.begin(); u != m_used.end(); ++u)
    {
        if (u->second == key)
        {
            m_freed.push_back(u->first);
            m_used.erase(u);
            break;
        }
    }
    m_leases.erase(it);
    m_releaseTrace(key, lease.prefix, lease.prefixLength);
    return true;
}

void
HomeAddressAllocation::Expire(std::string key)
{
    NS_LOG_FUNCTION(this << key);
    Release(key);
}

bool
HomeAddressAllocation::IsLeased(Ipv6Address address) const
{
    for (const auto& [key, lease] : m_leases)
    {
        if (Ipv6Prefix(lease.prefixLength).IsMatch(address, lease.prefix))
        {
            return true;
        }
    }
    return false;
}

uint32_t
HomeAddressAllocation::GetNLeases() const
{
    return static_cast<uint32_t>(m_leases.size());
}

} // namespace dmm
} // namespace ns3
