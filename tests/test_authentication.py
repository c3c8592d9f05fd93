"""RFC 4285 Mobility Message Authentication, computed with OpenSSL's libcrypto
(ns3::dmm::MobilityAuthentication): HMAC-SHA1 against the seven test cases of RFC 2202
section 3; the authenticator of a signed Binding Update against Python's own hmac module (an
independent implementation) over the octets our codec puts on the wire, following RFC 4285
5.5 (care-of address | home address | the Mobility Header up to and including the SPI, the
Checksum taken as zero); and verification of what arrived: valid as sent, and refused for
every single-bit change of the signed octets, another key, SPI, care-of or home address, and
for a message without the option."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest

from ns3dmm.wire import header_bytes, parse

COA, HOA = "2001:db8:3::1b", "2001:db8:1::100"
KEY = bytes(range(1, 21))
SPI = 0x1234

# RFC 2202 section 3: (key, data, HMAC-SHA1)
RFC2202 = [
    (b"\x0b" * 20, b"Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"),
    (b"Jefe", b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    (b"\xaa" * 20, b"\xdd" * 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
    (bytes(range(1, 26)), b"\xcd" * 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
    (b"\x0c" * 20, b"Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
     "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
]


def _vec(ns: Any, data: bytes) -> Any:
    """``data`` as cppyy converts it to a std::vector<uint8_t>."""
    return list(data)


def _bytes(v: Any) -> bytes:
    return bytes(ord(c) if isinstance(c, str) else int(c) for c in v)


@pytest.mark.parametrize("case", range(len(RFC2202)), ids=lambda k: f"rfc2202-{k + 1}")
def test_hmac_sha1_gives_rfc2202s_digests(ns: Any, case: int) -> None:
    key, data, digest = RFC2202[case]
    auth = ns.dmm.MobilityAuthentication
    assert _bytes(auth.HmacSha1(_vec(ns, key), _vec(ns, data))).hex() == digest
    if case == 4:  # the RFC's truncation case: the first 96 bits are the authenticator's
        assert _bytes(auth.HmacSha1(_vec(ns, key), _vec(ns, data)))[:12].hex() == \
            "4c1a03424b55e07fe7f27be1"


def _binding_update(ns: Any, seq: int = 7) -> Any:
    bu = ns.dmm.BindingUpdateHeader()
    bu.SetSequence(seq)
    bu.SetFlag(bu.FLAG_A, True)
    bu.SetFlag(bu.FLAG_H, True)
    bu.SetLifetime(ns.Seconds(120))
    bu.AddOption(ns.dmm.HomeNetworkPrefixOption(ns.Ipv6Address(HOA), 128))
    bu.AddOption(ns.dmm.MobileNodeIdentifierOption("mn11@dmm"))
    return bu


def _sign(ns: Any, message: Any, key: bytes = KEY, spi: int = SPI) -> bytes:
    ns.dmm.MobilityAuthentication.Sign(message, 1, spi, _vec(ns, key), ns.Ipv6Address(COA),
                                       ns.Ipv6Address(HOA))
    return header_bytes(message)


def test_the_authenticator_is_rfc4285s_over_the_wire_octets(ns: Any) -> None:
    wire = _sign(ns, _binding_update(ns))
    assert len(wire) % 8 == 0
    # The option is last and ends the message: type 9, length, subtype 1, SPI, 12 octets.
    option = wire[-19:]
    assert option[0] == 9 and option[1] == 17 and option[2] == 1
    assert int.from_bytes(option[3:7], "big") == SPI
    mh_data = wire[:4] + b"\x00\x00" + wire[6:-12]
    mobility_data = (bytes.fromhex("20010db8000300000000000000000" "01b")
                     + bytes.fromhex("20010db8000100000000000000000100") + mh_data)
    expected = hmac.new(KEY, mobility_data, hashlib.sha1).digest()[:12]
    assert wire[-12:] == expected


def _received(ns: Any, wire: bytes) -> Any:
    message = ns.dmm.BindingUpdateHeader()
    assert parse(message, wire) == ns.dmm.MobilityHeader.PARSE_OK
    return message


def _verify(ns: Any, message: Any, key: bytes = KEY, spi: int = SPI, coa: str = COA,
            hoa: str = HOA) -> int:
    return int(ns.dmm.MobilityAuthentication.Verify(
        message, spi, _vec(ns, key), ns.Ipv6Address(coa), ns.Ipv6Address(hoa)))


def test_what_arrives_as_signed_verifies_and_nothing_else_does(ns: Any) -> None:
    auth = ns.dmm.MobilityAuthentication
    wire = _sign(ns, _binding_update(ns))
    assert _verify(ns, _received(ns, wire)) == auth.VALID
    assert _verify(ns, _received(ns, wire), key=KEY[:-1] + b"\x00") == auth.BAD
    assert _verify(ns, _received(ns, wire), spi=SPI + 1) == auth.UNKNOWN_SPI
    assert _verify(ns, _received(ns, wire), coa="2001:db8:3::1c") == auth.BAD
    assert _verify(ns, _received(ns, wire), hoa="2001:db8:1::101") == auth.BAD
    unsigned = header_bytes(_binding_update(ns))
    assert _verify(ns, _received(ns, unsigned)) == auth.MISSING
    # Every single-bit change of the octets the authenticator covers (the Checksum aside,
    # which the checksum itself protects) either no longer parses as a Binding Update with the
    # option, or fails verification.
    refused = 0
    for k in range(len(wire)):
        if k in (4, 5):
            continue
        for bit in range(8):
            changed = bytearray(wire)
            changed[k] ^= 1 << bit
            message = ns.dmm.BindingUpdateHeader()
            if parse(message, bytes(changed)) != ns.dmm.MobilityHeader.PARSE_OK:
                refused += 1
                continue
            assert _verify(ns, message) != auth.VALID, (k, bit)
            refused += 1
    assert refused == (len(wire) - 2) * 8


def test_signing_twice_is_refused(ns: Any) -> None:
    bu = _binding_update(ns)
    _sign(ns, bu)
    with pytest.raises(Exception, match="signed already"):
        _sign(ns, bu)
