#!/usr/bin/env python3
"""Draws handover-timeline.png of dmm.rst: the second handover (AR12 -> AR21) of the examples'
MIPv6 run (ns3dmm.experiments, seed 1, run 1), measured, with the analytic model beside it."""

from __future__ import annotations

from pathlib import Path

from ns3dmm import experiments
from ns3dmm.plotting import handover_anatomy


def main() -> None:
    results = experiments.run("mipv6")
    k = 1
    handover = results.handovers["MN11"][k]
    model = results.model["MN11"][k]
    handover_anatomy(handover, Path(__file__).with_name("handover-timeline.png"), model,
                     title="MIPv6 handover AR12 -> AR21 (examples' experiment, seed 1, run 1)")


if __name__ == "__main__":
    main()
