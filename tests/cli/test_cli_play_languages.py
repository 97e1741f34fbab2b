"""`alliance-sim play` in the student's language (issue 23): prompts, the option table's
headings, the hints after a wrong key, the narration and the review follow `--lang`, else
`LANG`, with no English word left outside proper names and code ids."""

from __future__ import annotations

import pytest
from classroom.test_play_languages import LATIN_WORD
from typer.testing import CliRunner

from alliance_sim import i18n
from alliance_sim.cli.app import app

runner = CliRunner()
KEY_NAMES = {"Enter"}
"""The name on the key a member presses to play a step: printed on the keyboard as it is."""

# a wrong key (one letter, so that its echo is no English word), a concession refused, then
# accept where possible: the option table (the zone opens), the end and the review
LEADER = ["x", "hold", "c", *["h"] * 5, *["a", "h"] * 80]
# a wrong number, switch the advice on, play a month, then hold until something changes
MEMBER = ["9", "2", "", *["u"] * 40]


def english_words(text: str) -> set[str]:
    return {word for word in LATIN_WORD.findall(text) if word not in KEY_NAMES}


def invoke(args: list[str], **kwargs):
    """The command run as a terminal runs it; the language it sets (`--lang`, `LANG`) ends with
    it, as it would with its process, so the tests after it speak English again."""
    with i18n.language(None):
        return runner.invoke(app, args, **kwargs)


def played(args: list[str], keys: list[str], env: dict | None = None):
    result = invoke(["play", *args], input="\n".join(keys) + "\n", env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["ko", "zh-Hans", "ru"])
def test_a_leaders_game_in_the_terminal_has_no_english_word(lang):
    text = played(["air_cover", "--as", "beijing", "--seed", "7", "--lang", lang], LEADER)
    assert english_words(text) == set()
    assert len(text) > 3000  # the whole game to its review, not an early stop
    assert "'x'" in text  # the hint after the wrong key was shown, in the language


def test_the_korean_game_shows_the_table_prompts_and_refusals_in_korean():
    text = " ".join(played(["air_cover", "--as", "beijing", "--seed", "7", "--lang", "ko"],
                           LEADER).split())  # fmt: skip
    for shown in (
        "┃ 선택지",  # the option table's first heading ("Option"); the others wrap
        "h, c, a, o 또는 u를 입력하세요. 입력한 값: 'x'.",  # the hint after a wrong key
        "지금은 양보할 수 없습니다: 이번 일에는 합의가 불가능합니다.",  # a concession refused
        "상황이 바뀔 때까지 버티기(u)?",  # the prompt's last move
        "당신은 베이징을(를) 대표합니다.",
        "1950년 10월 1일 · 61일 중 1번째 · 회담 진행 중",  # the step's heading, a Korean date
        "역사: 1950년 10월 19일에",  # the review
    ):
        assert shown in text, shown


@pytest.mark.parametrize("lang", ["ko", "zh_Hans", "ru"])
def test_a_members_game_follows_lang_from_the_environment(lang):
    """Moscow's own moves, numbered, with the member's prompt; `LANG` chooses the language
    when `--lang` is not given."""
    env = {"LANG": f"{lang}.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    text = played(["pow_repatriation", "--as", "moscow"], MEMBER, env=env)
    assert english_words(text) == set()
    assert "'9'" in text and "Enter" in text


def test_lang_overrides_the_environment_and_english_stays_as_it_was():
    env = {"LANG": "ko_KR.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    text = " ".join(played(["air_cover", "--as", "beijing", "--seed", "7", "--lang", "en"],
                           LEADER, env=env).split())  # fmt: skip
    assert "You speak for Beijing." in text
    assert "Type h, c, a, o or u (or hold, concede, accept, offer, until); got 'x'." in text
    assert "┃ Option" in text and "Worth" in text and "In the zone" in text


def test_a_campaign_is_refused_in_the_language_with_its_commands_as_typed():
    result = invoke(["play", "war_1950_53", "--as", "beijing", "--lang", "ru"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "ошибка: war_1950_53 — кампания" in message
    assert "`play air_cover --as beijing|moscow` или `play talks_1951_53" in message


def test_a_seat_that_is_not_there_is_refused_in_the_language_with_the_seats_as_ids():
    result = invoke(["play", "armistice_terms", "--as", "seoul", "--lang", "ko"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "오류: armistice_terms: --as: `seoul`" in message
    assert "beijing, washington, moscow, pyongyang" in message
    assert english_words(message.replace("armistice_terms", "").replace("`seoul`", "")) == {
        "beijing", "washington", "moscow", "pyongyang"
    }  # fmt: skip
