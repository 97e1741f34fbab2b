"""The lesson plan: 45 minutes on why the armistice took two years (three A4 pages at most).

Built on the talks, the campaign and the groups' exercises (`LESSON_EXERCISES`): their texts
come from their files, the numbers from the pack's runs (`pack_runs`), so the plan never goes
stale. For the teacher: aims, preparation, a timeline for the board, what the model says about
history, the lesson minute by minute, and the answer key.
"""

from __future__ import annotations

import datetime as dt

from alliance_sim.classroom.exercises import holds
from alliance_sim.classroom.html_table import Markup, escape, table
from alliance_sim.classroom.pack.a4_page import document, footer
from alliance_sim.classroom.pack.class_setup import class_network
from alliance_sim.classroom.pack.pack_runs import Simulator, base_of, loaded
from alliance_sim.classroom.page_names import episode_name
from alliance_sim.classroom.plain_words import Loaded, day, name, outcome, percent
from alliance_sim.classroom.questions import verdict
from alliance_sim.classroom.what_changed import change_words
from analysis.blockers import main_reasons
from sim.scenario.campaign import Campaign
from sim.scenario.loader import builtin_exercises
from sim.scenario.structure import Scenario

LESSON_QUESTION = "Why did the armistice take two years?"
LESSON_TALKS = "talks_1951_53"
LESSON_WAR = "war_1950_53"
LESSON_EXERCISES = (
    "talks_stalin_lives",
    "pow_all_for_all_1952",
    "pow_no_rhee_release",
    "armistice_north_fights_on",
    "war_frontline_promise",
)
"""The exercises the lesson's groups take, one each; their texts come from their files. Each
group changes a different capital's hand (Moscow, Washington, Seoul, Pyongyang, and Moscow's
promise to Beijing in 1950), in four episodes, so that the groups report five different
answers to the lesson's question, not one counterfactual five times."""


TALKS_FAMILY = ("talks_1951_53", "armistice_terms", "pow_repatriation", "war_1950_53")
"""Bases whose exercises bear on the lesson's question (the talks, its views, the campaign)."""


TALKS_OPENED = dt.date(1951, 7, 10)
"""When the armistice talks opened, at Kaesong (external: Hermes, Truce Tent and Fighting Front,
1966; the article places their start at Kaesong, text after note 58). The model's first step,
1 July 1951, is a step date, not history: the board shows the historical one."""


def lesson_plan(simulator: Simulator, exercises: dict[str, Loaded] | None = None) -> str:
    """A 45-minute lesson on why the armistice took two years, built on the talks, the
    campaign and the exercises in :data:`LESSON_EXERCISES` (their texts and results)."""
    talks = loaded(LESSON_TALKS)
    war = loaded(LESSON_WAR)
    exercises = exercises or {}
    groups = [exercises.get(i) or loaded(i) for i in LESSON_EXERCISES]
    talks_summary = simulator.summary(talks)
    war_summary = simulator.summary(war)
    signed = talks.agreement.historical_date
    opened = TALKS_OPENED
    body = [
        f"<h1>{escape(LESSON_QUESTION)}</h1>",
        f'<p class="question">The armistice talks opened in {opened:%B %Y}; the armistice was '
        f"signed on {day(signed)}. Why did it take two years?</p>",
        _aims(),
        _preparation(talks, groups),
        class_network(),
        _timeline(talks),
        _model_history(talks, talks_summary, war, war_summary, simulator.replicates),
        _sequence(talks, groups),
        _answer_key(groups, simulator),
        _more(groups),
        footer(f"Runs: {simulator.replicates:,} per version, seed {simulator.seed}. "),
    ]
    return document(LESSON_QUESTION, "Lesson plan \u00b7 45 minutes \u00b7 for the teacher", body)


def _aims() -> str:
    return (
        "<section class=flow><h2>Aims</h2><ul>"
        "<li>Students can say which question held the talks up, who held out on it, and back "
        "it with evidence (the reasons on their handout).</li>"
        "<li>Students test a \u201cwhat if\u201d against a model: they predict, run and explain, "
        "and tell what the model shows from what happened.</li>"
        "</ul></section>"
    )


def _preparation(talks: Scenario, groups: list[Loaded]) -> str:
    titles = "".join(f"<li>{escape(g.title)}</li>" for g in groups)
    return (
        "<section class=flow><h2>Before the lesson</h2>"
        f"<p>Print one worksheet per group (a group of five or six for each of the "
        f"{len(groups)} exercises below) and, for after the run, the handouts. "
        "To project the runs, start the class web page (see the next section) and keep the "
        f"episode \u201c{escape(episode_name(talks.id, talks.title))}\u201d ready. The whole "
        "pack is rebuilt with "
        "<code>alliance-sim pack --out FOLDER</code>.</p>"
        f'<p class="small">The groups\' exercises:</p><ol class="small">{titles}</ol></section>'
    )


