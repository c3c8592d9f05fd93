"""Authenticated location management messages (``MobilityL4Protocol.AddPeerAssociation``,
``RequirePeerAuthentication``): with ``LocationManagement.RequireAuthentication`` deploy gives
one RFC 4285 security association to each pair of nodes that exchange location management
messages (replicas of a database, a location cache and the function it asks or is pushed by,
a proxy and the functions it registers with) and to no other pair; every such message then
carries a Mobility Message Authentication option, verified before it is handled.

HAHA (three replicas of LM0, an anycast group), route optimisation by query and by push
(network-based, one home address per mobile node), HMIPv6 and figure 7 (network-based: their
anchor points sign what they register upwards) deliver with authentication what they deliver
without it, and no signed message is refused. A Location Replicate forged by a
correspondent with a replica's address as its source, binding the mobile node's home address
to the correspondent, moves the binding (and the stream) without authentication; with it, it
is dropped and counted, and the binding stays. Each location message costs the option (16 to
32 octets with the padding)."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

STOP_S = 12.0
FORGE_S = 5.0


def _l4s(ns: Any, sc: Any) -> dict[str, Any]:
    return {name: node.GetObject[ns.dmm.MobilityL4Protocol]() for name, node in sc.nodes.items()}


def _haha(ns: Any, secure: bool, forge: bool, replay_protection: bool = False,
          replays: tuple[float, ...] = ()) -> dict[str, Any]:
    placement = presets.build_preset("haha", networks=3, ars_per_network=1, mobile_nodes=1)
    sc = build_scenario(placement, ScenarioConfig(
        seed=5, run=1, dad=False, core="ring",
        mobility=MobilityConfig(model="path", speed_mps=1.0, start_s=100.0, path=("AR21",))))
    try:
        dep = deploy(sc, Functions({"ns3::dmm::LocationManagement": {
            "RequireAuthentication": secure, "ReplayProtection": replay_protection}}))
        hoa = dep.mn_address("MN11")
        sc.add_udp_cbr("CN21", "MN11", hoa, rate="400kbps", size=500, start_s=2.0,
                       stop_s=STOP_S - 0.5, name="stream")
        l4s = _l4s(ns, sc)
        # An eavesdropper keeps the first Location Replicate HA2 sends HA1, as sent (signed),
        # and sends it again later with HA2's address as its source.
        kept: list[Any] = []

        def keep(message: Any, ip: Any, _: int) -> None:
            if (not kept and message.GetMhType() == 11
                    and str(ip.GetDestination()) == dep.function_address("HA1")
                    and message.GetSubtype()
                    == ns.dmm.LocationManagementHeader.LOCATION_REPLICATE):
                kept.append((message, ip.GetSource(), ip.GetDestination(),
                             ns.Simulator.Now().GetSeconds()))

        def replay() -> None:
            message, source, destination, _ = kept[0]
            l4s["CN21"].Send(message, source, destination)

        if replays:
            callbacks.on_sent(l4s["HA2"], keep)
            for at in replays:
                callbacks.schedule(at, replay)
        attacker = sc.address("CN21", placement.node("CN21").attached_to)
        # HA2 (nearest AR21) holds the registration and replicates it to HA1 and HA3; the
        # forgery claims to come from HA2 and goes to HA1, HA3 and HA2 itself is left alone.
        victims = ("HA1", "HA3")
        after: dict[str, Any] = {}

        def strike() -> None:
            for victim in victims:
                replicate = ns.dmm.LocationManagementHeader(
                    ns.dmm.LocationManagementHeader.LOCATION_REPLICATE)
                replicate.SetSequence(5000)
                replicate.SetLifetime(ns.Seconds(60))
                replicate.AddOption(ns.dmm.HomeNetworkPrefixOption(ns.Ipv6Address(hoa), 128))
                replicate.AddOption(ns.dmm.AlternateCareOfAddressOption(
                    ns.Ipv6Address(attacker)))
                l4s["CN21"].Send(replicate, ns.Ipv6Address(dep.function_address("HA2")),
                                 ns.Ipv6Address(dep.function_address(victim)))

        def look() -> None:
            after.update({
                name: str(lm.GetLocator(ns.Ipv6Address(hoa)))
                for name, lm in dep.location_management.items()})

        if forge:
            callbacks.schedule(FORGE_S, strike)
        callbacks.schedule(FORGE_S + 1.0, look)
        sc.run(STOP_S)
        return {
            "stream": sc.results()["apps"]["stream"],
            "after": after, "attacker": attacker,
            "coa": str(dep.agents["MN11"].GetCareOfAddress()),
            "associations": {n: int(l4.GetNPeerAssociations()) for n, l4 in l4s.items() if l4},
            "unauthenticated": {n: int(l4.GetUnauthenticated()) for n, l4 in l4s.items() if l4},
            "replicates_refused": {n: int(lm.GetReplicatesRefused())
                                   for n, lm in dep.location_management.items()},
            "replicates_handled": {n: int(lm.GetReplicatesApplied() + lm.GetReplicatesRefused())
                                   for n, lm in dep.location_management.items()},
            "replayed": {n: int(l4.GetReplayed()) for n, l4 in l4s.items() if l4},
            "kept": len(kept),
            "kept_at": kept[0][3] if kept else None,
            "kept_stamped": bool(kept) and bool(kept[0][0].FindOption(
                ns.dmm.MobilityOption.MOBILITY_MESSAGE_REPLAY_PROTECTION)),
            "location_messages": {n: int(l4.GetTxCount(11)) for n, l4 in l4s.items() if l4},
            "location_octets": {n: sum(int(l4.GetTxBytesTo(d, 11)) for d in l4.GetTxDestinations())
                                for n, l4 in l4s.items() if l4},
        }
    finally:
        sc.destroy()


@pytest.fixture(scope="module")
def haha(ns: Any) -> dict[tuple[bool, bool], dict[str, Any]]:
    return {(secure, forge): _haha(ns, secure, forge)
            for secure in (False, True) for forge in (False, True)}


def test_replicas_sign_what_they_replicate_and_deliver_the_same(haha: dict) -> None:
    off, on = haha[False, False], haha[True, False]
    assert sum(off["associations"].values()) == 0
    # each pair of the three replicas: one association, for every address of the other node
    assert all(on["associations"][m] > 0 for m in ("HA1", "HA2", "HA3"))
    assert on["associations"]["CN21"] == on["associations"]["MN11"] == 0
    assert sum(on["unauthenticated"].values()) == 0
    assert on["stream"]["rx_packets"] == off["stream"]["rx_packets"] > 0.95 * off["stream"][
        "tx_packets"]
    for bindings in (off["after"], on["after"]):
        assert set(bindings.values()) == {on["coa"]}


def test_a_forged_replicate_moves_the_binding_without_authentication_only(haha: dict) -> None:
    off, on = haha[False, True], haha[True, True]
    # off: the two replicas it reached bind the home address to the correspondent
    assert off["after"]["LM0-1"] == off["after"]["LM0-3"] == off["attacker"]
    assert sum(off["unauthenticated"].values()) == 0
    # on: dropped before the function sees it, counted where it arrived
    assert on["unauthenticated"]["HA1"] == on["unauthenticated"]["HA3"] == 1
    assert set(on["after"].values()) == {on["coa"]}
    assert on["stream"]["rx_packets"] == haha[True, False]["stream"]["rx_packets"]


@pytest.fixture(scope="module")
def replayed(ns: Any) -> dict[bool, dict[str, Any]]:
    """Authenticated HAHA whose first Location Replicate from HA2 to HA1 (at 2 s) is replayed
    at 5 s (inside the 7 s window) and at 10 s (outside it), with and without replay
    protection; and the protected run without the replays."""
    return {protect: _haha(ns, True, False, replay_protection=protect, replays=(5.0, 10.0))
            for protect in (False, True)} | {
        "quiet": _haha(ns, True, False, replay_protection=True)}


def test_replayed_location_messages_are_dropped_with_replay_protection(replayed: dict) -> None:
    """Without replay protection both replays are authentic and reach HA1's location
    management (which has only the sequence number to judge them by); with it, the one inside
    the window was taken already and the one outside it is stale: both dropped and counted
    before any function sees them, and nothing else changes."""
    off, on, quiet = replayed[False], replayed[True], replayed["quiet"]
    assert off["kept"] == on["kept"] == 1
    # kept before 3 s: the replay at 5 s is inside the 7 s window, the one at 10 s outside it
    assert on["kept_at"] < 3.0 and off["kept_at"] < 3.0
    assert on["kept_stamped"] and not off["kept_stamped"]
    assert sum(off["replayed"].values()) == 0 and sum(off["unauthenticated"].values()) == 0
    assert off["replicates_handled"]["LM0-1"] == quiet["replicates_handled"]["LM0-1"] + 2
    assert on["replayed"]["HA1"] == 2 and sum(on["replayed"].values()) == 2
    assert on["replicates_handled"] == quiet["replicates_handled"]
    assert sum(quiet["replayed"].values()) == 0 and sum(quiet["unauthenticated"].values()) == 0
    assert set(on["after"].values()) == {on["coa"]}
    assert on["stream"]["rx_packets"] == quiet["stream"]["rx_packets"] > 0.95 * quiet[
        "stream"]["tx_packets"]
    # the replay protection option: 10 octets aligned 8n+2, the message padded to 8 octets:
    # 8 or 16 more per message as the padding falls
    count = quiet["location_messages"]["HA2"]
    assert count == replayed[False]["location_messages"]["HA2"] > 0
    extra = quiet["location_octets"]["HA2"] - replayed[False]["location_octets"]["HA2"]
    assert 8 * count <= extra <= 16 * count and extra % 8 == 0


def test_the_option_costs_16_to_32_octets_per_location_message(haha: dict) -> None:
    off, on = haha[False, False], haha[True, False]
    for member in ("HA1", "HA2", "HA3"):
        count = on["location_messages"][member]
        assert count == off["location_messages"][member] > 0  # the same messages
        extra = on["location_octets"][member] - off["location_octets"][member]
        # RFC 4285's option is 19 octets (subtype, SPI, 96-bit authenticator) aligned 4n+2,
        # the message padded to 8 octets: 24 more, or 16 or 32 as the padding falls
        assert 16 * count <= extra <= 32 * count and extra % 8 == 0


PLACEMENTS = {
    "ro-gwar-query": {"networks": 3, "ars_per_network": 1, "mode": "network",
                      "allocation": "per-mn"},
    "ro-anycast-push": {"networks": 3, "ars_per_network": 1, "mode": "network",
                        "allocation": "per-mn"},
    "hmipv6-network": {},
    "distributed": {"mode": "network"},
    "haha": {"networks": 3, "ars_per_network": 1, "mode": "network"},
}


def _network_based(ns: Any, name: str, secure: bool) -> dict[str, Any]:
    placement = presets.build_preset(name, **PLACEMENTS[name])
    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=3.0,
                                path=("AR11", "AR21", "AR31"))))
    try:
        dep = deploy(sc, Functions({"ns3::dmm::LocationManagement": {
            "RequireAuthentication": secure}}))
        mn, cn = placement.mobile_nodes[0].name, placement.correspondents[0].name
        sc.add_udp_cbr(cn, mn, lambda: dep.mn_address(mn), rate="400kbps", size=500,
                       start_s=1.5, stop_s=STOP_S + 10.0, name="stream")
        sc.run(STOP_S + 10.5)
        l4s = _l4s(ns, sc)
        return {
            "stream": sc.results()["apps"]["stream"],
            "associations": sum(int(l4.GetNPeerAssociations()) for l4 in l4s.values() if l4),
            "unauthenticated": sum(int(l4.GetUnauthenticated()) for l4 in l4s.values() if l4),
            "location_messages": sum(int(l4.GetTxCount(11)) for l4 in l4s.values() if l4),
            "registration_octets": sum(int(l4.GetTxBytes()) - sum(
                int(l4.GetTxBytesTo(d, 11)) for d in l4.GetTxDestinations())
                for node, l4 in l4s.items() if l4 and node != mn),
            "refused": sum(int(p.GetAuthenticationFailures()) for p in (
                *dep.proxies.values(), *dep.anchor_points.values(),
                *dep.location_management.values(), *dep.regional.values())),
        }
    finally:
        sc.destroy()


@pytest.mark.parametrize("name", list(PLACEMENTS))
def test_network_based_designs_sign_everything_and_deliver_the_same(ns: Any, name: str) -> None:
    """Route optimisation (its queries and pushes), anchor points (their registrations up and
    the access routers' to them), figure 7's visited MRs proxying to the home LM, and proxies
    registering with HAHA's anycast address (one association per proxy, held by every
    member; the nearest takes the registration, replicates it and notifies the old proxy)."""
    off, on = _network_based(ns, name, False), _network_based(ns, name, True)
    assert off["associations"] == 0 and on["associations"] > 0
    assert on["unauthenticated"] == on["refused"] == 0
    if name.startswith("ro-"):
        assert on["location_messages"] > 0
    # every proxy registration and acknowledgement carries the option: more octets
    assert on["registration_octets"] > off["registration_octets"]
    assert on["stream"]["rx_packets"] == off["stream"]["rx_packets"] > 0.9 * off["stream"][
        "tx_packets"]


@pytest.mark.parametrize("skew_s", [0.0, 10.0])
def test_a_mag_whose_clock_is_off_is_refused_with_the_anchors_time(ns: Any,
                                                                   skew_s: float) -> None:
    """PMIPv6 with authentication, the MAGs' clocks ``skew_s`` ahead of the LMA's (beyond its
    300 ms window): every Proxy Binding Update is refused with TIMESTAMP_MISMATCH (156), and
    the refusal carries the LMA's current time instead of the MAG's timestamp (RFC 5213
    5.5.1). The MAG takes it as an answer to its registration (signed, from its parent; not
    an authentication failure) and gives the registration up; nothing is bound."""
    placement = presets.build_preset("pmipv6", networks=3, ars_per_network=1)
    sc = build_scenario(placement, ScenarioConfig(
        seed=5, run=1, dad=False,
        mobility=MobilityConfig(model="path", speed_mps=1.0, start_s=100.0, path=("AR11",))))
    try:
        dep = deploy(sc, Functions({
            "ns3::dmm::LocationManagement": {"RequireAuthentication": True},
            "ns3::dmm::Proxy": {"ClockOffset": f"{skew_s:g}s"}}))
        acks: list[tuple[int, float]] = []
        proxy = dep.proxies["AR11"]

        def pba(message: Any, ip: Any, _: int) -> None:
            if message.GetMhType() == 6:  # a Proxy Binding Acknowledgement leaving the LMA
                stamp = ns.DynamicCast[ns.dmm.TimestampOption](message.FindOption(27))
                acks.append((int(message.GetStatus()), stamp.GetTimestamp().GetSeconds(),
                             ns.Simulator.Now().GetSeconds()))

        lma = placement.lm("LM1").node
        callbacks.on_sent(sc.node(lma).GetObject[ns.dmm.MobilityL4Protocol](), pba)
        sc.run(3.0)
        lm = dep.location_management["LM1"]
        assert int(proxy.GetAuthenticationFailures()) == 0
        if not skew_s:
            assert acks and acks[0][0] == 0 and int(lm.GetNBindings()) == 1
            return
        assert int(lm.GetNBindings()) == 0
        assert acks and all(status == 156 for status, _, _ in acks)
        # the anchor's time (its clock: the simulated time), not the MAG's 10 s ahead
        assert all(stamp == pytest.approx(at, abs=1e-3) for _, stamp, at in acks)
    finally:
        sc.destroy()
