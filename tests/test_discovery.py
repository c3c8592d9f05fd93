"""Parameters can be discovered from the command line: ``ns3-dmm run FILE --help`` (and
``--PrintHelp``) and ``ns3-dmm-scenario --PrintHelp`` list every parameter with its
description, type, allowed values and default (the file's value where it sets one); a mistyped
name gets the closest names; an unknown placement, or one not simulated yet, is refused in one
line before ns-3 loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ns3dmm import program
from ns3dmm.cli import main as cli_main

TOML = Path(__file__).resolve().parents[1] / "examples" / "simulations" / "pmipv6-handover.toml"


def options(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("--") and ":" in line:
            name, rest = line[2:].split(":", 1)
            out[name] = rest.strip()
    return out


@pytest.mark.parametrize("flag", ["--help", "--PrintHelp", "-h"])
def test_run_file_help_lists_every_parameter_with_the_files_values(
        flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["run", str(TOML), flag]) == 0
    listed = options(capsys.readouterr().out)
    assert set(program.PARAMETERS_BY_NAME) <= set(listed)
    # The file's values in brackets, the program's defaults for what it leaves out.
    assert listed["placement"].endswith("[pmipv6]")
    assert listed["mobility_start_s"].endswith("[2.0]")
    assert listed["wifi_max_missed_beacons"].endswith("[3]")
    # Description, type and allowed values.
    assert "duplicate address detection" in listed["dad"] and "(bool)" in listed["dad"]
    assert "one of true, false, auto" in listed["router_advertisements"]
    assert "one of mipv6, mipv6-ro, pmipv6" in listed["placement"]
    assert "(float)" in listed["stop_s"]


def test_run_help_without_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["run", "--help"]) == 0
    listed = options(capsys.readouterr().out)
    assert listed["placement"].endswith("[mipv6]")


def test_the_scenario_program_describes_its_parameters(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert program.main(["--PrintHelp"]) == 0
    listed = options(capsys.readouterr().out)
    for p in program.PARAMETERS:
        text = listed[p.name]
        assert not text.startswith(("scenario:", "functions:")), p.name  # a real description
        assert text.endswith("]")
    assert "RFC 4862" in listed["dad"]


def test_a_mistyped_name_gets_the_closest_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["run", str(TOML), "--mobility_sped_mps=20"]) == 2
    err = capsys.readouterr().err
    assert "did you mean --mobility_speed_mps" in err
    with pytest.raises(program.ProgramError, match="did you mean --RngRun"):
        program.parse(["--RngRum=3"])
    with pytest.raises(program.ProgramError, match="not one of true, false, auto"):
        program.parse(["--router_advertisements=sometimes"])
    with pytest.raises(program.ProgramError, match="did you mean pmipv6"):
        program.parse(["--placement=pmipv7"])


#: Runs the command line, then says on stdout whether cppyy (and so ns-3) was imported.
_CLI = ("import sys\nfrom ns3dmm import cli\ncode = cli.main(sys.argv[1:])\n"
        "print('cppyy imported' if 'cppyy' in sys.modules else 'cppyy not imported')\n"
        "sys.exit(code)\n")


def _cli(*args: str) -> tuple[int, str, bool]:
    """Exit status, standard error, and whether ns-3 was loaded."""
    done = subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip().splitlines()[-1] in ("cppyy imported", "cppyy not imported")
    return done.returncode, done.stderr, done.stdout.strip().endswith("cppyy imported")


def test_an_unknown_placement_is_refused_in_one_line(tmp_path: Path) -> None:
    sim = tmp_path / "sim.toml"
    sim.write_text('[simulation]\nplacement = "pmipv7"\n')
    code, err, loaded = _cli("run", str(sim))
    assert code == 2
    assert err.count("\n") == 1 and "did you mean pmipv6" in err
    assert not loaded


def test_a_placement_not_simulated_yet_is_refused_before_ns3_loads() -> None:
    code, err, loaded = _cli("run", str(TOML), "--placement=ro-anycast-push", "--mode=host",
                             "--forwarding=header-rewrite")
    assert code == 2
    assert err.count("\n") == 1 and "header rewrite with host-based" in err
    assert not loaded
