"""Base against counterfactual: outcome shares, median-date shift, agreement by the historical date.

Pure functions over results tables. Base and counterfactuals are run with the
same seed and replicate count, so replicate i of each shares its seed stream:
the bootstrap of the median shift resamples replicates in pairs. No agreement
counts as "never" (an infinitely late date), as in
`analysis.summary.date_quantiles`, so a median is "not reached" when fewer
than half of the replicates agree.

A comparison needs, per issue and run, only the replicate numbers, the two date
columns as day numbers and the count of each outcome (`IssueRows`). A run in
memory is reduced from its table; a saved folder is reduced chunk by chunk,
from Arrow tables with dictionary-encoded strings and only the
columns compared, so a million-replicate folder is never held as a table.
Both give the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from sim.campaign import Campaign
from sim.results import NO_AGREEMENT, Results, Table
from sim.schema import Scenario
from sim.table_io import arrow_valid, arrow_values

Z95 = 1.959963984540054
RESAMPLES = 1000


class CompareError(ValueError):
    """Runs that cannot be compared (different issues, replicates or seeds)."""


DATE_COLUMNS = ("agreement_date", "entry_date")
COMPARED_COLUMNS = ("replicate", "issue", "outcome", *DATE_COLUMNS)
"""The columns of a results table that a comparison reads."""


@dataclass(frozen=True)
class IssueRows:
    """One issue's rows of a run, reduced to what a comparison needs, in replicate order."""

    replicates: np.ndarray
    days: Mapping[str, np.ndarray]
    """Each date column of `DATE_COLUMNS` the table has, as `day_numbers` (+inf: never);
    `reduce_chunks` keeps them as float32 (and replicates as int32) where that is exact."""
    outcomes: Mapping[str, int]
    """How many rows ended in each outcome (no agreement included)."""

    @property
    def size(self) -> int:
        return int(self.replicates.size)


Compared = Results | str | Path
"""A run to compare: results in memory, or a saved batch folder (read chunk by chunk)."""


@dataclass(frozen=True)
class _Side:
    """One side of a comparison: its name, scenario, source and seed, and per issue its rows
    reduced to what the comparison needs (from a table in memory, or a folder's chunks)."""

    name: str
    scenario: Scenario | Campaign
    source: str
    seed: int
    issues: Mapping[str, IssueRows]

    def issue_rows(self, issue_id: str) -> IssueRows:
        """The rows of one issue, in replicate order (pairing base and counterfactual)."""
        return self.issues.get(issue_id) or _reduced([], {c: [] for c in DATE_COLUMNS}, {})


def _side(run: Compared) -> _Side:
    if isinstance(run, Results):
        rows = {i: table_issue_rows(run.table, i) for i in run.scenario.issues}
        return _Side(run.label, run.scenario, run.source, run.seed, rows)
    return _read_side(Path(run))


def table_issue_rows(table: Table, issue_id: str) -> IssueRows:
    """The rows of `issue_id` in an in-memory results table, reduced and in replicate order."""
    mask = table["issue"] == issue_id
    order = np.argsort(table["replicate"][mask], kind="stable")
    labels, counts = np.unique(table["outcome"][mask], return_counts=True)
    return IssueRows(
        replicates=table["replicate"][mask][order],
        days={c: day_numbers(table[c][mask][order]) for c in DATE_COLUMNS if c in table},
        outcomes={str(label): int(n) for label, n in zip(labels, counts, strict=True)},
    )


def reduce_chunks(chunks: Iterable[pa.Table], issue_ids: Iterable[str]) -> dict[str, IssueRows]:
    """The rows of each of `issue_ids`, reduced from results tables read chunk by chunk.

    Each chunk is an Arrow table with (at least) `COMPARED_COLUMNS`; its strings may be
    dictionary-encoded, and are then counted by code without being decoded row by row.
    Only the reduced columns of one chunk at a time are held besides the result. The
    result equals `table_issue_rows` of the chunks' concatenation.
    """
    wanted = list(issue_ids)
    replicates: dict[str, list[np.ndarray]] = {i: [] for i in wanted}
    days: dict[str, dict[str, list[np.ndarray]]] = {i: {} for i in wanted}
    outcomes: dict[str, Counter] = {i: Counter() for i in wanted}
    for chunk in chunks:
        for batch in chunk.to_batches():
            issue_labels, issue_codes = _codes(batch.column("issue"))
            outcome_labels, outcome_codes = _codes(batch.column("outcome"))
            numbers = _view(batch.column("replicate"))
            dates = {
                c: _arrow_day_numbers(batch.column(c))
                for c in DATE_COLUMNS
                if c in batch.schema.names
            }
            for code, issue_id in enumerate(issue_labels):
                if issue_id not in replicates:
                    continue
                mask = issue_codes == code
                replicates[issue_id].append(_compact(numbers[mask], np.int32))
                for column, values in dates.items():
                    days[issue_id].setdefault(column, []).append(_compact(values[mask], np.float32))
                found = np.bincount(outcome_codes[mask], minlength=len(outcome_labels))
                for label, n in zip(outcome_labels, found.tolist(), strict=True):
                    if n:
                        outcomes[issue_id][label] += n
    return {i: _reduced(replicates[i], days[i], outcomes[i]) for i in wanted}


