"""Statistics of campaign results that cannot show impossible values: the mean of a sample
with a percentile bootstrap confidence interval (the interval of a positive quantity stays
positive, inside the range of the sample), and the sample size next to it.

A Student t interval assumes a normal mean; handover latencies are skewed (a retransmitted
registration adds a second), and with few runs the t interval of a positive quantity reaches
below zero. The percentile bootstrap resamples the runs themselves: its bounds are means of
resamples, so they lie between the smallest and the largest value. The price is coverage at
small n: with two values the interval is their range, which holds the true mean about half the
time, and it reaches its nominal level only from about ten values on. n is reported beside
every interval for that reason; the campaigns here run ten per combination.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["MeanCI", "mean_ci"]

#: Resamples of the bootstrap, and the seed that makes an interval repeatable.
RESAMPLES = 4000
SEED = 20261202


@dataclass(frozen=True, slots=True)
class MeanCI:
    """A sample's size, mean, standard deviation and the bootstrap confidence interval of its
    mean (NaN bounds below two values)."""

    n: int
    mean: float
    std: float
    low: float
    high: float
    level: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def mean_ci(values: Iterable[float | None], level: float = 0.95,
            resamples: int = RESAMPLES, seed: int = SEED) -> MeanCI:
    """The mean of the finite values and its percentile bootstrap confidence interval (the
    same for the same values in any order)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    # Sorted: the interval depends on the values, not on the order they came in (runs finish
    # in any order).
    v = np.sort([float(x) for x in values if x is not None and math.isfinite(float(x))])
    n = len(v)
    if n == 0:
        return MeanCI(0, math.nan, math.nan, math.nan, math.nan, level)
    mean = float(v.mean())
    std = float(v.std(ddof=1)) if n > 1 else 0.0
    if n == 1:
        return MeanCI(1, mean, std, math.nan, math.nan, level)
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return MeanCI(n, mean, std, float(low), float(high), level)
