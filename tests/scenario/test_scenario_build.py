"""The scenario layer in ns-3: topology, addresses, routes, WiFi handover, SLAAC, traffic."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.framework.model import NodeKind, Placement
from ns3dmm.scenario import (
    CORE,
    MobilityConfig,
    ScenarioConfig,
    ScenarioConfigError,
    build_scenario,
)

DOC = ipaddress.IPv6Network("2001:db8::/32")
SIZES = {"networks": 2, "ars_per_network": 2, "mobile_nodes": 1}
PRESETS = {"mipv6": presets.mipv6, "pmipv6": presets.pmipv6}


def placement(name: str) -> Placement:
    return PRESETS[name](**SIZES)


def wired_targets(p: Placement) -> list[str]:
    kinds = (NodeKind.GATEWAY, NodeKind.ANCHOR, NodeKind.LM_SERVER, NodeKind.ACCESS_ROUTER)
    return [n.name for n in p.nodes if n.kind in kinds]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_nodes_addresses_and_routes(ns: Any, simulator: Any, preset: str) -> None:
    p = placement(preset)
    sc = build_scenario(p, ScenarioConfig(mobility=MobilityConfig(model="static")))
    # Every placement node exists, plus the core router.
    assert set(sc.nodes) == {n.name for n in p.nodes} | {CORE}
    assert sc.node(CORE).GetNDevices() > 0
    # Addresses: unique, inside their network's prefix, never the documentation prefix.
    addresses = list(sc.addresses.values())
    assert len(addresses) == len(set(addresses))
    prefixes = [net.ip_network() for net in p.networks]
    for (node, peer), text in sc.addresses.items():
        a = ipaddress.IPv6Address(text)
        assert a not in DOC, (node, peer)
        assert any(a in net for net in prefixes), (node, peer, text)
    subnets = [s for used in sc.subnets.values() for s in used]
    assert len(subnets) == len(set(subnets))
    assert not any(s.subnet_of(DOC) for s in subnets)
    for ar, subnet in sc.access_subnets.items():
        assert subnet == p.access_subnet(ar)
        assert ipaddress.IPv6Address(sc.address(ar, "wifi")) in subnet
    # Forwarding: routers on, hosts off.
    for name in sc.nodes:
        kind = None if name == CORE else p.node(name).kind
        router = name == CORE or kind in (NodeKind.GATEWAY, NodeKind.ANCHOR,
                                          NodeKind.ACCESS_ROUTER)
        for (node, peer), iface in sc.interfaces.items():
            if node == name:
                assert sc.ipv6(name).IsForwarding(iface) == router, (name, peer)
    # Routes: the CN reaches a wired address of every node of every network.
    cn = p.correspondents[0].name
    targets = wired_targets(p)
    for name in targets:
        peer = next(q for (n, q) in sc.addresses if n == name and q != "wifi")
        sc.add_udp_cbr(cn, name, sc.address(name, peer), rate="80kbps", size=100,
                       start_s=0.5, stop_s=1.5, name=name)
    results = sc.run(2.0)
    for name in targets:
        app = results["apps"][name]
        assert app["tx_packets"] == 100, name
        assert app["rx_packets"] == app["tx_packets"], name
    assert len(results["flow_monitor"]) == len(targets)
    assert all(f["lost_packets"] == 0 for f in results["flow_monitor"])


def test_handover_along_the_access_routers(ns: Any, simulator: Any) -> None:
    """A station moving along AR11 -> AR12 -> AR21 -> AR22 (80 m apart, 10 m/s) associates
    to each AP in turn and configures an address in each AR's access subnet by SLAAC."""
    p = placement("mipv6")
    cfg = ScenarioConfig(mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=0.5))
    sc = build_scenario(p, cfg)
    mn = p.mobile_nodes[0].name
    sampler = sc.ns.dmm.AddressSampler.Start(sc.node(mn), sc.interface(mn, "wifi"), 0.1, 0.1, 26.0)
    results = sc.run(26.0)
    events = results["associations"][mn]
    assoc = [(e["time_s"], e["ar"]) for e in events if e["associated"]]
    ars = [n.name for n in p.nodes if n.kind is NodeKind.ACCESS_ROUTER]
    assert [ar for _, ar in assoc] == ars
    # Hand-over happens beyond the midpoint between APs (beacon loss), before the next AP.
    for (t, ar), k in zip(assoc[1:], range(1, len(ars)), strict=True):
        x = (t - 0.5) * 10.0
        assert (k - 0.5) * 80 < x < k * 80, (ar, t, x)
    # Each DeAssoc is followed within 0.1 s by the next Assoc (active probing, one channel).
    for e, nxt in zip(events, events[1:], strict=False):
        if not e["associated"]:
            assert nxt["associated"] and nxt["time_s"] - e["time_s"] < 0.1
    # SLAAC: an address in the AR's access subnet soon after each association.
    samples = [(t, [ipaddress.IPv6Address(str(a)) for a in addrs])
               for t, addrs in zip(sampler.times, sampler.addresses, strict=True)]
    for t, ar in assoc:
        subnet = sc.access_subnets[ar]
        first = next((ts for ts, addrs in samples if any(a in subnet for a in addrs)), None)
        assert first is not None, f"no address in {subnet} ({ar})"
        assert t <= first <= t + 0.5, (ar, t, first)
        before = [addrs for ts, addrs in samples if ts < t]
        assert not any(a in subnet for addrs in before for a in addrs), ar
    print("associations:", [(round(t, 3), ar) for t, ar in assoc],
          "deassociations:", [round(e["time_s"], 3) for e in events if not e["associated"]])


