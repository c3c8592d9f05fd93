"""A 2x2 campaign for the tests: MIPv6 and PMIPv6 at two speeds, one handover (AR11 to AR21),
two runs per combination."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ns3dmm.campaign import summary_json

NAME = "tiny"
DESCRIPTION = __doc__
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6"],
    "mobility_speed_mps": [20.0, 40.0],
    "ars_per_network": 1,
    "mobility_start_s": 1.0,
    "stop_s": 6.0,
    "flow_monitor": False,
}
RUNS = 2
METRICS = ["mean_latency_s", "loss_ratio", "handovers"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s["mean_latency_s"], s["loss_ratio"], s["handovers"]]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    for placement, group in frame.groupby("placement"):
        means = group.groupby("mobility_speed_mps")["mean_latency_s"].mean()
        ax.plot(means.index, means.values * 1000, marker="o", label=placement)
    ax.set_xlabel("speed (m/s)")
    ax.set_ylabel("handover latency (ms)")
    ax.legend()
    paths = [out_dir / "latency.png", out_dir / "latency.pdf"]
    for p in paths:
        fig.savefig(p)
    plt.close(fig)
    return paths
