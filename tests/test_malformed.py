"""Bad input: malformed Mobility Headers are counted and dropped, or answered, as RFC 6275
section 9.2 says; never a crash, never a read past the buffer.

Two layers: the codec alone (parse statuses, random octets) and the protocol on a node (a
message sent over a real link from node a to node b, checked with b's drop counters and with
what a receives back)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import callbacks, wire
from ns3dmm.topology import WiredTopology


A, B = "2001:1:0:1::1", "2001:1:0:1::2"

# A Binding Update (RFC 6275 6.1.7) with an Alternate Care-of Address (8n+6): seq 1, flags A|H,
# lifetime 15 units (60 s), PadN(0) at 12, AltCoA at 14, 32 octets, Header Len 3.
BU = bytes.fromhex(
    "3b030500" "0000" "0001" "c000" "000f" "0100" "0310" "20010001000000010000000000000001"
)

# The same BU with only an option of unknown type 200 (2 octets of data), Header Len 1.
UNKNOWN_OPTION_BU = bytes.fromhex("3b010500" "0000" "0001" "c000" "000f" "c8020102")


def mh(data: bytes) -> bytes:
    """``data`` with the checksum for a -> b filled in."""
    return wire.with_checksum(data, A, B)


# --- codec ---------------------------------------------------------------------------------


def test_valid_vector_parses(dmm: Any) -> None:
    bu = dmm.BindingUpdateHeader()
    assert wire.parse(bu, BU) == dmm.MobilityHeader.PARSE_OK
    assert bu.GetSequence() == 1 and bu.GetLifetime().GetSeconds() == 60
    assert bu.GetNOptions() == 1


@pytest.mark.parametrize(
    ("name", "data", "status", "offset"),
    [
        ("shorter than 8", BU[:6], "TRUNCATED", 0),
        ("header len past end", BU[:16], "TRUNCATED", 1),
        ("wrong type for class", BU[:2] + b"\x06" + BU[3:], "TYPE_MISMATCH", 2),
        ("header len below fixed fields", bytes.fromhex("3b00050000000001"),
         "HEADER_LEN_TOO_SHORT", 1),
        ("option length past end", BU[:12] + bytes.fromhex("0314") + BU[14:],
         "OPTION_TRUNCATED", 12),
        ("PadN past end", bytes.fromhex("3b010500000000010000000f010a0000"), "OPTION_TRUNCATED",
         12),
        ("option type octet alone at end", bytes.fromhex("3b010500000000010000000f00000003"),
         "OPTION_TRUNCATED", 15),
        ("AltCoA length 8", BU[:14] + bytes.fromhex("0308") + bytes(16), "OPTION_BAD_LENGTH", 15),
        ("Replay Protection length 2", bytes.fromhex("3b010500000000010000000f0a020000"),
         "OPTION_BAD_LENGTH", 13),
        ("HNP prefix length 129", bytes.fromhex("3b0305000000000100000000" "1612" "0081")
         + bytes(16), "OPTION_BAD_LENGTH", 13),
    ],
)
def test_codec_rejects(dmm: Any, name: str, data: bytes, status: str, offset: int) -> None:
    bu = dmm.BindingUpdateHeader()
    assert wire.parse(bu, data) == getattr(dmm.MobilityHeader, status), name
    assert bu.GetParseErrorOffset() == offset


def test_codec_skips_unknown_option(dmm: Any) -> None:
    # RFC 6275 6.2.1: unrecognised options are skipped; we keep them as raw octets.
    data = UNKNOWN_OPTION_BU
    bu = dmm.BindingUpdateHeader()
    assert wire.parse(bu, data) == dmm.MobilityHeader.PARSE_OK
    assert bu.GetNOptions() == 1
    unknown = bu.GetOption(0)
    assert unknown.GetType() == 0xC8
    assert wire.octets(unknown.GetData()) == b"\x01\x02"


def test_codec_never_crashes_on_random_octets(dmm: Any) -> None:
    rng = random.Random(20261128)
    classes = ["BindingRefreshRequestHeader", "HomeTestInitHeader", "CareOfTestInitHeader",
               "HomeTestHeader", "CareOfTestHeader", "BindingUpdateHeader", "BindingAckHeader",
               "BindingErrorHeader", "LocationManagementHeader"]
    statuses = {int(getattr(dmm.MobilityHeader, s)) for s in (
        "PARSE_OK", "TRUNCATED", "TYPE_MISMATCH", "HEADER_LEN_TOO_SHORT", "OPTION_TRUNCATED",
        "OPTION_BAD_LENGTH")}
    seen = set()
    for k in range(3000):
        cls = classes[k % len(classes)]
        header = getattr(dmm, cls)()
        size = rng.randrange(0, 80)
        data = bytearray(rng.randbytes(size))
        if size >= 3 and rng.random() < 0.7:
            data[1] = rng.randrange(0, 10)
            data[2] = header.GetMhType()
        status = wire.parse(header, bytes(data))
        assert status in statuses
        seen.add(status)
        if status == dmm.MobilityHeader.PARSE_OK:
            # A parsed message serializes to a well-formed message of the same type.
            again = getattr(dmm, cls)()
            assert wire.parse(again, wire.header_bytes(header)) == dmm.MobilityHeader.PARSE_OK
    assert len(seen) >= 5


# The smallest message found whose options, packed back to back on the wire, need more than
# 2048 octets once padded for alignment: a BU (12 octets of fixed fields) with 86 Home Network
# Prefix options (8n+4, 20 octets each) without padding between them, PadN(2) at the end:
# 1736 octets, Header Len 216. Re-serialized, each option after the first needs 4 octets of
# padding: 12 + 20 + 85 * 24 = 2072 octets, which Header Len (8 bits) cannot announce.
UNALIGNED_HNP_BU = (bytes.fromhex("3b" "d8" "0500" "0000" "0001" "c000" "000f")
                    + (bytes.fromhex("1612" "0040") + bytes.fromhex("20010001" "00000001")
                       + bytes(8)) * 86 + bytes.fromhex("01020000"))


def test_unaligned_options_beyond_2048_octets_are_not_reserialized(dmm: Any) -> None:
    assert len(UNALIGNED_HNP_BU) == 1736
    bu = dmm.BindingUpdateHeader()
    assert wire.parse(bu, UNALIGNED_HNP_BU) == dmm.MobilityHeader.PARSE_OK
    assert bu.GetNOptions() == 86 and bu.GetHeaderLen() == 216
    assert bu.GetMessageLength() == 2072
    assert not bu.IsSerializable()
    # Serialize refuses (before the packet changes) instead of writing Header Len 2.
    with pytest.raises(Exception, match="2072 octets.*2048"):
        wire.header_bytes(bu)
    # One option fewer fits: 12 + 20 + 84 * 24 = 2048 octets, Header Len 255.
    fits = dmm.BindingUpdateHeader()
    fewer = bytes([0x3B, 1712 // 8 - 1]) + UNALIGNED_HNP_BU[2:12 + 85 * 20]
    assert wire.parse(fits, fewer) == dmm.MobilityHeader.PARSE_OK
    assert fits.IsSerializable() and fits.GetMessageLength() == 2048
    out = wire.header_bytes(fits)
    assert len(out) == 2048 and out[1] == 255
    again = dmm.BindingUpdateHeader()
    assert wire.parse(again, out) == dmm.MobilityHeader.PARSE_OK
    assert again.GetNOptions() == 85


# --- protocol on a node ---------------------------------------------------------------------


class Pair:
    """Nodes a and b on one point-to-point link; raw Mobility Headers sent from a to b."""

    def __init__(self, ns: Any, pcap_dir: Path | None = None) -> None:
        self.ns = ns
        self.topo = WiredTopology()
        self.topo.node("a")
        self.topo.node("b")
        self.topo.link("a", "b", "2001:1:0:1::/64")
        self.pcaps = self.topo.enable_pcap(pcap_dir) if pcap_dir else {}
        self.received: dict[str, list[Any]] = {"a": [], "b": []}

    def handle(self, node: str, mh_type: int) -> None:
        def record(message: Any, ip: Any, interface: int) -> None:
            self.received[node].append(message)

        handler = callbacks.message_handler(record)
        if mh_type == self.ns.dmm.MobilityHeader.EXPERIMENTAL:
            for subtype in range(1, 7):
                self.topo.l4(node).SetLocationManagementHandler(subtype, handler)
        else:
            self.topo.l4(node).SetHandler(mh_type, handler)

    def send_raw(self, data: bytes, at: float = 0.1) -> None:
        ns = self.ns

        def go() -> None:
            self.topo.ipv6("a").Send(wire.packet_from_bytes(data), ns.Ipv6Address(A),
                                     ns.Ipv6Address(B), 135, ns.Ptr[ns.Ipv6Route]())

        callbacks.schedule(at, go)

    def run(self, seconds: float = 1.0) -> None:
        self.ns.Simulator.Stop(self.ns.Seconds(seconds))
        self.ns.Simulator.Run()

    def drops(self, node: str) -> dict[str, int]:
        dmm = self.ns.dmm
        l4 = self.topo.l4(node)
        names = [n for n in dir(dmm.MobilityL4Protocol)
                 if n.startswith("DROP_") and n != "DROP_REASON_COUNT"]
        return {n: int(l4.GetDropCount(getattr(dmm.MobilityL4Protocol, n))) for n in names
                if l4.GetDropCount(getattr(dmm.MobilityL4Protocol, n))}


@pytest.mark.parametrize(
    ("name", "data", "drop", "answer"),
    [
        ("truncated below 8 octets", BU[:6], "DROP_TRUNCATED", None),
        ("header len past the packet", mh(BU[:16]), "DROP_TRUNCATED", None),
        ("bad checksum", BU, "DROP_BAD_CHECKSUM", None),
        ("payload proto 6", mh(b"\x06" + BU[1:]), "DROP_BAD_PAYLOAD_PROTO", "icmp"),
        ("header len too short for BE", mh(bytes.fromhex("3b00070000000200")),
         "DROP_HEADER_LEN_TOO_SHORT", "icmp"),
        ("option runs past the end", mh(BU[:12] + bytes.fromhex("0314") + BU[14:]),
         "DROP_BAD_OPTION", None),
        ("option with a bad length", mh(BU[:14] + bytes.fromhex("0308") + bytes(16)),
         "DROP_BAD_OPTION", None),
        ("unknown MH type 200", mh(bytes.fromhex("3b01c80000000000") + bytes(8)),
         "DROP_UNKNOWN_MH_TYPE", "be"),
    ],
)
def test_protocol_drops_and_answers(ns: Any, simulator: Any, name: str, data: bytes, drop: str,
                                    answer: str | None) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    pair.handle("b", dmm.MobilityHeader.BINDING_UPDATE)
    pair.handle("a", dmm.MobilityHeader.BINDING_ERROR)
    pair.send_raw(data)
    pair.run()
    assert pair.drops("b") == {drop: 1}, name
    b = pair.topo.l4("b")
    assert b.GetRxCount(dmm.MobilityHeader.BINDING_UPDATE) == 0
    assert pair.received["b"] == []
    assert b.GetParameterProblemsSent() == (1 if answer == "icmp" else 0)
    assert b.GetBindingErrorsSent() == (1 if answer == "be" else 0)
    if answer == "be":
        (be,) = pair.received["a"]
        assert be.GetStatus() == dmm.BindingErrorHeader.UNRECOGNIZED_MH_TYPE_VALUE
        assert str(be.GetHomeAddress()) == "::"
    else:
        assert pair.received["a"] == []


def test_send_refuses_a_message_beyond_2048_octets(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    bu = dmm.BindingUpdateHeader()
    assert wire.parse(bu, UNALIGNED_HNP_BU) == dmm.MobilityHeader.PARSE_OK
    assert not pair.topo.l4("a").Send(bu, ns.Ipv6Address(A), ns.Ipv6Address(B))
    assert pair.drops("a") == {"DROP_TOO_LONG": 1}
    pair.run()
    assert pair.topo.l4("b").GetRxCount(dmm.MobilityHeader.BINDING_UPDATE) == 0


def test_valid_message_reaches_handler(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    pair.handle("b", dmm.MobilityHeader.BINDING_UPDATE)
    pair.send_raw(mh(BU))
    pair.send_raw(mh(UNKNOWN_OPTION_BU), at=0.2)
    pair.run()
    assert pair.drops("b") == {}
    assert pair.topo.l4("b").GetRxCount(dmm.MobilityHeader.BINDING_UPDATE) == 2
    first, second = pair.received["b"]
    acoa = ns.DynamicCast[dmm.AlternateCareOfAddressOption](first.GetOption(0))
    assert str(acoa.GetAddress()) == "2001:1:0:1::1"
    # The unknown option type is skipped by the protocol, kept by the codec.
    assert second.GetOption(0).GetType() == 0xC8


def test_request_without_handler_gets_binding_error(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    pair.handle("a", dmm.MobilityHeader.BINDING_ERROR)
    pair.send_raw(mh(BU))
    ba = bytes.fromhex("3b010600" "0000" "0000" "0001" "000f" "01020000")
    pair.send_raw(mh(ba), at=0.2)
    pair.run()
    assert pair.drops("b") == {"DROP_NO_HANDLER": 2}
    # The BU (a request) is answered; the BA (an answer) is not.
    assert len(pair.received["a"]) == 1
    assert pair.topo.l4("b").GetBindingErrorsSent() == 1
    # Counted at the sender under its function: the protocol's own Binding Error.
    (sent,) = pair.topo.l4("b").GetSent()
    assert (sent.function, str(sent.destination), sent.type, sent.messages) == (
        "mobility header protocol", A, dmm.MobilityHeader.BINDING_ERROR, 1)


def test_handlers_carry_their_function_names(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    l4 = pair.topo.l4("b")
    noop = callbacks.message_handler(lambda m, ip, i: None)
    l4.SetHandler(dmm.MobilityHeader.BINDING_UPDATE, noop, "location management")
    l4.SetLocationManagementHandler(dmm.LocationManagementHeader.LOCATION_NOTIFY, noop, "proxy")
    l4.SetHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT, noop)
    assert l4.GetHandlerFunction(dmm.MobilityHeader.BINDING_UPDATE) == "location management"
    assert l4.GetHandlerFunction(dmm.MobilityHeader.EXPERIMENTAL,
                                 dmm.LocationManagementHeader.LOCATION_NOTIFY) == "proxy"
    assert l4.GetHandlerFunction(dmm.MobilityHeader.EXPERIMENTAL,
                                 dmm.LocationManagementHeader.LOCATION_QUERY) == ""
    assert l4.GetHandlerFunction(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT) == ""  # unnamed
    # Registered again without a name: the old name goes; removed: no handler at all.
    l4.SetHandler(dmm.MobilityHeader.BINDING_UPDATE, noop)
    assert l4.GetHandlerFunction(dmm.MobilityHeader.BINDING_UPDATE) == ""
    l4.RemoveHandler(dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT)
    assert len(l4.GetHandlerFunctions()) == 2


def test_error_answers_are_rate_limited(ns: Any, simulator: Any) -> None:
    dmm = ns.dmm
    pair = Pair(ns)
    pair.topo.l4("b").SetAttribute("ErrorRateLimit", ns.UintegerValue(2))
    unknown = mh(bytes.fromhex("3b01c80000000000") + bytes(8))
    for k in range(5):
        pair.send_raw(unknown, at=0.1 + 0.01 * k)
    pair.run()
    assert pair.drops("b") == {"DROP_UNKNOWN_MH_TYPE": 5}
    assert pair.topo.l4("b").GetBindingErrorsSent() == 2
    assert pair.topo.l4("a").GetRxCount(dmm.MobilityHeader.BINDING_ERROR) == 2


def test_random_messages_are_received_or_counted(ns: Any, simulator: Any) -> None:
    pair = Pair(ns)
    for t in (0, 1, 2, 3, 4, 5, 6, 7, 11):
        pair.handle("b", t)
    rng = random.Random(7)
    sent = 200
    for k in range(sent):
        body = bytearray(rng.randbytes(rng.randrange(8, 64)))
        body[0] = 59 if rng.random() < 0.9 else rng.randrange(256)
        body[1] = rng.randrange(0, 8)
        body[2] = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 11, 99])
        data = mh(bytes(body)) if rng.random() < 0.9 else bytes(body)
        pair.send_raw(data, at=0.01 + 0.001 * k)
    pair.run()
    b = pair.topo.l4("b")
    received = sum(int(b.GetRxCount(t)) for t in range(256))
    assert received + int(b.GetTotalDropCount()) == sent
    assert received == len(pair.received["b"])
    assert received > 0 and b.GetTotalDropCount() > 0


def test_parameter_problem_points_at_the_field(ns: Any, simulator: Any, tshark: Any,
                                               tmp_path: Path) -> None:
    pair = Pair(ns, tmp_path)
    pair.send_raw(mh(b"\x06" + BU[1:]))
    pair.send_raw(mh(bytes.fromhex("3b00070000000200")), at=0.2)
    pair.run()
    ns.Simulator.Destroy()
    out = tshark(pair.pcaps["a"], "-Y", "icmpv6.type == 4", "-T", "fields",
                     "-e", "icmpv6.code", "-e", "icmpv6.pointer")
    rows = [line.split("\t") for line in out.split("\n") if line]
    # Pointer: 40 octets of IPv6 header, then the Payload Proto (0) and Header Len (1) fields.
    assert rows == [["0", "40"], ["0", "41"]]
