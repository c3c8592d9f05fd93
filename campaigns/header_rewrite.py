"""Header rewrite against the tunnel between the correspondent's MR and the mobile node's
(draft section 8, design 3 with [I-D.dmm-nat-phl]; design 4 alike), network-based.

The dmm_designs scenario (three networks of two WiFi access routers, the mobile node of
network 1 crossing all six at 10 m/s, CN21 streaming 100 UDP packets/s of 500 octets to its
home address), with one home network prefix per mobile node (``allocation = per-mn``). With
the tunnel, MR(CN) encapsulates each packet to the visited gateway (40 octets of outer header
on every link between them); with header rewrite it maps the destination's /64 to a per-host
locator of that gateway, checksum-neutrally, which maps it back: no octet is added. Compared:
the packet delivery cost (the IPv6 octets on every link, outer headers included, per delivered
packet and per second), the part of it that tunnel headers make, the share
of packets that crossed a tunnel (the MAG's tunnel below the gateway stays), loss, stretch and
handover latency, which header rewrite should leave unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _plotting import means_plot

from ns3dmm.campaign import summary_json

NAME = "header_rewrite"
DESCRIPTION = __doc__
FORWARDING = ["tunnel", "header-rewrite"]
PARAMS: dict[str, Any] = {
    "placement": ["ro-gwar-query", "ro-gwar-push"],
    "forwarding": FORWARDING,
    "mode": "network",
    "allocation": "per-mn",
    "networks": 3,
    "ars_per_network": 2,
    "mobility_speed_mps": 10.0,
    "mobility_start_s": 2.0,
    "stop_s": 46.0,  # 400 m of path, then 4 s at the last access router
}
RUNS = 10
METRICS = ["delivery_cost_per_packet", "delivery_overhead_per_packet", "delivery_cost_per_s",
           "tunnelled_share", "loss_ratio", "mean_stretch", "mean_latency_s",
           "mean_interruption_s"]


def parse(result: dict[str, Any]) -> list[Any]:
    s = summary_json(result)
    return [s.get(m) for m in METRICS]


def plot(frame: Any, moves: Any, out_dir: Path) -> list[Path]:
    common = {"group": "placement", "xlabel": "forwarding between the MRs",
              "xticks": FORWARDING}
    paths = []
    for metric, ylabel, scale, title in (
            ("delivery_cost_per_packet", "octets x links per delivered packet", 1.0,
             "Packet delivery cost per delivered packet"),
            ("delivery_overhead_per_packet", "octets x links per delivered packet", 1.0,
             "Tunnel headers in the delivery cost, per delivered packet"),
            ("delivery_cost_per_s", "octets x links per s", 1.0, "Packet delivery cost"),
            ("tunnelled_share", "packets (% of those followed)", 100.0,
             "Packets that crossed a tunnel"),
            ("loss_ratio", "packets lost (% of those sent)", 100.0, "Loss rate of the stream"),
            ("mean_stretch", "route stretch (links / shortest)", 1.0, "Route stretch"),
            ("mean_latency_s", "L3 handover latency (ms)", 1000.0,
             "Handover latency (de-association to first packet)")):
        paths += means_plot(frame, "forwarding", metric, out_dir / metric, ylabel=ylabel,
                            scale=scale, title=title, **common)
    return paths
