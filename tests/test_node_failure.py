"""Node failure and recovery (``ScenarioConfig.fail_node``, ``ns3::dmm::NodeFailure``): every
interface of the node goes down at ``fail_at_s`` and comes back at ``recover_at_s``, its static
routes put back and its location management restarted with no bindings.

- On a wired line a -- r -- b, a router's failure loses what crosses it while it is down and
  nothing after its recovery: its static routes are back.
- MIPv6, the home agent failing for 3 s with no redundancy: the stream stops at the failure;
  the restarted home agent knows no binding, and the mobile node, unaware, re-registers at its
  next refresh (lifetime 8 s, refreshed at 0.8 of it). The outage (the longest interruption
  of its reception from the failure on) is bounded by the downtime plus one refresh period.
- HAHA, the member holding the registration failing: the other replicas hold the binding (0
  lost) and the member nearest the correspondent carries the stream on; that member failing,
  static routes do not move the group's traffic to another, so the outage lasts until the
  recovery; RIPng in the core (``core_routing = "ripng"``) moves it to another member within
  its timeout and a triggered update.
- A failure that never recovers: the outage runs to the end of the run.
- Route optimisation by query, the correspondent's gateway failing (its mobility routing
  keeps MR(CN)'s location cache): its entry is gone at the recovery and the next packet asks
  again, so the outage is the downtime and one query round trip.
- An anchor point for host-based mobile nodes (a MAP) failing: its regional bindings restart
  like location management, and the mobile node's next local refresh binds it again.
- Dynamic mobility with a distributed LM database: the gateway anchoring a session address
  (it follows the location server's bindings of its access links) failing while the node is
  away: the server tells the binding again at the node's next refresh of it.
- A network-based MAG restarting meets the station still associated with it again; an anchor
  point above it registers upward again at the MAG's next refresh.
- A node hosting no mobility function is refused in one line before ns-3 loads."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.deploy import DeploymentError, check_failure
from ns3dmm.framework import presets
from ns3dmm.scenario.config import MobilityConfig, ScenarioConfig, ScenarioConfigError
from ns3dmm.topology import WiredTopology

FAIL_S, RECOVER_S = 8.0, 11.0
LIFETIME_S = 8.0


def test_the_configuration_is_checked() -> None:
    with pytest.raises(ScenarioConfigError, match="fail_at_s: must be > 0 with fail_node"):
        ScenarioConfig(fail_node="HA1")
    with pytest.raises(ScenarioConfigError, match="recover_at_s: only with fail_node"):
        ScenarioConfig(recover_at_s=3.0)
    with pytest.raises(ScenarioConfigError, match="recover_at_s: must be after fail_at_s"):
        ScenarioConfig(fail_node="HA1", fail_at_s=5.0, recover_at_s=5.0)
    cfg = ScenarioConfig(fail_node="HA1", fail_at_s=5.0, recover_at_s=7.5)
    assert ScenarioConfig.from_mapping(cfg.to_mapping()) == cfg
    with pytest.raises(ScenarioConfigError, match="core_routing: .ospf. is not one of"):
        ScenarioConfig(core_routing="ospf")
    with pytest.raises(ScenarioConfigError, match="ripng_timeout_s: must be longer than"):
        ScenarioConfig(core_routing="ripng", ripng_update_s=5.0, ripng_timeout_s=5.0)
    with pytest.raises(ScenarioConfigError, match="ripng_garbage_s: must be > 0"):
        ScenarioConfig(ripng_garbage_s=0.0)


@pytest.mark.parametrize(("preset", "params", "node", "match"), [
    ("mipv6", {}, "HA9", "not a node of the placement"),
    ("mipv6", {}, "CN21", "hosts no location management, mobility routing or anchor"),
    ("mipv6", {}, "AR11", "hosts no location management"),
])
def test_what_is_not_modelled_is_refused_before_ns3_loads(preset: str, params: dict,
                                                          node: str, match: str) -> None:
    pl = presets.build_preset(preset, **params)
    with pytest.raises(DeploymentError, match=match):
        check_failure(pl, ScenarioConfig(fail_node=node, fail_at_s=1.0))


def test_a_router_loses_what_crosses_it_while_down_and_keeps_its_routes(
        ns: Any, simulator: Any) -> None:
    topo = WiredTopology()
    for name in ("a", "b"):
        topo.node(name)
    topo.node("r", router=True)
    topo.link("a", "r", "2001:1:0:1::/64")
    topo.link("r", "b", "2001:1:0:2::/64")
    topo.route_all_links()
    sink = ns.PacketSinkHelper(
        "ns3::UdpSocketFactory", ns.Inet6SocketAddress(ns.Ipv6Address.GetAny(), 9).ConvertTo())
    recorder = ns.dmm.PacketRecorder.Attach(sink.Install(topo.nodes["b"]).Get(0), "Rx")
    client = ns.UdpEchoClientHelper(
        ns.Inet6SocketAddress(ns.Ipv6Address(topo.address("b", "r")), 9).ConvertTo())
    client.SetAttribute("MaxPackets", ns.UintegerValue(300))
    client.SetAttribute("Interval", ns.TimeValue(ns.MilliSeconds(10)))
    client.Install(topo.nodes["a"]).Start(ns.Seconds(0.5))  # 0.5 s to 3.49 s
    failure = ns.dmm.NodeFailure.Get(topo.nodes["r"])
    callbacks.schedule(1.0, failure.Fail)
    callbacks.schedule(2.0, failure.Recover)
    ns.Simulator.Stop(ns.Seconds(4.0))
    ns.Simulator.Run()
    times = sorted(float(t) for t in recorder.times)
    assert not any(1.01 < t < 2.0 for t in times)
    assert sum(1 for t in times if t < 1.0) >= 49 and sum(1 for t in times if t > 2.0) >= 148
    assert failure.GetNFailures() == 1 and not failure.IsDown()
    assert failure.GetDowntime().GetSeconds() == pytest.approx(1.0)


def _run(preset: str, node: str, params: dict[str, Any], *,
         path: tuple[str, ...] = ("AR31",), address: str = "home",
         entry_lifetime_s: float | None = None, recover_at_s: float = RECOVER_S,
         **scenario: Any) -> Any:
    from ns3dmm.simulate import Traffic, simulate

    # MN11 stays on AR31, where it starts, or follows ``path`` at 10 m/s from 2 s
    mobility = (MobilityConfig(model="path", path=path, speed_mps=1.0, start_s=100.0)
                if path == ("AR31",) else
                MobilityConfig(model="path", path=path, speed_mps=10.0, start_s=2.0))
    return simulate(preset, scenario=ScenarioConfig(
        seed=3, dad=False, fail_node=node or "", fail_at_s=FAIL_S if node else 0.0,
        recover_at_s=recover_at_s if node else 0.0, mobility=mobility, **scenario),
        functions=Functions({"ns3::dmm::MobileNodeAgent": {
            "BindingLifetime": f"{LIFETIME_S:g}s"}, "ns3::dmm::Proxy": {
            "BindingLifetime": f"{LIFETIME_S:g}s"}} | ({} if entry_lifetime_s is None else {
                "ns3::dmm::LocationCache": {"EntryLifetime": f"{entry_lifetime_s:g}s"}})),
        placement_params=params,
        traffic=(Traffic(source="CN21", receiver="MN11", rate="100kbps", start_s=1.5,
                         address=address),),
        stop_s=30.0)


def test_a_home_agent_without_redundancy_is_out_until_the_next_refresh(ns: Any) -> None:
    r = _run("mipv6", "HA1", {"networks": 3, "ars_per_network": 1})
    f = r.failure
    assert f["node"] == "HA1" and f["fail_at_s"] == FAIL_S and f["recover_at_s"] == RECOVER_S
    assert f["bindings_at_failure"] == {"LM1": 1}
    assert f["routes_restored"] > 0
    outage = f["outage_s"]["MN11"]
    refresh_s = 0.8 * LIFETIME_S
    assert RECOVER_S - FAIL_S < outage <= RECOVER_S - FAIL_S + refresh_s + 0.5
    # re-registered: the home agent binds the home address again at the end
    assert [b["lm"] for b in r.bindings] == ["LM1"]


def test_the_outage_runs_to_the_end_when_reception_never_resumes() -> None:
    from ns3dmm.simulate import outage

    times = [7.9, 7.95, 8.01, 8.02]  # two packets in flight arrive after the failure at 8 s
    assert outage(times, 8.0, None, 30.0) == pytest.approx(30.0 - 8.02)
    assert outage(times, 8.0, 11.0, 30.0) == pytest.approx(30.0 - 8.02)  # none after 11 s
    assert outage([*times, 13.0, 13.04], 8.0, 11.0, 30.0) == pytest.approx(13.0 - 8.02)
    assert outage([7.0], 8.0, 11.0, 30.0) == pytest.approx(22.0)
    assert outage([], 8.0, 11.0, 30.0) is None


def test_replicas_keep_the_binding_of_a_failed_member(ns: Any) -> None:
    """MN11 on AR31 registered with HA3, the member in its network; CN21 on AR21 reaches
    HA2, the member nearest it, which tunnels by its replica of the binding."""
    r = _run("haha", "HA3", {"networks": 3, "ars_per_network": 1, "mobile_nodes": 1})
    f = r.failure
    assert f["bindings_at_failure"] == {"LM0-3": 1}
    assert f["bindings_elsewhere_at_failure"] == {"LM0-1": 1, "LM0-2": 1}  # none lost
    # the stream never passes HA3: no interruption beyond the packet spacing (40 ms)
    assert f["outage_s"]["MN11"] < 0.1
    # after its recovery HA3 binds the home address again (a refresh, replicated)
    assert sorted(b["lm"] for b in r.bindings) == ["LM0-1", "LM0-2", "LM0-3"]

RIPNG = {"core_routing": "ripng", "ripng_update_s": 1.0, "ripng_timeout_s": 3.0,
         "ripng_garbage_s": 2.0}
LONG_RECOVER_S = 25.0


@pytest.mark.parametrize("routing", ["static", "ripng"])
def test_a_failed_member_on_the_correspondents_way(ns: Any, routing: str) -> None:
    """HA2, the member nearest CN21, fails for 17 s. With static routes the group's pools
    still lead there: the stream is out until it recovers. With RIPng in the core (update 1 s,
    timeout 3 s) GW2's route to HA2 runs out and it takes the pools to another member, which
    holds the binding's replica: the outage is the timeout, the triggered update's cool-down
    (ns-3: 1 to 5 s) and the way back, well within the downtime, and HA2 takes the stream
    back once it is up and its route is advertised again."""
    params = {"networks": 3, "ars_per_network": 1, "mobile_nodes": 1}
    r = _run("haha", "HA2", params, recover_at_s=LONG_RECOVER_S,
             **(RIPNG if routing == "ripng" else {}))
    f = r.failure
    assert f["bindings_at_failure"] == {"LM0-2": 1}
    assert f["bindings_elsewhere_at_failure"] == {"LM0-1": 1, "LM0-3": 1}  # none lost
    (segment,) = next(iter(r.paths.values()))
    outage = f["outage_s"]["MN11"]
    if routing == "static":
        assert outage >= LONG_RECOVER_S - FAIL_S
        assert set(segment["crossed"]) == {"HA2"}
    else:
        assert RIPNG["ripng_timeout_s"] - 0.5 < outage < RIPNG["ripng_timeout_s"] + 6.5
        # carried by another replica while HA2 is down (25 packets/s), then by HA2 again
        others = sum(n for ha, n in segment["crossed"].items() if ha != "HA2")
        assert others >= 25 * (LONG_RECOVER_S - FAIL_S - outage) - 25
        assert segment["crossed"]["HA2"] > 25 * (FAIL_S - 1.5) + 25


THREE = {"networks": 3, "ars_per_network": 1}
#: five networks whose gateways form two ways from GW1 to GW3: through GW4 (two links, the
#: shorter by delay and by hops) and through GW2 and GW5 (three)
TWO_WAYS = (("GW1", "GW4", 10.0), ("GW4", "GW3", 10.0), ("GW1", "GW2", 10.0),
            ("GW2", "GW5", 10.0), ("GW5", "GW3", 10.0))


@pytest.mark.parametrize("routing", ["static", "ripng"])
def test_a_transit_gateway_failing(ns: Any, routing: str) -> None:
    """MIPv6, HA1 in network 1, MN11 on AR31, CN21 streaming to its home address: the tunnel
    from HA1 crosses GW4, which fails for 17 s. Static routes keep sending it there: the
    stream is out for the downtime and the mobile node's registration after it (its refreshes
    were lost meanwhile). RIPng, carrying the access routers' subnets across the core, routes
    around GW4 once GW1's route through it times out (3 s) and the longer way is
    advertised."""
    r = _run("mipv6", "GW4", {"networks": 5, "ars_per_network": 1},
             recover_at_s=LONG_RECOVER_S, core="edges", core_edges=TWO_WAYS,
             **(RIPNG if routing == "ripng" else {}))
    f = r.failure
    outage = f["outage_s"]["MN11"]
    (segment,) = next(iter(r.paths.values()))
    if routing == "static":
        assert outage >= LONG_RECOVER_S - FAIL_S
        assert segment["min_hops"] == segment["max_hops"]
    else:
        assert RIPNG["ripng_timeout_s"] - 0.5 < outage < RIPNG["ripng_timeout_s"] + 6.5
        # the longer way while GW4 is down: one link more
        assert segment["max_hops"] == segment["min_hops"] + 1
        assert segment["mean_hops"] > segment["min_hops"] + 0.3


def test_a_location_cache_restarts_empty_and_asks_again(ns: Any) -> None:
    """CN21's gateway GW2 keeps MR(CN)'s cache (RS1.gw/ar, RS2.query): the stream crosses it,
    so nothing arrives while it is down; at the recovery its entry is gone, the next packet
    misses and waits for a Location Query round trip to LMS1. Entries are kept up to 60 s
    here (a reply's lifetime, the binding's, shortens them), so that the failure's query is one
    more than the run without it makes."""
    clean = _run("ro-gwar-query", "", THREE, entry_lifetime_s=60.0)
    r = _run("ro-gwar-query", "GW2", THREE, entry_lifetime_s=60.0)
    f = r.failure
    assert f["cache_entries_at_failure"] == 1
    assert f["bindings_elsewhere_at_failure"]["LM1"] == 1  # the location server keeps it
    assert RECOVER_S - FAIL_S < f["outage_s"]["MN11"] < RECOVER_S - FAIL_S + 0.3
    assert r.caches["GW2"]["queries"] == clean.caches["GW2"]["queries"] + 1
    assert r.caches["GW2"]["misses"] > clean.caches["GW2"]["misses"]
    assert r.caches["GW2"]["entries_end"] == 1


def test_an_anchor_point_for_host_based_nodes_restarts_its_regional_bindings(ns: Any) -> None:
    """MAP3 binds MN11's regional care-of address; restarted, it binds nothing until the
    mobile node's next local refresh (at 0.8 of the 8 s lifetime): the outage is bounded by
    the downtime and one refresh period, and the home agent's binding (to the regional care-of
    address) never changed."""
    r = _run("hmipv6-host", "MAP3", {})
    f = r.failure
    assert f["bindings_at_failure"] == {"regional MAP3": 1}
    assert f["bindings_elsewhere_at_failure"] == {"LM1": 1}
    outage = f["outage_s"]["MN11"]
    assert RECOVER_S - FAIL_S < outage <= RECOVER_S - FAIL_S + 0.8 * LIFETIME_S + 0.5
    assert [b["lm"] for b in r.bindings] == ["LM1"]


@pytest.mark.parametrize(("preset", "params", "node", "refresh"), [
    ("pmipv6", THREE, "AR31", False),
    ("hmipv6-network", {}, "MAP3", True),
    ("ro-gwar-query", THREE | {"mode": "network", "allocation": "per-mn"}, "GW3", True),
])
def test_a_network_based_proxy_restarts_and_meets_its_mobile_nodes_again(
        ns: Any, preset: str, params: dict[str, Any], node: str, refresh: bool) -> None:
    """MN11 stays on AR31. Its MAG restarted (Proxy::Restart) forgets the attachment and
    meets the station, still associated with the access point, again: a new registration,
    acknowledged with the same prefix, so the outage is the downtime and a round trip. An
    anchor point above the MAG (HMIPv6's network-based MAP, the visited gateway of route
    optimisation) restarted knows neither the regional binding nor its own upward
    registration: the MAG's next refresh, naming the prefix, makes it register upward again
    (before, the home binding ran out 6 s later and the stream stopped for good), so the
    outage is the downtime and one refresh period (0.8 of the 8 s lifetime)."""
    r = _run(preset, node, params)
    f = r.failure
    assert f["bindings_elsewhere_at_failure"]["LM1"] == 1
    outage = f["outage_s"]["MN11"]
    bound = RECOVER_S - FAIL_S + (0.8 * LIFETIME_S if refresh else 0.2) + 0.5
    assert RECOVER_S - FAIL_S < outage <= bound
    # the restarted proxy registers again: at once (a MAG), or at the MAG's refresh
    again = [t for t in r.registrations[node]["times_s"] if t >= RECOVER_S]
    assert again and again[0] <= FAIL_S + bound and (refresh or again[0] == RECOVER_S)
    # the home binding lives on to the end, and the stream with it
    assert "LM1" in [b["lm"] for b in r.bindings]
    (stream,) = r.streams.values()
    assert stream["received"] >= stream["sent"] - outage * 25 - 10  # 25 packets/s


def test_a_location_server_failing_leaves_the_caches_and_the_other_servers_alone(
        ns: Any) -> None:
    """distributed-lm, host-based, MN11 on AR31: LMS1 keeps its home address's binding (to
    GW3, the visited network's MR). While LMS1 is down, GW1 tunnels by its cache entry, the
    other servers keep theirs, and the stream is not interrupted; restarted empty, LMS1 binds
    the home address again at the next refresh (0.8 of the 8 s lifetime), before GW1's entry
    (10 s) runs out."""
    r = _run("distributed-lm", "LMS1", THREE)
    f = r.failure
    assert f["bindings_at_failure"] == {"LM1": 1}
    assert f["bindings_elsewhere_at_failure"] == {"LM2": 0, "LM3": 0}
    assert f["outage_s"]["MN11"] < 0.1
    assert [b["lm"] for b in r.bindings] == ["LM1"]
    (stream,) = r.streams.values()
    assert stream["received"] >= stream["sent"] - 3


def test_a_gateway_following_a_location_server_is_told_again_at_the_next_refresh(
        ns: Any) -> None:
    """distributed-lm, host-based: the stream's session address was formed on AR11, so GW1
    anchors it and learns its binding from LMS1 (FOLLOWED). MN11 is on AR31 when GW1 fails:
    restarted, GW1 has forgotten the binding, and LMS1 tells it again when the mobile node
    refreshes the session address's registration."""
    path = ("AR11", "AR21", "AR31")
    r = _run("distributed-lm", "GW1", THREE, path=path, address="local")
    clean = _run("distributed-lm", "", THREE, path=path, address="local")
    f = r.failure
    # the server keeps the home address's and the session address's bindings
    assert f["bindings_elsewhere_at_failure"]["LM1"] == 2 and f["cache_entries_at_failure"] == 0
    # in this run the refresh comes 2.9 s after the recovery: until then GW1 drops the stream
    # (an address of its own network bound to nothing); a GW1 that kept the binding through
    # the restart would carry it on at once
    outage = f["outage_s"]["MN11"]
    assert RECOVER_S - FAIL_S + 1.0 < outage <= RECOVER_S - FAIL_S + 0.8 * LIFETIME_S + 0.5
    rx = r.apps[next(iter(r.apps))]["rx_packets"]
    rx_clean = clean.apps[next(iter(clean.apps))]["rx_packets"]
    assert rx < rx_clean
