"""The teacher pack: a lesson plan, and per exercise a one-page handout and a worksheet.

Every text comes from the loaded exercise files and their bases (titles, questions, what
changed with its source, expected directions, explanations, what happened), and every
number from runs of the model made when the pack is written, so the pack never goes
stale. The pages are self-contained HTML with print CSS for A4: the handout fits one page,
the worksheet two, the lesson plan three. Student pages use plain words: no code names, no
replicates or seeds ("simulated runs").
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analysis.article import ARTICLE
from analysis.blockers import main_reasons
from analysis.exercises import holds
from analysis.pack_words import (
    RUNS,
    WHEN,
    Group,
    Loaded,
    change_words,
    cite,
    day,
    name,
    outcome,
    percent,
    predictions,
    result_groups,
    shown_issues,
    verdict,
)
from sim import __version__
from sim.atomic import write_atomic
from sim.campaign import END_STATE, Campaign
from sim.loader import builtin_exercises, load_scenario
from sim.run_plan import DEFAULT_SEED
from sim.schema import Scenario

PACK_REPLICATES = 1000
"""Simulated runs of each version: enough for shares to the percent, quick for a whole pack."""

LESSON_QUESTION = "Why did the armistice take two years?"
LESSON_TALKS = "talks_1951_53"
LESSON_WAR = "war_1950_53"
LESSON_EXERCISES = (
    "talks_stalin_lives",
    "pow_stalin_lives",
    "pow_no_soviet_arms",
    "pow_early_neutral_custody",
    "war_frontline_promise",
)
"""The exercises the lesson's groups take, one each; their texts come from their files."""

TALKS_FAMILY = ("talks_1951_53", "armistice_terms", "pow_repatriation", "war_1950_53")
"""Bases whose exercises bear on the lesson's question (the talks, its views, the campaign)."""

PAGE_MARGINS_MM = (11, 13)
"""Top and bottom, left and right margins of every printed page (A4, 210 x 297 mm)."""

STYLE = (
    f"@page {{ size: A4; margin: {PAGE_MARGINS_MM[0]}mm {PAGE_MARGINS_MM[1]}mm; }}"
    + """
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt;
       line-height: 1.25; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; overflow-wrap: break-word; }
@media screen {
  html { background: #d8d8d8; }
  .sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto;
           padding: 11mm 13mm 13mm; box-shadow: 0 1px 6px rgba(0,0,0,.3); }
}
.kicker { display: flex; justify-content: space-between; gap: 1em; flex-wrap: wrap;
          font-size: 8.5pt; color: #444; border-bottom: .75pt solid #999; padding-bottom: 2pt; }
h1 { font-size: 13.5pt; line-height: 1.2; margin: 5pt 0 4pt; }
h2 { font-size: 11pt; color: #005a8c; border-bottom: 1.2pt solid #0072B2; margin: 6pt 0 3pt;
     padding-bottom: 1pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 2pt 0 3pt; }
ul, ol { margin: 2pt 0 3pt; padding-left: 14pt; }
li { margin: 1pt 0 2pt; }
section, .block, li, tr, .prediction, .lines { break-inside: avoid; page-break-inside: avoid; }
section.flow { break-inside: auto; page-break-inside: auto; }
section.new-page { break-before: page; page-break-before: always; }
.question { background: #eef5fb; border-left: 4pt solid #0072B2; padding: 4pt 8pt;
            font-size: 10pt; font-weight: 600; margin: 4pt 0; }
.why { color: #333; font-size: 8.4pt; }
.prediction { margin: 3pt 0; }
.choices { display: flex; flex-wrap: wrap; gap: 2pt 14pt; margin: 1pt 0 0 6pt; }
.choice { display: inline-flex; align-items: baseline; min-width: 0; }
.choice .box { flex: none; }
.box { display: inline-block; width: 8.5pt; height: 8.5pt; border: .9pt solid #222;
       margin-right: 3pt; vertical-align: -1pt; }
.lines { margin: 2pt 0 4pt; }
.line { border-bottom: .75pt solid #888; height: 16pt; }
.line.first { display: flex; align-items: flex-end; font-size: 8.8pt; color: #444; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 3pt 0; }
th, td { text-align: left; vertical-align: top; padding: 1.5pt 4pt; border-bottom: .6pt solid #bbb; }
th { border-bottom: 1.2pt solid #333; font-size: 9pt; }
td.blank { height: 20pt; }
col.what { width: 28%; } col.col { width: 24%; }
tr.group th { border-bottom: .6pt solid #888; padding-top: 4pt; font-size: 9pt; color: #005a8c; }
tbody { break-inside: avoid; page-break-inside: avoid; }
.small { font-size: 8.5pt; color: #333; }
.expected li { margin: 0; }
.explained { font-size: 8.5pt; }
.expect { display: block; font-size: 8pt; font-style: italic; color: #333; }
ul.history { padding-left: 0; list-style: none; }
footer { font-size: 7.5pt; color: #555; margin-top: 6pt; border-top: .6pt solid #bbb; padding-top: 2pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4pt 12pt; }
table.plan col.when { width: 17%; }
col.title { width: 70%; } col.link { width: 15%; }
.prediction.wide { grid-column: 1 / -1; }
.predictions { display: grid; grid-template-columns: repeat(auto-fit, minmax(75mm, 1fr)); gap: 0 10pt; }
a { color: #005a8c; }
"""
)


