"""Analytic handover model: the expected timeline of every handover of a mobile node, from the
configuration alone (placement, scenario, function parameters, traffic); nothing measured.

A handover to access router ``AR`` from ``AR_old`` is modelled as the sequence of events that
:class:`ns3dmm.metrics.Handover` measures:

``link_lost``
    The station leaves the old access point's range: the point of the path where a frame from
    it falls below ns-3's preamble detection threshold (RSSI -82 dBm, log-distance loss from
    the configured power and exponent). Beacons are sent every BeaconInterval from a phase that
    is uniform (ApWifiMac's beacon jitter), so the last beacon arrives, on average, half a
    beacon interval before the edge.
``last_rx_before``
    Data frames stop at the same edge with IdealWifiManager (it picks a rate the SNR supports);
    with ConstantRateWifiManager they stop where the configured rate fails: the expectation
    over the stream's packets of the last one received, each received with probability
    1 - (1 - p)^FrameRetryLimit for the frame success probability p of the Yans error-rate
    model at the SNR there (:mod:`ns3dmm.wifi_model`). The stream's schedule is known, so this
    is exact rather than an average.
``deassociated``
    MaxMissedBeacons beacon intervals after the last beacon (StaWifiMac's beacon watchdog).
``associated``
    The scan (active: ProbeDelay + ProbeRequestTimeout; passive: WaitBeaconTimeout), then the
    association request and response frames.
``movement_detected``
    Host mode: the next unsolicited Router Advertisement of the new access router; Radvd
    spaces them by a whole number of milliseconds uniform in [MinRtrAdvInterval,
    MaxRtrAdvInterval], and an association falls at a random time of that renewal process, so
    the wait is its mean residual life E[X^2] / 2 E[X]. Network mode: the access point's
    association event at the proxy.
``care_of_address``
    Host mode: duplicate address detection of the new care-of address (ns-3 waits DadTimeout,
    1 s) unless it is off or optimistic.
``registration_sent`` / ``registration_acknowledged``
    The (Proxy) Binding Update from the agent (one WiFi frame up) or the proxy, over the wired
    shortest path to the location management function; a home agent on a home link first runs
    duplicate address detection of the home address when it holds no binding (RetransTimer);
    the acknowledgement back. A host-mode acknowledgement waits at the access router for
    neighbour discovery of the new care-of address: the solicitation after a uniform jitter
    (SolicitationJitter, by its mean), the solicitation and advertisement frames. With an
    anchor point on the registration chain of the new access router (HMIPv6's MAP, the visited
    network's MR of figure 7): within its domain the registration ends there (a local Binding
    Update, or the proxy's PBU to its regional binding); entering it, a host-based mobile node
    registers its regional care-of address at home once the local acknowledgement is in
    (through the anchor point's tunnel), and a proxy's PBU goes on from the anchor point to
    the home network, which acknowledges it down the same way.
``location_update`` (a component)
    HAHA's anycast home agents: the member the routes take the Binding Update to (the nearest
    to the new access router) replicates the binding at once to the member the correspondent's
    packets reach (the nearest to it), which turns the stream when the Location Replicate
    arrives; nothing when they are the same member. With location management on a server of
    its own (the distributed LM database, the route
    optimisation designs), the mobility routing function that steers the stream (the home MR,
    or MR(CN)) learns the new binding from it: pushed (a Location Notify from the server, and
    on from the home MR to MR(CN) with RS2.push), or on its next query: its entry lives
    EntryLifetime from the reply (the binding's remaining lifetime, which would shorten it, is
    taken to be longer), the next packet after that asks again and waits for the reply with
    those after it; a session address (dynamic mobility) is pushed to the function anchoring
    its network as the server binds it (network mode, within that network the anchor point
    on the function's node binds it first, and its regional binding turns the stream).
    Within an anchor point's domain the stream must also have passed that: the steering
    function may not know the anchor point yet.
``first_rx_after``
    The first data packet through the new access router: the stream's packets are followed
    along their configured paths (to the anchoring mobility routing function, then down the
    chain's anchor points, tunnelled, nested below a host-based one) through the state changes
    the registration makes (the binding it reaches first that turns the stream: the anchor
    point's within its domain, the home one otherwise; network mode: the new proxy's prefix,
    the old proxy's detachment on Location Notify), and the earliest delivered one waits for
    neighbour discovery. The stream's phase
    relative to the registration is uniform (the registration time is random), so this is the
    expectation over the phase and the solicitation jitter.

Latency is ``first_rx_after - deassociated``, interruption ``first_rx_after - last_rx_before``.
Frame times use 802.11 OFDM timing at the configured standard's 5 GHz rates; wired links add
their configured delay and serialization. Collisions, and retransmissions of signalling lost
to them, are not modelled.

Every random term enters by its expectation, so the model predicts means: the validation holds
the mean over seeds to it (``tests/test_handover_model.py``). The model predicts the handovers
the stream sees: those before its first packet reaches the station, or whose first packet
after the handover would come after the stream stops, are left out.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ns3dmm import wifi_model as wm
from ns3dmm.framework.model import HomeAddress, Mode, NodeKind, Placement
from ns3dmm.metrics import durations
from ns3dmm.topology import shortest_paths
from ns3dmm.scenario.config import MobilityConfig, ScenarioConfig, bit_rate

__all__ = ["HandoverModel", "ModelError", "model_first_packet", "model_handovers",
           "ra_residual_s"]

_IPV6 = 40
_UDP = 8
_PPP = 2
#: Octets of the IPv6 packets of signalling in the model: a Binding Update or
#: Acknowledgement with its options, a Location Notify; Neighbor Solicitation and
#: Advertisement with a link-layer address option; a Router Advertisement with a prefix.
SIGNALLING_OCTETS = 120
#: MIPv6 route optimisation (RFC 6275): a Care-of Test Init and a Care-of Test (IPv6 packets);
#: a Binding Update to a correspondent with the Home Address option, and its acknowledgement
#: with the Type 2 Routing header (each 24 octets, as on every route-optimised data packet)
_COTI_OCTETS = _IPV6 + 16
_COT_OCTETS = _IPV6 + 24
_RO_HEADER = 24
_CORRESPONDENT_BU_OCTETS = _IPV6 + _RO_HEADER + 32
ND_OCTETS = _IPV6 + 24 + 8
RA_OCTETS = _IPV6 + 16 + 32 + 8
#: ns-3 Icmpv6L4Protocol DadTimeout default (one solicitation: DupAddrDetectTransmits 1,
#: RetransTimer DadTimeout).
DAD_TIMEOUT_S = 1.0
#: ns3::dmm::MobilityRouting RetransTimer and DupAddrDetectTransmits defaults (RFC 4861/4862).
HOME_DAD_S = 1.0
_PHASES = 240


class ModelError(ValueError):
    """The configuration is outside what the model covers; the message says what."""


class _BeforeStream(ModelError):
    """A handover before the stream's first packet reaches the station: nothing to predict."""


@dataclass(frozen=True, slots=True)
class HandoverModel:
    """The expected timeline of one handover (absolute simulated seconds, None where the model
    has no such event) and its components (durations, seconds)."""

    previous_access_router: str
    access_router: str
    last_rx_before_s: float
    link_lost_s: float
    deassociated_s: float
    associated_s: float
    movement_detected_s: float
    care_of_address_s: float | None
    registration_sent_s: float
    registration_acknowledged_s: float
    first_rx_after_s: float
    #: named durations that add up to the interruption, in order
    components: dict[str, float] = field(default_factory=dict)

    @property
    def latency_s(self) -> float:
        return self.first_rx_after_s - self.deassociated_s

    @property
    def interruption_s(self) -> float:
        return self.first_rx_after_s - self.last_rx_before_s

    @property
    def l2_outage_s(self) -> float:
        return self.associated_s - self.deassociated_s

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["latency_s"] = self.latency_s
        out["interruption_s"] = self.interruption_s
        out["l2_outage_s"] = self.l2_outage_s
        return out | durations(out)


@dataclass(frozen=True, slots=True)
class Stream:
    """A constant bit rate UDP stream from a correspondent to the mobile node."""

    source: str
    payload_octets: int
    interval_s: float
    start_s: float
    stop_s: float | None = None  #: None: until the end of the run
    #: to an address of the access link where the session starts (dynamic mobility), not to
    #: the home address
    local: bool = False

    @property
    def ip_octets(self) -> int:
        return self.payload_octets + _UDP + _IPV6


# ---------------------------------------------------------------------- random terms


def ra_residual_s(min_ms: int, max_ms: int) -> float:
    """Mean wait from a random time to the next unsolicited Router Advertisement: Radvd draws
    each interval as MinRtrAdvInterval + round(U(0, Max - Min)) milliseconds, and the mean
    residual life of that renewal process is E[X^2] / 2 E[X]."""
    span = max_ms - min_ms
    if span < 0 or min_ms <= 0:
        raise ModelError("router advertisement intervals must satisfy 0 < min <= max")
    if span == 0:
        values, weights = [float(min_ms)], [1.0]
    else:
        values = [float(min_ms + k) for k in range(span + 1)]
        weights = [0.5 if k in (0, span) else 1.0 for k in range(span + 1)]
    total = sum(weights)
    mean = sum(w * v for w, v in zip(weights, values, strict=True)) / total
    square = sum(w * v * v for w, v in zip(weights, values, strict=True)) / total
    return square / (2 * mean) / 1000.0


