"""Signalling loss (``ScenarioConfig.signalling_loss``): each node loses a share of the
Mobility Header messages it receives (an ns-3 RateErrorModel in its MobilityL4Protocol, data
untouched). At layer 3 the losses are counted and follow the rate, per MH Type; in a MIPv6
WiFi run at 30 % every registration still converges through RFC 6275's retransmissions, and
the registration delay grows as the back-off says."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.scenario.config import ScenarioConfig, ScenarioConfigError
from ns3dmm.topology import WiredTopology


def test_the_configuration_is_checked() -> None:
    with pytest.raises(ScenarioConfigError, match="signalling_loss.*at most 0.9"):
        ScenarioConfig(signalling_loss=0.95)
    with pytest.raises(ScenarioConfigError, match="signalling_loss"):
        ScenarioConfig(signalling_loss=-0.1)
    with pytest.raises(ScenarioConfigError, match="unknown MH Type 'PBU'"):
        ScenarioConfig(signalling_loss=0.1, signalling_loss_types=("BU", "PBU"))
    for bad in ("BU", 5, [5]):
        with pytest.raises(ScenarioConfigError, match="list of MH Type names"):
            ScenarioConfig(signalling_loss=0.1, signalling_loss_types=bad)
    cfg = ScenarioConfig(signalling_loss=0.2, signalling_loss_types=["BU", "BA"])
    assert ScenarioConfig.from_mapping(cfg.to_mapping()) == cfg


def test_received_messages_are_lost_at_the_rate_of_their_type(ns: Any, simulator: Any) -> None:
    """2000 Binding Updates and 2000 Binding Errors from a to b, b losing 30 % of its BUs only:
    the lost BUs are within 4 standard errors of 600, no BE is lost, and every message is
    either lost or received."""
    dmm = ns.dmm
    topo = WiredTopology()
    topo.node("a")
    topo.node("b")
    topo.link("a", "b", "2001:1:0:1::/64")
    model = ns.CreateObject[ns.RateErrorModel]()
    model.SetAttribute("ErrorRate", ns.DoubleValue(0.3))
    model.SetAttribute("ErrorUnit", ns.EnumValue[ns.RateErrorModel.ErrorUnit](
        ns.RateErrorModel.ERROR_UNIT_PACKET))
    model.AssignStreams(7)
    b = topo.l4("b")
    b.SetReceiveErrorModel(model, [dmm.MobilityHeader.BINDING_UPDATE])
    a, src, dst = topo.l4("a"), ns.Ipv6Address(topo.address("a", "b")), ns.Ipv6Address(
        topo.address("b", "a"))
    n = 2000

    def send(k: int) -> None:
        bu = dmm.BindingUpdateHeader()
        bu.SetSequence(k)
        bu.SetLifetime(ns.Seconds(60))
        a.Send(bu, src, dst)
        be = dmm.BindingErrorHeader()
        be.SetStatus(1)
        a.Send(be, src, dst)

    for k in range(n):
        callbacks.schedule(0.01 + k * 0.001, lambda k=k: send(k))
    ns.Simulator.Stop(ns.Seconds(5))
    ns.Simulator.Run()
    lost = int(b.GetDropCount(dmm.MobilityL4Protocol.DROP_LOST))
    assert abs(lost - 0.3 * n) < 4 * math.sqrt(n * 0.3 * 0.7)
    assert int(b.GetRxCount(dmm.MobilityHeader.BINDING_ERROR)) == n
    assert int(b.GetRxCount(dmm.MobilityHeader.BINDING_UPDATE)) == n - lost
    b.SetReceiveErrorModel(ns.Ptr[ns.ErrorModel](), [])  # removed: nothing more is lost


@pytest.fixture(scope="module")
def lossy(ns: Any) -> dict[float, Any]:
    from ns3dmm.simulate import Traffic, simulate

    out = {}
    for loss in (0.0, 0.3):
        out[loss] = simulate("mipv6", scenario=ScenarioConfig(signalling_loss=loss, seed=5),
                             placement_params={"networks": 2, "ars_per_network": 2},
                             traffic=(Traffic(source="CN21", receiver="MN11", rate="100kbps",
                                              start_s=1.5),),
                             stop_s=40.0)
    return out


def test_registrations_converge_under_30_percent_loss(lossy: dict[float, Any]) -> None:
    """Every handover ends registered, and each registration's delay is the clean run's at
    the same access router plus RFC 6275's back-off for the Binding Updates sent: 1 s
    (INITIAL_BINDACK_TIMEOUT), doubled after each, (2^(k-1) - 1) s for k sent."""
    from ns3dmm.attributes import Functions

    t0 = Functions().value("ns3::dmm::MobileNodeAgent", "InitialBindackTimeout")
    assert t0 == 1.0
    clean, lossy30 = lossy[0.0], lossy[0.3]
    assert clean.costs["signalling"]["lost"] == 0
    assert lossy30.costs["signalling"]["lost"] > 0
    base = {h["access_router"]: h["registration_acknowledged_s"] - h["registration_sent_s"]
            for h in clean.handovers["MN11"]}
    assert all(h["registrations_sent"] == 1 for h in clean.handovers["MN11"])
    moves = lossy30.handovers["MN11"]
    assert [h["access_router"] for h in moves] == list(base) and len(moves) == 3
    retransmitted = 0
    for h in moves:
        k = h["registrations_sent"]
        assert h["registration_acknowledged_s"] is not None, h  # converged
        delay = h["registration_acknowledged_s"] - h["registration_sent_s"]
        assert delay == pytest.approx(base[h["access_router"]] + t0 * (2 ** (k - 1) - 1),
                                      abs=0.02), h
        retransmitted += k - 1
    assert retransmitted >= 2
    # the binding ends where the station is, in both runs
    assert lossy30.bindings == clean.bindings
    assert lossy30.signalling["MN11"]["messages"] > clean.signalling["MN11"]["messages"]


def test_a_lost_location_notify_is_sent_again(ns: Any) -> None:
    """PMIPv6 at 5 % loss, run 61 of the signalling_loss campaign: the LMA's Location Notify
    telling AR21 that the mobile node moved on to AR22 is lost. Sent once, AR21 keeps the
    mobile node's prefix on its link and swallows CN21's stream (CN21 sits behind it) for the
    rest of the run; sent again until acknowledged (NotifyRetransmissions), it arrives."""
    from ns3dmm import program
    from ns3dmm.simulate import simulate_document

    out = {}
    for retransmissions in (0, 8):
        doc = program.document({"placement": "pmipv6", "signalling_loss": 0.05, "RngRun": 61,
                                "networks": 2, "ars_per_network": 2, "stop_s": 90.0,
                                "LocationManagement.NotifyRetransmissions": retransmissions})
        out[retransmissions] = program.summary(simulate_document(doc))
    assert out[0]["loss_ratio"] > 0.5
    assert out[8]["loss_ratio"] < 0.05
    assert out[0]["signalling_lost"] >= 1 and out[8]["signalling_lost"] >= 1


def lose_acknowledgements(ns: Any, node: Any) -> Any:
    """Every Binding Acknowledgement ``node`` receives is lost: a RateErrorModel at rate 1 on
    its MobilityL4Protocol. Returns that protocol."""
    dmm = ns.dmm
    model = ns.CreateObject[ns.RateErrorModel]()
    model.SetAttribute("ErrorRate", ns.DoubleValue(1.0))
    model.SetAttribute("ErrorUnit", ns.EnumValue[ns.RateErrorModel.ErrorUnit](
        ns.RateErrorModel.ERROR_UNIT_PACKET))
    l4 = node.GetObject[dmm.MobilityL4Protocol]()
    l4.SetReceiveErrorModel(model, [dmm.MobilityHeader.BINDING_ACKNOWLEDGEMENT])
    return l4


def test_a_gateway_whose_registration_is_unanswered_stops_when_the_node_left(ns: Any) -> None:
    """PMIPv6, Proxy.DetachWhenMovedLater on (the default): AR21 loses every acknowledgement,
    so its registration of MN11 is never answered (the LMA takes it: the binding points at
    AR21); MN11 moves on to AR22, which registers it. The LMA's Location Notify carries the
    Timestamp of AR22's registration, later than MN11's association with AR21: AR21 stops
    registering. Off, the notify is taken as stale (the node came back), AR21's
    retransmissions, each with a fresh timestamp, take the binding back and AR22 lets the node
    go: the stream is lost for the rest of the run (110 of 5850 packets arrive)."""
    from ns3dmm.deploy import deploy
    from ns3dmm.framework import presets
    from ns3dmm.scenario import build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    dmm = ns.dmm
    placement = presets.build_preset("pmipv6", networks=2, ars_per_network=2)
    sc = build_scenario(placement, ScenarioConfig(
        seed=3, run=1, dad=False,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=3.0,
                                path=("AR21", "AR22"))))
    try:
        dep = deploy(sc)
        hoa = ns.Ipv6Address(dep.mn_address("MN11"))
        sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps",
                       size=500, start_s=1.5, stop_s=60.0, name="stream")
        ar21 = lose_acknowledgements(ns, sc.node("AR21"))
        lm = dep.location_management["LM1"]
        bindings: list[tuple[float, str]] = []

        def look() -> None:
            bindings.append((ns.Simulator.Now().GetSeconds(), str(lm.GetLocator(hoa))))

        for t in range(4, 61, 4):
            callbacks.schedule(float(t), look)
        sc.run(60.5)
        stream = sc.results()["apps"]["stream"]
        pbus = int(ar21.GetTxCount(dmm.MobilityHeader.BINDING_UPDATE))
        ar22 = dep.function_address("AR22")
        registered = (int(dep.proxies["AR21"].GetNRegistered()),
                      int(dep.proxies["AR22"].GetNRegistered()))
    finally:
        sc.destroy()
    assert bindings[0][1] == dep.function_address("AR21")  # taken, though never acknowledged
    moved = [t for t, b in bindings if b == ar22]
    assert moved and all(b == ar22 for t, b in bindings if t >= moved[0])
    assert registered == (0, 1)
    assert 2 <= pbus <= 5  # retransmitted until the notify (1, 2, 4 s back-off), then stopped
    assert stream["rx_packets"] > 0.8 * stream["tx_packets"]
