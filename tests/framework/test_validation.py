"""Every validation rule rejects a placement that breaks it, naming the element and the rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ns3dmm import framework as fw
from ns3dmm.framework.validation import RULES

Case = Callable[..., fw.Placement]


def _add(p: fw.Placement, array: str, *items: object) -> fw.Placement:
    from dataclasses import replace

    return replace(p, **{array: getattr(p, array) + tuple(items)})


def _pre(name: str, **kw: object) -> fw.Placement:
    return fw.build_preset(name, **kw)


# rule id -> (element named, fragment of the message, placement breaking the rule)
CASES: list[tuple[str, str, str, Case]] = [
    ("name.duplicate", "MAG31", "used 2 times",
     lambda e: _add(_pre("pmipv6"), "proxies", fw.Proxy("MAG31", "AR21"))),
    ("prefix.invalid", "Network3", "no room",
     lambda e: e(_pre("pmipv6"), "networks", "Network3", prefix="2001:3::/64")),
    ("prefix.invalid", "Network2", "IPv4",
     lambda e: e(_pre("mipv6"), "networks", "Network2", prefix="10.2.0.0/16")),
    ("prefix.invalid", "Network2", "does not parse",
     lambda e: e(_pre("mipv6"), "networks", "Network2", prefix="2001:2::1/48")),
    ("prefix.documentation", "Network1", "2001:db8::/32",
     lambda e: e(_pre("mipv6"), "networks", "Network1", prefix="2001:db8:1::/48")),
    ("prefix.duplicate", "Network3", "the same prefix",
     lambda e: e(_pre("mipv6"), "networks", "Network3", prefix="2001:1::/48")),
    ("prefix.duplicate", "Network2", "overlapping",
     lambda e: e(_pre("mipv6"), "networks", "Network2", prefix="2001::/16")),
    ("node.network", "AR31", "unknown network 'Network9'",
     lambda e: e(_pre("pmipv6"), "nodes", "AR31", network="Network9")),
    ("node.attachment", "MN11", "attached to AR21",
     lambda e: e(_pre("mipv6"), "nodes", "MN11", attached_to="AR21")),
    ("node.attachment", "CN21", "not attached",
     lambda e: e(_pre("mipv6"), "nodes", "CN21", attached_to=None)),
    ("function.node", "MR1", "MN11, a mn",
     lambda e: e(_pre("mipv6"), "mobility_routers", "MR1", node="MN11")),
    ("function.node", "LM1", "unknown node 'LMS9'",
     lambda e: e(_pre("mipv6"), "location_managers", "LM1", node="LMS9")),
    ("allocation.node", "Alloc2", "sits on HA1 in Network1",
     lambda e: e(_pre("mipv6"), "networks", "Network2", allocation={"node": "HA1"})),
    ("allocation.lease", "Alloc1", "lease lifetime 0",
     lambda e: e(_pre("dynamic"), "networks", "Network1", allocation={"lease_lifetime": 0})),
    ("allocation.pool", "Alloc1", "pool length 48 is not longer than Network1's prefix",
     lambda e: e(_pre("pmipv6"), "networks", "Network1", allocation={"pool_length": 48})),
    ("mr.anchors", "MR1", "unknown network 'Network9'",
     lambda e: e(_pre("mipv6"), "mobility_routers", "MR1", anchors=("Network9",))),
    ("mr.lms", "MR1", "unknown LM 'LM9'",
     lambda e: e(_pre("mipv6"), "mobility_routers", "MR1", lms=("LM9",))),
    # "an MR with no LM it can learn locations from"
    ("mr.no-lm", "MR1", "no LM it can learn locations from",
     lambda e: e(_pre("mipv6"), "mobility_routers", "MR1", lms=())),
    ("mr.no-lm", "MR1", "cannot reach LM1",
     lambda e: e(e(_add(_pre("multiple-home-networks"), "nodes",
                        fw.Node("LMS1", "lm-server", "Network1")),
                   "location_managers", "LM1", node="LMS1"),
                 "mobility_routers", "MR1", lms=("LM2",))),
    ("mr.cache", "MR2", "cache size -1",
     lambda e: e(_pre("ro-gwar-query"), "mobility_routers", "MR2", cache_size=-1)),
    ("lm.serves", "LM1", "serves no network",
     lambda e: e(_pre("mipv6"), "location_managers", "LM1", serves=())),
    ("lm.serves", "LM1", "unknown network 'Network7'",
     lambda e: e(_pre("mipv6"), "location_managers", "LM1", serves=("Network1", "Network7"))),
    ("lm.organisation", "LM0-2", "LM0-1 serves",
     lambda e: e(_pre("haha"), "location_managers", "LM0-2", serves=("Network2",))),
    ("lm.organisation", "LM2", "disjoint",
     lambda e: e(_pre("distributed-lm"), "location_managers", "LM2",
                 serves=("Network1", "Network2"))),
    ("lm.organisation", "LM2", "sits in Network2 but serves",
     lambda e: e(_pre("multiple-home-networks"), "location_managers", "LM2",
                 serves=("Network3",))),
    ("lm.organisation", "LM1", "needs 2+ servers",
     lambda e: e(_pre("mipv6"), None, None, lm_organisation="distributed")),
    ("proxy.parent", "MAG31", "neither a proxy nor an LM",
     lambda e: e(_pre("pmipv6"), "proxies", "MAG31", parent="MR1")),
    ("proxy.parent", "Proxy3", "loop",
     lambda e: e(_pre("hmipv6-network"), "proxies", "Proxy3", parent="MAG31")),
    # "a proxy with no LM above it"
    ("proxy.no-lm", "MAG31", "no LM above it",
     lambda e: e(e(_pre("pmipv6"), None, None, location_managers=()),
                 "mobility_routers", "MR1", lms=())),
    ("mn.proxy", "MN11", "its proxy Proxy2 is in Network2",
     lambda e: e(_pre("hmipv6-host"), "nodes", "MN11", proxy="Proxy2")),
    ("mn.proxy", "MN11", "unknown proxy 'MAP9'",
     lambda e: e(_pre("hmipv6-host"), "nodes", "MN11", proxy="MAP9")),
    # "network-based mode without a proxy on the access routers"
    ("mode.network-proxy", "AR31", "hosts no proxy",
     lambda e: e(_pre("pmipv6"), None, None, proxies=())),
    # "anycast with a single MR"
    ("anycast.single", "HA-anycast", "single MR",
     lambda e: e(_pre("haha"), "anycast_groups", "HA-anycast", members=("MR1",))),
    ("anycast.member", "HA-anycast", "unknown MR 'MR9'",
     lambda e: e(_pre("haha"), "anycast_groups", "HA-anycast", members=("MR1", "MR9"))),
    ("hoa.mn", "HoA11", "not a mobile node",
     lambda e: e(_pre("mipv6"), "home_addresses", "HoA11", mn="CN21")),
    # "a session HoA whose allocating network does not exist"
    ("hoa.network", "HoA11-video", "network 'Network9', which does not exist",
     lambda e: _add(_pre("dynamic"), "home_addresses",
                    fw.HomeAddress("HoA11-video", "MN11", "Network9", "video"))),
    ("hoa.scope", "HoA11", "names session 'voip'",
     lambda e: e(_pre("mipv6"), "home_addresses", "HoA11", session="voip")),
    ("hoa.scope", "HoA11", "allocates per session",
     lambda e: e(_pre("dynamic"), "home_addresses", "HoA11", session=None)),
    ("hoa.scope", "HoA11-new", "session 'ongoing' twice",
     lambda e: e(_pre("dynamic"), "home_addresses", "HoA11-new", session="ongoing")),
    ("hoa.no-mr", "HoA11", "no MR anchors Network1",
     lambda e: e(_pre("mipv6"), "mobility_routers", "MR1", anchors=())),
    ("hoa.no-lm", "HoA11", "no LM keeps the bindings of Network1",
     lambda e: e(_pre("mipv6"), "location_managers", "LM1", serves=("Network2",))),
    ("ro.anycast", "route_optimisation", "no anycast group advertises Network1",
     lambda e: e(_pre("ro-anycast-query"), None, None, anycast_groups=())),
    ("ro.mr-cn", "CN21", "hosts an MR",
     lambda e: e(_pre("ro-gwar-query"), "mobility_routers", "MR2", node="LMS2")),
    # "query or push route optimisation without an LM the MR(CN) can reach"
    ("ro.lm-reach", "MR2", "cannot reach LM1",
     lambda e: e(_pre("ro-gwar-query"), "mobility_routers", "MR2", lms=())),
    ("ro.lm-reach", "MR2", "RS2.push",
     lambda e: e(_pre("ro-anycast-push"), "mobility_routers", "MR2", lms=())),
    ("ro.push-cache", "MR2", "no cache",
     lambda e: _pre("ro-gwar-push", cache_size=0)),
    ("ro.first-packet", "route_optimisation", "must be via-home",
     lambda e: e(_pre("ro-anycast-push"), None, None,
                 route_optimisation=fw.RouteOptimisation("anycast", "push", "wait"))),
    ("cn-binding.node", "CB21", "'AR21', a ar",
     lambda e: e(_pre("mipv6-ro"), "correspondent_bindings", "CB21", node="AR21")),
    ("cn-binding.node", "CN21", "hosts 2 correspondent bindings",
     lambda e: _add(_pre("mipv6-ro"), "correspondent_bindings",
                    fw.CorrespondentBinding("CB21b", "CN21"))),
    ("cn-binding.mode", "CB21", "network-based mobile nodes",
     lambda e: e(_pre("mipv6-ro"), None, None, mode="network")),
]  # fmt: skip

# Rules exercised through scenario files (see test_scenario.py).
SCHEMA_RULES = {r for r in RULES if r.startswith("schema.")}


def test_every_rule_has_a_failing_case() -> None:
    assert {c[0] for c in CASES} | SCHEMA_RULES == set(RULES)


@pytest.mark.parametrize(
    ("rule", "element", "fragment", "case"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule_rejects(edit, rule: str, element: str, fragment: str, case: Case) -> None:
    try:
        placement = case(edit)
    except fw.PlacementError as exc:  # a preset builder validates what it builds
        problems = exc.problems
    else:
        problems = fw.validate(placement)
        with pytest.raises(fw.PlacementError) as info:
            fw.check(placement)
        assert info.value.problems == problems
    matching = [p for p in problems if p.rule == rule and p.element == element]
    assert matching, f"expected {rule} on {element}, got {[str(p) for p in problems]}"
    assert any(fragment in p.message for p in matching), [p.message for p in matching]


def test_error_message_names_element_and_rule(edit) -> None:
    p = edit(fw.build_preset("pmipv6"), None, None, proxies=())
    with pytest.raises(fw.PlacementError) as info:
        fw.check(p)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.element, err.rule) == ("AR31", "mode.network-proxy")
    text = str(err)
    assert text.startswith("invalid placement 'pmipv6': 1 problem(s)")
    assert "AR31: network-based mode, but access router AR31" in text
    assert "[rule mode.network-proxy: network-based mode has a proxy" in text


def test_all_problems_are_collected(edit) -> None:
    p = fw.build_preset("mipv6")
    p = edit(p, "networks", "Network3", prefix="2001:1::/48")
    p = edit(p, "mobility_routers", "MR1", anchors=("Network9",))
    p = edit(p, "home_addresses", "HoA11", network="Nowhere")
    assert [(x.rule, x.element) for x in fw.validate(p)] == [
        ("prefix.duplicate", "Network3"),
        ("mr.anchors", "MR1"),
        ("hoa.network", "HoA11"),
    ]


def test_presets_are_valid() -> None:
    for name in fw.preset_names():
        assert fw.validate(fw.build_preset(name)) == (), name
