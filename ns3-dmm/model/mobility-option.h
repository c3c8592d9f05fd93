/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_OPTION_H
#define DMM_MOBILITY_OPTION_H

#include "ns3/address.h"
#include "ns3/buffer.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief A Mobility Header option (RFC 6275 section 6.2).
 *
 * An option is Type (8 bits), Length (8 bits, octets of data after these two) and data.
 * Each option declares its alignment requirement xn+y (RFC 6275 section 6.2): the Type
 * octet must appear at an integer multiple of x octets from the start of the Mobility Header,
 * plus y. Pad1 and PadN are not represented by objects: MobilityHeader inserts them while
 * serializing and consumes them while parsing.
 */
class MobilityOption : public SimpleRefCount<MobilityOption>
{
  public:
    /// Mobility option type numbers (IANA "Mobility Options" registry).
    enum Type : uint8_t
    {
        PAD1 = 0,                              //!< Pad1, RFC 6275
        PADN = 1,                              //!< PadN, RFC 6275
        BINDING_REFRESH_ADVICE = 2,            //!< RFC 6275 section 6.2.4
        ALTERNATE_CARE_OF_ADDRESS = 3,         //!< RFC 6275 section 6.2.5
        NONCE_INDICES = 4,                     //!< RFC 6275 section 6.2.6
        BINDING_AUTHORIZATION_DATA = 5,        //!< RFC 6275 section 6.2.7
        MOBILE_NODE_IDENTIFIER = 8,            //!< RFC 4283
        MOBILITY_MESSAGE_AUTHENTICATION = 9,   //!< RFC 4285 section 5
        MOBILITY_MESSAGE_REPLAY_PROTECTION = 10, //!< RFC 4285 section 6
        HOME_NETWORK_PREFIX = 22,              //!< RFC 5213 section 8.3
        HANDOFF_INDICATOR = 23,                //!< RFC 5213 section 8.4
        ACCESS_TECHNOLOGY_TYPE = 24,           //!< RFC 5213 section 8.5
        MOBILE_NODE_LINK_LAYER_IDENTIFIER = 25, //!< RFC 5213 section 8.6
        LINK_LOCAL_ADDRESS = 26,               //!< RFC 5213 section 8.7
        TIMESTAMP = 27,                        //!< RFC 5213 section 8.8
    };

    /// Result of parsing the data of an option.
    enum ParseResult : uint8_t
    {
        OK = 0,         //!< data parsed
        BAD_LENGTH = 1, //!< the Length field does not fit the option's layout
    };

    virtual ~MobilityOption() = default;

    /// @return the option type
    virtual uint8_t GetType() const = 0;
    /// @return x of the xn+y alignment requirement (1 means none)
    virtual uint8_t GetAlignmentMultiple() const;
    /// @return y of the xn+y alignment requirement
    virtual uint8_t GetAlignmentOffset() const;
    /// @return the value of the Length field: octets of data after Type and Length
    virtual uint8_t GetDataLength() const = 0;
    /**
     * @brief Write the option data (not Type and Length).
     * @param i iterator positioned after the Length octet; advanced past the data
     */
    virtual void SerializeData(Buffer::Iterator& i) const = 0;
    /**
     * @brief Read the option data.
     * @param data the data octets (after Type and Length)
     * @param length the value of the Length field
     * @return OK or the reason the data is malformed
     */
    virtual ParseResult DeserializeData(const uint8_t* data, uint8_t length) = 0;
    /// @param os stream to print the option fields to
    virtual void Print(std::ostream& os) const = 0;
    /// @return a deep copy of this option
    virtual Ptr<MobilityOption> Copy() const = 0;

    /**
     * @brief Make an empty option object for a type number.
     * @param type the option type
     * @return an option of the class that handles the type, or an UnknownMobilityOption
     */
    static Ptr<MobilityOption> CreateForType(uint8_t type);
    /// @param type an option type number @return its RFC name
    static std::string GetTypeName(uint8_t type);
};

std::ostream& operator<<(std::ostream& os, const MobilityOption& option);

/**
 * @brief Binding Refresh Advice (RFC 6275 section 6.2.4), alignment 2n.
 *
 * The refresh interval is held in seconds; on the wire it is in units of 4 seconds.
 */
