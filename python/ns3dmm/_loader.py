"""Private loader: finds the compiled ns3-dmm library, loads ns-3 through the ns3 wheel's cppyy
bindings and then our library and headers, exactly once.

Every piece of C++ the Python layer uses is compiled into the library (``ns3-dmm/helper``):
nothing is handed to cling as source text at run time."""

from __future__ import annotations

import contextlib
import ctypes
import importlib.metadata
import importlib.util
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LIB_NAME = "libdmm.so"
_MODULE_HEADER = "ns3/dmm-module.h"
_BUILD_DIR_ENV = "NS3DMM_BUILD_DIR"
_FIX = "Reinstall ns3dmm in this environment so that it is rebuilt: pip install --force-reinstall ."


class LoadError(ImportError):
    """ns-3 or the ns3-dmm library cannot be loaded; the message says why and how to fix it."""


@dataclass(frozen=True, slots=True)
class Installation:
    """Where the compiled part of ns3dmm lives."""

    library: Path
    include_dir: Path
    build_info: dict[str, str]
    #: the attributes of the ns3::dmm TypeIds, exported by the build (ns3dmm.attributes)
    attributes: Path


def installed_ns3_version() -> str:
    """Version of the installed ns3 wheel; LoadError if there is none."""
    try:
        return importlib.metadata.version("ns3")
    except importlib.metadata.PackageNotFoundError:
        raise LoadError(
            "ns3dmm needs the ns3 wheel (ns-3 3.44) but no 'ns3' distribution is installed in "
            "this environment. Install it with: pip install 'ns3>=3.44,<3.45'"
        ) from None


def find_installation() -> Installation | None:
    """The compiled library next to the package, or in $NS3DMM_BUILD_DIR (a CMake build tree)."""
    candidates: list[tuple[Path, Path, Path]] = []
    build_dir = os.environ.get(_BUILD_DIR_ENV)
    if build_dir:
        b = Path(build_dir)
        candidates.append((b / _LIB_NAME, b / "include", b / "build-info.json"))
    import ns3dmm

    for entry in ns3dmm.__path__:
        p = Path(entry)
        candidates.append((p / "lib" / _LIB_NAME, p / "include", p / "build-info.json"))
    for library, include_dir, info in candidates:
        if library.is_file() and (include_dir / _MODULE_HEADER).is_file():
            build_info = json.loads(info.read_text()) if info.is_file() else {}
            return Installation(library, include_dir, build_info,
                                info.parent / "attributes.json")
    return None


def check_versions(installation: Installation | None) -> None:
    """LoadError unless the ns3 wheel is installed and is the one the library was built with."""
    found = installed_ns3_version()
    built = installation.build_info.get("ns3_wheel_version") if installation else None
    if built and built != found:
        raise LoadError(
            f"ns3dmm was built against the ns3 wheel {built}, but ns3 {found} is installed "
            f"({installation.library}). {_FIX}"
        )
    if not found.startswith("3.44"):
        raise LoadError(f"ns3dmm needs ns3 3.44.x, found ns3 {found}. "
                        "Install it with: pip install 'ns3>=3.44,<3.45'")


@contextlib.contextmanager
def _quiet_cwd():
    """`from ns import ns` globs for shared libraries under the working directory; run it from
    the wheel's own directory so a large or unrelated working directory costs nothing."""
    spec = importlib.util.find_spec("ns3")
    target = next(iter(spec.submodule_search_locations)) if spec else None
    old = os.getcwd()
    if target:
        os.chdir(target)
    try:
        yield
    finally:
        os.chdir(old)


def _preload_core(wheel_dir: Path) -> None:
    """Load ns-3's core library, with its symbols global, before the wheel's loader runs.

    The wheel's loader includes every module header before it loads the libraries; nstime.h
    defines a static initializer (``g_timeInitHelper``) in each translation unit, which cling
    then cannot link ("[runStaticInitializersOnce]: Failed to materialize symbols", twice).
    With the core library already loaded, cling resolves it and nothing is printed."""
    for library in sorted((wheel_dir / "lib64").glob("libns3*-core.so")):
        ctypes.CDLL(str(library), mode=ctypes.RTLD_GLOBAL)


_lock = threading.Lock()
_ns: Any = None

def load() -> Any:
    """Load ns-3 and ns3-dmm once; return cppyy's `ns3` namespace (with `.dmm`)."""
    global _ns
    if _ns is not None:
        return _ns
    with _lock:
        if _ns is not None:
            return _ns
        installation = find_installation()
        check_versions(installation)
        if installation is None:
            raise LoadError(
                "the compiled ns3-dmm library (lib/libdmm.so and include/ns3/dmm-module.h) was "
                "not found next to the ns3dmm package nor in $NS3DMM_BUILD_DIR. "
                "Install the project with: pip install ."
            )
        spec = importlib.util.find_spec("ns3")
        if spec is not None and spec.submodule_search_locations:
            _preload_core(Path(next(iter(spec.submodule_search_locations))))
        with _quiet_cwd():
            from ns import ns  # noqa: PLC0415  (7-11 s: the wheel includes every module header)
        import cppyy  # noqa: PLC0415

        cppyy.add_include_path(str(installation.include_dir))
        cppyy.load_library(str(installation.library))
        cppyy.include(_MODULE_HEADER)
        _ns = ns
        return _ns


_TEST_LIB_NAME = "libdmm-test.so"
_tests_loaded = False


def load_tests() -> Any:
    """Load ns-3, ns3-dmm and the module's test library (``ns3-dmm/test``: the robustness
    harness ``ns3.dmm.MobilityFuzzer``) once; return cppyy's ``ns3`` namespace."""
    global _tests_loaded
    ns = load()
    with _lock:
        if not _tests_loaded:
            installation = find_installation()
            assert installation is not None  # load() succeeded
            library = installation.library.with_name(_TEST_LIB_NAME)
            if not library.is_file():
                raise LoadError(f"the ns3-dmm test library {library} is missing. {_FIX}")
            import cppyy  # noqa: PLC0415

            cppyy.load_library(str(library))
            cppyy.include("ns3/mobility-fuzzer.h")
            _tests_loaded = True
    return ns
