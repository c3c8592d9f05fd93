"""System test of the main example: every Mobility Header message crosses a real ns-3 network,
Wireshark decodes each one with the field values that were sent and no expert warnings, every
checksum verifies, and UDP data arrives through the 6in6 tunnel."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import wire

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mobility_header_exchange.py"
WARNING = 6291456  # Wireshark PI_WARN


@pytest.fixture(scope="module")
def exchange(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    spec = importlib.util.spec_from_file_location("mobility_header_exchange", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("exchange")
    assert module.main(["--out", str(out)]) == 0
    return json.loads((out / "summary.json").read_text()), out


def test_every_message_is_exchanged(exchange: tuple[dict, Path]) -> None:
    summary, out = exchange
    nodes = summary["nodes"]
    assert nodes["mn"]["tx"] == {"HOME_TEST_INIT": 1, "CARE_OF_TEST_INIT": 1, "BINDING_UPDATE": 3}
    assert nodes["mn"]["rx"] == {"BINDING_REFRESH_REQUEST": 1, "HOME_TEST": 1, "CARE_OF_TEST": 1,
                                 "BINDING_ACKNOWLEDGEMENT": 3, "BINDING_ERROR": 1}
    assert nodes["ha"]["rx"] == {"BINDING_UPDATE": 3, "EXPERIMENTAL": 1}
    assert nodes["ha"]["tx"] == {"BINDING_REFRESH_REQUEST": 1, "BINDING_ACKNOWLEDGEMENT": 3,
                                 "EXPERIMENTAL": 1}
    assert nodes["mag"]["rx"] == {"BINDING_ACKNOWLEDGEMENT": 1, "EXPERIMENTAL": 1}
    assert nodes["cn"]["drops"] == {"DROP_UNKNOWN_MH_TYPE": 1}
    assert nodes["cn"]["binding_errors_sent"] == 1
    for name in ("mn", "ha", "mag"):
        assert nodes[name]["drops"] == {}
    for name in ("cn", "ha", "mag", "mn", "r"):
        assert (out / f"{name}.pcap").stat().st_size > 0
    assert (out / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_udp_arrives_through_the_tunnel(exchange: tuple[dict, Path]) -> None:
    summary, _ = exchange
    udp = summary["udp"]
    assert udp["sent"] == 700
    assert udp["received"] == 700  # loss-free links: every packet, through the tunnel
    assert summary["nodes"]["ha"]["tunnel"]["encapsulated"] == 700
    assert summary["nodes"]["mn"]["tunnel"]["decapsulated"] == 700
    assert summary["nodes"]["ha"]["tunnel"]["overhead_bytes"] == 700 * 40


def fields(tshark: Any, pcap: Path, *names: str) -> list[dict[str, str]]:
    args = ["-Y", "mipv6", "-T", "fields", "-E", "separator=|"]
    for name in names:
        args += ["-e", name]
    rows = [line.split("|") for line in tshark(pcap, *args).splitlines()]
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_wireshark_decodes_cleanly(exchange: tuple[dict, Path], tshark: Any) -> None:
    _, out = exchange
    for pcap in sorted(out.glob("*.pcap")):
        expert = tshark(pcap, "-Y", f"_ws.malformed || _ws.expert.severity >= {WARNING}")
        assert expert == "", f"{pcap.name}: {expert}"


def test_wireshark_reads_the_home_agent_side(exchange: tuple[dict, Path], tshark: Any) -> None:
    _, out = exchange
    rows = fields(tshark, out / "ha.pcap", "ipv6.src", "mip6.mhtype", "mip6.bu.seqnr",
                  "mip6.bu.a_flag", "mip6.bu.h_flag", "mip6.bu.k_flag", "mip6.bu.p_flag",
                  "mip6.bu.lifetime", "mip6.ba.status", "mip6.ba.p_flag", "mip6.bra.interval",
                  "mip6.nemo.mnp.mnp", "mip6.nemo.mnp.pfl", "mip6.hi", "mip6.att",
                  "mip6.mnlli.lli", "mip6.lila_lla", "mip6.timestamp_tmp",
                  "mip6.mnid.identifier", "mip6.auth.subtype", "mip6.auth.mobility_spi",
                  "mip6.acoa.acoa", "mip6.mseg_id.timestamp")
    types = [r["mip6.mhtype"] for r in rows]
    assert types == ["5", "6", "5", "6", "0", "5", "6", "11", "11"]
    bu, ba, pbu, pba, brr, refresh = rows[0], rows[1], rows[2], rows[3], rows[4], rows[5]
    # MIPv6 home registration: RFC 6275 6.1.7 flags, 120 s = 30 units of 4 s.
    assert (bu["mip6.bu.seqnr"], bu["mip6.bu.lifetime"]) == ("1", "30")
    assert (bu["mip6.bu.a_flag"], bu["mip6.bu.h_flag"], bu["mip6.bu.k_flag"],
            bu["mip6.bu.p_flag"]) == ("1", "1", "1", "0")
    assert bu["mip6.acoa.acoa"] == "2001:1:0:1::1"
    assert bu["mip6.mnid.identifier"] == "mn1@dmm.example"
    assert (bu["mip6.auth.subtype"], bu["mip6.auth.mobility_spi"]) == ("1", "4097")
    # RFC 4285 6 Replay Protection (Wireshark names it MESG-ID) decoded before the
    # authentication option; its time display is Wireshark's own reading of the 64 bits.
    assert bu["mip6.mseg_id.timestamp"] != ""
    assert (ba["mip6.ba.status"], ba["mip6.bra.interval"]) == ("0", "15")
    # PMIPv6 proxy registration with every RFC 5213 option.
    assert (pbu["mip6.bu.p_flag"], pbu["mip6.bu.seqnr"], pbu["mip6.bu.lifetime"]) == (
        "1", "7", "900")
    for message in (pbu, pba):
        assert message["mip6.nemo.mnp.mnp"] == "2001:1:0:55::"
        assert message["mip6.nemo.mnp.pfl"] == "64"
        assert (message["mip6.hi"], message["mip6.att"]) == ("1", "4")
        assert message["mip6.mnlli.lli"] == "02000000aa01"
        assert message["mip6.lila_lla"] == "fe80::200:ff:fe00:aa01"
        assert message["mip6.timestamp_tmp"].startswith("Nov 14, 2023 22:13:21.5")
        assert message["mip6.mnid.identifier"] == "mn1@dmm.example"
    assert (pba["mip6.ba.p_flag"], pba["mip6.ba.status"]) == ("1", "0")
    assert brr["ipv6.src"] == "2001:1:0:2::1"
    assert refresh["mip6.bu.seqnr"] == "2"


def test_wireshark_reads_return_routability(exchange: tuple[dict, Path], tshark: Any) -> None:
    _, out = exchange
    rows = fields(tshark, out / "cn.pcap", "mip6.mhtype", "mip6.hoti.cookie", "mip6.coti.cookie",
                  "mip6.hot.nindex", "mip6.hot.cookie", "mip6.hot.token", "mip6.cot.nindex",
                  "mip6.cot.cookie", "mip6.ni.hni", "mip6.ni.cni", "mip6.bad.auth",
                  "mip6.be.status", "mip6.be.haddr")
    by_type = {r["mip6.mhtype"]: r for r in rows}
    assert [r["mip6.mhtype"] for r in rows] == ["1", "3", "2", "4", "5", "6", "200", "7"]
    assert by_type["1"]["mip6.hoti.cookie"] == "0x1111222233334444"
    assert by_type["2"]["mip6.coti.cookie"] == "0x5555666677778888"
    assert (by_type["3"]["mip6.hot.nindex"], by_type["3"]["mip6.hot.cookie"],
            by_type["3"]["mip6.hot.token"]) == ("3", "0x1111222233334444", "0x0123456789abcdf0")
    assert (by_type["4"]["mip6.cot.nindex"], by_type["4"]["mip6.cot.cookie"]) == (
        "4", "0x5555666677778888")
    assert (by_type["5"]["mip6.ni.hni"], by_type["5"]["mip6.ni.cni"]) == ("3", "4")
    assert by_type["5"]["mip6.bad.auth"] == bytes(range(100, 112)).hex()
    assert by_type["6"]["mip6.bad.auth"] == bytes(range(200, 212)).hex()
    assert (by_type["7"]["mip6.be.status"], by_type["7"]["mip6.be.haddr"]) == ("2", "::")


def test_every_checksum_verifies(exchange: tuple[dict, Path]) -> None:
    """tshark does not check Mobility Header checksums: verify each one in the captures with
    the independent pure-Python RFC 1071 computation, and with scapy's."""
    from scapy.layers.inet6 import IPv6, in6_chksum
    from scapy.layers.ppp import PPP  # noqa: F401  (registers the PPP link type)
    from scapy.utils import rdpcap

    _, out = exchange
    checked = 0
    for pcap in sorted(out.glob("*.pcap")):
        for frame in rdpcap(str(pcap)):
            ip = frame.getlayer(IPv6)
            if ip is None or ip.nh != 135:
                continue
            data = bytes(ip.payload)
            stated = int.from_bytes(data[4:6], "big")
            assert wire.checksum(data, ip.src, ip.dst) == stated
            assert in6_chksum(135, ip, data[:4] + b"\0\0" + data[6:]) == stated
            checked += 1
    assert checked >= 40