def _compact(values: np.ndarray, dtype: type) -> np.ndarray:
    """`values` in the narrower `dtype` when that keeps every value exactly (day numbers and
    replicate numbers are whole and small), else unchanged: half the memory for a folder."""
    narrow = values.astype(dtype)
    return narrow if np.array_equal(narrow, values) else values


def _codes(array: pa.Array) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a string column and each row's index into them."""
    if not pa.types.is_dictionary(array.type):
        array = array.dictionary_encode()
    if array.null_count:
        raise CompareError("a results table has missing issue or outcome texts")
    labels = array.dictionary.to_pylist()
    return labels, _view(array.indices)


def _view(array: pa.Array) -> np.ndarray:
    """The values of an Arrow integer array without nulls, as a numpy view of its buffer."""
    if array.null_count:
        raise CompareError("a results table has missing numbers")
    return arrow_values(array)


def _arrow_day_numbers(dates: pa.Array) -> np.ndarray:
    """`day_numbers` of an Arrow date column (nulls: never), read from its buffers: Arrow
    scalars (`fill_null(..., value)`) make pyarrow import pandas, half a second."""
    numbers = arrow_values(dates.cast(pa.int32())).astype("float64")
    numbers[~arrow_valid(dates)] = np.inf
    return numbers


def _reduced(
    replicates: list[np.ndarray], days: Mapping[str, list[np.ndarray]], outcomes: Mapping
) -> IssueRows:
    """Concatenated parts, put in replicate order as a stable sort would (chunks usually are)."""
    numbers = np.concatenate(replicates) if replicates else np.array([], dtype="int64")
    joined = {
        c: np.concatenate(parts) if parts else np.array([], dtype="float64")
        for c, parts in days.items()
    }
    if numbers.size > 1 and not bool(np.all(numbers[1:] >= numbers[:-1])):
        order = np.argsort(numbers, kind="stable")
        numbers, joined = numbers[order], {c: v[order] for c, v in joined.items()}
    return IssueRows(numbers, joined, dict(outcomes))


def _read_side(folder: Path) -> _Side:
    """A saved results folder as one side of a comparison, read chunk by chunk.

    Every chunk is checked against the manifest as `read_results` checks it (and the
    history's checksum too), but only the compared columns are decoded, strings as
    dictionary codes, and each chunk is reduced before the next is read.

    Raises
    ------
    analysis.results_io.ResultsError
        A folder that is not complete, checked batch results.
    """
    from analysis.results_io import (
        iter_arrow_chunks,
        read_checked_manifest,
        verified_history_bytes,
    )
    from sim import campaign

    manifest = read_checked_manifest(folder)
    scenario = campaign.from_dump(manifest["scenario"])
    verified_history_bytes(folder, manifest)
    chunks = iter_arrow_chunks(folder, COMPARED_COLUMNS, manifest)
    issues = reduce_chunks(chunks, scenario.issues)
    return _Side(scenario.id, scenario, str(folder), int(manifest["seed"]), issues)


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


def agreed_by(dates: np.ndarray, day: np.datetime64) -> tuple[float, float, float]:
    """Share of replicates that agreed on or before `day` (never counts as not), Wilson interval."""
    return agreed_by_day(day_numbers(dates), day)


def agreed_by_day(days: np.ndarray, day: np.datetime64) -> tuple[float, float, float]:
    """`agreed_by` of `day_numbers` (never, +inf, is after every day)."""
    limit = float(np.datetime64(day, "D").astype("int64"))
    return wilson(int((days <= limit).sum()), days.size)