def _timeline(talks: Scenario) -> str:
    rows: list[tuple[dt.date, object]] = [
        (e.date, e.label) for e in talks.events if e.date >= talks.time.start
    ]
    for issue_id, record in talks.historical.items():
        issue = talks.issues[issue_id]
        settled = f"Settled: {issue.label} \u2014 {outcome(issue, record.outcome)}"
        rows.append((record.date, _bold(settled)))
    if talks.agreement.historical_date:
        rows.append((talks.agreement.historical_date, _bold(f"{talks.agreement.label} signed")))
    rows.insert(0, (TALKS_OPENED, "The armistice talks open at Kaesong"))
    dated = [(day(d), text) for d, text in sorted(rows, key=lambda r: r[0])]
    return (
        "<section class=flow><h2>The talks at a glance (for the board)</h2>"
        f"{_plan_table(dated)}</section>"
    )


def _bold(text: str) -> Markup:
    return Markup(f"<b>{escape(text)}</b>")


def _plan_table(rows: list[tuple[str, object]]) -> str:
    """The lesson plan's two-column tables: when, then what."""
    return table(None, rows, attributes={"class": "plan"}, columns=("when", None))


def _model_history(
    talks: Scenario, talks_summary: dict, war: Campaign, war_summary: dict, replicates: int
) -> str:
    parts = []
    for issue_id, issue in talks.issues.items():
        entry = talks_summary["issues"][issue_id]
        median = entry["date_quantiles"]["p50"]
        modal = max(entry["shares"], key=entry["shares"].get)
        when = f"half the runs by {day(median)}" if median else "fewer than half the runs ever"
        parts.append(
            f"<li><b>{escape(issue.label)}:</b> {escape(outcome(issue, modal))} in "
            f"{percent(entry['shares'][modal])} of the runs, settled in {when}.</li>"
        )
    armistice = talks_summary["agreement"]
    median = armistice["date_quantiles"]["p50"]
    signed = talks.agreement.historical_date
    parts.append(
        f"<li><b>{escape(talks.agreement.label)}:</b> signed in {percent(armistice['share'])} of the "
        f"runs; half the runs had it by {day(median) if median else 'no date'} "
        f"(in history {day(signed)}).{_gap(median, signed)}</li>"
    )
    held = _held_out(talks, talks_summary, replicates)
    war_end = war_summary["agreement"]
    entry = war_summary["issues"][next(iter(war.stages[0].issues))]
    entered = entry.get("entry_date_quantiles", {}).get("p50")
    war_text = (
        f"Played from October 1950 as one war, the model has China enter "
        f"{'by ' + day(entered) + ' in half the runs' if entered else 'in fewer than half the runs'}"
        f", and the armistice ends the war in {percent(war_end['share'])} of the runs."
    )
    return (
        "<section class=flow><h2>What the model says about history</h2>"
        f"<p>{replicates:,} simulated runs of the talks as they happened:</p>"
        f"<ul>{''.join(parts)}</ul>{held}<p>{escape(war_text)}</p></section>"
    )


def _gap(median: str | None, signed: dt.date) -> str:
    """How far the model's median armistice is from history's, as a question for the class."""
    if median is None:
        return ""
    months = round((dt.date.fromisoformat(median) - signed).days / 30.4375)
    if months == 0:
        return " The model's date is within a month of history's."
    side = "before" if months < 0 else "after"
    count = abs(months)
    return (
        f" The model's armistice comes about {count} month{'s' if count > 1 else ''} {side} "
        "history's: ask the class at the end what the model might leave out."
    )


def _held_out(talks: Scenario, summary: dict, replicates: int) -> str:
    """Who the deal waited for at the end of its longest deadlock, for the issue settled last
    in history (the one that held up the armistice)."""
    if not talks.historical:
        return ""
    longest = max(talks.historical, key=lambda i: talks.historical[i].date)
    record = summary["issues"][longest]["deadlock"]
    if not record["replicates_with_deadlock"]:
        return ""
    reasons = [
        f"{text} ({percent(share)} of them)" for text, share in main_reasons(talks, record).items()
    ]
    steps = record["median_steps"]
    unit = talks.step_of(longest)
    return (
        f"<p>The question settled last, \u201c{escape(talks.issues[longest].label)}\u201d, was "
        f"deadlocked in {percent(record['replicates_with_deadlock'] / replicates)} of the runs, "
        f"for {steps:g} {unit}s (median). When the deadlock broke, the deal was waiting "
        f"for: {escape('; '.join(reasons))}.</p>"
    )


