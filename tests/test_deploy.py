"""Deployment of a placement's functions: what the simulator builds, and clear errors for what
it does not build yet."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.attributes import AttributeError_, Functions
from ns3dmm.deploy import DeploymentError, deploy, pool_length, pool_prefix
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario


@pytest.mark.parametrize(("preset", "params", "missing"), [
    ("ro-gwar-query", {"forwarding": "header-rewrite"}, "header rewrite with host-based"),
])
def test_unsupported_placements_say_what_is_missing(ns: Any, simulator: Any, preset: str,
                                                    params: dict[str, str],
                                                    missing: str) -> None:
    placement = presets.build_preset(preset, **params)
    sc = build_scenario(placement, ScenarioConfig())
    try:
        with pytest.raises(DeploymentError, match=missing):
            deploy(sc)
    finally:
        sc.destroy()


def test_push_from_a_home_mr_keeping_its_own_bindings_is_refused() -> None:
    """RS2.push: the home MR pushes what its location cache learns from a location server;
    one whose location management is on its own node is refused before ns-3 loads."""
    import dataclasses

    from ns3dmm.deploy import not_simulated

    placement = presets.build_preset("ro-gwar-push")
    lms = tuple(dataclasses.replace(lm, node=lm.node.replace("LMS", "GW"))
                for lm in placement.location_managers)
    missing = not_simulated(dataclasses.replace(placement, location_managers=lms))
    assert missing is not None and missing.startswith("route optimisation by push from MR1")
    assert not_simulated(placement) is None


def test_header_rewrite_with_location_management_beside_an_mr_is_refused() -> None:
    """Header rewrite: a binding's locator is a per-host locator, which only location caches
    rewrite to; location management on an MR's node (whose MR would tunnel to it) is refused
    before ns-3 loads."""
    import dataclasses

    from ns3dmm.deploy import not_simulated

    placement = presets.build_preset("ro-gwar-query", mode="network", allocation="per-mn",
                                     forwarding="header-rewrite")
    assert not_simulated(placement) is None
    lms = tuple(dataclasses.replace(lm, node=lm.node.replace("LMS", "GW"))
                for lm in placement.location_managers)
    missing = not_simulated(dataclasses.replace(placement, location_managers=lms))
    assert missing is not None and missing.startswith("header rewrite with location management")


def test_pool_prefix_is_the_second_slash_52_or_a_larger_one_after_the_layout() -> None:
    assert str(pool_prefix("2001:1::/48")) == "2001:1:0:1000::/52"
    assert str(pool_prefix("2001:1::/48", 56)) == "2001:1:0:1000::/56"
    # Larger pools: the first of their size after the four /52s of the layout.
    assert str(pool_prefix("2001:1::/48", 51)) == "2001:1:0:4000::/51"
    assert str(pool_prefix("2001:1::/48", 50)) == "2001:1:0:4000::/50"
    assert str(pool_prefix("2001:1::/48", 49)) == "2001:1:0:8000::/49"
    assert str(pool_prefix("2001:1::/40", 44)) == "2001:1:10::/44"  # aligned up to a /44
    with pytest.raises(DeploymentError, match="does not fit in 2001:1::/48"):
        pool_prefix("2001:1::/48", 48)
    with pytest.raises(DeploymentError, match="longer than /52"):
        pool_prefix("2001:1:0:1::/64")


@pytest.mark.parametrize(("preset", "mns", "length"), [
    ("pmipv6", 3, 52), ("pmipv6", 4094, 52), ("pmipv6", 4095, 51), ("pmipv6", 10_000, 50),
    ("mipv6", 10_000, 50), ("dynamic", 3, 52), ("dynamic", 2048, 51)])
def test_the_pool_is_sized_by_the_mobile_nodes(preset: str, mns: int, length: int) -> None:
    """A /52 (4096 /64s) unless the mobile nodes need more: one prefix per mobile node homed
    in the network, two per mobile node with home addresses per session, and one for the home
    agents anycast /64."""
    placement = presets.build_preset(preset, mobile_nodes=mns)
    home = placement.home_addresses[0].network
    assert pool_length(placement, placement.network(home), 64) == length
    needed = sum(1 for h in placement.home_addresses if h.network == home)
    needed += 2 * mns if preset == "dynamic" else 0
    assert needed >= mns and 1 << (64 - length) >= needed + 2
    assert length == 52 or 1 << (64 - length - 1) < needed + 2  # no larger than needed


def test_ten_thousand_prefixes_lease_from_a_sized_pool(ns: Any) -> None:
    """The allocation (C++) over the /50 pool of 10 000 mobile nodes in one home network:
    every prefix distinct and in the pool, and a clear end when the pool runs out."""
    import ipaddress

    placement = presets.build_preset("pmipv6", mobile_nodes=10_000)
    home = placement.network(placement.home_addresses[0].network)
    pool = pool_prefix(home.prefix, pool_length(placement, home, 64))
    alloc = ns.CreateObject[ns.dmm.HomeAddressAllocation]()
    alloc.SetNetwork(ns.Ipv6Address(str(pool.network_address)), pool.prefixlen)
    prefixes = set()
    for k in range((1 << (64 - pool.prefixlen)) - 1):  # the first /64 is never leased
        lease = alloc.Allocate(f"MN{k}")
        assert lease.prefixLength == 64
        prefixes.add(ipaddress.IPv6Network(f"{lease.prefix}/64"))
    assert len(prefixes) == 16383 and all(p.subnet_of(pool) for p in prefixes)
    assert ipaddress.IPv6Network(f"{pool.network_address}/64") not in prefixes
    assert alloc.Allocate("one too many").prefix.IsAny()


def _with_pool(placement: Any, length: int) -> Any:
    import dataclasses

    return dataclasses.replace(placement, networks=tuple(
        dataclasses.replace(n, allocation=dataclasses.replace(n.allocation, pool_length=length))
        for n in placement.networks))


@pytest.mark.parametrize("preset", ["mipv6", "pmipv6"])
def test_a_set_pool_length_is_the_pool_the_mobile_nodes_lease_from(ns: Any, simulator: Any,
                                                                   preset: str) -> None:
    import ipaddress

    placement = _with_pool(presets.build_preset(preset, mobile_nodes=3), 62)
    sc = build_scenario(placement, ScenarioConfig(dad=False))
    try:
        dep = deploy(sc)
        pool = ipaddress.IPv6Network("2001:1:0:1000::/62")
        assert dep.network_pools["Network1"] == pool
        alloc = dep.allocation["Network1"]
        assert alloc.GetNLeased() == 3
        for mn in placement.mobile_nodes:
            key = next(k for k in (f"{mn.name}@{dep.domain}", dep_id(dep, mn.name))
                       if k is not None and alloc.HasLease(k))
            lease = alloc.GetLease(key)
            assert ipaddress.IPv6Network(f"{lease.prefix}/64").subnet_of(pool)
    finally:
        sc.destroy()
    # A /63: one /64 to lease (the first is never leased), so the second mobile node is
    # refused, by name.
    sc = build_scenario(_with_pool(placement, 63), ScenarioConfig(dad=False))
    try:
        with pytest.raises(DeploymentError, match="MN12: the home .* pool of Network1 is "
                                                  "exhausted"):
            deploy(sc)
    finally:
        sc.destroy()


def dep_id(dep: Any, mn: str) -> str | None:
    from ns3dmm.deploy import _mn_id

    try:
        return _mn_id(dep, mn)
    except Exception:  # noqa: BLE001
        return None


def test_a_pool_that_overlaps_the_network_links_is_refused(ns: Any, simulator: Any) -> None:
    """A /49 of a /48 reaches its top /64s, where the network's links are."""
    sc = build_scenario(_with_pool(presets.build_preset("pmipv6"), 49), ScenarioConfig())
    try:
        with pytest.raises(DeploymentError, match="overlaps the link 2001:1:0:ffff::/64"):
            deploy(sc)
    finally:
        sc.destroy()


