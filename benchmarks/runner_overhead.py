#!/usr/bin/env python3
"""Per-run overhead of the campaign runner against a cold process per run.

The same short simulation (MIPv6, one handover, 6 simulated seconds) runs --runs times in
forked children of one warmed-up process (ns3dmm.campaign.run_forked, one at a time), and
--cold times as a fresh ``python -m ns3dmm.program`` process. A run's own work is the time the
child spends in it (parsing, building, simulating, writing results: ``runner.json``); the
overhead is the rest of the run's wall time: fork, start-up, exit, and for a cold process the
interpreter, the ns-3 import and cppyy's compilation.
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

from ns3dmm.campaign import run_forked

PARAMS = {"placement": "mipv6", "ars_per_network": 1, "mobility_speed_mps": 20.0,
          "mobility_start_s": 1.0, "stop_s": 6.0, "flow_monitor": False}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold", type=int, default=2)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        t0 = time.perf_counter()
        list(run_forked([dict(PARAMS, RngRun=0)], data / "warm", 1))  # load and warm up
        warm_up_s = time.perf_counter() - t0
        forked = []
        for result in run_forked([dict(PARAMS, RngRun=k) for k in range(args.runs)],
                                 data / "runs", 1):
            folder = data / "runs" / result["meta"]["id"]
            inside = json.loads((folder / "runner.json").read_text())["in_child_s"]
            forked.append((result["meta"]["elapsed_time"], inside))
        work = statistics.median(inside for _, inside in forked)
        fork_overhead = [wall - inside for wall, inside in forked]
        cold = []
        for k in range(args.cold):
            out = data / f"cold{k}"
            out.mkdir()
            argv = [sys.executable, "-m", "ns3dmm.program", *(f"--{n}={v}" for n, v in
                                                              PARAMS.items()), f"--RngRun={k}"]
            t0 = time.perf_counter()
            subprocess.run(argv, cwd=out, check=True, capture_output=True)
            cold.append(time.perf_counter() - t0)
    result = {
        "runs": args.runs,
        "warm_up_s": warm_up_s,
        "run_work_s_median": work,
        "forked_overhead_s_median": statistics.median(fork_overhead),
        "forked_overhead_s_max": max(fork_overhead),
        "cold_wall_s": cold,
        "cold_overhead_s_median": statistics.median(cold) - work,
    }
    print(f"one-time load and warm-up        {warm_up_s:7.2f} s")
    print(f"a run's own work (median)        {work:7.3f} s")
    print(f"forked: overhead per run         {result['forked_overhead_s_median']:7.3f} s "
          f"(median of {args.runs}; max {result['forked_overhead_s_max']:.3f} s)")
    print(f"cold process: overhead per run   {result['cold_overhead_s_median']:7.2f} s "
          f"(median of {args.cold})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
