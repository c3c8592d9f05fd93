"""The DMM cost pair and the load of the location management functions, measured:
signalling cost (Mobility Header octets times the links each message crossed, followed in C++
by the PathLengthProbe) and packet delivery cost (IPv6 octets of every delivered UDP packet
times its links). A PMIPv6 run is checked against the topology: every message went between
wired nodes, so its links are the static routes' hop distance between sender and receiver."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.simulate import UDP_IPV6_HEADERS, cost_pair, simulate_document


def test_cost_pair_sums_octets_times_links() -> None:
    signalling = [
        {"type": 5, "subtype": 0, "messages": 2, "octets": 208, "octet_hops": 624,
         "unfollowed": 1},
        {"type": 11, "subtype": 3, "messages": 1, "octets": 88, "octet_hops": 264,
         "unfollowed": 0},
    ]
    octets = 500 + UDP_IPV6_HEADERS
    # the third packet was tunnelled on two of its five links: 40 octets more on each
    delivered = [([500, 500, 500], [3, -1, 5], [3 * octets, 0, 5 * octets + 80])]
    out = cost_pair(signalling, delivered, 10.0, lambda subtype: f"LM{subtype}")
    assert out["signalling"]["per_type"] == {
        "BU": {"messages": 2, "octets": 208, "octet_hops": 624, "unfollowed": 1},
        "LM3": {"messages": 1, "octets": 88, "octet_hops": 264, "unfollowed": 0}}
    assert out["signalling"]["octet_hops"] == 888
    assert out["signalling"]["octet_hops_per_s"] == 88.8
    assert out["signalling"]["unfollowed"] == 1
    assert out["delivery"] == {"packets": 2, "octets": 2 * octets,
                               "octet_hops": 8 * octets + 80, "overhead_octet_hops": 80,
                               "octet_hops_per_s": pytest.approx(0.8 * octets + 8),
                               "octet_hops_per_packet": 4 * octets + 40}
    with pytest.raises(ValueError, match="duration_s"):
        cost_pair([], [], 0.0)


DOCUMENT = {
    "simulation": {"placement": "pmipv6",
                   "placement_params": {"networks": 3, "ars_per_network": 1},
                   "stop_s": 20.0},
    "scenario": {"seed": 2, "run": 1, "dad": False,
                 "mobility": {"model": "path", "speed_mps": 20.0, "start_s": 2.0}},
    "traffic": [{"kind": "udp-cbr", "rate": "200kbps", "size": 400}],
}


def test_pmipv6_signalling_cost_is_octets_times_the_hop_distance(ns: Any) -> None:
    r = simulate_document(DOCUMENT)
    costs = r.costs
    sent = r.signalling  # per node: octets sent to each peer (counted at the sender)
    assert costs["signalling"]["unfollowed"] == 0
    assert costs["signalling"]["messages"] == sum(n["messages"] for n in sent.values())
    assert costs["signalling"]["octets"] == sum(n["octets"] for n in sent.values())
    placement = presets.build_preset("pmipv6", networks=3, ars_per_network=1)
    sc = build_scenario(placement, ScenarioConfig(seed=2, run=1, dad=False))
    try:
        # hop_distance to an access router counts the WiFi link to its stations too.
        expected = sum(peer["octets"] * (sc.hop_distance(node, to) - (to in sc.access_subnets))
                       for node, n in sent.items() for to, peer in n["to"].items())
    finally:
        sc.destroy()
    assert costs["signalling"]["octet_hops"] == expected
    assert costs["signalling"]["octet_hops_per_s"] == pytest.approx(expected / 20.0)
    # Delivery: every followed packet of the stream, with its headers, times its links.
    (stream,) = r.paths.values()
    followed = sum(s["packets"] for s in stream)
    links = sum(s["mean_hops"] * s["packets"] for s in stream if s["packets"])
    assert costs["delivery"]["packets"] == followed > 0.9 * r.streams["udp-cbr-1"]["sent"]
    # ... plus the tunnel's outer header on the links from the LMA to the MAG, for the packets
    # tunnelled (on the correspondent's own access router the MAG delivers them locally).
    lma = placement.lm("LM1").node
    sc = build_scenario(placement, ScenarioConfig(seed=2, run=1, dad=False))
    try:
        overhead = sum(40 * s["tunnelled"] * (sc.hop_distance(lma, s["access_router"]) - 1)
                       for s in stream if s["packets"])
    finally:
        sc.destroy()
    assert costs["delivery"]["overhead_octet_hops"] == overhead > 0
    assert costs["delivery"]["octet_hops"] == pytest.approx(links * (400 + UDP_IPV6_HEADERS)
                                                            + overhead)


def test_the_lm_load_is_what_the_lm_was_handed(ns: Any) -> None:
    """LM1's load: the messages the proxies sent it (their registrations and the
    acknowledgements of its notifies), per simulated second, and its one entry."""
    r = simulate_document(DOCUMENT)
    (load,) = r.lm_load.values()
    to_lm = r.signalling_by_function["proxy -> location management"]["messages"]
    assert load == {"node": "LMA1", "messages": to_lm, "messages_per_s": to_lm / 20.0,
                    "entries_max": 1, "entries_end": 1, "queries_answered": 0,
                    "pushes_sent": 0, "authentication_failures": 0,
                    "notifies_retransmitted": 0, "notifies_unacknowledged": 0}
    assert to_lm > 0
