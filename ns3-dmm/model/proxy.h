/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_PROXY_H
#define DMM_PROXY_H

#include "location-table.h"
#include "policy-store.h"
#include "registration-client.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <vector>
#include <string>
#include <tuple>

namespace ns3
{

class Ipv6;
class Ipv6Header;

namespace dmm
{

class MobilityHeader;
class LocationManagement;

/**
 * @ingroup dmm
 * @brief A proxy between location management and mobile nodes (draft section 2.2): to the
 * location management function it behaves like the mobile node, to the mobile node like the
 * location management function. Placed on an access router it is the mobile access gateway of
 * network-based mobility (RFC 5213).
 *
 * - Attachment: the association of a station with the access point on the access interface
 *   (ApWifiMac's AssociatedSta). The mobile node is named by a Mobile Node Identifier made of
 *   its MAC address and the Domain.
 * - Registration: a Proxy Binding Update (A, H, P flags; Mobile Node Identifier, Home Network
 *   Prefix — all zero the first time, asking for one —, Handoff Indicator, Access Technology
 *   Type, Mobile Node Link-layer Identifier, Timestamp) to the parent location management
 *   function, retransmitted with exponential back-off, refreshed at RefreshFraction of the
 *   granted lifetime.
 * - Once acknowledged: the home network prefix is routed out of the access interface, packets
 *   from it are reverse-tunnelled to the parent (through the node's MobilityRouting), and the
 *   mobile node is given the prefix by a unicast Router Advertisement.
 * - Detachment: a Location Notify from the parent saying the binding moved to another proxy
 *   (the access point never learns that a station left) ends the proxy's state for the node.
 *   With DetachmentProbeInterval, detachment detection by Neighbor Unreachability Detection
 *   (RFC 5213 6.9.1.1): a unicast Neighbor Solicitation to each attached node's link-local
 *   address every interval; MaxDetachmentProbes unanswered in a row and the node has left:
 *   its registrations are deregistered and then let go. A notify is then checked by a probe:
 *   an answer within DetachmentProbeTimeout registers the node again (its binding was taken
 *   by a late registration elsewhere), silence lets it go.
 *
 * Triggered from below instead (ServeBelow: a mobility anchor point of RFC 5380 in its
 * network-based form, the MR of a visited network acting as proxy): the node's own
 * LocationManagement takes the proxy registrations of the proxies below (the regional
 * bindings, which the node's MobilityRouting follows down to them). When it meets a mobile
 * node it does not know, this proxy registers it with the parent (its locator: this node) and
 * the answer, with the home network prefix, is passed down. Handovers between the proxies
 * below change only the regional binding; the parent hears of the mobile node again only when
 * it comes under another anchor point (its Location Notify withdraws the regional binding,
 * whose proxy below is told in turn). Packets from the prefix arriving through the tunnel from
 * below are reverse-tunnelled on to the parent.
 *
 * Session addresses (dynamic mobility, draft section 6, network-based): a mobile node's
 * session takes the address it formed on the access link of the network where the session
 * starts, listed in the domain's policy store (PolicyStore::AddSessionAddress). A proxy on an
 * access router the node attaches to registers each listed address formed on another link
 * (a Proxy Binding Update naming it as a /128 Home Network Prefix, one registration each,
 * with the parent SetParentForPrefix names for it, else the node's), routes it out of the
 * access interface to the node and reverse-tunnels packets from it; one formed on its own
 * link is registered once to take the binding from the anchor point holding it and then
 * deregistered, so that it is on-link again. An anchor point above registers each session
 * address the proxies below register with it (a regional binding of a /128 for which
 * SetParentForPrefix names a parent) upward with that parent, and lets it go when the
 * regional binding goes. EndSession deregisters an address whose last session ended.
 */
class Proxy : public Object
{
  public:
    /// Per mobile node state
    enum State : uint8_t
    {
        REGISTERING = 0, //!< Proxy Binding Update outstanding
        REGISTERED = 1,  //!< acknowledged; prefix routed and advertised
        FAILED = 2,      //!< rejected or unanswered
    };

