"""The teacher pack prints in Korean, Chinese and Russian as it does in English (issue 23).

The same pages (the lesson plan, the index, and a handout and a worksheet of one exercise per
kind of episode) are written in English and in the language, with a few runs each, and printed
by one headless Chromium: each page fits the pack's page limits, takes as many A4 sheets as
in English give or take one, and every glyph comes from the fonts the page carries itself
(DejaVu Sans and, for Hangul and Hanzi, Noto Sans CJK), never from the machine's own fonts,
which on a fresh machine may have no Hangul or Hanzi at all. Korean runs in the timed suite;
Chinese and Russian in the slow tier (`python -m pytest -m slow`).
"""

from __future__ import annotations

import os
import re

import pytest
from classroom.pack.test_teacher_pack_print import (
    ARGS,
    CHROMIUM,
    MOST_PAGES,
    RUNS,
    _missing,
    pdf_pages,
)

from alliance_sim.classroom.pack.pack_runs import Simulator, loaded
from alliance_sim.classroom.pack.teacher_pack import (
    LESSON_FILE,
    handout_name,
    worksheet_name,
    write_pack,
)
from alliance_sim.i18n import language

pytestmark = pytest.mark.browser

EXERCISES = ("pow_stalin_lives", "talks_stalin_lives", "war_frontline_promise")
"""One exercise of each kind of episode (as the English print test's sample)."""
OWN_FONTS = re.compile(r"(DejaVuSans(Mono)?|NotoSansCJK(kr|sc))(-\w+)?")
"""The fonts a page embeds (a PDF names each used font `XXXXXX+Name-Style`)."""
LONGER = {"ru"}
"""Languages that set longer than English and may take one sheet more than the pack's limits
(issue 23 asks Korean and Chinese to print as English does, give or take a page): Russian's
lesson plan takes 4 sheets and the talks_stalin_lives handout 2, its results table's option
labels wrapping onto three lines."""
CJK_FACE = {"ko": "NotoSansCJKkr-Regular", "zh-Hans": "NotoSansCJKsc-Regular"}
"""The regional face a page in the language must print its Hangul or Hanzi with."""


def _pages() -> list[tuple[str, str]]:
    pages = [("lesson", LESSON_FILE), ("index", "index.html")]
    for exercise_id in EXERCISES:
        pages += [
            ("handout", handout_name(exercise_id)),
            ("worksheet", worksheet_name(exercise_id)),
        ]
    return pages


def _printed(tmp_path, lang: str) -> dict[str, tuple[int, set[str]]]:
    """Each page of the pack in `lang`: its number of A4 sheets and the fonts its PDF uses."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path / lang
    folder.mkdir()
    with language(lang):
        write_pack(folder, {i: loaded(i) for i in EXERCISES}, Simulator(RUNS))
    printed = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        page.emulate_media(media="print")
        for _, name in _pages():
            page.goto((folder / name).as_uri())
            page.evaluate("document.fonts.ready.then(() => true)")  # the embedded type is in
            pdf = page.pdf(prefer_css_page_size=True)
            fonts = {
                m.decode().split("+")[-1]
                for m in re.findall(rb"/(?:BaseFont|FontName)\s*/([^\s/\]>]+)", pdf)
            }
            printed[name] = (len(pdf_pages(pdf)), fonts)
        browser.close()
    return printed


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("ALLIANCE_SIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)
    return _printed(tmp_path_factory.mktemp("pack"), "en")


@pytest.mark.parametrize(
    "lang",
    [
        "ko",
        pytest.param("zh-Hans", marks=pytest.mark.slow),
        pytest.param("ru", marks=pytest.mark.slow),
    ],
)
def test_prints_like_english_with_its_own_type(english, tmp_path, lang):
    printed = _printed(tmp_path, lang)
    wrong = []
    for kind, name in _pages():
        sheets, fonts = printed[name]
        fewest, most = MOST_PAGES[kind]
        within = fewest <= sheets <= most or lang in LONGER  # the pack's own limits
        if not within or abs(sheets - english[name][0]) > 1:
            wrong.append(f"{name} prints on {sheets} pages (English {english[name][0]})")
        foreign = {font for font in fonts if not OWN_FONTS.fullmatch(font)}
        if foreign:
            wrong.append(f"{name} takes type from the machine: {sorted(foreign)}")
        if lang in CJK_FACE and CJK_FACE[lang] not in fonts:
            wrong.append(f"{name} has no {CJK_FACE[lang]}: {sorted(fonts)}")
    assert not wrong, f"{lang}: " + "; ".join(wrong)
