"""TOML scenarios: the documented schema, round trips, the example files and schema errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ns3dmm import framework as fw


@pytest.mark.parametrize("name", fw.preset_names())
def test_every_preset_round_trips_through_toml(name: str) -> None:
    p = fw.build_preset(name)
    assert fw.loads(fw.dumps(p)) == p


def test_round_trip_keeps_options() -> None:
    p = fw.build_preset(
        "ro-gwar-query", mode="network", forwarding="header-rewrite", mr_at="access-router"
    )
    assert fw.loads(fw.dumps(p)) == p


def test_example_pmipv6_remote_lm(examples_dir: Path) -> None:
    p = fw.load(examples_dir / "pmipv6-remote-lm.toml")
    assert p.lm_chain("HoA11") == ("MAG31", "LM1")
    report = fw.analyse(p)
    assert report.trust_pairs == {"MN-AR", "AR-MR", "AR-LM", "MR-LM"}


def test_example_maar_central_lm(examples_dir: Path) -> None:
    p = fw.load(examples_dir / "maar-central-lm.toml")
    report = fw.analyse(p)
    assert report.trust_pairs == {"MN-AR", "MR-MR", "MR-LM"}
    assert [report.status(i) for i in ("REQ1.1", "REQ1.2", "REQ2")] == [
        fw.Status.MET,
        fw.Status.PARTLY,
        fw.Status.MET,
    ]


def test_example_preset_with_parameters(examples_dir: Path) -> None:
    p = fw.load(examples_dir / "ro-anycast-query-large.toml")
    assert p == fw.build_preset(
        "ro-anycast-query",
        networks=5,
        ars_per_network=2,
        mobile_nodes=4,
        mode="network",
        first_packet="via-home",
    )


def test_all_examples_are_valid(examples_dir: Path) -> None:
    files = sorted(examples_dir.glob("*.toml"))
    assert len(files) >= 2
    for path in files:
        fw.analyse(fw.load(path))


def test_loaded_placements_are_validated() -> None:
    text = fw.dumps(fw.build_preset("pmipv6")).replace(
        'name = "MAG31"\nnode = "AR31"', 'name = "MAG31"\nnode = "AR31"\nparent = "MR1"'
    )
    with pytest.raises(fw.PlacementError) as info:
        fw.loads(text)
    assert (info.value.element, info.value.rule) == ("MAG31", "proxy.parent")


MINIMAL = """
[placement]
name = "x"
[[networks]]
name = "Network1"
prefix = "2001:1::/48"
[networks.allocation]
name = "Alloc1"
node = "GW1"
[[nodes]]
name = "GW1"
kind = "gateway"
network = "Network1"
"""


def test_minimal_scenario_is_valid() -> None:
    p = fw.loads(MINIMAL)
    assert p.title == "x" and p.mode is fw.Mode.HOST_BASED


@pytest.mark.parametrize(
    ("text", "rule", "element", "fragment"),
    [
        ("[placement\nname = 1", "schema.syntax", "<string>", ""),
        (MINIMAL + "colour = 'red'\n", "schema.unknown-key", "GW1", "unknown key 'colour'"),
        (MINIMAL + "[extra]\n", "schema.unknown-key", "extra", "top-level"),
        (MINIMAL.replace('prefix = "2001:1::/48"\n', ""), "schema.missing-key", "Network1",
         "needs key 'prefix'"),
        ("[[networks]]\nname='N'\n", "schema.missing-key", "placement", "[placement]"),
        (MINIMAL.replace('kind = "gateway"', 'kind = "router"'), "schema.type", "GW1",
         "nodes.kind = 'router'; one of"),
        (MINIMAL.replace('name = "x"', "name = 3"), "schema.type", "placement", "not a str"),
        (MINIMAL + "[[mobility_routers]]\nname='MR1'\nnode='GW1'\nanchors='Network1'\n",
         "schema.type", "MR1", "list of str"),
        (MINIMAL + "[route_optimisation]\nrs1='anycast'\nrs2='pull'\n", "schema.type",
         "route_optimisation", "rs2 = 'pull'"),
        ("[preset]\nname = 'nope'\n", "schema.preset", "nope", "unknown preset"),
        ("[preset]\nname = 'mipv6'\nnetworks = 1\n", "schema.preset", "mipv6", "at least 2"),
        ("[preset]\nname = 'mipv6'\nmode = 'network'\n", "schema.preset", "mipv6",
         "takes no parameter"),
        ("[preset]\nname = 'mipv6'\n[placement]\nname='x'\n", "schema.unknown-key", "preset",
         "excludes"),
    ],
)  # fmt: skip
def test_schema_errors(text: str, rule: str, element: str, fragment: str) -> None:
    with pytest.raises(fw.PlacementError) as info:
        fw.loads(text)
    matching = [p for p in info.value.problems if p.rule == rule and p.element == element]
    assert matching, [str(p) for p in info.value.problems]
    assert any(fragment in p.message for p in matching)


def test_resolve_prefers_files_and_rejects_parameters_for_them(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(fw.dumps(fw.build_preset("haha")), encoding="utf-8")
    assert fw.resolve(path).name == "haha"
    assert fw.resolve("haha", networks=4).networks[-1].name == "Network4"
    with pytest.raises(ValueError, match="not to scenario files"):
        fw.resolve(path, networks=4)
    with pytest.raises(FileNotFoundError):
        fw.resolve(tmp_path / "missing.toml")
