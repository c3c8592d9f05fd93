"""Build a realistic ns-3 topology from a framework :class:`~ns3dmm.framework.Placement`.

The wired part: one core router (``Core``); each network's gateway joined to it by a
point-to-point link; inside each network the gateway joined to every anchor, LM server and
access router by point-to-point links; each correspondent node joined to its ``attached_to``
node (an access router or gateway; else its gateway). All IPv6, static routes by hop count.

Addressing, per network prefix (e.g. ``2001:1::/48``):

* ``Network.subnet(0)``: the gateway's link to the core (``::1`` on the core, ``::2`` on the
  gateway);
* ``Network.subnet(k)``: access router ``k``'s WiFi access link (``Placement.access_subnet``),
  ``::1`` on the AR; mobile nodes configure their own addresses by SLAAC;
* the other links of the network (gateway to anchor / LM server / AR, CN links) take /64s from
  the top of the prefix downwards (``Network.subnet(last)``, ``subnet(last - 1)``, ...), in
  placement order; ``::1`` on the node nearer the core.

Routes: every node other than a mobile node has a route to every link /64 and access subnet
through its first hop on a shortest path (hop count), a default route towards the core (except
the core), and the core routes each network prefix to that network's gateway. Forwarding is on for
the core, gateways, anchors and access routers; LM servers, CNs and mobile nodes are hosts.

The access network: every access router is a WiFi AP (one SSID, one channel) on the x axis in
placement order; mobile nodes are WiFi stations with active probing. Access routers send Router
Advertisements of their access subnet (Radvd, short intervals) unless switched off, so mobile
nodes get care-of addresses by SLAAC.

Everything here runs at configuration time; packets and WiFi events are recorded in C++.
"""

from __future__ import annotations

import gc
import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ns3dmm import callbacks
from ns3dmm._loader import load, shim
from ns3dmm.framework.model import Mode, NodeKind, Placement
from ns3dmm.topology import first_hops, install_stacks

from ._shims import shims
from .config import MobilityConfig, ScenarioConfig, ScenarioConfigError

__all__ = ["CORE", "AppSession", "Link", "Scenario", "build_scenario"]

#: Name of the core router joining the networks' gateways.
CORE = "Core"
#: Peer name used for an access router's or mobile node's WiFi interface in address keys.
WIFI = "wifi"
_DOCUMENTATION = ipaddress.IPv6Network("2001:db8::/32")
_FIRST_PORT = 9000
_STREAM_WIFI = 1000
_STREAM_MOBILITY = 2000
_STREAM_RADVD = 3000
_STREAM_INTERNET = 4000
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
    kind: str  #: "core" (gateway-core), "network" (inside a network) or "cn"
    devices: tuple[Any, Any] = field(repr=False, compare=False)


@dataclass(slots=True, eq=False)
class AppSession:
    """One application session: a source application and a PacketSink on the receiver."""

    name: str
    kind: str  #: "udp-cbr" or "tcp-bulk"
    source: str
    receiver: str
    port: int
    start_s: float
    stop_s: float | None
    destination: str | None  #: None until a deferred address is resolved at start_s
    size: int  #: UDP payload or TCP send size, bytes
    source_app: Any = field(repr=False)
    sink_app: Any = field(repr=False)
    tx: Any = field(repr=False)  #: C++ TxCounter (packets, bytes, first, last)
    rx: Any = field(repr=False)  #: C++ PacketRecorder (times, sizes, firstPayloads)

    def result(self) -> dict[str, Any]:
        rx_times = list(self.rx.times)
        return {
            "kind": self.kind,
            "source": self.source,
            "receiver": self.receiver,
            "destination": self.destination,
            "port": self.port,
            "tx_packets": int(self.tx.packets),
            # UdpClient's Tx trace sees the payload before its 12-byte sequence header.
            "tx_bytes": int(self.tx.packets) * self.size if self.kind == "udp-cbr"
            else int(self.tx.bytes),
            "rx_packets": len(rx_times),
            "rx_bytes": int(sum(self.rx.sizes)),
            "first_rx_s": rx_times[0] if rx_times else None,
            "last_rx_s": rx_times[-1] if rx_times else None,
        }


