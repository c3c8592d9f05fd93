"""One call from a placement (or a simulation file) to results.

:func:`simulate` builds the scenario of a placement, places its functions, adds the traffic
sessions, runs with the seed and run number, and returns a :class:`Results` (plain data, JSON).
:func:`simulate_file` does the same from a TOML simulation file::

    [simulation]
    placement = "pmipv6"                 # a preset name, or a placement TOML file (relative
    placement_params = { networks = 2, ars_per_network = 2 }   # to this file); presets only
    stop_s = 28.0

    [scenario]                           # ns3dmm.scenario.ScenarioConfig keys
    seed = 1
    run = 1
    [scenario.mobility]
    model = "path"
    speed_mps = 10.0
    start_s = 2.0

    [functions."ns3::dmm::MobileNodeAgent"]   # attributes per TypeId (ns3dmm.attributes)
    BindingLifetime = "120s"

    [[traffic]]
    kind = "udp-cbr"                     # or "udp-onoff", "tcp-bulk"
    source = "CN21"                      # "*": one session from every correspondent;
                                         # a mobile node: mobile to mobile
    receiver = "MN11"                    # destination: the receiver's mobile address;
                                         # "*": one session to every mobile node
    share = 1.0                          # receiver "*": to this share of the mobile nodes,
                                         # spread evenly in placement order
    rate = "400kbps"                     # udp-cbr; udp-onoff during on periods
    size = 500
    start_s = 1.5
    start_spread_s = "auto"              # sessions of one entry with "*": start k of n at
                                         # start_s + k/n x this ("auto": one packet interval
                                         # for UDP, 0 for TCP): no synchronised bursts
    on_s = 1.0                           # udp-onoff: mean on and off periods (s),
    off_s = 1.0                          # exponential or constant ("periods")
    arrivals = "once"                    # or "poisson": sessions arriving at
    session_rate_per_s = 0.5             # this rate from start_s to stop_s (or the run's
    session_s = 5.0                      # end), each lasting an exponential time of this mean
"""

from __future__ import annotations

import difflib
import functools
import ipaddress
import json
import math
import time
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ns3dmm import callbacks
from ns3dmm._loader import load
from ns3dmm.analysis import ModelError, Stream, model_handovers
from ns3dmm.attributes import AttributeError_, Functions
from ns3dmm.deploy import (LOCATION_CACHE, LOCATION_MANAGEMENT, MOBILE_NODE_AGENT,
                           DeploymentError, check_failure, check_supported,
                           deploy, eui64)
from ns3dmm.framework import presets
from ns3dmm.framework.model import AllocationScope, NodeKind, Placement
from ns3dmm.framework.scenario import load as load_placement
from ns3dmm.framework.validation import check
from ns3dmm.framework.scenario import loads as loads_placement
from ns3dmm.metrics import (PathSegment, aggregate_series, attachment, binned_series,
                            bounded_stream_stats, delay_histogram, distribution, handovers,
                            route_stretch, stream_stats)
from ns3dmm.scenario import ScenarioConfig, build_scenario
from ns3dmm.scenario.config import ONOFF_PERIODS, TRAFFIC_KINDS, UDP_KINDS, bit_rate


class SimulationFileError(ValueError):
    """A simulation file or argument is wrong; the message names the key."""


#: The receiver of a session to every mobile node (one session each, named after it).
EVERY_MOBILE_NODE = "*"
#: The source of a session from every correspondent (one session each, named after it).
EVERY_CORRESPONDENT = "*"
#: Traffic.address: the receiver's home address (or home network prefix).
HOME_ADDRESS = "home"
#: Traffic.address: an address of the network the receiver is in when the session starts.
LOCAL_ADDRESS = "local"
#: Traffic.arrivals: one session from start_s.
ONCE = "once"
#: Traffic.arrivals: sessions arriving as a Poisson process, exponential holding times.
POISSON = "poisson"
#: The most sessions a Poisson entry may expect over the run (each is an application pair).
MAX_POISSON_SESSIONS = 100_000
#: The figures of each handover whose distribution over the run's handovers the results carry.
DISTRIBUTED = ("latency_s", "interruption_s", "l2_outage_s", "lost")


