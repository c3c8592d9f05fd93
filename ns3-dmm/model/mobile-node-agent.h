/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILE_NODE_AGENT_H
#define DMM_MOBILE_NODE_AGENT_H

#include "anchor-point-directory.h"
#include "registration-client.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class Ipv6;
class Ipv6Header;
class Packet;

namespace dmm
{

class MobilityHeader;
class BindingUpdateHeader;

/**
 * @ingroup dmm
 * @brief The mobile node's own agent in host-based mode (RFC 6275 section 11): it keeps its
 * location management function (the home agent, or a proxy such as an HMIPv6 MAP) told of its
 * care-of address.
 *
 * - Movement detection: a Router Advertisement on the access interface whose prefix differs
 *   from the current care-of address's; the care-of address is the SLAAC address in it. An
 *   advertisement of the home prefix means the node is home.
 * - Duplicate address detection: the care-of address is used once the node's duplicate address
 *   detection has found it unique (RFC 4862 5.4; ns-3's Icmpv6L4Protocol sends one Neighbor
 *   Solicitation and waits DadTimeout, i.e. DupAddrDetectTransmits 1 and RetransTimer
 *   DadTimeout), or at once with OptimisticDad (RFC 4429), or at once when the node runs no
 *   duplicate address detection (Icmpv6L4Protocol::DAD false). A duplicate care-of address is
 *   not used.
 * - Registration: a Binding Update (A and H flags, Home Network Prefix option with the home
 *   address as a /128, Mobile Node Identifier, Alternate Care-of Address) from the care-of
 *   address, retransmitted after InitialBindackTimeoutFirstReg (first registration) or
 *   InitialBindackTimeout, the timeout doubling up to MaxBindackTimeout (RFC 6275 11.8); a
 *   refresh at RefreshFraction of the granted lifetime, or on a Binding Refresh Request.
 * - Away from home the home address lives on the tunnel interface and traffic from it is
 *   reverse-tunnelled to the home agent through the node's MobilityRouting.
 * - Back home: the home address returns to the access interface and a deregistration (lifetime
 *   0, from the home address) is sent.
 * - Under a mobility anchor point (HMIPv6, RFC 5380; AddAnchorPoint names the MAP serving an
 *   access prefix, the information of the RFC 5380 MAP option): the node forms a regional
 *   care-of address (RCoA) from the MAP's /64 and the interface identifier of its on-link
 *   care-of address (LCoA), puts it on the tunnel interface, and registers it with the MAP by
 *   a local Binding Update (A and M flags, Home Network Prefix option with the RCoA as a /128,
 *   Alternate Care-of Address the LCoA, from the LCoA); once the MAP has acknowledged, it
 *   registers the RCoA with its home agent (from the RCoA). Traffic from the home address is
 *   tunnelled to the home agent from the RCoA, and traffic from the RCoA to the MAP from the
 *   LCoA (nested tunnels). A movement between access routers of one MAP changes only the local
 *   binding; entering another MAP's domain deregisters the local binding at the previous MAP
 *   and registers with the new one, then with the home agent. One binding update list entry per
 *   MAP, kept for the node's lifetime, so that sequence numbers continue on a return.
 * - Session addresses (dynamic mobility, draft section 6; AddSessionAddress): an address the
 *   node formed on an access link, leased to an application session by that network's
 *   allocation function. On its link it is used there without mobility support (no binding,
 *   no tunnel). On any other link it moves to the tunnel interface, traffic from it is
 *   reverse-tunnelled, and it is registered (its own binding update list entry: Binding
 *   Update with the address as a /128 Home Network Prefix) with the location management
 *   function of the network that leased it, from the care-of address the home registration
 *   uses (the RCoA under a MAP, the on-link one when that MAP is the session's own location
 *   management function). Back on its link it is deregistered. When its session ends
 *   (EndSession) it is deregistered (DeregisterEndedSessions) or left to its binding's and
 *   lease's expiry.
 */
class MobileNodeAgent : public Object
{
  public:
    /// Agent states
    enum State : uint8_t
    {
        AT_HOME = 0,        //!< attached to the home link; no binding
        REGISTERING = 1,    //!< a Binding Update is outstanding
        REGISTERED = 2,     //!< the binding is acknowledged
        DEREGISTERING = 3,  //!< back home; the deregistration is outstanding
        DETACHED = 4,       //!< no care-of address yet, or registration failed
        CONFIGURING = 5,    //!< a new care-of address awaits duplicate address detection
    };

