"""Private loader: finds the compiled ns3-dmm library, loads ns-3 through the ns3 wheel's cppyy
bindings and then our library and headers, exactly once. Every cppyy shim lives here."""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LIB_NAME = "libdmm.so"
_MODULE_HEADER = "ns3/dmm-module.h"
_BUILD_DIR_ENV = "NS3DMM_BUILD_DIR"
_FIX = "Reinstall ns3dmm in this environment so that it is rebuilt: pip install --force-reinstall ."


class LoadError(ImportError):
    """ns-3 or the ns3-dmm library cannot be loaded; the message says why and how to fix it."""


@dataclass(frozen=True, slots=True)
class Installation:
    """Where the compiled part of ns3dmm lives."""

    library: Path
    include_dir: Path
    build_info: dict[str, str]


def installed_ns3_version() -> str:
    """Version of the installed ns3 wheel; LoadError if there is none."""
    try:
        return importlib.metadata.version("ns3")
    except importlib.metadata.PackageNotFoundError:
        raise LoadError(
            "ns3dmm needs the ns3 wheel (ns-3 3.44) but no 'ns3' distribution is installed in "
            "this environment. Install it with: pip install 'ns3>=3.44,<3.45'"
        ) from None


def find_installation() -> Installation | None:
    """The compiled library next to the package, or in $NS3DMM_BUILD_DIR (a CMake build tree)."""
    candidates: list[tuple[Path, Path, Path]] = []
    build_dir = os.environ.get(_BUILD_DIR_ENV)
    if build_dir:
        b = Path(build_dir)
        candidates.append((b / _LIB_NAME, b / "include", b / "build-info.json"))
    import ns3dmm

    for entry in ns3dmm.__path__:
        p = Path(entry)
        candidates.append((p / "lib" / _LIB_NAME, p / "include", p / "build-info.json"))
    for library, include_dir, info in candidates:
        if library.is_file() and (include_dir / _MODULE_HEADER).is_file():
            build_info = json.loads(info.read_text()) if info.is_file() else {}
            return Installation(library, include_dir, build_info)
    return None


def check_versions(installation: Installation | None) -> None:
    """LoadError unless the ns3 wheel is installed and is the one the library was built with."""
    found = installed_ns3_version()
    built = installation.build_info.get("ns3_wheel_version") if installation else None
    if built and built != found:
        raise LoadError(
            f"ns3dmm was built against the ns3 wheel {built}, but ns3 {found} is installed "
            f"({installation.library}). {_FIX}"
        )
    if not found.startswith("3.44"):
        raise LoadError(f"ns3dmm needs ns3 3.44.x, found ns3 {found}. "
                        "Install it with: pip install 'ns3>=3.44,<3.45'")


@contextlib.contextmanager
def _quiet_cwd():
    """`from ns import ns` globs for shared libraries under the working directory; run it from
    the wheel's own directory so a large or unrelated working directory costs nothing."""
    spec = importlib.util.find_spec("ns3")
    target = next(iter(spec.submodule_search_locations)) if spec else None
    old = os.getcwd()
    if target:
        os.chdir(target)
    try:
        yield
    finally:
        os.chdir(old)


_lock = threading.Lock()
_ns: Any = None

