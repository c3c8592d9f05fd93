"""Gap analysis derived from a placement (draft section 5).

Nothing here is keyed by a preset's name: the requirements REQ1-REQ6 of section 5.1 are graded
and the trust relations of section 5.2 are derived from the placement's structure -- which
functions are co-located, which signal each other across node and network boundaries
(:func:`ns3dmm.framework.relations.relations`) and where the data path goes
(:func:`ns3dmm.framework.relations.data_paths`). How each grade is derived is documented with
:func:`analyse` and in ``doc/framework.rst``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import AllocationScope, LmOrganisation, Mode, NodeKind, Placement
from .relations import DataPath, HopKind, Relation, RelationKind, data_paths, node_role, relations
from .validation import check

__all__ = [
    "REQUIREMENTS",
    "ROLE_PAIRS",
    "Assessment",
    "GapReport",
    "Requirement",
    "Status",
    "TrustRelation",
    "analyse",
    "role_pair",
    "trust_relations",
]


class Status(enum.StrEnum):
    """How well a placement meets a requirement."""

    MET = "met"
    PARTLY = "partly"
    MISSED = "missed"
    #: the placement has nothing the requirement speaks of (e.g. no mobile node away)
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class Requirement:
    """A DMM requirement as quoted in section 5.1."""

    id: str
    short: str
    section: str
    text: str


#: The requirements of section 5.1; REQ1 and REQ5 are split into their two parts.
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "REQ1.1",
        "distributed deployment",
        "5.1.5",
        "DMM MUST enable distributed deployment for mobility management of IP sessions",
    ),
    Requirement(
        "REQ1.2",
        "no central anchor on the path",
        "5.1.7",
        "so that traffic does not need to traverse centrally deployed mobility anchors",
    ),
    Requirement(
        "REQ2",
        "transparency when needed",
        "5.1.6",
        "transparent mobility support above IP when needed; otherwise it may be declined",
    ),
    Requirement("REQ3", "IPv6 deployment", "5.1.3", "target IPv6 as the primary deployment"),
    Requirement(
        "REQ4", "existing protocols first", "5.1.1", "reuse and extend IETF protocols first"
    ),
    Requirement(
        "REQ5.1",
        "compatibility",
        "5.1.2",
        "co-exist with existing network deployments and end hosts",
    ),
    Requirement(
        "REQ5.2",
        "across administrative domains",
        "5.1.4",
        "work across networks of separate administrative domains when trust allows",
    ),
    Requirement(
        "REQ6", "security", "5.1.4", "consider security: authentication, integrity, confidentiality"
    ),
)

_RANK = {"MN": 0, "CN": 1, "AR": 2, "MR": 3, "LM": 4}

#: The pairs of roles Mobility Header messages can travel between (trust relations' names).
ROLE_PAIRS = ("MN-CN", "MN-AR", "MN-MR", "MN-LM", "AR-MR", "AR-LM", "MR-MR", "MR-LM", "LM-LM")


@dataclass(frozen=True, slots=True)
class TrustRelation:
    """A trust relation the placement needs (section 5.2).

    Attributes:
        pair: the two roles, e.g. ``"MN-MR"`` (roles: MN, AR, MR, LM; see
            :func:`ns3dmm.framework.relations.node_role`).
        inter_domain: whether some instance crosses administrative domains.
        inter_network: whether some instance crosses networks.
        evidence: the relations it is derived from (``"registration MAG31@AR31 -> LM1@LMA1"``).
    """

    pair: str
    inter_domain: bool
    inter_network: bool
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    """One requirement graded for one placement."""

    requirement: str
    status: Status
    reason: str


@dataclass(frozen=True, slots=True)
class GapReport:
    """The gap analysis of one placement."""

    placement: str
    title: str
    reference: str
    assessments: tuple[Assessment, ...]
    trust: tuple[TrustRelation, ...]

    def status(self, requirement: str) -> Status:
        """The grade of ``requirement`` (e.g. ``"REQ1.2"``)."""
        return self.assessment(requirement).status

    def assessment(self, requirement: str) -> Assessment:
        """The assessment of ``requirement``."""
        for a in self.assessments:
            if a.requirement == requirement:
                return a
        raise KeyError(requirement)

    @property
    def trust_pairs(self) -> frozenset[str]:
        """The set of trust relation pairs (``{"MN-AR", "AR-MR"}``)."""
        return frozenset(t.pair for t in self.trust)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "placement": self.placement,
            "title": self.title,
            "reference": self.reference,
            "requirements": [
                {"id": a.requirement, "status": a.status.value, "reason": a.reason}
                for a in self.assessments
            ],
            "trust": [
                {
                    "pair": t.pair,
                    "inter_domain": t.inter_domain,
                    "inter_network": t.inter_network,
                    "evidence": list(t.evidence),
                }
                for t in self.trust
            ],
        }


# --------------------------------------------------------------------------- trust


def _pair(a: str, b: str) -> str:
    x, y = sorted((a, b), key=lambda r: (_RANK.get(r, 9), r))
    return f"{x}-{y}"


def role_pair(p: Placement, a: str, b: str) -> str:
    """The trust pair of two nodes' roles (``node_role``), as the trust relations name it."""
    return _pair(node_role(p, a), node_role(p, b))


