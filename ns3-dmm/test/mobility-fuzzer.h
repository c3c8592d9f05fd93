/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_FUZZER_H
#define DMM_MOBILITY_FUZZER_H

#include "ns3/ipv6-address.h"
#include "ns3/mobility-header.h"
#include "ns3/mobility-l4-protocol.h"
#include "ns3/node.h"
#include "ns3/ptr.h"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

class LocationManagement;

/**
 * @ingroup dmm
 * @brief Robustness harness: mutated Mobility Header messages through the codec, through
 * Packet, and through the MobilityL4Protocol of a node that runs a location management and a
 * mobility routing function (a home agent / LMA), in simulated time.
 *
 * A corpus of well-formed messages (every MH Type the module knows, every option type,
 * signed and unsigned registrations, the location management subtypes) is built with the
 * codec; each fuzzed message is one corpus message with 1 to 4 mutations (bit flips, octet
 * values, Header Len, MH Type, truncation, random tails, inserted options, option lengths).
 * Most get a valid checksum so that they reach the parser and the functions; the rest do not.
 * The corpus itself is fed first, unmutated.
 *
 * Each message is checked against four properties, and a violation is counted:
 * - DeserializeBytes and Packet::RemoveHeader agree on the parse status;
 * - a message that parses is serialized again (when it can be) to octets that parse to the
 *   same octets (a fixed point);
 * - the node's MobilityL4Protocol delivers it exactly when the codec, the checksum, Payload
 *   Proto and the type's minimum length say it is well formed; otherwise it counts a drop;
 * - nothing crashes, throws or hangs (the run ends; messages are 1 ms apart).
 *
 * The receiving node answers what it handles (Binding Acknowledgements, Binding Errors,
 * ICMPv6 Parameter Problems) over a real link to the sending node.
 */
class MobilityFuzzer
{
  public:
    /// Property violations.
    enum Violation : uint8_t
    {
        PACKET_MISMATCH = 0,  //!< Packet::RemoveHeader and DeserializeBytes disagree
        ROUND_TRIP = 1,       //!< a parsed message does not serialize to a fixed point
        VERDICT = 2,          //!< MobilityL4Protocol delivered or dropped against the codec
        EXCEPTION = 3,        //!< a C++ exception escaped the codec or the protocol
        VIOLATION_COUNT = 4,  //!< number of kinds
    };

    /**
     * @param seed seed of the mutation stream (the same seed gives the same messages)
     * @param authentication whether the location management function requires RFC 4285
     *        authentication and replay protection (the corpus carries a home registration
     *        and a proxy registration signed with its associations)
     */
    explicit MobilityFuzzer(uint64_t seed, bool authentication = false);
    ~MobilityFuzzer();

    /**
     * @brief Build the two-node network, feed `messages` mutated messages 1 ms apart to the
     * receiving node and run the simulator until every answer is sent. Runs once; the caller
     * destroys the simulator afterwards.
     * @param messages number of mutated messages
     */
    void Run(uint64_t messages);

    /// @return messages fed
    uint64_t GetMessages() const;
    /// @return the size of the corpus of well-formed messages (built by Run)
    uint32_t GetCorpusSize() const;
    /// @return corpus messages the receiver accepted as well formed (fed first, unmutated)
    uint64_t GetCorpusReceived() const;
    /// @return bindings the location management function held after the corpus
    uint32_t GetBindingsAfterCorpus() const;
    /// @param status a MobilityHeader::ParseStatus @return messages the codec parsed with it
    uint64_t GetParseCount(uint8_t status) const;
    /// @return messages with an MH Type the module has no class for
    uint64_t GetUnknownTypes() const;
    /// @return messages given a valid checksum
    uint64_t GetChecksummed() const;
    /// @return parsed messages serialized again and checked for a fixed point
    uint64_t GetRoundTrips() const;
    /// @param kind a Violation @return how many were seen
    uint64_t GetViolations(uint8_t kind) const;
    /// @return every violation
    uint64_t GetTotalViolations() const;
    /// @param reason a MobilityL4Protocol::DropReason @return drops counted by the receiver
    uint64_t GetDropCount(uint8_t reason) const;
    /// @return well-formed messages the receiver accepted (MobilityL4Protocol's rx counters)
    uint64_t GetReceived() const;
    /// @return those it delivered to a function (the rest had no handler on the node)
    uint64_t GetDelivered() const;
    /// @return Mobility Header messages the receiver sent (answers)
    uint64_t GetAnswers() const;
    /// @return Binding Errors and ICMPv6 Parameter Problems the receiver sent
    uint64_t GetErrorsSent() const;
    /// @return bindings the location management function holds at the end
    uint32_t GetBindings() const;
    /// @return registrations it refused for failed authentication
    uint64_t GetAuthenticationFailures() const;
    /// @return the first violation seen, as a hex dump of the message and a description
    std::string GetFirstViolation() const;

  private:
    /// @return corpus messages (octets, checksum zero)
    std::vector<std::vector<uint8_t>> BuildCorpus() const;
    /// @return a mutated corpus message
    std::vector<uint8_t> Mutate();
    /// Fill in the checksum for the sender and the receiver. @param m the message
    void FillChecksum(std::vector<uint8_t>& m) const;
    /// Check one message and hand it to the receiver. @param m the message
    void Feed(const std::vector<uint8_t>& m);
    /// Feed the next message and schedule the one after.
    void Step();
    /// @param count a per-MH-Type counter of the receiver's protocol @return its sum
    uint64_t SumOverTypes(uint64_t (MobilityL4Protocol::*count)(uint8_t) const) const;
    /// Count a violation. @param kind its kind @param m the message @param what description
    void Violate(Violation kind, const std::vector<uint8_t>& m, const std::string& what);

    std::mt19937_64 m_rng;                               //!< mutation stream
    bool m_authentication;                               //!< LM requires authentication
    std::vector<std::vector<uint8_t>> m_corpus;          //!< well-formed messages
    Ptr<Node> m_sender;                                  //!< node a
    Ptr<Node> m_receiver;                                //!< node b (LM + MR)
    Ptr<MobilityL4Protocol> m_l4;                        //!< b's protocol
    Ptr<LocationManagement> m_lm;                        //!< b's location management
    Ipv6Address m_src;                                   //!< a's address
    Ipv6Address m_dst;                                   //!< b's address
    uint64_t m_target;                                   //!< messages to feed
    uint64_t m_messages;                                 //!< messages fed
    uint64_t m_unknownTypes;                             //!< MH Types without a class
    uint64_t m_checksummed;                              //!< given a valid checksum
    uint64_t m_roundTrips;                               //!< fixed points checked
    uint64_t m_corpusReceived;                           //!< corpus messages accepted
    uint32_t m_bindingsAfterCorpus;                      //!< LM bindings after the corpus
    std::array<uint64_t, 8> m_parse;                     //!< by ParseStatus
    std::array<uint64_t, VIOLATION_COUNT> m_violations;  //!< by kind
    std::string m_firstViolation;                        //!< the first one, described
};

} // namespace dmm
} // namespace ns3

#endif // DMM_MOBILITY_FUZZER_H
