"""The checksum-neutral prefix translation of header rewrite (RFC 6296 section 3.6), as
MobilityRouting::TranslatePrefix computes it in C++: the RFC's own example, the one's
complement sum of the address kept (so no upper-layer checksum changes) for random addresses
and prefix lengths, the inverse translation giving the address back, and the addresses the RFC
says cannot be translated."""

from __future__ import annotations

import ipaddress
import random
from typing import Any

import pytest


def _translate(ns: Any, address: str, to: str, length: int) -> str | None:
    out = ns.Ipv6Address()
    ok = ns.dmm.MobilityRouting.TranslatePrefix(ns.Ipv6Address(address), ns.Ipv6Address(to),
                                                length, out)
    return str(ipaddress.IPv6Address(str(out))) if ok else None


def _sum(address: str) -> int:
    """One's complement sum of the address's 16-bit words, 0xFFFF read as zero."""
    value = int(ipaddress.IPv6Address(address))
    total = 0
    for i in range(8):
        total += (value >> (16 * i)) & 0xFFFF
        total = (total & 0xFFFF) + (total >> 16)
    return 0 if total == 0xFFFF else total


def test_the_rfc_6296_example(ns: Any) -> None:
    """RFC 6296 section 3.5 (a /48): FD01:0203:0405:0001::1234 maps to
    2001:0DB8:0001:D550::1234, and back."""
    assert _translate(ns, "fd01:203:405:1::1234", "2001:db8:1::", 48) == "2001:db8:1:d550::1234"
    assert _translate(ns, "2001:db8:1:d550::1234", "fd01:203:405::", 48) == "fd01:203:405:1::1234"


@pytest.mark.parametrize("length", [16, 33, 48, 56, 63, 64])
def test_the_sum_is_kept_and_the_inverse_restores(ns: Any, length: int) -> None:
    rng = random.Random(length)
    for _ in range(200):
        address = str(ipaddress.IPv6Address(rng.getrandbits(128)))
        to = str(ipaddress.IPv6Address(rng.getrandbits(128)))
        out = _translate(ns, address, to, length)
        word = (int(ipaddress.IPv6Address(address)) >> (16 * (4 if length <= 48 else 3))) \
            & 0xFFFF
        if word == 0xFFFF:
            assert out is None
            continue
        assert out is not None
        mask = ((1 << length) - 1) << (128 - length)
        assert int(ipaddress.IPv6Address(out)) & mask == int(ipaddress.IPv6Address(to)) & mask
        assert _sum(out) == _sum(address)
        back = _translate(ns, out, address, length)
        # 0xFFFF and 0 are the same one's complement zero: the word may come back as either
        assert back is not None and _sum(back) == _sum(address)
        assert back == address or (int(ipaddress.IPv6Address(address))
                                   ^ int(ipaddress.IPv6Address(back))) in (
                                       0xFFFF << (16 * (4 if length <= 48 else 3)),)


def test_what_cannot_be_translated(ns: Any) -> None:
    """The word to adjust (bits 64-79 for a /64) at 0xFFFF, and prefix lengths over 64 or of
    zero, are refused."""
    assert _translate(ns, "2001:db8:1:2:ffff::1", "2001:db8:9:9::", 64) is None
    assert _translate(ns, "2001:db8:1:2::1", "2001:db8:9:9::", 65) is None
    assert _translate(ns, "2001:db8:1:2::1", "2001:db8:9:9::", 0) is None
