"""Plain words for the teacher pack: what an exercise changes, what it asks students to
predict, and what the simulated runs show, with no code names in them.

Everything is derived from the loaded exercise and its base (titles, questions, sources,
expected directions, option labels), so the pack never goes stale when a file changes.
Sources are cited by the article's note numbers: `notes 35, 36: text` becomes
`Text (notes 35, 36).`
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from analysis.exercises import holds, measure
from analysis.summary import modal_outcome
from sim.campaign import END_STATE, Campaign, stage_end
from sim.results import NO_AGREEMENT
from sim.schema import Change, CounterfactualChange, Expectation, Issue, Scenario

Loaded = Scenario | Campaign

RUNS = "simulated runs"

_CITATION = re.compile(
    r"^((?:text (?:before|after) )?notes? [0-9][0-9 ,\-\u2013and]*|external|abstract"
    r"|concluding remarks|introduction)\s*:\s*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def cite(source: str) -> str:
    """`notes 35, 36: in fact ...` -> `In fact ... (notes 35, 36).`; an external reference
    says it comes from outside the article."""
    found = _CITATION.match(source.strip())
    if not found:
        return _sentence(source)
    where, text = found.group(1).strip(), found.group(2).strip()
    where = "a fact from outside the article" if where.lower() == "external" else where
    return f"{_sentence(text).rstrip('.')} ({where})."


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def day(value: dt.date | str) -> str:
    """`1 May 1953`."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{date.day} {date:%B %Y}"


def dated(text: str) -> str:
    """ISO dates inside a label, in words (`Still fighting on 1954-06-01` -> `... 1 June 1954`)."""
    return _ISO_DATE.sub(lambda m: day(m.group(0)), text)


def percent(share: float) -> str:
    """A share of runs for a class: whole percent, never a bare 0 % or 100 % for a rare case."""
    if share <= 0:
        return "0%"
    if share >= 1:
        return "100%"
    if share < 0.005:
        return "under 1%"
    if share > 0.995:
        return "over 99%"
    return f"{share:.0%}"


def name(scenario: Loaded, actor_id: str) -> str:
    actor = scenario.actors.get(actor_id)
    return (actor.name if actor else None) or actor_id.capitalize()


def outcome(issue: Issue, option: str) -> str:
    """The option's label, or what no agreement means in this episode."""
    if option == NO_AGREEMENT and issue.no_agreement_label == "No agreement":
        return "No deal"
    return dated(issue.label_of(option))


def end_of(scenario: Loaded, issue_id: str) -> dt.date:
    """The last simulated day of the stage that bargains over `issue_id`."""
    if isinstance(scenario, Campaign):
        if issue_id == END_STATE:
            return scenario.end_date
        return stage_end(scenario.stages[scenario.stage_of(issue_id)])
    return stage_end(scenario)


@dataclass(frozen=True)
class Phrases:
    """How to speak of an issue's deal, as a statement and as a question (`{date}` is filled)."""

    when: str
    ask_when: str
    ever: str
    ask_ever: str
    by: str
    ask_by: str


def phrases(scenario: Loaded, issue_id: str) -> Phrases:
    if issue_id == END_STATE:
        return Phrases(
            "the war ends",
            "does the war end",
            "the war ends",
            "does the war end",
            "the war has ended by {date}",
            "has the war ended by {date}",
        )
    deal = f"a deal on \u201c{scenario.issues[issue_id].label}\u201d"
    return Phrases(
        f"{deal} comes",
        f"does {deal} come",
        f"there is {deal}",
        f"is there {deal}",
        f"there is {deal} by {{date}}",
        f"is there {deal} by {{date}}",
    )


# ---- what changed -------------------------------------------------------------------------

MECHANISMS = {
    "stated_stance": "states a firmer stance than its true one, to win leverage",
    "arms_supply": "arms its ally while it prefers the war to go on, and so gains a louder voice",
    "arbitration": "settles its allies' quarrels by taking one side",
    "prisoner_steps": "advises the prisoner terms in steps, and its side goes no further",
    "exhaustion": "leaves the burden of the war to its ally",
    "restraint": "pays its partner's price to stop it blocking the deal",
}
"""What each mechanism does, to follow `now` or `no longer`."""
PARAMETERS = {
    ("stated_stance", "premium"): "how much firmer {who}'s stated stance is than its true one",
    ("stated_stance", "erosion"): "how fast {who}'s extra firmness wears off each month",
    ("arms_supply", "capacity"): "how much {who}'s arms add to its ally's will to fight on",
    ("arms_supply", "leverage"): "how much louder {who}'s arms make its voice in its side",
    ("exhaustion", "burden"): "the monthly burden {who} leaves to its ally",
    ("restraint", "price"): "the price {who} pays to hold its partner back",
}
FIELDS = {
    "conflict_value": "what no deal (fighting on, or staying out) is worth to {who}",
    "war_payoff": "what a month of war gains (+) or costs (\u2212) {who}",
    "influence": "how much weight {who}'s voice has in its side",
}
SCALE = {"conflict_value": " (a perfect deal is worth 1)"}