_SHIMS = r"""
#include "ns3/packet.h"
#include "ns3/header.h"
#include "ns3/simulator.h"
#include "ns3/trace-helper.h"
#include "ns3/point-to-point-net-device.h"
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
namespace ns3dmm_shim {
inline std::string ToHex(const uint8_t* data, uint32_t size) {
    static const char* digits = "0123456789abcdef";
    std::string s(2 * size, '0');
    for (uint32_t k = 0; k < size; ++k) { s[2*k] = digits[data[k] >> 4]; s[2*k+1] = digits[data[k] & 15]; }
    return s;
}
inline std::vector<uint8_t> FromHex(const std::string& hex) {
    std::vector<uint8_t> out(hex.size() / 2);
    for (size_t k = 0; k < out.size(); ++k) out[k] = static_cast<uint8_t>(std::stoul(hex.substr(2*k, 2), nullptr, 16));
    return out;
}
inline std::string HeaderToHex(const ns3::Header& h) {
    ns3::Ptr<ns3::Packet> p = ns3::Create<ns3::Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> buf(p->GetSize());
    p->CopyData(buf.data(), buf.size());
    return ToHex(buf.data(), buf.size());
}
inline std::string PacketToHex(ns3::Ptr<const ns3::Packet> p) {
    std::vector<uint8_t> buf(p->GetSize());
    p->CopyData(buf.data(), buf.size());
    return ToHex(buf.data(), buf.size());
}
inline ns3::Ptr<ns3::Packet> PacketFromHex(const std::string& hex) {
    std::vector<uint8_t> buf = FromHex(hex);
    return ns3::Create<ns3::Packet>(buf.data(), buf.size());
}
inline int ParseHex(ns3::dmm::MobilityHeader& h, const std::string& hex) {
    std::vector<uint8_t> buf = FromHex(hex);
    return static_cast<int>(h.DeserializeBytes(buf.data(), static_cast<uint32_t>(buf.size())));
}
inline bool VerifyHex(const std::string& hex, const ns3::Ipv6Address& src, const ns3::Ipv6Address& dst) {
    std::vector<uint8_t> buf = FromHex(hex);
    return ns3::dmm::MobilityL4Protocol::VerifyChecksum(buf.data(), static_cast<uint32_t>(buf.size()), src, dst);
}
// Python callables as ns-3 callbacks: control-plane events only, never per data packet.
// cppyy turns a Python callable into a std::function, but keeps one such conversion per
// signature (a later conversion retargets the earlier ones), so each signature is converted
// exactly once, into a dispatcher, and callables are named by an id.
inline std::function<void(uint64_t)> g_callDispatcher;
inline std::function<void(uint64_t, const ns3::dmm::MobilityHeader&, const ns3::Ipv6Header&, uint32_t)>
    g_messageDispatcher;
inline void SetDispatchers(
    std::function<void(uint64_t)> call,
    std::function<void(uint64_t, const ns3::dmm::MobilityHeader&, const ns3::Ipv6Header&, uint32_t)> message) {
    g_callDispatcher = call;
    g_messageDispatcher = message;
}
inline void ScheduleCall(double seconds, uint64_t id) {
    ns3::Simulator::Schedule(ns3::Seconds(seconds), [id]() { g_callDispatcher(id); });
}
inline ns3::dmm::MobilityL4Protocol::MessageHandler MakeMessageHandler(uint64_t id) {
    return ns3::dmm::MobilityL4Protocol::MessageHandler(
        [id](const ns3::dmm::MobilityHeader& m, const ns3::Ipv6Header& h, uint32_t i) {
            g_messageDispatcher(id, m, h, i);
        });
}
// Records packets of an application's Rx(Ptr<const Packet>, const Address&) trace in C++.
struct PacketRecorder {
    std::vector<double> times;
    std::vector<uint32_t> sizes;
    std::vector<std::string> firstPayloads;
    // UdpClient payloads start with a SeqTsHeader: sequence number and send time.
    std::vector<uint32_t> sequences;
    std::vector<double> delays;
    // Links each packet crossed, from a PathLengthProbe following its source (-1: not followed).
    ns3::Ptr<ns3::dmm::PathLengthProbe> probe;
    std::vector<int32_t> hops;
    size_t keepPayloads = 16;
    void Record(ns3::Ptr<const ns3::Packet> p, const ns3::Address&) {
        const double now = ns3::Simulator::Now().GetSeconds();
        times.push_back(now);
        sizes.push_back(p->GetSize());
        if (probe) hops.push_back(probe->TakeHops(p->GetUid()));
        if (firstPayloads.size() < keepPayloads) firstPayloads.push_back(PacketToHex(p));
        uint8_t head[12];
        if (p->GetSize() >= 12 && p->CopyData(head, 12) == 12) {
            uint32_t seq = 0;
            uint64_t ts = 0;
            for (int k = 0; k < 4; ++k) seq = (seq << 8) | head[k];
            for (int k = 4; k < 12; ++k) ts = (ts << 8) | head[k];
            sequences.push_back(seq);
            delays.push_back(now - ns3::Time(static_cast<int64_t>(ts)).GetSeconds());
        }
    }
};
inline std::shared_ptr<PacketRecorder> RecordRx(ns3::Ptr<ns3::Object> app, const std::string& trace) {
    auto rec = std::make_shared<PacketRecorder>();
    auto cb = ns3::Callback<void, ns3::Ptr<const ns3::Packet>, const ns3::Address&>(
        [rec](ns3::Ptr<const ns3::Packet> p, const ns3::Address& a) { rec->Record(p, a); });
    if (!app->TraceConnectWithoutContext(trace, cb)) {
        throw std::invalid_argument("no trace source " + trace);
    }
    return rec;
}
// One pcap file per node: every point-to-point device of the node writes into it.
inline void EnableNodePcap(ns3::Ptr<ns3::Node> node, const std::string& path) {
    ns3::PcapHelper helper;
    auto file = helper.CreateFile(path, std::ios::out, ns3::PcapHelper::DLT_PPP);
    for (uint32_t i = 0; i < node->GetNDevices(); ++i) {
        auto dev = ns3::DynamicCast<ns3::PointToPointNetDevice>(node->GetDevice(i));
        if (dev) helper.HookDefaultSink<ns3::PointToPointNetDevice>(dev, "PromiscSniffer", file);
    }
}
}  // namespace ns3dmm_shim
"""


def load() -> Any:
    """Load ns-3 and ns3-dmm once; return cppyy's `ns3` namespace (with `.dmm`)."""
    global _ns
    if _ns is not None:
        return _ns
    with _lock:
        if _ns is not None:
            return _ns
        installation = find_installation()
        check_versions(installation)
        if installation is None:
            raise LoadError(
                "the compiled ns3-dmm library (lib/libdmm.so and include/ns3/dmm-module.h) was "
                "not found next to the ns3dmm package nor in $NS3DMM_BUILD_DIR. "
                "Install the project with: pip install ."
            )
        with _quiet_cwd():
            from ns import ns  # noqa: PLC0415  (7-11 s: the wheel includes every module header)
        import cppyy  # noqa: PLC0415

        cppyy.add_include_path(str(installation.include_dir))
        cppyy.load_library(str(installation.library))
        cppyy.include(_MODULE_HEADER)
        cppyy.cppdef(_SHIMS)
        _ns = ns
        return _ns


def shim() -> Any:
    """The C++ helper namespace used by tests and the Python layer."""
    load()
    import cppyy  # noqa: PLC0415

    return cppyy.gbl.ns3dmm_shim
