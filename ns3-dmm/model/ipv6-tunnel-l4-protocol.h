/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_IPV6_TUNNEL_L4_PROTOCOL_H
#define DMM_IPV6_TUNNEL_L4_PROTOCOL_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <utility>
#include <set>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class VirtualNetDevice;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief IPv6-in-IPv6 tunnelling (RFC 2473), IPv6 next header 41, on a host or a router.
 *
 * Tunnel exit: a packet with next header 41 addressed to the node is decapsulated and the
 * inner packet re-enters IPv6 processing through the node's tunnel interface (a
 * VirtualNetDevice added to the IPv6 stack), so it is delivered locally or forwarded like any
 * other packet that arrives on an interface (turn forwarding on for the tunnel interface on
 * routers).
 *
 * Tunnel entry, two ways:
 * - Encapsulate(): a routing function (the mobility routing function in RouteInput) hands
 *   over a packet and the tunnel end points.
 * - Packets the node routes out of its tunnel interface (a static route to the interface,
 *   or a routing protocol returning it) are encapsulated towards the end point that the
 *   longest matching tunnel route gives for their inner destination (or source, for reverse
 *   tunnelling).
 *
 * The outer header carries the TunnelHopLimit (RFC 2473 section 6.3); the inner packet is not
 * changed. An outer packet routed into the tunnel interface again is encapsulated once more
 * when another tunnel route matches it (nested tunnels: an HMIPv6 mobile node's packets from
 * its home address go to the home agent from the regional care-of address, and those to the
 * MAP from the on-link one), and dropped (DROP_LOOP) when a tunnel route already in use for
 * it matches again. The tunnel interface forwards when TunnelForwarding is set or the node forwards
 * on any other interface (a router). Packets larger than the path MTU are fragmented by the tunnel entry, as RFC 2473
 * section 7 allows. The Tunnel Encapsulation Limit option is not used.
 */
class Ipv6TunnelL4Protocol : public IpL4Protocol
{
  public:
    /// IPv6 next header number of IPv6-in-IPv6
    static constexpr uint8_t PROT_NUMBER = 41;

    /// Why a packet was not tunnelled or not decapsulated.
    enum DropReason : uint8_t
    {
        DROP_MALFORMED_INNER = 0, //!< the payload is not a whole IPv6 packet
        DROP_UNKNOWN_PEER = 1,    //!< outer source is not a tunnel peer (RequireKnownPeer)
        DROP_NO_TUNNEL = 2,       //!< no tunnel route matches a packet sent to the interface
        DROP_NO_INTERFACE = 3,    //!< the node has no tunnel interface
        DROP_LINK_SCOPE = 4,      //!< link-scope traffic (RS, NS, MLD) on the tunnel interface
        DROP_LOOP = 5,            //!< the outer packet would enter the tunnel again
        DROP_NO_ROUTE = 6,        //!< the node's IPv6 stack is not there (disposed, not installed)
        DROP_REASON_COUNT = 7,    //!< number of reasons
    };

    /**
     * TracedCallback signature of Encapsulate and Decapsulate.
     * @param inner the inner packet, starting at its IPv6 header
     * @param local the local tunnel end point
     * @param remote the remote tunnel end point
     */
    typedef void (*TunnelTracedCallback)(Ptr<const Packet> inner,
                                         const Ipv6Address& local,
                                         const Ipv6Address& remote);
    /**
     * TracedCallback signature of Drop.
     * @param packet the packet
     * @param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);

    /// @return the object TypeId
    static TypeId GetTypeId();
    Ipv6TunnelL4Protocol();
    ~Ipv6TunnelL4Protocol() override;

    /// @param node the node this protocol belongs to
    void SetNode(Ptr<Node> node);

    /**
     * @brief Create the tunnel interface if there is none yet.
     * @return its IPv6 interface index
     */
    uint32_t CreateTunnelInterface();
    /// @return whether the node has a tunnel interface
    bool HasTunnelInterface() const;
    /// @param mtu the tunnel interface's MTU (TunnelMtu), applied to an existing interface too
    void SetTunnelMtu(uint16_t mtu);
    /// @return the tunnel interface's MTU
    uint16_t GetTunnelMtu() const;
    /// @return the IPv6 interface index of the tunnel interface (it must exist)
    uint32_t GetTunnelInterface() const;
    /// @return the tunnel device, or nullptr
    Ptr<VirtualNetDevice> GetTunnelDevice() const;

