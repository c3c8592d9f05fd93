"""Analytic handover latency: the sum of its components, from the configured links.

The L3 handover latency of a mobile node (from the loss of the old link, when the station
de-associates, to the first data packet delivered at the new access router) is modelled as

    L2 outage                       de-association to association (measured)
  + detection                       association to the (Proxy) Binding Update (measured: RA
                                    arrival for a MIPv6 agent, AP association for a PMIPv6 MAG)
  + registration                    the Binding Update to the location management function:
                                    the WiFi frame from a mobile node (host mode), then the
                                    wired links from the access router
  + wait                            the first data packet reaches the anchor up to one packet
                                    interval after the binding changed (half of it on average)
  + return                          the links from the anchor to the access router (the first
                                    data packet intercepted after the binding changed)
  + neighbour discovery             the access router resolves the mobile node's new address
                                    (multicast NS, NA)
  + delivery                        the data frame to the mobile node

:func:`model_handover` documents how the mode and the correspondent's attachment change this.

Link times are the configured propagation delays plus serialization at the configured rates
(PPP adds 2 octets); WiFi frame times use 802.11a OFDM timing (DIFS, the mean initial backoff,
PLCP preamble, data symbols, SIFS, ACK). Neighbour solicitation jitter (ns-3's
SolicitationJitter) adds up to its maximum; the model is meant for runs with it at 0.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from ns3dmm.framework.model import Mode
from ns3dmm.metrics import Handover
from ns3dmm.topology import first_hops

# 802.11a OFDM timing (IEEE 802.11-2016 section 17.4.5).
_SLOT_S = 9e-6
_SIFS_S = 16e-6
_DIFS_S = _SIFS_S + 2 * _SLOT_S
_CW_MIN = 15
_PREAMBLE_S = 20e-6  # PLCP preamble (16 us) and SIGNAL (4 us)
_SYMBOL_S = 4e-6
_MAC_OVERHEAD = 24 + 8 + 4  # MAC header, LLC/SNAP, FCS
_ACK_OCTETS = 14
_PPP_OVERHEAD = 2
_IPV6_HEADER = 40
_UDP_HEADER = 8

#: Octets of the signalling messages in the model (IPv6 packets; serialization only).
SIGNALLING_OCTETS = 150
#: Octets of a Neighbor Solicitation / Advertisement with a link-layer address option.
ND_OCTETS = _IPV6_HEADER + 24 + 8


def ofdm_frame_s(octets: int, rate_mbps: float, *, acknowledged: bool = True,
                 ack_rate_mbps: float = 24.0) -> float:
    """Air time of one 802.11a frame carrying ``octets`` of IPv6 packet: channel access (DIFS and
    the mean initial backoff), preamble, data symbols and, when acknowledged, SIFS and ACK."""
    if rate_mbps <= 0 or ack_rate_mbps <= 0 or octets < 0:
        raise ValueError("rates must be positive and octets non-negative")

    def symbols(n: int, mbps: float) -> int:
        return math.ceil((16 + 8 * n + 6) / (mbps * _SYMBOL_S * 1e6))

    access = _DIFS_S + _CW_MIN / 2 * _SLOT_S
    data = _PREAMBLE_S + symbols(octets + _MAC_OVERHEAD, rate_mbps) * _SYMBOL_S
    ack = _SIFS_S + _PREAMBLE_S + symbols(_ACK_OCTETS, ack_rate_mbps) * _SYMBOL_S
    return access + data + (ack if acknowledged else 0.0)


def expected_max_uniform(interval_s: float, floor_s: float) -> float:
    """E[max(U(0, interval), floor)]: the wait for the next packet of a constant bit rate
    stream, or ``floor`` when that is longer."""
    if interval_s <= 0:
        return max(floor_s, 0.0)
    c = max(floor_s, 0.0)
    if c >= interval_s:
        return c
    return (c * c + (interval_s * interval_s - c * c) / 2) / interval_s


def path_time_s(sc: Any, a: str, b: str, octets: int) -> float:
    """One-way time over the wired links of a shortest path from ``a`` to ``b``: propagation
    delay plus serialization at each link's configured rate."""
    ns = sc.ns
    cfg = sc.config
    delays = {"core": (cfg.core_delay_ms, cfg.core_rate),
              "network": (cfg.network_delay_ms, cfg.network_rate),
              "cn": (cfg.cn_delay_ms, cfg.cn_rate)}
    adjacency = sc.adjacency()
    distance, _ = first_hops(adjacency, b)
    if a not in distance:
        raise KeyError(f"{b!r} is not reachable from {a!r}")
    total, here = 0.0, a
    while here != b:
        nxt = min((n for n in adjacency[here] if distance.get(n, math.inf) < distance[here]),
                  key=lambda n: (distance[n], n))
        delay_ms, rate = delays[sc.link(here, nxt).kind]
        bps = float(ns.DataRate(rate).GetBitRate())
        total += delay_ms / 1000 + (octets + _PPP_OVERHEAD) * 8 / bps
        here = nxt
    return total


