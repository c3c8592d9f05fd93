/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILE_IPV6_EXTENSIONS_H
#define DMM_MOBILE_IPV6_EXTENSIONS_H

#include "ns3/callback.h"
#include "ns3/header.h"
#include "ns3/ipv6-address.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-extension.h"

#include <cstdint>
#include <map>
#include <set>

namespace ns3
{

class Ipv6;
class Ipv6L3Protocol;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief The Type 2 Routing header (RFC 6275 section 6.4), 24 octets:
 *
 * @code
 * | Next Header | Hdr Ext Len=2 | Routing Type=2 | Segments Left=1 |
 * |                      Reserved (32 bits)                         |
 * |                      Home Address (128 bits)                    |
 * @endcode
 *
 * A correspondent with a binding sends to the care-of address with this header naming the
 * home address; the mobile node delivers the packet as addressed to its home address.
 */
class Type2RoutingHeader : public Header
{
  public:
    /// IPv6 Next Header of a Routing header
    static constexpr uint8_t EXT_NUMBER = 43;
    /// Routing Type of the Type 2 Routing header
    static constexpr uint8_t ROUTING_TYPE = 2;
    /// Octets of the header
    static constexpr uint32_t LENGTH = 24;

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    Type2RoutingHeader();
    /// @param nextHeader the header that follows @param home the home address
    Type2RoutingHeader(uint8_t nextHeader, Ipv6Address home);

    /// @param nextHeader the header that follows
    void SetNextHeader(uint8_t nextHeader);
    /// @return the header that follows
    uint8_t GetNextHeader() const;
    /// @param home the home address
    void SetHomeAddress(Ipv6Address home);
    /// @return the home address
    Ipv6Address GetHomeAddress() const;
    /// @param left the Segments Left field (1 when sent)
    void SetSegmentsLeft(uint8_t left);
    /// @return the Segments Left field
    uint8_t GetSegmentsLeft() const;
    /// @return whether the received header had Hdr Ext Len 2 and Routing Type 2
    bool IsWellFormed() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    uint8_t m_nextHeader{0};   //!< Next Header
    uint8_t m_length{2};       //!< Hdr Ext Len as received
    uint8_t m_type{ROUTING_TYPE}; //!< Routing Type as received
    uint8_t m_segmentsLeft{1}; //!< Segments Left
    Ipv6Address m_home;        //!< home address
};

/**
 * @ingroup dmm
 * @brief A Destination Options header carrying the Home Address option (RFC 6275 section
 * 6.3), 24 octets: the option (type 201, length 16) at its alignment 8n+6 after a PadN of
 * four octets.
 *
 * A mobile node with a binding at a correspondent sends from its care-of address with this
 * header naming its home address; the correspondent delivers the packet as coming from the
 * home address.
 */
class HomeAddressOptionHeader : public Header
{
  public:
    /// IPv6 Next Header of a Destination Options header
    static constexpr uint8_t EXT_NUMBER = 60;
    /// Option Type of the Home Address option
    static constexpr uint8_t OPTION_TYPE = 201;
    /// Octets of the header
    static constexpr uint32_t LENGTH = 24;

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    HomeAddressOptionHeader();
    /// @param nextHeader the header that follows @param home the home address
    HomeAddressOptionHeader(uint8_t nextHeader, Ipv6Address home);

    /// @param nextHeader the header that follows
    void SetNextHeader(uint8_t nextHeader);
    /// @return the header that follows
    uint8_t GetNextHeader() const;
    /// @param home the home address
    void SetHomeAddress(Ipv6Address home);
    /// @return the home address
    Ipv6Address GetHomeAddress() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /**
     * @brief Find the Home Address option among the options of a Destination Options header.
     * @param data the header's octets @param length their number (8 × (Hdr Ext Len + 1))
     * @param[out] home the home address found
     * @return 1 found, 0 none, -1 malformed (an option running past the end, or a Home Address
     *         option whose length is not 16)
     */
    static int Find(const uint8_t* data, uint32_t length, Ipv6Address& home);

