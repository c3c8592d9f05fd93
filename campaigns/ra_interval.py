"""MIPv6 handover latency against the router advertisement interval (the experiment of Rana et
al., Simulation Modelling Practice and Theory, 2017).

A mobile node crosses four WiFi access routers in two networks (three handovers) at 10 m/s
while a correspondent streams 100 UDP packets/s to its home address; the access routers send
unsolicited Router Advertisements every U(MinRtrAdvInterval, MaxRtrAdvInterval). Movement
detection waits for the next advertisement, so the latency grows with the interval. The
station gives up its access point after 10 missed beacons (ns-3's default, as in Rana et al.'s
ns-3 model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import errorbar_plot

from ns3dmm.campaign import summary_json

NAME = "ra_interval"
DESCRIPTION = __doc__
#: (MaxRtrAdvInterval, MinRtrAdvInterval) in ms: Rana et al.'s three settings
INTERVALS_MS = {3000: 1000, 1500: 50, 70: 30}
PARAMS: dict[str, Any] = {
    "placement": "mipv6",
    "ra_max_interval_ms": list(INTERVALS_MS),
    "ra_min_interval_ms": lambda p: INTERVALS_MS[p["ra_max_interval_ms"]],
    "wifi_max_missed_beacons": 10,
    "stop_s": 28.0,
}
RUNS = 5
METRICS = ["mean_latency_s", "mean_interruption_s", "loss_ratio"]
#: Total handover delay Rana et al. report for the three settings (seconds).
RANA_TOTAL_S = {3000: 3.64, 1500: 3.12, 70: 2.57}
REFERENCE = """Rana et al. (2017) report total handover delays of 3.64 s, 3.12 s and 2.57 s for RA
intervals 3-1 s, 1.5-0.05 s and 0.07-0.03 s; `summary.csv` has ours (`mean_interruption_s`:
last packet before to first packet after the handover; `mean_latency_s`: from the
de-association). Differences in the set-up are discussed in `ns3-dmm/doc/dmm.rst`
(Campaigns)."""


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s["mean_latency_s"], s["mean_interruption_s"], s["loss_ratio"]]


def plot(frame: Any, out_dir: Path) -> list[Path]:
    order = list(INTERVALS_MS)
    labels = [f"{INTERVALS_MS[m] / 1000:g}-{m / 1000:g} s" for m in order]
    paths = errorbar_plot(frame, "ra_max_interval_ms", "mean_interruption_s",
                          out_dir / "interruption", xlabel="RA interval (MinRtrAdv-MaxRtrAdv)",
                          ylabel="handover interruption (s)", xticks=order, xticklabels=labels,
                          title="MIPv6: delivery gap per handover (mean, 95 % CI)",
                          reference=RANA_TOTAL_S, reference_label="Rana et al. 2017")
    paths += errorbar_plot(frame, "ra_max_interval_ms", "mean_latency_s", out_dir / "latency",
                           xlabel="RA interval (MinRtrAdv-MaxRtrAdv)",
                           ylabel="L3 handover latency (ms)", scale=1000.0, xticks=order,
                           xticklabels=labels,
                           title="MIPv6: de-association to first packet (mean, 95 % CI)")
    return paths
