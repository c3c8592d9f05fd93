/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_L4_PROTOCOL_H
#define DMM_MOBILITY_L4_PROTOCOL_H

#include "mobility-header.h"

#include "ns3/error-model.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <set>
#include <utility>
#include <tuple>
#include <vector>
#include <memory>

namespace ns3
{

class Node;
class Packet;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief The Mobility Header protocol (IPv6 next header 135) on a node.
 *
 * Receives every Mobility Header addressed to the node, applies the checks of RFC 6275
 * section 9.2 in their order (checksum over the pseudo-header, known MH Type, Payload Proto,
 * Header Len, then the options), and hands each well-formed message to the handler that a
 * logical function (location management, mobility routing, proxy, mobile node agent)
 * registered for its type. Malformed messages are counted and dropped with a reason, and
 * answered as the RFC says: nothing for a bad checksum, ICMPv6 Parameter Problem for a bad
 * Payload Proto or a too short Header Len, Binding Error status 2 for an MH Type nobody here
 * handles.
 *
 * Sending fills in the checksum for the actual source and destination.
 */
class MobilityL4Protocol : public IpL4Protocol
{
  public:
    /// IPv6 next header number of the Mobility Header
    static constexpr uint8_t PROT_NUMBER = 135;

    /// Why a received (or to be sent) message was dropped.
    enum DropReason : uint8_t
    {
        DROP_TRUNCATED = 0,          //!< fewer octets than 8 or than Header Len announces
        DROP_BAD_CHECKSUM = 1,       //!< checksum over the pseudo-header does not verify
        DROP_UNKNOWN_MH_TYPE = 2,    //!< MH Type not implemented (Binding Error 2 sent)
        DROP_BAD_PAYLOAD_PROTO = 3,  //!< Payload Proto not 59 (ICMPv6 Parameter Problem sent)
        DROP_HEADER_LEN_TOO_SHORT = 4, //!< Header Len below the type's fixed fields (ICMPv6 sent)
        DROP_BAD_OPTION = 5,         //!< an option runs past the end or has a bad length
        DROP_NO_HANDLER = 6,         //!< no function on this node handles the type
        DROP_NO_ROUTE = 7,           //!< (send) no route, or no IPv6 stack
        DROP_NOT_UNICAST = 8,        //!< multicast destination (receive or send)
        DROP_TOO_LONG = 9,           //!< (send) longer than 2048 octets
        DROP_LOST = 10,              //!< lost by the receive error model (SetReceiveErrorModel)
        DROP_UNAUTHENTICATED = 11,   //!< location management message without a valid
                                     //!< authenticator (RequirePeerAuthentication)
        DROP_REPLAYED = 12,          //!< authentic location management message without a
                                     //!< fresh timestamp, or taken already
                                     //!< (PeerReplayProtection)
        DROP_REASON_COUNT = 13,      //!< number of reasons
    };

    /**
     * Handler of a received, well-formed message: the message (a BindingUpdateHeader etc.:
     * dynamic_cast to the type registered for), the IPv6 header of the packet, and the
     * index of the interface it arrived on.
     */
    using MessageHandler = Callback<void, const MobilityHeader&, const Ipv6Header&, uint32_t>;
    /**
     * How strongly a function claims a received message: the message and its IPv6 header;
     * -1 when it is not the function's (a message for a prefix it does not serve, an answer
     * to a registration it did not send), else a strength (the length of the prefix that
     * matched; 128 for an exact match such as its own peer or mobile node).
     */
    using ClaimCallback = Callback<int, const MobilityHeader&, const Ipv6Header&>;

