"""Shared fixtures: ns-3 and ns3-dmm are loaded once per test session (7-11 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="session")
def ns() -> Any:
    """cppyy's ns3 namespace with ns3-dmm loaded (``ns.dmm``)."""
    import ns3dmm

    return ns3dmm.load()


@pytest.fixture(scope="session")
def dmm(ns: Any) -> Any:
    return ns.dmm


@pytest.fixture()
def simulator(ns: Any):
    """A clean simulation: destroyed, and Python callbacks released, after the test."""
    from ns3dmm import callbacks

    yield ns.Simulator
    ns.Simulator.Destroy()
    callbacks.release()


@pytest.fixture(scope="session")
def tshark() -> Callable[..., str]:
    """Run tshark on a capture and return its output: ``tshark(pcap, *args)``. Skipped where
    tshark is missing, except in CI where it must exist."""
    path = shutil.which("tshark")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("tshark is required in CI (apt-get install tshark)")
        pytest.skip("tshark not installed")

    def run(pcap: Path, *args: str) -> str:
        result = subprocess.run(
            [path, "-r", str(pcap), *args], capture_output=True, text=True, check=True,
            timeout=120,
        )
        return result.stdout

    return run


@pytest.fixture(scope="session")
def path_handover(ns: Any) -> Callable[..., tuple[Any, Any]]:
    """The scenario of the hierarchical system tests, as a factory: a placement built over
    WiFi with seed 7, no DAD, the station on a path at 10 m/s from 2 s, deployed, and CN21
    streaming UDP at 400 kb/s to MN11 from 1.5 s ("stream") plus, with ``tcp_start_s``, one
    TCP connection ("bulk"). Returns the scenario and the deployment."""
    from ns3dmm.deploy import deploy
    from ns3dmm.scenario import ScenarioConfig, build_scenario
    from ns3dmm.scenario.config import MobilityConfig

    def build(placement: Any, tcp_start_s: float | None = None) -> tuple[Any, Any]:
        sc = build_scenario(placement, ScenarioConfig(
            seed=7, run=1, dad=False, cn_rate="4Mbps",
            mobility=MobilityConfig(model="path", speed_mps=10.0, start_s=2.0)))
        dep = deploy(sc)
        mn = "MN11"
        sc.add_udp_cbr("CN21", mn, lambda: dep.mn_address(mn), rate="400kbps", size=500,
                       start_s=1.5, name="stream")
        if tcp_start_s is not None:
            sc.add_tcp_bulk("CN21", mn, lambda: dep.mn_address(mn), max_bytes=0,
                            start_s=tcp_start_s, name="bulk")
        return sc, dep

    return build


@pytest.fixture(scope="session")
def delivered_every_dwell() -> Callable[..., None]:
    """The delivery check of the path system tests, as a function of a run (its "results",
    "scenario", "mn" and "tcp_rx_times"): the UDP "stream" delivered at least ``udp_share``
    of its packets up to the end, and the TCP connection more than 100 segments in every
    dwell (from ``tcp_start_s``, and ``settle_s`` after each later association), one dwell
    per access router of ``ars``."""

    def check(run: dict[str, Any], ars: list[str], stop_s: float, tcp_start_s: float,
              settle_s: float, udp_share: float = 0.93) -> None:
        app = run["results"]["apps"]["stream"]
        assert app["rx_packets"] >= udp_share * app["tx_packets"]
        assert app["last_rx_s"] > stop_s - 0.1
        times = run["tcp_rx_times"]
        assoc = [t for t, _, up in run["scenario"].associations(run["mn"]) if up]
        windows = list(zip([tcp_start_s, *[a + settle_s for a in assoc[1:]]],
                           [*assoc[1:], stop_s], strict=True))
        counts = [sum(1 for t in times if lo <= t < hi) for lo, hi in windows]
        assert len(counts) == len(ars)
        assert all(c > 100 for c in counts), counts

    return check
