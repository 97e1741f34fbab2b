"""An exercise's two student pages: the handout (one A4 page) and the worksheet (two).

Every text comes from the exercise file and its base (the question, what changed with its
source, the expected directions, the explanation, what happened), and every number from the
pack's runs (`pack_runs`). Plain words for students: no code names, no replicates or seeds
("simulated runs").
"""

from __future__ import annotations

from alliance_sim.classroom.html_table import escape
from alliance_sim.classroom.pack.a4_page import document, footer
from alliance_sim.classroom.pack.pack_runs import Simulator
from alliance_sim.classroom.page_names import RUN, WORKSHEET_TABLE, episode_name, tab
from alliance_sim.classroom.plain_words import RUNS, Loaded, cite, day, outcome, without_notes
from alliance_sim.classroom.questions import WHEN, predictions
from alliance_sim.classroom.result_rows import result_groups, shown_issues
from alliance_sim.classroom.results_table import results_table
from alliance_sim.classroom.what_changed import change_words
from alliance_sim.i18n import N_, _
from alliance_sim.i18n.formats import format_number
from alliance_sim.i18n.scenario_texts import in_language
from sim.scenario.campaign import END_STATE


def _changes(exercise: Loaded, base: Loaded) -> str:
    why = _("Why: {source}")
    items = "".join(
        f"<li><b>{escape(change_words(c, base, students=True))}</b> "
        f'<span class="why">{escape(why.format(source=cite(c.source, students=True)))}</span></li>'
        for c in exercise.exercise.changes
    )
    return f"<ul>{items}</ul>"


def _predictions(exercise: Loaded, lines: int) -> str:
    parts = []
    for prediction in predictions(exercise):
        ticks = "".join(
            f'<span class="choice"><span class="box"></span>{escape(c)}</span>'
            for c in prediction.choices
        )
        wide = " wide" if len(prediction.choices) > len(WHEN) else ""
        parts.append(
            f'<div class="prediction{wide}">{escape(prediction.prompt)}'
            f'<div class="choices">{ticks}</div></div>'
        )
    return f'<div class="predictions">{"".join(parts)}</div>' + _lines(lines, _("Because:"))


def _lines(count: int, first: str = "") -> str:
    rows = [f'<div class="line first">{escape(first)}</div>'] if first else []
    rows += ['<div class="line"></div>'] * (count - len(rows))
    return f'<div class="lines">{"".join(rows)}</div>'


def _history(exercise: Loaded) -> str:
    items = []
    shown = shown_issues(exercise)
    for issue_id in shown:
        record = exercise.historical.get(issue_id)
        if record is None:
            continue
        issue = exercise.issues[issue_id]
        label = _("How the war ended") if issue_id == END_STATE else _(issue.label)
        said = without_notes(_(record.note) if record.note else "") or _(
            "{outcome}, {date}."
        ).format(outcome=outcome(issue, record.outcome), date=day(record.date))
        label = _("{label}:").format(label=label)
        items.append(f"<li><b>{escape(label)}</b> {escape(said)}</li>")
    agreement = exercise.agreement
    told = any(day(agreement.historical_date) in i for i in items) if agreement else True
    if agreement is not None and agreement.historical_date and END_STATE not in shown and not told:
        label = _("{label}:").format(label=_(agreement.label))
        signed = _("signed on {date}.").format(date=day(agreement.historical_date))
        items.append(f"<li><b>{escape(label)}</b> {escape(signed)}</li>")
    return f'<ul class="history">{"".join(items)}</ul>'


def _episode(base: Loaded) -> str:
    """The episode as the page's button names it (`POW repatriation, 1951-53`)."""
    return _("Episode: {title}").format(title=episode_name(base.id, base.title))


SAME_CHANCES = N_("Both versions are played with the same chances, so only the change differs. ")
"""The handout's footnote (English: the source text of its translation, `_(SAME_CHANCES)`)."""