@dataclass(slots=True, eq=False)
class Scenario:
    """A built scenario: named ns-3 objects, addresses, applications; :meth:`run` and
    :meth:`destroy`. Build it with :func:`build_scenario`."""

    placement: Placement
    config: ScenarioConfig
    nodes: dict[str, Any] = field(default_factory=dict)  #: placement name (and ``Core``) -> Node
    links: list[Link] = field(default_factory=list)
    #: (node, peer) -> global address; peer ``"wifi"`` for an AR's access interface
    addresses: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (node, peer) -> IPv6 interface index; peer ``"wifi"`` for WiFi interfaces (ARs and MNs)
    interfaces: dict[tuple[str, str], int] = field(default_factory=dict)
    wifi_devices: dict[str, Any] = field(default_factory=dict)  #: AR or MN name -> WifiNetDevice
    ap_positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    bssids: dict[str, str] = field(default_factory=dict)  #: AR -> its AP's MAC address
    access_subnets: dict[str, ipaddress.IPv6Network] = field(default_factory=dict)
    router_advertisements: dict[str, bool] = field(default_factory=dict)  #: AR -> sends RAs
    radvd: dict[str, Any] = field(default_factory=dict)  #: AR -> Radvd application
    #: network -> every /64 the scenario uses from its prefix (links and access subnets)
    subnets: dict[str, list[ipaddress.IPv6Network]] = field(default_factory=dict)
    apps: dict[str, AppSession] = field(default_factory=dict)
    pcap_files: list[Path] = field(default_factory=list)
    _wifi: Any = field(default=None, repr=False)
    _flow_helper: Any = field(default=None, repr=False)
    #: C++ PathLengthProbe on every node: links crossed by each packet of the UDP sessions
    path_probe: Any = field(default=None, repr=False)
    _associations: dict[str, Any] = field(default_factory=dict, repr=False)
    _next_port: int = _FIRST_PORT
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
        for link in self.links:
            if {link.a, link.b} == {a, b}:
                return link
        raise KeyError(f"no link between {a!r} and {b!r}")

    def wifi_addresses(self, mn: str) -> list[str]:
        """Global addresses configured on the WiFi interface of ``mn`` (or an AR) right now."""
        return [str(a) for a in shims().GlobalAddresses(self.node(mn), self.interface(mn, WIFI))]

    def associations(self, mn: str) -> list[tuple[float, str, bool]]:
        """``(time_s, AR name or BSSID, associated)`` for every Assoc (True) / DeAssoc (False)
        of the mobile node's station so far."""
        rec = self._associations[mn]
        by_bssid = {b: ar for ar, b in self.bssids.items()}
        return [
            (float(t), by_bssid.get(str(b), str(b)), bool(a))
            for t, b, a in zip(rec.times, rec.bssids, rec.associated, strict=True)
        ]

    def adjacency(self) -> dict[str, list[str]]:
        """Point-to-point neighbours of every node."""
        adjacency: dict[str, list[str]] = {n: [] for n in self.nodes}
        for link in self.links:
            adjacency[link.a].append(link.b)
            adjacency[link.b].append(link.a)
        return adjacency

    def hop_distance(self, source: str, destination: str) -> int:
        """Links on a shortest path from ``source`` to ``destination``; when ``destination`` is
        an access router, the WiFi link to a station attached to it is included."""
        distance, _ = first_hops(self.adjacency(), source)
        if destination not in distance:
            raise KeyError(f"{destination!r} is not reachable from {source!r} over wired links")
        return distance[destination] + (1 if destination in self.access_subnets else 0)

    def position(self, name: str) -> tuple[float, float, float]:
        """Current position of a node with a mobility model."""
        ns = load()
        v = self.node(name).GetObject[ns.MobilityModel]().GetPosition()
        return (v.x, v.y, v.z)

    # ------------------------------------------------------------------ configuration

    def route(self, name: str, prefix: str, via: str) -> None:
        """Static route on ``name`` for ``prefix`` through its point-to-point neighbour ``via``
        (e.g. a home network prefix from a gateway towards its anchor)."""
        link = self.link(name, via)
        net = ipaddress.IPv6Network(prefix, strict=True)
        iface, gateway = (
            (link.interface_a, link.address_b) if link.a == name else (link.interface_b,
                                                                      link.address_a)
        )
        _add_route(self.ipv6(name), net, gateway, iface)

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
        now = load().Simulator.Now().GetSeconds()
        if start_s < now:
            raise ValueError(f"start_s {start_s} is in the past (now {now} s)")

    def _sink(self, receiver: str, port: int, factory: str) -> Any:
        ns = load()
        sink = ns.PacketSinkHelper(factory, _socket_address("::", port)).Install(
            self.node(receiver)).Get(0)
        sink.SetStartTime(ns.Seconds(0.0))
        return sink

    def _destination(
        self, session: AppSession, destination: str | Callable[[], str],
        apply: Callable[[str], None],
    ) -> None:
        """Set the destination now (a string) or at the session's start (a callable)."""
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
        ns = load()
        self._check_times(start_s, stop_s)
        bps = ns.DataRate(rate).GetBitRate() if isinstance(rate, str) else float(rate)
        if not bps > 0:
            raise ValueError(f"rate must be positive, got {rate!r}")
        if not isinstance(size, int) or not 12 <= size <= 65507:
            raise ValueError(f"size must be 12..65507 bytes, got {size!r}")
        name = self._session_name(name, "udp")
        port = self._port(port)
        # Applications come from the helpers: objects the library constructs itself (cppyy's
        # own CreateObject<UdpClient> crashes on a layout mismatch in the ns3 3.44 wheel).
        client = ns.UdpClientHelper(_socket_address("::", port)).Install(
            self.node(source)).Get(0)
        client.SetAttribute("MaxPackets", ns.UintegerValue(0))
        client.SetAttribute("PacketSize", ns.UintegerValue(size))
        client.SetAttribute("Interval", ns.TimeValue(ns.Seconds(size * 8.0 / bps)))
        client.SetStartTime(ns.Seconds(start_s))
        if stop_s is not None:
            client.SetStopTime(ns.Seconds(stop_s))
        sink = self._sink(receiver, port, "ns3::UdpSocketFactory")
        session = AppSession(
            name, "udp-cbr", source, receiver, port, start_s, stop_s, None, size, client, sink,
            shims().CountTx(client, "Tx"), shim().RecordRx(sink, "Rx"),
        )
        self.path_probe.TrackUdp(self.node(source), port)
        session.rx.probe = self.path_probe

        def apply(address: str) -> None:
            client.SetAttribute("Remote", ns.AddressValue(_socket_address(address, port)))

        self._destination(session, destination, apply)
        self.apps[name] = session
        return session

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
        ns = load()
        self._check_times(start_s, stop_s)
        if not isinstance(max_bytes, int) or max_bytes < 0:
            raise ValueError(f"max_bytes must be >= 0, got {max_bytes!r}")
        if not isinstance(send_size, int) or send_size < 1:
            raise ValueError(f"send_size must be >= 1, got {send_size!r}")
        name = self._session_name(name, "tcp")
        port = self._port(port)
        bulk = ns.BulkSendHelper("ns3::TcpSocketFactory", _socket_address("::", port)).Install(
            self.node(source)).Get(0)
        bulk.SetAttribute("SendSize", ns.UintegerValue(send_size))
        bulk.SetAttribute("MaxBytes", ns.UintegerValue(max_bytes))
        bulk.SetStartTime(ns.Seconds(start_s))
        if stop_s is not None:
            bulk.SetStopTime(ns.Seconds(stop_s))
        sink = self._sink(receiver, port, "ns3::TcpSocketFactory")
        session = AppSession(
            name, "tcp-bulk", source, receiver, port, start_s, stop_s, None, send_size, bulk,
            sink,
            shims().CountTx(bulk, "Tx"), shim().RecordRx(sink, "Rx"),
        )

        def apply(address: str) -> None:
            bulk.SetAttribute("Remote", ns.AddressValue(_socket_address(address, port)))

        self._destination(session, destination, apply)
        self.apps[name] = session
        return session

    # ------------------------------------------------------------------ running

    def run(self, stop_s: float) -> dict[str, Any]:
        """Run the simulation until ``stop_s`` (absolute simulated seconds) and return the
        results so far as a plain dict (see :meth:`results`).

        The RNG seed and run number were set from the configuration when the scenario was
        built (ns-3 random streams take them when created, so setting them here would be too
        late); they are set again here so that a later run in the process sees the same values.
        """
        ns = load()
        if self._destroyed:
            raise RuntimeError("the scenario was destroyed")
        now = ns.Simulator.Now().GetSeconds()
        if not stop_s > now:
            raise ValueError(f"stop_s {stop_s} must be after the current time {now} s")
        ns.RngSeedManager.SetSeed(self.config.seed)
        ns.RngSeedManager.SetRun(self.config.run)
        ns.Simulator.Stop(ns.Seconds(stop_s - now))
        t0 = time.perf_counter()
        ns.Simulator.Run()
        wall = time.perf_counter() - t0
        self._ran = True
        out = self.results()
        out["wall_s"] = wall
        return out

    def results(self) -> dict[str, Any]:
        """Plain-data results: per application session (sent from the C++ Tx counter, received
        from the C++ Rx recorder), FlowMonitor flows and WiFi associations per mobile node."""
        ns = load()
        flows = []
        if self._flow_helper is not None:
            for r in shims().FlowRows(self._flow_helper):
                flows.append({
                    "id": int(r.id),
                    "source": str(r.source),
                    "destination": str(r.destination),
                    "protocol": int(r.protocol),
                    "source_port": int(r.sourcePort),
                    "destination_port": int(r.destinationPort),
                    "tx_packets": int(r.txPackets),
                    "rx_packets": int(r.rxPackets),
                    "tx_bytes": int(r.txBytes),
                    "rx_bytes": int(r.rxBytes),
                    "lost_packets": int(r.lostPackets),
                    "mean_delay_s": r.delaySum / r.rxPackets if r.rxPackets else None,
                    "first_tx_s": float(r.firstTx),
                    "last_rx_s": float(r.lastRx),
                })
        return {
            "now_s": ns.Simulator.Now().GetSeconds(),
            "seed": self.config.seed,
            "run": self.config.run,
            "apps": {name: app.result() for name, app in self.apps.items()},
            "flow_monitor": flows,
            "associations": {
                mn: [{"time_s": t, "ar": ar, "associated": a}
                     for t, ar, a in self.associations(mn)]
                for mn in self._associations
            },
        }

    def destroy(self) -> None:
        """``Simulator::Destroy`` and release the Python callbacks. Radvd crashes when disposed
        without having started, so a scenario that never ran first runs for one time step."""
        if self._destroyed:
            return
        ns = load()
        if not self._ran and self.radvd:
            ns.Simulator.Stop(ns.NanoSeconds(1))
            ns.Simulator.Run()
        self._flow_helper = None
        self._wifi = None
        for app in self.apps.values():
            app.rx.probe = ns.Ptr[ns.dmm.PathLengthProbe]()
        self.path_probe = None
        ns.Simulator.Destroy()
        callbacks.release()
        self._destroyed = True
        # Pcap files are closed (and their buffers written) when the devices whose traces
        # hold them are freed: drop this object's references to the devices and nodes.
        self.links.clear()
        self.wifi_devices.clear()
        self.nodes.clear()
        self.radvd.clear()
        self.apps.clear()
        gc.collect()


