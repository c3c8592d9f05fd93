"""Handover metrics from what a run recorded in C++ (packet arrival times, association events).

Computed after the run from the recorded series: nothing here runs per packet.
"""

from __future__ import annotations

import ipaddress
import math
import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, field
from collections.abc import Callable
from typing import Any


#: Binding Acknowledgement status values below this accept the registration (RFC 6275 6.1.8).
_ACCEPTED_BELOW = 128


@dataclass(frozen=True, slots=True)
class Handover:
    """One handover of a mobile node: its timeline, as the station, the functions serving it
    and its traffic saw it. Times are simulated seconds; None where the event did not happen
    (or, for the function events, was not recorded).

    The timeline, in the order things happen::

        last_rx_before_s      last data packet delivered through the old access point
        link_lost_s           last beacon received from the old access point
        deassociated_s        link loss detected: MaxMissedBeacons beacon intervals without a
                              beacon, and the station de-associates at once (ns-3 StaWifiMac)
        associated_s          associated with the new access point (scan and association)
        movement_detected_s   host mode: the Router Advertisement of the new prefix; network
                              mode: the new access router's proxy learns of the association
        care_of_address_s     host mode: the new care-of address in use (after duplicate
                              address detection, unless optimistic)
        registration_sent_s   the first (Proxy) Binding Update for the new attachment
        registration_acknowledged_s   its accepted acknowledgement
        first_rx_after_s      first data packet delivered through the new access point

    Derived: ``latency_s`` (de-association to first packet: the L3 handover latency),
    ``interruption_s`` (last packet to first packet: the gap the application sees),
    ``l2_outage_s`` (de-association to association).
    """

    access_router: str  #: the access router it moved to
    deassociated_s: float  #: the station gave up the old access point (beacons missed)
    associated_s: float  #: the station associated with the new access point
    last_rx_before_s: float | None  #: last packet delivered before the handover
    first_rx_after_s: float | None  #: first packet delivered after the association
    l2_outage_s: float  #: associated - deassociated
    #: first_rx_after - deassociated: the L3 handover latency, from the loss of the old link
    latency_s: float | None
    interruption_s: float | None  #: first_rx_after - last_rx_before (the gap in delivery)
    after_association_s: float | None  #: first_rx_after - associated (detection + signalling)
    #: packets of a sequenced stream lost in the gap (sequence numbers never delivered between
    #: the last packet before and the first after); None without sequence numbers
    lost: int | None = None
    #: packets delivered twice from the last packet before to 1 s after the first after
    duplicated: int | None = None
    previous_access_router: str | None = None  #: the access router it left
    link_lost_s: float | None = None  #: last beacon from the old access point
    movement_detected_s: float | None = None
    care_of_address_s: float | None = None
    registration_sent_s: float | None = None
    registration_acknowledged_s: float | None = None
    #: the most times one (Proxy) Binding Update was sent for this attachment until the
    #: acknowledgement, the local and the home one under a MAP counted apart (1: none
    #: retransmitted); those sent at one instant are different registrations (a proxy's for
    #: the home network prefix and for each session address), each sent once then; the Test
    #: Inits and Binding Updates to correspondents (route optimisation) are counted the same
    #: way until their round and their registration end
    registrations_sent: int | None = None
    #: MIPv6 route optimisation (RFC 6275): the first return routability round after the
    #: association, from its first Test Init to the Test completing the tokens (T_rr; only
    #: the Care-of Test while the home keygen token is fresh), and the correspondent
    #: registration after it, from its first Binding Update to the accepting acknowledgement
    #: (T_cr); None without a correspondent binding
    return_routability_s: float | None = None
    correspondent_registration_s: float | None = None
    #: the most Neighbor Solicitations the new access router sent for one address of the
    #: mobile node until the first packet (1: none lost; each more: one RetransTimer)
    neighbour_solicitations: int | None = None

    @property
    def beacons_lost(self) -> bool | None:
        """Whether the old access point's beacons were lost on the air while its link still
        worked: data still arrived in the second half of the missed-beacon window (beacons
        that collide, e.g. those of two access points out of each other's range that happen
        to send in step), so the station gave the link up before it left the range; None
        when unknown."""
        if self.last_rx_before_s is None or self.link_lost_s is None:
            return None
        return self.last_rx_before_s > (self.link_lost_s + self.deassociated_s) / 2

    @property
    def loss_free(self) -> bool | None:
        """Whether nothing of the handover was lost on the air: no registration or neighbour
        solicitation sent again, and the link given up for missed beacons only once out of
        range (not :attr:`beacons_lost`); None when unknown."""
        if self.registrations_sent is None or self.neighbour_solicitations is None:
            return None
        return (self.registrations_sent <= 1 and self.neighbour_solicitations <= 1
                and not self.beacons_lost)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["beacons_lost"] = self.beacons_lost
        out["loss_free"] = self.loss_free
        return out | durations(out)


