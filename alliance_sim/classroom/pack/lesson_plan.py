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
from alliance_sim.i18n import N_, _, ngettext
from alliance_sim.i18n.formats import format_month, format_number
from analysis.blockers import main_reasons, steps_words
from sim.scenario.campaign import Campaign
from sim.scenario.loader import builtin_exercises
from sim.scenario.structure import Scenario

LESSON_QUESTION = N_("Why did the armistice take two years?")
"""The lesson's question (English: the source text; `_(LESSON_QUESTION)` where it is shown)."""
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


def _html(template: str, **values: str) -> str:
    """A translated sentence as HTML: its own text escaped, `values` (already HTML) put in."""
    return escape(template).format(**values)


def _quoted(label: str) -> str:
    """A scenario's label in the reader's language and quotation marks, as HTML."""
    return escape(_("\u201c{label}\u201d").format(label=_(label)))


def lesson_plan(simulator: Simulator, exercises: dict[str, Loaded] | None = None) -> str:
    """A 45-minute lesson on why the armistice took two years, built on the talks, the
    campaign and the exercises in :data:`LESSON_EXERCISES` (their texts and results), in the
    reader's language."""
    talks = loaded(LESSON_TALKS)
    war = loaded(LESSON_WAR)
    exercises = exercises or {}
    groups = [exercises.get(i) or loaded(i) for i in LESSON_EXERCISES]
    talks_summary = simulator.summary(talks)
    war_summary = simulator.summary(war)
    signed = talks.agreement.historical_date
    question = _(LESSON_QUESTION)
    opened = _html(
        _("The armistice talks opened in {month}; the armistice was signed on {date}. Why did "
          "it take two years?"),
        month=escape(format_month(TALKS_OPENED)), date=escape(day(signed)),
    )  # fmt: skip
    runs = _("Runs: {count} per version, seed {seed}.").format(
        count=format_number(simulator.replicates), seed=simulator.seed
    )
    body = [
        f"<h1>{escape(question)}</h1>",
        f'<p class="question">{opened}</p>',
        _aims(),
        _preparation(talks, groups),
        class_network(),
        _timeline(talks),
        _model_history(talks, talks_summary, war, war_summary, simulator.replicates),
        _sequence(talks, groups),
        _answer_key(groups, simulator),
        _more(groups),
        footer(escape(runs) + " "),
    ]
    kicker = _("Lesson plan \u00b7 45 minutes \u00b7 for the teacher")
    return document(question, kicker, body)


def _aims() -> str:
    aims = (
        _("Students can say which question held the talks up, who held out on it, and back it "
          "with evidence (the reasons on their handout)."),
        _("Students test a \u201cwhat if\u201d against a model: they predict, run and explain, "
          "and tell what the model shows from what happened."),
    )  # fmt: skip
    items = "".join(f"<li>{escape(aim)}</li>" for aim in aims)
    heading = escape(_("Aims"))
    return f"<section class=flow><h2>{heading}</h2><ul>{items}</ul></section>"


def _preparation(talks: Scenario, groups: list[Loaded]) -> str:
    titles = "".join(f"<li>{escape(_(g.title))}</li>" for g in groups)
    text = _html(
        _("Print one worksheet per group (a group of five or six for each of the {count} "
          "exercises below) and, for after the run, the handouts. To project the runs, start "
          "the class web page (see the next section) and keep the episode \u201c{episode}\u201d "
          "ready. The whole pack is rebuilt with {command}."),
        count=str(len(groups)), episode=escape(episode_name(talks.id, talks.title)),
        command="<code>alliance-sim pack --out FOLDER</code>",
    )  # fmt: skip
    heading, listed = escape(_("Before the lesson")), escape(_("The groups' exercises:"))
    return (
        f"<section class=flow><h2>{heading}</h2><p>{text}</p>"
        f'<p class="small">{listed}</p><ol class="small">{titles}</ol></section>'
    )


