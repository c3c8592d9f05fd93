"""Route optimisation by query with first_packet = via-home (draft section 8, design 3): the
correspondent's MR lets a packet it has no entry for go on to the home network, where the home
MR, asking the same LM server, makes it wait for its own reply. A fixed-seed WiFi run."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.simulate import location_caches
from test_dynamic import _scenario

ARS = ("AR11", "AR21", "AR31")


def test_via_home_the_first_packet_waits_at_the_home_mr(ns: Any) -> None:
    """first_packet = via-home: MR(CN) lets the first packet go on to the home network, whose
    MR asks LMS1 too (it keeps no binding itself): the first packet's extra delay is that
    query's round trip, GW1 to LMS1 and back, within 5 %."""
    placement = presets.build_preset("ro-gwar-query", networks=3, ars_per_network=1,
                                     first_packet="via-home")
    sc, dep = _scenario(placement, path=ARS)
    try:
        sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps",
                       size=500, start_s=1.5, name="stream")
        sc.run(4.0)
        rx = sc.apps["stream"].received()
        delays = dict(zip(rx.sequences, rx.delays, strict=True))
        steady = statistics.median(delays[s] for s in range(30, 80))
        round_trip = 2 * sc.paths("GW1")[0]["LMS1"] / 1000
        assert delays[0] - steady == pytest.approx(round_trip, rel=0.05)
        caches = location_caches(dep)
        assert caches["GW2"]["released"] == 0 and caches["GW1"]["released"] >= 1
    finally:
        sc.destroy()
