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
