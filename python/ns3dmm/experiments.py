"""The handover experiment of the examples: one mobile node crossing four WiFi access routers
in two networks while a correspondent streams UDP to it, under a MIPv6 or a PMIPv6 placement.

Topology: a core router; Network1 (gateway GW1, anchor HA1/LMA1, access routers AR11, AR12) and
Network2 (GW2, AR21, AR22, the correspondent CN21 behind AR21); gateways 10 ms from the core,
2 ms inside a network; the access routers are 802.11 access points 80 m apart on one channel.
The station is at AR11 from 0 s, moves at 10 m/s from 2 s and hands over to AR12, AR21 and AR22
(about 7.4 s, 15.5 s and 23.4 s); the correspondent sends 100 packets/s of 500 octets from
1.5 s to the end (28 s).
"""

from __future__ import annotations

from pathlib import Path

import ns3dmm
from ns3dmm.analysis import model_handover
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.metrics import handovers, rate_series, stream_stats
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig
from ns3dmm.simulate import (
    bindings_of,
    path_segments,
    signalling_by_function,
    signalling_sent,
    tunnel_overhead,
)

MODES = ("mipv6", "pmipv6")

STOP_S = 28.0


RATE_BPS = 400_000
PAYLOAD = 500
START_S = 1.5


def run(mode: str, seed: int = 1, run_number: int = 1, pcap_dir: Path | None = None,
        solicitation_jitter_ms: float = 10.0) -> dict:
    """Run the experiment under one mode; return its results as plain data, with the
    analytic model of every handover next to the measured one (ns3dmm.analysis; the model
    leaves out the neighbour solicitation jitter, 0-``solicitation_jitter_ms`` per
    solicitation)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    ns3dmm.load()
    placement = (presets.mipv6 if mode == "mipv6" else presets.pmipv6)(
        networks=2, ars_per_network=2)
    config = ScenarioConfig(
        seed=seed, run=run_number, solicitation_jitter_ms=solicitation_jitter_ms,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0),
        pcap=pcap_dir is not None,
        **({"pcap_dir": str(pcap_dir)} if pcap_dir else {}),
    )
    sc = build_scenario(placement, config)
    dep = deploy(sc)
    mn, cn = placement.mobile_nodes[0].name, placement.correspondents[0].name
    sc.add_udp_cbr(cn, mn, dep.mn_address(mn), rate=RATE_BPS, size=PAYLOAD,
                   start_s=START_S, name="stream")
    results = sc.run(STOP_S)
    app = sc.apps["stream"]
    rx = app.received()
    rx_times = rx.times
    bins, kbps = rate_series(rx_times, rx.sizes, STOP_S)
    moves = handovers(rx_times, sc.associations(mn), rx.sequences)
    stats = stream_stats(int(app.tx.packets), rx.sequences, rx.delays)
    out = {
        "mode": mode,
        "stream": results["apps"]["stream"],
        "stream_stats": stats.as_dict(),
        "delays": {"rx_s": rx_times, "delay_s": rx.delays},
        "handovers": [h.as_dict() for h in moves],
        "model": [model_handover(dep, mn, cn, h, packet_interval_s=PAYLOAD * 8 / RATE_BPS,
                                 payload_octets=PAYLOAD, stream_start_s=START_S).as_dict()
                  for h in moves],
        "bindings": bindings_of(dep),
        "signalling_sent": signalling_sent(sc, dep),
        "signalling_by_function": signalling_by_function(dep),
        "paths": [p.as_dict() for p in path_segments(sc, "stream")],
        "binding_tables": dep.binding_table_sizes(),
        "tunnels": tunnel_overhead(sc),
        "wall_s": results["wall_s"],
        "throughput": {"bin_s": 0.1, "start_s": bins, "kbps": kbps},
        "associations": sc.associations(mn),
    }
    sc.destroy()
    return out


