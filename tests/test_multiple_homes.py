"""Multiple home networks (draft figure 5) with two mobile nodes of different homes: MN11's home
is Network1 (LM1 on HA1), MN21's Network2 (LM2 on HA2). Both cross AR11, AR12, AR21, AR22 at
10 m/s while CN21 streams UDP to each and one TCP connection to MN21. Host-based: each mobile
node's agent registers with its own home agent; network-based: every access router's proxy
registers each mobile node with its own home's location management function (a policy profile
per mobile node, RFC 5213 6.2). Checked late in every dwell: each binding at its own LM and
nowhere else, the proxies, the addresses; delivery; where the registrations went."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from ns3dmm import callbacks
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

STOP_S = 28.0
ARS = ["AR11", "AR12", "AR21", "AR22"]
HOME = {"MN11": ("LM1", "HA1"), "MN21": ("LM2", "HA2")}


@pytest.fixture(scope="module", params=["host", "network"])
def run(request: pytest.FixtureRequest, ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("multiple-home-networks", networks=2, ars_per_network=2,
                                     mobile_nodes=2, mode=request.param)
    assert {h.mn: h.network for h in placement.home_addresses} == {
        "MN11": "Network1", "MN21": "Network2"}
    sc = build_scenario(placement, ScenarioConfig(
        seed=3, run=1, dad=False, cn_rate="4Mbps",
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0)))
    dep = deploy(sc)
    for mn in HOME:
        sc.add_udp_cbr("CN21", mn, lambda mn=mn: dep.mn_address(mn), rate="200kbps", size=500,
                       start_s=1.5, name=f"stream-{mn}")
    sc.add_tcp_bulk("CN21", "MN21", lambda: dep.mn_address("MN21"), max_bytes=0, start_s=2.0,
                    name="bulk")
    checks: list[dict[str, Any]] = []

    def check() -> None:
        checks.append({
            "bindings": {name: [(str(b.prefix), int(b.prefixLength), str(b.locator))
                                for b in lm.GetBindings()]
                         for name, lm in dep.location_management.items()},
            "proxies": {ar: int(p.GetNRegistered()) for ar, p in dep.proxies.items()},
            "wifi": {mn: sc.wifi_addresses(mn) for mn in HOME}})

    for t in (6.5, 14.5, 22.5, 27.5):
        callbacks.schedule(t, check)
    sc.run(STOP_S)
    out = {"mode": request.param, "scenario": sc, "deployment": dep, "checks": checks,
           "results": sc.results(),
           "tcp_rx_times": [float(t) for t in sc.apps["bulk"].rx.times]}
    yield out
    sc.destroy()


def test_both_cross_every_access_router_and_receive(run: dict[str, Any]) -> None:
    sc = run["scenario"]
    for mn in HOME:
        assert [ar for _, ar, up in sc.associations(mn) if up] == ARS
        app = run["results"]["apps"][f"stream-{mn}"]
        assert app["rx_packets"] >= 0.9 * app["tx_packets"], mn
        assert app["last_rx_s"] > STOP_S - 0.1
    assoc = [t for t, _, up in sc.associations("MN21") if up]
    windows = list(zip([2.0, *[a + 1.0 for a in assoc[1:]]], [*assoc[1:], STOP_S],
                       strict=True))
    counts = [sum(1 for t in run["tcp_rx_times"] if lo <= t < hi) for lo, hi in windows]
    assert all(c > 100 for c in counts), counts


def test_each_binding_at_its_own_home_only(run: dict[str, Any]) -> None:
    sc, dep = run["scenario"], run["deployment"]
    for ar, c in zip(ARS, run["checks"], strict=True):
        subnet = sc.access_subnets[ar]
        gateway = sc.placement.gateway_of(sc.placement.network_of(ar)).name
        for mn, (lm, _) in HOME.items():
            (binding,) = c["bindings"][lm]
            if run["mode"] == "host":
                assert binding[:2] == (dep.home_addresses[mn], 128)
                assert ipaddress.IPv6Address(binding[2]) in subnet, (mn, ar, binding)
            else:
                prefix = dep.home_prefixes[mn]
                assert ipaddress.IPv6Network(f"{binding[0]}/{binding[1]}") == prefix
                assert binding[2] == sc.address(ar, gateway), (mn, ar)
                assert any(ipaddress.IPv6Address(a) in prefix for a in c["wifi"][mn])
        if run["mode"] == "network":
            # Both mobile nodes through the current access router's proxy, no other.
            assert c["proxies"] == {a: 2 * int(a == ar) for a in ARS}, ar


def test_registrations_go_to_each_home(run: dict[str, Any]) -> None:
    dep = run["deployment"]
    if run["mode"] == "host":
        for mn, (_, anchor) in HOME.items():
            assert dep.registers_with[mn] == [anchor]
            assert len(dep.binding_update_times(mn)) == len(ARS)
    else:
        for ar in ARS:
            assert dep.registers_with[ar] == ["HA1", "HA2"]
            # One Proxy Binding Update per mobile node at each association.
            assert len(dep.binding_update_times(ar)) == 2, ar
