"""PMIPv6 against HMIPv6 (host- and network-based, draft figure 4): every handover's latency
and interruption, and the signalling, against the mobile node's speed.

Three networks with two WiFi access routers each (80 m apart on one line); the mobile node's
home is Network1; a correspondent behind AR21 streams 100 UDP packets/s to it. PMIPv6: every
access router's proxy registers the node with LM1. HMIPv6: in Network2 and Network3 the access
routers' proxies register with their network's anchor point (MAP2, MAP3), which registers the
node with LM1 only when it first comes under it; host-based, the node registers with the
anchor point itself (RFC 5380 local Binding Update) and with LM1 only when it enters the anchor
point's domain. AR12->AR21 and AR22->AR31 change anchor
point; AR21->AR22 and AR31->AR32 stay under one. The run lasts until the node has passed the
last access router.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import distribution_plot, means_plot

from ns3dmm.campaign import summary_json

NAME = "hierarchical"
DESCRIPTION = __doc__
SPEEDS = [5.0, 10.0, 20.0]
PARAMS: dict[str, Any] = {
    "placement": ["pmipv6", "hmipv6-host", "hmipv6-network"],
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": SPEEDS,
    "mobility_start_s": 2.0,
    # 400 m of path, then 2 s at the last access router
    "stop_s": lambda p: round(2.0 + 400.0 / p["mobility_speed_mps"] + 2.0, 3),
}
RUNS = 10
METRICS = ["mean_latency_s", "mean_interruption_s", "loss_ratio", "signalling_messages"]
#: the handovers of the path, by the access router handed over to
HANDOVERS = ["AR12", "AR21", "AR22", "AR31", "AR32"]
LABELS = ["AR11>AR12\nhome", "AR12>AR21\ninter-MAP", "AR21>AR22\nintra-MAP",
          "AR22>AR31\ninter-MAP", "AR31>AR32\nintra-MAP"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s["mean_latency_s"], s["mean_interruption_s"], s["loss_ratio"],
            s["signalling_messages"]]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "mobile node speed (m/s)", "xticks": SPEEDS}
    paths = means_plot(frame, "mobility_speed_mps", "signalling_messages",
                       out_dir / "signalling",
                       ylabel="Mobility Header messages per run",
                       title="Signalling over the whole path (all nodes)", **common)
    paths += means_plot(frame, "mobility_speed_mps", "loss_ratio", out_dir / "loss",
                        ylabel="packets lost (% of those sent)", scale=100.0,
                        title="Packet loss rate of the stream", **common)
    if len(moves):
        per = {"group": "placement", "xlabel": "handover", "xticks": HANDOVERS,
               "xticklabels": LABELS}
        known = moves[moves["access_router"].isin(HANDOVERS)]
        paths += distribution_plot(known, "access_router", "latency_s",
                                   out_dir / "latency_per_handover",
                                   ylabel="L3 handover latency (ms)", scale=1000.0,
                                   title="Every handover's latency, all speeds", **per)
        paths += distribution_plot(known, "access_router", "interruption_s",
                                   out_dir / "interruption_per_handover",
                                   ylabel="interruption (ms)", scale=1000.0,
                                   title="Every handover's delivery gap, all speeds", **per)
    return paths
