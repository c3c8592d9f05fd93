"""On-off UDP sessions (``kind = "udp-onoff"``): ns-3's OnOffApplication sends at ``rate``
during on periods of mean ``on_s`` and is silent for off periods of mean ``off_s``; its packets
carry a sequence number and send time, so loss and delay are measured as for constant bit rate
streams, while handover timelines and the analytic model keep to constant bit rate streams."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm.simulate import SimulationFileError, Traffic, simulate_document

RATE_BPS = 400_000
SIZE = 500
START_S = 1.5
STOP_S = 11.5


def document(**traffic: Any) -> dict[str, Any]:
    return {"simulation": {"placement": "pmipv6",
                           "placement_params": {"networks": 2, "ars_per_network": 2},
                           "stop_s": STOP_S},
            "scenario": {"seed": 1, "run": 1, "access": "abstract",
                         "mobility": {"model": "static"}},
            "traffic": [{"kind": "udp-onoff", "rate": "400kbps", "size": SIZE,
                         "start_s": START_S, **traffic}]}


@pytest.fixture(scope="module")
def constant(ns: Any) -> Any:
    return simulate_document(document(on_s=0.5, off_s=0.5, periods="constant"))


def test_constant_periods_send_half_the_rate(constant: Any) -> None:
    """0.5 s on, 0.5 s off over 10 s: 5 s of 100 packets per second, in bursts a second
    apart."""
    (app,) = constant.apps.values()
    per_s = RATE_BPS / (8 * SIZE)
    assert app["tx_packets"] == pytest.approx(5 * per_s, abs=2)
    assert app["tx_bytes"] == app["tx_packets"] * SIZE
    assert app["rx_packets"] == app["tx_packets"]  # a static node, nothing lost
    name = next(iter(constant.apps))
    stream = constant.streams[name]
    assert stream["lost"] == 0 and stream["duplicated"] == 0
    assert stream["sent"] == app["tx_packets"]
    assert 0 < stream["mean_delay_s"] < 0.01 and stream["first_delay_s"] > 0


def test_silences_are_the_off_periods(ns: Any) -> None:
    """Arrivals come in bursts of 0.5 s separated by 0.5 s gaps, sequence numbers run on."""
    from ns3dmm.framework import presets
    from ns3dmm.scenario import ScenarioConfig, build_scenario

    sc = build_scenario(presets.build_preset("pmipv6", networks=2, ars_per_network=2),
                        ScenarioConfig.from_mapping({"access": "abstract",
                                                     "mobility": {"model": "static"}}))
    try:
        from ns3dmm.deploy import deploy

        dep = deploy(sc)
        session = sc.add_udp_onoff("CN21", "MN11", dep.mn_address("MN11"), rate=RATE_BPS,
                                   size=SIZE, on_s=0.5, off_s=0.5, periods="constant",
                                   start_s=START_S)
        sc.run(6.5)
        rx = session.received()
        gaps = [b - a for a, b in zip(rx.times, rx.times[1:], strict=False) if b - a > 0.1]
        assert len(gaps) == 4 and all(g == pytest.approx(0.51, abs=0.02) for g in gaps)
        assert list(rx.sequences) == list(range(len(rx.sequences)))
    finally:
        sc.destroy()


def test_exponential_periods_average_the_means(ns: Any) -> None:
    """Exponential on and off periods of 50 ms over 10 s (about 100 of each): about half the
    packets of a constant stream (the on time's spread is 10 %; 3 spreads allowed)."""
    r = simulate_document(document(on_s=0.05, off_s=0.05))
    (app,) = r.apps.values()
    per_s = RATE_BPS / (8 * SIZE)
    assert app["tx_packets"] == pytest.approx(5 * per_s, rel=0.3)
    assert app["tx_packets"] != pytest.approx(5 * per_s, abs=2)
    # At most the last packet is still in flight at the stop.
    assert app["tx_packets"] - 1 <= app["rx_packets"] <= app["tx_packets"]


def test_the_model_and_timelines_keep_to_constant_streams(ns: Any) -> None:
    """A mobile node on a path with an on-off session only: its handovers carry the station
    and function events, no packet-based figure; the model is not asked."""
    doc = document(on_s=0.5, off_s=0.5, periods="constant")
    doc["scenario"]["mobility"] = {"model": "path", "speed_mps": 10.0, "start_s": 2.0}
    doc["simulation"]["stop_s"] = 14.0
    r = simulate_document(doc)
    assert r.model == {}
    (moves,) = r.handovers.values()
    assert len(moves) >= 1
    for h in moves:
        assert h["registration_acknowledged_s"] > h["associated_s"]
        assert h["last_rx_before_s"] is None and h["first_rx_after_s"] is None
        assert h["latency_s"] is None and h["lost"] is None


@pytest.mark.parametrize("bad, match", [
    ({"size": 19}, "udp-onoff size is 20 to 65507"),
    ({"on_s": 0}, "traffic.on_s: a finite number of seconds > 0"),
    ({"off_s": -1.0}, "traffic.off_s: a finite number of seconds >= 0"),
    ({"on_s": float("inf")}, "traffic.on_s"),
    ({"periods": "pareto"}, "traffic.periods: one of exponential, constant"),
])
def test_bad_sessions_are_refused(bad: dict[str, Any], match: str) -> None:
    with pytest.raises(SimulationFileError, match=match):
        Traffic(**{"kind": "udp-onoff", "source": "CN21", "receiver": "MN11", **bad})


def test_period_keys_belong_to_on_off() -> None:
    with pytest.raises(SimulationFileError, match="on_s, off_s and periods are for kind"):
        Traffic(kind="udp-cbr", source="CN21", receiver="MN11", on_s=2.0)
