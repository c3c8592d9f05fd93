"""Dynamic mobility on the distributed LM database (draft sections 6 and 7: figure 8 with
per-session addresses), host-based, over WiFi handovers with a fixed seed. Three networks of
one access router; the station crosses AR11, AR21 and AR31 while CN21 (on AR21) starts a UDP
stream on AR11 and another on AR21, each on an address of the link where it starts.

The location management functions are servers of their own: each network's MR on its gateway
is told by its server every binding of an address of its network's access link
(LocationManagement::WatchLink, a Location Notify each, LocationCache::FOLLOWED), holds it as
its own and has the link's router route the address up to it. Checked: each session loses
only its handovers, reaches the station away from its link through its own anchor (GW1, GW2),
and the servers' notifies are counted as the LM load; a packet for an address at home on its
link is no cache miss."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm.simulate import Traffic, simulate

PATH = ("AR11", "AR21", "AR31")
LINKS = {"stream-1": "2001:1:0:1::/64", "stream-2": "2001:2:0:1::/64"}


@pytest.fixture(scope="module")
def results(ns: Any) -> Any:
    from ns3dmm.scenario import ScenarioConfig
    from ns3dmm.scenario.config import MobilityConfig

    return simulate("distributed-lm", ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(
        model="path", path=PATH, speed_mps=10.0, start_s=2.0, pause_s=4.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=1.5, address="local"),
                 Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=10.0, address="local")),
        stop_s=40.0, placement_params={"networks": 3, "ars_per_network": 1})


def test_each_session_takes_the_address_of_the_link_where_it_starts(results: Any) -> None:
    names = list(results.apps)
    assert len(names) == 2
    for name, link in zip(names, LINKS.values(), strict=True):
        assert ipaddress.IPv6Address(results.apps[name]["destination"]) in \
            ipaddress.IPv6Network(link), name
    assert results.addresses["MN11"]["max_held"] == 3  # the home address and two sessions


def test_each_session_loses_only_its_handovers_and_follows_through_its_anchor(
        results: Any) -> None:
    moves = results.handovers["MN11"]
    assert [h["access_router"] for h in moves] == ["AR21", "AR31"]
    first, second = list(results.apps)
    for name, anchor, away_from in ((first, "GW1", ("AR11",)),
                                    (second, "GW2", ("AR11", "AR21"))):
        app, stream = results.apps[name], results.streams[name]
        assert app["rx_packets"] > 0.9 * app["tx_packets"] > 2000, name
        # a handover costs well under 1.5 s of the 100 packets/s
        assert stream["lost"] < 150 * len(moves), (name, stream["lost"])
        away = [s for s in results.paths[name]
                if s["access_router"] not in away_from and s["packets"]]
        assert away and all(s["tunnelled"] == s["packets"]
                            and s["crossed"].get(anchor) == s["packets"] for s in away), away


def test_the_servers_tell_the_anchors_and_at_home_addresses_are_no_misses(
        results: Any) -> None:
    load = results.lm_load
    assert load["LM1"]["pushes_sent"] >= 1 and load["LM2"]["pushes_sent"] >= 1, load
    caches = results.caches
    # the sessions' packets at home on their links never made the anchors ask
    assert caches["GW1"]["queries"] == 0 and caches["GW2"]["queries"] == 0, caches
