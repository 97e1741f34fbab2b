"""Class mode's refusals in the language of the person refused (issue 23): each is made in
the request of the student or teacher who asked, so a Korean student and a Russian one in the
same session each read theirs in their own language; code ids in backticks stay as typed."""

from __future__ import annotations

import re

import pytest
from classroom.test_play_languages import LATIN_WORD

from alliance_sim import i18n
from alliance_sim.classroom.live import limits as class_limits
from alliance_sim.classroom.live.session import ClassError
from alliance_sim.web.content.work_budget import OverBudget, check_game, check_run

CODE_ID = re.compile(r"`[^`]*`")


def english(texts: list[str], ids=()) -> list[str]:
    """The texts with a word of English once code ids (in backticks, or the seats' ids that
    a refused seat lists) are taken out."""
    kept = [CODE_ID.sub("", text) for text in texts]
    kept = [re.sub(rf"\b({'|'.join(ids)})\b", "", text) if ids else text for text in kept]
    return [text for text in kept if LATIN_WORD.search(text)]


def refusals(room, scenario) -> list[str]:
    """The messages of the refusals a class runs into, in the current language."""
    said = []

    def refused(action, *args, **kwargs):
        with pytest.raises(ClassError) as error:
            action(*args, **kwargs)
        said.append(str(error.value))

    session = room.create(scenario, client="teacher")
    refused(session.join, "ZZZZZ")  # not this session's code
    refused(room.find, "ZZZZZ")  # no session has it
    ann = session.join(session.code, "Ann")
    refused(session.take_seat, ann, "seoul")  # no such seat
    refused(session.take_seat, "someone-else", "washington")  # not in the session
    refused(session.start, "not-the-token")  # only the teacher
    refused(session.start, session.token)  # nobody seated yet
    refused(room.create, scenario, 1950, 1)  # a time limit out of range
    for _ in range(class_limits.TRIES):
        refused(room.join, "ZZZZZ", "", client="guesser")
    refused(room.join, session.code, "", client="guesser")  # too many wrong tries
    room.end(session.code, session.token)
    return said


@pytest.mark.parametrize("lang", ["ko", "zh_Hans", "ru"])
def test_class_refusals_have_no_english_word(lang, room, pow_scenario):
    with i18n.language(lang):
        said = refusals(room, pow_scenario)
    assert len(said) == 8 + class_limits.TRIES
    assert english(said, pow_scenario.actors) == []


def test_the_same_refusal_in_each_language_and_english_as_it_was(room, pow_scenario):
    with i18n.language("ko"):
        korean = refusals(room, pow_scenario)
    with i18n.language("ru"):
        russian = refusals(room, pow_scenario)
    in_english = refusals(room, pow_scenario)
    assert in_english[0] == "That is not this session's code."
    assert korean[0] == "이 세션의 코드가 아닙니다."
    assert russian[-1] == "Слишком много неверных попыток: подождите 60 с и попробуйте снова."
    assert in_english[-1] == "Too many wrong tries: wait 60 seconds, then try again."


@pytest.mark.parametrize("lang", ["ko", "zh_Hans", "ru"])
def test_the_servers_work_budget_refuses_in_the_language(lang, pow_scenario):
    said = []
    with i18n.language(lang):
        for check in (lambda: check_run(10**12, 10**6), lambda: check_game(pow_scenario, 10**9)):
            with pytest.raises(OverBudget) as refused:
                check()
            said.append(str(refused.value))
    assert english(said) == []
