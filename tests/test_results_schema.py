"""One schema for every results.json (ns3dmm.results): the configuration after overrides with
every default, the provenance (ns3dmm, ns3 and ns-3 versions, source commit), the measured
results, and the wall-clock figures apart; everything but the wall clock is the same, octet
for octet, when the same configuration runs again, and the configuration runs again as it
is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import program, results
from ns3dmm.simulate import SimulationFileError, simulate, simulate_document

SHORT = ["--placement=pmipv6", "--stop_s=8", "--mobility_speed_mps=20",
         "--mobility_start_s=1.0"]


def document(*args: str) -> dict[str, Any]:
    return program.document(program.parse([*SHORT, *args]))


@pytest.fixture(scope="module")
def twice(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = []
    for k in range(2):
        folder = tmp_path_factory.mktemp(f"run{k}")
        program.run(document(), folder)
        out.append(json.loads((folder / "results.json").read_text()))
        out[-1]["_text"] = (folder / "results.json").read_text()
        out[-1]["_summary"] = json.loads((folder / "summary.json").read_text())
    return out


def test_the_schema(twice: list[dict]) -> None:
    doc = twice[0]
    assert doc["schema"] == results.SCHEMA == "ns3dmm.results/1"
    prov = doc["provenance"]
    assert set(prov) == {"ns3dmm", "ns3", "ns3_version", "commit", "python", "cppyy"}
    assert prov["ns3_version"] == "3.44" and prov["ns3"].startswith("3.44")
    assert prov["commit"] != ""
    (sim,) = doc["simulations"]
    assert set(sim) == {"configuration", "results"}
    assert set(sim["configuration"]) == {"simulation", "scenario", "functions", "traffic"}
    assert set(doc["wall_clock"]) == {"simulations"}
    phases = doc["wall_clock"]["simulations"][0]
    assert set(phases) == {"total_s", "simulation_s", "load_s", "build_s", "deploy_s",
                           "traffic_s", "run_s", "readout_s", "events"}
    assert phases["events"] > 0
    steps = sum(v for k, v in phases.items() if k not in ("total_s", "simulation_s", "events"))
    assert steps <= phases["total_s"] and phases["simulation_s"] <= phases["run_s"]
    assert "wall_s" not in json.dumps(sim["results"])
    summary = twice[0]["_summary"]
    assert summary["schema"] == "ns3dmm.summary/1"
    assert summary["configuration"] == sim["configuration"]
    assert summary["provenance"] == prov


def test_the_configuration_carries_overrides_and_every_default(twice: list[dict]) -> None:
    config = twice[0]["simulations"][0]["configuration"]
    assert config["simulation"]["stop_s"] == 8.0
    assert config["scenario"]["mobility"]["speed_mps"] == 20.0
    # Defaults nobody set are written out too.
    assert config["scenario"]["wifi"]["max_missed_beacons"] == 3
    assert config["scenario"]["dad"] is True
    # The function parameters: every attribute, its TypeId default where none was set.
    agent = config["functions"]["ns3::dmm::MobileNodeAgent"]
    assert agent["InitialBindackTimeoutFirstReg"] == "1.5s"
    assert config["functions"]["ns3::dmm::LocationManagement"]["MaxBindingLifetime"] == "420s"
    assert config["traffic"][0]["rate"] == "400kbps"


def test_everything_but_the_wall_clock_repeats_octet_for_octet(twice: list[dict]) -> None:
    def without_wall(text: str) -> str:
        doc = json.loads(text)
        doc.pop("wall_clock")
        return json.dumps(doc, indent=2)

    a, b = (without_wall(d["_text"]) for d in twice)
    assert a == b
    assert twice[0]["wall_clock"] != twice[1]["wall_clock"]  # measured, and kept apart


def test_the_configuration_runs_again(ns: Any, twice: list[dict]) -> None:
    sim = twice[0]["simulations"][0]
    again = simulate_document(sim["configuration"])
    assert json.loads(json.dumps(again.measured())) == sim["results"]


def test_a_placement_object_is_recorded_inline(ns: Any) -> None:
    from ns3dmm.framework import presets
    from ns3dmm.scenario import ScenarioConfig

    placement = presets.pmipv6(networks=2, ars_per_network=1)
    r = simulate(placement, ScenarioConfig(), stop_s=2.0)
    config = r.configuration
    assert config["simulation"]["placement"] == "pmipv6"
    assert "[[networks]]" in config["simulation"]["placement_toml"]
    again = simulate_document(config)
    assert again.measured() == r.measured()


def test_load_checks_the_schema(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "something/9"}))
    with pytest.raises(results.ResultsFileError, match="something/9"):
        results.load(bad)
    bad.write_text("{")
    with pytest.raises(results.ResultsFileError, match="not a readable JSON"):
        results.load(bad)


def test_an_unknown_placement_is_named(ns: Any) -> None:
    with pytest.raises(SimulationFileError, match="did you mean pmipv6"):
        simulate_document({"simulation": {"placement": "pmipv7"}})
