"""One click on Run: the base and (if any) the variant, same seed and replicates, then charts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from alliance_sim.web.charts import agreement_table_html, blockers_charts, issue_charts
from sim.results import Results, Table
from sim.runner import run
from sim.schema import Scenario

BASE_LABEL = "Historical scenario"
"""The base run's name, as in the exercise report and `alliance-sim plot`."""


@dataclass(frozen=True)
class Comparison:
    """The runs of one click on Run (base first) and the charts drawn from them."""

    runs: list[Results]
    charts: list[dict]  # one per issue (see `alliance_sim.web.charts.issue_charts`)
    agreement: str = ""  # the table of the agreement settling every issue (the talks' armistice)
    blockers: tuple[
        dict, ...
    ] = ()  # per issue and run: who kept the deal closed (`blockers_charts`)

    @property
    def labels(self) -> list[str]:
        return [r.label for r in self.runs]


def compare_runs(
    base: Scenario,
    variant: Scenario | None,
    variant_label: str,
    replicates: int,
    seed: int,
    progress: Callable[[float], None] = lambda share: None,
) -> Comparison:
    """Run base then variant; `progress(0..100)` as steps complete (charts take the last 5 %)."""
    scenarios = [base] + ([variant] if variant is not None else [])
    labels = [BASE_LABEL] + ([variant_label] if variant is not None else [])
    runs = []
    for index, scenario in enumerate(scenarios):

        def on_step(done: int, total: int, index: int = index) -> None:
            progress(95 * (index + done / max(total, 1)) / len(scenarios))

        runs.append(run(scenario, replicates, seed, on_step=on_step, label=labels[index]))
    charts = [issue_charts(runs, issue_id) for issue_id in base.issues]
    blockers = tuple(chart for issue_id in base.issues for chart in blockers_charts(runs, issue_id))
    agreement = ""
    if base.agreement is not None:
        agreement = agreement_table_html(base, [(r.label, r.table) for r in runs])
    progress(100)
    return Comparison(runs, charts, agreement, blockers)


def table_csv(tables: list[tuple[str, Table]]) -> bytes:
    """The results tables as one CSV, a `run` column first (dates ISO, no agreement blank).

    Runs may differ in columns (a counterfactual that removes an event draws nothing for it):
    every column of any run is written, blank where a run lacks it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = list(dict.fromkeys(c for _, table in tables for c in table))
    writer.writerow(["run", *columns])
    for label, table in tables:
        rows = len(next(iter(table.values())))
        cells = [
            [
                "" if str(v) in ("NaT", "nan") else str(v)
                for v in (table[c].astype(str) if table[c].dtype.kind == "M" else table[c])
            ]
            if c in table
            else [""] * rows
            for c in columns
        ]
        for row in zip(*cells, strict=True):
            writer.writerow([label, *row])
    return buffer.getvalue().encode("utf-8")
