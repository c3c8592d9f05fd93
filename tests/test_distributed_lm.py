"""Multiple MRs and a distributed LM database (draft section 7, figure 8), host-based, over
WiFi handovers with a fixed seed: every network's LM is a server of its own (LMS1..3), the MR
on each gateway anchors its network's pool and asks LMS1 for the locations of network 1's
home addresses through a location cache (Location Query and Reply), or is told of their
changes (Location Notify: the LM pushes). The station crosses AR11..AR32 while CN21 sends
UDP and TCP to MN11's home address. Checked late in every dwell: the hierarchical mapping
(LM1: home address -> the visited gateway's regional address; that gateway: -> the care-of
address), the cache at MR1, that an intra-network handover sends LMS1 nothing, the path, the
first packet that waited for the reply, and with pull the packets sent to an old location
until the cache entry ran out, where push sends none."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.simulate import location_caches, lm_load, node_counters, path_segments
from test_dynamic import _entries, _scenario

STOP_S = 46.0
TCP_START_S = 2.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]
CHECKS_S = (6.5, 14.5, 22.5, 30.5, 38.5, 45.5)  # late in each dwell


@pytest.fixture(scope="module", params=["pull", "push"])
def run(request: Any, ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("distributed-lm", networks=3, ars_per_network=2)
    push = request.param == "push"
    sc, dep = _scenario(placement, Functions(
        {"ns3::dmm::LocationManagement": {"PushToCaches": push}}))
    mn = "MN11"
    sc.add_udp_cbr("CN21", mn, lambda: dep.mn_address(mn), rate="400kbps", size=500,
                   start_s=1.5, name="stream")
    sc.add_tcp_bulk("CN21", mn, lambda: dep.mn_address(mn), start_s=TCP_START_S, name="bulk")
    hoa = ns.Ipv6Address(dep.mn_address(mn))
    checks: list[dict[str, Any]] = []

    def look() -> None:
        checks.append({"lms": {name: _entries(lm) for name, lm in
                               dep.location_management.items()},
                       "regional": {n: _entries(r) for n, r in dep.regional.items()},
                       "cache": str(dep.caches["GW1"].Lookup(hoa)),
                       "coa": str(dep.agents[mn].GetCareOfAddress())})

    for t in CHECKS_S:
        callbacks.schedule(t, look)
    sc.run(STOP_S)
    counters = node_counters(sc)
    yield {"mode": request.param, "scenario": sc, "deployment": dep, "checks": checks,
           "mn": mn, "results": sc.results(), "caches": location_caches(dep),
           "load": lm_load(dep, counters, dep.binding_table_sizes(), STOP_S),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    sc.destroy()


def test_the_station_crosses_every_access_router(run: dict[str, Any]) -> None:
    assoc = run["scenario"].associations(run["mn"])
    assert [ar for _, ar, up in assoc if up] == ARS


def test_the_mapping_is_hierarchical(run: dict[str, Any]) -> None:
    """LM1, on its own server, maps the home address to the regional address at the gateway of
    the network the node is in (network 1 too: its gateway is an anchor point apart from the
    server); that gateway maps it to the care-of address; the other LMs keep nothing."""
    dep, mn = run["deployment"], run["mn"]
    hoa = dep.mn_address(mn)
    for ar, c in zip(ARS, run["checks"], strict=True):
        gateway = f"GW{ar[2]}"
        assert c["lms"]["LM2"] == c["lms"]["LM3"] == {}, ar
        rcoa = c["lms"]["LM1"][hoa]
        assert ipaddress.IPv6Address(rcoa) in dep.regional_prefixes[gateway], ar
        assert c["regional"][gateway] == {rcoa: c["coa"]}, ar
        assert ipaddress.IPv6Address(c["coa"]) in run["scenario"].access_subnets[ar], ar


def test_an_intra_network_handover_tells_the_home_server_nothing(run: dict[str, Any]) -> None:
    """The draft's claim for the hierarchical database: LMS1 gets one registration per network
    the node enters, none when it moves between the access routers of one network."""
    dep, mn = run["deployment"], run["mn"]
    assoc = [t for t, _, up in run["scenario"].associations(mn) if up]
    bounds = list(zip(assoc, [*assoc[1:], STOP_S], strict=True))
    lms1 = dep.function_address("LMS1")
    sent = list(zip(dep.binding_update_times(mn), dep.binding_update_destinations(mn),
                    strict=True))
    assert [sum(1 for t, d in sent if d == lms1 and lo <= t < hi) for lo, hi in bounds] == \
        [1, 0, 1, 0, 1, 0]


def test_mr1_resolves_through_its_cache(run: dict[str, Any]) -> None:
    """MR1 asked LMS1 (each query answered, LMS1's load counts them); the first packet waited
    for the reply and went on; with push MR1's entry is LM1's binding late in every dwell and
    no packet went to an old location; with pull the entry lags behind a move into another
    network until it runs out (10 s), and the packets sent meanwhile to the old location are
    counted."""
    cache = run["caches"]["GW1"]
    # Every gateway's MR is a client of its network's server; only MR1 had anything to ask.
    assert set(run["caches"]) == {"GW1", "GW2", "GW3"}
    assert run["caches"]["GW2"]["queries"] == run["caches"]["GW3"]["queries"] == 0
    assert cache["queries"] >= cache["replies"] >= 1 and cache["released"] >= 1
    assert cache["hit_ratio"] > 0.99 and cache["dropped"] == 0
    load = run["load"]["LM1"]
    assert load["node"] == "LMS1" and load["messages"] > cache["queries"]
    hoa = run["deployment"].mn_address(run["mn"])
    fresh = [c["cache"] == c["lms"]["LM1"][hoa] for c in run["checks"]]
    if run["mode"] == "push":
        assert all(fresh) and cache["pushes"] == 2 and cache["stale_deliveries"] == 0
    else:
        assert cache["pushes"] == 0 and cache["stale_deliveries"] > 100
        assert fresh[0]


def test_delivery(run: dict[str, Any], delivered_every_dwell: Any) -> None:
    """Push delivers as the co-located figure 7 does; pull loses the stale deliveries."""
    if run["mode"] == "push":
        delivered_every_dwell(run, ARS, STOP_S, TCP_START_S, settle_s=2.0)
        return
    app = run["results"]["apps"]["stream"]
    lost = app["tx_packets"] - app["rx_packets"]
    assert lost >= run["caches"]["GW1"]["stale_deliveries"] * 0.9


def test_the_measured_path_is_the_one_the_relations_predict(run: dict[str, Any]) -> None:
    """In networks 2 and 3: CN21 -> GW1 (MR1, by its cache) -> the visited gateway -> the node,
    the relations' path; the LM server is not on it. In network 1 the shortest path: MR1
    tunnels to the regional address its own anchor point binds and on to the care-of address
    at once, not out along its default route and back."""
    sc, mn = run["scenario"], run["mn"]
    pl = sc.placement
    for s in path_segments(sc, "stream"):
        if s.access_router in ("AR11", "AR12"):
            assert s.min_hops == s.max_hops == s.shortest_hops, s
            continue
        if not s.packets:
            continue
        nodes = data_path(pl.moved(mn, s.access_router), "CN21", "HoA11").nodes
        assert "LMS1" not in nodes and "GW1" in nodes
        wired = nodes[:-1] if nodes[-2] == s.access_router else (*nodes[:-1], s.access_router)
        predicted = sum(sc.hop_distance(a, b) for a, b in zip(wired, wired[1:]))
        assert s.min_hops == predicted, (s, nodes)
