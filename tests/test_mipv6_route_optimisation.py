"""MIPv6 route optimisation (RFC 6275 5.2, 9, 11.6; preset ``mipv6-ro``) over WiFi handovers
with a fixed seed, beside plain MIPv6 on the same scenario: MN11 crosses AR11, AR21 and AR31
(three networks, the home agent HA1 in network 1) while CN21, on AR21, streams UDP and a TCP
transfer to its home address.

Checked: after the first packets through the home agent, the correspondent sends straight to
the care-of address (stretch 1 where MIPv6 has 1.33, 5 and 1.67) and the mobile node answers
from it; each handover is followed, once the home agent has acknowledged, by a Care-of Test
Init / Care-of Test round (the home keygen token is reused) and a Binding Update to the
correspondent, whose durations (T_rr, T_cr) are the round trips the topology gives, with
the messages counted per function pair (MN-CN); the TCP connection delivers after each move;
tshark decodes every message, the Type 2 Routing header and the Home Address option, and finds
every UDP and TCP checksum good (computed over the home address)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ns3dmm.scenario import ScenarioConfig
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import Traffic, simulate

PATH = ("AR11", "AR21", "AR31")
STOP_S = 12.0 * len(PATH) + 4.0


def _run(preset: str, pcap_dir: Path | None = None) -> Any:
    return simulate(
        preset,
        ScenarioConfig(seed=7, run=1, pcap=pcap_dir is not None,
                       pcap_dir=str(pcap_dir) if pcap_dir else "pcap",
                       mobility=MobilityConfig(model="path", path=PATH, speed_mps=10.0,
                                               start_s=2.0, pause_s=4.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=1.5),
                 Traffic(kind="tcp-bulk", source="CN21", receiver="MN11", start_s=2.0)),
        stop_s=STOP_S, placement_params={"networks": 3, "ars_per_network": 1})


@pytest.fixture(scope="module")
def runs(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pcap = tmp_path_factory.mktemp("pcap")
    return {"ro": _run("mipv6-ro", pcap), "mipv6": _run("mipv6"), "pcap": pcap}


def _udp(results: Any) -> str:
    return next(name for name, app in results.apps.items() if app["kind"] == "udp-cbr")


def _segments(results: Any) -> dict[str, dict[str, Any]]:
    return {s["access_router"]: s for s in results.paths[_udp(results)]}


def test_the_correspondent_sends_straight_to_the_care_of_address(runs: dict) -> None:
    ro, plain = _segments(runs["ro"]), _segments(runs["mipv6"])
    assert [round(plain[ar]["stretch"], 2) for ar in PATH] == [1.33, 5.0, 1.67]
    for ar in ("AR21", "AR31"):
        assert ro[ar]["packets"] > 900
        assert ro[ar]["stretch"] == pytest.approx(1.0)
        assert ro[ar]["crossed"].get("HA1", 0) == 0
    # On AR11, only the packets before the first registration went through HA1.
    assert 0 < ro["AR11"]["crossed"]["HA1"] < 20 < ro["AR11"]["packets"]
    # Route optimisation costs each handover its correspondent registration, no more.
    (name,) = [n for n, a in runs["ro"].apps.items() if a["kind"] == "udp-cbr"]
    sent = runs["ro"].apps[name]["tx_packets"]
    assert runs["ro"].apps[name]["rx_packets"] > 0.9 * sent


def test_each_handover_updates_the_correspondent_after_the_home_agent(runs: dict) -> None:
    moves = runs["ro"].handovers["MN11"]
    model = {m["access_router"]: m for m in runs["ro"].model["MN11"]}
    assert [h["access_router"] for h in moves] == list(PATH[1:])
    for h in moves:
        rr, cr = h["return_routability_s"], h["correspondent_registration_s"]
        # T_rr: one Care-of Test Init / Care-of Test round; T_cr: the Binding Update's round
        # trip; both as the topology gives them (CN21 one link from AR21, five from AR31).
        assert rr == pytest.approx(model[h["access_router"]]["components"]
                                   ["return_routability"], rel=0.05)
        assert cr == pytest.approx(rr, rel=0.05)
        assert h["registration_acknowledged_s"] + rr + cr <= h["first_rx_after_s"] + 0.011
    assert moves[0]["return_routability_s"] < 0.01 < 0.04 < moves[1]["return_routability_s"]


def test_the_messages_counted_per_function_pair(runs: dict) -> None:
    by_function = runs["ro"].signalling_by_function
    assert by_function["correspondent registration -> correspondent"]["types"] == {
        "HoTI": 1, "CoTI": 3, "BU": 3}
    assert by_function["correspondent -> correspondent registration"]["types"] == {
        "HoT": 1, "CoT": 3, "BA": 3}
    assert runs["ro"].signalling_roles["MN-CN"] == 14
    assert "MN-CN" not in runs["mipv6"].signalling_roles


def test_the_tcp_connection_delivers_after_each_move(runs: dict) -> None:
    """The transfer goes on within 5 s of each association (its retransmission timer backed
    off during the outage; then its segments and acknowledgements go straight between the
    correspondent and the care-of address), and carries more than over the home agent."""
    ro = runs["ro"]
    (tcp,) = [n for n, a in ro.apps.items() if a["kind"] == "tcp-bulk"]
    (tcp_plain,) = [a for a in runs["mipv6"].apps.values() if a["kind"] == "tcp-bulk"]
    assert ro.apps[tcp]["rx_bytes"] > tcp_plain["rx_bytes"]
    series = ro.series[tcp]
    for h in ro.handovers["MN11"]:
        start = int(h["associated_s"] / series["bin_s"])
        after = series["kbps"][start:start + int(5.0 / series["bin_s"])]
        assert sum(after) * series["bin_s"] > 1000  # kbit in the 5 s after the association


def test_tshark_decodes_the_messages_and_the_headers_with_good_checksums(
        runs: dict, tshark: Any) -> None:
    capture = runs["pcap"] / "CN21-AR21.pcap"
    checks = ("-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE")
    assert tshark(capture, *checks, "-Y", "_ws.malformed || _ws.expert.severity >= 8388608") \
        == ""
    names = tshark(capture, "-Y", "mipv6", "-T", "fields", "-e", "mip6.mhtype").split()
    assert {int(t) for t in names} == {1, 2, 3, 4, 5, 6}
    bu = tshark(capture, "-Y", "mip6.mhtype == 5", "-V")
    assert "Home Address" in bu and "Nonce Indices" in bu and "Authorization Data" in bu
    rows = tshark(capture, *checks, "-Y", "udp || tcp", "-T", "fields", "-e", "ipv6.nxt",
                  "-e", "udp.checksum.status", "-e", "tcp.checksum.status").splitlines()
    down = [r for r in rows if r.startswith("43\t")]  # Type 2 Routing header, CN -> MN
    up = [r for r in rows if r.startswith("60\t")]  # Home Address option, MN -> CN
    assert len(down) > 3000 and len(up) > 1000
    assert all("1" in r.split("\t")[1:] for r in down + up)  # checksum status 1: good
    types = tshark(capture, "-Y", "ipv6.routing.type == 2", "-T", "fields", "-e",
                   "ipv6.routing.segleft").split()
    assert set(types) == {"1"}


def test_the_binding_is_refreshed_before_it_runs_out(ns: Any) -> None:
    """With an 8 s lifetime the mobile node, static on AR31, updates CN21 every 6.4 s
    (RefreshFraction 0.8), with the same tokens (younger than 210 s): no packet goes through
    the home agent once the first registration is in place, none is lost."""
    from ns3dmm.attributes import Functions

    results = simulate(
        "mipv6-ro",
        ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(model="path", path=("AR31",),
                                                              speed_mps=10.0, start_s=2.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=1.5),),
        stop_s=30.0, placement_params={"networks": 3, "ars_per_network": 1},
        functions=Functions({"ns3::dmm::CorrespondentRegistration": {"Lifetime": "8s"}}))
    types = results.signalling_by_function["correspondent registration -> correspondent"][
        "types"]
    assert types == {"HoTI": 1, "CoTI": 1, "BU": 5}  # at about 1.6, 8, 14.4, 20.8, 27.2 s
    (segment,) = results.paths[_udp(results)]
    assert segment["crossed"].get("HA1", 0) < 25  # the first 0.2 s, before the registration
    stream = results.streams[_udp(results)]
    assert stream["lost"] <= 2  # the last packets, in flight when the run stops