def compare(
    base: Compared,
    counterfactuals: Sequence[Compared],
    resamples: int = RESAMPLES,
    seed: int | None = None,
) -> dict:
    """Per issue and run: outcome shares, median date and its shift, agreement by the historical date.

    Each run is :class:`~sim.results.Results` or a saved batch folder; a folder is read
    chunk by chunk, only the columns compared, so two million-replicate folders compare in
    little memory (the numbers are those of the table in memory). Runs are named by their
    labels (a folder by its scenario id), a repeated name numbered. The bootstrap of the
    median shift draws from `seed` (default: the base's seed). Floats may be +-inf (a
    median never reached) or nan; `jsonable` makes them null.

    Raises
    ------
    CompareError
        Runs over other issues or options, or over other replicates.
    analysis.results_io.ResultsError
        A folder that is not complete, checked batch results.
    """
    samples = _named([_side(run) for run in (base, *counterfactuals)])
    seed = samples[0].seed if seed is None else seed
    for sample in samples[1:]:
        _check_layout(samples[0], sample)
    rows = [{i: s.issue_rows(i) for i in samples[0].scenario.issues} for s in samples]
    for sample, reduced in zip(samples[1:], rows[1:], strict=True):
        _check_replicates(samples[0], rows[0], sample, reduced)
    return {
        "seed": seed,
        "replicates": _distinct_replicates([r.replicates for r in rows[0].values()]),
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
            issue_id: _compare_issue(
                issue_id, samples, [r[issue_id] for r in rows], seed, resamples
            )
            for issue_id in samples[0].scenario.issues
        },
    }


def _named(samples: list[_Side]) -> list[_Side]:
    """The sides with distinct names: a name already taken gets its position (" #2")."""
    names: list[str] = []
    for sample in samples:
        taken = sample.name in names
        names.append(f"{sample.name} #{len(names) + 1}" if taken else sample.name)
    return [replace(s, name=n) for s, n in zip(samples, names, strict=True)]


def _distinct_replicates(numbers: list[np.ndarray]) -> int:
    """How many distinct replicate numbers the issues' (sorted) rows hold together."""
    if not numbers:
        return 0
    first = numbers[0]
    if all(np.array_equal(first, other) for other in numbers[1:]):
        merged = first  # every issue has a row per replicate: the usual table
    else:
        merged = np.sort(np.concatenate(numbers))
    return int(np.count_nonzero(merged[1:] != merged[:-1])) + 1 if merged.size else 0


def _compare_issue(
    issue_id: str, samples: list[_Side], rows: list[IssueRows], seed: int, resamples: int
) -> dict:
    issue = samples[0].scenario.issues[issue_id]
    record = samples[0].scenario.historical.get(issue_id)
    column = "agreement_date" if issue.entry_lag_days is None else "entry_date"
    options = [o.id for o in issue.options]
    base_days = rows[0].days["agreement_date"]
    runs = []
    for index, (sample, reduced) in enumerate(zip(samples, rows, strict=True)):
        days = reduced.days["agreement_date"]
        shift = None
        if index > 0:
            shift = median_shift(base_days, days, np.random.default_rng(seed), resamples)
        runs.append(
            {
                "name": sample.name,
                "shares": {o: _interval(_share(reduced, o)) for o in [*options, NO_AGREEMENT]},
                "median_date": _iso(median_day(days)),
                "median_shift_days": _interval(shift) if shift else None,
                "agreed_by_historical_date": (
                    _interval(agreed_by_day(reduced.days[column], np.datetime64(record.date)))
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


def _check_layout(base: _Side, other: _Side) -> None:
    def layout(sample: _Side) -> dict:
        return {k: [o.id for o in v.options] for k, v in sample.scenario.issues.items()}

    if layout(base) != layout(other):
        raise CompareError(
            f"{other.name} does not bargain over the same issues and options as {base.name}"
        )


def _check_replicates(
    base: _Side, ours: Mapping[str, IssueRows], other: _Side, theirs: Mapping[str, IssueRows]
) -> None:
    for issue_id, rows in ours.items():
        if not np.array_equal(rows.replicates, theirs[issue_id].replicates):
            raise CompareError(f"{other.name} and {base.name} do not have the same replicates")


def _share(rows: IssueRows, option: str) -> tuple[float, float, float]:
    return wilson(rows.outcomes.get(option, 0), rows.size)


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
