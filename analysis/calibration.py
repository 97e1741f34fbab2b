"""What the record teaches: prior against posterior per parameter, and where the record falls
in the posterior predictive distribution of each outcome and date.

Numbers only; `alliance-sim calibrate --report` prints them and
:mod:`analysis.charts.calibration_chart` draws the parameters. The prior of every parameter is
uniform on its range, so its 90 % interval is the middle 90 % of the range and its median the
range's centre.
"""

from __future__ import annotations

import numpy as np

from sim.engine.results import Table
from sim.experiments.calibration.abc import weighted_quantile
from sim.experiments.calibration.folder import Posterior
from sim.experiments.calibration.record import Datum, distances, step_index
from sim.scenario.calendar import step_date


def parameter_table(posterior: Posterior) -> list[dict]:
    """Per parameter: prior and posterior 90 % intervals and medians, the shrinkage of the
    interval (1 - posterior width / prior width: 0 = history teaches nothing) and the shift of
    the median in shares of the range; most constrained first."""
    rows = []
    for column, prior in enumerate(posterior.prior()):
        low, high = prior["low"], prior["high"]
        width = high - low
        q05, q50, q95 = weighted_quantile(posterior.theta[:, column], posterior.weights,
                                          [0.05, 0.5, 0.95])  # fmt: skip
        rows.append({
            "path": prior["path"], "label": prior["label"],
            "prior_interval": [low + 0.05 * width, low + 0.95 * width],
            "prior_median": low + 0.5 * width,
            "posterior_interval": [float(q05), float(q95)],
            "posterior_median": float(q50),
            "shrinkage": float(1 - (q95 - q05) / (0.9 * width)),
            "median_shift": float((q50 - (low + 0.5 * width)) / width),
        })  # fmt: skip
    return sorted(rows, key=lambda row: -row["shrinkage"])


def predictive_check(table: Table, data: list[Datum], extra: Datum | None = None) -> list[dict]:
    """Per datum: the posterior predictive share of the recorded outcome and, for a dated one,
    the record's position among the dates of the runs reaching that outcome (the share
    earlier, counting ties half) and whether it lies in their 50 % and 90 % intervals.
    `extra` is a date-only datum (the armistice) checked against the last issue's date."""
    found = []
    replicates = np.unique(table["replicate"]).size
    for datum in data:
        rows = table["issue"] == datum.key
        matches = table["outcome"][rows] == datum.outcome
        entry = {"key": datum.key, "outcome": datum.outcome, "outcome_share": float(matches.mean())}
        if datum.date is not None:
            entry.update(_date_position(table["agreement_date"][rows][matches], datum))
        found.append(entry)
    if extra is not None and extra.date is not None:
        last = _last_dates(table)
        entry = {"key": extra.key, "outcome": None, "outcome_share": None}
        entry.update(_date_position(last[~np.isnat(last)], extra))
        entry["settled_share"] = float((~np.isnat(last)).sum() / replicates)
        found.append(entry)
    return found


def _last_dates(table: Table) -> np.ndarray:
    """Per replicate, the date the last issue settled (NaT if one never did)."""
    replicates = np.unique(table["replicate"])
    where = np.searchsorted(replicates, table["replicate"])
    dates = table["agreement_date"].astype("datetime64[D]")
    last = np.full(replicates.size, np.datetime64("NaT"), "datetime64[D]")
    never = np.zeros(replicates.size, bool)
    np.logical_or.at(never, where, np.isnat(dates))
    order = np.argsort(dates)  # NaT sorts last; the latest real date is written last
    for i in order[~np.isnat(dates[order])]:
        last[where[i]] = dates[i]
    last[never] = np.datetime64("NaT")
    return last


def _date_position(dates: np.ndarray, datum: Datum) -> dict:
    steps = step_index(dates, datum.unit, datum.start)
    steps = steps[np.isfinite(steps)]
    record = step_index(np.array([datum.date], "datetime64[D]"), datum.unit, datum.start)[0]
    if steps.size == 0:
        return {"record_date": datum.date.isoformat(), "position": None}
    position = float(np.mean(steps < record) + 0.5 * np.mean(steps == record))
    q = np.quantile(steps, [0.05, 0.25, 0.5, 0.75, 0.95], method="inverted_cdf")
    as_date = [step_date(datum.start, datum.unit, int(s)).isoformat() for s in q]
    return {
        "record_date": datum.date.isoformat(), "position": position,
        "median": as_date[2], "interval_50": [as_date[1], as_date[3]],
        "interval_90": [as_date[0], as_date[4]],
        "in_50": bool(q[1] <= record <= q[3]), "in_90": bool(q[0] <= record <= q[4]),
    }  # fmt: skip


def acceptance_of_record(table: Table, data: list[Datum], tolerance: np.ndarray) -> float:
    """The share of runs that match the whole record within `tolerance` (for the report)."""
    found, _ = distances(table, data)
    return float(np.all(found <= tolerance, axis=1).mean())