def _sequence(talks: Scenario, groups: list[Loaded]) -> str:
    letters = "ABCDEFGH"
    names = ", ".join(f"{letters[i]}: \u201c{escape(g.title)}\u201d" for i, g in enumerate(groups))
    parties = "; ".join(
        f"{escape(p.label)}: {escape(name(talks, p.leader))}"
        + (
            " with " + ", ".join(escape(name(talks, m)) for m in p.members if m != p.leader)
            if len(p.members) > 1
            else ""
        )
        for p in talks.parties.values()
    )
    order = sorted(talks.historical.items(), key=lambda item: item[1].date)
    settled = "; ".join(
        f"\u201c{escape(talks.issues[i].label)}\u201d on {day(r.date)}" for i, r in order
    )
    steps = [
        (
            "0\u20135",
            "<b>Hook.</b> Put the question on the board with the timeline above. The questions "
            f"were settled one after another: {settled}. Ask: what held up the last one, who "
            "wanted the war to go on, and why?",
        ),
        (
            "5\u201312",
            f"<b>Who sat at the table.</b> {parties}. Project the briefing of the talks in the "
            "class web page: what each capital wanted, and where the article says so.",
        ),
        (
            "12\u201317",
            "<b>The model plays history.</b> Run the historical scenario of the talks and read "
            "the results together (see \u201cWhat the model says about history\u201d): when each "
            "question was settled, and who the deal waited for.",
        ),
        (
            "17\u201322",
            f"<b>Predict.</b> Groups take one worksheet each ({names}). They read what changes "
            "and why, tick their prediction and give a reason.",
        ),
        (
            "22\u201332",
            "<b>Run.</b> Run each group's exercise (projected, or on the groups' laptops: see "
            "\u201cSetting up the class network\u201d) and let the groups fill in their table "
            "from the table under the charts.",
        ),
        (
            "32\u201340",
            "<b>Explain.</b> Each group reports in a minute: what changed, what the model showed, "
            "why (the reasons on the worksheet). Hand out the handouts as the answer sheets.",
        ),
        (
            "40\u201345",
            "<b>Conclude.</b> Exit ticket: \u201cIn two sentences, why did the armistice take two "
            "years? Name one capital and one piece of evidence.\u201d Ask where the model differs "
            "from history, and why a model can only support, not prove, an answer.",
        ),
    ]
    rows = [(f"{t} min", Markup(text)) for t, text in steps]
    return f"<section class=flow><h2>The lesson, minute by minute</h2>{_plan_table(rows)}</section>"


def _answer_key(groups: list[Loaded], simulator: Simulator) -> str:
    letters = "ABCDEFGH"
    blocks = []
    for i, exercise in enumerate(groups):
        base = base_of(exercise)
        before, after = simulator.summary(base), simulator.summary(exercise)
        changes = " ".join(change_words(c, base) for c in exercise.exercise.changes)
        shown = "".join(
            f"<li>{escape(verdict(exercise, x, before, after))}</li>"
            for x in exercise.exercise.expect
        )
        held = all(holds(x, before, after) for x in exercise.exercise.expect)
        blocks.append(
            f'<div class="block"><h3>{letters[i]}. {escape(exercise.title)}</h3>'
            f"<p><i>{escape(exercise.exercise.question)}</i> {escape(changes)}</p>"
            f'<ul class="expected small">{shown}</ul>'
            f'<p class="small">{"Every expectation holds in these runs. " if held else ""}'
            f"{escape(exercise.exercise.explanation)}</p></div>"
        )
    return (
        "<section class=flow><h2>The groups' exercises: what the model shows (answer key)</h2>"
        f"{''.join(blocks)}</section>"
    )


def _more(groups: list[Loaded]) -> str:
    taken = {g.id for g in groups}
    others = []
    for exercise_id in builtin_exercises():
        if exercise_id in taken:
            continue
        exercise = loaded(exercise_id)
        if exercise.exercise.base in TALKS_FAMILY:
            others.append(f"<li>{escape(exercise.title)}</li>")
    if not others:
        return ""
    return (
        "<section class=flow><h2>More exercises on the talks (for homework or a second lesson)</h2>"
        f'<ul class="small">{"".join(others)}</ul></section>'
    )
