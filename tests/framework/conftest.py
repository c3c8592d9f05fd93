"""Fixtures of the framework tests (pure Python: no ns-3 needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ns3dmm import framework as fw

#: The repository root (tests/framework/conftest.py -> ../..).
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """Directory of the example scenario files."""
    return ROOT / "examples" / "scenarios"


@pytest.fixture(scope="session")
def draft_text() -> str:
    """The draft's text, when the reference copy is available (tests quote from it)."""
    path = Path("/work/shared/reference/draft-chan-dmm-framework-gap-analysis-03.txt")
    if not path.is_file():
        pytest.skip("reference copy of the draft not available")
    return path.read_text(encoding="utf-8")


Edit = Callable[..., fw.Placement]


@pytest.fixture
def edit() -> Edit:
    """``edit(p, "mobility_routers", "MR1", lms=())``: replace fields of one named element.

    With ``name=None`` the fields of the placement itself are replaced:
    ``edit(p, None, None, mode="network")``.
    """

    def _edit(
        p: fw.Placement, array: str | None, element: str | None, /, **changes: Any
    ) -> fw.Placement:
        if array is None:
            return replace(p, **changes)
        items = getattr(p, array)
        if not any(item.name == element for item in items):
            raise KeyError(f"{array} has no element {element!r}")
        if array == "networks" and isinstance(changes.get("allocation"), dict):
            net = next(n for n in items if n.name == element)
            changes["allocation"] = replace(net.allocation, **changes["allocation"])
        new = tuple(replace(item, **changes) if item.name == element else item for item in items)
        return replace(p, **{array: new})

    return _edit
