"""Authenticated registrations of host-based mobile nodes beyond their home one
(``LocationManagement.RequireAuthentication``): deploy gives each mobile node one RFC 4285
association with every anchor point (MAP) it registers with, for the regional care-of
addresses in the anchor point's /64 (RFC 5380 section 10's MN-MAP association), and one with
the function registering its session addresses in each network allocating per session, for
the addresses that network's allocation leased to its identifier (draft section 6); an anchor
point and a session registrar on one node share the node's association. Local and session
Binding Updates carry the Mobility Message Authentication option, and their acknowledgements
are taken only when theirs verifies.

HMIPv6 and figure 7 with host-based mobile nodes, dynamic mobility and route optimisation by
query (per-session addresses, host-based) deliver with authentication what they deliver
without it (one packet either way: the longer messages move the timing), with nothing refused.
A correspondent forging the anchor point's binding of the regional care-of address, or the
anchoring function's binding of a session address, takes the stream away without
authentication; with it, both are refused (146) and counted, and the stream stays. A node
holding a valid association of its own is refused for an address leased to another mobile
node."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.deploy import deploy, security_key
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import location_caches

STOP_S = 22.0
FORGE_S = 18.0  # on AR31
BINDING_UPDATE = 5
FORGER_SPI = 60000

PLACEMENTS: dict[str, dict[str, Any]] = {
    "hmipv6-host": {},
    "distributed": {"networks": 3, "ars_per_network": 1},
    "dynamic": {"networks": 3, "ars_per_network": 1},
    "ro-gwar-query": {"networks": 3, "ars_per_network": 1},
}
#: security associations of MN11 (home network 1, path AR11 > AR21 > AR31)
ASSOCIATIONS = {
    "hmipv6-host": 3,     # home agent, MAP2, MAP3
    "distributed": 3,     # home LM1, the anchor points on GW2 and GW3
    "dynamic": 4,         # home LM1; session registrars GW1, GW2, GW3 (GW2 and GW3 also MAPs)
    # home LMS1; the anchor points on GW1, GW2 and GW3; session registrars LMS1-LMS3
    "ro-gwar-query": 7,
}


def _forged_update(ns: Any, address: str, attacker: str, identifier: str,
                   local: bool) -> Any:
    bu = ns.dmm.BindingUpdateHeader()
    bu.SetSequence(5000)
    bu.SetFlag(ns.dmm.BindingUpdateHeader.FLAG_A, True)
    bu.SetFlag(ns.dmm.BindingUpdateHeader.FLAG_M if local else ns.dmm.BindingUpdateHeader.FLAG_H,
               True)
    bu.SetLifetime(ns.Seconds(60))
    bu.AddOption(ns.dmm.HomeNetworkPrefixOption(ns.Ipv6Address(address), 128))
    bu.AddOption(ns.dmm.MobileNodeIdentifierOption(identifier))
    bu.AddOption(ns.dmm.AlternateCareOfAddressOption(ns.Ipv6Address(attacker)))
    return bu


def _run(ns: Any, name: str, secure: bool, forge: str = "") -> dict[str, Any]:
    """``forge``: "" none; "local" a local Binding Update to MAP3 for the regional care-of
    address; "session" a Binding Update to LM1 for the stream's session address; "keyed" the
    latter signed under an association the forger holds with LM1 for its own leases."""
    placement = presets.build_preset(name, **PLACEMENTS[name])
    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=3.0,
                                path=("AR11", "AR21", "AR31"))))
    try:
        dep = deploy(sc, Functions({"ns3::dmm::LocationManagement": {
            "RequireAuthentication": secure}}))
        mn, cn = "MN11", placement.correspondents[0].name
        per_session = bool(dep.allocation) and name in ("dynamic", "ro-gwar-query")
        address = (lambda: dep.session_address(mn)) if per_session else (
            lambda: dep.mn_address(mn))
        sc.add_udp_cbr(cn, mn, address, rate="400kbps", size=500, start_s=1.5,
                       stop_s=STOP_S - 0.5, name="stream")
        agent = dep.agents[mn]
        l4 = {n: node.GetObject[ns.dmm.MobilityL4Protocol]() for n, node in sc.nodes.items()}
        attacker = sc.address(cn, placement.node(cn).attached_to)
        identifier = f"{mn}@{dep.domain}"
        after: dict[str, str] = {}

        def strike() -> None:
            if forge in ("local", "local-keyed"):
                target, where = str(agent.GetRegionalCareOfAddress()), "MAP3"
                bu = _forged_update(ns, target, attacker, identifier, local=True)
                if forge == "local-keyed":
                    # the forger's own association with MAP3, for a regional care-of
                    # address of its own in the same /64
                    own = str(ipaddress.IPv6Address(int(ipaddress.IPv6Address(target))
                                                    ^ 0x99))
                    key = security_key(99, 99, 0)
                    dep.regional["MAP3"].AddRegionalSecurityAssociation(
                        FORGER_SPI, key, ns.Ipv6Address(own), 128)
                    ns.dmm.MobilityAuthentication.Sign(
                        bu, ns.dmm.MobilityMessageAuthenticationOption.MN_HA, FORGER_SPI, key,
                        ns.Ipv6Address(attacker), ns.Ipv6Address(target))
            else:
                target, where = sc.apps["stream"].destination, "GW1"
                bu = _forged_update(ns, target, attacker, identifier, local=False)
                if forge == "keyed":
                    key = security_key(99, 99, 0)
                    dep.location_management["LM1"].AddSessionSecurityAssociation(
                        FORGER_SPI, key, f"{cn}@{dep.domain}")
                    ns.dmm.MobilityAuthentication.Sign(
                        bu, ns.dmm.MobilityMessageAuthenticationOption.MN_HA, FORGER_SPI, key,
                        ns.Ipv6Address(attacker), ns.Ipv6Address(target))
            after["target"] = target
            l4[cn].Send(bu, ns.Ipv6Address(attacker),
                        ns.Ipv6Address(dep.function_address(where)))

        def look() -> None:
            lm = (dep.regional["MAP3"] if forge.startswith("local")
                  else dep.location_management["LM1"])
            after["locator"] = str(lm.GetLocator(ns.Ipv6Address(after["target"])))

        if forge:
            callbacks.schedule(FORGE_S, strike)
            callbacks.schedule(FORGE_S + 0.5, look)
        sc.run(STOP_S)
        mn_l4 = l4[mn]
        return {
            "stream": sc.results()["apps"]["stream"],
            "after": after, "attacker": attacker,
            "associations": int(agent.GetNSecurityAssociations()),
            "refused": {n: int(f.GetAuthenticationFailures()) for n, f in (
                *dep.location_management.items(), *dep.regional.items(),
                *dep.agents.items())},
            "local_sent": int(agent.GetLocalBindingUpdatesSent()),
            "session_sent": int(agent.GetSessionBindingUpdatesSent()),
            "bu_count": int(mn_l4.GetTxCount(BINDING_UPDATE)),
            "bu_octets": sum(int(mn_l4.GetTxBytesTo(d, BINDING_UPDATE))
                             for d in mn_l4.GetTxDestinations()),
            "stale": sum(c["stale_deliveries"] for c in location_caches(dep).values()),
        }
    finally:
        sc.destroy()


@pytest.mark.parametrize("name", list(PLACEMENTS))
def test_local_and_session_registrations_are_signed_and_deliver_the_same(
        ns: Any, name: str) -> None:
    off, on = _run(ns, name, False), _run(ns, name, True)
    assert off["associations"] == 0 and on["associations"] == ASSOCIATIONS[name]
    assert sum(on["refused"].values()) == sum(off["refused"].values()) == 0
    # local Binding Updates (MAPs) or session ones (dynamic mobility) were sent, and signed
    assert on["local_sent"] + on["session_sent"] > 0
    if name in ("dynamic", "ro-gwar-query"):
        assert on["session_sent"] > 0
    else:
        assert on["local_sent"] > 0
    # each Binding Update carries the option (19 octets, aligned, padded: 16 to 32 more)
    per_off = off["bu_octets"] / off["bu_count"]
    per_on = on["bu_octets"] / on["bu_count"]
    assert 16 <= per_on - per_off <= 32
    tx = off["stream"]["tx_packets"]
    assert abs(on["stream"]["rx_packets"] - off["stream"]["rx_packets"]) <= 1
    # what is lost is the handovers' and, by query, the packets MR(CN) sent to an old
    # care-of address until its entry ran out (section 8's query designs)
    assert off["stream"]["rx_packets"] + off["stale"] > 0.9 * tx
    assert (off["stale"] > 100) == (name == "ro-gwar-query")


@pytest.mark.parametrize("name,forge", [("hmipv6-host", "local"), ("dynamic", "session")])
def test_a_forged_local_or_session_binding_update_is_refused_with_authentication(
        ns: Any, name: str, forge: str) -> None:
    clean = _run(ns, name, True)
    off, on = _run(ns, name, False, forge), _run(ns, name, True, forge)
    # without authentication the forger's care-of address takes the binding, and the rest of
    # the stream (from 18 s to 21.5 s) goes to it
    assert off["after"]["locator"] == off["attacker"]
    assert off["stream"]["rx_packets"] < clean["stream"]["rx_packets"] - 0.8 * 3.5 * 100
    # with it: refused where it arrived, the binding and the stream untouched
    where = "MAP3" if forge == "local" else "LM1"
    assert on["refused"][where] == 1 and sum(on["refused"].values()) == 1
    assert on["after"]["locator"] != on["attacker"]
    assert on["stream"]["rx_packets"] == clean["stream"]["rx_packets"]


@pytest.mark.parametrize("name,forge,where", [("dynamic", "keyed", "LM1"),
                                              ("hmipv6-host", "local-keyed", "MAP3")])
def test_a_valid_association_does_not_authorise_another_nodes_address(
        ns: Any, name: str, forge: str, where: str) -> None:
    """The forger holds an association of its own: with LM1 for its own leases (it has
    none), or with MAP3 for its own regional care-of address in the same /64. Its correctly
    signed Binding Update for the mobile node's session or regional care-of address is
    refused."""
    clean = _run(ns, name, True)
    keyed = _run(ns, name, True, forge)
    assert keyed["refused"][where] == 1
    assert keyed["after"]["locator"] != keyed["attacker"]
    assert keyed["stream"]["rx_packets"] == clean["stream"]["rx_packets"]


def test_every_preset_deploys_with_authentication(ns: Any) -> None:
    from ns3dmm.deploy import simulated_presets
    from ns3dmm.simulate import simulate

    secure = Functions({"ns3::dmm::LocationManagement": {"RequireAuthentication": True}})
    assert len(simulated_presets()) == 14
    for name in simulated_presets():
        out = simulate(name, functions=secure, stop_s=3.0)
        assert out.costs["signalling"]["unauthenticated"] == 0, name
        assert all(lm["authentication_failures"] == 0 for lm in out.lm_load.values()), name
        assert any(lm["messages"] > 0 for lm in out.lm_load.values()), name