def _expected_max_uniform(c: float, lo: float, hi: float) -> float:
    """E[max(c, X)] for X uniform on [lo, hi]."""
    if hi <= lo:
        return max(c, lo)
    if c <= lo:
        return (lo + hi) / 2
    if c >= hi:
        return c
    return (c * (c - lo) + (hi * hi - c * c) / 2) / (hi - lo)


# ---------------------------------------------------------------------- the wired network


class _Wired:
    """The scenario's wired links (the scenario builder's own list) with their delays and
    rates; paths are the shortest by delay, as the static routes are."""

    def __init__(self, placement: Placement, cfg: ScenarioConfig) -> None:
        from ns3dmm.scenario.build import wired_links  # noqa: PLC0415

        self.adjacency: dict[str, list[str]] = {}
        self.params: dict[frozenset[str], tuple[float, float]] = {}
        self._hops: dict[str, dict[str, str]] = {}
        self._times: dict[tuple[str, str, int], float] = {}
        for a, b, _, delay_ms, rate in wired_links(placement, cfg):
            self.adjacency.setdefault(a, []).append(b)
            self.adjacency.setdefault(b, []).append(a)
            self.params[frozenset((a, b))] = (delay_ms / 1000.0, bit_rate(rate))

    def path(self, a: str, b: str) -> list[str]:
        """Nodes of the path from ``a`` to ``b`` hop by hop, as the static routes send packets
        (each node's first hop on a shortest path by delay: ns3dmm.topology.shortest_paths)."""
        nodes = [a]
        while nodes[-1] != b:
            hop = self._first_hops(nodes[-1]).get(b)
            if hop is None:
                raise ModelError(f"{b} is not reachable from {a} over wired links")
            nodes.append(hop)
        return nodes

    def _first_hops(self, source: str) -> dict[str, str]:
        if source not in self._hops:
            self._hops[source] = shortest_paths(
                self.adjacency, lambda u, v: self.params[frozenset((u, v))][0],
                source)[1] if source in self.adjacency else {}
        return self._hops[source]

    def delay(self, a: str, b: str) -> float:
        """Propagation delay of the path from ``a`` to ``b`` (the routes' metric)."""
        nodes = self.path(a, b)
        return sum(self.params[frozenset((u, v))][0] for u, v in zip(nodes, nodes[1:]))

    def time(self, a: str, b: str, octets: int) -> float:
        """One-way time from ``a`` to ``b``: propagation and serialization on each link."""
        key = (a, b, octets)
        if key not in self._times:
            nodes = self.path(a, b)
            total = 0.0
            for u, v in zip(nodes, nodes[1:], strict=False):
                delay, bps = self.params[frozenset((u, v))]
                total += delay + (octets + _PPP) * 8 / bps
            self._times[key] = total
        return self._times[key]


# ---------------------------------------------------------------------- mobility


def _waypoints(sc_cfg: ScenarioConfig, placement: Placement, mn: str
               ) -> tuple[list[tuple[float, float, float]], dict[str, float]]:
    """The mobile node's path as (time, x, y) waypoints, and the access points' x."""
    from ns3dmm.scenario.build import _path_waypoints  # noqa: PLC0415

    m: MobilityConfig = sc_cfg.mobility_of(mn)
    if m.model != "path":
        raise ModelError(f"{mn}: the model follows path mobility; its model is {m.model!r}")
    ars = [n.name for n in placement.nodes if n.kind is NodeKind.ACCESS_ROUTER]
    xs = {ar: k * sc_cfg.wifi.ap_spacing_m for k, ar in enumerate(ars)}
    lane = sc_cfg.wifi.ap_y_m + m.lane_offset_m
    path = list(m.path) or ars
    points = [(xs[ar], lane) for ar in path]
    return [(t, x, y) for t, (x, y) in _path_waypoints(m, points)], xs


