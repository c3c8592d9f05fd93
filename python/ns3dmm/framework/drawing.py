"""Drawing a placement like the draft's figures (which its text version lost).

Networks are rounded regions in two rows around the Internet core; inside each, rows of nodes
(gateway next to the core, then anchors and LM servers, access routers, and the hosts). Every node
box lists the functions it hosts ("HA1 / Alloc1 MR1 LM1"). Dashed arrows are LM registrations
(MN -> proxy -> LM), dotted ones MR-LM client relations and route-optimisation signalling,
dash-dotted ones LM replication; the thick solid arrows are the data path from a CN to an MN's
HoA (and, thinner, its first packet when that differs).

Arrows run on lanes: vertically in the gaps beside the node boxes, horizontally in the gaps
between rows or along the core, one lane per kind, so that no arrow crosses a node box or
another kind's arrow lengthwise, and none strikes through the core's label.

This is the only module that imports matplotlib; it uses the Agg canvas directly (no pyplot, no
global backend switch). Import it lazily (``ns3dmm.framework.draw`` does).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from .model import FunctionKind, NodeKind, Placement
from .relations import DataPath, HopKind, RelationKind, data_path, data_paths, relations
from .validation import check

__all__ = ["FORMATS", "draw", "render", "save"]

#: File formats :func:`draw` writes, by suffix.
FORMATS = ("png", "svg")

_ROW = {
    NodeKind.GATEWAY: 0,
    NodeKind.ANCHOR: 1,
    NodeKind.LM_SERVER: 1,
    NodeKind.ACCESS_ROUTER: 2,
    NodeKind.MOBILE_NODE: 3,
    NodeKind.CORRESPONDENT: 3,
}
_BOX_W, _BOX_H = 2.1, 1.05
_CELL_W, _ROW_H = 2.5, 1.6
_PAD = 0.5
_CORE_H = 1.2
_UNIT_IN = 0.55  # inches per layout unit

_FACE = {
    "mr": "#f8d0c8",
    "lm": "#cfe0f8",
    "proxy": "#fbe3b8",
    "alloc": "#e4f2d8",
    "mn": "#fff6a8",
    "cn": "#e6e6e6",
    "plain": "#ffffff",
}
# Each relation kind has a style and a lane: its side of the boxes (-1 left, +1 right) and its
# place on that side (0 nearest the box), so signalling and the data path stay apart.
_STYLE: dict[RelationKind, dict[str, Any]] = {
    RelationKind.REGISTRATION: dict(color="#1f4e9c", linestyle="--", lane=(1, 0)),
    RelationKind.ATTACHMENT: dict(color="#1f4e9c", linestyle="--", lane=(1, 0)),
    RelationKind.LM_CLIENT: dict(color="#7a3fa0", linestyle=":", lane=(1, 1)),
    RelationKind.LM_SYNC: dict(color="#16877a", linestyle="-.", lane=(1, 2)),
    RelationKind.LM_QUERY: dict(color="#c0187a", linestyle=":", lane=(-1, 1)),
    RelationKind.LOCATION_PUSH: dict(color="#d07000", linestyle=":", lane=(-1, 2)),
    RelationKind.CORRESPONDENT_REGISTRATION: dict(color="#2f7d32", linestyle="--",
                                                  lane=(1, 3)),
}
_DATA_LANE, _FIRST_LANE = (-1, 0), (-1, 1)
#: Distance of the first lane from a box side, and between lanes (layout units).
_LANE_GAP, _LANE_STEP = 0.05, 0.07
_DATA = "#d62020"
_FIRST = "#f08a24"


@dataclass(frozen=True, slots=True)
class _Region:
    network: str
    x: float
    y: float
    w: float
    h: float
    top: bool


def _layout(
    p: Placement,
) -> tuple[dict[str, tuple[float, float]], list[_Region], float, tuple[float, float]]:
    """Node centres, network regions, and the overall width and height (layout units)."""
    n = len(p.networks)
    top_count = math.ceil(n / 2) if n > 1 else 1
    rows: dict[str, list[list[str]]] = {net.name: [[], [], [], []] for net in p.networks}
    ars_order = {a.name: i for i, a in enumerate(p.nodes_of_kind(NodeKind.ACCESS_ROUTER))}
    for node in p.nodes:
        rows[node.network][_ROW[node.kind]].append(node.name)
    for net_rows in rows.values():
        net_rows[3].sort(key=lambda name: ars_order.get(p.node(name).attached_to or "", 0))
    widths = {
        name: max(1, *(len(r) for r in net_rows)) * _CELL_W + 2 * _PAD
        for name, net_rows in rows.items()
    }
    height = 4 * _ROW_H + 2 * _PAD
    groups = [p.networks[:top_count], p.networks[top_count:]]
    row_widths = [sum(widths[x.name] for x in g) + _PAD * max(0, len(g) - 1) for g in groups]
    total_w = max(row_widths)
    pos: dict[str, tuple[float, float]] = {}
    regions: list[_Region] = []
    for gi, group in enumerate(groups):
        top = gi == 0
        x = (total_w - row_widths[gi]) / 2
        for net in group:
            w = widths[net.name]
            y0 = _CORE_H / 2 + _PAD if top else -(_CORE_H / 2 + _PAD + height)
            regions.append(_Region(net.name, x, y0, w, height, top))
            for r, names in enumerate(rows[net.name]):
                level = r if top else 3 - r
                cy = y0 + _PAD + _ROW_H * (level + 0.5)
                span = len(names) * _CELL_W
                for i, name in enumerate(names):
                    cx = x + (w - span) / 2 + _CELL_W * (i + 0.5)
                    pos[name] = (cx, cy)
            x += w + _PAD
    has_bottom = bool(groups[1])
    y_min = -(_CORE_H / 2 + _PAD + height) if has_bottom else -_CORE_H / 2
    y_max = _CORE_H / 2 + _PAD + height
    return pos, regions, total_w, (y_min, y_max)


def _face(p: Placement, node: str) -> str:
    kind = p.node(node).kind
    if kind is NodeKind.MOBILE_NODE:
        return _FACE["mn"]
    if kind is NodeKind.CORRESPONDENT:
        return _FACE["cn"]
    kinds = {f.kind for f in p.functions_on(node)}
    for fk, key in (
        (FunctionKind.MOBILITY_ROUTING, "mr"),
        (FunctionKind.LOCATION_MANAGEMENT, "lm"),
        (FunctionKind.PROXY, "proxy"),
        (FunctionKind.ALLOCATION, "alloc"),
    ):
        if fk in kinds:
            return _FACE[key]
    return _FACE["plain"]


def _label(p: Placement, node: str) -> str:
    funcs = [f.name for f in p.functions_on(node)]
    if p.node(node).kind is NodeKind.MOBILE_NODE:
        funcs = [h.name for h in p.home_addresses_of(node)]
    lines = [node]
    for i in range(0, len(funcs), 2):
        lines.append(" ".join(funcs[i : i + 2]))
    return "\n".join(lines[:4])


def _arrow(
    ax: Axes,
    points: list[tuple[float, float]],
    color: str,
    linestyle: str | tuple[float, tuple[float, float]] = "-",
    lw: float = 1.2,
    both: bool = False,
    z: float = 3,
) -> None:
    """A polyline through ``points`` with an arrowhead at the end (and the start)."""
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=color, linestyle=linestyle, linewidth=lw, zorder=z,
            solid_capstyle="butt", solid_joinstyle="miter")
    ends = [(points[-2], points[-1])] + ([(points[1], points[0])] if both else [])
    for a, b in ends:
        ax.annotate("", xy=b, xytext=a, zorder=z, arrowprops=dict(
            arrowstyle="-|>", color=color, linewidth=lw, mutation_scale=9, shrinkA=0,
            shrinkB=0, linestyle="-"))


def _lane_x(x: float, lane: tuple[int, int]) -> float:
    """The x of a vertical lane beside a box centred at ``x``."""
    side, k = lane
    return x + side * (_BOX_W / 2 + _LANE_GAP + k * _LANE_STEP)


def _gap_y(y: float, toward: float, lane: tuple[int, int]) -> float:
    """The y of a horizontal lane in the gap between the row at ``y`` and the next row towards
    ``toward``."""
    side, k = lane
    step = _ROW_H / 2 if toward > y else -_ROW_H / 2
    return y + step + (side * (k + 0.5)) * _LANE_STEP


def _route(p: Placement, pos: dict[str, tuple[float, float]], a: str, b: str,
           lane: tuple[int, int]) -> list[tuple[float, float]]:
    """An orthogonal route from box ``a`` to box ``b``: out of ``a``'s side onto its lane,
    along gaps (and the core, between networks) to ``b``'s lane, into ``b``'s side."""
    (ax_, ay), (bx, by) = pos[a], pos[b]
    side = lane[0]
    la, lb = _lane_x(ax_, lane), _lane_x(bx, lane)
    start = (ax_ + side * _BOX_W / 2, ay)
    end = (bx + side * _BOX_W / 2, by)
    points = [start, (la, ay)]
    if p.node(a).network == p.node(b).network:
        if abs(la - lb) > 1e-9:
            y = _gap_y(by, ay, lane)
            points += [(la, y), (lb, y)]
    else:
        core = (lane[1] + 1) * _LANE_STEP * side * 2  # inside the core band, by lane
        points += [(la, core), (lb, core)]
    points += [(lb, by), end]
    return points


def render(p: Placement, cn: str | None = None, hoa: str | None = None) -> Figure:
    """A matplotlib figure of placement ``p`` with the data path from ``cn`` to ``hoa``.

    ``cn`` defaults to the first CN and ``hoa`` to the first HoA that needs mobility support
    (else the first HoA). The placement is validated first.
    """
    check(p)
    path: DataPath | None = None
    if cn is not None or hoa is not None:
        cn = cn or (p.correspondents[0].name if p.correspondents else None)
        if cn is None or hoa is None:
            raise ValueError("give both cn and hoa, or neither")
        path = data_path(p, cn, hoa)
    else:
        paths = data_paths(p)
        mobile = [x for x in paths if p.needs_mobility(x.hoa)]
        path = (mobile or list(paths) or [None])[0]
    pos, regions, width, (y_min, y_max) = _layout(p)
    height = y_max - y_min
    fig_w = max(8.0, (width + 0.6) * _UNIT_IN / 0.96)
    fig = Figure(figsize=(fig_w, (height + 0.6) * _UNIT_IN / 0.8))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.1, 0.96, 0.8))
    ax.set_xlim(-0.3, width + 0.3)
    ax.set_ylim(y_min - 0.3, y_max + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    # Core and networks.
    ax.add_patch(
        FancyBboxPatch(
            (0, -_CORE_H / 2), width, _CORE_H, boxstyle="round,pad=0,rounding_size=0.5",
            facecolor="#f1f1f1", edgecolor="#9a9a9a", linewidth=1.0, zorder=0,
        )
    )  # fmt: skip
    # The label sits on a patch of the band's colour above the arrows: none strikes through it.
    ax.text(width / 2, 0, "Internet core", ha="center", va="center", fontsize=9,
            color="#666666", zorder=6,
            bbox=dict(boxstyle="round,pad=0.25", facecolor="#f1f1f1", edgecolor="none"))
    for reg in regions:
        net = p.network(reg.network)
        ax.add_patch(
            FancyBboxPatch(
                (reg.x, reg.y), reg.w, reg.h, boxstyle="round,pad=0,rounding_size=0.6",
                facecolor="#fbfbfd", edgecolor="#5a6a8a", linewidth=1.3, zorder=0,
            )
        )  # fmt: skip
        ty = reg.y + reg.h - 0.25 if reg.top else reg.y + 0.25
        ax.text(
            reg.x + 0.3, ty, f"{net.name}  {net.prefix}", ha="left",
            va="top" if reg.top else "bottom", fontsize=8, fontweight="bold", color="#33415c",
        )  # fmt: skip
    # Physical links.
    for node in p.nodes:
        x, y = pos[node.name]
        gw = p.gateway_of(node.network)
        if node.kind is NodeKind.GATEWAY:
            ax.plot([x, x], [y, 0], color="#b8b8b8", linewidth=1.0, zorder=1)
        elif node.attached_to is not None:
            ax.plot(*zip((x, y), pos[node.attached_to]), color="#b8b8b8", lw=1.0, zorder=1)
        elif gw is not None:
            ax.plot(*zip((x, y), pos[gw.name]), color="#b8b8b8", linewidth=1.0, zorder=1)
    # Nodes.
    for node in p.nodes:
        x, y = pos[node.name]
        ax.add_patch(
            FancyBboxPatch(
                (x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
                boxstyle="round,pad=0,rounding_size=0.15", facecolor=_face(p, node.name),
                edgecolor="#333333", linewidth=0.9, zorder=4,
            )
        )  # fmt: skip
        ax.text(x, y, _label(p, node.name), ha="center", va="center", fontsize=6.5, zorder=5)
    # Signalling relations.
    seen_kinds: set[RelationKind] = set()
    for r in relations(p):
        if r.kind is RelationKind.TUNNEL or not r.crosses_nodes:
            continue
        st = _STYLE[r.kind]
        seen_kinds.add(r.kind)
        _arrow(ax, _route(p, pos, r.source_node, r.target_node, st["lane"]), st["color"],
               st["linestyle"], 1.1, both=r.kind is RelationKind.LM_SYNC)
    # Data path.
    handles = []
    if path is not None:
        if path.first_packet is not None:
            for a, b in zip(path.first_packet, path.first_packet[1:]):
                _arrow(ax, _route(p, pos, a.node, b.node, _FIRST_LANE), _FIRST, "-", 1.3, z=3)
            handles.append(Line2D([], [], color=_FIRST, lw=1.3, label="first packet"))
        for a, b in zip(path.hops, path.hops[1:]):
            lw = 1.6 if b.via is HopKind.ACCESS else 2.4
            ls = (0, (4, 1.5)) if b.via is HopKind.REWRITE else "-"
            _arrow(ax, _route(p, pos, a.node, b.node, _DATA_LANE), _DATA, ls, lw, z=3)
        mn = path.hops[-1].node
        handles.insert(
            0,
            Line2D(
                [], [], color=_DATA, lw=2.4, label=f"data path {path.cn} -> {path.hoa} ({mn})"
            ),
        )
    names = {
        RelationKind.REGISTRATION: "LM registration (MN -> proxy -> LM)",
        RelationKind.ATTACHMENT: "attachment to proxy (network-based)",
        RelationKind.LM_CLIENT: "MR is client of LM",
        RelationKind.LM_SYNC: "LM replication",
        RelationKind.LM_QUERY: "RS2 query MR(CN) -> LM",
        RelationKind.LOCATION_PUSH: "RS2 push home MR -> MR(CN)",
        RelationKind.CORRESPONDENT_REGISTRATION: "return routability + BU (MN -> CN binding)",
    }
    for kind in _STYLE:
        if kind in seen_kinds:
            st = _STYLE[kind]
            handles.append(
                Line2D([], [], color=st["color"], linestyle=st["linestyle"], label=names[kind])
            )
    for key, text in (
        ("mr", "hosts MR"),
        ("lm", "hosts LM"),
        ("proxy", "hosts proxy"),
        ("alloc", "hosts allocation only"),
    ):
        handles.append(
            Line2D([], [], marker="s", linestyle="", markersize=8, markerfacecolor=_FACE[key],
                   markeredgecolor="#333333", label=text)
        )  # fmt: skip
    fig.legend(
        handles=handles, loc="lower center", ncol=min(4, len(handles)), fontsize=7,
        frameon=False,
    )  # fmt: skip
    extra = f"  |  {p.route_optimisation.label}" if p.route_optimisation else ""
    for group in p.anycast_groups:
        extra += f"  |  anycast {group.name}: {' '.join(group.members)}"
    fig.suptitle(
        f"{p.title}  ({p.reference})\n{p.mode.value}-based, LM {p.lm_organisation.value}{extra}",
        fontsize=10,
    )
    return fig


def draw(
    p: Placement, output: str | Path, cn: str | None = None, hoa: str | None = None
) -> Path:
    """Draw ``p`` to ``output``; the suffix (``.png`` or ``.svg``) selects the format."""
    if Path(output).suffix.lower().lstrip(".") not in FORMATS:
        raise ValueError(f"cannot draw to {Path(output).name!r}: use a .png or .svg file name")
    return save(render(p, cn, hoa), output)


def save(fig: Figure, output: str | Path) -> Path:
    """Save a figure from :func:`render` as ``.png`` or ``.svg`` (by suffix)."""
    output = Path(output)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot draw to {output.name!r}: use a .png or .svg file name")
    # SVG keeps its text as text (searchable, editable) and is reproducible (no date, fixed ids).
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "ns3dmm"}):
        metadata = {"Date": None} if fmt == "svg" else None
        fig.savefig(output, format=fmt, dpi=110, metadata=metadata)
    return output
