"""Estimates with their 95 % intervals, for comparing runs: a share with its Wilson interval,
and the shift of a median date with a paired percentile bootstrap.

Dates are day numbers (`analysis.measures`), never as +inf: a median is never reached when
fewer than half the replicates agree, and a shift is then infinite. Base and counterfactual
share their seed streams replicate by replicate, so the bootstrap resamples them in pairs.
"""

from __future__ import annotations

import math

import numpy as np

from analysis.measures import day_number, quantile_day

Z95 = 1.959963984540054
"""The normal quantile of a two-sided 95 % interval."""
RESAMPLES = 1000
"""Bootstrap resamples of a median shift, by default."""


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float, float]:
    """Share `successes / n` with its Wilson score interval (sound near 0 and 1, unlike Wald's)."""
    if n <= 0:
        return math.nan, math.nan, math.nan
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(centre - half, 0.0)
    high = 1.0 if successes == n else min(centre + half, 1.0)
    return p, low, high


def median_day(days: np.ndarray) -> float:
    """The day by which half the replicates agreed (never if fewer did): `date_quantiles`' p50."""
    return quantile_day(days, 0.5)


def weighted_median(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Median of `values` repeated `counts[b]` times, for each row b of `counts` (B x K)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(counts[:, order], axis=1)
    k = np.ceil(0.5 * cumulative[:, -1]).clip(min=1)
    return values[order][np.argmax(cumulative >= k[:, None], axis=1)]


def median_shift(
    base_days: np.ndarray,
    cf_days: np.ndarray,
    rng: np.random.Generator,
    resamples: int = RESAMPLES,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """Counterfactual minus base median day, with a paired percentile bootstrap interval.

    Resampling replicate pairs is drawn as multinomial counts over the
    distinct (base, counterfactual) day pairs: the same distribution as
    resampling indices, at a cost independent of the replicate count. A shift
    is +inf (-inf) when only the counterfactual's (base's) median is never
    reached; resamples where neither is reached are left out of the interval.
    """
    pairs, counts = distinct_pairs(base_days, cf_days)
    draws = rng.multinomial(base_days.size, counts / counts.sum(), size=resamples)
    shifts = _difference(weighted_median(pairs[:, 1], draws), weighted_median(pairs[:, 0], draws))
    estimate = _difference(np.array([median_day(cf_days)]), np.array([median_day(base_days)]))
    return (float(estimate[0]), *_percentile_interval(shifts, level))


def distinct_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs in lexicographic order, and how often each occurs.

    The result of `np.unique(np.stack([first, second], axis=1), axis=0, return_counts=True)`
    (for values without NaN), computed from each column's distinct values: that sorts
    numbers, not rows, and is many times faster for a million replicates. Pairs come as
    float64 (day numbers kept as exact float32 give the same pairs).
    """
    if first.size == 0:
        return np.empty((0, 2), dtype=np.result_type(first, second)), np.array([], dtype="int64")
    firsts, first_codes = np.unique(first, return_inverse=True)
    seconds, second_codes = np.unique(second, return_inverse=True)
    width = seconds.size
    codes, counts = np.unique(
        first_codes.astype("int64") * width + second_codes, return_counts=True
    )
    pairs = np.stack([firsts[codes // width], seconds[codes % width]], axis=1)
    return pairs.astype(np.result_type(pairs, np.float64)), counts


def _difference(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return later - earlier  # inf - inf (neither reached) is nan


def _percentile_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    """Order-statistic percentile interval (no interpolation, so +-inf bounds stay exact)."""
    values = np.sort(values[~np.isnan(values)])
    if values.size == 0:
        return math.nan, math.nan
    tail = (1 - level) / 2
    low = int(math.floor(tail * values.size))
    high = max(int(math.ceil((1 - tail) * values.size)) - 1, low)
    return float(values[low]), float(values[high])


def agreed_by_day(days: np.ndarray, day: np.datetime64) -> tuple[float, float, float]:
    """Share of replicates (their `day_numbers`) that agreed on or before `day`, with its Wilson
    interval: never counts as not."""
    return wilson(int((days <= day_number(day)).sum()), days.size)
