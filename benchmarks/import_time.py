#!/usr/bin/env python3
"""Cost of loading ns3dmm against loading the ns3 wheel alone.

Each measurement is a fresh interpreter started in an empty directory, timed from the start of
the import to its end: ``from ns import ns`` (the wheel: every ns-3 module header through
cppyy), then ``import ns3dmm; ns3dmm.load()`` (the wheel, our library and its headers),
and ``import ns3dmm`` alone (the cheap import: version checks only). Prints the medians and the
difference, and writes them as JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

SNIPPETS = {
    "from ns import ns": "from ns import ns",
    "import ns3dmm; ns3dmm.load()": "import ns3dmm; ns3dmm.load()",
    "import ns3dmm": "import ns3dmm",
}


def measure(code: str, cwd: str) -> float:
    program = (
        "import time; t = time.perf_counter()\n"
        f"{code}\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", program], cwd=cwd, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as cwd:
        for name, code in SNIPPETS.items():
            samples = [measure(code, cwd) for _ in range(args.repeat)]
            results[name] = {"median_s": statistics.median(samples), "samples_s": samples}
            print(f"{name:32s} median {statistics.median(samples):6.2f} s  "
                  f"({', '.join(f'{s:.2f}' for s in samples)})")
    extra = (results["import ns3dmm; ns3dmm.load()"]["median_s"]
             - results["from ns import ns"]["median_s"])
    results["ns3dmm_extra_s"] = extra
    print(f"ns3dmm costs {extra:+.2f} s over the ns3 wheel alone")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
