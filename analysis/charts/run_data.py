"""What the charts read from runs: the runs themselves (the base first), an issue's rows, the
historical record, issue-specific wording, and the series of a run's per-step history.

Runs are :class:`~sim.engine.results.Results`, named by their labels; a run's `history` is the
list of per-step records of `sim.engine.history` (a sample of replicates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from alliance_sim.i18n import N_
from sim.engine.results import Results, Table
from sim.scenario.calendar import step_date
from sim.scenario.campaign import stages_of

WORDING = {
    # Issue-specific plain language where "agreement" would mislead a class.
    "soviet_air_cover": {
        "waiting": N_("China not yet in the war"),
        "happened": N_("China entered"),
    },
}
"""Per issue id: the label of the waiting state and of the historical event."""


def as_runs(runs: Iterable[Results]) -> list[Results]:
    """The runs to draw as a list, the base first; ValueError if there are none."""
    result = list(runs)
    if not result:
        raise ValueError("no runs to plot")
    return result


def history_runs(runs: Iterable[Results], issue_id: str) -> list[Results]:
    """The runs whose per-step history covers `issue_id`, each with the scenario that history
    belongs to: a campaign keeps the history of its last stage only (:mod:`sim.engine.campaign_run`),
    so its history charts are those of that stage's issues, drawn in that stage's terms."""
    covered = []
    for run in as_runs(runs):
        scenario = stages_of(run.scenario)[-1]
        if run.history and issue_id in scenario.issues:
            covered.append(replace(run, scenario=scenario))
    return covered


def issue_word(issue_id: str, key: str, default: str) -> str:
    """The issue's own `WORDING` for `key` ("waiting" or "happened"), else `default`."""
    return WORDING.get(issue_id, {}).get(key, default)


def historical_record(runs: list[Results], issue_id: str):
    """The historical record of an issue from the first run that has one (the base)."""
    for run in runs:
        if issue_id in run.scenario.historical:
            return run.scenario.historical[issue_id]
    return None


def issue_mask(table: Table, issue_id: str) -> np.ndarray:
    """Which rows of a results table are of `issue_id` (a mask)."""
    return table["issue"] == issue_id


def history_dates(run: Results) -> np.ndarray:
    """Step dates of the history and, last, the end of its last step (where the steps stop)."""
    time = run.scenario.time
    days = [dt.date.fromisoformat(record["date"]) for record in run.history]
    index = step_index(time.start, time.step, days[-1])
    return np.array([*days, step_date(time.start, time.step, index + 1)], dtype="datetime64[D]")


def step_index(start: dt.date, unit: str, day: dt.date) -> int:
    """The step whose date is `day`."""
    step = 0
    while step_date(start, unit, step) < day:
        step += 1
    return step


def history_values(run: Results, *keys: str) -> np.ndarray:
    """(steps + 1, sample) array of one history entry; the last step repeats to the step's end."""
    values = []
    for record in run.history:
        for key in keys:
            record = record[key]
        values.append(record)
    array = np.array(values, dtype=float)
    return np.vstack([array, array[-1:]])


def settled_by(run: Results, issue_id: str, dates: np.ndarray) -> np.datetime64 | None:
    """The end of the step in which every replicate had settled this issue, or None."""
    settled = [record.get("settled_share", {}).get(issue_id, 0.0) for record in run.history]
    done = next((step for step, share in enumerate(settled) if share >= 1.0), None)
    return None if done is None else dates[done + 1]


def quantile_bands(values: np.ndarray) -> dict[str, np.ndarray]:
    """Median and the 50 % and 90 % central bands over axis 1 (the replicates)."""
    q = np.quantile(values, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}
