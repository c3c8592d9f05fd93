"""Build a realistic ns-3 topology from a framework :class:`~ns3dmm.framework.Placement`.

The wired part: the networks' gateways joined by the core (``ScenarioConfig.core``): a star
around one core router (``Core``, the default), a ring in network order, a full mesh, or an
edge list; inside each network the gateway joined to every anchor, LM server and access
router by point-to-point links; each correspondent node joined to its ``attached_to`` node
(an access router or gateway; else its gateway). All IPv6, static routes by shortest delay.

Addressing, per network prefix (e.g. ``2001:1::/48``):

* ``Network.subnet(0)``: the gateway's link to the core router (``::1`` on the core, ``::2``
  on the gateway), or its first core link to another gateway (``::1`` on the other); its
  further core links take /64s from the top like the links below;
* ``Network.subnet(k)``: access router ``k``'s WiFi access link (``Placement.access_subnet``),
  ``::1`` on the AR; mobile nodes configure their own addresses by SLAAC;
* the other links of the network (gateway to anchor / LM server / AR, CN links) take /64s from
  the top of the prefix downwards (``Network.subnet(last)``, ``subnet(last - 1)``, ...), in
  placement order; ``::1`` on the node nearer the core.

Routes: every node other than a mobile node has a route to every link /64 and access subnet
through its first hop on a shortest path (by delay, then by links: the links of a network
form a tree, so inside it that is the one path). With a star core every node has a default
route towards the core router, which routes each network prefix to that network's gateway;
with another core each node's default route goes towards its own gateway, and each gateway
routes every other network's prefix through its first hop on a shortest path to that
network's gateway. Forwarding is on for the core, gateways, anchors and access routers; LM
servers, CNs and mobile nodes are hosts.

The access network: every access router is a WiFi AP (one SSID, one channel) on the x axis in
placement order; mobile nodes are WiFi stations with active probing. Access routers send Router
Advertisements of their access subnet (Radvd, short intervals) unless switched off, so mobile
nodes get care-of addresses by SLAAC.

Everything here runs at configuration time, through ``ns3::dmm::ScenarioHelper`` (a few
distinct C++ calls however large the scenario: cppyy compiles a wrapper per distinct call);
packets and WiFi events are recorded in C++ and read back as JSON after the run.
"""

from __future__ import annotations

import dataclasses
import gc
import ipaddress
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ns3dmm import callbacks
from ns3dmm._loader import load
from ns3dmm.framework.model import AllocationScope, Mode, NodeKind, Placement
from ns3dmm.topology import first_hops, shortest_paths

from .config import (ONOFF_PERIODS, SERIES_BIN_S, SIGNALLING_TYPES, UDP_KINDS, MobilityConfig,
                     ScenarioConfig, ScenarioConfigError, bit_rate)

__all__ = ["CORE", "AppSession", "Link", "Scenario", "build_scenario"]

#: Name of the core router joining the networks' gateways.
CORE = "Core"
#: Peer name used for an access router's or mobile node's WiFi interface in address keys.
WIFI = "wifi"
_DOCUMENTATION = ipaddress.IPv6Network("2001:db8::/32")
_FIRST_PORT = 9000
#: The fixed random streams, block by block, each from its first stream on: the WiFi devices
#: (ns-3.44, 802.11a: an access point takes 4, a station 3; QoS and some rate managers take
#: more, counted as they are assigned), the mobile nodes' mobility models (10 each), Radvd
#: (one per access router), the nodes' Internet stacks (3 each), the signalling loss models
#: (one per node), RIPng (one per node that runs it) and the on-off sessions (two each). A
#: block too large for the room below the next one's first stream starts at STREAM_FAR + its
#: place x STREAM_FAR_SPAN instead, so that no two random variables ever share a stream;
#: scenarios whose blocks fit keep these first streams.
STREAM_BLOCKS = {"wifi": 1000, "mobility": 2000, "radvd": 3000, "internet": 4000,
                 "signalling": 5000, "routing": 50_000_000, "traffic": 60_000_000}
STREAM_FAR = 1_000_000_000
STREAM_FAR_SPAN = 100_000_000
_MOBILITY_STREAMS = 10  # per mobile node
_INTERNET_STREAMS = 3  # per node (ns-3.44, IPv6 only), checked against what it takes
_ROUTERS = (NodeKind.GATEWAY, NodeKind.ANCHOR, NodeKind.ACCESS_ROUTER)


@dataclass(frozen=True, slots=True)
class Link:
    """A point-to-point link; ``a`` is the end nearer the core (address ``::1``)."""

    a: str
    b: str
    network: ipaddress.IPv6Network
    address_a: str
    address_b: str
    interface_a: int
    interface_b: int
    kind: str  #: "core" (gateway-core or gateway-gateway), "network" (inside a network) or "cn"
    index: int = field(default=0, compare=False)  #: the helper's link index
    delay_ms: float = field(default=0.0, compare=False)  #: propagation delay


@dataclass(frozen=True, slots=True)
class Received:
    """What a session's receiver got, in arrival order (from the C++ PacketRecorder)."""

    times: list[float]  #: arrival times (s)
    sizes: list[int]  #: packet sizes (octets)
    sequences: list[int]  #: UDP: SeqTsHeader sequence numbers
    delays: list[float]  #: UDP: one-way delays (s)
    hops: list[int]  #: UDP to a followed source: links crossed (-1: not followed)
    #: per packet, the probe's waypoints it crossed (bit k: Scenario.probe_waypoints[k])
    waypoints: list[int] = field(default_factory=list)
    #: per packet, 1 when it crossed a link inside an IPv6-in-IPv6 tunnel
    tunnelled: list[int] = field(default_factory=list)
    #: per packet, the IPv6 octets sent on the links it crossed (outer headers included)
    octets: list[int] = field(default_factory=list)
    #: bounded metrics (ScenarioConfig.metrics): the lists above hold only the arrivals next
    #: to an event of a followed station; this holds the recorder's ``summary`` (counts and
    #: sums over every packet), ``duplicate_times`` and the paths' ``segments``, one per
    #: association; None when every packet is kept
    bounded: dict[str, Any] | None = None