def durations(h: dict) -> dict[str, float | None]:
    """The durations derived from a handover's timeline (a measured :class:`Handover` or a
    modelled ``ns3dmm.analysis.HandoverModel``, as dicts), None where an event is missing:
    ``before_deassociation_s`` (last packet to de-association: the missed beacons),
    ``movement_detection_s`` (de-association to the care-of address in use: L2 handover,
    router advertisement and DAD; Rana et al.'s T_md) and ``home_registration_s`` (Binding
    Update to its acknowledgement; their T_hr)."""

    def span(start: str, end: str) -> float | None:
        a, b = h.get(start), h.get(end)
        return b - a if a is not None and b is not None else None

    return {"before_deassociation_s": span("last_rx_before_s", "deassociated_s"),
            "movement_detection_s": span("deassociated_s", "care_of_address_s"),
            "home_registration_s": span("registration_sent_s", "registration_acknowledged_s")}


@dataclass(frozen=True, slots=True)
class Attachment:
    """The mobile node's first attachment (not a handover): association, registration and
    the first packet delivered."""

    access_router: str
    associated_s: float
    registration_sent_s: float | None
    registration_acknowledged_s: float | None
    first_rx_s: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def _station_events(associations: list[Any]) -> list[dict[str, Any]]:
    """Station events as dicts (``Scenario.station_events``), from dicts or from
    ``(time_s, ar, associated)`` tuples (``Scenario.associations``)."""
    out = []
    for e in associations:
        if isinstance(e, dict):
            out.append(e)
        else:
            t, ar, up = e
            out.append({"time_s": t, "ar": ar, "associated": up, "last_beacon_s": None})
    return out


def _function_timeline(events: list[dict[str, Any]], after: float, before: float | None,
                       access_router: str) -> dict[str, Any]:
    """The function events of one attachment: those from ``after`` (the association) up to
    ``before`` (the next association), by the mobile node's own agent or by the proxy on
    ``access_router``."""
    proxies = {e["source"] for e in events if e["event"] in ("attach", "registered", "detached")}
    mine = [e for e in events
            if e["time_s"] >= after - 1e-9 and (before is None or e["time_s"] < before)
            and (e["source"] == access_router or e["source"] not in proxies)]
    out: dict[str, Any] = {"movement_detected_s": None, "care_of_address_s": None,
                           "registration_sent_s": None, "registration_acknowledged_s": None,
                           "registrations_sent": None, "return_routability_s": None,
                           "correspondent_registration_s": None}
    # the instants each kind of Binding Update was sent at (several at one instant: one each
    # for different registrations, such as a proxy's for a prefix and a session address)
    sent: dict[str, set[float]] = {"update": set(), "local-update": set(),
                                   "test-init": set(), "correspondent-update": set()}
    # An agent under a MAP registers twice (local, then home): its registration is
    # acknowledged when both are ("complete"), and each is counted on its own (a second
    # Binding Update of either kind is a retransmission). A local deregistration (leaving a
    # MAP's domain) is not a registration of the new link.
    hierarchical = any(e["event"] == "local-update" and not e["detail"].endswith(" 0")
                       for e in mine)
    for e in mine:
        kind = e["event"]
        if kind in ("return-routability", "correspondent-registered"):
            key = ("return_routability_s" if kind == "return-routability"
                   else "correspondent_registration_s")
            if out[key] is None:
                out[key] = float(e["detail"].split()[1])
        elif kind in ("test-init", "correspondent-update"):
            # Sent again before the round or the registration ended: lost on the way.
            key = ("return_routability_s" if kind == "test-init"
                   else "correspondent_registration_s")
            if out[key] is None:
                sent[kind].add(round(e["time_s"], 9))
        elif kind in ("movement", "attach") and out["movement_detected_s"] is None:
            out["movement_detected_s"] = e["time_s"]
        elif kind == "care-of" and out["care_of_address_s"] is None and e["detail"] != "::":
            out["care_of_address_s"] = e["time_s"]
        elif (kind == "update" or (kind == "local-update" and hierarchical
                                   and not e["detail"].endswith(" 0"))) and \
                out["registration_acknowledged_s"] is None:
            sent[kind].add(round(e["time_s"], 9))
            if out["registration_sent_s"] is None:
                out["registration_sent_s"] = e["time_s"]
        elif kind == "complete" and hierarchical and out["registration_sent_s"] is not None \
                and out["registration_acknowledged_s"] is None:
            out["registration_acknowledged_s"] = e["time_s"]
        elif kind == "ack" and not hierarchical and out["registration_sent_s"] is not None and \
                out["registration_acknowledged_s"] is None:
            status = int(e["detail"].split()[1])
            if status < _ACCEPTED_BELOW:
                out["registration_acknowledged_s"] = e["time_s"]
    out["registrations_sent"] = max(len(times) for times in sent.values()) or None
    return out