def _timeline(talks: Scenario) -> str:
    rows: list[tuple[dt.date, object]] = [
        (e.date, _(e.label)) for e in talks.events if e.date >= talks.time.start
    ]
    for issue_id, record in talks.historical.items():
        issue = talks.issues[issue_id]
        settled = _("Settled: {issue} \u2014 {outcome}").format(
            issue=_(issue.label), outcome=outcome(issue, record.outcome)
        )
        rows.append((record.date, _bold(settled)))
    if talks.agreement.historical_date:
        signed = _("{agreement} signed").format(agreement=_(talks.agreement.label))
        rows.append((talks.agreement.historical_date, _bold(signed)))
    rows.insert(0, (TALKS_OPENED, _("The armistice talks open at Kaesong")))
    dated = [(day(d), text) for d, text in sorted(rows, key=lambda r: r[0])]
    heading = escape(_("The talks at a glance (for the board)"))
    return f"<section class=flow><h2>{heading}</h2>{_plan_table(dated)}</section>"


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
        said = (
            _("{outcome} in {share} of the runs, settled in half the runs by {date}.")
            if median
            else _("{outcome} in {share} of the runs, settled in fewer than half the runs ever.")
        )
        said = said.format(outcome=outcome(issue, modal), share=percent(entry["shares"][modal]),
                           date=day(median) if median else "")  # fmt: skip
        label = _("{label}:").format(label=_(issue.label))
        parts.append(f"<li><b>{escape(label)}</b> {escape(said)}</li>")
    armistice = talks_summary["agreement"]
    median = armistice["date_quantiles"]["p50"]
    signed = talks.agreement.historical_date
    said = (
        _("signed in {share} of the runs; half the runs had it by {date} (in history {signed}).")
        if median
        else _("signed in {share} of the runs; half the runs had it by no date (in history "
               "{signed}).")
    ).format(share=percent(armistice["share"]), date=day(median) if median else "",
             signed=day(signed))  # fmt: skip
    label = _("{label}:").format(label=_(talks.agreement.label))
    parts.append(f"<li><b>{escape(label)}</b> {escape(said + _gap(median, signed))}</li>")
    held = _held_out(talks, talks_summary, replicates)
    war_end = war_summary["agreement"]
    entry = war_summary["issues"][next(iter(war.stages[0].issues))]
    entered = entry.get("entry_date_quantiles", {}).get("p50")
    war_text = (
        _("Played from October 1950 as one war, the model has China enter by {date} in half "
          "the runs, and the armistice ends the war in {share} of the runs.")
        if entered
        else _("Played from October 1950 as one war, the model has China enter in fewer than "
               "half the runs, and the armistice ends the war in {share} of the runs.")
    ).format(date=day(entered) if entered else "", share=percent(war_end["share"]))  # fmt: skip
    runs = _("{count} simulated runs of the talks as they happened:").format(
        count=format_number(replicates)
    )
    heading = escape(_("What the model says about history"))
    return (
        f"<section class=flow><h2>{heading}</h2><p>{escape(runs)}</p>"
        f"<ul>{''.join(parts)}</ul>{held}<p>{escape(war_text)}</p></section>"
    )


def _gap(median: str | None, signed: dt.date) -> str:
    """How far the model's median armistice is from history's, as a question for the class."""
    if median is None:
        return ""
    months = round((dt.date.fromisoformat(median) - signed).days / 30.4375)
    if months == 0:
        return " " + _("The model's date is within a month of history's.")
    count = abs(months)
    if months < 0:
        said = ngettext(
            "The model's armistice comes about {count} month before history's: ask the class "
            "at the end what the model might leave out.",
            "The model's armistice comes about {count} months before history's: ask the class "
            "at the end what the model might leave out.",
            count,
        )
    else:
        said = ngettext(
            "The model's armistice comes about {count} month after history's: ask the class at "
            "the end what the model might leave out.",
            "The model's armistice comes about {count} months after history's: ask the class "
            "at the end what the model might leave out.",
            count,
        )
    return " " + said.format(count=count)


def _held_out(talks: Scenario, summary: dict, replicates: int) -> str:
    """Who the deal waited for at the end of its longest deadlock, for the issue settled last
    in history (the one that held up the armistice)."""
    if not talks.historical:
        return ""
    longest = max(talks.historical, key=lambda i: talks.historical[i].date)
    record = summary["issues"][longest]["deadlock"]
    if not record["replicates_with_deadlock"]:
        return ""
    of_them = _("{reason} ({share} of them)")
    reasons = [
        of_them.format(reason=text, share=percent(share))
        for text, share in main_reasons(talks, record).items()
    ]
    said = _(
        "The question settled last, {issue}, was deadlocked in {share} of the runs, for "
        "{duration} (median). When the deadlock broke, the deal was waiting for: {reasons}."
    ).format(
        issue=_("\u201c{label}\u201d").format(label=_(talks.issues[longest].label)),
        share=percent(record["replicates_with_deadlock"] / replicates),
        duration=steps_words(record["median_steps"], talks.step_of(longest)),
        reasons=_("; ").join(reasons),
    )
    return f"<p>{escape(said)}</p>"


