"""Base against counterfactual: outcome shares, median-date shift, agreement by the historical date.

Pure functions over results tables. Base and counterfactuals are run with the
same seed and replicate count, so replicate i of each shares its seed stream:
the bootstrap of the median shift resamples replicates in pairs. No agreement
counts as "never" (an infinitely late date), as in
`analysis.summary.date_quantiles`, so a median is "not reached" when fewer
than half of the replicates agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.results import NO_AGREEMENT, Table
from sim.schema import Scenario

Z95 = 1.959963984540054
RESAMPLES = 1000


class CompareError(ValueError):
    """Runs that cannot be compared (different issues, replicates or seeds)."""


@dataclass(frozen=True)
class Sample:
    """One side of a comparison: a name for people, the scenario and its results table."""

    name: str
    scenario: Scenario
    table: Table
    source: str = ""
    """Where it came from (the scenario or folder the user named)."""


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


def day_numbers(dates: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as floats, with no agreement (NaT) as +inf ("never")."""
    dates = dates.astype("datetime64[D]")
    days = dates.astype("int64").astype("float64")
    days[np.isnat(dates)] = np.inf
    return days


def median_day(days: np.ndarray) -> float:
    """The day by which half the replicates agreed (+inf if never): `date_quantiles`' p50."""
    k = max(math.ceil(0.5 * days.size) - 1, 0)
    return float(np.partition(days, k)[k])


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
    pairs, counts = np.unique(np.stack([base_days, cf_days], axis=1), axis=0, return_counts=True)
    draws = rng.multinomial(base_days.size, counts / counts.sum(), size=resamples)
    shifts = _difference(weighted_median(pairs[:, 1], draws), weighted_median(pairs[:, 0], draws))
    estimate = _difference(np.array([median_day(cf_days)]), np.array([median_day(base_days)]))
    return (float(estimate[0]), *_percentile_interval(shifts, level))


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


def agreed_by(dates: np.ndarray, day: np.datetime64) -> tuple[float, float, float]:
    """Share of replicates that agreed on or before `day` (never counts as not), Wilson interval."""
    dates = dates.astype("datetime64[D]")
    hits = int((~np.isnat(dates) & (dates <= np.datetime64(day, "D"))).sum())
    return wilson(hits, dates.size)


def compare(
    base: Sample, counterfactuals: list[Sample], seed: int, resamples: int = RESAMPLES
) -> dict:
    """Per issue and run: outcome shares, median date and its shift, agreement by the historical date.

    Floats may be +-inf (a median never reached) or nan; `jsonable` makes them null.
    """
    samples = [base, *counterfactuals]
    for sample in counterfactuals:
        _check_comparable(base, sample)
    return {
        "seed": seed,
        "replicates": int(np.unique(base.table["replicate"]).size),
        "resamples": resamples,
        "level": 0.95,
        "runs": [
            {
                "name": s.name,
                "scenario": s.scenario.id,
                "source": s.source,
                "role": "base" if i == 0 else "counterfactual",
            }
            for i, s in enumerate(samples)
        ],
        "issues": {
            issue_id: _compare_issue(issue_id, samples, seed, resamples)
            for issue_id in base.scenario.issues
        },
    }


def _compare_issue(issue_id: str, samples: list[Sample], seed: int, resamples: int) -> dict:
    issue = samples[0].scenario.issues[issue_id]
    record = samples[0].scenario.historical.get(issue_id)
    column = "agreement_date" if issue.entry_lag_days is None else "entry_date"
    options = [o.id for o in issue.options]
    base_days = day_numbers(_issue_rows(samples[0], issue_id)["agreement_date"])
    runs = []
    for index, sample in enumerate(samples):
        rows = _issue_rows(sample, issue_id)
        days = day_numbers(rows["agreement_date"])
        shift = None
        if index > 0:
            shift = median_shift(base_days, days, np.random.default_rng(seed), resamples)
        runs.append(
            {
                "name": sample.name,
                "shares": {
                    o: _interval(_share(rows["outcome"], o)) for o in [*options, NO_AGREEMENT]
                },
                "median_date": _iso(median_day(days)),
                "median_shift_days": _interval(shift) if shift else None,
                "agreed_by_historical_date": (
                    _interval(agreed_by(rows[column], np.datetime64(record.date)))
                    if record
                    else None
                ),
            }
        )
    return {
        "label": issue.label,
        "historical": (
            {"outcome": record.outcome, "date": record.date.isoformat(), "date_column": column}
            if record
            else None
        ),
        "runs": runs,
    }


def _issue_rows(sample: Sample, issue_id: str) -> Table:
    """The rows of one issue, in replicate order (pairing base and counterfactual)."""
    mask = sample.table["issue"] == issue_id
    order = np.argsort(sample.table["replicate"][mask], kind="stable")
    return {name: column[mask][order] for name, column in sample.table.items()}


def _check_comparable(base: Sample, other: Sample) -> None:
    def layout(sample: Sample) -> dict:
        return {k: [o.id for o in v.options] for k, v in sample.scenario.issues.items()}

    if layout(base) != layout(other):
        raise CompareError(
            f"{other.name} does not bargain over the same issues and options as {base.name}"
        )
    for issue_id in base.scenario.issues:
        ours = _issue_rows(base, issue_id)["replicate"]
        if not np.array_equal(ours, _issue_rows(other, issue_id)["replicate"]):
            raise CompareError(f"{other.name} and {base.name} do not have the same replicates")


def _share(outcomes: np.ndarray, option: str) -> tuple[float, float, float]:
    return wilson(int((outcomes == option).sum()), outcomes.size)


def _interval(values: tuple[float, float, float]) -> dict:
    estimate, low, high = values
    return {"estimate": estimate, "low": low, "high": high}


def _iso(day: float) -> str | None:
    return None if not math.isfinite(day) else str(np.datetime64(int(day), "D"))


def jsonable(value: object) -> object:
    """`value` with every non-finite float replaced by None (JSON has no infinity)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