# ---- simulation -----------------------------------------------------------------------------


@dataclass
class Simulator:
    """Runs each scenario once (same runs and seed for every version) and keeps its summary."""

    replicates: int = PACK_REPLICATES
    seed: int = DEFAULT_SEED
    summaries: dict[str, dict] = field(default_factory=dict)

    def summary(self, scenario: Loaded) -> dict:
        from analysis.summary import summarize

        key = scenario.id
        if key not in self.summaries:
            from sim.runner import run  # the engine, once runs are needed

            result = run(scenario, self.replicates, self.seed, history_sample=1)
            self.summaries[key] = summarize(scenario, result.table, self.replicates, self.seed)
        return self.summaries[key]


@cache
def loaded(scenario_id: str) -> Loaded:
    """A scenario, campaign or exercise by id, loaded once per process (they are immutable)."""
    return load_scenario(scenario_id)


def base_of(exercise: Loaded) -> Loaded:
    """The scenario an exercise changes."""
    return loaded(exercise.exercise.base)


# ---- pieces ---------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _page(title: str, kicker: str, body: Iterable[str], aside: str = "") -> str:
    right = f"<span>{aside}</span>" if aside else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>"
        f'<main class="sheet"><div class="kicker"><span>{_e(kicker)}</span>{right}</div>\n'
        + "\n".join(body)
        + "\n</main></body></html>\n"
    )


def _footer(extra: str = "") -> str:
    return (
        f"<footer>The capitals' aims and moves in the model come from {_e(ARTICLE)}: "
        f"\u201cnote 64\u201d is that article's note 64. {extra}Made by alliance-sim "
        f"{_e(__version__)} from the exercise file.</footer>"
    )


def _changes(exercise: Loaded, base: Loaded) -> str:
    items = "".join(
        f"<li><b>{_e(change_words(c, base))}</b> "
        f'<span class="why">Why: {_e(cite(c.source))}</span></li>'
        for c in exercise.exercise.changes
    )
    return f"<ul>{items}</ul>"


def _predictions(exercise: Loaded, lines: int) -> str:
    parts = []
    for prediction in predictions(exercise):
        ticks = "".join(
            f'<span class="choice"><span class="box"></span>{_e(c)}</span>'
            for c in prediction.choices
        )
        wide = " wide" if len(prediction.choices) > len(WHEN) else ""
        parts.append(
            f'<div class="prediction{wide}">{_e(prediction.prompt)}'
            f'<div class="choices">{ticks}</div></div>'
        )
    return f'<div class="predictions">{"".join(parts)}</div>' + _lines(lines, "Because:")


def _lines(count: int, first: str = "") -> str:
    rows = [f'<div class="line first">{_e(first)}</div>'] if first else []
    rows += ['<div class="line"></div>'] * (count - len(rows))
    return f'<div class="lines">{"".join(rows)}</div>'


def _table(groups: list[Group], blank: bool = False) -> str:
    head = (
        '<colgroup><col class="what"><col class="col"><col class="col"><col class="col">'
        "</colgroup><thead><tr><th></th><th>Historical scenario</th><th>With the change</th>"
        "<th>What happened</th></tr></thead>"
    )
    parts = []
    for group in groups:
        rows = [f'<tr class="group"><th colspan="4">{_e(group.heading)}</th></tr>']
        for row in group.rows:
            if blank:
                middle = '<td class="blank"></td><td class="blank"></td>'
            else:
                middle = f"<td>{_e(row.base)}</td><td>{_e(row.changed)}</td>"
            label = _e(row.label)
            if row.expected and not blank:
                shown = {True: " \u2713", False: " \u2717 not so"}
                label += (
                    f'<span class="expect">expected: {_e(row.expected)}'
                    f"{shown.get(row.held, '')}</span>"
                )
            rows.append(f"<tr><td>{label}</td>{middle}<td>{_e(row.history)}</td></tr>")
        parts.append(f"<tbody>{''.join(rows)}</tbody>")
    return f"<table>{head}{''.join(parts)}</table>"