@dataclass(frozen=True, slots=True)
class LatencyModel:
    """The components of one handover's latency (seconds)."""

    access_router: str
    l2_outage_s: float
    detection_s: float
    registration_s: float
    wait_s: float
    return_s: float
    discovery_s: float
    delivery_s: float

    @property
    def total_s(self) -> float:
        return (self.l2_outage_s + self.detection_s + self.registration_s + self.wait_s
                + self.return_s + self.discovery_s + self.delivery_s)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["total_s"] = self.total_s
        return out


def model_handover(dep: Any, mn: str, correspondent: str, handover: Handover, *,
                   packet_interval_s: float, payload_octets: int,
                   stream_start_s: float | None = None,
                   unicast_rate_mbps: float = 54.0,
                   multicast_rate_mbps: float = 6.0) -> LatencyModel:
    """The modelled latency of one handover of ``mn`` to ``handover.access_router`` while
    ``correspondent`` streams UDP packets of ``payload_octets`` every ``packet_interval_s``
    (from ``stream_start_s``: the wait for the first packet after the binding changed is then
    exact, from the stream's schedule; without it, half an interval on average).

    The measured inputs are the handover's L2 outage and the time from association to the
    Binding Update the agent (host mode) or the proxy on the access router (network mode)
    sent; everything else comes from the configured links:

    * host mode: the Binding Acknowledgement reaches the access router first and starts its
      neighbour discovery for the new care-of address, so the first data packet waits for the
      longer of the two (``wait_s`` + ``discovery_s`` = E[max(U(0, interval), ND)]);
    * network mode: the first data packet starts the new MAG's neighbour discovery for the
      mobile node's address. When the correspondent is attached to the previous MAG, that MAG
      delivers its packets on its own link (local routing) until the Location Notify of the
      location management function removes the mobile node's state there; the first packet
      after it goes up to the anchor and down to the new MAG.
    """
    sc = dep.scenario
    ar = handover.access_router
    host = sc.placement.mode is Mode.HOST_BASED
    sender = mn if host else ar
    updates = [t for t in dep.binding_update_times(sender) if t >= handover.associated_s - 1e-3]
    if not updates:
        raise ValueError(f"{sender} sent no Binding Update after the association at "
                         f"{handover.associated_s} s")
    anchor = dep.registers_with[sender]
    data_octets = payload_octets + _UDP_HEADER + _IPV6_HEADER
    tunnelled = data_octets + _IPV6_HEADER
    registration = path_time_s(sc, ar, anchor, SIGNALLING_OCTETS)
    if host:
        registration += ofdm_frame_s(SIGNALLING_OCTETS, unicast_rate_mbps)
    nd = (ofdm_frame_s(ND_OCTETS, multicast_rate_mbps, acknowledged=False)
          + ofdm_frame_s(ND_OCTETS, unicast_rate_mbps))
    detection = max(updates[0] - handover.associated_s, 0.0)
    changed = updates[0] + registration  # the binding changes at the anchor
    # Where the stream's packets turn towards the new access router, and from when.
    turn, since, return_s = anchor, changed, path_time_s(sc, anchor, ar, tunnelled)
    if not host:
        previous = [a for t, a, up in sc.associations(mn) if up and t < handover.associated_s]
        cn_router = next(link.a if link.b == correspondent else link.b for link in sc.links
                         if correspondent in (link.a, link.b))
        if previous and previous[-1] in dep.proxies and previous[-1] == cn_router:
            turn = previous[-1]
            notify = path_time_s(sc, anchor, turn, SIGNALLING_OCTETS)
            since = changed + notify
            return_s += notify + path_time_s(sc, turn, anchor, data_octets)
    if stream_start_s is None:
        wait = packet_interval_s / 2
        mean_nd = expected_max_uniform(packet_interval_s, nd) - wait
    else:
        offset = stream_start_s + path_time_s(sc, correspondent, turn, data_octets)
        k = max(math.ceil((since - offset) / packet_interval_s - 1e-9), 0)
        wait = offset + k * packet_interval_s - since
        mean_nd = max(nd - wait, 0.0)
    # Host mode: the Binding Acknowledgement starts the access router's neighbour discovery
    # and the data packets queue behind it; network mode: the first data packet starts it.
    discovery = mean_nd if host else nd
    return LatencyModel(
        access_router=ar,
        l2_outage_s=handover.l2_outage_s,
        detection_s=detection,
        registration_s=registration,
        wait_s=wait,
        return_s=return_s,
        discovery_s=discovery,
        delivery_s=ofdm_frame_s(data_octets, unicast_rate_mbps),
    )
