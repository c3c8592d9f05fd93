"""Sessions arriving as a Poisson process (Traffic.arrivals = "poisson"): the session arrivals of
the analytic DMM cost models, whose session-to-mobility ratio (SMR) is the session rate over
the handover rate.

Checked without ns-3: the arrivals and holding times have the distributions asked for
(counts, means and the exponential's coefficient of variation within bounds that fail an
exact generator by chance about once in 10^4), the draws are fixed by seed, run, entry and
(source, receiver) pair and change with the run, sessions stop at the end, and impossible
parameters are refused before ns-3 loads. Then one run of dynamic mobility (three networks of
one access router, the station crossing AR11, AR21 and AR31 while CN21, on AR21, starts
sessions on local addresses): every session drawn runs, each on the address of the network
it starts in, and the measured SMR is the sessions over the handovers."""

from __future__ import annotations

import ipaddress
import math
import statistics
from typing import Any

import pytest

from ns3dmm.framework import presets
from ns3dmm.simulate import (MAX_POISSON_SESSIONS, SimulationFileError, Traffic, _sessions,
                             simulate)

PLACEMENT = presets.build_preset("dynamic", networks=3, ars_per_network=1)


def _poisson(**kw: Any) -> Traffic:
    base = {"source": "CN21", "receiver": "MN11", "arrivals": "poisson",
            "session_rate_per_s": 2.0, "session_s": 0.5, "start_s": 0.0}
    return Traffic(**(base | kw))


def test_arrivals_and_holding_times_have_the_distributions_asked_for() -> None:
    """Over 4 000 s at 2 sessions/s: the count is Poisson (mean 8 000, sd 89.4), the gaps and
    the holding times exponential (mean 0.5 s, coefficient of variation 1); 4 standard errors
    each."""
    sessions = _sessions((_poisson(),), PLACEMENT, 3, 5, 4000.0)
    n = len(sessions)
    assert abs(n - 8000) < 4 * math.sqrt(8000)
    starts = [s.start_s for s, _, _ in sessions]
    assert starts == sorted(starts) and 0 < starts[0] and starts[-1] < 4000.0
    gaps = [b - a for a, b in zip([0.0, *starts], starts, strict=False)]
    holds = [s.stop_s - s.start_s for s, _, _ in sessions if s.stop_s is not None]
    for values, mean in ((gaps, 0.5), (holds, 0.5)):
        m, sd = statistics.fmean(values), statistics.stdev(values)
        assert abs(m - mean) < 4 * mean / math.sqrt(len(values))
        # the exponential's sd equals its mean; the sample sd's standard error is about
        # mean x sqrt(2 / n) (its fourth moment is 9 mean^4)
        assert abs(sd / m - 1) < 4 * math.sqrt(2 / len(values))
    assert [name for _, name, _ in sessions[:3]] == [
        "udp-cbr-1-s1", "udp-cbr-1-s2", "udp-cbr-1-s3"]
    assert {k for _, _, k in sessions} == {1}


def test_the_draws_are_fixed_by_seed_run_entry_and_pair() -> None:
    one = _sessions((_poisson(),), PLACEMENT, 1, 1, 60.0)
    assert one == _sessions((_poisson(),), PLACEMENT, 1, 1, 60.0)
    assert one != _sessions((_poisson(),), PLACEMENT, 1, 2, 60.0)
    assert one != _sessions((_poisson(),), PLACEMENT, 2, 1, 60.0)
    # as the second entry it draws from its own stream (entry 2), the first is unchanged
    two = _sessions((Traffic(source="CN21", receiver="MN11", start_s=1.0), _poisson()),
                    PLACEMENT, 1, 1, 60.0)
    assert two[0][1] == "udp-cbr-1" and two[0][0].start_s == 1.0
    assert all(name.startswith("udp-cbr-2-s") for _, name, _ in two[1:])
    assert [(s.start_s, s.stop_s) for s, _, _ in two[1:]] != [
        (s.start_s, s.stop_s) for s, _, _ in one]
    # sessions to every correspondent: each pair its own stream; the first pair's sessions
    # are those of a lone entry for it
    every = _sessions((_poisson(source="*"),), presets.build_preset(
        "dynamic", networks=3, ars_per_network=1, correspondents=2), 1, 1, 60.0)
    first = [(s.start_s, s.stop_s) for s, _, _ in every if s.source == "CN21"]
    assert first == [(s.start_s, s.stop_s) for s, _, _ in one]
    assert {s.source for s, _, _ in every} == {"CN21", "CN31"}


