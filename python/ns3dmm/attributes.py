"""Function parameters: the attributes of the ns3::dmm TypeIds, as the C++ declares them.

The build exports every attribute of every ns3::dmm TypeId (name, value type, range, default,
help) to ``attributes.json`` next to the library (``ns3-dmm/utils/print-attributes.cc``); this
module reads it without loading ns-3, so the TypeId defaults are the one source of defaults
and a simulation file is checked, and its parameters described, before ns-3 loads.

In a simulation file, function parameters are one table per TypeId::

    [functions."ns3::dmm::MobileNodeAgent"]
    BindingLifetime = "8s"          # times with their unit: s, ms, us, ns, min, h
    OptimisticDad = true
    [functions."ns3::dmm::LocationManagement"]
    MaxBindingLifetime = "420s"

and on the command line ``--MobileNodeAgent.BindingLifetime=8s`` (the TypeId's last name, a
dot, the attribute: no colons, which SEM's parameter discovery cannot read). Each table
applies to every object of its TypeId that ``deploy`` creates (and, for the Mobility Header
and tunnel protocols, to every node's). The attributes ``deploy`` derives from the placement
(addresses, interfaces, function names) are not parameters; on an anchor point's regional
bindings it also sets which kind of registration they take, whatever the table says.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["FUNCTION_TYPES", "Attribute", "AttributeError_", "Functions", "attributes"]

#: The TypeIds whose attributes are function parameters, in the order the help lists them.
FUNCTION_TYPES = (
    "ns3::dmm::LocationManagement",
    "ns3::dmm::HomeAddressAllocation",
    "ns3::dmm::MobilityRouting",
    "ns3::dmm::LocationCache",
    "ns3::dmm::MobileNodeAgent",
    "ns3::dmm::Proxy",
    "ns3::dmm::CorrespondentRegistration",
    "ns3::dmm::Correspondent",
    "ns3::dmm::MobilityL4Protocol",
    "ns3::dmm::Ipv6TunnelL4Protocol",
)

#: Attributes deploy sets from the placement: not parameters.
MANAGED = {
    "ns3::dmm::LocationManagement": {"Function", "HostRegistrationEnabled"},
    "ns3::dmm::HomeAddressAllocation": {"PrefixLength"},
    "ns3::dmm::LocationCache": {"Function"},
    # ReplayProtection and ClockOffset follow the home agent's (its security association)
    "ns3::dmm::MobileNodeAgent": {"HomeAddress", "HomePrefixLength", "HomeAgent", "Identifier",
                                  "AccessInterface", "MobilityRouter", "ReplayProtection",
                                  "ClockOffset"},
    "ns3::dmm::Proxy": {"Parent", "Function", "AccessInterface", "ProxyCareOfAddress"},
    "ns3::dmm::CorrespondentRegistration": {"FunctionName"},
    "ns3::dmm::Correspondent": {"FunctionName"},
    # on at the nodes deploy gives peer associations, with LocationManagement's
    # RequireAuthentication (and ReplayProtection, on its ClockOffset and window)
    "ns3::dmm::MobilityL4Protocol": {"RequirePeerAuthentication", "PeerReplayProtection",
                                     "ClockOffset", "PeerReplayWindow"},
}

#: seconds per unit (above one second) and units per second (below)
_TIME_UNITS = {"y": 365 * 86400.0, "d": 86400.0, "h": 3600.0, "min": 60.0, "s": 1.0}
_TIME_PER_SECOND = {"ms": 1e3, "us": 1e6, "ns": 1e9, "ps": 1e12, "fs": 1e15}
_TIME = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(y|d|h|min|s|ms|us|ns|ps|fs)"
                   r"\s*$")


class AttributeError_(ValueError):  # noqa: N801 (AttributeError is a builtin)
    """A function parameter that is not an attribute, or a value it cannot take."""


def time_seconds(text: str) -> float | None:
    """The seconds of an ns-3 time string with its unit ("1.5s", "+1.2e+11ns"), or None."""
    m = _TIME.match(text)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2)
    # Divided, not multiplied by 1e-9: "+1.2e+11ns" is 120 s exactly.
    return number / _TIME_PER_SECOND[unit] if unit in _TIME_PER_SECOND else \
        number * _TIME_UNITS[unit]


def _seconds_text(seconds: float) -> str:
    return f"{seconds:.15g}s"


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a TypeId, as exported by the build."""

    type_id: str
    name: str
    help: str
    value_type: str   #: the AttributeValue's type, e.g. ns3::TimeValue
    underlying: str   #: the checker's type information, e.g. "uint8_t 1:128"
    default: str      #: the initial value, serialized
    settable: bool

    @property
    def path(self) -> str:
        """The full name: ns3::dmm::Proxy::BindingLifetime."""
        return f"{self.type_id}::{self.name}"

    @property
    def option(self) -> str:
        """The command-line name: Proxy.BindingLifetime (without colons, which SEM's
        parameter discovery cannot read)."""
        return f"{self.type_id.rsplit('::', 1)[1]}.{self.name}"

    @property
    def kind(self) -> str:
        """time, uint, int, double, bool, address or string."""
        t = self.value_type
        if t == "ns3::TimeValue":
            return "time"
        if t == "ns3::UintegerValue":
            return "uint"
        if t == "ns3::IntegerValue":
            return "int"
        if t == "ns3::DoubleValue":
            return "double"
        if t == "ns3::BooleanValue":
            return "bool"
        if t in ("ns3::Ipv6AddressValue", "ns3::Ipv4AddressValue"):
            return "address"
        return "string"

    def _range(self) -> tuple[float, float] | None:
        parts = self.underlying.split()
        if len(parts) != 2 or ":" not in parts[1]:
            return None
        low, high = parts[1].split(":", 1)
        if self.kind == "time":
            lo, hi = time_seconds(low), time_seconds(high)
            return None if lo is None or hi is None else (lo, hi)
        try:
            return float(low), float(high)
        except ValueError:
            return None

    def default_value(self) -> Any:
        """The default as a simulation file writes it (a time in seconds with its unit)."""
        return self.to_python(self.default)

    def to_python(self, text: str) -> Any:
        kind = self.kind
        if kind == "time":
            seconds = time_seconds(text)
            return text if seconds is None else _seconds_text(seconds)
        if kind in ("uint", "int"):
            return int(text)
        if kind == "double":
            return float(text)
        if kind == "bool":
            return text == "true"
        return text

    def check(self, value: Any) -> str:
        """The ns-3 attribute string of ``value``; AttributeError_ if it cannot take it."""
        where = self.path
        kind = self.kind
        if not self.settable:
            raise AttributeError_(f"{where}: not settable")
        if kind == "time":
            if not isinstance(value, str) or time_seconds(value) is None:
                raise AttributeError_(f"{where}: expected a time with its unit, such as "
                                      f"\"1.5s\" or \"200ms\", got {value!r}")
            number: float = time_seconds(value)  # type: ignore[assignment]
            text = _seconds_text(number)
        elif kind in ("uint", "int"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise AttributeError_(f"{where}: expected an integer, got {value!r}")
            number, text = value, str(value)
        elif kind == "double":
            if isinstance(value, bool) or not isinstance(value, int | float) or \
                    not math.isfinite(value):
                raise AttributeError_(f"{where}: expected a number, got {value!r}")
            number, text = float(value), repr(float(value))
        elif kind == "bool":
            if not isinstance(value, bool):
                raise AttributeError_(f"{where}: expected true or false, got {value!r}")
            return "true" if value else "false"
        elif kind == "address":
            try:
                return str(ipaddress.ip_address(value))
            except ValueError:
                raise AttributeError_(f"{where}: expected an address, got {value!r}") from None
        else:
            if not isinstance(value, str):
                raise AttributeError_(f"{where}: expected a string, got {value!r}")
            return value
        bounds = self._range()
        if bounds is not None and not bounds[0] <= number <= bounds[1]:
            low, high = (self.to_python(p) for p in self.underlying.split()[1].split(":", 1))
            raise AttributeError_(f"{where}: {value!r} outside {low} .. {high}")
        return text

    def describe(self) -> str:
        bounds = self._range()
        text = self.help.rstrip(".")
        if bounds is not None and self.kind != "time" and bounds[1] < 2 ** 32 - 1:
            low, high = (self.to_python(p) for p in self.underlying.split()[1].split(":", 1))
            text += f"; {low} to {high}"
        return text


@lru_cache(maxsize=1)
def attributes() -> dict[str, dict[str, Attribute]]:
    """Every ns3::dmm TypeId's attributes, from the build's attributes.json."""
    from ns3dmm._loader import LoadError, find_installation  # noqa: PLC0415

    installation = find_installation()
    path = installation.attributes if installation is not None else None
    if path is None or not Path(path).is_file():
        raise LoadError("the attributes of the ns3-dmm functions (attributes.json, written by "
                        "the build next to the library) were not found; install the project "
                        "with: pip install .")
    doc = json.loads(Path(path).read_text())
    return {t["name"]: {a["name"]: Attribute(t["name"], a["name"], a["help"], a["type"],
                                             a["underlying"], a["default"], a["settable"])
                        for a in t["attributes"]}
            for t in doc["types"]}


def parameters() -> Iterator[Attribute]:
    """The function parameters: the settable attributes of FUNCTION_TYPES that deploy does
    not derive from the placement, in help order."""
    table = attributes()
    for type_id in FUNCTION_TYPES:
        for attribute in table.get(type_id, {}).values():
            if attribute.settable and attribute.name not in MANAGED.get(type_id, set()):
                yield attribute


def _close(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


class Functions:
    """The function parameters of a simulation: per TypeId, the attributes set (checked)."""

    __slots__ = ("_tables",)

    def __init__(self, tables: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        known = attributes()
        checked: dict[str, dict[str, str]] = {}
        for type_id, table in (tables or {}).items():
            if type_id not in FUNCTION_TYPES:
                hint = _close(str(type_id), list(FUNCTION_TYPES))
                raise AttributeError_(f"[functions] {type_id!r}: not a function TypeId (one of "
                                      f"{', '.join(FUNCTION_TYPES)}){hint}")
            if not isinstance(table, Mapping):
                raise AttributeError_(f"[functions.\"{type_id}\"]: expected a table of "
                                      f"attribute = value, got {table!r}")
            for name, value in table.items():
                attribute = known[type_id].get(name)
                if attribute is None:
                    hint = _close(name, list(known[type_id]))
                    raise AttributeError_(f"{type_id}::{name}: no such attribute{hint}")
                if name in MANAGED.get(type_id, set()):
                    raise AttributeError_(f"{type_id}::{name}: set by deploy from the "
                                          "placement, not a parameter")
                checked.setdefault(type_id, {})[name] = attribute.check(value)
        self._tables = checked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Functions) and self._tables == other._tables

    def __repr__(self) -> str:
        return f"Functions({self.as_document()})"

    def text(self, type_id: str, name: str) -> str:
        """The attribute's value as ns-3 takes it: the one set, else the TypeId default."""
        if name in self._tables.get(type_id, {}):
            return self._tables[type_id][name]
        return attributes()[type_id][name].default

    def value(self, type_id: str, name: str) -> Any:
        """The attribute's value in Python: seconds for a time, else int, float, bool, str."""
        attribute = attributes()[type_id][name]
        text = self.text(type_id, name)
        if attribute.kind == "time":
            return time_seconds(text)
        return attribute.to_python(text)

    def set_on(self, obj: Any, type_id: str, ns: Any) -> None:
        """Set the attributes set for ``type_id`` on an ns-3 object of that TypeId."""
        for name, text in self._tables.get(type_id, {}).items():
            if not obj.SetAttributeFailSafe(name, ns.StringValue(text)):
                raise AttributeError_(f"{type_id}::{name}: ns-3 refused {text!r}")

    def as_document(self, defaults: bool = False) -> dict[str, dict[str, Any]]:
        """The tables as a simulation file writes them; with ``defaults``, every parameter
        (the TypeId default where none is set)."""
        out: dict[str, dict[str, Any]] = {}
        if defaults:
            for attribute in parameters():
                out.setdefault(attribute.type_id, {})[attribute.name] = attribute.default_value()
        known = attributes()
        for type_id, table in self._tables.items():
            for name, text in table.items():
                out.setdefault(type_id, {})[name] = known[type_id][name].to_python(text)
        return out
