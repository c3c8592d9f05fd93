"""Forged signalling against a MIPv6 home registration, with authentication off and on
(``LocationManagement.RequireAuthentication``: RFC 4285 MN-HA security associations between
each mobile node and its home agent, provisioned by deploy; everyone else has none).

MN11 sits on AR21, away from home, registered with LM1 on GW1; CN21 streams 100 UDP packets/s
to its home address from 2 s to 10 s. At 4 s CN21 (a third node, not the mobile node) sends LM1
a Binding Update for MN11's home address with a high sequence number: its own address as the
care-of address (hijack), or lifetime 0 (deletion). Off: the home agent takes it, and the
stream goes to CN21 or nowhere. On: it is refused with status 146 (MIPV6-AUTH-FAIL) sent to
the attacker, counted, the binding stays the mobile node's and every packet is delivered; the
mobile node's own acknowledgements verify."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.framework import presets

STOP_S = 10.5
ATTACK_S = 4.0


def _run(ns: Any, secure: bool, lifetime_s: int) -> dict[str, Any]:
    from ns3dmm.deploy import deploy
    from ns3dmm.scenario import ScenarioConfig, build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    dmm = ns.dmm
    placement = presets.mipv6(networks=2, ars_per_network=1)
    sc = build_scenario(placement, ScenarioConfig(seed=3, run=1, dad=False, mobility=MobilityConfig(
        model="path", path=("AR21",), speed_mps=1.0, start_s=100.0)))
    dep = deploy(sc, Functions({"ns3::dmm::LocationManagement":
                                {"RequireAuthentication": secure}}))
    hoa = dep.home_addresses["MN11"]
    ha = dep.function_address(placement.lm("LM1").node)
    attacker = sc.address("CN21", placement.node("CN21").attached_to)
    sc.add_udp_cbr("CN21", "MN11", hoa, rate="400kbps", size=500, start_s=2.0, stop_s=10.0,
                   name="stream")
    lm = dep.location_management["LM1"]
    statuses: list[int] = []
    l4 = sc.node("CN21").GetObject[dmm.MobilityL4Protocol]()
    acks = dmm.MessageTimes.Record(sc.node(placement.lm("LM1").node).GetObject[
        dmm.MobilityL4Protocol](), dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT)

    def forge() -> None:
        bu = dmm.BindingUpdateHeader()
        bu.SetSequence(5000)
        bu.SetFlag(bu.FLAG_A, True)
        bu.SetFlag(bu.FLAG_H, True)
        bu.SetLifetime(ns.Seconds(lifetime_s))
        bu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(hoa), 128))
        l4.Send(bu, ns.Ipv6Address(attacker), ns.Ipv6Address(ha))

    def look() -> None:
        statuses.extend(int(b.prefix == ns.Ipv6Address(hoa)) for b in lm.GetBindings())

    callbacks.schedule(ATTACK_S, forge)
    callbacks.schedule(ATTACK_S + 0.5, look)
    sc.run(STOP_S)
    app = sc.results()["apps"]["stream"]
    out = {"sent": app["tx_packets"], "received": app["rx_packets"],
           "failures": int(lm.GetAuthenticationFailures()),
           "bindings_after_attack": sum(statuses),
           "locator": {str(b.prefix): str(b.locator) for b in lm.GetBindings()}.get(
               hoa),
           "acks_to_attacker": sum(str(d) == attacker for d in acks.destinations),
           "coa": str(dep.agents["MN11"].GetCareOfAddress()), "attacker": attacker,
           "mn_failures": int(dep.agents["MN11"].GetAuthenticationFailures())}
    sc.destroy()
    return out


@pytest.mark.parametrize("lifetime_s", [60, 0], ids=["hijack", "deletion"])
def test_a_forged_binding_update_is_refused_with_authentication_and_not_without(
        ns: Any, lifetime_s: int) -> None:
    off = _run(ns, False, lifetime_s)
    on = _run(ns, True, lifetime_s)
    # Off: taken. The hijack moves the binding to the attacker, the deletion removes it; the
    # stream after the attack is lost to the mobile node either way.
    assert off["failures"] == 0
    if lifetime_s:
        assert off["locator"] == off["attacker"]
    else:
        assert off["bindings_after_attack"] == 0
    assert off["received"] < 0.4 * off["sent"]
    # On: refused (status 146 to the attacker), the binding is the mobile node's, nothing lost.
    assert on["failures"] == 1 and on["acks_to_attacker"] == 1
    assert on["locator"] == on["coa"] and on["bindings_after_attack"] == 1
    assert on["received"] == on["sent"] == 800
    assert on["mn_failures"] == 0  # its own home agent's acknowledgements verify


def test_authentication_is_refused_where_it_is_not_simulated(ns: Any) -> None:
    from ns3dmm.deploy import DeploymentError
    from ns3dmm.simulate import simulate

    secure = Functions({"ns3::dmm::LocationManagement": {"RequireAuthentication": True}})
    for name, match in (("pmipv6", "host-based home registrations only"),
                        ("dynamic", "per-session addresses"),
                        ("hmipv6-host", "anchor points")):
        with pytest.raises(DeploymentError, match=match):
            simulate(name, functions=secure, stop_s=1.0)


def _replay(ns: Any, secure: bool) -> dict[str, Any]:
    """MIPv6 with the home agent on AR11 (its link the home link): MN11 starts on AR21, comes
    home at about 8 s and deregisters. At 12 s CN21 sends LM1 MN11's first Binding Update
    again: its sequence number, care-of address and, with authentication, its authenticator
    under MN11's association. CN21 then streams to MN11's home address from 13 s to 19 s."""
    from ns3dmm.deploy import FIRST_SPI, deploy, security_key
    from ns3dmm.scenario import ScenarioConfig, build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    dmm = ns.dmm
    placement = presets.mipv6(networks=2, ars_per_network=1, home_link=True)
    config = ScenarioConfig(seed=3, run=1, dad=False, mobility=MobilityConfig(
        model="path", path=("AR21", "AR11"), speed_mps=20.0, start_s=4.0))
    sc = build_scenario(placement, config)
    dep = deploy(sc, Functions({"ns3::dmm::LocationManagement":
                                {"RequireAuthentication": secure}}))
    hoa = dep.home_addresses["MN11"]
    ha = dep.function_address(placement.lm("LM1").node)
    attacker = sc.address("CN21", placement.node("CN21").attached_to)
    lm = dep.location_management["LM1"]
    sc.add_udp_cbr("CN21", "MN11", hoa, rate="400kbps", size=500, start_s=13.0, stop_s=19.0,
                   name="stream")
    l4 = sc.node("CN21").GetObject[dmm.MobilityL4Protocol]()
    first: dict[str, Any] = {}

    def note_first() -> None:
        updates = [e for e in dep.function_events("MN11") if e["event"] == "update"]
        first["sequence"] = int(updates[0]["detail"].split()[0])
        first["coa"] = str(dep.agents["MN11"].GetCareOfAddress())

    def replay() -> None:
        bu = dmm.BindingUpdateHeader()
        bu.SetSequence(first["sequence"])
        bu.SetFlag(bu.FLAG_A, True)
        bu.SetFlag(bu.FLAG_H, True)
        bu.SetLifetime(ns.Seconds(60))
        bu.AddOption(dmm.HomeNetworkPrefixOption(ns.Ipv6Address(hoa), 128))
        bu.AddOption(dmm.AlternateCareOfAddressOption(ns.Ipv6Address(first["coa"])))
        if secure:
            dmm.MobilityAuthentication.Sign(bu, 1, FIRST_SPI, security_key(3, 1, 0),
                                            ns.Ipv6Address(first["coa"]), ns.Ipv6Address(hoa))
        l4.Send(bu, ns.Ipv6Address(attacker), ns.Ipv6Address(ha))

    callbacks.schedule(3.0, note_first)
    callbacks.schedule(12.0, replay)
    sc.run(20.0)
    app = sc.results()["apps"]["stream"]
    out = {"sent": app["tx_packets"], "received": app["rx_packets"],
           "bindings_end": int(lm.GetNBindings()), "replays_refused": int(lm.GetReplaysRefused()),
           "failures": int(lm.GetAuthenticationFailures()),
           "home": [ar for _, ar, up in sc.associations("MN11") if up][-1]}
    sc.destroy()
    return out


def test_a_replayed_binding_update_after_deregistration_is_refused_with_authentication(
        ns: Any) -> None:
    """Off: the replay recreates the binding to the old care-of address and the stream to the
    mobile node, now at home, is lost. On: the association remembers the last sequence number
    accepted (the deregistration's), the replay is refused as stale (status 135) though its
    authenticator verifies, and the stream arrives."""
    off = _replay(ns, False)
    on = _replay(ns, True)
    assert off["home"] == on["home"] == "AR11"
    assert off["bindings_end"] == 1 and off["received"] == 0 < off["sent"]
    assert on["replays_refused"] == 1 and on["failures"] == 0 and on["bindings_end"] == 0
    assert on["received"] == on["sent"] == 600
