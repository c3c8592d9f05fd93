"""The 802.11 (OFDM, 5 GHz) physical and MAC timing of the scenario's WiFi, from configuration:
frame air times, the log-distance link budget, ns-3's preamble detection threshold and the
Yans error-rate model (the fallback of ns-3's TableBasedErrorRateModel for non-HT modes), the
rate IdealWifiManager picks, and where along a path a frame stops being received.

Pure Python, no ns-3: the analytic handover model (:mod:`ns3dmm.analysis`) is built on it.
``tests/test_wifi_model.py`` holds the error rates to ns-3's own ``YansErrorRateModel``.

Constants are the ns-3 3.44 defaults of the objects the scenario installs (named where they
come from); the scenario does not change them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

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
    """An 802.11a OFDM rate: its name, data rate, modulation and code rate."""

    name: str
    rate_mbps: float
    constellation: int  #: 2 (BPSK), 4 (QPSK), 16, 64
    code_rate: tuple[int, int]

    @property
    def bits_per_symbol(self) -> float:
        """Data bits per OFDM symbol (48 data subcarriers)."""
        return self.rate_mbps * SYMBOL_S * 1e6

    @property
    def phy_rate_bps(self) -> float:
        """Coded bit rate (ns-3's ``GetPhyRate``): the data rate over the code rate."""
        num, den = self.code_rate
        return self.rate_mbps * 1e6 * den / num


#: The 802.11a (and 5 GHz non-HT) rates, slowest first.
OFDM_MODES = (
    OfdmMode("OfdmRate6Mbps", 6, 2, (1, 2)),
    OfdmMode("OfdmRate9Mbps", 9, 2, (3, 4)),
    OfdmMode("OfdmRate12Mbps", 12, 4, (1, 2)),
    OfdmMode("OfdmRate18Mbps", 18, 4, (3, 4)),
    OfdmMode("OfdmRate24Mbps", 24, 16, (1, 2)),
    OfdmMode("OfdmRate36Mbps", 36, 16, (3, 4)),
    OfdmMode("OfdmRate48Mbps", 48, 64, (2, 3)),
    OfdmMode("OfdmRate54Mbps", 54, 64, (3, 4)),
)
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


def _binomial(k: int, p: float, n: int) -> float:
    return math.comb(n, k) * p ** k * (1 - p) ** (n - k)


def _pd(ber: float, d: int) -> float:
    """Probability of choosing a wrong path at Hamming distance ``d`` (hard decisions), as
    ns-3's YansErrorRateModel sums it: the term of all ``d`` bits wrong is left out."""
    if d % 2:
        return sum(_binomial(i, ber, d) for i in range((d + 1) // 2, d))
    return (sum(_binomial(i, ber, d) for i in range(d // 2 + 1, d))
            + 0.5 * _binomial(d // 2, ber, d))


#: Convolutional code distance spectrum per code rate: dfree, a(dfree), a(dfree + 1).
_CODES = {(1, 2): (10, 11, 0), (2, 3): (6, 1, 16), (3, 4): (5, 8, 31)}


def _raw_ber(snr: float, m: OfdmMode, width_hz: float) -> float:
    eb_no = snr * width_hz / m.phy_rate_bps
    if m.constellation == 2:
        return 0.5 * math.erfc(math.sqrt(eb_no))
    k = math.log2(m.constellation)
    z = math.sqrt(1.5 * k * eb_no / (m.constellation - 1.0))
    z1 = (1.0 - 1.0 / math.sqrt(m.constellation)) * math.erfc(z)
    return (1 - (1 - z1) ** 2) / k


def chunk_success_rate(m: OfdmMode, snr: float, nbits: int, width_mhz: float = 20.0) -> float:
    """ns-3's YansErrorRateModel for an OFDM mode: the probability that ``nbits`` bits at
    ``snr`` (linear) are received without error."""
    ber = _raw_ber(snr, m, width_mhz * 1e6)
    if ber == 0.0:
        return 1.0
    dfree, adfree, adfree1 = _CODES[m.code_rate]
    pmu = adfree * _pd(ber, dfree)
    if m.constellation > 2:  # QAM (QPSK included) adds the next distance's term
        pmu += adfree1 * _pd(ber, dfree + 1)
    return (1 - min(pmu, 1.0)) ** nbits


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
    """The SNR (dB) at which one bit fails with probability ``ber``: IdealWifiManager uses a
    mode only when the SNR it last measured is at least this."""
    lo, hi = -10.0, 60.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 1 - chunk_success_rate(m, 10 ** (mid / 10), 1, width_mhz) > ber:
            lo = mid
        else:
            hi = mid
    return hi


def ideal_mode(snr_db_value: float, width_mhz: float = 20.0) -> OfdmMode:
    """The fastest mode IdealWifiManager picks at an SNR (the basic rate below every
    threshold)."""
    best = BASIC
    for m in OFDM_MODES:
        if snr_db_value >= ideal_threshold_db(m, IDEAL_BER_THRESHOLD, width_mhz):
            best = m
    return best
