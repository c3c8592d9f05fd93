/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_LOCATION_TABLE_H
#define DMM_LOCATION_TABLE_H

#include "prefix-table.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <queue>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief An entry of the location database: where packets for a home network prefix (or a
 * home address, length 128) are to be sent, and until when.
 */
class LocationEntry
{
  public:
    /// Entry states.
    enum State : uint8_t
    {
        /// The locator may be used until the deadline, the end of the granted lifetime.
        REGISTERED = 0,
        /// Deregistered by a proxy: the locator is no longer used, but the entry (its mobile
        /// node identifier, sequence and timestamp) is kept until the deadline so that the
        /// next proxy's registration finds it (RFC 5213 5.3.5, MinDelayBeforeBCEDelete).
        DELETE_PENDING = 1,
    };

    /// What the locator is.
    enum LocatorKind : uint8_t
    {
        /// The mobile node's own care-of address (a host registration, RFC 6275).
        CARE_OF_ADDRESS = 0,
        /// The address of a proxy serving the mobile node on its link or below it (a MAG as in
        /// RFC 5213, a MAP as in RFC 5380): the proxy delivers to the mobile node itself.
        PROXY = 1,
        /// A mobility routing function that itself knows the care-of address: the
        /// hierarchical mapping home address -> MR -> care-of address (draft sections 4.3
        /// and 7), where a handover inside the MR's network changes only the MR's entry.
        MOBILITY_ROUTER = 2,
    };

    Ipv6Address prefix;          //!< home network prefix (or home address with length 128)
    Ipv6Address locator;         //!< where packets for the prefix go
    uint8_t prefixLength{64};    //!< the prefix length
    LocatorKind kind{CARE_OF_ADDRESS}; //!< what the locator is
    State state{REGISTERED};     //!< state
    bool proxy{false};           //!< registered by a proxy registration (P flag, RFC 5213)
    uint8_t accessTechnology{0}; //!< Access Technology Type of the last registration
    uint16_t sequence{0};        //!< last accepted sequence number
    uint64_t timestamp{0};       //!< last accepted Timestamp option (raw), 0 if none
    Time registered;             //!< time of the last accepted registration
    Time deadline;               //!< end of the lifetime (REGISTERED) or of the hold period
    std::string mnId;            //!< mobile node identifier ("" for host registrations)

    /// @return whether the locator may be used
    bool IsRegistered() const
    {
        return state == REGISTERED;
    }

    /// @return whether the entry is kept only for the next proxy's registration
    bool IsDeletePending() const
    {
        return state == DELETE_PENDING;
    }

    /// @return the lifetime granted by the last registration (REGISTERED), else zero
    Time GetLifetime() const
    {
        return IsRegistered() ? deadline - registered : Time(0);
    }

    /// @param state a state @return its name
    static std::string GetStateName(State state);
};

/**
 * @ingroup dmm
 * @brief The location database of a location management function: LocationEntry by home
 * network prefix, matched longest prefix first by hash (one probe per prefix length in use).
 *
 * Each entry holds its deadline; the table keeps one simulator event, at the earliest
 * deadline (a heap of deadlines, entries superseded by a later registration skipped when they
 * come up), not an event per entry. At its deadline a REGISTERED entry expires and a
 * DELETE_PENDING one is deleted. Every transition fires a trace source.
 */
class LocationTable : public Object
{
  public:
    /// Why an entry left the table.
    enum RemovalReason : uint8_t
    {
        REMOVED_DEREGISTERED = 0,     //!< deregistered (at once, or at the end of its hold)
        REMOVED_EXPIRED = 1,          //!< its lifetime ran out
        REMOVED_ADMINISTRATIVELY = 2, //!< removed by the model user
        REMOVED_LEASE_ENDED = 3,      //!< the lease of its address ran out or was released
    };

