"""Return routability against an attacker (RFC 6275 5.2.6, 15.4.1; preset ``mipv6-ro`` with
correspondents CN21 and CN31): MN11, on AR21 from 7.5 s, holds a binding at CN21, which
streams UDP to its home address; at 10 s CN31 attacks CN21's binding cache.

* Hijack with the care-of path only: CN31 runs the care-of test from its own address (it
  receives that Care-of Test) and sends a Binding Update for MN11's home address with its own
  address as care-of address, guessing the home keygen token, which travels to the home
  address only. Refused: silently discarded and counted; the binding and the stream stay
  MN11's.
* Flooding with the home path only: CN31 runs the home test for its own address (it receives
  that Home Test) and sends a Binding Update from MN11's care-of address (spoofed) binding its
  own address there, guessing the care-of keygen token, which goes to that care-of address
  only. Refused the same way; no binding for CN31's address.
* Both paths, the control: CN31 also eavesdrops CN21's link, so it sees the Home Test that
  CN21 sends to MN11's home address for a Home Test Init CN31 sent from it (spoofed). With both
  tokens the same forged Binding Update is taken, and the stream goes to CN31 from then on:
  return routability protects against an attacker off one of the two paths, not one on both
  (RFC 6275 15.4.1)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

ATTACK_S = 10.0
STOP_S = 16.0


def _attack(ns: Any, kind: str) -> dict[str, Any]:
    dmm = ns.dmm
    placement = presets.build_preset("mipv6-ro", networks=3, ars_per_network=1,
                                     correspondents=2)
    sc = build_scenario(placement, ScenarioConfig(seed=5, run=1, dad=False, mobility=MobilityConfig(
        model="path", path=("AR11", "AR21"), speed_mps=10.0, start_s=2.0)))
    try:
        dep = deploy(sc)
        hoa = dep.mn_address("MN11")
        cn = dep.function_address("CN21")
        attacker = dep.function_address("CN31")
        sc.add_udp_cbr("CN21", "MN11", hoa, rate="400kbps", size=500, start_s=1.5,
                       name="stream")
        correspondent = dep.correspondents["CN21"]
        l4 = sc.node("CN31").GetObject[dmm.MobilityL4Protocol]()
        seen: dict[str, Any] = {}
        guess = random.Random(1)

        def heard(message: Any, ip: Any, interface: int) -> None:
            # The attacker's own Home Test or Care-of Test.
            seen[message.GetMhType()] = (message.GetNonceIndex(), message.GetKeygenToken())

        def eavesdropped(message: Any, ip: Any, interface: int) -> None:
            # What CN21 sends on its link: its Home Test to MN11's home address.
            if message.GetMhType() == dmm.MobilityHeader.HOME_TEST and str(
                    ip.GetDestination()) == hoa and message.GetInitCookie() == 0x5EED:
                seen["eavesdropped"] = (message.GetNonceIndex(), message.GetKeygenToken())

        for mh_type in (dmm.MobilityHeader.HOME_TEST, dmm.MobilityHeader.CARE_OF_TEST):
            l4.AddHandler(mh_type, 0, callbacks.message_handler(heard), "attacker",
                          dmm.MobilityL4Protocol.ClaimCallback())
        if kind == "both":
            callbacks.on_sent(sc.node("CN21").GetObject[dmm.MobilityL4Protocol](),
                              eavesdropped)

        def tests() -> None:
            if kind in ("hijack", "both"):
                coti = dmm.CareOfTestInitHeader()
                coti.SetInitCookie(0xC0FFEE)
                l4.Send(coti, ns.Ipv6Address(attacker), ns.Ipv6Address(cn))
            if kind == "both":
                hoti = dmm.HomeTestInitHeader()
                hoti.SetInitCookie(0x5EED)
                l4.Send(hoti, ns.Ipv6Address(hoa), ns.Ipv6Address(cn))  # spoofed source
            if kind == "flooding":
                hoti = dmm.HomeTestInitHeader()
                hoti.SetInitCookie(0x5EED)
                l4.Send(hoti, ns.Ipv6Address(attacker), ns.Ipv6Address(cn))

        def forge() -> None:
            seen["victim_coa"] = str(dep.agents["MN11"].GetCareOfAddress())
            bu = dmm.BindingUpdateHeader()
            bu.SetSequence(1000)  # newer than the mobile node's (RFC 6275 9.5.1, modulo 2^16)
            bu.SetFlag(bu.FLAG_A, True)
            bu.SetLifetime(ns.Seconds(400))
            if kind == "flooding":
                home, care_of = attacker, seen["victim_coa"]
                home_index, home_token = seen[dmm.MobilityHeader.HOME_TEST]
                care_of_index, care_of_token = home_index, guess.getrandbits(64)
            else:
                home, care_of = hoa, attacker
                care_of_index, care_of_token = seen[dmm.MobilityHeader.CARE_OF_TEST]
                home_index, home_token = (seen["eavesdropped"] if kind == "both"
                                          else (care_of_index, guess.getrandbits(64)))
            bu.AddOption(dmm.NonceIndicesOption(home_index, care_of_index))
            kbm = dmm.ReturnRoutability.BindingKey(home_token, care_of_token, False)
            dmm.ReturnRoutability.Sign(bu, kbm, ns.Ipv6Address(care_of), ns.Ipv6Address(cn))
            l4.SendFromCareOf(bu, ns.Ipv6Address(care_of), ns.Ipv6Address(home),
                              ns.Ipv6Address(cn), "attacker")

        def look() -> None:
            seen["binding"] = str(correspondent.GetCareOf(ns.Ipv6Address(hoa)))
            seen["attacker_binding"] = str(correspondent.GetCareOf(ns.Ipv6Address(attacker)))
            seen["unauthenticated"] = int(correspondent.GetUnauthenticated())
            seen["received_at_attack"] = len(sc.apps["stream"].received().sequences)

        callbacks.schedule(ATTACK_S, tests)
        callbacks.schedule(ATTACK_S + 0.5, forge)
        callbacks.schedule(ATTACK_S + 0.6, look)
        sc.run(STOP_S)
        seen["received"] = len(sc.apps["stream"].received().sequences)
        seen["attacker"] = attacker
        seen["tokens_heard"] = sorted(k for k in seen if isinstance(k, int))
        return seen
    finally:
        sc.destroy()
        callbacks.release()


@pytest.fixture(scope="module", params=["hijack", "flooding", "both"])
def attack(request: Any, ns: Any) -> tuple[str, dict[str, Any]]:
    return request.param, _attack(ns, request.param)


def test_an_attacker_off_one_token_path_cannot_bind_and_one_on_both_can(
        attack: tuple[str, dict[str, Any]]) -> None:
    kind, seen = attack
    # The attacker got the token of the path it is on, and only that one.
    assert seen["tokens_heard"] == ([3] if kind == "flooding" else [4])
    if kind == "both":
        assert "eavesdropped" in seen
        assert seen["binding"] == seen["attacker"]
        assert seen["unauthenticated"] == 0
        # From the attack on, CN21 sends MN11's stream to CN31.
        assert seen["received"] < seen["received_at_attack"] + 10
        return
    assert seen["unauthenticated"] == 1
    assert seen["binding"] == seen["victim_coa"] != "::"
    assert seen["attacker_binding"] == "::"
    # Every packet after the attack still reaches MN11 (100 a second, to the end).
    assert seen["received"] - seen["received_at_attack"] >= (STOP_S - ATTACK_S - 0.6) * 100 - 2
