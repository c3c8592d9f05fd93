"""A mobile node streaming to another (multiple home networks, host-based; sessions from a
mobile node as ``source``): a WiFi system test with a fixed seed."""

from __future__ import annotations

from typing import Any

from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import path_segments

STOP_S = 46.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]


def test_a_mobile_node_streams_to_another(ns: Any, simulator: Any) -> None:
    """MN21 (home Network2) sends to MN11 (home Network1), both on the same path: from its
    home address, reverse-tunnelled to HA2, routed to HA1, tunnelled to MN11, whatever the
    access router they share; the shortest path there is two WiFi links."""
    placement = presets.build_preset("multiple-home-networks", networks=3, ars_per_network=2,
                                     mobile_nodes=2)
    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False, mobility=MobilityConfig(model="path", speed_mps=10.0,
                                                          start_s=2.0)))
    try:
        dep = deploy(sc)
        sc.add_udp_cbr("MN21", "MN11", lambda: dep.mn_address("MN11"), rate="200kbps",
                       size=500, start_s=1.5, name="m2m")
        sc.run(STOP_S)
        app = sc.results()["apps"]["m2m"]
        assert app["rx_packets"] >= 0.9 * app["tx_packets"]
        together = [s for s in path_segments(sc, "m2m")
                    if s.source_access_router == s.access_router and s.packets > 100]
        assert [s.access_router for s in together] == ARS
        for s in together:
            triangle = (1 + sc.hop_distance(s.access_router, "HA2")
                        + sc.hop_distance("HA2", "HA1") + sc.hop_distance("HA1", s.access_router))
            assert s.min_hops == s.max_hops == triangle, s
            assert s.shortest_hops == 2
    finally:
        sc.destroy()