def handovers(rx_times: list[float],
              associations: list[Any],
              sequences: list[int] | None = None,
              function_events: list[dict[str, Any]] | None = None,
              solicitations: dict[str, list[dict[str, Any]]] | None = None,
              interface_id: int | None = None,
              missing: Callable[[int, int], int] | None = None,
              duplicate_times: list[float] | None = None) -> list[Handover]:
    """Handovers of one receiver from its arrival times and its station events
    (``Scenario.station_events``: dicts with ``last_beacon_s``, or ``(time, AR, associated)``
    tuples); the first association is the initial attachment, not a handover. With the
    sequence number of each arrival (a UDP stream's SeqTsHeader, in arrival order), each
    handover also counts the packets lost in its gap and those duplicated around it; with the
    functions' events (``Deployment.function_events``), it carries the detection and
    registration times; with the access routers' Neighbor Solicitations
    (``Scenario.solicitations``) and the mobile node's interface identifier, how many the new
    access router needed.

    From a bounded recorder (``ScenarioConfig.metrics``), the arrivals are only those next to
    the station's events (which give the same timeline), ``missing(a, b)`` counts the
    sequence numbers between a and b never delivered and ``duplicate_times`` are the
    arrivals of packets delivered before: a handover's ``duplicated`` is then those from its
    last packet before to 1 s after its first after (the same count unless a packet is
    delivered again long after its first copy)."""
    if sequences is not None and len(sequences) != len(rx_times):
        raise ValueError("sequences must have one entry per arrival")
    order = sorted(range(len(rx_times)), key=rx_times.__getitem__)
    times = [rx_times[k] for k in order]
    seqs = [sequences[k] for k in order] if sequences is not None else None
    stations = _station_events(associations)
    ups = [e for e in stations if e["associated"]]
    dups = sorted(duplicate_times or [])
    out: list[Handover] = []
    pending: dict[str, Any] | None = None
    previous: str | None = None
    for e in stations:
        t, ar = e["time_s"], e["ar"]
        if not e["associated"]:
            pending = e
            continue
        if previous is None:
            previous = ar
            pending = None
            continue
        deassoc = pending["time_s"] if pending is not None else t
        k = bisect_left(times, deassoc)
        last_before = times[k - 1] if k > 0 else None
        j = bisect_left(times, t)
        first_after = times[j] if j < len(times) else None
        lost = duplicated = None
        if missing is not None and seqs is not None and first_after is not None and k > 0:
            lost = missing(seqs[k - 1], seqs[j]) if seqs[j] > seqs[k - 1] else 0
            start, stop = bisect_left(dups, times[k - 1]), bisect_left(dups, first_after + 1.0)
            duplicated = stop - start
        elif seqs is not None and first_after is not None and k > 0:
            gap = range(seqs[k - 1] + 1, seqs[j]) if seqs[j] > seqs[k - 1] else range(0)
            delivered = set(seqs[:k]) | set(seqs[j:])
            lost = sum(1 for q in gap if q not in delivered)
            end = bisect_left(times, first_after + 1.0)
            window = seqs[k - 1:end]
            duplicated = len(window) - len(set(window))
        functions: dict[str, Any] = {}
        nxt = next((u["time_s"] for u in ups if u["time_s"] > t + 1e-9), None)
        if function_events is not None:
            functions = _function_timeline(function_events, t, nxt, ar)
        if solicitations is not None and interface_id is not None:
            end = first_after if first_after is not None else nxt
            per_target: dict[str, int] = {}
            for e in solicitations.get(ar, []):
                if e["time_s"] >= t and (end is None or e["time_s"] <= end) and \
                        int(ipaddress.IPv6Address(e["target"])) & (2 ** 64 - 1) == interface_id:
                    per_target[e["target"]] = per_target.get(e["target"], 0) + 1
            functions["neighbour_solicitations"] = max(per_target.values(), default=0)
        out.append(Handover(
            access_router=ar,
            deassociated_s=deassoc,
            associated_s=t,
            last_rx_before_s=last_before,
            first_rx_after_s=first_after,
            l2_outage_s=t - deassoc,
            latency_s=first_after - deassoc if first_after is not None else None,
            interruption_s=(first_after - last_before
                            if first_after is not None and last_before is not None else None),
            after_association_s=first_after - t if first_after is not None else None,
            lost=lost,
            duplicated=duplicated,
            previous_access_router=previous,
            link_lost_s=pending.get("last_beacon_s") if pending is not None else None,
            **functions,
        ))
        previous = ar
        pending = None
    return out


