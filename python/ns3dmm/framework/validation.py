"""Validation of placements: every rule has an id, every problem names the offending element.

:func:`validate` collects all problems of a placement; :func:`check` raises a single
:class:`PlacementError` carrying them. Structural rules (names, references, prefixes) run first;
the semantic rules, which resolve LM chains and MR(CN)s, run only on a structurally sound
placement so that one broken reference does not cascade into a page of errors.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import (
    AllocationScope,
    FirstPacket,
    FunctionKind,
    LmOrganisation,
    Mode,
    NodeKind,
    Placement,
    Rs1,
    Rs2,
)

__all__ = ["RULES", "PlacementError", "Problem", "check", "validate"]

#: Every validation rule: id -> the rule, as stated in error messages and the documentation.
RULES: dict[str, str] = {
    "schema.syntax": "a scenario file is valid TOML",
    "schema.unknown-key": "a scenario file uses only the documented keys",
    "schema.missing-key": "a scenario file gives every required key",
    "schema.type": "a scenario value has the documented type and enum value",
    "schema.preset": "a [preset] table names an existing preset with valid parameters",
    "name.duplicate": "every network, node, function, HoA and anycast group has a unique name",
    "prefix.invalid": (
        "a network prefix is an IPv6 prefix shorter than /64, with room for one /64 per access "
        "router plus one for infrastructure"
    ),
    "prefix.documentation": (
        "a prefix is outside 2001:db8::/32 (ns-3 silently drops forwarded documentation traffic)"
    ),
    "prefix.duplicate": "network prefixes are distinct and do not overlap",
    "node.network": "a node belongs to an existing network",
    "node.attachment": (
        "an MN or CN hangs off an access router (a CN may use a gateway) of the network it is in; "
        "no other node is attached"
    ),
    "function.node": "a function sits on an existing infrastructure node, not on an MN or CN",
    "allocation.node": "a network's allocation function sits on a node of that network",
    "allocation.lease": "a lease lifetime is positive",
    "allocation.pool": "a home prefix pool is longer than its network's prefix",
    "mr.anchors": "an MR anchors only existing networks",
    "mr.lms": "an MR is a client of existing LMs only",
    "mr.no-lm": (
        "an MR has an LM it can learn locations from (an LM client relation or a co-located "
        "proxy), and a home MR reaches the LM keeping its HoAs' bindings"
    ),
    "mr.cache": "an MR's cache size is not negative",
    "lm.serves": "an LM serves at least one network, and only existing ones",
    "lm.organisation": "the LM instances match the declared LM organisation",
    "proxy.parent": "a proxy's parent is an existing proxy or LM and parents do not loop",
    "proxy.no-lm": "a proxy has an LM above it",
    "mn.proxy": "an explicit first proxy of an MN exists, in the network the MN is visiting",
    "mode.network-proxy": "network-based mode has a proxy on every access router an MN uses",
    "anycast.single": "an anycast group has at least two MRs",
    "anycast.member": "anycast members are existing MRs and advertise existing networks",
    "hoa.mn": "a HoA belongs to an existing mobile node",
    "hoa.network": "a HoA's allocating network exists",
    "hoa.scope": (
        "a per-MN network gives an MN at most one HoA and no session; a per-session network names "
        "a distinct session for each HoA"
    ),
    "hoa.no-mr": "a HoA needing mobility has a home MR anchoring its network",
    "hoa.no-lm": "a HoA needing mobility has an LM keeping its binding",
    "ro.anycast": "RS1.anycast has an anycast group advertising each mobile HoA's network",
    "ro.mr-cn": "RS1.gw/ar has an MR on each CN's access router or gateway",
    "ro.lm-reach": "RS2.query/push: MR(CN) reaches the LM keeping the HoA's binding",
    "ro.push-cache": "RS2.push: MR(CN) has a location cache to keep the pushed location",
    "ro.first-packet": "first_packet = wait applies to RS2.query only (push sends it home)",
    "cn-binding.node": "a correspondent binding sits on a correspondent node, one per node",
    "cn-binding.mode": (
        "correspondent bindings need host-based mobile nodes (return routability is the mobile "
        "node's)"
    ),
}

_DOC_NET = ipaddress.IPv6Network("2001:db8::/32")


@dataclass(frozen=True, slots=True)
class Problem:
    """One violated rule.

    Attributes:
        element: name of the offending element (network, node, function, HoA ...).
        rule: rule id, a key of :data:`RULES`.
        message: what is wrong, in terms of the placement.
    """

    element: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message} [rule {self.rule}: {RULES[self.rule]}]"


class PlacementError(ValueError):
    """An impossible placement (or scenario file). Carries every problem found.

    Attributes:
        problems: all problems, in rule order; ``element`` and ``rule`` are the first one's.
    """

    def __init__(self, problems: Sequence[Problem], placement: str = "") -> None:
        if not problems:
            raise ValueError("PlacementError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.placement = placement
        self.element = self.problems[0].element
        self.rule = self.problems[0].rule
        head = f"invalid placement {placement!r}" if placement else "invalid placement"
        lines = [f"{head}: {len(self.problems)} problem(s)"]
        lines.extend(f"  - {p}" for p in self.problems)
        super().__init__("\n".join(lines))

    @property
    def rules(self) -> frozenset[str]:
        """The set of violated rule ids."""
        return frozenset(p.rule for p in self.problems)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, element: str, rule: str, message: str) -> None:
        assert rule in RULES, rule
        problem = Problem(element, rule, message)
        if problem not in self.problems:
            self.problems.append(problem)


def _structure(p: Placement, c: _Collector) -> None:
    names: list[str] = [n.name for n in p.networks]
    names += [n.allocation.name for n in p.networks]
    names += [n.name for n in p.nodes]
    names += [f.name for f in p.mobility_routers]
    names += [f.name for f in p.location_managers]
    names += [f.name for f in p.proxies]
    names += [h.name for h in p.home_addresses]
    names += [g.name for g in p.anycast_groups]
    names += [b.name for b in p.correspondent_bindings]
    for name, count in Counter(names).items():
        if count > 1:
            c.add(name, "name.duplicate", f"the name {name!r} is used {count} times")

    networks = {n.name for n in p.networks}
    nodes = {n.name: n for n in p.nodes}

    parsed: list[tuple[str, ipaddress.IPv6Network]] = []
    for net in p.networks:
        try:
            prefix = ipaddress.ip_network(net.prefix, strict=True)
        except ValueError as exc:
            c.add(net.name, "prefix.invalid", f"prefix {net.prefix!r} does not parse ({exc})")
            continue
        if not isinstance(prefix, ipaddress.IPv6Network):
            c.add(net.name, "prefix.invalid", f"prefix {net.prefix} is IPv4; DMM targets IPv6")
            continue
        ars = sum(1 for n in p.nodes if n.kind is NodeKind.ACCESS_ROUTER and n.network == net.name)
        if prefix.prefixlen >= 64 or (1 << (64 - prefix.prefixlen)) < ars + 1:
            c.add(
                net.name,
                "prefix.invalid",
                f"prefix {net.prefix} leaves no room for {ars + 1} /64 subnet(s)",
            )
            continue
        if prefix.overlaps(_DOC_NET):
            c.add(net.name, "prefix.documentation", f"prefix {net.prefix} is in 2001:db8::/32")
        parsed.append((net.name, prefix))
    for i, (name_a, a) in enumerate(parsed):
        for name_b, b in parsed[i + 1 :]:
            if a.overlaps(b):
                what = "the same prefix" if a == b else "overlapping prefixes"
                c.add(name_b, "prefix.duplicate", f"{name_b} and {name_a} have {what} ({a}, {b})")

    for node in p.nodes:
        if node.network not in networks:
            c.add(node.name, "node.network", f"{node.name} is in unknown network {node.network!r}")
        if node.kind in (NodeKind.MOBILE_NODE, NodeKind.CORRESPONDENT):
            allowed = (NodeKind.ACCESS_ROUTER,) + (
                (NodeKind.GATEWAY,) if node.kind is NodeKind.CORRESPONDENT else ()
            )
            target = nodes.get(node.attached_to or "")
            if node.attached_to is None:
                c.add(node.name, "node.attachment", f"{node.name} is not attached to any router")
            elif target is None:
                c.add(
                    node.name,
                    "node.attachment",
                    f"{node.name} is attached to unknown node {node.attached_to!r}",
                )
            elif target.kind not in allowed or target.network != node.network:
                c.add(
                    node.name,
                    "node.attachment",
                    f"{node.name} (in {node.network}) is attached to {target.name}, a "
                    f"{target.kind.value} in {target.network}",
                )
        elif node.attached_to is not None:
            c.add(
                node.name,
                "node.attachment",
                f"{node.name} is a {node.kind.value} and cannot be attached to {node.attached_to}",
            )
        if node.proxy is not None:
            if node.kind is not NodeKind.MOBILE_NODE:
                c.add(node.name, "mn.proxy", f"{node.name} is not an MN and cannot name a proxy")
            elif not p.has_proxy(node.proxy):
                c.add(node.name, "mn.proxy", f"{node.name} names unknown proxy {node.proxy!r}")

    for f in p.functions():
        host = nodes.get(f.node)
        if f.kind is FunctionKind.CORRESPONDENT_BINDING:
            if host is None or host.kind is not NodeKind.CORRESPONDENT:
                what = f"a {host.kind.value}" if host is not None else "an unknown node"
                c.add(f.name, "cn-binding.node", f"{f.name} sits on {f.node!r}, {what}")
        elif host is None:
            c.add(f.name, "function.node", f"{f.name} sits on unknown node {f.node!r}")
        elif host.kind in (NodeKind.MOBILE_NODE, NodeKind.CORRESPONDENT):
            c.add(f.name, "function.node", f"{f.name} sits on {f.node}, a {host.kind.value}")
    for node, count in Counter(b.node for b in p.correspondent_bindings).items():
        if count > 1:
            c.add(node, "cn-binding.node", f"{node} hosts {count} correspondent bindings")
    if p.correspondent_bindings and p.mode is not Mode.HOST_BASED:
        c.add(p.correspondent_bindings[0].name, "cn-binding.mode",
              f"{p.correspondent_bindings[0].name} with {p.mode.value}-based mobile nodes")
    for net in p.networks:
        alloc = net.allocation
        host = nodes.get(alloc.node)
        if host is not None and host.network != net.name:
            c.add(
                alloc.name,
                "allocation.node",
                f"{alloc.name} allocates for {net.name} but sits on {host.name} in {host.network}",
            )
        if alloc.lease_lifetime is not None and not alloc.lease_lifetime > 0:
            c.add(alloc.name, "allocation.lease", f"lease lifetime {alloc.lease_lifetime} s")
        if alloc.pool_length is not None:
            length = alloc.pool_length
            try:
                network_length = net.ip_network().prefixlen
            except ValueError:
                network_length = None
            if (isinstance(length, bool) or not isinstance(length, int)
                    or not (network_length or 0) < length <= 128):
                c.add(alloc.name, "allocation.pool",
                      f"pool length {length!r} is not longer than {net.name}'s prefix "
                      f"{net.prefix} and at most 128")

    lm_names = {lm.name for lm in p.location_managers}
    for mr in p.mobility_routers:
        for a in mr.anchors:
            if a not in networks:
                c.add(mr.name, "mr.anchors", f"{mr.name} anchors unknown network {a!r}")
        for lm in mr.lms:
            if lm not in lm_names:
                c.add(mr.name, "mr.lms", f"{mr.name} is a client of unknown LM {lm!r}")
        if mr.cache_size < 0:
            c.add(mr.name, "mr.cache", f"{mr.name} has cache size {mr.cache_size}")
    for lm in p.location_managers:
        if not lm.serves:
            c.add(lm.name, "lm.serves", f"{lm.name} serves no network")
        for s in lm.serves:
            if s not in networks:
                c.add(lm.name, "lm.serves", f"{lm.name} serves unknown network {s!r}")
    proxy_names = {px.name for px in p.proxies}
    for px in p.proxies:
        if px.parent is not None and px.parent not in proxy_names | lm_names:
            c.add(
                px.name,
                "proxy.parent",
                f"{px.name}'s parent {px.parent!r} is neither a proxy nor an LM",
            )
    mr_names = {mr.name for mr in p.mobility_routers}
    for g in p.anycast_groups:
        for m in g.members:
            if m not in mr_names:
                c.add(g.name, "anycast.member", f"anycast group {g.name} has unknown MR {m!r}")
        for n in g.networks:
            if n not in networks:
                c.add(g.name, "anycast.member", f"{g.name} advertises unknown network {n!r}")
    for h in p.home_addresses:
        mn = nodes.get(h.mn)
        if mn is None or mn.kind is not NodeKind.MOBILE_NODE:
            c.add(h.name, "hoa.mn", f"{h.name} belongs to {h.mn!r}, which is not a mobile node")
        if h.network not in networks:
            c.add(
                h.name,
                "hoa.network",
                f"{h.name} (session {h.session or '-'}) was allocated by network {h.network!r}, "
                "which does not exist",
            )


def _semantics(p: Placement, c: _Collector) -> None:
    # Proxies: loops and an LM above.
    for px in p.proxies:
        seen = [px.name]
        current = px
        while current.parent is not None and p.has_proxy(current.parent):
            if current.parent in seen:
                c.add(px.name, "proxy.parent", f"proxy parents loop: {' -> '.join(seen)}")
                break
            seen.append(current.parent)
            current = p.proxy(current.parent)
        if not p.location_managers:
            c.add(px.name, "proxy.no-lm", f"{px.name} has no LM above it (the placement has none)")
    for node in p.mobile_nodes:
        if node.proxy is not None:
            where = p.network_of(p.proxy(node.proxy).node)
            if where != node.network:
                c.add(
                    node.name,
                    "mn.proxy",
                    f"{node.name} is in {node.network} but its proxy {node.proxy} is in {where}",
                )
    # Network-based mode: a proxy on every access router an MN is attached to.
    if p.mode is Mode.NETWORK_BASED:
        for node in p.mobile_nodes:
            ar = node.attached_to
            if ar is not None and not p.proxies_on(ar) and node.proxy is None:
                c.add(
                    ar,
                    "mode.network-proxy",
                    f"network-based mode, but access router {ar} (serving {node.name}) hosts no "
                    "proxy",
                )
    # LM organisation.
    lms = p.location_managers
    org = p.lm_organisation
    if lms:
        if org is LmOrganisation.CENTRALISED and len(lms) != 1:
            c.add(lms[1].name, "lm.organisation", f"centralised LM, but {len(lms)} LMs are placed")
        elif org is LmOrganisation.PER_NETWORK:
            for lm in lms:
                here = p.network_of(lm.node)
                if lm.serves != (here,):
                    c.add(
                        lm.name,
                        "lm.organisation",
                        f"per-network LM {lm.name} sits in {here} but serves {list(lm.serves)}",
                    )
        elif org is LmOrganisation.REPLICATED:
            if len(lms) < 2:
                c.add(lms[0].name, "lm.organisation", "replicated LM needs at least two replicas")
            for lm in lms[1:]:
                if set(lm.serves) != set(lms[0].serves):
                    c.add(
                        lm.name,
                        "lm.organisation",
                        f"replica {lm.name} serves {list(lm.serves)}, {lms[0].name} serves "
                        f"{list(lms[0].serves)}",
                    )
        elif org is LmOrganisation.DISTRIBUTED:
            if len(lms) < 2:
                c.add(lms[0].name, "lm.organisation", "a distributed LM database needs 2+ servers")
            owner: dict[str, str] = {}
            for lm in lms:
                for s in lm.serves:
                    if s in owner:
                        c.add(
                            lm.name,
                            "lm.organisation",
                            f"{s} is kept by both {owner[s]} and {lm.name}; database servers "
                            "hold disjoint data",
                        )
                    owner.setdefault(s, lm.name)
    # MRs must be able to learn locations.
    for mr in p.mobility_routers:
        if not mr.lms and not p.proxies_on(mr.node):
            c.add(
                mr.name,
                "mr.no-lm",
                f"{mr.name} has no LM it can learn locations from (no LM client relation and no "
                "co-located proxy)",
            )
    # Anycast groups.
    for g in p.anycast_groups:
        if len(set(g.members)) < 2:
            c.add(g.name, "anycast.single", f"anycast group {g.name} has a single MR {g.members}")
    # Home addresses.
    scope = {n.name: n.allocation.scope for n in p.networks}
    per_mn: Counter[tuple[str, str]] = Counter()
    sessions: Counter[tuple[str, str]] = Counter()
    for h in p.home_addresses:
        if scope[h.network] is AllocationScope.PER_MN:
            if h.session is not None:
                c.add(
                    h.name,
                    "hoa.scope",
                    f"{h.network} allocates per MN, but {h.name} names session {h.session!r}",
                )
            per_mn[(h.mn, h.network)] += 1
            if per_mn[(h.mn, h.network)] == 2:
                c.add(h.name, "hoa.scope", f"{h.mn} holds two per-MN HoAs from {h.network}")
        else:
            if h.session is None:
                c.add(h.name, "hoa.scope", f"{h.network} allocates per session; {h.name} has none")
            else:
                sessions[(h.mn, h.session)] += 1
                if sessions[(h.mn, h.session)] == 2:
                    c.add(h.name, "hoa.scope", f"{h.mn} uses session {h.session!r} twice")
    mobile = [h for h in p.home_addresses if p.needs_mobility(h)]
    resolvable = []
    for h in mobile:
        ok = True
        try:
            home = p.home_mr(h.network)
        except LookupError:
            c.add(h.name, "hoa.no-mr", f"no MR anchors {h.network}, so nothing intercepts {h.name}")
            ok = False
        try:
            lm = p.responsible_lm(h.network, near=p.network_of(h.mn))
        except LookupError:
            c.add(h.name, "hoa.no-lm", f"no LM keeps the bindings of {h.network} for {h.name}")
            continue
        if ok and not p.reaches_binding(home, h.network):
            c.add(
                home.name,
                "mr.no-lm",
                f"home MR {home.name} of {h.name} cannot reach {lm.name}, which keeps its binding",
            )
        if ok:
            resolvable.append(h)
    # Route optimisation.
    ro = p.route_optimisation
    if ro is None:
        return
    if ro.rs2 is Rs2.PUSH and ro.first_packet is FirstPacket.WAIT:
        c.add(
            "route_optimisation",
            "ro.first-packet",
            "RS2.push forwards the first packet via the home MR; first_packet must be via-home",
        )
    for h in resolvable:
        if ro.rs1 is Rs1.ANYCAST and p.anycast_group_for(h.network) is None:
            c.add(
                "route_optimisation",
                "ro.anycast",
                f"RS1.anycast, but no anycast group advertises {h.network} (HoA {h.name})",
            )
    for cn in p.correspondents:
        if ro.rs1 is Rs1.GATEWAY_OR_AR and p.on_path_mr(cn.name) is None:
            c.add(
                cn.name,
                "ro.mr-cn",
                f"RS1.gw/ar, but neither {cn.attached_to} nor the gateway of {cn.network} hosts "
                f"an MR for {cn.name}",
            )
            continue
        for h in resolvable:
            try:
                ingress = p.mr_for_cn(cn.name, h)
            except LookupError:
                continue
            lm = p.responsible_lm(h.network, near=p.network_of(ingress.node))
            if not p.reaches_binding(ingress, h.network):
                c.add(
                    ingress.name,
                    "ro.lm-reach",
                    f"RS2.{ro.rs2.value}: MR(CN) {ingress.name} of {cn.name} cannot reach "
                    f"{lm.name}, which keeps {h.name}",
                )
            if ro.rs2 is Rs2.PUSH and ingress.cache_size <= 0:
                c.add(
                    ingress.name,
                    "ro.push-cache",
                    f"RS2.push: MR(CN) {ingress.name} has no cache for the pushed location",
                )


def validate(p: Placement) -> tuple[Problem, ...]:
    """All problems of placement ``p`` (empty when it is valid)."""
    c = _Collector()
    _structure(p, c)
    if not c.problems:
        _semantics(p, c)
    return tuple(c.problems)


def check(p: Placement) -> Placement:
    """Return ``p`` if it is valid, else raise :class:`PlacementError` with every problem."""
    problems = validate(p)
    if problems:
        raise PlacementError(problems, p.name)
    return p


def problems_by_rule(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Group problems by rule id (handy for reports and tests)."""
    out: dict[str, list[Problem]] = {}
    for problem in problems:
        out.setdefault(problem.rule, []).append(problem)
    return out
