"""A network-based mobile node that missed its Router Advertisement solicits one: the proxy
(mobile access gateway) answers a Router Solicitation from a registered mobile node with its
unicast Router Advertisement (RFC 5213 6.7), so that the mobile node configures its address
in its home network prefix. Without the answer it would wait for the next refresh (and
receive nothing meanwhile): a lost advertisement (a full queue at start-up) cost a mobile
node of a 1 000-node run its whole session."""

from __future__ import annotations

from typing import Any

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig


def test_the_proxy_answers_a_router_solicitation(ns: Any) -> None:
    """MN11's interface is down while it registers (the advertisement sent then is lost) and
    comes up at 0.5 s: it solicits, and the proxy's answer gives it its address."""
    placement = presets.build_preset("pmipv6", networks=2, ars_per_network=2, mobile_nodes=1)
    sc = build_scenario(placement, ScenarioConfig(seed=1, run=1, access="abstract",
                                                  flow_monitor=False,
                                                  mobility=MobilityConfig(model="static")))
    try:
        dep = deploy(sc)
        ipv6, interface = sc.ipv6("MN11"), sc.interface("MN11", "wifi")
        ipv6.SetDown(interface)
        callbacks.schedule(0.5, lambda: ipv6.SetUp(interface))
        sc.run(0.45)
        ((_, ar, _),) = sc.associations("MN11")
        proxy = dep.proxies[ar]
        assert proxy.GetNRegistered() == 1 and sc.wifi_addresses("MN11") == []
        assert int(proxy.GetNSolicitationsAnswered()) == 0
        sc.run(4.0)
        assert int(proxy.GetNSolicitationsAnswered()) >= 1
        (address,) = sc.wifi_addresses("MN11")
        prefix = proxy.GetPrefix(ns.Mac48Address.ConvertFrom(sc.wifi_device("MN11").GetAddress()))
        assert address.startswith(str(prefix).rstrip(":"))
    finally:
        sc.destroy()
