"""Rendering gap reports: terminal table, Markdown and JSON, for one placement or a comparison."""

from __future__ import annotations

import enum
import json
import textwrap
from collections.abc import Sequence

from .gap import REQUIREMENTS, GapReport, Status

__all__ = ["Format", "format_comparison", "format_report", "glyphs"]


class Format(enum.StrEnum):
    """Output formats of the gap analysis."""

    TABLE = "table"
    MARKDOWN = "md"
    JSON = "json"


_UNICODE = {Status.MET: "●", Status.PARTLY: "◐", Status.MISSED: "○",
            Status.NOT_APPLICABLE: "·"}
_ASCII = {Status.MET: "+", Status.PARTLY: "~", Status.MISSED: "-", Status.NOT_APPLICABLE: "."}


def glyphs(ascii_only: bool = False) -> dict[Status, str]:
    """The status glyphs (Unicode circles, or ``+ ~ -`` for ASCII terminals)."""
    return dict(_ASCII if ascii_only else _UNICODE)


def _legend(ascii_only: bool) -> str:
    g = glyphs(ascii_only)
    return (
        f"{g[Status.MET]} met  {g[Status.PARTLY]} partly  {g[Status.MISSED]} missed  "
        f"{g[Status.NOT_APPLICABLE]} not applicable   "
        "(draft 5.1; REQ1.x and REQ5.x are parts 1 and 2)"
    )


def _table(report: GapReport, width: int) -> str:
    lines = [f"{report.placement} - {report.title}  ({report.reference})", ""]
    label_w = max(len(f"{r.id} {r.short}") for r in REQUIREMENTS) + 2
    head = f"{'Requirement':<{label_w}}{'Grade':<8}Reason"
    lines.append(head)
    lines.append("-" * min(width, 100))
    titles = {r.id: f"{r.id} {r.short}" for r in REQUIREMENTS}
    indent = " " * (label_w + 8)
    for a in report.assessments:
        first = f"{titles[a.requirement]:<{label_w}}{a.status.value:<8}"
        lines.extend(
            textwrap.wrap(
                a.reason, width=width, initial_indent=first, subsequent_indent=indent
            )
        )
    lines.append("")
    lines.append("Trust relations needed (section 5.2):")
    if not report.trust:
        lines.append("  none")
    for t in report.trust:
        scope = "inter-domain" if t.inter_domain else "intra-domain"
        prefix = f"  {t.pair:<6} {scope:<13} "
        lines.extend(
            textwrap.wrap(
                "; ".join(t.evidence),
                width=width,
                initial_indent=prefix,
                subsequent_indent=" " * len(prefix),
            )
        )
    return "\n".join(lines)


def _markdown(report: GapReport) -> str:
    lines = [
        f"## {report.placement}: {report.title}",
        "",
        f"Draft reference: {report.reference}",
        "",
        "| Requirement | Grade | Reason |",
        "|---|---|---|",
    ]
    titles = {r.id: f"{r.id} {r.short}" for r in REQUIREMENTS}
    for a in report.assessments:
        lines.append(f"| {titles[a.requirement]} | {a.status.value} | {_md(a.reason)} |")
    lines += ["", "| Trust | Scope | Derived from |", "|---|---|---|"]
    for t in report.trust:
        scope = "inter-domain" if t.inter_domain else "intra-domain"
        lines.append(f"| {t.pair} | {scope} | {_md('; '.join(t.evidence))} |")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def format_report(
    report: GapReport, fmt: Format | str = Format.TABLE, width: int = 100
) -> str:
    """One placement's gap analysis as a terminal table, Markdown or JSON."""
    fmt = Format(fmt)
    if fmt is Format.JSON:
        return json.dumps(report.to_dict(), indent=2)
    if fmt is Format.MARKDOWN:
        return _markdown(report)
    return _table(report, width)


def format_comparison(
    reports: Sequence[GapReport],
    fmt: Format | str = Format.TABLE,
    ascii_only: bool = False,
) -> str:
    """The comparison across placements (the table of section 5.2): one row per placement."""
    fmt = Format(fmt)
    if fmt is Format.JSON:
        return json.dumps(
            {
                "requirements": [
                    {"id": r.id, "short": r.short, "section": r.section, "text": r.text}
                    for r in REQUIREMENTS
                ],
                "placements": [r.to_dict() for r in reports],
            },
            indent=2,
        )
    g = glyphs(ascii_only)
    ids = [r.id for r in REQUIREMENTS]
    if fmt is Format.MARKDOWN:
        head = "| Placement | Draft | " + " | ".join(ids) + " | Trust relations |"
        rule = "|---|---|" + "---|" * len(ids) + "---|"
        rows = [head, rule]
        for rep in reports:
            cells = " | ".join(g[rep.status(i)] for i in ids)
            trust = ", ".join(t.pair for t in rep.trust)
            rows.append(f"| {rep.placement} | {rep.reference} | {cells} | {trust} |")
        return "\n".join(rows + ["", _legend(ascii_only)])
    name_w = max([len("Placement")] + [len(r.placement) for r in reports]) + 1
    head = f"{'Placement':<{name_w}}" + "".join(f"{i:^7}" for i in ids) + " Trust relations"
    lines = [head, "-" * min(100, len(head) + 4)]
    for rep in reports:
        cells = "".join(f"{g[rep.status(i)]:^7}" for i in ids)
        trust = " ".join(t.pair for t in rep.trust)
        lines.append(f"{rep.placement:<{name_w}}{cells} {trust}")
    lines += ["", _legend(ascii_only)]
    return "\n".join(lines)
