/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DMM_PREFIX_TABLE_H
#define DMM_PREFIX_TABLE_H

#include "ns3/ipv6-address.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <unordered_map>
#include <utility>

namespace ns3
{
namespace dmm
{

/**
 * @ingroup dmm
 * @brief Hash of an IPv6 address (its 128 bits folded and mixed): cheap enough for the
 * per-packet lookups of the mobility routing function.
 */
struct Ipv6AddressBitsHash
{
    /// @param address an address @return its hash
    size_t operator()(const Ipv6Address& address) const
    {
        uint8_t bytes[16];
        address.GetBytes(bytes);
        uint64_t high;
        uint64_t low;
        std::memcpy(&high, bytes, 8);
        std::memcpy(&low, bytes + 8, 8);
        // splitmix64's finaliser over the two halves.
        uint64_t x = high ^ (low * 0x9e3779b97f4a7c15ULL);
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        return static_cast<size_t>(x);
    }
};

/**
 * @ingroup dmm
 * @brief Values keyed by IPv6 prefix, matched longest prefix first: one hash table per prefix
 * length present, so a lookup costs one hash probe per length in use (typically /64 home
 * network prefixes and /128 home addresses), whatever the number of entries.
 *
 * @tparam T the value stored per prefix
 */
template <typename T>
class PrefixTable
{
  public:
    /**
     * @brief The entry of a prefix, created (value-initialised) if missing.
     * @param prefix the prefix (bits beyond the length are ignored)
     * @param length its length (0-128)
     * @return the entry and whether it was created
     */
    std::pair<T*, bool> Emplace(Ipv6Address prefix, uint8_t length)
    {
        Bucket& bucket = m_lengths[length];
        if (bucket.entries.empty())
        {
            bucket.mask = Ipv6Prefix(length);
        }
        auto [it, created] = bucket.entries.try_emplace(prefix.CombinePrefix(bucket.mask));
        m_size += created ? 1 : 0;
        return {&it->second, created};
    }

    /// @param prefix a prefix @param length its length @return its entry, or nullptr
    T* Exact(Ipv6Address prefix, uint8_t length)
    {
        auto lit = m_lengths.find(length);
        if (lit == m_lengths.end())
        {
            return nullptr;
        }
        auto it = lit->second.entries.find(prefix.CombinePrefix(lit->second.mask));
        return it == lit->second.entries.end() ? nullptr : &it->second;
    }

    /// @copydoc Exact
    const T* Exact(Ipv6Address prefix, uint8_t length) const
    {
        return const_cast<PrefixTable*>(this)->Exact(prefix, length);
    }

    /**
     * @brief The longest prefix containing an address whose entry satisfies a predicate.
     * @param address the address
     * @param accept the predicate (entries it refuses are passed over for shorter prefixes)
     * @return the entry, or nullptr
     */
    template <typename Predicate>
    T* Longest(Ipv6Address address, Predicate accept)
    {
        for (auto& [length, bucket] : m_lengths)
        {
            auto it = bucket.entries.find(address.CombinePrefix(bucket.mask));
            if (it != bucket.entries.end() && accept(it->second))
            {
                return &it->second;
            }
        }
        return nullptr;
    }

    /// @param address an address @return the entry of the longest prefix containing it
    T* Longest(Ipv6Address address)
    {
        return Longest(address, [](const T&) { return true; });
    }

    /// @copydoc Longest(Ipv6Address)
    const T* Longest(Ipv6Address address) const
    {
        return const_cast<PrefixTable*>(this)->Longest(address);
    }

    /// @param prefix a prefix @param length its length @return whether an entry was removed
    bool Erase(Ipv6Address prefix, uint8_t length)
    {
        auto lit = m_lengths.find(length);
        if (lit == m_lengths.end() ||
            lit->second.entries.erase(prefix.CombinePrefix(lit->second.mask)) == 0)
        {
            return false;
        }
        --m_size;
        if (lit->second.entries.empty())
        {
            m_lengths.erase(lit);
        }
        return true;
    }

    /// @return the number of entries
    size_t Size() const
    {
        return m_size;
    }

    /// @return whether there is no entry
    bool Empty() const
    {
        return m_size == 0;
    }

    /// Remove every entry.
    void Clear()
    {
        m_lengths.clear();
        m_size = 0;
    }

    /**
     * @brief Call a function on every entry, longest prefixes first.
     * @param visit called with the prefix, its length and the entry
     */
    template <typename Visit>
    void ForEach(Visit visit) const
    {
        for (const auto& [length, bucket] : m_lengths)
        {
            for (const auto& [prefix, value] : bucket.entries)
            {
                visit(prefix, length, value);
            }
        }
    }

  private:
    /// The entries of one prefix length.
    struct Bucket
    {
        Ipv6Prefix mask;                                               //!< the length's mask
        std::unordered_map<Ipv6Address, T, Ipv6AddressBitsHash> entries; //!< by prefix
    };

    std::map<uint8_t, Bucket, std::greater<>> m_lengths; //!< by length, longest first
    size_t m_size{0};                                     //!< number of entries
};

} // namespace dmm
} // namespace ns3

#endif /* DMM_PREFIX_TABLE_H */
