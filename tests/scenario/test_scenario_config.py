"""ScenarioConfig: defaults, validation with the key named, TOML (no ns-3 needed)."""

from __future__ import annotations

import re

import pytest

from ns3dmm.scenario import config as config_module
from ns3dmm.scenario.build import _path_waypoints
from ns3dmm.scenario.config import (
    MobilityConfig,
    ScenarioConfig,
    ScenarioConfigError,
    WifiConfig,
    load_config,
)


def test_defaults_are_valid_and_hashable() -> None:
    cfg = ScenarioConfig()
    assert cfg.core_delay_ms == 10.0 and cfg.network_delay_ms == 2.0
    assert cfg.wifi.ap_spacing_m == 80.0 and cfg.wifi.max_missed_beacons == 3
    assert (cfg.ra_min_interval_ms, cfg.ra_max_interval_ms) == (30, 70)
    assert cfg.dad is True and cfg.flow_monitor is True
    assert hash(cfg) == hash(ScenarioConfig())


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda: ScenarioConfig(core_delay_ms=-1), "core_delay_ms"),
        (lambda: ScenarioConfig(network_delay_ms=-0.5), "network_delay_ms"),
        (lambda: ScenarioConfig(cn_delay_ms=float("nan")), "cn_delay_ms"),
        (lambda: ScenarioConfig(core_rate="fast"), "core_rate"),
        (lambda: ScenarioConfig(network_rate="0Gbps"), "network_rate"),
        (lambda: ScenarioConfig(seed=0), "seed"),
        (lambda: ScenarioConfig(run=1.5), "run"),
        (lambda: ScenarioConfig(dad="no"), "dad"),
        (lambda: ScenarioConfig(solicitation_jitter_ms=-1.0), "solicitation_jitter_ms"),
        (lambda: ScenarioConfig(cn_attachment="ar"), "cn_attachment"),
        (lambda: ScenarioConfig(router_advertisements="sometimes"), "router_advertisements"),
        (lambda: ScenarioConfig(router_advertisements_by_ar={"AR11": 1}),
         "router_advertisements_by_ar"),
        (lambda: ScenarioConfig(ra_min_interval_ms=100, ra_max_interval_ms=70),
         "ra_min_interval_ms"),
        (lambda: ScenarioConfig(ra_max_interval_ms=0), "ra_max_interval_ms"),
        (lambda: ScenarioConfig(ra_preferred_lifetime_s=10, ra_valid_lifetime_s=5),
         "ra_preferred_lifetime_s"),
        (lambda: ScenarioConfig(mobility_by_mn={"MN11": "static"}), "mobility_by_mn"),
        (lambda: WifiConfig(ap_spacing_m=0), "ap_spacing_m"),
        (lambda: WifiConfig(ap_spacing_m=-80), "ap_spacing_m"),
        (lambda: WifiConfig(standard="80211b"), "standard"),
        (lambda: WifiConfig(beacon_interval_ms=100), "beacon_interval_ms"),
        (lambda: WifiConfig(max_missed_beacons=0), "max_missed_beacons"),
        (lambda: WifiConfig(ssid=""), "ssid"),
        (lambda: WifiConfig(standard="80211a", channel_width_mhz=40), "channel_width_mhz"),
        (lambda: MobilityConfig(speed_mps=0), "speed_mps"),
        (lambda: MobilityConfig(speed_mps=-3), "speed_mps"),
        (lambda: MobilityConfig(model="teleport"), "model"),
        (lambda: MobilityConfig(path="AR11"), "path"),
        (lambda: MobilityConfig(start_s=-1), "start_s"),
        (lambda: MobilityConfig(model="random-waypoint", min_speed_mps=20), "min_speed_mps"),
        (lambda: MobilityConfig(gauss_markov_alpha=1.5), "gauss_markov_alpha"),
    ],
)
def test_bad_values_name_the_key(make, key: str) -> None:
    with pytest.raises(ScenarioConfigError, match=rf"\.{key}: "):
        make()


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="speed_mps: must be > 0"):
        MobilityConfig(speed_mps=0)


