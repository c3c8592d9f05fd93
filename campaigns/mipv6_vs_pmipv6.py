"""MIPv6 against PMIPv6: handover latency, interruption and packet loss against the mobile
node's speed.

A mobile node crosses four WiFi access routers 80 m apart in two networks (three handovers)
while a correspondent streams 100 UDP packets/s to it; the run lasts until the node has passed
the last access router. MIPv6 waits for duplicate address detection of each new care-of
address (1 s, RFC 4862); PMIPv6 keeps the mobile node's address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import distribution_plot, means_plot

from ns3dmm.campaign import summary_json

NAME = "mipv6_vs_pmipv6"
DESCRIPTION = __doc__
SPEEDS = [2.0, 5.0, 10.0, 20.0]
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6"],
    "mobility_speed_mps": SPEEDS,
    "mobility_start_s": 2.0,
    # 240 m of path, then 2 s at the last access router
    "stop_s": lambda p: round(2.0 + 240.0 / p["mobility_speed_mps"] + 2.0, 3),
}
RUNS = 10
METRICS = ["mean_latency_s", "mean_interruption_s", "loss_ratio"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s["mean_latency_s"], s["mean_interruption_s"], s["loss_ratio"]]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "mobile node speed (m/s)", "xticks": SPEEDS}
    paths = means_plot(frame, "mobility_speed_mps", "mean_latency_s", out_dir / "latency",
                       ylabel="L3 handover latency (ms)", scale=1000.0,
                       title="Handover latency per run (de-association to first packet)",
                       **common)
    paths += means_plot(frame, "mobility_speed_mps", "mean_interruption_s",
                        out_dir / "interruption", ylabel="interruption (ms)", scale=1000.0,
                        title="Delivery gap per handover (last to first packet)", **common)
    paths += means_plot(frame, "mobility_speed_mps", "loss_ratio", out_dir / "loss",
                        ylabel="packets lost (% of those sent)", scale=100.0,
                        title="Packet loss rate of the stream", **common)
    if len(moves):
        paths += distribution_plot(moves, "mobility_speed_mps", "interruption_s",
                                   out_dir / "interruption_per_handover",
                                   ylabel="interruption (ms)", scale=1000.0,
                                   title="Every handover's delivery gap", **common)
        paths += distribution_plot(moves, "mobility_speed_mps", "latency_s",
                                   out_dir / "latency_per_handover",
                                   ylabel="L3 handover latency (ms)", scale=1000.0,
                                   title="Every handover's latency", **common)
    return paths
