/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_LOCATION_CACHE_H
#define DMM_LOCATION_CACHE_H

#include "prefix-table.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <list>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

class Node;

namespace dmm
{

class LocationManagement;
class LocationManagementHeader;
class MobilityHeader;
class MobilityL4Protocol;

/**
 * @ingroup dmm
 * @brief A mobility routing function's cache of locations kept by remote location management
 * functions (draft section 7, figure 8: MRs as clients of a distributed LM database; section 8:
 * MR(CN) querying the LM, RS2.query, or pushed to, RS2.push).
 *
 * The node's MobilityRouting consults it (MobilityRouting::UseLocationCache) for a forwarded
 * packet that no binding of its own covers, when the destination lies in a prefix some server
 * keeps (AddServer):
 * - a fresh entry (a hit) gives the locator: the packet is tunnelled there;
 * - otherwise (a miss) a Location Query (HNP option: the destination as a /128) goes to the
 *   server, retransmitted after QueryTimeout up to MaxQueryRetransmissions times; the packet
 *   waits in a queue of QueueSize packets (FirstPacket WAIT; a full queue drops and counts) or
 *   is routed on unchanged, to the home network (VIA_HOME; not for a prefix the node anchors
 *   itself: there is no home further on);
 * - the Location Reply fills the entry (its Alternate Care-of Address option is the locator,
 *   its lifetime bounded by EntryLifetime) and the waiting packets are tunnelled; a reply
 *   without a binding (status NO_BINDING) makes a negative entry, for which packets are
 *   routed on unchanged, the waiting ones too (counted as via home), but for a prefix the
 *   node anchors, where they are dropped (counted: no binding, and no home further on);
 * - a Location Notify from a server (push) replaces the entry it names, or removes it with
 *   lifetime 0, and is acknowledged; one about an address the sender does not serve is
 *   ignored and counted.
 * How a server delivers (AddServer): FOLLOWED, never asked, telling every binding of its
 * prefix (the access links of a network this node's MR anchors, whose addresses sessions take:
 * LocationManagement::WatchLink), which go to the BindingCallback, not into the cache, and a
 * packet for the prefix that no binding covers passes (it is on its link; not a miss);
 * QUERIED, asked on a miss, its entries kept at most
 * EntryLifetime (then asked again); QUERIED_AND_PUSHING, asked on a miss and pushing every
 * change (a location management function with PushToCaches), its entries kept for the
 * lifetime it gives; PUSHING, never asked (the home network's mobility routing function of
 * RS2.push): a packet that misses is tunnelled to it (outcome HOME), and it forwards it on
 * and pushes the location back, kept for the lifetime it gives.
 * At most CacheSize entries are kept; the least recently used one is evicted. Hits, misses,
 * evictions, queries, replies, pushes and drops are counted; with an authority (the location
 * management function keeping the truth, for measurement only) a hit whose locator is no
 * longer the authority's is counted as a stale delivery, a packet sent to an old location.
 */
class LocationCache : public Object
{
  public:
    /// What to do with a packet that misses (the placement's first_packet).
    enum FirstPacket : uint8_t
    {
        WAIT = 0,     //!< wait in the queue for the reply
        VIA_HOME = 1, //!< route it on unchanged, to the home network's MR
    };

    /// How a server delivers locations.
    enum Delivery : uint8_t
    {
        QUERIED = 0,             //!< asked on a miss; entries kept at most EntryLifetime
        QUERIED_AND_PUSHING = 1, //!< asked on a miss, pushes changes; entries as it says
        PUSHING = 2,             //!< never asked: takes the misses, pushes; entries as it says
        FOLLOWED = 3,            //!< never asked: tells every binding of the prefix, which
                                 //!< the node holds as its own (BindingCallback); misses pass
    };

    /// A resolved location.
    struct Entry
    {
        Ipv6Address locator;    //!< where packets are tunnelled (:: for a negative entry)
        Ipv6Address local;      //!< the local end point (:: until the MR resolves it)
        Time expires;           //!< absolute expiry
        std::list<Ipv6Address>::iterator lru; //!< its place in the recency list
    };

    /// The outcome of Resolve.
    enum Outcome : uint8_t
    {
        HIT = 0,   //!< tunnel the packet to the entry's locator
        PASS = 1,  //!< route the packet on unchanged
        TAKEN = 2, //!< the cache took the packet (queued for the reply, or dropped)
        HOME = 3,  //!< tunnel the packet to the entry's locator: the pushing server (via home)
    };

