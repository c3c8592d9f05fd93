"""Side-by-side runs for the benchmarks: in each round every variant in turn, each in a fresh
process running the calling script with ``--one <point as JSON>``, so that the variants share
the machine's state over the rounds; the process's wall time is measured around it."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def arguments(description: str, *, mobile_nodes: int, networks: int,
              stop: float) -> argparse.ArgumentParser:
    """The options every side-by-side benchmark takes (``--one`` runs one point here)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--mobile-nodes", type=int, default=mobile_nodes)
    parser.add_argument("--networks", type=int, default=networks,
                        help="networks of two access routers each")
    parser.add_argument("--stop", type=float, default=stop, help="simulated seconds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    return parser


def alternate(script: str, variants: Sequence[str], rounds: int, point: dict[str, Any],
              report: Callable[[int, str, dict[str, Any]], None]) -> dict[str, list[dict]]:
    """Run ``script --one`` for ``point`` plus ``{"variant": v}`` for every variant, round
    after round; return each variant's rows (the child's last line of JSON, with
    ``process_s``), calling ``report(round, variant, row)`` after each."""
    rows: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    for k in range(rounds):
        for variant in variants:
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, script, "--one",
                                   json.dumps({**point, "variant": variant})],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"{variant} failed (exit {proc.returncode})")
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["process_s"] = time.perf_counter() - t0
            rows[variant].append(row)
            report(k + 1, variant, row)
    return rows