def change_words(change: CounterfactualChange, base: Loaded) -> str:
    """One change of an exercise in plain words (the source is cited separately)."""
    if change.remove_event is not None:
        event = next((e for e in base.events if e.id == change.remove_event), None)
        if event is None:
            return "One event of the historical scenario does not happen."
        return f"This does not happen: \u201c{event.label}\u201d ({day(event.date)})."
    if change.add_event is not None:
        event = change.add_event
        text = f"This happens: \u201c{event.label}\u201d ({day(event.date)})"
        effects = [_event_change(c, base) for c in event.changes]
        return text + (": " + "; ".join(effects) if effects else "") + "."
    return _path_words(change.path or "", change.set, base)


def _event_change(change: Change, base: Loaded) -> str:
    who = name(base, change.actor)
    amount = change.set if change.set is not None else change.shift
    shown = _number(amount)
    verb = "becomes" if change.set is not None else "changes by"
    if change.field == "war_payoff" and change.set is not None:
        return _monthly(who, _central(change.set))
    if change.field in FIELDS:
        scale = SCALE.get(change.field, "")
        return f"{FIELDS[change.field].format(who=who)} {verb} {shown}{scale}"
    if change.field == "behaviour" and change.mechanism:
        what = PARAMETERS.get(
            (change.mechanism, change.parameter or ""), "a setting of how {who} acts"
        ).format(who=who)
        return f"{what} {verb} {shown}"
    if change.field in ("ideal", "salience") and change.issue in base.issues:
        issue = base.issues[change.issue]
        if change.field == "ideal" and change.set is not None:
            return f"{who} now prefers \u201c{_closest(issue, change.set)}\u201d"
        return f"how much {who} cares about \u201c{issue.label}\u201d (0 to 1) {verb} {shown}"
    return f"a setting of {who} {verb} {shown}"


def _monthly(who: str, value: object) -> str:
    """`each month of war costs Moscow (Stalin) 0.01` (on the scale where a perfect deal is 1)."""
    if not isinstance(value, int | float) or value == 0:
        return f"a month of war neither gains nor costs {who} anything"
    verb = "gains" if value > 0 else "costs"
    return f"each month of war {verb} {who} {abs(value):.3g}"


def _path_words(path: str, value: object, base: Loaded) -> str:
    parts = path.split(".")
    scenario: Loaded = base
    if isinstance(base, Campaign) and parts and parts[0] in [s.id for s in base.stages]:
        scenario = next(s for s in base.stages if s.id == parts[0])
        parts = parts[1:]
    before = _at(scenario, parts)
    if len(parts) >= 3 and parts[0] == "actors":
        who = name(scenario, parts[1])
        rest = parts[2:]
        if rest[0] == "positions" and len(rest) == 3 and rest[1] in scenario.issues:
            issue = scenario.issues[rest[1]]
            if rest[2] == "ideal":
                return (
                    f"{who}'s preferred outcome on \u201c{issue.label}\u201d changes from "
                    f"\u201c{_closest(issue, before)}\u201d to \u201c{_closest(issue, value)}\u201d."
                )
            if rest[2] == "salience":
                return (
                    f"How much {who} cares about \u201c{issue.label}\u201d (0 to 1) changes "
                    f"from {_number(before)} to {_number(value)}."
                )
            if rest[2] == "veto":
                can = "can now block" if value else "can no longer block"
                return f"{who} {can} its side's terms on \u201c{issue.label}\u201d."
        if rest[0] == "profile" and len(rest) >= 2:
            if rest[1] == "behaviour" and len(rest) == 4:
                mechanism, parameter = rest[2], rest[3]
                does = MECHANISMS.get(mechanism, "acts in one of the ways the article describes")
                if parameter == "enabled":
                    return f"{who} {'now' if value else 'no longer'} {does}."
                what = PARAMETERS.get((mechanism, parameter), "a setting of how {who} acts")
                what = _sentence(what.format(who=who)).rstrip(".")
                return f"{what} changes from {_number(before)} to {_number(value)}."
            if rest[1] in FIELDS and len(rest) == 2:
                what = _sentence(FIELDS[rest[1]].format(who=who)).rstrip(".")
                scale = SCALE.get(rest[1], "")
                return f"{what} changes from {_number(before)} to {_number(value)}{scale}."
            if rest[1] == "veto":
                can = "can now block" if _central(value) else "can no longer block"
                return f"{who} {can} its side's terms."
        return f"A setting of {who} changes."
    return "A setting of the historical scenario changes."


def _at(scenario: Loaded, parts: list[str]) -> object:
    """The base's value at a dotted path (None where it cannot be followed)."""
    node: object = scenario
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node


def _central(value: object) -> object:
    if isinstance(value, dict):
        return value.get("value")
    return getattr(value, "value", value)


def _number(value: object) -> str:
    central = _central(value)
    if isinstance(central, bool) or not isinstance(central, int | float):
        return "a new value" if central is None else str(central)
    return f"{central:+.3g}".replace("-", "\u2212") if central < 0 else f"{central:.3g}"


def _closest(issue: Issue, value: object) -> str:
    central = _central(value)
    if not isinstance(central, int | float):
        return "another outcome"
    return min(issue.options, key=lambda o: abs(o.position - central)).label