    /**
     * TracedCallback signature of Tx and Rx.
     * @param packet the packet, starting at the Mobility Header
     * @param src IPv6 source address
     * @param dst IPv6 destination address
     */
    typedef void (*MessageTracedCallback)(Ptr<const Packet> packet,
                                          const Ipv6Address& src,
                                          const Ipv6Address& dst);
    /**
     * TracedCallback signature of Drop.
     * @param packet the packet, starting at the Mobility Header
     * @param src IPv6 source address
     * @param dst IPv6 destination address
     * @param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       const Ipv6Address& src,
                                       const Ipv6Address& dst,
                                       DropReason reason);

    /// @return the object TypeId
    static TypeId GetTypeId();
    MobilityL4Protocol();
    ~MobilityL4Protocol() override;

    /// @param node the node this protocol belongs to
    void SetNode(Ptr<Node> node);
    /// @return the node this protocol belongs to
    Ptr<Node> GetNode() const;

    /**
     * @brief Add a function's handler of one MH Type (and location management subtype, for
     * MH Type 11) beside the other functions of the node: a message goes to the handler whose
     * claim is strongest (the first added among equals); when none claims it, to the first
     * added, which answers as it does for what it does not serve (a Binding Acknowledgement
     * with status 133, say). A null claim is 0 for every message.
     * @param mhType the MH Type @param subtype the LM subtype (MH Type 11), else 0
     * @param handler the handler @param function the function's name
     * @param claim the function's claim
     */
    void AddHandler(uint8_t mhType,
                    uint8_t subtype,
                    MessageHandler handler,
                    const std::string& function,
                    ClaimCallback claim);
    /**
     * @brief Register the handler of one MH Type (replacing every previous one).
     * @param mhType the MH Type (for EXPERIMENTAL use SetLocationManagementHandler)
     * @param handler the handler
     */
    void SetHandler(uint8_t mhType, MessageHandler handler);
    /**
     * @brief Register the handler of one MH Type for a named function of the node (replacing
     * every previous one); the name is what signalling counts call the receiving function.
     * @param mhType the MH Type @param handler the handler
     * @param function the function's name ("location management", "proxy", ...)
     */
    void SetHandler(uint8_t mhType, MessageHandler handler, const std::string& function);
    /**
     * @brief Register the handler of one location management subtype (MH Type 11).
     * @param subtype a LocationManagementHeader::Subtype
     * @param handler the handler
     */
    void SetLocationManagementHandler(uint8_t subtype, MessageHandler handler);
    /// @copydoc SetLocationManagementHandler
    /// @param function the function's name
    void SetLocationManagementHandler(uint8_t subtype,
                                      MessageHandler handler,
                                      const std::string& function);
    /**
     * @param mhType an MH Type @param subtype its LM subtype (MH Type 11), else 0
     * @return the name of the (first) function handling it on this node ("" if none, or
     *         unnamed)
     */
    std::string GetHandlerFunction(uint8_t mhType, uint8_t subtype = 0) const;
    /// @return every handled (MH Type, LM subtype) with the name of each function handling it
    std::vector<std::tuple<uint8_t, uint8_t, std::string>> GetHandlerFunctions() const;
    /// @param mhType the MH Type whose handlers to remove
    void RemoveHandler(uint8_t mhType);
    /// Keep a function of the node that is not aggregated to it (a second function of one
    /// type) and dispose of it with this protocol. @param function the function
    void Adopt(Ptr<Object> function);

    /// Messages one function of this node was handed, from one source, of one type.
    struct HandledRecord
    {
        std::string function; //!< the function handed them ("" if unnamed)
        Ipv6Address source;   //!< their source address
        uint8_t type;         //!< MH Type
        uint8_t subtype;      //!< LM subtype for MH Type 11, else 0
        uint64_t messages;    //!< messages handed over
    };
    /// @return the messages handed to each function, per source, type and subtype
    std::vector<HandledRecord> GetHandled() const;

    /**
     * @brief Send a Mobility Header message.
     *
     * The checksum is computed for the addresses used. With an unspecified source the
     * routing protocol picks the source address.
     * @param message the message (its checksum fields are updated)
     * @param src source address, or :: to let routing choose
     * @param dst destination address
     * @return false if there was no route (counted as DROP_NO_ROUTE)
     */
    bool Send(MobilityHeader& message, Ipv6Address src, Ipv6Address dst);
    /**
     * @brief Send a Mobility Header message on behalf of a named function of the node: the
     * message is counted for that function (GetSent).
     * @param message the message @param src source address, or :: @param dst destination
     * @param function the sending function's name
     * @return false if it could not be sent (counted as a drop)
     */
    bool Send(MobilityHeader& message,
              Ipv6Address src,
              Ipv6Address dst,
              const std::string& function);

