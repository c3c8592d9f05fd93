"""The WiFi part of the analytic model (ns3dmm.wifi_model) against ns-3's own objects: its
error rates are those of the error-rate model the scenario's PHYs use, its constants are the
attribute defaults of the objects a scenario installs, and the air times follow 802.11 OFDM
timing."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ns3dmm import wifi_model as wm


@pytest.fixture(scope="module")
def phy(ns: Any) -> Any:
    """A scenario's station PHY (the scenario is destroyed after the module's tests)."""
    from ns3dmm.framework import presets
    from ns3dmm.scenario import ScenarioConfig, build_scenario

    sc = build_scenario(presets.mipv6(networks=2, ars_per_network=1), ScenarioConfig())
    yield sc.wifi_device("MN11").GetPhy()
    sc.destroy()


@pytest.mark.parametrize("name", [m.name for m in wm.OFDM_MODES])
def test_error_rates_are_the_phys(ns: Any, phy: Any, name: str) -> None:
    """The model's chunk success rates are those of the scenario PHY's error-rate model."""
    helper = ns.PointerValue()
    phy.GetAttribute("InterferenceHelper", helper)
    phy_model = ns.DynamicCast[ns.InterferenceHelper](helper.GetObject()).GetErrorRateModel()
    mode = getattr(ns.OfdmPhy, f"Get{name}")()
    tx = ns.WifiTxVector(mode, 0, ns.WIFI_PREAMBLE_LONG, ns.NanoSeconds(800), 1, 1, 0, 20,
                         False)
    m = wm.mode(name)
    for snr_db in [x / 2 for x in range(-6, 61, 3)]:
        snr = 10 ** (snr_db / 10)
        for nbits in (1, 24, 4406):
            assert wm.chunk_success_rate(m, snr, nbits) == phy_model.GetChunkSuccessRate(
                mode, tx, snr, nbits)


def _default(ns: Any, type_name: str, attribute: str) -> str:
    ok, tid = ns.LookupByNameFailSafe(type_name)
    assert ok, type_name
    for i in range(tid.GetAttributeN()):
        info = tid.GetAttribute(i)
        if info.name == attribute:
            return str(info.initialValue.SerializeToString(info.checker))
    raise AssertionError(f"{type_name} has no attribute {attribute}")


def _seconds(text: str) -> float:
    assert text.endswith("ns"), text
    return float(text[:-2]) / 1e9


def test_constants_are_the_ns3_defaults(ns: Any) -> None:
    assert float(_default(ns, "ns3::ThresholdPreambleDetectionModel", "MinimumRssi")) == \
        wm.PREAMBLE_MIN_RSSI_DBM
    assert float(_default(ns, "ns3::ThresholdPreambleDetectionModel", "Threshold")) == \
        wm.PREAMBLE_MIN_SNR_DB
    assert float(_default(ns, "ns3::WifiPhy", "RxNoiseFigure")) == wm.NOISE_FIGURE_DB
    assert float(_default(ns, "ns3::IdealWifiManager", "BerThreshold")) == \
        wm.IDEAL_BER_THRESHOLD
    assert int(_default(ns, "ns3::WifiMac", "FrameRetryLimit")) == wm.FRAME_RETRY_LIMIT
    assert _seconds(_default(ns, "ns3::StaWifiMac", "ProbeRequestTimeout")) == \
        wm.PROBE_REQUEST_TIMEOUT_S
    assert _seconds(_default(ns, "ns3::StaWifiMac", "WaitBeaconTimeout")) == \
        wm.WAIT_BEACON_TIMEOUT_S
    assert _default(ns, "ns3::StaWifiMac", "ProbeDelay") == \
        "ns3::UniformRandomVariable[Min=50.0|Max=250.0]"
    assert wm.PROBE_DELAY_MEAN_S == pytest.approx(150e-6)
    assert int(_default(ns, "ns3::Txop", "MinCw")) == wm.CW_MIN


def test_scenario_phys_use_those_models(ns: Any, phy: Any) -> None:
    """The scenario's PHYs have the threshold preamble detection model and the table-based
    error rate model: what the model computes with."""
    detection = ns.PointerValue()
    phy.GetAttribute("PreambleDetectionModel", detection)
    assert detection.GetObject().GetInstanceTypeId().GetName() == \
        "ns3::ThresholdPreambleDetectionModel"
    helper = ns.PointerValue()
    phy.GetAttribute("InterferenceHelper", helper)
    errors = ns.DynamicCast[ns.InterferenceHelper](helper.GetObject()).GetErrorRateModel()
    assert errors.GetInstanceTypeId().GetName() == "ns3::TableBasedErrorRateModel"


def test_air_times() -> None:
    # A 14-octet ACK at 6 Mb/s: 16 + 112 + 6 bits in 24-bit symbols: 6 symbols after 20 us.
    assert wm.frame_s(14) == pytest.approx(20e-6 + 6 * 4e-6)
    # 548 octets of IPv6 in a data frame at 54 Mb/s: ceil((22 + 8 * 584) / 216) = 22 symbols.
    assert wm.frame_s(548 + wm.DATA_OVERHEAD, wm.mode("OfdmRate54Mbps")) == pytest.approx(
        20e-6 + 22 * 4e-6)
    assert wm.access_s() == pytest.approx(34e-6 + 67.5e-6)
    assert wm.scan_s(True) == pytest.approx(0.05015)
    assert wm.scan_s(False) == pytest.approx(0.12)
    with pytest.raises(ValueError):
        wm.frame_s(-1)


def test_link_budget_and_detection_range() -> None:
    # 20 MHz at 290 K with ns-3's Boltzmann constant, plus the 7 dB noise figure.
    assert wm.noise_dbm() == pytest.approx(-93.966, abs=1e-3)
    # The scenario's defaults: 16.0206 dBm, exponent 3, 46.6777 dB at 1 m: -82 dBm at 51.46 m.
    r = wm.detection_range_m(16.0206, 3.0, 46.6777)
    assert r == pytest.approx(51.455, abs=0.01)
    assert wm.rx_power_dbm(r, 16.0206, 3.0, 46.6777) == pytest.approx(-82.0)
    assert wm.snr_db(r, 16.0206, 3.0, 46.6777) == pytest.approx(11.966, abs=1e-3)


def test_ideal_manager_thresholds_rise_with_the_rate(ns: Any) -> None:
    thresholds = [wm.ideal_threshold_db(m) for m in wm.OFDM_MODES]
    assert thresholds == sorted(thresholds)
    # A bit fails with probability 1e-6 at most from there on, more just below.
    m = wm.mode("OfdmRate24Mbps")
    t = wm.ideal_threshold_db(m)
    assert 1 - wm.chunk_success_rate(m, 10 ** ((t + 0.05) / 10), 1) <= 1e-6
    assert 1 - wm.chunk_success_rate(m, 10 ** ((t - 0.05) / 10), 1) > 1e-6
    assert wm.ideal_mode(t + 0.01) == m and wm.ideal_mode(-20.0) == wm.BASIC
    assert wm.frame_success(m, 30.0, 600) == pytest.approx(1.0)
    assert wm.frame_success(wm.mode("OfdmRate54Mbps"), 5.0, 600) < 1e-6
    assert not math.isnan(wm.frame_success(m, t, 600))
