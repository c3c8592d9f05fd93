#!/usr/bin/env python3
"""Location lookups at scale: the location management function's table (LocationTable) and the
mobility routing function's binding table, at 1k, 100k and 1M bindings.

For each size, in one process: N bindings registered (home addresses /128 spread over a /48,
lifetime 420 s; host registrations without an identifier, and proxy registrations carrying a
Mobile Node Identifier of 17-20 characters, e.g. mn123456@dmm.example), then 1M lookups of
random registered addresses and 1M of addresses without a binding, timed in C++ (no Python in
the loop). Memory per binding is the growth of the heap in use (glibc mallinfo2: the entries,
their hash buckets and the deadline heap) divided by N. Each size is run --repeat times;
the median and the range are reported. Everything runs inside a simulation event, as
registrations do. ``--public-api`` measures only what goes through the API every version of
the module has (Binding Updates processed by LocationManagement, then GetLocator; the mobility
routing function's bindings), so the same code runs against an older build for a comparison.
Goal (issue 10): < 1 us per lookup and <= 256 B per binding at 1M.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

import ns3dmm

COMMON = r"""
#include <malloc.h>
#include <chrono>
#include <string>
#include <vector>

namespace dmm_bench
{
struct Figures
{
    double insertNs{0};
    double hitNs{0};
    double missNs{0};
    double bytesPerBinding{0};
    uint64_t found{0};
};

inline size_t HeapInUse()
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

inline uint64_t Mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// Home address k: 2001:1:0:<16 bits>:<64 bits>, both from k scrambled (set: 0, unset: 1).
inline ns3::Ipv6Address Address(uint64_t k, uint64_t set)
{
    uint64_t h = Mix(k * 2 + set);
    uint8_t b[16] = {0x20, 0x01, 0x00, 0x01, 0x00, 0x00};
    b[6] = uint8_t(h >> 56);
    b[7] = uint8_t(h >> 48);
    for (int i = 0; i < 8; ++i)
    {
        b[8 + i] = uint8_t(Mix(h) >> (8 * i));
    }
    return ns3::Ipv6Address(b);
}

template <typename Register, typename Find>
Figures Measure(uint64_t n, uint64_t lookups, Register reg, Find find)
{
    using Clock = std::chrono::steady_clock;
    Figures f;
    std::vector<ns3::Ipv6Address> hits;
    std::vector<ns3::Ipv6Address> misses;
    hits.reserve(lookups);
    misses.reserve(lookups);
    for (uint64_t i = 0; i < lookups; ++i)
    {
        hits.push_back(Address(Mix(i) % n, 0));
        misses.push_back(Address(i, 1));
    }
    const size_t before = HeapInUse();
    auto t0 = Clock::now();
    for (uint64_t k = 0; k < n; ++k)
    {
        reg(k, Address(k, 0));
    }
    auto t1 = Clock::now();
    f.bytesPerBinding = double(HeapInUse() - before) / double(n);
    f.insertNs = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(n);
    uint64_t found = 0;
    t0 = Clock::now();
    for (const auto& a : hits)
    {
        found += find(a);
    }
    t1 = Clock::now();
    f.hitNs = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(lookups);
    t0 = Clock::now();
    for (const auto& a : misses)
    {
        found += find(a);
    }
    t1 = Clock::now();
    f.missNs = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(lookups);
    f.found = found;
    return f;
}

/// Run inside the simulation, as registrations happen: before Simulator::Run, ns-3 marks
/// every Time constructed (for a change of resolution), which a table does not pay in a run.
template <typename Fn>
Figures InSimulation(Fn fn)
{
    Figures f;
    ns3::Simulator::ScheduleNow([&f, &fn]() { f = fn(); });
    ns3::Simulator::Run();
    return f;
}

} // namespace dmm_bench
"""

#: Through the public API that every version of the module has (Binding Updates processed by
#: LocationManagement, MobilityRouting's bindings): runs against an older build too.
PUBLIC = r"""
namespace dmm_bench
{
inline Figures LocationManagementNow(uint64_t n, uint64_t lookups)
{
    auto lm = ns3::CreateObject<ns3::dmm::LocationManagement>();
    lm->AddServedPrefix(ns3::Ipv6Address("2001:1::"), 48);
    const ns3::Ipv6Address coa("2001:2::1");
    Figures f = Measure(
        n,
        lookups,
        [&](uint64_t, const ns3::Ipv6Address& a) {
            ns3::dmm::BindingUpdateHeader bu;
            bu.SetSequence(1);
            bu.SetFlag(ns3::dmm::BindingUpdateHeader::FLAG_A, true);
            bu.SetFlag(ns3::dmm::BindingUpdateHeader::FLAG_H, true);
            bu.SetLifetime(ns3::Seconds(420));
            bu.AddOption(ns3::dmm::HomeNetworkPrefixOption(a, 128));
            lm->ProcessBindingUpdate(bu, coa);
        },
        [&](const ns3::Ipv6Address& a) { return lm->GetLocator(a).IsAny() ? 0 : 1; });
    lm->Dispose();
    return f;
}

inline Figures LocationManagement(uint64_t n, uint64_t lookups)
{
    return InSimulation([=]() { return LocationManagementNow(n, lookups); });
}

inline Figures MobilityRoutingNow(uint64_t n, uint64_t lookups)
{
    auto mr = ns3::CreateObject<ns3::dmm::MobilityRouting>();
    const ns3::Ipv6Address locator("2001:1:0:1::1");
    Figures f = Measure(
        n,
        lookups,
        [&](uint64_t, const ns3::Ipv6Address& a) { mr->SetBinding(a, 128, locator); },
        [&](const ns3::Ipv6Address& a) { return mr->GetBinding(a).IsAny() ? 0 : 1; });
    mr->Dispose();
    return f;
}

inline Figures MobilityRouting(uint64_t n, uint64_t lookups)
{
    return InSimulation([=]() { return MobilityRoutingNow(n, lookups); });
}
} // namespace dmm_bench
"""

#: The location database itself (LocationTable, this version on).
TABLE = r"""
namespace dmm_bench
{
inline Figures LocationTableNow(uint64_t n, uint64_t lookups, bool proxy)
{
    auto table = ns3::CreateObject<ns3::dmm::LocationTable>();
    const ns3::Ipv6Address locator("2001:1:0:1::1");
    ns3::dmm::LocationEntry e;
    e.prefixLength = 128;
    e.locator = locator;
    e.proxy = proxy;
    e.kind = proxy ? ns3::dmm::LocationEntry::PROXY : ns3::dmm::LocationEntry::CARE_OF_ADDRESS;
    Figures f = Measure(
        n,
        lookups,
        [&](uint64_t k, const ns3::Ipv6Address& a) {
            e.prefix = a;
            e.sequence = uint16_t(k);
            if (proxy)
            {
                e.mnId = "mn" + std::to_string(100000 + k) + "@dmm.example";
            }
            table->MarkRegistered(e, ns3::Seconds(420));
        },
        [&](const ns3::Ipv6Address& a) { return table->Lookup(a) != nullptr ? 1 : 0; });
    table->Dispose();
    return f;
}

inline Figures LocationTable(uint64_t n, uint64_t lookups, bool proxy)
{
    return InSimulation([=]() { return LocationTableNow(n, lookups, proxy); });
}

} // namespace dmm_bench
"""


PUBLIC_TABLES = {
    "location management, Binding Updates": lambda b, n, m: b.LocationManagement(n, m),
    "mobility routing bindings": lambda b, n, m: b.MobilityRouting(n, m),
}
TABLES = {
    "location table, host registrations": lambda b, n, m: b.LocationTable(n, m, False),
    "location table, proxy registrations (NAI)": lambda b, n, m: b.LocationTable(n, m, True),
    **PUBLIC_TABLES,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000,1000000",
                        help="numbers of bindings, comma-separated")
    parser.add_argument("--lookups", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--public-api", action="store_true",
                        help="only what goes through the public API every version has (to run "
                        "the same code against an older build: NS3DMM_BUILD_DIR)")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if any(n < 1 for n in sizes) or args.lookups < 1 or args.repeat < 1:
        parser.error("sizes, --lookups and --repeat must be positive")
    ns = ns3dmm.load()
    import cppyy  # noqa: PLC0415  (loaded with ns-3)

    cppyy.cppdef(COMMON + PUBLIC + ("" if args.public_api else TABLE))
    bench = cppyy.gbl.dmm_bench
    tables = PUBLIC_TABLES if args.public_api else TABLES
    for fn in tables.values():  # warm-up: JIT of the measured code, not timed
        fn(bench, 1000, 100)
        ns.Simulator.Destroy()
    out: list[dict] = []
    for n in sizes:
        for name, fn in tables.items():
            runs = []
            for _ in range(args.repeat):
                f = fn(bench, n, args.lookups)
                ns.Simulator.Destroy()
                if f.found != args.lookups:
                    raise SystemExit(f"{name}: {f.found} of {args.lookups} registered "
                                     "addresses found (and none of the others expected)")
                runs.append({"insert_ns": f.insertNs, "hit_ns": f.hitNs, "miss_ns": f.missNs,
                             "bytes_per_binding": f.bytesPerBinding})
            row = {"table": name, "bindings": n, "repeat": args.repeat, "runs": runs}
            for key in ("insert_ns", "hit_ns", "miss_ns", "bytes_per_binding"):
                values = [r[key] for r in runs]
                row[key] = {"median": statistics.median(values), "min": min(values),
                            "max": max(values)}
            out.append(row)
            print(f"{n:>9,} {name:42s} lookup {row['hit_ns']['median']:7.1f} ns "
                  f"[{row['hit_ns']['min']:.1f}, {row['hit_ns']['max']:.1f}]  "
                  f"miss {row['miss_ns']['median']:7.1f} ns  "
                  f"insert {row['insert_ns']['median']:7.1f} ns  "
                  f"{row['bytes_per_binding']['median']:6.1f} B/binding "
                  f"(n={args.repeat})", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"lookups": args.lookups, "results": out}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
