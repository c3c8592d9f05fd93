/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_LOCATION_MANAGEMENT_HEADER_H
#define DMM_LOCATION_MANAGEMENT_HEADER_H

#include "mobility-header.h"

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief Location management messages of the framework's LM database (draft sections 5.1.7,
 * 7 and 8), carried in the Experimental Mobility Header (MH Type 11, RFC 5096).
 *
 * No standard Mobility Header message queries or replicates a binding between location
 * management servers and mobility routing functions, so these messages use the type RFC 5096
 * reserves for experiments. Message Data after the checksum:
 *
 * @code
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |    Subtype    |    Status     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Sequence #           |           Lifetime            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                 Mobility options (RFC 6275 format)            .
 * @endcode
 *
 * The options are the standard ones with their usual meaning: Home Network Prefix (the HoA
 * prefix looked up or bound), Mobile Node Identifier, Alternate Care-of Address (the locator:
 * a care-of address or the address of the MR that serves the MN), Timestamp. Lifetime is in
 * 4-second units as in a Binding Update. Status uses the Binding Acknowledgement codes, plus
 * NO_BINDING for a query whose key the LM does not hold; in a Location Replicate it is the
 * replicated entry's locator kind (LocationEntry::LocatorKind: 0 care-of address, 1 proxy,
 * 2 mobility router) with bit 0x80 set for a proxy registration, and a lifetime of 0 removes
 * the entry.
 */
class LocationManagementHeader : public MobilityHeader
{
  public:
    /// Message subtypes
    enum Subtype : uint8_t
    {
        LOCATION_QUERY = 1,         //!< MR asks an LM for the location of an HoA (pull)
        LOCATION_REPLY = 2,         //!< LM answers a query
        LOCATION_NOTIFY = 3,        //!< LM or MR(MN) pushes a location to an MR (push)
        LOCATION_NOTIFY_ACK = 4,    //!< acknowledges a notify
        LOCATION_REPLICATE = 5,     //!< LM copies a binding to a peer LM (replicated LM)
        LOCATION_REPLICATE_ACK = 6, //!< acknowledges a replicate
    };

    /// Status value of a reply when the LM holds no binding for the key.
    static constexpr uint8_t NO_BINDING = 200;

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    LocationManagementHeader();
    /// @param subtype message subtype
    explicit LocationManagementHeader(uint8_t subtype);
    /// @param subtype message subtype (1..6)
    void SetSubtype(uint8_t subtype);
    /// @return message subtype
    uint8_t GetSubtype() const;
    /// @param status status code
    void SetStatus(uint8_t status);
    /// @return status code
    uint8_t GetStatus() const;
    /// @param sequence sequence number
    void SetSequence(uint16_t sequence);
    /// @return sequence number
    uint16_t GetSequence() const;
    /// @param lifetime 0 to 262140 s; written in 4-second units (rounded down)
    void SetLifetime(Time lifetime);
    /// @return lifetime
    Time GetLifetime() const;
    /// @param subtype a subtype @return its name
    static std::string GetSubtypeName(uint8_t subtype);

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint8_t m_subtype;          //!< subtype
    uint8_t m_status;           //!< status
    uint16_t m_sequence;        //!< sequence number
    uint32_t m_lifetimeSeconds; //!< lifetime in seconds
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_LOCATION_MANAGEMENT_HEADER_H */
