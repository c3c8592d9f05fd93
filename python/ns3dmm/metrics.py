"""Handover metrics from what a run recorded in C++ (packet arrival times, association events).

Computed after the run from the recorded series: nothing here runs per packet.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Handover:
    """One handover of a mobile node, as its traffic saw it."""

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

    def as_dict(self) -> dict:
        return asdict(self)


def handovers(rx_times: list[float],
              associations: list[tuple[float, str, bool]],
              sequences: list[int] | None = None) -> list[Handover]:
    """Handovers of one receiver from its arrival times and its (time, AR, associated) events;
    the first association is the initial attachment, not a handover. With the sequence number
    of each arrival (a UDP stream's SeqTsHeader, in arrival order), each handover also counts
    the packets lost in its gap and those duplicated around it."""
    if sequences is not None and len(sequences) != len(rx_times):
        raise ValueError("sequences must have one entry per arrival")
    order = sorted(range(len(rx_times)), key=rx_times.__getitem__)
    times = [rx_times[k] for k in order]
    seqs = [sequences[k] for k in order] if sequences is not None else None
    out: list[Handover] = []
    pending_deassoc: float | None = None
    attached = False
    for t, ar, up in associations:
        if not up:
            pending_deassoc = t
            continue
        if not attached:
            attached = True
            pending_deassoc = None
            continue
        deassoc = pending_deassoc if pending_deassoc is not None else t
        k = bisect_left(times, deassoc)
        last_before = times[k - 1] if k > 0 else None
        j = bisect_left(times, t)
        first_after = times[j] if j < len(times) else None
        lost = duplicated = None
        if seqs is not None and first_after is not None and k > 0:
            gap = range(seqs[k - 1] + 1, seqs[j]) if seqs[j] > seqs[k - 1] else range(0)
            delivered = set(seqs[:k]) | set(seqs[j:])
            lost = sum(1 for q in gap if q not in delivered)
            end = bisect_left(times, first_after + 1.0)
            window = seqs[k - 1:end]
            duplicated = len(window) - len(set(window))
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
        ))
        pending_deassoc = None
    return out


def rate_series(rx_times: list[float], sizes: list[int], stop_s: float,
                bin_s: float = 0.1) -> tuple[list[float], list[float]]:
    """Delivered throughput (kbit/s) in bins of ``bin_s``: (bin starts, values)."""
    if bin_s <= 0 or stop_s <= 0:
        raise ValueError("bin_s and stop_s must be positive")
    n = int(stop_s / bin_s + 0.5)
    totals = [0.0] * n
    for t, size in zip(rx_times, sizes, strict=True):
        k = int(t / bin_s)
        if 0 <= k < n:
            totals[k] += size * 8 / 1000 / bin_s
    return [k * bin_s for k in range(n)], totals


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

    def as_dict(self) -> dict:
        return asdict(self)


def stream_stats(sent: int, sequences: list[int], delays: list[float]) -> StreamStats:
    """Loss, duplicates, delay and jitter of a UDP CBR stream from its recorded sequence
    numbers and one-way delays."""
    unique = len(set(sequences))
    mean = sum(delays) / len(delays) if delays else None
    jitter = (sum(abs(b - a) for a, b in zip(delays, delays[1:], strict=False))
              / (len(delays) - 1)) if len(delays) > 1 else None
    return StreamStats(sent, len(sequences), unique, sent - unique, len(sequences) - unique,
                       mean, jitter)


@dataclass(frozen=True, slots=True)
class PathSegment:
    """The path of a stream's packets while the receiver was attached to one access router."""

    access_router: str
    from_s: float  #: association with the access router
    to_s: float | None  #: next association (None: to the end of the run)
    packets: int  #: delivered packets whose path was followed
    mean_hops: float | None  #: links crossed, tunnels counted link by link
    min_hops: int | None
    max_hops: int | None
    shortest_hops: int  #: links on a shortest path from the source to the receiver there
    stretch: float | None  #: mean_hops / shortest_hops

    def as_dict(self) -> dict:
        return asdict(self)


def route_stretch(rx_times: list[float], hops: list[int],
                  associations: list[tuple[float, str, bool]],
                  shortest_hops: dict[str, int]) -> list[PathSegment]:
    """Route stretch per attachment: links crossed by the packets delivered while the receiver
    was at each access router (from the C++ PathLengthProbe; negative: not followed) against
    the shortest path there."""
    if len(rx_times) != len(hops):
        raise ValueError("rx_times and hops must have one entry per packet")
    ups = [(t, ar) for t, ar, up in associations if up]
    out: list[PathSegment] = []
    for k, (start, ar) in enumerate(ups):
        end = ups[k + 1][0] if k + 1 < len(ups) else None
        sample = [h for t, h in zip(rx_times, hops, strict=True)
                  if h >= 0 and t >= start and (end is None or t < end)]
        shortest = shortest_hops[ar]
        mean = sum(sample) / len(sample) if sample else None
        out.append(PathSegment(
            access_router=ar, from_s=start, to_s=end, packets=len(sample), mean_hops=mean,
            min_hops=min(sample) if sample else None, max_hops=max(sample) if sample else None,
            shortest_hops=shortest,
            stretch=mean / shortest if mean is not None and shortest > 0 else None,
        ))
    return out
