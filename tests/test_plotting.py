"""Plots of one handover's timeline (ns3dmm.plotting.handover_anatomy) from plain results."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from ns3dmm import plotting

HANDOVER = {"previous_access_router": "AR12", "access_router": "AR21",
            "last_rx_before_s": 15.10, "link_lost_s": 15.09, "deassociated_s": 15.40,
            "associated_s": 15.45, "movement_detected_s": 15.47, "care_of_address_s": 16.47,
            "registration_sent_s": 16.47, "registration_acknowledged_s": 16.52,
            "first_rx_after_s": 16.53, "latency_s": 1.13, "interruption_s": 1.43,
            "l2_outage_s": 0.05}


def test_events_sit_at_their_time_from_the_deassociation(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    model = dict(HANDOVER, deassociated_s=15.30, associated_s=15.36, link_lost_s=14.99,
                 last_rx_before_s=15.00, care_of_address_s=None)
    figures = []
    monkeypatch.setattr(plt, "close", figures.append)
    plotting.handover_anatomy(HANDOVER, tmp_path / "h.png", model)
    assert (tmp_path / "h.png").stat().st_size > 0
    (ax,) = figures[0].axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 9 and labels[0].startswith("last packet")
    measured = [line for line in ax.get_lines() if line.get_marker() == "o"]
    crosses = [line for line in ax.get_lines() if line.get_marker() == "x"]
    assert len(measured) == 9 and len(crosses) == 8  # the model has no care-of address here
    at = {int(line.get_ydata()[0]): float(line.get_xdata()[0]) for line in measured}
    assert at[2] == 0.0 and at[3] == pytest.approx(0.05) and at[0] == pytest.approx(-0.30)
    model_at = {int(line.get_ydata()[0]): float(line.get_xdata()[0]) for line in crosses}
    assert model_at[2] == 0.0 and model_at[3] == pytest.approx(0.06)  # its own de-association
    spans = [t.get_text() for t in ax.texts]
    assert any("interruption" in t and "1430 ms" in t for t in spans)
    assert any("latency" in t and "1130 ms" in t for t in spans)


def test_without_a_model_or_missing_events(tmp_path: Path) -> None:
    handover = dict(HANDOVER, care_of_address_s=None, movement_detected_s=None,
                    first_rx_after_s=None, latency_s=None, interruption_s=None)
    plotting.handover_anatomy(handover, tmp_path / "h.png")
    assert (tmp_path / "h.png").stat().st_size > 0