@dataclass(frozen=True, slots=True)
class Traffic:
    """One application session from ``source`` to ``receiver``."""

    kind: str = "udp-cbr"  #: "udp-cbr", "udp-onoff" or "tcp-bulk"
    #: a correspondent or a mobile node (mobile to mobile), or EVERY_CORRESPONDENT: one
    #: session from each
    source: str = ""
    receiver: str = ""  #: a mobile node, or EVERY_MOBILE_NODE: one session to each
    destination: str | None = None  #: an address; None for the receiver's mobile address
    rate: str = "400kbps"  #: udp-cbr; udp-onoff during its on periods
    size: int = 500  #: udp payload / tcp-bulk send size, octets
    start_s: float = 1.5
    #: sessions expanded from "*" (source or receiver): the k-th of n starts at
    #: start_s + k / n x start_spread_s, so that they do not send in step (n sessions of one
    #: source sending at the same instants overflow its link's queue); "auto": one packet
    #: interval (size x 8 / rate) for UDP, 0 for TCP
    start_spread_s: float | str = "auto"
    stop_s: float | None = None
    max_bytes: int = 0  #: tcp-bulk: 0 sends until stop
    #: the receiver's address: "home" (its home address or prefix) or "local" (dynamic
    #: mobility, section 6: an address of the network it is in when the session starts,
    #: kept by mobility support after it leaves; per-session allocation)
    address: str = HOME_ADDRESS
    #: receiver EVERY_MOBILE_NODE: the share of the mobile nodes that receive a session,
    #: spread evenly in placement order (0.1: every tenth, from the first)
    share: float = 1.0
    on_s: float = 1.0  #: udp-onoff: mean length of the on periods (s)
    off_s: float = 1.0  #: udp-onoff: mean length of the off periods (s)
    periods: str = "exponential"  #: udp-onoff: "exponential" or "constant" period lengths
    #: ONCE: one session from start_s; POISSON: sessions (each a session of its own: its own
    #: port, and with address "local" its own address) arriving as a Poisson process of
    #: ``session_rate_per_s`` from start_s until stop_s or the run's end, each lasting an
    #: exponential time of mean ``session_s`` (cut at that end): the session arrivals of the
    #: analytic DMM cost models, whose session-to-mobility ratio is the session rate over the
    #: handover rate. Drawn before ns-3 loads from the run's seed and run number, the entry and
    #: the (source, receiver) pair (numpy's SeedSequence): no ns-3 random stream is taken.
    arrivals: str = ONCE
    session_rate_per_s: float = 0.0  #: POISSON: sessions per second per (source, receiver)
    session_s: float = 0.0  #: POISSON: mean holding time of a session (s)

    def __post_init__(self) -> None:
        if self.kind not in TRAFFIC_KINDS:
            raise SimulationFileError(f"traffic.kind: one of {', '.join(TRAFFIC_KINDS)}, got "
                                      f"{self.kind!r}")
        if not self.source or not self.receiver:
            raise SimulationFileError("traffic: 'source' and 'receiver' are required")
        if self.address not in (HOME_ADDRESS, LOCAL_ADDRESS):
            raise SimulationFileError(f"traffic.address: {HOME_ADDRESS!r} or {LOCAL_ADDRESS!r}, "
                                      f"got {self.address!r}")
        if self.address == LOCAL_ADDRESS and self.destination is not None:
            raise SimulationFileError("traffic: address 'local' takes the receiver's address at "
                                      "the session's start, not a destination")
        if self.receiver == EVERY_MOBILE_NODE and self.destination is not None:
            raise SimulationFileError(f"traffic: receiver {EVERY_MOBILE_NODE!r} (every mobile "
                                      "node) takes each one's own address, not a destination")
        if self.kind == "udp-cbr" and not 12 <= self.size <= 65507:
            raise SimulationFileError("traffic: a udp-cbr size is 12 to 65507 octets (UdpClient "
                                      f"writes a 12-octet sequence header), got {self.size!r}")
        if self.kind == "udp-onoff" and not 20 <= self.size <= 65507:
            raise SimulationFileError("traffic: a udp-onoff size is 20 to 65507 octets (its "
                                      "20-octet size, sequence and time header), got "
                                      f"{self.size!r}")
        for key, positive in (("on_s", True), ("off_s", False)):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0 or (positive and value == 0):
                raise SimulationFileError(f"traffic.{key}: a finite number of seconds "
                                          f"{'> 0' if positive else '>= 0'}, got {value!r}")
        if self.periods not in ONOFF_PERIODS:
            raise SimulationFileError(f"traffic.periods: one of {', '.join(ONOFF_PERIODS)}, "
                                      f"got {self.periods!r}")
        if self.kind != "udp-onoff" and (self.on_s, self.off_s, self.periods) != (
                1.0, 1.0, "exponential"):
            raise SimulationFileError("traffic: on_s, off_s and periods are for kind "
                                      "'udp-onoff'")
        if (isinstance(self.share, bool) or not isinstance(self.share, int | float)
                or not 0 < self.share <= 1):
            raise SimulationFileError(f"traffic.share: a number in (0, 1], got {self.share!r}")
        if self.share != 1 and self.receiver != EVERY_MOBILE_NODE:
            raise SimulationFileError(f"traffic.share: only with receiver "
                                      f"{EVERY_MOBILE_NODE!r} (every mobile node)")
        if self.start_spread_s != "auto" and (
                isinstance(self.start_spread_s, bool)
                or not isinstance(self.start_spread_s, int | float)
                or not math.isfinite(self.start_spread_s) or self.start_spread_s < 0):
            raise SimulationFileError(f"traffic.start_spread_s: 'auto' or a finite number of "
                                      f"seconds >= 0, got {self.start_spread_s!r}")
        if self.arrivals not in (ONCE, POISSON):
            raise SimulationFileError(f"traffic.arrivals: {ONCE!r} or {POISSON!r}, got "
                                      f"{self.arrivals!r}")
        for key in ("session_rate_per_s", "session_s"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0:
                raise SimulationFileError(f"traffic.{key}: a finite number >= 0, got {value!r}")
            if self.arrivals == POISSON and value == 0:
                raise SimulationFileError(f"traffic.{key}: arrivals {POISSON!r} needs it > 0")
            if self.arrivals == ONCE and value != 0:
                raise SimulationFileError(f"traffic.{key}: only with arrivals {POISSON!r}")
        if self.size <= 0 or not math.isfinite(self.start_s) or self.start_s < 0 or \
                self.max_bytes < 0:
            raise SimulationFileError("traffic: size must be positive, start_s and max_bytes "
                                      "non-negative")


@dataclass(frozen=True, slots=True)
class Results:
    """What a run measured, as plain data, with the configuration that made it
    (``configuration``: the complete simulation document) and, apart, the wall-clock figures
    (``wall``). :meth:`to_json` gives the results file (:mod:`ns3dmm.results`)."""

    configuration: dict[str, Any]
    placement: str
    seed: int
    run: int
    stop_s: float
    apps: dict[str, Any]
    streams: dict[str, Any]  #: per UDP session: loss, duplicates, delay, jitter
    #: per mobile node receiving traffic (from its first UDP stream): the timeline of each
    #: handover with its lost and duplicated packets (ns3dmm.metrics.Handover)
    handovers: dict[str, list[dict]]
    bindings: list[dict]
    signalling: dict[str, dict[str, Any]]  #: per node: messages and octets sent, per peer
    #: per pair of functions ("proxy -> location management"): messages, octets, per MH type
    signalling_by_function: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per UDP session to a mobile node: path length and route stretch per access router
    paths: dict[str, list[dict]] = field(default_factory=dict)
    #: binding table sizes over time (see Deployment.binding_table_sizes)
    binding_tables: dict[str, Any] = field(default_factory=dict)
    #: per node with a tunnel: packets encapsulated and decapsulated, outer header octets
    tunnels: dict[str, dict[str, int]] = field(default_factory=dict)
    #: per mobile node: its first attachment (association, registration, first packet)
    attachments: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per mobile node receiving a UDP stream: the analytic model of each handover
    #: (ns3dmm.analysis), or {"error": why the model does not cover it}
    model: dict[str, Any] = field(default_factory=dict)
    #: per UDP session: delivered throughput and mean one-way delay in 0.1 s bins
    series: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per registering node (mobile node agent, access router's proxy, anchor point): the nodes
    #: it registers with and when it sent each (Proxy) Binding Update
    registrations: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per location management function replicating its bindings (a replicated database):
    #: its peers and the Location Replicate messages it sent (locator changes and refreshes
    #: apart), applied and refused (Deployment.replication)
    replication: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the DMM cost pair (cost_pair): signalling cost and packet delivery cost, octets times
    #: links crossed, in all and per simulated second
    costs: dict[str, Any] = field(default_factory=dict)
    #: per location management function (and anchor point's regional bindings): the messages
    #: its node handed it, per second, and its entries (lm_load)
    lm_load: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per mobile node with session addresses: the most addresses it held at once for its
    #: sessions (its home address or prefix's included), those in use at the end and away from
    #: their link then, and the Binding Updates sent for them (session_addresses)
    addresses: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per network's allocation function: leases handed out, renewed, run out and released,
    #: those held at the end, and the bindings removed when a lease ended (leases)
    leases: dict[str, dict[str, int]] = field(default_factory=dict)
    #: per node whose mobility routing function keeps a location cache (a client of location
    #: servers, section 7): hits, misses, hit ratio, evictions, stale deliveries (packets sent
    #: to an old location), queries, replies, pushes taken and ignored, packets that waited and
    #: were released or dropped, packets sent on via home, entries at the end, and the Location
    #: Notifies its function pushed to correspondents' functions (RS2.push) and their
    #: acknowledgements (location_caches)
    caches: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Mobility Header messages sent between each pair of roles ("MR-LM": the roles of the
    #: sending and receiving nodes, framework.relations.node_role, in the gap analysis's
    #: order), to set beside the trust relations the gap analysis lists
    signalling_roles: dict[str, int] = field(default_factory=dict)
    #: "delay_s": the one-way delays of every UDP packet delivered, in logarithmic bins
    #: (metrics.delay_histogram); per handover figure (DISTRIBUTED): its distribution over
    #: every handover of the run (metrics.distribution). Bounded metrics
    #: (ScenarioConfig.metrics) give the same figures from C++ counts and sums.
    distributions: dict[str, Any] = field(default_factory=dict)
    #: per node that dropped packets before they left its devices: how many (QueueDrops: its
    #: traffic control layer, a full point-to-point or abstract access queue, a full or expired
    #: WiFi MAC queue); drops that no IPv6 trace and no other figure shows
    queue_drops: dict[str, int] = field(default_factory=dict)
    #: with ScenarioConfig.fail_node: the node, when it failed and recovered, the bindings its
    #: location management held when it failed and those the other functions held (a
    #: replicated database keeps them), the static routes put back, and per mobile node the
    #: outage: the longest interruption of its reception from the failure on (simulate.outage;
    #: a handover's interruption after the failure counts too)
    failure: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    #: wall-clock seconds: "total_s" (call to results), per phase "load_s" (ns-3 and the
    #: module, once per process), "build_s", "deploy_s", "traffic_s", "run_s" (Simulator::Run
    #: with the scenario's set-up and read-out around it), "readout_s" (metrics and model),
    #: "simulation_s" (Simulator::Run alone); and "events", the events the simulator executed
    #: (over a RangeSpectrumChannel also "receptions_out_of_range" and "receptions_scheduled":
    #: receptions it did not schedule because the PHY was out of range, and those it did)
    wall: dict[str, float] = field(default_factory=dict, compare=False)

    def measured(self) -> dict[str, Any]:
        """The measured part (everything but the configuration and the wall clock)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name not in ("configuration", "wall")}
        return json.loads(json.dumps(out))

    @property
    def wall_s(self) -> float:
        """Wall-clock seconds of Simulator::Run."""
        return float(self.wall.get("simulation_s", math.nan))

    def to_json(self) -> str:
        """The results file of this run (ns3dmm.results schema)."""
        from ns3dmm import results  # noqa: PLC0415

        return results.dumps([self])


def configuration(placement: Placement | str, scenario: ScenarioConfig,
                  functions: Functions, traffic: tuple[Traffic, ...], stop_s: float,
                  placement_params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The complete simulation document of a run: every default filled in."""
    sim: dict[str, Any] = {}
    if isinstance(placement, str):
        sim["placement"] = placement
        sim["placement_params"] = dict(placement_params or {})
    else:
        from ns3dmm.framework import dumps  # noqa: PLC0415

        sim["placement"] = placement.name
        sim["placement_toml"] = dumps(placement)
    sim["stop_s"] = float(stop_s)
    return {"simulation": sim, "scenario": scenario.to_mapping(),
            "functions": functions.as_document(defaults=True),
            "traffic": [{k: v for k, v in asdict(t).items()} for t in traffic]}


def simulate(placement: Placement | str,
             scenario: ScenarioConfig | None = None,
             functions: Functions | None = None,
             traffic: tuple[Traffic, ...] = (),
             stop_s: float = 30.0,
             placement_params: dict[str, Any] | None = None) -> Results:
    """Build, deploy, run and measure one placement (a :class:`Placement`, or a preset name
    with ``placement_params``)."""
    started = time.perf_counter()
    if isinstance(stop_s, bool) or not isinstance(stop_s, int | float) or \
            not math.isfinite(stop_s) or stop_s <= 0:
        raise SimulationFileError(f"stop_s must be a positive finite number, got {stop_s!r}")
    scenario = scenario if scenario is not None else ScenarioConfig()
    functions = functions if functions is not None else Functions()
    config = configuration(placement, scenario, functions, traffic, stop_s, placement_params)
    if isinstance(placement, str):
        placement = _preset(placement, placement_params or {}, "simulate")
    elif placement_params:
        raise SimulationFileError("placement_params apply to a preset name only")
    check_supported(placement)  # refused before ns-3 loads
    check_failure(placement, scenario)
    if functions.value(LOCATION_MANAGEMENT, "ReplayProtection") and not functions.value(
            LOCATION_MANAGEMENT, "RequireAuthentication"):
        raise DeploymentError("LocationManagement.ReplayProtection (RFC 4285 timestamps) "
                              "needs RequireAuthentication: only authenticated registrations "
                              "carry them")
    sessions = _sessions(traffic, placement, scenario.seed, scenario.run, float(stop_s))
    wall: dict[str, float] = {}
    lap = _Lap(wall)
    load()
    lap("load_s")
    sc = build_scenario(placement, scenario)
    lap("build_s")
    try:
        dep = deploy(sc, functions)
        lap("deploy_s")
        mobile = {n.name for n in placement.mobile_nodes}
        for t, name, k in sessions:
            if t.destination is not None:
                destination: Any = t.destination
            elif t.receiver in mobile and t.address == LOCAL_ADDRESS:
                destination = functools.partial(dep.session_address, t.receiver)
                if t.stop_s is not None:
                    end = functools.partial(_end_session, sc, dep, t, name)
                    callbacks.schedule(t.stop_s - sc.now(), end)
            elif t.receiver in mobile:
                destination = dep.mn_address(t.receiver)
            else:
                raise SimulationFileError(f"traffic {k}: {t.receiver} is not a mobile node; "
                                          "give a destination address")
            if t.kind == "udp-cbr":
                sc.add_udp_cbr(t.source, t.receiver, destination, rate=t.rate, size=t.size,
                               start_s=t.start_s, stop_s=t.stop_s, name=name)
            elif t.kind == "udp-onoff":
                sc.add_udp_onoff(t.source, t.receiver, destination, rate=t.rate, size=t.size,
                                 on_s=t.on_s, off_s=t.off_s, periods=t.periods,
                                 start_s=t.start_s, stop_s=t.stop_s, name=name)
            else:
                sc.add_tcp_bulk(t.source, t.receiver, destination, max_bytes=t.max_bytes,
                                send_size=t.size, start_s=t.start_s, stop_s=t.stop_s, name=name)
        signalling_cost = sc.ns.dmm.SignallingCost.Record(sc.helper.GetNodes(), sc.path_probe)
        lap("traffic_s")
        results = sc.run(stop_s)
        lap("run_s")
        streams, paths, series, delivered = {}, {}, {}, []
        # Per mobile node: its first constant bit rate stream (arrival times and sequence
        # numbers: handovers with their lost and duplicated packets), else the arrivals of all
        # its sessions.
        per_mn: dict[str, tuple[list[float], list[int] | None]] = {}
        model_streams: dict[str, Stream] = {}
        bounded = scenario.metrics == "bounded"
        # Bounded: per mobile node, what its recorders give the handover timeline instead of
        # the missing packets and duplicates of every arrival.
        lost_of: dict[str, Any] = {}
        delays: list[float] = []
        for k, (name, app) in enumerate(sc.apps.items()):
            rx = app.received()
            t = sessions[k][0]
            udp = app.kind in UDP_KINDS
            # Handover timelines and the model follow constant bit rate streams: an on-off
            # session's silences, or the gaps between Poisson sessions, would read as
            # interruptions.
            once = t.arrivals == ONCE
            cbr = app.kind == "udp-cbr" and once
            if not bounded:
                series[name] = binned_series(rx.times, rx.sizes, rx.delays if udp else None,
                                             stop_s)
            if udp and rx.bounded is not None:
                summary = rx.bounded["summary"]
                streams[name] = bounded_stream_stats(int(app.tx.packets), summary).as_dict()
                delivered.append(summary)
            elif udp:
                streams[name] = stream_stats(int(app.tx.packets), rx.sequences,
                                             rx.delays).as_dict()
                delivered.append((rx.sizes, rx.hops, rx.octets))
                delays.extend(rx.delays)
            if udp:
                if app.receiver in mobile:
                    paths[name] = [p.as_dict() for p in path_segments(sc, name, rx)]
                if cbr and app.receiver in mobile:
                    model_streams.setdefault(app.receiver, Stream(
                        app.source, t.size, t.size * 8.0 / bit_rate(t.rate), t.start_s,
                        min(t.stop_s, stop_s) if t.stop_s is not None else float(stop_s),
                        local=t.address == LOCAL_ADDRESS))
            if app.receiver not in mobile:
                continue
            if (not cbr and udp) or not once:
                # An on-off or Poisson session's arrivals are not a handover's: the timeline
                # keeps its station and function events only, unless another session gives
                # arrivals.
                per_mn.setdefault(app.receiver, ([], None))
                continue
            known = per_mn.get(app.receiver)
            if cbr and (known is None or known[1] is None):
                per_mn[app.receiver] = (list(rx.times), rx.sequences)
                if rx.bounded is not None:
                    lost_of[app.receiver] = (app.rx.CountMissing,
                                             rx.bounded["duplicate_times"])
            elif known is None:
                per_mn[app.receiver] = (list(rx.times), None)
            elif known[1] is None:
                known[0].extend(rx.times)
        counters = node_counters(sc)
        moves, attached = {}, {}
        solicitations = {ar: sc.solicitations(ar) for ar in sc.access_subnets}
        for mn, (times, seqs) in per_mn.items():
            events = dep.function_events(mn)
            missing, duplicates = lost_of.get(mn, (None, None))
            moves[mn] = [h.as_dict() for h in handovers(times, sc.station_events(mn), seqs,
                                                         events, solicitations,
                                                         eui64(sc.macs[mn]), missing,
                                                         duplicates)]
            first = attachment(times, sc.station_events(mn), events)
            attached[mn] = first.as_dict() if first is not None else None
        model = {mn: _model(placement, scenario, functions, mn, stream)
                 for mn, stream in model_streams.items()}
        if bounded:
            arrivals = (json.loads(str(sc.arrivals().GetJson())) if sc.apps
                        else None)
            if arrivals is not None:
                series["all"] = aggregate_series(arrivals, float(stop_s))
            histogram = (arrivals["delay_histogram"] if arrivals is not None
                         else delay_histogram([]))
        else:
            histogram = delay_histogram(delays)
        distributions = {"delay_s": histogram,
                         **{key: distribution([h.get(key) for hs in moves.values()
                                               for h in hs])
                            for key in DISTRIBUTED}}
        cfg = sc.config
        tables = dep.binding_table_sizes()
        sent = signalling_sent(sc, dep, counters)
        sends = function_sends(dep, counters)
        failure = dict(dep.failure)
        if failure:
            failure["outage_s"] = {mn: outage(times, failure["fail_at_s"],
                                              failure["recover_at_s"], float(stop_s))
                                   for mn, (times, _) in per_mn.items()}
        out = Results(config, placement.name, cfg.seed, cfg.run, float(stop_s),
                      results["apps"], streams, moves, bindings_of(dep),
                      sent,
                      signalling_by_function(dep, sends=sends), paths,
                      tables, tunnel_overhead(sc, counters), attached,
                      model, series,
                      registrations(sc, dep),
                      dep.replication(),
                      cost_pair(json.loads(str(signalling_cost.GetJson())), delivered,
                                float(stop_s), sc.ns.dmm.LocationManagementHeader.GetSubtypeName),
                      lm_load(dep, counters, tables, float(stop_s)),
                      session_addresses(dep), leases(dep), location_caches(dep),
                      signalling_roles(dep, sends), distributions,
                      {name: c["queue_drops"] for name, c in counters.items()
                       if c["queue_drops"]},
                      failure)
        # Mobility Header messages lost to ScenarioConfig.signalling_loss, and location
        # management messages dropped as unauthenticated or replayed, at their receivers
        for key in ("lost", "unauthenticated", "replayed"):
            out.costs["signalling"][key] = sum(int(c.get("mh", {}).get(key, 0))
                                               for c in counters.values())
        lap("readout_s")
        out.wall.update(total_s=time.perf_counter() - started,
                        simulation_s=float(results["wall_s"]), events=results["events"], **wall)
        if "receptions" in results:
            out.wall.update({f"receptions_{k}": v for k, v in results["receptions"].items()})
        return out
    finally:
        sc.destroy()


def session_addresses(dep: Any) -> dict[str, dict[str, Any]]:
    """Per mobile node with session addresses: the most addresses it held at once for its
    sessions (its home address or home network prefix's included), the session addresses in
    use at the end, those away from their link then, and the Binding Updates sent for them
    (by a host-based node; by the proxies of the access routers for a network-based one)."""
    def in_use(mn: str) -> list[str]:
        return sorted(address for (node, address), users in dep.session_users.items()
                      if node == mn and users > 0)

    out = {}
    for mn, held in dep.session_held_max.items():
        used = in_use(mn)
        _, link = dep.access_link(mn)
        out[mn] = {"max_held": held, "session_addresses_end": len(used),
                   "away_end": [a for a in used
                                if link is None or ipaddress.IPv6Address(a) not in link],
                   "session_updates": sum(
                       int(p.GetSessionUpdatesSent(dep.mn_identifier(mn)))
                       for p in dep.proxies.values())}
    for mn, agent in dep.agents.items():
        used = in_use(mn)
        out[mn] = {"max_held": int(agent.GetMaxAddressesHeld()),
                   "session_addresses_end": int(agent.GetNSessionAddresses()),
                   "away_end": [a for a in used
                                if agent.IsSessionAway(dep.scenario.ns.Ipv6Address(a))],
                   "session_updates": int(agent.GetSessionBindingUpdatesSent())}
    return out


def location_caches(dep: Any) -> dict[str, dict[str, Any]]:
    """Per node with a location cache: its counters (LocationCache), the hit ratio among
    the packets it resolved (None before any), its entries at the end, and the Location
    Notifies its mobility routing function pushed to correspondents' functions (RS2.push)
    with their acknowledgements."""
    out = {}
    for node, cache in dep.caches.items():
        hits, misses = int(cache.GetHits()), int(cache.GetMisses())
        mr = dep.mobility_routing[node]
        out[node] = {"hits": hits, "misses": misses,
                     "hit_ratio": hits / (hits + misses) if hits + misses else None,
                     "evictions": int(cache.GetEvictions()),
                     "stale_deliveries": int(cache.GetStaleDeliveries()),
                     "queries": int(cache.GetQueriesSent()), "replies": int(cache.GetReplies()),
                     "pushes": int(cache.GetPushes()), "released": int(cache.GetReleased()),
                     "dropped": int(cache.GetDrops()), "entries_end": int(cache.GetNEntries()),
                     "via_home": int(cache.GetViaHome()),
                     "rejected_notifies": int(cache.GetRejectedNotifies()),
                     "pushes_sent": int(mr.GetLocationPushes()),
                     "push_acks": int(mr.GetLocationPushAcks()),
                     "pushes_lost": int(mr.GetLocationPushesLost())}
    return out


def leases(dep: Any) -> dict[str, dict[str, int]]:
    """Per network's allocation function: leases handed out, renewed, run out (not renewed
    in time) and released early, those held at the end, and the bindings the location
    management functions removed when a lease of theirs ended."""
    pl = dep.scenario.placement
    out = {}
    for network, alloc in dep.allocation.items():
        removed = sum(int(lm.GetLeaseRemovals()) for name, lm in dep.location_management.items()
                      if network in pl.lm(name).serves)
        out[network] = {"leased": int(alloc.GetNLeased()), "renewed": int(alloc.GetNRenewed()),
                        "expired": int(alloc.GetNExpired()),
                        "released": int(alloc.GetNReleased()),
                        "held_end": int(alloc.GetNLeases()), "bindings_removed": removed}
    return out


def lm_load(dep: Any, counters: dict[str, dict[str, Any]], tables: dict[str, Any],
            duration_s: float) -> dict[str, dict[str, Any]]:
    """The load of every location management function (draft section 7's servers): the
    messages its node's Mobility Header protocol handed it (registrations, queries,
    replicates, acknowledgements: ``GetHandled`` under its function's name), per second,
    its entries at most and at the end, the Location Queries it answered, the Location
    Notifies it pushed (to caches that asked, and to the anchors of the access links it is
    told of), the Binding Updates it refused for failing authentication, and the proxies'
    Location Notifies it sent again for want of an acknowledgement or gave up; an anchor
    point's regional bindings as
    ``regional <node>``; ``tables``: Deployment.binding_table_sizes()."""
    pl = dep.scenario.placement
    functions = [(name, pl.lm(name).node, lm, "location_management", name)
                 for name, lm in dep.location_management.items()]
    functions += [(f"regional {node}", node, lm, "regional", node)
                  for node, lm in dep.regional.items()]
    out = {}
    for label, node, lm, kind, key in functions:
        name = dep.scenario.ns.StringValue()
        lm.GetAttribute("Function", name)
        function = str(name.Get())
        handled = sum(h["messages"] for h in counters.get(node, {}).get("mh", {}).get(
            "handled", []) if h["function"] == function)
        sizes = tables.get(kind, {}).get(key, {}).get("size", [0])
        out[label] = {"node": node, "messages": handled, "messages_per_s": handled / duration_s,
                      "entries_max": max(sizes), "entries_end": sizes[-1],
                      "queries_answered": int(lm.GetQueriesAnswered()),
                      "pushes_sent": int(lm.GetPushesSent()),
                      "authentication_failures": int(lm.GetAuthenticationFailures()),
                      "notifies_retransmitted": int(lm.GetNotifiesRetransmitted()),
                      "notifies_unacknowledged": int(lm.GetNotifiesUnacknowledged())}
    return out


#: octets of the UDP and IPv6 headers around a UDP payload
UDP_IPV6_HEADERS = 8 + 40


def cost_pair(signalling: list[dict[str, Any]],
              delivered: list[tuple[list[int], list[int], list[int]] | dict[str, int]],
              duration_s: float, subtype_name: Callable[[int], Any] = str) -> dict[str, Any]:
    """The standard DMM cost pair, measured: signalling cost, the Mobility Header octets of
    every message received times the links it crossed (per message type too; messages whose
    links are unknown are counted, not costed), and packet delivery cost, the IPv6 octets every
    delivered UDP packet took on each link it crossed, summed (the packet as its source sent
    it, plus the outer header of every tunnel it was in on that link: ``delivered`` is, per
    session, the packets' sizes, links and those octets as the path probe counted them, or a
    bounded recorder's summary with their sums, ScenarioConfig.metrics). Both in all and per
    simulated second; the delivery cost also per delivered packet, so that a
    design that loses packets does not look cheaper for it (None before any packet);
    ``octets`` is the packets as sent, and ``overhead_octet_hops`` what tunnels added."""
    if duration_s <= 0:
        raise ValueError("duration_s must be positive")
    per_type: dict[str, dict[str, int]] = {}
    for r in signalling:
        name = (str(subtype_name(r["subtype"])) if r["type"] == 11
                else MH_TYPES.get(r["type"], str(r["type"])))
        into = per_type.setdefault(name, {"messages": 0, "octets": 0, "octet_hops": 0,
                                          "unfollowed": 0})
        for key in into:
            into[key] += int(r[key])
    signalling_total = {key: sum(t[key] for t in per_type.values())
                        for key in ("messages", "octets", "octet_hops", "unfollowed")}
    packets = octets = octet_hops = plain = 0
    for entry in delivered:
        if isinstance(entry, dict):  # a bounded recorder's summary: the same sums, from C++
            packets += entry["followed"]
            octets += entry["followed_octets"] + UDP_IPV6_HEADERS * entry["followed"]
            octet_hops += entry["link_octets"]
            plain += entry["followed_size_links"] + UDP_IPV6_HEADERS * entry["followed_links"]
            continue
        sizes, hops, wire = entry
        for size, links, on_links in zip(sizes, hops, wire, strict=True):
            if links < 0:
                continue
            packets += 1
            octets += size + UDP_IPV6_HEADERS
            octet_hops += on_links
            plain += (size + UDP_IPV6_HEADERS) * links
    return {
        "duration_s": duration_s,
        "signalling": {**signalling_total,
                       "octet_hops_per_s": signalling_total["octet_hops"] / duration_s,
                       "per_type": per_type},
        "delivery": {"packets": packets, "octets": octets, "octet_hops": octet_hops,
                     "overhead_octet_hops": octet_hops - plain,
                     "octet_hops_per_s": octet_hops / duration_s,
                     "octet_hops_per_packet": octet_hops / packets if packets else None},
    }


def _sessions(traffic: tuple[Traffic, ...], placement: Placement, seed: int = 1, run: int = 1,
              stop_s: float | None = None) -> list[tuple[Traffic, str, int]]:
    """Each session, its name (``<kind>-<k>``, k from 1 in the order given) and k. A session
    from every correspondent becomes one per correspondent, a session to every mobile node
    one per mobile node: ``<kind>-<k>[-<correspondent>][-<mobile node>]``, the name
    carrying what was expanded; Poisson arrivals (Traffic.arrivals) one per arrival, ``-s<j>``
    from 1 added, drawn from ``seed`` and ``run`` until the entry's stop_s or ``stop_s``. A
    node sends to no session of its own. SimulationFileError (before ns-3 loads) for a
    source that is neither a correspondent nor a mobile node."""
    senders = {n.name for n in (*placement.correspondents, *placement.mobile_nodes)}
    mobile = {n.name for n in placement.mobile_nodes}
    out = []
    for k, t in enumerate(traffic, 1):
        if t.address == LOCAL_ADDRESS:
            _check_local(k, t, placement, mobile)
        first = len(out)
        sources = ([c.name for c in placement.correspondents]
                   if t.source == EVERY_CORRESPONDENT else [t.source])
        receivers = (_share([m.name for m in placement.mobile_nodes], t.share)
                     if t.receiver == EVERY_MOBILE_NODE else [t.receiver])
        for source in sources:
            if source not in senders:
                raise SimulationFileError(f"traffic {k}: source {source!r} is neither a "
                                          "correspondent nor a mobile node of the placement")
            for receiver in receivers:
                if receiver == source:
                    continue
                name = f"{t.kind}-{k}"
                if t.source == EVERY_CORRESPONDENT:
                    name += f"-{source}"
                if t.receiver == EVERY_MOBILE_NODE:
                    name += f"-{receiver}"
                out.append((replace(t, source=source, receiver=receiver, share=1.0), name, k))
        n = len(out) - first
        if t.arrivals == POISSON:
            out[first:] = _poisson(k, t, out[first:], seed, run, stop_s)
            continue
        spread = start_spread(t)
        for j in range(1, n):
            s, name, _ = out[first + j]
            out[first + j] = (replace(s, start_s=t.start_s + j / n * spread), name, k)
    return out


def _poisson(k: int, t: Traffic, pairs: list[tuple[Traffic, str, int]], seed: int, run: int,
             stop_s: float | None) -> list[tuple[Traffic, str, int]]:
    """The sessions of Poisson entry ``k``, per (source, receiver) pair in ``pairs``: arrivals
    at exponential gaps of mean 1 / session_rate_per_s from start_s, each lasting an
    exponential time of mean session_s, cut at the end (the entry's stop_s, else ``stop_s``);
    each pair's draws from SeedSequence((seed, run, k, pair)), so that a pair's sessions do
    not change with the others'."""
    import numpy as np  # noqa: PLC0415 (numpy only where Poisson sessions are drawn)

    ends = [x for x in (t.stop_s, stop_s) if x is not None]
    end = min(ends) if ends else None
    if end is None or not end > t.start_s:
        raise SimulationFileError(f"traffic {k}: Poisson arrivals need a stop after start_s "
                                  f"{t.start_s} (the entry's stop_s or the run's)")
    expected = t.session_rate_per_s * (end - t.start_s) * len(pairs)
    if expected > MAX_POISSON_SESSIONS:
        raise SimulationFileError(f"traffic {k}: {expected:.0f} Poisson sessions expected, more "
                                  f"than {MAX_POISSON_SESSIONS} (each is an application pair); "
                                  "lower session_rate_per_s or the run's length")
    out = []
    for pair, (s, name, _) in enumerate(pairs):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence((seed, run, k, pair))))
        at, j = t.start_s, 0
        while True:
            at += float(rng.exponential(1.0 / t.session_rate_per_s))
            if at >= end:
                break
            j += 1
            until = at + float(rng.exponential(t.session_s))
            out.append((replace(s, start_s=at, stop_s=until if until < end else t.stop_s),
                        f"{name}-s{j}", k))
    return out


def start_spread(t: Traffic) -> float:
    """The seconds over which the sessions of ``t`` start (Traffic.start_spread_s)."""
    if t.start_spread_s != "auto":
        return float(t.start_spread_s)
    return t.size * 8.0 / bit_rate(t.rate) if t.kind in UDP_KINDS else 0.0


def _share(names: list[str], share: float) -> list[str]:
    """ceil(share x n) of ``names``, spread evenly from the first (every tenth for 0.1)."""
    count = max(1, math.ceil(round(len(names) * share, 9)))
    return [names[i * len(names) // count] for i in range(count)]


def _end_session(sc: Any, dep: Any, t: Traffic, name: str) -> None:
    """Session ``name`` on a local address stopped: its address may be released."""
    dep.end_session(t.receiver, sc.apps[name].destination)


def _check_local(k: int, t: Traffic, placement: Placement, mobile: set[str]) -> None:
    """SimulationFileError unless session ``k`` can take a local address (dynamic mobility):
    to a mobile node from a node that is not one, every network allocating per session (the
    mobile nodes host- or network-based)."""
    if t.receiver != EVERY_MOBILE_NODE and t.receiver not in mobile:
        raise SimulationFileError(f"traffic {k}: address 'local' is an address of a mobile node; "
                                  f"{t.receiver!r} is not one")
    if t.source in mobile:
        raise SimulationFileError(f"traffic {k}: a session from a mobile node on a local address "
                                  "is not simulated (the applications do not bind a source "
                                  "address)")
    fixed = [n.name for n in placement.networks
             if n.allocation.scope is not AllocationScope.PER_SESSION]
    if fixed:
        raise SimulationFileError(f"traffic {k}: address 'local' needs every network to allocate "
                                  f"per session (dynamic mobility); {', '.join(fixed)} do not")


class _Lap:
    """Wall-clock seconds since the previous lap, stored under a phase's name."""

    def __init__(self, into: dict[str, float]) -> None:
        self._into, self._last = into, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self._into[name] = now - self._last
        self._last = now


def _model(placement: Placement, scenario: ScenarioConfig, functions: Functions,
           mn: str, stream: Stream) -> Any:
    """The analytic model of a mobile node's handovers, or why it does not apply."""
    try:
        return [m.as_dict() for m in model_handovers(
            placement, scenario, mn, stream,
            optimistic_dad=bool(functions.value(MOBILE_NODE_AGENT, "OptimisticDad")),
            entry_lifetime_s=functions.value(LOCATION_CACHE, "EntryLifetime"))]
    except ModelError as exc:
        return {"error": str(exc)}


def path_segments(sc: Any, session: str, received: Any = None) -> list[PathSegment]:
    """Route stretch of a UDP session to a mobile node, per access router it was attached to
    (and, from a mobile node, per access router of the source): links its packets crossed
    (recorded in C++) against the shortest path from the source, the packets that crossed a
    tunnel, those each mobility routing function's node transmitted, and those that crossed
    one in a network neither end was in (a central anchor)."""
    app = sc.apps[session]
    rx = received or app.received()
    segments = rx.bounded["segments"] if rx.bounded is not None else None
    if segments is not None:
        # As from every packet: waypoints known once a followed packet arrived.
        crossed = (([], sc.probe_waypoints)
                   if sc.path_probe is not None and rx.bounded["summary"]["received"] else None)
        tunnelled = None
    else:
        crossed = ((rx.waypoints, sc.probe_waypoints) if len(rx.waypoints) == len(rx.hops)
                   else None)
        tunnelled = rx.tunnelled if len(rx.tunnelled) == len(rx.hops) else None
    pl = sc.placement
    source_network = pl.network_of(app.source)

    def third(source_ar: str | None, ar: str) -> int:
        ends = {pl.network_of(ar), pl.network_of(source_ar) if source_ar else source_network}
        return sum(1 << b for b, node in enumerate(sc.probe_waypoints)
                   if pl.network_of(node) not in ends)

    if sc.placement.node(app.source).kind is NodeKind.MOBILE_NODE:
        # From the source's access router meanwhile, plus its WiFi link.
        return route_stretch(rx.times, rx.hops, sc.associations(app.receiver),
                             lambda source_ar, ar: (1 + sc.hop_distance(source_ar, ar)
                                                    if source_ar is not None else 0),
                             sc.associations(app.source), crossed, tunnelled, third,
                             segments)
    shortest = {ar: sc.hop_distance(app.source, ar) for ar in sc.access_subnets}
    return route_stretch(rx.times, rx.hops, sc.associations(app.receiver), shortest,
                         waypoints=crossed, tunnelled=tunnelled,
                         third_network=third, segments=segments)


def node_counters(sc: Any) -> dict[str, dict[str, Any]]:
    """Every node's Mobility Header counters (per destination and MH type) and tunnel
    counters, read from C++ in one call per node."""
    dmm = sc.ns.dmm
    return {name: json.loads(str(dmm.CountersJson(sc.node(name)))) for name in sc.nodes}


def tunnel_overhead(sc: Any, counters: dict[str, dict[str, Any]] | None = None
                    ) -> dict[str, dict[str, int]]:
    """Per node whose tunnel carried packets: packets encapsulated and decapsulated and the
    outer header octets it added (Ipv6TunnelL4Protocol's counters)."""
    counters = counters if counters is not None else node_counters(sc)
    return {name: c["tunnel"] for name, c in counters.items()
            if "tunnel" in c and (c["tunnel"]["encapsulated"] or c["tunnel"]["decapsulated"])}


def outage(times: Any, fail_at_s: float, recover_at_s: float | None,
           stop_s: float) -> float | None:
    """The longest interruption of a mobile node's reception (its packets' arrival times)
    from a failure at ``fail_at_s`` on: the longest gap between consecutive arrivals after
    it, the first counted from the failure; when nothing arrived after the recovery (or
    there is none), the reception never resumed and the last gap runs to the end of the run.
    None without arrival times (no stream, or sessions whose receivers keep none)."""
    if not len(times):
        return None
    after = sorted(float(t) for t in times if t > fail_at_s)
    gaps = [b - a for a, b in zip([fail_at_s, *after], after, strict=False)]
    resumed = bool(after) and recover_at_s is not None and after[-1] > recover_at_s
    if not resumed:
        gaps.append(stop_s - (after[-1] if after else fail_at_s))
    return max(gaps)


def bindings_of(dep: Any) -> list[dict]:
    """Every location management function's bindings, as plain data."""
    dmm = dep.scenario.ns.dmm
    return [{"lm": name, "prefix": f"{b['prefix']}/{b['length']}", "locator": b["locator"]}
            for name, lm in dep.location_management.items()
            for b in json.loads(str(dmm.BindingsJson(lm)))]


def registrations(sc: Any, dep: Any) -> dict[str, dict[str, Any]]:
    """Per registering node: the nodes it registers with, when it sent each (Proxy) Binding
    Update, and those times per destination node (an anycast address: its group's name)."""
    owner = _address_owner(sc, dep)
    out = {}
    for node in sorted(dep.updates):
        times = dep.binding_update_times(node)
        to: dict[str, list[float]] = {}
        for t, address in zip(times, dep.binding_update_destinations(node), strict=True):
            to.setdefault(owner(address), []).append(t)
        out[node] = {"registers_with": dep.registers_with.get(node, []), "times_s": times,
                     "to_s": to}
    return out


def _address_owner(sc: Any, dep: Any = None) -> Any:
    """A function naming the node an address belongs to (a mobile node by its home address or
    by the EUI-64 interface identifier of its care-of or home-network-prefix addresses; an
    anycast address by its group's name); unknown addresses as is."""
    owners = {address: node for (node, _), address in sc.addresses.items()}
    if dep is not None:
        owners.update({hoa: mn for mn, hoa in dep.home_addresses.items()})
        owners.update({address: group for address, (group, _) in dep.anycast.items()})
    iids = {eui64(sc.macs[mn]): mn for mn in (n.name for n in sc.placement.mobile_nodes)}

    def owner(address: str) -> str:
        if address in owners:
            return owners[address]
        return iids.get(int(ipaddress.IPv6Address(address)) & (2 ** 64 - 1), address)

    return owner


def _sent(sc: Any, dep: Any = None, counters: dict[str, dict[str, Any]] | None = None
          ) -> dict[str, list[tuple[str, int, int, int]]]:
    """Per sending node: (peer, MH type, messages, octets)."""
    counters = counters if counters is not None else node_counters(sc)
    owner = _address_owner(sc, dep)
    out: dict[str, list[tuple[str, int, int, int]]] = {}
    for name, c in counters.items():
        # Counted per sending function, destination, type and subtype: summed per peer and
        # type here.
        totals: dict[tuple[int, int], list[Any]] = {}
        for r in c.get("mh", {}).get("sent", []):
            key = (int(ipaddress.IPv6Address(r["destination"])), r["type"])
            total = totals.setdefault(key, [r["destination"], 0, 0])
            total[1] += r["messages"]
            total[2] += r["octets"]
        if totals:
            out[name] = [(owner(d), t, m, o) for (_, t), (d, m, o) in sorted(totals.items())]
    return out


def signalling_sent(sc: Any, dep: Any = None,
                    counters: dict[str, dict[str, Any]] | None = None
                    ) -> dict[str, dict[str, Any]]:
    """Mobility Header messages and octets each node sent, in all and to each peer (named by
    node when the address is a node's, or a mobile node's home address in ``dep``)."""
    counters = counters if counters is not None else node_counters(sc)
    out = {}
    for name, rows in _sent(sc, dep, counters).items():
        peers: dict[str, dict[str, int]] = {}
        for peer, _, messages, octets in rows:
            entry = peers.setdefault(peer, {"messages": 0, "octets": 0})
            entry["messages"] += messages
            entry["octets"] += octets
        out[name] = {"messages": counters[name]["mh"]["messages"],
                     "octets": counters[name]["mh"]["octets"], "to": peers}
    return out


def signalling_roles(dep: Any, sends: list[FunctionSend]) -> dict[str, int]:
    """Mobility Header messages per pair of roles, named as the gap analysis's trust relations
    name them (framework.gap): location management functions replicating to each other LM-LM,
    a location cache and a location management function (queries, replies, their pushes)
    MR-LM, a mobility routing function pushing to a correspondent's cache MR-MR, any other
    message (registrations) the roles of the two nodes (``node_role``; an anycast group by
    its members')."""
    from ns3dmm.framework.gap import role_pair  # noqa: PLC0415

    pl = dep.scenario.placement
    nodes = {n.name for n in pl.nodes}
    groups = {name: members for name, members in dep.anycast.values()}
    by_function = {frozenset({"location management"}): "LM-LM",
                   frozenset({"location cache", "location management"}): "MR-LM",
                   frozenset({"mobility routing", "location cache"}): "MR-MR"}
    out: dict[str, int] = {}
    for send in sends:
        pair = by_function.get(frozenset({send.function, send.receiver}))
        if pair is None:
            peer = send.peer if send.peer in nodes else next(iter(groups.get(send.peer, [])),
                                                             None)
            if send.node not in nodes or peer is None:
                continue
            pair = role_pair(pl, send.node, peer)
        out[pair] = out.get(pair, 0) + send.messages
    return dict(sorted(out.items()))


#: Mobility Header type names (RFC 6275 section 6.1); type 11 (RFC 5096 Experimental) carries
#: the location management messages, named by their subtype.
MH_TYPES = {0: "BRR", 1: "HoTI", 2: "CoTI", 3: "HoT", 4: "CoT", 5: "BU", 6: "BA", 7: "BE"}


def function_sends(dep: Any, counters: dict[str, dict[str, Any]] | None = None
                   ) -> list[FunctionSend]:
    """Mobility Header messages sent, per sending node and function, receiving node and
    function and message type (names: MH_TYPES; location management messages, type 11, by
    their subtype's name, ``LocationManagementHeader::GetSubtypeName``: "Location Notify",
    ...).

    Counted in C++ at the sending function (each function object sends under its name:
    ``LocationManagement``'s, ``Proxy``'s and ``LocationCache``'s ``Function`` attribute, the
    mobile node agent, a mobility routing function's pushes, the Mobility Header protocol's
    own Binding Errors); the receiving function is the one the
    destination node's protocol hands that message type (and location management subtype) to
    ("no handler" where none is registered: the message is dropped there, and counted; where
    several functions of the node take the type, those it handed the sender's messages of
    that type to, counted there, in proportion)."""
    sc = dep.scenario
    counters = counters if counters is not None else node_counters(sc)
    owner = _address_owner(sc, dep)
    handlers: dict[str, dict[tuple[int, int], list[str]]] = {}
    # Per receiving node and message type: the messages each of its functions was handed,
    # per sending node (several functions of a node may take one type, by their claims).
    handled: dict[str, dict[tuple[int, int], dict[str, dict[str, int]]]] = {}
    for node, c in counters.items():
        mh = c.get("mh", {})
        for h in mh.get("handlers", []):
            handlers.setdefault(node, {}).setdefault((h["type"], h["subtype"]), []).append(
                h["function"])
        for h in mh.get("handled", []):
            by_sender = handled.setdefault(node, {}).setdefault((h["type"], h["subtype"]), {})
            functions = by_sender.setdefault(owner(h["source"]), {})
            functions[h["function"]] = functions.get(h["function"], 0) + h["messages"]
    for group, members in dep.anycast.values():
        # The member nearest the sender takes it; every member registers the same handlers.
        handlers[group] = handlers.get(members[0], {})
        for member in members:
            for key, by_sender in handled.get(member, {}).items():
                merged = handled.setdefault(group, {}).setdefault(key, {})
                for sender, functions in by_sender.items():
                    into = merged.setdefault(sender, {})
                    for function, n in functions.items():
                        into[function] = into.get(function, 0) + n
    subtype_name = sc.ns.dmm.LocationManagementHeader.GetSubtypeName
    sends = []
    for node, c in counters.items():
        for r in c.get("mh", {}).get("sent", []):
            peer = owner(r["destination"])
            name = (str(subtype_name(r["subtype"])) if r["type"] == 11
                    else MH_TYPES.get(r["type"], str(r["type"])))
            shares = _receivers(handlers, handled, peer, node, r)
            messages = _apportion(r["messages"], [share for _, share in shares])
            octets = _apportion(r["octets"], [share for _, share in shares])
            for (receiver, _), m, o in zip(shares, messages, octets, strict=True):
                sends.append(FunctionSend(node, peer, r["function"] or "unnamed",
                                          receiver or "unnamed", name, m, o))
    return sends


@dataclass(frozen=True, slots=True)
class FunctionSend:
    """Mobility Header messages of one type one function of a node sent to one of another's
    (function_sends)."""

    node: str
    peer: str  #: the receiving node (or anycast group, or address when no node has it)
    function: str
    receiver: str  #: the receiving function ("no handler" when none took the type)
    type: str
    messages: int
    octets: int


def signalling_by_function(dep: Any, counters: dict[str, dict[str, Any]] | None = None,
                           sends: list[FunctionSend] | None = None
                           ) -> dict[str, dict[str, Any]]:
    """Mobility Header messages and octets sent between each pair of logical functions, as
    ``{"proxy -> location management": {"messages", "octets", "types": {name: messages}}}``
    (``sends``: function_sends, read here when not given)."""
    out: dict[str, dict[str, Any]] = {}
    for send in sends if sends is not None else function_sends(dep, counters):
        key = f"{send.function} -> {send.receiver}"
        entry = out.setdefault(key, {"messages": 0, "octets": 0, "types": {}})
        entry["messages"] += send.messages
        entry["octets"] += send.octets
        entry["types"][send.type] = entry["types"].get(send.type, 0) + send.messages
    return dict(sorted(out.items()))


def _apportion(total: int, shares: list[float]) -> list[int]:
    """``total`` split in proportion to ``shares`` in whole units that add up to it (largest
    remainder)."""
    exact = [total * s for s in shares]
    parts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda k: exact[k] - parts[k], reverse=True)
    for k in order[:total - sum(parts)]:
        parts[k] += 1
    return parts


def _receivers(handlers: dict[str, dict[tuple[int, int], list[str]]],
               handled: dict[str, dict[tuple[int, int], dict[str, dict[str, int]]]],
               peer: str, sender: str, record: dict[str, Any]) -> list[tuple[str, float]]:
    """The functions of ``peer`` that a sent record's messages went to, with their shares:
    the one function handling the type there, or, where several do, those the receiver
    handed the sender's messages of that type to, in proportion."""
    key = (record["type"], record["subtype"])
    if peer not in handlers:
        return [(peer, 1.0)]
    functions = handlers[peer].get(key)
    if not functions:
        return [("no handler", 1.0)]
    if len(set(functions)) == 1:
        return [(functions[0], 1.0)]
    counts = handled.get(peer, {}).get(key, {}).get(sender, {})
    total = sum(counts.values())
    if not total:
        return [(functions[0], 1.0)]
    return [(function, n / total) for function, n in sorted(counts.items())]


def simulate_file(path: str | Path, overrides: list[str] | None = None) -> Results:
    """Run the simulation a TOML file describes (see the module docstring), with
    ``--name=value`` overrides (the scenario program's names, ``ns3dmm.program``)."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SimulationFileError(f"{path}: invalid TOML: {exc}") from None
    if overrides:
        from ns3dmm.program import apply_overrides  # noqa: PLC0415 (imports this module)

        doc = apply_overrides(doc, overrides)
    return simulate_document(doc, path.parent, str(path))


def _preset(name: str, params: dict[str, Any], where: str) -> Placement:
    """A preset placement, with a clear error for an unknown name or bad parameters."""
    if name not in presets.PRESETS:
        close = difflib.get_close_matches(name, list(presets.PRESETS), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise SimulationFileError(f"{where}: placement {name!r} is neither a preset nor a "
                                  f"file{hint} (presets: {', '.join(presets.PRESETS)})")
    params = dict(params)
    pool = params.pop("pool_length", 0)
    try:
        placement = presets.build_preset(name, **params)
        if pool != 0:  # every network's home prefix pool (0: sized by the scenario)
            if isinstance(pool, bool) or not isinstance(pool, int):
                raise ValueError(f"pool_length must be an integer, got {pool!r}")
            placement = check(replace(placement, networks=tuple(
                replace(n, allocation=replace(n.allocation, pool_length=pool))
                for n in placement.networks)))
    except (TypeError, ValueError) as exc:
        raise SimulationFileError(f"{where}: placement {name}: {exc}") from None
    return placement


def simulate_document(doc: dict[str, Any], base_dir: str | Path = ".",
                      where: str = "simulation") -> Results:
    """Run the simulation a parsed simulation document describes (the TOML file's tables, or
    the ``configuration`` of a results file)."""
    unknown = set(doc) - {"simulation", "scenario", "functions", "traffic"}
    if unknown:
        raise SimulationFileError(f"{where}: unknown tables {sorted(unknown)}")
    sim = doc.get("simulation", {})
    bad = set(sim) - {"placement", "placement_params", "placement_toml", "stop_s"}
    if bad:
        raise SimulationFileError(f"{where}: unknown [simulation] keys {sorted(bad)}")
    target = sim.get("placement")
    if not isinstance(target, str):
        raise SimulationFileError(f"{where}: [simulation] needs placement = preset name or file")
    params = sim.get("placement_params", {})
    placement: Placement | str  # a preset's name stays a name in the configuration
    if "placement_toml" in sim:
        try:
            resolved = loads_placement(sim["placement_toml"], f"{where}: placement_toml")
        except ValueError as exc:
            raise SimulationFileError(str(exc)) from None
        placement = resolved
    elif target in presets.PRESETS:
        resolved = _preset(target, params, where)  # checks the parameters before anything runs
        placement = target
    else:
        file = Path(base_dir) / target
        if not file.is_file():
            _preset(target, params, where)  # raises: neither a preset nor a file
        if params:
            raise SimulationFileError(f"{where}: placement_params apply to presets only; "
                                      f"{target} is a file")
        resolved = load_placement(file)
        placement = resolved
    scenario = ScenarioConfig.from_mapping(doc.get("scenario", {}))
    functions_table = doc.get("functions", {})
    if not isinstance(functions_table, dict):
        raise SimulationFileError(f"{where}: [functions] is a table of tables per TypeId")
    flat = sorted(k for k, v in functions_table.items() if not isinstance(v, dict))
    if flat:
        raise SimulationFileError(
            f"{where}: [functions] {', '.join(flat)}: function parameters are attributes per "
            "TypeId, e.g. [functions.\"ns3::dmm::MobileNodeAgent\"] BindingLifetime = \"8s\" "
            "(ns3-dmm run FILE --help lists them)")
    try:
        functions = Functions(functions_table)
    except AttributeError_ as exc:
        raise SimulationFileError(f"{where}: {exc}") from None
    known_traffic = {f.name for f in fields(Traffic)}
    traffic = []
    for k, t in enumerate(doc.get("traffic", [])):
        bad = set(t) - known_traffic
        if bad:
            raise SimulationFileError(f"{where}: traffic {k + 1}: unknown keys {sorted(bad)}")
        t = dict(t)
        # Missing or empty: the first correspondent and the first mobile node.
        if not t.get("source"):
            t["source"] = resolved.correspondents[0].name if resolved.correspondents else ""
        if not t.get("receiver"):
            t["receiver"] = resolved.mobile_nodes[0].name if resolved.mobile_nodes else ""
        traffic.append(Traffic(**t))
    stop_s = sim.get("stop_s", 30.0)
    if isinstance(stop_s, bool) or not isinstance(stop_s, int | float):
        raise SimulationFileError(f"{where}: stop_s must be a number, got {stop_s!r}")
    return simulate(placement, scenario, functions, tuple(traffic), float(stop_s),
                    params if isinstance(placement, str) else None)
