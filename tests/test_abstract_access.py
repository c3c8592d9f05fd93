"""The abstract access model (``access = "abstract"``): attachment to the nearest access router
by position, a configured layer-2 outage, no radio. Handovers happen where the geometry says,
the same functions, signalling and metrics run over it, and against WiFi on a small scenario
the same signalling and the same layer-3 latency follow once the outage is WiFi's."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ns3dmm.scenario import ScenarioConfig, ScenarioConfigError
from ns3dmm.simulate import simulate_document

SPACING_M = 80.0
SPEED_MPS = 10.0
START_S = 2.0


def document(placement: str, access: str, seed: int = 1, **abstract: Any) -> dict[str, Any]:
    scenario: dict[str, Any] = {
        "seed": seed, "run": 1, "access": access,
        "mobility": {"model": "path", "speed_mps": SPEED_MPS, "start_s": START_S}}
    if abstract:
        scenario["abstract"] = abstract
    return {"simulation": {"placement": placement,
                           "placement_params": {"networks": 2, "ars_per_network": 2},
                           "stop_s": 28.0},
            "scenario": scenario,
            "traffic": [{"kind": "udp-cbr", "rate": "400kbps"}]}


@pytest.fixture(scope="module")
def pmipv6(ns: Any) -> Any:
    return simulate_document(document("pmipv6", "abstract", attach_delay_ms=40.0))


def test_handovers_happen_at_the_midpoints(pmipv6: Any) -> None:
    """The mobile node leaves AR11 at x = 0 at 2 s, at 10 m/s along the line of access points
    80 m apart (5 m beside it): it is nearer the next one from each midpoint on, detached
    there (within the 1 ms MinCheckInterval) and attached 40 ms later."""
    (moves,) = pmipv6.handovers.values()
    assert [h["access_router"] for h in moves] == ["AR12", "AR21", "AR22"]
    for k, h in enumerate(moves):
        midpoint_s = START_S + (k + 0.5) * SPACING_M / SPEED_MPS
        assert midpoint_s <= h["deassociated_s"] <= midpoint_s + 0.0011
        assert h["associated_s"] - h["deassociated_s"] == pytest.approx(0.040, abs=1e-9)
        assert h["beacons_lost"] is None  # no radio, no beacons


def test_the_functions_run_over_it(pmipv6: Any) -> None:
    """PMIPv6's proxies see the attachments (PBU at association), the stream is kept."""
    (moves,) = pmipv6.handovers.values()
    for h in moves:
        assert h["registration_sent_s"] == pytest.approx(h["associated_s"], abs=1e-3)
        assert h["registration_acknowledged_s"] > h["registration_sent_s"]
        assert h["latency_s"] < 0.2
    (stream,) = pmipv6.streams.values()
    assert stream["unique"] >= 0.97 * stream["sent"]
    assert pmipv6.signalling_roles == {"AR-MR": 14}  # 4 attachments x (PBU, PBA) + refreshes
    assert "error" in pmipv6.model["MN11"] and "abstract" in pmipv6.model["MN11"]["error"]


def _registration(h: dict[str, Any]) -> float:
    return h["registration_acknowledged_s"] - h["registration_sent_s"]


@pytest.mark.parametrize("placement", ["pmipv6", "mipv6"])
def test_against_wifi_same_signalling_and_layer_3_latency(ns: Any, placement: str) -> None:
    """Seeds 1-3 of a small scenario over WiFi and over the abstract access network with the
    WiFi runs' mean layer-2 outage: the same messages between the same functions, the same
    handovers, the same registration round trips and, from association to the first packet,
    the same layer-3 latency (means within 10 ms: ND and solicitation jitter are random)."""
    wifi = [simulate_document(document(placement, "wifi", seed)) for seed in (1, 2, 3)]
    outages = [h["l2_outage_s"] for r in wifi for moves in r.handovers.values() for h in moves]
    outage_ms = 1000 * statistics.fmean(outages)
    abstract = [simulate_document(document(placement, "abstract", seed,
                                           attach_delay_ms=outage_ms)) for seed in (1, 2, 3)]
    for w, a in zip(wifi, abstract, strict=True):
        assert w.signalling_roles == a.signalling_roles
        wm, am = (next(iter(r.handovers.values())) for r in (w, a))
        assert [h["access_router"] for h in wm] == [h["access_router"] for h in am]
        for hw, ha in zip(wm, am, strict=True):
            assert ha["l2_outage_s"] == pytest.approx(outage_ms / 1000, abs=1e-6)
            assert _registration(ha) == pytest.approx(_registration(hw), abs=0.002)
    after = {name: statistics.fmean(h["after_association_s"] for r in runs
                                    for moves in r.handovers.values() for h in moves)
             for name, runs in (("wifi", wifi), ("abstract", abstract))}
    assert after["abstract"] == pytest.approx(after["wifi"], abs=0.010), after


def test_a_coverage_hole(ns: Any) -> None:
    """Range 30 m: the mobile node is detached 30 m past an access router and attached when it
    comes within 30 m of the next (50 m on), the outage being longer than AttachDelay."""
    r = simulate_document(document("pmipv6", "abstract", range_m=30.0, attach_delay_ms=40.0))
    (moves,) = r.handovers.values()
    first = moves[0]
    lane = 5.0
    leave_s = START_S + (30.0 ** 2 - lane ** 2) ** 0.5 / SPEED_MPS
    enter_s = START_S + (SPACING_M - (30.0 ** 2 - lane ** 2) ** 0.5) / SPEED_MPS
    assert first["deassociated_s"] == pytest.approx(leave_s, abs=0.0011)
    assert first["associated_s"] == pytest.approx(enter_s, abs=0.0011)


