"""The unified framework as data: networks, nodes and the placement of the logical functions.

The draft (sections 3-8) describes every mobility protocol as a *placement* of four logical
functions -- home address allocation, mobility routing (MR), location management (LM) and an
optional proxy between LM and mobile node -- on the nodes of a set of networks. This module holds
that description as immutable data, plus the small queries that resolve it (which functions sit on
a node, the LM chain of a home address, the MR that a correspondent's packets reach first).

Nothing here simulates or validates; see :mod:`ns3dmm.framework.validation` for the rules and
:mod:`ns3dmm.framework.relations` for the signalling relations and data paths derived from a
placement.
"""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

__all__ = [
    "Allocation",
    "AllocationScope",
    "AnycastGroup",
    "CorrespondentBinding",
    "FirstPacket",
    "Forwarding",
    "FunctionKind",
    "FunctionRef",
    "HomeAddress",
    "LmDelivery",
    "LmOrganisation",
    "LocationManager",
    "MobilityRouter",
    "Mode",
    "Network",
    "Node",
    "NodeKind",
    "Placement",
    "Proxy",
    "RouteOptimisation",
    "Rs1",
    "Rs2",
]

_E = TypeVar("_E", bound=enum.Enum)


class NodeKind(enum.StrEnum):
    """What a node is, independently of the functions placed on it."""

    MOBILE_NODE = "mn"  #: a mobile node (MN)
    ACCESS_ROUTER = "ar"  #: an access router; first hop of MNs and CNs
    GATEWAY = "gateway"  #: the border router connecting a network to the core
    ANCHOR = "anchor"  #: a dedicated mobility anchor host (HA, LMA, MAP)
    CORRESPONDENT = "cn"  #: a correspondent node (CN)
    LM_SERVER = "lm-server"  #: a dedicated location-management (database) server


class FunctionKind(enum.StrEnum):
    """The logical functions of section 3."""

    ALLOCATION = "alloc"  #: home address / home network prefix allocation
    MOBILITY_ROUTING = "mr"  #: mobility routing
    LOCATION_MANAGEMENT = "lm"  #: internetwork location management
    PROXY = "proxy"  #: proxy between LM and MN (a MAG, or an HMIPv6 MAP)
    #: a correspondent's binding cache: MIPv6 route optimisation by return routability (RFC
    #: 6275 sections 5.2, 9), beside the draft's functions
    CORRESPONDENT_BINDING = "cn-binding"


class Mode(enum.StrEnum):
    """Who signals on behalf of the mobile node."""

    HOST_BASED = "host"  #: the MN itself registers (MIPv6-like)
    NETWORK_BASED = "network"  #: a proxy on the MN's access router registers (PMIPv6-like)


class AllocationScope(enum.StrEnum):
    """Granularity of home addresses (section 6.1)."""

    PER_MN = "per-mn"  #: one HoA per mobile node, kept for all its sessions
    PER_SESSION = "per-session"  #: one HoA per application session (dynamic mobility)


class LmOrganisation(enum.StrEnum):
    """How the LM instances of a placement relate to each other."""

    CENTRALISED = "centralised"  #: one LM serves every home network
    PER_NETWORK = "per-network"  #: one independent LM per home network (figure 5)
    REPLICATED = "replicated"  #: every LM holds all bindings and synchronises (HAHA's LM0, fig. 6)
    DISTRIBUTED = "distributed"  #: one database: each server holds its own prefixes (section 7)


class LmDelivery(enum.StrEnum):
    """How an LM delivers location information to its MR clients (section 7)."""

    PULL = "pull"  #: the MR queries the LM
    PUSH = "push"  #: the LM pushes updates to the MR


class Rs1(enum.StrEnum):
    """Route segment CN -> MR(CN) (section 8)."""

    ANYCAST = "anycast"  #: every MR advertises every HoA prefix; the nearest intercepts
    GATEWAY_OR_AR = "gw/ar"  #: an MR sits on the CN's gateway or access router


class Rs2(enum.StrEnum):
    """Route segment MR(CN) -> MR(MN) (section 8)."""

    QUERY = "query"  #: MR(CN) pulls the location from the LM database
    PUSH = "push"  #: the first packet goes home; MR(MN) then pushes the location to MR(CN)


