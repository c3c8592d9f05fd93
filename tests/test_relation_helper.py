"""DmmRelationHelper, one method per relation kind: what each wires, that repeating a
relation changes nothing, and that contradicting one is refused."""

from __future__ import annotations

from typing import Any

import pytest

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