    /**
     * @brief Send a Mobility Header message from a care-of address on behalf of a home
     * address (RFC 6275 6.3): the packet carries a Destination Options header with the Home
     * Address option, and the checksum is over the home address. Counted as Send is, to
     * @p dst.
     * @param message the message @param careOf the source address on the wire
     * @param home the home address @param dst the destination
     * @param function the sending function's name @return false if it could not be sent
     */
    bool SendFromCareOf(MobilityHeader& message,
                        Ipv6Address careOf,
                        Ipv6Address home,
                        Ipv6Address dst,
                        const std::string& function);
    /**
     * @brief Send a Mobility Header message to a mobile node's care-of address for its home
     * address (RFC 6275 6.4): the packet carries a Type 2 Routing header with the home
     * address, and the checksum is over the home address. Counted as Send is, to @p home.
     * @param message the message @param src the source address @param home the home address
     * @param careOf the destination address on the wire
     * @param function the sending function's name @return false if it could not be sent
     */
    bool SendToCareOf(MobilityHeader& message,
                      Ipv6Address src,
                      Ipv6Address home,
                      Ipv6Address careOf,
                      const std::string& function);
    /**
     * @brief Send a Binding Error (RFC 6275 6.1.9), at the rate Binding Errors are limited to.
     * @param status its status @param home its Home Address field @param src the source
     * @param dst where it goes (the source of the offending packet)
     * @param function the sending function's name @return whether it was sent
     */
    bool SendBindingError(uint8_t status,
                          Ipv6Address home,
                          Ipv6Address src,
                          Ipv6Address dst,
                          const std::string& function);

    /// Messages and octets a function of this node sent to one destination, of one type.
    struct SentRecord
    {
        std::string function;    //!< the sending function ("" if unnamed)
        Ipv6Address destination; //!< where to
        uint8_t type;            //!< MH Type
        uint8_t subtype;         //!< LM subtype for MH Type 11, else 0
        uint64_t messages;       //!< messages sent
        uint64_t octets;         //!< octets of Mobility Header sent
    };
    /// @return the messages sent, per sending function, destination, type and subtype
    std::vector<SentRecord> GetSent() const;

