"""Duplicate address detection as RFC 4862, RFC 4429 and RFC 6275 10.3.1 say, and what each
delays: the mobile node's care-of address (standard: the Binding Update waits for it;
optimistic or off: it does not), the home agent's detection of the home address on a home link
before the first Binding Acknowledgement (RetransTimer, 1 s; updates of an existing binding
are answered at once), and the two duplicates: a care-of address in use on the new link is not
used, a home address in use on the home link is refused with status 134."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.attributes import Functions
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.metrics import handovers
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

DETACHED = 4
DUPLICATE_ADDRESS_DETECTION_FAILED = 134


def mipv6_run(*, dad: bool, optimistic: bool = False, home_link: bool = False,
              path: tuple[str, ...] = ("AR11", "AR12", "AR21"), stop_s: float = 18.0,
              setup: Any = None) -> dict[str, Any]:
    placement = presets.mipv6(networks=2, ars_per_network=2, mobile_nodes=2 if setup else 1,
                              home_link=home_link)
    by_mn = {"MN12": MobilityConfig(model="static", path=("AR11",))} if setup else {}
    sc = build_scenario(placement, ScenarioConfig(
        seed=1, run=1, dad=dad, solicitation_jitter_ms=0.0,
        mobility=MobilityConfig(model="path", path=path, speed_mps=10.0, start_s=2.0),
        mobility_by_mn=by_mn))
    try:
        dep = deploy(sc, Functions({"ns3::dmm::MobileNodeAgent": {"OptimisticDad": optimistic}}))
        if setup:
            setup(sc, dep)
        sc.add_udp_cbr("CN21", "MN11", dep.mn_address("MN11"), rate="400kbps", size=500,
                       start_s=1.5, name="stream")
        sc.run(stop_s)
        rx = sc.apps["stream"].received()
        events = dep.function_events("MN11")
        moves = handovers(rx.times, sc.station_events("MN11"), rx.sequences, events)
        return {"moves": moves, "events": events, "state": int(dep.agents["MN11"].GetState()),
                "bindings": int(dep.location_management["LM1"].GetNBindings())}
    finally:
        sc.destroy()


@pytest.fixture(scope="module")
def standard(ns: Any) -> dict[str, Any]:
    return mipv6_run(dad=True)


@pytest.fixture(scope="module")
def optimistic(ns: Any) -> dict[str, Any]:
    return mipv6_run(dad=True, optimistic=True)


@pytest.fixture(scope="module")
def off(ns: Any) -> dict[str, Any]:
    return mipv6_run(dad=False)


def test_the_binding_update_waits_for_duplicate_address_detection(standard: dict) -> None:
    """RFC 4862 5.4: the care-of address is used (and the Binding Update sent from it) once
    ns-3's detection ends: DadTimeout (1 s) after the Router Advertisement that made it."""
    for h in standard["moves"]:
        assert h.care_of_address_s - h.movement_detected_s == pytest.approx(1.0, abs=1e-6)
        assert h.registration_sent_s == pytest.approx(h.care_of_address_s, abs=1e-9)
        assert h.latency_s > 1.0


def test_optimistic_and_no_detection_send_at_once(optimistic: dict, off: dict,
                                                  standard: dict) -> None:
    """RFC 4429: an optimistic address is used while detection runs; without detection there
    is nothing to wait for. Either way the handover is about DadTimeout shorter."""
    for run in (optimistic, off):
        for h, slow in zip(run["moves"], standard["moves"], strict=True):
            assert h.care_of_address_s == pytest.approx(h.movement_detected_s, abs=1e-9)
            assert h.registration_sent_s == pytest.approx(h.movement_detected_s, abs=1e-9)
            assert h.latency_s < 0.2
            assert slow.latency_s - h.latency_s == pytest.approx(1.0, abs=0.08)


@pytest.fixture(scope="module")
def home(ns: Any) -> dict[str, Any]:
    # At home on AR11 (the home agent's link), then away: AR12, AR21.
    return mipv6_run(dad=True, optimistic=True, home_link=True)


def test_the_home_agent_detects_the_home_address_before_the_first_acknowledgement(
        home: dict) -> None:
    """RFC 6275 10.3.1: leaving home, the first registration creates the binding, so the home
    agent runs duplicate address detection of the home address on the home link (one
    solicitation, RetransTimer 1 s) before it acknowledges; the next registration updates the
    binding and is answered at once. (Optimistic DAD for the care-of address keeps the mobile
    node's own detection out of these times.)"""
    first, second = home["moves"]
    rtt_first = first.registration_acknowledged_s - first.registration_sent_s
    rtt_second = second.registration_acknowledged_s - second.registration_sent_s
    # AR12 and the home agent (AR11) are 4 ms apart each way, AR21 24 ms; the WiFi frames and
    # the access router's neighbour discovery of the new care-of address add up to 8 ms.
    assert 1.0 + 0.008 <= rtt_first <= 1.0 + 0.016
    assert 0.048 <= rtt_second <= 0.056
    assert first.registrations_sent == 1  # 1 s < InitialBindackTimeoutFirstReg (1.5 s)


