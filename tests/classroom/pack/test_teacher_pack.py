"""The teacher pack: plain words taken from the exercise files, and the commands.

How the pages print (A4, one page per handout, nothing cut) is tested in a real Chromium in
`test_teacher_pack_print.py`.
"""

from __future__ import annotations

import html
import re

import pytest
from typer.testing import CliRunner

from alliance_sim.classroom.pack.exercise_sheets import handout_page, worksheet_page
from alliance_sim.classroom.pack.lesson_plan import LESSON_EXERCISES, TALKS_FAMILY, lesson_plan
from alliance_sim.classroom.pack.pack_runs import Simulator, base_of, loaded
from alliance_sim.classroom.plain_words import cite, day, percent, without_notes
from alliance_sim.classroom.questions import predictions
from alliance_sim.classroom.result_rows import result_groups
from alliance_sim.classroom.what_changed import change_words
from alliance_sim.cli.app import app
from sim.scenario.loader import builtin_exercises

RUNS = 60  # the words and the layout, not the numbers, are under test here

CODE_NAME = re.compile(
    r"\b[a-z]+_[a-z0-9_]+\b|replicate|\bseed\b|actors\.|\bNone\b|\bnan\b|\binf\b|"
    r"\bp50\b|\{|\}",
    re.IGNORECASE,
)


