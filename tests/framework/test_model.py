"""The placement model: immutability, coercion, derived addressing, and the query helpers."""

from __future__ import annotations

import dataclasses
import ipaddress
import subprocess
import sys

import pytest

from ns3dmm import framework as fw
from ns3dmm.framework.model import NodeKind
from ns3dmm.framework.presets import PRESETS, build_preset
from ns3dmm.framework.relations import HopKind, data_path


def test_dataclasses_are_frozen_and_slotted() -> None:
    p = fw.build_preset("mipv6")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.networks[0].allocation.scope = fw.AllocationScope.PER_SESSION  # type: ignore[misc]
    assert not hasattr(p, "__dict__")


def test_lists_and_strings_are_coerced_to_tuples_and_enums() -> None:
    mr = fw.MobilityRouter("MR1", "HA1", ["Network1"], ["LM1"])
    assert mr.anchors == ("Network1",) and mr.lms == ("LM1",)
    node = fw.Node("AR11", "ar", "Network1")
    assert node.kind is fw.NodeKind.ACCESS_ROUTER
    ro = fw.RouteOptimisation("anycast", "push", "via-home", "header-rewrite")
    assert ro.label == "RS1.anycast + RS2.push (header rewrite)"


def test_bad_enum_value_names_the_element() -> None:
    with pytest.raises(ValueError, match=r"Node 'X1': kind='router' is not one of"):
        fw.Node("X1", "router", "Network1")


def test_a_string_is_not_accepted_as_a_list_of_names() -> None:
    with pytest.raises(TypeError, match="anchors must be a sequence"):
        fw.MobilityRouter("MR1", "HA1", "Network1")


def test_access_subnets_are_derived_per_access_router() -> None:
    p = fw.build_preset("pmipv6", ars_per_network=3)
    assert p.network("Network3").ip_network() == ipaddress.IPv6Network("2001:3::/48")
    assert p.access_subnet("AR31") == ipaddress.IPv6Network("2001:3:0:1::/64")
    assert p.access_subnet("AR33") == ipaddress.IPv6Network("2001:3:0:3::/64")
    assert p.network("Network1").subnet(0) == ipaddress.IPv6Network("2001:1::/64")


def test_no_preset_uses_the_documentation_prefix() -> None:
    doc = ipaddress.IPv6Network("2001:db8::/32")
    for name in fw.preset_names():
        for net in fw.build_preset(name).networks:
            assert not net.ip_network().overlaps(doc), (name, net.prefix)


def test_functions_on_a_node() -> None:
    p = fw.build_preset("mipv6")
    on_ha = {(f.kind, f.name) for f in p.functions_on("HA1")}
    assert on_ha == {
        (fw.FunctionKind.ALLOCATION, "Alloc1"),
        (fw.FunctionKind.MOBILITY_ROUTING, "MR1"),
        (fw.FunctionKind.LOCATION_MANAGEMENT, "LM1"),
    }
    assert p.functions_on("AR31") == ()


@pytest.mark.parametrize(
    ("preset", "hoa", "chain"),
    [
        ("mipv6", "HoA11", ("LM1",)),  # 4.1: MN11 registers with LM1 directly
        ("pmipv6", "HoA11", ("MAG31", "LM1")),  # 4.2: MAG on AR31 registers for MN11
        ("hmipv6-host", "HoA11", ("Proxy3", "LM1")),  # 4.3: LM1--MR3--MN11
        ("hmipv6-network", "HoA11", ("MAG31", "Proxy3", "LM1")),  # MN11 in MN31's place
        ("haha", "HoA11", ("LM0-3",)),  # 4.5: nearest LM0 replica, in Network3
        ("distributed-lm", "HoA11", ("Proxy3", "LM1")),  # 7: LM1 maps HoA11 -> MR3
        ("dynamic", "HoA11-new", ()),  # 6: a new session in the visited network needs no LM
    ],
)
def test_lm_chain(preset: str, hoa: str, chain: tuple[str, ...]) -> None:
    assert fw.build_preset(preset).lm_chain(hoa) == chain


@pytest.mark.parametrize(
    ("preset", "mr"),
    [
        ("mipv6", "MR1"),  # packets to HoA11 are intercepted by the home MR
        ("haha", "MR2"),  # 4.5: "intercepted by the MR nearest to CN, which is MR2"
        ("ro-anycast-query", "MR2"),
        ("ro-gwar-query", "MR2"),  # MR2 on CN21's gateway
    ],
)
def test_mr_for_cn(preset: str, mr: str) -> None:
    assert fw.build_preset(preset).mr_for_cn("CN21", "HoA11").name == mr


