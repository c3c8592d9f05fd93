"""The scenario layer: a framework placement as a realistic ns-3 simulation.

:func:`build_scenario` turns a :class:`~ns3dmm.framework.Placement` and a
:class:`ScenarioConfig` into a wired IPv6 internetwork (a core router, gateways, anchors, LM
servers, correspondent nodes) with a WiFi access network (access routers are APs sending Router
Advertisements; mobile nodes are stations that move), traffic sessions and measurements::

    from ns3dmm.framework import presets
    from ns3dmm.scenario import ScenarioConfig, build_scenario

    sc = build_scenario(presets.mipv6(networks=2, ars_per_network=2), ScenarioConfig())
    sc.add_udp_cbr("CN21", "GW1", sc.address("GW1", "Core"), rate="1Mbps", start_s=1.0)
    results = sc.run(20.0)          # plain dict
    sc.destroy()
"""

from __future__ import annotations

from .build import CORE, WIFI, AppSession, Link, Scenario, build_scenario
from .config import (
    AbstractAccessConfig,
    MobilityConfig,
    ScenarioConfig,
    ScenarioConfigError,
    WifiConfig,
    load_config,
)

__all__ = [
    "AbstractAccessConfig",
    "CORE",
    "WIFI",
    "AppSession",
    "Link",
    "MobilityConfig",
    "Scenario",
    "ScenarioConfig",
    "ScenarioConfigError",
    "WifiConfig",
    "build_scenario",
    "load_config",
]
