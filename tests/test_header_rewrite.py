"""Header rewrite (draft section 8, design 3, the per-host-locator variant of
[I-D.dmm-nat-phl]) against the tunnel, over WiFi handovers with a fixed seed: network-based,
one home network prefix per mobile node, MR(CN) on CN21's gateway asking the home network's LM
server. The station crosses AR11, AR21 and AR31 while CN21 streams UDP and a TCP transfer to
MN11's home address; and, with per-session allocation (dynamic mobility), to the address the
sessions took on AR11's link, which gets a per-host locator of its own.

Checked: each gateway's proxy registers a per-host locator of its own as the binding's care-of
address; MR(CN) rewrites the destination to it and the egress gateway restores it, so the
segment between them carries the packets as they are (no IPv6-in-IPv6) with every UDP and TCP
checksum right as tshark verifies them; the path and delivery are those of the tunnel, 40
octets lighter per packet on the rewritten links."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import pytest

from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import path_segments

ARS = ("AR11", "AR21", "AR31")
STOP_S = 30.0
PARAMS = {"networks": 3, "ars_per_network": 1, "mode": "network", "allocation": "per-mn"}


def _run(forwarding: str, pcap_dir: Path, session: bool = False) -> dict[str, Any]:
    params = dict(PARAMS, allocation="per-session") if session else PARAMS
    placement = presets.build_preset("ro-gwar-query", forwarding=forwarding, **params)
    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False, cn_rate="4Mbps", pcap=True, pcap_dir=str(pcap_dir),
        mobility=MobilityConfig(model="path", path=ARS, speed_mps=10.0, start_s=2.0)))
    dep = deploy(sc)
    taken: list[str] = []

    def address() -> str:
        """The home address, or the address the first session took on AR11's link (both
        applications' sessions share it)."""
        if not session:
            return dep.mn_address("MN11")
        if not taken:
            taken.append(dep.session_address("MN11"))
        return taken[0]

    sc.add_udp_cbr("CN21", "MN11", address, rate="400kbps", size=500, start_s=1.5,
                   name="stream")
    sc.add_tcp_bulk("CN21", "MN11", address, start_s=2.0, name="bulk")
    sc.run(STOP_S)
    counters = {node: {"rewritten": int(mr.GetRewrittenPackets()),
                       "restored": int(mr.GetRestoredPackets()),
                       "unmappable": int(mr.GetUnmappablePackets()),
                       "unbound": int(mr.GetUnboundDrops())}
                for node, mr in dep.mobility_routing.items()}
    out = {"counters": counters, "pcap": pcap_dir,
           "hnp": ipaddress.IPv6Network(f"{dep.mn_address('MN11')}/64", strict=False),
           "address": address(),
           "blocks": dict(dep.locator_blocks),
           "bindings": {str(b.prefix): str(b.locator)
                        for b in dep.location_management["LM1"].GetBindings()},
           "segments": path_segments(sc, "stream"),
           "received": len(sc.apps["stream"].received().sequences),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times],
           "moves": [t for t, _, up in sc.associations("MN11") if up][1:],
           "placement": sc.placement}
    sc.destroy()  # closes the captures
    return out


@pytest.fixture(scope="module")
def runs(ns: Any, tmp_path_factory: Any) -> dict[str, dict[str, Any]]:
    out = {f: _run(f, tmp_path_factory.mktemp(f)) for f in ("header-rewrite", "tunnel")}
    out["session"] = _run("header-rewrite", tmp_path_factory.mktemp("session"), session=True)
    return out


def test_the_binding_names_the_egress_gateways_per_host_locator(runs: dict) -> None:
    """At the end (MN11 on AR31), LM1 binds the home network prefix to a /64 of GW3's locator
    block; with the tunnel, to GW3's address."""
    rw = runs["header-rewrite"]
    (prefix, locator), = rw["bindings"].items()
    assert ipaddress.IPv6Address(locator) in rw["blocks"]["GW3"]
    assert ipaddress.IPv6Address(prefix) in rw["hnp"]
    (_, tunnel_locator), = runs["tunnel"]["bindings"].items()
    assert not any(ipaddress.IPv6Address(tunnel_locator) in b for b in rw["blocks"].values())


def test_mr_cn_rewrites_and_the_egress_restores(runs: dict) -> None:
    c = runs["header-rewrite"]["counters"]
    assert c["GW2"]["rewritten"] > 1000
    assert c["GW3"]["restored"] > 1000 and c["GW1"]["restored"] > 400
    assert all(v["unmappable"] == 0 for v in c.values())
    assert all(v["rewritten"] == 0 and v["restored"] == 0
               for v in runs["tunnel"]["counters"].values())