def test_mr_on_the_access_router_for_rs1_gw_ar() -> None:
    p = fw.build_preset("ro-gwar-query", mr_at="access-router")
    assert p.mr_for_cn("CN21", "HoA11").name == "MRA21"
    assert data_path(p, "CN21", "HoA11").nodes == ("CN21", "AR21", "GW3", "MN11")


@pytest.mark.parametrize(
    ("preset", "nodes"),
    [
        ("mipv6", ("CN21", "HA1", "MN11")),  # figure 1: MR1 tunnels to IP32
        ("pmipv6", ("CN21", "LMA1", "AR31", "MN11")),  # figure 3: to the MAG, then access link
        ("hmipv6-host", ("CN21", "HA1", "MAP3", "MN11")),  # 5.2.4: MR1 -- MR3 -- MN
        ("hmipv6-network", ("CN21", "HA1", "MAP3", "AR31", "MN11")),
        ("haha", ("CN21", "HA2", "MN11")),  # 4.5: MR2 tunnels straight to MN11
        ("distributed-lm", ("CN21", "GW1", "GW3", "MN11")),
        ("ro-anycast-query", ("CN21", "GW2", "GW3", "MN11")),  # 8: RS1, RS2, RS3
    ],
)
def test_data_path(preset: str, nodes: tuple[str, ...]) -> None:
    assert data_path(fw.build_preset(preset), "CN21", "HoA11").nodes == nodes


def test_push_sends_the_first_packet_home() -> None:
    path = data_path(fw.build_preset("ro-anycast-push"), "CN21", "HoA11")
    assert path.first_packet is not None
    assert tuple(h.node for h in path.first_packet) == ("CN21", "GW2", "GW1", "GW3", "MN11")
    query = data_path(fw.build_preset("ro-anycast-query"), "CN21", "HoA11")
    assert query.first_packet is None  # first_packet = wait (the default for query)
    via_home = fw.build_preset("ro-anycast-query", first_packet="via-home")
    assert data_path(via_home, "CN21", "HoA11").first_packet is not None


def test_header_rewrite_variant_rewrites_between_mrs() -> None:
    p = fw.build_preset("ro-gwar-query", forwarding="header-rewrite")
    hops = data_path(p, "CN21", "HoA11").hops
    assert [h.via for h in hops] == [
        HopKind.START,
        HopKind.ROUTE,
        HopKind.REWRITE,
        HopKind.TUNNEL,
    ]


def test_unreachable_address_without_continuity() -> None:
    p = fw.build_preset("dynamic")
    moved = dataclasses.replace(
        p, home_addresses=tuple(dataclasses.replace(h, continuity=False) for h in p.home_addresses)
    )
    with pytest.raises(LookupError, match="not reachable"):
        data_path(moved, "CN21", "HoA11")


@pytest.mark.parametrize("name", ["mipv6", "haha", "dynamic", "ro-gwar-push"])
def test_presets_scale_with_sizes(name: str) -> None:
    p = fw.build_preset(name, networks=5, ars_per_network=3, mobile_nodes=7)
    assert len(p.networks) == 5
    assert len(p.nodes_of_kind(fw.NodeKind.ACCESS_ROUTER)) == 15
    assert len(p.mobile_nodes) == 7
    assert not fw.validate(p)
    assert fw.analyse(p).status("REQ3") is fw.Status.MET


def test_preset_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 2 networks"):
        fw.build_preset("mipv6", networks=1)
    with pytest.raises(ValueError, match="takes no parameter"):
        fw.build_preset("mipv6", mode="network")
    with pytest.raises(KeyError, match="unknown preset 'nope'"):
        fw.build_preset("nope")


def test_network_mode_variants() -> None:
    for name in ("multiple-home-networks", "haha", "distributed", "dynamic", "ro-gwar-query"):
        p = fw.build_preset(name, mode="network")
        assert p.mode is fw.Mode.NETWORK_BASED
        assert p.entry_proxy("MN11") is not None
        assert p.node(p.entry_proxy("MN11").node).kind is fw.NodeKind.ACCESS_ROUTER


