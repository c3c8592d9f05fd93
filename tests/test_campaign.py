"""SEM campaigns of the scenario program: parameter discovery through --PrintHelp, a 2x2
campaign with 2 runs each in forked runs, nothing run twice, an interrupted campaign resumed,
results as a DataFrame and as xarray, the archive; the same campaign on a Dask scheduler with
two workers started on loopback."""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import campaign as cp
from ns3dmm import program
from ns3dmm.cli import main as cli_main

TINY = Path(__file__).with_name("campaigns") / "tiny.py"


def test_sem_discovers_every_parameter_from_print_help() -> None:
    params = cp.ForkRunner().get_available_parameters()
    assert set(params) == {p.name for p in program.PARAMETERS}
    assert params["placement"] == "mipv6" and params["stop_s"] == 28.0
    assert params["dad"] is True and params["wifi_max_missed_beacons"] == 3.0
    assert params["mobility_path"] == ""  # an empty list: every access router


def test_program_arguments_are_checked(tmp_path: Path) -> None:
    assert program.parse(["--stop_s=5", "--RngRun=3", "--dad=true"]) == {
        "stop_s": 5.0, "RngRun": 3, "dad": True}
    with pytest.raises(program.ProgramError, match="unknown parameter --stop"):
        program.parse(["--stop=5"])
    with pytest.raises(program.ProgramError, match="--networks: expected an integer"):
        program.parse(["--networks=two"])
    with pytest.raises(program.ProgramError, match="expected --name=value"):
        program.parse(["stop_s=5"])
    with pytest.raises(program.ProgramError, match="--stop_s: expected a finite number"):
        program.parse(["--stop_s=nan"])
    with pytest.raises(program.ProgramError, match="--networks: expected an integer"):
        program.parse(["--networks=1e400"])
    assert program.parse(["--networks=3.0", "--router_advertisements=True"]) == {
        "networks": 3, "router_advertisements": True}
    doc = program.document({"mobility_path": ("AR11", "AR21"), "RngRun": 4})
    assert doc["scenario"]["mobility"]["path"] == ["AR11", "AR21"]
    assert doc["scenario"]["run"] == 4
    assert doc["traffic"][0]["rate"] == "400kbps"


def test_unknown_campaign_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["campaign", "status", "no-such-campaign"]) == 2
    err = capsys.readouterr().err
    assert "unknown campaign 'no-such-campaign'" in err and "rana2017" in err


@pytest.mark.parametrize(("params", "message"), [
    ({"RngRun": [1, 2]}, "RngRun is set per run"),
    ({"stop_s": ["soon"]}, "--stop_s: expected a finite number"),
    ({"speed": 3.0}, "unknown parameters speed"),
])
def test_bad_campaign_definitions_are_refused(tmp_path: Path, params: dict,
                                              message: str) -> None:
    path = tmp_path / "bad.py"
    path.write_text(f"NAME = 'bad'\nPARAMS = {params!r}\nRUNS = 1\nMETRICS = []\n"
                    "def parse(r):\n    return []\ndef plot(f, h, o):\n    return []\n")
    with pytest.raises(cp.CampaignError, match=message):
        cp.load_definition(path)


def test_numpy_parameter_values_are_plain() -> None:
    np = pytest.importorskip("numpy")
    assert cp._text(np.float64(20.0)) == "20.0" and cp._text(np.int64(3)) == "3"
    assert cp._text(np.bool_(True)) == "true"
    assert cp._plain([np.float64(2.5), np.int64(4)]) == [2.5, 4]
    assert type(cp._plain(np.int64(4))) is int