    /**
     * TracedCallback signature of StateChanged.
     * @param oldState previous state
     * @param newState new state
     */
    typedef void (*StateTracedCallback)(State oldState, State newState);
    /**
     * TracedCallback signature of CareOfAddress.
     * @param oldCoa previous care-of address (:: if none)
     * @param newCoa new care-of address
     */
    typedef void (*AddressTracedCallback)(const Ipv6Address& oldCoa, const Ipv6Address& newCoa);
    /**
     * TracedCallback signature of MovementDetected and DuplicateCareOfAddress.
     * @param address the advertised prefix (MovementDetected) or the duplicate address
     */
    typedef void (*PrefixTracedCallback)(const Ipv6Address& address);

    /**
     * TracedCallback signature of BindingUpdate.
     * @param sequence sequence number
     * @param lifetime requested lifetime
     */
    typedef void (*UpdateTracedCallback)(uint16_t sequence, Time lifetime);
    /**
     * TracedCallback signature of BindingAck.
     * @param sequence sequence number
     * @param status status
     */
    typedef void (*AckTracedCallback)(uint16_t sequence, uint8_t status);

    /// @return the object TypeId
    static TypeId GetTypeId();
    MobileNodeAgent();
    ~MobileNodeAgent() override;

    /// Start: hook the access interface and the Mobility Header protocol.
    void Start();

    /// @return the state
    State GetState() const;
    /// @return the current care-of address (:: at home or detached)
    Ipv6Address GetCareOfAddress() const;
    /// @return the home address
    Ipv6Address GetHomeAddress() const;
    /// @return Binding Updates sent (retransmissions included)
    uint32_t GetBindingUpdatesSent() const;
    /// @return number of care-of addresses taken (movements detected)
    uint32_t GetNMovements() const;
    /// @param index a movement @return when it was detected
    Time GetMovementTime(uint32_t index) const;
    /// @param state a state @return its name
    static std::string GetStateName(State state);

    /**
     * @brief Name the mobility anchor point serving an access prefix (HMIPv6, RFC 5380).
     * @param accessPrefix the access link's prefix
     * @param accessLength its length
     * @param map the MAP's address (local Binding Updates go there)
     * @param regionalPrefix the /64 routed to the MAP, in which regional care-of addresses
     *        are formed
     */
    void AddAnchorPoint(Ipv6Address accessPrefix,
                        uint8_t accessLength,
                        Ipv6Address map,
                        Ipv6Address regionalPrefix);
    /**
     * @brief Also consult the domain's anchor points (the access routers' MAP options, RFC
     * 5380 10.1), after the agent's own (AddAnchorPoint).
     * @param directory the directory shared by the domain's mobile nodes
     */
    void UseAnchorPoints(Ptr<AnchorPointDirectory> directory);
    /// @return the regional care-of address (:: when no MAP serves the current link)
    Ipv6Address GetRegionalCareOfAddress() const;
    /// @return the MAP of the current link (:: none)
    Ipv6Address GetAnchorPoint() const;
    /// @return local Binding Updates sent to MAPs (retransmissions included)
    uint32_t GetLocalBindingUpdatesSent() const;

    /// What happens to a session address (SessionAddress trace).
    enum SessionEvent : uint8_t
    {
        SESSION_ADDED = 0,   //!< a session took the address on its link
        SESSION_AWAY = 1,    //!< the node left the address's link: mobility support starts
        SESSION_ON_LINK = 2, //!< the node is back on the address's link
        SESSION_ENDED = 3,   //!< the last session on the address ended
    };
    /**
     * TracedCallback signature of SessionAddress.
     * @param address the session address
     * @param event what happened
     */
    typedef void (*SessionTracedCallback)(const Ipv6Address& address, SessionEvent event);

