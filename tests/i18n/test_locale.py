"""Choosing a language (Accept-Language, LANG, `--lang`) and reading texts in it; English, the
source language, is the default and stays as written."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_sim import i18n
from alliance_sim.i18n.formats import format_date, format_percent


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
        ("zh-CN,zh;q=0.9", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh-TW", "en"),  # traditional Chinese is not shipped: not the simplified script
        ("en;q=0.5, ru;q=0.9", "ru"),
        ("fr-FR", "en"),
        ("", "en"),
    ],
)
def test_accept_language_picks_the_best_shipped_language(header, lang):
    assert i18n.negotiate(header) == lang


def test_lang_environment_is_the_command_lines_fallback(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert i18n.from_environment() == "ko"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.from_environment() == "en"


def test_texts_follow_the_language_of_the_context_and_fall_back_to_english():
    from alliance_sim.web.content import words

    assert words.TITLE == "Alliance bargaining in the Korean War"
    with i18n.language("ko"):
        assert words.TITLE == "한국전쟁의 동맹 협상"
        assert i18n._("a text nobody translated") == "a text nobody translated"
        with i18n.language("zh-Hans"):
            assert words.TITLE == "朝鲜战争中的同盟谈判"
        assert i18n.html_lang() == "ko"
    with i18n.language("ru"):
        assert "Корейской войне" in words.TITLE
        assert words.TABS["run"] == "3 Запуск"  # dict keys stay ids
    assert words.TITLE.startswith("Alliance")


def test_plurals_follow_each_languages_rule():
    from alliance_sim.web.ui_batch import waiting_text

    assert waiting_text(1).startswith("Waiting: 1 run ahead")
    assert waiting_text(3).startswith("Waiting: 3 runs ahead")
    with i18n.language("ru"):
        assert "1 прогон." in waiting_text(1)
        assert "3 прогона." in waiting_text(3)
        assert "5 прогонов." in waiting_text(5)


def test_dates_and_shares_are_formatted_by_locale():
    day = dt.date(1953, 7, 27)
    assert format_date(day) == "27 July 1953" and format_percent(0.45) == "45%"
    with i18n.language("ko"):
        assert format_date(day) == "1953년 7월 27일"
    with i18n.language("zh_Hans"):
        assert format_date(day) == "1953年7月27日"
    with i18n.language("ru"):
        assert format_date(day).replace("\u202f", " ") == "27 июля 1953 г."