def test_network_based_access_routers_send_no_router_advertisements(
    ns: Any, simulator: Any
) -> None:
    p = placement("pmipv6")
    sc = build_scenario(p, ScenarioConfig(mobility=MobilityConfig(model="static")))
    assert not any(sc.router_advertisements.values())
    assert sc.radvd == {}
    mn = p.mobile_nodes[0].name
    results = sc.run(2.0)
    assert [e["ar"] for e in results["associations"][mn]] == [p.node(mn).attached_to]
    assert sc.wifi_addresses(mn) == []


def test_router_advertisements_per_access_router(ns: Any, simulator: Any) -> None:
    p = placement("mipv6")
    mn = p.mobile_nodes[0].name
    here = p.node(mn).attached_to
    cfg = ScenarioConfig(router_advertisements=False, router_advertisements_by_ar={here: True},
                         mobility=MobilityConfig(model="static"))
    sc = build_scenario(p, cfg)
    assert {ar for ar, on in sc.router_advertisements.items() if on} == {here}
    sc.run(1.0)
    addrs = [ipaddress.IPv6Address(a) for a in sc.wifi_addresses(mn)]
    assert len(addrs) == 1 and addrs[0] in sc.access_subnets[here]


def test_udp_and_tcp_to_a_deferred_mobile_address(ns: Any, simulator: Any) -> None:
    p = placement("mipv6")
    mn = p.mobile_nodes[0].name
    cn = p.correspondents[0].name
    sc = build_scenario(p, ScenarioConfig(mobility=MobilityConfig(model="static")))
    # The MN's address exists only once it has heard an RA: resolve it at the start time.
    udp = sc.add_udp_cbr(cn, mn, lambda: sc.wifi_addresses(mn)[0], rate="200kbps", size=250,
                         start_s=1.0, stop_s=2.0)
    tcp = sc.add_tcp_bulk(cn, "GW1", sc.address("GW1", CORE), max_bytes=200_000, start_s=1.0)
    assert udp.destination is None
    results = sc.run(3.0)
    assert udp.destination in {str(a) for a in sc.wifi_addresses(mn)}
    u = results["apps"][udp.name]
    assert u["tx_packets"] == 100 and u["rx_packets"] >= 95
    assert u["rx_bytes"] == 250 * u["rx_packets"]
    t = results["apps"][tcp.name]
    assert t["rx_bytes"] == 200_000 and t["kind"] == "tcp-bulk"
    flows = {(f["destination"], f["destination_port"]) for f in results["flow_monitor"]}
    assert (udp.destination, udp.port) in flows


