"""What an exercise or an event changes, in plain words: whose setting, and its old and new
value, with no code names. A mechanism's words come from its class (`sim.scenario.mechanisms`).

Two registers: the teacher's says the model's numbers ("changes from 0.62 to 0.5"); the
students' (`students=True`: handouts, worksheets, the page's student view) says only which way
a setting moves against history ("is lower than in history"), since a number on the model's
own scale means nothing to a class.
"""

from __future__ import annotations

from alliance_sim.classroom.plain_words import Loaded, day, name, sentence
from alliance_sim.i18n import N_, _
from sim.scenario import paths
from sim.scenario.campaign import Campaign
from sim.scenario.mechanisms import Behaviour
from sim.scenario.numbers import is_number
from sim.scenario.structure import Change, CounterfactualChange, Issue

MECHANISM_CLASSES = Behaviour.mechanism_classes()
"""Each mechanism's class, whose plain words (`what_it_does`, `parameter_words`) are used here."""


FIELDS = {
    "conflict_value": N_("what no deal (fighting on, or staying out) is worth to {who}"),
    "war_payoff": N_("what a month of war gains (+) or costs (\u2212) {who}"),
    "influence": N_("how much weight {who}'s voice has in its side"),
}


SCALE = {"conflict_value": N_(" (a perfect deal is worth 1)")}


def _scale(field: str) -> str:
    return _(SCALE[field]) if field in SCALE else ""


def _quoted(label: str) -> str:
    """A scenario's label in the reader's language, in quotation marks."""
    return _("\u201c{label}\u201d").format(label=_(label))


def _full(text: str) -> str:
    """A clause ended as a sentence of the reader's language (`.`, `。`)."""
    return _("{sentence}.").format(sentence=text)


def change_words(change: CounterfactualChange, base: Loaded, students: bool = False) -> str:
    """One change of an exercise in plain words (the source is cited separately); for
    `students`, with no model numbers."""
    if change.remove_event is not None:
        event = next((e for e in base.events if e.id == change.remove_event), None)
        if event is None:
            return _("One event of the historical scenario does not happen.")
        return _("This does not happen: {event} ({date}).").format(
            event=_quoted(event.label), date=day(event.date)
        )
    if change.add_event is not None:
        event = change.add_event
        effects = [_event_change(c, base, students) for c in event.changes]
        happens = (
            _("This happens: {event} ({date}): {effects}.")
            if effects
            else _("This happens: {event} ({date}).")
        )
        return happens.format(event=_quoted(event.label), date=day(event.date),
                              effects=_("; ").join(effects))  # fmt: skip
    return _path_words(change.path or "", change.set, base, students)


def _set_or_shift(what: str, shown: str, is_set: bool, scale: str = "") -> str:
    """`what becomes 0.5` (a value set) or `what changes by +0.1` (a shift)."""
    template = (
        _("{what} becomes {value}{scale}") if is_set else _("{what} changes by {value}{scale}")
    )
    return template.format(what=what, value=shown, scale=scale)


def _event_change(change: Change, base: Loaded, students: bool = False) -> str:
    who = name(base, change.actor)
    amount = change.set if change.set is not None else change.shift
    shown, is_set = _number(amount), change.set is not None
    if change.field == "war_payoff" and change.set is not None:
        return _monthly(who, _central(change.set), students)
    if change.field in FIELDS:
        what = _(FIELDS[change.field]).format(who=who)
        if students:
            return _moved(what, _event_before(change, base), amount, change.set is None)
        return _set_or_shift(what, shown, is_set, _scale(change.field))
    if change.field == "behaviour" and change.mechanism:
        what = _parameter_words(change.mechanism, change.parameter or "").format(who=who)
        if students:
            return _moved(what, None, amount, change.set is None)
        return _set_or_shift(what, shown, is_set)
    if change.field in ("ideal", "salience") and change.issue in base.issues:
        issue = base.issues[change.issue]
        if change.field == "ideal" and change.set is not None:
            return _("{who} now prefers {option}").format(
                who=who, option=_quoted(_closest(issue, change.set))
            )
        if students:
            what = _("how much {who} cares about {issue}").format(
                who=who, issue=_quoted(issue.label)
            )
            return _moved(what, _event_before(change, base), amount, change.set is None)
        what = _("how much {who} cares about {issue} (0 to 1)").format(
            who=who, issue=_quoted(issue.label)
        )
        return _set_or_shift(what, shown, is_set)
    what = _("a setting of {who}").format(who=who)
    return _("{what} changes").format(what=what) if students else _set_or_shift(what, shown, is_set)


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
    """A mechanism's parameter in plain words, from its class (`{who}` to fill), in the
    reader's language (the catalogues extract each class's `parameter_words`)."""
    kind = MECHANISM_CLASSES.get(mechanism)
    words = kind.parameter_words if kind is not None else {}
    return _(words.get(parameter, N_("a setting of how {who} acts")))


