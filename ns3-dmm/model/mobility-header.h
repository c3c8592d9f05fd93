/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_HEADER_H
#define DMM_MOBILITY_HEADER_H

#include "mobility-option.h"

#include "ns3/header.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief The Mobility Header (RFC 6275 section 6.1), IPv6 next header 135.
 *
 * @code
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * .                       Message Data                            .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * @endcode
 *
 * Each message type is a subclass holding the fixed fields of its Message Data; the
 * mobility options follow, each placed at its xn+y alignment with Pad1/PadN, and the whole
 * header is padded to a multiple of 8 octets (Header Len counts 8-octet units after the
 * first 8). The checksum covers the IPv6 pseudo-header (RFC 2460 section 8.1) and is
 * computed by Serialize() once EnableChecksum() was given the addresses.
 *
 * Deserialize() never reads past the octets it is given: a malformed message leaves
 * GetParseStatus() != PARSE_OK.
 */
class MobilityHeader : public Header
{
  public:
    /// Mobility Header types (IANA "Mobility Header Types" registry).
    enum MhType : uint8_t
    {
        BINDING_REFRESH_REQUEST = 0, //!< BRR, RFC 6275 section 6.1.2
        HOME_TEST_INIT = 1,          //!< HoTI, RFC 6275 section 6.1.3
        CARE_OF_TEST_INIT = 2,       //!< CoTI, RFC 6275 section 6.1.4
        HOME_TEST = 3,               //!< HoT, RFC 6275 section 6.1.5
        CARE_OF_TEST = 4,            //!< CoT, RFC 6275 section 6.1.6
        BINDING_UPDATE = 5,          //!< BU (and PBU, RFC 5213), RFC 6275 section 6.1.7
        BINDING_ACKNOWLEDGEMENT = 6, //!< BA (and PBA, RFC 5213), RFC 6275 section 6.1.8
        BINDING_ERROR = 7,           //!< BE, RFC 6275 section 6.1.9
        EXPERIMENTAL = 11,           //!< Experimental Mobility Header, RFC 5096
    };

    /// Outcome of parsing a Mobility Header.
    enum ParseStatus : uint8_t
    {
        PARSE_OK = 0,             //!< well formed
        TRUNCATED = 1,            //!< fewer octets than 8 or than Header Len announces
        TYPE_MISMATCH = 2,        //!< the MH Type is not the one of this class
        HEADER_LEN_TOO_SHORT = 3, //!< Header Len too small for the fixed fields of the type
        OPTION_TRUNCATED = 4,     //!< an option runs past the end of the header
        OPTION_BAD_LENGTH = 5,    //!< a known option has a Length its layout does not allow
    };

    /// IPPROTO_NONE: the only Payload Proto value RFC 6275 allows
    static constexpr uint8_t IPPROTO_NONE = 59;
    /// IPv6 next header value of the Mobility Header
    static constexpr uint8_t PROT_NUMBER = 135;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /// @param type MH type of the concrete message
    explicit MobilityHeader(uint8_t type);
    ~MobilityHeader() override;
    /// Copy with deep-copied options. @param other header to copy
    MobilityHeader(const MobilityHeader& other);
    /// Assign with deep-copied options. @param other header to copy @return this
    MobilityHeader& operator=(const MobilityHeader& other);

    /// @return the MH Type
    uint8_t GetMhType() const;
    /// @param proto Payload Proto (59 unless testing error handling)
    void SetPayloadProto(uint8_t proto);
    /// @return Payload Proto
    uint8_t GetPayloadProto() const;
    /// @return Header Len: as received after Deserialize, else as Serialize will write it
    /// (255 at most: a message that would need more cannot be serialized)
    uint8_t GetHeaderLen() const;
    /**
     * @brief Octets the message occupies when serialized: fixed fields, options in
     * serialization order with the padding their alignment needs, then padding to a multiple
     * of 8 octets.
     *
     * This can exceed 2048 (Header Len 255) for a parsed message whose options were packed
     * without alignment padding on the wire: such a message cannot be serialized again.
     * @return the length in octets
     */
    uint32_t GetMessageLength() const;
    /// @return whether the message fits in 2048 octets (Header Len 255) and can be serialized
    bool IsSerializable() const;
    /// @return the checksum as last serialized or deserialized
    uint16_t GetChecksum() const;
    /// @return the octets the message was parsed from (DeserializeBytes or Deserialize: its
    /// Header Len's worth), empty for a message built here
    const std::vector<uint8_t>& GetWireOctets() const;

    /**
     * @brief Compute the checksum with this pseudo-header when serializing.
     * @param src IPv6 source address of the packet
     * @param dst IPv6 destination address of the packet
     */
    void EnableChecksum(const Ipv6Address& src, const Ipv6Address& dst);

