"""Dynamic mobility management (draft section 6) with network-based mobile nodes, over WiFi
handovers with a fixed seed: every network allocates per session; the gateways keep the
bindings and anchor the visited networks' proxies (figure 7's layout), the access routers'
proxies register the mobile node. A session takes the address the node formed on the access
link where it starts (the router advertises the link's prefix besides the node's home network
prefix); the domain's policy store lists it, and every proxy the node attaches to elsewhere
registers it (a Proxy Binding Update naming it as a /128) with that network's location
management, directly or through its anchor point.

The station crosses AR11, AR12 (network 1), AR21, AR22 and AR31, AR32 at 10 m/s while CN21
(on AR21) sends to it on session addresses: a UDP stream and a TCP connection started on
AR11, a UDP stream started on AR21 that ends on AR22, and one started on AR31. Checked late
in every dwell: the bindings of every location management function and anchor point (their
locators named by node), the proxies holding session addresses, delivery, and the path
(stretch 1 for the session started in network 3). Then a return: a session address is on-link
again, unbound, when its node comes back to the link where it formed it."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.framework import presets
from ns3dmm.simulate import leases, path_segments

STOP_S = 46.0
TCP_START_S = 2.0
ENDED_S = (17.5, 26.0)  # started on AR21, ended on AR22
NEW_START_S = 35.0  # on AR31
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]
CHECKS_S = (6.5, 14.5, 22.5, 30.5, 38.5, 45.5)  # late in each dwell


def _scenario(placement: Any, path: tuple[str, ...] = (), speed_mps: float = 10.0,
              functions: Any = None) -> Any:
    from ns3dmm.deploy import deploy
    from ns3dmm.scenario import ScenarioConfig, build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False, cn_rate="4Mbps",
        mobility=MobilityConfig(model="path", path=path, speed_mps=speed_mps, start_s=2.0)))
    return sc, deploy(sc, functions)


def _bindings(lm: Any, owner: dict[str, str]) -> dict[str, str]:
    """Registered bindings: prefix -> the node its locator belongs to."""
    return {str(b.prefix): owner.get(str(b.locator), str(b.locator))
            for b in lm.GetBindings() if b.IsRegistered()}


def _owners(sc: Any) -> dict[str, str]:
    return {str(ipaddress.IPv6Address(a)): node for (node, _), a in sc.addresses.items()}


def test_back_on_its_link_a_session_address_is_unbound(ns: Any) -> None:
    """(Before the module's run, which keeps its simulation to the end.) AR11 > AR12 >
    AR11: the address formed on AR11 is bound by LM1 to AR12's proxy while the node is there;
    back on AR11 its proxy takes the binding and lets it go, so the address is on-link again:
    nothing binds it and the stream, delivered throughout, takes the shortest path."""
    placement = presets.build_preset("dynamic", networks=3, ars_per_network=2, mode="network")
    sc, dep = _scenario(placement, path=("AR11", "AR12", "AR11"), speed_mps=10.0)
    try:
        mn = "MN11"
        sc.add_udp_cbr("CN21", mn, lambda: dep.session_address(mn), rate="400kbps", size=500,
                       start_s=1.5, name="stream")
        owner = _owners(sc)
        seen: list[dict[str, str]] = []
        for t in (12.0, 24.0):
            callbacks.schedule(t, lambda: seen.append(
                _bindings(dep.location_management["LM1"], owner)))
        sc.run(26.0)
        up = [ar for _, ar, associated in sc.associations(mn) if associated]
        assert up == ["AR11", "AR12", "AR11"]
        address = sc.apps["stream"].destination
        assert seen[0][address] == "AR12"
        assert address not in seen[1]
        app = sc.results()["apps"]["stream"]
        assert app["rx_packets"] >= 0.9 * app["tx_packets"]
        last = path_segments(sc, "stream")[-1]
        assert last.access_router == "AR11" and last.stretch == 1.0 and last.packets > 100
    finally:
        sc.destroy()


@pytest.mark.parametrize("name", ["distributed-lm", "ro-gwar-query", "ro-gwar-push",
                                  "ro-anycast-query", "ro-anycast-push"])
def test_the_distributed_designs_carry_session_addresses(ns: Any, name: str) -> None:
    """(Before the module's run.) Three networks of one access router, the node crossing
    AR11 > AR21 > AR31: with location servers (LMS1-3) the anchor points register a session
    address with the server of the network where it was formed, which tells the gateway
    anchoring that network (it follows the server), and that gateway tunnels on. The session
    started on AR11 is delivered throughout, bound by LM1 to GW3's anchor point at the end;
    the one started on AR31 is bound nowhere and takes the shortest path."""
    placement = presets.build_preset(name, networks=3, ars_per_network=1, mode="network")
    sc, dep = _scenario(placement, path=("AR11", "AR21", "AR31"))
    try:
        mn = "MN11"
        session = lambda: dep.session_address(mn)  # noqa: E731
        sc.add_udp_cbr("CN21", mn, session, rate="400kbps", size=500, start_s=1.5,
                       stop_s=25.5, name="stream")
        sc.add_udp_cbr("CN21", mn, session, rate="200kbps", size=500, start_s=19.0,
                       stop_s=25.5, name="new")
        owner = _owners(sc)
        end: dict[str, dict[str, str]] = {}
        callbacks.schedule(25.0, lambda: end.update(
            {n: _bindings(lm, owner) for n, lm in dep.location_management.items()}))
        sc.run(26.0)
        a = {n: app.destination for n, app in sc.apps.items()}
        assert ipaddress.IPv6Address(a["stream"]) in sc.access_subnets["AR11"]
        assert ipaddress.IPv6Address(a["new"]) in sc.access_subnets["AR31"]
        assert end["LM1"][a["stream"]] == "GW3"
        assert all(a["new"] not in bindings for bindings in end.values())
        apps = sc.results()["apps"]
        assert apps["stream"]["rx_packets"] >= 0.95 * apps["stream"]["tx_packets"]
        assert apps["new"]["rx_packets"] == apps["new"]["tx_packets"] > 300
        assert path_segments(sc, "new")[-1].stretch == 1.0
    finally:
        sc.destroy()


@pytest.mark.parametrize("secure", [False, True])
def test_session_registrations_are_signed_with_authentication(ns: Any, secure: bool) -> None:
    """(Before the module's run.) ``dynamic``, AR11 > AR21 > AR31, with
    ``RequireAuthentication`` off and on: the proxies sign their session addresses'
    registrations under their associations as they sign their home network prefixes' (a
    proxy's Mobility Data names no home address, whatever the prefix's length); nothing is
    refused and the session started on AR11 arrives the same."""
    from ns3dmm.attributes import Functions

    placement = presets.build_preset("dynamic", networks=3, ars_per_network=1, mode="network")
    sc, dep = _scenario(placement, path=("AR11", "AR21", "AR31"), functions=Functions(
        {"ns3::dmm::LocationManagement": {"RequireAuthentication": secure}}))
    try:
        mn = "MN11"
        sc.add_udp_cbr("CN21", mn, lambda: dep.session_address(mn), rate="400kbps", size=500,
                       start_s=1.5, stop_s=25.5, name="stream")
        sc.run(26.0)
        refused = sum(int(f.GetAuthenticationFailures()) for f in (
            *dep.proxies.values(), *dep.anchor_points.values(),
            *dep.location_management.values(), *dep.regional.values()))
        assert refused == 0
        app = sc.results()["apps"]["stream"]
        assert app["rx_packets"] >= 0.95 * app["tx_packets"]
        updates = sum(int(p.GetSessionUpdatesSent(f"{sc.macs[mn]}@{dep.domain}"))
                      for p in dep.proxies.values())
        assert updates >= 2  # AR21's and AR31's
    finally:
        sc.destroy()


def test_simulate_reports_the_session_addresses_of_network_based_nodes(ns: Any) -> None:
    """(Before the module's run.) Through ``simulate``: two sessions on local addresses, one
    started on AR11 and one on AR31: the node held three addresses at most (its home network
    prefix's and the two), the first away from its link at the end, and the access routers'
    proxies sent Proxy Binding Updates for it."""
    from ns3dmm.scenario import ScenarioConfig
    from ns3dmm.scenario.config import MobilityConfig
    from ns3dmm.simulate import Traffic, simulate

    out = simulate("dynamic", scenario=ScenarioConfig(
        seed=7, run=1, dad=False,
        mobility=MobilityConfig(model="path", path=("AR11", "AR21", "AR31"), speed_mps=10.0,
                                start_s=3.0)),
        placement_params={"networks": 3, "ars_per_network": 1, "mode": "network"},
        traffic=(Traffic(source="CN21", receiver="MN11", address="local", start_s=1.5),
                 Traffic(source="CN21", receiver="MN11", address="local", start_s=19.0)),
        stop_s=25.0)
    held = out.addresses["MN11"]
    assert held["max_held"] == 3 and held["session_addresses_end"] == 2
    assert len(held["away_end"]) == 1 and held["session_updates"] > 0


@pytest.fixture(scope="module")
def run(ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("dynamic", networks=3, ars_per_network=2, mode="network")
    sc, dep = _scenario(placement)
    mn = "MN11"
    session = lambda: dep.session_address(mn)  # noqa: E731
    sc.add_udp_cbr("CN21", mn, session, rate="400kbps", size=500, start_s=1.5, name="stream")
    sc.add_tcp_bulk("CN21", mn, session, start_s=TCP_START_S, name="bulk")
    sc.add_udp_cbr("CN21", mn, session, rate="200kbps", size=500, start_s=ENDED_S[0],
                   stop_s=ENDED_S[1], name="ended")
    sc.add_udp_cbr("CN21", mn, session, rate="200kbps", size=500, start_s=NEW_START_S,
                   name="new")
    callbacks.schedule(ENDED_S[1], lambda: dep.end_session(mn, sc.apps["ended"].destination))
    owner = _owners(sc)
    identifier = f"{sc.macs[mn]}@{dep.domain}"
    checks: list[dict[str, Any]] = []

    def look() -> None:
        checks.append({
            "lms": {n: _bindings(lm, owner) for n, lm in dep.location_management.items()},
            "regional": {n: _bindings(r, owner) for n, r in dep.regional.items()},
            "wifi": sc.wifi_addresses(mn),
            "proxies": {n: int(p.GetNSessionAddresses())
                        for n, p in (*dep.proxies.items(), *dep.anchor_points.items())
                        if p.GetNSessionAddresses()},
            "listed": [str(a) for a in dep.policy_store.GetSessionAddresses(identifier)]})

    for t in CHECKS_S:
        callbacks.schedule(t, look)
    sc.run(STOP_S)
    yield {"scenario": sc, "deployment": dep, "checks": checks, "mn": mn,
           "results": sc.results(),
           "address": {name: app.destination for name, app in sc.apps.items()},
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    sc.destroy()


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert [ar for _, ar, up in assoc if up] == ARS


def test_each_session_takes_the_address_formed_where_it_starts(run: dict[str, Any]) -> None:
    """The stream and the TCP connection started on AR11 share the address the node formed
    there (one lease); the sessions started on AR21 and AR31 take theirs. The policy store
    lists an address from its session's start to its end."""
    sc, a, dep = run["scenario"], run["address"], run["deployment"]
    assert a["stream"] == a["bulk"]
    for name, ar in (("stream", "AR11"), ("ended", "AR21"), ("new", "AR31")):
        assert ipaddress.IPv6Address(a[name]) in sc.access_subnets[ar], name
    assert dep.session_users == {(run["mn"], a["stream"]): 2, (run["mn"], a["ended"]): 0,
                                 (run["mn"], a["new"]): 1}
    held = leases(dep)
    # session leases, each to the node's identifier (the ended one is kept until its lease
    # runs out, a day), and network 1's lease of the node's home network prefix
    assert held["Network1"]["leased"] == 2
    assert held["Network2"]["leased"] == held["Network3"]["leased"] == 1
    listed = [c["listed"] for c in run["checks"]]
    assert listed[:2] == [[a["stream"]]] * 2
    assert listed[2] == [a["stream"], a["ended"]]
    assert listed[3] == [a["stream"]]
    assert listed[4] == listed[5] == [a["stream"], a["new"]]
    # the node keeps every address it formed: the session ones and its home prefix's
    assert {a["stream"], a["ended"], a["new"]} <= set(run["checks"][-1]["wifi"])


def test_udp_and_tcp_outlive_the_moves_through_their_old_anchor(
        run: dict[str, Any], delivered_every_dwell: Any) -> None:
    delivered_every_dwell(run, ARS, STOP_S, TCP_START_S, settle_s=2.0, udp_share=0.9)
    apps = run["results"]["apps"]
    for name in ("ended", "new"):
        assert apps[name]["rx_packets"] >= 0.9 * apps[name]["tx_packets"], name
        assert apps[name]["tx_packets"] > 400, name


def test_a_session_address_is_registered_only_away_from_its_link(run: dict[str, Any]) -> None:
    """Network 1 has no anchor point of its own (its access routers' proxies register with
    LM1 on GW1); networks 2 and 3 have theirs on their gateways. The stream's address: unbound
    on AR11; on AR12 LM1 binds it to AR12's proxy; in networks 2 and 3 to the gateway's anchor
    point, whose regional binding leads on to the access router. An address of the
    gateway's own network is registered there at once (its location management takes the
    proxy's registration: one level). The AR21 session's address, ended on AR22, is bound
    nowhere at the AR22 check; the AR31 one nowhere on AR31, and by LM3 on AR32."""
    a = run["address"]
    stream, ended, new = a["stream"], a["ended"], a["new"]
    expected_lm1 = ["-", "AR12", "GW2", "GW2", "GW3", "GW3"]
    expected_regional = [None, None, ("GW2", "AR21"), ("GW2", "AR22"), ("GW3", "AR31"),
                         ("GW3", "AR32")]
    for k, (ar, c) in enumerate(zip(ARS, run["checks"], strict=True)):
        lm1 = c["lms"]["LM1"]
        assert lm1.get(stream, "-") == expected_lm1[k], ar
        if expected_regional[k] is not None:
            gw, below = expected_regional[k]
            assert c["regional"][gw][stream] == below, ar
        assert all(stream not in r for n, r in c["regional"].items()
                   if expected_regional[k] is None or n != expected_regional[k][0]), ar
        assert ended not in c["lms"]["LM2"] and all(ended not in r
                                                    for r in c["regional"].values()), ar
        if ar == "AR32":
            assert c["lms"]["LM3"] == {new: "AR32"}
        else:
            assert new not in c["lms"]["LM3"], ar
    # the proxies holding session addresses: on AR12 AR12's; away from network 1 the access
    # router's and the anchor point's (both the stream's), then AR32 also the AR31 session's
    assert run["checks"][0]["proxies"] == {}
    assert run["checks"][1]["proxies"] == {"AR12": 1}
    assert run["checks"][2]["proxies"] == {"AR21": 1, "GW2": 1}
    assert run["checks"][3]["proxies"] == {"AR22": 1, "GW2": 1}  # the ended one let go
    assert run["checks"][5]["proxies"] == {"AR32": 2, "GW3": 1}


def test_the_session_started_in_network_3_takes_the_shortest_path(run: dict[str, Any]) -> None:
    """On AR31 the address is on-link (plain routing); on AR32 GW3, on the way, tunnels it
    down: stretch 1 both."""
    on_ar31, on_ar32 = path_segments(run["scenario"], "new")[-2:]
    assert (on_ar31.access_router, on_ar32.access_router) == ("AR31", "AR32")
    for s in (on_ar31, on_ar32):
        assert s.stretch == 1.0 and s.packets > 100, s
