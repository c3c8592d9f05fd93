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
    message.AddOption(BindingAuthorizationDataOption(
        std::vector<uint8_t>(MobilityAuthentication::AUTHENTICATOR_LENGTH, 0)));
    auto added = DynamicCast<BindingAuthorizationDataOption>(
        message.FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA));
    if (!message.IsSerializable())
    {
        throw std::invalid_argument("ReturnRoutability::Sign: the message is too long");
    }
    const std::vector<uint8_t> octets = MobilityAuthentication::Serialized(message);
    if (!std::all_of(octets.end() - MobilityAuthentication::AUTHENTICATOR_LENGTH,
                     octets.end(),
                     [](uint8_t octet) { return octet == 0; }))
    {
        throw std::logic_error("ReturnRoutability::Sign: the option does not end the message");
    }
    added->SetAuthenticator(
        MobilityAuthentication::AuthenticatorOfLast(message, kbm, coa, correspondent));
}

bool
ReturnRoutability::Verify(const MobilityHeader& message,
                          const std::vector<uint8_t>& kbm,
                          Ipv6Address coa,
                          Ipv6Address correspondent)
{
    auto option = DynamicCast<BindingAuthorizationDataOption>(
        message.FindOption(MobilityOption::BINDING_AUTHORIZATION_DATA));
    if (!option || message.GetOption(message.GetNOptions() - 1) != Ptr<MobilityOption>(option))
    {
        return false; // absent, or not the last option (RFC 6275 6.2.7)
    }
    return MobilityAuthentication::LastAuthenticatorValid(message,
                                                          option->GetAuthenticator(),
                                                          kbm,
                                                          coa,
                                                          correspondent);
}

} // namespace dmm
} // namespace ns3