    /**
     * @brief Tunnel packets routed out of the tunnel interface whose inner destination (or
     * source) is in a prefix.
     * @param network the prefix
     * @param prefix its length
     * @param local the local end point (outer source)
     * @param remote the remote end point (outer destination)
     * @param matchSource match the inner source instead of the destination
     */
    void AddTunnelRoute(Ipv6Address network,
                        Ipv6Prefix prefix,
                        Ipv6Address local,
                        Ipv6Address remote,
                        bool matchSource = false);
    /**
     * @brief Remove a tunnel route.
     * @param network the prefix
     * @param prefix its length
     * @param matchSource whether it matched the inner source
     * @return whether one was removed
     */
    bool RemoveTunnelRoute(Ipv6Address network, Ipv6Prefix prefix, bool matchSource = false);
    /// @return number of tunnel routes
    uint32_t GetNTunnelRoutes() const;
    /**
     * @brief Cache the route of outer packets per end point pair until the next call of
     * InvalidateRouteCache (the node's MobilityRouting calls it on every routing change).
     * Without a MobilityRouting on the node every outer packet is routed anew.
     */
    void EnableRouteCache();
    /// Forget the cached outer routes (the node's interfaces, addresses or routes changed).
    void InvalidateRouteCache();
    /// @return how long cached routes are used at most (RouteCacheLifetime; 0: until
    ///         invalidated)
    Time GetRouteCacheLifetime() const;
    /// @param remote a remote end point accepted when RequireKnownPeer is set (counted: each
    /// AddPeer is undone by one RemovePeer)
    void AddPeer(Ipv6Address remote);
    /// @param remote a remote end point one user no longer accepts
    void RemovePeer(Ipv6Address remote);
    /// @param check also accepts an outer source when it returns true (the node's mobility
    /// routing function: its bindings' and reverse tunnels' remote end points)
    void SetPeerCheck(Callback<bool, Ipv6Address> check);

    /**
     * @brief Encapsulate a packet and send it to the remote end point.
     * @param payload the inner payload (without its IPv6 header)
     * @param innerHeader the inner IPv6 header
     * @param local the local end point (outer source)
     * @param remote the remote end point (outer destination)
     */
    void Encapsulate(Ptr<const Packet> payload,
                     const Ipv6Header& innerHeader,
                     Ipv6Address local,
                     Ipv6Address remote);

    /**
     * @brief Encapsulate a packet without sending it: for a node that is itself the next
     * tunnel entry of the outer packet (a mobility routing function tunnelling to an address it
     * binds, such as a regional care-of address of its own anchor point), which forwards the
     * outer packet through its next tunnel. Counted and traced as Encapsulate.
     * @param payload the inner payload (without its IPv6 header)
     * @param innerHeader the inner IPv6 header
     * @param local the local end point (outer source)
     * @param remote the remote end point (outer destination)
     * @param[out] outer the outer header (Next Header 41, Hop Limit TunnelHopLimit)
     * @return the outer packet's payload: the inner packet with its header
     */
    Ptr<Packet> Wrap(Ptr<const Packet> payload,
                     const Ipv6Header& innerHeader,
                     Ipv6Address local,
                     Ipv6Address remote,
                     Ipv6Header& outer);
    /**
     * @brief The outer end points of the packet being decapsulated now: set while its inner
     * packet is handed to the tunnel interface (delivered or forwarded at once, within
     * Receive), so a function the inner packet reaches can tell which tunnel it came through.
     * @param[out] remote the outer source (the tunnel entry)
     * @param[out] local the outer destination (this end)
     * @return whether a decapsulated packet is being received
     */
    bool GetReceivingEndPoints(Ipv6Address& remote, Ipv6Address& local) const;
    /// @return packets encapsulated
    uint64_t GetEncapsulatedPackets() const;
    /// @return packets decapsulated
    uint64_t GetDecapsulatedPackets() const;
    /// @return octets of outer IPv6 headers added
    uint64_t GetOverheadBytes() const;
    /// @param reason a drop reason @return packets dropped for it
    uint64_t GetDropCount(DropReason reason) const;
    /// @param reason a drop reason @return its name
    static std::string GetDropReasonName(DropReason reason);