def _position(waypoints: list[tuple[float, float, float]], t: float) -> tuple[float, float]:
    if t <= waypoints[0][0]:
        return waypoints[0][1], waypoints[0][2]
    for (t0, x0, y0), (t1, x1, y1) in zip(waypoints, waypoints[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0) if t1 > t0 else 1.0
            return x0 + f * (x1 - x0), y0 + f * (y1 - y0)
    return waypoints[-1][1], waypoints[-1][2]


def _leave_time(waypoints: list[tuple[float, float, float]], ap: tuple[float, float],
                radius: float, after: float) -> float:
    """First time after ``after`` at which the node is farther than ``radius`` from ``ap``."""
    def outside(t: float) -> bool:
        x, y = _position(waypoints, t)
        return math.hypot(x - ap[0], y - ap[1]) > radius

    step = 0.01
    t = after
    end = waypoints[-1][0]
    while t <= end and not outside(t):
        t += step
    if t > end:
        raise ModelError("the path never leaves the access point's range")
    lo, hi = t - step, t
    for _ in range(60):
        mid = (lo + hi) / 2
        if outside(mid):
            hi = mid
        else:
            lo = mid
    return hi


# ---------------------------------------------------------------------- the model


@dataclass
class _Setting:
    placement: Placement
    cfg: ScenarioConfig
    wired: _Wired
    host: bool
    hoa: HomeAddress
    home_link: str | None  #: the access router whose link is the home link, if any
    stream: Stream
    optimistic_dad: bool
    data_mode: wm.OfdmMode | None  #: constant rate, or None for IdealWifiManager
    #: the mobility routing function that steers the stream by the home binding: the home MR,
    #: or MR(CN) with route optimisation; and how it learns a new location when location
    #: management is a server of its own: "push" (route by route from the server), "query"
    #: (asked again when its entry expires), or None (co-located: at once)
    steering: str = ""
    learns: str | None = None
    push_path: tuple[str, ...] = ()
    entry_lifetime_s: float = 10.0
    #: the nodes of the anycast group advertising the home network (HAHA), home network's
    #: first: the routes take a packet for its pool to the member nearest each router
    anycast: tuple[str, ...] = ()
    #: anchor point node -> (held from, bound): when the steering function learned the
    #: location under it (the last handover into its domain)
    learned: dict[str, tuple[float | None, float]] = field(default_factory=dict)
    #: header rewrite (route optimisation): the steering function rewrites the destination to
    #: a per-host locator of the egress anchor point instead of tunnelling to it
    rewrite: bool = False
    #: a stream to a session address (dynamic mobility): the access router of the link the
    #: address is on, where it is registered nowhere; None for a stream to a home address
    session_link: str | None = None
    #: MIPv6 route optimisation: the correspondent holds a binding of the home address and
    #: sends straight to the care-of address (RFC 6275)
    binding: bool = False


@dataclass(frozen=True, slots=True)
class _Path:
    """A path of the stream to an access router: wired legs between mobility elements (each
    the shortest path by delay, as the static routes take), each with the outer IPv6 headers
    it carries, and those carried on over the access link."""

    legs: tuple[tuple[str, str, int], ...]
    wifi_outer: int
    #: octets of extension headers every packet carries (route optimisation's routing header)
    extra: int = 0

    def time(self, wired: _Wired, octets: int, *, until: str | None = None) -> float:
        """From the correspondent to the access router (or to node ``until`` of the path)."""
        octets += self.extra
        if until is not None and self.legs and until == self.legs[0][0]:
            return 0.0
        total = 0.0
        for a, b, outer in self.legs:
            total += wired.time(a, b, octets + _IPV6 * outer)
            if b == until:
                return total
        if until is None:
            return total
        total = 0.0
        for a, b, outer in self.legs:  # a node the packet passes within a leg
            if until in wired.path(a, b):
                return total + wired.time(a, until, octets + _IPV6 * outer)
            total += wired.time(a, b, octets + _IPV6 * outer)
        raise ModelError(f"{until} is not on the data path")


def _chain_path(s: _Setting, access_router: str, *, shortcut: bool = True) -> _Path:
    """The path the functions keep for the stream with the mobile node at ``access_router``
    (in its home network too): to the mobility routing function co-located with the location
    management function that ends the registration chain there, then down the chain's anchor
    points to the access router; tunnelled below the anchor, nested past a host-based anchor
    point (the home tunnel ends at the regional care-of address, inside the anchor point's
    own tunnel to the on-link one). In network mode, an anchor point on the correspondent's
    way to the steering function takes the stream down itself, by its regional binding
    (``shortcut``; without it, the path through the steering function)."""
    nodes = _nodes(s.placement, s.placement.chain_at(s.hoa, access_router))
    way = _way_anchor_point(s, access_router) if shortcut else None
    if way is not None:
        return _Path(((s.stream.source, way, 0), (way, access_router, 1)), 0)
    down = [s.steering, *reversed(nodes[:-1] if s.host else nodes[1:-1])]
    legs = [(s.stream.source, down[0], 0)]
    outer = 0
    for k, (a, b) in enumerate(zip(down, [*down[1:], access_router], strict=False)):
        outer = outer + 1 if s.host or outer == 0 else outer
        if a != b:
            # Header rewrite: the packet goes as it is from the steering function to the
            # egress anchor point's per-host locator; that anchor point tunnels it on.
            legs.append((a, b, 0 if s.rewrite and k == 0 and b != access_router else outer))
    return _Path(tuple(legs), outer if s.host else 0)


def _direct_path(s: _Setting, access_router: str) -> _Path:
    """Route optimisation: from the correspondent straight to the care-of address on
    ``access_router``'s link, every packet with the Type 2 Routing header."""
    return _Path(((s.stream.source, access_router, 0),), 0, _RO_HEADER)


def _stream_path(s: _Setting, access_router: str) -> _Path:
    """The stream's steady path to ``access_router``: straight from a correspondent holding a
    binding, else the functions' (:func:`_chain_path`)."""
    return _direct_path(s, access_router) if s.binding else _chain_path(s, access_router)


def _correspondent_update(s: _Setting, sw: _Switch, new: str, rate: wm.OfdmMode
                          ) -> tuple[_Switch, float, float]:
    """MIPv6 route optimisation after a handover (RFC 6275 11.7.2): once the home agent's
    acknowledgement reaches the mobile node, a Care-of Test Init from the new care-of address
    and its Care-of Test (the home keygen token is still fresh), then the Binding Update to
    the correspondent, whose binding turns the stream; until then it sends to the old care-of
    address. The switch at the correspondent, the return routability time (T_rr) and the
    Binding Update's way to the correspondent."""
    wired, cn = s.wired, s.stream.source
    rr = (wm.unicast_s(_COTI_OCTETS, rate) + wired.time(new, cn, _COTI_OCTETS)
          + wired.time(cn, new, _COT_OCTETS) + wm.unicast_s(_COT_OCTETS, rate))
    update = (wm.unicast_s(_CORRESPONDENT_BU_OCTETS, rate)
              + wired.time(new, cn, _CORRESPONDENT_BU_OCTETS))
    bound = sw.acknowledged + rr + update
    acknowledged = (bound + wired.time(cn, new, _CORRESPONDENT_BU_OCTETS)
                    + wm.unicast_s(_CORRESPONDENT_BU_OCTETS, rate))
    return (_Switch(cn, bound, sw.ready_at_router, math.inf, acknowledged, sw.registration,
                    location_update=sw.acknowledged - sw.bound), rr, update)


@dataclass(frozen=True, slots=True)
class _Switch:
    """What a handover's registration changes, and when (absolute seconds): the node whose
    binding turns the stream from the old access router to the new one, the time it does, when
    the new access router is ready (network mode: the home network prefix on its link; host
    mode: the acknowledgement there, which starts neighbour discovery of the care-of address),
    when the old access router gives the prefix up (network mode) and when the mobile node's
    registration is complete."""

    node: str
    bound: float
    ready_at_router: float
    detached: float
    acknowledged: float
    registration: float  #: the wired signalling up to the binding that turns the stream
    #: packets reaching ``node`` from this time until ``bound`` wait there for the new
    #: location (a location cache's query on an expired entry) and leave at ``bound``
    held_from: float | None = None
    #: a query's round trip started by the first packet to reach ``node`` from ``held_from``
    #: on (whichever that is, by the stream's phase): the packets from then on wait there
    #: until it ends, which is the binding; ``bound`` is its value at the stream's own phase
    asks: float | None = None
    #: an earlier change the stream must also have passed: (node, held from, bound) of the
    #: steering function learning the anchor point the mobile node moves under
    earlier: tuple[tuple[str, float | None, float], ...] = ()
    #: from the server's binding to the steering function's (push, or the wait for a query)
    location_update: float = 0.0
    #: entering the domain of an anchor point on the correspondent's way (``node``): the
    #: steering function's switch and path, which packets that passed the anchor point before
    #: its binding take, through the steering function and back down through it
    detour: tuple[_Switch, _Path] | None = None
    #: network-based HAHA: the old access router's path, and the anycast member its routes
    #: send the home prefix to once it has given the prefix up, with when that member holds
    #: the new binding: packets that reach the old access router after it let go come back
    #: through that member, which tunnels them to the new one
    bounce: tuple[_Path, str, float] | None = None
    #: network mode, a stream to a session address (routed to the station's link-local
    #: address): when the new access router starts resolving that address by itself, as it
    #: advertises the home network prefix once that is registered (inf: only the stream's
    #: first packet starts it)
    resolving: float = math.inf

    @property
    def gates(self) -> tuple[tuple[str, float | None, float], ...]:
        return (*self.earlier, (self.node, self.held_from, self.bound))


def _nodes(placement: Placement, chain: tuple[str, ...]) -> list[str]:
    return [placement.function_node(f) for f in chain]


def _anycast_member(placement: Placement, wired: _Wired, members: tuple[str, ...],
                    start: str) -> str:
    """The member of an anycast group a packet from ``start`` to its pool reaches, hop by hop
    as the routes send it: the core router and every gateway route the pool to the member
    nearest to them (shortest delay, a tie to the first of ``members``), every other node
    sends it on towards its network's gateway (its default route)."""
    from ns3dmm.scenario.build import CORE  # noqa: PLC0415

    node = start
    for _ in range(len(wired.adjacency) + 1):
        if node in members:
            return node
        if node == CORE or placement.node(node).kind is NodeKind.GATEWAY:
            nearest = min(members, key=lambda m: (wired.delay(node, m), members.index(m)))
            node = wired.path(node, nearest)[1]
        else:
            gateway = placement.gateway_of(placement.node(node).network)
            if gateway is None:
                raise ModelError(f"{node}'s network has no gateway to route the anycast pool")
            node = wired.path(node, gateway.name)[1]
    raise ModelError(f"the routes from {start} reach no member of the anycast group")


def _switch(s: _Setting, old: str, new: str, sent: float, up: float, rate: wm.OfdmMode,
            nd: float, home_dad: float) -> _Switch:
    """The registration's switch (:func:`_registration`) and, where it reaches a location
    server rather than the steering mobility routing function, how that function learns the
    new location: pushed (Location Notify from the server, and on from the home MR to MR(CN)
    with RS2.push), or asked for when its entry expires (Location Query on the first packet
    after EntryLifetime; the packets from then on wait for the reply)."""
    sw = _registration(s, old, new, sent, up, rate, nd, home_dad)
    way = _way_anchor_point(s, new)
    left = _way_anchor_point(s, old)
    left = left if left != way else None

    def steer() -> _Switch:
        return _leave(s, sw, left) if left is not None else _steer(s, sw, new)

    if way is None:
        return steer()
    if sw.node == way:
        return sw  # within its domain: its regional binding turns the stream where it passes
    # Entering the domain of an anchor point on the correspondent's way: its regional
    # binding, made as the upper acknowledgement passes on down, turns the stream there,
    # whatever location management tells the location caches; packets that passed it before
    # reach the steering function, which sends them back down once it knows (the detour).
    at = sw.ready_at_router - s.wired.time(way, new, SIGNALLING_OCTETS)
    detour = None
    if way != s.steering:
        detour = (steer(), _chain_path(s, new, shortcut=False))
    if at < sw.bound:
        # The anchor point binds before location management does (a session address: it
        # answers the proxy at once): its binding is the registration that turns the stream.
        return replace(sw, node=way, bound=at, registration=sw.registration - (sw.bound - at),
                       detour=detour)
    return replace(sw, node=way, bound=at, location_update=at - sw.bound, detour=detour)


def _leave(s: _Setting, sw: _Switch, left: str) -> _Switch:
    """Leaving the domain of the anchor point on ``left``, on the correspondent's way: location
    management tells it of the move as it binds the new location (Location Notify to the old
    registrar), which ends its regional binding; until then it takes the stream down to the
    old access router. From then on, the packets go on to the steering function (figure 7's
    home MR, which knows the new location already); or, where the anchor point is the
    steering function itself (MR(CN) on the correspondent's gateway), pushed the new location
    at once, or asking: the next packet to reach it misses its cache and waits there for a
    Location Query's reply, as do the packets after it."""
    wired, sig, stream = s.wired, SIGNALLING_OCTETS, s.stream
    told = sw.bound + wired.time(sw.node, left, sig)
    if left != s.steering:
        if s.learns is not None:
            raise ModelError(f"leaving the domain of the anchor point on {left}, on "
                             f"{stream.source}'s way to a steering function that learns "
                             "from a location server: not modelled")
        return replace(sw, earlier=((left, None, told),))
    if s.placement.mrs_on(sw.node) or s.learns is None:
        raise ModelError(f"leaving the domain of the anchor point on {left}, which steers "
                         f"{stream.source}'s stream, without a location server: not modelled")
    if s.learns == "push":
        return replace(sw, node=left, bound=told, location_update=told - sw.bound)
    to = wired.time(stream.source, left, stream.ip_octets)
    j = max(0, math.ceil((told - to - stream.start_s) / stream.interval_s - 1e-9))
    arrival = stream.start_s + j * stream.interval_s + to
    if stream.stop_s is not None and arrival > stream.stop_s + to:
        raise ModelError(f"the stream stops before {left} asks for the new location")
    asks = wired.time(left, sw.node, sig) + wired.time(sw.node, left, sig)
    return replace(sw, node=left, bound=arrival + asks, held_from=told, asks=asks,
                   location_update=arrival + asks - sw.bound)


def _steer(s: _Setting, sw: _Switch, new: str) -> _Switch:
    """The steering function turning the stream after the registration ``sw``: at once, or
    as it learns the new location from a location server."""
    if s.learns is None:
        return sw
    if s.placement.mrs_on(sw.node):
        # Turned at the anchor point, within its domain: the steering function must also know
        # the anchor point (it may still be asking, after the move into the domain).
        known = s.learned.get(sw.node)
        return replace(sw, earlier=((s.steering, *known),)) if known is not None else sw
    nodes = _nodes(s.placement, s.placement.chain_at(s.hoa, new))
    anchor_point = nodes[0] if s.host else nodes[1]
    sw = _learn(s, sw)
    s.learned[anchor_point] = (sw.held_from, sw.bound)
    return sw


def _way_anchor_point(s: _Setting, access_router: str) -> str | None:
    """Network mode: the anchor point between the proxy on ``access_router`` and location
    management if it lies on the correspondent's way to the steering function or is that
    function's node (figure 7's visited MR in the correspondent's network; route optimisation
    with MR(CN) on the correspondent's gateway, that network's anchor point), else None."""
    if s.host:
        return None
    nodes = _nodes(s.placement, s.placement.chain_at(s.hoa, access_router))
    if len(nodes) != 3:
        return None
    if nodes[1] == s.steering or (s.stream.source in s.wired.adjacency and nodes[1] in
                                  s.wired.path(s.stream.source, s.steering)):
        return nodes[1]
    return None


def _learn(s: _Setting, sw: _Switch) -> _Switch:
    """The steering function learning the location the server ``sw.node`` bound."""
    wired, sig = s.wired, SIGNALLING_OCTETS
    server = sw.node
    if s.learns == "push":
        bound = sw.bound
        for a, b in zip(s.push_path, s.push_path[1:], strict=False):
            bound += wired.time(a, b, sig)
        return replace(sw, node=s.steering, bound=bound, location_update=bound - sw.bound)
    # Query: the steering function's entries, refreshed from the stream's first packet on.
    stream = s.stream
    to = s.wired.time(stream.source, s.steering, stream.ip_octets)
    ask, answer = wired.time(s.steering, server, sig), wired.time(server, s.steering, sig)
    arrival = stream.start_s + to
    while True:
        if arrival + ask >= sw.bound:
            return replace(sw, node=s.steering, bound=arrival + ask + answer,
                           held_from=arrival, location_update=arrival + ask + answer - sw.bound)
        expiry = arrival + ask + answer + s.entry_lifetime_s
        j = math.ceil((expiry - to - stream.start_s) / stream.interval_s - 1e-9)
        arrival = stream.start_s + j * stream.interval_s + to
        if stream.stop_s is not None and arrival > stream.stop_s + to:
            raise ModelError("the stream stops before the location cache asks again")


def _registration(s: _Setting, old: str, new: str, sent: float, up: float,
                  rate: wm.OfdmMode, nd: float, home_dad: float) -> _Switch:
    """The registration of a handover from ``old`` to ``new`` along the chains the functions
    keep for the home address at each (:meth:`Placement.chain_at`):

    * straight to location management co-located with the anchoring mobility routing function:
      its binding turns the stream (MIPv6, PMIPv6);
    * host mode under an anchor point (HMIPv6's MAP, the visited MR of figure 7): a local
      Binding Update to it; within its domain that binding turns the stream; entering the
      domain, the mobile node registers the regional care-of address at home after the local
      acknowledgement (RFC 5380 6.2), through the anchor point's tunnel, and the home binding
      turns it;
    * network mode under an anchor point: the proxy's PBU to it; within its domain its
      regional binding turns the stream and the old proxy is told at once; entering it, the
      anchor point registers upward and answers the proxy below once acknowledged.

    A session address (dynamic mobility) is registered nowhere on its own link: leaving it
    within an anchor point's domain, a host-based mobile node registers it with location
    management at once, beside the local Binding Update (its regional care-of address is
    registered at home already); a proxy's Proxy Binding Update for it (a /128, sent with the
    one for the home network prefix) entering an anchor point's domain is answered by the
    anchor point at once, which registers it upward at the same time; leaving its own link
    within an anchor point's domain (the distributed LM database's gateway), the anchor point
    binds it and answers at once, as within the domain, and its regional binding turns the
    stream whatever location management binds above it.
    """
    p, wired, sig = s.placement, s.wired, SIGNALLING_OCTETS
    chain = _nodes(p, p.chain_at(s.hoa, new))
    before = _nodes(p, p.chain_at(s.hoa, old))
    if s.host and s.anycast:
        # HAHA (figure 6): the Binding Update to the home agents anycast address reaches the
        # member nearest the new access router, which acknowledges it and replicates the
        # binding to the others at once (Location Replicate); the member nearest the
        # correspondent, which tunnels the stream, turns it when the replica arrives.
        member = _anycast_member(p, wired, s.anycast, new)
        bound = sent + up + wired.time(new, member, sig) + home_dad
        ack = bound + wired.time(member, new, sig)
        replicated = bound + (wired.time(member, s.steering, sig)
                              if member != s.steering else 0.0)
        return _Switch(s.steering, replicated, ack, math.inf,
                       ack + nd + wm.unicast_s(sig, rate), bound - sent - home_dad,
                       location_update=replicated - bound)
    if s.host:
        if len(chain) == 1:
            (anchor,) = chain
            bound = sent + up + wired.time(new, anchor, sig) + home_dad
            ack = bound + wired.time(anchor, new, sig)
            return _Switch(anchor, bound, ack, math.inf, ack + nd + wm.unicast_s(sig, rate),
                           bound - sent - home_dad)
        anchor_point, home = chain
        local = sent + up + wired.time(new, anchor_point, sig)
        local_ack = local + wired.time(anchor_point, new, sig)
        if before and before[0] == anchor_point and old == s.session_link:
            # The session address leaves its own link within the anchor point's domain: the
            # mobile node registers it at once, beside the local Binding Update, from the
            # regional care-of address it has registered at home (reverse-tunnelled to the
            # anchor point); that binding turns the stream.
            bound = (sent + wm.unicast_s(sig + _IPV6, rate)
                     + wired.time(new, anchor_point, sig + _IPV6)
                     + wired.time(anchor_point, home, sig))
            return _Switch(home, bound, local_ack, math.inf,
                           local_ack + nd + wm.unicast_s(sig, rate), bound - sent)
        if before and before[0] == anchor_point:
            return _Switch(anchor_point, local, local_ack, math.inf,
                           local_ack + nd + wm.unicast_s(sig, rate), local - sent)
        # The home Binding Update leaves once the local acknowledgement is in, from the
        # regional care-of address: reverse-tunnelled to the anchor point.
        home_sent = local_ack + nd + wm.unicast_s(sig, rate)
        bound = (home_sent + wm.unicast_s(sig + _IPV6, rate)
                 + wired.time(new, anchor_point, sig + _IPV6)
                 + wired.time(anchor_point, home, sig) + home_dad)
        back = (bound + wired.time(home, anchor_point, sig + _IPV6)
                + wired.time(anchor_point, new, sig + 2 * _IPV6))
        return _Switch(home, bound, local_ack, math.inf,
                       back + wm.unicast_s(sig + 2 * _IPV6, rate),
                       bound - sent - home_dad - (home_sent - local_ack))
    if s.anycast:
        # Network-based HAHA: the proxy's PBU to the home agents anycast address reaches the
        # member nearest the new access router, which acknowledges it, replicates the binding
        # to the others and tells the previous proxy, all at once.
        member = _anycast_member(p, wired, s.anycast, new)
        bound = sent + wired.time(new, member, sig)
        ready = bound + wired.time(member, new, sig)
        replicated = bound + (wired.time(member, s.steering, sig)
                              if member != s.steering else 0.0)
        back = _anycast_member(p, wired, s.anycast, old)
        holds = bound + (wired.time(member, back, sig) if back != member else 0.0)
        return _Switch(s.steering, replicated, ready, bound + wired.time(member, old, sig),
                       ready, bound - sent, location_update=replicated - bound,
                       bounce=(_chain_path(s, old), back, holds))
    # Network mode: the chain starts at the proxy on the new access router. A session
    # address's /128 is registered beside the home network prefix, whose advertisement to
    # the station (once registered) starts resolving the link-local address the /128 is
    # routed to.
    parents = chain[1:]
    old_registrar = before[-2] if len(before) >= 2 else None
    session = s.session_link is not None
    if len(parents) == 2 and len(before) == 3 and before[1] == parents[0]:
        # Within the anchor point's domain (a session address leaving its own link too: the
        # anchor point binds the /128 as it does the prefix, and answers at once).
        anchor_point = parents[0]
        bound = sent + wired.time(new, anchor_point, sig)
        ready = bound + wired.time(anchor_point, new, sig)
        detached = (math.inf if old == s.session_link
                    else bound + wired.time(anchor_point, old, sig))
        return _Switch(anchor_point, bound, ready, detached, ready, bound - sent,
                       resolving=ready if session else math.inf)
    if len(parents) == 1:
        (anchor,) = parents
        bound = sent + wired.time(new, anchor, sig)
        ready = prefix_ready = bound + wired.time(anchor, new, sig)
        registration = bound - sent
    elif s.session_link is not None:
        # A session address entering an anchor point's domain: the anchor point binds the /128
        # and answers the proxy at once, registering it upward at the same time; the home
        # network prefix's answer comes down after the upward acknowledgement.
        anchor_point, anchor = parents
        regional = sent + wired.time(new, anchor_point, sig)
        bound = regional + wired.time(anchor_point, anchor, sig)
        ready = regional + wired.time(anchor_point, new, sig)
        registration = bound - sent
        prefix_ready = (bound + wired.time(anchor, anchor_point, sig)
                        + wired.time(anchor_point, new, sig))
    else:
        anchor_point, anchor = parents
        bound = (sent + wired.time(new, anchor_point, sig)
                 + wired.time(anchor_point, anchor, sig))
        ready = prefix_ready = (bound + wired.time(anchor, anchor_point, sig)
                                + wired.time(anchor_point, new, sig))
        registration = bound - sent
    # The location management function tells the old registrar; an old proxy below an anchor
    # point hears of it through the anchor point.
    detached = math.inf
    if old == s.session_link:
        pass  # the session address stays on its own link's prefix there
    elif old_registrar == old:
        detached = bound + wired.time(anchor, old, sig)
    elif old_registrar is not None:
        detached = (bound + wired.time(anchor, old_registrar, sig)
                    + wired.time(old_registrar, old, sig))
    return _Switch(anchor, bound, ready, detached, ready, registration,
                   resolving=prefix_ready if session else math.inf)


def model_handovers(placement: Placement, cfg: ScenarioConfig, mn: str, stream: Stream,
                    *, optimistic_dad: bool = False,
                    entry_lifetime_s: float = 10.0) -> list[HandoverModel]:
    """The modelled handovers of mobile node ``mn`` along its path mobility while ``stream``
    flows to its first home address (or, dynamic mobility, to the address of the link where
    its session starts), for host- or network-based placements with at most one
    anchor point between the mobile node (or its access router) and location management,
    co-located with the mobility routing function anchoring the home network or on a server
    of its own, learnt from by push or by query, or behind HAHA's anycast home agents
    (registered at the member nearest the access router, replicated to the member nearest the
    correspondent; with proxies, the old access router sends what still reaches it back
    through the member its routes choose); route optimisation by tunnel or by header rewrite
    (no outer header from MR(CN) to the egress anchor point); in network mode, an anchor
    point on the correspondent's way to the steering function (figure 7's visited MR, MR(CN)
    on the gateway) takes the stream down by its regional binding, made as the upper
    acknowledgement passes it, and packets that passed it before take the detour through the
    steering function; leaving its domain, it takes the stream down to the old access router
    until location management tells it of the move (then on to the steering function, or,
    being MR(CN), pushed the new location or asking for it). A session on the address of the
    link where it starts (``stream.local``) follows that address as a home address of the
    link's network from that link on (:func:`_session_address`), and with a location server
    the function anchoring that network is pushed its bindings (with proxies, that network's
    anchor point on the function's node binds the address within its domain first).
    Not modelled: a steering function that learns from a location server while such an
    anchor point lets go; a session address returning to its link, with route optimisation,
    with proxies and the correspondent on its link, or with a location server and proxies
    whose anchor point in the address's network is elsewhere.
    ``entry_lifetime_s`` is the location caches' EntryLifetime. :class:`ModelError` names what
    else a configuration would need."""
    if cfg.access != "wifi":
        raise ModelError(f"the model knows WiFi access, not {cfg.access} access")
    if cfg.wifi.phy != "yans":
        raise ModelError(f"the model is validated against the Yans PHY, not {cfg.wifi.phy}")
    data_mode = _data_mode(cfg)
    if cfg.wifi.channel_width_mhz != 20:
        raise ModelError(f"the model knows 20 MHz channels, not {cfg.wifi.channel_width_mhz} MHz")
    host = placement.mode is Mode.HOST_BASED
    wired = _Wired(placement, cfg)
    session, session_link = _session_address(placement, cfg, mn, stream)
    hoa, home_link, how = _covered(placement, mn, host, stream.source, wired, session)
    s = _Setting(placement, cfg, wired, host, hoa, home_link, stream,
                 optimistic_dad, data_mode, entry_lifetime_s=entry_lifetime_s,
                 session_link=session_link, **how)
    if (session_link is not None and not host and s.learns is None
            and len(placement.chain_at(hoa, session_link)) > 2):
        # (With a location server, _session_with_server has the anchor point on the node of
        # the function anchoring the address's network.)
        raise ModelError(f"a session on a local address of a network-based mobile node, its "
                         f"link at {session_link} below an anchor point, without a location "
                         "server: not modelled")
    if session_link is not None and not host and _cn_router(s) == session_link:
        raise ModelError(f"a session on a local address of a network-based mobile node with "
                         f"{stream.source} on the address's own link at {session_link} (its "
                         "router sends the address up to the anchor while it is bound "
                         "elsewhere): not modelled")
    waypoints, xs = _waypoints(cfg, placement, mn)
    w = cfg.wifi
    bi = w.beacon_interval_ms / 1000.0
    radius = wm.detection_range_m(w.tx_power_dbm, w.path_loss_exponent, w.reference_loss_db,
                                  w.channel_width_mhz)
    ap_y = w.ap_y_m
    m = cfg.mobility_of(mn)
    path = list(m.path) or list(xs)
    out = []
    t = 0.0
    for old, new in zip(path, path[1:], strict=False):
        if new == home_link:
            raise ModelError(f"{mn} returns to its home link at {new}: returning home is not "
                             "modelled")
        if new == session_link:
            raise ModelError(f"{mn} returns to the link of its session address at {new}: "
                             "returning to it is not modelled")
        edge = _leave_time(waypoints, (xs[old], ap_y), radius, t)
        at_home_before = home_link == old
        if s.binding:
            _route_optimised_by(s, path, new, edge)
        try:
            model = _handover(s, old, new, edge, bi, waypoints, xs, at_home_before)
        except _BeforeStream:
            t = edge
            continue
        if stream.stop_s is not None and model.first_rx_after_s > stream.stop_s:
            break
        if out and out[-1].first_rx_after_s >= model.deassociated_s:
            # Nothing reached the station through the old access router (it left before the
            # previous handover's first packet): the gap began before that handover.
            last = out[-1].last_rx_before_s
            model = replace(model, last_rx_before_s=last, components=model.components | {
                "before_deassociation": model.deassociated_s - last})
        out.append(model)
        t = model.associated_s
    return out


def _route_optimised_by(s: _Setting, path: list[str], new: str, edge: float) -> None:
    """ModelError unless the correspondent binding holds at a handover to ``new`` at ``edge``
    as the model has it (the mobile node crossing ``path``): registered once the stream's first
    packets came through the home agent (return routability through it and straight, then the
    Binding Update: bounded by four trips each way and a second); the home keygen token still
    fresh after the handover's home registration (younger than MAX_TOKEN_LIFETIME, 210 s, RFC
    6275 section 12, with 10 s to spare); and ``new`` not visited before (its care-of keygen
    token would still be fresh: no care-of test)."""
    wired, cn = s.wired, s.stream.source
    home = _chain_path(s, path[0]).time(wired, s.stream.ip_octets)
    ready = s.stream.start_s + 4 * (home + wired.time(path[0], cn, SIGNALLING_OCTETS)) + 1.0
    if edge < ready:
        raise ModelError(f"a handover at {edge:.2f} s, before route optimisation with {cn} "
                         f"is surely in place (by {ready:.2f} s): not modelled")
    if edge + 10.0 > s.stream.start_s + 210.0:
        raise ModelError("a handover once the home keygen token is about to be older than "
                         "MAX_TOKEN_LIFETIME (a Home Test Init again): not modelled")
    if path.count(new) > 1:
        raise ModelError(f"route optimisation with a return to {new} (the care-of keygen "
                         "token may still be fresh there): not modelled")


def _session_address(placement: Placement, cfg: ScenarioConfig, mn: str, stream: Stream
                     ) -> tuple[HomeAddress | None, str | None]:
    """For a stream to an address of the access link where its session starts (dynamic
    mobility, section 6): that address, as a home address of the network of the mobile node's
    first access router (allocated there, anchored and kept reachable by that network's
    functions, registered like its home addresses: by the mobile node's agent, or by each
    proxy it attaches to, as a /128 along the chain its home network prefix takes), and that
    access router, on whose link the address is registered nowhere; (None, None) for a
    stream to the home address."""
    if not stream.local:
        return None, None
    m = cfg.mobility_of(mn)
    if m.model != "path" or stream.start_s > m.start_s:
        raise ModelError("a session on a local address is modelled when it starts before the "
                         "mobile node moves (path mobility)")
    ars = [n.name for n in placement.nodes_of_kind(NodeKind.ACCESS_ROUTER)]
    first = (list(m.path) or ars)[0]  # as _waypoints: the path, or every access router
    return HomeAddress(f"{mn} session", mn, placement.node(first).network,
                       session=stream.source), first


def _covered(placement: Placement, mn: str, host: bool, cn: str, wired: _Wired,
             session: HomeAddress | None = None
             ) -> tuple[HomeAddress, str | None, dict[str, Any]]:
    """The home address the model follows (``session``, or the mobile node's first), its home
    link (an access router, if the location management function is on one) and how the stream
    is steered (the :class:`_Setting` fields), or ModelError naming what is not modelled."""
    from ns3dmm.framework.model import FirstPacket, Rs2  # noqa: PLC0415
    from ns3dmm.framework.relations import RelationKind, relations  # noqa: PLC0415

    homes = placement.home_addresses_of(mn)
    if not homes:
        raise ModelError(f"{mn}: no home address in the placement")
    hoa = session or homes[0]
    network = hoa.network
    ro = placement.route_optimisation
    group = placement.anycast_group_for(network) if ro is None else None
    if not host and not any(placement.node(p.node).kind is NodeKind.ACCESS_ROUTER
                            for p in placement.proxies):
        raise ModelError("network-based placement without proxies on access routers")
    lms = [lm for lm in placement.location_managers if network in lm.serves]
    if not lms:
        raise ModelError(f"no location management function serves {network}")
    servers = set()
    for ar in placement.nodes_of_kind(NodeKind.ACCESS_ROUTER):
        try:
            chain = placement.chain_at(hoa, ar.name)
        except LookupError as exc:
            raise ModelError(f"no registration chain at {ar.name}: {exc}") from None
        nodes = _nodes(placement, chain)
        if not placement.mrs_on(nodes[-1]):
            servers.add(nodes[-1])
        levels = len(chain) - (0 if host else 1)
        if levels > 2:
            raise ModelError(f"{len(chain) - 1} proxies between {ar.name} and {chain[-1]}: the "
                             "model covers one anchor point")
    try:
        home = placement.home_mr(network).node
        steering = placement.mr_for_cn(cn, hoa).node if ro is not None else home
    except LookupError as exc:
        raise ModelError(str(exc)) from None
    if host and ro is not None and ro.forwarding.value != "tunnel":
        raise ModelError(f"route optimisation by {ro.forwarding.value} with host-based mobile "
                         "nodes (per-host locators are the proxies'): not simulated")
    how: dict[str, Any] = {"steering": steering, "learns": None, "push_path": (),
                           "rewrite": ro is not None and ro.forwarding.value != "tunnel"}
    if host and session is None and placement.correspondent_binding_on(cn) is not None:
        # MIPv6 route optimisation with the correspondent (a session address is not
        # registered with it).
        if ro is not None or group is not None:
            raise ModelError("MIPv6 route optimisation beside the designs of section 8 or "
                             "anycast home agents: not modelled")
        if any(len(placement.chain_at(hoa, ar.name)) > 1
               for ar in placement.nodes_of_kind(NodeKind.ACCESS_ROUTER)):
            raise ModelError("MIPv6 route optimisation under an anchor point (the "
                             "correspondent binds the regional care-of address): not modelled")
        how["binding"] = True
    if group is not None:
        members = [placement.mr(m).node for m in group.members]
        home_first = ([m for m in members if placement.node(m).network == network]
                      + [m for m in members if placement.node(m).network != network])
        how["anycast"] = tuple(home_first)
        how["steering"] = _anycast_member(placement, wired, how["anycast"], cn)
        return hoa, None, how
    if servers:
        if len(servers) > 1:
            raise ModelError(f"several location servers keep {hoa.name}: not modelled")
        (server,) = servers
        clients = {r.source_node: r.detail for r in relations(placement)
                   if r.kind is RelationKind.LM_CLIENT and r.target_node == server}
        if session is not None:
            _session_with_server(placement, hoa, host, ro, home, server, clients)
            how["learns"] = "push"
            how["push_path"] = (server, home)
        elif ro is not None and ro.rs2 is Rs2.PUSH:
            if clients.get(home) != "push":
                raise ModelError(f"RS2.push with the home MR on {home} asking {server}: not "
                                 "modelled")
            how["learns"] = "push"
            how["push_path"] = (server, home) + ((steering,) if steering != home else ())
        elif ro is not None or clients.get(home) == "pull":
            if ro is not None and ro.first_packet is not FirstPacket.WAIT:
                raise ModelError("a location cache asking the server with first_packet = "
                                 f"{ro.first_packet.value}: not modelled (wait is)")
            how["learns"] = "query"
        elif clients.get(home) == "push":
            how["learns"] = "push"
            how["push_path"] = (server, home)
        else:
            raise ModelError(f"no location cache on {home} learns from {server}")
    node = lms[0].node
    home_link = node if placement.node(node).kind is NodeKind.ACCESS_ROUTER else None
    return hoa, home_link, how


def _session_with_server(placement: Placement, hoa: HomeAddress, host: bool, ro: Any,
                         home: str, server: str, clients: dict[str, str]) -> None:
    """A session address kept by a location server (the distributed LM database, section 7):
    the mobility routing function anchoring the address's network is told every binding of
    an address of that network's access links by the server as it binds it (a Location
    Notify: LocationManagement::WatchLink), whatever it asks for home addresses; so it learns
    the session address's location as a push from the server.

    Network-based, the proxies register the address (a /128) along the chain of the home
    network prefix, through each network's anchor point: in the address's own network the
    server binds it to the anchor point there, which must be on the node of that mobility
    routing function (the distributed LM database's gateway, GW1): a followed binding naming
    its own node's anchor point leaves the anchor point's regional binding in force, which
    turns the stream within its domain as it does a home address's; in another network the
    server binds it to that network's anchor point, on the correspondent's way or not, and
    the pushed binding makes the function tunnel to it. ModelError for what is not
    modelled."""
    if ro is not None:
        raise ModelError("a session on a local address with route optimisation (the "
                         "correspondent's MR asks the server for the address): not modelled")
    if home not in clients:
        raise ModelError(f"no location cache on {home} is told of the session address by "
                         f"{server}")
    if host:
        return
    for ar in placement.nodes_of_kind(NodeKind.ACCESS_ROUTER):
        if ar.network != hoa.network:
            continue
        nodes = _nodes(placement, placement.chain_at(hoa, ar.name))
        if len(nodes) != 3 or nodes[1] != home:
            raise ModelError(f"a session on a local address of a network-based mobile node "
                             f"with location servers, registered at {ar.name} through "
                             f"{'no anchor point' if len(nodes) < 3 else nodes[1]} rather "
                             f"than the anchor point on {home}, which anchors "
                             f"{hoa.network} and follows {server}: not modelled")


def _data_mode(cfg: ScenarioConfig) -> wm.OfdmMode | None:
    """ConstantRateWifiManager's data rate, or None for IdealWifiManager under 802.11a;
    ModelError for what the model does not know."""
    w = cfg.wifi
    if w.station_manager == "ns3::ConstantRateWifiManager":
        try:
            return wm.mode(w.data_mode or "OfdmRate6Mbps")
        except ValueError as exc:
            raise ModelError(f"the model knows the 802.11a OFDM rates: {exc}") from None
    if w.station_manager == "ns3::IdealWifiManager":
        if w.standard != "80211a":
            raise ModelError(f"IdealWifiManager under {w.standard} picks HT/VHT rates; "
                             "the model knows the 802.11a OFDM rates")
        return None
    raise ModelError(f"the model knows IdealWifiManager and ConstantRateWifiManager, not "
                     f"{w.station_manager}")


def _rate_at(cfg: ScenarioConfig, data_mode: wm.OfdmMode | None, distance: float
             ) -> wm.OfdmMode:
    """The data rate at a distance: the constant one, or IdealWifiManager's."""
    if data_mode is not None:
        return data_mode
    w = cfg.wifi
    return wm.ideal_mode(wm.snr_db(distance, w.tx_power_dbm, w.path_loss_exponent,
                                   w.reference_loss_db, w.channel_width_mhz))


def _ideal_or(s: _Setting, distance: float) -> wm.OfdmMode:
    """The data rate at a distance in the handover model's setting."""
    return _rate_at(s.cfg, s.data_mode, distance)


def _handover(s: _Setting, old: str, new: str, edge: float, bi: float,
              waypoints: list[tuple[float, float, float]], xs: dict[str, float],
              at_home_before: bool) -> HandoverModel:
    cfg, w, stream = s.cfg, s.cfg.wifi, s.stream
    ap_y = w.ap_y_m
    # Link loss, detection, scan and association.
    beacon = wm.beacon_s(w.ssid)
    link_lost = edge - bi / 2 + beacon
    deassociated = link_lost + w.max_missed_beacons * bi
    associated = deassociated + wm.scan_s(w.active_probing) + wm.association_s(w.ssid)
    x, y = _position(waypoints, associated)
    near = math.hypot(x - xs[new], y - ap_y)
    rate = _ideal_or(s, near)
    nd = (s.cfg.solicitation_jitter_ms / 2000.0 + wm.multicast_s(ND_OCTETS)
          + wm.unicast_s(ND_OCTETS, rate))
    jitter_max = s.cfg.solicitation_jitter_ms / 1000.0
    nd_fixed = wm.multicast_s(ND_OCTETS) + wm.unicast_s(ND_OCTETS, rate)
    new_path = _stream_path(s, new)
    delivery = wm.unicast_s(stream.ip_octets + _IPV6 * new_path.wifi_outer + new_path.extra,
                            rate)
    components: dict[str, float] = {}

    # Last packet through the old access point.
    last_rx = _last_rx_before(s, old, edge, waypoints, xs)
    components["before_deassociation"] = deassociated - last_rx
    components["scan"] = wm.scan_s(w.active_probing)
    components["association"] = wm.association_s(w.ssid)

    # Detection and registration.
    home_dad = HOME_DAD_S if (s.host and s.home_link is not None and at_home_before
                              and cfg.dad) else 0.0
    if s.host:
        ra_wait = ra_residual_s(cfg.ra_min_interval_ms, cfg.ra_max_interval_ms)
        movement = associated + ra_wait + wm.multicast_s(RA_OCTETS)
        dad = DAD_TIMEOUT_S if cfg.dad and not s.optimistic_dad else 0.0
        care_of: float | None = movement + dad
        sent = care_of
        up = wm.unicast_s(SIGNALLING_OCTETS, rate)
        components["router_advertisement"] = movement - associated
        components["duplicate_address_detection"] = dad
    else:
        movement = associated
        care_of = None
        sent = movement
        up = 0.0
        components["router_advertisement"] = 0.0
        components["duplicate_address_detection"] = 0.0
    sw = _switch(s, old, new, sent, up, rate, nd, home_dad)
    components["registration"] = sw.registration
    components["home_agent_dad"] = home_dad
    components["location_update"] = sw.location_update
    if s.binding:
        sw, rr, update = _correspondent_update(s, sw, new, rate)
        components["location_update"] = sw.location_update
        components["return_routability"] = rr
        components["correspondent_update"] = update

    # The first data packet through the new access router.
    first = _first_rx_after(s, old, new, sw, new_path, jitter_max, nd_fixed, delivery)
    components["first_packet"] = first - sw.bound
    return HandoverModel(
        previous_access_router=old, access_router=new, last_rx_before_s=last_rx,
        link_lost_s=link_lost, deassociated_s=deassociated, associated_s=associated,
        movement_detected_s=movement, care_of_address_s=care_of, registration_sent_s=sent,
        registration_acknowledged_s=sw.acknowledged, first_rx_after_s=first,
        components=components)


def _cn_router(s: _Setting) -> str:
    """The node the correspondent is attached to (its only wired neighbour)."""
    neighbours = s.wired.adjacency.get(s.stream.source, [])
    if len(neighbours) != 1:
        raise ModelError(f"{s.stream.source} is not a correspondent with one uplink")
    return neighbours[0]


def _arrival_at(s: _Setting, ar: str, departure: float, prefix_at: dict[str, tuple[float, float]],
                sw: _Switch, path: _Path) -> float | None:
    """When a packet that left the correspondent at ``departure`` reaches access router
    ``ar``'s access link for the mobile node, or None if it goes elsewhere. ``prefix_at``
    gives, in network mode, the interval in which each access router has the mobile node's
    prefix on its access link (local delivery there, and nothing delivered before); the
    switch's node turns the stream to ``ar`` at ``sw.bound``."""
    wired, cn, stream = s.wired, s.stream.source, s.stream
    size = stream.ip_octets
    router = _cn_router(s)
    if not s.host and router in prefix_at:
        t_router = departure + wired.time(cn, router, size)
        lo, hi = prefix_at[router]
        if lo <= t_router < hi:
            return t_router if router == ar else None
    at, spent = departure, 0.0
    for node, held, bound in sw.gates:
        until = path.time(wired, size, until=node)
        at += until - spent
        spent = until
        if sw.asks is not None and node == sw.node and held is not None:
            # The first packet of this phase to reach the node from `held` on asks (none
            # gets past the correspondent's access router while that still has the prefix).
            T = stream.interval_s
            phase = math.fmod(departure, T)
            lower = held - until
            if not s.host and router in prefix_at and router != ar:
                lower = max(lower, prefix_at[router][1] - wired.time(cn, router, size))
            bound = phase + math.ceil((lower - phase) / T - 1e-9) * T + until + sw.asks
        if held is not None and held <= at < bound:
            at = bound  # waited for the location
        elif at < bound:
            if node == sw.node and sw.detour is not None:
                # On past the anchor point, to the steering function and maybe back.
                return _arrival_at(s, ar, departure, prefix_at, *sw.detour)
            if sw.bounce is not None:
                return _bounced(s, ar, departure, prefix_at, sw.bounce)
            return None  # to the old location
    arrival = at + path.time(wired, size) - spent
    if not s.host and arrival < prefix_at[ar][0]:
        return None
    return arrival


def _bounced(s: _Setting, ar: str, departure: float,
             prefix_at: dict[str, tuple[float, float]],
             bounce: tuple[_Path, str, float]) -> float | None:
    """When a packet sent to the old location reaches ``ar`` through the anycast member the old
    access router's routes send it to (:attr:`_Switch.bounce`), or None if it is delivered on
    the old link or reaches that member before the new binding."""
    wired, size = s.wired, s.stream.ip_octets
    old_path, member, holds = bounce
    (old, (_, detached)), = ((k, v) for k, v in prefix_at.items() if k != ar)
    at_old = departure + old_path.time(wired, size)
    if at_old < detached:
        return None
    at_member = at_old + wired.time(old, member, size)
    if at_member < holds:
        return None
    return at_member + wired.time(member, ar, size + _IPV6)


def _first_rx_after(s: _Setting, old: str, new: str, sw: _Switch, path: _Path,
                    jitter_max: float, nd_fixed: float, delivery: float) -> float:
    """Expected arrival of the first data packet through the new access router, over the
    stream's phase (uniform) and the solicitation jitter (uniform)."""
    T = s.stream.interval_s
    prefix_at: dict[str, tuple[float, float]] = {}
    if not s.host:
        prefix_at = {old: (-math.inf, sw.detached), new: (sw.ready_at_router, math.inf)}
    def latest(switch: _Switch, along: _Path) -> float:
        """The last departure a gate of ``switch`` may still send the old way, about."""
        return max((held if held is not None else bound)
                   - along.time(s.wired, s.stream.ip_octets, until=node)
                   for node, held, bound in switch.gates)

    horizon = latest(sw, path) - 2 * T
    if sw.detour is not None:
        horizon = min(horizon, latest(*sw.detour) - 2 * T)
    if sw.bounce is not None:
        horizon = min(horizon, sw.detached - sw.bounce[0].time(s.wired, s.stream.ip_octets)
                      - 2 * T)
    total = 0.0
    for p in range(_PHASES):
        phase = (p + 0.5) / _PHASES * T
        k = math.floor((horizon - phase) / T)
        first = None
        for j in range(k, k + 10_000):
            departure = phase + j * T
            arrival = _arrival_at(s, new, departure, prefix_at, sw, path)
            if arrival is not None:
                first = arrival if first is None else min(first, arrival)
            if first is not None and departure > first:
                break
        if first is None:
            raise ModelError(f"no packet of the stream reaches {new} after the handover")
        # Neighbour discovery of the mobile node's address: host mode, started by the
        # acknowledgement; network mode, by the first data packet (or, for the link-local
        # address a session address is routed to, by the prefix's advertisement before it).
        start = sw.ready_at_router if s.host else min(first, sw.resolving)
        total += _expected_max_uniform(first, start + nd_fixed, start + nd_fixed + jitter_max)
        total += delivery
    return total / _PHASES


def _last_rx_before(s: _Setting, old: str, edge: float,
                    waypoints: list[tuple[float, float, float]], xs: dict[str, float]) -> float:
    """The last data packet through the old access point, before the station leaves it: the
    stream's schedule is known, and each packet is received with the probability its rate
    allows at the station's distance then (1 up to the detection edge with IdealWifiManager)."""
    stream, wired, w = s.stream, s.wired, s.cfg.wifi
    router = _cn_router(s)
    local = not s.host and router == old
    steady = _stream_path(s, old)
    if local:
        path = wired.time(stream.source, old, stream.ip_octets)
    else:
        path = steady.time(wired, stream.ip_octets)
    frame_octets = stream.ip_octets + (0 if local else _IPV6 * steady.wifi_outer + steady.extra)
    j_last = math.floor((edge - path - stream.start_s) / stream.interval_s)
    if j_last < 0:
        raise _BeforeStream(f"the station leaves {old} before the stream's first packet")
    if s.data_mode is None:
        arrival = stream.start_s + j_last * stream.interval_s + path
        edge_rate = _ideal_or(s, wm.detection_range_m(w.tx_power_dbm, w.path_loss_exponent,
                                                       w.reference_loss_db, w.channel_width_mhz))
        return arrival + wm.access_s() + wm.frame_s(frame_octets + wm.DATA_OVERHEAD, edge_rate)
    # Constant rate: the expectation of the last success going back from the edge.
    expected, survive = 0.0, 1.0
    frame = frame_octets + wm.DATA_OVERHEAD
    for j in range(j_last, max(j_last - 100_000, -1), -1):
        arrival = stream.start_s + j * stream.interval_s + path
        if arrival < stream.start_s:
            break
        x, y = _position(waypoints, arrival)
        d = math.hypot(x - xs[old], y - w.ap_y_m)
        snr = wm.snr_db(d, w.tx_power_dbm, w.path_loss_exponent, w.reference_loss_db,
                        w.channel_width_mhz)
        p = wm.frame_success(s.data_mode, snr, frame, w.channel_width_mhz)
        q = 1 - (1 - p) ** wm.FRAME_RETRY_LIMIT
        received = arrival + wm.access_s() + wm.frame_s(frame, s.data_mode)
        expected += survive * q * received
        survive *= 1 - q
        if survive < 1e-12:
            break
    if survive >= 1:
        raise ModelError(f"no packet of the stream reaches the station through {old} at "
                         f"{s.data_mode.name}")
    return expected / (1 - survive)


# ---------------------------------------------------------------------- first packet


def model_first_packet(placement: Placement, cfg: ScenarioConfig, cn: str, mn: str,
                       access_router: str, payload: int, *,
                       interval_s: float | None = None) -> float:
    """The expected extra delay (s) of a UDP stream's first packet over the packets after it,
    from ``cn`` to ``mn``'s first home address while ``mn`` is at ``access_router`` (draft
    sections 7 and 8; nothing measured):

    * the detour of the first packet's path (``DataPath.first_packet``: via home, RS2.push or
      ``first_packet = via-home``) over the steady path, each link's propagation and
      serialization, with an IPv6 header more on the tunnelled segments;
    * every wait for a location on the way: a mobility routing function that resolves the
      home address through a location server (a location cache: the correspondent's MR asking
      by RS2.query with ``first_packet = wait``, or the MR anchoring the home network's pool
      with its LM on a server of its own) holds the packet for a Location Query and its
      Reply, the round trip to that server.

    * network mode: the access router resolves the station's address by neighbour discovery
      on the first packet (the solicitation after its jitter, by its mean, then the
      solicitation and advertisement frames at the station's rate where it stands).

    With ``mn`` away from its home network only (at home the relations route the packet
    plainly where the simulator's anchoring MR still resolves it). In network mode the
    stream's ``interval_s`` is needed: the packets that reach the access router before its
    neighbour discovery can end (those held for a location reach it together) must fit its
    neighbour cache's queue (``cfg.nd_queue``), or the oldest, the first packet among them,
    are lost there; that is not modelled."""
    from ns3dmm.framework.model import FirstPacket, Rs2  # noqa: PLC0415
    from ns3dmm.framework.relations import HopKind, data_path  # noqa: PLC0415

    homes = placement.home_addresses_of(mn)
    if not homes:
        raise ModelError(f"{mn}: no home address in the placement")
    hoa = homes[0]
    moved = placement.moved(mn, access_router)
    if not moved.needs_mobility(hoa):
        raise ModelError(f"{mn} at {access_router} is in its home network: not modelled")
    if placement.mode is Mode.HOST_BASED and placement.correspondent_binding_on(cn) is not None:
        raise ModelError(f"MIPv6 route optimisation with {cn}: the packets after the first go "
                         "via home too until the correspondent registration ends (not a "
                         "first packet's extra delay): not modelled")
    path = data_path(moved, cn, hoa.name)
    wired = _Wired(placement, cfg)
    octets = payload + _UDP + _IPV6

    def travel(hops: Any) -> float:
        total = 0.0
        for prev, hop in zip(hops, hops[1:], strict=False):
            size = octets + (_IPV6 if hop.via is HopKind.TUNNEL else 0) + (
                _RO_HEADER if hop.via is HopKind.BINDING else 0)
            a, b = prev.node, access_router if hop.node == mn else hop.node
            if a != b:
                total += wired.time(a, b, size)
        return total

    first = path.first_packet or path.hops
    extra = travel(first) - travel(path.hops)
    held = 0.0  # waiting for locations
    ro = placement.route_optimisation
    asked = {m.name for m in placement.mobility_routers}
    for hop in first[1:]:
        mr = next((m for m in placement.mrs_on(hop.node) if m.name == hop.role), None)
        if mr is None or mr.name not in asked:
            continue
        asked.discard(mr.name)
        server = None
        if hoa.network in mr.anchors:
            lm = placement.responsible_lm(hoa.network, near=placement.network_of(mr.node))
            server = lm.node if lm.node != mr.node else None
        elif (ro is not None and ro.rs2 is Rs2.QUERY and ro.first_packet is FirstPacket.WAIT
              and mr.name == moved.mr_for_cn(cn, hoa).name):
            server = placement.responsible_lm(hoa.network,
                                              near=placement.network_of(mr.node)).node
        if server is not None:
            wait = wired.time(mr.node, server, SIGNALLING_OCTETS) + wired.time(
                server, mr.node, SIGNALLING_OCTETS)
            held += wait
            extra += wait
    if placement.mode is Mode.NETWORK_BASED:
        if interval_s is None or interval_s <= 0:
            raise ModelError("network-based: the first packet's fate at the access router "
                             "depends on the stream's interval (interval_s)")
        nd_max = (cfg.solicitation_jitter_ms / 1000.0 + wm.multicast_s(ND_OCTETS)
                  + wm.unicast_s(ND_OCTETS, wm.BASIC))
        together = max(1, math.ceil(held / interval_s - 1e-9))
        after = together * interval_s - held  # the next packet, after the burst
        queued = together + (math.floor((nd_max - after) / interval_s) + 1
                             if after <= nd_max else 0)
        if queued > cfg.nd_queue:
            raise ModelError(f"network-based: {queued} packets reach {access_router} before "
                             "its neighbour discovery can end (held for a location, or a "
                             f"stream every {interval_s * 1000:g} ms), more than its neighbour "
                             f"cache queues (nd_queue {cfg.nd_queue}): the first are lost "
                             "there; not modelled")
        rate = _rate_at(cfg, _data_mode(cfg),
                        max(abs(cfg.mobility_of(mn).lane_offset_m), 1.0))
        extra += (cfg.solicitation_jitter_ms / 2000.0 + wm.multicast_s(ND_OCTETS)
                  + wm.unicast_s(ND_OCTETS, rate))
    return extra



def model_delivery_octets(placement: Placement, cfg: ScenarioConfig, cn: str, mn: str,
                          access_router: str, payload: int) -> int:
    """The packet delivery cost of one UDP packet of the steady path (nothing measured): the
    IPv6 octets it takes on every link from ``cn`` to ``mn``'s first home address while
    ``mn`` is at ``access_router``, summed, the links being those the static routes take
    between the hops of the relations' data path, the WiFi link to the station included:

    * the packet itself (payload, UDP and IPv6 headers) on every link;
    * an outer IPv6 header on every link of a tunnelled hop: from the mobility element that
      encapsulates to the one the hop reaches, and on to the mobile node when that is its
      host-based anchor point (the tunnel ends at the mobile node's regional care-of address;
      the anchor point's own tunnel to the on-link care-of address carries it, nested);
    * nothing more on a rewritten hop (header rewrite) or on the access link;
    * the Type 2 Routing header (24 octets) on every link from a correspondent holding a
      binding (MIPv6 route optimisation) to the mobile node, tunnelled below an anchor point
      too.
    """
    from ns3dmm.framework.relations import HopKind, data_path  # noqa: PLC0415

    homes = placement.home_addresses_of(mn)
    if not homes:
        raise ModelError(f"{mn}: no home address in the placement")
    hoa = homes[0]
    moved = placement.moved(mn, access_router)
    path = data_path(moved, cn, hoa.name)
    wired = _Wired(placement, cfg)
    octets = payload + _UDP + _IPV6
    host_anchors = set()
    if placement.mode is Mode.HOST_BASED:
        host_anchors = {moved.proxy(name).node for name in moved.lm_chain(hoa)[:-1]}
    total = 0
    carried = 0  # outer headers that go on to the mobile node
    routing = 0  # the Type 2 Routing header, from a correspondent holding a binding
    for prev, hop in zip(path.hops, path.hops[1:], strict=False):
        target = access_router if hop.node == mn else hop.node
        links = len(wired.path(prev.node, target)) - 1 if prev.node != target else 0
        if hop.node == mn:
            links += 1  # the WiFi link
        outer = carried + (1 if hop.via is HopKind.TUNNEL else 0)
        if hop.via is HopKind.BINDING:
            routing = _RO_HEADER  # on to the mobile node, inside any tunnel below
        total += links * (octets + _IPV6 * outer + routing)
        if hop.via is HopKind.TUNNEL and hop.node in host_anchors:
            carried += 1
    return total