def attachment(rx_times: list[float], associations: list[Any],
               function_events: list[dict[str, Any]] | None = None) -> Attachment | None:
    """The mobile node's first attachment (None if it never associated)."""
    ups = [e for e in _station_events(associations) if e["associated"]]
    if not ups:
        return None
    first = ups[0]
    nxt = ups[1]["time_s"] if len(ups) > 1 else None
    functions = (_function_timeline(function_events, first["time_s"], nxt, first["ar"])
                 if function_events is not None else {})
    after = [t for t in rx_times if t >= first["time_s"] and (nxt is None or t < nxt)]
    return Attachment(first["ar"], first["time_s"], functions.get("registration_sent_s"),
                      functions.get("registration_acknowledged_s"),
                      min(after) if after else None)


def binned_series(times: list[float], sizes: list[int], delays: list[float] | None,
                  stop_s: float, bin_s: float = 0.1) -> dict[str, Any]:
    """Delivered throughput (``kbps``) and, when ``delays`` are given, mean one-way delay
    (``delay_s``; None where nothing arrived) in bins of ``bin_s`` covering 0 to ``stop_s``;
    packets outside those bins are left out."""
    if not bin_s > 0 or not stop_s > 0:
        raise ValueError("bin_s and stop_s must be positive")
    n = max(math.ceil(stop_s / bin_s - 1e-9), 1)
    octets = [0] * n
    delay_sum = [0.0] * n
    count = [0] * n
    for k, (t, size) in enumerate(zip(times, sizes, strict=True)):
        b = int(t / bin_s)
        if not 0 <= b < n:
            continue
        octets[b] += size
        count[b] += 1
        if delays is not None:
            delay_sum[b] += delays[k]
    out: dict[str, Any] = {"bin_s": bin_s, "kbps": [o * 8 / 1000 / bin_s for o in octets]}
    if delays is not None:
        out["delay_s"] = [d / c if c else None for d, c in zip(delay_sum, count, strict=True)]
    return out


@dataclass(frozen=True, slots=True)
class StreamStats:
    """A UDP stream as its receiver saw it (from the SeqTsHeader of each packet)."""

    sent: int
    received: int  #: packets delivered, duplicates included
    unique: int  #: distinct sequence numbers delivered
    lost: int  #: sent - unique
    duplicated: int  #: received - unique
    mean_delay_s: float | None
    jitter_s: float | None  #: mean absolute difference of consecutive delays (RFC 3550 style)
    #: the first packet's delay (sequence 0; None when it was lost)
    first_delay_s: float | None = None
    #: its delay over the median of the next FIRST_WINDOW packets' (those delivered): with
    #: route optimisation, what the first packet pays for its MR's query (wait) or for the way
    #: via home
    first_extra_delay_s: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