# ---------------------------------------------------------------------- helpers


def _check_address(address: str) -> None:
    try:
        a = ipaddress.IPv6Address(address)
    except ValueError:
        raise ValueError(f"{address!r} is not an IPv6 address") from None
    if a in _DOCUMENTATION:
        raise ValueError(f"{address}: ns-3 drops forwarded packets to 2001:db8::/32")


def _socket_address(address: str, port: int) -> Any:
    ns = load()
    return ns.Inet6SocketAddress(ns.Ipv6Address(address), port).ConvertTo()


def _add_route(ipv6: Any, net: ipaddress.IPv6Network, gateway: str, iface: int) -> None:
    ns = load()
    routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)
    routing.AddNetworkRouteTo(
        ns.Ipv6Address(str(net.network_address)), ns.Ipv6Prefix(net.prefixlen),
        ns.Ipv6Address(gateway), iface,
    )


def _set_default_route(ipv6: Any, gateway: str, iface: int) -> None:
    ns = load()
    routing = ns.Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)
    routing.SetDefaultRoute(ns.Ipv6Address(gateway), iface)


def _add_interface(ipv6: Any, device: Any, address: str | None, forwarding: bool) -> int:
    ns = load()
    iface = int(ipv6.AddInterface(device))
    if address is not None:
        ipv6.AddAddress(iface, ns.Ipv6InterfaceAddress(ns.Ipv6Address(address), ns.Ipv6Prefix(64)))
    ipv6.SetForwarding(iface, forwarding)
    ipv6.SetUp(iface)
    return iface


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
    sh = shims()
    _check_placement(placement, cfg)

    ns.RngSeedManager.SetSeed(cfg.seed)
    ns.RngSeedManager.SetRun(cfg.run)
    ns.Config.SetDefault("ns3::Icmpv6L4Protocol::DAD", ns.BooleanValue(cfg.dad))
    if cfg.pcap:
        ns.GlobalValue.Bind("ChecksumEnabled", ns.BooleanValue(True))

    sc = Scenario(placement, cfg)
    kinds = {n.name: n.kind for n in placement.nodes}

    # Nodes: Internet stack (IPv6 only), then the ns3-dmm stack.
    all_nodes = ns.NodeContainer()
    for name in (CORE, *(n.name for n in placement.nodes)):
        node = ns.CreateObject[ns.Node]()
        sc.nodes[name] = node
        all_nodes.Add(node)
    jitter = (f"ns3::UniformRandomVariable[Min=0.0|Max={cfg.solicitation_jitter_ms!r}]"
              if cfg.solicitation_jitter_ms > 0 else "ns3::ConstantRandomVariable[Constant=0.0]")
    for name in sc.nodes:
        install_stacks(sc.nodes[name])
        icmpv6 = sc.nodes[name].GetObject[ns.Icmpv6L4Protocol]()
        icmpv6.SetAttribute("SolicitationJitter", ns.StringValue(jitter))
    # Fixed random streams for the Internet stack (neighbour discovery jitter and delays), so
    # a run does not depend on what ran before it in the same process.
    ns.InternetStackHelper().AssignStreams(all_nodes, _STREAM_INTERNET)

    def forwarding(name: str) -> bool:
        return name == CORE or kinds.get(name) in _ROUTERS

    # Wired links.
    plans = {net.name: _SubnetPlan(placement, net.name) for net in placement.networks}
    p2p = ns.PointToPointHelper()

    def join(a: str, b: str, net: ipaddress.IPv6Network, delay_ms: float, rate: str,
             kind: str) -> None:
        if net.subnet_of(_DOCUMENTATION):
            raise ScenarioConfigError(f"link {a}-{b}: {net} is in 2001:db8::/32, which ns-3 "
                                      "drops when forwarding")
        p2p.SetDeviceAttribute("DataRate", ns.StringValue(rate))
        p2p.SetChannelAttribute("Delay", ns.TimeValue(ns.Seconds(delay_ms / 1000.0)))
        pair = ns.NodeContainer()
        pair.Add(sc.nodes[a])
        pair.Add(sc.nodes[b])
        devices = p2p.Install(pair)
        addrs = (str(net.network_address + 1), str(net.network_address + 2))
        ifaces = []
        for k, (name, peer) in enumerate(((a, b), (b, a))):
            iface = _add_interface(sc.ipv6(name), devices.Get(k), addrs[k], forwarding(name))
            ifaces.append(iface)
            sc.addresses[(name, peer)] = addrs[k]
            sc.interfaces[(name, peer)] = iface
        sc.links.append(Link(a, b, net, addrs[0], addrs[1], ifaces[0], ifaces[1], kind,
                             (devices.Get(0), devices.Get(1))))

    for net in placement.networks:
        gw = placement.gateway_of(net.name)
        assert gw is not None  # checked by _check_placement
        join(CORE, gw.name, plans[net.name].core(), cfg.core_delay_ms, cfg.core_rate, "core")
    for node in placement.nodes:
        if node.kind in (NodeKind.ANCHOR, NodeKind.LM_SERVER, NodeKind.ACCESS_ROUTER):
            gw = placement.gateway_of(node.network)
            join(gw.name, node.name, plans[node.network].take(), cfg.network_delay_ms,
                 cfg.network_rate, "network")
    for node in placement.nodes:
        if node.kind is NodeKind.CORRESPONDENT:
            up = _cn_uplink(placement, cfg, node.name)
            join(up, node.name, plans[placement.network_of(up)].take(), cfg.cn_delay_ms,
                 cfg.cn_rate, "cn")

    # WiFi: access routers are APs on a line; mobile nodes are stations.
    ars = [n.name for n in placement.nodes if n.kind is NodeKind.ACCESS_ROUTER]
    mns = [n.name for n in placement.nodes if n.kind is NodeKind.MOBILE_NODE]
    params = sh.WifiParams()
    w = cfg.wifi
    params.standard = w.standard
    params.channelSettings = w.channel_settings
    params.ssid = w.ssid
    params.stationManager = w.station_manager
    params.beaconIntervalUs = w.beacon_interval_ms * 1000.0
    params.maxMissedBeacons = w.max_missed_beacons
    params.activeProbing = w.active_probing
    params.txPowerDbm = w.tx_power_dbm
    params.exponent = w.path_loss_exponent
    params.referenceLossDb = w.reference_loss_db
    ap_nodes, sta_nodes = ns.NodeContainer(), ns.NodeContainer()
    for name in ars:
        ap_nodes.Add(sc.nodes[name])
    for name in mns:
        sta_nodes.Add(sc.nodes[name])
    sc._wifi = sh.InstallWifi(params, ap_nodes, sta_nodes, _STREAM_WIFI)
    for k, name in enumerate(ars):
        dev = sc._wifi.aps.Get(k)
        sc.wifi_devices[name] = dev
        sc.bssids[name] = str(sh.MacToString(dev.GetAddress()))
        x, y = k * w.ap_spacing_m, w.ap_y_m
        sc.ap_positions[name] = (x, y)
        mob = ns.CreateObject[ns.ConstantPositionMobilityModel]()
        mob.SetPosition(ns.Vector(x, y, 0.0))
        sc.nodes[name].AggregateObject(mob)
        subnet = placement.access_subnet(name)
        sc.access_subnets[name] = subnet
        plans[placement.network_of(name)].used.append(subnet)
        address = str(subnet.network_address + 1)
        iface = _add_interface(sc.ipv6(name), dev, address, True)
        sc.addresses[(name, WIFI)] = address
        sc.interfaces[(name, WIFI)] = iface
    for k, name in enumerate(mns):
        dev = sc._wifi.stas.Get(k)
        sc.wifi_devices[name] = dev
        sc.interfaces[(name, WIFI)] = _add_interface(sc.ipv6(name), dev, None, False)
        sc._associations[name] = sh.RecordAssociations(dev)
        _install_mobility(sc, name, cfg.mobility_of(name), _STREAM_MOBILITY + 10 * k)
    sc.subnets = {name: list(plan.used) for name, plan in plans.items()}
    _check_unique(sc)

    # Router Advertisements (Radvd, started at 0 s and never stopped: it crashes when disposed
    # without having started).
    for k, name in enumerate(ars):
        on = _router_advertisements(placement, cfg, name)
        sc.router_advertisements[name] = on
        if not on:
            continue
        radvd = ns.CreateObject[ns.Radvd]()
        rif = ns.Create[ns.RadvdInterface](
            sc.interfaces[(name, WIFI)], cfg.ra_max_interval_ms, cfg.ra_min_interval_ms)
        rif.SetMinDelayBetweenRAs(cfg.ra_min_interval_ms)
        subnet = sc.access_subnets[name]
        rif.AddPrefix(ns.Create[ns.RadvdPrefix](
            ns.Ipv6Address(str(subnet.network_address)), 64,
            cfg.ra_preferred_lifetime_s, cfg.ra_valid_lifetime_s))
        radvd.AddConfiguration(rif)
        radvd.AssignStreams(_STREAM_RADVD + k)
        sc.nodes[name].AddApplication(radvd)
        radvd.SetStartTime(ns.Seconds(0.0))
        sc.radvd[name] = radvd

    _install_routes(sc)

    if cfg.pcap:
        _enable_pcap(sc, p2p, Path(cfg.pcap_dir))
    if cfg.flow_monitor:
        sc._flow_helper = ns.FlowMonitorHelper()
        sc._flow_helper.Install(all_nodes)
    sc.path_probe = ns.CreateObject[ns.dmm.PathLengthProbe]()
    for node in sc.nodes.values():
        sc.path_probe.Install(node)
    return sc


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
    # auto: a MAG on the AR sends its own (unicast) RAs in network-based mode.
    return not (placement.mode is Mode.NETWORK_BASED and placement.proxies_on(ar))