class FirstPacket(enum.StrEnum):
    """What MR(CN) does with the first packet(s) before it knows the location."""

    WAIT = "wait"  #: hold the packet until the query reply arrives (query only)
    VIA_HOME = "via-home"  #: forward it through the home MR with MIP/PMIP (triangle route)


class Forwarding(enum.StrEnum):
    """How MR(CN) forwards to MR(MN) once it knows the location."""

    TUNNEL = "tunnel"  #: IPv6-in-IPv6 tunnel between the MRs
    HEADER_REWRITE = "header-rewrite"  #: per-host-locator header rewrite ([I-D.dmm-nat-phl])


def _enum(obj: object, attr: str, kind: type[_E]) -> None:
    """Coerce ``obj.attr`` to the enum ``kind`` (accepting its string value)."""
    value = getattr(obj, attr)
    if not isinstance(value, kind):
        try:
            object.__setattr__(obj, attr, kind(value))
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            raise ValueError(
                f"{type(obj).__name__} {getattr(obj, 'name', '?')!r}: {attr}={value!r} "
                f"is not one of {allowed}"
            ) from None


def _tuple(obj: object, attr: str) -> None:
    """Coerce ``obj.attr`` (any iterable, not a string) to a tuple."""
    value = getattr(obj, attr)
    if isinstance(value, str):
        raise TypeError(
            f"{type(obj).__name__} {getattr(obj, 'name', '?')!r}: {attr} must be a sequence "
            f"of names, not the string {value!r}"
        )
    if not isinstance(value, tuple):
        object.__setattr__(obj, attr, tuple(value))


@dataclass(frozen=True, slots=True)
class Allocation:
    """The home address / prefix allocation function of one network.

    Attributes:
        name: name of the function instance (e.g. ``"Alloc1"``).
        node: node hosting the function; must belong to the network.
        scope: one HoA per mobile node or per application session (section 6.1).
        lease_lifetime: lease of an allocated HoA in seconds; ``None`` means no expiry.
        renewal: whether an MN may renew the lease while a session outlives it (section 6).
        pool_length: length of the network's home (network) prefix pool, the prefixes it
            leases come from; ``None`` sizes it by the scenario (a /52, 4 096 /64s, unless the
            scenario's mobile nodes need more).
    """

    name: str
    node: str
    scope: AllocationScope = AllocationScope.PER_MN
    lease_lifetime: float | None = None
    renewal: bool = True
    pool_length: int | None = None

    def __post_init__(self) -> None:
        _enum(self, "scope", AllocationScope)


