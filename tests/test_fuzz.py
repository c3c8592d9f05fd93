"""Robustness: mutated Mobility Header messages through the codec, Packet and the
MobilityL4Protocol of a node running location management and mobility routing, with the C++
harness of ``ns3-dmm/test/mobility-fuzzer.cc`` (``benchmarks/fuzz.py`` runs 1 000 000).

Each message is checked in C++: Packet and raw parsing agree, a parsed message re-serializes
to a fixed point, the protocol accepts exactly what the codec calls well formed, nothing
throws. Here: no violation, every path of the receiver exercised, every message accounted for,
and the same seed gives the same run."""

from __future__ import annotations

from typing import Any

import pytest

from ns3dmm._loader import load_tests

RECEIVE_DROPS = ("DROP_TRUNCATED", "DROP_BAD_CHECKSUM", "DROP_UNKNOWN_MH_TYPE",
                 "DROP_BAD_PAYLOAD_PROTO", "DROP_HEADER_LEN_TOO_SHORT", "DROP_BAD_OPTION")


@pytest.fixture(scope="module")
def harness(ns: Any) -> Any:
    return load_tests().dmm.MobilityFuzzer


def counters(ns: Any, f: Any) -> dict[str, Any]:
    dmm = ns.dmm
    l4 = dmm.MobilityL4Protocol
    return {
        "messages": int(f.GetMessages()),
        "parse": [int(f.GetParseCount(s)) for s in range(6)],
        "drops": {name: int(f.GetDropCount(getattr(l4, name)))
                  for name in RECEIVE_DROPS + ("DROP_NO_HANDLER", "DROP_NO_ROUTE",
                                               "DROP_NOT_UNICAST", "DROP_TOO_LONG")},
        "received": int(f.GetReceived()),
        "delivered": int(f.GetDelivered()),
        "answers": int(f.GetAnswers()),
        "errors": int(f.GetErrorsSent()),
        "round_trips": int(f.GetRoundTrips()),
        "auth_failures": int(f.GetAuthenticationFailures()),
        "bindings": int(f.GetBindings()),
        "violations": [int(f.GetViolations(k)) for k in range(4)],
    }


@pytest.mark.parametrize(("messages", "authentication"), [(150_000, False), (100_000, True)])
def test_fuzzed_messages_break_no_property(ns: Any, simulator: Any, harness: Any,
                                           messages: int, authentication: bool) -> None:
    dmm = ns.dmm
    f = harness(2026, authentication)
    f.Run(messages)
    c = counters(ns, f)
    assert c["violations"] == [0, 0, 0, 0], str(f.GetFirstViolation())
    assert c["messages"] == messages
    # The unmutated corpus is accepted and registers.
    assert f.GetCorpusReceived() == f.GetCorpusSize() >= 19
    assert f.GetBindingsAfterCorpus() >= (1 if authentication else 2)
    # Every message is either dropped before the parser's verdict or received.
    assert c["received"] + sum(c["drops"][n] for n in RECEIVE_DROPS) == messages
    # Every way to be malformed occurs, and every receive path of the protocol is taken.
    parse = dict(zip(("ok", "truncated", "mismatch", "short", "option", "length"), c["parse"]))
    assert parse["mismatch"] == 0  # messages are parsed by the class of their own MH Type
    assert min(v for k, v in parse.items() if k != "mismatch") > messages // 100
    assert min(c["drops"][n] for n in RECEIVE_DROPS + ("DROP_NO_HANDLER",)) > messages // 200
    assert c["drops"]["DROP_NOT_UNICAST"] == 0
    assert c["round_trips"] == parse["ok"]
    # The functions receive a good share and answer; errors are rate limited (RFC 6275 9.3.3).
    assert c["delivered"] > messages // 10
    assert c["answers"] > c["errors"] > 0
    assert dmm.MobilityFuzzer.VIOLATION_COUNT == 4
    if authentication:
        assert c["auth_failures"] > messages // 50
    else:
        assert c["auth_failures"] == 0


def test_the_same_seed_gives_the_same_run(ns: Any, harness: Any) -> None:
    runs = []
    for seed in (7, 7, 8):
        f = harness(seed, False)
        f.Run(20_000)
        runs.append(counters(ns, f))
        ns.Simulator.Destroy()
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
