"""The unified mobility management framework as data (draft sections 3-8).

A protocol is a :class:`Placement` of the four logical functions -- home address allocation,
mobility routing (MR), location management (LM) and proxy -- on the nodes of a set of networks.
This subpackage is pure Python (no ns-3): it models placements, builds the draft's
configurations as presets, validates user placements (Python or TOML), derives the gap analysis
of section 5 and draws placements like the draft's figures.

Typical use::

    from ns3dmm import framework as fw
    p = fw.build_preset("pmipv6", networks=3)
    report = fw.analyse(p)
    print(fw.format_report(report))
    fw.draw(p, "pmipv6.svg")          # imports matplotlib only now
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .gap import REQUIREMENTS, Assessment, GapReport, Requirement, Status, TrustRelation, analyse
from .model import (
    Allocation,
    AllocationScope,
    AnycastGroup,
    CorrespondentBinding,
    FirstPacket,
    Forwarding,
    FunctionKind,
    FunctionRef,
    HomeAddress,
    LmDelivery,
    LmOrganisation,
    LocationManager,
    MobilityRouter,
    Mode,
    Network,
    Node,
    NodeKind,
    Placement,
    Proxy,
    RouteOptimisation,
    Rs1,
    Rs2,
)
from .presets import PRESETS, Preset, build_preset, preset_names
from .relations import DataPath, Hop, HopKind, Relation, RelationKind, data_path, relations
from .report import Format, format_comparison, format_report
from .scenario import dumps, load, loads
from .validation import RULES, PlacementError, Problem, check, validate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PRESETS",
    "REQUIREMENTS",
    "RULES",
    "Allocation",
    "AllocationScope",
    "AnycastGroup",
    "Assessment",
    "CorrespondentBinding",
    "DataPath",
    "FirstPacket",
    "Format",
    "Forwarding",
    "FunctionKind",
    "FunctionRef",
    "GapReport",
    "Hop",
    "HopKind",
    "HomeAddress",
    "LmDelivery",
    "LmOrganisation",
    "LocationManager",
    "MobilityRouter",
    "Mode",
    "Network",
    "Node",
    "NodeKind",
    "Placement",
    "PlacementError",
    "Preset",
    "Problem",
    "Proxy",
    "Relation",
    "RelationKind",
    "Requirement",
    "RouteOptimisation",
    "Rs1",
    "Rs2",
    "Status",
    "TrustRelation",
    "analyse",
    "build_preset",
    "check",
    "data_path",
    "draw",
    "dumps",
    "format_comparison",
    "format_report",
    "load",
    "loads",
    "preset_names",
    "relations",
    "render",
    "resolve",
    "validate",
]


def draw(
    placement: Placement, output: str | Path, cn: str | None = None, hoa: str | None = None
) -> Path:
    """Draw ``placement`` to a ``.png`` or ``.svg`` file (imports matplotlib lazily)."""
    from .drawing import draw as _draw

    return _draw(placement, output, cn, hoa)


def render(placement: Placement, cn: str | None = None, hoa: str | None = None) -> Figure:
    """The matplotlib figure of ``placement`` (imports matplotlib lazily)."""
    from .drawing import render as _render

    return _render(placement, cn, hoa)


def resolve(target: str | Path, **params: object) -> Placement:
    """A placement from a preset name (with ``params``) or a TOML scenario file path.

    A string naming an existing file, or ending in ``.toml``, is loaded as a scenario; anything
    else is looked up as a preset.
    """
    path = Path(target)
    if path.suffix == ".toml" or path.is_file():
        if params:
            raise ValueError("preset parameters apply to presets, not to scenario files")
        return load(path)
    return build_preset(str(target), **params)
