"""The correspondent's processing of Binding Updates (RFC 6275 9.5.1, 9.5.4), message by
message: a third node (CN31 in ``mipv6-ro`` with two correspondents) runs return routability
with CN21 for addresses of its own and sends it Binding Updates built by hand, and reads the
acknowledgements CN21 sends back (to the care-of address, with a Type 2 Routing header).

Checked, each against what CN21 then holds: a correct update is accepted (status 0, signed:
its authenticator verifies with Kbm) and its lifetime capped at MAX_RR_BINDING_LIFETIME; one
without Nonce Indices or Binding Authorization Data, or with a wrong authenticator, is silently
discarded and counted; nonce indices CN21 never issued are refused with 136, 137 or 138 (which
ones), unsigned; a sequence number not newer than the cached one is refused with 135 and the
cached number; lifetime 0 removes the binding, and so does an update from home (no Home
Address option: Kbm from the home keygen token alone); a packet with a Home Address option
for which CN21 holds no binding is dropped and answered by a Binding Error with status 1."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

#: the steps, one every 0.2 s from 3 s: (name, what the Binding Update is)
STEPS = ["accepted", "no-nonce-indices", "no-authorization", "wrong-authenticator",
         "unknown-home-nonce", "unknown-care-of-nonce", "unknown-nonces", "old-sequence",
         "capped", "deleted", "again", "from-home", "unknown-binding"]


@pytest.fixture(scope="module")
def exchange(ns: Any) -> dict[str, Any]:
    dmm = ns.dmm
    placement = presets.build_preset("mipv6-ro", networks=3, ars_per_network=1,
                                     correspondents=2)
    sc = build_scenario(placement, ScenarioConfig(seed=3, run=1, dad=False, mobility=MobilityConfig(
        model="static")))
    try:
        dep = deploy(sc)
        cn = dep.function_address("CN21")
        me = dep.function_address("CN31")  # its own address as care-of address
        home = "2001:3:0:fffe::99"  # an address of CN31's network as its home address
        correspondent = dep.correspondents["CN21"]
        l4 = sc.node("CN31").GetObject[dmm.MobilityL4Protocol]()
        sc.node("CN31").GetObject[ns.Ipv6]().AddAddress(
            1, ns.Ipv6InterfaceAddress(ns.Ipv6Address(home), ns.Ipv6Prefix(64)))
        tokens: dict[int, tuple[int, int]] = {}
        acks: dict[str, Any] = {}
        errors: list[Any] = []
        state = {"step": None}

        def heard(message: Any, ip: Any, interface: int) -> None:
            if message.GetMhType() in (dmm.MobilityHeader.HOME_TEST,
                                       dmm.MobilityHeader.CARE_OF_TEST):
                tokens[message.GetMhType()] = (message.GetNonceIndex(),
                                               message.GetKeygenToken())
            elif message.GetMhType() == dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT:
                acks[state["step"]] = (message, str(ip.GetDestination()))
            elif message.GetMhType() == dmm.MobilityHeader.BINDING_ERROR:
                errors.append((message.GetStatus(), str(message.GetHomeAddress())))

        for mh_type in (dmm.MobilityHeader.HOME_TEST, dmm.MobilityHeader.CARE_OF_TEST,
                        dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT,
                        dmm.MobilityHeader.BINDING_ERROR):
            l4.AddHandler(mh_type, 0, callbacks.message_handler(heard), "tester",
                          dmm.MobilityL4Protocol.ClaimCallback())
        dmm.Type2RoutingExtension.Install(sc.node("CN31")).AddHomeAddress(ns.Ipv6Address(home))

        def tests() -> None:
            hoti = dmm.HomeTestInitHeader()
            hoti.SetInitCookie(1)
            l4.Send(hoti, ns.Ipv6Address(home), ns.Ipv6Address(cn))
            coti = dmm.CareOfTestInitHeader()
            coti.SetInitCookie(2)
            l4.Send(coti, ns.Ipv6Address(me), ns.Ipv6Address(cn))

        seen: dict[str, Any] = {"kbm": {}}

        def send(step: str) -> None:
            state["step"] = step
            home_index, home_token = tokens[dmm.MobilityHeader.HOME_TEST]
            care_index, care_token = tokens[dmm.MobilityHeader.CARE_OF_TEST]
            sequence = {"old-sequence": 1, "capped": 3, "deleted": 4, "again": 5,
                        "from-home": 6}.get(step, 2)
            lifetime = {"capped": 1000, "deleted": 0}.get(step, 60)
            bu = dmm.BindingUpdateHeader()
            bu.SetSequence(sequence)
            bu.SetFlag(bu.FLAG_A, True)
            bu.SetLifetime(ns.Seconds(lifetime))
            if step == "unknown-home-nonce":
                home_index += 1000
            elif step == "unknown-care-of-nonce":
                care_index += 1000
            elif step == "unknown-nonces":
                home_index, care_index = home_index + 1000, care_index + 1000
            if step != "no-nonce-indices":
                bu.AddOption(dmm.NonceIndicesOption(home_index, care_index))
            from_home = step == "from-home"
            kbm = dmm.ReturnRoutability.BindingKey(
                home_token, care_token ^ (1 if step == "wrong-authenticator" else 0), from_home)
            seen["kbm"][step] = kbm
            coa = home if from_home else me
            if step not in ("no-authorization", "no-nonce-indices"):
                dmm.ReturnRoutability.Sign(bu, kbm, ns.Ipv6Address(coa), ns.Ipv6Address(cn))
            if step == "no-nonce-indices":
                dmm.ReturnRoutability.Sign(bu, kbm, ns.Ipv6Address(coa), ns.Ipv6Address(cn))
            if from_home:
                l4.Send(bu, ns.Ipv6Address(home), ns.Ipv6Address(cn), "tester")
            else:
                l4.SendFromCareOf(bu, ns.Ipv6Address(me), ns.Ipv6Address(home),
                                  ns.Ipv6Address(cn), "tester")

        def look(step: str) -> None:
            seen[step] = {"binding": str(correspondent.GetCareOf(ns.Ipv6Address(home))),
                          "unauthenticated": int(correspondent.GetUnauthenticated()),
                          "refused": int(correspondent.GetRefused())}

        def stray() -> None:
            # a UDP-less probe: a Mobility Header (Binding Refresh Request type is not a BU)
            # from the care-of address with the option, no binding held any more
            state["step"] = "unknown-binding"
            brr = dmm.BindingRefreshRequestHeader()
            l4.SendFromCareOf(brr, ns.Ipv6Address(me), ns.Ipv6Address(home),
                              ns.Ipv6Address(cn), "tester")

        callbacks.schedule(2.0, tests)
        for k, step in enumerate(STEPS):
            at = 3.0 + 0.2 * k
            if step == "unknown-binding":
                callbacks.schedule(at, stray)
            else:
                callbacks.schedule(at, lambda step=step: send(step))
            callbacks.schedule(at + 0.15, lambda step=step: look(step))
        sc.run(3.0 + 0.2 * len(STEPS) + 0.5)
        seen.update(acks=acks, errors=errors, me=me, home=home, cn=cn,
                    delivered=int(dep.correspondents["CN21"].GetRouteOptimisedReceived()))
        return seen
    finally:
        sc.destroy()
        callbacks.release()


def _status(exchange: dict[str, Any], step: str) -> int | None:
    ack = exchange["acks"].get(step)
    return None if ack is None else int(ack[0].GetStatus())


def test_a_correct_update_is_accepted_signed_and_capped(ns: Any, exchange: dict) -> None:
    ack, to = exchange["acks"]["accepted"]
    assert int(ack.GetStatus()) == 0 and to == exchange["home"]  # delivered from RH2
    assert ns.dmm.ReturnRoutability.Verify(ack, exchange["kbm"]["accepted"],
                                           ns.Ipv6Address(exchange["me"]),
                                           ns.Ipv6Address(exchange["cn"]))
    assert exchange["accepted"]["binding"] == exchange["me"]
    capped, _ = exchange["acks"]["capped"]
    assert int(capped.GetStatus()) == 0 and capped.GetLifetime().GetSeconds() == 420


@pytest.mark.parametrize("step", ["no-nonce-indices", "no-authorization",
                                  "wrong-authenticator"])
def test_an_unauthorised_update_is_silently_discarded(exchange: dict, step: str) -> None:
    before = exchange[STEPS[STEPS.index(step) - 1]]["unauthenticated"]
    assert exchange[step]["unauthenticated"] == before + 1
    assert step not in exchange["acks"]


@pytest.mark.parametrize(("step", "status"), [("unknown-home-nonce", 136),
                                              ("unknown-care-of-nonce", 137),
                                              ("unknown-nonces", 138)])
def test_nonce_indices_not_issued_are_refused_unsigned(ns: Any, exchange: dict, step: str,
                                                       status: int) -> None:
    ack, _ = exchange["acks"][step]
    assert int(ack.GetStatus()) == status
    assert not ack.FindOption(ns.dmm.MobilityOption.BINDING_AUTHORIZATION_DATA)
    assert exchange[step]["binding"] == exchange["me"]  # the accepted binding stays


def test_an_old_sequence_number_is_refused_with_the_cached_one(exchange: dict) -> None:
    ack, _ = exchange["acks"]["old-sequence"]
    assert int(ack.GetStatus()) == 135 and int(ack.GetSequence()) == 2


def test_lifetime_zero_and_an_update_from_home_remove_the_binding(exchange: dict) -> None:
    assert _status(exchange, "deleted") == 0 and exchange["deleted"]["binding"] == "::"
    assert exchange["again"]["binding"] == exchange["me"]
    assert _status(exchange, "from-home") == 0 and exchange["from-home"]["binding"] == "::"


def test_a_home_address_option_without_a_binding_gets_binding_error_1(exchange: dict) -> None:
    assert (1, exchange["home"]) in exchange["errors"]
