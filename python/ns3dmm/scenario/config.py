"""Scenario parameters: a typed, frozen, validated :class:`ScenarioConfig` and its TOML form.

Every knob has a default; construction validates and raises :class:`ScenarioConfigError` (a
``ValueError``) naming the key. Checks against a placement (AR and MN names) happen when the
scenario is built.

TOML (``load_config(path)`` reads the ``[scenario]`` table; ``ScenarioConfig.from_mapping``
takes the table itself). Every key is optional; unknown keys are rejected::

    [scenario]
    seed = 1                       # RngSeedManager seed (>= 1), set when the scenario is built
    run = 1                        # RngSeedManager run number (>= 0; SEM counts from 0)
    dad = true                     # IPv6 duplicate address detection (RFC 4862) on every
                                   # node, and by a home agent on a home link (RFC 6275 10.3.1)
    solicitation_jitter_ms = 10.0  # neighbour/router solicitations wait U(0, this) first
                                   # (ns-3's Icmpv6L4Protocol SolicitationJitter; 0: none)
    nd_queue = 3                   # packets a neighbour cache entry holds while it resolves
                                   # the address, the oldest dropped beyond (ns-3's NdiscCache
                                   # UnresolvedQueueSize)
    signalling_loss = 0.0          # share of Mobility Header messages each node loses on
                                   # receipt (an ns-3 RateErrorModel per node, 0 to 0.9)
    signalling_loss_types = []     # the MH Types lost: BRR, HoTI, CoTI, HoT, CoT, BU, BA, BE,
                                   # LM (location management); empty: every type
    fail_node = ""                 # a node that fails (every interface down) at fail_at_s and
    fail_at_s = 0.0                # recovers at recover_at_s (0: stays down), its location
    recover_at_s = 0.0             # management restarting (bindings lost); empty: none
    core = "star"                  # how the networks' gateways are joined: "star" (one core
                                   # router), "ring" (in network order), "mesh" (every pair)
                                   # or "edges" (core_edges); routes by shortest delay
    core_edges = []                # core = "edges": [["GW1", "GW2"], ["GW2", "GW3", 25.0]]
                                   # (gateway names, optional delay in ms)
    core_routing = "static"        # "static" or "ripng": RIPng (RFC 2080, ns-3's RipNg) on the
                                   # core router, the gateways, the anycast groups' members
                                   # (their pools) and the access routers (their subnets)
    ripng_update_s = 30.0          # RIPng timers (RFC 2080 2.3 defaults): unsolicited update,
    ripng_timeout_s = 180.0        # route timeout and garbage collection, s
    ripng_garbage_s = 120.0
    core_delay_ms = 10.0           # core links (gateway <-> core router, or between gateways)
    core_rate = "1Gbps"
    network_delay_ms = 2.0         # inside a network: gateway <-> anchor / LM server / AR
    network_rate = "1Gbps"
    cn_delay_ms = 2.0              # correspondent node <-> its gateway (or access router)
    cn_rate = "1Gbps"
    cn_attachment = "placement"    # "placement": the CN's attached_to node (an AR or gateway),
                                   # falling back to its gateway; "gateway": always the gateway
    router_advertisements = "auto" # true | false | "auto": off on ARs hosting a proxy (MAG) in
                                   # network-based placements, on elsewhere
    ra_min_interval_ms = 30        # Radvd MinRtrAdvInterval / MaxRtrAdvInterval per AR interface
    ra_max_interval_ms = 70
    ra_preferred_lifetime_s = 604800
    ra_valid_lifetime_s = 2592000
    pcap = false                   # one pcap per device (WiFi: DLT_IEEE802_11_RADIO)
    pcap_dir = "pcap"              # directory for pcap files (created)
    flow_monitor = true            # FlowMonitor on every node
    metrics = "per-packet"         # "per-packet": every packet kept in C++ (series per session);
                                   # "bounded": counts, sums and histograms in C++ only, size
                                   # independent of the packets (one series for all sessions)
    access = "wifi"                # "wifi" | "abstract": no radio, the [scenario.abstract] table

    [scenario.router_advertisements_by_ar]   # per-AR override of router_advertisements
    AR21 = false

    [scenario.wifi]
    standard = "80211a"            # "80211a" | "80211n" | "80211ac" (5 GHz, one channel)
    channel = 36                   # one channel for all APs (scanning never changes channel)
    channel_width_mhz = 20
    ssid = "dmm"
    station_manager = "ns3::IdealWifiManager"
    beacon_interval_ms = 102.4     # a multiple of 1.024 ms (time units)
    max_missed_beacons = 3         # beacons lost before the station scans again (ns-3 default 10)
    active_probing = true
    start_spacing_ms = 1.0         # start: station k first scans k x this later
    tx_power_dbm = 16.0206
    path_loss_exponent = 3.0       # LogDistancePropagationLossModel
    reference_loss_db = 46.6777    # loss at 1 m (5.15 GHz)
    ap_spacing_m = 80.0            # APs on the x axis, in placement order, this far apart
    ap_y_m = 0.0
    phy = "yans"                   # "yans" (every frame to every PHY) | "spectrum" (cut-off)
    spectrum_channel = "range"     # spectrum: "range" (events only in range) | "multi-model"
    max_loss_db = 130.0            # spectrum: frames reach only PHYs this close in path loss

    [scenario.abstract]            # access = "abstract" (APs where [scenario.wifi] puts them)
    attach_delay_ms = 50.0         # layer-2 handover: detachment (or start) to attachment
    attach_spacing_ms = 1.0        # start: mobile node k first attaches k x this later
    range_m = 0.0                  # coverage radius (0: unlimited); nearest access router wins
    hysteresis_m = 0.0             # change only for one nearer by more than this
    rate = "54Mbps"                # serialisation rate of every access device
    delay_us = 10.0
    max_queue = 100                # frames waiting per device at most (more: dropped, counted)

    [scenario.mobility]            # default for every mobile node
    model = "path"                 # "path" | "random-waypoint" | "gauss-markov" | "static"
    speed_mps = 10.0               # path speed; random-waypoint max speed; gauss-markov mean speed
    min_speed_mps = 1.0            # random-waypoint minimum speed
    path = []                      # AR names to visit in order; empty: every AR on the line
    start_s = 1.0                  # path: time the node leaves the first AR
    pause_s = 0.0                  # path: dwell at each AR but the last; random-waypoint pause
    stagger_s = 0.0                # path: each MN leaves this much after the one before it
    start_offset_m = 0.0           # path: start this far before the first AR (along the path)
    stop_offset_m = 0.0            # path: end this far beyond the last AR
    lane_offset_m = 5.0            # path: distance between the path and the AP line (y)
    margin_m = 20.0                # random-waypoint / gauss-markov: rectangle beyond the APs
    gauss_markov_alpha = 0.85
    gauss_markov_step_s = 1.0

    [scenario.mobility_by_mn.MN11]  # per-MN override: a full mobility table (same keys)
    model = "static"
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = [
    "AbstractAccessConfig",
    "MobilityConfig",
    "MobilityModel",
    "ScenarioConfig",
    "ScenarioConfigError",
    "WifiConfig",
    "load_config",
]

MobilityModel = str
MOBILITY_MODELS = ("path", "random-waypoint", "gauss-markov", "static")
WIFI_STANDARDS = ("80211a", "80211n", "80211ac")
WIFI_PHYS = ("yans", "spectrum")
#: Application sessions: constant bit rate UDP, on-off UDP, TCP bulk transfer.
TRAFFIC_KINDS = ("udp-cbr", "udp-onoff", "tcp-bulk")
#: Sessions whose packets carry sequence numbers and send times (every packet ``size`` octets).
UDP_KINDS = ("udp-cbr", "udp-onoff")
#: How on-off periods are drawn: exponential lengths or constant ones, of the given means.
ONOFF_PERIODS = ("exponential", "constant")
#: The spectrum PHY's default delivery cut-off, dB of path loss.
WIFI_MAX_LOSS_DB = 130.0
_OFDM_MODES = tuple(f"OfdmRate{r}Mbps" for r in (6, 9, 12, 18, 24, 36, 48, 54))
#: The WifiMode names ns-3 offers per standard at 5 GHz (a name it does not know aborts it).
WIFI_MODES = {"80211a": _OFDM_MODES,
              "80211n": _OFDM_MODES + tuple(f"HtMcs{k}" for k in range(32)),
              "80211ac": _OFDM_MODES + tuple(f"HtMcs{k}" for k in range(32))
              + tuple(f"VhtMcs{k}" for k in range(10))}
CORE_TOPOLOGIES = ("star", "ring", "mesh", "edges")
CORE_ROUTING = ("static", "ripng")
ACCESS_MODELS = ("wifi", "abstract")
#: MH Types by name, for signalling_loss_types (RFC 6275 6.1; LM: the Experimental Mobility
#: Header carrying the location management messages)
SIGNALLING_TYPES = {"BRR": 0, "HoTI": 1, "CoTI": 2, "HoT": 3, "CoT": 4, "BU": 5, "BA": 6,
                    "BE": 7, "LM": 11}
#: What the receivers' recorders keep: every packet, or counts, sums and histograms only.
METRICS_MODES = ("per-packet", "bounded")
#: The width of the delivered-throughput and delay series' bins, s.
SERIES_BIN_S = 0.1
CN_ATTACHMENTS = ("placement", "gateway")


def _meta(help_text: str, choices: tuple[Any, ...] | None = None) -> dict[str, Any]:
    """A configuration key's description (and allowed values) for the programs' help."""
    return {"help": help_text, "choices": choices}


class ScenarioConfigError(ValueError):
    """A scenario parameter is invalid; the message names the key."""


def _err(where: str, key: str, message: str) -> ScenarioConfigError:
    return ScenarioConfigError(f"{where}.{key}: {message}")


def _number(where: str, obj: object, key: str, *, minimum: float | None = None,
            positive: bool = False, integer: bool = False) -> None:
    value = getattr(obj, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err(where, key, f"expected a number, got {value!r}")
    if integer and not isinstance(value, int):
        raise _err(where, key, f"expected an integer, got {value!r}")
    if not math.isfinite(value):
        raise _err(where, key, f"must be finite, got {value!r}")
    if positive and value <= 0:
        raise _err(where, key, f"must be > 0, got {value!r}")
    if minimum is not None and value < minimum:
        raise _err(where, key, f"must be >= {minimum}, got {value!r}")


def _bool(where: str, obj: object, key: str) -> None:
    if not isinstance(getattr(obj, key), bool):
        raise _err(where, key, f"expected true or false, got {getattr(obj, key)!r}")


def _choice(where: str, obj: object, key: str, allowed: tuple[str, ...]) -> None:
    value = getattr(obj, key)
    if value not in allowed:
        raise _err(where, key, f"{value!r} is not one of {', '.join(map(repr, allowed))}")


#: ns-3 DataRate units and their bit/s.
_RATE_UNITS = {"bps": 1.0, "b/s": 1.0, "kbps": 1e3, "Kbps": 1e3, "kb/s": 1e3, "Kb/s": 1e3,
               "Mbps": 1e6, "Mb/s": 1e6, "Gbps": 1e9, "Gb/s": 1e9,
               "Bps": 8.0, "B/s": 8.0, "kBps": 8e3, "KBps": 8e3, "kB/s": 8e3, "KB/s": 8e3,
               "MBps": 8e6, "MB/s": 8e6, "GBps": 8e9, "GB/s": 8e9}


def bit_rate(rate: str | float) -> float:
    """A data rate in bit/s: a number, or ns-3 DataRate text such as ``"400kbps"``."""
    if isinstance(rate, str):
        value = rate.strip()
        for unit in sorted(_RATE_UNITS, key=len, reverse=True):
            if value.endswith(unit):
                try:
                    return float(value[: -len(unit)]) * _RATE_UNITS[unit]
                except ValueError:
                    break
        raise ValueError(f"{rate!r} is not a data rate such as '400kbps'")
    return float(rate)


def _rate(where: str, obj: object, key: str) -> None:
    value = getattr(obj, key)
    try:
        ok = isinstance(value, str) and bit_rate(value) > 0
    except ValueError:
        ok = False
    if not ok:
        raise _err(where, key, f"expected a positive data rate such as '1Gbps', got {value!r}")


def _from_mapping(cls: type, data: Mapping[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ScenarioConfigError(f"{where}: expected a table, got {data!r}")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ScenarioConfigError(
            f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return dict(data)


@dataclass(frozen=True, slots=True)
class WifiConfig:
    """The WiFi access network: every AR is an AP on one SSID and one channel."""

    standard: str = field(default="80211a", metadata=_meta(
        "WiFi standard of every access point and station (5 GHz)",
        ("80211a", "80211n", "80211ac")))
    channel: int = field(default=36, metadata=_meta(
        "channel number shared by every access point (scanning never changes channel)"))
    channel_width_mhz: int = field(default=20, metadata=_meta(
        "channel width, MHz (802.11a: 20)",
        (20, 40, 80, 160)))
    ssid: str = field(default="dmm", metadata=_meta("SSID of every access point"))
    station_manager: str = field(default="ns3::IdealWifiManager", metadata=_meta(
        "rate control TypeId (ns3::IdealWifiManager adapts to the SNR; "
        "ns3::ConstantRateWifiManager uses data_mode)"))
    data_mode: str = field(default="", metadata=_meta(
        "ConstantRateWifiManager DataMode, e.g. OfdmRate36Mbps (empty: its default, 6 Mb/s)"))
    control_mode: str = field(default="", metadata=_meta(
        "ConstantRateWifiManager ControlMode (empty: its default, 6 Mb/s)"))
    beacon_interval_ms: float = field(default=102.4, metadata=_meta(
        "ApWifiMac BeaconInterval, ms (a multiple of 1.024 ms)"))
    max_missed_beacons: int = field(default=3, metadata=_meta(
        "StaWifiMac MaxMissedBeacons: beacons missed before the station declares the link "
        "lost and scans (ns-3 default 10)"))
    active_probing: bool = field(default=True, metadata=_meta(
        "StaWifiMac ActiveProbing: probe requests and a 50 ms scan (false: listen 120 ms for "
        "beacons)"))
    start_spacing_ms: float = field(default=1.0, metadata=_meta(
        "at the start, between two stations' first scans (placement order), ms: their probe "
        "requests and associations do not leave at once"))
    tx_power_dbm: float = field(default=16.0206, metadata=_meta(
        "transmit power of every device, dBm"))
    path_loss_exponent: float = field(default=3.0, metadata=_meta(
        "LogDistancePropagationLossModel Exponent"))
    reference_loss_db: float = field(default=46.6777, metadata=_meta(
        "LogDistancePropagationLossModel ReferenceLoss at 1 m, dB"))
    ap_spacing_m: float = field(default=80.0, metadata=_meta(
        "distance between neighbouring access points on the x axis, m"))
    ap_y_m: float = field(default=0.0, metadata=_meta("y of the access point line, m"))
    phy: str = field(default="yans", metadata=_meta(
        "PHY and channel: yans (YansWifiChannel: every frame reaches every PHY, its cost grows "
        "as APs x (APs + MNs)) or spectrum (SpectrumWifiPhy: a frame reaches only the PHYs "
        "within max_loss_db)", WIFI_PHYS))
    spectrum_channel: str = field(default="range", metadata=_meta(
        "phy = spectrum: range (a frame costs an event only at the PHYs within the distance "
        "where the loss reaches max_loss_db) or multi-model (ns-3's MultiModelSpectrumChannel: "
        "an event at every PHY, max_loss_db applied when the reception starts; the same "
        "results)", ("range", "multi-model")))
    max_loss_db: float = field(default=WIFI_MAX_LOSS_DB, metadata=_meta(
        "phy = spectrum: a frame reaches only the PHYs whose path loss from the sender is at "
        "most this, dB (1e9, ns-3's default: every PHY); 130 dB puts a 16 dBm frame at "
        "-114 dBm, 13 dB under "
        "the -101 dBm reception threshold, 599 m away at the default loss"))

    def __post_init__(self) -> None:
        w = "wifi"
        _choice(w, self, "standard", WIFI_STANDARDS)
        _number(w, self, "channel", positive=True, integer=True)
        if self.channel_width_mhz not in (20, 40, 80, 160):
            raise _err(w, "channel_width_mhz", f"must be 20, 40, 80 or 160, got "
                       f"{self.channel_width_mhz!r}")
        if self.standard == "80211a" and self.channel_width_mhz != 20:
            raise _err(w, "channel_width_mhz", "802.11a channels are 20 MHz wide")
        if not isinstance(self.ssid, str) or not 1 <= len(self.ssid) <= 32:
            raise _err(w, "ssid", f"must be 1 to 32 characters, got {self.ssid!r}")
        if not isinstance(self.station_manager, str) or not self.station_manager.startswith(
            "ns3::"
        ):
            raise _err(w, "station_manager", f"expected an ns-3 TypeId name, got "
                       f"{self.station_manager!r}")
        modes = WIFI_MODES[self.standard]
        for key in ("data_mode", "control_mode"):
            value = getattr(self, key)
            if not isinstance(value, str) or (value and value not in modes):
                raise _err(w, key, f"expected a WifiMode of {self.standard} such as "
                           f"'OfdmRate24Mbps', got {value!r}")
        if (self.data_mode or self.control_mode) and \
                self.station_manager != "ns3::ConstantRateWifiManager":
            raise _err(w, "data_mode", "data_mode and control_mode set the rates of "
                       "ns3::ConstantRateWifiManager; station_manager is "
                       f"{self.station_manager!r}")
        _number(w, self, "beacon_interval_ms", positive=True)
        _number(w, self, "start_spacing_ms", minimum=0.0)
        tu = self.beacon_interval_ms / 1.024
        if abs(tu - round(tu)) > 1e-6:
            raise _err(w, "beacon_interval_ms", f"must be a multiple of 1.024 ms (one time unit), "
                       f"got {self.beacon_interval_ms!r}")
        _number(w, self, "max_missed_beacons", minimum=1, integer=True)
        _bool(w, self, "active_probing")
        for key in ("tx_power_dbm", "reference_loss_db", "ap_y_m"):
            _number(w, self, key)
        _number(w, self, "path_loss_exponent", positive=True)
        _number(w, self, "ap_spacing_m", positive=True)
        _choice(w, self, "phy", WIFI_PHYS)
        _choice(w, self, "spectrum_channel", ("range", "multi-model"))
        if self.phy == "yans" and self.spectrum_channel != "range":
            raise _err(w, "spectrum_channel", "needs phy = 'spectrum'")
        _number(w, self, "max_loss_db", positive=True)
        if self.phy == "yans" and self.max_loss_db != WIFI_MAX_LOSS_DB:
            raise _err(w, "max_loss_db", "a YansWifiChannel delivers every frame to every "
                       "PHY; the cut-off needs phy = 'spectrum'")

    @property
    def channel_settings(self) -> str:
        """The YansWifiPhy ``ChannelSettings`` attribute value."""
        return f"{{{self.channel}, {self.channel_width_mhz}, BAND_5GHZ, 0}}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "wifi") -> WifiConfig:
        return cls(**_from_mapping(cls, data, where))


@dataclass(frozen=True, slots=True)
class AbstractAccessConfig:
    """The access network without a radio (``access = "abstract"``): each mobile node is
    attached to the nearest access router by position (the access points stand where the
    ``wifi`` table puts them), and a move detaches it for ``attach_delay_ms``."""

    attach_delay_ms: float = field(default=50.0, metadata=_meta(
        "layer-2 handover: from detachment (or the start) to attachment, ms"))
    attach_spacing_ms: float = field(default=1.0, metadata=_meta(
        "at the start, between two mobile nodes' first attachments (placement order), ms: "
        "their first registrations do not leave at once"))
    range_m: float = field(default=0.0, metadata=_meta(
        "coverage radius of an access router, m (0: unlimited)"))
    hysteresis_m: float = field(default=0.0, metadata=_meta(
        "a mobile node changes access router when another is nearer by more than this, m"))
    rate: str = field(default="54Mbps", metadata=_meta(
        "serialisation rate of every access device"))
    delay_us: float = field(default=10.0, metadata=_meta(
        "propagation delay of the access link, us"))
    max_queue: int = field(default=100, metadata=_meta(
        "frames an access device holds waiting at most (more are dropped, counted)"))

    def __post_init__(self) -> None:
        w = "abstract"
        for key in ("attach_delay_ms", "attach_spacing_ms", "range_m", "hysteresis_m",
                    "delay_us"):
            _number(w, self, key, minimum=0.0)
        _rate(w, self, "rate")
        _number(w, self, "max_queue", minimum=1, integer=True)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any],
                     where: str = "abstract") -> AbstractAccessConfig:
        return cls(**_from_mapping(cls, data, where))


@dataclass(frozen=True, slots=True)
class MobilityConfig:
    """How a mobile node moves (see the module docstring for each key)."""

    model: str = field(default="path", metadata=_meta(
        "mobility model of the mobile nodes",
        ("path", "random-waypoint", "gauss-markov", "static")))
    speed_mps: float = field(default=10.0, metadata=_meta(
        "path speed; random-waypoint maximum; gauss-markov mean, m/s"))
    min_speed_mps: float = field(default=1.0, metadata=_meta("random-waypoint minimum speed, m/s"))
    path: tuple[str, ...] = field(default=(), metadata=_meta(
        "access routers to visit in order (comma-separated; empty: every one on the line)"))
    start_s: float = field(default=1.0, metadata=_meta(
        "path: when the node leaves the first access router, s"))
    pause_s: float = field(default=0.0, metadata=_meta(
        "path: dwell at each access router but the last; random-waypoint pause, s"))
    stagger_s: float = field(default=0.0, metadata=_meta(
        "path: each mobile node leaves this much after the one before it (placement order), s"))
    start_offset_m: float = field(default=0.0, metadata=_meta(
        "path: start this far before the first access router, m"))
    stop_offset_m: float = field(default=0.0, metadata=_meta(
        "path: end this far beyond the last access router, m"))
    lane_offset_m: float = field(default=5.0, metadata=_meta(
        "path: distance between the path and the access point line, m"))
    margin_m: float = field(default=20.0, metadata=_meta(
        "random-waypoint and gauss-markov: the area extends this far beyond the access "
        "points, m"))
    gauss_markov_alpha: float = field(default=0.85, metadata=_meta("gauss-markov memory, 0 to 1"))
    gauss_markov_step_s: float = field(default=1.0, metadata=_meta("gauss-markov time step, s"))

    def __post_init__(self) -> None:
        w = "mobility"
        _choice(w, self, "model", MOBILITY_MODELS)
        if isinstance(self.path, str):
            raise _err(w, "path", f"expected a list of AR names, got the string {self.path!r}")
        object.__setattr__(self, "path", tuple(self.path))
        if not all(isinstance(p, str) for p in self.path):
            raise _err(w, "path", f"expected AR names, got {self.path!r}")
        _number(w, self, "speed_mps", positive=True)
        _number(w, self, "min_speed_mps", positive=True)
        if self.model == "random-waypoint" and self.min_speed_mps > self.speed_mps:
            raise _err(w, "min_speed_mps", f"{self.min_speed_mps} exceeds speed_mps "
                       f"{self.speed_mps}")
        for key in ("start_s", "pause_s", "stagger_s", "start_offset_m", "stop_offset_m",
                    "margin_m"):
            _number(w, self, key, minimum=0.0)
        _number(w, self, "lane_offset_m")
        _number(w, self, "gauss_markov_alpha", minimum=0.0)
        if self.gauss_markov_alpha > 1:
            raise _err(w, "gauss_markov_alpha", f"must be in [0, 1], got {self.gauss_markov_alpha}")
        _number(w, self, "gauss_markov_step_s", positive=True)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "mobility") -> MobilityConfig:
        return cls(**_from_mapping(cls, data, where))


def _pairs(value: Any, where: str, key: str, kind: type) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = tuple((str(k), v) for k, v in items)
    except (TypeError, ValueError):
        raise _err(where, key, f"expected a table of name = value, got {value!r}") from None
    for name, v in pairs:
        if not isinstance(v, kind) or (kind is not bool and isinstance(v, bool)):
            raise _err(where, key, f"{name}: expected {kind.__name__}, got {v!r}")
    if len({k for k, _ in pairs}) != len(pairs):
        raise _err(where, key, "a name appears twice")
    return tuple(sorted(pairs))


@dataclass(frozen=True, slots=True)
class ScenarioConfig:
    """Every knob of a scenario (see the module docstring; all have defaults).

    ``router_advertisements_by_ar`` and ``mobility_by_mn`` accept mappings and are stored as
    sorted tuples of pairs so that the configuration stays hashable.
    """

    seed: int = field(default=1, metadata=_meta("RngSeedManager seed (>= 1)"))
    run: int = field(default=1, metadata=_meta(
        "RngSeedManager run number (>= 0; SEM counts from 0)"))
    dad: bool = field(default=True, metadata=_meta(
        "duplicate address detection (RFC 4862) on every node, and by a home agent on its "
        "home link before the first acknowledgement (RFC 6275 10.3.1); ns-3 sends one "
        "solicitation and waits DadTimeout (1 s)"))
    solicitation_jitter_ms: float = field(default=10.0, metadata=_meta(
        "neighbour and router solicitations wait U(0, this) first (ns-3 Icmpv6L4Protocol "
        "SolicitationJitter), ms"))
    nd_queue: int = field(default=3, metadata=_meta(
        "packets a neighbour cache entry holds while it resolves the address; beyond, the "
        "oldest are dropped (ns-3 NdiscCache UnresolvedQueueSize, its default 3)"))
    signalling_loss: float = field(default=0.0, metadata=_meta(
        "share of Mobility Header messages each node loses on receipt (an ns-3 "
        "RateErrorModel per node in MobilityL4Protocol; data packets untouched), 0 to 0.9"))
    signalling_loss_types: tuple[str, ...] = field(default=(), metadata=_meta(
        "the MH Types signalling_loss applies to, by name: BRR, HoTI, CoTI, HoT, CoT, BU, "
        "BA, BE, LM (the location management messages); empty: every type"))
    fail_node: str = field(default="", metadata=_meta(
        "a node that fails at fail_at_s (every interface down: a crash) and recovers at "
        "recover_at_s, its location management restarting with no bindings, its mobility "
        "routing with an empty location cache and its proxies with no attachments (a MAG "
        "meets the stations associated again); one hosting location management, mobility "
        "routing or a proxy, or a gateway; empty: none"))
    fail_at_s: float = field(default=0.0, metadata=_meta(
        "when fail_node fails, s (> 0 with fail_node)"))
    recover_at_s: float = field(default=0.0, metadata=_meta(
        "when fail_node recovers, s (0: it stays down)"))
    core: str = field(default="star", metadata=_meta(
        "how the networks' gateways are joined: one core router (star), a ring in network "
        "order, a full mesh, or the links of core_edges (set in the simulation file); static "
        "routes follow the shortest delay",
        CORE_TOPOLOGIES))
    core_edges: tuple[tuple[str, str, float], ...] = field(default=(), metadata=_meta(
        "core = edges: links between gateways, [a, b] or [a, b, delay_ms] (default "
        "core_delay_ms)"))
    core_delay_ms: float = field(default=10.0, metadata=_meta(
        "delay of the core links (gateway to core router, or between gateways), ms"))
    core_routing: str = field(default="static", metadata=_meta(
        "routes in the core: static (by shortest delay, fixed), or ripng: RIPng (RFC 2080, "
        "ns-3's RipNg; hop count) on the core router, the gateways, the anycast groups' "
        "members, which originate the groups' home prefix pools, and the access routers, "
        "which originate their subnets, so that routes move off a failed node (a transit "
        "gateway; a failed anycast member's pools to the nearest other member)",
        CORE_ROUTING))
    ripng_update_s: float = field(default=30.0, metadata=_meta(
        "core_routing = ripng: the interval of unsolicited updates (RFC 2080 2.3: 30 s), s"))
    ripng_timeout_s: float = field(default=180.0, metadata=_meta(
        "core_routing = ripng: a route not refreshed for this long is invalid (RFC 2080: "
        "180 s), s"))
    ripng_garbage_s: float = field(default=120.0, metadata=_meta(
        "core_routing = ripng: an invalid route is deleted after this (RFC 2080: 120 s), s"))
    core_rate: str = field(default="1Gbps", metadata=_meta("data rate of the core links"))
    network_delay_ms: float = field(default=2.0, metadata=_meta(
        "delay of the links inside a network (gateway to anchor, LM server, access router), "
        "ms"))
    network_rate: str = field(default="1Gbps", metadata=_meta(
        "data rate of the links inside a network"))
    cn_delay_ms: float = field(default=2.0, metadata=_meta("delay of a correspondent's link, ms"))
    cn_rate: str = field(default="1Gbps", metadata=_meta("data rate of a correspondent's link"))
    cn_attachment: str = field(default="placement", metadata=_meta(
        "where correspondents attach: the placement's node, or their network's gateway",
        ("placement", "gateway")))
    router_advertisements: bool | str = field(default="auto", metadata=_meta(
        "access routers send Router Advertisements (auto: all but those with a MAG in "
        "network-based placements)",
        ("true", "false", "auto")))
    router_advertisements_by_ar: tuple[tuple[str, bool], ...] = field(default=(), metadata=_meta(
        "per access router override of router_advertisements"))
    ra_min_interval_ms: int = field(default=30, metadata=_meta("Radvd MinRtrAdvInterval, ms"))
    ra_max_interval_ms: int = field(default=70, metadata=_meta("Radvd MaxRtrAdvInterval, ms"))
    ra_preferred_lifetime_s: int = field(default=604800, metadata=_meta(
        "preferred lifetime of the advertised prefix, s"))
    ra_valid_lifetime_s: int = field(default=2592000, metadata=_meta(
        "valid lifetime of the advertised prefix, s"))
    pcap: bool = field(default=False, metadata=_meta("one pcap per device (WiFi as radiotap)"))
    pcap_dir: str = field(default="pcap", metadata=_meta("directory of the pcap files"))
    flow_monitor: bool = field(default=True, metadata=_meta("FlowMonitor on every node"))
    metrics: str = field(default="per-packet", metadata=_meta(
        "what the receivers keep: every packet (per-packet), or counts, sums and histograms "
        "whose size does not grow with the packets (bounded)", METRICS_MODES))
    access: str = field(default="wifi", metadata=_meta(
        "the access network: WiFi, or abstract (attachment to the nearest access router by "
        "position, no radio: the abstract table)", ACCESS_MODELS))
    wifi: WifiConfig = field(default_factory=WifiConfig)
    abstract: AbstractAccessConfig = field(default_factory=AbstractAccessConfig)
    mobility: MobilityConfig = field(default_factory=MobilityConfig)
    mobility_by_mn: tuple[tuple[str, MobilityConfig], ...] = field(default=(), metadata=_meta(
        "per mobile node mobility table"))

    def __post_init__(self) -> None:
        w = "scenario"
        _number(w, self, "seed", minimum=1, integer=True)
        _number(w, self, "run", minimum=0, integer=True)
        _bool(w, self, "dad")
        _number(w, self, "solicitation_jitter_ms", minimum=0.0)
        _number(w, self, "nd_queue", minimum=1, integer=True)
        _number(w, self, "signalling_loss", minimum=0.0)
        if self.signalling_loss > 0.9:
            raise _err(w, "signalling_loss", f"at most 0.9 (a share), got {self.signalling_loss}")
        if not isinstance(self.signalling_loss_types, list | tuple) or not all(
                isinstance(t, str) for t in self.signalling_loss_types):
            raise _err(w, "signalling_loss_types", "expected a list of MH Type names, got "
                       f"{self.signalling_loss_types!r}")
        object.__setattr__(self, "signalling_loss_types", tuple(self.signalling_loss_types))
        unknown = [t for t in self.signalling_loss_types if t not in SIGNALLING_TYPES]
        if unknown:
            raise _err(w, "signalling_loss_types", f"unknown MH Type {unknown[0]!r}; one of "
                       f"{', '.join(SIGNALLING_TYPES)}")
        if not isinstance(self.fail_node, str):
            raise _err(w, "fail_node", f"expected a node name, got {self.fail_node!r}")
        _number(w, self, "fail_at_s", minimum=0.0)
        _number(w, self, "recover_at_s", minimum=0.0)
        if self.fail_node and self.fail_at_s <= 0:
            raise _err(w, "fail_at_s", f"must be > 0 with fail_node, got {self.fail_at_s}")
        if not self.fail_node and (self.fail_at_s or self.recover_at_s):
            raise _err(w, "fail_at_s" if self.fail_at_s else "recover_at_s",
                       "only with fail_node")
        if self.recover_at_s and self.recover_at_s <= self.fail_at_s:
            raise _err(w, "recover_at_s", f"must be after fail_at_s ({self.fail_at_s}), got "
                       f"{self.recover_at_s}")
        for key in ("core_delay_ms", "network_delay_ms", "cn_delay_ms"):
            _number(w, self, key, minimum=0.0)
        for key in ("core_rate", "network_rate", "cn_rate"):
            _rate(w, self, key)
        _choice(w, self, "core", CORE_TOPOLOGIES)
        _choice(w, self, "core_routing", CORE_ROUTING)
        for key in ("ripng_update_s", "ripng_timeout_s", "ripng_garbage_s"):
            _number(w, self, key, positive=True)
        if self.ripng_timeout_s <= self.ripng_update_s:
            raise _err(w, "ripng_timeout_s", f"must be longer than ripng_update_s "
                       f"({self.ripng_update_s}), got {self.ripng_timeout_s}")
        object.__setattr__(self, "core_edges", _core_edges(w, self.core_edges,
                                                           self.core_delay_ms))
        if self.core == "edges" and not self.core_edges:
            raise _err(w, "core_edges", "core = 'edges' needs at least one edge")
        if self.core != "edges" and self.core_edges:
            raise _err(w, "core_edges", f"only with core = 'edges' (core is {self.core!r})")
        _choice(w, self, "cn_attachment", CN_ATTACHMENTS)
        if self.router_advertisements != "auto" and not isinstance(
            self.router_advertisements, bool
        ):
            raise _err(w, "router_advertisements",
                       f"expected true, false or 'auto', got {self.router_advertisements!r}")
        object.__setattr__(self, "router_advertisements_by_ar", _pairs(
            self.router_advertisements_by_ar, w, "router_advertisements_by_ar", bool))
        _number(w, self, "ra_min_interval_ms", positive=True, integer=True)
        _number(w, self, "ra_max_interval_ms", positive=True, integer=True)
        if self.ra_min_interval_ms > self.ra_max_interval_ms:
            raise _err(w, "ra_min_interval_ms", f"{self.ra_min_interval_ms} exceeds "
                       f"ra_max_interval_ms {self.ra_max_interval_ms}")
        _number(w, self, "ra_preferred_lifetime_s", minimum=0, integer=True)
        _number(w, self, "ra_valid_lifetime_s", minimum=0, integer=True)
        if self.ra_preferred_lifetime_s > self.ra_valid_lifetime_s:
            raise _err(w, "ra_preferred_lifetime_s", "exceeds ra_valid_lifetime_s")
        _bool(w, self, "pcap")
        if not isinstance(self.pcap_dir, str | Path) or not str(self.pcap_dir):
            raise _err(w, "pcap_dir", f"expected a directory, got {self.pcap_dir!r}")
        _bool(w, self, "flow_monitor")
        _choice(w, self, "metrics", METRICS_MODES)
        _choice(w, self, "access", ACCESS_MODELS)
        if not isinstance(self.wifi, WifiConfig):
            raise _err(w, "wifi", f"expected a WifiConfig, got {type(self.wifi).__name__}")
        if not isinstance(self.abstract, AbstractAccessConfig):
            raise _err(w, "abstract", f"expected an AbstractAccessConfig, got "
                       f"{type(self.abstract).__name__}")
        if not isinstance(self.mobility, MobilityConfig):
            raise _err(w, "mobility", f"expected a MobilityConfig, got "
                       f"{type(self.mobility).__name__}")
        object.__setattr__(self, "mobility_by_mn", _pairs(
            self.mobility_by_mn, w, "mobility_by_mn", MobilityConfig))

    def to_mapping(self) -> dict[str, Any]:
        """Every key of the configuration as the ``[scenario]`` table of a simulation file
        (``from_mapping(to_mapping())`` gives an equal configuration)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("wifi", "abstract"):
                value = _plain_table(value)
            elif f.name == "mobility":
                value = _plain_table(value)
            elif f.name == "mobility_by_mn":
                value = {mn: _plain_table(m) for mn, m in value}
            elif f.name == "router_advertisements_by_ar":
                value = dict(value)
            elif f.name == "core_edges":
                value = [list(edge) for edge in value]
            elif f.name == "signalling_loss_types":
                value = list(value)
            elif f.name == "pcap_dir":
                value = str(value)
            out[f.name] = value
        return out

    def mobility_of(self, mn: str) -> MobilityConfig:
        """The mobility configuration of mobile node ``mn`` (its override, else the default)."""
        return dict(self.mobility_by_mn).get(mn, self.mobility)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "scenario") -> ScenarioConfig:
        """Build from a TOML-like table (the ``[scenario]`` table's content)."""
        kw = _from_mapping(cls, data, where)
        if "wifi" in kw:
            kw["wifi"] = WifiConfig.from_mapping(kw["wifi"], f"{where}.wifi")
        if "abstract" in kw:
            kw["abstract"] = AbstractAccessConfig.from_mapping(kw["abstract"],
                                                               f"{where}.abstract")
        if "mobility" in kw:
            kw["mobility"] = MobilityConfig.from_mapping(kw["mobility"], f"{where}.mobility")
        if "mobility_by_mn" in kw:
            table = kw["mobility_by_mn"]
            if not isinstance(table, Mapping):
                raise _err(where, "mobility_by_mn", f"expected a table, got {table!r}")
            kw["mobility_by_mn"] = {
                mn: MobilityConfig.from_mapping(t, f"{where}.mobility_by_mn.{mn}")
                for mn, t in table.items()
            }
        return cls(**kw)

    @classmethod
    def from_toml(cls, text: str, table: str = "scenario") -> ScenarioConfig:
        """Parse TOML text and build from its ``[scenario]`` table (absent: all defaults)."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioConfigError(f"invalid TOML: {exc}") from None
        return cls.from_mapping(data.get(table, {}), table)


def _core_edges(where: str, edges: Any, default_ms: float) -> tuple[tuple[str, str, float], ...]:
    """Validated core edges as ``(a, b, delay_ms)`` tuples (gateway names are checked against
    the placement when the scenario is built)."""
    if isinstance(edges, str | bytes) or not isinstance(edges, list | tuple):
        raise _err(where, "core_edges", f"expected a list of [a, b] or [a, b, delay_ms], got "
                   f"{edges!r}")
    out = []
    seen = set()
    for edge in edges:
        if (isinstance(edge, str | bytes) or not isinstance(edge, list | tuple)
                or len(edge) not in (2, 3)
                or not all(isinstance(n, str) and n for n in edge[:2])):
            raise _err(where, "core_edges", f"expected [a, b] or [a, b, delay_ms], got {edge!r}")
        a, b = edge[0], edge[1]
        delay = edge[2] if len(edge) == 3 else default_ms
        if (isinstance(delay, bool) or not isinstance(delay, int | float)
                or not math.isfinite(delay) or delay < 0):
            raise _err(where, "core_edges", f"{a}-{b}: delay must be a number >= 0 ms, got "
                       f"{delay!r}")
        if a == b:
            raise _err(where, "core_edges", f"{a}-{b}: a link needs two different gateways")
        key = frozenset((a, b))
        if key in seen:
            raise _err(where, "core_edges", f"{a}-{b} appears twice")
        seen.add(key)
        out.append((a, b, float(delay)))
    return tuple(out)


def _plain_table(obj: Any) -> dict[str, Any]:
    """A configuration dataclass as a plain table (tuples as lists)."""
    return {f.name: (list(v) if isinstance(v := getattr(obj, f.name), tuple) else v)
            for f in fields(obj)}


def load_config(path: str | Path, table: str = "scenario") -> ScenarioConfig:
    """Read a :class:`ScenarioConfig` from the ``[scenario]`` table of a TOML file."""
    return ScenarioConfig.from_toml(Path(path).read_text(), table)