def visible_text(page: str) -> str:
    """The text a reader sees: no style sheet, no tags, entities decoded."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    return Simulator(RUNS)


def test_sources_are_cited_by_note_after_the_paraphrase():
    assert cite("notes 35, 36: in fact Stalin offered only air defence") == (
        "In fact Stalin offered only air defence (notes 35, 36)."
    )
    assert cite("text after note 31: the cable bought time.") == (
        "The cable bought time (text after note 31)."
    )
    assert cite("external: Stalin's death is not in the article") == (
        "Stalin's death is not in the article (a fact from outside the article)."
    )


def test_dates_and_shares_are_in_words():
    assert day("1953-05-01") == "1 May 1953"
    assert [percent(x) for x in (0.0, 0.001, 0.5, 0.999, 1.0)] == [
        "0%",
        "under 1%",
        "50%",
        "over 99%",
        "100%",
    ]


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("pow_stalin_lives", "This does not happen: \u201cStalin dies\u201d (5 March 1953)."),
        (
            "pow_no_soviet_arms",
            "Moscow (Stalin) no longer arms its ally once the other side offers nothing",
        ),
        (
            "war_frontline_promise",
            "Moscow (Stalin)'s preferred outcome on \u201cSoviet air cover for the Chinese "
            "troops\u201d changes from \u201cAir defence of Chinese cities after entry\u201d to "
            "\u201cAir cover over the troops at the front\u201d.",
        ),
        ("air_cover_united_politburo", "changes from 0.72 to 0.62"),
        ("pow_early_neutral_custody", "each month of war costs Moscow (Stalin) 0.01"),
        ("armistice_stalin_insists_on_withdrawal", "Moscow (Stalin) can now block"),
    ],
)
def test_each_kind_of_change_is_said_in_plain_words(exercise_id, expected):
    exercise = loaded(exercise_id)
    said = " ".join(change_words(c, base_of(exercise)) for c in exercise.exercise.changes)
    assert expected in said
    assert not CODE_NAME.search(said), said


def test_predictions_follow_the_expected_measures():
    asked = predictions(loaded("pow_stalin_lives"))
    assert [p.choices for p in asked] == [
        ("more often", "about as often", "less often"),
        ("earlier", "at about the same time", "later"),
    ]
    campaign = predictions(loaded("war_frontline_promise"))
    assert campaign[-1].prompt == "How often has the war ended by 1 March 1953?"


@pytest.mark.parametrize("exercise_id", list(builtin_exercises()))
def test_student_pages_use_plain_words_only(exercise_id, simulator):
    """Handout and worksheet of every built-in exercise: its title, question, explanation and
    every change's reason is there, in the students' words (no note numbers: the class has not
    the article); no code name, replicate or seed is."""
    exercise = loaded(exercise_id)
    base = base_of(exercise)
    sheet = visible_text(worksheet_page(exercise, base))
    hand = visible_text(handout_page(exercise, base, simulator))
    for page in (sheet, hand):
        assert exercise.title in page
        assert exercise.exercise.question in page
        for change in exercise.exercise.changes:
            assert cite(change.source, students=True) in page
        assert not CODE_NAME.search(re.sub(r"_{3,}", "", page)), CODE_NAME.findall(page)
    assert without_notes(exercise.exercise.explanation) in hand
    assert exercise.exercise.explanation not in sheet  # the worksheet does not give it away
    assert "What happened in history" in hand and "What really happened" in sheet
    assert f"{RUNS} simulated runs of each version" in hand


def test_the_handout_reports_the_runs_in_words(simulator):
    exercise = loaded("pow_stalin_lives")
    page = visible_text(handout_page(exercise, base_of(exercise), simulator))
    base, changed = (simulator.summary(s) for s in (base_of(exercise), exercise))
    median = base["issues"]["pow_repatriation"]["date_quantiles"]["p50"]
    assert day(median) in page  # the base's median date, as a date in words
    if changed["issues"]["pow_repatriation"]["date_quantiles"]["p50"] is None:
        assert "fewer than half ever did" in page  # Stalin alive: no median date
    else:
        assert day(changed["issues"]["pow_repatriation"]["date_quantiles"]["p50"]) in page
    share = percent(1 - changed["issues"]["pow_repatriation"]["shares"]["no_agreement"])
    assert share in page
    assert "4 June 1953" in page  # what happened


def test_the_worksheet_leaves_the_results_blank():
    exercise = loaded("talks_stalin_lives")
    groups = result_groups(exercise, None, None)
    assert [g.heading for g in groups][-1] == "The armistice"
    assert all(not r.base and not r.changed and r.held is None for g in groups for r in g.rows)
    page = worksheet_page(exercise, base_of(exercise))
    assert page.count('class="blank"') == 2 * sum(len(g.rows) for g in groups)
    assert "expected:" not in page


def test_the_lesson_is_built_from_the_exercise_files(simulator):
    page = visible_text(lesson_plan(simulator))
    assert "Why did the armistice take two years?" in page
    assert "27 July 1953" in page  # the armistice, from the talks' record
    for exercise_id in LESSON_EXERCISES:
        exercise = loaded(exercise_id)
        assert exercise.exercise.base in TALKS_FAMILY
        assert exercise.title in page and exercise.exercise.question in page
    others = [i for i in builtin_exercises() if i not in LESSON_EXERCISES]
    for exercise_id in others:  # every other exercise on the talks is offered for later
        exercise = loaded(exercise_id)
        assert (exercise.title in page) == (exercise.exercise.base in TALKS_FAMILY)
    minutes = re.findall(r"(\d+)\u2013(\d+) min", page)
    assert minutes[0][0] == "0" and minutes[-1][1] == "45"
    assert all(a[1] == b[0] for a, b in zip(minutes, minutes[1:], strict=False))
    assert re.search(
        r"(Moscow \(Stalin\)|Beijing \(Mao\)) preferred fighting on", page
    )  # who held up the prisoners
    # issue 21 item 5: history shows historical dates, not the model's first step
    assert re.search(r"\b10 July 1951\s+The armistice talks open at Kaesong", page)
    assert not re.search(r"\b1 July 1951\s+The armistice talks open", page)


def _hands(exercise) -> set[str]:
    """The capitals whose settings or events an exercise changes."""
    base = base_of(exercise)
    found = set()
    for change in exercise.exercise.changes:
        if change.path:
            parts = change.path.split(".")
            found.add(parts[parts.index("actors") + 1])
        elif change.add_event is not None:
            found |= {c.actor for c in change.add_event.changes}
        else:
            event = next(e for e in getattr(base, "events", []) if e.id == change.remove_event)
            found |= {c.actor for c in event.changes}
    return found


def test_every_group_changes_a_different_hand_washington_and_rhee_included():
    """Issue 21, item 4: groups A and B had the same counterfactual (Stalin lives, on the talks
    and on the prisoners) and all five were "What if Stalin...": no group looked at
    Washington or Rhee."""
    groups = [loaded(i) for i in LESSON_EXERCISES]
    assert len({g.title for g in groups}) == len({g.exercise.question for g in groups}) == 5
    changed = [frozenset(c.remove_event or c.path or c.add_event.id
                         for c in g.exercise.changes) for g in groups]  # fmt: skip
    assert len(set(changed)) == len(groups), "two groups change the same thing"
    hands = [_hands(g) for g in groups]  # whose settings move (Rhee's release moves Washington's)
    assert any("washington" in h for h in hands) and sum(h == {"moscow"} for h in hands) <= 2
    titles = " ".join(g.title for g in groups)
    assert "Washington" in titles and "Rhee" in titles  # whose decision the class questions
    assert sum(g.title.startswith("What if Stalin") for g in groups) <= 2
    assert len({g.exercise.base for g in groups}) >= 4  # the talks, its questions, the war


def test_the_lesson_plan_sets_up_the_class_network_with_serves_own_options(simulator):
    """Issue 21, item 4: the plan said only `alliance-sim serve` (127.0.0.1 only), so "on the
    groups' laptops" could not work; it now gives the setup step by step, with options that
    `serve --help` lists and the page's own names for the key, the tabs and the buttons."""
    from alliance_sim.classroom import page_names

    page = visible_text(lesson_plan(simulator))
    helped = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    commands = re.findall(r"alliance-sim serve((?: --[a-z-]+(?: [A-Z0-9.]+)?)*)", page)
    options = {o for command in commands for o in re.findall(r"--[a-z-]+", command)}
    assert {"--host", "--teacher-key"} <= options
    for option in options:
        assert option in helped, f"the plan asks for {option}, which serve does not have"
    assert "--host 0.0.0.0" in page
    steps = re.search(r"Setting up the class network \(step by step\)(.*?)The talks at a glance",
                      page, re.DOTALL).group(1)  # fmt: skip
    for name in (page_names.TEACHER_KEY, page_names.TEACHER_KEY_ENTER, page_names.CLASS_START,
                 page_names.TABS["class"], page_names.TABS["run"], page_names.RUN):  # fmt: skip
        assert name in steps, name


