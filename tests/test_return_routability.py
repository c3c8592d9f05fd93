"""MIPv6 return routability (RFC 6275) in ns3::dmm::ReturnRoutability and the Type 2 Routing
header / Home Address option codecs (ns3::dmm::Type2RoutingHeader, HomeAddressOptionHeader).

Checked against independent oracles only:

* keygen tokens (5.2.5), Kbm (5.2.5) and the Binding Authorization Data authenticator (6.2.7)
  against Python's own hmac and hashlib;
* the wire octets of a signed Binding Update and Binding Acknowledgement against octets
  written by hand from RFC 6275 6.1.7, 6.1.8, 6.2.1-6.2.7 (offsets counted from the Payload
  Proto octet, the Checksum 0000 since it is not enabled);
* Verify: accepted as sent and as received, refused for every single-bit change of the
  authenticated octets, another Kbm, care-of address or correspondent, and without the option;
* the Type 2 Routing header (6.4) and the Home Address option's Destination Options header
  (6.3): hand-written octets, round trip, scapy as an independent decoder and encoder, and
  HomeAddressOptionHeader::Find over well-formed and malformed option lists.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Any

import pytest

from ns3dmm.wire import header_bytes, packet_from_bytes, parse

KCN = bytes(range(0x40, 0x54))  # 20 octets (RFC 6275 5.2.3)
NONCE = bytes.fromhex("0102030405060708")
HOA, HOA_HEX = "2001:db8:1::100", "20010db8000100000000000000000100"
COA, COA_HEX = "2001:db8:3::1b", "20010db800030000000000000000001b"
CN, CN_HEX = "2001:db8:2::21", "20010db8000200000000000000000021"
KBM = bytes(range(0xA0, 0xB4))  # 20 octets
HOME_INDEX, COA_INDEX = 0x0102, 0x0304


def hx(s: str) -> bytes:
    """Hex with free spacing."""
    return bytes.fromhex("".join(s.split()))


def _bytes(v: Any) -> bytes:
    """A std::vector<uint8_t> from cppyy (items may be 1-character str or int) as bytes."""
    return bytes(ord(c) if isinstance(c, str) else int(c) for c in v)


def _token(ns: Any, address: str, careof: bool, nonce: bytes = NONCE, kcn: bytes = KCN) -> int:
    return int(ns.dmm.ReturnRoutability.KeygenToken(list(kcn), ns.Ipv6Address(address),
                                                    list(nonce), careof))


def _packed(address: str) -> bytes:
    return ipaddress.IPv6Address(address).packed


# --- 1, 2: keygen tokens and Kbm ------------------------------------------------------------


@pytest.mark.parametrize(("address", "careof", "octet"),
                         [(HOA, False, b"\x00"), (COA, True, b"\x01")], ids=["home", "care-of"])
def test_keygen_token_is_first_64_bits_of_hmac_sha1(ns: Any, address: str, careof: bool,
                                                    octet: bytes) -> None:
    expected = hmac.new(KCN, _packed(address) + NONCE + octet, hashlib.sha1).digest()[:8]
    assert _token(ns, address, careof).to_bytes(8, "big") == expected


def test_keygen_tokens_depend_on_address_nonce_flag_and_key(ns: Any) -> None:
    base = _token(ns, HOA, False)
    others = [_token(ns, COA, False), _token(ns, HOA, True),
              _token(ns, HOA, False, nonce=NONCE[:-1] + b"\x09"),
              _token(ns, HOA, False, kcn=KCN[:-1] + b"\x00")]
    assert len({base, *others}) == 5
    assert _token(ns, HOA, False) == base  # deterministic


def test_binding_key_is_sha1_of_the_tokens(ns: Any) -> None:
    home, careof = _token(ns, HOA, False), _token(ns, COA, True)
    h8, c8 = home.to_bytes(8, "big"), careof.to_bytes(8, "big")
    rr = ns.dmm.ReturnRoutability
    assert _bytes(rr.BindingKey(home, careof, False)) == hashlib.sha1(h8 + c8).digest()
    assert _bytes(rr.BindingKey(home, careof, True)) == hashlib.sha1(h8).digest()
    assert _bytes(rr.BindingKey(home, 0, True)) == hashlib.sha1(h8).digest()


def test_rfc6275_section12_constants(ns: Any) -> None:
    rr = ns.dmm.ReturnRoutability
    assert rr.MaxNonceLifetime().GetSeconds() == 240
    assert rr.MaxTokenLifetime().GetSeconds() == 210
    assert rr.MaxRrBindingLifetime().GetSeconds() == 420


# --- 3: signed Binding Update and Binding Acknowledgement ----------------------------------


def _bu(ns: Any, signed: bool = True) -> Any:
    bu = ns.dmm.BindingUpdateHeader()
    bu.SetSequence(0x1234)
    bu.SetFlag(bu.FLAG_A, True)
    bu.SetLifetime(ns.Seconds(420))
    bu.AddOption(ns.dmm.NonceIndicesOption(HOME_INDEX, COA_INDEX))
    if signed:
        _sign(ns, bu)
    return bu


def _ba(ns: Any, signed: bool = True) -> Any:
    ba = ns.dmm.BindingAckHeader()
    ba.SetStatus(0)
    ba.SetSequence(0x1234)
    ba.SetLifetime(ns.Seconds(400))
    if signed:
        _sign(ns, ba)
    return ba


def _sign(ns: Any, message: Any, kbm: bytes = KBM) -> None:
    ns.dmm.ReturnRoutability.Sign(message, list(kbm), ns.Ipv6Address(COA), ns.Ipv6Address(CN))


def _authenticator(wire: bytes, kbm: bytes = KBM) -> bytes:
    """RFC 6275 6.2.7: First(96, HMAC_SHA1(Kbm, care-of | correspondent | MH Data)), MH Data
    the message with Checksum zero, without the authenticator (its last 12 octets)."""
    mh_data = wire[:4] + b"\x00\x00" + wire[6:-12]
    return hmac.new(kbm, _packed(COA) + _packed(CN) + mh_data, hashlib.sha1).digest()[:12]


# RFC 6275 6.1.7 / 6.2.6 / 6.2.7, offsets from Payload Proto:
#  0 3b 03 05 00 0000   Payload Proto 59, Header Len 3 (32 octets), MH Type 5, Reserved, Cksum
#  6 1234 8000 0069     Sequence, A flag, Lifetime 420 s / 4 = 105
# 12 04 04 0102 0304    Nonce Indices (2n: 12 is even, no padding)
# 18 05 0c <12 octets>  Binding Authorization Data at 18 = 8*2 + 2, ends at 32
BU_HEAD = hx("3b 03 05 00 0000  1234 8000 0069  04 04 0102 0304  05 0c")
# RFC 6275 6.1.8: after the 6-octet common header, Status 0, flags 0, Sequence, Lifetime
# 400 s / 4 = 100 (0x64) end at 12; the option's 8n+2 is 18, so a 6-octet PadN (01 04 + four
# zero octets, 6.2.3) fills 12..17; the option is 18..31, 32 octets in all, Header Len 3.
BA_HEAD = hx("3b 03 06 00 0000  00 00 1234 0064  01 04 00000000  05 0c")


@pytest.mark.parametrize(("build", "head"), [(_bu, BU_HEAD), (_ba, BA_HEAD)], ids=["bu", "ba"])
def test_signed_message_octets_and_authenticator(ns: Any, build: Any, head: bytes) -> None:
    wire = header_bytes(build(ns))
    assert len(wire) == 32 and len(head) == 20
    assert wire[:20] == head
    assert (wire[1] + 1) * 8 == len(wire)
    assert wire[-12:] == _authenticator(wire)


def test_signing_twice_is_refused(ns: Any) -> None:
    bu = _bu(ns)
    with pytest.raises(Exception, match="signed already"):
        _sign(ns, bu)


# --- 4: Verify ------------------------------------------------------------------------------


def _verify(ns: Any, message: Any, kbm: bytes = KBM, coa: str = COA, cn: str = CN) -> bool:
    return bool(ns.dmm.ReturnRoutability.Verify(message, list(kbm), ns.Ipv6Address(coa),
                                                ns.Ipv6Address(cn)))


def _fresh(ns: Any, build: Any) -> Any:
    return ns.dmm.BindingUpdateHeader() if build is _bu else ns.dmm.BindingAckHeader()


def _received(ns: Any, build: Any, wire: bytes) -> Any:
    message = _fresh(ns, build)
    assert parse(message, wire) == ns.dmm.MobilityHeader.PARSE_OK
    return message


@pytest.mark.parametrize("build", [_bu, _ba], ids=["bu", "ba"])
def test_verify_accepts_what_was_signed_and_nothing_else(ns: Any, build: Any) -> None:
    signed = build(ns)
    wire = header_bytes(signed)
    assert _verify(ns, signed)
    assert _verify(ns, _received(ns, build, wire))
    assert not _verify(ns, _received(ns, build, wire), kbm=KBM[:-1] + b"\x00")
    assert not _verify(ns, _received(ns, build, wire), coa="2001:db8:3::1c")
    assert not _verify(ns, _received(ns, build, wire), cn="2001:db8:2::22")
    assert not _verify(ns, _received(ns, build, wire), coa=CN, cn=COA)
    assert not _verify(ns, build(ns, signed=False))
    assert not _verify(ns, _received(ns, build, header_bytes(build(ns, signed=False))))


@pytest.mark.parametrize("build", [_bu, _ba], ids=["bu", "ba"])
def test_verify_refuses_every_single_bit_flip(ns: Any, build: Any) -> None:
    wire = header_bytes(build(ns))
    parsed = flips = 0
    for k in range(len(wire)):
        if k in (4, 5):  # the Checksum: taken as zero in MH Data, protected by itself
            continue
        for bit in range(8):
            changed = bytearray(wire)
            changed[k] ^= 1 << bit
            flips += 1
            message = _fresh(ns, build)
            if parse(message, bytes(changed)) != ns.dmm.MobilityHeader.PARSE_OK:
                continue
            parsed += 1
            assert not _verify(ns, message), (k, bit)
    assert flips == (len(wire) - 2) * 8
    assert parsed > flips // 2, (parsed, flips)


# --- 5: Type 2 Routing header and Home Address option ---------------------------------------

# RFC 6275 6.4: Next Header 17 (UDP), Hdr Ext Len 2, Routing Type 2, Segments Left 1,
# Reserved 0, Home Address.
T2_WIRE = hx("11 02 02 01 00000000" + HOA_HEX)
# RFC 6275 6.3 in a Destination Options header (RFC 8200 4.6): Next Header 6 (TCP), Hdr Ext
# Len 2, PadN of 4 octets (01 02 0000) so that the option (type 201 = 0xc9, length 16) is at
# offset 6 = 8n+6, then the Home Address.
HAO_WIRE = hx("06 02 01 02 0000 c9 10" + HOA_HEX)


def test_type2_routing_header_octets_and_round_trip(ns: Any) -> None:
    assert header_bytes(ns.dmm.Type2RoutingHeader(17, ns.Ipv6Address(HOA))) == T2_WIRE
    header = ns.dmm.Type2RoutingHeader()
    assert int(packet_from_bytes(T2_WIRE).RemoveHeader(header)) == 24
    assert header.IsWellFormed() and header.GetSegmentsLeft() == 1
    assert int(header.GetNextHeader()) == 17 and str(header.GetHomeAddress()) == HOA
    assert header_bytes(header) == T2_WIRE
    odd = ns.dmm.Type2RoutingHeader()
    packet_from_bytes(T2_WIRE[:2] + b"\x00" + T2_WIRE[3:]).RemoveHeader(odd)  # Routing Type 0
    assert not odd.IsWellFormed()


def test_home_address_option_header_octets_and_round_trip(ns: Any) -> None:
    assert header_bytes(ns.dmm.HomeAddressOptionHeader(6, ns.Ipv6Address(HOA))) == HAO_WIRE
    header = ns.dmm.HomeAddressOptionHeader()
    assert int(packet_from_bytes(HAO_WIRE).RemoveHeader(header)) == 24
    assert int(header.GetNextHeader()) == 6 and str(header.GetHomeAddress()) == HOA
    assert header_bytes(header) == HAO_WIRE


@pytest.mark.scapy
def test_scapy_decodes_and_encodes_the_same_octets(ns: Any) -> None:
    inet6 = pytest.importorskip("scapy.layers.inet6")
    routing = inet6.IPv6ExtHdrRouting(T2_WIRE)
    assert (routing.nh, routing.len, routing.type, routing.segleft) == (17, 2, 2, 1)
    assert list(routing.addresses) == [HOA]
    dest = inet6.IPv6ExtHdrDestOpt(HAO_WIRE)
    assert (dest.nh, dest.len) == (6, 2)
    assert [type(o).__name__ for o in dest.options] == ["PadN", "HAO"]
    assert dest.options[0].optlen == 2 and bytes(dest.options[0].optdata) == b"\x00\x00"
    hao = dest.options[1]
    assert (hao.otype, hao.optlen, hao.hoa) == (201, 16, HOA)
    # scapy's own encoder (its autopad puts the HAO at 8n+6) gives the same octets
    assert bytes(inet6.IPv6ExtHdrRouting(nh=17, type=2, segleft=1, addresses=[HOA])) == T2_WIRE
    assert bytes(inet6.IPv6ExtHdrDestOpt(nh=6, options=[inet6.HAO(hoa=HOA)])) == HAO_WIRE


# --- 6: HomeAddressOptionHeader::Find -------------------------------------------------------


def _find(ns: Any, data: bytes) -> tuple[int, str]:
    """Find over ``data`` (cppyy takes a bytearray as ``const uint8_t*``, not bytes)."""
    home = ns.Ipv6Address()
    found = int(ns.dmm.HomeAddressOptionHeader.Find(bytearray(data), len(data), home))
    return found, str(home)


def test_find_returns_one_with_the_home_address(ns: Any) -> None:
    assert _find(ns, HAO_WIRE) == (1, HOA)
    # Pad1s instead of the PadN, the option at 6 all the same
    assert _find(ns, hx("06 02 00 00 00 00 c9 10" + HOA_HEX)) == (1, HOA)


def test_find_returns_zero_with_only_padding(ns: Any) -> None:
    assert _find(ns, hx("3b 00 00 01 03 000000"))[0] == 0  # Pad1, then PadN of 5
    assert _find(ns, hx("3b 00 01 04 00000000"))[0] == 0  # PadN of 6


@pytest.mark.parametrize("data", [
    hx("3b 00 01 10 00000000"),  # PadN claiming 16 octets of 6
    hx("06 02 01 02 0000 c9 10" + HOA_HEX[:-2]),  # the HAO cut one octet short
    hx("06 02 01 02 0000 c9 0f" + HOA_HEX[:-2] + "00"),  # Home Address option of length 15
    hx("06 05 01 02 0000 c9 10" + HOA_HEX + "01 04 00000000 c9 10" + HOA_HEX),  # two HAOs
], ids=["padn-past-end", "hao-past-end", "hao-length-15", "two-haos"])
def test_find_returns_minus_one_when_malformed(ns: Any, data: bytes) -> None:
    assert _find(ns, data)[0] == -1