@pytest.fixture(scope="module")
def tiny(ns: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    definition = cp.load_definition(TINY)
    directory = tmp_path_factory.mktemp("campaigns") / "tiny"
    manager = cp.open_campaign(definition, directory, cp.ForkRunner(max_parallel_processes=2))
    t0 = time.perf_counter()
    ran = cp.run_campaign(definition, manager, show_progress=False)
    yield {"definition": definition, "manager": manager, "dir": directory, "ran": ran,
           "wall_s": time.perf_counter() - t0}
    cp.close_campaign(manager)


def test_the_campaign_runs_every_combination(tiny: dict[str, Any]) -> None:
    assert tiny["ran"] == 8
    results = tiny["manager"].db.get_results()
    assert len(results) == 8 and all(r["meta"]["exitcode"] == 0 for r in results)
    assert len({r["params"]["RngRun"] for r in results}) == 8  # SEM: one RngRun per run
    assert cp.status(tiny["definition"], tiny["manager"]) == {"wanted": 8, "done": 8,
                                                               "missing": 0}
    info = json.loads((tiny["dir"] / "ns3dmm.json").read_text())
    assert info["campaign"] == "tiny" and info["ns3dmm_version"] and info["commit"]
    assert tiny["manager"].db.get_commit() == info["commit"]


def test_running_again_adds_nothing(tiny: dict[str, Any]) -> None:
    assert cp.run_campaign(tiny["definition"], tiny["manager"], show_progress=False) == 0
    assert len(tiny["manager"].db.get_results()) == 8


def test_results_load_as_a_frame_and_as_xarray(tiny: dict[str, Any]) -> None:
    frame = cp.results_frame(tiny["definition"], tiny["manager"])
    assert len(frame) == 8
    assert set(frame["placement"]) == {"mipv6", "pmipv6"}
    assert (frame["handovers"] == 1).all()
    # MIPv6 waits for duplicate address detection of the care-of address (1 s); PMIPv6 not.
    mipv6 = frame[frame["placement"] == "mipv6"]["mean_latency_s"]
    pmipv6 = frame[frame["placement"] == "pmipv6"]["mean_latency_s"]
    assert mipv6.between(1.0, 1.3).all() and pmipv6.between(0.03, 0.3).all()
    array = cp.results_xarray(tiny["definition"], tiny["manager"])
    assert array.sizes["placement"] == 2 and array.sizes["mobility_speed_mps"] == 2
    assert array.sizes["runs"] == 2 and list(array.coords["metrics"].values) == [
        "mean_latency_s", "loss_ratio", "handovers"]
    mip = float(array.sel(placement="mipv6", metrics="mean_latency_s").mean())
    pmip = float(array.sel(placement="pmipv6", metrics="mean_latency_s").mean())
    assert mip > pmip  # MIPv6 waits for an advertisement and for DAD; the MAG does not


def test_the_archive_has_plots_csv_and_readme(tiny: dict[str, Any], tmp_path: Path) -> None:
    out = cp.archive(tiny["definition"], tiny["manager"], tmp_path)
    names = {p.name for p in out.iterdir()}
    assert {"README.md", "data.csv", "summary.csv", "latency.png", "latency.pdf"} <= names
    readme = (out / "README.md").read_text()
    info = json.loads((tiny["dir"] / "ns3dmm.json").read_text())
    assert info["commit"] in readme and "ns3-dmm campaign run" in readme
    assert "`placement`: ['mipv6', 'pmipv6']" in readme
    summary = (out / "summary.csv").read_text().splitlines()
    assert summary[0].startswith("placement,mobility_speed_mps,mean_latency_s_n")
    assert len(summary) == 5
    rows = list(csv.DictReader(summary))
    for row in rows:
        n = int(row["mean_latency_s_n"])
        low, mean, high = (float(row[f"mean_latency_s_{k}"]) for k in ("ci95_low", "mean",
                                                                        "ci95_high"))
        assert n >= 1 and (math.isnan(low) if n < 2 else low <= mean <= high)
    # One row per handover of exactly the runs data.csv has.
    runs = list(csv.DictReader((out / "data.csv").read_text().splitlines()))
    moves = list(csv.DictReader((out / "handovers.csv").read_text().splitlines()))
    assert len(moves) == sum(int(float(r["handovers"])) for r in runs) > 0
    assert {(m["placement"], m["RngRun"]) for m in moves} <= \
        {(r["placement"], r["RngRun"]) for r in runs}
    assert {"latency_s", "interruption_s", "model_latency_s"} <= set(moves[0])


class _Interrupted(cp.ForkRunner):
    """A runner interrupted (as by Ctrl-C) after a number of runs."""

    def __init__(self, after: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.after = after

    def _execute(self, parameter_list: Any, data_folder: str) -> Iterator[dict[str, Any]]:
        for k, result in enumerate(super()._execute(parameter_list, data_folder)):
            yield result
            if k + 1 >= self.after:
                raise KeyboardInterrupt


def test_an_interrupted_campaign_resumes(tiny: dict[str, Any], tmp_path: Path) -> None:
    definition = tiny["definition"]
    directory = tmp_path / "tiny"
    manager = cp.open_campaign(definition, directory,
                               _Interrupted(3, max_parallel_processes=2))
    with pytest.raises(KeyboardInterrupt):
        cp.run_campaign(definition, manager, show_progress=False)
    manager.db.db.close()  # run_campaign wrote what finished before re-raising
    # What finished is on disk: a fresh manager sees it, and runs only the rest.
    resumed = cp.open_campaign(definition, directory, cp.ForkRunner(max_parallel_processes=2))
    try:
        assert len(resumed.db.get_results()) == 3
        assert cp.status(definition, resumed)["missing"] == 5
        # SEM's own call fills in what is missing, through the forked runner.
        resumed.run_missing_simulations(definition.params, runs=definition.runs)
        assert cp.run_campaign(definition, resumed, show_progress=False) == 0
        results = resumed.db.get_results()
        assert len(results) == 8
        folders = {p.name for p in (directory / "data").iterdir()}
        assert folders == {r["meta"]["id"] for r in results}  # interrupted runs left nothing
    finally:
        cp.close_campaign(resumed)


def test_a_crash_keeps_every_finished_run_through_the_journal(tiny: dict[str, Any],
                                                               tmp_path: Path) -> None:
    """A campaign process killed mid-campaign never wrote the database; the journal it appended
    as runs ended (a last line cut short) is merged when the campaign is next opened."""
    directory = tmp_path / "tiny"
    shutil.copytree(tiny["dir"], directory)
    db_file = directory / "tiny.json"
    doc = json.loads(db_file.read_text())
    finished = list(doc["results"].values())
    assert len(finished) == 8
    doc["results"] = {}
    db_file.write_text(json.dumps(doc))  # the database as the crashed campaign left it
    lines = [json.dumps(r) for r in finished[:5]]
    (directory / cp.JOURNAL).write_text("\n".join(lines) + "\n" + json.dumps(finished[5])[:40])
    manager = cp.open_campaign(tiny["definition"], directory)
    try:
        assert not (directory / cp.JOURNAL).exists()
        assert sorted(r["meta"]["id"] for r in manager.db.get_results()) == sorted(
            r["meta"]["id"] for r in finished[:5])
        assert cp.merge_journal(manager.db) == 0  # nothing twice
        assert cp.status(tiny["definition"], manager)["missing"] == 3
    finally:
        cp.close_campaign(manager)
    assert len(json.loads(db_file.read_text())["results"]) == 5


def test_a_corrupt_database_is_restored_from_its_backup(tiny: dict[str, Any],
                                                         tmp_path: Path) -> None:
    """A process killed while writing leaves a truncated file, which SEM would delete."""
    directory = tmp_path / "tiny"
    shutil.copytree(tiny["dir"], directory)
    db_file = directory / "tiny.json"
    good = cp.open_campaign(tiny["definition"], directory)  # keeps tiny.json.bak
    cp.close_campaign(good)
    db_file.write_text(db_file.read_text()[:100])
    restored = cp.open_campaign(tiny["definition"], directory)
    try:
        assert len(restored.db.get_results()) == 8
    finally:
        cp.close_campaign(restored)


def _without_wall_clock(text: str) -> str:
    """A results file's text up to its wall-clock section (the last one)."""
    head, _, _ = text.partition('\n  "wall_clock": ')
    assert head != text and '"wall_clock"' not in head
    return head


def _results_files(manager: Any) -> dict[tuple[tuple[str, str], ...], str]:
    """Each run's results.json, wall-clock section aside, by its parameters (RngRun too)."""
    out = {}
    for result in manager.db.get_results():
        files = manager.db.get_result_files(result)
        key = tuple(sorted((k, str(v)) for k, v in result["params"].items()))
        out[key] = _without_wall_clock(Path(files["results.json"]).read_text())
    assert len(out) == len(manager.db.get_results())
    return out


def test_a_fresh_process_gives_the_forked_runs_results_byte_for_byte(
        tiny: dict[str, Any], tmp_path: Path) -> None:
    """The scenario program in a new process, with one forked run's parameters and RngRun:
    the same results file, the wall-clock section aside (configuration, provenance and
    every figure)."""
    result = min(tiny["manager"].db.get_results(), key=lambda r: r["params"]["RngRun"])
    args = [f"--{k}={v}" for k, v in result["params"].items()
            if k in program.PARAMETERS_BY_NAME or k in program.GLOBALS]
    program_path = shutil.which("ns3-dmm-scenario") or str(
        Path(sys.executable).with_name("ns3-dmm-scenario"))
    done = subprocess.run([program_path, *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    forked = tiny["manager"].db.get_result_files(result)["results.json"]
    assert _without_wall_clock((tmp_path / "results.json").read_text()) == \
        _without_wall_clock(Path(forked).read_text())


def test_the_campaign_runs_on_a_dask_scheduler(tiny: dict[str, Any], tmp_path: Path) -> None:
    """A real scheduler and two single-threaded workers on loopback, as separate processes."""
    dask = shutil.which("dask") or str(Path(sys.executable).with_name("dask"))
    scheduler_file = tmp_path / "scheduler.json"
    env = dict(os.environ)
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(300):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                 "--host", "127.0.0.1"], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
        definition = tiny["definition"]
        manager = cp.open_campaign(definition, tmp_path / "tiny",
                                   cp.DaskRunner(address, max_parallel_processes=2))
        procs.append(manager)  # closed below
        assert cp.run_campaign(definition, manager, show_progress=False) == 8
        results = manager.db.get_results()
        assert len(results) == 8 and all(r["meta"]["exitcode"] == 0 for r in results)
        # The same simulations as the forked runs on this machine: identical figures.
        mine = cp.results_frame(definition, tiny["manager"]).sort_values(
            ["placement", "mobility_speed_mps", "RngRun"]).reset_index(drop=True)
        theirs = cp.results_frame(definition, manager).sort_values(
            ["placement", "mobility_speed_mps", "RngRun"]).reset_index(drop=True)
        assert mine.equals(theirs)
        # Byte for byte: every run's results file from a Dask worker is the forked run's,
        # the wall-clock section aside.
        assert _results_files(manager) == _results_files(tiny["manager"])
    finally:
        managers = [p for p in procs if not isinstance(p, subprocess.Popen)]
        for m in managers:
            cp.close_campaign(m)
        processes = [p for p in procs if isinstance(p, subprocess.Popen)]
        for p in reversed(processes):
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_ns3dmm_run_applies_overrides(ns: Any, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    toml = Path(__file__).resolve().parents[1] / "examples" / "simulations" / \
        "pmipv6-handover.toml"
    assert cli_main(["run", str(toml), "--stop_s=9", "--mobility_speed_mps=20",
                     "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    (sim,) = results["simulations"]
    assert sim["results"]["stop_s"] == 9.0
    # The overrides are in the configuration the results carry.
    assert sim["configuration"]["simulation"]["stop_s"] == 9.0
    assert sim["configuration"]["scenario"]["mobility"]["speed_mps"] == 20.0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["figures"]["handovers"] >= 2  # 20 m/s: AR12 and AR21 within 9 s
    assert summary["configuration"] == sim["configuration"]
    assert "pmipv6:" in capsys.readouterr().out
    assert cli_main(["run", str(toml), "--mobility_speed=20"]) == 2
    assert "unknown parameter --mobility_speed" in capsys.readouterr().err
    assert cli_main(["run", str(tmp_path / "missing.toml")]) == 2


@pytest.mark.parametrize("name", sorted(p.stem for p in (
    Path(__file__).resolve().parents[1] / "campaigns").glob("*.py")
    if not p.stem.startswith("_")))
def test_every_shipped_campaign_definition_loads(name: str) -> None:
    """Each definition in campaigns/ loads: its parameters are the scenario program's, with
    values it accepts, and every placement it varies simulates."""
    from ns3dmm.campaign import load_definition
    from ns3dmm.deploy import simulated_presets

    definition = load_definition(name)
    assert definition.runs >= 1 and definition.metrics
    placements = definition.params.get("placement", "mipv6")
    for placement in placements if isinstance(placements, list) else [placements]:
        assert placement in simulated_presets(), placement


def test_program_refuses_a_configuration_in_one_line(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """What SEM runs: a configuration the simulator refuses is one line on stderr and exit
    status 2, not a traceback."""
    assert program.main(["--traffic_source=NOPE", "--stop_s=5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{program.PROGRAM}: ") and "NOPE" in err
    assert "\n" not in err and "Traceback" not in err
