"""The core as a parameter: star (one core router), ring, mesh or an edge list between the
gateways, with static routes by shortest delay; validated before anything is built."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.build import core_edges, wired_links
from ns3dmm.scenario.config import ScenarioConfigError

GWS = ["GW1", "GW2", "GW3", "GW4"]


@pytest.mark.parametrize(("core", "expected"), [
    ("star", [("Core", "GW1"), ("Core", "GW2"), ("Core", "GW3"), ("Core", "GW4")]),
    ("ring", [("GW1", "GW2"), ("GW2", "GW3"), ("GW3", "GW4"), ("GW4", "GW1")]),
    ("mesh", [("GW1", "GW2"), ("GW1", "GW3"), ("GW1", "GW4"), ("GW2", "GW3"), ("GW2", "GW4"),
              ("GW3", "GW4")]),
])
def test_named_cores(core: str, expected: list[tuple[str, str]]) -> None:
    cfg = ScenarioConfig(core=core, core_delay_ms=7.0)
    assert core_edges(GWS, cfg) == [(a, b, 7.0) for a, b in expected]


def test_a_ring_of_two_is_one_link() -> None:
    assert core_edges(GWS[:2], ScenarioConfig(core="ring")) == [("GW1", "GW2", 10.0)]


def test_edges_take_their_own_delay_or_the_core_delay() -> None:
    cfg = ScenarioConfig(core="edges", core_delay_ms=3.0,
                         core_edges=[["GW1", "GW2"], ["GW2", "GW3", 25]])
    assert cfg.core_edges == (("GW1", "GW2", 3.0), ("GW2", "GW3", 25.0))
    assert ScenarioConfig.from_mapping(cfg.to_mapping()) == cfg
    pl = presets.build_preset("multiple-home-networks", networks=3)
    core = [link for link in wired_links(pl, cfg) if link[2] == "core"]
    assert core == [("GW1", "GW2", "core", 3.0, "1Gbps"), ("GW2", "GW3", "core", 25.0, "1Gbps")]


@pytest.mark.parametrize(("kw", "message"), [
    ({"core": "tree"}, "core"),
    ({"core_edges": [["GW1", "GW2"]]}, "only with core = 'edges'"),
    ({"core": "edges"}, "at least one edge"),
    ({"core": "edges", "core_edges": [["GW1", "GW1"]]}, "two different gateways"),
    ({"core": "edges", "core_edges": [["GW1", "GW2"], ["GW2", "GW1"]]}, "appears twice"),
    ({"core": "edges", "core_edges": [["GW1", "GW2", -1]]}, "delay must be a number >= 0"),
    ({"core": "edges", "core_edges": [["GW1", "GW2", "fast"]]}, "delay must be a number"),
    ({"core": "edges", "core_edges": [["GW1"]]}, r"\[a, b\] or \[a, b, delay_ms\]"),
    ({"core": "edges", "core_edges": "GW1-GW2"}, "expected a list"),
])
def test_bad_cores_are_refused(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioConfigError, match=message):
        ScenarioConfig(**kw)


@pytest.mark.parametrize(("edges", "message"), [
    ([["GW1", "AR11"]], "'AR11' is not a gateway"),
    ([["GW1", "GW2"]], "GW3 not joined to GW1"),
])
def test_edges_are_checked_against_the_placement(ns: Any, edges: list, message: str) -> None:
    pl = presets.build_preset("multiple-home-networks", networks=3)
    with pytest.raises(ScenarioConfigError, match=message):
        build_scenario(pl, ScenarioConfig(core="edges", core_edges=edges))


def test_routes_follow_the_shortest_delay(ns: Any, simulator: Any) -> None:
    """GW2-GW1 directly is 50 ms, through GW3 10 ms: CN21's packets to GW1 go through GW3."""
    pl = presets.build_preset("multiple-home-networks", networks=3)
    sc = build_scenario(pl, ScenarioConfig(
        core="edges", cn_delay_ms=1.0, dad=False,
        core_edges=[["GW1", "GW2", 50.0], ["GW2", "GW3", 5.0], ["GW3", "GW1", 5.0]]))
    try:
        assert "Core" not in sc.nodes
        delay, first_hop = sc.paths("GW2")
        assert first_hop["GW1"] == "GW3" and delay["GW1"] == 10.0
        # The route-stretch baseline counts the links of that path (CN21-AR21-GW2-GW3-GW1),
        # not of the one with fewest links.
        assert sc.hop_distance("CN21", "GW1") == 4
        sc.add_udp_cbr("CN21", "GW1", sc.address("GW1", "AR11"), rate="100kbps", size=200,
                       start_s=0.5, stop_s=1.0, name="probe")
        sc.run(1.2)
        delays = sc.apps["probe"].received().delays
        assert len(delays) > 20
        # CN21 on AR21: 1 ms + AR21-GW2 2 ms + 5 + 5 ms, plus serialisation.
        assert all(0.013 < d < 0.014 for d in delays), delays[:3]
    finally:
        sc.destroy()


@pytest.mark.parametrize("core", ["star", "ring"])
def test_a_documentation_prefix_is_refused_with_any_core(ns: Any, core: str) -> None:
    pl = presets.build_preset("multiple-home-networks", networks=3)
    first = dataclasses.replace(pl.networks[0], prefix="2001:db8:1::/48")
    pl = dataclasses.replace(pl, networks=(first, *pl.networks[1:]))
    # Refused before any node is made, naming the network.
    with pytest.raises(ScenarioConfigError, match="Network1: prefix 2001:db8:1::/48 is in"):
        build_scenario(pl, ScenarioConfig(core=core))


def test_edges_are_set_in_the_file_only() -> None:
    """core_edges (a list of lists) is no --name=value option, and the help of a simulation
    file that sets it prints."""
    import io

    from ns3dmm import program

    assert "core_edges" not in program.PARAMETERS_BY_NAME
    doc = {"scenario": {"core": "edges", "core_edges": [["GW1", "GW2"]]}}
    out = io.StringIO()
    program.print_help(out, program.values_of(doc))
    assert "--core:" in out.getvalue() and "[edges]" in out.getvalue()
