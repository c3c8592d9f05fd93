"""The private loader: one load, and clear errors when the ns3 wheel is missing or is not the
one the library was built against."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

import pytest

import ns3dmm
from ns3dmm import _loader


def fake_installation(version: str) -> _loader.Installation:
    return _loader.Installation(Path("/x/lib/libdmm.so"), Path("/x/include"),
                                {"ns3_wheel_version": version}, Path("/x/attributes.json"))


def test_version_mismatch_names_both_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "3.45.post1")
    with pytest.raises(_loader.LoadError) as err:
        _loader.check_versions(fake_installation("3.44.post0"))
    message = str(err.value)
    assert "3.44.post0" in message and "3.45.post1" in message
    assert "pip install --force-reinstall" in message


def test_missing_wheel_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    with pytest.raises(_loader.LoadError, match=r"pip install 'ns3>=3\.44,<3\.45'"):
        _loader.check_versions(fake_installation("3.44.post0"))


def test_wrong_ns3_series_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "3.43.post9")
    with pytest.raises(_loader.LoadError, match="needs ns3 3.44"):
        _loader.check_versions(None)


def test_matching_versions_pass() -> None:
    installed = _loader.installed_ns3_version()
    _loader.check_versions(fake_installation(installed))


def test_installation_is_found_with_build_info() -> None:
    installation = _loader.find_installation()
    assert installation is not None
    assert installation.library.name == "libdmm.so"
    assert (installation.include_dir / "ns3" / "dmm-module.h").is_file()
    assert installation.build_info["ns3_version"] == "3.44"


def test_loaded_once_and_classes_exposed(ns: Any) -> None:
    assert ns3dmm.load() is ns
    assert ns3dmm.ns is ns
    assert ns3dmm.BindingUpdateHeader is ns.dmm.BindingUpdateHeader
    assert ns.dmm.MobilityL4Protocol.GetTypeId().GetName() == "ns3::dmm::MobilityL4Protocol"
    with pytest.raises(AttributeError):
        ns3dmm.NoSuchClass  # noqa: B018
    with pytest.raises(AttributeError):
        ns3dmm.no_such_function  # noqa: B018


def test_typeids_are_registered(ns: Any) -> None:
    for name in ("MobilityL4Protocol", "Ipv6TunnelL4Protocol", "BindingUpdateHeader",
                 "BindingAckHeader", "LocationManagementHeader"):
        found, tid = ns.LookupByNameFailSafe(f"ns3::dmm::{name}")
        assert found, name
        assert tid.GetGroupName() == "Dmm"
