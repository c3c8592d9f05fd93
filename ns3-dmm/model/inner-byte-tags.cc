/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inner-byte-tags.h"

#include "ns3/log.h"
#include "ns3/packet.h"

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("InnerByteTags");

NS_OBJECT_ENSURE_REGISTERED(InnerByteTagsKey);

namespace
{
/// One byte tag held by the store: its value and byte range.
struct HeldTag
{
    std::unique_ptr<Tag> tag; //!< the tag, re-created from its TypeId
    uint32_t start;           //!< first tagged octet
    uint32_t end;             //!< one past the last tagged octet
};

constexpr uint32_t STORE_CAPACITY = 1u << 16;

/// The simulation-wide store: held tags by key, keys in the order they were issued.
struct Store
{
    std::unordered_map<uint64_t, std::vector<HeldTag>> held;
    std::deque<uint64_t> order;
    uint64_t nextKey{1};
};

Store&
GetStore()
{
    static Store store;
    return store;
}
} // namespace

bool
InnerByteTags::Hide(Ptr<Packet> packet)
{
    ByteTagIterator it = packet->GetByteTagIterator();
    if (!it.HasNext())
    {
        return false;
    }
    std::vector<HeldTag> tags;
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        TypeId tid = item.GetTypeId();
        if (!tid.HasConstructor())
        {
            NS_LOG_LOGIC("byte tag " << tid.GetName() << " has no constructor: tags stay");
            return false;
        }
        std::unique_ptr<Tag> tag(dynamic_cast<Tag*>(tid.GetConstructor()()));
        if (!tag)
        {
            return false;
        }
        item.GetTag(*tag);
        tags.push_back({std::move(tag), item.GetStart(), item.GetEnd()});
    }
    Store& store = GetStore();
    const uint64_t key = store.nextKey++;
    store.held.emplace(key, std::move(tags));
    store.order.push_back(key);
    while (store.order.size() > STORE_CAPACITY)
    {
        store.held.erase(store.order.front());
        store.order.pop_front();
    }
    packet->RemoveAllByteTags();
    packet->AddPacketTag(InnerByteTagsKey(key));
    return true;
}

bool
InnerByteTags::Restore(Ptr<Packet> packet)
{
    InnerByteTagsKey key;
    if (!packet->RemovePacketTag(key))
    {
        return false;
    }
    Store& store = GetStore();
    auto found = store.held.find(key.GetKey());
    if (found == store.held.end())
    {
        NS_LOG_LOGIC("byte tags of key " << key.GetKey() << " were forgotten");
        return false;
    }
    for (const HeldTag& held : found->second)
    {
        packet->AddByteTag(*held.tag, held.start, held.end);
    }
    store.held.erase(found);
    return true;
}

uint32_t
InnerByteTags::GetNHeld()
{
    return static_cast<uint32_t>(GetStore().held.size());
}

uint32_t
InnerByteTags::Capacity()
{
    return STORE_CAPACITY;
}

TypeId
InnerByteTagsKey::GetTypeId()
{
    static TypeId tid = TypeId("ns3::dmm::InnerByteTagsKey")
                            .SetParent<Tag>()
                            .SetGroupName("Dmm")
                            .AddConstructor<InnerByteTagsKey>();
    return tid;
}

TypeId
InnerByteTagsKey::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
InnerByteTagsKey::GetSerializedSize() const
{
    return 8;
}

void
InnerByteTagsKey::Serialize(TagBuffer buffer) const
{
    buffer.WriteU64(m_key);
}

void
InnerByteTagsKey::Deserialize(TagBuffer buffer)
{
    m_key = buffer.ReadU64();
}

void
InnerByteTagsKey::Print(std::ostream& os) const
{
    os << "key=" << m_key;
}

InnerByteTagsKey::InnerByteTagsKey(uint64_t key)
    : m_key(key)
{
}

uint64_t
InnerByteTagsKey::GetKey() const
{
    return m_key;
}

} // namespace dmm
} // namespace ns3
