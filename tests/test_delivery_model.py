"""The packet delivery cost of one packet (ns3dmm.analysis.model_delivery_octets) against
measurement: for every preset, and route optimisation network-based with the tunnel and with
header rewrite, the mobile node on AR31 (away from home) from the start, CN21 streams UDP to its
home address; every packet after the first thirty (those sent before a design learned the
location: via home until MIPv6's correspondent registration ends) took, summed over the links
it crossed, the IPv6 octets the model says: the packet on each link of the relations' path,
an outer header more on each link of a tunnel (two where an anchor point's tunnel carries the
home agent's), none on a rewritten hop, the Type 2 Routing header on a correspondent's
straight path."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.analysis import model_delivery_octets
from ns3dmm.framework import build_preset, preset_names
from test_first_packet_model import PAYLOAD, at_ar31, stream_to_mn11

NETWORK_RO = {"mode": "network", "allocation": "per-mn"}
CASES = [(name, {}) for name in preset_names()] + [
    ("ro-gwar-query", NETWORK_RO),
    ("ro-gwar-query", {**NETWORK_RO, "forwarding": "header-rewrite"}),
    ("ro-anycast-push", {**NETWORK_RO, "forwarding": "header-rewrite"}),
]


@pytest.mark.parametrize(("preset", "params"), CASES,
                         ids=[f"{p}-{'-'.join(v.values()) or 'default'}" for p, v in CASES])
def test_each_packet_takes_the_octets_the_model_says(ns: Any, preset: str,
                                                     params: dict[str, str]) -> None:
    placement = build_preset(preset, networks=3, ars_per_network=1, **params)
    cfg = at_ar31()
    predicted = model_delivery_octets(placement, cfg, "CN21", "MN11", "AR31", PAYLOAD)
    rx, _ = stream_to_mn11(placement, cfg, 3.0)
    steady = rx.octets[30:]
    assert len(steady) > 100
    assert set(steady) == {predicted}