    /// @param mhType MH Type @return messages of that type sent
    uint64_t GetTxCount(uint8_t mhType) const;
    /// @param mhType MH Type @return well-formed messages of that type received
    uint64_t GetRxCount(uint8_t mhType) const;
    /// @param reason drop reason @return messages dropped for that reason
    uint64_t GetDropCount(DropReason reason) const;
    /// @return all messages dropped
    uint64_t GetTotalDropCount() const;
    /// @return octets of Mobility Header sent
    uint64_t GetTxBytes() const;
    /// @return the destinations messages were sent to
    std::vector<Ipv6Address> GetTxDestinations() const;
    /// @param destination a destination @return messages sent to it
    uint64_t GetTxCountTo(Ipv6Address destination) const;
    /// @param destination a destination @return octets of Mobility Header sent to it
    uint64_t GetTxBytesTo(Ipv6Address destination) const;
    /// @param destination a destination @return the MH types sent to it, in increasing order
    std::vector<uint32_t> GetTxTypesTo(Ipv6Address destination) const;
    /// @param destination a destination @param mhType an MH type @return messages sent
    uint64_t GetTxCountTo(Ipv6Address destination, uint8_t mhType) const;
    /// @param destination a destination @param mhType an MH type @return octets sent
    uint64_t GetTxBytesTo(Ipv6Address destination, uint8_t mhType) const;
    /// @return octets of well-formed Mobility Header received
    uint64_t GetRxBytes() const;
    /// @return Binding Errors sent in answer to unhandled MH Types
    uint64_t GetBindingErrorsSent() const;
    /**
     * @brief Lose received Mobility Header messages as an ns-3 error model says: signalling
     * loss on its own (the data plane is untouched). The model is asked once per message of
     * the given types that arrives whole, before its checksum is verified; a message it
     * corrupts is dropped and counted (DROP_LOST).
     * @param model the error model (e.g. a RateErrorModel in packet units); null: no loss
     * @param mhTypes the MH Types it applies to (empty: every type)
     */
    void SetReceiveErrorModel(Ptr<ErrorModel> model, const std::vector<uint8_t>& mhTypes = {});
    /**
     * @brief A security association with a peer node for location management messages
     * (MR-LM, LM-LM, MR-MR, LM-proxy; the experimental MH Type 11): those sent to `peer` carry an RFC 4285
     * Mobility Message Authentication option (subtype MN-HA, this SPI) whose authenticator
     * is First(96, HMAC_SHA1(key, source address | destination address | MH Data)), the
     * packet's addresses standing for RFC 4285's care-of and home addresses; those received
     * from `peer` are verified with it (from the node's own addresses: not at all). Add one per address of the peer node: a node sends
     * from the address routing picks.
     * @param peer an address of the peer node
     * @param spi the association's SPI (256 or more: RFC 4285 reserves 0-255)
     * @param key its key
     * @throws std::invalid_argument for a reserved SPI, an empty key or a peer that has
     *         another association
     */
    void AddPeerAssociation(Ipv6Address peer, uint32_t spi, const std::vector<uint8_t>& key);
    /// @return peer addresses with a security association
    uint32_t GetNPeerAssociations() const;
    /// @return location management messages dropped for failing authentication (no
    /// association with their source, no option, another SPI, a wrong authenticator)
    uint64_t GetUnauthenticated() const;
    /// @return authentic location management messages dropped as replays
    /// (PeerReplayProtection: no timestamp, one outside PeerReplayWindow, or taken already)
    uint64_t GetReplayed() const;
    /// @return ICMPv6 Parameter Problems sent in answer to malformed messages
    uint64_t GetParameterProblemsSent() const;
    /// @param reason a drop reason @return its name
    static std::string GetDropReasonName(DropReason reason);
    /**
     * @brief Make an empty message object of the class that handles an MH Type.
     * @param mhType MH Type
     * @return the message, or nullptr for a type this implementation does not know
     */
    static std::unique_ptr<MobilityHeader> CreateMessage(uint8_t mhType);
    /**
     * @brief Verify the checksum of a Mobility Header over its pseudo-header.
     * @param data the octets of the Mobility Header
     * @param length their number
     * @param src IPv6 source address
     * @param dst IPv6 destination address
     * @return whether the one's complement sum is 0xffff
     */
    static bool VerifyChecksum(const uint8_t* data,
                               uint32_t length,
                               const Ipv6Address& src,
                               const Ipv6Address& dst);

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
    /// @param address an address @return whether it is one of the node's (a message a
    /// function on this node sent to another here needs no association)
    bool IsOwnAddress(Ipv6Address address) const;
    /// Count, trace and drop. @param p packet @param h IPv6 header @param reason reason
    void Drop(Ptr<const Packet> p, const Ipv6Header& h, DropReason reason);
    /// Answer an unhandled MH Type with Binding Error status 2 (RFC 6275 section 9.3.3).
    /// @param h IPv6 header of the offending packet
    void SendBindingError(const Ipv6Header& h);
    /// How a message leaves: as addressed, from a care-of address with a Home Address option,
    /// or to a care-of address with a Type 2 Routing header.
    enum Path : uint8_t
    {
        DIRECT = 0,
        FROM_CARE_OF = 1,
        TO_CARE_OF = 2,
    };
    /// Send a message. @param message the message @param src its source (the home address
    /// FROM_CARE_OF) @param dst its destination (the home address TO_CARE_OF)
    /// @param function the sending function @param path how it leaves
    /// @param careOf the care-of address of FROM_CARE_OF and TO_CARE_OF @return whether sent
    bool Transmit(MobilityHeader& message,
                  Ipv6Address src,
                  Ipv6Address dst,
                  const std::string& function,
                  Path path,
                  Ipv6Address careOf);
    /// Answer with ICMPv6 Parameter Problem code 0. @param p the offending Mobility Header
    /// @param h its IPv6 header @param offset offset of the bad field in the Mobility Header
    void SendParameterProblem(Ptr<const Packet> p, const Ipv6Header& h, uint32_t offset);
    /// @param type MH Type @param subtype LM subtype (type 11) @return the handler key
    static uint16_t HandlerKey(uint8_t type, uint8_t subtype);

