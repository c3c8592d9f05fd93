"""HMIPv6 network-based when LM1 refuses: the rejection travels down the chain (LM1 -> anchor
point -> access router's proxy) with its status, nothing is bound anywhere, nothing crashes,
and the retransmission timers do not keep the refused registration alive."""

from __future__ import annotations

from typing import Any

from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

PROXY_REG_NOT_ENABLED = 152  # RFC 5213 8.9


def test_a_rejection_from_lm1_reaches_the_access_router(ns: Any, simulator: Any) -> None:
    placement = presets.build_preset("hmipv6-network", networks=3, ars_per_network=2)
    # The station stays at AR31 (under MAP3).
    sc = build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False, mobility=MobilityConfig(model="static")))
    try:
        dep = deploy(sc)
        lm1 = dep.location_management["LM1"]
        lm1.SetAttribute("ProxyRegistrationEnabled", ns.BooleanValue(False))
        sc.add_udp_cbr("CN21", "MN11", lambda: dep.mn_address("MN11"), rate="400kbps",
                       size=500, start_s=1.5, name="stream")
        sc.run(10.0)
        assert [ar for _, ar, up in sc.associations("MN11") if up] == ["AR31"]
        events = dep.function_events("MN11")
        acks = [e for e in events if e["event"] == "ack" and e["source"] == "AR31"]
        # The MAG's one Proxy Binding Update is answered with LM1's status, passed down by
        # MAP3, and not sent again.
        assert [int(e["detail"].split()[1]) for e in acks] == [PROXY_REG_NOT_ENABLED]
        assert len(dep.binding_update_times("AR31")) == 1
        assert len(dep.binding_update_times("MAP3")) == 1
        assert lm1.GetNBindings() == 0 and dep.regional["MAP3"].GetNBindings() == 0
        assert dep.proxies["AR31"].GetNRegistered() == 0
        assert dep.anchor_points["MAP3"].GetNRegistered() == 0
        assert sc.results()["apps"]["stream"]["rx_packets"] == 0
    finally:
        sc.destroy()
