"""The 13 DMM designs of the draft side by side on one topology (draft sections 4-8): MIPv6,
PMIPv6, HMIPv6 host- and network-based, multiple home networks, HAHA, figure 7
(distributed), dynamic mobility, the distributed LM database (figure 8) and the four route
optimisation designs (RS1 anycast or gw/ar, RS2 query or push); and beside them MIPv6's own
route optimisation by return routability (RFC 6275: the correspondent binds the care-of
address), with its return routability and correspondent registration times per handover
(T_rr, T_cr).

Three networks with two WiFi access routers each (80 m apart on one line); the mobile node of
network 1 crosses all six at 10 m/s from AR11; CN21 (behind AR21) streams 100 UDP packets/s
to its home address (with dynamic mobility: to the address of AR11's link, where the session
starts). Per design: every handover's latency and interruption, loss rate, route stretch,
signalling messages, the DMM cost pair (signalling and packet delivery, octets times links per
second; delivery also per delivered packet), the busiest LM's load and, for the designs with
location caches, hit ratio, packets sent to an old location and via home, and the first
packet's extra delay; the shares of packets through an MR in a third network (a central
anchor) and through a tunnel, the most addresses the mobile node held, and the Mobility Header
messages per pair of roles, which `ns3-dmm gap --measured` sets beside the gap analysis's
grades. Header rewrite (a forwarding option of design 3, network-based) is compared with the
tunnel in the header_rewrite campaign.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import distribution_plot, means_plot

from ns3dmm.campaign import summary_json
from ns3dmm.framework.gap import ROLE_PAIRS

NAME = "dmm_designs"
DESCRIPTION = __doc__
DESIGNS = ["mipv6", "mipv6-ro", "pmipv6", "hmipv6-host", "hmipv6-network",
           "multiple-home-networks",
           "haha", "distributed", "dynamic", "distributed-lm", "ro-anycast-query",
           "ro-anycast-push", "ro-gwar-query", "ro-gwar-push"]
PARAMS: dict[str, Any] = {
    "placement": DESIGNS,
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": 10.0,
    "mobility_start_s": 2.0,
    "stop_s": 46.0,  # 400 m of path, then 4 s at the last access router
    # dynamic mobility streams to the address of the network where the session starts
    "traffic_address": lambda p: "local" if p["placement"] == "dynamic" else "home",
}
RUNS = 10
METRICS = ["mean_latency_s", "mean_interruption_s", "loss_ratio", "mean_stretch",
           "signalling_messages", "signalling_cost_per_s", "delivery_cost_per_s",
           "delivery_cost_per_packet", "lm_messages_per_s", "cache_hit_ratio",
           "stale_deliveries", "via_home", "location_pushes", "first_packet_extra_s",
           "third_network_share", "tunnelled_share", "addresses_held_max",
           "mean_return_routability_s", "mean_correspondent_registration_s",
           *(f"signalling_{pair}" for pair in ROLE_PAIRS)]
LABELS = ["MIPv6", "MIPv6\nRO", "PMIPv6", "HMIPv6\nhost", "HMIPv6\nnet", "multi\nhome", "HAHA",
          "fig. 7", "dynamic", "dist.\nLM", "RO any.\nquery", "RO any.\npush", "RO gw/ar\nquery",
          "RO gw/ar\npush"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"xlabel": "design", "xticks": DESIGNS, "xticklabels": LABELS}
    paths = []
    for metric, ylabel, scale, title in (
            ("mean_stretch", "route stretch (links / shortest)", 1.0,
             "Route stretch of the stream, over the path"),
            ("loss_ratio", "packets lost (% of those sent)", 100.0, "Loss rate of the stream"),
            ("third_network_share", "packets (% of those followed)", 100.0,
             "Packets through an MR of a third network (a central anchor, REQ1.2)"),
            ("signalling_cost_per_s", "octets x links per s", 1.0,
             "Signalling cost (Mobility Header messages)"),
            ("delivery_cost_per_s", "octets x links per s", 1.0,
             "Packet delivery cost (tunnels counted link by link)"),
            ("delivery_cost_per_packet", "octets x links per delivered packet", 1.0,
             "Packet delivery cost per delivered packet"),
            ("lm_messages_per_s", "messages per s", 1.0, "Load of the busiest LM"),
            ("stale_deliveries", "packets", 1.0,
             "Packets the location caches sent to an old location"),
            ("first_packet_extra_s", "ms over the next 20 packets' median", 1000.0,
             "The stream's first packet: extra delay")):
        paths += means_plot(frame, "placement", metric, out_dir / metric, ylabel=ylabel,
                            scale=scale, title=title, **common)
    if len(moves):
        paths += distribution_plot(moves, "placement", "latency_s", out_dir / "latency",
                                   ylabel="L3 handover latency (ms)", scale=1000.0,
                                   title="Every handover's latency", model="model_latency_s",
                                   **common)
        paths += distribution_plot(moves, "placement", "interruption_s",
                                   out_dir / "interruption", ylabel="interruption (ms)",
                                   scale=1000.0, title="Every handover's delivery gap",
                                   model="model_interruption_s", **common)
    return paths
