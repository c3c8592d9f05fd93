/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_CORRESPONDENT_H
#define DMM_CORRESPONDENT_H

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
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

class HomeAddressExtension;
class MobilityHeader;

/**
 * @ingroup dmm
 * @brief The correspondent node's part of MIPv6 route optimisation (RFC 6275 sections 5.2,
 * 9): return routability, the binding cache, and the route-optimised data path.
 *
 * - Return routability (9.4): a Home Test Init is answered by a Home Test to its source (the
 *   home address: it travels through the home agent), a Care-of Test Init by a Care-of Test
 *   to its source (the care-of address), each with the current nonce index, the init cookie
 *   and the keygen token of ReturnRoutability (Kcn, 20 random octets drawn at Start). A new
 *   nonce is made every NonceInterval; a nonce index is accepted for MAX_NONCE_LIFETIME
 *   (240 s) after its nonce was made.
 * - Binding Updates (9.5.1), from the care-of address with a Home Address option (or from the
 *   home address without one: a deregistration from home): without the Nonce Indices and
 *   Binding Authorization Data options, or with a wrong authenticator, silently discarded
 *   (counted); expired nonce indices answered with status 136, 137 or 138; a sequence number
 *   not newer than the cached one answered with 135. Accepted, the binding is cached for the
 *   lifetime asked, at most MaxBindingLifetime (MAX_RR_BINDING_LIFETIME, 420 s), and removed
 *   by lifetime 0 or a care-of address equal to the home address. Acknowledgements (when the
 *   A flag asks, and for every refusal) go to the care-of address with a Type 2 Routing
 *   header, signed with Kbm when the Binding Update was authentic (9.5.4).
 * - Data (9.3): the node's UDP and TCP packets to a home address with a binding leave for the
 *   care-of address with a Type 2 Routing header (their checksums are over the home address,
 *   as computed above the IP layer); packets from a care-of address with a Home Address option
 *   are taken as from the home address only when the binding names that care-of address
 *   (else dropped, and a Binding Error with status 1 goes to the care-of address, 9.3.1).
 */
class Correspondent : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    Correspondent();
    ~Correspondent() override;

    /// Start: the Mobility Header handlers, the Home Address option, the data path.
    void Start();

    /**
     * TracedCallback signature of BindingCache.
     * @param home the home address @param careOf its care-of address (:: removed)
     * @param lifetime the lifetime granted (0: removed)
     */
    typedef void (*BindingTracedCallback)(const Ipv6Address& home,
                                          const Ipv6Address& careOf,
                                          Time lifetime);

    /// @param home a home address @return its care-of address (:: no binding)
    Ipv6Address GetCareOf(Ipv6Address home) const;
    /// @return bindings cached now
    uint32_t GetNBindings() const;
    /// @return Home Test and Care-of Test messages sent
    uint64_t GetTestsSent() const;
    /// @return packets sent to a care-of address with a Type 2 Routing header
    uint64_t GetRouteOptimisedSent() const;
    /// @return packets taken as from a home address (Home Address option)
    uint64_t GetRouteOptimisedReceived() const;
    /// @return Binding Updates silently discarded: options missing or authenticator wrong
    uint64_t GetUnauthenticated() const;
    /// @return Binding Updates refused with a status (expired nonces, sequence)
    uint64_t GetRefused() const;
    /// @return packets with a Home Address option and no binding for it (Binding Error 1)
    uint64_t GetUnknownBindings() const;

    /**
     * Assign fixed random variable streams (Kcn, nonces).
     * @param stream the first stream index @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// A cached binding.
    struct Binding
    {
        Ipv6Address careOf; //!< care-of address
        Time expires;       //!< when it runs out
        uint16_t sequence;  //!< last accepted sequence number
    };
    /// A nonce and when it was made.
    struct Nonce
    {
        uint16_t index;              //!< its index
        std::vector<uint8_t> octets; //!< the nonce
        Time made;                   //!< when it was made
    };

    /// Make the next nonce and schedule the one after.
    void NextNonce();
    /// @param index a nonce index @return its nonce if still accepted, else nullptr
    const Nonce* FindNonce(uint16_t index) const;
    /// Home Test Init and Care-of Test Init handler.
    void HandleTestInit(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// Binding Update handler.
    void HandleBindingUpdate(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// @return 128 for a Binding Update that is not a home registration, else -1
    int ClaimUpdate(const MobilityHeader& message, const Ipv6Header& ip) const;
    /**
     * Send a Binding Acknowledgement.
     * @param status its status @param sequence its sequence number @param lifetime granted
     * @param home the home address @param careOf the care-of address registered (signed
     * over) @param source the Binding Update's source, where it goes @param self this node's
     * address the Binding Update went to @param kbm the key to sign with (empty: unsigned)
     */
    void Acknowledge(uint8_t status,
                     uint16_t sequence,
                     Time lifetime,
                     Ipv6Address home,
                     Ipv6Address careOf,
                     Ipv6Address source,
                     Ipv6Address self,
                     const std::vector<uint8_t>& kbm);
    /// @param home a home address @return its binding, if cached and not run out, else nullptr
    const Binding* Find(Ipv6Address home) const;
    /// @param home a home address @param careOf a care-of address @param lifetime granted (0:
    /// removed)
    void SetBinding(Ipv6Address home, Ipv6Address careOf, Time lifetime, uint16_t sequence);
    /// Decides on a packet with a Home Address option (HomeAddressExtension::Acceptor).
    bool AcceptHomeAddress(Ipv6Address home,
                           Ipv6Address careOf,
                           Ipv6Address self,
                           uint8_t nextHeader,
                           Ptr<const Packet> payload);
    /// The down target of UDP and TCP: a packet to a home address with a binding leaves for
    /// its care-of address with a Type 2 Routing header.
    void Output(Ptr<Packet> packet,
                Ipv6Address src,
                Ipv6Address dst,
                uint8_t protocol,
                Ptr<Ipv6Route> route);

    Time m_nonceInterval;      //!< a new nonce this often
    Time m_maxLifetime;        //!< longest binding granted
    std::string m_function;    //!< name in signalling counts
    Ptr<Ipv6> m_ipv6;          //!< the IPv6 stack
    Ptr<UniformRandomVariable> m_random; //!< Kcn and nonces
    std::vector<uint8_t> m_kcn;          //!< the node key
    std::deque<Nonce> m_nonces;          //!< nonces still accepted, oldest first
    uint16_t m_nextIndex{0};             //!< index of the next nonce
    EventId m_nonceEvent;                //!< next nonce
    std::map<Ipv6Address, Binding> m_cache; //!< the binding cache, by home address
    std::map<uint8_t, IpL4Protocol::DownTargetCallback6> m_down; //!< IPv6 send per protocol
    Ptr<HomeAddressExtension> m_hao;     //!< the Home Address option at this node
    uint64_t m_testsSent{0};             //!< HoT and CoT sent
    uint64_t m_roSent{0};                //!< packets sent with a Type 2 Routing header
    uint64_t m_unauthenticated{0};       //!< Binding Updates discarded
    uint64_t m_refused{0};               //!< Binding Updates refused with a status
    uint64_t m_unknownBindings{0};       //!< Home Address options without a binding
    TracedCallback<const Ipv6Address&, const Ipv6Address&, Time> m_bindingTrace; //!< BindingCache
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_CORRESPONDENT_H */