def handout_page(exercise: Loaded, base: Loaded, simulator: Simulator) -> str:
    """One A4 page: the question, what changed and why, a prediction box, what the model
    shows (the historical scenario against the changed one), and what happened."""
    before, after = simulator.summary(base), simulator.summary(exercise)
    exercise, base = in_language(exercise), in_language(base)  # their texts, in the reader's
    spec = exercise.exercise
    shows = _("What the model shows: {count} simulated runs of each version").format(
        count=format_number(simulator.replicates)
    )
    changed, predict = _("What changed, and why"), _("Your prediction, before the run")
    why, happened = _("Why, in the model:"), _("What happened in history")
    body = [
        f"<h1>{escape(exercise.title)}</h1>",
        f'<p class="question">{escape(spec.question)}</p>',
        f"<section><h2>{changed}</h2>{_changes(exercise, base)}</section>",
        f"<section><h2>{predict}</h2>{_predictions(exercise, 2)}</section>",
        f"<section><h2>{escape(shows)}</h2>"
        f"{results_table(result_groups(exercise, before, after))}"
        f'<p class="explained"><b>{why}</b> {escape(without_notes(spec.explanation))}</p>'
        "</section>",
        f"<section><h2>{happened}</h2>{_history(exercise)}</section>",
        footer(_(SAME_CHANCES), students=True),
    ]
    kicker = _("Handout \u00b7 {episode}").format(episode=_episode(base))
    return document(exercise.title, kicker, body)


WHY_PROMPT = N_(
    "b) Why does the change move the outcome, or not? Use the reasons given under "
    "\u201c1. Predict\u201d."
)


def _on_the_page(exercise: Loaded, base: Loaded) -> str:
    """Where on the class web page the worksheet's numbers are: the page's own names."""
    return escape(
        _(
            "Your teacher runs it, or your group does on the class web page: the episode "
            "\u201c{episode}\u201d, the exercise \u201c{title}\u201d on the tab \u201c{what_if}\u201d, "
            "then \u201c{run}\u201d on the tab \u201c{run_tab}\u201d. Copy each number from the table "
            "\u201c{table}\u201d under the charts:"
        ).format(
            episode=episode_name(base.id, base.title), title=_(exercise.title),
            what_if=tab("what_if"), run=_(RUN), run_tab=tab("run"), table=_(WORKSHEET_TABLE),
        )
    )  # fmt: skip


WORKSHEET = {
    "happened": N_("What really happened"),
    "predict": N_("1. Predict"),
    "version": N_("In this version of history:"),
    "tick": N_("Before the run, tick what you expect:"),
    "run": N_("2. Run"),
    "plays": N_("The model plays the historical scenario and this version many times each "
                "({runs})."),
    "explain": N_("3. Explain"),
    "right": N_("a) Was your prediction right? What surprised you?"),
    "compare": N_("c) Compare the historical scenario with what really happened. What might the "
                  "model leave out?"),
    "name": N_("Name: ____________________ Group: ______"),
    "kicker": N_("Worksheet \u00b7 {episode}"),
}  # fmt: skip
"""The worksheet's own words (translated where they are used)."""


def worksheet_page(exercise: Loaded, base: Loaded) -> str:
    """Predict, run, explain: the question and what really happened, what changes and why,
    boxes to tick, a results table to fill in, and questions to answer (in the reader's
    language)."""
    exercise, base = in_language(exercise), in_language(base)
    spec = exercise.exercise
    w = {key: escape(_(text)) for key, text in WORKSHEET.items()}
    plays = escape(_(WORKSHEET["plays"]).format(runs=_(RUNS)))
    body = [
        f"<h1>{escape(exercise.title)}</h1>",
        f'<p class="question">{escape(spec.question)}</p>',
        f"<section><h2>{w['happened']}</h2>{_history(exercise)}</section>",
        f"<section><h2>{w['predict']}</h2><p>{w['version']}</p>"
        f"{_changes(exercise, base)}"
        f"<p><b>{w['tick']}</b></p>{_predictions(exercise, 4)}</section>",
        f'<section class="new-page"><h2>{w["run"]}</h2>'
        f"<p>{plays} "
        f"{_on_the_page(exercise, base)}</p>"
        f"{results_table(result_groups(exercise, None, None), blank=True)}</section>",
        f"<section><h2>{w['explain']}</h2>"
        f"<p>{w['right']}</p>"
        f"{_lines(3)}"
        f"<p>{escape(_(WHY_PROMPT))}</p>"
        f"{_lines(4)}"
        f"<p>{w['compare']}</p>"
        f"{_lines(3)}</section>",
        footer(students=True),
    ]
    kicker = _(WORKSHEET["kicker"]).format(episode=_episode(base))
    return document(exercise.title, kicker, body, aside=w["name"])
