"""Dynamic mobility on the distributed LM database (draft sections 6 and 7), network-based,
with a move inside the network where the session's address was formed: a WiFi system test
with a fixed seed on two networks of two access routers, the station crossing AR11 > AR12 >
AR21 > AR22 while CN21 (on AR21) and CN11 (on AR11) each send it a UDP stream on the address
it formed on AR11.

On AR12 the gateway GW1 is both the anchor point of AR12's proxy (its regional binding names
AR12) and the mobility routing function anchoring network 1, which follows LMS1: LMS1 binds
the address to GW1's anchor point and tells GW1 so (LocationManagement::WatchLink). A binding
naming GW1 itself is no tunnel there: GW1 tunnels down by its regional binding. In network 2,
LMS1 binds the address to GW2's anchor point and GW1 tunnels to GW2, also once AR12's proxy
has let its registration at GW1 go.

Checked: both streams are delivered in every dwell (at least 90 % of the packets sent while
the station is on an access router, the handovers left out); late in each dwell the bindings
of LMS1, of the anchor points and of the gateways' mobility routing functions (their locators
named by node) are those above; no packet is dropped for want of a binding or a location."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.framework import presets

PATH = ("AR11", "AR12", "AR21", "AR22")
STOP_S = 40.0
START_S = 1.5
RATE_PPS = 100  # 400 kbit/s of 500-octet packets
CHECKS_S = (6.5, 18.5, 30.5, 39.5)  # late in each dwell
#: left out of a dwell: after the association, and before the link is lost on the way out
SETTLE_S, LEAVE_S = 0.5, 0.8


@pytest.fixture(scope="module")
def run(ns: Any) -> Any:
    from ns3dmm.deploy import deploy
    from ns3dmm.scenario import ScenarioConfig, build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    placement = presets.build_preset("distributed-lm", networks=2, ars_per_network=2,
                                     mode="network", correspondents=2)
    sc = build_scenario(placement, ScenarioConfig(seed=7, run=1, mobility=MobilityConfig(
        model="path", path=PATH, speed_mps=10.0, start_s=2.0, pause_s=4.0)))
    dep = deploy(sc)
    mn = "MN11"
    for cn in ("CN21", "CN11"):
        sc.add_udp_cbr(cn, mn, lambda: dep.session_address(mn), rate="400kbps", size=500,
                       start_s=START_S, name=cn)
    owner = {str(ipaddress.IPv6Address(a)): node for (node, _), a in sc.addresses.items()}
    checks: list[dict[str, Any]] = []

    def look() -> None:
        address = sc.apps["CN21"].destination
        bound = {f"regional {n}": r for n, r in dep.regional.items()}
        bound |= dep.location_management
        seen = {name: owner.get(str(b.locator), str(b.locator))
                for name, lm in bound.items()
                for b in lm.GetBindings() if b.IsRegistered() and str(b.prefix) == address}
        for node, mr in dep.mobility_routing.items():
            locator = str(mr.GetBinding(ns.Ipv6Address(address)))
            if locator != "::":
                seen[f"MR {node}"] = owner.get(locator, locator)
        checks.append(seen)

    for t in CHECKS_S:
        callbacks.schedule(t, look)
    sc.run(STOP_S)
    yield {"scenario": sc, "deployment": dep, "mn": mn, "checks": checks}
    sc.destroy()


def _dwells(sc: Any, mn: str) -> list[tuple[str, float, float]]:
    """(access router, from, to): each stay of the station, handovers left out."""
    events = sc.associations(mn)
    up = [(t, ar) for t, ar, associated in events if associated]
    down = [t for t, _, associated in events if not associated] + [STOP_S]
    return [(ar, start + SETTLE_S, end - LEAVE_S)
            for (start, ar), end in zip(up, down[:len(up)], strict=True)]


def test_both_sessions_take_the_address_formed_on_ar11(run: Any) -> None:
    sc = run["scenario"]
    assert [ar for _, ar, up in sc.associations(run["mn"]) if up] == list(PATH)
    addresses = {app.destination for app in sc.apps.values()}
    assert len(addresses) == 1
    assert ipaddress.IPv6Address(addresses.pop()) in sc.access_subnets["AR11"]


def test_every_dwell_delivers_both_streams(run: Any) -> None:
    sc = run["scenario"]
    dwells = _dwells(sc, run["mn"])
    for name, app in sc.apps.items():
        received = set(app.received().sequences)
        sent = [START_S + k / RATE_PPS for k in range(int(app.tx.packets))]
        for ar, start, end in dwells:
            window = [k for k, t in enumerate(sent) if start <= t < end]
            delivered = sum(1 for k in window if k in received)
            assert len(window) > 300 and delivered >= 0.9 * len(window), \
                (name, ar, delivered, len(window))


def test_bindings_follow_the_design(run: Any) -> None:
    """AR11: the address is on its link, bound nowhere. AR12: LMS1 binds it to GW1's anchor
    point, which binds it to AR12, and GW1 tunnels it there. Network 2: LMS1 binds it to
    GW2's anchor point, which binds it to the access router, and GW1 tunnels it to GW2."""
    on_ar11, on_ar12, on_ar21, on_ar22 = run["checks"]
    assert on_ar11 == {}
    assert on_ar12 == {"LM1": "GW1", "regional GW1": "AR12", "MR GW1": "AR12"}
    for seen, ar in ((on_ar21, "AR21"), (on_ar22, "AR22")):
        assert seen == {"LM1": "GW2", "regional GW2": ar, "MR GW2": ar, "MR GW1": "GW2"}, ar


def test_nothing_is_dropped_for_want_of_a_location(run: Any) -> None:
    dep = run["deployment"]
    assert {n: int(mr.GetUnboundDrops()) for n, mr in dep.mobility_routing.items()} == \
        {"GW1": 0, "GW2": 0}
    assert {n: int(c.GetDrops()) for n, c in dep.caches.items()} == {"GW1": 0, "GW2": 0}
    # each packet crosses GW1's tunnels once at most (a binding to itself looped them)
    sent = sum(int(app.tx.packets) for app in run["scenario"].apps.values())
    assert int(dep.mobility_routing["GW1"].GetTunnelledPackets()) < sent
