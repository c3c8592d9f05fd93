/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_ROUTING_H
#define DMM_MOBILITY_ROUTING_H

#include "location-cache.h"
#include "prefix-table.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ns3
{

class Ipv6;

namespace dmm
{

class Ipv6TunnelL4Protocol;
class LocationManagement;
class LocationCache;
class MobilityHeader;

/**
 * @ingroup dmm
 * @brief The mobility routing (MR) function (draft section 3, item 2): intercepts packets to
 * and from home addresses and forwards them through IPv6-in-IPv6 tunnels.
 *
 * An Ipv6RoutingProtocol placed above static routing in the node's Ipv6ListRouting:
 * - destination bindings (an anchor: HA, LMA, or an MR of the visited network): a packet
 *   forwarded through the node whose destination lies in a bound prefix is tunnelled to the
 *   binding's locator (care-of address or proxy); the bindings follow a LocationManagement
 *   function, co-located or fed through SetBinding;
 * - reverse tunnels (a proxy or a mobile node): a packet whose source lies in a prefix is
 *   tunnelled to its anchor;
 * - a home address (a host-based mobile node away from home): locally originated packets
 *   without a chosen source leave through the tunnel interface with the home address as
 *   source;
 * - anycast addresses (a member of an anycast group of MRs, HAHA's home agents): packets to
 *   an address of the group that the routes bring to this node are delivered locally (the
 *   Mobility Header messages and reverse tunnels addressed to the group reach the nearest
 *   member); they are not assigned to an interface, so no neighbour discovery runs for them.
 * Everything is done per packet in C++; the tables change only on signalling.
 */
class MobilityRouting : public Ipv6RoutingProtocol
{
  public:
    /**
     * TracedCallback signature of Tunnel.
     * @param header the inner IPv6 header
     * @param remote the tunnel end point the packet is sent to
     */
    typedef void (*TunnelTracedCallback)(const Ipv6Header& header, const Ipv6Address& remote);

    /// @return the object TypeId
    static TypeId GetTypeId();
    MobilityRouting();
    ~MobilityRouting() override;

    /**
     * @brief Tunnel packets for a prefix to a locator.
     * @param prefix home network prefix or home address
     * @param length its length
     * @param locator the tunnel end point (care-of address, proxy, MR of the visited network)
     * @param local the local end point, or :: to pick the source address towards the locator
     */
    void SetBinding(Ipv6Address prefix,
                    uint8_t length,
                    Ipv6Address locator,
                    Ipv6Address local = Ipv6Address::GetAny());
    /// @param prefix the prefix @param length its length @return whether a binding was removed
    bool RemoveBinding(Ipv6Address prefix, uint8_t length);
    /// @param address destination @return the locator packets to it go to, or ::
    Ipv6Address GetBinding(Ipv6Address address) const;
    /// @return number of destination bindings
    uint32_t GetNBindings() const;
    /// Keep the destination bindings equal to a location management function's database
    /// (once per function).
    /// @param lm the location management function
    void FollowLocationManagement(Ptr<LocationManagement> lm);

    /**
     * @brief Tunnel packets from a prefix to an anchor (reverse tunnelling).
     * @param prefix source prefix (a mobile node's home network prefix or home address)
     * @param length its length
     * @param anchor the remote end point
     * @param local the local end point
     * @param ingress the only interface whose packets are reverse-tunnelled (a proxy's access
     *        interface, or the tunnel interface for a chain: an anchor point passing packets
     *        from the proxy below on to the home anchor), or 0 for any interface but the
     *        tunnel's
     */
    void SetReverseTunnel(Ipv6Address prefix,
                          uint8_t length,
                          Ipv6Address anchor,
                          Ipv6Address local,
                          uint32_t ingress = 0);
    /// @param prefix the prefix @param length its length @return whether one was removed
    bool RemoveReverseTunnel(Ipv6Address prefix, uint8_t length);

    /**
     * @brief A prefix on this node's access link, where the proxy on the node delivers to the
     * mobile node attached there: its packets are routed on normally, never resolved through
     * the location cache (whose locator for it is the node's anchor, which sends them back).
     * @param prefix the prefix @param length its length
     */
    void AddAttachedPrefix(Ipv6Address prefix, uint8_t length);
    /// @param prefix the prefix @param length its length @return whether one was removed
    bool RemoveAttachedPrefix(Ipv6Address prefix, uint8_t length);

    /// @param address home address to source locally originated traffic from, through the
    /// tunnel interface (a host-based mobile node away from home)
    void SetHomeAddress(Ipv6Address address);
    /// Send locally originated traffic normally again (at home).
    void ClearHomeAddress();
    /// @param address a second address whose traffic goes through the tunnel interface (an
    /// HMIPv6 mobile node's regional care-of address, reverse-tunnelled to its MAP), or ::
    void SetRegionalAddress(Ipv6Address address);
    /**
     * @brief A session's home address away from its link (dynamic mobility, draft section 6):
     * packets from it leave through the tunnel, like those from the home address.
     * @param address the address
     */
    void AddSessionAddress(Ipv6Address address);
    /// @param address a session address back on its link, or no longer used
    void RemoveSessionAddress(Ipv6Address address);

    /**
     * @brief Act as the proxy of bound home addresses on a home link (RFC 6275 section
     * 10.4.1): answer Neighbor Solicitations for a home address with a binding with a Neighbor
     * Advertisement carrying this node's link-layer address, and multicast one onto the link
     * when a binding for an on-link home address is created, so that the link's nodes send
     * the mobile node's packets here to be tunnelled.
     * @param interface the home link's IPv6 interface on this node
     */
    void SetHomeLink(uint32_t interface);
    /// @return Neighbor Advertisements sent as proxy (solicited and unsolicited)
    uint64_t GetProxyAdvertisements() const;
    /**
     * @brief An access link of a network this function anchors, on another router (dynamic
     * mobility, draft section 6: a session's address is allocated on the link where the
     * session starts, its anchor is this function further up): while a binding moves a host
     * address of the link away, `routing` routes the address towards this node by a host
     * route, as the network's routing would carry a host route injected at the anchor. The
     * route is installed when the binding is created and removed with it (not signalled).
     * Without it a correspondent behind that router would have the address's packets
     * delivered on the link the mobile node has left, never passing this function.
     * @param prefix the link's prefix
     * @param length its length (1 to 127)
     * @param routing the static routing of the link's router, or of a router between it and
     *        this node (one call per router on the way)
     * @param interface that router's interface towards this node
     * @param nextHop its neighbour on that interface
     */
    void AddRemoteLink(Ipv6Address prefix,
                       uint8_t length,
                       Ptr<Ipv6StaticRouting> routing,
                       uint32_t interface,
                       Ipv6Address nextHop);
    /// @return host routes installed for addresses away from a remote link (per router)
    uint64_t GetRemoteLinkRoutes() const;
    /// @param address an address @return whether it lies in a global prefix of the home link
    bool IsOnHomeLink(Ipv6Address address) const;
    /**
     * @brief Duplicate address detection of an address on the home link, on behalf of a mobile
     * node away from it (RFC 6275 10.3.1, RFC 4862 5.4): DupAddrDetectTransmits Neighbor
     * Solicitations from the unspecified address to the address's solicited-node multicast
     * group, RetransTimer apart. The address is a duplicate if, before RetransTimer has passed
     * after the last one, a Neighbor Advertisement for it arrives on the home link, or another
     * node's solicitation for it from the unspecified address (RFC 4862 5.4.3, 5.4.4).
     * Requests for an address whose detection runs already join it.
     * @param address the address (IsOnHomeLink)
     * @param done called with the address and whether it is a duplicate
     */
    void DetectDuplicate(Ipv6Address address, Callback<void, Ipv6Address, bool> done);
    /// @return duplicate address detections run on the home link, and how many found one
    /// @param duplicates whether to count only those that found a duplicate
    uint64_t GetDuplicateAddressDetections(bool duplicates = false) const;

    /**
     * @brief Deliver packets to an anycast address locally (this node is a member of the
     * group the address names).
     * @param address a unicast-format address
     */
    void AddAnycastAddress(Ipv6Address address);
    /// @return packets delivered locally to an anycast address
    uint64_t GetAnycastDeliveries() const;

    /**
     * @brief A prefix this function anchors that has no link (a virtual home network's pool,
     * an anchor point's regional prefix): a packet for an address in it without a binding is
     * dropped here and counted (GetUnboundDrops), rather than sent back along the default
     * route towards the router that routes the prefix here, to bounce until its hop limit
     * runs out.
     * @param prefix the prefix @param length its length (1 to 128)
     */
    void AddAnchoredPrefix(Ipv6Address prefix, uint8_t length);
    /// @return packets for an anchored prefix dropped for want of a binding
    uint64_t GetUnboundDrops() const;

    /**
     * @brief Resolve destinations that no binding of this function covers through a cache of
     * remote location management functions (draft sections 7 and 8: an MR as client of the
     * LM database); the cache's servers name the prefixes. Its hits are tunnelled to their
     * locator, before the anchored prefixes' drop.
     * @param cache the cache (started here on this node)
     */
    void UseLocationCache(Ptr<LocationCache> cache);
    /// @return the location cache (nullptr: none)
    Ptr<LocationCache> GetLocationCache() const;
    /**
     * @brief The node restarts and this function's volatile state is lost: its location
     * cache's (LocationCache::Restart), which functions it told a location and the Location
     * Notifies awaiting their acknowledgement (PushLocationsTo: those functions keep what they
     * were told until its lifetime ends), the routes it kept for rewritten destinations, the
     * duplicate address detections running for a co-located function, and
     * the bindings followed location servers told (removed with the host routes they set on
     * the links' routers; a server tells each binding again at its next registration). What
     * follows a co-located location management function's bindings goes with them
     * (LocationManagement::Restart); anchored prefixes, remote links, reverse tunnels and
     * attributes are configuration and stay.
     */
    void Restart();

    /**
     * @brief Route optimisation by push (draft section 8, RS2.MR(CN)-MR(MN).push): tell a
     * correspondent's mobility routing function where this function sends the packets for a
     * home address that it tunnels here (its first packets, via home).
     *
     * When a packet decapsulated from a tunnel whose entry is `router` is forwarded on through
     * the location cache, `router` is sent a Location Notify (Home Network Prefix option: the
     * destination as a /128; Alternate Care-of Address option: the locator; lifetime: the
     * location's remaining one, rounded up to the 4 s unit), at most once per PushInterval
     * for an unchanged location; a packet that waits here for the location gets it told once
     * it is known. Whenever the cache's location of that address changes afterwards (a reply
     * or a push from its server), or lives on by more than PushInterval, every function told
     * whose entry still holds is told again; when the location is gone, a Notify with
     * lifetime 0. A Notify is resent after PushTimeout (doubling) until its Location Notify
     * Ack comes, MaxPushRetransmissions times at most. The router is made a known peer of the
     * node's tunnel.
     * @param router an address the correspondent's function tunnels from
     */
    void PushLocationsTo(Ipv6Address router);
    /// @return Location Notifies sent to correspondents' functions (PushLocationsTo)
    uint64_t GetLocationPushes() const;
    /// @return Location Notify Acks received for them
    uint64_t GetLocationPushAcks() const;
    /// @return Location Notifies given up after MaxPushRetransmissions without an ack
    uint64_t GetLocationPushesLost() const;

    /**
     * @brief Forward location cache hits by header rewrite instead of a tunnel (the
     * per-host-locator variant of draft section 8, design 3, [I-D.dmm-nat-phl]): a location is
     * then a per-host locator of the egress function (AddHostLocator there), and a packet to a
     * home address leaves with the /64 of its destination replaced by the locator's, mapped
     * checksum-neutrally as RFC 6296 section 3.6 maps prefixes up to /64 (the first word of the
     * interface identifier adjusted), so that no upper-layer checksum changes. A destination
     * whose adjusted word is 0xFFFF cannot be mapped: dropped and counted. Packets sent via
     * home to a pushing function (RS2.push) are still tunnelled.
     * @param rewrite whether to rewrite
     */
    void SetHeaderRewrite(bool rewrite);
    /**
     * @brief Be the egress of header rewrite for a per-host locator: a packet whose
     * destination lies in the locator's /64 gets the /64 of the home prefix back (the inverse
     * mapping), then goes on as any packet to the home address here (the bindings, the
     * location cache), else by plain routing (a mobile node that left: towards its home
     * network). A cache entry pointing at this node's own locator without a binding here is
     * stale: its packets are dropped and counted as unbound. The locator's own address (::1),
     * the care-of address bindings name, is a tunnel exit: what a function tunnels to it by
     * such a binding is decapsulated here.
     * @param locator the per-host locator (its /64 is used)
     * @param home the home network prefix, or home address, the locator stands for (its /64)
     */
    void AddHostLocator(Ipv6Address locator, Ipv6Address home);
    /// @param locator a per-host locator @return whether its mapping was removed
    bool RemoveHostLocator(Ipv6Address locator);
    /// @param address an address in a per-host locator @return whether it is the locator's
    /// own address (interface identifier ::1), the care-of address bindings name
    static bool IsLocatorAddress(const Ipv6Address& address);
    /// @return packets whose destination was rewritten to a per-host locator (ingress)
    uint64_t GetRewrittenPackets() const;
    /// @return packets whose destination was restored from a per-host locator (egress)
    uint64_t GetRestoredPackets() const;
    /// @return packets dropped by header rewrite: a destination that cannot be mapped (or has
    /// no route), or a Hop Limit run out
    uint64_t GetUnmappablePackets() const;
    /**
     * @brief The checksum-neutral prefix translation of RFC 6296 section 3.6: the first
     * `length` bits of `address` replaced by those of `to`, and one 16-bit word after them
     * (bits 48-63 for a prefix of /48 or shorter, else bits 64-79) adjusted so that the
     * one's complement sum of the address, and so every checksum over it, is unchanged.
     * @param address the address @param to the new prefix @param length its length (1 to 64)
     * @param out the translated address
     * @return false when it cannot be translated (the word to adjust is 0xFFFF)
     */
    static bool TranslatePrefix(Ipv6Address address,
                                Ipv6Address to,
                                uint8_t length,
                                Ipv6Address& out);

    /// @return packets tunnelled by destination: to a binding's locator, to a location cache's,
    ///         or via home to the function that pushes the locations (RS2.push)
    uint64_t GetTunnelledPackets() const;
    /// @return packets reverse-tunnelled to an anchor
    uint64_t GetReverseTunnelledPackets() const;

    // Ipv6RoutingProtocol
    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv6Header& header,
                    Ptr<const NetDevice> idev,
                    const UnicastForwardCallback& ucb,
                    const MulticastForwardCallback& mcb,
                    const LocalDeliverCallback& lcb,
                    const ErrorCallback& ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void SetIpv6(Ptr<Ipv6> ipv6) override;
    /// @param address an outer source @return whether a binding or reverse tunnel here, or an
    /// entry of the location cache it uses, has it as its remote end point
    bool IsTunnelRemote(Ipv6Address address) const;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// A tunnel table entry.
    struct Tunnel
    {
        Ipv6Address remote; //!< remote end point
        Ipv6Address local;  //!< local end point (:: until resolved)
        uint32_t ingress{0}; //!< reverse tunnels: interface packets must arrive on (0: any)
    };
    /// A table of prefixes, matched longest first (a hash probe per prefix length in use).
    using Table = PrefixTable<Tunnel>;

    /// Binding callbacks from a followed LocationManagement.
    void BindingSet(const Ipv6Address& prefix, uint8_t length, const Ipv6Address& locator);
    /**
     * Binding removal callbacks from a followed LocationManagement. Where a followed location
     * server binds the prefix elsewhere (FollowedBinding), its binding is the one that stays.
     */
    void BindingRemoved(const Ipv6Address& prefix, uint8_t length, const Ipv6Address& locator);
    /// Encapsulate a forwarded packet. @return true (the packet is consumed)
    bool Forward(Ptr<const Packet> p, const Ipv6Header& header, Tunnel& tunnel);
    /// Tunnel a packet to a location cache entry's locator (a hit, or a packet that waited).
    /// @param p the packet @param header its header @param remote the locator
    /// @param local the local end point, resolved and kept on first use
    void ForwardToLocation(Ptr<const Packet> p,
                           const Ipv6Header& header,
                           const Ipv6Address& remote,
                           Ipv6Address& local);
    /// Rewrite a packet's destination to a per-host locator and send it on. @param p the
    /// packet @param header its header @param locator the locator @param ucb the forward
    /// callback and @param idev the input device (RouteInput), or null ucb: a packet that
    /// waited, sent from this node
    void Rewrite(Ptr<const Packet> p,
                 const Ipv6Header& header,
                 const Ipv6Address& locator,
                 const UnicastForwardCallback& ucb,
                 Ptr<const NetDevice> idev);
    /// Send a forwarded packet from this node, its Hop Limit decremented (a packet that
    /// waited, or restored and routed on). @param p the packet @param header its header
    /// @param route its route
    void SendFromHere(Ptr<const Packet> p, const Ipv6Header& header, Ptr<Ipv6Route> route);
    /// @param destination a destination @param cache whether to use and fill the cache per
    /// /64 (kept at most the tunnel's RouteCacheLifetime) @return the route towards it
    Ptr<Ipv6Route> RouteTowards(Ipv6Address destination, bool cache = true);
    /// LocationCache forward callback for packets that waited for a reply.
    void ForwardResolved(Ptr<const Packet> p, const Ipv6Header& header, LocationCache::Entry& e);
    /// A correspondent's function told (or to be told) the location of a home address.
    struct Told
    {
        Ipv6Address router;  //!< the function (the tunnel entry it sent from)
        Ipv6Address local;   //!< this node's address it tunnelled to (the Notify's source)
        Ipv6Address locator; //!< the location told (:: none yet)
        Time at;             //!< when it was last told
        Time until;          //!< until when its entry holds
        bool waiting{false}; //!< a packet of it waits here: tell it once the location is known
        uint16_t sequence{0}; //!< the Notify awaiting its acknowledgement (0: none)
        uint32_t sent{0};    //!< transmissions of that Notify
        EventId timer;       //!< its retransmission
    };
    /**
     * A packet for `address` from `router`'s tunnel is forwarded on: tell it the location
     * unless it was told the same one within PushInterval.
     * @param address the home address @param router the tunnel entry @param local this end
     * @param locator the location (:: not known yet: told once it is) @param lifetime its
     *        remaining lifetime
     */
    void OfferPush(Ipv6Address address,
                   Ipv6Address router,
                   Ipv6Address local,
                   Ipv6Address locator,
                   Time lifetime);
    /**
     * A packet that came through a tunnel from a function told locations (PushLocationsTo) is
     * forwarded by a binding a followed location server told (an address a session took on
     * a link this function anchors): offer that function the location the server told.
     * @param address the destination
     */
    void OfferFollowedPush(Ipv6Address address);
    /// Send a Location Notify and await its acknowledgement. @param told the function,
    /// updated @param address the home address @param locator the location (:: gone)
    /// @param lifetime its lifetime
    void SendPush(Told& told, Ipv6Address address, Ipv6Address locator, Time lifetime);
    /// Send (or resend) the Notify `told` awaits. @param told the function
    /// @param address the home address
    void TransmitPush(Told& told, Ipv6Address address);
    /// Retransmission timeout of a Notify. @param address the home address
    /// @param router the function it went to
    void PushTimeout(Ipv6Address address, Ipv6Address router);
    /// @param address a home address @param router a function @return its record, or nullptr
    Told* FindTold(Ipv6Address address, Ipv6Address router);
    /// LocationCache location callback: tell the functions told of the address again.
    void LocationChanged(Ipv6Address address, Ipv6Address locator, Time lifetime);
    /// Location Notify Ack handler.
    void HandlePushAck(const MobilityHeader& message, const Ipv6Header& ip, uint32_t iface);
    /// @return 128 for the acknowledgement of a Notify this function awaits one for, else -1
    int ClaimPushAck(const MobilityHeader& message, const Ipv6Header& ip) const;
    /// @param remote a remote end point @return this node's source address towards it
    Ipv6Address LocalTowards(Ipv6Address remote);
    /// The node's routing changed: the tunnel's cached outer routes are stale.
    void InvalidateTunnelRoutes();
    /// Ipv6L3Protocol Rx trace on the home link: Neighbor Solicitations for bound addresses.
    void HomeLinkReceived(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface);
    /// @param address an address @return whether it is on the home link and has a binding
    bool IsProxied(Ipv6Address address) const;
    /**
     * Send a Neighbor Advertisement for a home address on the home link.
     * @param target the home address
     * @param destination the solicitation's source, or ff02::1 (unsolicited)
     * @param solicited the S flag
     */
    void SendProxyAdvertisement(Ipv6Address target, Ipv6Address destination, bool solicited);
    /// Unsolicited proxy advertisements for a new binding. @param address the home address
    /// @param remaining advertisements still to send
    void AdvertiseBinding(Ipv6Address address, uint32_t remaining);
    /// A duplicate address detection on the home link.
    struct Detection
    {
        uint32_t remaining{0};  //!< solicitations still to send
        bool duplicate{false};  //!< an advertisement or another node's DAD was seen
        EventId timer;          //!< next solicitation, or the end
        std::vector<Callback<void, Ipv6Address, bool>> done; //!< who is told the outcome
    };
    /// Send the next DAD solicitation, or end the detection. @param address the address
    void DetectionStep(Ipv6Address address);
    /// @param target the address whose solicited-node group is asked (source ::)
    void SendDadSolicitation(Ipv6Address target);
    /**
     * Send an ICMPv6 Neighbor Discovery message out of the home link's interface, hop limit 255.
     * @param packet the message, its checksum computed
     * @param source source address (the unspecified address for duplicate address detection)
     * @param destination destination address (on the link, or a link-scope multicast group)
     */
    void SendOnHomeLink(Ptr<Packet> packet, Ipv6Address source, Ipv6Address destination);
    /// @return the home link's link-local address (:: if none)
    Ipv6Address HomeLinkLocal() const;

    Ptr<Ipv6> m_ipv6;                   //!< the IPv6 stack
    Ptr<Ipv6TunnelL4Protocol> m_tunnel; //!< the node's tunnel
    std::map<Ipv6Address, uint32_t> m_remotes; //!< tunnel remote end points (users each)
    /// Count a tunnel remote end point. @param remote the end point
    void Peer(Ipv6Address remote);
    /// Uncount one. @param remote the end point
    void Unpeer(Ipv6Address remote);
    Table m_bindings;                   //!< destination bindings
    Ptr<LocationCache> m_cache;         //!< remote locations (nullptr: none)
    uint32_t m_nesting{0};              //!< tunnels entered at once on this node (Forward)
    static constexpr uint32_t MAX_NESTING = 4; //!< most tunnels one packet enters here at once
    Table m_reverse;                    //!< reverse tunnels
    PrefixTable<uint8_t> m_attached;    //!< prefixes a proxy here delivers on its access link
    Ipv6Address m_homeAddress;          //!< home address when away (:: otherwise)
    Ipv6Address m_regionalAddress;      //!< regional care-of address under a MAP (:: otherwise)
    std::set<Ipv6Address> m_sessionAddresses; //!< session addresses away from their link
    bool m_resolving{false};            //!< resolving a local end point (no recursion)
    std::vector<Ptr<LocationManagement>> m_followed; //!< the databases followed
    int32_t m_homeLink{-1};             //!< home link interface (proxy ND), -1 for none
    uint64_t m_proxyAdvertisements{0};  //!< proxy Neighbor Advertisements sent

    /// An access link of an anchored network on another router (AddRemoteLink).
    struct RemoteLink
    {
        Ipv6Address prefix;               //!< the link's prefix
        Ipv6Prefix mask;                  //!< its length
        Ptr<Ipv6StaticRouting> routing;   //!< a router's routing on the way to this node
        uint32_t interface;               //!< that router's interface towards this node
        Ipv6Address nextHop;              //!< its neighbour there
    };

    /**
     * A binding a followed location server told the location cache (LocationCache::FOLLOWED):
     * held as this function's own until it is removed or its lifetime runs out. A locator of
     * this node (IsHere: the server binds the address to the anchor point here) is no tunnel:
     * the bindings of the databases this function follows on its node (the anchor point's
     * regional ones) say where the address is.
     * @param prefix the prefix @param length its length
     * @param locator its locator (:: removed) @param lifetime its lifetime
     */
    void FollowedBinding(Ipv6Address prefix, uint8_t length, Ipv6Address locator, Time lifetime);
    /**
     * A binding a followed server told is removed or ran out: it gives way (GiveWay).
     * @param prefix the prefix @param length its length
     */
    void ForgetFollowed(Ipv6Address prefix, uint8_t length);
    /**
     * A followed server's binding gives way (it is removed, or binds the prefix to this
     * node): if it is the binding held, the binding of a database this function follows on
     * its node takes its place, or none is held. A binding a database here made since stays.
     * @param prefix the prefix @param length its length @param locator the server's locator
     */
    void GiveWay(Ipv6Address prefix, uint8_t length, Ipv6Address locator);
    /// @param address an address @return whether it is this node's: one of its interfaces'
    /// addresses, or the care-of address of one of its per-host locators (AddHostLocator)
    bool IsHere(Ipv6Address address) const;
    /// A binding a followed server told.
    struct Followed
    {
        Ipv6Address locator; //!< its locator
        EventId expiry;      //!< the end of its lifetime
    };
    /// per binding a followed server told, its locator and expiry
    std::map<std::pair<Ipv6Address, uint8_t>, Followed> m_followedBindings;

    /// Route a host address away from its remote link here, or (`away` false) stop doing so.
    /// @param address the address @param away whether its binding was created or removed
    void RouteFromRemoteLink(Ipv6Address address, bool away);

    std::vector<RemoteLink> m_remoteLinks; //!< remote access links of anchored networks
    uint64_t m_remoteLinkRoutes{0};        //!< host routes installed on their routers
    uint32_t m_maxNeighborAdvertisement; //!< unsolicited advertisements per new binding
    Time m_retransTimer;                //!< interval between them, and between DAD solicitations
    uint32_t m_dupAddrDetectTransmits;  //!< RFC 4862 DupAddrDetectTransmits
    std::map<Ipv6Address, Detection> m_detections; //!< running duplicate address detections
    uint64_t m_detectionsRun{0};        //!< detections run
    uint64_t m_duplicatesFound{0};      //!< detections that found a duplicate
    uint64_t m_tunnelled{0};            //!< packets tunnelled by destination
    uint64_t m_reverseTunnelled{0};     //!< packets tunnelled by source
    std::unordered_set<Ipv6Address, Ipv6AddressBitsHash> m_anycast; //!< delivered locally
    uint64_t m_anycastDeliveries{0};    //!< packets delivered to them
    std::vector<std::pair<Ipv6Address, Ipv6Prefix>> m_anchored; //!< prefixes without a link
    std::unordered_set<Ipv6Address, Ipv6AddressBitsHash> m_pushTargets; //!< PushLocationsTo
    std::unordered_map<Ipv6Address, std::vector<Told>, Ipv6AddressBitsHash> m_told; //!< by HoA
    Time m_pushInterval;                //!< least interval between equal pushes to one function
    Time m_pushTimeout;                 //!< first retransmission timeout of a Notify
    uint32_t m_maxPushRetransmissions;  //!< retransmissions of a Notify
    /// Notifies awaiting acknowledgement: (router, sequence) -> home address
    std::map<std::pair<Ipv6Address, uint16_t>, Ipv6Address> m_awaited;
    uint16_t m_pushSequence{0};         //!< last Location Notify sequence number
    uint64_t m_pushes{0};               //!< Location Notifies sent
    uint64_t m_pushAcks{0};             //!< their acknowledgements
    uint64_t m_pushesLost{0};           //!< Notifies given up
    uint64_t m_unbound{0};              //!< packets for them without a binding, dropped
    bool m_rewrite{false};              //!< location cache hits by header rewrite
    bool m_restoring{false};            //!< routing a restored packet on (no second restore)
    /// per-host locators (/64) -> the /64 of the home prefix they stand for (egress)
    PrefixTable<Ipv6Address> m_hostLocators;
    /// routes towards rewritten destinations, by their /64
    std::unordered_map<Ipv6Address, Ptr<Ipv6Route>, Ipv6AddressBitsHash> m_rewriteRoutes;
    Time m_rewriteSince; //!< when m_rewriteRoutes was last empty
    uint64_t m_rewritten{0};            //!< packets rewritten to a per-host locator
    uint64_t m_restored{0};             //!< packets restored from one
    uint64_t m_unmappable{0};           //!< packets whose destination cannot be mapped
    TracedCallback<const Ipv6Header&, const Ipv6Address&> m_tunnelTrace; //!< Tunnel trace
    TracedCallback<const Ipv6Header&, const Ipv6Address&> m_rewriteTrace; //!< Rewrite trace
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILITY_ROUTING_H */
