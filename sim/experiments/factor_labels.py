"""Plain-words names of the numbers a sweep can set ("Washington: war payoff per month").

A sweep's record, a sensitivity analysis and a discovery name each factor for
people as well as by its dotted path; the names are built from the scenario's own
labels (actor names, issue and event labels), so they follow its wording.
"""

from __future__ import annotations

from sim.scenario.structure import Scenario

FIELDS = {
    "conflict_value": "value of fighting on",
    "war_payoff": "war payoff per month",
    "influence": "influence in its bloc",
    "ideal": "ideal on",
    "salience": "salience of",
    "loss_shape": "loss shape on",
}


def label(scenario: Scenario, path: str, prefix: str = "") -> str:
    """A short plain-words name of the number at `path` ("Washington: war payoff per month")."""
    parts = path.split(".")
    try:
        return prefix + _label(scenario, parts)
    except (KeyError, IndexError, ValueError, AttributeError, StopIteration):
        return prefix + path


def _label(scenario: Scenario, parts: list[str]) -> str:
    head = parts[0]
    if head == "actors":
        actor = scenario.actors[parts[1]]
        name = actor.name or parts[1].capitalize()
        if parts[2] == "profile" and parts[3] == "behaviour":
            return f"{name}: {parts[4].replace('_', ' ')}, {parts[5].replace('_', ' ')}"
        if parts[2] == "profile":
            return f"{name}: {FIELDS.get(parts[3], parts[3].replace('_', ' '))}"
        if parts[2] == "positions":
            issue = scenario.issues[parts[3]].label.lower()
            return f"{name}: {FIELDS.get(parts[4], parts[4].replace('_', ' '))} {issue}"
    if head == "events":
        event = next(e for e in scenario.events if e.id == parts[1])
        if parts[2] == "happens":
            return f"whether '{event.label}' happens"
        if parts[2] == "probability":
            return f"probability of '{event.label}'"
        if parts[2] == "changes":
            change = event.changes[int(parts[3])]
            field = change.parameter or change.field
            return f"'{event.label}': change of {change.actor}'s {field.replace('_', ' ')}"
    if head == "bargaining" and parts[1] == "rationality":
        return "rationality of concessions (logit precision)"
    if head == "lobbying":
        lobby = scenario.lobbying[int(parts[1])]
        return f"{lobby.actor} lobbying {lobby.target}: pressure"
    raise KeyError(head)
