"""The gap analysis beside measurement (``ns3-dmm gap --measured``): each rule on an archive
written here (summary.csv and parameters.json as ``ns3-dmm campaign plot`` writes them), so
every verdict is checked both ways."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import cli
from ns3dmm.framework.gap import ROLE_PAIRS
from ns3dmm.measured_gap import (CONSISTENT, CONTRADICTED, NOT_MEASURED, UNUSED,
                                 MeasuredGapError, format_measured, measured_gap)

BASE = {"third_network_share": 0.0, "tunnelled_share": 1.0, "addresses_held_max": 1}


def _archive(tmp_path: Path, rows: dict[str, dict[str, Any]], n: int = 10) -> Path:
    """An archive with one row per placement: each metric n runs, its mean, and an interval
    of the mean +-0 (the figures are given exactly; none with a single run, as the campaign
    statistics write it)."""
    metrics = [*BASE, *(f"signalling_{p}" for p in ROLE_PAIRS)]
    columns = ["placement"] + [f"{m}_{s}" for m in metrics
                               for s in ("n", "mean", "ci95_low", "ci95_high")]
    with (tmp_path / "summary.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        for name, figures in rows.items():
            values = BASE | figures
            row: dict[str, Any] = {"placement": name}
            for m in metrics:
                v = values.get(m, 0)
                ci = v if n > 1 else ""
                row |= {f"{m}_n": n, f"{m}_mean": v, f"{m}_ci95_low": ci, f"{m}_ci95_high": ci}
            w.writerow(row)
    (tmp_path / "parameters.json").write_text(json.dumps(
        {"campaign": "t", "runs": n, "varied": {"placement": list(rows)},
         "fixed": {"networks": 3, "ars_per_network": 2}, "derived": [],
         "defaults": {"networks": 2, "ars_per_network": 2, "home_link": False}}))
    return tmp_path


def _verdicts(tmp_path: Path, rows: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for g in measured_gap(_archive(tmp_path, rows)):
        for e in g.evidence:
            out.setdefault((g.placement, e.subject), e.verdict)
    return out


def test_triangle_routing_measured_where_it_was_graded_missed(tmp_path: Path) -> None:
    v = _verdicts(tmp_path, {"mipv6": {"third_network_share": 0.7, "signalling_MN-MR": 12}})
    assert v["mipv6", "REQ1.2"] == CONSISTENT and v["mipv6", "trust"] == CONSISTENT


def test_missed_contradicted_when_no_packet_crossed_a_central_anchor(tmp_path: Path) -> None:
    v = _verdicts(tmp_path, {"mipv6": {"third_network_share": 0.0, "signalling_MN-MR": 12}})
    assert v["mipv6", "REQ1.2"] == CONTRADICTED


def test_met_contradicted_by_packets_through_a_third_network(tmp_path: Path) -> None:
    ok = _verdicts(tmp_path, {"ro-gwar-push": {"third_network_share": 0.002}})
    assert ok["ro-gwar-push", "REQ1.2"] == CONSISTENT  # first packets via home: tolerated
    bad = _verdicts(tmp_path, {"ro-gwar-push": {"third_network_share": 0.3}})
    assert bad["ro-gwar-push", "REQ1.2"] == CONTRADICTED


def test_per_session_addresses_measured_or_not(tmp_path: Path) -> None:
    v = _verdicts(tmp_path, {"dynamic": {"addresses_held_max": 2, "tunnelled_share": 0.88},
                             "distributed-lm": {"addresses_held_max": 1}})
    assert v["dynamic", "REQ2"] == CONSISTENT
    assert v["distributed-lm", "REQ2"] == NOT_MEASURED
    v = _verdicts(tmp_path, {"dynamic": {"addresses_held_max": 2, "tunnelled_share": 1.0}})
    assert v["dynamic", "REQ2"] == CONTRADICTED
    v = _verdicts(tmp_path, {"mipv6": {"addresses_held_max": 2, "third_network_share": 0.5}})
    assert v["mipv6", "REQ2"] == CONTRADICTED  # graded for a stable home address


def test_signalling_between_roles_without_a_trust_relation_is_flagged(tmp_path: Path) -> None:
    gaps = measured_gap(_archive(tmp_path, {"ro-gwar-push": {
        "signalling_MN-MR": 16, "signalling_MN-LM": 6, "signalling_MR-MR": 6,
        "signalling_MR-LM": 6}}))
    trust = [e for e in gaps[0].evidence if e.subject == "trust"]
    assert [e.verdict for e in trust] == [CONTRADICTED]
    assert "MN-LM exchanged 6 messages" in trust[0].why
    text = format_measured(gaps)
    assert "1 grade(s) the measurement contradicts" in text and "ro-gwar-push trust" in text


def test_a_listed_signalling_pair_without_messages_is_unused(tmp_path: Path) -> None:
    gaps = measured_gap(_archive(tmp_path, {"ro-gwar-push": {"signalling_MN-MR": 16,
                                                            "signalling_MR-LM": 6}}))
    unused = [e for e in gaps[0].evidence if e.verdict == UNUSED]
    assert [e.why.split()[0] for e in unused] == ["MR-MR"]  # the location push


def test_formats(tmp_path: Path) -> None:
    gaps = measured_gap(_archive(tmp_path, {"mipv6": {"third_network_share": 0.7,
                                                      "signalling_MN-MR": 12}}))
    doc = json.loads(format_measured(gaps, "json"))
    assert doc[0]["placement"] == "mipv6" and doc[0]["runs"] == 10
    assert format_measured(gaps, "md").startswith("| Placement | n |")


def test_unreadable_archives_are_refused_in_one_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(MeasuredGapError, match="no summary.csv"):
        measured_gap(tmp_path)
    _archive(tmp_path, {"mipv6": {}})
    (tmp_path / "parameters.json").unlink()
    assert cli.main(["gap", "--measured", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no parameters.json" in err and err.count("\n") == 1
    assert cli.main(["gap", "mipv6", "--measured", str(tmp_path)]) == 2


def test_a_single_run_is_judged_by_its_value(tmp_path: Path) -> None:
    """n = 1 (no interval): the rules use the run's own figure."""
    one = measured_gap(_archive(tmp_path, {"ro-gwar-push": {"third_network_share": 0.3},
                                           "mipv6": {"third_network_share": 0.0}}, n=1))
    verdicts = {(g.placement, e.subject): e.verdict for g in one for e in g.evidence}
    assert verdicts["ro-gwar-push", "REQ1.2"] == CONTRADICTED
    assert verdicts["mipv6", "REQ1.2"] == CONTRADICTED
    assert "30.0 % (n=1)" in format_measured(one)


