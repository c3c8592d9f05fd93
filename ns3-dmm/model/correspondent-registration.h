/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_CORRESPONDENT_REGISTRATION_H
#define DMM_CORRESPONDENT_REGISTRATION_H

#include "mobile-node-agent.h"
#include "registration-client.h"

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class Ipv6;
class Ipv6Header;
class Ipv6Route;
class Packet;
class UniformRandomVariable;

namespace dmm
{

class MobilityHeader;
class Type2RoutingExtension;

/**
 * @ingroup dmm
 * @brief The mobile node's route optimisation with its correspondents (RFC 6275 sections
 * 11.6 and 11.7.2): return routability, then a Binding Update to the correspondent, one
 * binding update list entry (a RegistrationClient) per correspondent. Aggregated beside the
 * node's MobileNodeAgent, whose home registration it follows.
 *
 * - When to register: a packet from a correspondent named by AddCorrespondent arrives through
 *   the home agent's tunnel (11.7.2), or Register is called. After each handover, once the home
 *   agent has acknowledged the new care-of address, every correspondent binding is updated
 *   (a new care-of keygen token; the home keygen token is reused while younger than
 *   MAX_TOKEN_LIFETIME, 210 s); before the binding runs out it is refreshed, with new tokens
 *   when they are too old. Back home, the binding is removed by a Binding Update from the home
 *   address (lifetime 0, Kbm from the home keygen token alone).
 * - Return routability (11.6.1): a Home Test Init from the home address (reverse-tunnelled
 *   through the home agent) and a Care-of Test Init from the care-of address, each with a
 *   random 64-bit cookie, retransmitted from InitialTimeout doubling up to MaxTimeout; a Home
 *   Test or Care-of Test is taken only with the cookie outstanding.
 * - The Binding Update (11.7.2): from the care-of address with the Home Address option, A flag,
 *   Nonce Indices and Binding Authorization Data (Kbm), the requested Lifetime; its
 *   acknowledgement (to the care-of address with a Type 2 Routing header) is taken only when
 *   its authenticator verifies (refusals for expired nonces restart return routability).
 * - Data: while the correspondent holds a binding for the current care-of address (the
 *   regional one under a MAP), the node's UDP and TCP packets from its home address to it leave
 *   from the care-of address with a Home Address option; otherwise they are reverse-tunnelled
 *   as before. Packets with a Type 2 Routing header naming the home address are delivered as
 *   addressed to it (Type2RoutingExtension). A Binding Error with status 1 from the
 *   correspondent ends the binding there and registers again.
 */
class CorrespondentRegistration : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    CorrespondentRegistration();
    ~CorrespondentRegistration() override;

    /// Start: the agent's traces, the Mobility Header handlers, the data path.
    void Start();
    /// @param correspondent a correspondent whose packets through the tunnel start route
    /// optimisation with it
    void AddCorrespondent(Ipv6Address correspondent);
    /// @param correspondent a correspondent to register with now
    void Register(Ipv6Address correspondent);

    /**
     * TracedCallback signature of ReturnRoutability and Registered.
     * @param correspondent the correspondent @param duration from the first Test Init to
     * the last Test (ReturnRoutability), from the first Binding Update to its accepting
     * acknowledgement (Registered)
     */
    typedef void (*DurationTracedCallback)(const Ipv6Address& correspondent, Time duration);
    /**
     * TracedCallback signature of Sent.
     * @param correspondent where it goes @param type its MH Type (Home Test Init, Care-of
     * Test Init, Binding Update) @param sequence a Binding Update's sequence number (else 0)
     */
    typedef void (*SentTracedCallback)(const Ipv6Address& correspondent,
                                       uint8_t type,
                                       uint16_t sequence);

    /// @param correspondent a correspondent @return whether it holds a binding for the
    /// current care-of address (route-optimised packets go to it)
    bool IsRouteOptimised(Ipv6Address correspondent) const;
    /// @return Home Test Init and Care-of Test Init messages sent (retransmissions included)
    uint64_t GetTestInitsSent() const;
    /// @return Binding Updates sent to correspondents (retransmissions included)
    uint64_t GetBindingUpdatesSent() const;
    /// @return packets sent from the care-of address with a Home Address option
    uint64_t GetRouteOptimisedSent() const;
    /// @return packets delivered from a Type 2 Routing header
    uint64_t GetRouteOptimisedReceived() const;
    /// @return acknowledgements and tests dropped (wrong cookie or authenticator)
    uint64_t GetDropped() const;