def test_a_session_address_takes_a_locator_of_its_own(runs: dict) -> None:
    """Per-session allocation (dynamic mobility): the address the sessions took on AR11's link
    is bound at LM1, at the end, to a /64 of GW3's block other than the one the node's home
    network prefix is bound to; GW3 restores exactly that address from it."""
    se = runs["session"]
    address = ipaddress.IPv6Address(se["address"])
    assert address in ipaddress.IPv6Network("2001:1:0:1::/64")
    locators = {ipaddress.IPv6Address(p): ipaddress.IPv6Address(loc)
                for p, loc in se["bindings"].items()}
    assert address in locators and len(locators) == 2
    assert all(loc in se["blocks"]["GW3"] for loc in locators.values())
    assert len({int(loc) >> 64 for loc in locators.values()}) == 2
    c = se["counters"]
    assert c["GW2"]["rewritten"] > 2000  # the UDP stream and the TCP transfer
    assert c["GW3"]["restored"] == pytest.approx(c["GW2"]["rewritten"], rel=0.01)
    assert all(v["unmappable"] == 0 and v["unbound"] == 0 for v in c.values())
    seg = next(s for s in se["segments"] if s.access_router == "AR31")
    assert {n for n, k in seg.crossed.items() if k >= 0.9 * seg.packets} == {"GW2", "GW3"}
    assert seg.stretch == pytest.approx(1.0)
    assert se["received"] == pytest.approx(runs["header-rewrite"]["received"], rel=0.01)
    for t in se["moves"]:
        assert sum(1 for x in se["tcp_rx_times"] if t < x < t + 5.0) > 100


def _core_captures(run: dict) -> list[Path]:
    return sorted(run["pcap"].glob("GW*-Core.pcap"))


@pytest.mark.parametrize("name", ["header-rewrite", "session"])
def test_the_rewritten_segment_decodes_with_right_checksums_and_no_tunnel(
        runs: dict, tshark: Any, name: str) -> None:
    """On every gateway's core link: the packets to a per-host locator are UDP and TCP (never
    IPv6-in-IPv6), tshark finds every checksum good and no error, and no packet
    towards the mobile node's prefix (or the session address) is encapsulated; with the
    tunnel they all are."""
    rw = runs[name]
    towards = rw["hnp"] if name == "header-rewrite" else rw["address"]
    blocks = " || ".join(f"ipv6.dst == {b}" for b in rw["blocks"].values())
    checks = ("-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE")
    rows = []
    for f in _core_captures(rw):
        # errors (malformed, bad checksums); not TCP's sequence-analysis warnings, as a core
        # link carries the connection only while the mobile node is on one side of it
        assert tshark(f, *checks, "-Y", "_ws.malformed || _ws.expert.severity >= 8388608") == ""
        text = tshark(f, *checks, "-Y", f"({blocks}) && !icmpv6", "-T", "fields",
                      "-e", "ipv6.nxt", "-e", "udp.checksum.status", "-e", "tcp.checksum.status")
        rows += [line.split("\t") for line in text.splitlines()]
        downlink = f"ipv6.nxt == 41 && ipv6.dst == {towards}"
        assert tshark(f, "-Y", downlink) == ""
    assert sum(1 for r in rows if r[0] == "17") > 1000
    assert sum(1 for r in rows if r[0] == "6") > 1000
    assert {r[0] for r in rows} == {"17", "6"}
    assert all("1" in r[1:] for r in rows)  # checksum status 1: good
    tunnelled = sum(len(tshark(f, "-Y", f"ipv6.nxt == 41 && ipv6.dst == {rw['hnp']}")
                        .splitlines()) for f in _core_captures(runs["tunnel"]))
    assert tunnelled > 1000


def test_forty_octets_less_per_packet_on_the_rewritten_links(runs: dict, tshark: Any) -> None:
    """The stream's packets as GW3's core link carries them towards the mobile node on AR31:
    548 octets of IPv6 rewritten, 588 tunnelled (an outer IPv6 header)."""
    def sizes(run: dict, where: str) -> set[int]:
        f = run["pcap"] / "GW3-Core.pcap"
        text = tshark(f, "-Y", f"{where} && udp", "-T", "fields", "-e", "ipv6.plen")
        return {int(line.split(",")[0]) + 40 for line in text.splitlines()}

    rw, tu = runs["header-rewrite"], runs["tunnel"]
    assert sizes(rw, f"ipv6.dst == {rw['blocks']['GW3']}") == {548}
    assert sizes(tu, f"ipv6.dst == {rw['hnp']}") == {588}


def test_the_path_and_delivery_are_those_of_the_tunnel(runs: dict) -> None:
    """In network 3 the packets go CN21 -> GW2 (MR(CN)) -> GW3 -> AR31: the relations' path,
    stretch 1, without the home network; UDP is delivered as with the tunnel (within 1 %) and
    the TCP connection delivers after each move."""
    rw, tu = runs["header-rewrite"], runs["tunnel"]
    pl = rw["placement"]
    seg = next(s for s in rw["segments"] if s.access_router == "AR31")
    predicted = data_path(pl.moved("MN11", "AR31"), "CN21", "HoA11")
    assert [h.via.value for h in predicted.hops][2] == "rewrite"
    assert {n for n, k in seg.crossed.items() if k >= 0.9 * seg.packets} == {"GW2", "GW3"}
    assert seg.stretch == pytest.approx(1.0)
    assert rw["received"] > 0.95 * (STOP_S - 1.5) * 100
    assert rw["received"] == pytest.approx(tu["received"], rel=0.01)
    assert len(rw["moves"]) == 2
    for t in rw["moves"]:
        assert sum(1 for x in rw["tcp_rx_times"] if t < x < t + 5.0) > 100