    /// A mobile node attached through this proxy.
    struct Attachment
    {
        Mac48Address mac;          //!< link-layer address (none for a registration from below)
        bool below{false};         //!< registered for a proxy below (ServeBelow)
        Ipv6Address parent;        //!< who it is registered with (ParentFor)
        std::string mnId;          //!< Mobile Node Identifier
        Ipv6Address prefix;        //!< home network prefix (:: until granted)
        uint8_t prefixLength{64};  //!< its length
        State state{REGISTERING};  //!< state
        Time attached;             //!< time of the association
        Ptr<RegistrationClient> client; //!< its registration with the parent
        uint64_t timestamp{0};          //!< Timestamp of the last Proxy Binding Update sent
        bool session{false};  //!< a session address (prefix: the address, a /128)
        bool returning{false}; //!< a session address on its own link: deregistered once bound
        bool installed{false}; //!< a session address's routes are set up
        bool leaving{false};   //!< deregistering: the node left (detachment detection)
    };

    /// Detachment detection of an attached mobile node (DetachmentProbeInterval).
    struct Presence
    {
        uint32_t unanswered{0}; //!< probes in a row without a Neighbor Advertisement
        Time sent;              //!< when the last periodic probe went
        EventId probe;          //!< the next probe
        EventId confirm;        //!< a notify's confirmation outstanding
        std::vector<std::string> confirming; //!< the registrations the notify was about
    };

    /**
     * TracedCallback signature of the attachment traces.
     * @param mnId the Mobile Node Identifier
     * @param prefix its home network prefix (:: if none yet)
     */
    typedef void (*AttachmentTracedCallback)(const std::string& mnId, const Ipv6Address& prefix);
    /**
     * TracedCallback signature of BindingUpdate.
     * @param mnId the Mobile Node Identifier
     * @param sequence the sequence number
     * @param lifetime the requested lifetime
     */
    typedef void (*UpdateTracedCallback)(const std::string& mnId, uint16_t sequence, Time lifetime);
    /**
     * TracedCallback signature of BindingAck.
     * @param mnId the Mobile Node Identifier
     * @param sequence the sequence number
     * @param status the status
     */
    typedef void (*AckTracedCallback)(const std::string& mnId, uint16_t sequence, uint8_t status);

    /// @return the object TypeId
    static TypeId GetTypeId();
    Proxy();
    ~Proxy() override;