    /**
     * @brief Keep a session's address (see the class description).
     * @param address the address, on an access link of the network that leased it
     * @param linkLength the length of that link's prefix
     * @param homeAgent the location management function of that network
     */
    void AddSessionAddress(Ipv6Address address, uint8_t linkLength, Ipv6Address homeAgent);
    /// @param address a session address whose last session ended
    void EndSession(Ipv6Address address);
    /// @return session addresses in use (sessions not ended)
    uint32_t GetNSessionAddresses() const;
    /// @return the most addresses the node held at once for its sessions: the home address
    ///         and the session addresses in use
    uint32_t GetMaxAddressesHeld() const;
    /**
     * @brief The security association with the home agent (RFC 4285 MN-HA): every home
     * Binding Update carries a Mobility Message Authentication option with its authenticator,
     * and a Binding Acknowledgement from the home agent is taken only when its own verifies
     * (otherwise dropped and counted: GetAuthenticationFailures).
     * @param spi its Mobility SPI (256 or more) @param key the shared key
     */
    void SetHomeSecurityAssociation(uint32_t spi, const std::vector<uint8_t>& key);
    /**
     * @brief A security association with another function the node registers with: a MAP
     * (its local Binding Updates, RFC 5380 section 10's MN-MAP association) or a location
     * management function registering its session addresses (draft section 6). Those Binding
     * Updates carry a Mobility Message Authentication option under it, and their
     * acknowledgements are taken only when their own verifies. With any association, an
     * acknowledgement from a function without one is dropped and counted.
     * @param peer the function's address (where the Binding Updates go)
     * @param spi its Mobility SPI (256 or more) @param key the shared key
     */
    void AddSecurityAssociation(Ipv6Address peer, uint32_t spi, const std::vector<uint8_t>& key);
    /// @return Binding Acknowledgements dropped for failing authentication
    uint64_t GetAuthenticationFailures() const;
    /// @return security associations held: the home one and those with other functions
    uint32_t GetNSecurityAssociations() const;
    /// @param address a session address @return whether the node is away from its link
    bool IsSessionAway(Ipv6Address address) const;
    /// @return Binding Updates sent for session addresses (retransmissions included)
    uint32_t GetSessionBindingUpdatesSent() const;

  protected:
    void DoDispose() override;

