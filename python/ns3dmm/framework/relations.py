"""Relations derived from a placement: who signals whom, and the data path from a CN to an MN.

These are computed from the placement alone (function co-location, LM chains, MR clients,
anycast groups, route optimisation), never from the protocol's name. The gap analysis derives
trust relations from them and the drawing draws them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from .model import (
    FirstPacket,
    Forwarding,
    HomeAddress,
    LmOrganisation,
    Mode,
    NodeKind,
    Placement,
    Rs2,
)

__all__ = [
    "DataPath",
    "Hop",
    "HopKind",
    "Relation",
    "RelationKind",
    "data_path",
    "data_paths",
    "RegistrationGroup",
    "reachable_relations",
    "registration_groups",
    "registrations_at",
    "relations",
]


class RelationKind(enum.StrEnum):
    """Kinds of relations between function instances or nodes."""

    ATTACHMENT = "attachment"  #: MN attaches to the proxy on its access router (network-based)
    REGISTRATION = "registration"  #: binding update up the LM chain (MN/proxy -> proxy/LM)
    LM_CLIENT = "lm-client"  #: an MR learns locations from an LM (pull or push)
    LM_SYNC = "lm-sync"  #: replicated LMs synchronise their bindings (HAHA)
    LM_QUERY = "lm-query"  #: RS2.query: MR(CN) queries the LM database
    LOCATION_PUSH = "location-push"  #: RS2.push: the home MR pushes the location to MR(CN)
    TUNNEL = "tunnel"  #: data-plane forwarding between mobility elements (tunnel or rewrite)
    #: MIPv6 route optimisation: the MN's return routability and Binding Update to a
    #: correspondent binding (RFC 6275 5.2, 11.7.2)
    CORRESPONDENT_REGISTRATION = "correspondent-registration"


@dataclass(frozen=True, slots=True)
class Relation:
    """One signalling or forwarding relation between two elements.

    Attributes:
        kind: what the relation is.
        source: initiating element (function name, or node name for MNs and data-plane hops).
        target: the other element.
        source_node: node hosting ``source``.
        target_node: node hosting ``target``.
        detail: short human-readable detail (binding carried, HoA concerned ...).
        home_address: the HoA an attachment or registration carries ("" for other kinds).
    """

    kind: RelationKind
    source: str
    target: str
    source_node: str
    target_node: str
    detail: str = ""
    home_address: str = ""

    @property
    def crosses_nodes(self) -> bool:
        """Whether the relation leaves a node (co-located functions need no signalling)."""
        return self.source_node != self.target_node


class HopKind(enum.StrEnum):
    """How a packet reached a hop of a data path."""

    START = "start"  #: the sending CN
    ROUTE = "route"  #: normal IP routing (to the MR intercepting the destination)
    TUNNEL = "tunnel"  #: encapsulated by the previous mobility element
    REWRITE = "rewrite"  #: header rewritten by the previous MR (per-host locator)
    ACCESS = "access"  #: delivered on the access link by the MN's access router
    #: sent by the CN straight to the care-of address its binding holds (a Type 2 Routing
    #: header naming the HoA, RFC 6275 route optimisation)
    BINDING = "binding"


@dataclass(frozen=True, slots=True)
class Hop:
    """One hop of a data path: a node and how the packet got there."""

    node: str
    via: HopKind
    role: str = ""  #: mobility function acting at this hop (e.g. ``"MR1"``), if any


@dataclass(frozen=True, slots=True)
class DataPath:
    """The path of packets from a CN to one HoA of an MN.

    Attributes:
        cn: correspondent node.
        hoa: destination home address.
        hops: steady-state hops, starting at the CN and ending at the MN.
        first_packet: hops of the first packet when they differ (query via home, push), else
            ``None``.
    """

    cn: str
    hoa: str
    hops: tuple[Hop, ...]
    first_packet: tuple[Hop, ...] | None = None

    @property
    def nodes(self) -> tuple[str, ...]:
        """Node names along the steady-state path."""
        return tuple(h.node for h in self.hops)


def _append(hops: list[Hop], hop: Hop) -> None:
    """Append ``hop`` unless it stays on the node of the previous hop (co-located step)."""
    if hops and hops[-1].node == hop.node:
        if hop.role and not hops[-1].role:
            hops[-1] = Hop(hops[-1].node, hops[-1].via, hop.role)
        return
    hops.append(hop)


def _tail(p: Placement, hoa: HomeAddress) -> list[tuple[str, str]]:
    """Nodes (with role) below the LM in the chain, from the top proxy down to the MN."""
    chain = p.lm_chain(hoa)
    tail = []
    for name in reversed(chain[:-1]):
        node = p.proxy(name).node
        mrs = p.mrs_on(node)  # the MR forwards; a proxy alone (a MAG) ends the tunnel itself
        tail.append((node, mrs[0].name if mrs else name))
    tail.append((hoa.mn, ""))
    return tail


def _deliver(
    p: Placement, hoa: HomeAddress, hops: list[Hop], first: HopKind, below: str | None = None
) -> None:
    """Append the hops from the MR holding the binding down the chain to the MN (from node
    ``below`` of the chain when given)."""
    mn = p.node(hoa.mn)
    via = first
    tail = _tail(p, hoa)
    if below is not None:
        tail = tail[[node for node, _ in tail].index(below):]
    for node, role in tail:
        if node == mn.name and hops and hops[-1].node == mn.attached_to:
            kind = HopKind.ACCESS
        else:
            kind = via
        _append(hops, Hop(node, kind, role))
        via = HopKind.TUNNEL
    if hops[-1].node != mn.name:  # pragma: no cover - the tail always ends at the MN
        raise AssertionError("data path does not reach the MN")


def _on_path_proxy(p: Placement, cn: str, h: HomeAddress) -> str | None:
    """Network-based, the node on the CN's way out (its access router, then its network's
    gateway) hosting a proxy of the HoA's chain that holds a binding of the home network
    prefix itself and so delivers down without the home MR: the MN's own proxy on the CN's
    access router (local routing), or an anchor point with an MR on the CN's gateway (the MR
    of the visited network of figure 7). ``None`` when there is none (host-based, an anchor
    point binds regional care-of addresses, not the HoA)."""
    if p.mode is not Mode.NETWORK_BASED:
        return None
    proxies = p.lm_chain(h)[:-1]
    if not proxies:
        return None
    c = p.node(cn)
    if c.attached_to is not None and p.proxy(proxies[0]).node == c.attached_to:
        return c.attached_to
    for gateway in p.nodes_of_kind(NodeKind.GATEWAY, c.network):
        if p.mrs_on(gateway.name) and any(p.proxy(n).node == gateway.name
                                          for n in proxies[1:]):
            return gateway.name
    return None


def data_path(p: Placement, cn: str, hoa: HomeAddress | str) -> DataPath:
    """The data path from ``cn`` to ``hoa``.

    A HoA used in its own network needs no mobility routing and is reached by plain routing.
    Otherwise packets reach MR(CN) (see :meth:`Placement.mr_for_cn`); an MR that cannot
    resolve the location forwards to the home MR, which tunnels along the LM chain. With route
    optimisation MR(CN) tunnels (or rewrites) straight to the node the LM binding points at;
    the first packet goes via the home MR for RS2.push and for RS2.query with
    ``first_packet = via-home``. Without route optimisation, in network-based mode, a proxy
    of the chain on the CN's way out that binds the home network prefix itself delivers
    first: the MN's own proxy on the CN's access router, or an anchor point with an MR on the
    CN's gateway (``_on_path_proxy``).

    Raises ``LookupError`` when the HoA is unreachable (its MN is away and the session needs no
    continuity, so no mobility support is set up for it).
    """
    h = p.home_address(hoa) if isinstance(hoa, str) else hoa
    mn = p.node(h.mn)
    start = Hop(cn, HopKind.START)
    if not p.needs_mobility(h):
        if mn.network != h.network:
            raise LookupError(
                f"{h.name!r} was allocated by {h.network} but {mn.name} is in {mn.network} and "
                "the session needs no continuity: the address is not reachable"
            )
        return DataPath(cn, h.name, (start, Hop(mn.name, HopKind.ROUTE)))
    binding = p.correspondent_binding_on(cn)
    if binding is not None and p.mode is Mode.HOST_BASED:
        # MIPv6 route optimisation: once registered, straight to the care-of address the home
        # registration names (under an anchor point, its regional care-of address, from which
        # the anchor point tunnels on down); until then (the first packets, which start the
        # registration) as without it.
        without = data_path(replace(p, correspondent_bindings=()), cn, h)
        hops = [Hop(cn, HopKind.START, binding.name)]
        _deliver(p, h, hops, HopKind.BINDING)
        return DataPath(cn, h.name, tuple(hops), without.hops)
    ingress = p.mr_for_cn(cn, h)
    home = p.home_mr(h.network)
    ro = p.route_optimisation
    steady_via = (
        HopKind.REWRITE
        if ro is not None and ro.forwarding is Forwarding.HEADER_REWRITE
        else HopKind.TUNNEL
    )

    def via_home() -> list[Hop]:
        # The home MR forwards by the location it knows, as MR(CN) does (rewrite or tunnel).
        hops = [start]
        _append(hops, Hop(ingress.node, HopKind.ROUTE, ingress.name))
        _append(hops, Hop(home.node, HopKind.TUNNEL, home.name))
        _deliver(p, h, hops, steady_via if ro is not None else HopKind.TUNNEL)
        return hops

    if ro is None:
        shortcut = _on_path_proxy(p, cn, h)
        if shortcut is not None:
            mrs = p.mrs_on(shortcut)
            hops = [start]
            _append(hops, Hop(shortcut, HopKind.ROUTE, mrs[0].name if mrs else ""))
            _deliver(p, h, hops, HopKind.TUNNEL, below=shortcut)
            return DataPath(cn, h.name, tuple(hops))
        if ingress.name == home.name or p.knows_location(ingress, h.network):
            hops = [start]
            _append(hops, Hop(ingress.node, HopKind.ROUTE, ingress.name))
            _deliver(p, h, hops, HopKind.TUNNEL)
        else:
            hops = via_home()
        return DataPath(cn, h.name, tuple(hops))
    hops = [start]
    _append(hops, Hop(ingress.node, HopKind.ROUTE, ingress.name))
    _deliver(p, h, hops, steady_via)
    first: tuple[Hop, ...] | None = None
    if ingress.name != home.name and (
        ro.rs2 is Rs2.PUSH or ro.first_packet is FirstPacket.VIA_HOME
    ):
        candidate = tuple(via_home())
        if candidate != tuple(hops):
            first = candidate
    return DataPath(cn, h.name, tuple(hops), first)


def data_paths(p: Placement) -> tuple[DataPath, ...]:
    """Data paths from every CN to every reachable HoA, in placement order."""
    paths: list[DataPath] = []
    for cn in p.correspondents:
        for h in p.home_addresses:
            try:
                paths.append(data_path(p, cn.name, h))
            except LookupError:
                continue
    return tuple(paths)


def _registrations(
    p: Placement, h: HomeAddress, chain: tuple[str, ...], at: str | None
) -> list[Relation]:
    """The attachment and registration relations of a HoA along its LM chain, with its MN
    attached to ``at``."""
    if not chain:
        return []
    mn = h.mn
    first = chain[0]
    first_node = p.function_node(first)
    attach = p.mode is Mode.NETWORK_BASED and p.has_proxy(first) and first_node == at
    kind = RelationKind.ATTACHMENT if attach else RelationKind.REGISTRATION
    out = [Relation(kind, mn, first, mn, first_node, h.name, h.name)]
    for lower, upper in zip(chain, chain[1:]):
        lower_node = p.function_node(lower)
        out.append(Relation(RelationKind.REGISTRATION, lower, upper, lower_node,
                            p.function_node(upper), f"{h.name} -> {lower_node}", h.name))
    return out


def registrations_at(p: Placement, mn: str, access_router: str) -> tuple[Relation, ...]:
    """The attachment and registration relations the functions keep ready for mobile node
    ``mn`` at ``access_router``: one chain per home address needing continuity, in the home
    network too, with the first proxy there (:meth:`Placement.chain_at`), or the mobile node's
    own where it starts."""
    node = p.node(mn)
    if node.kind is not NodeKind.MOBILE_NODE:
        raise LookupError(f"{mn!r} is not a mobile node")
    out: list[Relation] = []
    for h in p.home_addresses_of(mn):
        if access_router == node.attached_to:
            chain = p.lm_chain(h, away=True)
        else:
            chain = p.chain_at(h, access_router)
        out += _registrations(p, h, chain, access_router)
    return tuple(out)


def reachable_relations(p: Placement) -> tuple[tuple[str | None, Relation], ...]:
    """Every relation a simulation of the placement may need, each with the access router
    where it holds: the attachments and registrations of every mobile node at every access
    router (:func:`registrations_at`, its starting one first), then the other relations of
    :func:`relations` (access router None). Without duplicates, in that order."""
    out: dict[tuple[str | None, Relation], None] = {}
    ars = [n.name for n in p.nodes_of_kind(NodeKind.ACCESS_ROUTER)]
    chains: dict[tuple[str, str], tuple[str, ...]] = {}  # (HoA's network, AR) -> chain
    for mn in p.mobile_nodes:
        for h in p.home_addresses_of(mn.name):
            for ar in sorted(ars, key=lambda a: a != mn.attached_to):
                if ar == mn.attached_to:
                    chain = p.lm_chain(h, away=True)
                elif not h.continuity:
                    chain = ()
                else:
                    key = (h.network, ar)
                    if key not in chains:
                        chains[key] = p.chain_at(h, ar)
                    chain = chains[key]
                for rel in _registrations(p, h, chain, ar):
                    out.setdefault((ar, rel), None)
    for rel in relations(p):
        if rel.kind not in (RelationKind.ATTACHMENT, RelationKind.REGISTRATION):
            out.setdefault((None, rel), None)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RegistrationGroup:
    """Home addresses of one network kept ready along one LM chain at one access router: the
    attachments and registrations of :func:`reachable_relations`, grouped so that a deployment
    wires each chain once per network rather than once per mobile node.

    Attributes:
        access_router: where the relations hold.
        network: the home addresses' network.
        chain: their LM chain there.
        home_addresses: the home addresses the group draws its members from (for the chains
            away from where the mobile nodes start: every home address of the network needing
            continuity, the same tuple for every access router).
        excluded: names of those that are not members (their mobile node starts at
            ``access_router``, where their own starting chain holds).
        starting: whether the chain is the one at the mobile nodes' starting access router.
    """

    access_router: str
    network: str
    chain: tuple[str, ...]
    home_addresses: tuple[HomeAddress, ...]
    excluded: frozenset[str] = frozenset()
    starting: bool = False

    def first(self) -> HomeAddress:
        """The first member, in placement order."""
        return next(h for h in self.home_addresses if h.name not in self.excluded)

    def members(self) -> list[HomeAddress]:
        """The members, in placement order."""
        if not self.excluded:
            return list(self.home_addresses)
        return [h for h in self.home_addresses if h.name not in self.excluded]

    def relations(self, p: Placement, h: HomeAddress | None = None) -> list[Relation]:
        """The attachment and registration relations of member ``h`` (the first if None)."""
        return _registrations(p, h if h is not None else self.first(), self.chain,
                              self.access_router)


def registration_groups(p: Placement) -> tuple[RegistrationGroup, ...]:
    """The attachments and registrations of :func:`reachable_relations` as groups: each home
    address's chain where its mobile node starts (a group of one), and, for each network and
    access router, the chain there of the network's home addresses needing continuity, except
    those starting there. Expanding every group (:meth:`RegistrationGroup.relations` of each
    member) gives exactly those relations; there are O(mobile nodes + access routers x
    networks) groups, not O(mobile nodes x access routers). In the order in which their
    relations first occur in :func:`reachable_relations` (a group of a network and access
    router at its first member)."""
    ars = [n.name for n in p.nodes_of_kind(NodeKind.ACCESS_ROUTER)]
    keyed: list[tuple[tuple[int, int, int], RegistrationGroup]] = []
    continuing: dict[str, list[HomeAddress]] = {}
    starters: dict[tuple[str, str], set[str]] = {}
    position: dict[str, tuple[int, int]] = {}
    for i, mn in enumerate(p.mobile_nodes):
        for j, h in enumerate(p.home_addresses_of(mn.name)):
            position[h.name] = (i, j)
            chain = p.lm_chain(h, away=True)
            if chain:
                keyed.append(((i, j, -1), RegistrationGroup(mn.attached_to, h.network, chain,
                                                            (h,), starting=True)))
            if h.continuity:
                continuing.setdefault(h.network, []).append(h)
                starters.setdefault((h.network, mn.attached_to), set()).add(h.name)
    for network, hoas in continuing.items():
        shared = tuple(hoas)
        for k, ar in enumerate(ars):
            excluded = frozenset(starters.get((network, ar), ()))
            if len(excluded) == len(shared):
                continue
            chain = p.chain_at(shared[0], ar)
            if chain:
                group = RegistrationGroup(ar, network, chain, shared, excluded)
                keyed.append(((*position[group.first().name], k), group))
    keyed.sort(key=lambda kg: kg[0])
    return tuple(g for _, g in keyed)


def relations(p: Placement) -> tuple[Relation, ...]:
    """All signalling and forwarding relations of a (valid) placement, without duplicates."""
    out: dict[tuple[RelationKind, str, str], Relation] = {}

    def add(
        kind: RelationKind, src: str, dst: str, src_node: str, dst_node: str, detail: str
    ) -> None:
        key = (kind, src, dst)
        if key not in out:
            out[key] = Relation(kind, src, dst, src_node, dst_node, detail)

    # Location registrations: MN -> proxy ... -> LM (section 3's hierarchy LM-proxy-MN).
    for h in p.home_addresses:
        for rel in _registrations(p, h, p.lm_chain(h), p.node(h.mn).attached_to):
            out.setdefault((rel.kind, rel.source, rel.target), rel)
    # MRs as clients of LMs (section 7).
    for mr in p.mobility_routers:
        for name in mr.lms:
            lm = p.lm(name)
            add(RelationKind.LM_CLIENT, mr.name, lm.name, mr.node, lm.node, lm.delivery.value)
    # Replicated LMs synchronise (HAHA's LM0, section 4.5).
    if p.lm_organisation is LmOrganisation.REPLICATED:
        lms = p.location_managers
        for i, a in enumerate(lms):
            for b in lms[i + 1 :]:
                if set(a.serves) & set(b.serves):
                    add(RelationKind.LM_SYNC, a.name, b.name, a.node, b.node, "replication")
    # Route optimisation signalling (section 8).
    ro = p.route_optimisation
    if ro is not None:
        for cn in p.correspondents:
            for h in p.home_addresses:
                if not p.needs_mobility(h):
                    continue
                ingress = p.mr_for_cn(cn.name, h)
                home = p.home_mr(h.network)
                if ro.rs2 is Rs2.QUERY:
                    lm = p.responsible_lm(h.network, near=p.network_of(ingress.node))
                    add(RelationKind.LM_QUERY, ingress.name, lm.name, ingress.node, lm.node, h.name)
                elif ingress.name != home.name:
                    add(
                        RelationKind.LOCATION_PUSH,
                        home.name,
                        ingress.name,
                        home.node,
                        ingress.node,
                        h.name,
                    )
    # MIPv6 route optimisation: each host-based MN registers its HoAs with each correspondent
    # binding (return routability, RFC 6275 5.2).
    if p.mode is Mode.HOST_BASED:
        for b in p.correspondent_bindings:
            for h in p.home_addresses:
                if h.continuity:
                    add(RelationKind.CORRESPONDENT_REGISTRATION, h.mn, b.name, h.mn, b.node,
                        "return routability")
    # Data plane: every encapsulating / rewriting hop of every path (steady and first packet).
    for path in data_paths(p):
        for hops in (path.hops, path.first_packet or ()):
            for prev, hop in zip(hops, hops[1:]):
                if hop.via in (HopKind.TUNNEL, HopKind.REWRITE):
                    add(
                        RelationKind.TUNNEL,
                        prev.role or prev.node,
                        hop.role or hop.node,
                        prev.node,
                        hop.node,
                        f"{hop.via.value} to {path.hoa}",
                    )
    return tuple(out.values())


def node_role(p: Placement, node: str) -> str:
    """The role a node plays in trust relations: MN, CN, MR, LM, AR, or its kind.

    A node hosting an MR is an "MR" whatever else it hosts (a HA, an LMA, a MAP, an MR-capable
    access router); an LM-only node is an "LM"; an access router with only a proxy is an "AR".
    """
    n = p.node(node)
    if n.kind is NodeKind.MOBILE_NODE:
        return "MN"
    if n.kind is NodeKind.CORRESPONDENT:
        return "CN"
    if p.mrs_on(node):
        return "MR"
    if any(lm.node == node for lm in p.location_managers):
        return "LM"
    if n.kind is NodeKind.ACCESS_ROUTER:
        return "AR"
    return n.kind.value.upper()
