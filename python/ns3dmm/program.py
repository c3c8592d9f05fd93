"""The scenario program: one simulation from ``--name=value`` arguments, in the style of an ns-3
program's CommandLine, so that SEM can discover its parameters and run it.

``ns3-dmm-scenario --PrintHelp`` lists every knob with its default; ``--PrintGlobals`` lists
``RngRun`` and ``RngSeed`` (the scenario's run number and seed). A run writes into the working
directory ``results.json`` (:class:`ns3dmm.simulate.Results`) and ``summary.json`` (flat
figures: handover latency, loss, delay, signalling; what the campaign parsers read).

The knobs: ``placement`` (a preset) and its ``networks``, ``ars_per_network``,
``mobile_nodes``, ``correspondents``, ``mode``; ``stop_s``; every scalar of
:class:`ns3dmm.scenario.ScenarioConfig` by its name, of its WiFi table as ``wifi_<name>`` and
of its mobility table as ``mobility_<name>`` (``mobility_path`` as comma-separated access
routers); every :mod:`ns3dmm.attributes` function parameter as
``MobileNodeAgent.BindingLifetime`` (TypeId's last name, attribute); one UDP or TCP session
from the first correspondent (or from every one, or from a mobile node) to the first mobile
node, or one to every mobile node (``traffic_*``). :func:`apply_overrides` applies the same
names to a TOML simulation file (``ns3-dmm run FILE --name=value``).
"""

from __future__ import annotations

import difflib
import json
import math
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from ns3dmm.framework.gap import ROLE_PAIRS
from ns3dmm.scenario.config import (ONOFF_PERIODS, TRAFFIC_KINDS, AbstractAccessConfig,
                                    MobilityConfig, ScenarioConfig, WifiConfig)

__all__ = ["PARAMETERS", "Parameter", "ProgramError", "apply_overrides", "main", "parse",
           "run", "summary"]

PROGRAM = "ns3-dmm-scenario"


