"""One click on Run: the base and (if any) the variant, same seed and replicates, then charts."""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import alliance_sim.i18n as i18n
from alliance_sim.classroom.result_rows import result_groups
from alliance_sim.classroom.results_table import results_table
from alliance_sim.i18n import N_, _, scenario_texts
from alliance_sim.web.content.charts import agreement_table_html, blockers_charts, issue_charts
from alliance_sim.web.content.summary_csv import spreadsheet_bytes
from analysis.summary import summarize
from sim.engine.results import Results, Table
from sim.engine.runner import run
from sim.scenario.structure import Scenario

BASE_LABEL = N_("Historical scenario")
"""The base run's name, as in the exercise report and `alliance-sim plot`."""


@dataclass(frozen=True)
class Comparison:
    """The runs of one click on Run (base first) and the charts drawn from them."""

    runs: list[Results]
    charts: list[dict]  # one per issue (see `alliance_sim.web.content.charts.issue_charts`)
    agreement: str = ""  # the table of the agreement settling every issue (the talks' armistice)
    blockers: tuple[
        dict, ...
    ] = ()  # per issue and run: who kept the deal closed (`blockers_charts`)
    lang: str = i18n.DEFAULT  # the language of the charts' and tables' texts
    summaries: tuple[dict, ...] = ()  # per run (`analysis.summary.summarize`), for the table

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
    drawn = _drawn(base, runs, tuple(_summary(r) for r in runs))
    progress(100)
    return drawn


def _summary(result: Results) -> dict:
    """A run's summary, as the teacher pack's handouts summarise the same runs."""
    return summarize(result.scenario, result.table, result.replicates, result.seed)


def _drawn(base: Scenario, runs: list[Results], summaries: tuple[dict, ...]) -> Comparison:
    """The charts and tables of `runs`, in the current language (the runs' names too)."""
    runs = [dataclasses.replace(r, label=_(r.label)) for r in runs]
    charts = [issue_charts(runs, issue_id) for issue_id in base.issues]
    blockers = tuple(chart for issue_id in base.issues for chart in blockers_charts(runs, issue_id))
    agreement = ""
    if base.agreement is not None:
        agreement = agreement_table_html(base, [(r.label, r.table) for r in runs])
    return Comparison(runs, charts, agreement, blockers, i18n.current(), summaries)


_LOCALIZED: OrderedDict[tuple[int, str], tuple[Comparison, Comparison]] = OrderedDict()
_LOCALIZED_LOCK = threading.Lock()
KEEP_LOCALIZED = 12


def in_language(result: Comparison | None, lang: str | None = None) -> Comparison | None:
    """The comparison with its runs' names, charts and tables in `lang` (default: the current
    language): drawn once per result and language for the whole server, since the run pool
    shares one result among sessions that may read different languages."""
    lang = lang or i18n.current()
    if result is None or result.lang == lang:
        return result
    key = (id(result), lang)
    with _LOCALIZED_LOCK:
        kept = _LOCALIZED.get(key)
        if kept is not None and kept[0] is result:
            return kept[1]
    with i18n.language(lang):
        localized = _drawn(result.runs[0].scenario, result.runs, result.summaries)
    with _LOCALIZED_LOCK:
        _LOCALIZED[key] = (result, localized)  # the result is kept: its id stays its own
        while len(_LOCALIZED) > KEEP_LOCALIZED:
            _LOCALIZED.popitem(last=False)
    return localized


def exercise_table_html(exercise: Scenario, result: Comparison) -> str:
    """The exercise's results table filled from the runs on the page: the worksheet's table,
    row for row and word for word (`alliance_sim.classroom.results_table`), so that each of the
    worksheet's blanks is a cell here. '' unless `result` is the base against this exercise."""
    if len(result.summaries) != 2 or result.runs[1].scenario.id != exercise.id:
        return ""
    exercise = scenario_texts.in_language(exercise)
    groups = result_groups(exercise, *result.summaries)
    return results_table(groups, marks=False)


def table_csv(tables: list[tuple[str, Table]]) -> bytes:
    """The results tables as one CSV, a `run` column first (dates ISO, no agreement blank),
    UTF-8 with a byte-order mark so that a spreadsheet opens run names in any script.

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
    return spreadsheet_bytes(buffer.getvalue())  # with a BOM: spreadsheets read Hangul, Hanzi
