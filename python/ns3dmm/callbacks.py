"""Python functions called from a running simulation, for control-plane events only (scripted
signalling in examples and tests); never use them per data packet."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from ns3dmm._loader import load

_callables: dict[int, Callable[..., None]] = {}
_ids = itertools.count(1)
_installed = False


def _dispatch_call(key: int) -> None:
    fn = _callables.pop(key, None)  # a scheduled call runs once; gone after release()
    if fn is not None:
        fn()


def _dispatch_message(key: int, message: Any, ip_header: Any, interface: int) -> None:
    fn = _callables.get(key)
    if fn is None:
        return
    # The C++ objects live only while the handler runs: hand Python its own copies (cppyy
    # presents ``message`` as its concrete class, whose copy constructor keeps every field).
    fn(type(message)(message), type(ip_header)(ip_header), interface)


def _register(fn: Callable[..., None]) -> int:
    global _installed
    if not callable(fn):
        raise TypeError(f"{fn!r} is not callable")
    if not _installed:
        load().dmm.ScriptCallbacks.SetDispatchers(_dispatch_call, _dispatch_message)
        _installed = True
    key = next(_ids)
    _callables[key] = fn
    return key


def schedule(seconds: float, fn: Callable[[], None]) -> None:
    """Call ``fn()`` after ``seconds`` of simulated time from now."""
    if seconds < 0:
        raise ValueError(f"cannot schedule {seconds} s in the past")
    key = _register(fn)
    load().dmm.ScriptCallbacks.Schedule(float(seconds), key)


def message_handler(fn: Callable[[Any, Any, int], None]) -> Any:
    """A MobilityL4Protocol::MessageHandler calling ``fn(message, ipv6_header, interface)``;
    ``message`` is a copy of the concrete message (BindingUpdateHeader, ...) and may be kept."""
    key = _register(fn)
    return load().dmm.ScriptCallbacks.MakeMessageHandler(key)


def on_sent(l4: Any, fn: Callable[[Any, Any, int], None]) -> None:
    """Call ``fn(message, ipv6_header, 0)`` for every Mobility Header message the
    MobilityL4Protocol ``l4`` sends (parsed; the header carries its source and destination):
    a script watching a node's signalling leave it, such as an eavesdropper on its link."""
    key = _register(fn)
    load().dmm.ScriptCallbacks.ConnectSent(l4, key)


def release() -> None:
    """Forget every registered function (after ``Simulator::Destroy``)."""
    _callables.clear()