def _install_mobility(sc: Scenario, mn: str, m: MobilityConfig, stream: int) -> None:
    ns = load()
    w = sc.config.wifi
    xs = [p[0] for p in sc.ap_positions.values()]
    node = sc.nodes[mn]
    lane_y = w.ap_y_m + m.lane_offset_m
    if m.model in ("path", "static"):
        path = list(m.path) or list(sc.ap_positions)
        if m.model == "static":
            attached = sc.placement.node(mn).attached_to
            first = path[0] if m.path else (attached if attached in sc.ap_positions else path[0])
            mob = ns.CreateObject[ns.ConstantPositionMobilityModel]()
            x, _ = sc.ap_positions[first]
            mob.SetPosition(ns.Vector(x, lane_y, 0.0))
            node.AggregateObject(mob)
            return
        points = [(sc.ap_positions[ar][0], lane_y) for ar in path]
        mob = ns.CreateObject[ns.WaypointMobilityModel]()
        node.AggregateObject(mob)
        for t, (x, y) in _path_waypoints(m, points):
            mob.AddWaypoint(ns.Waypoint(ns.Seconds(t), ns.Vector(x, y, 0.0)))
        return
    x0, x1 = min(xs) - m.margin_m, max(xs) + m.margin_m
    y0, y1 = w.ap_y_m - m.margin_m, w.ap_y_m + m.margin_m
    if m.model == "random-waypoint":
        alloc = ns.CreateObject[ns.RandomRectanglePositionAllocator]()
        alloc.SetAttribute("X", ns.StringValue(f"ns3::UniformRandomVariable[Min={x0}|Max={x1}]"))
        alloc.SetAttribute("Y", ns.StringValue(f"ns3::UniformRandomVariable[Min={y0}|Max={y1}]"))
        alloc.AssignStreams(stream)
        mob = ns.CreateObject[ns.RandomWaypointMobilityModel]()
        mob.SetAttribute("Speed", ns.StringValue(
            f"ns3::UniformRandomVariable[Min={m.min_speed_mps}|Max={m.speed_mps}]"))
        mob.SetAttribute("Pause", ns.StringValue(
            f"ns3::ConstantRandomVariable[Constant={m.pause_s}]"))
        mob.SetAttribute("PositionAllocator", ns.PointerValue(alloc))
        mob.SetPosition(alloc.GetNext())
    else:  # gauss-markov
        mob = ns.CreateObject[ns.GaussMarkovMobilityModel]()
        mob.SetAttribute("Bounds", ns.BoxValue(ns.Box(x0, x1, y0, y1, 0.0, 0.0)))
        mob.SetAttribute("TimeStep", ns.TimeValue(ns.Seconds(m.gauss_markov_step_s)))
        mob.SetAttribute("Alpha", ns.DoubleValue(m.gauss_markov_alpha))
        mob.SetAttribute("MeanVelocity", ns.StringValue(
            f"ns3::ConstantRandomVariable[Constant={m.speed_mps}]"))
        mob.SetAttribute("MeanPitch", ns.StringValue("ns3::ConstantRandomVariable[Constant=0.0]"))
        mob.SetAttribute("NormalPitch", ns.StringValue(
            "ns3::NormalRandomVariable[Mean=0.0|Variance=0.0|Bound=0.0]"))
        start = sc.ap_positions[next(iter(sc.ap_positions))]
        attached = sc.placement.node(mn).attached_to
        if attached in sc.ap_positions:
            start = sc.ap_positions[attached]
        mob.SetPosition(ns.Vector(start[0], start[1], 0.0))
    mob.AssignStreams(stream + 1)
    node.AggregateObject(mob)