def test_pool_length_is_validated_and_offered_by_the_program() -> None:
    from ns3dmm.framework.validation import validate
    from ns3dmm.program import document, parse
    from ns3dmm.simulate import SimulationFileError, _preset

    bad = _with_pool(presets.build_preset("pmipv6"), 48)
    assert any(p.rule == "allocation.pool" for p in validate(bad))
    assert _preset("pmipv6", {"pool_length": 50}, "x").networks[0].allocation.pool_length == 50
    assert _preset("pmipv6", {"pool_length": 0}, "x").networks[0].allocation.pool_length is None
    with pytest.raises(SimulationFileError, match="pool length 47"):
        _preset("pmipv6", {"pool_length": 47}, "x")
    doc = document(parse(["--placement=pmipv6", "--pool_length=50"]))
    assert doc["simulation"]["placement_params"]["pool_length"] == 50
    assert "pool_length" not in document(parse(["--placement=pmipv6"]))["simulation"].get(
        "placement_params", {})


@pytest.mark.parametrize(("type_id", "name", "value", "message"), [
    ("ns3::dmm::MobileNodeAgent", "BindingLifetime", "1s", "outside 4s .. 262140s"),
    ("ns3::dmm::LocationManagement", "MaxBindingLifetime", "300000s", "outside"),
    ("ns3::dmm::MobileNodeAgent", "InitialBindackTimeout", "0s", "outside 0.001s"),
    ("ns3::dmm::MobileNodeAgent", "BindingLifetime", 8.0, "a time with its unit"),
    ("ns3::dmm::MobileNodeAgent", "OptimisticDad", "yes", "true or false"),
    ("ns3::dmm::MobileNodeAgent", "RefreshFraction", 1.5, "outside 0.1 .. 0.99"),
    ("ns3::dmm::Ipv6TunnelL4Protocol", "TunnelMtu", 1000, "outside 1280 .. 65535"),
    ("ns3::dmm::MobileNodeAgent", "BindingLifetme", "8s", "did you mean BindingLifetime"),
    ("ns3::dmm::MobileNodeAgent", "HomeAgent", "2001::1", "set by deploy"),
    ("ns3::dmm::Agent", "BindingLifetime", "8s", "not a function TypeId"),
])
def test_function_parameters_reject_impossible_values(type_id: str, name: str, value: Any,
                                                      message: str) -> None:
    """Checked against the attributes the build exported (TypeId, name, type, range), before
    ns-3 loads."""
    with pytest.raises(AttributeError_, match=message):
        Functions({type_id: {name: value}})


