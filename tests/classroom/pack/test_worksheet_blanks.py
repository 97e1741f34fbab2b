"""Materials that match the page (issue 21, item 4): every blank of every built-in exercise's
worksheet is filled in from the web page's Run tab, from the table the page shows under the
charts, and the number copied is the one the handout (the answer sheet) prints, because the
page and the pack make the same runs (same count, same seed).

The page's text here is the HTML the Run tab puts on the screen (`Comparison` and
`exercise_table_html`, as `alliance_sim.web.ui_batch.Charts` shows them); the browser test
`tests/web/test_web.py` reads the same table in Chromium.
"""

from __future__ import annotations

import inspect
from html.parser import HTMLParser

import pytest

from alliance_sim.classroom.class_runs import CLASS_REPLICATES, CLASS_SEED
from alliance_sim.classroom.pack.exercise_sheets import handout_page, worksheet_page
from alliance_sim.classroom.pack.pack_runs import PACK_REPLICATES, Simulator, base_of, loaded
from sim.scenario.loader import builtin_exercises

RUNS = 50  # which cells exist and that page and handout agree; not the numbers themselves


class Tables(HTMLParser):
    """The rows of every `table.results` in a page, as (group heading, label, cells), each
    cell's visible text; the handout's `expected: …` marks left out (they judge, not measure)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, list[str]]] = []
        self._in_table = self._skip = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._group = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "results" in (attributes.get("class") or ""):
            self._in_table += 1
        elif not self._in_table:
            return
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "span" and "expect" in (attributes.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if not self._in_table:
            return
        if tag == "table":
            self._in_table -= 1
        elif tag == "span" and self._skip:
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if len(self._row) == 1:
                self._group = self._row[0]
            elif self._row and self._row[0]:
                self.rows.append((self._group, self._row[0], self._row[1:]))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def page_text(exercise, base, runs: int) -> str:
    """What the Run tab shows for the exercise: its tables (the agreement's, each question's
    shares) and the worksheet's table filled from the runs."""
    from alliance_sim.web.content.comparison import compare_runs, exercise_table_html

    result = compare_runs(base, exercise, exercise.title, runs, CLASS_SEED)
    shares = "".join(chart["shares_table"] for chart in result.charts)
    return result.agreement + shares + exercise_table_html(exercise, result)


TIMED = {"war_frontline_promise", "air_cover_frontline_promise"}
"""A campaign exercise of the lesson and one of the episode the lesson leaves out run in the
timed suite; every other built-in exercise in the slow tier (`python -m pytest -m slow`)."""


@pytest.mark.parametrize(
    "exercise_id",
    [i if i in TIMED else pytest.param(i, marks=pytest.mark.slow) for i in builtin_exercises()],
)
def test_every_worksheet_blank_is_read_off_the_page_as_the_handout_prints_it(exercise_id):
    exercise = loaded(exercise_id)
    base = base_of(exercise)
    blanks = [(g, label) for g, label, cells in Tables(worksheet_page(exercise, base)).rows
              if "" in cells[:2]]  # fmt: skip
    assert blanks, f"{exercise_id}: the worksheet has no results to fill in"
    page = {(g, label): cells for g, label, cells in Tables(page_text(exercise, base, RUNS)).rows}
    key = {(g, label): cells for g, label, cells in Tables(handout_page(exercise, base,
           Simulator(RUNS, CLASS_SEED))).rows}  # fmt: skip
    for blank in blanks:
        assert blank in page, f"{exercise_id}: the page never shows {blank}"
        filled = page[blank][:2]
        assert all(filled), f"{exercise_id}: {blank} is empty on the page: {filled}"
        assert filled == key[blank][:2], f"{exercise_id}: {blank}: page {filled}, key {key[blank]}"


def test_the_page_the_pack_and_the_report_make_the_same_runs():
    """One run count and one seed for a class: a key's 96 % is the page's 96 %."""
    from alliance_sim.cli.pack import handout, pack
    from alliance_sim.cli.report import report
    from alliance_sim.web import state

    assert (state.replicates.value, state.seed.value) == (CLASS_REPLICATES, CLASS_SEED)
    assert (PACK_REPLICATES, Simulator().replicates, Simulator().seed) == (
        CLASS_REPLICATES, CLASS_REPLICATES, CLASS_SEED)  # fmt: skip
    for command in (pack, handout, report):
        defaults = inspect.signature(command).parameters
        assert (defaults["replicates"].default, defaults["seed"].default) == (
            CLASS_REPLICATES, CLASS_SEED), command.__name__  # fmt: skip
