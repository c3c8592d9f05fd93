"""The 802.11 (OFDM, 5 GHz) physical and MAC timing of the scenario's WiFi, from configuration:
frame air times, the log-distance link budget, ns-3's preamble detection threshold, the rate
IdealWifiManager picks and the frame error rates of the simulated PHY, for where along a path
frames stop being received. The analytic handover model (:mod:`ns3dmm.analysis`) is built on
it.

Air times and the link budget are pure Python. Error rates come from ns-3's own
TableBasedErrorRateModel (the model the scenario's PHYs use; its tables are compiled into the
ns-3 library), so they load ns-3 on first use: the error-rate model is a fixed function of the
configured rate and SNR, not a measurement.

Constants are the ns-3 3.44 defaults of the objects the scenario installs (named where they
come from); the scenario does not change them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: IEEE 802.11-2016 17.4.5 (OFDM, 20 MHz): slot, SIFS, DIFS (SIFS + 2 slots), CWmin.
SLOT_S = 9e-6
SIFS_S = 16e-6
DIFS_S = SIFS_S + 2 * SLOT_S
CW_MIN = 15
#: PLCP preamble (16 us) and SIGNAL (4 us); one OFDM symbol (4 us).
PREAMBLE_S = 20e-6
SYMBOL_S = 4e-6
#: MAC header (24), LLC/SNAP (8) and FCS (4) around an IPv6 packet in a data frame.
DATA_OVERHEAD = 24 + 8 + 4
#: Octets of an ACK frame.
ACK_OCTETS = 14

#: ns3::ThresholdPreambleDetectionModel defaults (installed by WifiPhyHelper): a frame is
#: detected when its RSSI and SNR are at least these.
PREAMBLE_MIN_RSSI_DBM = -82.0
PREAMBLE_MIN_SNR_DB = 4.0
#: ns3::WifiPhy RxNoiseFigure default (dB); thermal noise density at 290 K (dBm/Hz) with the
#: Boltzmann constant ns-3's InterferenceHelper uses.
NOISE_FIGURE_DB = 7.0
THERMAL_NOISE_DBM_HZ = 10 * math.log10(1.3803e-23 * 290 * 1e3)
#: ns3::IdealWifiManager BerThreshold default.
IDEAL_BER_THRESHOLD = 1e-6
#: ns3::WifiMac FrameRetryLimit default: transmissions of a unicast frame at most.
FRAME_RETRY_LIMIT = 7
#: ns3::StaWifiMac ProbeDelay default: U(50, 250) microseconds before a probe request.
PROBE_DELAY_MEAN_S = 150e-6
#: ns3::StaWifiMac ProbeRequestTimeout and WaitBeaconTimeout defaults.
PROBE_REQUEST_TIMEOUT_S = 0.05
WAIT_BEACON_TIMEOUT_S = 0.12

#: Octets of the management frames of a (re)association in ns-3 (MAC header, body, FCS):
#: association request and response, and a beacon, on one SSID of ``len(ssid)`` octets.
ASSOC_REQUEST_BASE = 24 + 4 + 4 + 2 + 10 + 4
ASSOC_RESPONSE_BASE = 24 + 6 + 10 + 4 + 26
BEACON_BASE = 24 + 12 + 2 + 10 + 4 + 26


@dataclass(frozen=True, slots=True)
class OfdmMode:
    """An 802.11a OFDM rate: its ns-3 WifiMode name and data rate."""

    name: str
    rate_mbps: float

    @property
    def bits_per_symbol(self) -> float:
        """Data bits per OFDM symbol (48 data subcarriers)."""
        return self.rate_mbps * SYMBOL_S * 1e6


#: The 802.11a (and 5 GHz non-HT) rates, slowest first.
OFDM_MODES = tuple(OfdmMode(f"OfdmRate{r}Mbps", r) for r in (6, 9, 12, 18, 24, 36, 48, 54))
_BY_NAME = {m.name: m for m in OFDM_MODES}
#: Basic rate of management, control and multicast frames at 5 GHz.
BASIC = OFDM_MODES[0]


def mode(name: str) -> OfdmMode:
    """The OFDM mode of a WifiMode name (``"OfdmRate24Mbps"``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"{name!r} is not an 802.11a OFDM rate; known: "
                         f"{', '.join(_BY_NAME)}") from None


# ---------------------------------------------------------------------- air times


def frame_s(octets: int, m: OfdmMode = BASIC) -> float:
    """Air time of a PPDU carrying ``octets`` of MPDU: preamble, SIGNAL and data symbols
    (16 service bits, 6 tail bits)."""
    if octets < 0:
        raise ValueError("octets must be non-negative")
    return PREAMBLE_S + math.ceil((16 + 8 * octets + 6) / m.bits_per_symbol) * SYMBOL_S


def access_s() -> float:
    """Mean channel access on an idle medium: DIFS and the mean initial backoff."""
    return DIFS_S + CW_MIN / 2 * SLOT_S


def unicast_s(ip_octets: int, m: OfdmMode, ack: OfdmMode = BASIC) -> float:
    """An IPv6 packet sent in a data frame and acknowledged: access, frame, SIFS, ACK."""
    return access_s() + frame_s(ip_octets + DATA_OVERHEAD, m) + SIFS_S + frame_s(ACK_OCTETS,
                                                                                 ack)


def multicast_s(ip_octets: int) -> float:
    """An IPv6 packet sent to a group at the basic rate: access and frame, no ACK."""
    return access_s() + frame_s(ip_octets + DATA_OVERHEAD, BASIC)