def _history(exercise: Loaded) -> str:
    items = []
    shown = shown_issues(exercise)
    for issue_id in shown:
        record = exercise.historical.get(issue_id)
        if record is None:
            continue
        issue = exercise.issues[issue_id]
        label = "How the war ended" if issue_id == END_STATE else issue.label
        said = record.note or f"{outcome(issue, record.outcome)}, {day(record.date)}."
        items.append(f"<li><b>{_e(label)}:</b> {_e(said)}</li>")
    agreement = exercise.agreement
    told = any(day(agreement.historical_date) in i for i in items) if agreement else True
    if agreement is not None and agreement.historical_date and END_STATE not in shown and not told:
        items.append(
            f"<li><b>{_e(agreement.label)}:</b> signed on {day(agreement.historical_date)}.</li>"
        )
    return f'<ul class="history">{"".join(items)}</ul>'


def _episode(base: Loaded) -> str:
    return f"Episode: {base.title}"


# ---- the three documents ------------------------------------------------------------------

SAME_CHANCES = "Both versions are played with the same chances, so only the change differs. "


def handout_page(exercise: Loaded, base: Loaded, simulator: Simulator) -> str:
    """One A4 page: the question, what changed and why, a prediction box, what the model
    shows (the historical scenario against the changed one), and what happened."""
    spec = exercise.exercise
    before, after = simulator.summary(base), simulator.summary(exercise)
    body = [
        f"<h1>{_e(exercise.title)}</h1>",
        f'<p class="question">{_e(spec.question)}</p>',
        f"<section><h2>What changed, and why</h2>{_changes(exercise, base)}</section>",
        f"<section><h2>Your prediction, before the run</h2>{_predictions(exercise, 2)}</section>",
        f"<section><h2>What the model shows: {simulator.replicates:,} {RUNS} of each "
        "version</h2>"
        f"{_table(result_groups(exercise, before, after))}"
        f'<p class="explained"><b>Why, in the model:</b> {_e(spec.explanation)}</p></section>',
        f"<section><h2>What happened in history</h2>{_history(exercise)}</section>",
        _footer(SAME_CHANCES),
    ]
    return _page(exercise.title, f"Handout \u00b7 {_episode(base)}", body)


def worksheet_page(exercise: Loaded, base: Loaded) -> str:
    """Predict, run, explain: the question and what really happened, what changes and why,
    boxes to tick, a results table to fill in, and questions to answer."""
    spec = exercise.exercise
    body = [
        f"<h1>{_e(exercise.title)}</h1>",
        f'<p class="question">{_e(spec.question)}</p>',
        f"<section><h2>What really happened</h2>{_history(exercise)}</section>",
        "<section><h2>1. Predict</h2><p>In this version of history:</p>"
        f"{_changes(exercise, base)}"
        f"<p><b>Before the run, tick what you expect:</b></p>{_predictions(exercise, 4)}</section>",
        '<section class="new-page"><h2>2. Run</h2>'
        f"<p>The model plays the historical scenario and this version many times each ({RUNS}). "
        "Your teacher runs it, or your group does in the class web page "
        f"(choose \u201c{_e(exercise.title)}\u201d, then Run). Fill in what it shows:</p>"
        f"{_table(result_groups(exercise, None, None), blank=True)}</section>",
        "<section><h2>3. Explain</h2>"
        "<p>a) Was your prediction right? What surprised you?</p>"
        f"{_lines(3)}"
        "<p>b) Why does the change move the outcome, or not? Use the note numbers on page 1.</p>"
        f"{_lines(4)}"
        "<p>c) Compare the historical scenario with what really happened. "
        "What might the model leave out?</p>"
        f"{_lines(3)}</section>",
        _footer(),
    ]
    aside = "Name: ____________________ Group: ______"
    return _page(exercise.title, f"Worksheet \u00b7 {_episode(base)}", body, aside=_e(aside))


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
    opened = talks.time.start
    body = [
        f"<h1>{_e(LESSON_QUESTION)}</h1>",
        f'<p class="question">The armistice talks opened in {opened:%B %Y}; the armistice was '
        f"signed on {day(signed)}. Why did it take two years?</p>",
        _aims(),
        _preparation(talks, groups),
        _timeline(talks),
        _model_history(talks, talks_summary, war, war_summary, simulator.replicates),
        _sequence(talks, groups),
        _answer_key(groups, simulator),
        _more(groups),
        _footer(f"Runs: {simulator.replicates:,} per version, seed {simulator.seed}. "),
    ]
    return _page(LESSON_QUESTION, "Lesson plan \u00b7 45 minutes \u00b7 for the teacher", body)


