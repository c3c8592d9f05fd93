#!/usr/bin/env python3
"""Per-run overhead of the campaign runner, and the cost of saving a result as a campaign grows.

One short simulation (MIPv6, one handover, 6 simulated seconds) is the run. After the runner's
one-time warm-up (``ns3dmm.campaign.run_forked`` loads ns-3 and runs the first combination),
three comparisons, each a list of pairs:

- *first vs second run in a child*: a forked child runs the same parameters twice in-process;
  the first run pays whatever the warm-up left undone (cppyy compiling a wrapper on first use,
  copy-on-write faults of the parent's pages), the second does not;
- *forked vs in-process*: alternating, the same run forked from the warmed parent (the wall
  time the parent sees, fork to reaped exit) and run in the parent itself;
- *cold process*: a fresh ``python -m ns3dmm.program`` (interpreter, ns-3 import, cppyy's
  compilation), against the in-process run, for reference.

Overheads are the per-pair differences, reported as median and [min, max].

Saving: with a SEM database of 1, 1 000 and 10 000 results, the time to save one more result
the way ``run_campaign`` does (a line appended to the campaign journal) and the way a TinyDB
flush does (insert, rewrite the database file), median of repeated saves; plus the one merge
of a 10 000-line journal at the end of a campaign.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from ns3dmm import campaign, program

PARAMS = {"placement": "mipv6", "ars_per_network": 1, "mobility_speed_mps": 20.0,
          "mobility_start_s": 1.0, "stop_s": 6.0, "flow_monitor": False}


def _argv(params: dict[str, Any]) -> list[str]:
    return [f"--{k}={campaign._text(v)}" for k, v in params.items()]


def _in_process(params: dict[str, Any], folder: Path) -> float:
    t0 = time.perf_counter()
    program.run(program.document(program.parse(_argv(params))), folder)
    return time.perf_counter() - t0


def _twice_in_child(params: dict[str, Any], folder: Path) -> tuple[float, float]:
    """In a forked child of this process: the same run twice; its two wall times."""
    import os  # noqa: PLC0415

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read)
            first = _in_process(params, folder / "first")
            second = _in_process(params, folder / "second")
            os.write(write, json.dumps([first, second]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    first, second = json.loads(data)
    return first, second


def _spread(values: list[float]) -> str:
    if not values:
        return "      - (n=0)"
    return (f"{statistics.median(values):7.3f} s  [{min(values):.3f}, {max(values):.3f}] "
            f"(n={len(values)})")


def _saving(root: Path, sizes: tuple[int, ...], repeats: int) -> dict[str, Any]:
    """Seconds to save one result at each database size: journal append vs TinyDB flush."""
    from sem.database import DatabaseManager  # noqa: PLC0415

    params = {k: "" for k in (*PARAMS, "RngRun")}
    template = {"params": dict(PARAMS, RngRun=0),
                "meta": {"id": "", "elapsed_time": 1.0, "exitcode": 0}}
    out: dict[str, Any] = {"journal_append_s": {}, "database_flush_s": {}}
    for n in sizes:
        folder = root / f"db{n}"
        db = DatabaseManager.new(script="ns3-dmm-scenario", commit="bench", params=params,
                                 campaign_dir=str(folder))

        def result(k: int) -> dict[str, Any]:
            r = copy.deepcopy(template)
            r["params"]["RngRun"] = k
            r["meta"]["id"] = str(uuid.uuid4())
            return r

        db.insert_results([result(k) for k in range(n)])
        db.write_to_disk()
        journal = campaign._Journal(folder)
        appends, flushes = [], []
        for k in range(repeats):
            r = result(n + k)
            t0 = time.perf_counter()
            journal.append(r)
            appends.append(time.perf_counter() - t0)
        journal.close()
        (folder / campaign.JOURNAL).unlink()
        for k in range(min(repeats, 20)):
            r = result(n + repeats + k)
            t0 = time.perf_counter()
            db.insert_results([r])
            db.write_to_disk()
            flushes.append(time.perf_counter() - t0)
        out["journal_append_s"][n] = statistics.median(appends)
        out["database_flush_s"][n] = statistics.median(flushes)
        if n == max(sizes):
            journal = campaign._Journal(folder)
            for k in range(n):
                journal.append(result(10 * n + k))
            journal.close()
            t0 = time.perf_counter()
            merged = campaign.merge_journal(db)
            out["merge_s"] = {"lines": merged, "s": time.perf_counter() - t0}
        db.db.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10, help="pairs per comparison")
    parser.add_argument("--cold", type=int, default=3, help="cold processes")
    parser.add_argument("--sizes", default="1,1000,10000", help="database sizes to save at")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        t0 = time.perf_counter()
        list(campaign.run_forked([dict(PARAMS, RngRun=0)], data / "warm", 1))
        warm_up_s = time.perf_counter() - t0
        first_second, forked_inproc, cold = [], [], []
        for k in range(args.pairs):
            run = dict(PARAMS, RngRun=k)
            first_second.append(_twice_in_child(run, data / f"child{k}"))
            t0 = time.perf_counter()
            (result,) = campaign.run_forked([run], data / "forked", 1)
            forked = time.perf_counter() - t0
            assert result["meta"]["exitcode"] == 0, result
            forked_inproc.append((forked, _in_process(run, data / f"inproc{k}")))
        for k in range(args.cold):
            out = data / f"cold{k}"
            out.mkdir()
            run = dict(PARAMS, RngRun=k)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "ns3dmm.program", *_argv(run)], cwd=out,
                           check=True, capture_output=True)
            cold.append((time.perf_counter() - t0, _in_process(run, data / f"coldref{k}")))
        saving = _saving(data, sizes, 200)
    first = [a - b for a, b in first_second]
    forked = [a - b for a, b in forked_inproc]
    cold_overhead = [a - b for a, b in cold]
    result = {
        "params": PARAMS,
        "warm_up_s": warm_up_s,
        "run_s_in_process_median": statistics.median(b for _, b in forked_inproc),
        "first_minus_second_s": first,
        "forked_minus_in_process_s": forked,
        "cold_minus_in_process_s": cold_overhead,
        "saving": saving,
    }
    print(f"one-time load and warm-up                   {warm_up_s:7.2f} s")
    print(f"a run in-process (median)                  "
          f"{result['run_s_in_process_median']:7.3f} s")
    print(f"child's first run - its second run          {_spread(first)}")
    print(f"forked run - in-process run (alternating)   {_spread(forked)}")
    print(f"cold process - in-process run               {_spread(cold_overhead)}")
    for n in sizes:
        print(f"save one result at {n:6d} results: journal "
              f"{saving['journal_append_s'][n] * 1e6:8.1f} us, TinyDB flush "
              f"{saving['database_flush_s'][n] * 1e3:8.2f} ms")
    if "merge_s" in saving:
        print(f"merge a {saving['merge_s']['lines']}-line journal at the end        "
              f"{saving['merge_s']['s']:7.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
