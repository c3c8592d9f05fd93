"""Pull against push: what the location caches' entry lifetime costs (draft sections 7 and 8).

The designs whose mobility routing functions learn locations from LM servers, on the
dmm_designs scenario (three networks of two WiFi access routers, the mobile node of network 1
crossing all six at 10 m/s, CN21 streaming 100 UDP packets/s to its home address): the
distributed LM database (pull: the home gateway's MR asks LMS1), route optimisation by query
(pull: the correspondent's MR asks LMS1) and by push (the LM server pushes to the home MR,
which pushes to the correspondent's MR), against ``LocationCache.EntryLifetime``, the longest
time a pulled location is used before it is asked again. A pulled entry sends packets to the
old location after a move until it runs out (stale deliveries, lost); a shorter lifetime
costs more queries (LM load, signalling). Pushed entries are kept up to date by the pushes
and hold for the lifetime the server gives, so the lifetime does not bound them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import means_plot

from ns3dmm.campaign import summary_json

NAME = "location_caches"
DESCRIPTION = __doc__
LIFETIMES_S = [1.0, 2.5, 5.0, 10.0]
PARAMS: dict[str, Any] = {
    "placement": ["distributed-lm", "ro-gwar-query", "ro-gwar-push"],
    "LocationCache.EntryLifetime": [f"{t:g}s" for t in LIFETIMES_S],
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": 10.0,
    "mobility_start_s": 2.0,
    "stop_s": 46.0,  # 400 m of path, then 4 s at the last access router
}
RUNS = 10
METRICS = ["loss_ratio", "stale_deliveries", "lm_messages_per_s", "signalling_cost_per_s",
           "mean_latency_s", "cache_hit_ratio"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    frame = frame.assign(entry_lifetime_s=frame["LocationCache.EntryLifetime"].map(
        lambda text: float(str(text).removesuffix("s"))))
    common = {"group": "placement", "xlabel": "LocationCache EntryLifetime (s)",
              "xticks": LIFETIMES_S}
    paths = []
    for metric, ylabel, scale, title in (
            ("loss_ratio", "packets lost (% of those sent)", 100.0, "Loss rate of the stream"),
            ("stale_deliveries", "packets", 1.0,
             "Packets the location caches sent to an old location"),
            ("lm_messages_per_s", "messages per s", 1.0, "Load of the busiest LM"),
            ("signalling_cost_per_s", "octets x links per s", 1.0,
             "Signalling cost (Mobility Header messages)"),
            ("mean_latency_s", "L3 handover latency (ms)", 1000.0,
             "Handover latency (de-association to first packet)")):
        paths += means_plot(frame, "entry_lifetime_s", metric, out_dir / metric, ylabel=ylabel,
                            scale=scale, title=title, **common)
    return paths
