"""The gap analysis beside what a campaign measured (``ns3-dmm gap --measured ARCHIVE``).

The grades of :func:`ns3dmm.framework.analyse` are read from a placement's structure. Here each
preset of a campaign archive (``summary.csv`` and ``parameters.json``, written by ``ns3-dmm
campaign plot``) is analysed with the campaign's parameters and three of its grades are set
beside the figures that bear on them, with n and the 95 % confidence interval of the mean:

* **REQ1.2** (no central anchor on the path): ``third_network_share``, the share of the
  stream's packets that an MR in a network neither end was in transmitted. *Met* is
  contradicted when the interval lies above ``THIRD_NETWORK_TOLERANCE`` (route-optimised
  designs send their first packets via home); *missed* when no packet of any run crossed one;
  *partly* (some paths cross, others need not) when none did is reported as measured better
  than graded.
* **REQ2** (transparency only when needed): ``addresses_held_max``, the most addresses a
  mobile node held at once (a per-session address beside its home address), and
  ``tunnelled_share``, the share of packets that crossed a tunnel. *Met* (per-session
  addresses) is supported when a session took a per-session address and some packets needed
  no tunnel, contradicted when one did and every packet was still tunnelled, and not measured
  when no session took one; *partly* (a stable home address) is contradicted when a session
  held another address.
* **Trust relations** (5.2): ``signalling_<pair>``, the Mobility Header messages exchanged
  between nodes of each pair of roles. A pair that exchanged messages without a trust relation
  listed contradicts the list; a listed pair that rests on signalling relations (registration,
  location queries, pushes, replication; not tunnels or layer-2 attachment) and exchanged no
  message is flagged as unused.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ns3dmm.framework import PRESETS, GapReport, analyse, build_preset
from ns3dmm.framework.gap import ROLE_PAIRS, Status

__all__ = ["Evidence", "MeasuredGap", "MeasuredGapError", "THIRD_NETWORK_TOLERANCE",
           "format_measured", "measured_gap"]

#: share of packets through a third-network anchor still counted as none: a route-optimised
#: design's first packets go via home
THIRD_NETWORK_TOLERANCE = 0.01

#: relation kinds behind a trust relation that exchange Mobility Header messages
_SIGNALLING = ("registration", "lm-client", "lm-query", "lm-sync", "location-push")

CONSISTENT = "consistent"
CONTRADICTED = "contradicted"
BETTER = "measured better than graded"
UNUSED = "listed, unused"
NOT_MEASURED = "not measured"


class MeasuredGapError(ValueError):
    """An archive the measured gap analysis cannot read; the message says why."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A metric of one combination: runs, mean and 95 % interval of the mean."""

    n: int
    mean: float | None
    low: float | None
    high: float | None

    def percent(self) -> str:
        if self.mean is None:
            return "none measured"
        interval = (f" [{100 * self.low:.1f}, {100 * self.high:.1f}]"
                    if self.low is not None and self.high is not None else "")
        return f"{100 * self.mean:.1f} %{interval} (n={self.n})"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One grade of one placement beside what was measured."""

    subject: str  #: "REQ1.2", "REQ2" or "trust"
    grade: str  #: the grade, or the trust pairs listed
    measured: str  #: the figures, in words
    verdict: str  #: consistent, contradicted, measured better than graded, not measured ...
    why: str = ""

    @property
    def flagged(self) -> bool:
        return self.verdict in (CONTRADICTED, UNUSED)


@dataclass(frozen=True, slots=True)
class MeasuredGap:
    """The measured gap analysis of one placement of a campaign."""

    placement: str
    runs: int
    report: GapReport
    evidence: tuple[Evidence, ...]
    #: the row's values of the other parameters the campaign varies
    varied: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.varied)
        return f"{self.placement} ({extra})" if extra else self.placement

    def to_dict(self) -> dict[str, Any]:
        return {"placement": self.placement, "varied": dict(self.varied), "runs": self.runs,
                "grades": self.report.to_dict(),
                "evidence": [{"subject": e.subject, "grade": e.grade, "measured": e.measured,
                              "verdict": e.verdict, "why": e.why, "flagged": e.flagged}
                             for e in self.evidence]}


def _number(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise MeasuredGapError(f"summary.csv: {text!r} is not a number") from None
    return None if math.isnan(value) else value


def _figure(row: dict[str, str], metric: str) -> Figure:
    if f"{metric}_mean" not in row:
        raise MeasuredGapError(f"the archive's summary.csv has no {metric!r}: the campaign's "
                               "METRICS leave it out, or it ran with an older ns3dmm")
    n = _number(row.get(f"{metric}_n"))
    return Figure(int(n or 0), _number(row[f"{metric}_mean"]),
                  _number(row.get(f"{metric}_ci95_low")), _number(row.get(f"{metric}_ci95_high")))


def _req1_2(report: GapReport, row: dict[str, str]) -> Evidence:
    status = report.status("REQ1.2")
    share = _figure(row, "third_network_share")
    measured = f"packets through a third-network MR: {share.percent()}"
    if status is Status.NOT_APPLICABLE or share.mean is None:
        return Evidence("REQ1.2", status.value, measured, NOT_MEASURED)
    if status is Status.MET:
        # The interval's low end when there is one (n >= 2), else the single run's value.
        low = share.low if share.low is not None else share.mean
        if low > THIRD_NETWORK_TOLERANCE:
            return Evidence("REQ1.2", status.value, measured, CONTRADICTED,
                            "graded met, yet packets went through an anchor in a third network")
        return Evidence("REQ1.2", status.value, measured, CONSISTENT)
    if share.mean == 0:
        verdict = CONTRADICTED if status is Status.MISSED else BETTER
        return Evidence("REQ1.2", status.value, measured, verdict,
                        "no packet of any run went through an anchor in a third network")
    return Evidence("REQ1.2", status.value, measured, CONSISTENT)


def _req2(report: GapReport, row: dict[str, str]) -> Evidence:
    status = report.status("REQ2")
    held = _figure(row, "addresses_held_max")
    tunnelled = _figure(row, "tunnelled_share")
    measured = (f"most addresses held {held.mean:g}" if held.mean is not None
                else "no host-based mobile node") + f"; packets tunnelled: {tunnelled.percent()}"
    several = held.mean is not None and held.mean > 1
    if status is Status.NOT_APPLICABLE or tunnelled.mean is None:
        return Evidence("REQ2", status.value, measured, NOT_MEASURED)
    if status is Status.MET:
        if not several:
            return Evidence("REQ2", status.value, measured, NOT_MEASURED,
                            "no session took a per-session address in this campaign")
        if tunnelled.mean >= 1.0:
            return Evidence("REQ2", status.value, measured, CONTRADICTED,
                            "sessions on per-session addresses, yet every packet was tunnelled")
        return Evidence("REQ2", status.value, measured, CONSISTENT)
    if several:
        return Evidence("REQ2", status.value, measured, CONTRADICTED,
                        "graded for a stable home address, yet a session held another address")
    return Evidence("REQ2", status.value, measured, CONSISTENT)


def _trust(report: GapReport, row: dict[str, str]) -> list[Evidence]:
    listed = {t.pair for t in report.trust}
    by_signalling = {t.pair for t in report.trust
                     if any(e.split(" ", 1)[0] in _SIGNALLING for e in t.evidence)}
    counts = {pair: _figure(row, f"signalling_{pair}") for pair in ROLE_PAIRS}
    used = {pair for pair, f in counts.items() if f.mean}
    grade = " ".join(t.pair for t in report.trust) or "none"
    words = ", ".join(f"{pair} {counts[pair].mean:g}" for pair in ROLE_PAIRS if pair in used)
    measured = f"messages per run: {words or 'none'}"
    out = []
    for pair in sorted(used - listed, key=ROLE_PAIRS.index):
        out.append(Evidence("trust", grade, measured, CONTRADICTED,
                            f"{pair} exchanged {counts[pair].mean:g} messages per run; the gap "
                            "analysis lists no trust relation for it"))
    for pair in sorted((by_signalling - used) & set(ROLE_PAIRS), key=ROLE_PAIRS.index):
        out.append(Evidence("trust", grade, measured, UNUSED,
                            f"{pair} rests on signalling relations, yet exchanged no message"))
    for pair in sorted(by_signalling - set(ROLE_PAIRS)):
        out.append(Evidence("trust", grade, measured, NOT_MEASURED,
                            f"{pair}: messages between these roles are not counted"))
    return out or [Evidence("trust", grade, measured, CONSISTENT)]


def _read(archive: Path) -> tuple[list[dict[str, str]], dict[str, Any]]:
    summary, parameters = archive / "summary.csv", archive / "parameters.json"
    if not summary.is_file():
        raise MeasuredGapError(f"{archive}: no summary.csv (give a folder written by "
                               "'ns3-dmm campaign plot')")
    if not parameters.is_file():
        raise MeasuredGapError(f"{archive}: no parameters.json (an archive written before "
                               "it was added: run 'ns3-dmm campaign plot' again)")
    with summary.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    try:
        params = json.loads(parameters.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise MeasuredGapError(f"{parameters}: not JSON ({exc})") from None
    if not isinstance(params, dict) or not all(
            isinstance(params.get(k, {}), dict) for k in ("fixed", "defaults", "varied")):
        raise MeasuredGapError(f"{parameters}: not an object of the archive's parameters")
    fixed = params.get("fixed", {}).get("placement")
    if rows and "placement" not in rows[0] and isinstance(fixed, str):
        rows = [row | {"placement": fixed} for row in rows]
    if not rows or "placement" not in rows[0]:
        raise MeasuredGapError(f"{summary}: no placement (a campaign of presets is needed)")
    return rows, params


def measured_gap(archive: str | Path) -> list[MeasuredGap]:
    """The measured gap analysis of every placement in a campaign archive (one per row of its
    summary.csv; rows varying other parameters too give one each)."""
    rows, params = _read(Path(archive))
    fixed, defaults = params.get("fixed", {}), params.get("defaults", {})
    derived = set(params.get("derived", []))
    others = [k for k in params.get("varied", {}) if k != "placement"]
    out = []
    for row in rows:
        name = row["placement"]
        if name not in PRESETS:
            raise MeasuredGapError(f"{name!r} is not a preset: the measured gap analysis "
                                   "builds presets")
        accepted = PRESETS[name].parameters
        bad = sorted(derived & set(accepted))
        if bad:
            raise MeasuredGapError(f"the campaign derives {', '.join(bad)} per combination: the "
                                   "preset's parameters are not known")
        values = {k: row[k] if k in row else fixed.get(k, defaults.get(k)) for k in accepted}
        values = {k: _typed(v) for k, v in values.items() if v not in (None, "")}
        try:
            report = analyse(build_preset(name, **values))
        except (TypeError, ValueError) as exc:
            raise MeasuredGapError(f"{name} with {values}: {exc}") from None
        runs = max((_figure(row, f"signalling_{p}").n for p in ROLE_PAIRS), default=0)
        evidence = (_req1_2(report, row), _req2(report, row), *_trust(report, row))
        out.append(MeasuredGap(name, runs, report, evidence,
                               tuple((k, row.get(k, "")) for k in others)))
    return out


def _typed(value: Any) -> Any:
    """A parameter as summary.csv writes it (text) back to a number where it is one."""
    if not isinstance(value, str):
        return value
    if value in ("True", "False"):
        return value == "True"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def format_measured(gaps: list[MeasuredGap], fmt: str = "table") -> str:
    """Text (``table``), Markdown (``md``) or JSON (``json``)."""
    if fmt == "json":
        return json.dumps([g.to_dict() for g in gaps], indent=2)
    flagged = [(g, e) for g in gaps for e in g.evidence if e.flagged]
    if fmt == "md":
        lines = ["| Placement | n | Subject | Grade | Measured | Verdict |",
                 "|---|---|---|---|---|---|"]
        for g in gaps:
            for e in g.evidence:
                verdict = f"**{e.verdict}**: {e.why}" if e.flagged else e.verdict
                lines.append(f"| {g.label} | {g.runs} | {e.subject} | {e.grade} | "
                             f"{e.measured} | {verdict} |")
    else:
        lines = []
        for g in gaps:
            lines.append(f"{g.label} (n={g.runs})")
            for e in g.evidence:
                why = f": {e.why}" if e.why else ""
                mark = "!" if e.flagged else " "
                lines.append(f" {mark} {e.subject:<6} {e.grade:<8} {e.measured}")
                lines.append(f"          -> {e.verdict}{why}")
    lines += ["", f"{len(flagged)} grade(s) the measurement contradicts or leaves unused"
              + (":" if flagged else ".")]
    lines += [f"  {g.label} {e.subject}: {e.why}" for g, e in flagged]
    return "\n".join(lines)
