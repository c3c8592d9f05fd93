"""Route optimisation by push (draft section 8, design 4) with the station away from the
start: the first packets go via home, then the path is direct. A fixed-seed WiFi run."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.simulate import location_caches
from test_dynamic import _scenario


def test_the_first_packet_goes_via_home(ns: Any) -> None:
    """first_packet = via-home with the station away from the start (on AR31): the first
    packet's extra delay over the steady one is the detour through the home network (GW2 ->
    GW1 -> GW3 instead of GW2 -> GW3) plus the home MR's own query of LMS1, within 5 %; the
    packets after it are direct once the push arrived."""
    placement = presets.build_preset("ro-gwar-push", networks=3, ars_per_network=1)
    sc, dep = _scenario(placement, path=("AR31",))
    try:
        sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps",
                       size=500, start_s=1.5, name="stream")
        sc.run(4.0)
        rx = sc.apps["stream"].received()
        delays = dict(zip(rx.sequences, rx.delays, strict=True))
        steady = statistics.median(delays[s] for s in range(30, 80))
        from_gw2, from_gw1 = sc.paths("GW2")[0], sc.paths("GW1")[0]
        detour = from_gw2["GW1"] + from_gw1["GW3"] - from_gw2["GW3"]
        predicted = (detour + 2 * from_gw1["LMS1"]) / 1000
        assert delays[0] - steady == pytest.approx(predicted, rel=0.05)
        caches = location_caches(dep)
        assert caches["GW2"]["via_home"] == caches["GW2"]["misses"] < 10
        assert caches["GW2"]["queries"] == 0 and caches["GW2"]["pushes"] == 1
        assert all(delays[s] == pytest.approx(steady, rel=0.01) for s in range(10, 30))
    finally:
        sc.destroy()


def test_an_unacknowledged_push_is_resent_then_given_up(ns: Any) -> None:
    """A PushTimeout (1 ms, doubling) far below the round trip to MR(CN) (40 ms): the home MR
    resends each Location Notify MaxPushRetransmissions (3) times before its ack can arrive,
    then gives it up (counted); the late acks answer nothing awaited and are not counted. The
    copies still reach MR(CN), which takes the location: the stream goes direct all the same."""
    from ns3dmm.attributes import Functions

    placement = presets.build_preset("ro-gwar-push", networks=3, ars_per_network=1)
    sc, dep = _scenario(placement, Functions({"ns3::dmm::MobilityRouting": {
        "PushTimeout": "1ms", "MaxPushRetransmissions": 3}}), path=("AR31",))
    try:
        sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps",
                       size=500, start_s=1.5, name="stream")
        sc.run(3.0)
        home = location_caches(dep)["GW1"]
        assert home["pushes_lost"] >= 1 and home["push_acks"] == 0
        assert home["pushes_sent"] == 4 * home["pushes_lost"]
        ingress = location_caches(dep)["GW2"]
        assert ingress["pushes"] == home["pushes_sent"] and ingress["via_home"] < 10
    finally:
        sc.destroy()