    /**
     * Forward callback: tunnel a packet that waited to a resolved entry, or route it on
     * unchanged for a negative one (locator ::) (MobilityRouting).
     * @param packet the packet @param header its IPv6 header @param entry the entry
     */
    using ForwardCallback = Callback<void, Ptr<const Packet>, const Ipv6Header&, Entry&>;
    /**
     * Location callback: an entry was filled or changed by a reply or a push, or removed.
     * @param address the destination @param locator its locator (:: removed, or a negative
     *        answer) @param lifetime how long the entry holds (zero when removed)
     */
    using LocationCallback = Callback<void, Ipv6Address, Ipv6Address, Time>;
    /**
     * Binding callback: a FOLLOWED server told a binding of its prefix.
     * @param prefix the bound prefix @param length its length
     * @param locator its locator (:: removed) @param lifetime how long it holds (zero when
     *        removed)
     */
    using BindingCallback = Callback<void, Ipv6Address, uint8_t, Ipv6Address, Time>;

    /**
     * TracedCallback signature of Query and Reply.
     * @param address the destination asked about
     * @param locator the locator answered (:: for none, or for a query)
     */
    typedef void (*LookupTracedCallback)(const Ipv6Address& address, const Ipv6Address& locator);

    /// @return the object TypeId
    static TypeId GetTypeId();
    LocationCache();
    ~LocationCache() override;

    /**
     * @brief Keep locations of a prefix from a location management function.
     * @param server the function's address (queries go there; notifies are accepted from it)
     * @param prefix the prefix it serves
     * @param length its length
     * @param anchored whether this node anchors the prefix (its misses always wait)
     * @param delivery how it delivers locations
     */
    void AddServer(Ipv6Address server,
                   Ipv6Address prefix,
                   uint8_t length,
                   bool anchored = false,
                   Delivery delivery = QUERIED);
    /// @param lm a location management function keeping the truth of the servers' prefixes,
    ///        for counting stale deliveries (measurement only; no message is involved)
    void AddAuthority(Ptr<LocationManagement> lm);
    /// Start: register for Location Reply and Notify on the node's Mobility Header protocol.
    /// @param node the node @param forward where waiting packets go once resolved
    void Start(Ptr<Node> node, ForwardCallback forward);
    /// @param callback told of every entry a reply or a push fills, changes or removes
    void SetLocationCallback(LocationCallback callback);
    /// @param callback told of every binding a FOLLOWED server tells (the node's own links)
    void SetBindingCallback(BindingCallback callback);

    /**
     * @brief Resolve the destination of a forwarded packet.
     * @param packet the packet (copied when it is queued)
     * @param header its IPv6 header
     * @param[out] entry the entry on a HIT, or the pushing server's on HOME
     * @return HIT, PASS (no server for it, a negative entry, or a miss routed via home),
     *         TAKEN or HOME (a miss tunnelled to the server that pushes the prefix)
     */
    Outcome Resolve(Ptr<const Packet> packet, const Ipv6Header& header, Entry*& entry);

    /// @return entries held
    uint32_t GetNEntries() const;
    /// @param address a destination @return its cached locator (:: if none or negative)
    Ipv6Address Lookup(Ipv6Address address) const;
    /// @param address an address @return whether an entry, fresh or not, locates a
    /// destination there (the tunnels this cache sends into lead to it)
    bool IsLocator(Ipv6Address address) const;
    /**
     * @brief The node restarts and the cache's volatile state is lost: every entry, and every
     * query outstanding (the packets waiting for them are lost with the node, counted as
     * drops). Servers, attributes and counters stay.
     */
    void Restart();

    /// @return packets resolved by a fresh entry
    uint64_t GetHits() const;
    /// @return packets without a fresh entry
    uint64_t GetMisses() const;
    /// @return packets that missed and went on to the home network (routed, or tunnelled to a
    ///         server that pushes)
    uint64_t GetViaHome() const;
    /// @return entries evicted to make room
    uint64_t GetEvictions() const;
    /// @return hits whose locator the authority no longer had
    uint64_t GetStaleDeliveries() const;
    /// @return Location Queries sent (retransmissions included)
    uint64_t GetQueriesSent() const;
    /// @return Location Replies taken
    uint64_t GetReplies() const;
    /// @return Location Notifies (pushes) taken
    uint64_t GetPushes() const;
    /// @return Location Notifies ignored: about an address their sender does not serve
    uint64_t GetRejectedNotifies() const;
    /// @return packets dropped: queue full, or never resolved
    uint64_t GetDrops() const;
    /// @return packets that waited for a reply and were then tunnelled
    uint64_t GetReleased() const;

  protected:
    void DoDispose() override;

  private:
    /// A query outstanding.
    struct Pending
    {
        Ipv6Address server;    //!< asked
        uint16_t sequence{0};  //!< its sequence number
        uint32_t sent{0};      //!< transmissions
        EventId timer;         //!< retransmission
        std::deque<std::pair<Ptr<Packet>, Ipv6Header>> packets; //!< waiting
    };

