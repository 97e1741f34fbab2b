"""What an exercise asks students to predict, what it expects, and whether the simulated runs
bore it out (`Expected: ... The runs: 97% -> 4%, as expected.`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from alliance_sim.classroom.exercises import holds, measure
from alliance_sim.classroom.plain_words import Loaded, day, outcome, percent, phrases
from alliance_sim.i18n import N_, _
from sim.engine.results import NO_AGREEMENT
from sim.scenario.structure import Expectation


@dataclass(frozen=True)
class Prediction:
    """One thing students predict: a prompt and the choices to tick."""

    prompt: str
    choices: tuple[str, ...]


OFTEN = ("more often", "about as often", "less often")


WHEN = ("earlier", "at about the same time", "later")


def predictions(exercise: Loaded) -> list[Prediction]:
    """What the exercise's expectations ask, as questions with choices (one per measure)."""
    found: dict[str, Prediction] = {}
    for expectation in exercise.exercise.expect:
        issue = exercise.issues[expectation.issue]
        said = phrases(exercise, expectation.issue)
        kind = expectation.measure
        choices = OFTEN
        if kind == "median_date":
            prompt = f"When {said.ask_when}, compared with the historical scenario?"
            choices = WHEN
        elif kind == "agreement_share":
            prompt = f"How often {said.ask_ever} at all?"
        elif kind == "modal":
            prompt = f"Which is the most likely outcome of \u201c{issue.label}\u201d?"
            options = [*(o.id for o in issue.options), NO_AGREEMENT]
            choices = tuple(outcome(issue, o) for o in options)
        elif kind.startswith("share:"):
            option = outcome(issue, kind.removeprefix("share:"))
            prompt = f"How often is the outcome \u201c{option}\u201d?"
        else:  # agreed_by:DATE
            by = said.ask_by.format(date=day(kind.removeprefix("agreed_by:")))
            prompt = f"How often {by}?"
        found.setdefault(prompt, Prediction(prompt, choices))
    return list(found.values())


def expectation_words(exercise: Loaded, expectation: Expectation) -> str:
    """What the exercise expects, in words: `there is a deal on “…” less often`."""
    issue = exercise.issues[expectation.issue]
    kind, direction = expectation.measure, expectation.direction
    said = phrases(exercise, expectation.issue)
    often = {"higher": "more often", "lower": "less often", "unchanged": "about as often"}
    if kind == "median_date":
        when = {"earlier": "earlier", "later": "later", "unchanged": "at about the same time"}
        return f"{said.when} {when[direction]}"
    if kind == "modal":
        stays = "stays the same" if direction == "unchanged" else "changes"
        return f"the most likely outcome of \u201c{issue.label}\u201d {stays}"
    if kind == "agreement_share":
        return f"{said.ever} {often[direction]}"
    if kind.startswith("share:"):
        option = outcome(issue, kind.removeprefix("share:"))
        return f"the outcome \u201c{option}\u201d comes {often[direction]}"
    by = said.by.format(date=day(kind.removeprefix("agreed_by:")))
    return f"{by} {often[direction]}"


def measured_words(exercise: Loaded, expectation: Expectation, summary: dict) -> str:
    """The measure an expectation is about, as one run shows it (`97%`, `1 May 1953`)."""
    issue = exercise.issues[expectation.issue]
    value = measure(summary["issues"][expectation.issue], expectation.measure)
    if isinstance(value, str):
        return outcome(issue, value)
    if math.isinf(value):
        return "fewer than half ever did"
    if expectation.measure == "median_date":
        return f"half by {day(dt.date.fromordinal(int(value)))}"
    return percent(value)


def verdict(exercise: Loaded, expectation: Expectation, base: dict, changed: dict) -> str:
    """`Expected: … The runs: 97% → 4%, as expected.`"""
    before = measured_words(exercise, expectation, base)
    after = measured_words(exercise, expectation, changed)
    shown = "as expected" if holds(expectation, base, changed) else "not as expected"
    moved = (
        f"\u201c{after}\u201d in both"
        if expectation.measure == "modal" and before == after
        else f"{before} \u2192 {after}"
    )
    return f"Expected: {expectation_words(exercise, expectation)}. The runs: {moved}, {shown}."


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
