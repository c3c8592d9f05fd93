/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mobility-authentication.h"

#include "mobility-header.h"
#include "mobility-option.h"

#include "ns3/buffer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

std::vector<uint8_t>
MobilityAuthentication::HmacSha1(const std::vector<uint8_t>& key, const std::vector<uint8_t>& data)
{
    std::vector<uint8_t> digest(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    // An empty key is a valid HMAC key; OpenSSL wants a non-null pointer for it.
    static const uint8_t none = 0;
    if (!HMAC(EVP_sha1(),
              key.empty() ? &none : key.data(),
              static_cast<int>(key.size()),
              data.empty() ? &none : data.data(),
              data.size(),
              digest.data(),
              &length) ||
        length != SHA1_LENGTH)
    {
        throw std::runtime_error("MobilityAuthentication::HmacSha1: OpenSSL HMAC failed");
    }
    digest.resize(length);
    return digest;
}

std::vector<uint8_t>
MobilityAuthentication::MobilityData(Ipv6Address coa,
                                     Ipv6Address hoa,
                                     const std::vector<uint8_t>& mhData)
{
    std::vector<uint8_t> data(32 + mhData.size());
    coa.GetBytes(data.data());
    hoa.GetBytes(data.data() + 16);
    std::copy(mhData.begin(), mhData.end(), data.begin() + 32);
    return data;
}

std::vector<uint8_t>
MobilityAuthentication::Authenticator(const std::vector<uint8_t>& key,
                                      Ipv6Address coa,
                                      Ipv6Address hoa,
                                      const std::vector<uint8_t>& mhData)
{
    std::vector<uint8_t> mac = HmacSha1(key, MobilityData(coa, hoa, mhData));
    mac.resize(AUTHENTICATOR_LENGTH);
    return mac;
}

std::vector<uint8_t>
MobilityAuthentication::Serialized(const MobilityHeader& message)
{
    Buffer buffer;
    buffer.AddAtStart(message.GetSerializedSize());
    message.Serialize(buffer.Begin());
    std::vector<uint8_t> octets(buffer.GetSize());
    buffer.CopyData(octets.data(), octets.size());
    return octets;
}

std::vector<uint8_t>
MobilityAuthentication::MhData(std::vector<uint8_t> octets)
{
    if (octets.size() < 6 + AUTHENTICATOR_LENGTH)
    {
        throw std::invalid_argument("MobilityAuthentication::MhData: shorter than a Mobility "
                                    "Header with an authenticator");
    }
    octets[4] = 0; // Checksum taken as zero
    octets[5] = 0;
    octets.resize(octets.size() - AUTHENTICATOR_LENGTH);
    return octets;
}

void
MobilityAuthentication::Sign(MobilityHeader& message,
                             uint8_t subtype,
                             uint32_t spi,
                             const std::vector<uint8_t>& key,
                             Ipv6Address coa,
                             Ipv6Address hoa)
{
    if (message.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION))
    {
        throw std::invalid_argument("MobilityAuthentication::Sign: the message is signed already");
    }
    MobilityMessageAuthenticationOption option;
    option.SetSubtype(subtype);
    option.SetSpi(spi);
    option.SetAuthenticator(std::vector<uint8_t>(AUTHENTICATOR_LENGTH, 0));
    message.AddOption(option);
    auto added = DynamicCast<MobilityMessageAuthenticationOption>(
        message.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    if (!message.IsSerializable())
    {
        throw std::invalid_argument("MobilityAuthentication::Sign: the message is too long");
    }
    added->SetAuthenticator(AuthenticatorOfLast(message, key, coa, hoa));
}

std::vector<uint8_t>
MobilityAuthentication::AuthenticatorOfLast(const MobilityHeader& message,
                                            const std::vector<uint8_t>& key,
                                            Ipv6Address first,
                                            Ipv6Address second)
{
    if (!message.IsSerializable())
    {
        throw std::invalid_argument("MobilityAuthentication: the message is too long");
    }
    // The octets before the authenticator do not depend on its value: compute over them.
    return Authenticator(key, first, second, MhData(Serialized(message)));
}

bool
MobilityAuthentication::LastAuthenticatorValid(const MobilityHeader& message,
                                               const std::vector<uint8_t>& given,
                                               const std::vector<uint8_t>& key,
                                               Ipv6Address first,
                                               Ipv6Address second)
{
    const std::vector<uint8_t> octets =
        message.GetWireOctets().empty() ? Serialized(message) : message.GetWireOctets();
    if (given.size() != AUTHENTICATOR_LENGTH || octets.size() < 8 + AUTHENTICATOR_LENGTH ||
        !std::equal(given.begin(), given.end(), octets.end() - AUTHENTICATOR_LENGTH))
    {
        return false; // not 96 bits, or not the message's last octets
    }
    const std::vector<uint8_t> expected = Authenticator(key, first, second, MhData(octets));
    // Constant time: no early exit on the first differing octet.
    uint8_t diff = 0;
    for (uint32_t k = 0; k < AUTHENTICATOR_LENGTH; ++k)
    {
        diff |= static_cast<uint8_t>(expected[k] ^ given[k]);
    }
    return diff == 0;
}

MobilityAuthentication::Verdict
MobilityAuthentication::Verify(const MobilityHeader& message,
                               uint32_t spi,
                               const std::vector<uint8_t>& key,
                               Ipv6Address coa,
                               Ipv6Address hoa)
{
    auto option = DynamicCast<MobilityMessageAuthenticationOption>(
        message.FindOption(MobilityOption::MOBILITY_MESSAGE_AUTHENTICATION));
    const bool received = !message.GetWireOctets().empty();
    if (!option ||
        (received && message.GetOption(message.GetNOptions() - 1) != Ptr<MobilityOption>(option)))
    {
        return MISSING; // absent, or not the last option on the wire (RFC 4285 section 5)
    }
    if (option->GetSpi() != spi)
    {
        return UNKNOWN_SPI;
    }
    // Not 96 bits, not where RFC 4285 puts it (the message's end), or wrong: BAD.
    return LastAuthenticatorValid(message, option->GetAuthenticator(), key, coa, hoa) ? VALID
                                                                                       : BAD;
}

} // namespace dmm
} // namespace ns3