class BindingRefreshAdviceOption : public MobilityOption
{
  public:
    BindingRefreshAdviceOption();
    /// @param interval refresh interval; at most 262140 s, truncated to a multiple of 4 s
    explicit BindingRefreshAdviceOption(Time interval);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param interval refresh interval (0 to 262140 s)
    void SetRefreshInterval(Time interval);
    /// @return the refresh interval
    Time GetRefreshInterval() const;

  private:
    uint32_t m_intervalSeconds; //!< refresh interval in seconds
};

/// Alternate Care-of Address (RFC 6275 section 6.2.5), alignment 8n+6.
class AlternateCareOfAddressOption : public MobilityOption
{
  public:
    AlternateCareOfAddressOption() = default;
    /// @param address the alternate care-of address
    explicit AlternateCareOfAddressOption(Ipv6Address address);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param address the alternate care-of address
    void SetAddress(Ipv6Address address);
    /// @return the alternate care-of address
    Ipv6Address GetAddress() const;

  private:
    Ipv6Address m_address; //!< alternate care-of address
};

/// Nonce Indices (RFC 6275 section 6.2.6), alignment 2n.
class NonceIndicesOption : public MobilityOption
{
  public:
    NonceIndicesOption() = default;
    /// @param home home nonce index @param careOf care-of nonce index
    NonceIndicesOption(uint16_t home, uint16_t careOf);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param index home nonce index
    void SetHomeNonceIndex(uint16_t index);
    /// @return home nonce index
    uint16_t GetHomeNonceIndex() const;
    /// @param index care-of nonce index
    void SetCareOfNonceIndex(uint16_t index);
    /// @return care-of nonce index
    uint16_t GetCareOfNonceIndex() const;

  private:
    uint16_t m_home{0};   //!< home nonce index
    uint16_t m_careOf{0}; //!< care-of nonce index
};

/**
 * @brief Binding Authorization Data (RFC 6275 section 6.2.7), alignment 8n+2.
 *
 * The authenticator is 96 bits when computed as RFC 6275 section 5.2.6 says; other lengths
 * (1 to 255 octets) are carried as given.
 */
class BindingAuthorizationDataOption : public MobilityOption
{
  public:
    BindingAuthorizationDataOption();
    /// @param authenticator the authenticator octets (1 to 255)
    explicit BindingAuthorizationDataOption(const std::vector<uint8_t>& authenticator);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param authenticator the authenticator octets (1 to 255)
    void SetAuthenticator(const std::vector<uint8_t>& authenticator);
    /// @return the authenticator octets
    std::vector<uint8_t> GetAuthenticator() const;

  private:
    std::vector<uint8_t> m_authenticator; //!< authenticator
};

/**
 * @brief Mobile Node Identifier (RFC 4283), no alignment requirement.
 *
 * Subtype 1 carries a Network Access Identifier (RFC 4282).
 */
class MobileNodeIdentifierOption : public MobilityOption
{
  public:
    /// Identifier subtypes
    enum Subtype : uint8_t
    {
        NAI = 1, //!< Network Access Identifier, RFC 4283
    };

    MobileNodeIdentifierOption();
    /// @param nai the NAI of the mobile node (1 to 254 octets)
    explicit MobileNodeIdentifierOption(const std::string& nai);
    uint8_t GetType() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param nai the NAI (1 to 254 octets); sets the subtype to NAI
    void SetNai(const std::string& nai);
    /// @return the identifier as a string
    std::string GetNai() const;
    /// @param subtype identifier subtype @param identifier identifier octets (1 to 254)
    void SetIdentifier(uint8_t subtype, const std::vector<uint8_t>& identifier);
    /// @return identifier subtype
    uint8_t GetSubtype() const;
    /// @return identifier octets
    std::vector<uint8_t> GetIdentifier() const;

  private:
    uint8_t m_subtype;                 //!< identifier subtype
    std::vector<uint8_t> m_identifier; //!< identifier octets
};

/**
 * @brief Mobility Message Authentication (RFC 4285 section 5), alignment 4n+1.
 *
 * It must be the last option of a message (RFC 4285): MobilityHeader serializes it last.
 */
class MobilityMessageAuthenticationOption : public MobilityOption
{
  public:
    /// Authentication subtypes
    enum Subtype : uint8_t
    {
        MN_HA = 1,  //!< MN-HA authentication
        MN_AAA = 2, //!< MN-AAA authentication
    };

