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
 *
 * For dynamic mobility (draft section 6) the function also leases single addresses that mobile
 * nodes form on the access links of its network (AddLink, Assign): the address a session takes
 * in the network where it starts, keyed by the session and owned by the mobile node. A lease
 * is renewed (Renew, when the Renewal attribute allows it) or runs out; when it ends, the
 * Release trace tells the location management functions to remove the binding.
 */
class HomeAddressAllocation : public Object
{
  public:
    /// A lease of one prefix to one key (a mobile node or session identifier).
    struct Lease
    {
        std::string key;      //!< mobile node identifier or session identifier
        std::string owner;    //!< the mobile node identifier holding it (the key for a pool
                              //!< lease to a mobile node)
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
    /**
     * @brief An access link of the network whose addresses are leased one by one (Assign).
     * @param prefix the link's prefix
     * @param length its length
     */
    void AddLink(Ipv6Address prefix, uint8_t length);
    /// @param address an address @return whether it lies on a link added with AddLink
    bool IsOnLink(Ipv6Address address) const;
    /**
     * @brief Lease an address a mobile node formed on an access link of the network to a
     * session (draft section 6.1: the session's home address), or return the current lease.
     * @param key the session identifier (non-empty)
     * @param owner the mobile node identifier (non-empty)
     * @param address the address, on a link added with AddLink
     * @return the lease (a /128); its prefix is :: when the address is leased to another key
     *         or another owner
     */
    Lease Assign(const std::string& key, const std::string& owner, Ipv6Address address);
    /// @param address an address @return the key of the lease covering it ("" for none)
    std::string GetKeyOf(Ipv6Address address) const;
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
    /// @return leases handed out (Allocate and Assign) since the start
    uint32_t GetNLeased() const;
    /// @return renewals granted
    uint32_t GetNRenewed() const;
    /// @return leases that ran out (not renewed in time)
    uint32_t GetNExpired() const;
    /// @return leases released before their end
    uint32_t GetNReleased() const;

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
    bool m_renewal;                  //!< whether leases may be renewed
    uint32_t m_firstIndex;           //!< first index handed out
    uint32_t m_nextIndex;            //!< next index never handed out
    std::map<std::string, Lease> m_leases;   //!< leases by key
    std::map<uint32_t, std::string> m_used;  //!< prefix index to key
    std::vector<uint32_t> m_freed;           //!< released indices, reused first
    std::vector<std::pair<Ipv6Address, uint8_t>> m_links; //!< links leased address by address
    std::map<Ipv6Address, std::string> m_assigned;          //!< assigned address to key
    uint32_t m_nLeased;                      //!< leases handed out
    uint32_t m_nRenewed;                     //!< renewals
    uint32_t m_nExpired;                     //!< leases run out
    uint32_t m_nReleased;                    //!< leases released
    TracedCallback<const std::string&, const Ipv6Address&, uint8_t> m_allocateTrace;
    TracedCallback<const std::string&, const Ipv6Address&, uint8_t> m_releaseTrace;
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_HOME_ADDRESS_ALLOCATION_H */
