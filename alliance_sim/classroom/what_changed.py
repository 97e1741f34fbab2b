"""What an exercise or an event changes, in plain words: whose setting, and its old and new
value, with no code names. A mechanism's words come from its class (`sim.scenario.mechanisms`).

Two registers: the teacher's says the model's numbers ("changes from 0.62 to 0.5"); the
students' (`students=True`: handouts, worksheets, the page's student view) says only which way
a setting moves against history ("is lower than in history"), since a number on the model's
own scale means nothing to a class.
"""

from __future__ import annotations

from alliance_sim.classroom.plain_words import Loaded, day, name, sentence
from alliance_sim.i18n import _
from sim.scenario import paths
from sim.scenario.campaign import Campaign
from sim.scenario.mechanisms import Behaviour
from sim.scenario.numbers import is_number
from sim.scenario.structure import Change, CounterfactualChange, Issue

MECHANISM_CLASSES = Behaviour.mechanism_classes()
"""Each mechanism's class, whose plain words (`what_it_does`, `parameter_words`) are used here."""


FIELDS = {
    "conflict_value": "what no deal (fighting on, or staying out) is worth to {who}",
    "war_payoff": "what a month of war gains (+) or costs (\u2212) {who}",
    "influence": "how much weight {who}'s voice has in its side",
}


SCALE = {"conflict_value": " (a perfect deal is worth 1)"}


def change_words(change: CounterfactualChange, base: Loaded, students: bool = False) -> str:
    """One change of an exercise in plain words (the source is cited separately); for
    `students`, with no model numbers."""
    if change.remove_event is not None:
        event = next((e for e in base.events if e.id == change.remove_event), None)
        if event is None:
            return "One event of the historical scenario does not happen."
        return f"This does not happen: \u201c{event.label}\u201d ({day(event.date)})."
    if change.add_event is not None:
        event = change.add_event
        text = f"This happens: \u201c{event.label}\u201d ({day(event.date)})"
        effects = [_event_change(c, base, students) for c in event.changes]
        return text + (": " + "; ".join(effects) if effects else "") + "."
    return _path_words(change.path or "", change.set, base, students)


def _event_change(change: Change, base: Loaded, students: bool = False) -> str:
    who = name(base, change.actor)
    amount = change.set if change.set is not None else change.shift
    shown = _number(amount)
    verb = "becomes" if change.set is not None else "changes by"
    if change.field == "war_payoff" and change.set is not None:
        return _monthly(who, _central(change.set), students)
    if change.field in FIELDS:
        scale = SCALE.get(change.field, "")
        what = FIELDS[change.field].format(who=who)
        if students:
            return _moved(what, _event_before(change, base), amount, change.set is None)
        return f"{what} {verb} {shown}{scale}"
    if change.field == "behaviour" and change.mechanism:
        what = _parameter_words(change.mechanism, change.parameter or "").format(who=who)
        if students:
            return _moved(what, None, amount, change.set is None)
        return f"{what} {verb} {shown}"
    if change.field in ("ideal", "salience") and change.issue in base.issues:
        issue = base.issues[change.issue]
        if change.field == "ideal" and change.set is not None:
            return f"{who} now prefers \u201c{_closest(issue, change.set)}\u201d"
        if students:
            what = f"how much {who} cares about \u201c{issue.label}\u201d"
            return _moved(what, _event_before(change, base), amount, change.set is None)
        return f"how much {who} cares about \u201c{issue.label}\u201d (0 to 1) {verb} {shown}"
    return f"a setting of {who} {verb} {shown}" if not students else f"a setting of {who} changes"


def _event_before(change: Change, base: Loaded) -> object:
    """The base's value of the setting an event's change sets (None where it cannot be found:
    a campaign's stage, a field the change adds)."""
    if change.field in FIELDS:
        return _at(base, f"actors.{change.actor}.profile.{change.field}")
    if change.field == "salience" and change.issue:
        return _at(base, f"actors.{change.actor}.positions.{change.issue}.salience")
    return None


