"""SEM campaigns of the scenario program, without an ns-3 source tree.

SEM (``sem.CampaignManager``) keeps the campaign database, expands parameter spaces, finds the
missing runs and loads the results; its own runners build and run a program of an ns-3 tree.
Here the runner is :class:`ForkRunner`: the parent process loads ns-3 and ns3-dmm once, then
forks one child per run (a fresh copy of the warmed-up process: isolation without re-import),
up to one per core. Each child runs the scenario program's simulation in the run's SEM folder
(``results.json``, ``summary.json``, stdout, stderr) and exits. :class:`DaskRunner` does the
same on the workers of a dask.distributed cluster (a local cluster by default, a scheduler
address otherwise): every worker process loads ns3-dmm once and forks per run.

A campaign definition is a Python module in ``campaigns/`` (see :class:`Definition`); the
``ns3-dmm campaign run|status|plot NAME`` commands and :func:`run_campaign` use it. Each
``run`` writes an archive folder: plots (PNG and PDF), the aggregated data as CSV, and a
README with the parameters, the ns3dmm version, the project commit and how to regenerate it.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import numbers
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import sem
from sem.database import DatabaseManager
from sem.runner import SimulationRunner

__all__ = ["JOURNAL", "DaskRunner", "Definition", "ForkRunner", "archive", "load_definition",
           "merge_journal", "open_campaign", "run_campaign", "status"]

#: Where campaign definitions are looked up by name: ``campaigns/`` under the working directory,
#: then the project checkout's (for a development install).
CAMPAIGN_DIRS = (Path("campaigns"), Path(__file__).resolve().parents[2] / "campaigns")


class CampaignError(ValueError):
    """An unknown campaign, a bad definition or a failed run; the message says which."""


# --------------------------------------------------------------------------- the runs


def _launcher() -> str:
    """An executable that runs the scenario program (SEM's parameter discovery calls it):
    the installed console script, or a small script for this interpreter."""
    installed = shutil.which("ns3-dmm-scenario") or str(
        Path(sys.executable).with_name("ns3-dmm-scenario"))
    if Path(installed).exists():
        return installed
    path = Path(tempfile.mkdtemp(prefix="ns3dmm-")) / "ns3-dmm-scenario"
    path.write_text(f"#!{sys.executable}\nimport sys\nfrom ns3dmm.program import main\n"
                    "sys.exit(main())\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


_warmed: set[str] = set()


def _warm_up(parameter_list: Sequence[Mapping[str, Any]]) -> None:
    """Load ns-3 and ns3-dmm, then run the first parameter combination of each placement in
    the list to its end (in a scratch folder), so that forked children start with everything
    cppyy compiles on first use already compiled: building, the handovers' code paths, the
    metrics and the model of the read-out. Then move every object the warm-up left to the
    garbage collector's permanent generation (``gc.freeze``): a child's collections never
    write to those pages, which would copy them from the parent one by one."""
    from ns3dmm import program  # noqa: PLC0415

    for params in parameter_list:
        values = program.parse([f"--{k}={_text(v)}" for k, v in params.items()])
        doc = program.document(values)
        key = json.dumps(doc.get("simulation", {}).get("placement"))
        if key in _warmed:
            continue
        with tempfile.TemporaryDirectory() as scratch:
            program.run(doc, scratch)
        _warmed.add(key)
    gc.collect()
    gc.freeze()


def _child(params: Mapping[str, Any], folder: Path) -> None:
    """In a forked child: run one simulation in ``folder`` and exit (never returns)."""
    code = 1
    try:
        os.chdir(folder)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            out = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, fd)
            os.close(out)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        from ns3dmm import program  # noqa: PLC0415

        started = time.perf_counter()
        values = program.parse([f"--{k}={_text(v)}" for k, v in params.items()])
        program.run(program.document(values), folder)
        (folder / "runner.json").write_text(json.dumps(
            {"in_child_s": time.perf_counter() - started, "pid": os.getpid()}))
        code = 0
    except BaseException:  # noqa: BLE001 (the child reports everything, then exits)
        try:
            traceback.print_exc()
        except BaseException:  # noqa: BLE001, S110
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _is_bool(value: Any) -> bool:
    """A Python or numpy boolean."""
    return isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b"


def _text(value: Any) -> str:
    """A parameter value as the program reads it (numpy numbers included)."""
    if _is_bool(value):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return str(value)


def _plain(value: Any) -> Any:
    """A parameter value as plain Python (numpy numbers become int, float or bool), so SEM's
    database can store it."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if callable(value):
        return lambda p: _plain(value(p))
    if _is_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return value


def run_forked(parameter_list: Sequence[Mapping[str, Any]], data_folder: str | Path,
               max_parallel: int, timeout_s: float | None = None) -> Iterator[dict[str, Any]]:
    """Run each parameter combination in a forked child, ``max_parallel`` at a time (a run
    longer than ``timeout_s`` is killed: exit code -9); yield SEM result dictionaries as runs
    finish."""
    if max_parallel < 1:
        raise ValueError(f"max_parallel must be at least 1, got {max_parallel}")
    data_folder = Path(data_folder).resolve()
    _warm_up(parameter_list)
    pending = list(parameter_list)
    running: dict[int, tuple[dict[str, Any], Path, float]] = {}
    try:
        yield from _forked(pending, running, data_folder, max_parallel, timeout_s)
    finally:
        # Interrupted (or the consumer stopped): stop the runs still going, drop their folders.
        for pid, (_, folder, _) in running.items():
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            shutil.rmtree(folder, ignore_errors=True)


def _forked(pending: list[Mapping[str, Any]],
            running: dict[int, tuple[dict[str, Any], Path, float]], data_folder: Path,
            max_parallel: int, timeout_s: float | None) -> Iterator[dict[str, Any]]:
    while pending or running:
        while pending and len(running) < max_parallel:
            params = dict(pending.pop(0))
            sim_id = str(uuid.uuid4())
            folder = data_folder / sim_id
            folder.mkdir(parents=True)
            sys.stdout.flush()
            sys.stderr.flush()
            # No Ctrl-C between fork and the child's own handling: a child must never return
            # into this code (it would clean up its siblings and write the database).
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            pid = os.fork()
            if pid == 0:
                try:
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                    _child(params, folder)
                finally:
                    os._exit(1)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            running[pid] = ({"params": params, "meta": {"id": sim_id}}, folder,
                            time.time())
        pid, status = _wait_any(running, timeout_s)
        result, folder, started = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        result["meta"]["elapsed_time"] = time.time() - started
        result["meta"]["exitcode"] = code
        yield result


def _wait_any(children: Mapping[int, tuple[Any, Path, float]],
              timeout_s: float | None) -> tuple[int, int]:
    """Wait until one of ``children`` exits (only those: other children of this process, such
    as subprocesses, are left to their owners), killing any that has run longer than
    ``timeout_s``; return its pid and wait status."""
    if not children:
        raise ValueError("no children to wait for")
    while True:
        now = time.time()
        for pid, (_, _, started) in children.items():
            if timeout_s is not None and now - started > timeout_s:
                os.kill(pid, signal.SIGKILL)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return done, status
        time.sleep(0.002)


class ForkRunner(SimulationRunner):
    """SEM's runner interface over the scenario program, in forked children of one warmed-up
    process (no ns-3 tree, nothing to build)."""

    def __init__(self, path: str | Path = ".", script: str = "ns3-dmm-scenario",
                 optimized: bool = True, skip_configuration: bool = True,
                 max_parallel_processes: int | None = None,
                 timeout_s: float | None = None) -> None:
        if max_parallel_processes is not None and max_parallel_processes < 1:
            raise CampaignError(f"max_parallel_processes must be at least 1, got "
                                f"{max_parallel_processes}")
        if timeout_s is not None and not timeout_s > 0:
            raise CampaignError(f"timeout_s must be positive, got {timeout_s}")
        self.timeout_s = timeout_s
        self.path = str(path)
        self.script = script
        self.optimized = optimized
        self.max_parallel_processes = max_parallel_processes or os.cpu_count() or 1
        self.script_executable = _launcher()
        self.environment = dict(os.environ)

    def configure_and_build(self, show_progress: bool = True, optimized: bool = True,
                            skip_configuration: bool = True) -> None:
        """Nothing to build: the module is installed with the package."""

    def run_simulations(self, parameter_list: Sequence[Mapping[str, Any]], data_folder: str,
                        callbacks: Sequence[Any] | None = None,
                        stop_on_errors: bool = False) -> Iterator[dict[str, Any]]:
        for result in self._execute(parameter_list, data_folder):
            if result["meta"]["exitcode"] != 0:
                folder = Path(data_folder) / result["meta"]["id"]
                stderr = (folder / "stderr").read_text(errors="replace")[-4000:]
                message = (f"simulation failed (exit {result['meta']['exitcode']}): "
                           f"{result['params']}\n{stderr}")
                if stop_on_errors:
                    raise CampaignError(message)
                print(message, file=sys.stderr)
            yield result

    def _execute(self, parameter_list: Sequence[Mapping[str, Any]],
                 data_folder: str) -> Iterator[dict[str, Any]]:
        return run_forked(parameter_list, data_folder, self.max_parallel_processes,
                          self.timeout_s)


def _dask_task(params: dict[str, Any], data_folder: str,
               timeout_s: float | None = None) -> dict[str, Any]:
    """A Dask task: one run, forked from the worker process (which loads ns3-dmm once)."""
    runs = run_forked([params], data_folder, 1, timeout_s)
    try:
        return next(runs)
    finally:
        runs.close()


def _failed_result(params: dict[str, Any], data_folder: Path,
                   error: BaseException) -> dict[str, Any]:
    """A SEM result for a run that never reported (its task failed): exit code -1, the error
    in its stderr."""
    sim_id = str(uuid.uuid4())
    folder = data_folder / sim_id
    folder.mkdir(parents=True)
    (folder / "stdout").write_text("")
    (folder / "stderr").write_text(f"{type(error).__name__}: {error}\n")
    return {"params": params, "meta": {"id": sim_id, "elapsed_time": 0.0, "exitcode": -1}}


class DaskRunner(ForkRunner):
    """:class:`ForkRunner` on a dask.distributed cluster: ``address`` names a running scheduler
    (``tcp://host:8786``; dask-jobqueue clusters for Slurm or PBS give one); without it a local
    cluster of one single-threaded worker process per core is started. Run folders must be on
    a file system the workers share with this process."""

    def __init__(self, address: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.address = address

    def _execute(self, parameter_list: Sequence[Mapping[str, Any]],
                 data_folder: str) -> Iterator[dict[str, Any]]:
        from dask.distributed import Client, LocalCluster, as_completed  # noqa: PLC0415

        cluster = None
        if self.address is None:
            cluster = LocalCluster(n_workers=self.max_parallel_processes, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(self.address)
        futures: dict[Any, dict[str, Any]] = {}
        try:
            for p in parameter_list:
                future = client.submit(_dask_task, dict(p), str(Path(data_folder).resolve()),
                                       self.timeout_s, pure=False)
                futures[future] = dict(p)
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 (a lost worker, a failed warm-up)
                    yield _failed_result(futures[future], Path(data_folder), exc)
        finally:
            for future in futures:
                future.cancel()
            client.close()
            if cluster is not None:
                cluster.close()


# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True, slots=True)
class Definition:
    """A campaign definition module: ``NAME``, ``DESCRIPTION``, ``PARAMS`` (scenario program
    names to a value or a list of values), ``RUNS`` (runs per combination), ``METRICS`` (the
    labels ``parse`` returns), ``parse(result) -> list`` (a pure function of one SEM result
    with its files), ``plot(frame, handovers, out_dir) -> list[Path]`` (``frame``: one row per
    run, :func:`results_frame`; ``handovers``: one row per handover of the same runs,
    :func:`handovers_frame`) and optionally ``REFERENCE`` (text for the archive's README)."""

    name: str
    module: ModuleType
    path: Path

    @property
    def params(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in self.module.PARAMS.items()}

    @property
    def runs(self) -> int:
        return int(self.module.RUNS)

    @property
    def metrics(self) -> list[str]:
        return list(self.module.METRICS)

    def parse(self, result: Mapping[str, Any]) -> list[Any]:
        return list(self.module.parse(result))

    @property
    def varied(self) -> list[str]:
        """The parameters given a list of values."""
        return [k for k, v in self.params.items() if isinstance(v, list)]

    def plot(self, frame: Any, handovers: Any, out_dir: Path) -> list[Path]:
        return list(self.module.plot(frame, handovers, out_dir))


def load_definition(name_or_path: str | Path,
                    directories: Sequence[Path] = CAMPAIGN_DIRS) -> Definition:
    """A campaign definition by name (``NAME.py`` in one of ``directories``) or by file."""
    path = Path(name_or_path)
    if path.suffix != ".py":
        path = next((d / f"{name_or_path}.py" for d in directories
                     if (d / f"{name_or_path}.py").is_file()), path)
    if not path.is_file():
        known = sorted({p.stem for d in directories for p in d.glob("*.py")
                        if not p.stem.startswith("_")})
        raise CampaignError(f"unknown campaign {str(name_or_path)!r}; known: "
                            f"{', '.join(known) or 'none'} (in "
                            f"{', '.join(str(d) for d in directories)})")
    path = path.resolve()
    spec = importlib.util.spec_from_file_location(f"ns3dmm_campaign_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # its helpers (campaigns/_plotting.py)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    missing = [a for a in ("NAME", "PARAMS", "RUNS", "METRICS", "parse", "plot")
               if not hasattr(module, a)]
    if missing:
        raise CampaignError(f"{path}: the definition lacks {', '.join(missing)}")
    from ns3dmm import program  # noqa: PLC0415
    from ns3dmm.program import GLOBALS, PARAMETERS  # noqa: PLC0415

    unknown = sorted(set(module.PARAMS) - {p.name for p in PARAMETERS})
    if unknown:
        reserved = [u for u in unknown if u in GLOBALS]
        raise CampaignError(f"{path}: " + (
            f"{', '.join(reserved)} is set per run (RUNS says how many)" if reserved else
            f"unknown parameters {', '.join(unknown)} (ns3-dmm-scenario --PrintHelp lists "
            "them)"))
    definition = Definition(str(module.NAME), module, path)
    for name, value in definition.params.items():
        for v in value if isinstance(value, list) else [value]:
            if callable(v):
                continue
            try:
                program.parse([f"--{name}={_text(v)}"])
            except program.ProgramError as exc:
                raise CampaignError(f"{path}: PARAMS: {exc}") from None
    if not isinstance(module.RUNS, int) or module.RUNS < 1:
        raise CampaignError(f"{path}: RUNS must be a positive integer, got {module.RUNS!r}")
    return definition


# --------------------------------------------------------------------------- campaigns


def project_commit(where: Path | None = None) -> str:
    """The git commit of the checkout holding ``where`` (default: the working directory),
    with ``-dirty`` when tracked files changed, or ``unknown``."""
    from ns3dmm.results import git_commit  # noqa: PLC0415

    return git_commit(where or Path.cwd()) or "unknown"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("ns3dmm")
    except PackageNotFoundError:
        return "unknown"


def _check_database(db_file: Path) -> None:
    """Keep a copy of a good database file (``.bak``), and put that copy back when the file is
    not valid JSON (a process killed while writing it): SEM deletes a database it cannot read."""
    backup = db_file.with_name(db_file.name + ".bak")
    try:
        json.loads(db_file.read_text())
    except (ValueError, UnicodeDecodeError):
        if not backup.exists():
            raise CampaignError(f"{db_file} is corrupt and there is no backup") from None
        print(f"ns3dmm: {db_file} is corrupt; restoring {backup.name} (runs since it are "
              "missing and will run again)", file=sys.stderr)
        shutil.copyfile(backup, db_file)
        return
    shutil.copyfile(db_file, backup)


def open_campaign(definition: Definition, campaign_dir: str | Path,
                  runner: SimulationRunner | None = None) -> sem.CampaignManager:
    """The campaign's SEM manager: loaded from ``campaign_dir`` when it holds this campaign,
    created otherwise (the parameters come from the program's ``--PrintHelp``; the
    ns3dmm version and the project commit are recorded with it)."""
    runner = runner or ForkRunner()
    campaign_dir = Path(campaign_dir).resolve()
    db_file = campaign_dir / f"{campaign_dir.name}.json"
    if db_file.exists():
        _check_database(db_file)
        db = DatabaseManager.load(str(campaign_dir))
        if db.get_script() != runner.script:
            raise CampaignError(f"{campaign_dir} holds a campaign of {db.get_script()}")
        merge_journal(db)
    else:
        db = DatabaseManager.new(script=runner.script, params=runner.get_available_parameters(),
                                 commit=project_commit(definition.path.parent),
                                 campaign_dir=str(campaign_dir))
        (campaign_dir / "ns3dmm.json").write_text(json.dumps(
            {"campaign": definition.name, "ns3dmm_version": _version(),
             "commit": project_commit(definition.path.parent),
             "created": datetime.now(UTC).isoformat()}, indent=2))
    return sem.CampaignManager(db, runner, check_repo=False)


def close_campaign(campaign: sem.CampaignManager) -> None:
    """Write the campaign database to disk and close its file."""
    campaign.db.write_to_disk()
    campaign.db.db.close()


def status(definition: Definition, campaign: sem.CampaignManager) -> dict[str, int]:
    """Runs the definition asks for, runs done, runs missing."""
    from sem.utils import list_param_combinations  # noqa: PLC0415

    combinations = list_param_combinations(definition.params)
    wanted = len(combinations) * definition.runs
    missing = len(campaign.get_missing_simulations(combinations, definition.runs))
    return {"wanted": wanted, "done": wanted - missing, "missing": missing}


#: The journal of a campaign folder: one JSON line per finished run not yet in the database.
JOURNAL = "results.journal"


class _Journal:
    """Results of finished runs, appended one JSON line each as runs end: a constant cost per
    run, where writing SEM's database file (TinyDB rewrites all of it) costs O(runs). The lines
    are merged into the database in one write when the campaign call ends, and after a crash
    when the campaign is next opened (:func:`merge_journal`)."""

    def __init__(self, campaign_dir: Path) -> None:
        self.path = campaign_dir / JOURNAL
        self._file = self.path.open("a", encoding="utf-8")

    def append(self, result: Mapping[str, Any]) -> None:
        self._file.write(json.dumps(result, separators=(",", ":")) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def merge_journal(db: DatabaseManager) -> int:
    """Insert the journal's results that the database lacks (a line cut short by a crash is
    skipped: its run is missing and runs again), write the database, remove the journal;
    return how many were inserted."""
    path = Path(db.campaign_dir) / JOURNAL
    if not path.exists():
        return 0
    known = {r["meta"]["id"] for r in db.get_results()}
    fresh = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if isinstance(result, dict) and result.get("meta", {}).get("id") not in known:
            fresh.append(result)
            known.add(result["meta"]["id"])
    if fresh:
        db.insert_results(fresh)
    db.write_to_disk()
    path.unlink()
    return len(fresh)


def run_campaign(definition: Definition, campaign: sem.CampaignManager,
                 show_progress: bool = True) -> int:
    """Run the simulations the definition asks for that the campaign does not have yet (SEM's
    ``get_missing_simulations``, as ``run_missing_simulations`` does); return how many ran.

    Each finished run is appended to the campaign's journal at once, and the journal is merged
    into the database file when the call ends, interrupted or not (:class:`_Journal`): an
    interrupted campaign keeps what it finished, and the next call runs only the rest."""
    from sem.utils import list_param_combinations  # noqa: PLC0415

    merge_journal(campaign.db)
    missing = campaign.get_missing_simulations(list_param_combinations(definition.params),
                                               definition.runs)
    if not missing:
        return 0
    campaign.check_and_fill_parameters(missing, needs_rngrun=True)
    runs = campaign.runner.run_simulations(missing, campaign.db.get_data_dir(),
                                           stop_on_errors=True)
    results: Any = runs
    if show_progress:
        from tqdm import tqdm  # noqa: PLC0415

        results = tqdm(runs, total=len(missing), unit="run", desc=definition.name)
    journal = _Journal(Path(campaign.db.campaign_dir))
    try:
        for result in results:
            journal.append(result)
    finally:
        runs.close()  # stops the runs still going (an interruption, a failed run)
        journal.close()
        merge_journal(campaign.db)
    return len(missing)


def _parser(definition: Definition) -> Any:
    """The definition's parser, giving empty metrics for runs that failed (no summary)."""
    def parse(result: Mapping[str, Any]) -> list[Any]:
        if "summary.json" not in result.get("output", {}):
            return [None] * len(definition.metrics)
        return definition.parse(result)

    parse.files_to_load = ["summary.json"]  # type: ignore[attr-defined]
    return parse


def results_frame(definition: Definition, campaign: sem.CampaignManager) -> Any:
    """One row per run: the varied parameters and the definition's metrics (empty for a run
    that failed)."""
    parse = _parser(definition)
    return campaign.get_results_as_dataframe(parse, columns=definition.metrics,
                                             params=definition.params, runs=definition.runs,
                                             param_columns=[*definition.varied, "RngRun"])


def results_xarray(definition: Definition, campaign: sem.CampaignManager) -> Any:
    """The metrics as an xarray DataArray over the parameter space, runs and metrics
    (parameters derived from others by a function are not dimensions)."""
    space = {k: v for k, v in definition.params.items() if not callable(v)}
    return campaign.get_results_as_xarray(space, _parser(definition), definition.metrics,
                                          definition.runs)


def archive(definition: Definition, campaign: sem.CampaignManager,
            out_root: str | Path) -> Path:
    """An archive folder for the campaign's current results: plots, ``data.csv`` (one row per
    run), ``summary.csv`` (n, mean and bootstrap 95 % confidence interval per combination),
    ``handovers.csv`` (one row per handover), README."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(out_root) / f"{definition.name}-{stamp}"
    out.mkdir(parents=True, exist_ok=False)
    frame = results_frame(definition, campaign)
    frame.to_csv(out / "data.csv", index=False)
    aggregate(frame, definition).to_csv(out / "summary.csv", index=False)
    moves = handovers_frame(definition, campaign)
    moves.to_csv(out / "handovers.csv", index=False)
    from ns3dmm.program import PARAMETERS  # noqa: PLC0415

    fixed = {k: ("derived from the varied parameters (see the definition)" if callable(v) else v)
             for k, v in definition.params.items() if not isinstance(v, list)}
    varied = {k: definition.params[k] for k in definition.varied}
    (out / "parameters.json").write_text(json.dumps(
        {"campaign": definition.name, "runs": definition.runs, "varied": varied,
         "fixed": {k: v for k, v in definition.params.items()
                   if not isinstance(v, list) and not callable(v)},
         "derived": sorted(k for k, v in definition.params.items() if callable(v)),
         "defaults": {p.name: p.default for p in PARAMETERS
                      if p.path[:2] == ("simulation", "placement_params")}},
        indent=2, default=str) + "\n")
    plots = definition.plot(frame, moves, out)
    info_path = Path(campaign.db.campaign_dir) / "ns3dmm.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    lines = [
        f"# Campaign {definition.name}",
        "",
        str(getattr(definition.module, "DESCRIPTION", "")).strip(),
        "",
        f"- ns3dmm version: {info.get('ns3dmm_version', _version())}",
        f"- project commit (campaign created): {info.get('commit', 'unknown')}",
        f"- project commit (archive written): {project_commit(definition.path.parent)}",
        f"- written: {stamp}",
        f"- runs per combination: {definition.runs} (each run has its own RngRun, assigned "
        "by SEM)",
        f"- campaign database: {campaign.db.campaign_dir}",
        "",
        "## Parameters varied",
        "",
        *[f"- `{k}`: {v}" for k, v in varied.items()],
        "",
        "## Parameters fixed (others: the program's defaults, `ns3-dmm-scenario --PrintHelp`)",
        "",
        *[f"- `{k}` = {v}" for k, v in fixed.items()],
        "",
        "## Files",
        "",
        "- `data.csv`: one row per run (varied parameters, RngRun, metrics)",
        "- `summary.csv`: per combination, n, mean, standard deviation and the percentile "
        "bootstrap 95 % confidence interval of the mean of each metric (it stays within the "
        "values observed)",
        "- `handovers.csv`: one row per handover of every run (latency, interruption, L2 "
        "outage, movement detection, home registration, packets lost, loss-free signalling)",
        "- `parameters.json`: the parameters varied and fixed (those derived per combination "
        "named) and the program's defaults of the preset parameters, as `ns3-dmm gap "
        "--measured` reads them",
        *[f"- `{p.name}`" for p in plots],
        "",
    ]
    reference = getattr(definition.module, "REFERENCE", None)
    if reference:
        lines += ["## Reference", "", reference.strip(), ""]
    lines += ["## Regenerate", "", "```sh",
              f"ns3-dmm campaign run {definition.path} --dir {campaign.db.campaign_dir}",
              "```", ""]
    (out / "README.md").write_text("\n".join(lines))
    return out


def aggregate(frame: Any, definition: Definition) -> Any:
    """Per combination of the varied parameters: n, mean, standard deviation and the
    percentile bootstrap 95 % confidence interval of the mean of every metric
    (ns3dmm.stats)."""
    import pandas as pd  # noqa: PLC0415

    from ns3dmm.stats import mean_ci  # noqa: PLC0415

    varied = definition.varied
    rows = []
    for key, group in frame.groupby(varied, sort=True) if varied else [((), frame)]:
        key = key if isinstance(key, tuple) else (key,)
        row: dict[str, Any] = dict(zip(varied, key, strict=True))
        for metric in definition.metrics:
            ci = mean_ci(pd.to_numeric(group[metric], errors="coerce"))
            row |= {f"{metric}_n": ci.n, f"{metric}_mean": ci.mean, f"{metric}_std": ci.std,
                    f"{metric}_ci95_low": ci.low, f"{metric}_ci95_high": ci.high}
        rows.append(row)
    return pd.DataFrame(rows)


def handovers_frame(definition: Definition, campaign: sem.CampaignManager) -> Any:
    """One row per handover of the runs :func:`results_frame` reads (the same combinations
    and runs): the varied parameters, RngRun, and the handover's figures (summary.json's
    ``per_handover``: access routers, latency, interruption, L2 outage, the part before
    de-association, movement detection, home registration, packets lost, whether its signalling
    was loss-free, and the model's figures)."""
    from ns3dmm.program import PER_HANDOVER_KEYS  # noqa: PLC0415

    def parse(result: Mapping[str, Any]) -> list[list[Any]]:
        text = result.get("output", {}).get("summary.json")
        moves = json.loads(text)["figures"].get("per_handover", []) if text else []
        return [[h.get(k) for k in PER_HANDOVER_KEYS] for h in moves]

    parse.files_to_load = ["summary.json"]  # type: ignore[attr-defined]
    parse.yields_multiple_results = True  # type: ignore[attr-defined]
    return campaign.get_results_as_dataframe(parse, columns=list(PER_HANDOVER_KEYS),
                                             params=definition.params, runs=definition.runs,
                                             param_columns=[*definition.varied, "RngRun"])


def summary_json(result: Mapping[str, Any]) -> dict[str, Any]:
    """The figures of a run's ``summary.json`` (written by the scenario program)."""
    return json.loads(result["output"]["summary.json"])["figures"]

