"""The ``ns3-dmm`` command line.

Each subcommand is a :class:`Command` (name, help, argument set-up, handler) in
:data:`COMMANDS`; adding one is appending to that list (or calling :func:`register`). Handlers
return the exit status: 0 on success, 1 for an invalid placement, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["COMMANDS", "Command", "build_parser", "main", "register"]


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand.

    Attributes:
        name: the subcommand word.
        help: one-line help shown by ``ns3-dmm --help``.
        configure: adds the subcommand's arguments to its parser.
        run: handles parsed arguments and returns the exit status.
        description: longer text for ``ns3-dmm NAME --help`` (defaults to ``help``).
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""
    #: argparse's own -h/--help (the run command prints its parameters itself)
    add_help: bool = True


#: The registered subcommands, in ``--help`` order.
COMMANDS: list[Command] = []


def register(command: Command) -> Command:
    """Add ``command`` to :data:`COMMANDS` (replacing one of the same name)."""
    COMMANDS[:] = [c for c in COMMANDS if c.name != command.name]
    COMMANDS.append(command)
    return command


class UsageError(Exception):
    """A bad command line detected after parsing (exit status 2)."""


# --------------------------------------------------------------------------- shared helpers


def _add_target(parser: argparse.ArgumentParser, optional: bool = False) -> None:
    parser.add_argument(
        "target",
        nargs="?" if optional else None,
        metavar="PRESET-OR-FILE",
        help="a preset name (see 'ns3-dmm presets') or a TOML scenario file",
    )
    sizes = parser.add_argument_group("preset parameters (presets only)")
    sizes.add_argument("--networks", type=int, metavar="N", help="number of networks")
    sizes.add_argument("--ars", type=int, metavar="N", help="access routers per network")
    sizes.add_argument("--mns", type=int, metavar="N", help="number of mobile nodes")
    sizes.add_argument("--cns", type=int, metavar="N",
                       help="number of correspondents, spread over the networks from Network2")
    sizes.add_argument(
        "--mode", choices=("host", "network"), help="host- or network-based (where a preset allows)"
    )


def _params(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for attr, key in (
        ("networks", "networks"),
        ("ars", "ars_per_network"),
        ("mns", "mobile_nodes"),
        ("cns", "correspondents"),
        ("mode", "mode"),
    ):
        value = getattr(args, attr, None)
        if value is not None:
            params[key] = value
    return params


def _resolve(args: argparse.Namespace) -> Any:
    from ns3dmm import framework as fw

    try:
        return fw.resolve(args.target, **_params(args))
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    except FileNotFoundError as exc:
        raise UsageError(f"no such scenario file: {exc.filename}") from None
    except fw.PlacementError:
        raise
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def _ascii_only(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "●◐○".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False


# --------------------------------------------------------------------------- presets


def _presets_configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--names", action="store_true", help="print the names only")


def _presets_run(args: argparse.Namespace) -> int:
    from ns3dmm.deploy import simulated_presets
    from ns3dmm.framework import PRESETS

    width = max(len(n) for n in PRESETS)
    simulated = simulated_presets()
    for preset in PRESETS.values():
        if args.names:
            print(preset.name)
        else:
            runs = "yes" if preset.name in simulated else "no"
            print(f"{preset.name:<{width}}  {preset.reference:<17} {runs:<4} "
                  f"{preset.description}")
    if not args.names:
        print("(yes/no: whether 'ns3-dmm run' simulates it yet; 'ns3-dmm validate NAME' says "
              "what is missing)")
    return 0


# --------------------------------------------------------------------------- gap


def _gap_configure(parser: argparse.ArgumentParser) -> None:
    _add_target(parser, optional=True)
    parser.add_argument(
        "--all", action="store_true", help="compare every preset (the table of section 5.2)"
    )
    parser.add_argument(
        "--measured", metavar="ARCHIVE",
        help="set the grades of every preset in a campaign archive (a folder 'ns3-dmm campaign "
        "plot' wrote, e.g. of dmm_designs) beside what it measured, and flag those the "
        "measurement contradicts",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("table", "md", "json"), default="table", help="output format"
    )
    parser.add_argument(
        "--ascii", action="store_true", help="ASCII status glyphs (+ ~ -) in the comparison"
    )


def _gap_run(args: argparse.Namespace) -> int:
    from ns3dmm import framework as fw

    if args.measured is not None:
        if args.all or args.target is not None:
            raise UsageError("--measured takes no preset, scenario or --all")
        from ns3dmm.measured_gap import MeasuredGapError, format_measured, measured_gap

        try:
            gaps = measured_gap(args.measured)
        except MeasuredGapError as exc:
            raise UsageError(str(exc)) from None
        print(format_measured(gaps, args.format))
        return 0
    if args.all == (args.target is not None):
        raise UsageError("give either a preset/scenario, --all or --measured")
    if args.all:
        params = _params(args)
        reports = [fw.analyse(fw.build_preset(n, **_fit(n, params))) for n in fw.preset_names()]
        ascii_only = args.ascii or _ascii_only(sys.stdout)
        print(fw.format_comparison(reports, args.format, ascii_only=ascii_only))
        return 0
    print(fw.format_report(fw.analyse(_resolve(args)), args.format))
    return 0


def _fit(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` that preset ``name`` accepts (``--mode`` where allowed)."""
    from ns3dmm.framework import PRESETS

    accepted = PRESETS[name].parameters
    return {k: v for k, v in params.items() if k in accepted}


