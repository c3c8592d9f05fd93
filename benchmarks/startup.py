#!/usr/bin/env python3
"""Wall-clock time of one ``ns3-dmm run`` over ``from ns import ns``, and where it goes.

Each measurement is a fresh interpreter in an empty directory. The two commands run in
alternating pairs (--repeat pairs; the pair sees the same machine load):

- ``python -c "from ns import ns"``: the ns3 wheel alone (every ns-3 module through cppyy);
- ``python -m ns3dmm.cli run FILE``: the user's command (default: the PMIPv6 example, four
  WiFi handovers, 28 simulated seconds), as the console script ``ns3-dmm run`` runs it.

The run's ``results.json`` carries its phases (wall-clock section): loading ns-3 and the module,
building the scenario, deploying the functions, adding traffic, Simulator::Run with its set-up
and read-out, metrics and model; the rest of the process wall is the interpreter, the imports
before loading, parsing, writing and exit. A last fresh process runs the same file twice: the
second call has nothing left to load or compile, so the difference per phase is the first-use
cost (cppyy's JIT of the calls from Python, ns-3's one-time set-up).

With --python, the same pairs also run with another interpreter (e.g. a venv with an older
ns3dmm) in the same loop, so that before and after see the same machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "examples" / "simulations" / "pmipv6-handover.toml"
PHASES = ("load_s", "build_s", "deploy_s", "traffic_s", "run_s", "readout_s")
TWICE = """
import json, sys, time
from ns3dmm.simulate import simulate_file
walls = []
for _ in range(2):
    t0 = time.perf_counter()
    results = simulate_file(sys.argv[1])
    walls.append(dict(getattr(results, "wall", {}), call_s=time.perf_counter() - t0))
print(json.dumps(walls))
"""


def _timed(argv: list[str], cwd: Path) -> tuple[float, str, str]:
    """Wall-clock seconds of a command, its standard output and its standard error."""
    t0 = time.perf_counter()
    out = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return wall, out.stdout, out.stderr


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    return (f"{statistics.median(values):7.2f} s  (min {min(values):.2f}, max {max(values):.2f}, "
            f"n={len(values)})")


def pair(python: str, file: Path, cwd: Path, k: int) -> dict[str, Any]:
    """One ``from ns import ns`` then one ``ns3-dmm run FILE`` with ``python``."""
    wheel, _, _ = _timed([python, "-c", "from ns import ns"], cwd)
    run, stdout, stderr = _timed([python, "-m", "ns3dmm.cli", "run", str(file), "--out",
                                  f"out{k}"], cwd)
    text = stdout + stderr
    clock = json.loads((cwd / f"out{k}" / "results.json").read_text()).get("wall_clock", {})
    sim = (clock.get("simulations") or [{}])[0]
    phases = {p: sim[p] for p in (*PHASES, "simulation_s") if p in sim}
    if "total_s" in sim:
        phases["rest_s"] = run - sim["total_s"]
    return {"from_ns_import_ns_s": wheel, "ns3dmm_run_s": run, "run_over_import_s": run - wheel,
            "phases_s": phases, "cling_warnings": text.count("Failed to materialize symbols")}


def first_use(python: str, file: Path) -> list[dict[str, float]]:
    """The wall clock of two calls of simulate_file in one fresh process (``call_s``, and the
    phases when the interpreter's ns3dmm reports them)."""
    with tempfile.TemporaryDirectory() as tmp:
        _, stdout, _ = _timed([python, "-c", TWICE, str(file)], Path(tmp))
    return json.loads(stdout.strip().splitlines()[-1])


def report(m: dict[str, Any], twice: list[dict[str, float]]) -> None:
    print(f"== {m['python']}")
    print(f"  from ns import ns          {_spread(m['from_ns_import_ns_s'])}")
    print(f"  ns3-dmm run FILE           {_spread(m['ns3dmm_run_s'])}")
    print(f"  run over the import (pair) {_spread(m['run_over_import_s'])}")
    names = {"load_s": "load ns-3 and the module", "build_s": "build the scenario",
             "deploy_s": "deploy the functions", "traffic_s": "add traffic",
             "run_s": "Simulator::Run, set-up, read-out", "readout_s": "metrics and model",
             "simulation_s": "  of which Simulator::Run",
             "rest_s": "interpreter, imports, parse, provenance, write"}
    for p, values in m["phases_s"].items():
        print(f"    {names[p]:33s} {_spread(values)}")
    print(f"  cling warnings printed: {m['cling_warnings']}")
    print("  first call against a second call in the same process (first-use cost):")
    names["call_s"] = "the whole call (load included)"
    for p in ("call_s", *PHASES):
        if p in twice[0]:
            a, b = twice[0][p], twice[1][p]
            print(f"    {names[p]:33s} {a:7.2f} s then {b:6.2f} s  (first use {a - b:+.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="pairs per interpreter")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="simulation file")
    parser.add_argument("--python", action="append", default=[],
                        help="another interpreter to measure in the same loop (repeatable)")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    pythons = [sys.executable, *args.python]
    merged = {p: {"python": p, "from_ns_import_ns_s": [], "ns3dmm_run_s": [],
                  "run_over_import_s": [], "phases_s": {}, "cling_warnings": 0}
              for p in pythons}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):  # interpreters alternate too: one pair each per round
            for i, p in enumerate(pythons):
                one = pair(p, args.file.resolve(), Path(tmp), k * len(pythons) + i)
                m = merged[p]
                for key in ("from_ns_import_ns_s", "ns3dmm_run_s", "run_over_import_s"):
                    m[key].append(one[key])
                for ph, v in one["phases_s"].items():
                    m["phases_s"].setdefault(ph, []).append(v)
                m["cling_warnings"] += one["cling_warnings"]
    for m in merged.values():
        m["first_use"] = first_use(m["python"], args.file.resolve())
        report(m, m["first_use"])
    if args.json:
        Path(args.json).write_text(json.dumps({"file": str(args.file), "repeat": args.repeat,
                                               "interpreters": list(merged.values())},
                                              indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
