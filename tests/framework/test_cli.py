"""The ns3-dmm command line: presets, gap, draw, validate, export; --help everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ns3dmm import cli
from ns3dmm import framework as fw


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = cli.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_presets(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "presets")
    assert rc == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == list(fw.preset_names())
    assert "Proxy Mobile IPv6" in out
    # Whether each simulates, as 'run' decides it.
    from ns3dmm.deploy import simulated_presets

    width = max(len(n) for n in fw.preset_names())
    column = {line.split()[0]: line[width + 2 + 18:].split()[0] for line in lines[:-1]}
    assert {n for n, v in column.items() if v == "yes"} == set(simulated_presets())
    assert {"mipv6", "pmipv6"} <= set(simulated_presets())
    assert column["hmipv6-host"] == "yes"
    assert column["distributed"] == "yes"
    assert column["dynamic"] == "yes"
    assert column["distributed-lm"] == "yes"
    assert column["ro-anycast-query"] == "yes"
    assert column["ro-anycast-push"] == "yes"
    assert "whether 'ns3-dmm run' simulates it" in lines[-1]
    assert set(column.values()) == {"yes"}
    rc, out, _ = run(capsys, "presets", "--names")
    assert out.split() == list(fw.preset_names())


def test_gap_all_prints_the_comparison_table(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "gap", "--all")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Placement", "REQ1.1", "REQ1.2"]
    for name in fw.preset_names():
        assert any(line.startswith(f"{name} ") for line in lines), name
    assert "MN-AR AR-MR" in out


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_gap_all_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    rc, out, _ = run(capsys, "gap", "--all", "--format", fmt, "--ascii")
    assert rc == 0
    if fmt == "json":
        assert len(json.loads(out)["placements"]) == len(fw.preset_names())
    else:
        assert out.startswith("| Placement |") and "| ~ |" in out


def test_gap_of_a_preset_with_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("gap", "haha", "--networks", "4", "--mode", "network", "--format", "json")
    rc, out, _ = run(capsys, *argv)
    assert rc == 0
    data = json.loads(out)
    assert {t["pair"] for t in data["trust"]} == {"MN-AR", "AR-MR", "LM-LM"}
    assert "4 networks" in data["requirements"][0]["reason"]


def test_gap_of_a_file(capsys: pytest.CaptureFixture[str], examples_dir: Path) -> None:
    rc, out, _ = run(capsys, "gap", str(examples_dir / "pmipv6-remote-lm.toml"), "--format", "md")
    assert rc == 0 and "| MR-LM |" in out


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, _, err = run(capsys, "gap", "no-such-preset")
    assert rc == 2 and "unknown preset 'no-such-preset'" in err
    rc, _, err = run(capsys, "gap")
    assert rc == 2 and "--all" in err
    rc, _, err = run(capsys, "gap", "mipv6", "--mode", "network")
    assert rc == 2 and "takes no parameter" in err
    rc, _, err = run(capsys, "gap", str(tmp_path / "missing.toml"))
    assert rc == 2 and "no such scenario file" in err
    rc, _, err = run(capsys, "draw", "mipv6", "-o", str(tmp_path / "x.gif"))
    assert rc == 2 and ".png or .svg" in err


def test_invalid_scenario_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = fw.dumps(fw.build_preset("haha")).replace(
        'members = ["MR1", "MR2", "MR3"]', 'members = ["MR1"]'
    )
    bad.write_text(text, encoding="utf-8")
    rc, _, err = run(capsys, "gap", str(bad))
    assert rc == 1
    assert "HA-anycast: anycast group HA-anycast has a single MR" in err
    assert "[rule anycast.single" in err
    rc, _, err = run(capsys, "validate", str(bad))
    assert rc == 1


def test_draw_png_and_svg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    png, svg = tmp_path / "h.png", tmp_path / "h.svg"
    rc, out, _ = run(capsys, "draw", "hmipv6-host", "-o", str(png), "-o", str(svg))
    assert rc == 0 and out.split() == [str(png), str(svg)]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_export_and_validate_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "d.toml"
    rc, _, _ = run(capsys, "export", "ro-gwar-push", "--mns", "2", "--mode", "network", "-o",
                   str(out_file))
    assert rc == 0
    rc, out, _ = run(capsys, "validate", str(out_file))
    assert rc == 0 and out.startswith("ro-gwar-push: valid placement")
    assert out.splitlines()[1] == "simulates: yes"
    # header rewrite simulates with network-based mobile nodes, not with host-based ones
    out_file.write_text(out_file.read_text().replace('forwarding = "tunnel"',
                                                     'forwarding = "header-rewrite"'))
    rc, out, _ = run(capsys, "validate", str(out_file))
    assert rc == 0 and out.splitlines()[1] == "simulates: yes"
    out_file.write_text(out_file.read_text().replace('mode = "network"', 'mode = "host"'))
    rc, out, _ = run(capsys, "validate", str(out_file))
    assert rc == 0 and out.splitlines()[1].startswith("simulates: no (header rewrite with "
                                                      "host-based")
    rc, out, _ = run(capsys, "validate", "pmipv6")
    assert out.splitlines() == ["pmipv6: valid placement (9 nodes)", "simulates: yes"]
    rc, out, _ = run(capsys, "export", "mipv6")
    assert fw.loads(out) == fw.build_preset("mipv6")


@pytest.mark.parametrize("argv", [[], ["presets"], ["gap"], ["draw"], ["validate"], ["export"]])
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([*argv, "--help"])
    assert info.value.code == 0
    assert "usage: ns3-dmm" in capsys.readouterr().out


def test_commands_are_a_registry() -> None:
    assert [c.name for c in cli.COMMANDS][:3] == ["presets", "gap", "draw"]
    extra = cli.Command("hello", "say hello", lambda p: None, lambda a: 0)
    try:
        cli.register(extra)
        assert cli.main(["hello"]) == 0
    finally:
        cli.COMMANDS.remove(extra)
