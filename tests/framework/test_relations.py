"""The relations a simulation wires: every mobile node's chain at every access router."""

from __future__ import annotations

import pytest

from ns3dmm.framework.model import NodeKind
from ns3dmm.framework.presets import PRESETS, build_preset
from ns3dmm.framework.relations import (
    RelationKind,
    reachable_relations,
    registration_groups,
    registrations_at,
    relations,
)


def _edges(pairs: list) -> set[tuple[str, str, str]]:
    return {(kind.value, a, b) for kind, a, b in pairs}


def test_host_based_registrations_follow_the_anchor_point_of_each_access_router() -> None:
    p = build_preset("hmipv6-host", networks=3, ars_per_network=2)
    at = {ar: {(r.kind.value, r.source, r.target) for r in registrations_at(p, "MN11", ar)}
          for ar in ("AR11", "AR12", "AR21", "AR22", "AR31", "AR32")}
    direct = {("registration", "MN11", "LM1")}
    assert at["AR11"] == at["AR12"] == direct
    for ar, anchor in (("AR21", "Proxy2"), ("AR22", "Proxy2"), ("AR31", "Proxy3"),
                       ("AR32", "Proxy3")):
        assert at[ar] == {("registration", "MN11", anchor), ("registration", anchor, "LM1")}
    # Each carries the home address it registers.
    assert {r.home_address for r in registrations_at(p, "MN11", "AR21")} == {"HoA11"}


def test_network_based_chains_at_every_access_router_home_included() -> None:
    p = build_preset("hmipv6-network", networks=3, ars_per_network=2)
    got = {(ar, r.kind.value, r.source, r.target) for ar, r in reachable_relations(p)
           if ar is not None}
    for ar in ("AR11", "AR12"):
        mag = f"MAG{ar[2:]}"
        assert (ar, "attachment", "MN11", mag) in got
        assert (ar, "registration", mag, "LM1") in got
    for ar in ("AR21", "AR22", "AR31", "AR32"):
        mag, anchor = f"MAG{ar[2:]}", f"Proxy{ar[2]}"
        assert (ar, "attachment", "MN11", mag) in got
        assert (ar, "registration", mag, anchor) in got
        assert (ar, "registration", anchor, "LM1") in got
    assert len(got) == 2 * 2 + 3 * 4


def test_reachable_relations_start_where_the_mobile_node_starts_and_add_the_rest() -> None:
    p = build_preset("haha", networks=3, ars_per_network=1)
    pairs = reachable_relations(p)
    assert pairs[0][0] == p.node("MN11").attached_to
    # The relations of the placement as it stands are all there, the same objects.
    start = [r for ar, r in pairs if ar == p.node("MN11").attached_to or ar is None]
    assert set(start) == set(relations(p))
    # The nearest replica takes the registrations at each access router.
    targets = {ar: r.target for ar, r in pairs if r.kind is RelationKind.REGISTRATION}
    assert targets == {"AR11": "LM0-1", "AR21": "LM0-2", "AR31": "LM0-3"}
    assert len(pairs) == len(set(pairs))
    assert _edges([(r.kind, r.source, r.target) for ar, r in pairs if ar is None]) >= {
        ("lm-sync", "LM0-1", "LM0-2"), ("lm-client", "MR1", "LM0-1")}


def test_several_mobile_nodes_of_different_homes_each_get_their_chain() -> None:
    p = build_preset("multiple-home-networks", networks=3, ars_per_network=1, mobile_nodes=3)
    by_mn: dict[str, set[str]] = {}
    for _, r in reachable_relations(p):
        if r.kind is RelationKind.REGISTRATION:
            by_mn.setdefault(r.source, set()).add(r.target)
    homes = {h.mn: h.network for h in p.home_addresses}
    assert len(by_mn) == 3
    for mn, targets in by_mn.items():
        assert targets == {p.responsible_lm(homes[mn]).name}


def test_a_mobile_node_that_is_not_one_is_refused() -> None:
    p = build_preset("mipv6")
    with pytest.raises(LookupError, match="not a mobile node"):
        registrations_at(p, "CN21", "AR11")


@pytest.mark.parametrize("preset", ["mipv6", "pmipv6", "hmipv6-host", "hmipv6-network",
                                    "multiple-home-networks", "haha", "distributed"])
def test_registrations_at_equal_those_of_the_moved_placement(preset: str) -> None:
    """registrations_at computes the chain at an access router without building the moved
    placement: the same relations as relations() of it (which keeps one relation per edge,
    the first mobile node's), with the functions keeping the chain ready in the home network
    too."""
    p = build_preset(preset, networks=3, ars_per_network=2, mobile_nodes=2)

    def edge(r):
        return r.kind, r.source, r.target

    for mn in p.mobile_nodes:
        hoas = {h.name for h in p.home_addresses_of(mn.name)}
        homes = {h.network for h in p.home_addresses_of(mn.name)}
        for ar in p.nodes_of_kind(NodeKind.ACCESS_ROUTER):
            there = relations(p.moved(mn.name, ar.name))
            got = set(registrations_at(p, mn.name, ar.name))
            assert {r for r in there if r.home_address in hoas} <= got
            if ar.network not in homes:
                assert {edge(r) for r in got} <= {edge(r) for r in there}, (mn.name, ar.name)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_registration_groups_expand_to_exactly_the_reachable_registrations(preset: str) -> None:
    """Every member of every group, with the group's chain at its access router, gives the
    attachments and registrations of reachable_relations: all of them, none twice, in the
    order of first occurrence; the groups grow with the mobile nodes plus access routers x
    networks, not with their product."""
    p = build_preset(preset, networks=3, ars_per_network=2, mobile_nodes=7)
    want = [(ar, r) for ar, r in reachable_relations(p) if ar is not None]
    groups = registration_groups(p)
    got = [(g.access_router, r) for g in groups for h in g.members() for r in g.relations(p, h)]
    assert len(got) == len(set(got))
    assert set(got) == set(want)
    first = {}
    for g in groups:
        for r in g.relations(p):
            first.setdefault((g.access_router, r), len(first))
    order = [pair for pair in want if pair in first]
    assert order == sorted(order, key=first.__getitem__)
    ars = len(p.nodes_of_kind(NodeKind.ACCESS_ROUTER))
    assert len(groups) <= len(p.home_addresses) + ars * len(p.networks)
    for g in groups:
        assert g.members() and all(h.network == g.network for h in g.members())
        assert g.starting == (len(g.home_addresses) == 1 and g.chain == p.lm_chain(
            g.home_addresses[0], away=True) and g.access_router == p.node(
            g.home_addresses[0].mn).attached_to)