def _sides(talks: Scenario) -> str:
    """`Communist side: Beijing (Mao) with Moscow (Stalin), ...; UN side: ...` as HTML."""
    said = []
    for party in talks.parties.values():
        others = [name(talks, m) for m in party.members if m != party.leader]
        leader = name(talks, party.leader)
        if len(party.members) > 1:
            text = _("{side}: {leader} with {members}").format(
                side=_(party.label), leader=leader, members=_(", ").join(others)
            )
        else:
            text = _("{side}: {leader}").format(side=_(party.label), leader=leader)
        said.append(escape(text))
    return escape(_("; ")).join(said)


STEPS = (
    ("0\u20135", N_("Hook."), N_(
        "Put the question on the board with the timeline above. The questions were settled one "
        "after another: {settled}. Ask: what held up the last one, who wanted the war to go on, "
        "and why?")),
    ("5\u201312", N_("Who sat at the table."), N_(
        "{sides}. Project the briefing of the talks in the class web page: what each capital "
        "wanted, and where the article says so.")),
    ("12\u201317", N_("The model plays history."), N_(
        "Run the historical scenario of the talks and read the results together (see \u201cWhat "
        "the model says about history\u201d): when each question was settled, and who the deal "
        "waited for.")),
    ("17\u201322", N_("Predict."), N_(
        "Groups take one worksheet each ({groups}). They read what changes and why, tick their "
        "prediction and give a reason.")),
    ("22\u201332", N_("Run."), N_(
        "Run each group's exercise (projected, or on the groups' laptops: see \u201cSetting up "
        "the class network\u201d) and let the groups fill in their table from the table under "
        "the charts.")),
    ("32\u201340", N_("Explain."), N_(
        "Each group reports in a minute: what changed, what the model showed, why (the reasons "
        "on the worksheet). Hand out the handouts as the answer sheets.")),
    ("40\u201345", N_("Conclude."), N_(
        "Exit ticket: \u201cIn two sentences, why did the armistice take two years? Name one "
        "capital and one piece of evidence.\u201d Ask where the model differs from history, and "
        "why a model can only support, not prove, an answer.")),
)  # fmt: skip
"""The lesson's steps: minutes, what the step is, what the teacher does (translated where
they are shown; `{settled}`, `{sides}`, `{groups}` filled from the files)."""


def _sequence(talks: Scenario, groups: list[Loaded]) -> str:
    letters = "ABCDEFGH"
    names = _(", ").join(  # the letters name the groups in every language
        _("{letter}: {title}").format(letter=letters[i], title=_("\u201c{label}\u201d").format(
            label=_(g.title))) for i, g in enumerate(groups)
    )  # fmt: skip
    order = sorted(talks.historical.items(), key=lambda item: item[1].date)
    settled = _("; ").join(
        _("{issue} on {date}").format(
            issue=_("\u201c{label}\u201d").format(label=_(talks.issues[i].label)), date=day(r.date)
        )
        for i, r in order
    )
    filled = {"settled": escape(settled), "sides": _sides(talks), "groups": escape(names)}
    rows = [
        (_("{minutes} min").format(minutes=minutes),
         Markup(f"<b>{escape(_(title))}</b> {_html(_(text), **filled)}"))
        for minutes, title, text in STEPS
    ]  # fmt: skip
    heading = escape(_("The lesson, minute by minute"))
    return f"<section class=flow><h2>{heading}</h2>{_plan_table(rows)}</section>"


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
        holds_all = escape(_("Every expectation holds in these runs.")) + " " if held else ""
        blocks.append(
            f'<div class="block"><h3>{letters[i]}. {escape(_(exercise.title))}</h3>'
            f"<p><i>{escape(_(exercise.exercise.question))}</i> {escape(changes)}</p>"
            f'<ul class="expected small">{shown}</ul>'
            f'<p class="small">{holds_all}{escape(_(exercise.exercise.explanation))}</p></div>'
        )
    heading = escape(_("The groups' exercises: what the model shows (answer key)"))
    return f"<section class=flow><h2>{heading}</h2>{''.join(blocks)}</section>"


def _more(groups: list[Loaded]) -> str:
    taken = {g.id for g in groups}
    others = []
    for exercise_id in builtin_exercises():
        if exercise_id in taken:
            continue
        exercise = loaded(exercise_id)
        if exercise.exercise.base in TALKS_FAMILY:
            others.append(f"<li>{escape(_(exercise.title))}</li>")
    if not others:
        return ""
    heading = escape(_("More exercises on the talks (for homework or a second lesson)"))
    return (
        f'<section class=flow><h2>{heading}</h2><ul class="small">{"".join(others)}</ul></section>'
    )
