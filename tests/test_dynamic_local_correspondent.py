"""Dynamic mobility (draft section 6) with the correspondent behind the access router where a
session starts: the session's address is on that router's link, its anchor (the network's MR)
on the gateway above it, off the correspondent's way to the link."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm.simulate import Traffic, simulate


@pytest.mark.parametrize("ars_per_network", [1, 2])
def test_a_session_started_on_the_correspondents_own_router_follows_the_node(
        ns: Any, ars_per_network: int) -> None:
    """CN21 sits behind AR21. A session it starts while the station is on AR21 takes an
    address of AR21's link, anchored by network 2's MR on GW2, which is not on CN21's way to
    that link. Once the station has left, AR21 routes the address up to GW2 (a host route
    while the binding lasts) instead of delivering on the link the station left: the stream
    loses only the handover (moving on within network 2, to AR22, and out of it, to AR31), and
    its packets cross GW2 through the tunnel."""
    from ns3dmm.scenario import ScenarioConfig
    from ns3dmm.scenario.config import MobilityConfig

    path = ("AR12", "AR21", "AR22", "AR31") if ars_per_network == 2 else ("AR11", "AR21",
                                                                          "AR31")
    results = simulate("dynamic", ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(
        model="path", path=path, speed_mps=10.0, start_s=2.0, pause_s=4.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=10.0, address="local"),),
        stop_s=12.0 * len(path) + 4.0,
        placement_params={"networks": 3, "ars_per_network": ars_per_network})
    (name, app), = results.apps.items()
    assert ipaddress.IPv6Address(app["destination"]) in ipaddress.IPv6Network("2001:2:0:1::/64")
    moves = results.handovers["MN11"]
    assert [h["access_router"] for h in moves] == list(path[1:])
    assert all(h["lost"] is not None for h in moves[1:])
    lost_in_moves = sum(h["lost"] for h in moves[1:])
    # the handovers' losses, and the packets in flight when the run stops
    assert lost_in_moves <= results.streams[name]["lost"] <= lost_in_moves + 3
    assert lost_in_moves < 150 * len(moves[1:])
    away = [s for s in results.paths[name] if s["access_router"] not in (path[0], "AR21")]
    assert away and all(s["packets"] > 500 and s["tunnelled"] == s["packets"]
                        and s["crossed"].get("GW2") == s["packets"] for s in away), away
