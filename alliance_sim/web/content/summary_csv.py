"""The student-sized summary of a run on the page, as a spreadsheet file (issue 21 item 7).

The full results table has a row per replicate and issue and some 50 code-named columns: a
researcher's file. Beside it the page offers this one: per run, question and outcome, the
share of runs ending so, the date by which half of the runs had settled the question, and
what happened in history, with column names in the page's language and the file named after
the exercise. UTF-8 with a byte-order mark, as every spreadsheet CSV of the app, so that a
spreadsheet opens Korean, Chinese or Russian names as they are written.
"""

from __future__ import annotations

import csv
import io

from alliance_sim.i18n import _
from alliance_sim.web.content import words
from analysis.charts.outcome_chart import outcome_share_data
from analysis.summary import date_quantiles
from sim.engine.results import Results


def spreadsheet_bytes(text: str) -> bytes:
    """A CSV text as a spreadsheet reads it in any script: UTF-8 with a byte-order mark."""
    return text.encode("utf-8-sig")


def summary_rows(runs: list[Results]) -> list[list[str]]:
    """The summary's rows, the header first (see the module): shares in % with one decimal,
    dates ISO."""
    scenario = runs[0].scenario
    rows = [list(words.SUMMARY_COLUMNS)]
    for issue_id, issue in scenario.issues.items():
        shares = outcome_share_data(runs, issue_id)
        record = scenario.historical.get(issue_id)
        question = _(issue.label)
        for run in runs:
            mask = run.table["issue"] == issue_id
            half = date_quantiles(run.table["agreement_date"][mask])["p50"] or words.NOT_REACHED
            for index, outcome in enumerate(shares["options"]):
                happened = (
                    str(record.date) if record and index == shares["historical_index"] else ""
                )
                percent = f"{shares['percent'][run.label][index]:.1f}"
                rows.append([run.label, question, outcome, percent, half, happened])
    return rows


def summary_csv(runs: list[Results]) -> bytes:
    """The summary as a spreadsheet CSV."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(summary_rows(runs))
    return spreadsheet_bytes(buffer.getvalue())


def file_stem(episode_id: str, exercise_id: str | None) -> str:
    """The downloads' name: the exercise's id when the run is an exercise, else the episode's."""
    return exercise_id or episode_id