def _moved(what: str, before: object, amount: object, shift: bool) -> str:
    """`what is lower than in history`: which way a setting moves, without the model's numbers
    (`shift`: `amount` is added to the old value, not set)."""
    after, before = _central(amount), _central(before)
    if shift and is_number(after):
        rises = after > 0 if after != 0 else None
    elif is_number(before) and is_number(after):
        rises = after > before if after != before else None
    else:
        return _("{what} changes").format(what=what)
    if rises is None:
        return _("{what} stays as in history").format(what=what)
    if rises:
        return _("{what} is higher than in history").format(what=what)
    return _("{what} is lower than in history").format(what=what)


def _parameter_words(mechanism: str, parameter: str) -> str:
    """A mechanism's parameter in plain words, from its class (`{who}` to fill)."""
    kind = MECHANISM_CLASSES.get(mechanism)
    words = kind.parameter_words if kind is not None else {}
    return words.get(parameter, "a setting of how {who} acts")


def _monthly(who: str, value: object, students: bool = False) -> str:
    """`each month of war costs Moscow (Stalin) 0.01` (on the scale where a perfect deal is 1);
    for students, `each month of war now costs Moscow (Stalin)`."""
    if not isinstance(value, int | float) or value == 0:
        return f"a month of war neither gains nor costs {who} anything"
    verb = "gains" if value > 0 else "costs"
    if students:
        if value > 0:
            return _("each month of war now brings {who} a gain").format(who=who)
        return _("each month of war now costs {who} something").format(who=who)
    return f"each month of war {verb} {who} {abs(value):.3g}"


def _path_words(path: str, value: object, base: Loaded, students: bool = False) -> str:
    parts = path.split(".")
    scenario: Loaded = base
    if isinstance(base, Campaign) and parts and parts[0] in [s.id for s in base.stages]:
        scenario = next(s for s in base.stages if s.id == parts[0])
        parts = parts[1:]
    before = _at(base, path)
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
                if students:
                    what = f"How much {who} cares about \u201c{issue.label}\u201d"
                    return _moved(what, before, value, False) + "."
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
                if parameter == "enabled" and mechanism in MECHANISM_CLASSES:
                    does = MECHANISM_CLASSES[mechanism].what_it_does
                    return f"{who} {'now' if value else 'no longer'} {does}."
                what = _parameter_words(mechanism, parameter).format(who=who)
                what = sentence(what).rstrip(".")
                if students:
                    return _moved(what, before, value, False) + "."
                return f"{what} changes from {_number(before)} to {_number(value)}."
            if rest[1] in FIELDS and len(rest) == 2:
                what = sentence(FIELDS[rest[1]].format(who=who)).rstrip(".")
                if students:
                    return _moved(what, before, value, False) + "."
                scale = SCALE.get(rest[1], "")
                return f"{what} changes from {_number(before)} to {_number(value)}{scale}."
            if rest[1] == "veto":
                can = "can now block" if _central(value) else "can no longer block"
                return f"{who} {can} its side's terms."
        return f"A setting of {who} changes."
    return "A setting of the historical scenario changes."


def _at(base: Loaded, path: str) -> object:
    """The base's value at a dotted path, walked as a counterfactual walks it (None where the
    path leads nowhere: the change adds a value the base did not have)."""
    try:
        return paths.walk(paths.plain_data(base), path)[1]
    except paths.PathError:
        return None


def _central(value: object) -> object:
    if isinstance(value, dict):
        return value.get("value")
    return getattr(value, "value", value)


def _number(value: object) -> str:
    central = _central(value)
    if not is_number(central):
        return "a new value" if central is None else str(central)
    return f"{central:+.3g}".replace("-", "\u2212") if central < 0 else f"{central:.3g}"


def _closest(issue: Issue, value: object) -> str:
    central = _central(value)
    if not isinstance(central, int | float):
        return "another outcome"
    return min(issue.options, key=lambda o: abs(o.position - central)).label