def _monthly(who: str, value: object, students: bool = False) -> str:
    """`each month of war costs Moscow (Stalin) 0.01` (on the scale where a perfect deal is 1);
    for students, `each month of war now costs Moscow (Stalin)`."""
    if not isinstance(value, int | float) or value == 0:
        return _("a month of war neither gains nor costs {who} anything").format(who=who)
    if students:
        if value > 0:
            return _("each month of war now brings {who} a gain").format(who=who)
        return _("each month of war now costs {who} something").format(who=who)
    template = (
        _("each month of war gains {who} {value}")
        if value > 0
        else _("each month of war costs {who} {value}")
    )
    return template.format(who=who, value=f"{abs(value):.3g}")


def _from_to(what: str, before: object, value: object, scale: str = "") -> str:
    """`What changes from 0.62 to 0.5.` (the teacher's register: the model's numbers)."""
    return _("{what} changes from {before} to {after}{scale}.").format(
        what=what, before=_number(before), after=_number(value), scale=scale
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _can_block(who: str, value: object, issue: Issue | None = None) -> str:
    """Whether a capital may now block its side's terms (on one question, or on all)."""
    if issue is None:
        template = (_("{who} can now block its side's terms.") if _central(value)
                    else _("{who} can no longer block its side's terms."))  # fmt: skip
        return template.format(who=who)
    template = (_("{who} can now block its side's terms on {issue}.") if _central(value)
                else _("{who} can no longer block its side's terms on {issue}."))  # fmt: skip
    return template.format(who=who, issue=_quoted(issue.label))


def _issue_words(who: str, issue: Issue, field: str, before, value, students: bool) -> str:
    """A change to a capital's position on one question: its preferred outcome or how much
    it cares about the question."""
    if field == "ideal":
        return _("{who}'s preferred outcome on {issue} changes from {before} to {after}.").format(
            who=who, issue=_quoted(issue.label), before=_quoted(_closest(issue, before)),
            after=_quoted(_closest(issue, value)),
        )  # fmt: skip
    what = _("how much {who} cares about {issue}").format(who=who, issue=_quoted(issue.label))
    if students:
        return _full(_capital(_moved(what, before, value, False)))
    scaled = _("how much {who} cares about {issue} (0 to 1)").format(
        who=who, issue=_quoted(issue.label)
    )
    return _from_to(_capital(scaled), before, value)


def _profile_words(who: str, rest: list[str], before, value, students: bool) -> str | None:
    """A change to a capital's profile: a mechanism switched or tuned, a field, its veto."""
    if rest[1] == "behaviour" and len(rest) == 4:
        mechanism, parameter = rest[2], rest[3]
        if parameter == "enabled" and mechanism in MECHANISM_CLASSES:
            does = _(MECHANISM_CLASSES[mechanism].what_it_does)
            template = _("{who} now {does}.") if value else _("{who} no longer {does}.")
            return template.format(who=who, does=does)
        what = sentence(_parameter_words(mechanism, parameter).format(who=who)).rstrip(".")
        if students:
            return _full(_moved(what, before, value, False))
        return _from_to(what, before, value)
    if rest[1] in FIELDS and len(rest) == 2:
        what = sentence(_(FIELDS[rest[1]]).format(who=who)).rstrip(".")
        if students:
            return _full(_moved(what, before, value, False))
        return _from_to(what, before, value, _scale(rest[1]))
    if rest[1] == "veto":
        return _can_block(who, value)
    return None


def _path_words(path: str, value: object, base: Loaded, students: bool = False) -> str:
    parts = path.split(".")
    scenario: Loaded = base
    if isinstance(base, Campaign) and parts and parts[0] in [s.id for s in base.stages]:
        scenario = next(s for s in base.stages if s.id == parts[0])
        parts = parts[1:]
    before = _at(base, path)
    if len(parts) < 3 or parts[0] != "actors":
        return _("A setting of the historical scenario changes.")
    who = name(scenario, parts[1])
    rest = parts[2:]
    if rest[0] == "positions" and len(rest) == 3 and rest[1] in scenario.issues:
        issue = scenario.issues[rest[1]]
        if rest[2] in ("ideal", "salience"):
            return _issue_words(who, issue, rest[2], before, value, students)
        if rest[2] == "veto":
            return _can_block(who, value, issue)
    if rest[0] == "profile" and len(rest) >= 2:
        found = _profile_words(who, rest, before, value, students)
        if found is not None:
            return found
    return _("A setting of {who} changes.").format(who=who)


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
        return _("a new value") if central is None else str(central)
    return f"{central:+.3g}".replace("-", "\u2212") if central < 0 else f"{central:.3g}"


def _closest(issue: Issue, value: object) -> str:
    central = _central(value)
    if not isinstance(central, int | float):
        return _("another outcome")
    return _(min(issue.options, key=lambda o: abs(o.position - central)).label)