def test_static_mobile_nodes_attach_once(ns: Any) -> None:
    """Six mobile nodes standing still are each attached once, at 0 s + AttachDelay (and the
    AttachSpacing 1 ms per mobile node before them), and their positions are never checked
    again (no course change, nothing to decide)."""
    doc = document("pmipv6", "abstract", attach_delay_ms=30.0)
    doc["simulation"]["placement_params"]["mobile_nodes"] = 6
    doc["scenario"]["mobility"] = {"model": "static"}
    doc["simulation"]["stop_s"] = 5.0
    from ns3dmm.framework import presets
    from ns3dmm.scenario import build_scenario

    placement = presets.build_preset("pmipv6", networks=2, ars_per_network=2, mobile_nodes=6)
    sc = build_scenario(placement, ScenarioConfig.from_mapping(doc["scenario"]))
    try:
        sc.run(5.0)
        manager = sc.helper.GetAbstractAccessManager()
        assert manager.GetNAttachments() == 6
        assert manager.GetNChecks() == 0
        for k, mn in enumerate(sc.mobile_nodes()):
            assert sc.associations(mn) == [(pytest.approx(0.030 + 0.001 * k),
                                            sc.associations(mn)[0][1], True)]
    finally:
        sc.destroy()


def test_bad_configurations_are_refused() -> None:
    with pytest.raises(ScenarioConfigError, match="scenario.access: 'radio' is not one of"):
        ScenarioConfig.from_mapping({"access": "radio"})
    with pytest.raises(ScenarioConfigError, match="abstract.max_queue: must be >= 1"):
        ScenarioConfig.from_mapping({"abstract": {"max_queue": 0}})
    with pytest.raises(ScenarioConfigError, match="abstract.attach_delay_ms: must be >= 0"):
        ScenarioConfig.from_mapping({"abstract": {"attach_delay_ms": -1}})
    with pytest.raises(ScenarioConfigError, match="scenario.abstract: unknown key"):
        ScenarioConfig.from_mapping({"abstract": {"beacons": 3}})


def test_pcaps_decode_as_ipv6(ns: Any, tmp_path: Path) -> None:
    """An abstract access device's capture is raw IPv6: tshark decodes every frame, no
    malformed packet."""
    import shutil

    tshark = shutil.which("tshark")
    if tshark is None:
        pytest.skip("tshark is not installed")
    doc = document("pmipv6", "abstract")
    doc["simulation"]["stop_s"] = 8.0
    doc["scenario"].update(pcap=True, pcap_dir=str(tmp_path))
    simulate_document(doc)
    path = tmp_path / "MN11-wifi.pcap"
    out = subprocess.run([tshark, "-r", str(path), "-T", "fields", "-e", "frame.protocols"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert len(out) > 100 and all(p.startswith("raw:ipv6") for p in out), out[:5]
    assert not any("malformed" in p for p in out)
    assert any(p.endswith("ipv6:udp:data") for p in out)


@pytest.mark.parametrize("placement", ["mipv6", "pmipv6", "hmipv6-host", "hmipv6-network",
                                       "multiple-home-networks", "haha", "distributed",
                                       "dynamic", "distributed-lm", "ro-anycast-query",
                                       "ro-anycast-push", "ro-gwar-query", "ro-gwar-push"])
def test_every_preset_runs_over_abstract_access(ns: Any, placement: str) -> None:
    """Three mobile nodes (test_many_mobile_nodes' scenario) handed over at AR21 and AR31,
    each keeping its stream, in every preset."""
    from test_many_mobile_nodes import document as many

    doc = many(placement)
    doc["scenario"]["access"] = "abstract"
    r = simulate_document(doc)
    assert len(r.handovers) == 3
    for mn, moves in r.handovers.items():
        assert [h["access_router"] for h in moves] == ["AR21", "AR31"], mn
        assert all(h["latency_s"] is not None and h["latency_s"] < 0.3 for h in moves), moves
    for stream in r.streams.values():
        assert stream["unique"] >= 0.95 * stream["sent"]


def test_first_attachments_are_spaced(ns: Any) -> None:
    """Mobile node k first attaches k x attach_spacing_ms after the first (placement order),
    so that the first registrations do not leave together."""
    doc = {"simulation": {"placement": "pmipv6",
                          "placement_params": {"networks": 2, "ars_per_network": 2,
                                               "mobile_nodes": 5},
                          "stop_s": 1.0},
           "scenario": {"seed": 1, "run": 1, "access": "abstract", "flow_monitor": False,
                        "mobility": {"model": "static"},
                        "abstract": {"attach_delay_ms": 20.0, "attach_spacing_ms": 7.0}},
           "traffic": [{"kind": "udp-cbr", "receiver": "*", "rate": "10kbps",
                        "start_s": 0.5}]}
    r = simulate_document(doc)
    firsts = [a["associated_s"] for a in r.attachments.values()]
    assert firsts == pytest.approx([0.020 + 0.007 * k for k in range(5)])
