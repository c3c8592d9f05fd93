"""The measured handover latency against the analytic sum of its components
(ns3dmm.analysis): a mobile node crosses three access routers in two networks (AR12, AR21,
AR22 after AR11) while a correspondent streams 100 UDP packets/s to it; neighbour
solicitation jitter is off, so every component is deterministic given the measured L2 outage
and detection."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.analysis import (
    expected_max_uniform,
    model_handover,
    ofdm_frame_s,
    path_time_s,
)
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.metrics import handovers
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

INTERVAL_S = 0.01
PAYLOAD = 100
START_S = 1.5


def test_ofdm_frame_times() -> None:
    # 802.11a: 34 us DIFS + 67.5 us mean backoff + 20 us preamble; a 14-octet ACK at 24 Mb/s is
    # 2 symbols (28 us) after a 16 us SIFS.
    ack_s = 16e-6 + 28e-6
    # 148-octet IPv6 packet + 36 octets of MAC framing at 54 Mb/s: ceil(1494 / 216) = 7 symbols.
    assert ofdm_frame_s(148, 54.0) == pytest.approx(34e-6 + 67.5e-6 + 20e-6 + 28e-6 + ack_s)
    assert ofdm_frame_s(72, 6.0, acknowledged=False) == pytest.approx(
        34e-6 + 67.5e-6 + 20e-6 + 37 * 4e-6)
    with pytest.raises(ValueError):
        ofdm_frame_s(100, 0.0)


def test_expected_wait() -> None:
    assert expected_max_uniform(0.01, 0.0) == pytest.approx(0.005)
    assert expected_max_uniform(0.01, 0.02) == pytest.approx(0.02)
    # E[max(U(0, 1), 0.5)] = 0.25 + 0.375
    assert expected_max_uniform(1.0, 0.5) == pytest.approx(0.625)


def run(mode: str) -> dict[str, Any]:
    placement = (presets.mipv6 if mode == "mipv6" else presets.pmipv6)(
        networks=2, ars_per_network=2)
    sc = build_scenario(placement, ScenarioConfig(
        seed=1, run=1, solicitation_jitter_ms=0.0,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0)))
    try:
        dep = deploy(sc)
        mn, cn = placement.mobile_nodes[0].name, placement.correspondents[0].name
        sc.add_udp_cbr(cn, mn, lambda: dep.mn_address(mn), rate=PAYLOAD * 8 / INTERVAL_S,
                       size=PAYLOAD, start_s=START_S, name="stream")
        sc.run(26.0)
        app = sc.apps["stream"]
        measured = handovers([float(t) for t in app.rx.times], sc.associations(mn))
        models = [model_handover(dep, mn, cn, h, packet_interval_s=INTERVAL_S,
                                 payload_octets=PAYLOAD, stream_start_s=START_S)
                  for h in measured]
        anchor = dep.anchors["Network1"]
        paths = {ar: (path_time_s(sc, ar, anchor, 150), path_time_s(sc, anchor, ar, 188))
                 for ar in ("AR12", "AR21", "AR22")}
        return {"measured": measured, "models": models, "paths": paths}
    finally:
        sc.destroy()


@pytest.fixture(scope="module", params=["mipv6", "pmipv6"])
def latency(request: pytest.FixtureRequest, ns: Any) -> dict[str, Any]:
    out = run(request.param)
    out["mode"] = request.param
    return out


def test_latency_is_the_sum_of_its_components(latency: dict[str, Any]) -> None:
    measured, models = latency["measured"], latency["models"]
    assert [h.access_router for h in measured] == ["AR12", "AR21", "AR22"]
    for h, m in zip(measured, models, strict=True):
        assert h.latency_s is not None
        assert h.latency_s == pytest.approx(m.total_s, rel=0.05), (h, m.as_dict())


def test_the_components_follow_the_configured_links(latency: dict[str, Any]) -> None:
    """Registration and return cross the access router-anchor path: 2 + 2 ms inside Network1,
    2 + 10 + 10 + 2 ms from Network2; a MIPv6 Binding Update also crosses the WiFi link."""
    paths = latency["paths"]
    assert paths["AR12"][0] == pytest.approx(0.004, abs=1e-5)
    assert paths["AR21"][0] == pytest.approx(0.024, abs=1e-5)
    for m in latency["models"]:
        up, down = paths[m.access_router]
        wifi = m.registration_s - up
        assert wifi == (pytest.approx(0.0) if latency["mode"] == "pmipv6" else
                        pytest.approx(ofdm_frame_s(150, 54.0)))
        assert m.return_s >= down
        assert 0 <= m.wait_s < INTERVAL_S
        assert m.l2_outage_s == pytest.approx(0.05, abs=0.005)
    if latency["mode"] == "pmipv6":
        # The MAG detects the attachment from the association itself; the correspondent's
        # packets leave AR21 (its access router, the previous MAG) only after the Location
        # Notify, and then go up to the anchor and down to AR22.
        assert all(m.detection_s < 0.001 for m in latency["models"])
        ar22 = latency["models"][2]
        assert ar22.return_s == pytest.approx(3 * paths["AR22"][1], rel=0.01)
    else:
        # Movement detection waits for the next router advertisement (every 30-70 ms).
        assert all(0 < m.detection_s < 0.071 for m in latency["models"])
