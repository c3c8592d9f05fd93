"""The DMM cost pair against mobility: signalling cost and packet delivery cost per second as
the mobile node moves more or less often for the same traffic (draft sections 4-8).

The dmm_designs scenario (three networks of two WiFi access routers 80 m apart, the mobile node
of network 1 crossing all six at 10 m/s, CN21 streaming 100 UDP packets/s of 500 octets to its
home address), with a dwell of 0, 4, 12 or 28 s at each access router but the last: one
handover every 8, 12, 20 or 36 s, and the run as long as the path (2 s, five moves, 4 s at the
last). Designs: the two central anchors (MIPv6, PMIPv6), figure 7 and route optimisation by
query and by push. One continuous session per run: the packets per handover (packets sent
over handovers made, per run) is a metric of its own. The signalling cost grows with the
handover rate; the delivery cost follows the traffic and the path each design gives it. The
cost pair against the session-to-mobility ratio, with sessions arriving as a Poisson process,
is the costs_smr campaign.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import means_plot

from ns3dmm.campaign import summary_json

NAME = "costs_mobility"
DESCRIPTION = __doc__
PAUSES_S = [0.0, 4.0, 12.0, 28.0]
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6", "distributed", "ro-gwar-query", "ro-gwar-push"],
    "mobility_pause_s": PAUSES_S,
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": 10.0,
    "mobility_start_s": 2.0,
    # 2 s, five moves of 80 m at 10 m/s with a dwell after each, 4 s at the last
    "stop_s": lambda p: 2.0 + 5 * (8.0 + p["mobility_pause_s"]) + 4.0,
}
RUNS = 10
METRICS = ["packets_per_handover", "handovers", "signalling_cost_per_s", "delivery_cost_per_s",
           "total_cost_per_s", "signalling_messages", "loss_ratio"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    handovers, sent = s.get("handovers"), s.get("packets_sent")
    s["packets_per_handover"] = sent / handovers if handovers and sent is not None else None
    costs = [s.get("signalling_cost_per_s"), s.get("delivery_cost_per_s")]
    s["total_cost_per_s"] = sum(costs) if None not in costs else None
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "dwell at each access router (s)",
              "xticks": PAUSES_S}
    paths = []
    for metric, ylabel, scale, title in (
            ("packets_per_handover", "packets sent per handover", 1.0,
             "Packets per handover"),
            ("signalling_cost_per_s", "octets x links per s", 1.0,
             "Signalling cost against mobility"),
            ("delivery_cost_per_s", "octets x links per s", 1.0,
             "Packet delivery cost against mobility"),
            ("total_cost_per_s", "octets x links per s", 1.0,
             "Signalling and delivery cost against mobility"),
            ("loss_ratio", "packets lost (% of those sent)", 100.0, "Loss rate of the stream")):
        paths += means_plot(frame, "mobility_pause_s", metric, out_dir / metric, ylabel=ylabel,
                            scale=scale, title=title, **common)
    return paths