def test_rows_of_other_varied_parameters_are_told_apart(tmp_path: Path) -> None:
    _archive(tmp_path, {"ro-gwar-push": {"third_network_share": 0.0}})
    doc = json.loads((tmp_path / "parameters.json").read_text())
    doc["varied"]["LocationCache.EntryLifetime"] = ["1s", "10s"]
    (tmp_path / "parameters.json").write_text(json.dumps(doc))
    with (tmp_path / "summary.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    with (tmp_path / "summary.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, [*rows[0], "LocationCache.EntryLifetime"])
        w.writeheader()
        for lifetime in ("1s", "10s"):
            w.writerow(rows[0] | {"LocationCache.EntryLifetime": lifetime})
    labels = [g.label for g in measured_gap(tmp_path)]
    assert labels == ["ro-gwar-push (LocationCache.EntryLifetime=1s)",
                      "ro-gwar-push (LocationCache.EntryLifetime=10s)"]


def test_malformed_archives_are_refused_not_crashed_on(tmp_path: Path) -> None:
    _archive(tmp_path, {"mipv6": {}})
    text = (tmp_path / "summary.csv").read_text()
    (tmp_path / "summary.csv").write_text(text.replace(",10,", ",ten,", 1))
    with pytest.raises(MeasuredGapError, match="'ten' is not a number"):
        measured_gap(tmp_path)
    _archive(tmp_path, {"mipv6": {}})
    (tmp_path / "parameters.json").write_text(json.dumps(
        {"fixed": {"networks": 0}, "varied": {}, "derived": []}))
    with pytest.raises(MeasuredGapError, match="mipv6 with"):
        measured_gap(tmp_path)
    (tmp_path / "parameters.json").write_text("[]")
    with pytest.raises(MeasuredGapError, match="not an object of"):
        measured_gap(tmp_path)

