"""A played game told in the student's language (issue 23): the narration of every step, why
no deal is possible, the end-of-game review and the armistice's signing, in Korean, Chinese
and Russian, with no English sentence left (names and labels come from the scenario
catalogue, templates from the code's, dates and shares from Babel)."""

from __future__ import annotations

import re

import pytest

from alliance_sim import i18n
from alliance_sim.classroom.play_narration import PLAY_NEWS, Narrator, member_move, why_no_deal
from alliance_sim.classroom.play_review import review, review_sentences, signing_sentences
from analysis.blockers import steps_words
from sim.play import session
from sim.play.flow import play_step
from sim.play.session import PlaySession

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def told_game(lang: str, scenario: str, seat: str, seed: int) -> list[str]:
    """Every line a student reads in a game played by a simple rule (concede every third
    step when it can, else hold): the reasons, each step's narration, the review, the signing."""
    with i18n.language(lang):
        game = PlaySession(scenario, seat, seed)
        narrator = Narrator(game.scenario, game.party_id, game.side_leader)
        situation, lines = game.situation(), []
        while situation is not None:
            narrator.seen(situation)
            lines += [why_no_deal(game.scenario, i, game.party_id) for i in situation.issues]
            moves = {
                i.id: "concede" if i.can_concede and situation.step % 3 == 2 else "hold"
                for i in situation.issues
            }
            moves |= {m.id: "yes" if m.on else "no" for m in situation.member_moves}
            step, situation = play_step(game, situation, moves)
            lines += narrator.lines(step)
        moved = game.policy.moved if game.member is None else None
        table = game.results().table
        for row in review(game.scenario, table, seed, 50, moved=moved, seat=game.actor):
            lines += review_sentences(row, 50)
        lines += signing_sentences(game.scenario, table)
    return [line for line in lines if line]


@pytest.mark.parametrize("lang", ["ko", "zh_Hans", "ru"])
def test_a_played_game_is_told_without_an_english_word(lang):
    """The whole war (talks 1951-53, Washington at seed 2: a recess, Stalin's death, the talks
    resumed by new terms, a deadlock of 21 months and Rhee's signature bought) and China's entry
    (day steps, no deal is 'China stays out')."""
    lines = told_game(lang, "talks_1951_53", "washington", 2)
    lines += told_game(lang, "air_cover", "beijing", 1950)
    assert len(lines) > 60
    english = {line for line in lines if LATIN_WORD.search(line)}
    assert english == set()


def test_the_korean_review_reads_as_korean_with_korean_dates_and_shares():
    lines = told_game("ko", "talks_1951_53", "washington", 2)
    assert "역사: 1953년 7월 27일에 휴전." in lines  # the armistice in history, a Korean date
    assert any(line.startswith("에이전트끼리(50회 실행): ") for line in lines)
    assert any("교착 상태는 21개월 동안" in line for line in lines)
    assert any(line.startswith("1953. 5. 1.: 회담이 재개된다") for line in lines)


def test_english_keeps_its_iso_dates_and_the_plural_of_a_deadlocks_length():
    lines = told_game("en", "talks_1951_53", "washington", 2)
    assert "History: the armistice on 1953-07-27." in lines
    assert any(line.startswith("Agents alone (50 runs): ") for line in lines)
    assert steps_words(1, "month") == "1 month" and steps_words(24.5, "month") == "24.5 months"
    with i18n.language("ru"):  # one, few, many
        assert [steps_words(n, "month") for n in (1, 3, 5, 21)] == [
            "1 месяц", "3 месяца", "5 месяцев", "21 месяц"
        ]  # fmt: skip


def test_the_news_a_game_makes_itself_is_in_the_catalogue():
    """`sim` cannot mark its texts for the catalogue; the narration marks them, and they must
    be the very texts the session shows."""
    assert set(PLAY_NEWS) == {session.RESUMED, *session.PLAYED_NEWS.values()}


@pytest.mark.parametrize(("scenario", "seat"), [("talks_1951_53", "moscow"),
                                                ("talks_1951_53", "pyongyang")])  # fmt: skip
def test_a_members_own_moves_are_named_in_the_students_language(scenario, seat):
    """Moscow's arms and advice and Pyongyang's pleas are named by the agents in English
    (`agents` is below the language layer); every one of them has its template."""
    game = PlaySession(scenario, seat, 1)
    labels = [move.label for move in game.situation().member_moves]
    assert len(labels) == 2
    for lang in ("ko", "zh_Hans", "ru"):
        with i18n.language(lang):
            shown = [member_move(label) for label in labels]
        assert not any(LATIN_WORD.search(text) for text in shown), shown
    with i18n.language("ko"):
        assert member_move(labels[0]) in ("베이징 (마오쩌둥)에게 무기 공급",
                                          "베이징 (마오쩌둥)에게 북한이 더는 버틸 수 없다고 호소")  # fmt: skip
