"""WiFi stations start staggered: station k (placement order) starts its first scan
``start_spacing_ms`` x k later, so that the probe requests and associations of many stations
do not leave at once; later scans are as before."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.scenario import ScenarioConfigError
from ns3dmm.simulate import simulate_document


def _document(spacing_ms: float, active: bool = True) -> dict[str, Any]:
    return {"simulation": {"placement": "pmipv6",
                           "placement_params": {"networks": 2, "ars_per_network": 1,
                                                "mobile_nodes": 4},
                           "stop_s": 1.5},
            "scenario": {"seed": 1, "run": 1, "flow_monitor": False,
                         "mobility": {"model": "static"},
                         "wifi": {"start_spacing_ms": spacing_ms, "active_probing": active}},
            "traffic": [{"kind": "udp-cbr", "receiver": "*", "rate": "10kbps",
                         "start_s": 1.2}]}


def _associations(doc: dict[str, Any]) -> list[float]:
    r = simulate_document(doc)
    assert len(r.attachments) == 4
    return [a["associated_s"] for a in r.attachments.values()]


@pytest.mark.parametrize("active", [True, False])
def test_first_scans_are_spaced(ns: Any, active: bool) -> None:
    together = _associations(_document(0.0, active))
    spaced = _associations(_document(150.0, active))
    # Unspaced, the four associate within one scan or two of each other (they contend for
    # the medium); spaced, station k associates k x 150 ms after the first (each meets an idle
    # medium), and the first as it would have give or take the contention it no longer meets.
    assert max(together) - min(together) < 0.12
    assert [s - spaced[0] for s in spaced] == pytest.approx([0.15 * k for k in range(4)],
                                                            abs=0.002)
    assert spaced[0] == pytest.approx(together[0], abs=0.005)

def test_a_negative_spacing_is_refused() -> None:
    with pytest.raises(ScenarioConfigError, match="wifi.start_spacing_ms: must be >= 0"):
        simulate_document(_document(-1.0))
