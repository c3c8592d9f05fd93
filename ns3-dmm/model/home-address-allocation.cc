/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "home-address-allocation.h"

#include "ns3/boolean.h"
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
            .AddAttribute("Renewal",
                          "Whether a lease may be renewed for another LeaseLifetime (draft "
                          "section 6: a session that outlives the lease renews it).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&HomeAddressAllocation::m_renewal),
                          MakeBooleanChecker())
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
      m_renewal(true),
      m_firstIndex(1),
      m_nextIndex(1),
      m_nLeased(0),
      m_nRenewed(0),
      m_nExpired(0),
      m_nReleased(0)
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
    m_assigned.clear();
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
        return Lease{key, key, Ipv6Address::GetAny(), 0, Seconds(0), EventId()};
    }
    Lease lease{key, key, PrefixAt(index), m_prefixLength, Time::Max(), EventId()};
    if (m_leaseLifetime.IsStrictlyPositive())
    {
        lease.expires = Simulator::Now() + m_leaseLifetime;
        lease.expiry =
            Simulator::Schedule(m_leaseLifetime, &HomeAddressAllocation::Expire, this, key);
    }
    m_used[index] = key;
    m_leases[key] = lease;
    ++m_nLeased;
    m_allocateTrace(key, lease.prefix, lease.prefixLength);
    return lease;
}

void
HomeAddressAllocation::AddLink(Ipv6Address prefix, uint8_t length)
{
    if (length == 0 || length > 128)
    {
        throw std::invalid_argument("HomeAddressAllocation::AddLink: a prefix length in 1..128");
    }
    const Ipv6Address network = prefix.CombinePrefix(Ipv6Prefix(length));
    for (const auto& [known, knownLength] : m_links)
    {
        if (known == network && knownLength == length)
        {
            return;
        }
    }
    m_links.emplace_back(network, length);
}

bool
HomeAddressAllocation::IsOnLink(Ipv6Address address) const
{
    return std::any_of(m_links.begin(), m_links.end(), [&address](const auto& link) {
        return Ipv6Prefix(link.second).IsMatch(address, link.first);
    });
}

HomeAddressAllocation::Lease
HomeAddressAllocation::Assign(const std::string& key, const std::string& owner, Ipv6Address address)
{
    NS_LOG_FUNCTION(this << key << owner << address);
    if (key.empty() || owner.empty())
    {
        throw std::invalid_argument("HomeAddressAllocation::Assign: empty key or owner");
    }
    if (!IsOnLink(address))
    {
        throw std::invalid_argument("HomeAddressAllocation::Assign: the address is on no link "
                                    "of the network (AddLink)");
    }
    auto held = m_assigned.find(address);
    if (held != m_assigned.end())
    {
        const Lease& lease = m_leases.at(held->second);
        if (held->second == key && lease.owner == owner)
        {
            return lease;
        }
        NS_LOG_WARN(address << " is leased to " << held->second << ", not " << key);
        return Lease{key, owner, Ipv6Address::GetAny(), 0, Seconds(0), EventId()};
    }
    if (m_leases.count(key) != 0)
    {
        throw std::invalid_argument("HomeAddressAllocation::Assign: the key '" + key +
                                    "' already holds another lease");
    }
    Lease lease{key, owner, address, 128, Time::Max(), EventId()};
    if (m_leaseLifetime.IsStrictlyPositive())
    {
        lease.expires = Simulator::Now() + m_leaseLifetime;
        lease.expiry =
            Simulator::Schedule(m_leaseLifetime, &HomeAddressAllocation::Expire, this, key);
    }
    m_assigned[address] = key;
    m_leases[key] = lease;
    ++m_nLeased;
    m_allocateTrace(key, address, 128);
    return lease;
}

std::string
HomeAddressAllocation::GetKeyOf(Ipv6Address address) const
{
    auto held = m_assigned.find(address);
    if (held != m_assigned.end())
    {
        return held->second;
    }
    for (const auto& [key, lease] : m_leases)
    {
        if (Ipv6Prefix(lease.prefixLength).IsMatch(address, lease.prefix))
        {
            return key;
        }
    }
    return "";
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
    if (it == m_leases.end() || !m_leaseLifetime.IsStrictlyPositive() || !m_renewal)
    {
        return false;
    }
    ++m_nRenewed;
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
    if (lease.prefixLength == 128)
    {
        m_assigned.erase(lease.prefix);
    }
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
    if (Simulator::Now() >= lease.expires)
    {
        ++m_nExpired;
    }
    else
    {
        ++m_nReleased;
    }
    m_releaseTrace(key, lease.prefix, lease.prefixLength);
    return true;
}

void
HomeAddressAllocation::Expire(std::string key)
{
    NS_LOG_FUNCTION(this << key);
    Release(key);
}

uint32_t
HomeAddressAllocation::GetNLeased() const
{
    return m_nLeased;
}

uint32_t
HomeAddressAllocation::GetNRenewed() const
{
    return m_nRenewed;
}

uint32_t
HomeAddressAllocation::GetNExpired() const
{
    return m_nExpired;
}

uint32_t
HomeAddressAllocation::GetNReleased() const
{
    return m_nReleased;
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
