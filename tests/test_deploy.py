"""Deployment of a placement's functions: what the simulator builds, and clear errors for what
it does not build yet."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.attributes import AttributeError_, Functions
from ns3dmm.deploy import DeploymentError, deploy, pool_prefix
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario


@pytest.mark.parametrize(("preset", "params", "missing"), [
    ("ro-anycast-push", {"mode": "network"}, "home addresses per session.*allocation='per-mn'"),
    ("ro-gwar-query", {"forwarding": "header-rewrite"}, "header rewrite with host-based"),
    ("dynamic", {"mode": "network"}, "home addresses per session"),
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


def test_pool_prefix_is_the_second_slash_52() -> None:
    assert str(pool_prefix("2001:1::/48")) == "2001:1:0:1000::/52"
    with pytest.raises(DeploymentError, match="longer than /52"):
        pool_prefix("2001:1:0:1::/64")


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
