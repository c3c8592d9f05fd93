#!/usr/bin/env python3
"""MIPv6 against PMIPv6 on the same scenario: one mobile node crossing four WiFi access routers
in two networks while a correspondent streams UDP to it.

Topology: a core router; Network1 (gateway GW1, anchor HA1/LMA1, access routers AR11, AR12) and
Network2 (GW2, AR21, AR22, the correspondent CN21); gateways 10 ms from the core, 2 ms inside a
network; the access routers are 802.11 access points 80 m apart on one channel and SSID.
MIPv6: the mobile node's agent registers each new care-of address with the home agent (host
based). PMIPv6: each access router's proxy (MAG) registers the station with the LMA (network
based); the mobile node keeps its address.

Timeline: the station is at AR11 from 0 s, starts moving at 2 s at 10 m/s, and hands over to
AR12, AR21 and AR22 (about 7.4 s, 15.5 s and 23.4 s); the correspondent sends 100 packets/s of
500 octets from 1.5 s to the end (28 s).

What to look for: ``handover.png`` (delivered throughput around each handover, associations
marked) and ``results.json`` (per handover: L2 outage, interruption from the last packet before
to the first after, and the part after association: movement detection plus signalling; the
binding the anchor ended with; signalling counts).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import ns3dmm
from ns3dmm.deploy import deploy
from ns3dmm.framework import presets
from ns3dmm.metrics import handovers, rate_series
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import MobilityConfig

STOP_S = 28.0


def run(mode: str, seed: int, run_number: int, pcap_dir: Path | None) -> dict:
    ns = ns3dmm.load()
    placement = (presets.mipv6 if mode == "mipv6" else presets.pmipv6)(
        networks=2, ars_per_network=2)
    config = ScenarioConfig(
        seed=seed, run=run_number,
        mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0),
        pcap=pcap_dir is not None,
        **({"pcap_dir": str(pcap_dir)} if pcap_dir else {}),
    )
    sc = build_scenario(placement, config)
    dep = deploy(sc)
    mn, cn = placement.mobile_nodes[0].name, placement.correspondents[0].name
    sc.add_udp_cbr(cn, mn, lambda: dep.mn_address(mn), rate="400kbps", size=500, start_s=1.5,
                   name="stream")
    results = sc.run(STOP_S)
    app = sc.apps["stream"]
    rx_times = [float(t) for t in app.rx.times]
    sizes = [int(s) for s in app.rx.sizes]
    bins, kbps = rate_series(rx_times, sizes, STOP_S)
    signalling = {}
    for name in sc.nodes:
        l4 = sc.node(name).GetObject[ns.dmm.MobilityL4Protocol]()
        tx = int(sum(l4.GetTxCount(t) for t in range(256)))
        if tx:
            signalling[name] = {"messages": tx, "bytes": int(l4.GetTxBytes())}
    lm = next(iter(dep.location_management.values()))
    out = {
        "mode": mode,
        "stream": results["apps"]["stream"],
        "handovers": [h.as_dict() for h in handovers(rx_times, sc.associations(mn))],
        "bindings": [{"prefix": f"{b.prefix}/{b.prefixLength}", "locator": str(b.locator)}
                     for b in lm.GetBindings()],
        "signalling_sent": signalling,
        "wall_s": results["wall_s"],
        "throughput": {"bin_s": 0.1, "start_s": bins, "kbps": kbps},
        "associations": sc.associations(mn),
    }
    sc.destroy()
    return out


def plot(runs: list[dict], path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(len(runs), 1, figsize=(10, 3.2 * len(runs)), sharex=True,
                             layout="constrained")
    for ax, r in zip(axes, runs, strict=True):
        tp = r["throughput"]
        ax.step(tp["start_s"], tp["kbps"], where="post", color="tab:blue", lw=1)
        for t, ar, up in r["associations"]:
            if up:
                ax.axvline(t, color="tab:green", ls="--", lw=0.8)
                ax.text(t, max(tp["kbps"]) * 1.02, ar, fontsize=8, color="tab:green")
        lat = [h["interruption_s"] for h in r["handovers"] if h["interruption_s"] is not None]
        mean = sum(lat) / len(lat) if lat else float("nan")
        ax.set_title(f"{r['mode'].upper()}: {r['stream']['rx_packets']} of "
                     f"{r['stream']['tx_packets']} packets delivered; mean interruption "
                     f"{mean * 1000:.0f} ms")
        ax.set_ylabel("delivered (kbit/s)")
    axes[-1].set_xlabel("simulated time (s)")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--run", type=int, default=1)
    parser.add_argument("--pcap", action="store_true", help="write pcaps (one per device)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    runs = [run(mode, args.seed, args.run, args.out / mode if args.pcap else None)
            for mode in ("mipv6", "pmipv6")]
    (args.out / "results.json").write_text(json.dumps(runs, indent=2))
    plot(runs, args.out / "handover.png")
    for r in runs:
        lat = [f"{h['interruption_s'] * 1000:.0f}" for h in r["handovers"]
               if h["interruption_s"] is not None]
        print(f"{r['mode']:7s} delivered {r['stream']['rx_packets']}/{r['stream']['tx_packets']}"
              f"  interruptions (ms): {', '.join(lat)}  wall {r['wall_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