@dataclass(frozen=True, slots=True)
class Network:
    """An IP network with its own prefix and prefix-allocation function.

    Attributes:
        name: network name (e.g. ``"Network1"``).
        prefix: the network's IPv6 prefix, shorter than /64 (e.g. ``"2001:1::/48"``).
        allocation: the network's home address / prefix allocation function.
        domain: administrative domain; ``None`` means the network is its own domain.
    """

    name: str
    prefix: str
    allocation: Allocation
    domain: str | None = None

    @property
    def admin_domain(self) -> str:
        """The administrative domain (the network's name unless set)."""
        return self.domain if self.domain is not None else self.name

    def ip_network(self) -> ipaddress.IPv6Network:
        """The prefix as an :class:`ipaddress.IPv6Network` (``ValueError`` if not IPv6)."""
        net = ipaddress.ip_network(self.prefix, strict=True)
        if not isinstance(net, ipaddress.IPv6Network):
            raise ValueError(f"{self.prefix!r} is not an IPv6 prefix")
        return net

    def subnet(self, index: int) -> ipaddress.IPv6Network:
        """The ``index``-th /64 of the prefix.

        Index 0 is left for the network's infrastructure links (gateway, anchors, LM servers);
        access router ``k`` of the network (1-based, in placement order) uses index ``k``.
        """
        net = self.ip_network()
        count = 1 << (64 - net.prefixlen)
        if not 0 <= index < count:
            raise IndexError(f"{self.name}: /64 index {index} outside {self.prefix}")
        base = int(net.network_address) + (index << 64)
        return ipaddress.IPv6Network((base, 64))


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the topology.

    Attributes:
        name: node name (e.g. ``"AR31"``).
        kind: what the node is.
        network: the network the node belongs to; for an MN, the network it is visiting now.
        attached_to: for an MN or CN, the access router (or, for a CN, gateway) it hangs off.
        proxy: for an MN, the first proxy it registers with. Defaults to the proxy on its access
            router in network-based mode and to none (direct registration) in host-based mode;
            set it for HMIPv6 host-based (the MAP).
    """

    name: str
    kind: NodeKind
    network: str
    attached_to: str | None = None
    proxy: str | None = None

    def __post_init__(self) -> None:
        _enum(self, "kind", NodeKind)


@dataclass(frozen=True, slots=True)
class MobilityRouter:
    """A mobility routing (MR) function instance.

    Attributes:
        name: function name (e.g. ``"MR1"``).
        node: hosting node.
        anchors: networks whose prefixes this MR anchors as home MR (intercepts and tunnels).
            Empty for an MR that only serves as visited-network proxy MR (HMIPv6 MAP) or as an
            on-path MR(CN) for route optimisation.
        lms: LM instances this MR is a client of (where it learns locations from). An MR without
            LM must be co-located with a proxy, whose bindings it then uses.
        cache_size: number of location entries the MR may cache (0: no cache).
    """

    name: str
    node: str
    anchors: tuple[str, ...] = ()
    lms: tuple[str, ...] = ()
    cache_size: int = 0

    def __post_init__(self) -> None:
        _tuple(self, "anchors")
        _tuple(self, "lms")


@dataclass(frozen=True, slots=True)
class LocationManager:
    """A location management (LM) function instance (one server of the LM database).

    Attributes:
        name: function name (e.g. ``"LM1"``).
        node: hosting node.
        serves: home networks whose HoA bindings this LM keeps.
        delivery: pull (MRs query) or push (the LM pushes updates to its MR clients).
    """

    name: str
    node: str
    serves: tuple[str, ...]
    delivery: LmDelivery = LmDelivery.PULL

    def __post_init__(self) -> None:
        _tuple(self, "serves")
        _enum(self, "delivery", LmDelivery)


@dataclass(frozen=True, slots=True)
class Proxy:
    """A proxy between LM and MN: to the LM it behaves like the MN, to the MN like the LM.

    Attributes:
        name: function name (e.g. ``"MAG31"``).
        node: hosting node (an access router for a MAG, a MAP/anchor/gateway for HMIPv6).
        parent: the proxy or LM it registers with; ``None`` means the LM responsible for the
            home address being registered (resolved per home address).
    """

    name: str
    node: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class AnycastGroup:
    """MRs that all advertise the same HoA prefixes, so the nearest one intercepts (4.5, 8).

    Attributes:
        name: group name.
        members: MR function names.
        networks: networks whose prefixes every member advertises.
    """

    name: str
    members: tuple[str, ...]
    networks: tuple[str, ...]

    def __post_init__(self) -> None:
        _tuple(self, "members")
        _tuple(self, "networks")


@dataclass(frozen=True, slots=True)
class HomeAddress:
    """A home address (HoA) held by a mobile node.

    Attributes:
        name: name of the address (e.g. ``"HoA11"``).
        mn: the mobile node holding it.
        network: the network whose allocation function allocated it (its home network).
        session: the application session using it (per-session allocation); ``None`` for a
            per-MN HoA.
        continuity: whether the session(s) using it need mobility support after a handover.
    """

    name: str
    mn: str
    network: str
    session: str | None = None
    continuity: bool = True


@dataclass(frozen=True, slots=True)
class CorrespondentBinding:
    """A correspondent node's part of MIPv6 route optimisation (RFC 6275 sections 5.2, 9):
    it answers the return routability tests of host-based mobile nodes and keeps the bindings
    they then register with it, sending to their care-of addresses directly.

    Attributes:
        name: name of the function instance (e.g. ``"CB21"``).
        node: the correspondent node hosting it.
    """

    name: str
    node: str


@dataclass(frozen=True, slots=True)
class RouteOptimisation:
    """One route optimisation design of section 8: an RS1 choice times an RS2 choice.

    Attributes:
        rs1: how CN traffic reaches MR(CN).
        rs2: how MR(CN) learns where MR(MN) is.
        first_packet: first-packet behaviour; push always sends it via the home MR.
        forwarding: tunnel, or per-host-locator header rewrite between MR(CN) and MR(MN).
    """

    rs1: Rs1
    rs2: Rs2
    first_packet: FirstPacket = FirstPacket.WAIT
    forwarding: Forwarding = Forwarding.TUNNEL

    def __post_init__(self) -> None:
        _enum(self, "rs1", Rs1)
        _enum(self, "rs2", Rs2)
        _enum(self, "first_packet", FirstPacket)
        _enum(self, "forwarding", Forwarding)

    @property
    def label(self) -> str:
        """Section 8 notation, e.g. ``"RS1.anycast + RS2.query"``."""
        text = f"RS1.{self.rs1.value} + RS2.{self.rs2.value}"
        if self.forwarding is Forwarding.HEADER_REWRITE:
            text += " (header rewrite)"
        return text


@dataclass(frozen=True, slots=True)
class FunctionRef:
    """One function instance and where it sits (used by queries and drawing)."""

    kind: FunctionKind
    name: str
    node: str


def _hashable(key: Any) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def _add(index: dict[Any, list[Any]], key: Any, value: Any) -> None:
    if _hashable(key):
        index.setdefault(key, []).append(value)


class _Index:
    """Lookups of a placement by name, node, kind and network, built once on first use (the
    placement is immutable): every query is a dictionary access, not a scan."""

    __slots__ = ("by_name", "functions", "function_node", "nodes_by_kind", "functions_on",
                 "mrs_on", "proxies_on", "proxies_in", "hoas_of", "lms_serving",
                 "mrs_anchoring", "anycast_of", "access_index")

    def __init__(self, p: Placement) -> None:
        # Keys that cannot be hashed (malformed input, which validation reports) are left out:
        # lookups by them find nothing, as a scan comparing with a name would.
        self.by_name: dict[str, dict[str, Any]] = {}
        for what, items in (("network", p.networks), ("node", p.nodes),
                            ("mobility router", p.mobility_routers),
                            ("location manager", p.location_managers),
                            ("proxy", p.proxies), ("home address", p.home_addresses)):
            named = self.by_name[what] = {}
            for item in items:
                if isinstance(item.name, str):
                    named.setdefault(item.name, item)
        self.functions: tuple[FunctionRef, ...] = tuple(
            [FunctionRef(FunctionKind.ALLOCATION, n.allocation.name, n.allocation.node)
             for n in p.networks]
            + [FunctionRef(FunctionKind.MOBILITY_ROUTING, m.name, m.node)
               for m in p.mobility_routers]
            + [FunctionRef(FunctionKind.LOCATION_MANAGEMENT, lm.name, lm.node)
               for lm in p.location_managers]
            + [FunctionRef(FunctionKind.PROXY, px.name, px.node) for px in p.proxies]
            + [FunctionRef(FunctionKind.CORRESPONDENT_BINDING, c.name, c.node)
               for c in p.correspondent_bindings])
        self.function_node: dict[str, str] = {}
        self.functions_on: dict[str, list[FunctionRef]] = {}
        for f in self.functions:
            if isinstance(f.name, str):
                self.function_node.setdefault(f.name, f.node)
            _add(self.functions_on, f.node, f)
        self.nodes_by_kind: dict[tuple[NodeKind, str | None], list[Node]] = {}
        self.access_index: dict[str, int] = {}
        for n in p.nodes:
            for key in ((n.kind, None), (n.kind, n.network)):
                _add(self.nodes_by_kind, key, n)
            if (n.kind is NodeKind.ACCESS_ROUTER and isinstance(n.name, str)
                    and _hashable(n.network)):
                self.access_index[n.name] = len(
                    self.nodes_by_kind[(NodeKind.ACCESS_ROUTER, n.network)])
        self.mrs_on: dict[str, list[MobilityRouter]] = {}
        self.mrs_anchoring: dict[str, list[MobilityRouter]] = {}
        for m in p.mobility_routers:
            _add(self.mrs_on, m.node, m)
            for network in m.anchors:
                _add(self.mrs_anchoring, network, m)
        self.proxies_on: dict[str, list[Proxy]] = {}
        self.proxies_in: dict[str, list[Proxy]] = {}
        node_network = {n.name: n.network for n in p.nodes if _hashable(n.name)}
        for px in p.proxies:
            _add(self.proxies_on, px.node, px)
            if _hashable(px.node) and _hashable(node_network.get(px.node)):
                _add(self.proxies_in, node_network.get(px.node), px)
        self.hoas_of: dict[str, list[HomeAddress]] = {}
        for h in p.home_addresses:
            _add(self.hoas_of, h.mn, h)
        self.lms_serving: dict[str, list[LocationManager]] = {}
        for lm in p.location_managers:
            for network in lm.serves:
                _add(self.lms_serving, network, lm)
        self.anycast_of: dict[str, AnycastGroup] = {}
        for g in p.anycast_groups:
            for network in g.networks:
                if _hashable(network):
                    self.anycast_of.setdefault(network, g)


@dataclass(frozen=True, slots=True)
class Placement:
    """A complete placement of the logical functions: one protocol configuration.

    A placement is plain data; :func:`ns3dmm.framework.validate` lists its problems and
    :func:`ns3dmm.framework.check` raises them (presets and loaded scenarios are checked).

    Attributes:
        name: short identifier (e.g. ``"pmipv6"``).
        title: human-readable title.
        networks: the networks, each with prefix and allocation function.
        nodes: all nodes (infrastructure, MNs, CNs).
        mobility_routers: MR instances.
        location_managers: LM instances.
        proxies: proxy instances.
        home_addresses: HoAs held by the MNs (per MN or per session).
        anycast_groups: groups of MRs advertising the same prefixes.
        mode: host-based or network-based.
        lm_organisation: how the LM instances relate.
        route_optimisation: the section 8 design, or ``None``.
        correspondent_bindings: correspondents doing MIPv6 route optimisation (RFC 6275).
        reference: where in the draft this placement comes from.
        description: one-line description.
    """

    name: str
    title: str
    networks: tuple[Network, ...]
    nodes: tuple[Node, ...]
    mobility_routers: tuple[MobilityRouter, ...] = ()
    location_managers: tuple[LocationManager, ...] = ()
    proxies: tuple[Proxy, ...] = ()
    home_addresses: tuple[HomeAddress, ...] = ()
    anycast_groups: tuple[AnycastGroup, ...] = ()
    mode: Mode = Mode.HOST_BASED
    lm_organisation: LmOrganisation = LmOrganisation.CENTRALISED
    route_optimisation: RouteOptimisation | None = None
    correspondent_bindings: tuple[CorrespondentBinding, ...] = ()
    reference: str = ""
    description: str = ""
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for attr in (
            "networks",
            "nodes",
            "mobility_routers",
            "location_managers",
            "proxies",
            "home_addresses",
            "anycast_groups",
            "correspondent_bindings",
        ):
            _tuple(self, attr)
        _enum(self, "mode", Mode)
        _enum(self, "lm_organisation", LmOrganisation)

    # ----------------------------------------------------------------- lookups by name

    @property
    def _ix(self) -> _Index:
        index = self._index
        if index is None:
            index = _Index(self)
            object.__setattr__(self, "_index", index)
        return index

    def _find(self, what: str, name: str) -> Any:
        # The first of that name, as a scan would find it (validation reports duplicates).
        found = self._ix.by_name[what].get(name) if isinstance(name, str) else None
        if found is None:
            raise LookupError(f"no {what} named {name!r}")
        return found

    def moved(self, mn: str, access_router: str, proxy: str | None = None) -> Placement:
        """This placement with mobile node ``mn`` attached to ``access_router`` (in that
        router's network) and ``proxy`` as its first proxy (None: the one
        :meth:`anchor_point_at` names for a host-based mobile node, the access router's own in
        network-based mode), to ask for the data path or the relations at each access router a
        mobile node passes."""
        node = self.node(mn)
        if node.kind is not NodeKind.MOBILE_NODE:
            raise LookupError(f"{mn!r} is not a mobile node")
        ar = self.node(access_router)
        if ar.kind is not NodeKind.ACCESS_ROUTER:
            raise LookupError(f"{access_router!r} is not an access router")
        if proxy is not None:
            self.proxy(proxy)
        elif self.mode is Mode.HOST_BASED:
            anchor_point = self.anchor_point_at(access_router)
            proxy = anchor_point.name if anchor_point is not None else None
        there = replace(node, network=ar.network, attached_to=ar.name, proxy=proxy)
        return replace(self, nodes=tuple(there if n.name == mn else n for n in self.nodes))

    def network(self, name: str) -> Network:
        """The network called ``name`` (``LookupError`` if absent)."""
        return self._find("network", name)

    def node(self, name: str) -> Node:
        """The node called ``name`` (``LookupError`` if absent)."""
        return self._find("node", name)

    def mr(self, name: str) -> MobilityRouter:
        """The MR instance called ``name`` (``LookupError`` if absent)."""
        return self._find("mobility router", name)

    def lm(self, name: str) -> LocationManager:
        """The LM instance called ``name`` (``LookupError`` if absent)."""
        return self._find("location manager", name)

    def proxy(self, name: str) -> Proxy:
        """The proxy instance called ``name`` (``LookupError`` if absent)."""
        return self._find("proxy", name)

    def home_address(self, name: str) -> HomeAddress:
        """The home address called ``name`` (``LookupError`` if absent)."""
        return self._find("home address", name)

    def has_lm(self, name: str) -> bool:
        """Whether an LM instance called ``name`` exists."""
        return name in self._ix.by_name["location manager"]

    def has_proxy(self, name: str) -> bool:
        """Whether a proxy instance called ``name`` exists."""
        return name in self._ix.by_name["proxy"]

    # ----------------------------------------------------------------- structure queries

    def nodes_of_kind(self, kind: NodeKind, network: str | None = None) -> tuple[Node, ...]:
        """Nodes of ``kind``, optionally restricted to one network, in placement order."""
        return tuple(self._ix.nodes_by_kind.get((kind, network), ()))

    @property
    def mobile_nodes(self) -> tuple[Node, ...]:
        """All mobile nodes."""
        return self.nodes_of_kind(NodeKind.MOBILE_NODE)

    @property
    def correspondents(self) -> tuple[Node, ...]:
        """All correspondent nodes."""
        return self.nodes_of_kind(NodeKind.CORRESPONDENT)

    def functions(self) -> Iterator[FunctionRef]:
        """Every function instance with its kind and node."""
        return iter(self._ix.functions)

    def functions_on(self, node: str) -> tuple[FunctionRef, ...]:
        """Function instances hosted on ``node``, allocation first, then MR, LM, proxy."""
        return tuple(self._ix.functions_on.get(node, ()))

    def correspondent_binding_on(self, node: str) -> CorrespondentBinding | None:
        """The correspondent binding function on ``node`` (a correspondent), if any."""
        return next((c for c in self.correspondent_bindings if c.node == node), None)

    def function_node(self, function: str) -> str:
        """The node hosting the function instance called ``function``."""
        found = self._ix.function_node.get(function)
        if found is None:
            raise LookupError(f"no function named {function!r}")
        return found

    def network_of(self, node: str) -> str:
        """The network a node belongs to (an MN: the network it is visiting)."""
        return self.node(node).network

    def hosts(self, node: str, kind: FunctionKind) -> bool:
        """Whether ``node`` hosts a function of ``kind``."""
        return any(f.kind is kind for f in self.functions_on(node))

    def mrs_on(self, node: str) -> tuple[MobilityRouter, ...]:
        """MR instances on ``node``."""
        return tuple(self._ix.mrs_on.get(node, ()))

    def proxies_on(self, node: str) -> tuple[Proxy, ...]:
        """Proxy instances on ``node``."""
        return tuple(self._ix.proxies_on.get(node, ()))

    def home_addresses_of(self, mn: str) -> tuple[HomeAddress, ...]:
        """HoAs held by the mobile node ``mn``."""
        return tuple(self._ix.hoas_of.get(mn, ()))

    def gateway_of(self, network: str) -> Node | None:
        """The (first) gateway of ``network``, if any."""
        gws = self.nodes_of_kind(NodeKind.GATEWAY, network)
        return gws[0] if gws else None

    def access_subnet(self, ar: str) -> ipaddress.IPv6Network:
        """The /64 of an access router's access link, derived from its network's prefix."""
        node = self.node(ar)
        index = self._ix.access_index.get(ar)
        if index is None or node.kind is not NodeKind.ACCESS_ROUTER:
            raise LookupError(f"{ar!r} is not an access router")
        return self.network(node.network).subnet(index)

    # ----------------------------------------------------------------- resolution

    def needs_mobility(self, hoa: HomeAddress | str) -> bool:
        """Whether the HoA needs location management now: its MN is away and needs continuity.

        As in section 7, no location management is needed while the MN is still in the network
        that allocated the HoA, nor for a session that does not need continuity.
        """
        h = self.home_address(hoa) if isinstance(hoa, str) else hoa
        return h.continuity and self.node(h.mn).network != h.network

    def responsible_lm(self, network: str, near: str | None = None) -> LocationManager:
        """The LM keeping the bindings of HoAs allocated by ``network``.

        With replicated LMs several qualify; the one in network ``near`` is preferred (the
        nearest replica), then the one in the home network itself, then the first.
        """
        candidates = self._ix.lms_serving.get(network, ())
        if not candidates:
            raise LookupError(f"no location manager serves HoAs of {network!r}")
        for wanted in (near, network):
            for lm in candidates:
                if wanted is not None and self.network_of(lm.node) == wanted:
                    return lm
        return candidates[0]

    def entry_proxy(self, mn: str) -> Proxy | None:
        """The first proxy an MN's registrations go through, or ``None`` (direct to the LM)."""
        node = self.node(mn)
        if node.proxy is not None:
            return self.proxy(node.proxy)
        if self.mode is Mode.NETWORK_BASED and node.attached_to is not None:
            on_ar = self.proxies_on(node.attached_to)
            if on_ar:
                return on_ar[0]
        return None

    def anchor_point_at(self, access_router: str) -> Proxy | None:
        """The anchor point serving host-based mobile nodes at an access router (HMIPv6's MAP,
        RFC 5380): the proxy on a node of the router's network that is not an access router
        (the first, in placement order), or None."""
        network = self.node(access_router).network
        for px in self._ix.proxies_in.get(network, ()):
            if self.node(px.node).kind is not NodeKind.ACCESS_ROUTER:
                return px
        return None

    def lm_chain(self, hoa: HomeAddress | str, *, away: bool = False) -> tuple[str, ...]:
        """The registration chain of a HoA: proxy names from the MN upwards, ending in the LM.

        Empty when the HoA needs no location management (see :meth:`needs_mobility`), unless
        ``away``: then the chain the functions keep ready for it wherever its MN is, in the
        home network too (a home address anchored at its location management function, off
        its home link, is registered from there as well), for a HoA needing continuity.
        Raises ``LookupError`` for an unresolvable chain (unknown names, cycles, no LM).
        """
        h = self.home_address(hoa) if isinstance(hoa, str) else hoa
        if not (h.continuity if away else self.needs_mobility(h)):
            return ()
        return self._chain(h, self.entry_proxy(h.mn), self.node(h.mn).network)

    def chain_at(self, hoa: HomeAddress | str, access_router: str) -> tuple[str, ...]:
        """The chain of a HoA needing continuity with its MN at ``access_router``, as
        ``lm_chain(hoa, away=True)`` of ``moved(mn, access_router)`` but without building that
        placement: the first proxy there is the access router's own (network-based) or the
        anchor point :meth:`anchor_point_at` names (host-based)."""
        h = self.home_address(hoa) if isinstance(hoa, str) else hoa
        ar = self.node(access_router)
        if ar.kind is not NodeKind.ACCESS_ROUTER:
            raise LookupError(f"{access_router!r} is not an access router")
        if not h.continuity:
            return ()
        if self.mode is Mode.HOST_BASED:
            entry = self.anchor_point_at(access_router)
        else:
            on_ar = self.proxies_on(access_router)
            entry = on_ar[0] if on_ar else None
        return self._chain(h, entry, ar.network)

    def _chain(self, h: HomeAddress, entry: Proxy | None, near: str) -> tuple[str, ...]:
        """The chain from ``entry`` (None: straight to the LM) up to the LM responsible for
        ``h``, the replica nearest to network ``near`` (or to the last proxy's). A proxy on
        the node of the LM it would register with stands for nothing between them (the MR of
        figure 7 in the mobile node's home network: its LM serves the mobile node itself) and
        is left out."""
        if entry is None:
            return (self.responsible_lm(h.network, near=near).name,)
        chain: list[str] = []
        current = entry
        while True:
            if current.name in chain:
                raise LookupError(f"proxy chain of {h.name!r} loops at {current.name!r}")
            chain.append(current.name)
            if current.parent is None:
                near = self.network_of(current.node)
                chain.append(self.responsible_lm(h.network, near=near).name)
                break
            if self.has_lm(current.parent):
                chain.append(current.parent)
                break
            current = self.proxy(current.parent)
        lm_node = self.function_node(chain[-1])
        while len(chain) > 1 and self.function_node(chain[-2]) == lm_node:
            del chain[-2]
        return tuple(chain)

    def home_mr(self, network: str) -> MobilityRouter:
        """The home MR anchoring ``network``'s prefix (the one inside that network first)."""
        candidates = self._ix.mrs_anchoring.get(network, ())
        if not candidates:
            raise LookupError(f"no mobility router anchors {network!r}")
        for mr in candidates:
            if self.network_of(mr.node) == network:
                return mr
        return candidates[0]

    def anycast_group_for(self, network: str) -> AnycastGroup | None:
        """The anycast group advertising ``network``'s prefix, if any."""
        return self._ix.anycast_of.get(network)

    def on_path_mr(self, cn: str) -> MobilityRouter | None:
        """An MR on the CN's access router or its network's gateway (RS1.gw/ar), if any."""
        node = self.node(cn)
        places: list[str] = []
        if node.attached_to is not None:
            places.append(node.attached_to)
        places.extend(g.name for g in self.nodes_of_kind(NodeKind.GATEWAY, node.network))
        for place in places:
            mrs = self.mrs_on(place)
            if mrs:
                return mrs[0]
        return None

    def mr_for_cn(self, cn: str, hoa: HomeAddress | str) -> MobilityRouter:
        """MR(CN): the first MR that packets from ``cn`` to ``hoa`` reach.

        RS1.gw/ar: the MR on the CN's access router or gateway. Anycast (RS1.anycast, or an
        anycast group advertising the home prefix as in HAHA): the member in the CN's network,
        else the member in the home network. Otherwise: the home MR of the HoA's network.
        """
        h = self.home_address(hoa) if isinstance(hoa, str) else hoa
        ro = self.route_optimisation
        if ro is not None and ro.rs1 is Rs1.GATEWAY_OR_AR:
            mr = self.on_path_mr(cn)
            if mr is None:
                raise LookupError(f"no MR on the path of {cn!r} (RS1.gw/ar)")
            return mr
        group = self.anycast_group_for(h.network)
        if group is not None:
            members = [self.mr(m) for m in group.members]
            cn_net = self.network_of(cn)
            for wanted in (cn_net, h.network):
                for mr in members:
                    if self.network_of(mr.node) == wanted:
                        return mr
            return members[0]
        return self.home_mr(h.network)

    def can_reach_lm(self, mr: MobilityRouter, lm: LocationManager) -> bool:
        """Whether ``mr`` can obtain locations kept by ``lm``.

        Directly when ``lm`` is one of its LMs; through the database when the LMs form a
        distributed database and the MR is a client of any of its servers (section 7: the
        database "only needs to know which data resides in which server").
        """
        if lm.name in mr.lms:
            return True
        return self.lm_organisation is LmOrganisation.DISTRIBUTED and bool(mr.lms)

    def reaches_binding(self, mr: MobilityRouter, network: str) -> bool:
        """Whether ``mr`` can obtain the bindings of HoAs allocated by ``network``.

        True when some LM keeping them (any replica, for replicated LMs) is co-located with
        the MR or reachable by it (:meth:`can_reach_lm`).
        """
        return any(
            lm.node == mr.node or self.can_reach_lm(mr, lm)
            for lm in self._ix.lms_serving.get(network, ())
        )

    def knows_location(self, mr: MobilityRouter, network: str) -> bool:
        """Whether ``mr`` resolves HoAs of ``network`` without help (its own LM serves them)."""
        return any(self.has_lm(n) and network in self.lm(n).serves for n in mr.lms)
