#!/usr/bin/env python3
"""PMIPv6 (RFC 5213, network-based) over four WiFi handovers (ns3dmm.experiments).

Topology: a core router; Network1 (GW1, anchor, AR11, AR12) and Network2 (GW2, AR21, AR22,
the correspondent CN21 behind AR21); 10 ms to the core, 2 ms inside a network; access routers
are 802.11 access points 80 m apart on one channel. Here each access router's MAG sees the
station associate, sends a Proxy Binding Update to the LMA LMA1 and a unicast Router
Advertisement with the home network prefix; the station keeps its address.

Timeline: at AR11 from 0 s; moving at 10 m/s from 2 s; de-associations at about 7.4 s, 15.4 s,
23.4 s (handovers to AR12, AR21, AR22); 100 UDP packets/s of 500 octets from 1.5 s to 28 s.

What to look for: ``handover.png`` (throughput and one-way delay, each handover's outage
marked from the last packet to the first),
``results.json`` (schema ns3dmm.results/1: per handover the timeline from the last packet
before the move to the first packet after it, latency and interruption next to the analytic
model; loss, delay, jitter, route stretch, signalling per pair of functions, binding tables;
the configuration and versions that made it),
and with --pcap the captures (``<node>-<peer>.pcap``, WiFi as radiotap).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "handover_comparison", Path(__file__).with_name("handover_comparison.py"))
_comparison = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_comparison)

if __name__ == "__main__":
    sys.exit(_comparison.main(modes=("pmipv6",), description=__doc__))