    /// Start: hook the access point and the Mobility Header protocol.
    void Start();
    /// @param mac a station's address: register it as if it had just associated
    void Attach(Mac48Address mac);
    /**
     * @brief Take the registrations of the proxies below through a location management
     * function on this node, and register the mobile nodes it meets with the parent. Call
     * before Start; the AccessInterface is then optional.
     * @param regional the location management function taking the registrations from below
     */
    void ServeBelow(Ptr<LocationManagement> regional);
    /**
     * @brief A mobile node's policy profile (RFC 5213 6.2): the location management function
     * it is registered with, when not the Parent (mobile nodes of several home networks).
     * @param mnId the Mobile Node Identifier
     * @param parent the address of its location management function (or next proxy)
     */
    void SetParentFor(const std::string& mnId, Ipv6Address parent);
    /**
     * @brief The domain's policy store (RFC 5213 2.2), whose profiles name the mobile nodes'
     * home networks (SetParentForHome).
     * @param store the policy store shared by the domain's proxies
     */
    void UsePolicyStore(Ptr<PolicyStore> store);
    /**
     * @brief The location management function (or next proxy) the mobile nodes are
     * registered with whose policy profile names `homeNetwork`.
     * @param homeNetwork a home network, as the policy store names it
     * @param parent the address of its location management function (or next proxy)
     */
    void SetParentForHome(const std::string& homeNetwork, Ipv6Address parent);
    /// @param mnId a Mobile Node Identifier @return the parent set for it (SetParentFor; ::
    /// none)
    Ipv6Address GetOwnParentFor(const std::string& mnId) const;
    /// @param homeNetwork a home network @return the parent for it (:: none)
    Ipv6Address GetParentForHome(const std::string& homeNetwork) const;
    /// @param mnId a Mobile Node Identifier @return who it is registered with: the parent
    /// set for it (SetParentFor), else the one for its profile's home network
    /// (SetParentForHome), else the Parent
    Ipv6Address GetParentFor(const std::string& mnId) const;
    /**
     * @brief Where the packets of the mobile nodes registered with a parent are
     * reverse-tunnelled, when not to the parent itself: a location server (draft section 7)
     * keeps the bindings but forwards nothing; the mobility routing function anchoring the
     * home network does.
     * @param parent the parent @param anchor the reverse tunnels' end point
     */
    void SetUplinkAnchor(Ipv6Address parent, Ipv6Address anchor);
    /**
     * @brief The parent of the session addresses in a prefix (the location management
     * function of the network whose access links they were formed on).
     * @param prefix the prefix @param length its length (1-128) @param parent its address
     */
    void SetParentForPrefix(Ipv6Address prefix, uint8_t length, Ipv6Address parent);
    /// @param address a session address @return the parent SetParentForPrefix names for it
    /// (the longest match; :: none)
    Ipv6Address GetParentForPrefix(Ipv6Address address) const;
    /**
     * @brief The last session on a session address of a mobile node ended: this proxy
     * deregisters the address if it registers it.
     * @param mnId the Mobile Node Identifier @param address the session address
     * @return whether a deregistration was sent
     */
    bool EndSession(const std::string& mnId, Ipv6Address address);
    /// @return session addresses registered through this proxy now (from below included)
    uint32_t GetNSessionAddresses() const;
    /// @param mnId a Mobile Node Identifier @return Proxy Binding Updates this proxy sent
    /// for its session addresses as the proxy it attached to (retransmissions included)
    uint64_t GetSessionUpdatesSent(const std::string& mnId) const;
    /// @param mac a station's address @return whether it is registered through this proxy
    bool IsRegistered(Mac48Address mac) const;
    /**
     * @brief The node restarts and the proxy's volatile state is lost: every attachment, with
     * its registration (stopped without a message), the home network prefix on the access
     * link, the session addresses' host routes and the reverse tunnels. Then the stations
     * associated with the access point (which kept beaconing: a restart of the router, not of
     * the radio) are met again, as at their association: registered anew, their prefix
     * advertised once acknowledged. An anchor point meets the mobile nodes below again at
     * the next registration from below (its regional bindings restart with the node's
     * LocationManagement).
     */
    void Restart();
    /// @param mac a station's address @return its home network prefix (:: if none)
    Ipv6Address GetPrefix(Mac48Address mac) const;
    /// @return number of mobile nodes registered through this proxy
    uint32_t GetNRegistered() const;
    /// @return Router Solicitations from registered mobile nodes answered with their
    ///         unicast Router Advertisement
    uint64_t GetNSolicitationsAnswered() const;
    /// @return Location Notifies dropped for coming from no parent (CheckNotifySource)
    uint64_t GetNotifiesRefused() const;
    /// @return Neighbor Solicitations sent to detect detachment (DetachmentProbeInterval)
    uint64_t GetDetachmentProbes() const;
    /// @return mobile nodes found gone by detachment detection (deregistered and let go)
    uint64_t GetDetachmentsDetected() const;
    /// @return Location Notifies about a mobile node that still answered here (registered
    ///         again instead of let go)
    uint64_t GetNotifiesContradicted() const;
    /**
     * @brief A security association with a parent (MAG-LMA): Proxy Binding Updates to it
     * carry an RFC 4285 Mobility Message Authentication option under it, and its Proxy
     * Binding Acknowledgements are taken only when theirs verifies (others are dropped and
     * counted: GetAuthenticationFailures). Stands in for RFC 5213's IPsec ESP.
     * @param parent the parent's address (as registered with)
     * @param spi the Mobility SPI (256 or more)
     * @param key the shared key
     */
    void AddSecurityAssociation(Ipv6Address parent, uint32_t spi, const std::vector<uint8_t>& key);
    /// @return acknowledgements dropped for failing authentication
    uint64_t GetAuthenticationFailures() const;
    /**
     * @brief Also take Location Notifies from this address (CheckNotifySource): an address
     * of a location management function's node other than the one registered with (a
     * replica's own address in an anycast group, another interface's).
     * @param address the address
     */
    void AddNotifier(Ipv6Address address);
    /// @return every parent address configured (the default, per home network, per mobile
    /// node)
    std::vector<Ipv6Address> GetParents() const;
    /**
     * @brief Per-host locators for header rewrite (draft section 8, design 3,
     * [I-D.dmm-nat-phl]): each mobile node this proxy registers gets a /64 of `block` (the
     * same one whenever it comes back), named as the care-of address of its Proxy Binding
     * Updates in an Alternate Care-of Address option (RFC 6275 6.2.5; the binding's locator
     * is then the /64's address ::1, and the acknowledgement still comes to the source). Once
     * the prefix is granted, the node's MobilityRouting is the egress of the locator
     * (MobilityRouting::AddHostLocator), for as long as this proxy lives. A mobile node met
     * when the block is used up is not registered (FAILED, counted).
     * A granted prefix that is not a /64 gets no mapping (counted as refused). Each session
     * address (dynamic mobility) registered here gets a /64 of its own, standing for the /64
     * of the address: the rewrite keeps the interface identifier (checksum-neutral), so that
     * the egress restores exactly that address, whichever other nodes' addresses share its
     * link prefix.
     * @param block the locator block, routed to this node @param length its length (1 to 63)
     */
    void UseHostLocators(Ipv6Address block, uint8_t length);
    /// @return per-host locators given (to mobile nodes and session addresses), and
    /// registrations refused for want of one @param refused whether to count the refused
    uint32_t GetHostLocators(bool refused = false) const;

