"""The student-sized summary CSV beside the full results table (issue 21 item 7): a few rows
in plain words whose numbers are the page's, named after the exercise, UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from alliance_sim.i18n import language
from alliance_sim.web.content.summary_csv import file_stem, summary_csv, summary_rows
from analysis.charts.outcome_chart import outcome_share_data
from analysis.summary import date_quantiles
from sim.engine.runner import run
from sim.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def runs():
    return [
        run(load_scenario("pow_repatriation"), 120, 1950, label="Historical scenario"),
        run(load_scenario("pow_stalin_lives"), 120, 1950, label="Stalin lives"),
    ]


def _read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_run_and_outcome_with_the_pages_shares_and_dates(runs):
    data = summary_csv(runs)
    assert data.startswith("\ufeff".encode())  # a spreadsheet reads it as UTF-8
    header, *rows = _read(data)
    assert header == ["Scenario", "Question", "Outcome", "Share of simulated runs (%)",
                      "Half of the runs had settled by", "What happened (date)"]  # fmt: skip
    shares = outcome_share_data(runs, "pow_repatriation")
    assert len(rows) == 2 * len(shares["options"])  # not a row per replicate
    for run_result in runs:
        mine = [r for r in rows if r[0] == run_result.label]
        assert [r[2] for r in mine] == shares["options"]
        for row, percent in zip(mine, shares["percent"][run_result.label], strict=True):
            assert float(row[3]) == pytest.approx(percent, abs=0.051)
        half = date_quantiles(run_result.table["agreement_date"])["p50"]
        assert {r[4] for r in mine} == {half}
        happened = [r for r in mine if r[5]]
        assert [(r[2], r[5]) for r in happened] == [
            ("Voluntary repatriation with neutral custody", "1953-06-04")
        ]
    assert sum(float(r[3]) for r in rows if r[0] == "Stalin lives") == pytest.approx(100, abs=0.5)


def test_the_summary_speaks_the_pages_language(runs):
    with language("ko"):
        header, *rows = _read(summary_csv(runs))
    assert header[0] != "Scenario" and not any(c.isascii() and c.isalpha() for c in header[1])
    assert not np.any([r[2] == "Voluntary repatriation with neutral custody" for r in rows])


def test_a_question_never_settled_by_half_the_runs_says_so(runs):
    rows = summary_rows([run(load_scenario("air_cover"), 40, 3, label="Base")])
    assert all(r[4] for r in rows[1:])  # a date or "not reached", never blank


def test_the_files_are_named_after_the_exercise():
    assert file_stem("pow_repatriation", "pow_stalin_lives") == "pow_stalin_lives"
    assert file_stem("pow_repatriation", None) == "pow_repatriation"
