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
