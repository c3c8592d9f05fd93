/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_LOCATION_MANAGEMENT_H
#define DMM_LOCATION_MANAGEMENT_H

#include "location-management-header.h"
#include "location-table.h"
#include "mobility-header.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ns3
{

class Ipv6Header;
class Node;

namespace dmm
{

class HomeAddressAllocation;
class MobilityL4Protocol;
class MobilityRouting;

/**
 * @ingroup dmm
 * @brief The location management function (draft section 3, item 3): the binding database of
 * the home network prefixes (or home addresses) it serves, mapping each to a locator.
 *
 * The locator is the care-of address of a mobile node (MIPv6), the proxy care-of address of a
 * proxy (a MAG in PMIPv6, the MR of the visited network in HMIPv6 and in the hierarchical
 * mapping of draft section 7). Registrations are Binding Updates, processed as RFC 6275
 * section 9.5.1 (home registration) and RFC 5213 section 5.3 (proxy registration) say, and
 * answered with a Binding Acknowledgement:
 *
 * - a registration names its home network prefixes with Home Network Prefix options (a /128
 *   names a home address: this implementation has no Home Address destination option) and, for
 *   proxy registrations, the mobile node with a Mobile Node Identifier option;
 * - an all-zero Home Network Prefix asks for a prefix from the co-located allocation function;
 * - freshness: the Timestamp option when present (RFC 5213 5.5), else the sequence number
 *   modulo 2^16 (RFC 6275 9.5.1);
 * - lifetime 0 deregisters; a proxy deregistration keeps the entry for
 *   MinDelayBeforeBCEDelete so that the next proxy's registration finds it (RFC 5213 5.3.5).
 *
 * The care-of address is the Alternate Care-of Address option's when the registration carries
 * one, else the packet's source (RFC 6275 9.5.1); a registration whose care-of address is not a
 * unicast routable address (unspecified, loopback, link-local, multicast) is silently
 * discarded and counted. The locator's kind (LocationEntry::LocatorKind) is PROXY for proxy
 * registrations, MOBILITY_ROUTER for a locator declared with AddMobilityRouter (an MR that
 * itself knows the care-of address), else CARE_OF_ADDRESS.
 *
 * The bindings are a LocationTable (hash lookups, one timer): they expire at the end of their
 * lifetime. Every transition fires a trace source, here and on the table.
 *
 * Regional registrations (a mobility anchor point, RFC 5380, in its network-based form: the
 * function below a proxy that registers upward): with a prefix resolver
 * (SetPrefixResolver), a proxy registration asking for a prefix (all-zero Home Network
 * Prefix) of a mobile node this function does not know yet waits while the resolver obtains
 * the prefix upward, and is answered with it, or with the upward status, when Resolved is
 * called. Later requests for that mobile node (a handover between proxies below, a refresh)
 * are answered here at once with the same prefix, until its entry goes. A registration naming
 * a home network prefix for a mobile node this function no longer knows (after a restart, or
 * an expiry here while the proxy below kept its registration) also waits for the resolver,
 * and is refused (155) if upward holds another prefix for the node.
 *
 * Replication (a replicated database, HAHA's LM0 in draft section 4.5): every peer declared
 * with AddReplica receives a Location Replicate for each registration accepted here (a new
 * binding, a locator change, a refresh, a deregistration) and answers with a Location
 * Replicate Ack. A Replicate from a declared peer is applied to this table with the peer's
 * lifetime, sequence number and Timestamp, as the registration itself was (a stale one, older
 * than the entry, changes nothing and is acknowledged with SEQUENCE_NUMBER_OUT_OF_WINDOW); one
 * from any other node is dropped and counted. Registrations are replicated from the Binding
 * Update handler; ProcessBindingUpdate alone only changes this table. Replicates are not retransmitted: a lost one is repaired by the
 * mobile node's next refresh.
 *
 * On a home link (SetHomeLink: the co-located mobility routing function serves it), the first
 * home registration of a home address on that link is answered only after duplicate address
 * detection of the home address there (RFC 6275 10.3.1): accepted if it is unique, rejected
 * with status 134 (DUPLICATE_ADDRESS_DETECTION_FAILED) otherwise. Updates of an existing
 * binding are answered at once.
 */
class LocationManagement : public Object
{
  public:
    /// A binding cache entry.
    using Binding = LocationEntry;
    /// Why a binding left the database.
    using RemovalReason = LocationTable::RemovalReason;

    /**
     * TracedCallback signature of binding events.
     * @param prefix the home network prefix (or home address)
     * @param prefixLength its length
     * @param locator the locator
     */
    typedef void (*BindingTracedCallback)(const Ipv6Address& prefix,
                                          uint8_t prefixLength,
                                          const Ipv6Address& locator);

    /**
     * TracedCallback signature of RegistrationRejected.
     * @param bu the rejected Binding Update
     * @param status the Binding Acknowledgement status sent
     */
    typedef void (*RejectedTracedCallback)(const BindingUpdateHeader& bu, uint8_t status);
    /**
     * TracedCallback signature of RegistrationDiscarded.
     * @param bu the discarded Binding Update
     * @param careOfAddress its care-of address
     */
    typedef void (*DiscardedTracedCallback)(const BindingUpdateHeader& bu,
                                            const Ipv6Address& careOfAddress);
    /**
     * TracedCallback signature of replication events.
     * @param peer the peer the Replicate goes to (ReplicateSent) or came from
     *        (ReplicateApplied)
     * @param prefix the home network prefix
     * @param prefixLength its length
     * @param locator the locator replicated (:: for a removal)
     */
    typedef void (*ReplicateTracedCallback)(const Ipv6Address& peer,
                                            const Ipv6Address& prefix,
                                            uint8_t prefixLength,
                                            const Ipv6Address& locator);

    /// @return the object TypeId
    static TypeId GetTypeId();
    LocationManagement();
    ~LocationManagement() override;

    /**
     * @brief Run on a node without being aggregated to it: a second location management
     * function of the node (ns-3 aggregates one object per type), such as an anchor point's
     * regional bindings beside the node's home bindings. The node's MobilityL4Protocol hands
     * each function the messages it claims (Claim) and keeps this one until it is disposed.
     * An aggregated function starts by itself.
     * @param node a node with the ns3-dmm stack
     */
    void Install(Ptr<Node> node);

    /**
     * @brief Serve the home network prefixes inside a prefix (the home network).
     * @param network the prefix
     * @param length its length
     */
    void AddServedPrefix(Ipv6Address network, uint8_t length);
    /// @param address an address @return whether it lies in a served prefix
    bool IsServed(Ipv6Address address) const;
    /**
     * @brief Declare the address of a mobility routing function that registers mobile nodes
     * it knows the care-of addresses of: its registrations are entries of kind
     * MOBILITY_ROUTER (the hierarchical mapping of draft sections 4.3 and 7).
     * @param address the mobility routing function's address
     * @param length a prefix length below 128 declares every locator in the prefix (the
     *        regional care-of addresses an HMIPv6 MAP binds, RFC 5380)
     */
    void AddMobilityRouter(Ipv6Address address, uint8_t length = 128);
    /// Status bit of a Location Replicate: the entry is a proxy registration (RFC 5213).
    static constexpr uint8_t REPLICATE_PROXY = 0x80;

    /**
     * @brief Replicate the bindings registered here to a peer location management function,
     * and accept its Location Replicate messages (a replicated database).
     * @param peer the peer's address
     * @param local this function's address the peer declared for it (the source of the
     *        Replicates); :: lets routing choose
     */
    void AddReplica(Ipv6Address peer, Ipv6Address local = Ipv6Address::GetAny());
    /// @return the declared replication peers
    std::vector<Ipv6Address> GetReplicas() const;
    /// @return Location Replicate messages sent for a new binding, a locator change or a
    ///         deregistration
    uint64_t GetReplicatedChanges() const;
    /// @return Location Replicate messages sent for a refresh (same locator)
    uint64_t GetReplicatedRefreshes() const;
    /// @return Location Replicate messages applied to this table
    uint64_t GetReplicatesApplied() const;
    /// @return Location Replicate messages refused (from an undeclared peer, for an unserved
    ///         prefix, without the options they need, or stale)
    uint64_t GetReplicatesRefused() const;
    /// @return the binding database
    Ptr<LocationTable> GetTable() const;
    /// @return Binding Updates silently discarded (care-of address not unicast routable)
    uint64_t GetDiscarded() const;
    /// @return bindings removed because the lease of their address ended (draft section 6)
    uint64_t GetLeaseRemovals() const;
    /// @return Location Queries answered (draft section 7: the LM server's load)
    uint64_t GetQueriesAnswered() const;
    /// @return Location Notifies pushed to the caches of mobility routing functions
    uint64_t GetPushesSent() const;
    /**
     * @brief A security association with a proxy (a MAG), for RequireAuthentication: its
     * Proxy Binding Updates carry an RFC 4285 Mobility Message Authentication option under it
     * (standing in for RFC 5213's IPsec ESP between MAG and LMA; the Mobility Data's home
     * address is the unspecified address, the mobile node's identifier and prefix being in
     * the MH Data); unsigned or badly signed ones are refused with status 154
     * (MAG_NOT_AUTHORIZED_FOR_PROXY_REG), and accepted ones are acknowledged signed.
     * @param spi its Mobility SPI (256 or more)
     * @param key the shared key
     */
    void AddProxySecurityAssociation(uint32_t spi, const std::vector<uint8_t>& key);
    /**
     * @brief A security association with a mobile node (RFC 4285 MN-HA), for
     * RequireAuthentication.
     * @param spi its Mobility SPI (256 or more: 0-255 are reserved)
     * @param key the shared key
     * @param homeAddress the home address it may register
     */
    void AddSecurityAssociation(uint32_t spi,
                                const std::vector<uint8_t>& key,
                                Ipv6Address homeAddress);
    /**
     * @brief A security association with a mobile node for the regional care-of address it
     * registers with this function as a mobility anchor point (RFC 5380 section 10's MN-MAP
     * association), for RequireAuthentication: the addresses of a prefix (a /128: the one
     * address the node forms there).
     * @param spi its Mobility SPI (256 or more)
     * @param key the shared key
     * @param prefix the regional prefix
     * @param length its length
     */
    void AddRegionalSecurityAssociation(uint32_t spi,
                                        const std::vector<uint8_t>& key,
                                        Ipv6Address prefix,
                                        uint8_t length);
    /**
     * @brief A security association with a mobile node for the session addresses it
     * registers with this function (draft section 6), for RequireAuthentication: the
     * addresses an allocation of this function (AddAllocation) leased to its Mobile Node
     * Identifier, since they are leased at run time; an address leased to another mobile
     * node, or to none, fails authentication.
     * @param spi its Mobility SPI (256 or more)
     * @param key the shared key
     * @param owner the Mobile Node Identifier its leases are held by
     */
    void AddSessionSecurityAssociation(uint32_t spi,
                                       const std::vector<uint8_t>& key,
                                       const std::string& owner);
    /// @return Binding Updates that failed authentication (answered with status 146)
    uint64_t GetAuthenticationFailures() const;
    /// @return authenticated Binding Updates refused as stale: at or behind the last sequence
    /// number accepted under their association, kept beyond the binding (status 135; replays,
    /// and retransmissions of a registration already accepted)
    uint64_t GetReplaysRefused() const;
    /// @return authenticated Binding Updates refused by RFC 4285 replay protection
    /// (ReplayProtection: no timestamp, status 145, or one outside the window, status 144)
    uint64_t GetTimestampsRefused() const;
    /// @return proxies' Location Notifies sent again for want of an acknowledgement
    uint64_t GetNotifiesRetransmitted() const;
    /// @return proxies' Location Notifies given up unacknowledged (NotifyRetransmissions)
    uint64_t GetNotifiesUnacknowledged() const;
    /**
     * @brief Tell a mobility routing function every binding of an address on an access link
     * it anchors (dynamic mobility on a location server, draft sections 6 and 7: the addresses
     * sessions take there are registered here when their node leaves the link): a Location
     * Notify (Home Network Prefix: the bound prefix; Alternate Care-of Address: its locator;
     * the binding's lifetime) when one is created, moved or refreshed, and one with lifetime 0
     * when it is removed. Its location cache takes them as LocationCache::FOLLOWED.
     * @param prefix the link's prefix @param length its length
     * @param mr the function's address @param local this function's address it is told from
     */
    void WatchLink(Ipv6Address prefix, uint8_t length, Ipv6Address mr, Ipv6Address local);

    /**
     * Resolver of proxy registrations for unknown mobile nodes: called with the Mobile Node
     * Identifier (once per mobile node until Resolved).
     */
    using PrefixResolver = Callback<void, const std::string&>;
    /// @param resolver who obtains prefixes upward (a proxy registering this node's mobile
    /// nodes with their home location management)
    void SetPrefixResolver(PrefixResolver resolver);
    /**
     * @brief The end of a resolution: answer the waiting registration.
     * @param mnId the Mobile Node Identifier
     * @param prefix the home network prefix granted upward (:: if refused)
     * @param length its length
     * @param status the upward Binding Acknowledgement status (a rejection is passed down)
     * @return false when the waiting registration was refused (upward or here: no binding
     *         came of it), so that the resolver lets its upward registration go; true
     *         otherwise (accepted, or nothing was waiting)
     */
    bool Resolved(const std::string& mnId, Ipv6Address prefix, uint8_t length, uint8_t status);
    /**
     * @brief Remove a binding and tell the proxy holding it (Location Notify): the mobile node
     * is no longer reached through this function (its upward binding moved elsewhere).
     * @param prefix the prefix @param length its length @return whether a binding was removed
     */
    bool Withdraw(Ipv6Address prefix, uint8_t length);
    /// @param allocation the co-located allocation function (for all-zero HNP requests), in
    /// place of any before
    void SetAllocation(Ptr<HomeAddressAllocation> allocation);
    /**
     * @brief Add the allocation function of another network served (a replica serving several
     * home networks): an all-zero HNP request takes the prefix the mobile node already holds
     * in any of them, else a new one from the first.
     *
     * Bindings are bound to the allocation's leases (draft section 6): a registration of an
     * address leased on an access link must come from the lease's owner; one that would outlast
     * a lease renews it (when the allocation's Renewal allows) and is granted no longer than the
     * renewed lease; when a lease ends, the bindings in its prefix are removed.
     * @param allocation the allocation function
     */
    void AddAllocation(Ptr<HomeAddressAllocation> allocation);
    /**
     * @brief Serve a home link: the co-located mobility routing function is the home link's
     * proxy and runs duplicate address detection of home addresses on it (RFC 6275 10.3.1).
     * @param homeLink the mobility routing function serving the home link
     */
    void SetHomeLink(Ptr<MobilityRouting> homeLink);

    /**
     * @brief Process a registration (RFC 6275 9.5.1 / RFC 5213 5.3) and build the answer.
     * @param bu the Binding Update
     * @param source the registering node's address (the locator unless the Binding Update
     *        carries an Alternate Care-of Address option)
     * @return the Binding Acknowledgement (status, sequence, lifetime, options)
     */
    BindingAckHeader ProcessBindingUpdate(const BindingUpdateHeader& bu, Ipv6Address source);
    /**
     * @brief Process a registration received earlier (one that waited for duplicate address
     * detection or for a prefix from upward): its Timestamp option is checked against the
     * time it arrived.
     * @param bu the Binding Update @param source its source
     * @param received when it arrived
     * @return the Binding Acknowledgement
     */
    BindingAckHeader ProcessBindingUpdate(const BindingUpdateHeader& bu,
                                          Ipv6Address source,
                                          Time received);

    /**
     * @brief The binding covering an address (longest prefix).
     * @param address a home address
     * @return the registered binding, or nullptr
     */
    const Binding* Lookup(Ipv6Address address) const;
    /// @param address a home address @return the locator of its binding, or ::
    Ipv6Address GetLocator(Ipv6Address address) const;
    /// @return number of entries (all states)
    uint32_t GetNBindings() const;
    /// @return every entry
    std::vector<Binding> GetBindings() const;
    /// @param prefix entry prefix @param length its length @return whether one was removed
    bool Remove(Ipv6Address prefix, uint8_t length);
    /**
     * @brief The node restarts and its volatile state is lost: every binding (removed
     * administratively, and the routes it set up with it), each security association's
     * memory of the last sequence numbers accepted, the registrations not answered yet
     * (waiting for duplicate address detection or a prefix from upward), the Location
     * Notifies being retransmitted and which proxy registered which locator. Keys, served
     * prefixes and attributes are configuration and stay.
     */
    void Restart();

    /// Register the Binding Update handler with the node's MobilityL4Protocol.
    void Start();

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /// Handler of received Binding Updates.
    void HandleBindingUpdate(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /**
     * Process a registration and send the answers (the acknowledgement when asked or on
     * rejection, and the Location Notify of a proxy binding that moved).
     * @param bu the Binding Update
     * @param source its source (the locator)
     * @param destination the address it was sent to (the source of the answers)
     */
    /// @param received when the Binding Update arrived
    void Answer(const BindingUpdateHeader& bu,
                Ipv6Address source,
                Ipv6Address destination,
                Time received);
    /// @param bu a Binding Update @return the home address whose first home registration on
    /// the home link needs duplicate address detection, or :: if none does
    Ipv6Address NeedsDetection(const BindingUpdateHeader& bu) const;
    /// @param bu a host Binding Update @return the home address it names (its Home Network
    /// Prefix option of length 128), or :: if none
    static Ipv6Address HomeAddressOf(const BindingUpdateHeader& bu);
    /// End of a duplicate address detection. @param address the home address
    /// @param duplicate whether it is in use on the home link
    void DetectionDone(Ipv6Address address, bool duplicate);

    /// A registration waiting for duplicate address detection of its home address.
    struct Pending
    {
        BindingUpdateHeader bu;  //!< the latest Binding Update for the address
        Ipv6Address source;      //!< its source
        Ipv6Address destination; //!< its destination
        Time received;           //!< when it arrived
    };
    /// @param locator a binding's locator @return the proxy that registered it
    Ipv6Address RegistrarOf(Ipv6Address locator) const;
    /// Send a Location Notify to a proxy that no longer holds a binding.
    /// @param proxy the proxy @param source this node's address to send from (:: to let
    /// routing choose)
    /// @param entry the binding (identifier, prefix) @param current the new locator, or ::
    void SendNotify(Ipv6Address proxy,
                    Ipv6Address source,
                    const LocationEntry& entry,
                    Ipv6Address current);
    /// Answer a waiting registration with a rejection. @param pending the registration
    /// @param status the status
    void RejectPending(const Pending& pending, uint8_t status);
    /**
     * A lease of a co-located allocation ended: remove the bindings in its prefix.
     * @param key the lease's key @param prefix its prefix @param length its length
     */
    void LeaseEnded(const std::string& key, const Ipv6Address& prefix, uint8_t length);
    /**
     * The lease rules of AddAllocation for a registration.
     * @param prefix the registered prefix @param mnId the registering mobile node (may be empty)
     * @param granted the lifetime to grant, shortened to a renewed lease's
     * @return false when the address lies on a leased link but is not leased to @p mnId
     */
    bool ApplyLease(Ipv6Address prefix, const std::string& mnId, Time& granted);
    /**
     * Location Query handler: a Location Reply with the binding's locator (Alternate Care-of
     * Address option) and remaining lifetime, or status NO_BINDING; with PushToCaches the
     * asker is remembered for the binding's changes.
     */
    void HandleQuery(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /**
     * Tell the mobility routing functions that asked for a binding that it changed
     * (PushToCaches; a Location Notify each).
     * @param prefix the binding's prefix @param length its length
     * @param locator the new locator (:: removed) @param lifetime its lifetime
     */
    void Push(Ipv6Address prefix, uint8_t length, Ipv6Address locator, Time lifetime);
    /// The table removed an entry. @param entry the entry @param reason why
    void EntryRemoved(const LocationEntry& entry, LocationTable::RemovalReason reason);
    /**
     * @param bu a Binding Update @param source its source
     * @return the care-of address it registers: its Alternate Care-of Address option's, else
     * the source (RFC 6275 9.5.1)
     */
    static Ipv6Address CareOfAddressOf(const BindingUpdateHeader& bu, Ipv6Address source);
    /// @param address a care-of address @return whether it is unicast routable
    static bool IsRoutableUnicast(Ipv6Address address);
    /// Answer with a status. @return the BA
    BindingAckHeader Reject(const BindingUpdateHeader& bu, uint8_t status, uint16_t sequence);
    /// Location Notify Ack handler: the Notify it answers is no longer awaited.
    void HandleNotifyAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Send a Location Replicate of an entry (or of its removal) to every peer.
    /// @param entry the entry as registered @param lifetime its lifetime (0: removed)
    /// @param change whether the locator changed (else a refresh)
    void Replicate(const LocationEntry& entry, Time lifetime, bool change);
    /// Store a registration and fire BindingAdded or BindingUpdated.
    /// @param entry the entry @param lifetime its lifetime @param isNew whether it is new
    void Register(const LocationEntry& entry, Time lifetime, bool isNew);
    /// Deregister an entry: removed, or kept for MinDelayBeforeBCEDelete when it is a proxy
    /// registration (RFC 5213 5.3.5). @param existing the entry @param sequence the
    /// deregistration's sequence number
    void Deregister(const LocationEntry& existing, uint16_t sequence);
    /// Register the Location Replicate and Replicate Ack handlers.
    void RegisterReplicaHandlers();
    /**
     * @brief This function's claim on a received message (MobilityL4Protocol::ClaimCallback):
     * a Binding Update of a kind it takes (host or proxy registration) or a Location Notify
     * Ack by the longest served prefix holding its Home Network Prefix (an all-zero one: 1
     * when an allocation leased a prefix to its Mobile Node Identifier, else 0 with an upward
     * resolver), a Location Notify Ack 1 when it answers a Location Notify this function
     * sent (no prefix: 0), a Location Replicate or Replicate Ack 128 from a declared peer;
     * else -1.
     * @param message the message @param ip its IPv6 header @return the claim
     */
    int Claim(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// @param address an address @return the longest served prefix length holding it, or -1
    int ServedLength(Ipv6Address address) const;
    /// Location Replicate handler: apply a peer's binding.
    void HandleReplicate(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Location Replicate Ack handler (nothing to do: replicates are not retransmitted).
    void HandleReplicateAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);

    /// A proxy binding that moved to another proxy: the previous one is told (Location Notify).
    struct Move
    {
        Ipv6Address previous;  //!< previous proxy (:: if none pending)
        Ipv6Address current;   //!< new proxy
        std::string mnId;      //!< Mobile Node Identifier
        Ipv6Address prefix;    //!< prefix
        uint8_t prefixLength;  //!< its length
        uint16_t sequence;     //!< sequence of the registration
        uint64_t timestamp;    //!< its Timestamp option, raw (0: none)
    };
    Move m_move{};                                         //!< move to notify

    /// The change the last registration made, for the replication peers.
    struct Replication
    {
        bool pending{false};   //!< a registration was accepted and is to be replicated
        LocationEntry entry;   //!< the entry as registered (prefix, locator, kind, sequence)
        Time lifetime;         //!< granted lifetime (0: deregistered)
        bool change{false};    //!< new binding, locator change or removal (else a refresh)
    };
    Replication m_replication{};                           //!< replication to send

    std::vector<std::pair<Ipv6Address, uint8_t>> m_served; //!< served prefixes
    std::vector<Ptr<HomeAddressAllocation>> m_allocations; //!< co-located allocations
    /// Location Notifies sent and not yet acknowledged: (proxy, sequence number)
    std::set<std::pair<Ipv6Address, uint16_t>> m_notified;
    /// A proxy's Location Notify awaiting its acknowledgement.
    struct NotifyRetry
    {
        LocationManagementHeader message; //!< the notify
        Ipv6Address source;               //!< its source
        uint32_t sent{0};                 //!< times sent
        Time timeout;                     //!< the current wait
        EventId timer;                    //!< the retransmission
    };
    /// (proxy, mobile node, prefix, sequence number): proxies' sequence numbers start again at
    /// each attachment and for each registration (a mobile node's home network prefix, each
    /// of its session addresses), so notifies to one proxy may share one
    using NotifyKey = std::tuple<Ipv6Address, std::string, Ipv6Address, uint16_t>;
    std::map<NotifyKey, NotifyRetry> m_notifyRetries; //!< notifies awaiting acknowledgement
    Time m_notifyTimeout;                      //!< first wait for a notify's acknowledgement
    Time m_maxNotifyTimeout{Seconds(32)};      //!< the longest wait
    uint32_t m_notifyRetransmissions{8};       //!< resends before giving up
    uint64_t m_notifiesRetransmitted{0};       //!< notifies sent again
    uint64_t m_notifiesUnacknowledged{0};      //!< notifies given up
    /// Send a proxy's notify again, or give it up. @param key which
    void RetransmitNotify(NotifyKey key);
    /// @param proxy a proxy @param sequence a Location Notify Ack's sequence number
    /// @return whether a notify to it with that sequence number awaits its acknowledgement
    bool AwaitsNotifyAck(Ipv6Address proxy, uint16_t sequence) const;
    /// Stop notifying a proxy about a prefix of a mobile node (it registered it again).
    /// @param proxy the proxy @param mnId the mobile node @param prefix the prefix
    void CancelNotifies(Ipv6Address proxy, const std::string& mnId, Ipv6Address prefix);
    /// locators named in an Alternate Care-of Address option of a proxy registration (a
    /// per-host locator) -> the proxy that named them, which Location Notifies go to
    std::map<Ipv6Address, Ipv6Address> m_registrars;
    /// bound of m_notified (forgotten all at once when reached)
    static constexpr std::size_t MAX_NOTIFIES_AWAITED = 4096;
    Ptr<MobilityRouting> m_homeLink;                       //!< home link proxy (DAD)
    std::map<Ipv6Address, Pending> m_pending;              //!< registrations awaiting DAD
    PrefixResolver m_resolver;                             //!< upward prefix resolution
    std::map<std::string, Pending> m_resolving;            //!< registrations awaiting it
    /// Prefixes resolved upward, by Mobile Node Identifier, while their entry lasts
    std::map<std::string, std::pair<Ipv6Address, uint8_t>> m_granted;
    Ptr<LocationTable> m_table;                            //!< the binding database
    std::unordered_set<Ipv6Address, Ipv6AddressBitsHash> m_mobilityRouters; //!< declared MRs
    std::vector<std::pair<Ipv6Address, Ipv6Prefix>> m_mobilityRouterPrefixes; //!< MRs' prefixes
    /// replication peers, each with this function's address it knows (:: if routing chooses)
    std::vector<std::pair<Ipv6Address, Ipv6Address>> m_replicas;
    uint64_t m_replicatedChanges{0};      //!< Replicates sent: new, moved or removed bindings
    uint64_t m_replicatedRefreshes{0};    //!< Replicates sent: refreshes
    uint64_t m_replicatesApplied{0};      //!< Replicates applied here
    uint64_t m_replicatesRefused{0};      //!< Replicates refused
    uint64_t m_discarded{0};            //!< Binding Updates silently discarded
    /// An RFC 4285 MN-HA security association.
    struct SecurityAssociation
    {
        std::vector<uint8_t> key;  //!< the shared key
        Ipv6Address homeAddress;   //!< the home address it may register, or their prefix
        uint8_t homeLength{128};   //!< the prefix's length (128: that address alone)
        std::string owner;         //!< else the addresses leased to this identifier
        bool proxy{false};         //!< a proxy's (MAG-LMA) rather than a mobile node's
        /// the last sequence number accepted under it, per address registered (RFC 6275
        /// 9.5.1: one sequence per binding)
        std::map<Ipv6Address, uint16_t> accepted;
    };
    /// @param sa a mobile node's association @param address an address registered under it
    /// @return whether the association may register it
    bool Authorises(const SecurityAssociation& sa, Ipv6Address address) const;
    /**
     * Keep an association under its SPI (std::invalid_argument for a reserved SPI or no key).
     * @param caller the public method, for the error @param spi the SPI @param key the key
     * @param sa what it authorises
     */
    void KeepAssociation(const std::string& caller,
                         uint32_t spi,
                         const std::vector<uint8_t>& key,
                         SecurityAssociation sa);
    uint64_t m_replaysRefused{0}; //!< stale authenticated Binding Updates with no binding
    /**
     * Sign an answer to an authenticated host registration under its association
     * (RequireAuthentication), which remembers an accepted registration's sequence number.
     * @param ba the answer @param bu the registration @param source its source address
     */
    void SignAnswer(BindingAckHeader& ba, const BindingUpdateHeader& bu, Ipv6Address source);
    /// @param bu a Binding Update @return its security association (RequireAuthentication,
    /// a host registration with a known SPI), or nullptr
    const SecurityAssociation* AssociationOf(const BindingUpdateHeader& bu) const;
    std::map<uint32_t, SecurityAssociation> m_securityAssociations; //!< by SPI
    bool m_requireAuthentication{false}; //!< host registrations must be authenticated
    bool m_replayProtection{false};      //!< RFC 4285 timestamps required (with the above)
    Time m_replayProtectionWindow;       //!< RFC 4285 section 6 window
    uint64_t m_timestampsRefused{0};     //!< refused for a missing or stale timestamp
    uint64_t m_authFailures{0};          //!< Binding Updates that failed authentication
    /// @param bu a host registration @param coa its care-of address
    /// @return whether it carries a valid MN-HA authenticator of an association of its home
    /// address
    bool Authenticate(const BindingUpdateHeader& bu, Ipv6Address coa) const;
    uint64_t m_leaseRemovals{0};        //!< bindings removed at the end of their lease
    bool m_pushToCaches{false};         //!< push binding changes to the MRs that asked
    /// per binding, the mobility routing functions that asked for it (PushToCaches), each with
    /// the address of this function it asked (the source of the pushes, which its cache
    /// accepts from that address only)
    std::map<std::pair<Ipv6Address, uint8_t>, std::map<Ipv6Address, Ipv6Address>> m_holders;
    static constexpr size_t MAX_HOLDERS = 1024; //!< askers remembered per binding
    uint16_t m_pushSequence{0};         //!< last Location Notify sequence pushed
    /// A link whose bindings a mobility routing function is told of (WatchLink).
    struct Watcher
    {
        Ipv6Address prefix; //!< the link's prefix
        Ipv6Prefix mask;    //!< its length
        Ipv6Address mr;     //!< the function told
        Ipv6Address local;  //!< this function's address it is told from
    };
    std::vector<Watcher> m_watchers; //!< links watched
    /// Tell the watchers of a binding's link. @param prefix the binding's prefix
    /// @param length its length @param locator its locator (:: removed) @param lifetime its
    /// lifetime
    void TellWatchers(Ipv6Address prefix, uint8_t length, Ipv6Address locator, Time lifetime);
    /// Send one Location Notify. @param to the receiver @param from this function's address
    /// @param prefix the prefix @param length its length @param locator the locator (::
    /// removed) @param lifetime the lifetime
    void SendLocationNotify(Ipv6Address to,
                            Ipv6Address from,
                            Ipv6Address prefix,
                            uint8_t length,
                            Ipv6Address locator,
                            Time lifetime);
    uint64_t m_queriesAnswered{0};      //!< Location Queries answered
    uint64_t m_pushesSent{0};           //!< Location Notifies pushed
    Time m_maxLifetime;                 //!< longest lifetime granted
    Time m_minDelayBeforeDelete;        //!< RFC 5213 MinDelayBeforeBCEDelete
    Time m_timestampValidityWindow;     //!< RFC 5213 TimestampValidityWindow
    Time m_epochOffset;                 //!< simulated time of 1970-01-01 offset for timestamps
    bool m_proxyRegistrationEnabled;    //!< accept proxy registrations
    bool m_hostRegistrationEnabled;     //!< accept host registrations
    bool m_started{false};              //!< handler registered
    Ptr<MobilityL4Protocol> m_l4;       //!< the node's protocol when installed, not aggregated
    /// @return the node's Mobility Header protocol (nullptr if none)
    Ptr<MobilityL4Protocol> L4() const;
    std::string m_function;             //!< name in signalling counts
    TracedCallback<const Ipv6Address&, uint8_t, const Ipv6Address&> m_addedTrace;
    TracedCallback<const Ipv6Address&, uint8_t, const Ipv6Address&> m_updatedTrace;
    TracedCallback<const Ipv6Address&, uint8_t, const Ipv6Address&> m_deregisteredTrace;
    TracedCallback<const Ipv6Address&, uint8_t, const Ipv6Address&> m_removedTrace;
    TracedCallback<const BindingUpdateHeader&, uint8_t> m_rejectedTrace;
    TracedCallback<const BindingUpdateHeader&, const Ipv6Address&> m_discardedTrace;
    /// AuthenticationFailed
    TracedCallback<const BindingUpdateHeader&, const Ipv6Address&> m_authFailedTrace;
    /// Replicate events: peer, prefix, its length, locator (:: for a removal)
    TracedCallback<const Ipv6Address&, const Ipv6Address&, uint8_t, const Ipv6Address&>
        m_replicateSentTrace;
    /// Replicates applied: source peer, prefix, its length, locator (:: for a removal)
    TracedCallback<const Ipv6Address&, const Ipv6Address&, uint8_t, const Ipv6Address&>
        m_replicateAppliedTrace;
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_LOCATION_MANAGEMENT_H */
