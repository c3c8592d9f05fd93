"""DmmRelationHelper, one method per relation kind: what each wires, that repeating a
relation changes nothing, and that contradicting one is refused."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.topology import WiredTopology

HA1, HA2 = "2001:db8:1::1", "2001:db8:2::1"
MN_ID = "00:00:00:00:00:07@dmm.example"


def _address(ns: Any, text: str) -> Any:
    return ns.Ipv6Address(text)


def test_registration_of_a_mobile_node_names_its_home_agent_once(ns: Any) -> None:
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    agent = ns.CreateObject[dmm.MobileNodeAgent]()
    helper.Register(agent, _address(ns, HA1))
    helper.Register(agent, _address(ns, HA1))  # the same relation at another access router
    value = ns.Ipv6AddressValue()
    agent.GetAttribute("HomeAgent", value)
    assert str(value.Get()) == HA1
    with pytest.raises(Exception, match="already registers its home address with"):
        helper.Register(agent, _address(ns, HA2))
    with pytest.raises(Exception, match="unicast address"):
        helper.Register(agent, ns.Ipv6Address.GetAny())


def test_registration_with_an_anchor_point_per_access_prefix(ns: Any) -> None:
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    agent = ns.CreateObject[dmm.MobileNodeAgent]()
    map2, regional = _address(ns, "2001:db8:2::2"), _address(ns, "2001:db8:2:2000::")
    helper.Register(agent, _address(ns, "2001:db8:2:21::"), 64, map2, regional)
    helper.Register(agent, _address(ns, "2001:db8:2:21::"), 64, map2, regional)
    helper.Register(agent, _address(ns, "2001:db8:2:22::"), 64, map2, regional)
    with pytest.raises(Exception, match="already has another anchor point"):
        helper.Register(agent, _address(ns, "2001:db8:2:21::"), 64,
                        _address(ns, "2001:db8:3::3"), _address(ns, "2001:db8:3:2000::"))


def test_an_anchor_point_directory_names_one_map_per_access_prefix(ns: Any) -> None:
    """The access routers' MAP options, shared by a network's mobile nodes: one entry per
    access prefix, found by any address on the link; repeating one changes nothing and
    contradicting one is refused."""
    dmm = ns.dmm
    directory = ns.CreateObject[dmm.AnchorPointDirectory]()
    map2, regional = _address(ns, "2001:db8:2::2"), _address(ns, "2001:db8:2:2000::")
    directory.Add(_address(ns, "2001:db8:2:21::"), 64, map2, regional)
    directory.Add(_address(ns, "2001:db8:2:21::5"), 64, map2, regional)
    directory.Add(_address(ns, "2001:db8:2:22::"), 64, map2, regional)
    assert directory.GetN() == 2
    found = directory.Find(_address(ns, "2001:db8:2:22::abcd"))
    assert str(found.map) == "2001:db8:2::2" and str(found.regionalPrefix) == "2001:db8:2:2000::"
    assert not directory.Find(_address(ns, "2001:db8:2:23::1"))
    with pytest.raises(Exception, match="already has another anchor point"):
        directory.Add(_address(ns, "2001:db8:2:21::"), 64, _address(ns, "2001:db8:3::3"), regional)
    with pytest.raises(Exception, match="access prefix length in 1..128"):
        directory.Add(_address(ns, "2001:db8:2:23::"), 0, map2, regional)
    agent = ns.CreateObject[dmm.MobileNodeAgent]()
    agent.UseAnchorPoints(directory)


def test_a_proxy_registers_each_mobile_node_with_one_parent(ns: Any) -> None:
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    proxy = ns.CreateObject[dmm.Proxy]()
    helper.Register(proxy, MN_ID, _address(ns, HA1))
    helper.Register(proxy, MN_ID, _address(ns, HA1))
    assert str(proxy.GetParentFor(MN_ID)) == HA1
    assert proxy.GetParentFor("someone@else").IsAny()  # no profile: not served
    with pytest.raises(Exception, match=f"already registers {MN_ID} with {HA1}"):
        helper.Register(proxy, MN_ID, _address(ns, HA2))
    with pytest.raises(Exception, match="Mobile Node Identifier"):
        helper.Register(proxy, "", _address(ns, HA1))


def test_a_proxy_with_a_parent_takes_another_for_one_mobile_node(ns: Any) -> None:
    """The Parent attribute serves every mobile node without a profile; a registration
    relation naming another parent for one mobile node is its profile (RFC 5213 6.2)."""
    dmm = ns.dmm
    proxy = ns.CreateObject[dmm.Proxy]()
    proxy.SetAttribute("Parent", ns.Ipv6AddressValue(_address(ns, HA1)))
    dmm.DmmRelationHelper.Register(proxy, MN_ID, _address(ns, HA2))
    assert str(proxy.GetParentFor(MN_ID)) == HA2
    assert str(proxy.GetParentFor("someone@else")) == HA1


def test_a_proxy_registers_the_mobile_nodes_of_a_home_network_through_the_policy_store(
        ns: Any) -> None:
    """One parent per home network at each proxy; the domain's policy store names each mobile
    node's home network (RFC 5213 2.2); a parent set for one mobile node still comes first, and
    the Parent attribute serves the mobile nodes the store does not know."""
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    store = ns.CreateObject[dmm.PolicyStore]()
    proxy = ns.CreateObject[dmm.Proxy]()
    proxy.SetAttribute("Parent", ns.Ipv6AddressValue(_address(ns, "2001:db8:9::1")))
    helper.RegisterHome(proxy, store, "Network1", _address(ns, HA1))
    helper.RegisterHome(proxy, store, "Network1", _address(ns, HA1))  # at another router
    helper.RegisterHome(proxy, store, "Network2", _address(ns, HA2))
    other = "00:00:00:00:00:08@dmm.example"
    store.SetHomeNetwork(MN_ID, "Network1")
    store.SetHomeNetwork(MN_ID, "Network1")
    store.SetHomeNetwork(other, "Network2")
    assert store.GetNProfiles() == 2
    assert str(proxy.GetParentFor(MN_ID)) == HA1
    assert str(proxy.GetParentFor(other)) == HA2
    assert str(proxy.GetParentFor("someone@else")) == "2001:db8:9::1"
    assert proxy.GetParentForHome("Network3").IsAny()
    helper.Register(proxy, other, _address(ns, HA1))  # its own parent first
    assert str(proxy.GetParentFor(other)) == HA1
    with pytest.raises(Exception, match=f"mobile nodes of Network1 with {HA1}, not {HA2}"):
        helper.RegisterHome(proxy, store, "Network1", _address(ns, HA2))
    with pytest.raises(Exception, match="names Network1 as its home network, not Network2"):
        store.SetHomeNetwork(MN_ID, "Network2")
    with pytest.raises(Exception, match="Mobile Node Identifier and a home network"):
        store.SetHomeNetwork("", "Network1")
    with pytest.raises(Exception, match="a proxy, a policy store and a home network"):
        helper.RegisterHome(proxy, store, "", _address(ns, HA1))
    with pytest.raises(Exception, match="unicast address"):
        proxy.SetParentForHome("Network1", ns.Ipv6Address("ff02::1"))


def test_a_proxy_with_parents_per_home_network_needs_the_policy_store(ns: Any) -> None:
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("ar", router=True)
    topo.node("lma", router=True)
    topo.link("ar", "lma", "2001:1:0:1::/64")
    node = topo.nodes["ar"]
    dmm.DmmStackHelper.InstallMobilityRouting(node)
    proxy = ns.CreateObject[dmm.Proxy]()
    node.AggregateObject(proxy)
    proxy.SetParentForHome("Network1", _address(ns, HA1))
    with pytest.raises(Exception, match="need the domain's policy store"):
        proxy.Start()


def test_synchronised_replicas_know_each_other_once(ns: Any) -> None:
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    a = ns.CreateObject[dmm.LocationManagement]()
    b = ns.CreateObject[dmm.LocationManagement]()
    helper.Synchronise(a, _address(ns, HA1), b, _address(ns, HA2))
    helper.Synchronise(a, _address(ns, HA1), b, _address(ns, HA2))
    assert [str(x) for x in a.GetReplicas()] == [HA2]
    assert [str(x) for x in b.GetReplicas()] == [HA1]
    with pytest.raises(Exception, match="two distinct"):
        helper.Synchronise(a, _address(ns, HA1), a, _address(ns, HA1))


def test_null_ends_are_refused(ns: Any) -> None:
    dmm = ns.dmm
    helper = dmm.DmmRelationHelper
    lm = ns.CreateObject[dmm.LocationManagement]()
    with pytest.raises(Exception, match="are needed"):
        helper.Follow(ns.Ptr[dmm.MobilityRouting](), lm)
    with pytest.raises(Exception, match="no location management"):
        helper.RegisterThrough(ns.Ptr[dmm.LocationManagement](), _address(ns, HA1), 128)
    with pytest.raises(Exception, match="outside 1..128"):
        helper.RegisterThrough(lm, _address(ns, HA1), 0)
