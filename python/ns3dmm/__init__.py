"""ns3dmm: the unified mobility management framework of draft-chan-dmm-framework-gap-analysis
as an ns-3 module with Python bindings.

Importing the package is cheap and checks that the ns3 wheel it was built against is installed.
ns-3 itself (7-11 s) and the compiled module are loaded on first use: ``ns3dmm.load()``, or any
access to ``ns3dmm.ns`` (cppyy's ``ns3`` namespace), ``ns3dmm.dmm`` (``ns3::dmm``) or a class of
the module such as ``ns3dmm.BindingUpdateHeader``.
"""

from __future__ import annotations

from typing import Any

from ns3dmm._loader import LoadError, check_versions, find_installation, load

__version__ = "0.1.0"
__all__ = ["LoadError", "__version__", "load"]

check_versions(find_installation())


def __getattr__(name: str) -> Any:
    if name == "ns":
        return load()
    if name == "dmm":
        return load().dmm
    if name[:1].isupper():
        dmm = load().dmm
        try:
            return getattr(dmm, name)
        except AttributeError:
            pass
    raise AttributeError(f"module 'ns3dmm' has no attribute {name!r}")