@dataclass(slots=True, eq=False)
class AppSession:
    """One application session: a source application and a PacketSink on the receiver."""

    name: str
    kind: str  #: "udp-cbr", "udp-onoff" or "tcp-bulk"
    source: str
    receiver: str
    port: int
    start_s: float
    stop_s: float | None
    destination: str | None  #: None until a deferred address is resolved at start_s
    size: int  #: UDP payload or TCP send size, bytes
    index: int = field(repr=False)  #: the helper's session index
    rx: Any = field(repr=False)  #: C++ PacketRecorder
    tx: Any = field(repr=False)  #: C++ TxCounter (packets, bytes, first, last)

    def received(self) -> Received:
        """Everything the receiver got so far."""
        data = json.loads(str(self.rx.GetJson()))
        bounded = ({key: data[key] for key in ("summary", "duplicate_times", "segments")}
                   if "summary" in data else None)
        return Received(data["times"], data["sizes"], data["sequences"], data["delays"],
                        data["hops"], data["waypoints"], data["tunnelled"], data["octets"],
                        bounded)

    def result(self, received: Received | None = None) -> dict[str, Any]:
        rx = received or self.received()
        if rx.bounded is not None:
            counts = rx.bounded["summary"]
            received_packets, received_bytes = counts["received"], counts["octets"]
            first, last = counts["first_s"], counts["last_s"]
        else:
            received_packets, received_bytes = len(rx.times), int(sum(rx.sizes))
            first = rx.times[0] if rx.times else None
            last = rx.times[-1] if rx.times else None
        return {
            "kind": self.kind,
            "source": self.source,
            "receiver": self.receiver,
            "destination": self.destination,
            "port": self.port,
            "tx_packets": int(self.tx.packets),
            # UdpClient's Tx trace sees the payload before its 12-byte sequence header; every
            # packet of a UDP session is ``size`` octets.
            "tx_bytes": int(self.tx.packets) * self.size if self.kind in UDP_KINDS
            else int(self.tx.bytes),
            "rx_packets": received_packets,
            "rx_bytes": received_bytes,
            "first_rx_s": first,
            "last_rx_s": last,
        }


