"""The data a calibration conditions on: the target's historical record, and how far each
simulated replicate falls from it.

This module (with the calibration that calls it) is the only reader of a scenario's
`historical` block and its agreement's `historical_date` for inference; the engine never reads
them. Each datum is one issue's outcome and date. A date is counted in the steps of the
scenario (or campaign stage) that bargains over the issue: months for the monthly talks, days
for the daily air-cover bargain, so "within 1" means the next or previous month there and the
next or previous day here.

The armistice (a scenario's agreement, a campaign's `end_state`) is a datum of its outcome
only: the model signs it the step the last issue settles, so its simulated date is the
prisoner date again, while the record has seven weeks between the two (4 June and 27 July
1953, adjacent months). Conditioning on both dates would ask the model for what it cannot do
by construction; the posterior predictive check still reports the armistice date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.engine.results import Table
from sim.scenario.campaign import END_STATE, Campaign
from sim.scenario.structure import Scenario

ARMISTICE = "armistice"
"""The key of a scenario's agreement in the record (its date, for the predictive check)."""


class RecordError(ValueError):
    """A target whose record cannot be conditioned on; the message names the target and why."""


@dataclass(frozen=True)
class Datum:
    """One recorded fact a replicate is compared with."""

    key: str
    """The issue id (or `armistice`)."""
    outcome: str | None
    """The option the issue ended in, None for a date-only datum."""
    date: dt.date | None
    """The recorded date, None when only the outcome is conditioned on."""
    unit: str
    """The step unit the date is counted in: day, week or month."""
    start: dt.date
    """The first day of the scenario (stage) the issue is bargained in."""
    note: str = ""

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "outcome": self.outcome,
            "date": None if self.date is None else self.date.isoformat(),
            "unit": self.unit,
            "start": self.start.isoformat(),
            "note": self.note,
        }


def record_of(target: Scenario | Campaign) -> list[Datum]:
    """The target's record as data: each issue's outcome and date, and the end of the war
    (outcome only, see the module note). RecordError if the target records nothing."""
    data = []
    for key, fact in target.historical.items():
        stage = _stage(target, key)
        if key == END_STATE:
            note = "outcome only: the model ends the war the step the last issue settles"
            data.append(Datum(key, fact.outcome, None, stage.time.step, stage.time.start, note))
            continue
        data.append(Datum(key, fact.outcome, fact.date, stage.time.step, stage.time.start,
                          fact.note))  # fmt: skip
    if not data:
        raise RecordError(
            f"{target.id} has no `historical` record: there is nothing to calibrate against"
        )
    return data


def armistice_record(target: Scenario | Campaign) -> Datum | None:
    """The agreement's recorded date (reported by the predictive check, not conditioned on)."""
    agreement = getattr(target, "agreement", None)
    if agreement is None or agreement.historical_date is None:
        return None
    return Datum(ARMISTICE, None, agreement.historical_date, target.time.step, target.time.start)


def _stage(target: Scenario | Campaign, key: str) -> Scenario:
    if isinstance(target, Campaign):
        return target.stages[-1] if key == END_STATE else target.stages[target.stage_of(key)]
    return target


def step_index(dates: np.ndarray, unit: str, start: dt.date) -> np.ndarray:
    """Whole steps from `start` to each date (float, NaN for NaT): days, weeks or months
    (a month counted when its day of the month is reached)."""
    days = np.asarray(dates, dtype="datetime64[D]")
    missing = np.isnat(days)
    if unit in ("day", "week"):
        elapsed = (days - np.datetime64(start, "D")).astype("int64")
        steps = elapsed if unit == "day" else np.floor_divide(elapsed, 7)
    elif unit == "month":
        months = days.astype("datetime64[M]")
        day_of_month = (days - months).astype("int64") + 1
        steps = (months.astype("int64") - np.datetime64(start, "M").astype("int64")) - (
            day_of_month < start.day
        )
    else:
        raise RecordError(f"unknown step unit {unit!r}")
    return np.where(missing, np.nan, steps.astype(float))


def distances(table: Table, data: list[Datum]) -> tuple[np.ndarray, np.ndarray]:
    """Per replicate (in replicate order), its distance from each datum: (replicates, data)
    whole steps between its agreement date and the recorded one (0 for an outcome-only datum),
    infinite where the outcome differs or the issue never settled. Also returns the replicate
    numbers, sorted."""
    replicates = np.unique(table["replicate"])
    found = np.full((replicates.size, len(data)), np.inf)
    for column, datum in enumerate(data):
        rows = np.flatnonzero(table["issue"] == datum.key)
        if rows.size == 0:
            raise RecordError(f"the results have no rows for the recorded issue `{datum.key}`")
        where = np.searchsorted(replicates, table["replicate"][rows])
        matches = table["outcome"][rows] == datum.outcome
        if datum.date is None:
            found[where, column] = np.where(matches, 0.0, np.inf)
            continue
        steps = step_index(table["agreement_date"][rows], datum.unit, datum.start)
        recorded = step_index(np.array([datum.date], "datetime64[D]"), datum.unit, datum.start)
        gap = np.abs(steps - recorded[0])
        found[where, column] = np.where(matches & np.isfinite(gap), gap, np.inf)
    return found, replicates
