/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_RETURN_ROUTABILITY_H
#define DMM_RETURN_ROUTABILITY_H

#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace dmm
{

class MobilityHeader;

/**
 * @ingroup dmm
 * @brief The cryptography of MIPv6 return routability (RFC 6275 sections 5.2.3 to 5.2.5 and
 * 6.2.7), on OpenSSL's libcrypto (MobilityAuthentication::HmacSha1, SHA-1):
 *
 *     home keygen token    = First(64, HMAC_SHA1(Kcn, (home address | nonce | 0)))
 *     care-of keygen token = First(64, HMAC_SHA1(Kcn, (care-of address | nonce | 1)))
 *     Kbm                  = SHA1(home keygen token | care-of keygen token)
 *                            SHA1(home keygen token) when deregistering from home
 *     Authenticator        = First(96, HMAC_SHA1(Kbm, (care-of address | correspondent |
 *                                                      MH Data)))
 *
 * where the 0 or 1 is one octet, the tokens are taken as 8 octets in network order, and MH
 * Data is the Mobility Header with the Checksum field zero up to the Binding Authorization
 * Data option's authenticator, which this codec puts last (the message ends there on its
 * 8-octet boundary, RFC 6275 6.2.7's alignment 8n+2 after the Nonce Indices option).
 */
class ReturnRoutability
{
  public:
    /// RFC 6275 section 12: MAX_NONCE_LIFETIME, how long a nonce index is accepted
    static Time MaxNonceLifetime();
    /// RFC 6275 section 12: MAX_TOKEN_LIFETIME, how long a mobile node uses a keygen token
    static Time MaxTokenLifetime();
    /// RFC 6275 section 12: MAX_RR_BINDING_LIFETIME, the longest correspondent binding
    static Time MaxRrBindingLifetime();
    /// Octets of Kcn (RFC 6275 5.2.3: 20)
    static constexpr uint32_t KCN_LENGTH = 20;
    /// Octets of a nonce (RFC 6275 5.2.2 leaves the length open; 8 here)
    static constexpr uint32_t NONCE_LENGTH = 8;

    /**
     * @param kcn the correspondent's secret @param address the home or care-of address
     * @param nonce the nonce @param careOf false: the home keygen token (octet 0), true: the
     * care-of keygen token (octet 1) @return the keygen token (the first 64 bits, network order)
     */
    static uint64_t KeygenToken(const std::vector<uint8_t>& kcn,
                                Ipv6Address address,
                                const std::vector<uint8_t>& nonce,
                                bool careOf);
    /**
     * @param homeToken the home keygen token @param careOfToken the care-of keygen token
     * @param deregistration from home: Kbm is SHA1 of the home keygen token alone
     * @return Kbm, 20 octets
     */
    static std::vector<uint8_t> BindingKey(uint64_t homeToken,
                                           uint64_t careOfToken,
                                           bool deregistration);
    /**
     * @brief Append a Binding Authorization Data option whose authenticator covers the
     * message as it will be serialized.
     * @param message a Binding Update or Binding Acknowledgement without the option
     * @param kbm the binding management key @param coa the care-of address
     * @param correspondent the correspondent node's address
     * @throws std::invalid_argument if the message has the option already or is too long
     */
    static void Sign(MobilityHeader& message,
                     const std::vector<uint8_t>& kbm,
                     Ipv6Address coa,
                     Ipv6Address correspondent);
    /**
     * @brief Check a message's Binding Authorization Data over the octets it arrived as (its
     * own serialization when it was not received).
     * @param message the message @param kbm the binding management key
     * @param coa the care-of address @param correspondent the correspondent node's address
     * @return whether the option is there, last, 96 bits, and right
     */
    static bool Verify(const MobilityHeader& message,
                       const std::vector<uint8_t>& kbm,
                       Ipv6Address coa,
                       Ipv6Address correspondent);
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_RETURN_ROUTABILITY_H */