@dataclass(slots=True, eq=False)
class Scenario:
    """A built scenario: named ns-3 objects, addresses, applications; :meth:`run` and
    :meth:`destroy`. Build it with :func:`build_scenario`."""

    placement: Placement
    config: ScenarioConfig
    nodes: dict[str, Any] = field(default_factory=dict)  #: placement name (and ``Core``) -> Node
    links: list[Link] = field(default_factory=list)
    #: node -> its RipNg (``core_routing = "ripng"``)
    ripng: dict[str, Any] = field(default_factory=dict)
    #: (node, peer) -> global address; peer ``"wifi"`` for an AR's access interface
    addresses: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (node, peer) -> IPv6 interface index; peer ``"wifi"`` for WiFi interfaces (ARs and MNs)
    interfaces: dict[tuple[str, str], int] = field(default_factory=dict)
    macs: dict[str, str] = field(default_factory=dict)  #: AR or MN name -> WiFi MAC address
    ap_positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    bssids: dict[str, str] = field(default_factory=dict)  #: AR -> its AP's MAC address
    access_subnets: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    router_advertisements: dict[str, bool] = field(default_factory=dict)  #: AR -> sends RAs
    radvd: dict[str, bool] = field(default_factory=dict)  #: AR -> Radvd installed
    #: network -> every /64 the scenario uses from its prefix (links and access subnets)
    subnets: dict[str, list[ipaddress.IPv6Network]] = field(default_factory=dict)
    apps: dict[str, AppSession] = field(default_factory=dict)
    pcap_files: list[Path] = field(default_factory=list)
    #: the C++ ns3::dmm::ScenarioHelper that made and holds the ns-3 objects
    helper: Any = field(default=None, repr=False)
    #: C++ PathLengthProbe on every node: links crossed by each packet of the UDP sessions
    path_probe: Any = field(default=None, repr=False)
    #: the nodes the path probe notes per packet (the mobility routing functions' nodes, the
    #: first 64), in bit order
    probe_waypoints: list[str] = field(default_factory=list)
    #: random stream block -> (first stream, streams it may take): see STREAM_BLOCKS
    streams: dict[str, tuple[int, int]] = field(default_factory=dict)
    _next_port: int = _FIRST_PORT
    _onoff_sessions: int = 0  #: on-off sessions so far (their random streams follow)
    _link_index: dict[frozenset[str], Link] = field(default_factory=dict, repr=False)
    _adjacency: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _first_hops: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _arrivals: Any = field(default=None, repr=False)  #: bounded metrics: the ArrivalAggregate
    _ran: bool = False
    _destroyed: bool = False

    # ------------------------------------------------------------------ lookups

    @property
    def ns(self) -> Any:
        return load()

    def node(self, name: str) -> Any:
        """The ns-3 node called ``name`` (a placement name or ``Core``)."""
        try:
            return self.nodes[name]
        except KeyError:
            raise KeyError(f"no node {name!r}; nodes: {', '.join(self.nodes)}") from None

    def ipv6(self, name: str) -> Any:
        """The node's Ipv6 object."""
        ns = load()
        return self.node(name).GetObject[ns.Ipv6]()

    def address(self, name: str, peer: str) -> str:
        """Global address of ``name`` on its link to ``peer`` (``"wifi"``: its access link)."""
        try:
            return self.addresses[(name, peer)]
        except KeyError:
            raise KeyError(f"{name!r} has no address towards {peer!r}") from None

    def interface(self, name: str, peer: str) -> int:
        """IPv6 interface index of ``name`` towards ``peer`` (``"wifi"``: its WiFi interface)."""
        try:
            return self.interfaces[(name, peer)]
        except KeyError:
            raise KeyError(f"{name!r} has no interface towards {peer!r}") from None

    def link(self, a: str, b: str) -> Link:
        """The point-to-point link between ``a`` and ``b`` (either order)."""
        link = self._wired()[0].get(frozenset((a, b)))
        if link is None:
            raise KeyError(f"no link between {a!r} and {b!r}")
        return link

    def _wired(self) -> tuple[dict[frozenset[str], Link], dict[str, list[str]]]:
        """The links by their two ends and every node's point-to-point neighbours (made again
        when links were added)."""
        if len(self._link_index) != len(self.links):
            self._link_index = {frozenset((lk.a, lk.b)): lk for lk in self.links}
            adjacency: dict[str, list[str]] = {n: [] for n in self.nodes}
            for link in self.links:
                adjacency[link.a].append(link.b)
                adjacency[link.b].append(link.a)
            self._adjacency = adjacency
            self._first_hops = {}
        return self._link_index, self._adjacency

    def wifi_device(self, name: str) -> Any:
        """The WifiNetDevice of an access router or mobile node."""
        return self.helper.GetWifiDevice(name)

    def wifi_addresses(self, mn: str) -> list[str]:
        """Global addresses configured on the WiFi interface of ``mn`` (or an AR) right now."""
        return [str(a) for a in load().dmm.GlobalAddresses(self.node(mn),
                                                          self.interface(mn, WIFI))]

    def station_events(self, mn: str) -> list[dict[str, Any]]:
        """The mobile node's station events so far, in order: ``time_s``, ``ar`` (access
        router, or the BSSID if unknown), ``associated`` and, for a de-association, the arrival
        of the last beacon from the access point left (``last_beacon_s``)."""
        if mn not in self.macs or mn in self.access_subnets:
            raise KeyError(f"{mn!r} is not a mobile node of the scenario")
        by_bssid = {b: ar for ar, b in self.bssids.items()}
        events = json.loads(str(self.helper.GetStationRecorder(mn).GetJson()))
        for e in events:
            e["ar"] = by_bssid.get(e.pop("bssid"), e.get("bssid"))
        return events

    def solicitations(self, ar: str) -> list[dict[str, Any]]:
        """The Neighbor Solicitations an access router sent on its WiFi link so far:
        ``{"time_s", "target"}``."""
        if ar not in self.access_subnets:
            raise KeyError(f"{ar!r} is not an access router of the scenario")
        return json.loads(str(self.helper.GetSolicitationRecorder(ar).GetJson()))

    def associations(self, mn: str) -> list[tuple[float, str, bool]]:
        """``(time_s, AR name or BSSID, associated)`` for every Assoc (True) / DeAssoc (False)
        of the mobile node's station so far."""
        return [(e["time_s"], e["ar"], e["associated"]) for e in self.station_events(mn)]

    def adjacency(self) -> dict[str, list[str]]:
        """Point-to-point neighbours of every node."""
        return {n: list(peers) for n, peers in self._wired()[1].items()}

    def hop_distance(self, source: str, destination: str) -> int:
        """Links on the path the static routes take from ``source`` to ``destination`` (the
        shortest by delay, :meth:`paths`); when ``destination`` is an access router, the WiFi
        link to a station attached to it is included."""
        node, links = source, 0
        while node != destination:
            if node not in self._first_hops:  # few nodes: the sources and the routers between
                self._first_hops[node] = self.paths(node)[1]
            hop = self._first_hops[node].get(destination)
            if hop is None:
                raise KeyError(f"{destination!r} is not reachable from {source!r} over wired "
                               "links")
            node, links = hop, links + 1
        return links + (1 if destination in self.access_subnets else 0)

    def paths(self, source: str) -> tuple[dict[str, float], dict[str, str]]:
        """Shortest paths by delay from ``source`` over the wired links (the static routes'):
        the delay (ms) to, and the first hop towards, every node it reaches."""
        links, adjacency = self._wired()
        return shortest_paths(adjacency, lambda u, v: links[frozenset((u, v))].delay_ms, source)

    def position(self, name: str) -> tuple[float, float, float]:
        """Current position of a node with a mobility model."""
        ns = load()
        v = self.node(name).GetObject[ns.MobilityModel]().GetPosition()
        return (v.x, v.y, v.z)

    # ------------------------------------------------------------------ configuration

    def route(self, name: str, prefix: str, via: str) -> None:
        """Static route on ``name`` for ``prefix`` through its point-to-point neighbour ``via``
        (e.g. a home network prefix from a gateway towards its anchor)."""
        net = ipaddress.IPv6Network(prefix, strict=True)
        iface, gateway = self._next_hop(name, via)
        self.helper.AddRoute(name, str(net.network_address), net.prefixlen, gateway, iface)

    def default_route(self, name: str, via: str) -> None:
        """Default route on ``name`` through its point-to-point neighbour ``via``."""
        iface, gateway = self._next_hop(name, via)
        self.helper.SetDefaultRoute(name, gateway, iface)

    def _next_hop(self, name: str, via: str) -> tuple[int, str]:
        """The interface of ``name`` towards its neighbour ``via`` and ``via``'s address on
        their link."""
        link = self.link(name, via)
        if link.a == name:
            return link.interface_a, link.address_b
        return link.interface_b, link.address_a

    def _port(self, port: int | None) -> int:
        if port is None:
            port = self._next_port
            self._next_port += 1
        if not 1 <= port <= 65535:
            raise ValueError(f"port {port} outside 1..65535")
        if any(a.port == port for a in self.apps.values()):
            raise ValueError(f"port {port} is used by another application session")
        return port

    def _session_name(self, name: str | None, kind: str) -> str:
        name = name or f"{kind}-{len(self.apps) + 1}"
        if name in self.apps:
            raise ValueError(f"application session {name!r} exists already")
        return name

    def _check_times(self, start_s: float, stop_s: float | None) -> None:
        if start_s < 0 or not math.isfinite(start_s):
            raise ValueError(f"start_s must be >= 0, got {start_s}")
        if stop_s is not None and stop_s <= start_s:
            raise ValueError(f"stop_s {stop_s} must be after start_s {start_s}")
        now = self.now()
        if start_s < now:
            raise ValueError(f"start_s {start_s} is in the past (now {now} s)")

    def _destination(self, session: AppSession, destination: str | Callable[[], str]) -> None:
        """Set the destination now (a string) or at the session's start (a callable)."""

        def apply(address: str) -> None:
            self.helper.SetRemote(session.index, address)

        if isinstance(destination, str):
            _check_address(destination)
            session.destination = destination
            apply(destination)
            return
        if not callable(destination):
            raise TypeError(f"destination must be an address or a callable, got {destination!r}")

        def resolve() -> None:
            value = str(destination())
            _check_address(value)
            session.destination = value
            apply(value)

        now = load().Simulator.Now().GetSeconds()
        callbacks.schedule(session.start_s - now, resolve)

    def arrivals(self) -> Any:
        """Bounded metrics: the C++ ArrivalAggregate every session's recorder adds to
        (delivered octets, packets and delays in SERIES_BIN_S bins, and a histogram of
        one-way delays), created with the first session."""
        if self._arrivals is None:
            self._arrivals = load().dmm.ArrivalAggregate.New(SERIES_BIN_S)
        return self._arrivals

    def _check_udp(self, rate: str | float, size: int, least: int, start_s: float,
                   stop_s: float | None) -> float:
        """A UDP session's times, rate (returned in bit/s) and payload size (``least`` octets
        at least: the sender's sequence header)."""
        self._check_times(start_s, stop_s)
        bps = bit_rate(rate)
        if not bps >= 1:
            raise ValueError(f"rate must be at least 1 bit/s, got {rate!r}")
        if not isinstance(size, int) or not least <= size <= 65507:
            raise ValueError(f"size must be {least}..65507 bytes, got {size!r}")
        return bps

    def _session(self, name: str, kind: str, source: str, receiver: str, port: int,
                 start_s: float, stop_s: float | None, size: int, index: int,
                 destination: str | Callable[[], str]) -> AppSession:
        """The session the helper added as ``index``, with its destination now or later."""
        session = AppSession(
            name, kind, source, receiver, port, start_s, stop_s, None, size, index,
            self.helper.GetRxRecorder(index), self.helper.GetTxCounter(index),
        )
        if self.config.metrics == "bounded":
            session.rx.SetBounded(self.arrivals())
            for node, receiving in ((receiver, True), (source, False)):
                if node in self.macs and node not in self.access_subnets:
                    session.rx.Follow(self.helper.GetStationRecorder(node), receiving)
        self._destination(session, destination)
        self.apps[name] = session
        return session

    def add_udp_cbr(
        self,
        source: str,
        receiver: str,
        destination: str | Callable[[], str],
        *,
        rate: str | float = "1Mbps",
        size: int = 512,
        start_s: float = 1.0,
        stop_s: float | None = None,
        port: int | None = None,
        name: str | None = None,
    ) -> AppSession:
        """Constant bit rate UDP from ``source`` to ``destination`` (an address on
        ``receiver``, where a PacketSink listens on ``port`` on every address).

        ``destination`` is an address string, or a callable returning one, called at
        ``start_s`` (for addresses known only once the mobility functions run, e.g. a HoA).
        ``rate`` is an ns-3 data rate (``"1Mbps"``) or bit/s; ``size`` the UDP payload
        (>= 12 bytes: UdpClient's sequence header). Received packets are recorded in C++.
        """
        bps = self._check_udp(rate, size, 12, start_s, stop_s)
        name = self._session_name(name, "udp")
        port = self._port(port)
        index = int(self.helper.AddUdpCbr(source, receiver, "", port, size, size * 8.0 / bps,
                                          start_s, -1.0 if stop_s is None else stop_s))
        return self._session(name, "udp-cbr", source, receiver, port, start_s, stop_s,
                             size, index, destination)

    def add_udp_onoff(
        self,
        source: str,
        receiver: str,
        destination: str | Callable[[], str],
        *,
        rate: str | float = "400kbps",
        size: int = 500,
        on_s: float = 1.0,
        off_s: float = 1.0,
        periods: str = "exponential",
        start_s: float = 1.0,
        stop_s: float | None = None,
        port: int | None = None,
        name: str | None = None,
    ) -> AppSession:
        """On-off UDP (OnOffApplication) from ``source`` to a PacketSink on ``receiver``:
        ``rate`` during on periods of mean ``on_s``, silent for off periods of mean ``off_s``
        (``periods``: "exponential" or "constant" lengths); ``size`` the UDP payload (>= 20
        bytes: the application's sequence, time and size header); ``destination`` as for
        :meth:`add_udp_cbr`. Received packets are recorded in C++ with their sequence numbers
        and delays."""
        bps = self._check_udp(rate, size, 20, start_s, stop_s)
        if periods not in ONOFF_PERIODS:
            raise ValueError(f"periods must be one of {ONOFF_PERIODS}, got {periods!r}")
        text = {}
        for key, value, least in (("on_s", on_s, 1e-9), ("off_s", off_s, 0.0)):
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < least:
                raise ValueError(f"{key} must be a finite number of seconds"
                                 f"{' > 0' if least else ' >= 0'}, got {value!r}")
            text[key] = (f"ns3::ExponentialRandomVariable[Mean={float(value)!r}]"
                         if periods == "exponential"
                         else f"ns3::ConstantRandomVariable[Constant={float(value)!r}]")
        name = self._session_name(name, "udp")
        port = self._port(port)
        index = int(self.helper.AddUdpOnOff(source, receiver, "", port, size, bps,
                                            text["on_s"], text["off_s"], start_s,
                                            -1.0 if stop_s is None else stop_s,
                                            self.streams["traffic"][0]
                                            + 2 * self._onoff_sessions))
        self._onoff_sessions += 1
        return self._session(name, "udp-onoff", source, receiver, port, start_s, stop_s,
                             size, index, destination)

    def add_tcp_bulk(
        self,
        source: str,
        receiver: str,
        destination: str | Callable[[], str],
        *,
        max_bytes: int = 0,
        send_size: int = 512,
        start_s: float = 1.0,
        stop_s: float | None = None,
        port: int | None = None,
        name: str | None = None,
    ) -> AppSession:
        """TCP bulk transfer (BulkSend, ``max_bytes`` 0: unlimited) from ``source`` to a
        PacketSink on ``receiver``; ``destination`` as for :meth:`add_udp_cbr`."""
        self._check_times(start_s, stop_s)
        if not isinstance(max_bytes, int) or max_bytes < 0:
            raise ValueError(f"max_bytes must be >= 0, got {max_bytes!r}")
        if not isinstance(send_size, int) or send_size < 1:
            raise ValueError(f"send_size must be >= 1, got {send_size!r}")
        name = self._session_name(name, "tcp")
        port = self._port(port)
        index = int(self.helper.AddTcpBulk(source, receiver, "", port, send_size, max_bytes,
                                           start_s, -1.0 if stop_s is None else stop_s))
        return self._session(name, "tcp-bulk", source, receiver, port, start_s, stop_s,
                             send_size, index, destination)

    # ------------------------------------------------------------------ running

    def run(self, stop_s: float) -> dict[str, Any]:
        """Run the simulation until ``stop_s`` (absolute simulated seconds) and return the
        results so far as a plain dict (see :meth:`results`).

        The RNG seed and run number were set from the configuration when the scenario was
        built (ns-3 random streams take them when created, so setting them here would be too
        late); they are set again here so that a later run in the process sees the same values.
        """
        if self._destroyed:
            raise RuntimeError("the scenario was destroyed")
        now = self.now()
        if not stop_s > now:
            raise ValueError(f"stop_s {stop_s} must be after the current time {now} s")
        t0 = time.perf_counter()
        self.helper.Run(float(stop_s), self.config.seed, self.config.run)
        wall = time.perf_counter() - t0
        self._ran = True
        out = self.results()
        out["wall_s"] = wall
        out["events"] = int(load().Simulator.GetEventCount())
        w = self.config.wifi
        if self.config.access == "wifi" and w.phy == "spectrum" and w.spectrum_channel == "range":
            channel = self.helper.GetRangeSpectrumChannel()
            out["receptions"] = {"out_of_range": int(channel.GetOutOfRange()),
                                 "scheduled": int(channel.GetScheduled())}
        return out

    def now(self) -> float:
        """The simulated time now (seconds)."""
        return float(load().Simulator.Now().GetSeconds())

    def results(self) -> dict[str, Any]:
        """Plain-data results: per application session (sent from the C++ Tx counter, received
        from the C++ Rx recorder), FlowMonitor flows and WiFi associations per mobile node."""
        return {
            "now_s": self.now(),
            "seed": self.config.seed,
            "run": self.config.run,
            "apps": {name: app.result() for name, app in self.apps.items()},
            "flow_monitor": json.loads(str(self.helper.GetFlowMonitorJson())),
            "associations": {
                mn: [{"time_s": t, "ar": ar, "associated": a}
                     for t, ar, a in self.associations(mn)]
                for mn in self.mobile_nodes()
            },
        }

    def mobile_nodes(self) -> list[str]:
        """The mobile nodes (WiFi stations), in placement order."""
        return [n.name for n in self.placement.nodes if n.kind is NodeKind.MOBILE_NODE]

    def destroy(self) -> None:
        """``Simulator::Destroy`` (after one time step if nothing ran: Radvd crashes when
        disposed without having started) and release the Python callbacks."""
        if self._destroyed:
            return
        self.path_probe = None
        self._arrivals = None
        self.apps.clear()
        self.nodes.clear()
        self.helper.Destroy()
        callbacks.release()
        self._destroyed = True
        # Pcap files are closed (and their buffers written) when the devices whose traces
        # hold them are freed.
        self.helper = None
        gc.collect()


