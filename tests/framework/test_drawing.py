"""Drawings of every preset, as PNG and SVG files that decode."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ns3dmm import framework as fw

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _check_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000


def _check_svg(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


@pytest.mark.parametrize("name", fw.preset_names())
def test_every_preset_is_drawn(name: str, tmp_path: Path) -> None:
    from ns3dmm.framework.drawing import render, save

    fig = render(fw.build_preset(name))
    _check_png(save(fig, tmp_path / f"{name}.png"))
    root = _check_svg(save(fig, tmp_path / f"{name}.svg"))
    text = "".join(root.itertext())
    # Node labels and the functions they host appear in the picture.
    assert "CN21" in text and "MN11" in text and "Internet core" in text


def test_svg_shows_functions_and_data_path(tmp_path: Path) -> None:
    out = fw.draw(fw.build_preset("pmipv6"), tmp_path / "p.svg")
    text = "".join(_check_svg(out).itertext())
    for label in ("LMA1", "Alloc1 MR1", "MAG31", "data path CN21 -> HoA11 (MN11)"):
        assert label in text
    assert "attachment to proxy" in text and "LM registration" in text


def test_chosen_cn_and_hoa(tmp_path: Path) -> None:
    p = fw.build_preset("dynamic", mobile_nodes=2)
    out = fw.draw(p, tmp_path / "d.svg", cn="CN21", hoa="HoA21")
    assert "data path CN21 -> HoA21 (MN21)" in "".join(_check_svg(out).itertext())


def test_bad_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        fw.draw(fw.build_preset("mipv6"), tmp_path / "x.jpg")


def test_large_placement_is_drawn(tmp_path: Path) -> None:
    p = fw.build_preset("haha", networks=5, ars_per_network=3, mobile_nodes=6, mode="network")
    _check_png(fw.draw(p, tmp_path / "big.png"))
