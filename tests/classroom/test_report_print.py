"""The exercise report prints on at most four A4 pages (issue 21, item 4), in a real headless
Chromium: every built-in exercise's report is printed to PDF (A4, as a teacher prints it from
the browser) and its pages counted. A long table repeats its header on the next page. The
timed suite prints one exercise of each kind of episode; the slow tier (`python -m pytest -m
slow`) prints every one. Without chromium or playwright the tests skip, unless
ALLIANCE_SIM_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import re

import matplotlib
import pytest

matplotlib.use("Agg")

from classroom.pack.test_teacher_pack_print import (  # noqa: E402
    A4_POINTS,
    ARGS,
    CHROMIUM,
    _missing,
    pdf_pages,
)

from alliance_sim.classroom.report import STYLE, exercise_report  # noqa: E402
from sim.scenario.loader import builtin_exercises, load_scenario  # noqa: E402

pytestmark = pytest.mark.browser

RUNS = 200  # the layout is under test: the charts and tables are the same at any count
MOST_PAGES = 4
SAMPLE = {"talks_stalin_lives", "war_frontline_promise"}
"""The two longest reports (the talks' and the campaign's, with their still-fighting curve and
timeline); the other episodes' shorter reports print in the slow tier."""


@pytest.fixture(scope="module")
def browser_page():
    reason = _missing()
    if reason:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser.new_page()
        browser.close()


def test_table_headers_repeat_on_each_printed_page():
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", STYLE)


@pytest.mark.parametrize(
    "exercise_id",
    [i if i in SAMPLE else pytest.param(i, marks=pytest.mark.slow) for i in builtin_exercises()],
)
def test_the_report_prints_on_at_most_four_a4_pages(browser_page, tmp_path, exercise_id):
    exercise = load_scenario(exercise_id)
    page = exercise_report(exercise, load_scenario(exercise.exercise.base), RUNS, 1950)
    path = tmp_path / f"{exercise_id}.html"
    path.write_text(page, encoding="utf-8")
    browser_page.goto(path.as_uri())
    sizes = pdf_pages(browser_page.pdf(format="A4"))
    assert 1 <= len(sizes) <= MOST_PAGES, f"{exercise_id} prints on {len(sizes)} A4 pages"
    for width, height in sizes:
        assert (width, height) == pytest.approx(A4_POINTS, abs=1)
