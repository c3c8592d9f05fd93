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

    [functions]                          # ns3dmm.deploy.FunctionConfig keys
    binding_lifetime_s = 120.0

    [[traffic]]
    kind = "udp-cbr"                     # or "tcp-bulk"
    source = "CN21"
    receiver = "MN11"                    # destination: the receiver's mobile address
    rate = "400kbps"                     # udp-cbr
    size = 500
    start_s = 1.5
"""

from __future__ import annotations

import ipaddress
import json
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ns3dmm.deploy import FunctionConfig, deploy
from ns3dmm.framework import presets
from ns3dmm.framework.model import Placement
from ns3dmm.framework.scenario import load as load_placement
from ns3dmm.metrics import handovers, stream_stats
from ns3dmm.scenario import ScenarioConfig, build_scenario


class SimulationFileError(ValueError):
    """A simulation file or argument is wrong; the message names the key."""


@dataclass(frozen=True, slots=True)
class Traffic:
    """One application session from ``source`` to ``receiver``."""

    kind: str = "udp-cbr"  #: "udp-cbr" or "tcp-bulk"
    source: str = ""
    receiver: str = ""
    destination: str | None = None  #: an address; None for the receiver's mobile address
    rate: str = "400kbps"  #: udp-cbr
    size: int = 500  #: udp-cbr payload / tcp-bulk send size, octets
    start_s: float = 1.5
    stop_s: float | None = None
    max_bytes: int = 0  #: tcp-bulk: 0 sends until stop

    def __post_init__(self) -> None:
        if self.kind not in ("udp-cbr", "tcp-bulk"):
            raise SimulationFileError(f"traffic.kind: 'udp-cbr' or 'tcp-bulk', got {self.kind!r}")
        if not self.source or not self.receiver:
            raise SimulationFileError("traffic: 'source' and 'receiver' are required")
        if self.size <= 0 or self.start_s < 0 or self.max_bytes < 0:
            raise SimulationFileError("traffic: size must be positive, start_s and max_bytes "
                                      "non-negative")


@dataclass(frozen=True, slots=True)
class Results:
    """What a run measured, as plain data."""

    placement: str
    seed: int
    run: int
    stop_s: float
    wall_s: float
    apps: dict[str, Any]
    streams: dict[str, Any]  #: per UDP session: loss, duplicates, delay, jitter
    handovers: dict[str, list[dict]]  #: per mobile node receiving traffic
    bindings: list[dict]
    signalling: dict[str, dict[str, Any]]  #: per node: messages and octets sent, per peer
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def simulate(placement: Placement,
             scenario: ScenarioConfig | None = None,
             functions: FunctionConfig | None = None,
             traffic: tuple[Traffic, ...] = (),
             stop_s: float = 30.0) -> Results:
    """Build, deploy, run and measure one placement."""
    if stop_s <= 0:
        raise SimulationFileError(f"stop_s must be positive, got {stop_s}")
    sc = build_scenario(placement, scenario)
    try:
        dep = deploy(sc, functions)
        mobile = {n.name for n in placement.mobile_nodes}
        for k, t in enumerate(traffic):
            name = f"{t.kind}-{k + 1}"
            if t.destination is not None:
                destination: Any = t.destination
            elif t.receiver in mobile:
                destination = (lambda mn: lambda: dep.mn_address(mn))(t.receiver)
            else:
                raise SimulationFileError(f"traffic {k + 1}: {t.receiver} is not a mobile node; "
                                          "give a destination address")
            if t.kind == "udp-cbr":
                sc.add_udp_cbr(t.source, t.receiver, destination, rate=t.rate, size=t.size,
                               start_s=t.start_s, stop_s=t.stop_s, name=name)
            else:
                sc.add_tcp_bulk(t.source, t.receiver, destination, max_bytes=t.max_bytes,
                                send_size=t.size, start_s=t.start_s, stop_s=t.stop_s, name=name)
        results = sc.run(stop_s)
        streams = {}
        per_mn: dict[str, list[float]] = {}
        for name, app in sc.apps.items():
            times = [float(x) for x in app.rx.times]
            if app.kind == "udp-cbr":
                streams[name] = stream_stats(int(app.tx.packets),
                                             [int(q) for q in app.rx.sequences],
                                             [float(d) for d in app.rx.delays]).as_dict()
            if app.receiver in mobile:
                per_mn.setdefault(app.receiver, []).extend(times)
        moves = {mn: [h.as_dict() for h in handovers(times, sc.associations(mn))]
                 for mn, times in per_mn.items()}
        cfg = sc.config
        return Results(placement.name, cfg.seed, cfg.run, stop_s, float(results["wall_s"]),
                       results["apps"], streams, moves, bindings_of(dep), signalling_sent(sc))
    finally:
        sc.destroy()


def bindings_of(dep: Any) -> list[dict]:
    """Every location management function's bindings, as plain data."""
    return [{"lm": name, "prefix": f"{b.prefix}/{b.prefixLength}", "locator": str(b.locator)}
            for name, lm in dep.location_management.items() for b in lm.GetBindings()]


