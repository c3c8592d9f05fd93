/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_PATH_LENGTH_PROBE_H
#define DMM_PATH_LENGTH_PROBE_H

#include "ns3/object.h"

#include <cstdint>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{
class Ipv6;
class Node;
class Packet;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief Counts the links a packet crosses: the IPv6 transmissions of the packet on the
 * nodes it is installed on, tunnels included (the outer packet keeps the inner one's uid).
 *
 * Packets are followed from a tracked source: UDP packets that a source node sends to one of
 * its tracked destination ports, and (TrackMobilityHeaders) every Mobility Header message. Every IPv6 transmission of such a packet on a real device (not
 * on a tunnel interface, which is only the way into the encapsulation, nor on the loopback)
 * counts one hop. It also notes which waypoints (AddWaypoint: up to 64 nodes, such as those
 * of the mobility routing functions) transmitted the packet, and whether it crossed a link
 * inside a tunnel (an IPv6-in-IPv6 outer packet). TakeHops() or TakePath() gives them when
 * the packet is delivered, and forgets it; packets never delivered are forgotten once more
 * than MaxTracked are followed.
 */
class PathLengthProbe : public Object
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    PathLengthProbe();
    ~PathLengthProbe() override;

    /// @brief Count the IPv6 transmissions of a node (its Ipv6L3Protocol Tx trace).
    /// @param node a node with IPv6
    void Install(Ptr<Node> node);
    /**
     * @brief Follow the UDP packets a node sends to a port.
     * @param source the sending node (it must be installed)
     * @param destinationPort the UDP destination port
     */
    void TrackUdp(Ptr<Node> source, uint16_t destinationPort);
    /// @brief Also follow every Mobility Header message (IPv6 next header 135) any installed
    /// node sends: its links are counted to its delivery as a data packet's are.
    void TrackMobilityHeaders();
    /**
     * @brief Links crossed by a followed packet so far, and forget it.
     * @param uid the packet's uid
     * @return the number of links, or -1 when the packet is not followed
     */
    int32_t TakeHops(uint64_t uid);

    /// What a followed packet crossed.
    struct Path
    {
        int32_t hops{-1};      //!< links (-1: not followed)
        uint64_t waypoints{0}; //!< bit k: waypoint k transmitted it
        bool tunnelled{false}; //!< it crossed a link inside an IPv6-in-IPv6 tunnel
        uint64_t octets{0};    //!< IPv6 octets sent on the links, outer headers included
    };
    /**
     * @brief Note the packets each of these nodes transmits.
     * @param node an installed node
     * @return its waypoint bit (0 to 63), the same for a node added again
     */
    uint32_t AddWaypoint(Ptr<Node> node);
    /// @return the waypoints, in bit order (node ids)
    std::vector<uint32_t> GetWaypoints() const;
    /**
     * @brief What a followed packet crossed so far, and forget it.
     * @param uid the packet's uid
     * @return links, waypoints, tunnel and octets (hops -1 when the packet is not followed)
     */
    Path TakePath(uint64_t uid);
    /// @return the number of packets followed now
    uint32_t GetNFollowed() const;

  protected:
    void DoDispose() override;

  private:
    /// Ipv6L3Protocol Tx trace sink of one node.
    void Transmitted(uint32_t nodeId, Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t iface);
    /// @return whether a packet that starts with its IPv6 header is UDP to a tracked port,
    /// or a Mobility Header message while those are followed
    bool IsTracked(uint32_t nodeId, Ptr<const Packet> packet) const;

    std::set<uint32_t> m_installed;                      //!< node ids counted
    std::set<std::pair<uint32_t, uint16_t>> m_tracked;   //!< (source node id, port)
    std::set<uint32_t> m_sources;                        //!< source node ids in m_tracked
    bool m_mobilityHeaders{false};                       //!< follow Mobility Header messages
    /// A followed packet so far.
    struct Followed
    {
        uint16_t hops{0};      //!< links
        bool tunnelled{false}; //!< crossed a link inside a tunnel
        uint64_t waypoints{0}; //!< waypoints that transmitted it
        uint64_t octets{0};    //!< IPv6 octets sent on the links so far
    };
    std::unordered_map<uint64_t, Followed> m_hops;       //!< followed packet uid -> so far
    std::vector<uint64_t> m_waypointBit;                 //!< node id -> its bit (0: none)
    std::vector<uint32_t> m_waypoints;                   //!< waypoint node ids, by bit
    uint32_t m_maxFollowed;                              //!< bound of m_hops
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_PATH_LENGTH_PROBE_H */