  protected:
    void DoDispose() override;

  private:
    /// ApWifiMac AssociatedSta trace.
    void StationAssociated(uint16_t aid, Mac48Address mac);
    /// Send the Proxy Binding Update of an attachment, for its registration client.
    /// @param key the attachment's key @param sequence the sequence number
    /// @param lifetime the lifetime to ask (zero: a deregistration) @return whether sent
    bool SendProxyBindingUpdate(std::string key, uint16_t sequence, Time lifetime);
    /// An attachment's registration changes state. @param key the attachment's key
    /// @param previous its previous state @param state its new state
    /// @param pba the acknowledgement that caused it, or nullptr
    void RegistrationChanged(std::string key,
                             RegistrationClient::State previous,
                             RegistrationClient::State state,
                             const BindingAckHeader* pba);
    /// @param a an attachment @param key its key @return its registration client
    Ptr<RegistrationClient> Client(Attachment& a, const std::string& key);
    /// A mobile node met below: register it upward. @param mnId its identifier
    void RegisterFromBelow(const std::string& mnId);
    /// The regional binding of a mobile node below is gone.
    void RegionalRemoved(const LocationEntry& entry, LocationTable::RemovalReason reason);
    /// Deregister an attachment that is leaving, unless it was replaced or came back meanwhile.
    /// @param key its key @param client the registration it had
    void Deregister(std::string key, Ptr<RegistrationClient> client);
    /// Tell the regional function the outcome of an upward registration.
    /// @param a the attachment @param status the outcome
    /// @return false if the regional function refused the registration it was made for
    bool TellRegional(const Attachment& a, uint8_t status);
    /// Proxy Binding Acknowledgement handler.
    void HandleAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Location Notify handler (the binding moved away).
    void HandleNotify(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /**
     * @brief This function's claim on a received message (MobilityL4Protocol::ClaimCallback):
     * 128 for a Proxy Binding Acknowledgement or Location Notify naming (by Mobile Node
     * Identifier or home network prefix) a mobile node it serves; else -1.
     * @param message the message @param ip its IPv6 header @return the claim
     */
    int Claim(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// Route, reverse-tunnel and advertise a granted prefix. @param a the attachment
    void Install(Attachment& a);
    /// @return the access interface's link-local address (:: if it has none)
    Ipv6Address AccessLinkLocal() const;
    /// Start detachment detection of a station (DetachmentProbeInterval). @param mac it
    void StartProbing(Mac48Address mac);
    /// Probe a station, or find it gone after MaxDetachmentProbes unanswered. @param mac it
    void Probe(Mac48Address mac);
    /// Send a Neighbor Solicitation to a station's link-local address. @param mac it
    void SendProbe(Mac48Address mac);
    /// A Neighbor Advertisement or Router Solicitation from a link-local address.
    /// @param source the address
    void Heard(Ipv6Address source);
    /// A station gone: its registrations deregistered, then let go. @param mac it
    void NodeLeft(Mac48Address mac);
    /// A notify's confirmation ran out without an answer: the registrations it was about are
    /// let go. @param mac the station
    void ConfirmTimeout(Mac48Address mac);
    /// Remove the state of an attachment. @param key its key @param withdraw whether a
    /// registration from below withdraws its regional binding (the proxy below is told)
    void Detach(const std::string& key, bool withdraw = true);
    /// Send a unicast Router Advertisement with the prefix. @param a the attachment
    void SendRouterAdvertisement(const Attachment& a);
    /// The ICMPv6 socket on the access link has packets: a Router Solicitation from a
    /// registered mobile node's link-local address is answered with its unicast Router
    /// Advertisement (RFC 5213 6.7, RFC 4861 6.2.6). @param socket the socket
    void HandleSolicitation(Ptr<Socket> socket);
    /// @return the local end point (proxy care-of address)
    Ipv6Address ProxyCareOfAddress();
    /// @param a an attachment @return the proxy's address in its prefix (prefix::1)
    static Ipv6Address RouterAddress(const Attachment& a);
    /// @param mac MAC address @return the attachment's map key
    static std::string Key(Mac48Address mac);
    /// @param mnId a Mobile Node Identifier @return the key of its registration from below
    static std::string BelowKey(const std::string& mnId);
    /// @param key a mobile node's key @param address a session address of it
    /// @return the key of the session address's registration
    static std::string SessionKey(const std::string& key, Ipv6Address address);
    /**
     * Register a session address of a mobile node attached here (or below).
     * @param key its key @param mnId its identifier @param address the session address
     * @param below registered for a proxy below
     */
    void StartSession(const std::string& key,
                      const std::string& mnId,
                      Ipv6Address address,
                      bool below);
    /// A regional binding was added (ServeBelow): a session address of a proxy below is
    /// registered upward. @param entry the binding
    void RegionalAdded(const LocationEntry& entry);
    /// @param address an address @return whether it is on this proxy's access link
    bool IsOnAccessLink(Ipv6Address address) const;
    /// @param mnId a Mobile Node Identifier @param address a prefix @param length its length
    /// @return whether it is a session address of the mobile node (one with a parent of its
    /// own here, or listed in the policy store), not a home network prefix granted as a /128
    bool IsSessionAddress(const std::string& mnId, Ipv6Address address, uint8_t length) const;
    /// Detach a registration that ended, unless a new one took its key meanwhile.
    /// @param key its key @param client the registration client that ended
    void DetachRegistration(std::string key, Ptr<RegistrationClient> client);
    /**
     * @param mnId a Mobile Node Identifier @param hnp the prefix an acknowledgement or notify
     * names (:: none) @param length its length @param[out] key the attachment's key
     * @return the registration it is about: that prefix's, else the node's registration still
     * asking for its home network prefix (nullptr: none)
     */
    Attachment* About(const std::string& mnId, Ipv6Address hnp, uint8_t length, std::string* key);
    /// parents of session addresses: prefix, length, parent
    std::vector<std::tuple<Ipv6Address, uint8_t, Ipv6Address>> m_prefixParents;
    /// Proxy Binding Updates sent for session addresses of mobile nodes attached here
    std::map<std::string, uint64_t> m_sessionUpdates;

    /// @param owner a Mobile Node Identifier, or LocatorOwner's name for a session address
    /// @return its per-host locator, allocated on first use (:: none: no block, or the block
    /// is used up)
    Ipv6Address HostLocator(const std::string& owner);
    /// @param a an attachment @return what its per-host locator is allocated to: the mobile
    /// node for its home network prefix, the mobile node and the address for a session address
    static std::string LocatorOwner(const Attachment& a);
    /// @param a an attachment @return the per-host locator its registrations name (:: none)
    Ipv6Address LocatorFor(const Attachment& a);

    Ipv6Address m_locatorBlock;     //!< per-host locator block (:: none)
    uint8_t m_locatorBlockLength{0}; //!< its length
    std::map<std::string, Ipv6Address> m_locators; //!< per-host locators by LocatorOwner
    uint32_t m_locatorsRefused{0};  //!< registrations refused for want of one
    Ipv6Address m_parent;           //!< parent location management function (LMA)
    uint32_t m_accessInterface;     //!< IPv6 interface of the access point
    Ipv6Address m_careOf;           //!< proxy care-of address (:: to choose)
    std::string m_domain;           //!< NAI realm of Mobile Node Identifiers
    std::string m_function;         //!< name in signalling counts
    Time m_lifetime;                //!< requested lifetime
    double m_refreshFraction;       //!< refresh at this fraction of the granted lifetime
    Time m_initialTimeout;          //!< first retransmission timeout
    Time m_maxTimeout;              //!< largest retransmission timeout
    Time m_clockOffset;             //!< time since 1970 at simulation time 0 (Timestamp)
    uint16_t m_routerLifetime;      //!< Router Lifetime of the unicast RAs (seconds)
    Ptr<Ipv6> m_ipv6;               //!< IPv6 stack
    Ptr<Socket> m_solicitations;    //!< ICMPv6 on the access link (Router Solicitations)
    uint64_t m_solicitationsAnswered{0}; //!< Router Solicitations answered
    std::map<std::string, Attachment> m_attachments; //!< by MAC (Key) or identifier (BelowKey)
    Ptr<LocationManagement> m_regional; //!< takes the registrations from below (ServeBelow)
    std::map<std::string, Ipv6Address> m_profiles; //!< parent per Mobile Node Identifier
    Ptr<PolicyStore> m_store;       //!< the domain's policy profiles (home networks)
    std::map<std::string, Ipv6Address> m_homeParents; //!< parent per home network
    std::map<Ipv6Address, Ipv6Address> m_uplink; //!< reverse tunnel end point per parent
    bool m_checkNotifySource{true};              //!< notifies from parents only
    bool m_detachWhenMovedLater{true};           //!< a later move ends a registration
    Time m_probeInterval;                        //!< detachment probes (0: none)
    Time m_probeTimeout;                         //!< wait for a notify's confirming probe
    uint32_t m_maxProbes{3};                     //!< unanswered probes: the node left
    std::map<Mac48Address, Presence> m_presence; //!< detachment detection per station
    uint64_t m_probesSent{0};                    //!< Neighbor Solicitations sent
    uint64_t m_detachmentsDetected{0};           //!< nodes found gone
    uint64_t m_notifiesContradicted{0};          //!< notifies about a node still here
    /// Security associations by parent address: SPI and key.
    std::map<Ipv6Address, std::pair<uint32_t, std::vector<uint8_t>>> m_associations;
    uint64_t m_authFailures{0};                  //!< acknowledgements failing authentication
    /// @param a an attachment @return the care-of address its registration names
    Ipv6Address RegisteredCareOf(const Attachment& a);
    uint64_t m_notifiesRefused{0};               //!< notifies from elsewhere, dropped
    std::set<Ipv6Address> m_notifiers;           //!< more addresses notifies are taken from
    /// @param address a source address @return whether this proxy registers with it
    bool IsKnownParent(Ipv6Address address) const;
    TracedCallback<const std::string&, const Ipv6Address&> m_attachTrace;   //!< Attached
    TracedCallback<const std::string&, const Ipv6Address&> m_registerTrace; //!< Registered
    TracedCallback<const std::string&, const Ipv6Address&> m_detachTrace;   //!< Detached
    TracedCallback<const std::string&, uint16_t, Time> m_updateTrace;       //!< BindingUpdate
    TracedCallback<const std::string&, uint16_t, uint8_t> m_ackTrace;       //!< BindingAck
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_PROXY_H */