def _domain(p: Placement, node: str) -> str:
    """Administrative domain of a node; an MN belongs to the domain of its first HoA."""
    n = p.node(node)
    if n.kind is NodeKind.MOBILE_NODE:
        hoas = p.home_addresses_of(node)
        if hoas:
            return p.network(hoas[0].network).admin_domain
    return p.network(n.network).admin_domain


def _home_network(p: Placement, node: str) -> str:
    n = p.node(node)
    if n.kind is NodeKind.MOBILE_NODE:
        hoas = p.home_addresses_of(node)
        if hoas:
            return hoas[0].network
    return n.network


def _roles(p: Placement, r: Relation) -> tuple[str, str] | None:
    """The trust pair a relation needs, or ``None`` if it stays on one node."""
    if not r.crosses_nodes:
        return None
    if r.kind is RelationKind.ATTACHMENT:
        return ("MN", "AR")
    if r.kind in (RelationKind.LM_CLIENT, RelationKind.LM_QUERY):
        return ("MR", "LM")
    if r.kind is RelationKind.LM_SYNC:
        return ("LM", "LM")
    if r.kind is RelationKind.LOCATION_PUSH:
        return ("MR", "MR")
    if r.kind is RelationKind.CORRESPONDENT_REGISTRATION:
        return ("MN", "CN")
    return (node_role(p, r.source_node), node_role(p, r.target_node))


def _at(element: str, node: str) -> str:
    return element if element == node else f"{element}@{node}"


def trust_relations(
    p: Placement, rels: Iterable[Relation] | None = None
) -> tuple[TrustRelation, ...]:
    """Trust relations needed by ``p``, derived from its signalling and forwarding relations.

    Each relation between different nodes needs trust between the roles of its ends: an
    attachment to a proxy on the access router gives MN-AR; an MR's LM client relation or
    query gives MR-LM; LM replication gives LM-LM; a location push gives MR-MR; a registration
    or a tunnel gives the roles of its two nodes (MN, AR, MR, LM). Co-located functions need no
    trust. The result is ordered MN-, AR-, MR-, LM- first.
    """
    found: dict[str, list[tuple[Relation, bool, bool]]] = {}
    for r in rels if rels is not None else relations(p):
        roles = _roles(p, r)
        if roles is None:
            continue
        inter_domain = _domain(p, r.source_node) != _domain(p, r.target_node)
        inter_network = _home_network(p, r.source_node) != _home_network(p, r.target_node)
        found.setdefault(_pair(*roles), []).append((r, inter_domain, inter_network))
    out = []
    for pair, items in found.items():
        evidence = tuple(
            f"{r.kind.value} {_at(r.source, r.source_node)} -> {_at(r.target, r.target_node)}"
            for r, _, _ in items
        )
        out.append(
            TrustRelation(
                pair,
                any(d for _, d, _ in items),
                any(n for _, _, n in items),
                evidence,
            )
        )
    out.sort(key=lambda t: tuple(_RANK.get(x, 9) for x in t.pair.split("-")))
    return tuple(out)


# --------------------------------------------------------------------------- requirements


def _req1_1(p: Placement) -> Assessment:
    anchoring = sorted(
        {p.network_of(m.node) for m in p.mobility_routers if p.network_of(m.node) in m.anchors}
    )
    with_mr = sorted({p.network_of(m.node) for m in p.mobility_routers})
    if len(anchoring) >= 2:
        return Assessment(
            "REQ1.1",
            Status.MET,
            f"home MR function deployed in {len(anchoring)} networks ({', '.join(anchoring)})",
        )
    if len(with_mr) >= 2:
        return Assessment(
            "REQ1.1",
            Status.PARTLY,
            f"MR function in {', '.join(with_mr)}, but HoAs are anchored only in "
            f"{', '.join(anchoring) or 'no network'}",
        )
    where = with_mr[0] if with_mr else "no network"
    return Assessment("REQ1.1", Status.MISSED, f"all mobility routing is centralised in {where}")


def _off_route(p: Placement, path: DataPath) -> list[str]:
    """MR hops of a path in networks that are neither the CN's nor the MN's (central anchors)."""
    cn_net = p.network_of(path.cn)
    mn_net = p.network_of(path.hops[-1].node)
    out = []
    for hop in path.hops:
        if hop.via is HopKind.START or not p.mrs_on(hop.node):
            continue
        if p.network_of(hop.node) not in (cn_net, mn_net):
            out.append(f"{hop.role or hop.node}@{p.network_of(hop.node)}")
    return out


