"""Deployment of a placement's functions: what the simulator builds, and clear errors for what
it does not build yet."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.deploy import DeploymentError, FunctionConfig, deploy, pool_prefix
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario


@pytest.mark.parametrize(("preset", "missing"), [
    ("haha", "anycast"),
    ("ro-anycast-query", "route optimisation"),
    ("hmipv6-host", "co-located|not simulated"),
])
def test_unsupported_placements_say_what_is_missing(ns: Any, simulator: Any, preset: str,
                                                    missing: str) -> None:
    placement = presets.build_preset(preset)
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
