"""Results: the table (one row per replicate and issue, as numpy columns) and its run.

Columns are plain arrays so the same table feeds the CLI summary, Parquet
files and plots without pandas. Dates are ``datetime64[D]`` (NaT when there
was no agreement). :class:`Results` is the one results type: a run in memory
(`sim.engine.runner.run`) and a batch read back from disk (`sim.store.reading.read_results`)
are both one, and comparisons, plots, reports, the web app and the Python API take it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa

    from sim.engine.model import AllianceModel
    from sim.scenario.campaign import Campaign

from sim.scenario.campaign import END_STATE
from sim.scenario.numbers import NO_AGREEMENT  # noqa: F401  (re-exported: results speak of it)
from sim.scenario.structure import Scenario

Table = dict[str, np.ndarray]


@dataclass(frozen=True)
class Results:
    """The results of one scenario, campaign or counterfactual.

    Attributes
    ----------
    label : str
        A name for people in tables and charts (the scenario id unless given).
    scenario : Scenario or Campaign
        The resolved scenario that was run.
    replicates, seed : int
        How many replicates, from which user seed (all randomness flows from it).
    table : dict of str to numpy.ndarray
        One row per replicate and issue: `outcome`, `agreement_date` (NaT: no agreement),
        `signed_date` and `acted_alone` (where the scenario has an agreement: the day it was
        signed and the restrained member that acted alone against its terms, repeated on each
        of the replicate's rows),
        `held_out_<party>`, the replicate's drawn parameters as `draw:<name>`, ... A
        results folder read with some `columns` holds only those.
    history : list of dict
        Per step, the history of a sample of replicates (demands, zone, who blocked);
        empty when none was kept (a game's stand-in, say).
    source : str
        Where the results came from: the scenario or folder the user named ("" if unknown).
    """

    label: str
    scenario: Scenario | Campaign
    replicates: int
    seed: int
    table: Table
    history: list[dict] = dataclasses.field(default_factory=list)
    source: str = ""

    def __repr__(self) -> str:
        rows = len(next(iter(self.table.values()), []))
        return (
            f"Results(label={self.label!r}, scenario={self.scenario.id!r}, "
            f"replicates={self.replicates}, seed={self.seed}, rows={rows}, "
            f"columns={len(self.table)}, history_steps={len(self.history)})"
        )

    def labelled(self, label: str) -> Results:
        """The same results under another name (for a chart's legend, say)."""
        return dataclasses.replace(self, label=label)

    def to_arrow(self) -> pa.Table:
        """The table as a pyarrow Table (`.to_pandas()` on it needs pandas installed)."""
        from sim.engine.arrow_table import to_arrow

        return to_arrow(self.table)


def outcome_table(model: AllianceModel) -> Table:
    """One row per replicate and issue, in replicate-major order within each issue."""
    r = model.replicates
    dates = np.array(model.dates, dtype="datetime64[D]")
    columns: dict[str, list[np.ndarray]] = {}

    def add(name: str, values: np.ndarray) -> None:
        columns.setdefault(name, []).append(values)

    signed = model.signing.signed_dates(dates) if model.signing.applies else None
    blockers = np.array(
        [f"{actor}:{reason}" if actor else "" for actor, reason in model.blocker_labels]
    )
    for issue_id, state in model.issues.items():
        issue = model.scenario.issues[issue_id]
        labels = np.array([o.id for o in issue.options] + [NO_AGREEMENT])
        settled = state.settled
        when = np.where(settled, dates[np.maximum(state.settled_step, 0)], np.datetime64("NaT"))
        lag = issue.entry_lag_days
        add("replicate", np.arange(r))
        add("issue", np.full(r, issue_id))
        add("outcome", labels[np.where(settled, state.outcome, -1)])
        add("position", np.where(settled, state.positions[state.outcome], np.nan))
        add("agreement_date", when.astype("datetime64[D]"))
        add(
            "entry_date",
            (when + np.timedelta64(lag or 0, "D"))
            if lag is not None
            else np.full(r, np.datetime64("NaT"), dtype="datetime64[D]"),
        )
        if signed is not None:
            add("signed_date", signed.astype("datetime64[D]"))
            add("acted_alone", model.signing.acted_alone.astype(str))
        add("steps", np.where(settled, state.settled_step + 1, len(model.dates)))
        record = model.deadlocks[issue_id]
        record.finish()
        add("deadlock_steps", record.longest.copy())
        for index, (pid, party) in enumerate(model.parties):
            add(f"held_out_{pid}", blockers[record.held_out[index]])
            add(f"concessions_{party.leader}", state.concessions[index])
            add(f"peak_tension_{pid}", model.peak_tension[issue_id][pid])
        for name, values in model.draws.values.items():
            add(f"draw:{name}", values)
    return concat_tables(
        [{name: parts[i] for name, parts in columns.items()} for i in range(len(model.issues))]
    )


def agreement_dates(scenario: Scenario, table: Table) -> np.ndarray:
    """Per replicate (in replicate order), the date the agreement settling every issue (the
    armistice) was signed, NaT if it never was. Its terms are agreed when the last issue
    settles; it is signed then or later (:mod:`sim.engine.signing`). Tables without a
    `signed_date` column (written before signing was modelled) date it by the last issue."""
    # a campaign's end-state row already carries the day its last stage's armistice was signed
    signed = "signed_date" in table and END_STATE not in scenario.issues
    column = "signed_date" if signed else "agreement_date"
    dates = []
    for issue_id in scenario.issues:
        rows = table["issue"] == issue_id
        order = np.argsort(table["replicate"][rows], kind="stable")
        dates.append(table[column][rows][order].astype("datetime64[D]"))
    stacked = np.stack(dates)
    latest = stacked.max(axis=0)  # NaT propagates: no armistice without every issue
    return np.where(np.isnat(stacked).any(axis=0), np.datetime64("NaT"), latest)


def concat_tables(tables: list[Table]) -> Table:
    """Stack tables with the same columns row-wise."""
    return {name: np.concatenate([t[name] for t in tables]) for name in tables[0]}


def to_date(value: np.datetime64) -> dt.date | None:
    """A numpy day as a date, None for NaT."""
    return None if np.isnat(value) else value.astype("datetime64[D]").item()