    /**
     * @brief Append a copy of an option.
     *
     * Options are serialized in the order added, except that Binding Authorization Data and
     * Mobility Message Authentication go last as their RFCs require.
     * @param option the option
     */
    void AddOption(const MobilityOption& option);
    /// @param option option to append a copy of (must not be null)
    void AddOption(Ptr<const MobilityOption> option);
    /// @return number of options (Pad1/PadN excluded)
    uint32_t GetNOptions() const;
    /// @param index option index @return the option
    Ptr<MobilityOption> GetOption(uint32_t index) const;
    /// @param type option type @return the first option of that type, or nullptr
    Ptr<MobilityOption> FindOption(uint8_t type) const;
    /// Remove all options.
    void ClearOptions();

    /// @return the outcome of the last Deserialize
    ParseStatus GetParseStatus() const;
    /// @return octet offset of the malformed field when GetParseStatus() != PARSE_OK
    uint32_t GetParseErrorOffset() const;

    /**
     * @brief Parse a Mobility Header from raw octets.
     * @param data the octets, starting at Payload Proto
     * @param size number of octets available
     * @return the parse status (also kept for GetParseStatus)
     */
    ParseStatus DeserializeBytes(const uint8_t* data, uint32_t size);

    /// @param type MH type @return minimum header length in octets, 0 for unknown types
    static uint32_t GetMinimumLength(uint8_t type);
    /// @param type MH type @return its RFC name
    static std::string GetMhTypeName(uint8_t type);
    /// @param status parse status @return a short description
    static std::string GetParseStatusName(ParseStatus status);

    /**
     * @return GetMessageLength()
     * @throws std::length_error if the message cannot be serialized (IsSerializable() false):
     * Packet::AddHeader calls this before it changes the packet
     */
    uint32_t GetSerializedSize() const override;
    /// @throws std::length_error if the message cannot be serialized (IsSerializable() false)
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  protected:
    /// @return octets of fixed Message Data after the 6-octet common part
    virtual uint32_t GetMessageDataLength() const = 0;
    /// @param i iterator after the checksum; advanced past the fixed fields
    virtual void SerializeMessageData(Buffer::Iterator& i) const = 0;
    /// @param data exactly GetMessageDataLength() octets after the checksum
    virtual void DeserializeMessageData(const uint8_t* data) = 0;
    /// @param os stream for the fixed fields
    virtual void PrintMessageData(std::ostream& os) const = 0;

  private:
    /// @return options in serialization order (authenticating options last)
    std::vector<Ptr<MobilityOption>> SerializationOrder() const;
    /// @return total length in octets, padding included
    uint32_t ComputeLength() const;

    uint8_t m_payloadProto;                     //!< Payload Proto
    uint8_t m_mhType;                           //!< MH Type
    uint8_t m_receivedHeaderLen;                //!< Header Len as received
    bool m_received;                            //!< filled by Deserialize
    uint16_t m_checksum;                        //!< checksum
    bool m_calcChecksum;                        //!< compute the checksum in Serialize
    uint32_t m_pseudoHeaderSum;                 //!< folded sum of the pseudo-header
    std::vector<Ptr<MobilityOption>> m_options; //!< options
    ParseStatus m_parseStatus;                  //!< outcome of the last parse
    uint32_t m_parseErrorOffset;                //!< offset of the malformed field
    std::vector<uint8_t> m_wire;                //!< the octets parsed (GetWireOctets)
};

/**
 * @brief Binding Refresh Request (RFC 6275 section 6.1.2): 16 reserved bits, then options.
 */
class BindingRefreshRequestHeader : public MobilityHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    BindingRefreshRequestHeader();

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;
};

/**
 * @brief Home Test Init and Care-of Test Init (RFC 6275 sections 6.1.3, 6.1.4):
 * 16 reserved bits, a 64-bit init cookie, then options.
 */
class TestInitHeader : public MobilityHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    /// @param type HOME_TEST_INIT or CARE_OF_TEST_INIT
    explicit TestInitHeader(uint8_t type = HOME_TEST_INIT);
    /// @param cookie the home or care-of init cookie
    void SetInitCookie(uint64_t cookie);
    /// @return the init cookie
    uint64_t GetInitCookie() const;

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint64_t m_cookie; //!< init cookie
};

/// Home Test Init (RFC 6275 section 6.1.3).
class HomeTestInitHeader : public TestInitHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    HomeTestInitHeader();
};

/// Care-of Test Init (RFC 6275 section 6.1.4).
class CareOfTestInitHeader : public TestInitHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    CareOfTestInitHeader();
};

