"""TOML scenario files: a user placement (or a parameterised preset) as a documented schema.

A file holds either a ``[preset]`` table (a preset name plus its parameters) or a full placement:
a ``[placement]`` table, ``[[networks]]`` (each with a ``[networks.allocation]`` table),
``[[nodes]]``, ``[[mobility_routers]]``, ``[[location_managers]]``, ``[[proxies]]``,
``[[home_addresses]]``, ``[[anycast_groups]]``, ``[[correspondent_bindings]]`` and an optional
``[route_optimisation]``.
The schema is documented in ``doc/framework.rst``; :func:`dumps` writes it back, so every preset
can be exported as a starting point. Loaded placements are validated like presets; schema
problems raise the same :class:`~ns3dmm.framework.validation.PlacementError` with ``schema.*``
rules.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import (
    Allocation,
    AllocationScope,
    AnycastGroup,
    CorrespondentBinding,
    FirstPacket,
    Forwarding,
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
from .presets import PRESETS
from .validation import PlacementError, Problem, check

__all__ = ["SCHEMA", "dumps", "load", "loads"]


@dataclass(frozen=True, slots=True)
class _Key:
    """One key of a table: its type(s), whether required, allowed enum values."""

    types: tuple[type, ...]
    required: bool = False
    choices: type | None = None  # an Enum class
    list_of: type | None = None  # element type for lists


def _k(
    *types: type,
    required: bool = False,
    choices: type | None = None,
    list_of: type | None = None,
) -> _Key:
    return _Key(types, required, choices, list_of)


_STR = str
_NUM = (int, float)

#: The schema: table -> key -> spec. Arrays of tables use the array's name.
SCHEMA: dict[str, dict[str, _Key]] = {
    "placement": {
        "name": _k(_STR, required=True),
        "title": _k(_STR),
        "mode": _k(_STR, choices=Mode),
        "lm_organisation": _k(_STR, choices=LmOrganisation),
        "reference": _k(_STR),
        "description": _k(_STR),
    },
    "networks": {
        "name": _k(_STR, required=True),
        "prefix": _k(_STR, required=True),
        "domain": _k(_STR),
        "allocation": _k(dict, required=True),
    },
    "networks.allocation": {
        "name": _k(_STR, required=True),
        "node": _k(_STR, required=True),
        "scope": _k(_STR, choices=AllocationScope),
        "lease_lifetime": _k(*_NUM),
        "renewal": _k(bool),
        "pool_length": _k(int),
    },
    "nodes": {
        "name": _k(_STR, required=True),
        "kind": _k(_STR, required=True, choices=NodeKind),
        "network": _k(_STR, required=True),
        "attached_to": _k(_STR),
        "proxy": _k(_STR),
    },
    "mobility_routers": {
        "name": _k(_STR, required=True),
        "node": _k(_STR, required=True),
        "anchors": _k(list, list_of=str),
        "lms": _k(list, list_of=str),
        "cache_size": _k(int),
    },
    "location_managers": {
        "name": _k(_STR, required=True),
        "node": _k(_STR, required=True),
        "serves": _k(list, required=True, list_of=str),
        "delivery": _k(_STR, choices=LmDelivery),
    },
    "proxies": {
        "name": _k(_STR, required=True),
        "node": _k(_STR, required=True),
        "parent": _k(_STR),
    },
    "home_addresses": {
        "name": _k(_STR, required=True),
        "mn": _k(_STR, required=True),
        "network": _k(_STR, required=True),
        "session": _k(_STR),
        "continuity": _k(bool),
    },
    "anycast_groups": {
        "name": _k(_STR, required=True),
        "members": _k(list, required=True, list_of=str),
        "networks": _k(list, required=True, list_of=str),
    },
    "correspondent_bindings": {
        "name": _k(_STR, required=True),
        "node": _k(_STR, required=True),
    },
    "route_optimisation": {
        "rs1": _k(_STR, required=True, choices=Rs1),
        "rs2": _k(_STR, required=True, choices=Rs2),
        "first_packet": _k(_STR, choices=FirstPacket),
        "forwarding": _k(_STR, choices=Forwarding),
    },
}

_ARRAYS = (
    "networks",
    "nodes",
    "mobility_routers",
    "location_managers",
    "proxies",
    "home_addresses",
    "anycast_groups",
    "correspondent_bindings",
)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, element: str, rule: str, message: str) -> None:
        self.problems.append(Problem(element, rule, f"{message} ({self.source})"))

    def table(self, data: Any, table: str, where: str) -> dict[str, Any] | None:
        """Check ``data`` against SCHEMA[table]; return it or ``None`` if unusable."""
        if not isinstance(data, dict):
            self.fail(where, "schema.type", f"[{table}] must be a table")
            return None
        spec = SCHEMA[table]
        ok = True
        for key in data:
            if key not in spec:
                self.fail(
                    where,
                    "schema.unknown-key",
                    f"unknown key {key!r} in [{table}]; known: {', '.join(spec)}",
                )
                ok = False
        for key, k in spec.items():
            if key not in data:
                if k.required:
                    self.fail(where, "schema.missing-key", f"[{table}] needs key {key!r}")
                    ok = False
                continue
            value = data[key]
            if isinstance(value, bool) and bool not in k.types:
                good = False
            else:
                good = isinstance(value, k.types)
            if good and k.list_of is not None:
                good = all(isinstance(v, k.list_of) for v in value)
            if not good:
                want = " or ".join(t.__name__ for t in k.types)
                if k.list_of is not None:
                    want = f"list of {k.list_of.__name__}"
                self.fail(where, "schema.type", f"{table}.{key} = {value!r} is not a {want}")
                ok = False
            elif k.choices is not None and value not in {m.value for m in k.choices}:
                allowed = ", ".join(repr(m.value) for m in k.choices)
                self.fail(where, "schema.type", f"{table}.{key} = {value!r}; one of {allowed}")
                ok = False
        return data if ok else None


def _name(item: Any, index: int, array: str) -> str:
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        return item["name"]
    return f"{array}[{index}]"


def _build(doc: dict[str, Any], r: _Reader) -> Placement | None:
    allowed = {"placement", "route_optimisation", *_ARRAYS}
    for key in doc:
        if key not in allowed:
            r.fail(key, "schema.unknown-key", f"unknown top-level key {key!r}")
    if "placement" not in doc:
        r.fail(
            "placement", "schema.missing-key", "a scenario needs a [placement] or [preset] table"
        )
        return None
    head = r.table(doc["placement"], "placement", "placement")
    arrays: dict[str, list[dict[str, Any]]] = {}
    for array in _ARRAYS:
        items = doc.get(array, [])
        if not isinstance(items, list):
            r.fail(array, "schema.type", f"{array} must be an array of tables ([[{array}]])")
            continue
        good = []
        for i, item in enumerate(items):
            checked = r.table(item, array, _name(item, i, array))
            if checked is not None and array == "networks":
                if r.table(checked["allocation"], "networks.allocation", checked["name"]) is None:
                    checked = None
            if checked is not None:
                good.append(checked)
        arrays[array] = good
    ro_doc = doc.get("route_optimisation")
    ro_table = r.table(ro_doc, "route_optimisation", "route_optimisation") if ro_doc else None
    if r.problems or head is None:
        return None
    ro = None
    if ro_table is not None:
        ro = RouteOptimisation(**ro_table)
    networks = tuple(
        Network(
            n["name"], n["prefix"], Allocation(**n["allocation"]), n.get("domain")
        )
        for n in arrays["networks"]
    )
    return Placement(
        name=head["name"],
        title=head.get("title", head["name"]),
        networks=networks,
        nodes=tuple(Node(**n) for n in arrays["nodes"]),
        mobility_routers=tuple(MobilityRouter(**m) for m in arrays["mobility_routers"]),
        location_managers=tuple(LocationManager(**m) for m in arrays["location_managers"]),
        proxies=tuple(Proxy(**m) for m in arrays["proxies"]),
        home_addresses=tuple(HomeAddress(**m) for m in arrays["home_addresses"]),
        anycast_groups=tuple(AnycastGroup(**m) for m in arrays["anycast_groups"]),
        correspondent_bindings=tuple(CorrespondentBinding(**m)
                                     for m in arrays["correspondent_bindings"]),
        mode=head.get("mode", Mode.HOST_BASED),
        lm_organisation=head.get("lm_organisation", LmOrganisation.CENTRALISED),
        route_optimisation=ro,
        reference=head.get("reference", ""),
        description=head.get("description", ""),
    )


def _preset(doc: dict[str, Any], r: _Reader) -> Placement | None:
    if set(doc) != {"preset"}:
        extra = sorted(set(doc) - {"preset"})
        r.fail("preset", "schema.unknown-key", f"[preset] excludes other tables: {extra}")
        return None
    table = doc["preset"]
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        r.fail("preset", "schema.missing-key", "[preset] needs a string key 'name'")
        return None
    params = {k: v for k, v in table.items() if k != "name"}
    name = table["name"]
    if name not in PRESETS:
        r.fail(name, "schema.preset", f"unknown preset {name!r}; presets: {', '.join(PRESETS)}")
        return None
    try:
        return PRESETS[name].build(**params)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, PlacementError):
            raise
        r.fail(name, "schema.preset", str(exc))
        return None


def loads(text: str, source: str = "<string>") -> Placement:
    """Parse and validate a scenario given as TOML text; raise ``PlacementError`` if invalid."""
    r = _Reader(source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlacementError([Problem(source, "schema.syntax", str(exc))]) from None
    build: Callable[[dict[str, Any], _Reader], Placement | None]
    build = _preset if "preset" in doc else _build
    placement = build(doc, r)
    if r.problems or placement is None:
        raise PlacementError(r.problems, source)
    return check(placement)


def load(path: str | Path) -> Placement:
    """Load and validate a scenario file."""
    path = Path(path)
    return loads(path.read_text(encoding="utf-8"), str(path))


# --------------------------------------------------------------------------- writing


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def _lines(fields: dict[str, Any]) -> list[str]:
    return [f"{k} = {_value(v)}" for k, v in fields.items() if v is not None]


def dumps(p: Placement) -> str:
    """The placement as a TOML scenario (read back by :func:`loads` to an equal placement)."""
    out = ["# ns3-dmm placement scenario (schema: ns3-dmm/doc/framework.rst)", "", "[placement]"]
    out += _lines(
        {
            "name": p.name,
            "title": p.title,
            "mode": p.mode.value,
            "lm_organisation": p.lm_organisation.value,
            "reference": p.reference,
            "description": p.description,
        }
    )
    for n in p.networks:
        out += ["", "[[networks]]"]
        out += _lines({"name": n.name, "prefix": n.prefix, "domain": n.domain})
        a = n.allocation
        out += ["[networks.allocation]"]
        out += _lines(
            {
                "name": a.name,
                "node": a.node,
                "scope": a.scope.value,
                "lease_lifetime": a.lease_lifetime,
                "renewal": a.renewal,
                "pool_length": a.pool_length,
            }
        )
    for node in p.nodes:
        out += ["", "[[nodes]]"]
        out += _lines(
            {
                "name": node.name,
                "kind": node.kind.value,
                "network": node.network,
                "attached_to": node.attached_to,
                "proxy": node.proxy,
            }
        )
    for m in p.mobility_routers:
        out += ["", "[[mobility_routers]]"]
        out += _lines(
            {
                "name": m.name,
                "node": m.node,
                "anchors": m.anchors,
                "lms": m.lms,
                "cache_size": m.cache_size,
            }
        )
    for lm in p.location_managers:
        out += ["", "[[location_managers]]"]
        out += _lines(
            {"name": lm.name, "node": lm.node, "serves": lm.serves, "delivery": lm.delivery.value}
        )
    for px in p.proxies:
        out += ["", "[[proxies]]"]
        out += _lines({"name": px.name, "node": px.node, "parent": px.parent})
    for h in p.home_addresses:
        out += ["", "[[home_addresses]]"]
        out += _lines(
            {
                "name": h.name,
                "mn": h.mn,
                "network": h.network,
                "session": h.session,
                "continuity": h.continuity,
            }
        )
    for g in p.anycast_groups:
        out += ["", "[[anycast_groups]]"]
        out += _lines({"name": g.name, "members": g.members, "networks": g.networks})
    for b in p.correspondent_bindings:
        out += ["", "[[correspondent_bindings]]"]
        out += _lines({"name": b.name, "node": b.node})
    ro = p.route_optimisation
    if ro is not None:
        out += ["", "[route_optimisation]"]
        out += _lines(
            {
                "rs1": ro.rs1.value,
                "rs2": ro.rs2.value,
                "first_packet": ro.first_packet.value,
                "forwarding": ro.forwarding.value,
            }
        )
    return "\n".join(out) + "\n"