# ---------------------------------------------------------------------- helpers


def _check_address(address: str) -> None:
    try:
        a = ipaddress.IPv6Address(address)
    except ValueError:
        raise ValueError(f"{address!r} is not an IPv6 address") from None
    if a in _DOCUMENTATION:
        raise ValueError(f"{address}: ns-3 drops forwarded packets to 2001:db8::/32")


class _SubnetPlan:
    """Hands out /64s of one network prefix for infrastructure links, from the top down."""

    def __init__(self, placement: Placement, network: str) -> None:
        self.net = placement.network(network)
        prefix = self.net.ip_network()
        if prefix.prefixlen >= 64:
            raise ScenarioConfigError(f"{network}: prefix {self.net.prefix} leaves no /64s")
        self.count = 1 << (64 - prefix.prefixlen)
        self.n_ars = len(placement.nodes_of_kind(NodeKind.ACCESS_ROUTER, network))
        self.next = self.count - 1
        self.used: list[ipaddress.IPv6Network] = []

    def core(self) -> ipaddress.IPv6Network:
        s = self.net.subnet(0)
        self.used.append(s)
        return s

    def take(self) -> ipaddress.IPv6Network:
        if self.next <= self.n_ars:
            raise ScenarioConfigError(f"{self.net.name}: prefix {self.net.prefix} has too few "
                                      "/64s for its links and access subnets")
        s = self.net.subnet(self.next)
        self.next -= 1
        self.used.append(s)
        return s


