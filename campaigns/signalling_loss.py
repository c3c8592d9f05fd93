"""Signalling loss (ScenarioConfig.signalling_loss): every node loses 0 to 30 % of the Mobility
Header messages it receives (an ns-3 RateErrorModel per node; data packets untouched), for the
central anchors (MIPv6, PMIPv6) and figure 7's distributed anchors.

Two networks of two WiFi access routers, the mobile node of network 1 crossing all four at
10 m/s (three handovers, the last at about 24 s; the run lasts 90 s) with a 400 kb/s UDP
stream from CN21. Measured per run: the
registration delay (first (Proxy) Binding Update of a new attachment to its accepted
acknowledgement), the Binding Updates sent per registration, the mobile nodes whose last
registration was never acknowledged by the end of the run (a stuck state would show here; an
earlier registration may end superseded by the next handover), the handover latency,
the stream's loss and the signalling messages lost. With loss p at each receiver a Binding
Update and its acknowledgement both arrive with probability q = (1-p)^2, so a registration
takes 1/q Binding Updates on average (the model beside the measurement in
``mean_registrations_sent``), each failed one adding the back-off: 1 s for a mobile node
(MobileNodeAgent.InitialBindackTimeout), 1.5 s for a proxy (Proxy.InitialBindackTimeout),
doubled after each up to 32 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import means_plot

from ns3dmm.campaign import summary_json

NAME = "signalling_loss"
DESCRIPTION = __doc__
LOSS = [0.0, 0.05, 0.1, 0.2, 0.3]
PARAMS: dict[str, Any] = {
    "placement": ["mipv6", "pmipv6", "distributed"],
    "signalling_loss": LOSS,
    "networks": 2,
    "ars_per_network": 2,
    "traffic_rate": "400kbps",
    # 66 s after the last handover (at about 24 s): more than six Binding Updates' back-off
    # (1 + 2 + ... + 32 = 63 s; then one every 32 s), so what is left unacknowledged at the
    # end is stuck, not waiting
    "stop_s": 90.0,
}
RUNS = 10
METRICS = ["mean_registration_delay_s", "mean_registrations_sent",
           "registrations_unacknowledged", "mean_latency_s", "loss_ratio", "signalling_lost",
           "signalling_messages", "handovers"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    sent = [k for k in s.get("registrations_sent") or [] if k is not None]
    s["mean_registrations_sent"] = sum(sent) / len(sent) if sent else None
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "Mobility Header messages lost at each receiver "
              "(%)", "xticks": LOSS, "xticklabels": [f"{100 * p:g}" for p in LOSS]}
    paths = []
    paths += means_plot(frame, "signalling_loss", "mean_registrations_sent",
                        out_dir / "mean_registrations_sent", ylabel="Binding Updates sent per "
                        "registration", title="Retransmissions against signalling loss",
                        reference={p: 1.0 / (1.0 - p) ** 2 for p in LOSS},
                        reference_label="model: 1/(1-p)^2", **common)
    for metric, ylabel, scale, title in (
            ("mean_registration_delay_s", "registration delay (ms)", 1000.0,
             "Registration delay against signalling loss"),
            ("registrations_unacknowledged", "registrations never acknowledged", 1.0,
             "Registrations left unacknowledged"),
            ("mean_latency_s", "handover latency (ms)", 1000.0,
             "Handover latency against signalling loss"),
            ("loss_ratio", "packets lost (% of those sent)", 100.0,
             "Loss rate of the stream")):
        paths += means_plot(frame, "signalling_loss", metric, out_dir / metric, ylabel=ylabel,
                            scale=scale, title=title, **common)
    return paths