  private:
    uint8_t m_nextHeader{0}; //!< Next Header
    Ipv6Address m_home;      //!< home address
};

/**
 * @ingroup dmm
 * @brief Put a function between a node's UDP and TCP and IPv6 (their down targets), where
 * route optimisation adds its headers to what they send (the upper-layer checksum is computed
 * by then).
 * @param ipv6 the node's IPv6 stack @param output the new down target of both
 * @return the previous down target of each protocol there is, by protocol number: where
 * @p output sends on
 */
std::map<uint8_t, IpL4Protocol::DownTargetCallback6> InterceptTransports(
    Ptr<Ipv6> ipv6,
    IpL4Protocol::DownTargetCallback6 output);

/**
 * @ingroup dmm
 * @brief Deliver a packet to the node's upper-layer protocol as a received packet with
 * another IPv6 header (the home address put in place of the care-of address): what the Type 2
 * Routing header and the Home Address option ask of the receiver (RFC 6275 9.3.1, 11.3.3).
 * @param l3 the IPv6 stack @param payload the upper-layer packet
 * @param header the header it is delivered with (Next Header: the upper layer)
 * @return whether a protocol took it
 */
bool DeliverUpward(Ptr<Ipv6L3Protocol> l3, Ptr<Packet> payload, const Ipv6Header& header);

/**
 * @ingroup dmm
 * @brief The Type 2 Routing header at a mobile node (RFC 6275 11.3.3), added to ns-3's
 * routing extension demultiplexer (Install). A packet to one of the node's care-of addresses
 * whose header names one of its home addresses, with Segments Left 1, is delivered as
 * addressed to that home address (the upper-layer checksum is over it); anything else with a
 * Type 2 Routing header is dropped and counted.
 */
class Type2RoutingExtension : public Ipv6ExtensionRouting
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    /// Whether an address is one of the node's home addresses.
    using HomeAddressCheck = Callback<bool, Ipv6Address>;
    /// @param node the node (Internet stack installed) @return the extension, inserted
    static Ptr<Type2RoutingExtension> Install(Ptr<Node> node);
    /// @param check tells the node's home addresses
    void SetHomeAddressCheck(HomeAddressCheck check);
    /// @param home a home address of the node besides those the check tells
    void AddHomeAddress(Ipv6Address home);
    uint8_t GetTypeRouting() const override;
    uint8_t Process(Ptr<Packet>& packet,
                    uint8_t offset,
                    const Ipv6Header& ipv6Header,
                    Ipv6Address dst,
                    uint8_t* nextHeader,
                    bool& stopProcessing,
                    bool& isDropped,
                    Ipv6L3Protocol::DropReason& dropReason) override;
    /// @return packets delivered to a home address
    uint64_t GetDelivered() const;
    /// @return packets dropped (malformed, Segments Left not 1, not a home address)
    uint64_t GetDropped() const;

  private:
    HomeAddressCheck m_isHome; //!< the node's home addresses
    std::set<Ipv6Address> m_homes; //!< more home addresses (AddHomeAddress)
    uint64_t m_delivered{0};   //!< delivered
    uint64_t m_dropped{0};     //!< dropped
};

/**
 * @ingroup dmm
 * @brief Destination options at a correspondent (RFC 6275 9.3.1): replaces ns-3's
 * Destination Options extension in its demultiplexer (Install). A header with a Home Address
 * option is handed to the acceptor (the correspondent's binding cache check); a packet it
 * accepts is delivered as coming from the home address, with its care-of address told by
 * GetDeliveringCareOf while it is delivered; what it refuses is dropped and counted. Other
 * destination options are processed as ns-3 does.
 */
class HomeAddressExtension : public Ipv6ExtensionDestination
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    /**
     * Decides on a packet with a Home Address option: its home address, its care-of address
     * (the source), its destination (this node), the upper-layer protocol and the upper-layer
     * packet.
     */
    using Acceptor =
        Callback<bool, Ipv6Address, Ipv6Address, Ipv6Address, uint8_t, Ptr<const Packet>>;
    /// @param node the node (Internet stack installed) @return the extension, in place of ns-3's
    static Ptr<HomeAddressExtension> Install(Ptr<Node> node);
    /// @param acceptor decides on each packet with a Home Address option
    void SetAcceptor(Acceptor acceptor);
    uint8_t Process(Ptr<Packet>& packet,
                    uint8_t offset,
                    const Ipv6Header& ipv6Header,
                    Ipv6Address dst,
                    uint8_t* nextHeader,
                    bool& stopProcessing,
                    bool& isDropped,
                    Ipv6L3Protocol::DropReason& dropReason) override;
    /// @return the care-of address of the packet being delivered (:: outside a delivery)
    Ipv6Address GetDeliveringCareOf() const;
    /// @return packets delivered as from a home address
    uint64_t GetDelivered() const;
    /// @return packets dropped (malformed, or refused by the acceptor)
    uint64_t GetDropped() const;

  private:
    Acceptor m_acceptor;       //!< decides
    Ipv6Address m_delivering;  //!< care-of address during a delivery
    uint64_t m_delivered{0};   //!< delivered
    uint64_t m_dropped{0};     //!< dropped
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILE_IPV6_EXTENSIONS_H */