def signalling_sent(sc: Any) -> dict[str, dict[str, Any]]:
    """Mobility Header messages and octets each node sent, in all and to each peer (named by
    node when the address is a node's; a mobile node is recognised by the EUI-64 interface
    identifier of its care-of or home-network-prefix addresses)."""
    ns = sc.ns
    owners = {address: node for (node, _), address in sc.addresses.items()}
    iids = {}
    for mn in (n.name for n in sc.placement.mobile_nodes):
        mac = str(ns.Mac48Address.ConvertFrom(sc.wifi_devices[mn].GetAddress()))
        octets = bytearray(int(x, 16) for x in mac.split(":"))
        octets[0] ^= 0x02
        iids[bytes(octets[:3]) + b"\xff\xfe" + bytes(octets[3:])] = mn

    def owner(address: str) -> str:
        if address in owners:
            return owners[address]
        return iids.get(ipaddress.IPv6Address(address).packed[8:], address)

    out = {}
    for name in sc.nodes:
        l4 = sc.node(name).GetObject[ns.dmm.MobilityL4Protocol]()
        sent = int(sum(l4.GetTxCount(t) for t in range(256)))
        if not sent:
            continue
        peers: dict[str, dict[str, int]] = {}
        for dst in l4.GetTxDestinations():
            peer = peers.setdefault(owner(str(dst)), {"messages": 0, "octets": 0})
            peer["messages"] += int(l4.GetTxCountTo(dst))
            peer["octets"] += int(l4.GetTxBytesTo(dst))
        out[name] = {"messages": sent, "octets": int(l4.GetTxBytes()), "to": peers}
    return out


def simulate_file(path: str | Path) -> Results:
    """Run the simulation a TOML file describes (see the module docstring)."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SimulationFileError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(doc) - {"simulation", "scenario", "functions", "traffic"}
    if unknown:
        raise SimulationFileError(f"{path}: unknown tables {sorted(unknown)}")
    sim = doc.get("simulation", {})
    target = sim.get("placement")
    if not isinstance(target, str):
        raise SimulationFileError(f"{path}: [simulation] needs placement = preset name or file")
    params = sim.get("placement_params", {})
    if target in presets.PRESETS:
        placement = presets.build_preset(target, **params)
    else:
        if params:
            raise SimulationFileError(f"{path}: placement_params apply to presets only")
        placement = load_placement(path.parent / target)
    scenario = ScenarioConfig.from_mapping(doc.get("scenario", {}))
    known = {f.name for f in fields(FunctionConfig)}
    functions_table = doc.get("functions", {})
    bad = set(functions_table) - known
    if bad:
        raise SimulationFileError(f"{path}: unknown [functions] keys {sorted(bad)}; "
                                  f"known: {sorted(known)}")
    functions = FunctionConfig(**functions_table)
    known_traffic = {f.name for f in fields(Traffic)}
    traffic = []
    for k, t in enumerate(doc.get("traffic", [])):
        bad = set(t) - known_traffic
        if bad:
            raise SimulationFileError(f"{path}: traffic {k + 1}: unknown keys {sorted(bad)}")
        traffic.append(Traffic(**t))
    return simulate(placement, scenario, functions, tuple(traffic),
                    float(sim.get("stop_s", 30.0)))
