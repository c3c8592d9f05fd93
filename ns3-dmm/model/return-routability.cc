/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "return-routability.h"

#include "mobility-authentication.h"
#include "mobility-header.h"
#include "mobility-option.h"

#include <openssl/sha.h>

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace dmm
{

Time
ReturnRoutability::MaxNonceLifetime()
{
    return Seconds(240);
}

Time
ReturnRoutability::MaxTokenLifetime()
{
    return Seconds(210);
}

Time
ReturnRoutability::MaxRrBindingLifetime()
{
    return Seconds(420);
}

uint64_t
ReturnRoutability::KeygenToken(const std::vector<uint8_t>& kcn,
                               Ipv6Address address,
                               const std::vector<uint8_t>& nonce,
                               bool careOf)
{
    std::vector<uint8_t> data(16);
    address.GetBytes(data.data());
    data.insert(data.end(), nonce.begin(), nonce.end());
    data.push_back(careOf ? 1 : 0);
    const std::vector<uint8_t> mac = MobilityAuthentication::HmacSha1(kcn, data);
    uint64_t token = 0;
    for (int k = 0; k < 8; ++k)
    {
        token = (token << 8) | mac[k];
    }
    return token;
}

std::vector<uint8_t>
ReturnRoutability::BindingKey(uint64_t homeToken, uint64_t careOfToken, bool deregistration)
{
    uint8_t input[16];
    for (int k = 0; k < 8; ++k)
    {
        input[k] = static_cast<uint8_t>(homeToken >> (56 - 8 * k));
        input[8 + k] = static_cast<uint8_t>(careOfToken >> (56 - 8 * k));
    }
    std::vector<uint8_t> kbm(SHA_DIGEST_LENGTH);
    SHA1(input, deregistration ? 8 : 16, kbm.data());
    return kbm;
}

void
ReturnRoutability::Sign(MobilityHeader& message,
                        const std::vector<uint8_t>& kbm,
                        Ipv6Address coa,
                        Ipv6Address correspondent)
{
    if (message.FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA))
    {
        throw std::invalid_argument("ReturnRoutability::Sign: the message is signed already");
    }
    const uint32_t length = MobilityAuthentication::AUTHENTICATOR_LENGTH;
    message.AddOption(BindingAuthorizationDataOption(std::vector<uint8_t>(length, 0)));
    if (!message.IsSerializable())
    {
        throw std::invalid_argument("ReturnRoutability::Sign: the message is too long");
    }
    auto added = DynamicCast<BindingAuthorizationDataOption>(
        message.FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA));
    const std::vector<uint8_t> octets = MobilityAuthentication::Serialized(message);
    if (!std::equal(octets.end() - length, octets.end(), std::vector<uint8_t>(length, 0).begin()))
    {
        throw std::logic_error("ReturnRoutability::Sign: the option does not end the message");
    }
    added->SetAuthenticator(MobilityAuthentication::Authenticator(
        kbm, coa, correspondent, MobilityAuthentication::MhData(octets)));
}

bool
ReturnRoutability::Verify(const MobilityHeader& message,
                          const std::vector<uint8_t>& kbm,
                          Ipv6Address coa,
                          Ipv6Address correspondent)
{
    auto option = DynamicCast<BindingAuthorizationDataOption>(
        message.FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA));
    const uint32_t length = MobilityAuthentication::AUTHENTICATOR_LENGTH;
    if (!option || message.GetNOptions() == 0 ||
        message.GetOption(message.GetNOptions() - 1) != Ptr<MobilityOption>(option))
    {
        return false;
    }
    const std::vector<uint8_t> given = option->GetAuthenticator();
    const bool received = !message.GetWireOctets().empty();
    const std::vector<uint8_t> octets =
        received ? message.GetWireOctets() : MobilityAuthentication::Serialized(message);
    if (given.size() != length || octets.size() < 8 + length ||
        !std::equal(given.begin(), given.end(), octets.end() - length))
    {
        return false; // not 96 bits, or not the message's last octets
    }
    const std::vector<uint8_t> expected = MobilityAuthentication::Authenticator(
        kbm, coa, correspondent, MobilityAuthentication::MhData(octets));
    uint8_t diff = 0; // constant time
    for (uint32_t k = 0; k < length; ++k)
    {
        diff |= static_cast<uint8_t>(expected[k] ^ given[k]);
    }
    return diff == 0;
}

} // namespace dmm
} // namespace ns3
