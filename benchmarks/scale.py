#!/usr/bin/env python3
"""How a simulation's cost grows with its size: mobile nodes (and networks, 100 mobile nodes
per network or --networks, two access routers each) for each access model (abstract, WiFi over
the Yans PHY, WiFi over the spectrum PHY with its cut-off), every point in a fresh process.

Each point is a PMIPv6 scenario (``--placement``) whose mobile nodes move by random waypoint
over the access routers' area at 10 m/s for ``--stop`` simulated seconds, one UDP stream
(100 kb/s) to the first mobile node, FlowMonitor off. Recorded per point: build time
(scenario and functions), events executed and CPU seconds per simulated second, handovers of
the followed node, the process's peak RSS, and per mobile node the process's growth past
ns-3 and the module, the binding tables' entries at the end and the results file's octets.
The archive folder gets ``results.json``
(configuration and rows), ``scale.csv`` and ``scale.png``/``.pdf`` (log-log, with the fitted
growth exponent of each series: cost ~ n^k over the points above --fit-from mobile nodes).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

MNS_PER_NETWORK = 100


def _document(args: dict[str, Any]) -> dict[str, Any]:
    mns = int(args["mobile_nodes"])
    networks = int(args.get("networks") or max(2, math.ceil(mns / MNS_PER_NETWORK)))
    access, _, phy = args["access"].partition("-")
    scenario: dict[str, Any] = {"seed": 1, "run": 1, "access": access, "flow_monitor": False,
                                "mobility": {"model": "random-waypoint", "speed_mps": 10.0,
                                             "min_speed_mps": 5.0}}
    if phy:
        scenario["wifi"] = {"phy": phy}
    return {
        "simulation": {"placement": args["placement"],
                       "placement_params": {"networks": networks, "ars_per_network": 2,
                                            "mobile_nodes": mns},
                       "stop_s": float(args["stop_s"])},
        "scenario": scenario,
        "traffic": [{"kind": "udp-cbr", "rate": "100kbps", "size": 500}],
    }


def one(args: dict[str, Any]) -> dict[str, Any]:
    """Run one point in this process; return its figures."""
    import ns3dmm
    from ns3dmm.simulate import simulate_document

    doc = _document(args)
    ns3dmm.load()
    base_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu0 = time.process_time()
    results = simulate_document(doc)
    wall = results.wall
    stop = float(args["stop_s"])
    mns = int(args["mobile_nodes"])
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # State per mobile node: the process's growth past ns-3 and the module, the entries of the
    # binding tables at the end (LM databases, proxies' lists, regional bindings) and the
    # results file.
    tables = {kind: sum(series["size"][-1] for series in names.values() if series["size"])
              for kind, names in results.binding_tables.items()}
    return {
        **args,
        "networks": doc["simulation"]["placement_params"]["networks"],
        "build_s": wall["build_s"] + wall["deploy_s"],
        "run_s": wall["simulation_s"],
        "events": wall["events"],
        "events_per_simulated_s": wall["events"] / stop,
        "cpu_per_simulated_s": wall["simulation_s"] / stop,
        "process_cpu_s": time.process_time() - cpu0,
        "peak_rss_mb": peak_rss_mb,
        "handovers": sum(len(v) for v in results.handovers.values()),
        "rss_per_mn_kb": (peak_rss_mb - base_rss_mb) * 1024 / mns,
        **{f"entries_per_mn_{kind}": v / mns for kind, v in sorted(tables.items())},
        "results_bytes_per_mn": len(results.to_json()) / mns,
    }


def _fit(rows: list[dict[str, Any]], key: str, fit_from: int) -> float | None:
    import numpy as np

    pts = [(r["mobile_nodes"], r[key]) for r in rows if r["mobile_nodes"] >= fit_from
           and r[key] > 0]
    if len(pts) < 2:
        return None
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return float(np.polyfit(x, y, 1)[0])


def _plot(rows: list[dict[str, Any]], fits: dict[str, dict[str, float | None]],
          out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = [("cpu_per_simulated_s", "CPU s per simulated s"),
               ("events_per_simulated_s", "events per simulated s"),
               ("build_s", "build s (scenario + functions)"),
               ("peak_rss_mb", "peak RSS, MB")]
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.6))
    for ax, (key, label) in zip(axes, metrics, strict=True):
        for access in sorted({r["access"] for r in rows}):
            pts = sorted((r["mobile_nodes"], r[key]) for r in rows if r["access"] == access)
            k = fits[access].get(key)
            ax.loglog([p[0] for p in pts], [max(p[1], 1e-6) for p in pts], "o-",
                      label=f"{access} (~n^{k:.2f})" if k is not None else access)
        nets = {r["networks"] for r in rows}
        ax.set_xlabel(f"mobile nodes ({nets.pop()} networks)" if len(nets) == 1
                      else f"mobile nodes ({MNS_PER_NETWORK} per network)")
        ax.set_title(label, fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(out / f"scale.{ext}")
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mobile-nodes", default="10,100,1000",
                        help="comma-separated sizes (e.g. 10,100,1000,10000)")
    parser.add_argument("--access", default="abstract,wifi,wifi-spectrum",
                        help="access models: abstract, wifi (Yans PHY), wifi-spectrum (spectrum "
                        "PHY with its default cut-off)")
    parser.add_argument("--networks", type=int, default=0,
                        help="networks (two access points each) at every point (0: one per "
                        f"{MNS_PER_NETWORK} mobile nodes, at least 2)")
    parser.add_argument("--placement", default="pmipv6")
    parser.add_argument("--stop", type=float, default=20.0, help="simulated seconds")
    parser.add_argument("--max-wifi", type=int, default=1000,
                        help="largest WiFi point (WiFi's cost grows faster)")
    parser.add_argument("--fit-from", type=int, default=100)
    parser.add_argument("--out", default="scale-archive", help="archive folder")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for access in args.access.split(","):
        for n in (int(s) for s in args.mobile_nodes.split(",")):
            if access.startswith("wifi") and n > args.max_wifi:
                continue
            point = {"access": access, "mobile_nodes": n, "stop_s": args.stop,
                     "placement": args.placement, "networks": args.networks}
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, __file__, "--one", json.dumps(point)],
                                  capture_output=True, text=True, env=dict(os.environ))
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"point {point} failed (exit {proc.returncode})")
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["process_wall_s"] = time.perf_counter() - t0
            rows.append(row)
            print(f"{access:13s} {n:6d} MNs {row['networks']:4d} nets: "
                  f"{row['rss_per_mn_kb']:6.1f} kB, {row['results_bytes_per_mn']:6.0f} result "
                  f"octets per MN; "
                  f"build {row['build_s']:7.2f} s"
                  f"  run {row['run_s']:8.2f} s ({row['cpu_per_simulated_s']:.3f} s/s, "
                  f"{row['events_per_simulated_s']:.3g} events/s)  peak RSS "
                  f"{row['peak_rss_mb']:7.0f} MB  wall {row['process_wall_s']:7.1f} s",
                  flush=True)
    keys = ("cpu_per_simulated_s", "events_per_simulated_s", "build_s", "peak_rss_mb")
    fits = {access: {k: _fit([r for r in rows if r["access"] == access], k, args.fit_from)
                     for k in keys} for access in {r["access"] for r in rows}}
    (out / "results.json").write_text(json.dumps(
        {"configuration": {**vars(args), "mns_per_network": MNS_PER_NETWORK,
                           "document": _document({"mobile_nodes": 1, "stop_s": args.stop,
                                                  "access": "<access>",
                                                  "placement": args.placement,
                                                  "networks": args.networks})},
         "rows": rows, "growth_exponents": fits}, indent=2))
    with (out / "scale.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _plot(rows, fits, out)
    for access, f in sorted(fits.items()):
        print(f"{access}: growth exponents " + ", ".join(
            f"{k} ~n^{v:.2f}" for k, v in f.items() if v is not None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