@pytest.mark.parametrize("model", ["random-waypoint", "gauss-markov"])
def test_random_mobility_stays_in_the_area(ns: Any, simulator: Any, model: str) -> None:
    p = placement("mipv6")
    mn = p.mobile_nodes[0].name
    m = MobilityConfig(model=model, speed_mps=10.0, margin_m=20.0, pause_s=0.5)
    sc = build_scenario(p, ScenarioConfig(mobility=m))
    xs = [x for x, _ in sc.ap_positions.values()]
    start = sc.position(mn)
    sc.run(5.0)
    x, y, z = sc.position(mn)
    assert (x, y) != start[:2]
    assert min(xs) - 20 - 1e-6 <= x <= max(xs) + 20 + 1e-6
    assert -20 - 1e-6 <= y <= 20 + 1e-6 and abs(z) < 1e-9
    assert sc.associations(mn), "the station never associated"


def test_pcap_per_device(ns: Any, simulator: Any, tmp_path) -> None:
    p = placement("mipv6")
    cfg = ScenarioConfig(pcap=True, pcap_dir=str(tmp_path / "pcap"),
                         mobility=MobilityConfig(model="static"))
    sc = build_scenario(p, cfg)
    sc.run(0.5)
    files = set(sc.pcap_files)
    assert tmp_path / "pcap" / "AR11-wifi.pcap" in files
    assert tmp_path / "pcap" / "GW1-Core.pcap" in files
    sc.destroy()  # closes (flushes) the files
    assert all(f.is_file() for f in files)
    wifi = (tmp_path / "pcap" / "AR11-wifi.pcap").read_bytes()
    assert int.from_bytes(wifi[20:24], "little") == 127  # LINKTYPE_IEEE802_11_RADIOTAP
    assert len(wifi) > 24  # beacons at least


def test_build_without_run_destroys_cleanly(ns: Any, simulator: Any) -> None:
    sc = build_scenario(placement("mipv6"))
    assert sc.radvd  # Radvd installed: disposing it unstarted would crash
    sc.destroy()
    sc.destroy()


def test_a_second_scenario_needs_the_first_destroyed(ns: Any, simulator: Any) -> None:
    """Building while a run's simulator stands at 2 s is refused (ns-3 would abort on the
    first event scheduled in the past); after destroy() it works."""
    sc = build_scenario(placement("mipv6"))
    sc.run(2.0)
    with pytest.raises(ScenarioConfigError, match="already ran to 2 s"):
        build_scenario(placement("mipv6"))
    sc.destroy()
    build_scenario(placement("mipv6")).destroy()


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        (ScenarioConfig(mobility=MobilityConfig(path=("AR11", "AR99"))), "'AR99' is not an access"),
        (ScenarioConfig(mobility_by_mn={"MN99": MobilityConfig()}), "'MN99' is not a mobile"),
        (ScenarioConfig(router_advertisements_by_ar={"GW1": True}), "'GW1' is not an access"),
    ],
)
def test_configuration_checked_against_the_placement(
    ns: Any, simulator: Any, cfg: ScenarioConfig, message: str
) -> None:
    with pytest.raises(ScenarioConfigError, match=message):
        build_scenario(placement("mipv6"), cfg)


def test_bad_sessions_rejected(ns: Any, simulator: Any) -> None:
    sc = build_scenario(placement("mipv6"), ScenarioConfig(mobility=MobilityConfig(
        model="static")))
    with pytest.raises(ValueError, match="2001:db8::/32"):
        sc.add_udp_cbr("CN21", "GW1", "2001:db8::1")
    with pytest.raises(ValueError, match="size"):
        sc.add_udp_cbr("CN21", "GW1", "2001:1::2", size=4)
    with pytest.raises(ValueError, match="stop_s"):
        sc.add_udp_cbr("CN21", "GW1", "2001:1::2", start_s=2.0, stop_s=1.0)
    sc.destroy()