#: packets after the first whose median delay the first packet's is compared with
FIRST_WINDOW = 20


def stream_stats(sent: int, sequences: list[int], delays: list[float]) -> StreamStats:
    """Loss, duplicates, delay (mean, the first packet's and its extra) and jitter of a UDP CBR
    stream from its recorded sequence numbers and one-way delays."""
    unique = len(set(sequences))
    mean = sum(delays) / len(delays) if delays else None
    jitter = (sum(abs(b - a) for a, b in zip(delays, delays[1:], strict=False))
              / (len(delays) - 1)) if len(delays) > 1 else None
    first = next((d for q, d in zip(sequences, delays, strict=True) if q == 0), None)
    after = [d for q, d in zip(sequences, delays, strict=True) if 0 < q <= FIRST_WINDOW]
    extra = first - statistics.median(after) if first is not None and after else None
    return StreamStats(sent, len(sequences), unique, sent - unique, len(sequences) - unique,
                       mean, jitter, first, extra)


def bounded_stream_stats(sent: int, summary: dict[str, Any]) -> StreamStats:
    """:func:`stream_stats` from a bounded recorder's summary (its counts and sums over every
    packet; the delays of sequence numbers 1 to FIRST_WINDOW kept for the first packet's
    extra delay): the same figures."""
    received, unique = summary["received"], summary["unique"]
    n = summary["delays"]
    first = summary["first_delay_s"]
    window = summary["window_delays_s"]
    return StreamStats(sent, received, unique, sent - unique, received - unique,
                       summary["delay_sum_s"] / n if n else None,
                       summary["jitter_sum_s"] / summary["jitters"] if summary["jitters"]
                       else None, first,
                       first - statistics.median(window) if first is not None and window
                       else None)


def aggregate_series(aggregate: dict[str, Any], stop_s: float) -> dict[str, Any]:
    """:func:`binned_series` of every session together, from a C++ ArrivalAggregate's bins
    (delivered octets and delays summed in C++): ``kbps`` and mean ``delay_s`` per bin
    (None where nothing with a delay arrived), covering 0 to ``stop_s``."""
    bin_s = aggregate["bin_s"]
    if not stop_s > 0:
        raise ValueError("stop_s must be positive")
    n = max(math.ceil(stop_s / bin_s - 1e-9), 1)

    def padded(values: list[Any], fill: Any) -> list[Any]:
        return (list(values) + [fill] * n)[:n]

    octets = padded(aggregate["octets"], 0)
    delayed = padded(aggregate["delayed"], 0)
    delay_sum = padded(aggregate["delay_sum_s"], 0.0)
    return {"bin_s": bin_s, "kbps": [o * 8 / 1000 / bin_s for o in octets],
            "delay_s": [d / c if c else None for d, c in zip(delay_sum, delayed, strict=True)]}


#: Lower edge of the first one-way delay bin, bins per decade and decades (1 us to 100 s):
#: the C++ ArrivalAggregate's histogram.
DELAY_HISTOGRAM = (1e-6, 10, 8)


def delay_histogram(delays: list[float]) -> dict[str, Any]:
    """The one-way delays counted in the bins of the C++ ArrivalAggregate's histogram
    (:data:`DELAY_HISTOGRAM`): ``edges_s``, ``counts``, ``below`` and ``above`` the range."""
    import numpy as np  # noqa: PLC0415

    low, per_decade, decades = DELAY_HISTOGRAM
    d = np.asarray([x for x in delays if x == x], dtype=float)
    below = int((d < low).sum())
    index = np.floor(np.log10(d[d >= low] / low) * per_decade).astype(np.int64)
    bins = per_decade * decades
    counts = np.bincount(index[index < bins], minlength=bins)
    return {"edges_s": [low * 10 ** (k / per_decade) for k in range(bins + 1)],
            "counts": [int(c) for c in counts], "below": below,
            "above": int((index >= bins).sum())}