    MobilityMessageAuthenticationOption();
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param subtype MN_HA or MN_AAA
    void SetSubtype(uint8_t subtype);
    /// @return the subtype
    uint8_t GetSubtype() const;
    /// @param spi Mobility Security Parameter Index
    void SetSpi(uint32_t spi);
    /// @return the Mobility Security Parameter Index
    uint32_t GetSpi() const;
    /// @param authenticator authenticator octets (0 to 250)
    void SetAuthenticator(const std::vector<uint8_t>& authenticator);
    /// @return authenticator octets
    std::vector<uint8_t> GetAuthenticator() const;

  private:
    uint8_t m_subtype;                    //!< subtype
    uint32_t m_spi;                       //!< mobility SPI
    std::vector<uint8_t> m_authenticator; //!< authenticator
};

/**
 * @brief An option whose data is one 64-bit value in network byte order, alignment 8n+2: the
 * timestamps of RFC 5213 (Timestamp) and RFC 4285 (Mobility Message Replay Protection).
 */
class TimestampValueOption : public MobilityOption
{
  public:
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    /// @param raw the 64-bit wire value
    void SetRaw(uint64_t raw);
    /// @return the 64-bit wire value
    uint64_t GetRaw() const;

  protected:
    uint64_t m_raw{0}; //!< the wire value
};

/**
 * @brief Mobility Message Replay Protection (RFC 4285 section 6), alignment 8n+2: a 64-bit
 * timestamp in the Network Time Protocol's format (32 bits of seconds since 1900-01-01 00:00
 * UTC, 32 bits of fraction). Placed before the Mobility Message Authentication option.
 */
class MobilityMessageReplayProtectionOption : public TimestampValueOption
{
  public:
    /// Seconds from the NTP era's origin (1900-01-01) to the Unix epoch (1970-01-01).
    static constexpr uint64_t NTP_UNIX_OFFSET = 2208988800ULL;

    MobilityMessageReplayProtectionOption() = default;
    /// @param sinceEpoch time since 1970-01-01 00:00 UTC (non-negative)
    explicit MobilityMessageReplayProtectionOption(Time sinceEpoch);
    uint8_t GetType() const override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param sinceEpoch time since 1970-01-01 00:00 UTC, rounded down to 2^-32 s
    /// @throws std::invalid_argument if negative or beyond the NTP era (2036-02-07)
    void SetTimestamp(Time sinceEpoch);
    /// @return the timestamp as time since 1970-01-01 00:00 UTC (negative before 1970)
    Time GetTimestamp() const;
};

/// Home Network Prefix (RFC 5213 section 8.3), alignment 8n+4.
class HomeNetworkPrefixOption : public MobilityOption
{
  public:
    HomeNetworkPrefixOption();
    /// @param prefix the home network prefix @param prefixLength its length in bits (0-128)
    HomeNetworkPrefixOption(Ipv6Address prefix, uint8_t prefixLength);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param prefix the prefix @param prefixLength its length in bits (0-128)
    void SetPrefix(Ipv6Address prefix, uint8_t prefixLength);
    /// @return the prefix
    Ipv6Address GetPrefix() const;
    /// @return the prefix length in bits
    uint8_t GetPrefixLength() const;

  private:
    Ipv6Address m_prefix;   //!< home network prefix
    uint8_t m_prefixLength; //!< prefix length
};

/// Handoff Indicator (RFC 5213 section 8.4), no alignment requirement.
class HandoffIndicatorOption : public MobilityOption
{
  public:
    /// Handoff Indicator values (RFC 5213 section 8.4)
    enum Value : uint8_t
    {
        RESERVED = 0,                          //!< reserved
        ATTACHMENT_OVER_NEW_INTERFACE = 1,     //!< attachment over a new interface
        HANDOFF_BETWEEN_INTERFACES = 2,        //!< handoff between two different interfaces
        HANDOFF_BETWEEN_MAGS_SAME_INTERFACE = 3, //!< handoff between MAGs for the same interface
        HANDOFF_STATE_UNKNOWN = 4,             //!< handoff state unknown
        HANDOFF_STATE_NOT_CHANGED = 5,         //!< handoff state not changed (re-registration)
    };

    HandoffIndicatorOption();
    /// @param value handoff indicator value
    explicit HandoffIndicatorOption(uint8_t value);
    uint8_t GetType() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param value handoff indicator value
    void SetValue(uint8_t value);
    /// @return handoff indicator value
    uint8_t GetValue() const;

