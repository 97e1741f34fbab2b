"""One class session in four languages (issue 23): a Korean, a Chinese and a Russian student
join the English-speaking teacher's session from browsers in their own languages, write their
names in their own scripts, take a capital each and play the game to its end. Each student's
page speaks the student's language throughout (no English word outside proper names and code
ids), the projector stays in the teacher's English, and every name shows as typed."""

from __future__ import annotations

import re

import pytest
from web.test_web_class import KEY, _as_teacher, _loaded, _start_session
from web.test_web_languages import NAMES_AND_IDS, REPLICATES_WORDS

from alliance_sim.i18n import language
from alliance_sim.web.content import class_words

pytestmark = pytest.mark.browser

STUDENTS = {  # browser locale -> (catalogue language, the student's name in their script)
    "ko-KR": ("ko", "김수진"),
    "zh-CN": ("zh-Hans", "王小明"),
    "ru-RU": ("ru", "Наташа"),
}


@pytest.fixture(scope="module")
def keyed(serve_app):
    return serve_app("--teacher-key", KEY)


def _words(lang: str, *names: str) -> list[str]:
    with language(lang):
        return [getattr(class_words, name) for name in names]


def _english(page) -> set[str]:
    """Latin words of three letters or more in what the student's page says (the interface and
    the game: headings, text, buttons, tables), less proper names and ids."""
    text = page.locator(".solara-content-main").inner_text()
    return set(REPLICATES_WORDS.findall(text)) - NAMES_AND_IDS


def test_each_student_plays_in_their_own_language_beside_an_english_projector(
    keyed, browser, left_loopback
):
    contexts, requests = [], []

    def open_page(url: str, locale: str, viewport: tuple[int, int]):
        context = browser.new_context(
            locale=locale, viewport={"width": viewport[0], "height": viewport[1]}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        return page

    try:
        teacher = _loaded(open_page(keyed.url, "en-GB", (1920, 1080)))
        _as_teacher(teacher)
        code = _start_session(teacher, seconds=3)
        students, english_at_start = {}, {}
        for number, (locale, (lang, name)) in enumerate(STUDENTS.items()):
            student = open_page(f"{keyed.url}?join={code}", locale, (390, 844))
            label, join = _words(lang, "CLASS_YOUR_NAME", "CLASS_JOIN")
            student.get_by_label(label).fill(name)
            student.get_by_role("button", name=join, exact=True).click()
            student.locator(".class-seat").nth(number).click()
            student.get_by_role("heading", name=re.compile(re.escape(name))).wait_for()
            students[lang] = student
            english_at_start[lang] = _english(student)
        seats = teacher.locator("table.class-seats")
        for _, name in STUDENTS.values():
            seats.get_by_text(name, exact=True).wait_for()
        assert all(found == set() for found in english_at_start.values()), repr({k: " ".join(sorted(v)) for k, v in english_at_start.items()})
        teacher.get_by_role("button", name="Start the game").click()
        english_in_game = {}
        for lang, student in students.items():  # the first step: news, choices, clock
            (gathering,) = _words(lang, "CLASS_TAKE_A_SEAT")
            heading = gathering.splitlines()[0].removeprefix("### ")
            student.get_by_role("heading", name=heading).wait_for(state="detached")
            english_in_game[lang] = _english(student)
        assert all(found == set() for found in english_in_game.values()), english_in_game
        end = teacher.get_by_role("heading", name="The end: every game against the agents")
        end.wait_for(timeout=240_000)
        moves = teacher.locator("table.class-moves").inner_text()
        assert all(name in moves for _, name in STUDENTS.values())
        for lang, student in students.items():
            (the_end,) = _words(lang, "CLASS_LOOK_AT_PROJECTOR")
            student.get_by_role("heading", name=the_end.removeprefix("## ")).wait_for()
            assert student.locator("html").get_attribute("lang") == lang
            assert _english(student) == set(), lang
    finally:
        for context in contexts:
            context.close()
    assert requests and not left_loopback(requests)
