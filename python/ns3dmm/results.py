"""The one schema of every ``results.json`` ns3dmm writes (examples, ``ns3-dmm run``,
:func:`ns3dmm.simulate.simulate`, the scenario program of campaigns).

A results file is one JSON object::

    {
      "schema": "ns3dmm.results/1",
      "provenance": {"ns3dmm": "0.1.0", "ns3": "3.44.post0", "ns3_version": "3.44",
                     "commit": "<git commit of the ns3dmm source, '-dirty' if modified>",
                     "python": "3.11.7", "cppyy": "3.5.0"},
      "simulations": [
        {"configuration": {<the complete simulation document: [simulation], [scenario],
                            [functions], [[traffic]], every default filled in, after
                            overrides>},
         "results": {<what the run measured: Results fields>}}
      ],
      "wall_clock": {"simulations": [{"total_s": ..., "simulation_s": ..., "load_s": ...,
                                      "build_s": ..., "deploy_s": ..., "traffic_s": ...,
                                      "run_s": ..., "readout_s": ...,
                                      "events": <events the simulator executed>}]}
    }

Everything outside ``wall_clock`` is a function of the configuration and the code: running the
same configuration again with the same ns3dmm and ns3 writes the same octets there
(``tests/test_results_schema.py``). ``configuration`` is itself a simulation document:
:func:`ns3dmm.simulate.simulate_document` runs it again.
"""

from __future__ import annotations

import importlib.metadata
import json
import platform
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA", "ResultsFileError", "document", "load", "provenance", "write"]

#: Name and version of the schema.
SCHEMA = "ns3dmm.results/1"


class ResultsFileError(ValueError):
    """A file is not an ns3dmm results file of this schema; the message says why."""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def git_commit(where: Path) -> str | None:
    """The commit of the git checkout holding ``where``, with ``-dirty`` when tracked files
    were modified; None without git or outside a checkout."""
    try:
        commit = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(where), "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("-dirty" if dirty else "")


@lru_cache(maxsize=1)
def source_commit() -> str:
    """The git commit of the ns3dmm source: of the checkout when the package is imported
    from its source tree (``python/ns3dmm`` of a checkout: a development install), with
    ``-dirty`` when tracked files were modified; else (an installed package) the one recorded
    when the library was built; ``unknown`` without either."""
    here = Path(__file__).resolve().parent
    top = here.parent.parent
    if here == top / "python" / "ns3dmm" and (top / "ns3-dmm" / "CMakeLists.txt").is_file():
        commit = git_commit(top)
        if commit is not None:
            return commit
    from ns3dmm._loader import find_installation  # noqa: PLC0415

    installation = find_installation()
    if installation is not None:
        return installation.build_info.get("commit", "unknown") or "unknown"
    return "unknown"


def provenance() -> dict[str, str]:
    """What made a result: the versions of ns3dmm, the ns3 wheel (and its ns-3 release),
    Python and cppyy, and the ns3dmm source commit."""
    ns3 = _version("ns3")
    return {"ns3dmm": _version("ns3dmm"), "ns3": ns3,
            "ns3_version": ".".join(ns3.split(".")[:2]) if ns3 != "unknown" else "unknown",
            "commit": source_commit(), "python": platform.python_version(),
            "cppyy": _version("cppyy")}


def document(simulations: Sequence[Any]) -> dict[str, Any]:
    """The results document of some runs (:class:`ns3dmm.simulate.Results`)."""
    return {
        "schema": SCHEMA,
        "provenance": provenance(),
        "simulations": [{"configuration": r.configuration, "results": r.measured()}
                        for r in simulations],
        "wall_clock": {"simulations": [dict(r.wall) for r in simulations]},
    }


def dumps(simulations: Sequence[Any]) -> str:
    """The results document as JSON text."""
    return json.dumps(document(simulations), indent=2) + "\n"


def write(path: str | Path, simulations: Sequence[Any]) -> Path:
    """Write the results document of some runs to ``path``; return it."""
    path = Path(path)
    path.write_text(dumps(simulations))
    return path


def load(path: str | Path) -> dict[str, Any]:
    """Read a results file and check its schema."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ResultsFileError(f"{path}: not a readable JSON file: {exc}") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        found = doc.get("schema") if isinstance(doc, dict) else type(doc).__name__
        raise ResultsFileError(f"{path}: schema {found!r}, expected {SCHEMA!r}")
    for key in ("provenance", "simulations", "wall_clock"):
        if key not in doc:
            raise ResultsFileError(f"{path}: no {key!r} section")
    return doc