    Ptr<Node> m_node;                                 //!< the node
    IpL4Protocol::DownTargetCallback6 m_downTarget6; //!< IPv6 send
    /// A function's handler of one type.
    struct Handler
    {
        MessageHandler handler; //!< the handler
        std::string function;   //!< the function's name
        ClaimCallback claim;    //!< its claim (null: 0 for every message)
    };
    std::map<uint16_t, std::vector<Handler>> m_handlers; //!< by type (and LM subtype)
    std::vector<Ptr<Object>> m_adopted;                  //!< functions kept (Adopt)
    /// messages handed over, per function, source, type and LM subtype
    std::map<std::tuple<std::string, Ipv6Address, uint8_t, uint8_t>, uint64_t> m_handled;
    /// messages and octets sent, per sending function, destination, type and LM subtype
    std::map<std::tuple<std::string, Ipv6Address, uint8_t, uint8_t>,
             std::pair<uint64_t, uint64_t>>
        m_sent;
    std::array<uint64_t, 256> m_txCount{};            //!< messages sent per type
    std::array<uint64_t, 256> m_rxCount{};            //!< messages received per type
    std::array<uint64_t, DROP_REASON_COUNT> m_dropCount{}; //!< drops per reason
    uint64_t m_txBytes{0};                            //!< octets sent
    /// @param destination a destination @param mhType an MH Type, or -1 for all
    /// @return messages and octets sent to it (from the counts per function)
    std::pair<uint64_t, uint64_t> TotalsTo(Ipv6Address destination, int mhType) const;
    uint64_t m_rxBytes{0};                            //!< octets received
    Ptr<ErrorModel> m_receiveErrorModel;              //!< signalling loss (null: none)
    /// A peer node's security association.
    struct PeerAssociation
    {
        uint32_t spi;             //!< its SPI
        std::vector<uint8_t> key; //!< its key
    };
    std::map<Ipv6Address, PeerAssociation> m_peerAssociations; //!< by peer address
    bool m_requirePeerAuthentication{false}; //!< verify location management messages
    bool m_peerReplayProtection{false};      //!< timestamps on location management messages
    Time m_peerReplayWindow;                 //!< largest timestamp difference taken
    Time m_clockOffset;                      //!< this node's clock at simulation time 0
    /// Per SPI, the (timestamp, authenticator) of every message taken within the window.
    std::map<uint32_t, std::set<std::pair<Time, std::vector<uint8_t>>>> m_taken;
    /**
     * Whether an authentic location management message is fresh (PeerReplayProtection):
     * a Mobility Message Replay Protection timestamp within the window of this node's clock,
     * not taken before under the association; notes it as taken.
     * @param message the message @param spi its association's SPI @return whether fresh
     */
    bool Fresh(const MobilityHeader& message, uint32_t spi);
    std::array<bool, 256> m_lossTypes{};              //!< the MH Types it applies to
    uint64_t m_bindingErrorsSent{0};                  //!< Binding Errors sent
    uint64_t m_parameterProblemsSent{0};              //!< ICMPv6 errors sent
    uint32_t m_errorRateLimit;                        //!< errors allowed per second
    Time m_errorWindowStart;                          //!< start of the rate window
    uint32_t m_errorsInWindow{0};                     //!< errors sent in the window
    TracedCallback<Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&> m_txTrace;
    TracedCallback<Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&> m_rxTrace;
    TracedCallback<Ptr<const Packet>, const Ipv6Address&, const Ipv6Address&, DropReason>
        m_dropTrace;

    /// @return whether one more error message may be sent now (rate limit)
    bool ErrorTokenAvailable();
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILITY_L4_PROTOCOL_H */
