"""MIPv6 against PMIPv6: handover latency and packet loss against the mobile node's speed.

A mobile node crosses four WiFi access routers 80 m apart in two networks (three handovers)
while a correspondent streams 100 UDP packets/s to it; the run lasts until the node has passed
the last access router.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import errorbar_plot

from ns3dmm.campaign import summary_json

NAME = "mipv6_vs_pmipv6"
DESCRIPTION = __doc__
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6"],
    "mobility_speed_mps": [2.0, 5.0, 10.0, 20.0],
    "mobility_start_s": 2.0,
    # 240 m of path, then 2 s at the last access router
    "stop_s": lambda p: round(2.0 + 240.0 / p["mobility_speed_mps"] + 2.0, 3),
}
RUNS = 3
METRICS = ["mean_latency_s", "loss_ratio", "packets_lost"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s["mean_latency_s"], s["loss_ratio"], s["packets_lost"]]


def plot(frame: Any, out_dir: Path) -> list[Path]:
    paths = errorbar_plot(frame, "mobility_speed_mps", "mean_latency_s", out_dir / "latency",
                          group="placement", xlabel="mobile node speed (m/s)",
                          ylabel="L3 handover latency (ms)", scale=1000.0,
                          title="Handover latency (mean, 95 % CI)")
    paths += errorbar_plot(frame, "mobility_speed_mps", "packets_lost", out_dir / "loss",
                           group="placement", xlabel="mobile node speed (m/s)",
                           ylabel="packets lost per run", title="Packet loss (mean, 95 % CI)")
    return paths
