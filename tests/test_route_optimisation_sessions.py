"""Route optimisation (draft section 8) of the addresses sessions take (dynamic mobility,
section 6, the route-optimisation presets' default allocation), host- and network-based, by
query and by push, over WiFi handovers with a fixed seed. The station crosses AR11, AR21 and
AR31 while CN21 (on AR21) streams UDP to an address MN11 took on AR11's link.

MR(CN) keeps the locations of the addresses on the access links of other networks as it keeps
the home addresses': it asks the LM server of the network the link belongs to (RS2.query;
no binding means the node is on the link, and its packets are routed on), or it tunnels what
it has no location for to the MR anchoring that network, which forwards it by the binding its
server told it and pushes the location back (RS2.push). Checked: in network 3 the stream no
longer crosses GW1, the session's anchor (stretch 1, where it was 1.33 through GW1); no packet
is dropped at a cache (those waiting for a negative answer are routed on to the link); the
right functions ask and push; a move reaches MR(CN) by push with a handful of packets sent to
the old location, by query with about an entry lifetime's. And MR(CN) on the mobile access
gateway the node is attached to leaves the node's packets to the proxy there."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm.scenario import ScenarioConfig
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import Traffic, simulate

PATH = ("AR11", "AR21", "AR31")
CASES = {
    "gwar-query-host": ("ro-gwar-query", {"mode": "host"}, "GW2"),
    "anycast-push-host": ("ro-anycast-push", {"mode": "host"}, "GW2"),
    "anycast-query-network": ("ro-anycast-query", {"mode": "network"}, "GW2"),
    "gwar-push-network-access-router": ("ro-gwar-push", {"mode": "network",
                                                         "mr_at": "access-router"}, "AR21"),
    # MR(CN) on the MAG the node attaches to, for a home network prefix: as above, the proxy
    # there delivers on its link what is attached to it
    "gwar-push-network-access-router-prefix": (
        "ro-gwar-push", {"mode": "network", "mr_at": "access-router", "allocation": "per-mn"},
        "AR21"),
}


@pytest.fixture(scope="module", params=list(CASES))
def run(request: Any, ns: Any) -> dict[str, Any]:
    preset, params, ingress = CASES[request.param]
    results = simulate(preset, ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(
        model="path", path=PATH, speed_mps=10.0, start_s=2.0, pause_s=4.0)),
        traffic=(Traffic(source="CN21", receiver="MN11", rate="400kbps", size=500,
                         start_s=1.5, address="home" if "allocation" in params else "local"),),
        stop_s=12.0 * len(PATH) + 4.0,
        placement_params={"networks": 3, "ars_per_network": 1, **params})
    (name, app), = results.apps.items()
    return {"case": request.param, "push": "push" in preset, "network": "network" in
            request.param, "ingress": ingress, "results": results, "app": app,
            "stream": results.streams[name],
            "segments": {s["access_router"]: s for s in results.paths[name]}}


def test_the_session_takes_an_address_of_the_first_link(run: dict[str, Any]) -> None:
    address = ipaddress.IPv6Address(run["app"]["destination"])
    assert (address in ipaddress.IPv6Network("2001:1:0:1::/64")) != run["case"].endswith(
        "prefix")
    moves = run["results"].handovers["MN11"]
    assert [h["access_router"] for h in moves] == list(PATH[1:])


def test_in_network_3_the_anchor_is_off_the_path(run: dict[str, Any]) -> None:
    """Stretch 1: CN21 -> MR(CN) -> GW3 -> MN11. Only the first packets of a push design go
    via the anchor, GW1, before its push arrives."""
    away = run["segments"]["AR31"]
    assert away["packets"] > 1500
    assert away["crossed"].get("GW1", 0) <= (20 if run["push"] else 0)
    assert away["stretch"] == pytest.approx(1.0, abs=0.02)
    assert away["crossed"].get("GW3") == away["packets"]


def test_no_packet_is_dropped_at_a_cache(run: dict[str, Any]) -> None:
    """Nothing is dropped for want of a location: a packet that waited for a negative answer
    (the node is on the address's link) is routed on to it."""
    caches = run["results"].caches
    assert all(c["dropped"] == 0 for c in caches.values()), caches
    ingress = caches[run["ingress"]]
    if not run["push"]:
        assert ingress["released"] >= 1 and ingress["via_home"] >= 1


def test_the_right_functions_ask_and_push(run: dict[str, Any]) -> None:
    caches = run["results"].caches
    if run["push"]:
        assert {n for n, c in caches.items() if c["pushes_sent"]} == {"GW1"}
        gw1 = caches["GW1"]
        assert gw1["push_acks"] == gw1["pushes_sent"] and gw1["pushes_lost"] == 0
        assert caches[run["ingress"]]["pushes"] == gw1["pushes_sent"]
        assert caches[run["ingress"]]["queries"] == 0
    else:
        assert {n for n, c in caches.items() if c["queries"]} == {run["ingress"]}
        ingress = caches[run["ingress"]]
        assert ingress["replies"] == ingress["queries"]


def test_delivery(run: dict[str, Any]) -> None:
    """What is lost is the handovers' (and, host-based by query, the packets sent to the old
    care-of address until the entry ran out), not routing: network-based, on AR21, the proxy
    there delivers CN21's packets on its own link, never to the cache's locator (a loop).
    Slack: the packets in flight at the end, and of the first packets, which wait for the
    negative answer and are routed on together, those AR11's neighbour cache has no room for
    while it resolves the new address (RFC 4861 7.2.2; ns-3 queues 3)."""
    stream, moves = run["stream"], run["results"].handovers["MN11"]
    ingress = run["results"].caches[run["ingress"]]
    stale = ingress["stale_deliveries"]
    in_moves = sum(h["lost"] for h in moves)
    routed_on = 0 if run["push"] else max(0, ingress["via_home"] - 3)
    assert stream["lost"] <= in_moves + stale + routed_on + 3
    assert stream["received"] >= 0.88 * stream["sent"]
    assert stale <= (10 if run["push"] or run["network"] else 150)
    if run["network"]:
        assert run["segments"]["AR21"]["packets"] > 1000
        assert run["segments"]["AR21"]["tunnelled"] <= 5
