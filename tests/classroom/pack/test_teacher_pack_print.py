"""The teacher pack prints to A4 without cut content, in a real headless Chromium.

The whole pack (lesson plan, and a handout and a worksheet for every built-in exercise) is
written once with a few runs per exercise, then each page is printed to PDF by one browser:
A4 pages (595 x 842 pt), a handout on exactly one page, a worksheet on two (predict, then run
and explain), the lesson plan on at most three; and, in print emulation at the printable
width, no element is wider than the page. Pages load from files and must request nothing
else. Without chromium or playwright the tests skip, unless ALLIANCE_SIM_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from alliance_sim.classroom.pack.a4_page import PAGE_MARGINS_MM
from alliance_sim.classroom.pack.pack_runs import Simulator
from alliance_sim.classroom.pack.teacher_pack import (
    LESSON_FILE,
    handout_name,
    worksheet_name,
    write_pack,
)
from sim.scenario.loader import builtin_exercises

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
RUNS = 100  # a few runs per exercise: the layout is under test, not the numbers
A4_POINTS = (595.28, 841.89)
CSS_PX_PER_MM = 96 / 25.4
PRINTABLE_WIDTH = round((210 - 2 * PAGE_MARGINS_MM[1]) * CSS_PX_PER_MM)

MOST_PAGES = {"handout": (1, 1), "worksheet": (2, 2), "lesson": (1, 3), "index": (1, 2)}
"""Kind of page -> (fewest, most) printed A4 pages."""

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('body, body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
      found.push(`${el.tagName} scrolls (${el.scrollWidth} > ${el.clientWidth})`);
    if (box.right > width + 1 || box.left < -1)
      found.push(`${el.tagName} '${el.textContent.trim().slice(0, 40)}' spans ${box.left}..${box.right} of ${width}`);
  }
  return found;
}"""


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install 'alliance-sim[browser-test]')"
    if not CHROMIUM.exists():
        return "Debian's chromium is missing (apt-get install -y chromium)"
    return None


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page of a PDF Chromium wrote (uncompressed page
    dictionaries: one `/Type /Page` and one `/MediaBox` each)."""
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    assert len(boxes) == len(pages), "every page has its own media box"
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    reason = _missing()
    if reason:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pack")
    write_pack(folder, simulator=Simulator(RUNS))
    return folder


@dataclass
class Printer:
    page: Any  # playwright's Page
    requests: list[str]  # every URL the page asked for


@pytest.fixture(scope="module")
def printer(pack):
    """One Chromium and one page for the module, at the printable width, in print media."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.emulate_media(media="print")
        yield Printer(page, requests)
        browser.close()


def _files() -> list[tuple[str, str]]:
    files = [("lesson", LESSON_FILE), ("index", "index.html")]
    for exercise_id in builtin_exercises():
        files += [
            ("handout", handout_name(exercise_id)),
            ("worksheet", worksheet_name(exercise_id)),
        ]
    return files


def test_every_exercise_has_a_handout_and_a_worksheet(pack):
    written = {p.name for p in pack.iterdir()}
    assert written == {name for _, name in _files()}


SAMPLE = {"index.html", LESSON_FILE, handout_name("pow_stalin_lives"),
          worksheet_name("talks_stalin_lives"), handout_name("war_frontline_promise")}  # fmt: skip
"""Printed in the timed suite: the index, the lesson plan and one document per kind of episode;
the slow tier (`python -m pytest -m slow`) prints every file of the pack."""


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (kind, name) if name in SAMPLE else pytest.param(kind, name, marks=pytest.mark.slow)
        for kind, name in _files()
    ],
    ids=[name for _, name in _files()],
)
def test_prints_to_a4_without_cut_content(printer, pack, kind, name):
    page = printer.page
    printer.requests.clear()
    page.goto((pack / name).as_uri())
    overflow = page.evaluate(OVERFLOWING)
    assert not overflow, f"{name}: content wider than the printable width: {overflow[:5]}"
    sizes = pdf_pages(page.pdf(prefer_css_page_size=True))
    fewest, most = MOST_PAGES[kind]
    assert fewest <= len(sizes) <= most, f"{name} prints on {len(sizes)} pages"
    for width, height in sizes:
        assert width == pytest.approx(A4_POINTS[0], abs=1)
        assert height == pytest.approx(A4_POINTS[1], abs=1)
    assert printer.requests == [(pack / name).as_uri()], "a page needs nothing but itself"