def _why_on_route(p: Placement, mobile: list[DataPath]) -> str:
    """Why the data paths to moved home addresses cross no third-network anchor, from where
    their mobility routing hops are."""
    if p.anycast_groups:
        return ("the MR nearest to the CN intercepts (anycast) and tunnels with its copy of the "
                "locations (replicated LM)")
    reasons = set()
    if any(path.hops[-1].via is HopKind.BINDING for path in mobile):
        reasons.add("the CN sends to the care-of address its binding holds (MIPv6 route "
                    "optimisation by return routability)")
    for path in mobile:
        cn_net, mn_net = p.network_of(path.cn), p.network_of(path.hops[-1].node)
        for hop in path.hops:
            if hop.via is HopKind.START or not p.mrs_on(hop.node):
                continue
            net = p.network_of(hop.node)
            if net == cn_net:
                reasons.add(f"the anchor is in the CN's network ({net}): the CN's packets pass "
                            "it anyway")
            elif net == mn_net:
                reasons.add(f"the anchor is in the visited network ({net})")
    return "; ".join(sorted(reasons)) or "no mobility routing hop on the paths"


def _req1_2(p: Placement, paths: tuple[DataPath, ...]) -> Assessment:
    mobile = [
        path
        for path in paths
        if p.needs_mobility(path.hoa)
    ]
    per_session = any(n.allocation.scope is AllocationScope.PER_SESSION for n in p.networks)
    distributed_db = p.lm_organisation is LmOrganisation.DISTRIBUTED
    detours = {f"{path.cn}->{path.hoa}": _off_route(p, path) for path in mobile}
    bad = {k: v for k, v in detours.items() if v}
    ro = p.route_optimisation
    if mobile and not bad:
        how = (
            f"route optimisation {ro.label}: CN -> MR(CN) -> MR(MN) -> MN"
            if ro is not None
            else _why_on_route(p, mobile)
        )
        firsts = [path for path in mobile if path.first_packet is not None]
        if firsts:
            how += "; the first packet still goes via the home MR"
        return Assessment("REQ1.2", Status.MET, f"no path crosses a third-network anchor: {how}")
    if not mobile:
        return Assessment("REQ1.2", Status.NOT_APPLICABLE,
                          "no CN sends to a home address away from home")
    worst = next(iter(bad.items()))
    detour = f"{worst[0]} goes via {', '.join(worst[1])}"
    helps = []
    if per_session:
        helps.append("new sessions use the visited network's prefix (per-session HoAs)")
    if distributed_db:
        helps.append("the LMs form a distributed database that MRs can query")
    if len(bad) < len(mobile):
        helps.append(f"{len(mobile) - len(bad)} of {len(mobile)} paths avoid central anchors")
    if helps:
        return Assessment("REQ1.2", Status.PARTLY, f"{'; '.join(helps)}; but {detour}")
    return Assessment("REQ1.2", Status.MISSED, f"triangle routing: {detour}")


def _req2(p: Placement) -> Assessment:
    if not p.home_addresses:
        return Assessment("REQ2", Status.NOT_APPLICABLE, "no mobile node holds a home address")
    session_nets = [
        n.name for n in p.networks if n.allocation.scope is AllocationScope.PER_SESSION
    ]
    used = {h.network for h in p.home_addresses}
    if session_nets and used & set(session_nets):
        leases = sorted(
            {
                f"{n.allocation.lease_lifetime:g} s"
                for n in p.networks
                if n.name in session_nets and n.allocation.lease_lifetime is not None
            }
        )
        lease = f", leases {', '.join(leases)}" if leases else ""
        return Assessment(
            "REQ2",
            Status.MET,
            f"HoAs per application session (6.1){lease}: mobility support only for sessions "
            "that need continuity",
        )
    return Assessment(
        "REQ2",
        Status.PARTLY,
        "stable HoA per MN: transparency is always provided and cannot be declined when not "
        "needed (5.1.6)",
    )


def _req3(p: Placement) -> Assessment:
    prefixes = ", ".join(n.prefix for n in p.networks)
    return Assessment("REQ3", Status.MET, f"IPv6 only ({prefixes}); as MIPv6/PMIPv6 (5.1.3)")



def _registration_message(p: Placement, r: Relation) -> str:
    """The existing message a registration reuses, from who sends it to whom."""
    if p.node(r.source_node).kind is NodeKind.MOBILE_NODE:
        return "HMIPv6 local BU" if p.has_proxy(r.target) else "MIPv6 BU/BA"
    if p.node(r.source_node).kind is NodeKind.ACCESS_ROUTER:
        return "PMIPv6 PBU/PBA"
    return "MIPv6 BU/BA by a proxy (HMIPv6 MAP)"


