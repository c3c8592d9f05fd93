"""WiFi over the spectrum PHY (``wifi.phy = "spectrum"``): SpectrumWifiPhys on a
RangeSpectrumChannel, which schedules a frame only at the PHYs within the distance where the
path loss reaches ``max_loss_db``. It gives the results of ns-3's MultiModelSpectrumChannel with
that MaxLossDb, to the bit, with fewer events; at the default cut-off (frames kept away would
arrive 13 dB under the reception threshold) those without a cut-off; against the Yans PHY the
same handovers and signalling."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import pytest

from ns3dmm.scenario import ScenarioConfig, ScenarioConfigError
from ns3dmm.simulate import simulate_document


def document(seed: int = 1, stop_s: float = 20.0, **wifi: Any) -> dict[str, Any]:
    """PMIPv6 over 16 access points 80 m apart (1.2 km: the end points are beyond 130 dB of
    each other), three mobile nodes on paths, a stream to each."""
    return {"simulation": {"placement": "pmipv6",
                           "placement_params": {"networks": 4, "ars_per_network": 4,
                                                "mobile_nodes": 3},
                           "stop_s": stop_s},
            "scenario": {"seed": seed, "run": 1, "access": "wifi", "wifi": wifi},
            "traffic": [{"kind": "udp-cbr", "rate": "100kbps", "size": 500, "receiver": "*"}]}


@pytest.fixture(scope="module")
def runs(ns: Any) -> dict[str, Any]:
    return {"yans": simulate_document(document()),
            "spectrum": simulate_document(document(phy="spectrum", max_loss_db=1e9)),
            "multi-model": simulate_document(document(phy="spectrum",
                                                      spectrum_channel="multi-model")),
            "cut": simulate_document(document(phy="spectrum"))}


def test_the_range_channel_is_ns3s_channel_with_fewer_events(runs: dict[str, Any]) -> None:
    """Every measured figure equal to MultiModelSpectrumChannel's at the same MaxLossDb; a
    third of the receptions, and their events, never scheduled."""
    ns3, cut = runs["multi-model"], runs["cut"]
    assert cut.measured() == ns3.measured()
    assert "receptions_out_of_range" not in ns3.wall
    away, scheduled = cut.wall["receptions_out_of_range"], cut.wall["receptions_scheduled"]
    assert away > 0.2 * (away + scheduled)
    assert cut.wall["events"] < 0.9 * ns3.wall["events"]


def test_the_default_cut_off_changes_no_result(runs: dict[str, Any]) -> None:
    """Frames kept from PHYs beyond 130 dB only add to interference far under the noise."""
    full, cut = runs["spectrum"], runs["cut"]
    assert cut.measured() == full.measured()
    assert full.wall["receptions_out_of_range"] == 0


def test_against_yans_same_handovers_and_signalling(runs: dict[str, Any]) -> None:
    yans, spectrum = runs["yans"], runs["cut"]
    assert {mn: [h["access_router"] for h in moves] for mn, moves in spectrum.handovers.items()} \
        == {mn: [h["access_router"] for h in moves] for mn, moves in yans.handovers.items()}
    assert sum(len(m) for m in yans.handovers.values()) >= 6
    assert {k: v["messages"] for k, v in spectrum.signalling_by_function.items()} \
        == {k: v["messages"] for k, v in yans.signalling_by_function.items()}
    for mn, moves in yans.handovers.items():
        for h, s in zip(moves, spectrum.handovers[mn], strict=True):
            assert s["latency_s"] == pytest.approx(h["latency_s"], abs=0.01)
            assert s["lost"] == pytest.approx(h["lost"], abs=2)


def test_a_short_cut_off_keeps_every_frame_away(ns: Any) -> None:
    """At 60 dB (3 m at the default loss) no access point hears a mobile node: nothing
    associates, nothing is delivered."""
    r = simulate_document(document(stop_s=4.0, phy="spectrum", max_loss_db=60.0))
    assert len(r.attachments) == 3 and all(a is None for a in r.attachments.values())
    assert all(s["tx_packets"] > 0 == s["rx_packets"] for s in r.apps.values())
    # Only the mobile nodes, starting at one point, are in each other's range.
    assert r.wall["receptions_out_of_range"] > 10 * r.wall["receptions_scheduled"]


def test_bad_configurations_are_refused() -> None:
    with pytest.raises(ScenarioConfigError, match="wifi.phy: 'radio' is not one of"):
        ScenarioConfig.from_mapping({"wifi": {"phy": "radio"}})
    for bad in (0, -3.0, math.nan, math.inf, "130"):
        with pytest.raises(ScenarioConfigError, match="wifi.max_loss_db: (must be|expected)"):
            ScenarioConfig.from_mapping({"wifi": {"phy": "spectrum", "max_loss_db": bad}})
    with pytest.raises(ScenarioConfigError, match="the cut-off needs phy = 'spectrum'"):
        ScenarioConfig.from_mapping({"wifi": {"max_loss_db": 110.0}})
    with pytest.raises(ScenarioConfigError, match="wifi.spectrum_channel: needs phy"):
        ScenarioConfig.from_mapping({"wifi": {"spectrum_channel": "multi-model"}})
    with pytest.raises(ScenarioConfigError, match="wifi.spectrum_channel: 'grid' is not one"):
        ScenarioConfig.from_mapping({"wifi": {"phy": "spectrum", "spectrum_channel": "grid"}})


def test_the_model_refuses_the_spectrum_phy(runs: dict[str, Any]) -> None:
    assert runs["yans"].model and all("error" not in m for m in runs["yans"].model.values())
    for m in runs["cut"].model.values():
        assert m == {"error": "the model is validated against the Yans PHY, not spectrum"}


def test_pcaps_decode_cleanly(ns: Any, tmp_path: Path, tshark: Callable[..., str]) -> None:
    """A spectrum PHY's capture is radiotap 802.11 as Yans's: no malformed frame, the stream
    inside."""
    doc = document(stop_s=6.0, phy="spectrum")
    doc["scenario"].update(pcap=True, pcap_dir=str(tmp_path))
    simulate_document(doc)
    out = tshark(tmp_path / "MN11-wifi.pcap", "-T", "fields", "-e",
                 "frame.protocols").splitlines()
    assert len(out) > 100 and all(p.startswith("radiotap:wlan_radio:wlan") for p in out), out[:3]
    assert not any("malformed" in p for p in out)
    assert any(p.endswith("ipv6:udp:data") for p in out)