def association_s(ssid: str) -> float:
    """Association request and response after the scan: two channel accesses, the request
    and its ACK, the response (the station's Assoc trace fires as it arrives)."""
    return (access_s() + frame_s(ASSOC_REQUEST_BASE + len(ssid)) + SIFS_S
            + frame_s(ACK_OCTETS) + access_s() + frame_s(ASSOC_RESPONSE_BASE))


def beacon_s(ssid: str) -> float:
    """A beacon's channel access and air time."""
    return access_s() + frame_s(BEACON_BASE + len(ssid))


def scan_s(active: bool) -> float:
    """The scan after a de-association: ns-3's default association manager ends an active scan
    ProbeDelay + ProbeRequestTimeout after it starts, a passive one WaitBeaconTimeout after."""
    return PROBE_DELAY_MEAN_S + PROBE_REQUEST_TIMEOUT_S if active else WAIT_BEACON_TIMEOUT_S


# ---------------------------------------------------------------------- link budget


def noise_dbm(width_mhz: float = 20.0) -> float:
    """Thermal noise in the channel plus the receiver's noise figure."""
    return THERMAL_NOISE_DBM_HZ + 10 * math.log10(width_mhz * 1e6) + NOISE_FIGURE_DB


def rx_power_dbm(distance_m: float, tx_dbm: float, exponent: float, reference_loss_db: float,
                 reference_m: float = 1.0) -> float:
    """LogDistancePropagationLossModel: received power at ``distance_m``."""
    d = max(distance_m, reference_m)
    return tx_dbm - reference_loss_db - 10 * exponent * math.log10(d / reference_m)


def snr_db(distance_m: float, tx_dbm: float, exponent: float, reference_loss_db: float,
           width_mhz: float = 20.0) -> float:
    """Signal to noise ratio at ``distance_m`` (no interference)."""
    return rx_power_dbm(distance_m, tx_dbm, exponent, reference_loss_db) - noise_dbm(width_mhz)


def detection_range_m(tx_dbm: float, exponent: float, reference_loss_db: float,
                      width_mhz: float = 20.0) -> float:
    """Largest distance at which a frame's preamble is detected (RSSI >= MinimumRssi and SNR
    >= Threshold of the ThresholdPreambleDetectionModel)."""
    floor = max(PREAMBLE_MIN_RSSI_DBM, noise_dbm(width_mhz) + PREAMBLE_MIN_SNR_DB)
    return 10 ** ((tx_dbm - reference_loss_db - floor) / (10 * exponent))


# ---------------------------------------------------------------------- error rates


@lru_cache(maxsize=1)
def _error_model() -> Any:
    """ns-3's TableBasedErrorRateModel (the model WifiPhyHelper installs; it falls back to the
    YansErrorRateModel where it has no table): the error rates the simulated PHY uses, so the
    model takes them from it rather than from a copy. Loads ns-3 on first use."""
    from ns3dmm._loader import load  # noqa: PLC0415

    ns = load()
    return ns.CreateObject[ns.TableBasedErrorRateModel]()


@lru_cache(maxsize=None)
def _wifi_mode(name: str) -> Any:
    from ns3dmm._loader import load  # noqa: PLC0415

    return load().WifiMode(name)


@lru_cache(maxsize=None)
def _tx_vector(m: OfdmMode, width_mhz: float) -> Any:
    from ns3dmm._loader import load  # noqa: PLC0415

    ns = load()
    # WifiMode by its unique name: one call for every mode (each OfdmPhy::Get<Mode> would be
    # compiled by cppyy on first use)
    return ns.WifiTxVector(_wifi_mode(m.name), 0, ns.WIFI_PREAMBLE_LONG,
                           ns.NanoSeconds(800), 1, 1, 0, int(width_mhz), False)


def chunk_success_rate(m: OfdmMode, snr: float, nbits: int, width_mhz: float = 20.0) -> float:
    """The probability that ``nbits`` bits at mode ``m`` and ``snr`` (linear) are received
    without error, from the simulated PHY's error-rate model."""
    return float(_error_model().GetChunkSuccessRate(_wifi_mode(m.name), _tx_vector(m, width_mhz),
                                                    snr, nbits))


def frame_success(m: OfdmMode, snr_db_value: float, octets: int, width_mhz: float = 20.0) -> float:
    """Probability that a frame of ``octets`` octets at mode ``m`` is received at the given SNR:
    its SIGNAL field (24 bits at 6 Mbps) and its data (service, MPDU, tail)."""
    snr = 10 ** (snr_db_value / 10)
    header = chunk_success_rate(BASIC, snr, 24, width_mhz)
    payload = chunk_success_rate(m, snr, 16 + 8 * octets + 6, width_mhz)
    return header * payload


@lru_cache(maxsize=None)
def ideal_threshold_db(m: OfdmMode, ber: float = IDEAL_BER_THRESHOLD,
                       width_mhz: float = 20.0) -> float:
    """The SNR (dB) above which IdealWifiManager uses mode ``m``: the SNR at which the PHY's
    error-rate model loses one bit with probability ``ber`` (ErrorRateModel::CalculateSnr)."""
    snr = float(_error_model().CalculateSnr(_tx_vector(m, width_mhz), ber))
    return 10 * math.log10(snr)


def ideal_mode(snr_db_value: float, width_mhz: float = 20.0) -> OfdmMode:
    """The fastest mode IdealWifiManager picks at an SNR (the basic rate below every
    threshold)."""
    best = BASIC
    for m in OFDM_MODES:
        if snr_db_value >= ideal_threshold_db(m, IDEAL_BER_THRESHOLD, width_mhz):
            best = m
    return best