def test_importing_the_framework_does_not_import_matplotlib() -> None:
    code = "import sys, ns3dmm.framework, ns3dmm.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# --- indexed lookups ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_indexed_queries_agree_with_scans(name: str) -> None:
    """Every query answered from the placement's index gives what a scan of its tuples gives."""
    p = build_preset(name, networks=4, mobile_nodes=6)
    for n in p.nodes:
        assert p.node(n.name) is next(x for x in p.nodes if x.name == n.name)
        assert p.mrs_on(n.name) == tuple(m for m in p.mobility_routers if m.node == n.name)
        assert p.proxies_on(n.name) == tuple(x for x in p.proxies if x.node == n.name)
        assert p.functions_on(n.name) == tuple(f for f in p.functions() if f.node == n.name)
        assert p.home_addresses_of(n.name) == tuple(h for h in p.home_addresses
                                                    if h.mn == n.name)
    for kind in NodeKind:
        for net in [None, *(x.name for x in p.networks)]:
            assert p.nodes_of_kind(kind, net) == tuple(
                x for x in p.nodes if x.kind is kind and (net is None or x.network == net))
    for net in p.networks:
        serving = [lm for lm in p.location_managers if net.name in lm.serves]
        if serving:
            assert p.responsible_lm(net.name) in serving
        anchoring = [m for m in p.mobility_routers if net.name in m.anchors]
        if anchoring:
            assert p.home_mr(net.name) in anchoring
        assert p.anycast_group_for(net.name) == next(
            (g for g in p.anycast_groups if net.name in g.networks), None)
        ars = [x for x in p.nodes if x.kind is NodeKind.ACCESS_ROUTER and x.network == net.name]
        for k, ar in enumerate(ars, start=1):
            assert p.access_subnet(ar.name) == net.subnet(k)
    for f in p.functions():
        assert p.function_node(f.name) == f.node
    assert p.has_lm(p.location_managers[0].name) if p.location_managers else True
    assert not p.has_lm("no such LM") and not p.has_proxy("no such proxy")
    with pytest.raises(LookupError, match="no node named 'nowhere'"):
        p.node("nowhere")
    with pytest.raises(LookupError, match="not an access router"):
        p.access_subnet(p.mobile_nodes[0].name)


def test_a_mobile_node_moved_to_each_access_router() -> None:
    """The data path at each access router a mobile node passes (HMIPv6 host-based: with the
    anchor point serving there as its first proxy)."""
    p = build_preset("hmipv6-host", networks=3, ars_per_network=2)
    at_home = p.moved("MN11", "AR12")
    assert at_home.node("MN11").network == "Network1"
    assert at_home.node("MN11").attached_to == "AR12"
    assert data_path(at_home, "CN21", "HoA11").nodes == ("CN21", "MN11")
    under_map2 = p.moved("MN11", "AR22", "Proxy2")
    assert data_path(under_map2, "CN21", "HoA11").nodes == ("CN21", "HA1", "MAP2", "MN11")
    assert p.node("MN11").attached_to == "AR31"  # the original is unchanged
    with pytest.raises(LookupError, match="not an access router"):
        p.moved("MN11", "GW1")
    with pytest.raises(LookupError, match="not a mobile node"):
        p.moved("CN21", "AR11")
    with pytest.raises(LookupError):
        p.moved("MN11", "AR11", "Proxy9")


def test_the_anchor_point_serving_each_access_router() -> None:
    """Host-based, the anchor point at an access router is the proxy on a node of its network
    that is not an access router; moved() takes it as the first proxy unless told another."""
    p = build_preset("hmipv6-host", networks=3, ars_per_network=2)
    assert p.anchor_point_at("AR11") is None
    assert p.anchor_point_at("AR22").name == "Proxy2"
    assert p.anchor_point_at("AR31").name == "Proxy3"
    assert p.moved("MN11", "AR22").node("MN11").proxy == "Proxy2"
    assert p.moved("MN11", "AR12").node("MN11").proxy is None
    assert p.moved("MN11", "AR22", "Proxy3").node("MN11").proxy == "Proxy3"
    # Network-based, the access router's own proxy is the first: no anchor point is named.
    q = build_preset("hmipv6-network", networks=3, ars_per_network=2)
    assert q.moved("MN11", "AR22").node("MN11").proxy is None
    assert q.moved("MN11", "AR22").entry_proxy("MN11").name == "MAG22"


def test_the_chain_kept_ready_in_the_home_network() -> None:
    """At home a HoA needs no location management (section 7), but the functions keep its
    chain ready there too (``away``); a HoA without continuity has none anywhere."""
    p = build_preset("pmipv6", networks=3)
    home = p.moved("MN11", "AR11")
    assert home.lm_chain("HoA11") == ()
    assert home.lm_chain("HoA11", away=True) == ("MAG11", "LM1")
    assert p.lm_chain("HoA11", away=True) == p.lm_chain("HoA11") == ("MAG31", "LM1")
    brief = dataclasses.replace(p, home_addresses=tuple(
        dataclasses.replace(h, continuity=False) for h in p.home_addresses))
    assert brief.lm_chain("HoA11", away=True) == ()