# --------------------------------------------------------------------------- draw


def _draw_configure(parser: argparse.ArgumentParser) -> None:
    _add_target(parser)
    parser.add_argument(
        "-o", "--output", required=True, action="append", metavar="FILE",
        help="output .png or .svg file (repeat for several)",
    )  # fmt: skip
    parser.add_argument("--cn", help="correspondent of the drawn data path (default: first CN)")
    parser.add_argument("--hoa", help="home address of the drawn data path (default: first moved)")


def _draw_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    placement = _resolve(args)
    for out in args.output:
        if Path(out).suffix.lower() not in (".png", ".svg"):
            raise UsageError(f"cannot draw to {out!r}: use a .png or .svg file name")
    if (args.cn is None) != (args.hoa is None):
        raise UsageError("give both --cn and --hoa, or neither")
    from ns3dmm.framework.drawing import render, save

    try:
        fig = render(placement, args.cn, args.hoa)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    for out in args.output:
        print(save(fig, out))
    return 0


# --------------------------------------------------------------------------- validate / export


def _validate_configure(parser: argparse.ArgumentParser) -> None:
    _add_target(parser)


def _validate_run(args: argparse.Namespace) -> int:
    from ns3dmm.deploy import not_simulated

    placement = _resolve(args)  # raises PlacementError when invalid
    print(f"{placement.name}: valid placement ({len(placement.nodes)} nodes)")
    missing = not_simulated(placement)
    print("simulates: yes" if missing is None else f"simulates: no ({missing})")
    return 0


def _export_configure(parser: argparse.ArgumentParser) -> None:
    _add_target(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _export_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ns3dmm.framework import dumps

    text = dumps(_resolve(args))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(args.output)
    else:
        sys.stdout.write(text)
    return 0


register(
    Command(
        "presets",
        "list the presets with one-line descriptions",
        _presets_configure,
        _presets_run,
        "List the presets: the draft's configurations (figures 1-8, sections 6-8).",
    )
)
register(
    Command(
        "gap",
        "gap analysis of a placement, or --all presets compared",
        _gap_configure,
        _gap_run,
        "Derive which DMM requirements (draft 5.1) a placement meets and the trust relations "
        "it needs (5.2). With --all, one row per preset.",
    )
)
register(
    Command(
        "draw",
        "draw a placement (PNG or SVG)",
        _draw_configure,
        _draw_run,
        "Draw a placement like the draft's figures: networks, nodes with their functions, "
        "LM registrations and the data path from a CN to an MN.",
    )
)
register(
    Command(
        "validate",
        "check a placement against the framework's rules",
        _validate_configure,
        _validate_run,
    )
)
register(
    Command(
        "export",
        "write a placement as a TOML scenario (a starting point for your own)",
        _export_configure,
        _export_run,
    )
)


# --------------------------------------------------------------------------- simulations


_HELP_FLAGS = ("--help", "-h", "--PrintHelp")


def _run_configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", "--PrintHelp", action="store_true", dest="show_help",
                        help="list the parameters (with FILE: with its values)")
    parser.add_argument("scenario", nargs="?", metavar="FILE",
                        help="a TOML simulation file (see ns3dmm.simulate)")
    parser.add_argument("--out", default=".", help="directory for results.json and summary.json")
    parser.add_argument("overrides", nargs=argparse.REMAINDER, metavar="--name=value",
                        help="parameters overriding the file's; 'ns3-dmm run FILE --help' "
                        "lists them with the file's values")