    // IpL4Protocol
    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p,
                     const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void NotifyNewAggregate() override;
    void DoDispose() override;

  private:
    /// A tunnel route: inner prefix to end points.
    struct TunnelRoute
    {
        Ipv6Address network; //!< inner prefix
        Ipv6Prefix prefix;   //!< its length
        Ipv6Address local;   //!< outer source
        Ipv6Address remote;  //!< outer destination
        bool matchSource;    //!< match the inner source instead of the destination
    };

    /// VirtualNetDevice send callback: the packet starts with the inner IPv6 header.
    bool DeviceSend(Ptr<Packet> packet, const Address& source, const Address& dest, uint16_t proto);
    /// Send a packet that starts with its inner IPv6 header to the remote end point.
    void SendEncapsulated(Ptr<Packet> inner, Ipv6Address local, Ipv6Address remote);
    /// Count and trace a drop.
    void Drop(Ptr<const Packet> p, DropReason reason);
    /// Turn forwarding on for the tunnel interface if the node is a router.
    void SyncForwarding();

    Ptr<Node> m_node;                                  //!< the node
    Ptr<VirtualNetDevice> m_device;                    //!< the tunnel interface device
    int32_t m_interface{-1};                           //!< its IPv6 interface index
    IpL4Protocol::DownTargetCallback6 m_downTarget6;  //!< IPv6 send
    std::vector<TunnelRoute> m_routes;                 //!< tunnel routes
    std::map<Ipv6Address, uint32_t> m_peers;           //!< accepted remote end points (users)
    Callback<bool, Ipv6Address> m_peerCheck;           //!< more accepted end points
    std::map<Ipv6Address, uint32_t> m_routeRemotes;    //!< tunnel routes per remote end point
    uint8_t m_tunnelHopLimit;                          //!< outer hop limit
    uint16_t m_tunnelMtu;                              //!< MTU of the tunnel interface
    bool m_requireKnownPeer;                           //!< decapsulate only from peers
    bool m_tunnelForwarding;                           //!< forwarding on the tunnel interface
    std::vector<std::size_t> m_active; //!< tunnel routes being sent through (loop guard)
    bool m_routeCacheEnabled{false};                   //!< cache outer routes
    Time m_routeCacheLifetime;                         //!< longest use of a cached route
    Time m_routeCacheSince;                            //!< when the cache was last emptied
    std::map<std::pair<Ipv6Address, Ipv6Address>, Ptr<Ipv6Route>> m_routeCache; //!< by ends
    uint64_t m_encapsulated{0};                        //!< packets encapsulated
    uint64_t m_decapsulated{0};                        //!< packets decapsulated
    const Ipv6Header* m_receiving{nullptr};            //!< outer header being decapsulated
    uint64_t m_overheadBytes{0};                       //!< outer header octets
    std::array<uint64_t, DROP_REASON_COUNT> m_dropCount{}; //!< drops per reason
    TracedCallback<Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&> m_encapTrace;
    TracedCallback<Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&> m_decapTrace;
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_IPV6_TUNNEL_L4_PROTOCOL_H */