def test_the_rhee_handout_says_where_the_article_differs_from_most_accounts(simulator):
    """Issue 21 item 5: the release "neither stopped nor delayed" the armistice is the
    article's view; most accounts say it delayed the signing by weeks."""
    exercise = loaded("pow_no_rhee_release")
    page = " ".join(visible_text(handout_page(exercise, base_of(exercise), simulator)).split())
    assert "the article argues" in page.lower()
    assert "most accounts say it delayed the signing" in page


def test_pack_command_writes_the_pack(tmp_path):
    folder = tmp_path / "pack"
    result = CliRunner().invoke(
        app, ["pack", "pow_stalin_lives", "war_frontline_promise", "--out", str(folder), "-n", "40"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "index.html",
        "lesson-plan.html",
        "pow_stalin_lives-handout.html",
        "pow_stalin_lives-worksheet.html",
        "war_frontline_promise-handout.html",
        "war_frontline_promise-worksheet.html",
    ]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="pow_stalin_lives-handout.html"' in index
    assert "What if Stalin had not died in March 1953?" in index


def test_handout_command_and_its_errors(tmp_path):
    target = tmp_path / "stalin.html"
    runner = CliRunner()
    result = runner.invoke(app, ["handout", "pow_stalin_lives", "--out", str(target), "-n", "40"])
    assert result.exit_code == 0, result.output
    assert "What if Stalin had not died in March 1953?" in target.read_text(encoding="utf-8")
    not_exercise = runner.invoke(app, ["handout", "pow_repatriation", "--out", str(target)])
    assert not_exercise.exit_code == 2
    assert "not a counterfactual exercise" in not_exercise.output
    no_folder = runner.invoke(
        app, ["handout", "pow_stalin_lives", "--out", str(tmp_path / "no" / "x.html")]
    )
    assert no_folder.exit_code == 2 and "does not exist" in no_folder.output
    bad_pack = runner.invoke(app, ["pack", "--out", str(target)])  # a file, not a folder
    assert bad_pack.exit_code == 2 and "not a folder" in bad_pack.output
