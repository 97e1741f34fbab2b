"""The page in the student's language (issue 23): a Korean browser gets the page in Korean
from its `Accept-Language`, with `<html lang>` set; the interface a student reads in the
briefing, the run's charts and the play tab has no English word left; a visible switch
changes the language for this browser only, and the choice outlives a reload."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

REPLICATES_WORDS = re.compile(r"[A-Za-z]{3,}")
NAMES_AND_IDS = {"CSV", "HTML", "YAML", "alliance", "sim", "English"}
"""Latin words a translated page may show: file formats, the program's name, and the
language switch's own name of English."""


def _expect(locator):
    from playwright.sync_api import expect

    return expect(locator)


def _english_words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in REPLICATES_WORDS.findall(text)} - NAMES_AND_IDS


def _interface_texts(page) -> list[str]:
    """What the interface itself says: tabs, buttons, headings, captions, labels and the
    charts' alt texts (a scenario's cited sources stay as written, in English, by design)."""
    selectors = "[role=tab], button, h1, h2, h3, h4, caption, th, label, img.chart"
    return page.locator(selectors).evaluate_all(
        "els => els.map(e => e.tagName === 'IMG' ? e.alt : e.innerText)"
    )


@pytest.fixture
def korean(server, browser, left_loopback):
    context = browser.new_context(viewport={"width": 1366, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url)
    yield page
    context.close()
    assert not left_loopback(requests)


def test_a_korean_browser_gets_the_student_flow_in_korean(korean):
    page = korean
    _expect(page.get_by_role("heading", name="한국전쟁의 동맹 협상")).to_be_visible()
    _expect(page.locator("html")).to_have_attribute("lang", "ko")
    # briefing
    _expect(page.locator("body")).to_contain_text("중국군에 대한 소련의 항공 엄호, 1950년 10월")
    _expect(page.get_by_role("heading", name="무엇이 걸려 있는가")).to_be_visible()
    assert _english_words(_interface_texts(page)) == set()
    # what if?
    page.get_by_role("tab", name="2 만약에?").click()
    page.get_by_role("button", name="스탈린이 전선 항공 엄호를 약속했다면?").click()
    _expect(page.locator("body")).to_contain_text("또는 슬라이더를 움직이세요")
    # run: charts drawn in Korean, their alt texts and tables too
    page.get_by_role("tab", name="3 실행").click()
    page.get_by_role("button", name="실행", exact=True).click()
    charts = page.locator("img.chart").first  # 2,000 runs of each version: give it time
    _expect(charts).to_have_attribute("alt", re.compile("^어떻게 끝나나"), timeout=180_000)
    _expect(page.locator("table.shares caption").first).to_have_text("모의 실행의 비율 (%)")
    _expect(page.locator("body")).to_contain_text("역사 시나리오")
    assert _english_words(_interface_texts(page)) == set()
    # play: the seat, the moves and the table's columns
    page.get_by_role("tab", name="5 수도 하나 맡기").click()
    page.get_by_role("button", name="새 게임 시작").click()
    _expect(page.get_by_role("button", name="이 단계 두기")).to_be_visible()
    _expect(page.locator("body")).to_contain_text("나에게 주는 가치")
    assert _english_words(_interface_texts(page)) == set()  # seats, exercises, moves, columns
    # one step played: the log, why no deal is possible and what both sides did, in Korean
    page.get_by_role("button", name="이 단계 두기").click()
    _expect(page.locator(".play-log li").first).to_be_visible()
    played = page.locator(".play-log li, .no-deal, .last-moves, table.options td")
    assert _english_words(played.all_inner_texts()) == set()


def test_the_switch_changes_the_language_for_this_browser_and_is_kept(korean):
    page = korean
    _expect(page.get_by_role("heading", name="한국전쟁의 동맹 협상")).to_be_visible()
    page.locator(".language-switch").get_by_text("简体中文").click()
    _expect(page.get_by_role("heading", name="朝鲜战争中的同盟谈判")).to_be_visible()
    _expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.reload()
    _expect(page.get_by_role("heading", name="朝鲜战争中的同盟谈判")).to_be_visible()
    page.locator(".language-switch").get_by_text("Русский").click()
    _expect(page.get_by_role("tab", name="3 Запуск")).to_be_visible()
    _expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_an_english_browser_still_gets_english(server, browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(server.url + "?lang=ko")  # the address wins over the browser's language
    _expect(page.get_by_role("heading", name="한국전쟁의 동맹 협상")).to_be_visible()
    other = context.browser.new_context(locale="en-US").new_page()
    other.goto(server.url)
    _expect(
        other.get_by_role("heading", name="Alliance bargaining in the Korean War")
    ).to_be_visible()
    _expect(other.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_hangul_comes_from_the_server_s_own_font_not_the_device_s(korean, server):
    """This machine has no Hangul font (`fc-list :lang=ko` is empty here), so without the
    served face the heading would be empty boxes; the page's own face draws it."""
    page = korean
    _expect(page.get_by_role("heading", name="한국전쟁의 동맹 협상")).to_be_visible()
    loaded = page.evaluate(
        "async () => { await document.fonts.load('20px \"alliance-sim CJK KR\"', '한국전쟁');"
        " return document.fonts.check('20px \"alliance-sim CJK KR\"', '한국전쟁'); }"
    )
    assert loaded
    family = page.get_by_role("heading", name="한국전쟁의 동맹 협상").evaluate(
        "e => getComputedStyle(e).fontFamily"
    )
    assert "alliance-sim CJK KR" in family, family
    assert family.index("alliance-sim CJK KR") < family.index("alliance-sim CJK SC")
    import urllib.request

    with urllib.request.urlopen(server.url + "_alliance-sim/fonts/kr.woff", timeout=60) as r:
        assert r.headers["content-type"] == "font/woff" and r.read(4) == b"wOFF"
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(server.url + "_alliance-sim/fonts/../secret.woff", timeout=10)