# ---- the lesson plan's sections -------------------------------------------------------------


def _aims() -> str:
    return (
        "<section class=flow><h2>Aims</h2><ul>"
        "<li>Students can say which question held the talks up, who held out on it, and back "
        "it with evidence (the article's note numbers).</li>"
        "<li>Students test a \u201cwhat if\u201d against a model: they predict, run and explain, "
        "and tell what the model shows from what happened.</li>"
        "</ul></section>"
    )


def _preparation(talks: Scenario, groups: list[Loaded]) -> str:
    titles = "".join(f"<li>{_e(g.title)}</li>" for g in groups)
    return (
        "<section class=flow><h2>Before the lesson</h2>"
        f"<p>Print one worksheet per group (a group of five or six for each of the "
        f"{len(groups)} exercises below) and, for after the run, the handouts. "
        "To project the runs, start the class web page: <code>alliance-sim serve</code> "
        f"(needs the web extra), open it and keep the episode \u201c{_e(talks.title)}\u201d "
        "ready. The whole pack is rebuilt with "
        "<code>alliance-sim pack --out FOLDER</code>.</p>"
        f'<p class="small">The groups\' exercises:</p><ol class="small">{titles}</ol></section>'
    )


def _timeline(talks: Scenario) -> str:
    rows = [(e.date, _e(e.label)) for e in talks.events if e.date >= talks.time.start]
    for issue_id, record in talks.historical.items():
        issue = talks.issues[issue_id]
        rows.append(
            (
                record.date,
                f"<b>Settled: {_e(issue.label)} \u2014 {_e(outcome(issue, record.outcome))}</b>",
            )
        )
    if talks.agreement.historical_date:
        rows.append((talks.agreement.historical_date, f"<b>{_e(talks.agreement.label)} signed</b>"))
    rows.insert(0, (talks.time.start, "The armistice talks open"))
    cells = "".join(
        f"<tr><td>{day(d)}</td><td>{text}</td></tr>" for d, text in sorted(rows, key=lambda r: r[0])
    )
    return (
        "<section class=flow><h2>The talks at a glance (for the board)</h2>"
        f'<table class="plan"><col class="when"><col>{cells}</table></section>'
    )


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
            f"<li><b>{_e(issue.label)}:</b> {_e(outcome(issue, modal))} in "
            f"{percent(entry['shares'][modal])} of the runs, settled in {when}.</li>"
        )
    armistice = talks_summary["agreement"]
    median = armistice["date_quantiles"]["p50"]
    signed = talks.agreement.historical_date
    parts.append(
        f"<li><b>{_e(talks.agreement.label)}:</b> signed in {percent(armistice['share'])} of the "
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
        f"<ul>{''.join(parts)}</ul>{held}<p>{_e(war_text)}</p></section>"
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
        f"<p>The question settled last, \u201c{_e(talks.issues[longest].label)}\u201d, was "
        f"deadlocked in {percent(record['replicates_with_deadlock'] / replicates)} of the runs, "
        f"for {steps:g} {unit}s (median). When the deadlock broke, the deal was waiting "
        f"for: {_e('; '.join(reasons))}.</p>"
    )


def _sequence(talks: Scenario, groups: list[Loaded]) -> str:
    letters = "ABCDEFGH"
    names = ", ".join(f"{letters[i]}: \u201c{_e(g.title)}\u201d" for i, g in enumerate(groups))
    parties = "; ".join(
        f"{_e(p.label)}: {_e(name(talks, p.leader))}"
        + (
            " with " + ", ".join(_e(name(talks, m)) for m in p.members if m != p.leader)
            if len(p.members) > 1
            else ""
        )
        for p in talks.parties.values()
    )
    order = sorted(talks.historical.items(), key=lambda item: item[1].date)
    settled = "; ".join(
        f"\u201c{_e(talks.issues[i].label)}\u201d on {day(r.date)}" for i, r in order
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
            "class web page: what each capital wanted, with its note numbers.",
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
            "<b>Run.</b> Run each group's exercise (projected, or on the groups' laptops) and let "
            "the groups fill in their table.",
        ),
        (
            "32\u201340",
            "<b>Explain.</b> Each group reports in a minute: what changed, what the model showed, "
            "why (note numbers). Hand out the handouts as the answer sheets.",
        ),
        (
            "40\u201345",
            "<b>Conclude.</b> Exit ticket: \u201cIn two sentences, why did the armistice take two "
            "years? Name one capital and one piece of evidence.\u201d Ask where the model differs "
            "from history, and why a model can only support, not prove, an answer.",
        ),
    ]
    rows = "".join(f"<tr><td>{t} min</td><td>{text}</td></tr>" for t, text in steps)
    return (
        "<section class=flow><h2>The lesson, minute by minute</h2>"
        f'<table class="plan"><col class="when"><col>{rows}</table></section>'
    )