def distribution(values: list[float]) -> dict[str, Any]:
    """n, mean, standard deviation (n - 1), least, greatest and the 5th, 25th, 50th, 75th and
    95th percentiles (linear interpolation) of ``values`` (None entries left out); every figure
    None when there is none."""
    import numpy as np  # noqa: PLC0415

    x = np.asarray([v for v in values if v is not None], dtype=float)
    if not len(x):
        return {"n": 0, "mean": None, "std": None, "min": None, "max": None,
                "percentiles": {str(p): None for p in (5, 25, 50, 75, 95)}}
    return {"n": int(len(x)), "mean": float(x.mean()),
            "std": float(x.std(ddof=1)) if len(x) > 1 else None,
            "min": float(x.min()), "max": float(x.max()),
            "percentiles": {str(p): float(np.percentile(x, p)) for p in (5, 25, 50, 75, 95)}}


@dataclass(frozen=True, slots=True)
class PathSegment:
    """The path of a stream's packets while the receiver was attached to one access router
    (and, for a mobile source, the source to one access router)."""

    access_router: str
    from_s: float  #: association with the access router
    to_s: float | None  #: next association (None: to the end of the run)
    packets: int  #: delivered packets whose path was followed
    mean_hops: float | None  #: links crossed, tunnels counted link by link
    min_hops: int | None
    max_hops: int | None
    shortest_hops: int  #: links on a shortest path from the source to the receiver there
    stretch: float | None  #: mean_hops / shortest_hops
    #: a mobile source's access router meanwhile (None: a source that does not move)
    source_access_router: str | None = None
    #: of the packets followed, those that crossed a link inside a tunnel (None: not known)
    tunnelled: int | None = None
    #: of the packets followed, those each waypoint (a mobility routing function's node)
    #: transmitted, for the waypoints some packet crossed
    crossed: dict[str, int] = field(default_factory=dict)
    #: of the packets followed, those that crossed a waypoint in a network neither end was in
    #: (a central anchor, draft REQ1.2; None: not known)
    third_network: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def route_stretch(rx_times: list[float], hops: list[int],
                  associations: list[tuple[float, str, bool]],
                  shortest_hops: dict[str, int] | Callable[[str | None, str], int],
                  source_associations: list[tuple[float, str, bool]] | None = None,
                  waypoints: tuple[list[int], list[str]] | None = None,
                  tunnelled: list[int] | None = None,
                  third_network: Callable[[str | None, str], int] | None = None,
                  segments: list[dict[str, Any]] | None = None,
                  ) -> list[PathSegment]:
    """Route stretch per attachment: links crossed by the packets delivered while the receiver
    was at each access router (from the C++ PathLengthProbe; negative: not followed) against
    the shortest path there. For a mobile source (``source_associations``), a segment per
    pair of access routers the two ends were at, ``shortest_hops`` a function of the pair.
    ``waypoints``: per packet the probe's waypoint bits, and the waypoints' names by bit (the
    packets each crossed, per segment; bounded: no bits, and only when a path probe followed
    some packet);
    ``tunnelled``: per packet 1 when it crossed a tunnel;
    ``third_network``: for a segment's (source access router, access router), the bits of the
    waypoints in a network neither end is in (the packets crossing one are counted).

    From a bounded recorder, ``segments`` (its figures per association of the followed
    stations, C++ PacketRecorder) replace the per-packet lists (``rx_times`` and ``hops``
    empty; ``waypoints`` gives the names alone): the segments that open within a
    segment here are summed."""
    if segments is not None:
        return _stretch_of(_ups(associations, source_associations), shortest_hops,
                           waypoints[1] if waypoints is not None else [], third_network,
                           _from_segments(segments),
                           with_tunnels=True, with_waypoints=waypoints is not None)
    if len(rx_times) != len(hops):
        raise ValueError("rx_times and hops must have one entry per packet")
    bits, names = waypoints if waypoints is not None else ([], [])
    if waypoints is not None and len(bits) != len(hops):
        raise ValueError("waypoints must have one entry per packet")
    if tunnelled is not None and len(tunnelled) != len(hops):
        raise ValueError("tunnelled must have one entry per packet")

    def packets(start: float, end: float | None) -> _Sample:
        index = [k for k, (t, h) in enumerate(zip(rx_times, hops, strict=True))
                 if h >= 0 and t >= start and (end is None or t < end)]
        sample = [hops[k] for k in index]
        return _Sample(len(sample), sum(sample), min(sample, default=None),
                       max(sample, default=None),
                       sum(tunnelled[k] for k in index) if tunnelled is not None else None,
                       Counter(bits[k] for k in index) if bits else Counter())

    return _stretch_of(_ups(associations, source_associations), shortest_hops, names,
                       third_network, packets, with_tunnels=tunnelled is not None,
                       with_waypoints=bool(bits))