def _req4(p: Placement, rels: tuple[Relation, ...]) -> Assessment:
    reused: set[str] = set()
    extended: set[str] = set()
    for r in rels:
        if r.kind is RelationKind.ATTACHMENT:
            reused.add("PMIPv6 MAG attachment")
        elif r.kind is RelationKind.REGISTRATION and r.crosses_nodes:
            reused.add(_registration_message(p, r))
        elif r.kind is RelationKind.LM_SYNC:
            extended.add("LM replication (HAHA)")
        elif r.kind is RelationKind.LM_QUERY:
            extended.add("LM database query")
        elif r.kind is RelationKind.LOCATION_PUSH:
            extended.add("location push to MR(CN)")
        elif r.kind is RelationKind.LM_CLIENT and r.crosses_nodes:
            extended.add("MR-LM location access")
        elif r.kind is RelationKind.CORRESPONDENT_REGISTRATION:
            reused.add("MIPv6 return routability and correspondent BU/BA")
    text = f"reuses {', '.join(sorted(reused)) or 'IPv6 routing'}"
    if extended:
        text += f"; extends with {', '.join(sorted(extended))} (database messages, 5.1.7)"
    return Assessment("REQ4", Status.MET, text + " (5.2.1)")


def _req5_1(p: Placement) -> Assessment:
    if p.mode is Mode.NETWORK_BASED:
        how = "network-based: unmodified hosts are served by the proxy on their AR"
    else:
        how = "host-based: MIPv6-capable hosts signal with the same messages"
    return Assessment("REQ5.1", Status.MET, f"same messaging between functions (5.1.2); {how}")


def _req5_2(p: Placement, trust: tuple[TrustRelation, ...]) -> Assessment:
    away = [h for h in p.home_addresses if p.needs_mobility(h)]
    if not away:
        return Assessment("REQ5.2", Status.NOT_APPLICABLE,
                          "no MN is served outside its home network")
    domains = {n.admin_domain for n in p.networks}
    cross = [t.pair for t in trust if t.inter_domain]
    if len(domains) < 2:
        return Assessment(
            "REQ5.2",
            Status.PARTLY,
            f"works across networks, all in the single administrative domain {domains.pop()}",
        )
    if cross:
        return Assessment(
            "REQ5.2",
            Status.MET,
            f"works across domains where trust allows: {', '.join(cross)} across domains",
        )
    return Assessment(
        "REQ5.2",
        Status.MET,
        "works across domains; no inter-domain trust needed (visited network only routes)",
    )


def _req6(trust: tuple[TrustRelation, ...]) -> Assessment:
    if not trust:
        return Assessment("REQ6", Status.MET, "no signalling leaves a node; nothing to secure")
    pairs = ", ".join(t.pair for t in trust)
    rr = (
        "; MN-CN needs no prior trust: return routability authorises the binding (RFC 6275 "
        "5.2.6, weak against an attacker on both paths)"
        if any(t.pair == "MN-CN" for t in trust)
        else ""
    )
    return Assessment(
        "REQ6",
        Status.PARTLY,
        f"needs trust {pairs}; the security mechanisms are left open (section 9){rr}",
    )


def analyse(p: Placement) -> GapReport:
    """The gap analysis of ``p`` (validated first; raises ``PlacementError`` if invalid).

    * REQ1.1 met when home MRs (MRs anchoring their own network's prefix) exist in two or more
      networks; partly when the MR function is in several networks but HoAs are anchored in one
      (HMIPv6); missed otherwise.
    * REQ1.2 met when no data path from a CN to a moved HoA crosses an MR in a third network
      (the reason names why: route optimisation, an anycast MR near the CN, or an anchor in the
      CN's or the visited network); partly when some path does but per-session HoAs or a
      distributed LM database remove the need for some of them (5.1.6, 5.2.8); missed
      otherwise (triangle routing); not applicable when no CN sends to a moved HoA.
    * REQ2 met with per-session HoAs, partly with per-MN HoAs; not applicable without HoAs.
    * REQ3, REQ4, REQ5.1 met by any valid framework placement (5.2.1); the reasons name the
      reused and extended messages.
    * REQ5.2 met when MNs are served away from home across administrative domains (conditioned
      on the inter-domain trust listed), partly within one domain; not applicable when no MN
      is served away from home.
    * REQ6 partly: the trust relations needed are listed; the draft leaves their security open.
    """
    check(p)
    rels = relations(p)
    paths = data_paths(p)
    trust = trust_relations(p, rels)
    assessments = (
        _req1_1(p),
        _req1_2(p, paths),
        _req2(p),
        _req3(p),
        _req4(p, rels),
        _req5_1(p),
        _req5_2(p, trust),
        _req6(trust),
    )
    return GapReport(p.name, p.title, p.reference, assessments, trust)
