"""Octets of Mobility Header messages and packets, for tests, examples and trace analysis."""

from __future__ import annotations

from typing import Any

from ns3dmm._loader import load


def header_bytes(header: Any) -> bytes:
    """Serialize an ns-3 Header (e.g. a BindingUpdateHeader) to its wire octets."""
    return bytes.fromhex(str(load().dmm.HeaderToHex(header)))


def packet_bytes(packet: Any) -> bytes:
    """The octets of an ns-3 Packet."""
    return bytes.fromhex(str(load().dmm.PacketToHex(packet)))


def packet_from_bytes(data: bytes) -> Any:
    """An ns-3 Packet holding ``data``."""
    return load().dmm.PacketFromHex(data.hex())


def parse(header: Any, data: bytes) -> int:
    """Parse ``data`` into a MobilityHeader subclass instance; return its ParseStatus."""
    return int(load().dmm.ParseHex(header, data.hex()))


def checksum_ok(data: bytes, src: str, dst: str) -> bool:
    """Whether a Mobility Header's checksum verifies over the pseudo-header of src and dst."""
    ns = load()
    return bool(ns.dmm.VerifyHex(data.hex(), ns.Ipv6Address(src), ns.Ipv6Address(dst)))


def checksum(data: bytes, src: str, dst: str) -> int:
    """RFC 1071 checksum of a Mobility Header over the IPv6 pseudo-header (RFC 2460 8.1),
    computed with the checksum field taken as zero. Pure Python: an independent oracle for the
    C++ codec, and a way to make hand-built messages."""
    import ipaddress  # noqa: PLC0415

    body = bytes(data[:4]) + b"\0\0" + bytes(data[6:])
    pseudo = (ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed
              + len(data).to_bytes(4, "big") + b"\0\0\0\x87")
    blob = pseudo + body + (b"\0" if len(body) % 2 else b"")
    total = sum(int.from_bytes(blob[k:k + 2], "big") for k in range(0, len(blob), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_checksum(data: bytes, src: str, dst: str) -> bytes:
    """``data`` with its Mobility Header checksum field filled in for src and dst."""
    value = checksum(data, src, dst)
    return bytes(data[:4]) + value.to_bytes(2, "big") + bytes(data[6:])


def octets(vector: Any) -> bytes:
    """A C++ std::vector<uint8_t> (cppyy shows its elements as 1-character strings) as bytes."""
    return bytes(ord(x) if isinstance(x, str) else int(x) for x in vector)
