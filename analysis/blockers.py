"""Who blocked the deal, in plain words, from the engine's deadlock record.

Each result row keeps, per party, what held it back at the end of the replicate's longest
deadlock (`held_out_<party>`: "actor:reason"). Here those labels are counted over the
replicates and put into words a class can read.
"""

from __future__ import annotations

import numpy as np

from sim.results import Table
from sim.schema import Scenario

REASONS = {
    "prefers_war": "{name} preferred fighting on",
    "veto": "{name} vetoed the terms",
    "stated_stance": "{name} held to a firmer stance than it needed",
    "not_advised": "{name}'s advice did not go as far as the other side's terms",
    "suspended": "the talks were suspended",
    "not_on_table": "the issue was not yet on the table (it waits for another to be settled)",
}


def describe(scenario: Scenario, label: str) -> str:
    """'Moscow (Stalin) preferred fighting on' for 'moscow:prefers_war'."""
    actor, _, reason = label.partition(":")
    actor_spec = scenario.actors.get(actor)
    name = (actor_spec.name if actor_spec else None) or actor
    return REASONS.get(reason, "{name}: " + reason).format(name=name)


def party_reason(scenario: Scenario, party_id: str, label: str) -> str:
    """The reason in words, prefixed by the side it held back when the side is a bloc
    ('Communist side: Moscow (Stalin) preferred fighting on'); a suspension is both sides'."""
    party = scenario.parties[party_id]
    bloc = len(party.members) > 1 and not label.startswith("talks:")
    return (f"{party.label}: " if bloc else "") + describe(scenario, label)


def held_out(table: Table, issue: str) -> dict:
    """Longest deadlock (median steps over replicates that had one) and, per party, the share
    of those replicates in which each reason held it back at the deadlock's end."""
    rows = table["issue"] == issue
    steps = table["deadlock_steps"][rows]
    had = steps > 0
    parties = {}
    for column in (c for c in table if c.startswith("held_out_")):
        labels = table[column][rows][had]
        found = labels[labels != ""]
        names, counts = np.unique(found, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        parties[column.removeprefix("held_out_")] = {
            str(names[i]): round(float(counts[i] / max(had.sum(), 1)), 4) for i in order
        }
    return {
        "replicates_with_deadlock": int(had.sum()),
        "median_steps": float(np.median(steps[had])) if had.any() else 0.0,
        "held_out": parties,
    }