class ProgramError(ValueError):
    """A bad argument: unknown name, or a value of the wrong type."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One knob: its ``--name``, default, help, allowed values and place in a simulation
    document."""

    name: str
    default: Any
    help: str
    path: tuple[str, ...]  #: keys in the simulation document ("traffic", 0, ...) for traffic
    choices: tuple[Any, ...] | None = None
    #: more help, computed when the help is shown (what it says costs time to find out)
    note: Callable[[], str] | None = None
    #: the value's type as the help shows it, where the default's Python type does not say
    type_name: str | None = None

    @property
    def kind(self) -> str:
        """The value's type, as the help shows it."""
        if self.type_name is not None:
            return self.type_name
        d = self.default
        if isinstance(d, bool):
            return "bool"
        if isinstance(d, int):
            return "int"
        if isinstance(d, float):
            return "float"
        if isinstance(d, tuple):
            return "list"
        return "string"

    def describe(self) -> str:
        """Help text with the type and the allowed values."""
        text = f"{self.help} ({self.kind}"
        if self.choices:
            text += "; one of " + ", ".join(str(c) for c in self.choices)
        if self.note is not None:
            text += "; " + self.note()
        return text + ")"

    def convert(self, text: str) -> Any:
        """The value of ``text`` with the type of the default (one of the allowed values)."""
        value = self._convert(text)
        if isinstance(value, str) and self.choices and value not in self.choices and \
                value.lower() in self.choices:
            value = value.lower()  # true | false | auto, as any case
        if self.choices and value not in self.choices:
            close = difflib.get_close_matches(str(value), [str(c) for c in self.choices], n=3,
                                              cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ProgramError(f"--{self.name}: {text!r} is not one of "
                               f"{', '.join(str(c) for c in self.choices)}{hint}")
        return value

    def _convert(self, text: str) -> Any:
        d = self.default
        try:
            if isinstance(d, bool):
                lowered = text.strip().lower()
                if lowered not in ("true", "false", "1", "0"):
                    raise ValueError(text)
                return lowered in ("true", "1")
            if isinstance(d, int):
                number = float(text)
                if not math.isfinite(number) or number != int(number):
                    raise ValueError(text)
                return int(number)
            if isinstance(d, float):
                number = float(text)
                if not math.isfinite(number):
                    raise ValueError(text)
                return number
            if isinstance(d, tuple):
                return tuple(p.strip() for p in text.split(",") if p.strip())
        except (ValueError, OverflowError):
            kind = {"int": "an integer", "float": "a finite number", "bool": "true or false"}.get(
                type(d).__name__, type(d).__name__)
            raise ProgramError(f"--{self.name}: expected {kind}, got {text!r}") from None
        return text

    def shown(self, value: Any = MISSING) -> str:
        """The default (or ``value``) as ``--PrintHelp`` shows it."""
        d = self.default if value is MISSING else value
        if isinstance(d, bool):
            return "true" if d else "false"
        if isinstance(d, tuple):
            return ",".join(d)
        return str(d)


#: ScenarioConfig keys set only in the simulation file (tables and lists of lists)
_SKIP = {"seed", "run", "wifi", "abstract", "mobility", "mobility_by_mn",
         "router_advertisements_by_ar", "pcap_dir", "core_edges"}


def _default(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    return f.default_factory()


def _simulated_note() -> str:
    from ns3dmm.deploy import simulated_presets  # noqa: PLC0415

    from ns3dmm.framework.presets import PRESETS  # noqa: PLC0415

    simulated = simulated_presets()
    if set(simulated) == set(PRESETS):
        return ("every preset simulates with its defaults; a variant not simulated yet is "
                "refused before ns-3 loads")
    return ("simulated so far: " + ", ".join(simulated)
            + "; the others are refused before ns-3 loads")


def _parameters() -> tuple[Parameter, ...]:
    from ns3dmm.framework.presets import PRESETS  # noqa: PLC0415

    out = [
        Parameter("placement", "mipv6", "preset placement (ns3-dmm presets)",
                  ("simulation", "placement"), tuple(PRESETS), _simulated_note),
        Parameter("networks", 2, "networks of the preset", ("simulation", "placement_params",
                                                           "networks")),
        Parameter("ars_per_network", 2, "access routers per network",
                  ("simulation", "placement_params", "ars_per_network")),
        Parameter("mobile_nodes", 1, "mobile nodes", ("simulation", "placement_params",
                                                      "mobile_nodes")),
        Parameter("mode", "host", "host- or network-based mobility, for the presets that offer "
                  "both (multiple-home-networks, haha, distributed ...)",
                  ("simulation", "placement_params", "mode"), ("host", "network")),
        Parameter("correspondents", 1, "correspondents, spread over the networks in turn from "
                  "Network2 (1: CN21 as in the draft's figures)",
                  ("simulation", "placement_params", "correspondents")),
        Parameter("allocation", "per-session", "route optimisation presets (ro-*): home "
                  "addresses per session (dynamic mobility) or one per mobile node (per-mn; "
                  "what header rewrite with network-based mobile nodes needs)",
                  ("simulation", "placement_params", "allocation"), ("per-session", "per-mn")),
        Parameter("forwarding", "tunnel", "route optimisation presets (ro-*): MR(CN) to the "
                  "mobile node's MR by tunnel, or by header rewrite to a per-host locator "
                  "(network-based only)",
                  ("simulation", "placement_params", "forwarding"), ("tunnel", "header-rewrite")),
        Parameter("return_routability", False, "MIPv6 route optimisation (RFC 6275): a "
                  "correspondent binding on every correspondent, with which host-based mobile "
                  "nodes run return routability and register (mipv6-ro always has it)",
                  ("simulation", "placement_params", "return_routability")),
        Parameter("home_link", False, "mipv6: the home agent is the first access router, "
                  "whose link is the home link (a mobile node starts at home)",
                  ("simulation", "placement_params", "home_link")),
        Parameter("pool_length", 0, "length of every network's home prefix pool (0: sized by "
                  "the scenario: a /52, 4096 /64s, unless the mobile nodes need more)",
                  ("simulation", "placement_params", "pool_length")),
        Parameter("stop_s", 28.0, "simulated seconds", ("simulation", "stop_s")),
    ]

    def knob(name: str, f: Any, path: tuple[str, ...], default: Any = MISSING) -> Parameter:
        return Parameter(name, _default(f) if default is MISSING else default,
                         f.metadata.get("help", name), path, f.metadata.get("choices"))

    for f in fields(ScenarioConfig):
        if f.name in _SKIP:
            continue
        default = "auto" if f.name == "router_advertisements" else MISSING
        out.append(knob(f.name, f, ("scenario", f.name), default))
    for table, cls in (("wifi", WifiConfig), ("abstract", AbstractAccessConfig),
                       ("mobility", MobilityConfig)):
        for f in fields(cls):
            out.append(knob(f"{table}_{f.name}", f, ("scenario", table, f.name)))
    out += _function_parameters()
    out += [
        Parameter("traffic_kind", "udp-cbr", "session from traffic_source to the mobile "
                  "node(s) of traffic_receiver", ("traffic", "kind"), TRAFFIC_KINDS),
        Parameter("traffic_source", "", "the node sending the session (*: one session from every "
                  "correspondent; a mobile node: mobile to mobile; empty: the first "
                  "correspondent)", ("traffic", "source")),
        Parameter("traffic_rate", "400kbps", "udp-cbr rate, udp-onoff rate while on (bit/s, "
                  "e.g. 400kbps)", ("traffic", "rate")),
        Parameter("traffic_size", 500, "udp payload / tcp-bulk send size, octets",
                  ("traffic", "size")),
        Parameter("traffic_on_s", 1.0, "udp-onoff: mean on period, s", ("traffic", "on_s")),
        Parameter("traffic_off_s", 1.0, "udp-onoff: mean off period, s", ("traffic", "off_s")),
        Parameter("traffic_periods", "exponential", "udp-onoff: how period lengths are drawn "
                  "(constant: exactly the means)", ("traffic", "periods"), ONOFF_PERIODS),
        Parameter("traffic_start_s", 1.5, "session start, s", ("traffic", "start_s")),
        Parameter("traffic_receiver", "", "the mobile node receiving the session (*: one "
                  "session to every mobile node; empty: the first)", ("traffic", "receiver")),
        Parameter("traffic_share", 1.0, "with traffic_receiver=*: the share of the mobile "
                  "nodes that receive a session, spread evenly in placement order",
                  ("traffic", "share")),
        Parameter("traffic_address", "home", "the receiver's address: its home address, or "
                  "local: an address of the network it is in when the session starts (dynamic "
                  "mobility; every network allocating per session)",
                  ("traffic", "address"), ("home", "local")),
        Parameter("traffic_arrivals", "once", "once: one session from traffic_start_s; "
                  "poisson: sessions arriving at traffic_session_rate_per_s until the run "
                  "ends, each of exponential length of mean traffic_session_s (per source "
                  "and receiver; drawn from the seed and run)", ("traffic", "arrivals"),
                  ("once", "poisson")),
        Parameter("traffic_session_rate_per_s", 0.0, "poisson: sessions per second",
                  ("traffic", "session_rate_per_s")),
        Parameter("traffic_session_s", 0.0, "poisson: mean session length, s",
                  ("traffic", "session_s")),
    ]
    return tuple(out)


def _function_parameters() -> list[Parameter]:
    """The functions' attributes (ns3dmm.attributes), as ``Type.Attribute``; none
    when the library's attributes.json is missing (loading then says how to install)."""
    from ns3dmm._loader import LoadError  # noqa: PLC0415
    from ns3dmm.attributes import parameters  # noqa: PLC0415

    try:
        return [Parameter(a.option, a.default_value(), a.describe(),
                          ("functions", a.type_id, a.name),
                          type_name="time, e.g. 1.5s or 200ms" if a.kind == "time" else None)
                for a in parameters()]
    except LoadError:
        return []


#: Every knob of the program, in ``--PrintHelp`` order.
PARAMETERS: tuple[Parameter, ...] = _parameters()
PARAMETERS_BY_NAME = {p.name: p for p in PARAMETERS}
#: The globals: SEM passes ``--RngRun`` to every run.
GLOBALS = {"RngRun": 1, "RngSeed": 1}


def print_help(out: Any = None, values: Mapping[str, Any] | None = None,
               usage: str = f"{PROGRAM} [Program Options] [General Arguments]",
               about: str = "One ns3-dmm simulation; writes results.json and summary.json "
               "here.") -> None:
    """The parameter list in ns-3 CommandLine's ``--PrintHelp`` format: each parameter with
    its description, type, allowed values and, in brackets, its default (or its value in
    ``values``: a simulation file's)."""
    out = out if out is not None else sys.stdout
    width = max(len(p.name) for p in PARAMETERS) + 4
    out.write(f"{usage}\n\n{about}\n\n")
    out.write("Program Options:\n")
    for p in PARAMETERS:
        shown = p.shown(values[p.name]) if values and p.name in values else p.shown()
        out.write(f"    --{(p.name + ':').ljust(width)}{p.describe()} [{shown}]\n")
    out.write("\nGeneral Arguments:\n")
    out.write("    --PrintGlobals:              Print the list of globals.\n")
    out.write("    --PrintHelp:                 Print this help message.\n")


def values_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters' values in a simulation document (those it sets)."""
    out: dict[str, Any] = {}
    for p in PARAMETERS:
        here: Any = doc
        if p.path[0] == "traffic":
            sessions = doc.get("traffic") or [{}]
            here = sessions[0]
            path = p.path[1:]
        else:
            path = p.path
        for key in path:
            if not isinstance(here, Mapping) or key not in here:
                break
            here = here[key]
        else:
            out[p.name] = tuple(here) if isinstance(here, list) else here
    return out


def print_globals(out: Any = None) -> None:
    """The globals in ns-3's ``--PrintGlobals`` format."""
    out = out if out is not None else sys.stdout
    out.write("Global values:\n")
    out.write(f"    --RngRun=[{GLOBALS['RngRun']}]\n        The substream index used for all "
              "streams\n")
    out.write(f"    --RngSeed=[{GLOBALS['RngSeed']}]\n        The global seed of all rng "
              "streams\n")


def parse(argv: Sequence[str]) -> dict[str, Any]:
    """``--name=value`` arguments to ``{name: value}`` (globals included)."""
    values: dict[str, Any] = {}
    for arg in argv:
        if not arg.startswith("--") or "=" not in arg:
            raise ProgramError(f"expected --name=value, got {arg!r}")
        name, text = arg[2:].split("=", 1)
        if name in GLOBALS:
            try:
                values[name] = int(text)
            except ValueError:
                raise ProgramError(f"--{name}: expected an integer, got {text!r}") from None
            continue
        if name not in PARAMETERS_BY_NAME:
            close = difflib.get_close_matches(name, [*PARAMETERS_BY_NAME, *GLOBALS], n=3,
                                              cutoff=0.6)
            hint = f"; did you mean {' or '.join('--' + c for c in close)}?" if close else ""
            raise ProgramError(f"unknown parameter --{name} (--PrintHelp lists them){hint}")
        value = PARAMETERS_BY_NAME[name].convert(text)
        if name == "router_advertisements" and value.lower() in ("true", "false"):
            value = value.lower() == "true"  # true | false | auto
        values[name] = value
    return values


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    if path[0] == "traffic":
        sessions = doc.setdefault("traffic", [{}])
        if not sessions:
            sessions.append({})
        sessions[0][path[1]] = value
        return
    here = doc
    for key in path[:-1]:
        here = here.setdefault(key, {})
    here[path[-1]] = list(value) if isinstance(value, tuple) else value


def document(values: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A simulation document (the TOML file's structure) from ``base`` (or the program's
    defaults) with ``values`` applied."""
    doc: dict[str, Any] = json.loads(json.dumps(base)) if base is not None else {}
    if base is None:
        for p in PARAMETERS:
            _set(doc, p.path, p.default)
    for name, value in values.items():
        if name == "RngRun":
            doc.setdefault("scenario", {})["run"] = value
        elif name == "RngSeed":
            doc.setdefault("scenario", {})["seed"] = value
        else:
            _set(doc, PARAMETERS_BY_NAME[name].path, value)
    _drop_unused_preset_defaults(doc, values)
    return doc


def _drop_unused_preset_defaults(doc: dict[str, Any], values: Mapping[str, Any]) -> None:
    """Leave out the preset parameters the chosen preset does not take (home_link for pmipv6)
    while they hold the program's default (SEM passes every parameter): a default is no
    choice. A value that differs is kept, and the preset refuses it."""
    from ns3dmm.framework.presets import PRESETS  # noqa: PLC0415

    sim = doc.get("simulation", {})
    preset = PRESETS.get(sim.get("placement"))
    params = sim.get("placement_params")
    if preset is None or not isinstance(params, dict):
        return
    for name in list(params):
        default = PARAMETERS_BY_NAME[name].default if name in PARAMETERS_BY_NAME else None
        if name not in preset.parameters and values.get(name, default) == default:
            del params[name]


def apply_overrides(doc: Mapping[str, Any], argv: Sequence[str]) -> dict[str, Any]:
    """A TOML simulation document with ``--name=value`` overrides applied."""
    return document(parse(argv), base=doc)


def run(doc: Mapping[str, Any], out_dir: Path | str = ".") -> dict[str, Any]:
    """Run the simulation a document describes; write results.json and summary.json into
    ``out_dir``; return the summary's figures."""
    from ns3dmm.simulate import simulate_document  # noqa: PLC0415 (loads ns-3)

    t0 = time.perf_counter()
    results = simulate_document(dict(doc))
    return write_run(results, out_dir, time.perf_counter() - t0)


#: Schema of summary.json.
SUMMARY_SCHEMA = "ns3dmm.summary/1"


def write_run(results: Any, out_dir: Path | str, program_wall_s: float | None = None
              ) -> dict[str, Any]:
    """Write a run's results.json (ns3dmm.results schema) and summary.json (its flat figures,
    with the same provenance and configuration, wall clock apart) into ``out_dir``; return the
    figures."""
    from ns3dmm import results as schema  # noqa: PLC0415

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schema.write(out / "results.json", [results])
    figures = summary(results)
    wall = dict(results.wall)
    if program_wall_s is not None:
        wall["program_s"] = program_wall_s
    (out / "summary.json").write_text(json.dumps({
        "schema": SUMMARY_SCHEMA, "provenance": schema.provenance(),
        "configuration": results.configuration, "figures": figures,
        "wall_clock": wall}, indent=2) + "\n")
    return figures


def matched_model(model: Any, moves: Sequence[Mapping[str, Any]]
                  ) -> list[Mapping[str, Any] | None]:
    """The analytic model's handover for each measured one: the next modelled handover between
    the same access routers, in order; None where the model has none (no model, or a handover
    it does not predict, such as a second association at a cell edge)."""
    todo = list(model) if isinstance(model, list) else []
    out: list[Mapping[str, Any] | None] = []
    for h in moves:
        pair = (h.get("previous_access_router"), h["access_router"])
        k = next((k for k, m in enumerate(todo)
                  if (m["previous_access_router"], m["access_router"]) == pair), None)
        out.append(todo[k] if k is not None else None)
        if k is not None:
            del todo[:k + 1]
    return out


#: The figures of each handover in summary.json, measured and (``model_``) modelled.
_PER_HANDOVER = ("latency_s", "interruption_s", "l2_outage_s", "before_deassociation_s",
                 "movement_detection_s", "home_registration_s")
#: The keys of each ``per_handover`` entry of summary.json, in order.
PER_HANDOVER_KEYS = ("mobile_node", "previous_access_router", "access_router", *_PER_HANDOVER,
                     "lost", "loss_free", "registrations_sent", "registration_delay_s",
                     "return_routability_s", "correspondent_registration_s",
                     *(f"model_{k}" for k in _PER_HANDOVER))


def summary(results: Any) -> dict[str, Any]:
    """Flat figures of a run: per handover the L3 latency, the interruption (the gap in
    delivery), the L2 outage and the part before de-association, and their means, with the
    analytic model's figures of the same handover (``model_*``); loss as a
    rate of the packets sent; delay; signalling messages and octets; the registration delay
    (first (Proxy) Binding Update of the new attachment to its accepted acknowledgement) and
    the mobile nodes whose last registration was never acknowledged; with route optimisation
    by return routability, the mean T_rr and T_cr of the handovers."""
    moves = [h for hs in results.handovers.values() for h in hs]

    def registration_delay(h: dict[str, Any]) -> float | None:
        sent, acked = h.get("registration_sent_s"), h.get("registration_acknowledged_s")
        return acked - sent if sent is not None and acked is not None else None

    def values(key: str) -> list[float]:
        return [h[key] for h in moves if h.get(key) is not None]

    def mean(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    latencies = values("latency_s")
    gaps = values("interruption_s")
    outages = values("l2_outage_s")
    streams = list(results.streams.values())
    sent = sum(s["sent"] for s in streams)
    lost = sum(s["lost"] for s in streams)
    delays = [s["mean_delay_s"] for s in streams if s["mean_delay_s"] is not None]
    per_handover = []
    for mn, hs in results.handovers.items():
        for h, m in zip(hs, matched_model(results.model.get(mn), hs), strict=True):
            per_handover.append(
                {"mobile_node": mn, "previous_access_router": h.get("previous_access_router"),
                 "access_router": h["access_router"]}
                | {key: h.get(key) for key in _PER_HANDOVER}
                | {"lost": h.get("lost"), "loss_free": h.get("loss_free"),
                   "registrations_sent": h.get("registrations_sent"),
                   "registration_delay_s": registration_delay(h),
                   "return_routability_s": h.get("return_routability_s"),
                   "correspondent_registration_s": h.get("correspondent_registration_s")}
                | {f"model_{key}": m.get(key) if m else None for key in _PER_HANDOVER})
    from ns3dmm.stats import mean_ci  # noqa: PLC0415 (numpy: only once there are results)

    per_mn = _per_mobile_node(results)
    return {
        "handovers": len(moves),
        # Application sessions over handovers made: the session-to-mobility ratio of the
        # analytic DMM cost models, measured (Poisson sessions: Traffic.arrivals).
        "sessions": len(results.apps),
        "session_to_mobility_ratio": len(results.apps) / len(moves) if moves else None,
        "per_handover": per_handover,
        "per_mobile_node": per_mn,
        "mobile_nodes": len(per_mn),
        # Across mobile nodes, each counted once: n, mean, standard deviation and bootstrap
        # interval of their own figures.
        "across_mobile_nodes": {
            key: {k: None if isinstance(v, float) and math.isnan(v) else v
                  for k, v in mean_ci([m[key] for m in per_mn.values()]).as_dict().items()}
            for key in ("mean_latency_s", "mean_interruption_s", "loss_ratio")},
        "latency_s": latencies,
        "mean_latency_s": mean(latencies),
        "interruption_s": gaps,
        "mean_interruption_s": mean(gaps),
        "l2_outage_s": outages,
        "mean_l2_outage_s": mean(outages),
        "before_deassociation_s": values("before_deassociation_s"),
        "registrations_sent": [h.get("registrations_sent") for h in moves],
        "mean_registration_delay_s": mean([d for h in moves
                                           if (d := registration_delay(h)) is not None]),
        # MIPv6 route optimisation (RFC 6275): per handover, the return routability round
        # (T_rr) and the correspondent registration (T_cr) (None without correspondent
        # bindings)
        "mean_return_routability_s": mean(values("return_routability_s")),
        "mean_correspondent_registration_s": mean(values("correspondent_registration_s")),
        # a mobile node's last registration never acknowledged (an earlier one may end
        # superseded by the next handover)
        "registrations_unacknowledged": sum(
            1 for hs in results.handovers.values() if hs
            and hs[-1].get("registration_sent_s") is not None
            and hs[-1].get("registration_acknowledged_s") is None),
        "handover_lost": [h["lost"] for h in moves],
        "packets_sent": sent,
        "packets_lost": lost,
        "loss_ratio": lost / sent if sent else None,
        "mean_delay_s": mean(delays),
        "signalling_messages": sum(n["messages"] for n in results.signalling.values()),
        "signalling_octets": sum(n["octets"] for n in results.signalling.values()),
        **_design_figures(results),
    }


def _design_figures(results: Any) -> dict[str, Any]:
    """The figures the DMM designs are compared by: route stretch (the UDP packets' links over
    the shortest path's, weighted by packets, over every access router), the cost pair per
    simulated second (and the delivery cost per delivered packet), the Mobility Header
    messages lost to ScenarioConfig.signalling_loss at their receivers, the busiest location
    management function's messages per second, the location caches' hit ratio, stale
    deliveries, packets sent via home and locations pushed by MRs (None without caches), the
    first packet's delay over the next packets' (mean over the UDP streams), the shares of the
    packets followed that crossed an MR in a network neither end was in (a central anchor,
    REQ1.2) and that crossed a tunnel, the most addresses a mobile node held at once
    (its home address or prefix's and its session addresses), and the Mobility Header messages
    per pair
    of roles (``signalling_MN-MR`` ...: the trust relations measured)."""
    segments = [s for ss in results.paths.values() for s in ss
                if s.get("stretch") is not None and s.get("packets")]
    packets = sum(s["packets"] for s in segments)
    costs = results.costs or {}
    caches = list((results.caches or {}).values())
    hits = sum(c["hits"] for c in caches)
    resolved = hits + sum(c["misses"] for c in caches)
    extra = [st["first_extra_delay_s"] for st in results.streams.values()
             if st.get("first_extra_delay_s") is not None]
    followed = [s for s in segments
                if s.get("third_network") is not None and s.get("tunnelled") is not None]
    followed_packets = sum(s["packets"] for s in followed)
    roles = results.signalling_roles or {}
    held = [a["max_held"] for a in (results.addresses or {}).values()]
    return {
        "mean_stretch": (sum(s["stretch"] * s["packets"] for s in segments) / packets
                         if packets else None),
        "signalling_cost_per_s": costs.get("signalling", {}).get("octet_hops_per_s"),
        "signalling_lost": costs.get("signalling", {}).get("lost"),
        "delivery_cost_per_s": costs.get("delivery", {}).get("octet_hops_per_s"),
        "delivery_cost_per_packet": costs.get("delivery", {}).get("octet_hops_per_packet"),
        "delivery_overhead_per_packet": (
            costs["delivery"]["overhead_octet_hops"] / costs["delivery"]["packets"]
            if costs.get("delivery", {}).get("packets") else None),
        "lm_messages_per_s": max((m["messages_per_s"] for m in (results.lm_load or {}).values()),
                                 default=None),
        "cache_hit_ratio": hits / resolved if resolved else None,
        "stale_deliveries": sum(c["stale_deliveries"] for c in caches) if caches else None,
        "via_home": sum(c["via_home"] for c in caches) if caches else None,
        "location_pushes": sum(c["pushes_sent"] for c in caches) if caches else None,
        "first_packet_extra_s": sum(extra) / len(extra) if extra else None,
        "third_network_share": (sum(s["third_network"] for s in followed) / followed_packets
                                if followed_packets else None),
        "tunnelled_share": (sum(s["tunnelled"] for s in followed) / followed_packets
                            if followed_packets else None),
        "addresses_held_max": max(held) if held else None,
        **{f"signalling_{pair}": roles.get(pair, 0) for pair in ROLE_PAIRS},
    }


def _per_mobile_node(results: Any) -> dict[str, dict[str, Any]]:
    """Per mobile node receiving a UDP stream or handing over: its handovers, their mean
    latency and interruption, and its streams' packets sent and lost, loss rate and mean
    delay."""
    out: dict[str, dict[str, Any]] = {}
    receivers: dict[str, list[dict[str, Any]]] = {}
    for name, stream in results.streams.items():
        receiver = results.apps.get(name, {}).get("receiver")
        if receiver is not None:
            receivers.setdefault(receiver, []).append(stream)
    for mn in sorted(set(results.handovers) | set(receivers)):
        hs = results.handovers.get(mn, [])
        latencies = [h["latency_s"] for h in hs if h.get("latency_s") is not None]
        gaps = [h["interruption_s"] for h in hs if h.get("interruption_s") is not None]
        streams = receivers.get(mn, [])
        sent = sum(st["sent"] for st in streams)
        lost = sum(st["lost"] for st in streams)
        delays = [st["mean_delay_s"] for st in streams if st["mean_delay_s"] is not None]
        out[mn] = {
            "handovers": len(hs),
            "mean_latency_s": sum(latencies) / len(latencies) if latencies else None,
            "mean_interruption_s": sum(gaps) / len(gaps) if gaps else None,
            "packets_sent": sent,
            "packets_lost": lost,
            "loss_ratio": lost / sent if sent else None,
            "mean_delay_s": sum(delays) / len(delays) if delays else None,
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--PrintHelp" in args or "--help" in args:
        print_help()
        return 0
    if "--PrintGlobals" in args:
        print_globals()
        return 0
    try:
        values = parse(args)
    except ProgramError as exc:
        print(f"{PROGRAM}: {exc}", file=sys.stderr)
        return 2
    from ns3dmm.deploy import DeploymentError  # noqa: PLC0415
    from ns3dmm.scenario.config import ScenarioConfigError  # noqa: PLC0415
    from ns3dmm.simulate import SimulationFileError  # noqa: PLC0415

    try:
        run(document(values))
    except (SimulationFileError, ScenarioConfigError, DeploymentError) as exc:
        print(f"{PROGRAM}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