# ---- predictions and expectations ---------------------------------------------------------


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


# ---- results in words ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of the results table: what is measured, then the historical scenario, the
    changed version and history (blank cells on a worksheet)."""

    label: str
    base: str
    changed: str
    history: str
    expected: str = ""
    """The direction the exercise expects for this measure (`less often`), if any."""
    held: bool | None = None
    """Whether the runs moved that way (None without runs or expectation)."""


@dataclass(frozen=True)
class Group:
    """The rows of one question (an issue, or the armistice)."""

    heading: str
    rows: list[Row]


def shown_issues(exercise: Loaded) -> list[str]:
    """The issues the exercise's expectations are about, in the base's order."""
    named = {e.issue for e in exercise.exercise.expect}
    return [issue_id for issue_id in exercise.issues if issue_id in named]


def heading(exercise: Loaded, issue_id: str) -> str:
    return "How the war ended" if issue_id == END_STATE else exercise.issues[issue_id].label


def result_groups(exercise: Loaded, base: dict | None, changed: dict | None) -> list[Group]:
    """The results table of an exercise, one group per question its expectations are about
    (the most common outcome, then the measures expected to move); then the armistice, where
    the base has one. With no summaries (a worksheet), the results are blank."""
    groups = [
        Group(heading(exercise, i), _issue_rows(exercise, i, base, changed))
        for i in shown_issues(exercise)
    ]
    agreement = exercise.agreement
    if agreement is not None and END_STATE not in shown_issues(exercise):
        history = agreement.historical_date
        groups.append(
            Group(
                agreement.label,
                [
                    Row(
                        "Share of runs with one",
                        _agreement_share(base),
                        _agreement_share(changed),
                        "signed" if history else "",
                    ),
                    Row(
                        "Half the runs had one by",
                        _agreement_date(base),
                        _agreement_date(changed),
                        day(history) if history else "",
                    ),
                ],
            )
        )
    return groups


def _agreement_share(summary: dict | None) -> str:
    return percent(summary["agreement"]["share"]) if summary else ""


def _agreement_date(summary: dict | None) -> str:
    if not summary:
        return ""
    median = summary["agreement"]["date_quantiles"]["p50"]
    return day(median) if median else "fewer than half ever did"


def _issue_rows(
    exercise: Loaded, issue_id: str, base: dict | None, changed: dict | None
) -> list[Row]:
    issue = exercise.issues[issue_id]
    record = exercise.historical.get(issue_id)
    deal = "the war ended" if issue_id == END_STATE else "a deal"

    def cell(summary: dict | None, kind: str) -> str:
        if not summary:
            return ""
        entry = summary["issues"][issue_id]
        if kind == "modal":
            modal = modal_outcome(entry)
            said = outcome(issue, modal)
            if said == "No deal":  # say when the simulation stopped waiting
                said = f"No deal by {day(end_of(exercise, issue_id))}"
            return f"{said} ({percent(entry['shares'][modal])})"
        if kind == "median_date":
            median = entry["date_quantiles"]["p50"]
            return day(median) if median else "fewer than half ever did"
        return percent(measure(entry, kind))

    def happened(kind: str) -> str:
        if record is None:
            return ""
        if kind == "modal":
            return outcome(issue, record.outcome)
        if kind == "median_date":
            return day(record.date)
        if kind == "agreement_share":
            return "no" if record.outcome == NO_AGREEMENT else "yes"
        if kind.startswith("share:"):
            return "yes" if record.outcome == kind.removeprefix("share:") else "no"
        return "yes" if record.date.isoformat() <= kind.removeprefix("agreed_by:") else "no"

    def label(kind: str) -> str:
        if kind == "modal":
            return "Most common outcome"
        if kind == "median_date":
            return f"Half the runs had {deal} by"
        if kind == "agreement_share":
            return f"Share of runs with {deal}"
        if kind.startswith("share:"):
            return (
                f"Share of runs ending in \u201c{outcome(issue, kind.removeprefix('share:'))}\u201d"
            )
        return f"Share of runs with {deal} by {day(kind.removeprefix('agreed_by:'))}"

    expected = {e.measure: e for e in exercise.exercise.expect if e.issue == issue_id}
    kinds = list(dict.fromkeys(["modal", *expected]))
    rows = []
    for kind in kinds:
        expectation = expected.get(kind)
        rows.append(
            Row(
                label(kind),
                cell(base, kind),
                cell(changed, kind),
                happened(kind),
                expected=direction_words(expectation) if expectation else "",
                held=(
                    holds(expectation, base, changed) if expectation and base and changed else None
                ),
            )
        )
    return rows


def direction_words(expectation: Expectation) -> str:
    """The expected direction alone: `later`, `less often`, `the same`."""
    if expectation.measure == "modal":
        return "the same" if expectation.direction == "unchanged" else "a change"
    if expectation.measure == "median_date":
        return {"unchanged": "about the same"}.get(expectation.direction, expectation.direction)
    return {"higher": "more often", "lower": "less often", "unchanged": "about as often"}[
        expectation.direction
    ]