def test_flat_function_keys_are_refused_with_the_new_form() -> None:
    from ns3dmm.simulate import SimulationFileError, simulate_document

    with pytest.raises(SimulationFileError, match="attributes per TypeId"):
        simulate_document({"simulation": {"placement": "mipv6"},
                           "functions": {"binding_lifetime_s": 8.0}})
    with pytest.raises(SimulationFileError, match="BindingLifetime: expected a time"):
        simulate_document({"simulation": {"placement": "mipv6"},
                           "functions": {"ns3::dmm::Proxy": {"BindingLifetime": 8}}})


def test_function_parameters_default_to_the_typeids() -> None:
    f = Functions({"ns3::dmm::Proxy": {"InitialBindackTimeoutFirstReg": "200ms"}})
    assert f.value("ns3::dmm::Proxy", "InitialBindackTimeoutFirstReg") == pytest.approx(0.2)
    assert f.text("ns3::dmm::Proxy", "InitialBindackTimeoutFirstReg") == "0.2s"
    assert f.value("ns3::dmm::MobileNodeAgent", "BindingLifetime") == 120.0
    assert f.value("ns3::dmm::Proxy", "Domain") == "dmm.example"
    doc = f.as_document(defaults=True)
    assert doc["ns3::dmm::Proxy"]["InitialBindackTimeoutFirstReg"] == "0.2s"
    assert doc["ns3::dmm::LocationManagement"]["MaxBindingLifetime"] == "420s"
    assert Functions(doc) == Functions(doc)


