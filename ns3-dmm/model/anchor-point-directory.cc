/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "anchor-point-directory.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("AnchorPointDirectory");

NS_OBJECT_ENSURE_REGISTERED(AnchorPointDirectory);

TypeId
AnchorPointDirectory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::AnchorPointDirectory")
                            .SetParent<Object>()
                            .SetGroupName("Dmm")
                            .AddConstructor<AnchorPointDirectory>();
    return tid;
}

AnchorPointDirectory::AnchorPointDirectory()
{
    NS_LOG_FUNCTION(this);
}

AnchorPointDirectory::~AnchorPointDirectory()
{
    NS_LOG_FUNCTION(this);
}

void
AnchorPointDirectory::Add(Ipv6Address accessPrefix,
                          uint8_t accessLength,
                          Ipv6Address map,
                          Ipv6Address regionalPrefix)
{
    NS_LOG_FUNCTION(this << accessPrefix << +accessLength << map << regionalPrefix);
    if (accessLength == 0 || accessLength > 128 || map.IsAny() || regionalPrefix.IsAny())
    {
        throw std::invalid_argument("AnchorPointDirectory::Add: an access prefix length in "
                                    "1..128, a MAP address and a regional prefix are needed");
    }
    const Entry entry{accessPrefix.CombinePrefix(Ipv6Prefix(accessLength)),
                      accessLength,
                      map,
                      regionalPrefix.CombinePrefix(Ipv6Prefix(64))};
    for (const auto& known : m_entries)
    {
        if (known.accessPrefix == entry.accessPrefix && known.accessLength == accessLength)
        {
            if (known.map != map || known.regionalPrefix != entry.regionalPrefix)
            {
                throw std::invalid_argument("AnchorPointDirectory::Add: the access prefix "
                                            "already has another anchor point");
            }
            return;
        }
    }
    m_entries.push_back(entry);
}

const AnchorPointDirectory::Entry*
AnchorPointDirectory::Find(Ipv6Address address) const
{
    for (const auto& entry : m_entries)
    {
        if (Ipv6Prefix(entry.accessLength).IsMatch(address, entry.accessPrefix))
        {
            return &entry;
        }
    }
    return nullptr;
}

uint32_t
AnchorPointDirectory::GetN() const
{
    return static_cast<uint32_t>(m_entries.size());
}

} // namespace dmm
} // namespace ns3
