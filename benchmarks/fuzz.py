#!/usr/bin/env python3
"""Robustness at scale: mutated Mobility Header messages (1 000 000 by default) through the
codec, Packet and the MobilityL4Protocol of a node running a location management and a
mobility routing function (``ns3-dmm/test/mobility-fuzzer.cc``; CI runs the same harness on
fewer messages in ``tests/test_fuzz.py``).

Reports the parse statuses, the receiver's drops by reason, what reached the functions, the
answers sent, the property violations (must be 0) and the cost per message. Runs with the
location management function's RFC 4285 authentication off and on, each in a fresh process
(ns-3's simulator runs once per harness).

    python benchmarks/fuzz.py [--messages N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

PARSE = ("PARSE_OK", "TRUNCATED", "TYPE_MISMATCH", "HEADER_LEN_TOO_SHORT", "OPTION_TRUNCATED",
         "OPTION_BAD_LENGTH")
DROPS = ("TRUNCATED", "BAD_CHECKSUM", "UNKNOWN_MH_TYPE", "BAD_PAYLOAD_PROTO",
         "HEADER_LEN_TOO_SHORT", "BAD_OPTION", "NO_HANDLER", "NO_ROUTE", "NOT_UNICAST",
         "TOO_LONG", "LOST")
VIOLATIONS = ("PACKET_MISMATCH", "ROUND_TRIP", "VERDICT", "EXCEPTION")


def report(fuzzer) -> dict:  # noqa: ANN001 (a cppyy object)
    """The harness's counters as a plain dictionary."""
    return {
        "messages": int(fuzzer.GetMessages()),
        "corpus": int(fuzzer.GetCorpusSize()),
        "corpus_received": int(fuzzer.GetCorpusReceived()),
        "checksummed": int(fuzzer.GetChecksummed()),
        "unknown_mh_types": int(fuzzer.GetUnknownTypes()),
        "parse": {name: int(fuzzer.GetParseCount(i)) for i, name in enumerate(PARSE)},
        "round_trips": int(fuzzer.GetRoundTrips()),
        "drops": {name: int(fuzzer.GetDropCount(i)) for i, name in enumerate(DROPS)},
        "received": int(fuzzer.GetReceived()),
        "delivered_to_functions": int(fuzzer.GetDelivered()),
        "answers_sent": int(fuzzer.GetAnswers()),
        "errors_sent": int(fuzzer.GetErrorsSent()),
        "authentication_failures": int(fuzzer.GetAuthenticationFailures()),
        "violations": {name: int(fuzzer.GetViolations(i)) for i, name in enumerate(VIOLATIONS)},
        "first_violation": str(fuzzer.GetFirstViolation()),
    }


def one(messages: int, seed: int, authentication: bool) -> dict:
    """Run the harness once in this process."""
    from ns3dmm._loader import load_tests

    ns = load_tests()
    fuzzer = ns.dmm.MobilityFuzzer(seed, authentication)
    t0 = time.perf_counter()
    fuzzer.Run(messages)
    wall = time.perf_counter() - t0
    out = report(fuzzer)
    ns.Simulator.Destroy()
    out.update(authentication=authentication, seed=seed, wall_s=wall,
               us_per_message=wall / max(messages, 1) * 1e6)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", choices=("off", "on"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    if args.one:
        print(json.dumps(one(args.messages, args.seed, args.one == "on")))
        return 0
    results = []
    for auth in ("off", "on"):
        run = subprocess.run([sys.executable, __file__, "--messages", str(args.messages),
                              "--seed", str(args.seed), "--one", auth],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stderr[-4000:], file=sys.stderr)
            print(f"fuzz: the run with authentication {auth} failed "
                  f"(exit status {run.returncode})", file=sys.stderr)
            return 1
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    for r in results:
        print(f"authentication {'on' if r['authentication'] else 'off'}: "
              f"{r['messages']} messages in {r['wall_s']:.1f} s "
              f"({r['us_per_message']:.1f} us each), seed {r['seed']}")
        print("  parse:   " + ", ".join(f"{k} {v}" for k, v in r["parse"].items()))
        print("  drops:   " + ", ".join(f"{k} {v}" for k, v in r["drops"].items() if v))
        print(f"  received {r['received']}, to functions {r['delivered_to_functions']}, "
              f"answers {r['answers_sent']} (errors {r['errors_sent']}), "
              f"authentication failures {r['authentication_failures']}, "
              f"unknown MH types {r['unknown_mh_types']}, round trips {r['round_trips']}")
        print("  violations: " + ", ".join(f"{k} {v}" for k, v in r["violations"].items()))
        if r["first_violation"]:
            print(f"  first: {r['first_violation']}")
    print(json.dumps(results, indent=1))
    return 1 if any(sum(r["violations"].values()) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