def test_sessions_stop_at_the_end_and_start_before_it() -> None:
    sessions = _sessions((_poisson(session_s=50.0, stop_s=30.0),), PLACEMENT, 1, 1, 60.0)
    assert sessions and all(s.start_s < 30.0 for s, _, _ in sessions)
    assert all(s.stop_s is not None and s.stop_s <= 30.0 for s, _, _ in sessions)
    assert any(s.stop_s == 30.0 for s, _, _ in sessions)  # cut at the entry's stop
    open_ended = _sessions((_poisson(session_s=50.0),), PLACEMENT, 1, 1, 20.0)
    assert all(s.start_s < 20.0 for s, _, _ in open_ended)
    # a session outliving the run keeps running to its end (no stop)
    assert any(s.stop_s is None for s, _, _ in open_ended)


@pytest.mark.parametrize("kw, match", [
    ({"arrivals": "uniform"}, "traffic.arrivals"),
    ({"session_rate_per_s": 0.0}, "session_rate_per_s: arrivals 'poisson' needs it > 0"),
    ({"session_s": -1.0}, "traffic.session_s: a finite number >= 0"),
    ({"session_rate_per_s": math.inf}, "session_rate_per_s: a finite number"),
    ({"arrivals": "once"}, "session_rate_per_s: only with arrivals 'poisson'"),
])
def test_impossible_parameters_are_refused(kw: dict[str, Any], match: str) -> None:
    with pytest.raises(SimulationFileError, match=match):
        _poisson(**kw)


def test_a_train_without_end_or_too_long_is_refused_before_ns3_loads() -> None:
    with pytest.raises(SimulationFileError, match="need a stop after start_s"):
        _sessions((_poisson(),), PLACEMENT, 1, 1, None)
    with pytest.raises(SimulationFileError, match="need a stop after start_s"):
        _sessions((_poisson(start_s=10.0),), PLACEMENT, 1, 1, 5.0)
    rate = 2.0 * MAX_POISSON_SESSIONS / 100.0
    with pytest.raises(SimulationFileError, match="Poisson sessions expected"):
        _sessions((_poisson(session_rate_per_s=rate),), PLACEMENT, 1, 1, 100.0)


def test_every_session_runs_on_the_address_of_the_network_it_starts_in(ns: Any) -> None:
    from ns3dmm.program import summary
    from ns3dmm.scenario import ScenarioConfig
    from ns3dmm.scenario.config import MobilityConfig

    scenario = ScenarioConfig(seed=7, run=3, dad=False, mobility=MobilityConfig(
        model="path", path=("AR11", "AR21", "AR31"), speed_mps=10.0, start_s=2.0,
        pause_s=4.0))
    traffic = (_poisson(start_s=1.5, session_rate_per_s=0.5, session_s=4.0, rate="200kbps",
                        address="local"),)
    drawn = _sessions(traffic, PLACEMENT, 7, 3, 32.0)
    results = simulate(PLACEMENT, scenario, traffic=traffic, stop_s=32.0)
    assert list(results.apps) == [name for _, name, _ in drawn]
    assert len(drawn) >= 8
    moves = [(h["associated_s"], h["access_router"]) for h in results.handovers["MN11"]]
    assert [ar for _, ar in moves] == ["AR21", "AR31"]
    networks = {"AR11": "2001:1:0:1::/64", "AR21": "2001:2:0:1::/64", "AR31": "2001:3:0:1::/64"}
    for t, name, _ in drawn:
        # the access router the station is on at the session's start (the care-of address
        # changes a little after association: leave out the sessions that start around it)
        if any(0.0 <= t.start_s - at < 1.5 for at, _ in moves):
            continue
        ar = [a for at, a in [(0.0, "AR11"), *moves] if at <= t.start_s][-1]
        app = results.apps[name]
        assert ipaddress.IPv6Address(app["destination"]) in ipaddress.IPv6Network(
            networks[ar]), (name, t.start_s, ar)
        assert app["rx_packets"] > 0, name
    s = summary(results)
    assert s["sessions"] == len(drawn) and s["handovers"] == 2
    assert s["session_to_mobility_ratio"] == pytest.approx(len(drawn) / 2)
