/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_INNER_BYTE_TAGS_H
#define DMM_INNER_BYTE_TAGS_H

#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{
class Packet;

namespace dmm
{

/**
 * @ingroup dmm
 * @brief The byte tags of an inner packet, set aside while it crosses an IPv6-in-IPv6 tunnel.
 *
 * Byte tags follow a packet's bytes, so an inner packet's tags would be seen on the outer
 * packet: a FlowMonitor probe (ns-3's Ipv6FlowProbe, Ipv6NodeFlowProbe), which finds its tag
 * on any IPv6 packet, would report the inner flow's packet as received where the outer packet
 * is delivered (the tunnel end point) and count the outer header in its bytes. Hide() moves the byte tags of the inner packet into a
 * simulation-wide store and leaves an 8-octet packet tag with their key; Restore() puts them
 * back after decapsulation, at their original byte ranges. Packets lost inside the tunnel leave
 * their entries behind; the store keeps at most Capacity() entries and forgets the oldest.
 */
class InnerByteTags
{
  public:
    /**
     * @brief Move the byte tags of a packet into the store, if it has any that can be
     * re-created (tags whose TypeId has a constructor); otherwise leave them in place.
     * @param packet the inner packet, before the outer header is added
     * @return whether tags were moved
     */
    static bool Hide(Ptr<Packet> packet);
    /**
     * @brief Put back the byte tags Hide() moved, if the packet carries their key and the store
     * still has them.
     * @param packet the inner packet, after the outer header was removed
     * @return whether tags were restored
     */
    static bool Restore(Ptr<Packet> packet);
    /// @return the number of entries held
    static uint32_t GetNHeld();
    /// @return the most entries held before the oldest is forgotten
    static uint32_t Capacity();
};

/**
 * @ingroup dmm
 * @brief Packet tag with the key of an inner packet's byte tags in the InnerByteTags store.
 */
class InnerByteTagsKey : public Tag
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

    InnerByteTagsKey() = default;
    /// @param key the store key
    explicit InnerByteTagsKey(uint64_t key);
    /// @return the store key
    uint64_t GetKey() const;

  private:
    uint64_t m_key{0}; //!< the store key
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_INNER_BYTE_TAGS_H */