@dataclass(slots=True)
class _Sample:
    """The packets followed in one segment: how many, their links summed, fewest and most,
    those that crossed a tunnel, and how many crossed each pattern of waypoints."""

    packets: int
    hops: int
    min_hops: int | None
    max_hops: int | None
    tunnelled: int | None
    patterns: Counter


def _ups(associations: list[tuple[float, str, bool]],
         source_associations: list[tuple[float, str, bool]] | None
         ) -> list[tuple[float, str, str | None]]:
    """The segments' starts: each association of the receiver (and, for a mobile source, of
    either end), with the receiver's and the source's access routers from then on."""
    receivers = [(t, ar) for t, ar, up in associations if up]
    if source_associations is None:
        return [(t, ar, None) for t, ar in receivers]
    sources = [(t, ar) for t, ar, up in source_associations if up]

    def at(changes: list[tuple[float, str]], t: float) -> str | None:
        before = [ar for u, ar in changes if u <= t]
        return before[-1] if before else None

    return [(t, receiver, at(sources, t))
            for t in sorted({t for t, _ in receivers} | {t for t, _ in sources})
            if (receiver := at(receivers, t)) is not None]


def _from_segments(segments: list[dict[str, Any]]) -> Callable[[float, float | None],
                                                                 _Sample]:
    """The bounded recorder's segments (in the order they opened) that open in [start, end),
    summed (opening times are the same associations' times, compared within 1 ns)."""
    starts = [g["from_s"] for g in segments]

    def sample(start: float, end: float | None) -> _Sample:
        mine = segments[bisect_left(starts, start - 1e-9):
                        len(starts) if end is None else bisect_left(starts, end - 1e-9)]
        followed = [g for g in mine if g["packets"]]
        patterns: Counter = Counter()
        for g in mine:
            for bits, count in g["crossed"]:
                patterns[bits] += count
        return _Sample(sum(g["packets"] for g in mine), sum(g["hops"] for g in mine),
                       min((g["min_hops"] for g in followed), default=None),
                       max((g["max_hops"] for g in followed), default=None),
                       sum(g["tunnelled"] for g in mine), patterns)

    return sample


def _stretch_of(ups: list[tuple[float, str, str | None]],
                shortest_hops: dict[str, int] | Callable[[str | None, str], int],
                names: list[str], third_network: Callable[[str | None, str], int] | None,
                sample: Callable[[float, float | None], _Sample], *, with_tunnels: bool,
                with_waypoints: bool) -> list[PathSegment]:
    """A PathSegment per segment start in ``ups``, from the packets ``sample`` gives for it."""
    out: list[PathSegment] = []
    for k, (start, ar, source_ar) in enumerate(ups):
        end = ups[k + 1][0] if k + 1 < len(ups) else None
        got = sample(start, end)
        crossed: dict[str, int] = {}
        for pattern, count in got.patterns.items():
            for b, name in enumerate(names):
                if pattern >> b & 1:
                    crossed[name] = crossed.get(name, 0) + count
        shortest = (shortest_hops[ar] if isinstance(shortest_hops, dict)
                    else shortest_hops(source_ar, ar))
        mean = got.hops / got.packets if got.packets else None
        out.append(PathSegment(
            access_router=ar, from_s=start, to_s=end, packets=got.packets, mean_hops=mean,
            min_hops=got.min_hops, max_hops=got.max_hops, shortest_hops=shortest,
            stretch=mean / shortest if mean is not None and shortest > 0 else None,
            source_access_router=source_ar,
            tunnelled=got.tunnelled if with_tunnels else None,
            crossed=crossed,
            third_network=(sum(n for pattern, n in got.patterns.items()
                               if pattern & third_network(source_ar, ar))
                           if third_network is not None and with_waypoints else None),
        ))
    return out