def _run_help(path: str | None) -> int:
    """The parameters of ``ns3-dmm run``, with their values in the file ``path``."""
    from pathlib import Path

    import tomllib

    from ns3dmm.program import print_help, values_of

    values = None
    if path is not None:
        try:
            values = values_of(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read {path}: {exc}") from None
    print_help(sys.stdout, values,
               usage=f"ns3-dmm run {path or 'FILE'} [--name=value ...] [--out DIR]",
               about="Run the simulation the file describes, its values overridden by "
               "--name=value; writes results.json and summary.json. In brackets: "
               + ("the file's value, or the default." if path else "the default."))
    return 0


def _run_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.show_help or any(a in _HELP_FLAGS for a in args.overrides):
        return _run_help(args.scenario)
    if args.scenario is None:
        raise UsageError("give a simulation file (ns3-dmm run FILE --help lists the "
                         "parameters)")
    from ns3dmm.deploy import DeploymentError
    from ns3dmm.program import ProgramError, write_run
    from ns3dmm.scenario.config import ScenarioConfigError
    from ns3dmm.simulate import SimulationFileError, simulate_file

    overrides, out_dir = [], args.out
    rest = iter(args.overrides)
    for arg in rest:  # --out may also come after the overrides
        if arg == "--out":
            out_dir = next(rest, None)
            if out_dir is None:
                raise UsageError("--out needs a directory")
        elif arg.startswith("--out="):
            out_dir = arg.split("=", 1)[1]
        else:
            overrides.append(arg)
    out = Path(out_dir)
    try:
        if not Path(args.scenario).is_file():
            raise UsageError(f"no such simulation file: {args.scenario}")
        results = simulate_file(args.scenario, overrides)
    except (ProgramError, SimulationFileError, ScenarioConfigError, DeploymentError) as exc:
        raise UsageError(str(exc)) from None
    figures = write_run(results, out)
    latency = figures["mean_latency_s"]
    loss = figures["loss_ratio"]
    who = (f" of {figures['mobile_nodes']} mobile nodes" if figures["mobile_nodes"] > 1
           else "")
    print(f"{results.placement}: {figures['handovers']} handovers{who}, mean latency "
          f"{latency * 1000:.1f} ms" if latency is not None else
          f"{results.placement}: {figures['handovers']} handovers{who}", end="")
    print(f", loss {loss:.2%}" if loss is not None else "", end="")
    print(f"; results in {out / 'results.json'}")
    return 0


def _campaign_configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("run", "status", "plot"))
    parser.add_argument("campaign", help="a campaign name (campaigns/NAME.py) or file")
    parser.add_argument("--dir", help="campaign database directory "
                        "(default: campaign-results/NAME)")
    parser.add_argument("--archive", help="where archive folders go (default: DIR/archives)")
    parser.add_argument("--jobs", type=int, default=None, help="runs at once (default: cores)")
    parser.add_argument("--dask", metavar="ADDRESS", help="run on a dask.distributed scheduler "
                        "('local' starts a local cluster)")


def _campaign_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ns3dmm import campaign as cp

    try:
        definition = cp.load_definition(args.campaign)
    except cp.CampaignError as exc:
        raise UsageError(str(exc)) from None
    directory = Path(args.dir or Path("campaign-results") / definition.name)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.dask:
        runner: Any = cp.DaskRunner(None if args.dask == "local" else args.dask,
                                    max_parallel_processes=args.jobs)
    else:
        runner = cp.ForkRunner(max_parallel_processes=args.jobs)
    if args.action == "plot" and not directory.exists():
        raise UsageError(f"no campaign at {directory}: run it first "
                         f"(ns3-dmm campaign run {args.campaign})")
    if args.action == "status" and not directory.exists():
        raise UsageError(f"no campaign at {directory}: run it first "
                         f"(ns3-dmm campaign run {args.campaign})")
    try:
        manager = cp.open_campaign(definition, directory, runner)
    except FileExistsError:
        raise UsageError(f"{directory} exists but holds no campaign database; choose another "
                         "--dir") from None
    try:
        if args.action == "status":
            st = cp.status(definition, manager)
            print(f"{definition.name}: {st['done']} of {st['wanted']} runs done, "
                  f"{st['missing']} missing ({directory})")
            return 0
        if args.action == "run":
            try:
                cp.run_campaign(definition, manager)
            except cp.CampaignError as exc:
                print(f"ns3-dmm campaign: {exc}", file=sys.stderr)
                return 1
        if not manager.db.get_results():
            raise UsageError(f"{definition.name}: no results yet")
        out = cp.archive(definition, manager, args.archive or directory / "archives")
    finally:
        cp.close_campaign(manager)
    print(f"{definition.name}: archive in {out}")
    return 0


register(
    Command(
        "run",
        "run one simulation from a TOML file, with --name=value overrides",
        _run_configure,
        _run_run,
        "Run the simulation a TOML file describes (ns3dmm.simulate), with the scenario "
        "program's --name=value parameters overriding it; writes results.json and "
        "summary.json. 'ns3-dmm run FILE --help' lists every parameter with its "
        "description, type, allowed values and the file's value.",
        add_help=False,
    )
)
register(
    Command(
        "campaign",
        "run a SEM parameter campaign, show its status, or write its plotted archive",
        _campaign_configure,
        _campaign_run,
        "Campaigns are Python definitions in campaigns/ (NAME, PARAMS, RUNS, METRICS, parse, "
        "plot). 'run' runs what is missing (forked runs, or on Dask with --dask) and writes an "
        "archive folder (plots, CSV, README); 'status' counts runs; 'plot' writes the archive "
        "from the results there are.",
    )
)


# --------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per registered command."""
    from ns3dmm import __version__

    parser = argparse.ArgumentParser(
        prog="ns3-dmm",
        description="Unified mobility management framework (draft-chan-dmm-framework-gap-"
        "analysis): placements, gap analysis and drawings.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        p = sub.add_parser(
            command.name, help=command.help, description=command.description or command.help,
            add_help=command.add_help,
        )
        command.configure(p)
        p.set_defaults(_handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ns3-dmm`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from ns3dmm.framework import PlacementError

    try:
        return int(args._handler(args))
    except PlacementError as exc:
        print(f"ns3-dmm {args.command}: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"ns3-dmm {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