    /// A server of a prefix.
    struct Server
    {
        Ipv6Address address; //!< the location management function
        bool anchored{false}; //!< this node anchors the prefix
        Delivery delivery{QUERIED}; //!< how it delivers locations
        Entry home;           //!< the tunnel to it, for the misses it takes
    };
    /// @param address a destination @return the server keeping it, or nullptr
    Server* ServerFor(Ipv6Address address);
    /// Send (or resend) the query for an address. @param address the destination
    void SendQuery(Ipv6Address address);
    /// Query timeout. @param address the destination
    void QueryTimeout(Ipv6Address address);
    /**
     * Acknowledge a Location Notify.
     * @param notify the notify @param length its prefix's length
     * @param address its prefix @param ip its IPv6 header
     */
    void SendNotifyAck(const LocationManagementHeader& notify,
                       uint8_t length,
                       Ipv6Address address,
                       const Ipv6Header& ip);
    /// Remove an entry from the cache, its recency list and the locator counts.
    /// @param it the entry
    void Erase(std::unordered_map<Ipv6Address, Entry, Ipv6AddressBitsHash>::iterator it);
    /// Count one more (`up`) or one fewer entry locating destinations at `locator` (:: not).
    /// @param locator the locator @param up whether one more
    void CountLocator(Ipv6Address locator, bool up);
    /// Put an entry, evicting the least recently used when full. @param address destination
    /// @param locator locator (:: negative) @param lifetime how long (at most EntryLifetime
    /// unless `pushed`) @param pushed its server pushes changes @return the entry
    Entry& Put(Ipv6Address address, Ipv6Address locator, Time lifetime, bool pushed);
    /// Location Reply handler.
    void HandleReply(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Location Notify handler.
    void HandleNotify(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// @return 128 for a message from a server, 64 for one naming a mobile node (a proxy of
    /// the node that knows it takes it first), else -1 (MobilityL4Protocol claim)
    int Claim(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// Drop the packets waiting for an address. @param pending its query
    void DropWaiting(Pending& pending);

    uint32_t m_cacheSize;            //!< most entries
    Time m_entryLifetime;            //!< longest lifetime of an entry
    Time m_queryTimeout;             //!< first retransmission timeout
    uint32_t m_maxRetransmissions;   //!< retransmissions of a query
    uint32_t m_queueSize;            //!< packets waiting at most, over all queries
    FirstPacket m_firstPacket;       //!< miss policy
    std::string m_function;          //!< function name on the Mobility Header protocol
    Ptr<MobilityL4Protocol> m_l4;    //!< the node's Mobility Header protocol
    ForwardCallback m_forward;       //!< tunnels resolved waiting packets
    LocationCallback m_location;     //!< told of changed entries
    BindingCallback m_binding;       //!< told of the bindings FOLLOWED servers tell
    PrefixTable<Server> m_servers;   //!< prefix -> server
    std::vector<Ipv6Address> m_serverList; //!< servers (claims)
    std::vector<Ptr<LocationManagement>> m_authorities; //!< the truth, for stale counting
    std::unordered_map<Ipv6Address, Entry, Ipv6AddressBitsHash> m_entries; //!< the cache
    std::list<Ipv6Address> m_lru;    //!< most recently used first
    std::unordered_map<Ipv6Address, uint32_t, Ipv6AddressBitsHash> m_locators; //!< entries per
                                                                                //!< locator
    std::unordered_map<Ipv6Address, Pending, Ipv6AddressBitsHash> m_pending; //!< queries
    uint32_t m_waiting{0};           //!< packets queued over all queries
    uint16_t m_sequence{0};          //!< last query sequence number
    uint64_t m_hits{0};              //!< hits
    uint64_t m_misses{0};            //!< misses
    uint64_t m_viaHome{0};           //!< misses sent on via home
    uint64_t m_evictions{0};         //!< evictions
    uint64_t m_stale{0};             //!< stale deliveries
    uint64_t m_queries{0};           //!< queries sent
    uint64_t m_replies{0};           //!< replies taken
    uint64_t m_pushes{0};            //!< notifies taken
    uint64_t m_rejected{0};          //!< notifies ignored
    uint64_t m_drops{0};             //!< packets dropped
    uint64_t m_released{0};          //!< waiting packets tunnelled
    TracedCallback<const Ipv6Address&, const Ipv6Address&> m_queryTrace; //!< Query
    TracedCallback<const Ipv6Address&, const Ipv6Address&> m_replyTrace; //!< Reply
    TracedCallback<const Ipv6Address&, const Ipv6Address&> m_pushTrace;  //!< Push
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_LOCATION_CACHE_H */
