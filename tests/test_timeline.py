"""The measured handover timeline (ns3dmm.metrics.Handover): every event of every handover,
in the order the mechanisms make them happen, with the gaps the configuration fixes (three
missed beacons, the scan), and the first attachment kept apart from the handovers."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm import experiments

ORDER = ("last_rx_before_s", "deassociated_s", "associated_s", "movement_detected_s",
         "registration_sent_s", "registration_acknowledged_s", "first_rx_after_s")


@pytest.fixture(scope="module", params=["mipv6", "pmipv6"])
def run(request: pytest.FixtureRequest, ns: Any) -> Any:
    return experiments.run(request.param, seed=1, run_number=3)


def test_events_happen_in_order(run: Any) -> None:
    moves = run.handovers["MN11"]
    assert [(h["previous_access_router"], h["access_router"]) for h in moves] == [
        ("AR11", "AR12"), ("AR12", "AR21"), ("AR21", "AR22")]
    for h in moves:
        times = [h[k] for k in ORDER]
        assert times == sorted(times), h
        # The last beacon from the old access point comes before the de-association, and the
        # last data packet within a beacon interval of it (the link ends for both at once).
        assert h["link_lost_s"] < h["deassociated_s"]
        assert abs(h["last_rx_before_s"] - h["link_lost_s"]) < 0.1024
        assert h["loss_free"] is True
        assert h["latency_s"] == pytest.approx(h["first_rx_after_s"] - h["deassociated_s"])
        assert h["interruption_s"] == pytest.approx(h["first_rx_after_s"] -
                                                    h["last_rx_before_s"])


def test_the_configuration_fixes_link_loss_detection_and_the_scan(run: Any) -> None:
    for h in run.handovers["MN11"]:
        # MaxMissedBeacons (3) beacon intervals without a beacon, then de-association.
        assert h["deassociated_s"] - h["link_lost_s"] == pytest.approx(3 * 0.1024, abs=1e-4)
        # Active scan: ProbeDelay U(50, 250) us + ProbeRequestTimeout 50 ms, then association.
        assert 0.0501 < h["l2_outage_s"] < 0.0510


def test_movement_detection_and_care_of_address(run: Any) -> None:
    mode = run.configuration["simulation"]["placement"]
    for h in run.handovers["MN11"]:
        if mode == "mipv6":
            # The next router advertisement (every 30-70 ms), then 1 s of duplicate address
            # detection of the new care-of address before the Binding Update.
            assert 0 < h["movement_detected_s"] - h["associated_s"] < 0.071
            assert h["care_of_address_s"] - h["movement_detected_s"] == pytest.approx(1.0)
            assert h["registration_sent_s"] == pytest.approx(h["care_of_address_s"])
        else:
            # The MAG learns of the association from its access point; the mobile node keeps
            # its address (no care-of address, no detection).
            assert h["movement_detected_s"] - h["associated_s"] < 0.001
            assert h["care_of_address_s"] is None
            assert h["registration_sent_s"] == pytest.approx(h["movement_detected_s"])
        assert h["registrations_sent"] == 1 and h["neighbour_solicitations"] == 1


def test_the_first_attachment_is_not_a_handover(run: Any) -> None:
    first = run.attachments["MN11"]
    assert first["access_router"] == "AR11" and first["associated_s"] < 0.1
    assert first["registration_acknowledged_s"] > first["registration_sent_s"]
    # The stream starts at 1.5 s; the first packet arrives once registered.
    assert 1.5 <= first["first_rx_s"] < 1.6
    assert run.handovers["MN11"][0]["associated_s"] > 7.0


def test_the_summary_reports_latency_and_interruption(run: Any) -> None:
    from ns3dmm.program import summary

    s = summary(run)
    assert s["handovers"] == 3
    assert s["interruption_s"] == [h["interruption_s"] for h in run.handovers["MN11"]]
    assert s["mean_interruption_s"] > s["mean_latency_s"] > s["mean_l2_outage_s"]
    assert all(0.2 < b < 0.31 for b in s["before_deassociation_s"])
