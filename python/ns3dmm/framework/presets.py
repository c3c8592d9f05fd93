"""The draft's configurations, each built only from the placement model.

Every preset is a function of sizes (networks, access routers per network, mobile nodes) and,
where the draft allows both, of the mode. The common topology follows the draft's figures:
``NetworkN`` with prefix ``2001:N::/48``, a gateway ``GWN``, access routers ``ARNk``, mobile nodes
``MNhk`` (home network ``h``), and one correspondent ``CN21`` in Network2. With the default sizes
MN11 has moved from Network1 to AR31 in Network3, as in figures 1 to 8.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .model import (
    Allocation,
    AllocationScope,
    AnycastGroup,
    CorrespondentBinding,
    FirstPacket,
    Forwarding,
    HomeAddress,
    LmDelivery,
    LmOrganisation,
    LocationManager,
    MobilityRouter,
    Mode,
    Network,
    Node,
    NodeKind,
    Placement,
    Proxy,
    RouteOptimisation,
    Rs1,
    Rs2,
)
from .validation import check

__all__ = ["PRESETS", "Preset", "build_preset", "preset_names"]

#: Lease of a dynamic HoA in the section 6 example ("say 24 hours").
DYNAMIC_LEASE_S = 24 * 3600.0
#: Default location cache size of an MR in the section 7/8 designs.
DEFAULT_CACHE = 128


def _nm(prefix: str, i: int, k: int) -> str:
    """Draft-style name (``AR31``), with a dash once an index needs two digits."""
    return f"{prefix}{i}{k}" if i < 10 and k < 10 else f"{prefix}{i}-{k}"


@dataclass
class _Builder:
    """Mutable scratch space; presets finish with :meth:`build`, which validates."""

    n: int
    ars: int
    networks: list[Network] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    mrs: list[MobilityRouter] = field(default_factory=list)
    lms: list[LocationManager] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    hoas: list[HomeAddress] = field(default_factory=list)
    groups: list[AnycastGroup] = field(default_factory=list)

    def topology(
        self,
        alloc_node: Callable[[int], str] = lambda i: f"GW{i}",
        scope: AllocationScope = AllocationScope.PER_MN,
        lease: float | None = None,
    ) -> None:
        """Networks 1..n, each with a gateway and ``ars`` access routers."""
        for i in range(1, self.n + 1):
            net = f"Network{i}"
            alloc = Allocation(f"Alloc{i}", alloc_node(i), scope, lease)
            self.networks.append(Network(net, f"2001:{i:x}::/48", alloc))
            self.nodes.append(Node(f"GW{i}", NodeKind.GATEWAY, net))
            for k in range(1, self.ars + 1):
                self.nodes.append(Node(_nm("AR", i, k), NodeKind.ACCESS_ROUTER, net))

    def node(self, name: str, kind: NodeKind, i: int) -> None:
        self.nodes.append(Node(name, kind, f"Network{i}"))

    def hosts(
        self,
        mobile_nodes: int,
        multi_home: bool,
        sessions: bool = False,
        proxy: Callable[[int], str | None] = lambda v: None,
    ) -> None:
        """Mobile nodes away from home, and CN21.

        Single home (``multi_home=False``): every MN has home Network1 and visits networks
        n, n-1, ... 2 in turn. Multiple homes: MN j has home ``h = (j-1) % n + 1`` and visits
        the previous network (h-1, Network1 -> Network n). With ``sessions``, each MN holds an
        "ongoing" session HoA from home (continuity) and a "new" session address from the
        visited network (section 6).
        """
        n = self.n
        per_home: dict[int, int] = {}
        for j in range(1, mobile_nodes + 1):
            if multi_home:
                h = (j - 1) % n + 1
                v = (h - 2) % n + 1
            else:
                h = 1
                v = n - (j - 1) % (n - 1)
            k = per_home[h] = per_home.get(h, 0) + 1
            mn = _nm("MN", h, k)
            ar = _nm("AR", v, (k - 1) % self.ars + 1)
            self.nodes.append(Node(mn, NodeKind.MOBILE_NODE, f"Network{v}", ar, proxy(v)))
            if sessions:
                self.hoas.append(HomeAddress(_nm("HoA", h, k), mn, f"Network{h}", "ongoing"))
                self.hoas.append(
                    HomeAddress(f"{_nm('HoA', h, k)}-new", mn, f"Network{v}", "new", False)
                )
            else:
                self.hoas.append(HomeAddress(_nm("HoA", h, k), mn, f"Network{h}"))
        c = 2 if n >= 2 else 1
        cn = Node(_nm("CN", c, 1), NodeKind.CORRESPONDENT, f"Network{c}", _nm("AR", c, 1))
        self.nodes.append(cn)

    def mags(self, parent: Callable[[int], str | None] = lambda i: None) -> None:
        """A proxy (MAG) on every access router, registering with ``parent(network)``."""
        for i in range(1, self.n + 1):
            for k in range(1, self.ars + 1):
                self.proxies.append(Proxy(_nm("MAG", i, k), _nm("AR", i, k), parent(i)))

    def build(
        self, name: str, title: str, reference: str, description: str, **kw: Any
    ) -> Placement:
        return check(
            Placement(
                name=name,
                title=title,
                networks=tuple(self.networks),
                nodes=tuple(self.nodes),
                mobility_routers=tuple(self.mrs),
                location_managers=tuple(self.lms),
                proxies=tuple(self.proxies),
                home_addresses=tuple(self.hoas),
                anycast_groups=tuple(self.groups),
                reference=reference,
                description=description,
                **kw,
            )
        )


def _sizes(networks: int, ars_per_network: int, mobile_nodes: int, min_networks: int) -> None:
    if networks < min_networks:
        raise ValueError(f"this preset needs at least {min_networks} networks, got {networks}")
    if networks > 0xFFFF:
        raise ValueError("at most 65535 networks (one 2001:N::/48 each)")
    if ars_per_network < 1:
        raise ValueError(f"ars_per_network must be >= 1, got {ars_per_network}")
    if mobile_nodes < 1:
        raise ValueError(f"mobile_nodes must be >= 1, got {mobile_nodes}")


def _mode(mode: Mode | str) -> Mode:
    return Mode(mode)


# --------------------------------------------------------------------------- section 4


def mipv6(networks: int = 3, ars_per_network: int = 1, mobile_nodes: int = 1,
          home_link: bool = False) -> Placement:
    """Figure 1: the home agent HA1 bundles LM1, MR1 and Alloc1; the MN registers itself.

    With ``home_link`` the home agent is the first access router of Network1, AR11, whose
    link is the home link (the mobile nodes' home addresses are on it)."""
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    b = _Builder(networks, ars_per_network)
    home = "AR11" if home_link else "HA1"
    b.topology(alloc_node=lambda i: home if i == 1 else f"GW{i}")
    if not home_link:
        b.node("HA1", NodeKind.ANCHOR, 1)
    b.mrs.append(MobilityRouter("MR1", home, ("Network1",), ("LM1",)))
    b.lms.append(LocationManager("LM1", home, ("Network1",)))
    b.hosts(mobile_nodes, multi_home=False)
    return b.build(
        "mipv6",
        "Mobile IPv6",
        "figure 1, section 4.1; gap 5.2.2",
        "MIPv6: LM1, MR1 and HoA allocation bundled in the home agent; MN signals it directly",
        mode=Mode.HOST_BASED,
        lm_organisation=LmOrganisation.CENTRALISED,
    )


def mipv6_ro(networks: int = 3, ars_per_network: int = 1, mobile_nodes: int = 1,
             home_link: bool = False) -> Placement:
    """Mobile IPv6 with route optimisation (RFC 6275 sections 5.2, 9, 11.6): figure 1, and a
    correspondent binding on every correspondent; each mobile node registers its care-of
    address with them after return routability, and they send to it directly."""
    placement = mipv6(networks, ars_per_network, mobile_nodes, home_link)
    return replace(
        placement,
        name="mipv6-ro",
        title="Mobile IPv6 with route optimisation",
        reference="figure 1 and RFC 6275 5.2; gap 5.2.2",
        description="MIPv6 with return routability: CNs bind the MN's care-of address",
    )


def pmipv6(networks: int = 3, ars_per_network: int = 1, mobile_nodes: int = 1) -> Placement:
    """Figure 3: the LMA bundles LM1, MR1 and Alloc1; a MAG proxy on every access router."""
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    b = _Builder(networks, ars_per_network)
    b.topology(alloc_node=lambda i: "LMA1" if i == 1 else f"GW{i}")
    b.node("LMA1", NodeKind.ANCHOR, 1)
    b.mrs.append(MobilityRouter("MR1", "LMA1", ("Network1",), ("LM1",)))
    b.lms.append(LocationManager("LM1", "LMA1", ("Network1",)))
    b.mags()
    b.hosts(mobile_nodes, multi_home=False)
    return b.build(
        "pmipv6",
        "Proxy Mobile IPv6",
        "figure 3, section 4.2; gap 5.2.3",
        "PMIPv6: LMA bundles LM1, MR1, allocation; MAG proxy on the AR signals for the MN",
        mode=Mode.NETWORK_BASED,
        lm_organisation=LmOrganisation.CENTRALISED,
    )


def _hmipv6(networks: int, ars_per_network: int, mobile_nodes: int, mode: Mode) -> Placement:
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    b = _Builder(networks, ars_per_network)
    b.topology(alloc_node=lambda i: "HA1" if i == 1 else f"GW{i}")
    b.node("HA1", NodeKind.ANCHOR, 1)
    b.mrs.append(MobilityRouter("MR1", "HA1", ("Network1",), ("LM1",)))
    b.lms.append(LocationManager("LM1", "HA1", ("Network1",)))
    for i in range(2, networks + 1):
        b.node(f"MAP{i}", NodeKind.ANCHOR, i)
        b.mrs.append(MobilityRouter(f"MR{i}", f"MAP{i}"))
        b.proxies.append(Proxy(f"Proxy{i}", f"MAP{i}"))
    if mode is Mode.NETWORK_BASED:
        b.mags(parent=lambda i: None if i == 1 else f"Proxy{i}")
        b.hosts(mobile_nodes, multi_home=False)
    else:
        b.hosts(mobile_nodes, multi_home=False, proxy=lambda v: f"Proxy{v}")
    suffix = "host" if mode is Mode.HOST_BASED else "network"
    return b.build(
        f"hmipv6-{suffix}",
        f"Hierarchical Mobile IPv6 ({suffix}-based)",
        "figure 4, section 4.3; gap 5.2.4",
        f"HMIPv6 {suffix}-based: MR3 in the visited network is the proxy in LM1--MR3--MN11",
        mode=mode,
        lm_organisation=LmOrganisation.CENTRALISED,
    )


def hmipv6_host(networks: int = 3, ars_per_network: int = 1, mobile_nodes: int = 1) -> Placement:
    """Figure 4, host-based: MN11 registers with MR3 (MAP3), which registers with LM1."""
    return _hmipv6(networks, ars_per_network, mobile_nodes, Mode.HOST_BASED)


def hmipv6_network(
    networks: int = 3, ars_per_network: int = 1, mobile_nodes: int = 1
) -> Placement:
    """Figure 4, network-based: MN11 takes MN31's place; MAG31 registers with MR3's proxy."""
    return _hmipv6(networks, ars_per_network, mobile_nodes, Mode.NETWORK_BASED)


def multiple_home_networks(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
) -> Placement:
    """Figure 5: the home network functions (HA with MR, LM, Alloc) repeated in every network."""
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    mode = _mode(mode)
    b = _Builder(networks, ars_per_network)
    b.topology(alloc_node=lambda i: f"HA{i}")
    for i in range(1, networks + 1):
        b.node(f"HA{i}", NodeKind.ANCHOR, i)
        b.mrs.append(MobilityRouter(f"MR{i}", f"HA{i}", (f"Network{i}",), (f"LM{i}",)))
        b.lms.append(LocationManager(f"LM{i}", f"HA{i}", (f"Network{i}",)))
    if mode is Mode.NETWORK_BASED:
        b.mags()
    b.hosts(mobile_nodes, multi_home=True)
    return b.build(
        "multiple-home-networks",
        "Multiple home networks",
        "figure 5, section 4.4; gap 5.2.5",
        "MIPv6/PMIPv6 home network functions repeated in each network",
        mode=mode,
        lm_organisation=LmOrganisation.PER_NETWORK,
    )


def haha(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
) -> Placement:
    """Figure 6: an MR in every network, anycasting all HoA prefixes; LM0 replicated everywhere."""
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    mode = _mode(mode)
    b = _Builder(networks, ars_per_network)
    b.topology(alloc_node=lambda i: f"HA{i}")
    all_nets = tuple(f"Network{i}" for i in range(1, networks + 1))
    for i in range(1, networks + 1):
        b.node(f"HA{i}", NodeKind.ANCHOR, i)
        b.mrs.append(MobilityRouter(f"MR{i}", f"HA{i}", (f"Network{i}",), (f"LM0-{i}",)))
        b.lms.append(LocationManager(f"LM0-{i}", f"HA{i}", all_nets))
    b.groups.append(AnycastGroup("HA-anycast", tuple(m.name for m in b.mrs), all_nets))
    if mode is Mode.NETWORK_BASED:
        b.mags()
    b.hosts(mobile_nodes, multi_home=True)
    return b.build(
        "haha",
        "Migrating home agents (HAHA)",
        "figure 6, section 4.5; gap 5.2.6",
        "Migrating home agents: anycast MRs in every network, LM0 replicated to all networks",
        mode=mode,
        lm_organisation=LmOrganisation.REPLICATED,
    )


# --------------------------------------------------------------------------- sections 5-8


def _distributed_base(
    b: _Builder,
    scope: AllocationScope,
    separate_lm: bool,
    cache: int,
    delivery: LmDelivery = LmDelivery.PULL,
) -> None:
    """MR, proxy and allocation on every gateway; LM on the gateway or on an LM server
    (``delivery``: how it tells the MRs that ask it of changes).

    The proxy in the visited network is co-located with that network's MR (section 6: "MR3
    acting as the proxy location maintenance function between LM1 and MN11").
    """
    n = b.n
    b.topology(scope=scope, lease=DYNAMIC_LEASE_S if scope is AllocationScope.PER_SESSION else None)
    for i in range(1, n + 1):
        lm_node = f"GW{i}"
        if separate_lm:
            lm_node = f"LMS{i}"
            b.node(lm_node, NodeKind.LM_SERVER, i)
        b.mrs.append(MobilityRouter(f"MR{i}", f"GW{i}", (f"Network{i}",), (f"LM{i}",), cache))
        b.lms.append(LocationManager(f"LM{i}", lm_node, (f"Network{i}",), delivery))
        b.proxies.append(Proxy(f"Proxy{i}", f"GW{i}"))


def _distributed_hosts(b: _Builder, mode: Mode, mobile_nodes: int, sessions: bool) -> None:
    """MAGs under the gateway proxies (network-based) or MNs registering with them (host)."""
    if mode is Mode.NETWORK_BASED:
        b.mags(parent=lambda i: f"Proxy{i}")
        b.hosts(mobile_nodes, multi_home=True, sessions=sessions)
    else:
        b.hosts(mobile_nodes, multi_home=True, sessions=sessions, proxy=lambda v: f"Proxy{v}")


def _distributed_family(
    networks: int,
    ars_per_network: int,
    mobile_nodes: int,
    mode: Mode | str,
    scope: AllocationScope,
    separate_lm: bool,
    cache: int,
    labels: tuple[str, str, str, str],
    lm_organisation: LmOrganisation,
) -> Placement:
    """Allocation, MR and LM in every network (figure 7) and its extensions (sections 6, 7):
    ``labels`` is (name, title, reference, description)."""
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    mode = _mode(mode)
    b = _Builder(networks, ars_per_network)
    _distributed_base(b, scope, separate_lm=separate_lm, cache=cache)
    _distributed_hosts(b, mode, mobile_nodes, sessions=scope is AllocationScope.PER_SESSION)
    return b.build(*labels, mode=mode, lm_organisation=lm_organisation)


def distributed(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
) -> Placement:
    """Figure 7: allocation, MR and LM in every network; the visited MR proxies for the MN."""
    return _distributed_family(
        networks, ars_per_network, mobile_nodes, mode, AllocationScope.PER_MN, False, 0,
        ("distributed", "Distributed deployment", "figure 7, section 5.1.5 (REQ1 part 1)",
         "Own allocation and MR+LM in every network; MRs of different networks signal each "
         "other"),
        LmOrganisation.PER_NETWORK,
    )


def dynamic(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
) -> Placement:
    """Section 6: figure 7 with per-session HoAs leased for 24 h (renewable)."""
    return _distributed_family(
        networks, ars_per_network, mobile_nodes, mode, AllocationScope.PER_SESSION, False, 0,
        ("dynamic", "Dynamic mobility management", "section 6, 6.1; gap 5.2.7",
         "Per-session HoAs: new sessions use the visited network's prefix, old ones keep "
         "theirs"),
        LmOrganisation.PER_NETWORK,
    )


def distributed_lm(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
    cache_size: int = DEFAULT_CACHE,
) -> Placement:
    """Section 7 / figure 8: MRs in every network as clients of a distributed LM database."""
    return _distributed_family(
        networks, ars_per_network, mobile_nodes, mode, AllocationScope.PER_SESSION, True,
        cache_size,
        ("distributed-lm", "Multiple MRs and distributed LM database",
         "section 7, figure 8; gap 5.2.8",
         "LM servers form a distributed database: HoA -> MR of the visited network -> CoA"),
        LmOrganisation.DISTRIBUTED,
    )


def _route_optimisation(
    rs1: Rs1,
    rs2: Rs2,
    networks: int,
    ars_per_network: int,
    mobile_nodes: int,
    mode: Mode | str,
    first_packet: FirstPacket | str | None,
    forwarding: Forwarding | str,
    mr_at: str,
    cache_size: int,
    allocation: AllocationScope | str,
) -> Placement:
    _sizes(networks, ars_per_network, mobile_nodes, 2)
    mode = _mode(mode)
    try:
        scope = AllocationScope(allocation)
    except ValueError:
        allowed = ", ".join(repr(s.value) for s in AllocationScope)
        raise ValueError(f"allocation must be one of {allowed}, got {allocation!r}") from None
    if mr_at not in ("gateway", "access-router"):
        raise ValueError(f"mr_at must be 'gateway' or 'access-router', got {mr_at!r}")
    if first_packet is None:
        first_packet = FirstPacket.WAIT if rs2 is Rs2.QUERY else FirstPacket.VIA_HOME
    b = _Builder(networks, ars_per_network)
    # RS2.push: a move reaches MR(CN) by push end to end, LM -> the home MR -> MR(CN).
    delivery = LmDelivery.PUSH if rs2 is Rs2.PUSH else LmDelivery.PULL
    _distributed_base(b, scope, separate_lm=True, cache=cache_size, delivery=delivery)
    if rs1 is Rs1.ANYCAST:
        all_nets = tuple(n.name for n in b.networks)
        b.groups.append(AnycastGroup("MR-anycast", tuple(m.name for m in b.mrs), all_nets))
    elif mr_at == "access-router":
        for i in range(1, networks + 1):
            for k in range(1, ars_per_network + 1):
                b.mrs.append(
                    MobilityRouter(_nm("MRA", i, k), _nm("AR", i, k), (), (f"LM{i}",), cache_size)
                )
    _distributed_hosts(b, mode, mobile_nodes, sessions=scope is AllocationScope.PER_SESSION)
    ro = RouteOptimisation(rs1, rs2, FirstPacket(first_packet), Forwarding(forwarding))
    number = {(Rs1.ANYCAST, Rs2.QUERY): 1, (Rs1.ANYCAST, Rs2.PUSH): 2}
    number |= {(Rs1.GATEWAY_OR_AR, Rs2.QUERY): 3, (Rs1.GATEWAY_OR_AR, Rs2.PUSH): 4}
    rs1_name = "anycast" if rs1 is Rs1.ANYCAST else "gwar"
    return b.build(
        f"ro-{rs1_name}-{rs2.value}",
        f"Route optimisation {ro.label}",
        f"section 8, design {number[(rs1, rs2)]}; gap 5.2.9",
        {
            1: "Nearest MR by anycast queries the LM database, tunnels to the MN's MR",
            2: "Nearest MR by anycast; first packet via home, then the MN's MR pushes location",
            3: "MR on the CN's gateway/AR queries the LM database, tunnels to the MN's MR",
            4: "MR on the CN's gateway/AR; first packet via home, then location is pushed",
        }[number[(rs1, rs2)]],
        mode=mode,
        lm_organisation=LmOrganisation.DISTRIBUTED,
        route_optimisation=ro,
    )


def ro_anycast_query(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
    first_packet: FirstPacket | str = FirstPacket.WAIT,
    forwarding: Forwarding | str = Forwarding.TUNNEL,
    cache_size: int = DEFAULT_CACHE,
    allocation: AllocationScope | str = AllocationScope.PER_SESSION,
) -> Placement:
    """Section 8 design 1: RS1.CN-MR(CN).anycast followed by RS2.MR(CN)-MR(MN).query."""
    return _route_optimisation(
        Rs1.ANYCAST, Rs2.QUERY, networks, ars_per_network, mobile_nodes, mode, first_packet,
        forwarding, "gateway", cache_size, allocation,
    )  # fmt: skip


def ro_anycast_push(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
    forwarding: Forwarding | str = Forwarding.TUNNEL,
    cache_size: int = DEFAULT_CACHE,
    allocation: AllocationScope | str = AllocationScope.PER_SESSION,
) -> Placement:
    """Section 8 design 2: RS1.anycast followed by RS2.push ([Paper-Distributed.Mobility.PMIP])."""
    return _route_optimisation(
        Rs1.ANYCAST, Rs2.PUSH, networks, ars_per_network, mobile_nodes, mode, None, forwarding,
        "gateway", cache_size, allocation,
    )  # fmt: skip


def ro_gwar_query(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
    first_packet: FirstPacket | str = FirstPacket.WAIT,
    forwarding: Forwarding | str = Forwarding.TUNNEL,
    mr_at: str = "gateway",
    cache_size: int = DEFAULT_CACHE,
    allocation: AllocationScope | str = AllocationScope.PER_SESSION,
) -> Placement:
    """Section 8 design 3: RS1.gw/ar followed by RS2.query.

    ``forwarding="header-rewrite"`` with ``mr_at="gateway"`` is the per-host-locator variant of
    [I-D.dmm-nat-phl] (ingress/egress gateways rewrite instead of tunnelling);
    ``mr_at="access-router"`` puts MR(CN) on the MAG as in [I-D.jikim-dmm-pmip].
    """
    return _route_optimisation(
        Rs1.GATEWAY_OR_AR, Rs2.QUERY, networks, ars_per_network, mobile_nodes, mode, first_packet,
        forwarding, mr_at, cache_size, allocation,
    )  # fmt: skip


def ro_gwar_push(
    networks: int = 3,
    ars_per_network: int = 1,
    mobile_nodes: int = 1,
    mode: Mode | str = Mode.HOST_BASED,
    forwarding: Forwarding | str = Forwarding.TUNNEL,
    mr_at: str = "gateway",
    cache_size: int = DEFAULT_CACHE,
    allocation: AllocationScope | str = AllocationScope.PER_SESSION,
) -> Placement:
    """Section 8 design 4: RS1.gw/ar followed by RS2.push.

    An example is [Paper-Distributed.Mobility.Management].
    """
    return _route_optimisation(
        Rs1.GATEWAY_OR_AR, Rs2.PUSH, networks, ars_per_network, mobile_nodes, mode, None,
        forwarding, mr_at, cache_size, allocation,
    )  # fmt: skip


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True, slots=True)
class Preset:
    """A named preset: builder plus the draft reference and a one-line description."""

    name: str
    builder: Callable[..., Placement]
    reference: str
    description: str

    def build(self, **params: Any) -> Placement:
        """Build the placement with ``params`` (sizes, mode ...); ``ValueError`` on bad ones."""
        accepted = self.parameters
        unknown = sorted(set(params) - set(accepted))
        if unknown:
            raise ValueError(
                f"preset {self.name!r} takes no parameter(s) {', '.join(unknown)}; "
                f"it takes {', '.join(accepted)}"
            )
        correspondents = params.pop("correspondents", None)
        rr = params.pop("return_routability", False)
        placement = self.builder(**params)
        if correspondents is not None:
            placement = with_correspondents(placement, correspondents)
        if not isinstance(rr, bool):
            raise ValueError(f"return_routability must be true or false, got {rr!r}")
        rr = rr or self.builder is mipv6_ro  # what mipv6-ro is
        return with_return_routability(placement) if rr else placement

    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the builder's parameters, then those every preset takes
        (``correspondents``, ``return_routability``)."""
        return (*inspect.signature(self.builder).parameters, *COMMON_PARAMETERS)


#: parameters every preset takes besides its builder's, with their defaults (mipv6-ro has
#: return routability on whatever the parameter says)
COMMON_PARAMETERS: dict[str, Any] = {"correspondents": 1, "return_routability": False}


def with_return_routability(p: Placement) -> Placement:
    """The placement with a correspondent binding (MIPv6 route optimisation, RFC 6275) on
    every correspondent: CB21 on CN21, and so on. Valid with host-based mobile nodes only
    (rule ``cn-binding.mode``)."""
    bindings = tuple(CorrespondentBinding("CB" + cn.name[2:], cn.name)
                     for cn in p.correspondents)
    return check(replace(p, correspondent_bindings=bindings))


def with_correspondents(p: Placement, count: int) -> Placement:
    """The placement with ``count`` correspondents instead of its own, spread over the
    networks in turn from Network2 (Network1 last; the draft's figures have CN21), the j-th
    in a network attached to its access routers in turn: 1 gives CN21 on AR21, one per
    network gives CN21, CN31, ..., CN11, and more give several per network."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"correspondents must be a positive integer, got {count!r}")
    names = [n.name for n in p.networks]
    order = names[1:] + names[:1]
    ars = {net: [n.name for n in p.nodes_of_kind(NodeKind.ACCESS_ROUTER, net)] for net in names}
    if any(not ars[net] for net in order):
        raise ValueError("every network needs an access router for its correspondents")
    placed: dict[str, int] = {}
    cns = []
    for k in range(count):
        net = order[k % len(order)]
        j = placed[net] = placed.get(net, 0) + 1
        i = names.index(net) + 1
        cns.append(Node(_nm("CN", i, j), NodeKind.CORRESPONDENT, net,
                        ars[net][(j - 1) % len(ars[net])]))
    nodes = tuple(n for n in p.nodes if n.kind is not NodeKind.CORRESPONDENT) + tuple(cns)
    return check(replace(p, nodes=nodes))


def _preset(name: str, builder: Callable[..., Placement], reference: str, text: str) -> Preset:
    return Preset(name, builder, reference, text)


#: Every preset by name, in the draft's order.
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset("mipv6", mipv6, "fig. 1, 5.2.2", "Mobile IPv6: HA bundles MR, LM, allocation"),
        _preset("mipv6-ro", mipv6_ro, "fig. 1, RFC 6275",
                "Mobile IPv6 with route optimisation: return routability, CN bindings"),
        _preset("pmipv6", pmipv6, "fig. 3, 5.2.3", "Proxy Mobile IPv6: LMA + MAG proxy on the AR"),
        _preset(
            "hmipv6-host", hmipv6_host, "fig. 4, 5.2.4", "Hierarchical MIPv6, MN registers via MR3"
        ),
        _preset(
            "hmipv6-network",
            hmipv6_network,
            "fig. 4, 5.2.4",
            "Hierarchical MIPv6, network-based (MAG31 -> MR3 -> LM1)",
        ),
        _preset(
            "multiple-home-networks",
            multiple_home_networks,
            "fig. 5, 5.2.5",
            "Home network functions repeated in every network",
        ),
        _preset("haha", haha, "fig. 6, 5.2.6", "Migrating home agents: anycast MRs, LM0 replicas"),
        _preset(
            "distributed",
            distributed,
            "fig. 7, 5.1.5",
            "Allocation, MR and LM in every network; visited MR proxies",
        ),
        _preset("dynamic", dynamic, "sec. 6, 5.2.7", "Dynamic mobility: per-session HoAs, leases"),
        _preset(
            "distributed-lm",
            distributed_lm,
            "sec. 7, 5.2.8",
            "Multiple MRs, distributed LM database (hierarchical mapping)",
        ),
        _preset(
            "ro-anycast-query",
            ro_anycast_query,
            "sec. 8 #1, 5.2.9",
            "RO: RS1 anycast + RS2 query of the LM database",
        ),
        _preset(
            "ro-anycast-push",
            ro_anycast_push,
            "sec. 8 #2, 5.2.9",
            "RO: RS1 anycast + RS2 push from the MN's MR",
        ),
        _preset(
            "ro-gwar-query",
            ro_gwar_query,
            "sec. 8 #3, 5.2.9",
            "RO: MR on CN's gateway/AR + RS2 query (option: header rewrite)",
        ),
        _preset(
            "ro-gwar-push",
            ro_gwar_push,
            "sec. 8 #4, 5.2.9",
            "RO: MR on CN's gateway/AR + RS2 push",
        ),
    )
}


def preset_names() -> tuple[str, ...]:
    """Names of all presets, in the draft's order."""
    return tuple(PRESETS)


def build_preset(name: str, **params: Any) -> Placement:
    """Build the preset called ``name`` (``KeyError`` listing the presets if unknown)."""
    try:
        preset = PRESETS[name]
    except KeyError:
        raise KeyError(
            f"unknown preset {name!r}; presets are: {', '.join(PRESETS)}"
        ) from None
    return preset.build(**params)
