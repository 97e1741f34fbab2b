"""Words for students (issue 21, item 6): what a student reads, on the page's student view and
on the handouts and worksheets, uses the catalogue's plain words only: no code names (file
ids such as `pow_repatriation`, dotted paths), no raw model numbers (utilities such as 0.43,
rates such as -0.008 per month), no notes on the model's making ("our assumption", "the
scale", "the horizon") and, on paper, no note numbers of an article the class does not have.
The teacher's view keeps all of them, and is checked to.
"""

from __future__ import annotations

import re

import pytest

from alliance_sim.classroom.pack.exercise_sheets import handout_page, worksheet_page
from alliance_sim.classroom.pack.pack_runs import Simulator, base_of, loaded
from alliance_sim.classroom.plain_words import student_source, without_notes
from alliance_sim.classroom.what_changed import change_words
from sim.scenario.loader import builtin_exercises, builtin_scenarios

CODE_NAME = re.compile(r"`|\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z_]+(?:\.[a-z_]+){2,}\b")
RAW_NUMBER = re.compile(r"(?<![\d/])[-+\u2212]?\d*\.\d+(?!\d)(?! ?%)")
"""A decimal that is not a share in per cent: a utility (0.43) or a rate (-0.008)."""
MODEL_TALK = re.compile(
    r"\bour assumption|\bours\b|\bour judgment|\bthe scale\b|\bhorizon\b|calibrat|\(external\)|"
    r"\bper (?:month|day)\b|\bzone of agreement\b|\btension inside\b",
    re.IGNORECASE,
)
NOTE_NUMBER = re.compile(r"\bnotes? \d")


def problems(text: str, paper: bool = False) -> list[str]:
    found = CODE_NAME.findall(text) + RAW_NUMBER.findall(text) + MODEL_TALK.findall(text)
    return found + (NOTE_NUMBER.findall(text) if paper else [])


def visible(page: str) -> str:
    page = re.sub(r"<style>.*?</style>|<footer>.*?</footer>", " ", page, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'")


def test_a_source_loses_its_notes_on_the_models_making_for_students():
    source = (
        "note 68: the article is silent on his costs, so the small monthly cost is our "
        "assumption; Rhee freed the prisoners"
    )
    assert student_source(source) == (
        "the article is silent on his costs; Rhee freed the prisoners (note 68)"
    )
    event = ("note 37: every day of the advance made the threat worse (about a hundredth of the "
             "scale a day)")  # fmt: skip
    assert student_source(event) == "every day of the advance made the threat worse (note 37)"
    assert student_source("external: Stalin died on 5 March 1953") == (
        "Stalin died on 5 March 1953 (a fact from outside the article)"
    )
    assert without_notes("He preferred attrition (note 64); the Stalin of notes 64 and 65.") == (
        "He preferred attrition (the article); the Stalin of the article."
    )


@pytest.mark.parametrize("scenario_id", builtin_scenarios())
def test_the_briefing_speaks_plainly_to_students_and_fully_to_the_teacher(scenario_id):
    from alliance_sim.web.content.briefing import briefing_markdown

    scenario = loaded(scenario_id)
    student = briefing_markdown(scenario, teacher=False)
    assert not problems(student), problems(student)
    assert MODEL_TALK.search(briefing_markdown(scenario, teacher=True)) or scenario_id in (
        "air_cover", "armistice_terms")  # fmt: skip


@pytest.mark.parametrize("exercise_id", builtin_exercises())
def test_an_exercises_changes_name_no_model_number_for_students(exercise_id):
    """The page's student view (What if?) and the worksheet say which way a setting moves;
    the teacher reads the model's numbers ("changes from 0.72 to 0.62")."""
    from alliance_sim.web.ui_changes import exercise_changes

    exercise = loaded(exercise_id)
    student = exercise_changes(exercise, teacher=False)
    assert not problems(student), problems(student)
    worksheet = visible(worksheet_page(exercise, base_of(exercise)))
    assert not problems(worksheet, paper=True), problems(worksheet, paper=True)


def test_the_teacher_still_reads_the_numbers_students_read_as_directions():
    exercise = loaded("air_cover_united_politburo")
    base = base_of(exercise)
    change = exercise.exercise.changes[0]
    assert "changes from 0.72 to 0.62" in change_words(change, base)
    assert change_words(change, base, students=True) == (
        "What no deal (fighting on, or staying out) is worth to Beijing (Mao) is lower than in "
        "history."
    )
    event = loaded("pow_early_neutral_custody").exercise.changes[1]
    said = change_words(event, base_of(loaded("pow_early_neutral_custody")), students=True)
    assert "each month of war now costs Moscow (Stalin) something" in said
    assert not RAW_NUMBER.findall(said)


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    return Simulator(20)  # the words are under test, not the numbers


@pytest.mark.parametrize("exercise_id", ["air_cover_united_politburo", "pow_early_neutral_custody",
                                         "pow_stalin_lives", "talks_stalin_lives",
                                         "armistice_stalin_insists_on_withdrawal"])  # fmt: skip
def test_a_handout_has_no_model_number_and_no_bare_note_number(exercise_id, simulator):
    exercise = loaded(exercise_id)
    page = visible(handout_page(exercise, base_of(exercise), simulator))
    assert not problems(page, paper=True), problems(page, paper=True)


def test_the_play_table_and_the_step_by_step_text_show_students_words_not_values():
    solara = pytest.importorskip("solara")
    from alliance_sim.web import view
    from alliance_sim.web.content import words
    from alliance_sim.web.content.sample_run import issue_markdown, sample_steps
    from alliance_sim.web.ui_play import IssueChoice
    from sim.engine.runner import run
    from sim.play.session import PlaySession

    game = PlaySession(loaded("air_cover"), "beijing", 1)
    issue = game.situation().issues[0]
    shown = {}
    for teacher in (False, True):
        view.teacher.value = teacher
        try:
            box, context = solara.render(
                IssueChoice(issue, "hold", lambda move: None, words.unit("day"), ""),
                handle_error=False,
            )
            shown[teacher] = " ".join(_texts(box))
            context.close()
        finally:
            view.teacher.value = False
    assert not RAW_NUMBER.findall(visible(shown[False])), RAW_NUMBER.findall(shown[False])
    assert re.search(
        r"is worth <strong>(a great deal|much|some|little|nothing)</strong> to you "
        r"now, and (more|less) with every day",
        shown[False],
    ), shown[False]
    assert RAW_NUMBER.findall(visible(shown[True]))  # the teacher reads the values
    result = run(loaded("pow_repatriation"), 3, 1950)
    for step in sample_steps(result.scenario, result.history, result.table):
        for entry in step.issues:
            assert not problems(issue_markdown(entry)), issue_markdown(entry)


def _texts(widget):
    """The text and HTML of a widget and every widget inside it."""
    for name in ("unsafe_innerHTML", "value", "children"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            yield value
    for child in getattr(widget, "children", []) or []:
        if not isinstance(child, str):
            yield from _texts(child)