    /**
     * Assign fixed random variable streams (cookies).
     * @param stream the first stream index @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// One correspondent: its tokens, tests and binding update list entry.
    struct Entry
    {
        Ipv6Address correspondent;        //!< its address
        Ptr<RegistrationClient> client;   //!< the Binding Updates to it
        uint64_t homeCookie{0};           //!< Home Test Init cookie outstanding (0: none)
        uint64_t careOfCookie{0};         //!< Care-of Test Init cookie outstanding (0: none)
        uint16_t homeIndex{0};            //!< home nonce index
        uint16_t careOfIndex{0};          //!< care-of nonce index
        uint64_t homeToken{0};            //!< home keygen token
        uint64_t careOfToken{0};          //!< care-of keygen token
        Time homeTokenAt{-1};             //!< when it came (negative: none)
        Time careOfTokenAt{-1};           //!< when it came (negative: none)
        Ipv6Address careOfTokenFor;       //!< the care-of address it is for
        Ipv6Address careOfInitFrom;       //!< the care-of address of the outstanding init
        Time homeTimeout;                 //!< Home Test Init retransmission timeout
        Time careOfTimeout;               //!< Care-of Test Init retransmission timeout
        EventId homeRetransmit;           //!< Home Test Init retransmission
        EventId careOfRetransmit;         //!< Care-of Test Init retransmission
        Time testsStarted{-1};            //!< first Test Init of this round (negative: none)
        Time updateStarted{-1};           //!< first Binding Update of this registration
        Ipv6Address registeredCareOf;     //!< care-of address of the last Binding Update
        std::vector<uint8_t> kbm;         //!< Kbm the last Binding Update was signed with
        Time updateSent;                  //!< when the last Binding Update was sent
        Ipv6Address boundCareOf;          //!< care-of address the correspondent holds (:: none)
        Time boundUntil;                  //!< when that binding runs out
        bool unsupported{false};          //!< the correspondent has no route optimisation
    };

    /// @param correspondent a correspondent @return its entry, made on first use
    Entry& EntryFor(Ipv6Address correspondent);
    /// @return the care-of address registered with correspondents now (:: at home or none)
    Ipv6Address CareOf() const;
    /// @return whether the node is at home
    bool AtHome() const;
    /// Register (or update) with a correspondent: tests first where tokens are missing.
    void Update(Entry& e);
    /// @return whether the tokens the next Binding Update needs are in hand
    bool HaveTokens(const Entry& e) const;
    /// Send the Test Inits the next Binding Update needs (those not outstanding).
    void RequestTokens(Entry& e);
    /// Send (again) a Test Init, and arm its retransmission. @param correspondent whose
    /// entry @param careOf a Care-of Test Init (else a Home Test Init)
    void SendTestInit(Ipv6Address correspondent, bool careOf);
    /// Home Test and Care-of Test handler.
    void HandleTest(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Binding Acknowledgement handler.
    void HandleAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Binding Error handler.
    void HandleError(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// @return 128 for a message from a correspondent with an entry, else -1
    int Claim(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// Send a Binding Update for the registration client. @param correspondent whose entry
    /// @param sequence its sequence number @param lifetime requested lifetime @return sent
    bool SendBindingUpdate(Ipv6Address correspondent, uint16_t sequence, Time lifetime);
    /// A registration's state changes.
    void RegistrationChanged(Ipv6Address correspondent,
                             RegistrationClient::State previous,
                             RegistrationClient::State state,
                             const BindingAckHeader* ba);
    /// The agent's state changes: after a handover's home registration, update; back home,
    /// deregister.
    void AgentStateChanged(MobileNodeAgent::State previous, MobileNodeAgent::State state);
    /// A packet left the tunnel: one from a correspondent to the home address starts route
    /// optimisation with it.
    void Decapsulated(Ptr<const Packet> inner, const Ipv6Address& outerDst,
                      const Ipv6Address& outerSrc);
    /// The down target of UDP and TCP: packets from the home address to a correspondent
    /// holding a binding for the current care-of address leave from it with a Home Address
    /// option.
    void Output(Ptr<Packet> packet,
                Ipv6Address src,
                Ipv6Address dst,
                uint8_t protocol,
                Ptr<Ipv6Route> route);
    /// @return a random non-zero cookie
    uint64_t Cookie();
    /// @return the registration timers from the attributes
    RegistrationClient::Timers MakeTimers() const;

    Time m_lifetime;                 //!< requested lifetime
    Time m_initialTimeout;           //!< first retransmission timeout
    Time m_maxTimeout;               //!< largest retransmission timeout
    double m_refreshFraction;        //!< refresh at this fraction of the granted lifetime
    std::string m_function;          //!< name in signalling counts
    Ptr<Ipv6> m_ipv6;                //!< the IPv6 stack
    Ptr<MobileNodeAgent> m_agent;    //!< the home registration
    Ptr<UniformRandomVariable> m_random; //!< cookies
    Ptr<Type2RoutingExtension> m_routing; //!< the Type 2 Routing header at this node
    std::set<Ipv6Address> m_known;   //!< correspondents whose tunnelled packets start it
    std::map<Ipv6Address, Entry> m_entries; //!< by correspondent
    std::map<uint8_t, IpL4Protocol::DownTargetCallback6> m_down; //!< IPv6 send per protocol
    uint64_t m_initsSent{0};         //!< Test Inits sent
    uint64_t m_updatesSent{0};       //!< Binding Updates sent
    uint64_t m_roSent{0};            //!< packets sent with a Home Address option
    uint64_t m_dropped{0};           //!< tests and acknowledgements dropped
    TracedCallback<const Ipv6Address&, Time> m_rrTrace;         //!< ReturnRoutability
    TracedCallback<const Ipv6Address&, Time> m_registeredTrace; //!< Registered
    TracedCallback<const Ipv6Address&, uint8_t, uint16_t> m_sentTrace; //!< Sent
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_CORRESPONDENT_REGISTRATION_H */