  private:
    uint8_t m_value; //!< handoff indicator
};

/// Access Technology Type (RFC 5213 section 8.5), no alignment requirement.
class AccessTechnologyTypeOption : public MobilityOption
{
  public:
    /// Access technology type values (RFC 5213 section 8.5)
    enum Value : uint8_t
    {
        RESERVED = 0,        //!< reserved
        VIRTUAL = 1,         //!< logical network interface
        PPP = 2,             //!< Point-to-Point Protocol
        IEEE_802_3 = 3,      //!< Ethernet
        IEEE_802_11 = 4,     //!< Wireless LAN (IEEE 802.11a/b/g)
        IEEE_802_16E = 5,    //!< WIMAX
    };

    AccessTechnologyTypeOption();
    /// @param value access technology type
    explicit AccessTechnologyTypeOption(uint8_t value);
    uint8_t GetType() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param value access technology type
    void SetValue(uint8_t value);
    /// @return access technology type
    uint8_t GetValue() const;

  private:
    uint8_t m_value; //!< access technology type
};

/// Mobile Node Link-layer Identifier (RFC 5213 section 8.6), alignment 8n+2.
class MobileNodeLinkLayerIdentifierOption : public MobilityOption
{
  public:
    /// A 6-octet all-zero identifier (the size of an IEEE 802 MAC address).
    MobileNodeLinkLayerIdentifierOption();
    /// @param identifier link-layer identifier octets (1 to 253)
    explicit MobileNodeLinkLayerIdentifierOption(const std::vector<uint8_t>& identifier);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param identifier link-layer identifier octets (1 to 253)
    void SetIdentifier(const std::vector<uint8_t>& identifier);
    /// @param address a link-layer address (e.g. a Mac48Address) to use as identifier
    void SetIdentifierFromAddress(const Address& address);
    /// @return link-layer identifier octets
    std::vector<uint8_t> GetIdentifier() const;

  private:
    std::vector<uint8_t> m_identifier; //!< link-layer identifier
};

/// Link-local Address (RFC 5213 section 8.7), alignment 8n+6.
class LinkLocalAddressOption : public MobilityOption
{
  public:
    LinkLocalAddressOption() = default;
    /// @param address the link-local address
    explicit LinkLocalAddressOption(Ipv6Address address);
    uint8_t GetType() const override;
    uint8_t GetAlignmentMultiple() const override;
    uint8_t GetAlignmentOffset() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param address the link-local address
    void SetAddress(Ipv6Address address);
    /// @return the link-local address
    Ipv6Address GetAddress() const;

  private:
    Ipv6Address m_address; //!< link-local address
};

/**
 * @brief Timestamp (RFC 5213 section 8.8), alignment 8n+2.
 *
 * 64-bit fixed point: 48 bits of seconds since 1970-01-01 00:00 UTC, 16 bits of 1/65536 s.
 */
class TimestampOption : public TimestampValueOption
{
  public:
    TimestampOption() = default;
    /// @param sinceEpoch time since 1970-01-01 00:00 UTC (non-negative)
    explicit TimestampOption(Time sinceEpoch);
    uint8_t GetType() const override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param sinceEpoch time since 1970-01-01 00:00 UTC, rounded down to 1/65536 s
    void SetTimestamp(Time sinceEpoch);
    /// @return the timestamp as time since 1970-01-01 00:00 UTC
    Time GetTimestamp() const;
};

/// An option of a type this implementation does not know; kept as raw octets (RFC 6275 6.2.1).
class UnknownMobilityOption : public MobilityOption
{
  public:
    /// @param type the option type number
    explicit UnknownMobilityOption(uint8_t type);
    uint8_t GetType() const override;
    uint8_t GetDataLength() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    ParseResult DeserializeData(const uint8_t* data, uint8_t length) override;
    void Print(std::ostream& os) const override;
    Ptr<MobilityOption> Copy() const override;
    /// @param data the option data octets (0 to 255)
    void SetData(const std::vector<uint8_t>& data);
    /// @return the option data octets
    std::vector<uint8_t> GetData() const;

  private:
    uint8_t m_type;            //!< option type
    std::vector<uint8_t> m_data; //!< option data
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_MOBILITY_OPTION_H */
