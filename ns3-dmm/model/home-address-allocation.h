/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_HOME_ADDRESS_ALLOCATION_H
#define DMM_HOME_ADDRESS_ALLOCATION_H

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief The home address (prefix) allocation function of a network (draft section 3, item 1).
 *
 * Hands out home network prefixes from the network's prefix to mobile nodes, or to
 * application sessions (draft section 6.1: the key is then the session), each as a lease with a
 * lifetime. The same key gets the same prefix while its lease lasts; an expired lease frees
 * the prefix. Prefixes are numbered from 1 upwards within the network prefix, skipping those
 * reserved for infrastructure with SetFirstIndex.
 */
class HomeAddressAllocation : public Object
{
  public:
    /// A lease of one prefix to one key (a mobile node or session identifier).
    struct Lease
    {
        std::string key;      //!< mobile node identifier or session identifier
        Ipv6Address prefix;   //!< the allocated prefix
        uint8_t prefixLength; //!< its length
        Time expires;         //!< absolute expiry time (Time::Max() for none)
        EventId expiry;       //!< expiry event
    };

    /**
     * TracedCallback signature of lease events.
     * @param key the mobile node or session identifier
     * @param prefix the prefix
     * @param prefixLength its length
     */
    typedef void (*LeaseTracedCallback)(const std::string& key,
                                        const Ipv6Address& prefix,
                                        uint8_t prefixLength);

    /// @return the object TypeId
    static TypeId GetTypeId();
    HomeAddressAllocation();
    ~HomeAddressAllocation() override;

    /**
     * @brief The network prefix prefixes are allocated from.
     * @param network the network prefix (e.g. 2001:1::)
     * @param networkLength its length (e.g. 48); less than the allocated prefix length
     */
    void SetNetwork(Ipv6Address network, uint8_t networkLength);
    /// @return the network prefix
    Ipv6Address GetNetwork() const;
    /// @return the network prefix length
    uint8_t GetNetworkLength() const;
    /// @param first index of the first prefix handed out (lower ones are infrastructure)
    void SetFirstIndex(uint32_t first);

    /**
     * @brief Allocate (or return the current) prefix of a key.
     * @param key mobile node or session identifier (non-empty)
     * @return the lease; its prefix is :: when the pool is exhausted
     */
    Lease Allocate(const std::string& key);
    /// @param key identifier @return whether it holds a lease
    bool HasLease(const std::string& key) const;
    /// @param key identifier @return its lease (the key must hold one)
    Lease GetLease(const std::string& key) const;
    /// @param key identifier @return whether a lease was renewed for another LeaseLifetime
    bool Renew(const std::string& key);
    /// @param key identifier @return whether a lease was released
    bool Release(const std::string& key);
    /// @param address an address @return whether it lies in a leased prefix
    bool IsLeased(Ipv6Address address) const;
    /// @return number of leases
    uint32_t GetNLeases() const;

  protected:
    void DoDispose() override;

  private:
    /// Lease expiry. @param key identifier
    void Expire(std::string key);
    /// @param index prefix number @return the prefix
    Ipv6Address PrefixAt(uint32_t index) const;

    Ipv6Address m_network;           //!< network prefix
    uint8_t m_networkLength;         //!< its length
    uint8_t m_prefixLength;          //!< allocated prefix length
    Time m_leaseLifetime;            //!< lease lifetime, 0 for none
    uint32_t m_firstIndex;           //!< first index handed out
    uint32_t m_nextIndex;            //!< next index never handed out
    std::map<std::string, Lease> m_leases;   //!< leases by key
    std::map<uint32_t, std::string> m_used;  //!< prefix index to key
    std::vector<uint32_t> m_freed;           //!< released indices, reused first
    TracedCallback<const std::string&, const Ipv6Address&, uint8_t> m_allocateTrace;
    TracedCallback<const std::string&, const Ipv6Address&, uint8_t> m_releaseTrace;
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_HOME_ADDRESS_ALLOCATION_H */
