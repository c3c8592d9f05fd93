"""The handover experiment of the examples: one mobile node crossing four WiFi access routers
in two networks while a correspondent streams UDP to it, under a MIPv6 or a PMIPv6 placement.

Topology: a core router; Network1 (gateway GW1, anchor HA1/LMA1, access routers AR11, AR12) and
Network2 (GW2, AR21, AR22, the correspondent CN21 behind AR21); gateways 10 ms from the core,
2 ms inside a network; the access routers are 802.11a access points 80 m apart on one channel.
The station is at AR11 from 0 s, moves at 10 m/s from 2 s and hands over to AR12, AR21 and AR22
(de-associations at about 7.4 s, 15.4 s and 23.4 s); the correspondent sends 100 packets/s of
500 octets from 1.5 s to the end (28 s).

The experiment is a simulation document (:func:`document`) run by
:func:`ns3dmm.simulate.simulate_document`, so its results file has the one schema of
:mod:`ns3dmm.results` and carries the configuration that made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ns3dmm.simulate import Results, simulate_document

MODES = ("mipv6", "pmipv6")

STOP_S = 28.0
RATE = "400kbps"
PAYLOAD = 500
START_S = 1.5


def document(mode: str, seed: int = 1, run_number: int = 1, pcap_dir: Path | None = None,
             functions: dict[str, Any] | None = None, **scenario: Any) -> dict[str, Any]:
    """The experiment's simulation document under one mode; ``functions`` is the
    ``[functions]`` table, attributes per TypeId
    (``{"ns3::dmm::MobileNodeAgent": {"OptimisticDad": True}}``, ...) and ``scenario``
    overrides keys of the ``[scenario]`` table (``dad=False``,
    ``solicitation_jitter_ms=0.0``, ...)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    table: dict[str, Any] = {"seed": seed, "run": run_number,
                             "mobility": {"model": "path", "speed_mps": 10.0, "start_s": 2.0}}
    if pcap_dir is not None:
        table |= {"pcap": True, "pcap_dir": str(pcap_dir)}
    table |= scenario
    return {
        "simulation": {"placement": mode,
                       "placement_params": {"networks": 2, "ars_per_network": 2},
                       "stop_s": STOP_S},
        "scenario": table,
        "functions": dict(functions or {}),
        "traffic": [{"kind": "udp-cbr", "source": "CN21", "receiver": "MN11", "rate": RATE,
                     "size": PAYLOAD, "start_s": START_S}],
    }


def run(mode: str, seed: int = 1, run_number: int = 1, pcap_dir: Path | None = None,
        functions: dict[str, Any] | None = None, **scenario: Any) -> Results:
    """Run the experiment under one mode (see :func:`document`)."""
    return simulate_document(document(mode, seed, run_number, pcap_dir, functions, **scenario))