def _path_waypoints(
    cfg: MobilityConfig, points: list[tuple[float, float]]
) -> list[tuple[float, tuple[float, float]]]:
    """(time, position) waypoints of a path through ``points`` (AR positions, lane applied)."""
    def unit(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
        d = math.dist(p, q)
        return ((q[0] - p[0]) / d, (q[1] - p[1]) / d) if d > 0 else (1.0, 0.0)

    first_dir = unit(points[0], points[1]) if len(points) > 1 else (1.0, 0.0)
    last_dir = unit(points[-2], points[-1]) if len(points) > 1 else (1.0, 0.0)
    start = (points[0][0] - first_dir[0] * cfg.start_offset_m,
             points[0][1] - first_dir[1] * cfg.start_offset_m)
    stop = (points[-1][0] + last_dir[0] * cfg.stop_offset_m,
            points[-1][1] + last_dir[1] * cfg.stop_offset_m)
    route = [start, *points, stop]
    t = 0.0
    out = [(0.0, start)]
    if cfg.start_s > 0:
        t = cfg.start_s
        out.append((t, start))
    for k in range(1, len(route)):
        d = math.dist(route[k - 1], route[k])
        if d == 0:
            continue
        t += d / cfg.speed_mps
        out.append((t, route[k]))
        if 1 <= k < len(route) - 2 and cfg.pause_s > 0:  # an AR before the last one
            t += cfg.pause_s
            out.append((t, route[k]))
    return out


# ---------------------------------------------------------------------- the builder


def build_scenario(placement: Placement, config: ScenarioConfig | None = None) -> Scenario:
    """Build the ns-3 topology of ``placement`` (see the module docstring).

    Sets the RNG seed/run and the DAD default first; call ``destroy()`` on the result (or
    ``Simulator::Destroy``) before building another scenario in the same process.
    """
    cfg = config if config is not None else ScenarioConfig()
    if not isinstance(cfg, ScenarioConfig):
        raise TypeError(f"config must be a ScenarioConfig, got {type(cfg).__name__}")
    ns = load()
    dmm = ns.dmm
    _check_placement(placement, cfg)
    if not ns.Simulator.Now().IsZero():
        # ns-3 would abort on the first event scheduled in the past (negative delay).
        raise ScenarioConfigError(
            f"a simulation already ran to {ns.Simulator.Now().GetSeconds():g} s in this "
            "process: destroy() its scenario (or call Simulator::Destroy) first")

    dmm.ScenarioHelper.Configure(cfg.seed, cfg.run, cfg.dad, cfg.pcap)
    ns.Config.SetDefault("ns3::NdiscCache::UnresolvedQueueSize", ns.UintegerValue(cfg.nd_queue))
    sc = Scenario(placement, cfg)
    helper = sc.helper = dmm.ScenarioHelper()
    kinds = {n.name: n.kind for n in placement.nodes}

    # Nodes: Internet stack (IPv6 only), then the ns3-dmm stack.
    jitter = (f"ns3::UniformRandomVariable[Min=0.0|Max={cfg.solicitation_jitter_ms!r}]"
              if cfg.solicitation_jitter_ms > 0 else "ns3::ConstantRandomVariable[Constant=0.0]")
    core_router = (CORE,) if cfg.core == "star" else ()
    for name in (*core_router, *(n.name for n in placement.nodes)):
        helper.AddNode(name, jitter)
        sc.nodes[name] = helper.GetNode(name)
    n_ars = sum(1 for k in kinds.values() if k is NodeKind.ACCESS_ROUTER)
    sc.streams = stream_blocks(
        access_points=n_ars, stations=len(placement.mobile_nodes), nodes=len(sc.nodes))
    # Fixed random streams for the Internet stack (neighbour discovery jitter and delays), so
    # a run does not depend on what ran before it in the same process.
    _took(sc, "internet", int(helper.AssignInternetStreams(sc.streams["internet"][0])))
    if cfg.signalling_loss > 0:
        _signalling_loss(sc, cfg)

    def forwarding(name: str) -> bool:
        return name == CORE or kinds.get(name) in _ROUTERS

    # Wired links.
    plans = {net.name: _SubnetPlan(placement, net.name) for net in placement.networks}

    def join(a: str, b: str, net: ipaddress.IPv6Network, delay_ms: float, rate: str,
             kind: str) -> None:
        if net.subnet_of(_DOCUMENTATION):
            raise ScenarioConfigError(f"link {a}-{b}: {net} is in 2001:db8::/32, which ns-3 "
                                      "drops when forwarding")
        addrs = (str(net.network_address + 1), str(net.network_address + 2))
        ifaces = [int(i) for i in helper.AddLink(a, b, addrs[0], addrs[1], forwarding(a),
                                                 forwarding(b), delay_ms / 1000.0, rate)]
        for k, (name, peer) in enumerate(((a, b), (b, a))):
            sc.addresses[(name, peer)] = addrs[k]
            sc.interfaces[(name, peer)] = ifaces[k]
        sc.links.append(Link(a, b, net, addrs[0], addrs[1], ifaces[0], ifaces[1], kind,
                             len(sc.links), delay_ms))

    first_core_link: set[str] = set()
    for a, b, kind, delay_ms, rate in wired_links(placement, cfg):
        if kind == "core" and b not in first_core_link:
            first_core_link.add(b)
            net = plans[placement.network_of(b)].core()
        else:
            net = plans[placement.network_of(a if kind != "core" else b)].take()
        join(a, b, net, delay_ms, rate, kind)

    # Access: access routers are APs on a line (WiFi, or the abstract access network);
    # mobile nodes are stations.
    ars = [n.name for n in placement.nodes if n.kind is NodeKind.ACCESS_ROUTER]
    mns = [n.name for n in placement.nodes if n.kind is NodeKind.MOBILE_NODE]
    w = cfg.wifi
    params = dmm.WifiParameters()
    params.standard = w.standard
    params.channelSettings = w.channel_settings
    params.ssid = w.ssid
    params.stationManager = w.station_manager
    params.dataMode = w.data_mode
    params.controlMode = w.control_mode
    params.beaconIntervalUs = w.beacon_interval_ms * 1000.0
    params.maxMissedBeacons = w.max_missed_beacons
    params.activeProbing = w.active_probing
    params.startSpacingSeconds = w.start_spacing_ms / 1000.0
    params.txPowerDbm = w.tx_power_dbm
    params.exponent = w.path_loss_exponent
    params.referenceLossDb = w.reference_loss_db
    params.phy = w.phy
    params.spectrumChannel = w.spectrum_channel
    params.maxLossDb = w.max_loss_db if w.phy == "spectrum" else math.inf
    for name in ars:
        subnet = placement.access_subnet(name)
        sc.access_subnets[name] = subnet
        plans[placement.network_of(name)].used.append(subnet)
        sc.addresses[(name, WIFI)] = str(subnet.network_address + 1)
    if cfg.access == "abstract":
        ab = cfg.abstract
        access = dmm.AbstractAccessParameters()
        access.rate = ab.rate
        access.delaySeconds = ab.delay_us * 1e-6
        access.maxQueue = ab.max_queue
        access.attachDelaySeconds = ab.attach_delay_ms / 1000.0
        access.attachSpacingSeconds = ab.attach_spacing_ms / 1000.0
        access.range = ab.range_m
        access.hysteresis = ab.hysteresis_m
        helper.InstallAbstractAccess(access, ars, [sc.addresses[(a, WIFI)] for a in ars], mns)
    else:
        first, room = sc.streams["wifi"]
        taken = helper.InstallWifi(params, ars, [sc.addresses[(a, WIFI)] for a in ars], mns,
                                   first, room, STREAM_FAR)
        sc.streams["wifi"] = (int(taken.first), int(taken.second))
    for k, name in enumerate(ars):
        sc.macs[name] = sc.bssids[name] = str(helper.GetMacAddress(name))
        x, y = k * w.ap_spacing_m, w.ap_y_m
        sc.ap_positions[name] = (x, y)
        helper.SetPosition(name, x, y)
        sc.interfaces[(name, WIFI)] = int(helper.GetWifiInterface(name))
    for k, name in enumerate(mns):
        sc.macs[name] = str(helper.GetMacAddress(name))
        sc.interfaces[(name, WIFI)] = int(helper.GetWifiInterface(name))
        _install_mobility(sc, name, cfg.mobility_of(name),
                          sc.streams["mobility"][0] + _MOBILITY_STREAMS * k, k)
    if cfg.access == "abstract":
        helper.StartAbstractAccess()
    sc.subnets = {name: list(plan.used) for name, plan in plans.items()}
    _check_unique(sc)

    # Router Advertisements (Radvd, started at 0 s and never stopped: it crashes when disposed
    # without having started).
    for k, name in enumerate(ars):
        on = _router_advertisements(placement, cfg, name)
        sc.router_advertisements[name] = on
        if not on:
            continue
        helper.AddRouterAdvertisements(
            name, sc.interfaces[(name, WIFI)], str(sc.access_subnets[name].network_address),
            cfg.ra_min_interval_ms, cfg.ra_max_interval_ms, cfg.ra_preferred_lifetime_s,
            cfg.ra_valid_lifetime_s, sc.streams["radvd"][0] + k)
        sc.radvd[name] = True

    _install_routes(sc)
    if cfg.core_routing == "ripng":
        _install_ripng(sc, cfg)

    if cfg.pcap:
        _enable_pcap(sc, Path(cfg.pcap_dir))
    if cfg.flow_monitor:
        helper.EnableFlowMonitor()
    sc.path_probe = helper.InstallPathProbe()
    for node in dict.fromkeys(m.node for m in placement.mobility_routers):
        if len(sc.probe_waypoints) == 64:
            break
        sc.path_probe.AddWaypoint(sc.node(node))
        sc.probe_waypoints.append(node)
    return sc


def wired_links(placement: Placement,
                cfg: ScenarioConfig) -> list[tuple[str, str, str, float, str]]:
    """The point-to-point links of a placement's scenario, in the order they are made, as
    ``(a, b, kind, delay_ms, rate)`` with ``a`` the end nearer the core: the core links
    (kind ``"core"``: the core router to each network's gateway, or gateway to gateway as
    ``ScenarioConfig.core`` says), each gateway to its network's anchors, LM servers and
    access routers (``"network"``), each correspondent's uplink to it (``"cn"``). Pure: the
    analytic model reads the same topology."""
    gateways = []
    for net in placement.networks:
        gw = placement.gateway_of(net.name)
        assert gw is not None  # checked by _check_placement
        gateways.append(gw.name)
    links = [(a, b, "core", delay, cfg.core_rate) for a, b, delay in core_edges(gateways, cfg)]
    for node in placement.nodes:
        if node.kind in (NodeKind.ANCHOR, NodeKind.LM_SERVER, NodeKind.ACCESS_ROUTER):
            gw = placement.gateway_of(node.network)
            links.append((gw.name, node.name, "network", cfg.network_delay_ms, cfg.network_rate))
    for node in placement.nodes:
        if node.kind is NodeKind.CORRESPONDENT:
            links.append((_cn_uplink(placement, cfg, node.name), node.name, "cn",
                          cfg.cn_delay_ms, cfg.cn_rate))
    return links


def core_edges(gateways: list[str], cfg: ScenarioConfig) -> list[tuple[str, str, float]]:
    """The core links between the gateways (in network order) as ``(a, b, delay_ms)``: each
    to the core router (star), each to the next and the last to the first (ring; two
    gateways: one link), every pair (mesh), or ``cfg.core_edges``."""
    d = cfg.core_delay_ms
    if cfg.core == "star":
        return [(CORE, gw, d) for gw in gateways]
    if cfg.core == "ring":
        pairs = list(zip(gateways, gateways[1:], strict=False))
        if len(gateways) > 2:
            pairs.append((gateways[-1], gateways[0]))
        return [(a, b, d) for a, b in pairs]
    if cfg.core == "mesh":
        return [(a, b, d) for i, a in enumerate(gateways) for b in gateways[i + 1:]]
    return list(cfg.core_edges)


def _check_placement(placement: Placement, cfg: ScenarioConfig) -> None:
    names = {n.name for n in placement.nodes}
    if CORE in names:
        raise ScenarioConfigError(f"the placement has a node named {CORE!r}, the name of the "
                                  "core router")
    for net in placement.networks:
        if placement.gateway_of(net.name) is None:
            raise ScenarioConfigError(f"{net.name} has no gateway to join it to the core")
        if net.ip_network().subnet_of(_DOCUMENTATION):
            raise ScenarioConfigError(f"{net.name}: prefix {net.prefix} is in 2001:db8::/32, "
                                      "which ns-3 drops when forwarding; use another prefix")
    gateways = [g.name for net in placement.networks
                if (g := placement.gateway_of(net.name)) is not None]
    for a, b, _ in cfg.core_edges:
        for end in (a, b):
            if end not in gateways:
                raise ScenarioConfigError(f"scenario.core_edges: {end!r} is not a gateway of "
                                          f"{placement.name!r} ({', '.join(gateways)})")
    if cfg.core != "star" and len(gateways) > 1:
        adjacency: dict[str, list[str]] = {g: [] for g in gateways}
        for a, b, _ in core_edges(gateways, cfg):
            adjacency[a].append(b)
            adjacency[b].append(a)
        reached, _ = first_hops(adjacency, gateways[0])
        cut = [g for g in gateways if g not in reached]
        if cut:
            raise ScenarioConfigError(f"scenario.core_edges: {', '.join(cut)} not joined to "
                                      f"{gateways[0]} by the core links")
    ars = {n.name for n in placement.nodes if n.kind is NodeKind.ACCESS_ROUTER}
    mns = {n.name for n in placement.nodes if n.kind is NodeKind.MOBILE_NODE}
    if mns and not ars:
        raise ScenarioConfigError("mobile nodes need at least one access router (WiFi AP)")
    for ar, _ in cfg.router_advertisements_by_ar:
        if ar not in ars:
            raise ScenarioConfigError(f"scenario.router_advertisements_by_ar: {ar!r} is not an "
                                      f"access router of {placement.name!r}")
    for mn, _ in cfg.mobility_by_mn:
        if mn not in mns:
            raise ScenarioConfigError(f"scenario.mobility_by_mn: {mn!r} is not a mobile node of "
                                      f"{placement.name!r}")
    for mn in mns:
        m = cfg.mobility_of(mn)
        for ar in m.path:
            if ar not in ars:
                raise ScenarioConfigError(f"mobility.path of {mn}: {ar!r} is not an access "
                                          f"router of {placement.name!r}")
        if m.model in ("random-waypoint", "gauss-markov") and m.margin_m == 0 and len(ars) < 2:
            raise ScenarioConfigError(f"mobility of {mn}: {m.model} needs an area (margin_m > 0 "
                                      "or several access routers)")


def _cn_uplink(placement: Placement, cfg: ScenarioConfig, cn: str) -> str:
    node = placement.node(cn)
    if cfg.cn_attachment == "placement" and node.attached_to is not None:
        up = placement.node(node.attached_to)
        if up.kind in (NodeKind.ACCESS_ROUTER, NodeKind.GATEWAY):
            return up.name
    gw = placement.gateway_of(node.network)
    assert gw is not None
    return gw.name


def _router_advertisements(placement: Placement, cfg: ScenarioConfig, ar: str) -> bool:
    override = dict(cfg.router_advertisements_by_ar)
    if ar in override:
        return override[ar]
    if isinstance(cfg.router_advertisements, bool):
        return cfg.router_advertisements
    # auto: a MAG on the AR sends its own (unicast) RAs in network-based mode; the AR's
    # link prefix is advertised too where its network allocates per session (the mobile
    # nodes' session addresses are formed in it, dynamic mobility).
    if placement.network(placement.node(ar).network).allocation.scope is \
            AllocationScope.PER_SESSION:
        return True
    return not (placement.mode is Mode.NETWORK_BASED and placement.proxies_on(ar))


def stream_blocks(*, access_points: int, stations: int, nodes: int
                  ) -> dict[str, tuple[int, int]]:
    """Each random stream block's first stream and the streams it may take (STREAM_BLOCKS)
    for a scenario of ``nodes`` nodes, ``access_points`` of them access routers and
    ``stations`` mobile nodes; the traffic block is open-ended. The WiFi block's size is its
    room: the devices count what they take when they are installed and move to STREAM_FAR
    if it is more (what build records in Scenario.streams)."""
    sizes = {"wifi": STREAM_BLOCKS["mobility"] - STREAM_BLOCKS["wifi"],
             "mobility": _MOBILITY_STREAMS * stations, "radvd": access_points,
             "internet": _INTERNET_STREAMS * nodes, "signalling": nodes, "routing": nodes,
             "traffic": STREAM_FAR - STREAM_BLOCKS["traffic"]}
    names = list(STREAM_BLOCKS)
    out = {}
    for place, name in enumerate(names):
        first = STREAM_BLOCKS[name]
        room = (STREAM_BLOCKS[names[place + 1]] if place + 1 < len(names) else STREAM_FAR) - first
        if sizes[name] > room:
            first = STREAM_FAR + place * STREAM_FAR_SPAN
            if sizes[name] > STREAM_FAR_SPAN:
                raise ScenarioConfigError(f"{sizes[name]} random streams for {name}: more than "
                                          f"{STREAM_FAR_SPAN}")
        out[name] = (first, sizes[name])
    return out


def _took(sc: Scenario, block: str, streams: int) -> None:
    """Check that ns-3 took no more streams for ``block`` than its block holds."""
    if streams > sc.streams[block][1]:
        raise RuntimeError(f"ns-3 took {streams} random streams for {block}, more than the "
                           f"{sc.streams[block][1]} its block holds: update the stream counts "
                           "in ns3dmm.scenario.build for this ns-3")


def _signalling_loss(sc: Scenario, cfg: ScenarioConfig) -> None:
    """Every node loses ``cfg.signalling_loss`` of the Mobility Header messages (of
    ``cfg.signalling_loss_types``) it receives: a RateErrorModel in packet units in its
    MobilityL4Protocol, on a random stream of its own (fixed by the node's order)."""
    ns = load()
    types = [SIGNALLING_TYPES[t] for t in cfg.signalling_loss_types]
    for k, name in enumerate(sc.nodes):
        model = ns.CreateObject[ns.RateErrorModel]()
        model.SetAttribute("ErrorRate", ns.DoubleValue(cfg.signalling_loss))
        model.SetAttribute("ErrorUnit", ns.EnumValue[ns.RateErrorModel.ErrorUnit](
            ns.RateErrorModel.ERROR_UNIT_PACKET))
        model.AssignStreams(sc.streams["signalling"][0] + k)
        sc.nodes[name].GetObject[ns.dmm.MobilityL4Protocol]().SetReceiveErrorModel(model, types)


def _install_mobility(sc: Scenario, mn: str, m: MobilityConfig, stream: int,
                      index: int) -> None:
    """Mobility of the ``index``-th mobile node (placement order) ``mn``."""
    w = sc.config.wifi
    if m.stagger_s:
        m = dataclasses.replace(m, start_s=m.start_s + index * m.stagger_s)
    helper = sc.helper
    xs = [p[0] for p in sc.ap_positions.values()]
    lane_y = w.ap_y_m + m.lane_offset_m
    if m.model in ("path", "static"):
        path = list(m.path) or list(sc.ap_positions)
        if m.model == "static":
            attached = sc.placement.node(mn).attached_to
            first = path[0] if m.path else (attached if attached in sc.ap_positions else path[0])
            x, _ = sc.ap_positions[first]
            helper.SetPosition(mn, x, lane_y)
            return
        points = [(sc.ap_positions[ar][0], lane_y) for ar in path]
        waypoints = _path_waypoints(m, points)
        helper.SetWaypoints(mn, [t for t, _ in waypoints], [x for _, (x, _) in waypoints],
                            [y for _, (_, y) in waypoints])
        return
    x0, x1 = min(xs) - m.margin_m, max(xs) + m.margin_m
    y0, y1 = w.ap_y_m - m.margin_m, w.ap_y_m + m.margin_m
    if m.model == "random-waypoint":
        helper.SetRandomWaypoint(mn, x0, x1, y0, y1, m.min_speed_mps, m.speed_mps, m.pause_s,
                                 stream)
        return
    start = sc.ap_positions[next(iter(sc.ap_positions))]
    attached = sc.placement.node(mn).attached_to
    if attached in sc.ap_positions:
        start = sc.ap_positions[attached]
    helper.SetGaussMarkov(mn, x0, x1, y0, y1, start[0], start[1], m.speed_mps,
                          m.gauss_markov_alpha, m.gauss_markov_step_s, stream)


def _install_routes(sc: Scenario) -> None:
    """Static routes (see the module docstring): every link /64 and access subnet by shortest
    delay; default routes towards the core router (star) or each node's gateway; network
    prefixes from the core router, or between gateways, by shortest delay."""
    destinations = [(link.network, (link.a, link.b)) for link in sc.links]
    destinations += [(subnet, (ar,)) for ar, subnet in sc.access_subnets.items()]
    wired = [n for n, peers in sc._wired()[1].items() if peers]
    star = sc.config.core == "star"
    gateways = {net.name: gw.name for net in sc.placement.networks
                if (gw := sc.placement.gateway_of(net.name)) is not None}
    for source in wired:
        distance, first_hop = sc.paths(source)
        for subnet, ends in destinations:
            if source in ends:
                continue
            reachable = [e for e in ends if e in first_hop]
            if not reachable:
                continue
            iface, gateway = sc._next_hop(source, first_hop[min(reachable,
                                                                key=distance.__getitem__)])
            sc.helper.AddRoute(source, str(subnet.network_address), subnet.prefixlen, gateway,
                               iface)
        if star:
            if source != CORE and CORE in first_hop:
                sc.default_route(source, first_hop[CORE])
            continue
        own = gateways.get(sc.placement.network_of(source))
        if own is not None and own != source and own in first_hop:
            sc.default_route(source, first_hop[own])
        if source in gateways.values():
            for net in sc.placement.networks:
                gw = gateways[net.name]
                if gw != source and gw in first_hop:
                    sc.route(source, net.prefix, first_hop[gw])
    if star:
        for net in sc.placement.networks:
            sc.route(CORE, net.prefix, gateways[net.name])


#: priority of RIPng in a node's list of routing protocols: above static routing (0), whose
#: default routes would take everything first, and below mobility routing (10)
RIPNG_PRIORITY = 5
#: on an access router RIPng only originates the router's links: below static routing, which
#: keeps routing there (its default route, the host routes of addresses away from the link)
RIPNG_ORIGIN_PRIORITY = -5


def ripng_speakers(placement: Placement, core: str) -> list[str]:
    """The nodes that run RIPng with ``core_routing = "ripng"``: the core router (``core``
    star), the gateways, the nodes of the anycast groups' members and the access routers, in
    placement order."""
    pl = placement
    nodes = [CORE] if core == "star" else []
    nodes += [gw.name for net in pl.networks if (gw := pl.gateway_of(net.name)) is not None]
    nodes += [pl.mr(m).node for g in pl.anycast_groups for m in g.members]
    nodes += [n.name for n in pl.nodes_of_kind(NodeKind.ACCESS_ROUTER)]
    return list(dict.fromkeys(nodes))


def _install_ripng(sc: Scenario, cfg: ScenarioConfig) -> None:
    """RIPng (RFC 2080, ns-3's RipNg) on :func:`ripng_speakers`, with the configured timers:
    it takes part on the links between them only (updates go nowhere else), and each node's
    RIPng takes one random stream of the routing block (its start-up and update jitter). It
    originates every link of its node (ns-3: the addresses an interface has when it comes
    up), so the access routers' links, access subnets included, are routed by it across the
    core; not what is added to an access link later (a MAG's home network prefixes: that
    interface is excluded). On the core router, the gateways and the anycast members it is
    at RIPNG_PRIORITY, over the static routes, which serve for what it has no route for (until
    it has converged, the network prefixes, single anchors' pools); on an access router it
    only originates (RIPNG_ORIGIN_PRIORITY). Initialised at once, so that a scenario
    destroyed before it runs disposes of it cleanly. The node's tunnel looks its outer routes
    up again at least once per update interval."""
    ns = load()
    import cppyy  # noqa: PLC0415

    speakers = [n for n in ripng_speakers(sc.placement, cfg.core) if n in sc.nodes]
    first, _ = sc.streams["routing"]
    order = {name: k for k, name in enumerate(sc.nodes)}
    for name in speakers:
        ipv6 = sc.ipv6(name)
        active = {iface for link in sc.links
                  for me, iface, peer in ((link.a, link.interface_a, link.b),
                                          (link.b, link.interface_b, link.a))
                  if me == name and peer in speakers}
        excluded = cppyy.gbl.std.set["unsigned int"]()
        for iface in range(1, int(ipv6.GetNInterfaces())):
            if iface not in active:
                excluded.insert(iface)
        origin = name != CORE and sc.placement.node(name).kind is NodeKind.ACCESS_ROUTER
        ripng = ns.CreateObject[ns.RipNg]()
        ripng.SetAttribute("UnsolicitedRoutingUpdate", ns.TimeValue(ns.Seconds(cfg.ripng_update_s)))
        ripng.SetAttribute("TimeoutDelay", ns.TimeValue(ns.Seconds(cfg.ripng_timeout_s)))
        ripng.SetAttribute("GarbageCollectionDelay", ns.TimeValue(ns.Seconds(cfg.ripng_garbage_s)))
        ripng.SetInterfaceExclusions(excluded)
        ripng.AssignStreams(first + order[name])
        sc.node(name).AggregateObject(ripng)  # as RipNgHelper: it finds its node so
        routing = ns.DynamicCast[ns.Ipv6ListRouting](ipv6.GetRoutingProtocol())
        routing.AddRoutingProtocol(ripng, RIPNG_ORIGIN_PRIORITY if origin else RIPNG_PRIORITY)
        ripng.Initialize()
        sc.ripng[name] = ripng
        # the node's outer routes change without its mobility routing hearing of it
        sc.node(name).GetObject[ns.dmm.Ipv6TunnelL4Protocol]().SetAttribute(
            "RouteCacheLifetime", ns.TimeValue(ns.Seconds(cfg.ripng_update_s)))


def _check_unique(sc: Scenario) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for key, address in sc.addresses.items():
        if address in seen:
            raise ScenarioConfigError(f"address {address} given to {key} and {seen[address]}")
        seen[address] = key
    subnets = [s for used in sc.subnets.values() for s in used]
    if len(set(subnets)) != len(subnets):
        raise ScenarioConfigError("two links share a /64")


def _enable_pcap(sc: Scenario, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for link in sc.links:
        for k, (name, peer) in enumerate(((link.a, link.b), (link.b, link.a))):
            path = directory / f"{name}-{peer}.pcap"
            sc.helper.EnableLinkPcap(link.index, k, str(path))
            sc.pcap_files.append(path)
    for name in sc.macs:
        path = directory / f"{name}-{WIFI}.pcap"
        sc.helper.EnableWifiPcap(name, str(path))
        sc.pcap_files.append(path)