def _install_routes(sc: Scenario) -> None:
    """Static routes: every link /64 and access subnet by hop count, defaults towards the
    core, and each network prefix from the core to its gateway."""
    adjacency = sc.adjacency()
    # Destinations: (subnet, nodes on it).
    destinations = [(link.network, (link.a, link.b)) for link in sc.links]
    destinations += [(subnet, (ar,)) for ar, subnet in sc.access_subnets.items()]
    wired = [n for n in sc.nodes if n in adjacency and adjacency[n]]
    for source in wired:
        distance, first_hop = first_hops(adjacency, source)
        ipv6 = sc.ipv6(source)
        for subnet, ends in destinations:
            if source in ends:
                continue
            reachable = [e for e in ends if e in first_hop]
            if not reachable:
                continue
            hop = first_hop[min(reachable, key=distance.__getitem__)]
            link = sc.link(source, hop)
            gateway = link.address_b if link.a == source else link.address_a
            _add_route(ipv6, subnet, gateway, sc.interface(source, hop))
        if source != CORE and CORE in first_hop:
            hop = first_hop[CORE]
            link = sc.link(source, hop)
            gateway = link.address_b if link.a == source else link.address_a
            _set_default_route(ipv6, gateway, sc.interface(source, hop))
    for net in sc.placement.networks:
        gw = sc.placement.gateway_of(net.name)
        assert gw is not None
        sc.route(CORE, net.prefix, gw.name)


def _check_unique(sc: Scenario) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for key, address in sc.addresses.items():
        if address in seen:
            raise ScenarioConfigError(f"address {address} given to {key} and {seen[address]}")
        seen[address] = key
    subnets = [s for used in sc.subnets.values() for s in used]
    if len(set(subnets)) != len(subnets):
        raise ScenarioConfigError("two links share a /64")


def _enable_pcap(sc: Scenario, p2p: Any, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for link in sc.links:
        for k, (name, peer) in enumerate(((link.a, link.b), (link.b, link.a))):
            path = directory / f"{name}-{peer}.pcap"
            p2p.EnablePcap(str(path), link.devices[k], False, True)
            sc.pcap_files.append(path)
    for name, dev in sc.wifi_devices.items():
        path = directory / f"{name}-{WIFI}.pcap"
        sc._wifi.phy.EnablePcap(str(path), dev, False, True)
        sc.pcap_files.append(path)