  private:
    /// Ipv6L3Protocol Rx trace: looks for Router Advertisements on the access interface.
    void PacketReceived(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface);
    /// A Router Advertisement advertised this prefix. @param prefix the prefix @param length len
    void PrefixAdvertised(Ipv6Address prefix, uint8_t length);
    /// Use a new care-of address. @param coa the address
    void Move(Ipv6Address coa);
    /// Back on the home link.
    void ReturnHome();
    /// Put the home address on the access interface (at home), if it is not there.
    void HomeAddressOnLink();
    /// @param iface an interface @param address an address @return whether it is on it
    bool HasAddress(uint32_t iface, Ipv6Address address) const;
    /// Put an address on the access interface, if it is not there.
    /// @param address the address @param length its prefix length there
    void OnAccessLink(Ipv6Address address, uint8_t length);
    /// Move an address from the access interface to the tunnel interface (as a /128).
    /// @param address the address
    void MoveToTunnel(Ipv6Address address);
    /**
     * @brief Make the router whose advertisement the mobile node hears the only default router
     * of the access interface: default routes learnt on other links point at routers that are
     * no longer reachable (RFC 6275 section 11.5.3), also after a brief association elsewhere
     * and back.
     * @param router the router's link-local address
     */
    void UseDefaultRouter(Ipv6Address router);
    /**
     * A home registration's Binding Update (A and H flags, the address as a /128 Home Network
     * Prefix, the Mobile Node Identifier), without its care-of address.
     * @param address the home or session address @param sequence its sequence number
     * @param lifetime requested lifetime (0: deregistration) @return the message
     */
    BindingUpdateHeader HomeBindingUpdate(Ipv6Address address,
                                          uint16_t sequence,
                                          Time lifetime) const;
    /// Send a Binding Update for the registration client. @param sequence its sequence number
    /// @param lifetime requested lifetime (0: deregistration) @return whether it was sent
    bool SendBindingUpdate(uint16_t sequence, Time lifetime);
    /// The registration client's state changes. @param previous its previous state
    /// @param state its new state @param ba the acknowledgement that caused it, or nullptr
    void RegistrationChanged(RegistrationClient::State previous,
                             RegistrationClient::State state,
                             const BindingAckHeader* ba);
    /// @return the registration client, configured from the attributes
    Ptr<RegistrationClient> Client();
    /**
     * The SLAAC address of a newly advertised prefix exists: use it now, or once duplicate
     * address detection has passed.
     * @param address the address
     * @param state its state on the interface
     */
    void CareOfAddressConfigured(Ipv6Address address, Ipv6InterfaceAddress::State_e state);
    /// Icmpv6L4Protocol DadSuccess trace. @param address the address found unique
    void DadSucceeded(const Ipv6Address& address);
    /// Icmpv6L4Protocol DadFailure trace. @param address the duplicate address
    void DadFailed(const Ipv6Address& address);
    /// Binding Acknowledgement handler.
    void HandleAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Binding Refresh Request handler.
    void HandleRefreshRequest(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /**
     * @brief This function's claim on a received message (MobilityL4Protocol::ClaimCallback):
     * 128 for one from its home agent or a MAP it registers with; else -1.
     * @param message the message @param ip its IPv6 header @return the claim
     */
    int Claim(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// @param state the new state
    void SetState(State state);

    /// A MAP serving an access prefix.
    using AnchorPoint = AnchorPointDirectory::Entry;
    /// The registration with one MAP (a binding update list entry).
    struct LocalBinding
    {
        Ipv6Address rcoa;                //!< the regional care-of address registered
        Ptr<RegistrationClient> client;  //!< its registration client
    };
    /// @param coa a care-of address @return the MAP serving its link, or nullptr
    const AnchorPoint* FindAnchorPoint(Ipv6Address coa) const;
    /// Register the home address with the home agent at the current home care-of address.
    void RegisterHome();
    /// Deregister at the current MAP and leave its domain (nothing without one).
    void LeaveAnchorPoint();
    /// @param map a MAP @return the registration client for it, configured
    Ptr<RegistrationClient> LocalClient(Ipv6Address map);
    /// Send a local Binding Update. @param map the MAP @param sequence its sequence number
    /// @param lifetime requested lifetime (0: deregistration) @return whether it was sent
    bool SendLocalBindingUpdate(Ipv6Address map, uint16_t sequence, Time lifetime);
    /// A local registration's state changes. @param map the MAP @param previous its previous
    /// state @param state its new state @param ba the acknowledgement that caused it, or nullptr
    void LocalRegistrationChanged(Ipv6Address map,
                                  RegistrationClient::State previous,
                                  RegistrationClient::State state,
                                  const BindingAckHeader* ba);
    /// @return the registration timers from the attributes
    RegistrationClient::Timers MakeTimers() const;
    /// @return where traffic from the home address is reverse-tunnelled
    Ipv6Address ReverseEndPoint() const;

    /// A session address (binding update list entry of its own).
    struct SessionAddress
    {
        Ipv6Address address;             //!< the address
        uint8_t linkLength;              //!< its link's prefix length
        Ipv6Address homeAgent;           //!< the location management function registering it
        Ptr<RegistrationClient> client;  //!< its registration client
        Ipv6Address from;                //!< care-of address registered (:: none)
        bool away;                       //!< the node is off its link
        bool ended;                      //!< its last session ended
    };
    /// The node took care-of address @p coa: session addresses leave or return to their link.
    /// @param coa the care-of address
    void MoveSessions(Ipv6Address coa);
    /**
     * Register the session addresses away from their link that are not registered from the
     * care-of address they need now.
     * @param anchorPointOnly only those whose location management function is the current MAP
     *        (the others follow the home registration, after the MAP's acknowledgement)
     */
    void RegisterSessions(bool anchorPointOnly);
    /// @param session a session address @return the care-of address to register it from
    Ipv6Address SessionCareOf(const SessionAddress& session) const;
    /// Stop mobility support of a session address (back on its link, or its session ended).
    /// @param session the session address
    void StopSessionSupport(SessionAddress& session);
    /// Send a Binding Update for a session address. @param address the session address
    /// @param sequence its sequence number @param lifetime requested lifetime @return sent
    bool SendSessionBindingUpdate(Ipv6Address address, uint16_t sequence, Time lifetime);
    /// A session registration's state changes. @param address the session address
    /// @param previous its previous state @param state its new state @param ba the
    /// acknowledgement that caused it, or nullptr
    void SessionRegistrationChanged(Ipv6Address address,
                                    RegistrationClient::State previous,
                                    RegistrationClient::State state,
                                    const BindingAckHeader* ba);
    /// A registration is being refreshed (the agent registers again) or failed (it is
    /// detached). @param state its new state @param ba the acknowledgement that caused it, or
    /// nullptr @param which the registration, for the log
    void RefreshedOrFailed(RegistrationClient::State state,
                           const BindingAckHeader* ba,
                           const char* which);
    /// @return the access interface index
    uint32_t AccessInterface() const;

    Ipv6Address m_homeAddress;      //!< home address
    uint8_t m_homePrefixLength;     //!< home prefix length
    Ipv6Address m_homeAgent;        //!< address of the location management function
    Ipv6Address m_mobilityRouter;   //!< reverse tunnel end point (:: the home agent)
    std::string m_identifier;       //!< Mobile Node Identifier (NAI)
    uint32_t m_homeSpi{0};          //!< the home security association's SPI (0: none)
    std::vector<uint8_t> m_homeKey; //!< its key
    bool m_replayProtection{false}; //!< RFC 4285 timestamps in authenticated Binding Updates
    Time m_clockOffset;             //!< time since 1970 at simulation time 0
    uint64_t m_authFailures{0};     //!< acknowledgements dropped for failing authentication
    /// security associations with MAPs and session registrars, by address: SPI and key
    std::map<Ipv6Address, std::pair<uint32_t, std::vector<uint8_t>>> m_peerAssociations;
    /**
     * Sign a Binding Update under an association (with an RFC 4285 timestamp first when
     * ReplayProtection is on). @param bu the Binding Update @param spi the SPI @param key the
     * key @param coa its care-of address @param hoa the address it registers
     */
    void Secure(BindingUpdateHeader& bu,
                uint32_t spi,
                const std::vector<uint8_t>& key,
                Ipv6Address coa,
                Ipv6Address hoa) const;
    /// @param message a Binding Update @param peer where it goes @param coa its care-of
    /// address @param hoa the address it registers: sign it under the association with the
    /// peer, if any
    void SecureForPeer(BindingUpdateHeader& message,
                       Ipv6Address peer,
                       Ipv6Address coa,
                       Ipv6Address hoa) const;
    /**
     * @param ba an acknowledgement from a MAP or session registrar @param ip its IPv6 header
     * @param hoa the address it answers for @return whether it may be taken: no association
     * at all, or a valid authenticator under the association with its sender (else counted)
     */
    bool AuthenticPeerAck(const BindingAckHeader& ba, const Ipv6Header& ip, Ipv6Address hoa);
    Time m_lifetime;                //!< requested lifetime
    double m_refreshFraction;       //!< refresh at this fraction of the granted lifetime
    Time m_initialTimeoutFirstReg;  //!< RFC 6275 InitialBindackTimeoutFirstReg
    Time m_initialTimeout;          //!< RFC 6275 INITIAL_BINDACK_TIMEOUT
    Time m_maxTimeout;              //!< RFC 6275 MAX_BINDACK_TIMEOUT
    uint32_t m_accessInterface;     //!< access interface (0: the first that is not tunnel)
    bool m_optimisticDad;           //!< use a care-of address before DAD ends (RFC 4429)

    Ptr<Ipv6> m_ipv6;               //!< the IPv6 stack
    State m_state{AT_HOME};         //!< state
    Ipv6Address m_advertisingRouter; //!< source of the Router Advertisement being read
    Ipv6Address m_coa;              //!< care-of address
    Ipv6Address m_pendingPrefix;    //!< prefix whose SLAAC address is awaited
    uint8_t m_pendingLength{0};     //!< its length
    Ipv6Address m_tentativeCoa;     //!< care-of address awaiting DAD (:: if none)
    Ipv6Address m_duplicateCoa;     //!< care-of address DAD found in use (:: if none)
    Ptr<RegistrationClient> m_client; //!< the home registration (binding update list entry)
    bool m_everRegistered{false};   //!< a binding was acknowledged once
    std::vector<Time> m_movements;  //!< times movements were detected
    Ipv6Address m_homeCoa;          //!< care-of address of the home registration (:: at home)
    Ptr<AnchorPointDirectory> m_anchorPoints;        //!< its own MAPs by access prefix
    Ptr<AnchorPointDirectory> m_advertised;          //!< the domain's (UseAnchorPoints)
    std::map<Ipv6Address, LocalBinding> m_locals;    //!< registrations with MAPs, by MAP
    Ipv6Address m_map;              //!< the MAP of the current link (:: none)
    Ipv6Address m_rcoa;             //!< the regional care-of address (:: none)
    uint32_t m_localSent{0};        //!< local Binding Updates sent
    std::map<Ipv6Address, SessionAddress> m_sessions; //!< session addresses, by address
    bool m_deregisterEnded;         //!< deregister a session address when its session ends
    uint32_t m_maxHeld{1};          //!< most addresses held at once
    uint32_t m_sessionSent{0};      //!< Binding Updates sent for session addresses
    TracedCallback<const Ipv6Address&, SessionEvent> m_sessionTrace; //!< SessionAddress
    TracedCallback<const Ipv6Address&, const Ipv6Address&> m_rcoaTrace; //!< RegionalCareOfAddress
    TracedCallback<uint16_t, Time> m_localBuTrace;      //!< LocalBindingUpdate
    TracedCallback<uint16_t, uint8_t> m_localBaTrace;   //!< LocalBindingAck
    TracedCallback<State, State> m_stateTrace;                               //!< StateChanged
    TracedCallback<const Ipv6Address&, const Ipv6Address&> m_coaTrace;       //!< CareOfAddress
    TracedCallback<const Ipv6Address&> m_movementTrace;                      //!< MovementDetected
    TracedCallback<const Ipv6Address&> m_duplicateTrace; //!< DuplicateCareOfAddress
    TracedCallback<uint16_t, Time> m_buTrace;                                //!< BindingUpdate
    TracedCallback<uint16_t, uint8_t> m_baTrace;                             //!< BindingAck
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILE_NODE_AGENT_H */
