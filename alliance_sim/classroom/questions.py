"""What an exercise asks students to predict, what it expects, and whether the simulated runs
bore it out (`Expected: ... The runs: 97% -> 4%, as expected.`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from alliance_sim.classroom.exercises import holds, measure
from alliance_sim.classroom.plain_words import Loaded, day, outcome, percent
from alliance_sim.i18n import N_, _
from sim.engine.results import NO_AGREEMENT
from sim.scenario.campaign import END_STATE
from sim.scenario.structure import Expectation


@dataclass(frozen=True)
class Prediction:
    """One thing students predict: a prompt and the choices to tick."""

    prompt: str
    choices: tuple[str, ...]


OFTEN = (N_("more often"), N_("about as often"), N_("less often"))


WHEN = (N_("earlier"), N_("at about the same time"), N_("later"))
"""The choices of a prediction (translated where they are shown)."""

ASK = {
    "median_date": (
        N_("When does a deal on {issue} come, compared with the historical scenario?"),
        N_("When does the war end, compared with the historical scenario?"),
    ),
    "agreement_share": (
        N_("How often is there a deal on {issue} at all?"),
        N_("How often does the war end at all?"),
    ),
    "agreed_by": (
        N_("How often is there a deal on {issue} by {date}?"),
        N_("How often has the war ended by {date}?"),
    ),
}
"""A prediction's question per measure: on a question of the talks, and on the war's end."""
SAY = {
    "median_date": (N_("a deal on {issue} comes {direction}"), N_("the war ends {direction}")),
    "agreement_share": (
        N_("there is a deal on {issue} {direction}"),
        N_("the war ends {direction}"),
    ),
    "agreed_by": (
        N_("there is a deal on {issue} by {date} {direction}"),
        N_("the war has ended by {date} {direction}"),
    ),
}
"""What an exercise expects per measure, as a statement (`{direction}`: `earlier`, `more
often`, ...): on a question of the talks, and on the war's end."""
OFTEN_BY = {"higher": OFTEN[0], "lower": OFTEN[2], "unchanged": OFTEN[1]}
WHEN_BY = {"earlier": WHEN[0], "later": WHEN[2], "unchanged": WHEN[1]}


def _quoted(label: str) -> str:
    return _("\u201c{label}\u201d").format(label=_(label))


def _worded(templates: dict, kind: str, exercise: Loaded, issue_id: str, **blanks) -> str:
    """The template of `kind` for this issue (or the war's end), filled in."""
    on_war = issue_id == END_STATE
    template = _(templates[kind][1 if on_war else 0])
    issue = "" if on_war else _quoted(exercise.issues[issue_id].label)
    return template.format(issue=issue, **blanks)


def predictions(exercise: Loaded) -> list[Prediction]:
    """What the exercise's expectations ask, as questions with choices (one per measure), in
    the reader's language."""
    found: dict[str, Prediction] = {}
    for expectation in exercise.exercise.expect:
        issue = exercise.issues[expectation.issue]
        kind = expectation.measure
        choices = tuple(_(c) for c in OFTEN)
        if kind in ("median_date", "agreement_share"):
            prompt = _worded(ASK, kind, exercise, expectation.issue)
            choices = tuple(_(c) for c in WHEN) if kind == "median_date" else choices
        elif kind == "modal":
            prompt = _("Which is the most likely outcome of {issue}?").format(
                issue=_quoted(issue.label)
            )
            options = [*(o.id for o in issue.options), NO_AGREEMENT]
            choices = tuple(outcome(issue, o) for o in options)
        elif kind.startswith("share:"):
            option = outcome(issue, kind.removeprefix("share:"))
            prompt = _("How often is the outcome {option}?").format(option=_quoted(option))
        else:  # agreed_by:DATE
            date = day(kind.removeprefix("agreed_by:"))
            prompt = _worded(ASK, "agreed_by", exercise, expectation.issue, date=date)
        found.setdefault(prompt, Prediction(prompt, choices))
    return list(found.values())


def expectation_words(exercise: Loaded, expectation: Expectation) -> str:
    """What the exercise expects, in words: `there is a deal on “…” less often`."""
    issue = exercise.issues[expectation.issue]
    kind, direction = expectation.measure, expectation.direction
    if kind == "median_date":
        return _worded(SAY, kind, exercise, expectation.issue, direction=_(WHEN_BY[direction]))
    if kind == "modal":
        template = (
            _("the most likely outcome of {issue} stays the same")
            if direction == "unchanged"
            else _("the most likely outcome of {issue} changes")
        )
        return template.format(issue=_quoted(issue.label))
    often = _(OFTEN_BY[direction])
    if kind == "agreement_share":
        return _worded(SAY, kind, exercise, expectation.issue, direction=often)
    if kind.startswith("share:"):
        option = outcome(issue, kind.removeprefix("share:"))
        return _("the outcome {option} comes {direction}").format(
            option=_quoted(option), direction=often
        )
    date = day(kind.removeprefix("agreed_by:"))
    return _worded(SAY, "agreed_by", exercise, expectation.issue, date=date, direction=often)


def measured_words(exercise: Loaded, expectation: Expectation, summary: dict) -> str:
    """The measure an expectation is about, as one run shows it (`97%`, `1 May 1953`)."""
    issue = exercise.issues[expectation.issue]
    value = measure(summary["issues"][expectation.issue], expectation.measure)
    if isinstance(value, str):
        return outcome(issue, value)
    if math.isinf(value):
        return _("fewer than half ever did")
    if expectation.measure == "median_date":
        return _("half by {date}").format(date=day(dt.date.fromordinal(int(value))))
    return percent(value)


def verdict(exercise: Loaded, expectation: Expectation, base: dict, changed: dict) -> str:
    """`Expected: … The runs: 97% → 4%, as expected.`"""
    before = measured_words(exercise, expectation, base)
    after = measured_words(exercise, expectation, changed)
    if expectation.measure == "modal" and before == after:
        moved = _("{outcome} in both").format(outcome=_quoted(after))
    else:
        moved = _("{before} \u2192 {after}").format(before=before, after=after)
    template = (
        _("Expected: {expected}. The runs: {runs}, as expected.")
        if holds(expectation, base, changed)
        else _("Expected: {expected}. The runs: {runs}, not as expected.")
    )
    return template.format(expected=expectation_words(exercise, expectation), runs=moved)


def direction_words(expectation: Expectation) -> str:
    """The expected direction alone: `later`, `less often`, `the same`."""
    if expectation.measure == "modal":
        return _("the same") if expectation.direction == "unchanged" else _("a change")
    if expectation.measure == "median_date":
        when = {"unchanged": N_("about the same"), "earlier": N_("earlier"), "later": N_("later")}
        return _(when[expectation.direction])
    often = {
        "higher": N_("more often"),
        "lower": N_("less often"),
        "unchanged": N_("about as often"),
    }
    return _(often[expectation.direction])