/**
 * @brief Home Test and Care-of Test (RFC 6275 sections 6.1.5, 6.1.6): a 16-bit nonce
 * index, the 64-bit init cookie, a 64-bit keygen token, then options.
 */
class TestHeader : public MobilityHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    /// @param type HOME_TEST or CARE_OF_TEST
    explicit TestHeader(uint8_t type = HOME_TEST);
    /// @param index the home or care-of nonce index
    void SetNonceIndex(uint16_t index);
    /// @return the nonce index
    uint16_t GetNonceIndex() const;
    /// @param cookie the init cookie copied from HoTI/CoTI
    void SetInitCookie(uint64_t cookie);
    /// @return the init cookie
    uint64_t GetInitCookie() const;
    /// @param token the keygen token
    void SetKeygenToken(uint64_t token);
    /// @return the keygen token
    uint64_t GetKeygenToken() const;

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint16_t m_nonceIndex; //!< nonce index
    uint64_t m_cookie;     //!< init cookie
    uint64_t m_token;      //!< keygen token
};

/// Home Test (RFC 6275 section 6.1.5).
class HomeTestHeader : public TestHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    HomeTestHeader();
};

/// Care-of Test (RFC 6275 section 6.1.6).
class CareOfTestHeader : public TestHeader
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    CareOfTestHeader();
};

/**
 * @brief Binding Update (RFC 6275 section 6.1.7), also the Proxy Binding Update of RFC 5213.
 *
 * @code
 * |          Sequence #           |A|H|L|K|M|R|P|   Reserved      |
 * |           Lifetime            |   Mobility options ...
 * @endcode
 * The lifetime is held in seconds and written in units of 4 seconds.
 */
class BindingUpdateHeader : public MobilityHeader
{
  public:
    /// Flag bits of the 16-bit flags word
    enum Flag : uint16_t
    {
        FLAG_A = 0x8000, //!< Acknowledge, RFC 6275
        FLAG_H = 0x4000, //!< Home Registration, RFC 6275
        FLAG_L = 0x2000, //!< Link-Local Address Compatibility, RFC 6275
        FLAG_K = 0x1000, //!< Key Management Mobility Capability, RFC 6275
        FLAG_M = 0x0800, //!< MAP Registration, RFC 5380
        FLAG_R = 0x0400, //!< Mobile Router, RFC 3963
        FLAG_P = 0x0200, //!< Proxy Registration, RFC 5213
    };

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    BindingUpdateHeader();
    /// @param sequence sequence number
    void SetSequence(uint16_t sequence);
    /// @return sequence number
    uint16_t GetSequence() const;
    /// @param flag one flag bit @param value set or clear it
    void SetFlag(Flag flag, bool value);
    /// @param flag one flag bit @return whether it is set
    bool GetFlag(Flag flag) const;
    /// @param flags the whole 16-bit flags word (reserved bits included)
    void SetFlags(uint16_t flags);
    /// @return the whole 16-bit flags word
    uint16_t GetFlags() const;
    /// @param lifetime 0 to 262140 s; written in 4-second units (rounded down)
    void SetLifetime(Time lifetime);
    /// @return lifetime
    Time GetLifetime() const;

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint16_t m_sequence;        //!< sequence number
    uint16_t m_flags;           //!< flags word
    uint32_t m_lifetimeSeconds; //!< lifetime in seconds
};

/**
 * @brief Binding Acknowledgement (RFC 6275 section 6.1.8), also the Proxy Binding
 * Acknowledgement of RFC 5213.
 *
 * @code
 * |    Status     |K|R|P|Reserved |          Sequence #           |
 * |           Lifetime            |   Mobility options ...
 * @endcode
 */
class BindingAckHeader : public MobilityHeader
{
  public:
    /// Flag bits of the 8-bit flags field
    enum Flag : uint8_t
    {
        FLAG_K = 0x80, //!< Key Management Mobility Capability, RFC 6275
        FLAG_R = 0x40, //!< Mobile Router, RFC 3963
        FLAG_P = 0x20, //!< Proxy Registration, RFC 5213
    };

