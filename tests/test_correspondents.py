"""Correspondents as a parameter: any number spread over the networks (every preset takes
``correspondents``), a session from every correspondent (``source = "*"``), and mobile to
mobile sessions (test_mobile_to_mobile.py). A WiFi system test with a fixed seed: PMIPv6
with one correspondent per network, whose paths to the mobile node at each access router are
those the relations predict for that correspondent."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.framework.relations import data_path
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import SimulationFileError, Traffic, _sessions, path_segments

STOP_S = 46.0
ARS = ["AR11", "AR12", "AR21", "AR22", "AR31", "AR32"]


def test_correspondents_spread_over_the_networks_from_network2() -> None:
    p = presets.build_preset("pmipv6", networks=3, ars_per_network=2, correspondents=7)
    assert [(c.name, c.attached_to) for c in p.correspondents] == [
        ("CN21", "AR21"), ("CN31", "AR31"), ("CN11", "AR11"), ("CN22", "AR22"),
        ("CN32", "AR32"), ("CN12", "AR12"), ("CN23", "AR21")]
    assert all(c.network == f"Network{c.name[2]}" for c in p.correspondents)
    # One is the draft's CN21, the placement each preset builds.
    for name in presets.PRESETS:
        assert "correspondents" in presets.PRESETS[name].parameters
        assert presets.build_preset(name, correspondents=1) == presets.build_preset(name)
    for bad in (0, -2, 1.5, True, "3"):
        with pytest.raises(ValueError, match="correspondents must be a positive integer"):
            presets.build_preset("mipv6", correspondents=bad)


def test_the_cli_sizes_take_correspondents(capsys: Any) -> None:
    from ns3dmm.cli import main

    assert main(["export", "pmipv6", "--cns", "3"]) == 0
    text = capsys.readouterr().out
    assert all(name in text for name in ("CN21", "CN31", "CN11"))


def test_sessions_from_every_correspondent_and_to_every_mobile_node() -> None:
    p = presets.build_preset("multiple-home-networks", networks=3, mobile_nodes=2,
                             correspondents=2)
    names = [name for _, name, _ in _sessions((Traffic(source="*", receiver="*"),), p)]
    assert names == ["udp-cbr-1-CN21-MN11", "udp-cbr-1-CN21-MN21", "udp-cbr-1-CN31-MN11",
                     "udp-cbr-1-CN31-MN21"]
    sessions = _sessions((Traffic(source="*", receiver="MN11"),
                          Traffic(kind="tcp-bulk", source="MN21", receiver="*")), p)
    assert [(t.source, t.receiver, name) for t, name, _ in sessions] == [
        ("CN21", "MN11", "udp-cbr-1-CN21"), ("CN31", "MN11", "udp-cbr-1-CN31"),
        ("MN21", "MN11", "tcp-bulk-2-MN11")]  # a node sends to no session of its own
    with pytest.raises(SimulationFileError, match="'GW1' is neither a correspondent nor"):
        _sessions((Traffic(source="GW1", receiver="MN11"),), p)


def _scenario(placement: Any) -> Any:
    return build_scenario(placement, ScenarioConfig(
        seed=7, run=1, dad=False, mobility=MobilityConfig(model="path", speed_mps=10.0,
                                                          start_s=2.0)))


@pytest.fixture(scope="module")
def one_per_network(ns: Any) -> dict[str, Any]:
    placement = presets.build_preset("pmipv6", networks=3, ars_per_network=2,
                                     correspondents=3)
    sc = _scenario(placement)
    dep = deploy(sc)
    for cn in ("CN21", "CN31", "CN11"):
        sc.add_udp_cbr(cn, "MN11", lambda: dep.mn_address("MN11"), rate="200kbps", size=500,
                       start_s=1.5, name=cn)
    sc.run(STOP_S)
    yield {"scenario": sc, "deployment": dep, "results": sc.results()}
    sc.destroy()


def test_every_correspondent_is_served_on_the_path_the_relations_predict(
        one_per_network: dict[str, Any]) -> None:
    """Per correspondent and access router: CN -> LMA1 -> the mobile node's MAG, but where
    the correspondent is on the mobile node's access router (the MAG delivers locally; the
    first packets may still go round) and in the home network, where the placement's path
    has no mobility (section 7) but the prefix is anchored at LMA1."""
    sc = one_per_network["scenario"]
    pl = sc.placement
    for cn in ("CN21", "CN31", "CN11"):
        app = one_per_network["results"]["apps"][cn]
        assert app["rx_packets"] >= 0.93 * app["tx_packets"], cn
        segments = path_segments(sc, cn)
        assert [s.access_router for s in segments] == ARS
        for s in segments:
            nodes = data_path(pl.moved("MN11", s.access_router), cn, "HoA11").nodes
            if s.access_router in ("AR11", "AR12"):
                assert nodes == (cn, "MN11")
                local = pl.node(cn).attached_to == s.access_router
                wired: tuple[str, ...] = ((cn, s.access_router) if local
                                          else (cn, "LMA1", s.access_router))
            else:
                wired = nodes[:-1]
            predicted = sum(sc.hop_distance(a, b) for a, b in zip(wired, wired[1:]))
            assert s.min_hops == predicted, (cn, s, nodes)
            if wired != (cn, s.access_router):
                assert s.max_hops == predicted, (cn, s, nodes)
            else:
                assert s.min_hops == s.shortest_hops == 2


def test_the_program_takes_correspondents_mode_and_source() -> None:
    from ns3dmm import program

    doc = program.document(program.parse(["--placement=distributed", "--mode=network",
                                          "--correspondents=3", "--traffic_source=*"]))
    assert doc["simulation"]["placement_params"]["mode"] == "network"
    assert doc["simulation"]["placement_params"]["correspondents"] == 3
    assert doc["traffic"][0]["source"] == "*"
    # A preset without modes keeps its own default (SEM passes every parameter).
    plain = program.document(program.parse(["--placement=pmipv6", "--mode=host"]))
    assert "mode" not in plain["simulation"]["placement_params"]
    with pytest.raises(program.ProgramError, match="mode"):
        program.parse(["--mode=sideways"])
