"""The DMM cost pair against the session-to-mobility ratio (SMR): signalling cost and packet
delivery cost per second, and per session, as sessions arrive more or less often for the same
mobility (draft sections 4-8; the SMR axis of the analytic DMM cost models).

The dmm_designs scenario (three networks of two WiFi access routers 80 m apart, the mobile node
of network 1 crossing all six at 10 m/s with a dwell of 4 s at each: one handover every 12 s,
five in the run) with sessions from CN21 arriving as a Poisson process
(``traffic_arrivals = "poisson"``), each a UDP stream of 100 packets/s of 500 octets lasting an
exponential time of mean 5 s, at 1/24 to 2/3 sessions per second: nominal SMR (session rate
over handover rate) 0.5 to 8. The measured SMR (sessions started over handovers made, per run)
is a metric of its own. Designs: the two central anchors (MIPv6, PMIPv6), figure 7, dynamic
mobility with each session on an address of the network where it starts (the address is
allocated, and registered at handovers, per session) and route optimisation by query and by
push. The delivery cost grows with the session rate along the path each design gives; the
signalling cost with the handovers, and where a design signals per session (dynamic mobility's
per-session addresses, a correspondent's MR asking for each new location), with the sessions
too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import means_plot

from ns3dmm.campaign import summary_json

NAME = "costs_smr"
DESCRIPTION = __doc__
#: seconds between handovers: 80 m at 10 m/s and a dwell of 4 s
MOVE_S = 12.0
SMR = [0.5, 1.0, 2.0, 4.0, 8.0]
RATES = [smr / MOVE_S for smr in SMR]
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6", "distributed", "dynamic", "ro-gwar-query",
                  "ro-gwar-push"],
    "traffic_arrivals": "poisson",
    "traffic_session_rate_per_s": RATES,
    "traffic_session_s": 5.0,
    "traffic_rate": "400kbps",
    "traffic_size": 500,
    # dynamic mobility: each session on an address of the network where it starts
    "traffic_address": lambda p: "local" if p["placement"] == "dynamic" else "home",
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": 10.0,
    "mobility_start_s": 2.0,
    "mobility_pause_s": MOVE_S - 8.0,
    # 2 s, five moves of 80 m at 10 m/s with a dwell after each, 4 s at the last
    "stop_s": 2.0 + 5 * MOVE_S + 4.0,
}
RUNS = 10
METRICS = ["session_to_mobility_ratio", "sessions", "handovers", "signalling_cost_per_s",
           "delivery_cost_per_s", "total_cost_per_s", "signalling_cost_per_session",
           "signalling_messages", "loss_ratio", "addresses_held_max"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    costs = [s.get("signalling_cost_per_s"), s.get("delivery_cost_per_s")]
    s["total_cost_per_s"] = sum(costs) if None not in costs else None
    stop_s = result["params"]["stop_s"]
    s["signalling_cost_per_session"] = (costs[0] * stop_s / s["sessions"]
                                        if costs[0] is not None and s.get("sessions") else None)
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "session-to-mobility ratio (nominal: session "
              f"rate x {MOVE_S:g} s between handovers)", "xticks": RATES,
              "xticklabels": [f"{smr:g}" for smr in SMR]}
    paths = []
    for metric, ylabel, scale, title in (
            ("session_to_mobility_ratio", "sessions per handover", 1.0,
             "Measured session-to-mobility ratio"),
            ("signalling_cost_per_s", "octets x links per s", 1.0,
             "Signalling cost against the SMR"),
            ("signalling_cost_per_session", "octets x links per session", 1.0,
             "Signalling cost per session"),
            ("delivery_cost_per_s", "octets x links per s", 1.0,
             "Packet delivery cost against the SMR"),
            ("total_cost_per_s", "octets x links per s", 1.0,
             "Signalling and delivery cost against the SMR"),
            ("loss_ratio", "packets lost (% of those sent)", 100.0, "Loss rate of the sessions")):
        paths += means_plot(frame, "traffic_session_rate_per_s", metric, out_dir / metric,
                            ylabel=ylabel, scale=scale, title=title, **common)
    return paths