    /// Binding Acknowledgement status codes (IANA registry, names as in the RFCs)
    enum Status : uint8_t
    {
        BINDING_UPDATE_ACCEPTED = 0,                        //!< RFC 6275
        ACCEPTED_BUT_PREFIX_DISCOVERY_NECESSARY = 1,        //!< RFC 6275
        REASON_UNSPECIFIED = 128,                           //!< RFC 6275
        ADMINISTRATIVELY_PROHIBITED = 129,                  //!< RFC 6275
        INSUFFICIENT_RESOURCES = 130,                       //!< RFC 6275
        HOME_REGISTRATION_NOT_SUPPORTED = 131,              //!< RFC 6275
        NOT_HOME_SUBNET = 132,                              //!< RFC 6275
        NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE = 133,          //!< RFC 6275
        DUPLICATE_ADDRESS_DETECTION_FAILED = 134,           //!< RFC 6275
        SEQUENCE_NUMBER_OUT_OF_WINDOW = 135,                //!< RFC 6275
        EXPIRED_HOME_NONCE_INDEX = 136,                     //!< RFC 6275
        EXPIRED_CARE_OF_NONCE_INDEX = 137,                  //!< RFC 6275
        EXPIRED_NONCES = 138,                               //!< RFC 6275
        REGISTRATION_TYPE_CHANGE_DISALLOWED = 139,          //!< RFC 6275
        MOBILE_ROUTER_OPERATION_NOT_PERMITTED = 140,        //!< RFC 3963
        INVALID_PREFIX = 141,                               //!< RFC 3963
        NOT_AUTHORIZED_FOR_PREFIX = 142,                    //!< RFC 3963
        FORWARDING_SETUP_FAILED = 143,                      //!< RFC 3963
        MIPV6_ID_MISMATCH = 144,                            //!< RFC 4285
        MIPV6_MESG_ID_REQD = 145,                           //!< RFC 4285
        MIPV6_AUTH_FAIL = 146,                              //!< RFC 4285
        PROXY_REG_NOT_ENABLED = 152,                        //!< RFC 5213
        NOT_LMA_FOR_THIS_MOBILE_NODE = 153,                 //!< RFC 5213
        MAG_NOT_AUTHORIZED_FOR_PROXY_REG = 154,             //!< RFC 5213
        NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX = 155,       //!< RFC 5213
        TIMESTAMP_MISMATCH = 156,                           //!< RFC 5213
        TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157,           //!< RFC 5213
        MISSING_HOME_NETWORK_PREFIX_OPTION = 158,           //!< RFC 5213
        BCE_PBU_PREFIX_SET_DO_NOT_MATCH = 159,              //!< RFC 5213
        MISSING_MN_IDENTIFIER_OPTION = 160,                 //!< RFC 5213
        MISSING_HANDOFF_INDICATOR_OPTION = 161,             //!< RFC 5213
        MISSING_ACCESS_TECH_TYPE_OPTION = 162,              //!< RFC 5213
    };

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    BindingAckHeader();
    /// @param status status code
    void SetStatus(uint8_t status);
    /// @return status code
    uint8_t GetStatus() const;
    /// @return whether the status means the binding was accepted (status < 128)
    bool IsAccepted() const;
    /// @param flag one flag bit @param value set or clear it
    void SetFlag(Flag flag, bool value);
    /// @param flag one flag bit @return whether it is set
    bool GetFlag(Flag flag) const;
    /// @param flags the whole flags octet
    void SetFlags(uint8_t flags);
    /// @return the whole flags octet
    uint8_t GetFlags() const;
    /// @param sequence sequence number
    void SetSequence(uint16_t sequence);
    /// @return sequence number
    uint16_t GetSequence() const;
    /// @param lifetime 0 to 262140 s; written in 4-second units (rounded down)
    void SetLifetime(Time lifetime);
    /// @return lifetime
    Time GetLifetime() const;
    /// @param status a status code @return its RFC name
    static std::string GetStatusName(uint8_t status);

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint8_t m_status;           //!< status
    uint8_t m_flags;            //!< flags
    uint16_t m_sequence;        //!< sequence number
    uint32_t m_lifetimeSeconds; //!< lifetime in seconds
};

/**
 * @brief Binding Error (RFC 6275 section 6.1.9): status, reserved, home address, options.
 */
class BindingErrorHeader : public MobilityHeader
{
  public:
    /// Binding Error status values (RFC 6275 section 6.1.9)
    enum Status : uint8_t
    {
        UNKNOWN_BINDING_FOR_HOME_ADDRESS_DESTINATION_OPTION = 1, //!< status 1
        UNRECOGNIZED_MH_TYPE_VALUE = 2,                          //!< status 2
    };

    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    BindingErrorHeader();
    /// @param status status
    void SetStatus(uint8_t status);
    /// @return status
    uint8_t GetStatus() const;
    /// @param address the home address of the offending packet, or ::
    void SetHomeAddress(Ipv6Address address);
    /// @return the home address field
    Ipv6Address GetHomeAddress() const;

  protected:
    uint32_t GetMessageDataLength() const override;
    void SerializeMessageData(Buffer::Iterator& i) const override;
    void DeserializeMessageData(const uint8_t* data) override;
    void PrintMessageData(std::ostream& os) const override;

  private:
    uint8_t m_status;          //!< status
    Ipv6Address m_homeAddress; //!< home address
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILITY_HEADER_H */
