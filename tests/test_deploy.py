"""Deployment of a placement's functions: what the simulator builds, and clear errors for what
it does not build yet."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.deploy import DeploymentError, FunctionConfig, deploy, pool_prefix
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario


@pytest.mark.parametrize(("preset", "params", "missing"), [
    ("haha", {"mode": "network"}, "proxy registration with an anycast group"),
    ("ro-anycast-query", {}, "route optimisation"),
    ("distributed", {"mode": "host"}, "a home anchor, for host-based mobile nodes"),
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


def test_pool_prefix_is_the_second_slash_52() -> None:
    assert str(pool_prefix("2001:1::/48")) == "2001:1:0:1000::/52"
    with pytest.raises(DeploymentError, match="longer than /52"):
        pool_prefix("2001:1:0:1::/64")


@pytest.mark.parametrize(("field", "value"), [
    ("binding_lifetime_s", 1.0),
    ("max_binding_lifetime_s", 300000.0),
    ("initial_bindack_timeout_s", 0.0),
])
def test_function_config_rejects_impossible_values(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        FunctionConfig(**{field: value})


def test_binding_expires_when_the_mobile_node_vanishes(ns: Any, simulator: Any) -> None:
    """MIPv6: the station registers at AR11, then leaves all coverage (moved 10 km away) and
    can refresh no more: the home agent's binding expires at the end of its lifetime and the
    home agent stops tunnelling."""
    from ns3dmm import callbacks
    from ns3dmm.scenario.config import MobilityConfig

    placement = presets.mipv6(networks=2, ars_per_network=1)
    sc = build_scenario(placement, ScenarioConfig(mobility=MobilityConfig(model="static")))
    dep = deploy(sc, FunctionConfig(binding_lifetime_s=8.0))
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