def test_without_detection_the_home_agent_answers_at_once(ns: Any) -> None:
    run = mipv6_run(dad=False, home_link=True)
    first = run["moves"][0]
    assert first.registration_acknowledged_s - first.registration_sent_s < 0.02


def test_a_duplicate_home_address_is_refused_with_status_134(ns: Any) -> None:
    """MN12 sits on the home link holding MN11's home address; MN11 registers from away: the
    home agent's detection finds it, the Binding Acknowledgement says 134 and no binding is
    made; the agent gives up (DETACHED)."""
    def squat(sc: Any, dep: Any) -> None:
        ipv6 = sc.ipv6("MN12")
        ipv6.AddAddress(sc.interface("MN12", "wifi"), sc.ns.Ipv6InterfaceAddress(
            sc.ns.Ipv6Address(dep.mn_address("MN11")), sc.ns.Ipv6Prefix(64)))

    run = mipv6_run(dad=True, optimistic=True, home_link=True, path=("AR12", "AR21"),
                    stop_s=6.0, setup=squat)
    acks = [e for e in run["events"] if e["event"] == "ack"]
    assert acks and all(int(e["detail"].split()[1]) == DUPLICATE_ADDRESS_DETECTION_FAILED
                        for e in acks)
    assert run["state"] == DETACHED
    assert run["bindings"] == 0


def test_a_deregistration_supersedes_a_registration_waiting_for_detection(ns: Any) -> None:
    """While the home agent's detection of the home address runs for the first registration,
    a deregistration of that home address arrives: it is answered at once, and when the
    detection ends the waiting registration is not answered (no binding appears after the
    mobile node said it no longer wants one)."""
    seen: dict[str, Any] = {}

    def watch(sc: Any, dep: Any) -> None:
        dmm = sc.ns.dmm
        agent, lm = dep.agents["MN11"], dep.location_management["LM1"]
        home_agent = sc.ns.Ipv6AddressValue()
        agent.GetAttribute("HomeAgent", home_agent)
        home_agent = home_agent.Get()

        def deregister() -> None:
            bu = dmm.BindingUpdateHeader()
            bu.SetSequence(40000)
            bu.SetFlag(bu.FLAG_A, True)
            bu.SetFlag(bu.FLAG_H, True)
            bu.SetLifetime(sc.ns.Seconds(0))
            bu.AddOption(dmm.HomeNetworkPrefixOption(agent.GetHomeAddress(), 128))
            sc.node("MN11").GetObject[dmm.MobilityL4Protocol]().Send(
                bu, agent.GetCareOfAddress(), home_agent)
            seen["deregistered_s"] = sc.now()
            callbacks.schedule(1.2, lambda: seen.setdefault("bindings", lm.GetNBindings()))

        def poll() -> None:
            if int(agent.GetState()) == 1 and "deregistered_s" not in seen:  # REGISTERING
                callbacks.schedule(0.05, deregister)
                return
            if "deregistered_s" not in seen:
                callbacks.schedule(0.01, poll)

        callbacks.schedule(0.0, poll)

    mipv6_run(dad=True, optimistic=True, home_link=True, path=("AR11", "AR12"), stop_s=11.0,
              setup=watch)
    assert "deregistered_s" in seen
    assert seen["bindings"] == 0  # the detection ended meanwhile, the registration unanswered


def test_a_duplicate_care_of_address_is_not_used(ns: Any) -> None:
    """MN12 at AR12 already holds the address MN11 autoconfigures there: MN11's detection
    fails, the agent reports the duplicate and does not register it."""
    def squat(sc: Any, dep: Any) -> None:
        import ipaddress

        from ns3dmm.deploy import eui64

        coa = sc.access_subnets["AR12"].network_address + eui64(sc.macs["MN11"])

        def add() -> None:
            sc.ipv6("MN12").AddAddress(sc.interface("MN12", "wifi"), sc.ns.Ipv6InterfaceAddress(
                sc.ns.Ipv6Address(str(ipaddress.IPv6Address(coa))), sc.ns.Ipv6Prefix(64)))

        callbacks.schedule(1.0, add)

    placement_path = ("AR11", "AR12")
    run = mipv6_run(dad=True, path=placement_path, stop_s=10.0, setup=_at("AR12", squat))
    duplicates = [e for e in run["events"] if e["event"] == "duplicate"]
    assert len(duplicates) == 1
    registered = [e for e in run["events"] if e["event"] == "update"
                  and e["time_s"] > duplicates[0]["time_s"]]
    assert registered == []
    assert run["state"] == DETACHED


def _at(ar: str, setup: Any) -> Any:
    """``setup`` for a run where MN12 stands at ``ar`` instead of AR11."""
    def wrapped(sc: Any, dep: Any) -> None:
        x, y = sc.ap_positions[ar]
        sc.node("MN12").GetObject[sc.ns.MobilityModel]().SetPosition(
            sc.ns.Vector(x, y + 5.0, 0.0))
        setup(sc, dep)

    return wrapped
