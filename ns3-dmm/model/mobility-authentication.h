/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_MOBILITY_AUTHENTICATION_H
#define DMM_MOBILITY_AUTHENTICATION_H

#include "ns3/ipv6-address.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace dmm
{

class MobilityHeader;

/**
 * @ingroup dmm
 * @brief The authenticator of RFC 4285's Mobility Message Authentication option, computed with
 * OpenSSL's libcrypto (HMAC-SHA1, RFC 2104; never a hand-written hash).
 *
 * RFC 4285 section 5.5 (MN-HA and MN-AAA alike):
 *
 *     Authenticator = First(96, HMAC_SHA1(shared key, Mobility Data))
 *     Mobility Data = care-of address | home address | MH Data
 *
 * where MH Data is the content of the Mobility Header up to and including the option's SPI
 * field (the authenticator excluded), with the Checksum field taken as zero. The option is the
 * last of the message and our codec ends it on the message's 8-octet boundary
 * (MobilityHeader), so the authenticator is the message's last 12 octets.
 */
class MobilityAuthentication
{
  public:
    /// Octets of the authenticator: First(96, ...)
    static constexpr uint32_t AUTHENTICATOR_LENGTH = 12;
    /// Octets of an HMAC-SHA1 digest
    static constexpr uint32_t SHA1_LENGTH = 20;

    /// @param message a message @return its octets as serialized here (Checksum as set)
    static std::vector<uint8_t> Serialized(const MobilityHeader& message);
    /**
     * @param octets a message's octets whose last AUTHENTICATOR_LENGTH are an authenticator
     * @return its MH Data: the octets with the Checksum field zero, the authenticator left out
     * @throws std::invalid_argument if there are too few octets
     */
    static std::vector<uint8_t> MhData(std::vector<uint8_t> octets);

    /**
     * @brief The authenticator a message's last option must carry: over the message as it
     * will be serialized, its last AUTHENTICATOR_LENGTH octets (that option's authenticator,
     * whatever they hold now) left out.
     * @param message the message, its authenticating option last
     * @param key the key @param first @param second the two addresses the data starts with
     * @return First(96, HMAC_SHA1(key, first | second | MH Data))
     * @throws std::invalid_argument if the message cannot be serialized
     */
    static std::vector<uint8_t> AuthenticatorOfLast(const MobilityHeader& message,
                                                    const std::vector<uint8_t>& key,
                                                    Ipv6Address first,
                                                    Ipv6Address second);
    /**
     * @brief Whether an authenticator is the message's last octets (as received, or as
     * serialized when it was not) and is right over them, compared in constant time.
     * @param message the message @param given the authenticator its option carries
     * @param key the key @param first @param second the two addresses the data starts with
     */
    static bool LastAuthenticatorValid(const MobilityHeader& message,
                                       const std::vector<uint8_t>& given,
                                       const std::vector<uint8_t>& key,
                                       Ipv6Address first,
                                       Ipv6Address second);

    /**
     * @param key the key (any length; longer than 64 octets: hashed first, RFC 2104)
     * @param data the data
     * @return HMAC-SHA1(key, data), 20 octets
     */
    static std::vector<uint8_t> HmacSha1(const std::vector<uint8_t>& key,
                                         const std::vector<uint8_t>& data);

    /**
     * @param coa the care-of address @param hoa the home address
     * @param mhData the MH Data (Checksum zero, authenticator excluded)
     * @return care-of address | home address | MH Data
     */
    static std::vector<uint8_t> MobilityData(Ipv6Address coa,
                                             Ipv6Address hoa,
                                             const std::vector<uint8_t>& mhData);

    /**
     * @param key the shared key @param coa the care-of address @param hoa the home address
     * @param mhData the MH Data
     * @return First(96, HMAC_SHA1(key, Mobility Data))
     */
    static std::vector<uint8_t> Authenticator(const std::vector<uint8_t>& key,
                                              Ipv6Address coa,
                                              Ipv6Address hoa,
                                              const std::vector<uint8_t>& mhData);

    /**
     * @brief Append a Mobility Message Authentication option (the given subtype and SPI) with
     * the authenticator of the message as it will be serialized.
     * @param message a message without the option
     * @param subtype MobilityMessageAuthenticationOption::MN_HA or MN_AAA
     * @param spi the security association's SPI
     * @param key its key
     * @param coa the care-of address @param hoa the home address
     * @throws std::invalid_argument if the message has the option already or cannot be
     *         serialized
     */
    static void Sign(MobilityHeader& message,
                     uint8_t subtype,
                     uint32_t spi,
                     const std::vector<uint8_t>& key,
                     Ipv6Address coa,
                     Ipv6Address hoa);

    /// The outcome of Verify.
    enum Verdict : uint8_t
    {
        VALID = 0,         //!< the authenticator is right
        MISSING = 1,       //!< no Mobility Message Authentication option, or not last
        UNKNOWN_SPI = 2,   //!< another SPI than the security association's
        BAD = 3,           //!< the authenticator is wrong (or not 96 bits)
    };

    /**
     * @brief Check a received message's authenticator over the octets it arrived as
     * (MobilityHeader::GetWireOctets; the message's own serialization when it was not
     * received).
     * @param message the message
     * @param spi the security association's SPI @param key its key
     * @param coa the care-of address @param hoa the home address
     * @return the verdict
     */
    static Verdict Verify(const MobilityHeader& message,
                          uint32_t spi,
                          const std::vector<uint8_t>& key,
                          Ipv6Address coa,
                          Ipv6Address hoa);
};

} // namespace dmm
} // namespace ns3

#endif
