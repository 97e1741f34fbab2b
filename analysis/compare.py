"""Base against counterfactual: outcome shares, median-date shift, agreement by the historical date.

Base and counterfactuals are run with the same seed and replicate count, so replicate i of
each shares its seed stream and the two are compared replicate by replicate. No agreement
counts as never, as everywhere in `analysis` (see `analysis.measures`), so a median is "not
reached" when fewer than half of the replicates agree. The runs are read and reduced by
`analysis.compared_runs`, the estimates and intervals come from `analysis.intervals`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from analysis.compared_runs import Compared, CompareError, IssueRows, Side, side_of
from analysis.intervals import RESAMPLES, agreed_by_day, median_day, median_shift, wilson
from analysis.measures import iso_day
from sim.engine.results import NO_AGREEMENT


def compare(
    base: Compared,
    counterfactuals: Sequence[Compared],
    resamples: int = RESAMPLES,
    seed: int | None = None,
) -> dict:
    """Per issue and run: outcome shares, median date and its shift, agreement by the historical date.

    Each run is :class:`~sim.engine.results.Results` or a saved batch folder; a folder is read
    chunk by chunk, only the columns compared, so two million-replicate folders compare in
    little memory (the numbers are those of the table in memory). Runs are named by their
    labels (a folder by its scenario id), a repeated name numbered. The bootstrap of the
    median shift draws from `seed` (default: the base's seed). Floats may be +-inf (a
    median never reached) or nan; `jsonable` makes them null.

    Raises
    ------
    CompareError
        Runs over other issues or options, or over other replicates.
    sim.store.reading.ResultsError
        A folder that is not complete, checked batch results.
    """
    samples = _named([side_of(run) for run in (base, *counterfactuals)])
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


def _named(samples: list[Side]) -> list[Side]:
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
    issue_id: str, samples: list[Side], rows: list[IssueRows], seed: int, resamples: int
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
                "median_date": iso_day(median_day(days)),
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


def _check_layout(base: Side, other: Side) -> None:
    def layout(sample: Side) -> dict:
        return {k: [o.id for o in v.options] for k, v in sample.scenario.issues.items()}

    if layout(base) != layout(other):
        raise CompareError(
            f"{other.name} does not bargain over the same issues and options as {base.name}"
        )


def _check_replicates(
    base: Side, ours: Mapping[str, IssueRows], other: Side, theirs: Mapping[str, IssueRows]
) -> None:
    for issue_id, rows in ours.items():
        if not np.array_equal(rows.replicates, theirs[issue_id].replicates):
            raise CompareError(f"{other.name} and {base.name} do not have the same replicates")


def _share(rows: IssueRows, option: str) -> tuple[float, float, float]:
    return wilson(rows.outcomes.get(option, 0), rows.size)


def _interval(values: tuple[float, float, float]) -> dict:
    estimate, low, high = values
    return {"estimate": estimate, "low": low, "high": high}


def jsonable(value: object) -> object:
    """`value` with every non-finite float replaced by None (JSON has no infinity)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