def test_toml_tables_and_overrides() -> None:
    cfg = ScenarioConfig.from_toml(
        """
        [scenario]
        seed = 7
        core_delay_ms = 5
        router_advertisements = false
        [scenario.router_advertisements_by_ar]
        AR11 = true
        [scenario.wifi]
        ap_spacing_m = 60.0
        beacon_interval_ms = 51.2
        [scenario.mobility]
        model = "path"
        speed_mps = 20.0
        path = ["AR11", "AR21"]
        [scenario.mobility_by_mn.MN12]
        model = "static"
        """
    )
    assert cfg.seed == 7 and cfg.core_delay_ms == 5 and cfg.router_advertisements is False
    assert dict(cfg.router_advertisements_by_ar) == {"AR11": True}
    assert cfg.wifi.ap_spacing_m == 60.0 and cfg.wifi.beacon_interval_ms == 51.2
    assert cfg.mobility.path == ("AR11", "AR21")
    assert cfg.mobility_of("MN12").model == "static"
    assert cfg.mobility_of("MN11").speed_mps == 20.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[scenario]\ncore_delay = 3\n", r"scenario: unknown key\(s\) core_delay"),
        ("[scenario.wifi]\nspacing = 3\n", r"scenario\.wifi: unknown key\(s\) spacing"),
        ("[scenario.mobility]\nspeed_mps = 0\n", r"mobility\.speed_mps"),
        ("[scenario.mobility_by_mn.MN11]\nwarp = 1\n", r"scenario\.mobility_by_mn\.MN11"),
        ("[scenario\n", "invalid TOML"),
    ],
)
def test_toml_errors(text: str, message: str) -> None:
    with pytest.raises(ScenarioConfigError, match=message):
        ScenarioConfig.from_toml(text)


def test_documented_toml_example_loads(tmp_path) -> None:
    """The key list in the module docstring is a valid scenario file with the defaults."""
    doc = config_module.__doc__
    block = doc[doc.index("    [scenario]"):]
    text = "\n".join(line[4:] for line in block.splitlines())
    text = re.sub(r"^\s+#.*$", "", text, flags=re.M)  # continuation comment lines
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    cfg = load_config(path)
    defaults = ScenarioConfig()
    assert cfg.wifi == defaults.wifi and cfg.mobility == defaults.mobility
    assert cfg.core_delay_ms == defaults.core_delay_ms
    assert dict(cfg.router_advertisements_by_ar) == {"AR21": False}
    assert cfg.mobility_of("MN11").model == "static"


def test_path_waypoints_timing() -> None:
    m = MobilityConfig(speed_mps=10, start_s=1.0, pause_s=2.0, start_offset_m=10,
                       stop_offset_m=20)
    points = [(0.0, 5.0), (80.0, 5.0), (160.0, 5.0)]
    wps = [v for t, (x, y) in _path_waypoints(m, points) for v in (t, x, y)]
    expected = [
        (0.0, -10.0, 5.0),   # start_offset_m before the first AR
        (1.0, -10.0, 5.0),   # leaves at start_s
        (2.0, 0.0, 5.0),     # first AR after 10 m at 10 m/s
        (4.0, 0.0, 5.0),     # pause
        (12.0, 80.0, 5.0),
        (14.0, 80.0, 5.0),   # pause
        (22.0, 160.0, 5.0),  # last AR: no pause
        (24.0, 180.0, 5.0),  # stop_offset_m beyond it
    ]
    assert wps == pytest.approx([v for row in expected for v in row])
    # Without offsets the first waypoints are the first AR itself.
    plain = _path_waypoints(MobilityConfig(speed_mps=10, start_s=0.0), points)
    assert [t for t, _ in plain] == pytest.approx([0.0, 8.0, 16.0])