def _answer_key(groups: list[Loaded], simulator: Simulator) -> str:
    letters = "ABCDEFGH"
    blocks = []
    for i, exercise in enumerate(groups):
        base = base_of(exercise)
        before, after = simulator.summary(base), simulator.summary(exercise)
        changes = " ".join(change_words(c, base) for c in exercise.exercise.changes)
        shown = "".join(
            f"<li>{_e(verdict(exercise, x, before, after))}</li>" for x in exercise.exercise.expect
        )
        held = all(holds(x, before, after) for x in exercise.exercise.expect)
        blocks.append(
            f'<div class="block"><h3>{letters[i]}. {_e(exercise.title)}</h3>'
            f"<p><i>{_e(exercise.exercise.question)}</i> {_e(changes)}</p>"
            f'<ul class="expected small">{shown}</ul>'
            f'<p class="small">{"Every expectation holds in these runs. " if held else ""}'
            f"{_e(exercise.exercise.explanation)}</p></div>"
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
            others.append(f"<li>{_e(exercise.title)}</li>")
    if not others:
        return ""
    return (
        "<section class=flow><h2>More exercises on the talks (for homework or a second lesson)</h2>"
        f'<ul class="small">{"".join(others)}</ul></section>'
    )


# ---- the pack -------------------------------------------------------------------------------


def handout_name(exercise_id: str) -> str:
    return f"{exercise_id}-handout.html"


def worksheet_name(exercise_id: str) -> str:
    return f"{exercise_id}-worksheet.html"


LESSON_FILE = "lesson-plan.html"


def _write(path: Path, page: str) -> Path:
    write_atomic(path, lambda file: file.write(page.encode("utf-8")))
    return path


def write_pack(
    folder: Path,
    exercises: dict[str, Loaded] | None = None,
    simulator: Simulator | None = None,
    on_file: Callable[[Path], None] = lambda path: None,
) -> list[Path]:
    """Write the lesson plan, every exercise's handout and worksheet and an index page into
    `folder` (which must exist); `exercises` default to every built-in one."""
    simulator = simulator or Simulator()
    if exercises is None:
        exercises = {i: loaded(i) for i in builtin_exercises()}
    written = []

    def write(name: str, page: str) -> None:
        written.append(_write(folder / name, page))
        on_file(written[-1])

    write(LESSON_FILE, lesson_plan(simulator, exercises))
    for exercise_id, exercise in exercises.items():
        base = base_of(exercise)
        write(handout_name(exercise_id), handout_page(exercise, base, simulator))
        write(worksheet_name(exercise_id), worksheet_page(exercise, base))
    write("index.html", index(exercises))
    return written


def index(exercises: dict[str, Loaded]) -> str:
    """The pack's contents page: the lesson plan, then each episode's exercises."""
    by_base: dict[str, list[tuple[str, Loaded]]] = {}
    for exercise_id, exercise in exercises.items():
        by_base.setdefault(exercise.exercise.base, []).append((exercise_id, exercise))
    sections = []
    for base_id, items in by_base.items():
        rows = "".join(
            f'<tr><td>{_e(e.title)}</td><td><a href="{handout_name(i)}">handout</a></td>'
            f'<td><a href="{worksheet_name(i)}">worksheet</a></td></tr>'
            for i, e in items
        )
        title = loaded(base_id).title
        sections.append(
            f"<section><h2>{_e(title)}</h2><table>"
            '<col class="title"><col class="link"><col class="link">'
            f"{rows}</table></section>"
        )
    body = [
        "<h1>Teacher pack</h1>",
        f'<p><a href="{LESSON_FILE}">Lesson plan: {_e(LESSON_QUESTION)}</a> (45 minutes)</p>',
        '<p class="small">Print on A4 at 100% scale (not \u201cfit to page\u201d), with the '
        "browser's headers and footers switched off. A handout is one page, a worksheet at most "
        "two, the lesson plan at most three.</p>",
        *sections,
        _footer(),
    ]
    return _page("Teacher pack", f"Generated {dt.date.today():%d %B %Y}", body)