    /**
     * TracedCallback signature of EntryAdded and EntryUpdated.
     * @param entry the entry
     */
    typedef void (*EntryTracedCallback)(const LocationEntry& entry);
    /**
     * TracedCallback signature of StateChanged.
     * @param entry the entry (in its new state)
     * @param previous its previous state
     */
    typedef void (*StateTracedCallback)(const LocationEntry& entry,
                                        LocationEntry::State previous);
    /**
     * TracedCallback signature of EntryRemoved.
     * @param entry the entry removed
     * @param reason why
     */
    typedef void (*RemovedTracedCallback)(const LocationEntry& entry, RemovalReason reason);

    /// @return the object TypeId
    static TypeId GetTypeId();
    LocationTable();
    ~LocationTable() override;

    /**
     * @brief Register a prefix until now + lifetime: a new entry, or an update of the
     * existing one (REGISTERED again whatever its state).
     * @param registration the entry's fields (prefix, length, locator, kind, identifier,
     *        sequence, timestamp, access technology); its state, registration time and
     *        deadline are set here
     * @param lifetime the granted lifetime (positive)
     * @return the entry
     */
    const LocationEntry& MarkRegistered(const LocationEntry& registration, Time lifetime);
    /**
     * @brief Deregister an entry but keep it for a while (RFC 5213 5.3.5); a zero hold
     * removes it at once.
     * @param prefix the prefix @param length its length @param hold how long to keep it
     * @param sequence the deregistration's sequence number (kept for the freshness check of
     *        the next registration)
     * @return whether the entry exists
     */
    bool MarkDeletePending(Ipv6Address prefix, uint8_t length, Time hold, uint16_t sequence);
    /**
     * @brief Remove an entry.
     * @param prefix the prefix @param length its length @param reason why
     * @return whether an entry was removed
     */
    bool Remove(Ipv6Address prefix, uint8_t length, RemovalReason reason);

    /// @param prefix a prefix @param length its length @return its entry (any state), or nullptr
    const LocationEntry* Find(Ipv6Address prefix, uint8_t length) const;
    /**
     * @brief The REGISTERED entry of the longest prefix containing an address.
     * @param address an address (a home address)
     * @return the entry, or nullptr
     */
    const LocationEntry* Lookup(Ipv6Address address) const;
    /// @return number of entries (all states)
    uint32_t GetN() const;
    /// @return every entry, longest prefixes first
    std::vector<LocationEntry> GetEntries() const;
    /// @return the earliest deadline of an entry, or Time::Max() if none
    Time GetNextDeadline() const;
    /// @return deadlines held by the heap (entries and superseded ones not yet reached)
    size_t GetNDeadlines() const;

  protected:
    void DoDispose() override;

  private:
    /// A deadline in the heap.
    struct Deadline
    {
        int64_t at;          //!< the deadline (time steps)
        Ipv6Address prefix;  //!< the entry's prefix
        uint8_t length;      //!< its length

        /// @param other another deadline @return whether this one is later (a min-heap)
        bool operator>(const Deadline& other) const
        {
            return at > other.at;
        }
    };

    /// Set an entry's deadline and keep the timer at the earliest one.
    void SetDeadline(LocationEntry& entry, Time deadline);
    /// Keep the timer at the earliest live deadline.
    void Arm();
    /// The timer: expire or delete every entry whose deadline has come.
    void Fire();
    /// Rebuild the heap from the entries (drops superseded deadlines).
    void Compact();
    /// @param deadline a heap element @return whether it is its entry's current deadline
    bool IsLive(const Deadline& deadline) const;
    /// Drop superseded deadlines from the top of the heap.
    void Prune();
    /// @param entry an entry @param previous its state before a change
    void NotifyState(const LocationEntry& entry, LocationEntry::State previous);

    PrefixTable<LocationEntry> m_entries; //!< the entries
    std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> m_deadlines; //!< heap
    EventId m_timer;                      //!< at the earliest deadline
    int64_t m_timerAt{0};                 //!< when the timer fires
    TracedCallback<const LocationEntry&> m_addedTrace;   //!< a new entry
    TracedCallback<const LocationEntry&> m_updatedTrace; //!< a registration of an entry
    TracedCallback<const LocationEntry&, LocationEntry::State> m_stateTrace; //!< state change
    TracedCallback<const LocationEntry&, RemovalReason> m_removedTrace;      //!< removal
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_LOCATION_TABLE_H */