def test_binding_expires_when_the_mobile_node_vanishes(ns: Any, simulator: Any) -> None:
    """MIPv6: the station registers at AR11, then leaves all coverage (moved 10 km away) and
    can refresh no more: the home agent's binding expires at the end of its lifetime and the
    home agent stops tunnelling."""
    from ns3dmm import callbacks
    from ns3dmm.scenario.config import MobilityConfig

    placement = presets.mipv6(networks=2, ars_per_network=1)
    sc = build_scenario(placement, ScenarioConfig(mobility=MobilityConfig(model="static")))
    dep = deploy(sc, Functions({"ns3::dmm::MobileNodeAgent": {"BindingLifetime": "8s"}}))
    lm = next(iter(dep.location_management.values()))
    mn = placement.mobile_nodes[0].name
    seen: list[tuple[float, int]] = []

    def vanish() -> None:
        sc.node(mn).GetObject[ns.MobilityModel]().SetPosition(ns.Vector(10000.0, 0.0, 0.0))

    def look() -> None:
        seen.append((sc.ns.Simulator.Now().GetSeconds(), int(lm.GetNBindings())))

    callbacks.schedule(2.0, look)
    callbacks.schedule(2.5, vanish)
    for t in (9.5, 11.0):
        callbacks.schedule(t, look)
    sc.run(12.0)
    # Registered around 1.05 s (after duplicate address detection of the care-of address) for
    # 8 s; the refresh at 80 % (7.4 s) cannot reach the home agent.
    assert seen == [(2.0, 1), (9.5, 0), (11.0, 0)]
    assert dep.agents[mn].GetState() in (1, 4)  # still trying, or given up
    sc.destroy()


def test_several_home_addresses_on_one_mobile_node_are_refused_before_ns3() -> None:
    """Dynamic mobility (issue 11) holds several home addresses on one mobile node; until
    then such a placement is refused in one line, by the pure check."""
    import dataclasses  # noqa: PLC0415

    from ns3dmm.deploy import not_simulated  # noqa: PLC0415
    from ns3dmm.framework.model import HomeAddress  # noqa: PLC0415

    p = presets.build_preset("multiple-home-networks")
    second = HomeAddress("HoA12", "MN11", "Network2", session="s2")
    p = dataclasses.replace(p, home_addresses=(*p.home_addresses, second))
    assert not_simulated(p) == ("several home addresses on one mobile node (MN11: HoA11, "
                                "HoA12) are not simulated yet")
    brief = dataclasses.replace(p, home_addresses=(
        *p.home_addresses[:-1], dataclasses.replace(second, continuity=False)))
    assert not_simulated(brief) is None


def test_proxies_keep_one_parent_per_home_network_not_one_per_mobile_node(
        ns: Any, simulator: Any) -> None:
    """Deployment keeps what the proxies share once: each proxy one parent per home network,
    the domain's policy store one profile per mobile node, and no mobile node a parent of its
    own; a mobile node met at any access router resolves to its home network's anchor."""
    from ns3dmm.deploy import _mn_id

    placement = presets.build_preset("multiple-home-networks", networks=3, ars_per_network=2,
                                     mobile_nodes=12, mode="network")
    sc = build_scenario(placement, ScenarioConfig(dad=False))
    try:
        dep = deploy(sc)
        assert dep.policy_store.GetNProfiles() == 12
        assert len(dep.proxies) == 6
        homes = {h.mn: h.network for h in placement.home_addresses}
        anchors = {net: str(dep.function_address(placement.home_mr(net).node))
                   for net in set(homes.values())}
        for proxy in dep.proxies.values():
            for mn, net in homes.items():
                mn_id = _mn_id(dep, mn)
                assert proxy.GetOwnParentFor(mn_id).IsAny()
                assert str(proxy.GetParentFor(mn_id)) == anchors[net]
                assert dep.policy_store.GetHomeNetwork(mn_id) == net
            assert {str(proxy.GetParentForHome(net)) for net in anchors} == set(
                anchors.values())
    finally:
        sc.destroy()
