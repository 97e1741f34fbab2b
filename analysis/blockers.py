"""Who blocked the deal, in plain words, from the engine's deadlock record.

Each result row keeps, per party, what held it back at the end of the replicate's longest
deadlock (`held_out_<party>`: "actor:reason"). Here those labels are counted over the
replicates and put into words a class can read, in the reader's language (the templates go
through the gettext catalogues; the capitals' names and the episode's labels through the
scenario catalogue).
"""

from __future__ import annotations

import numpy as np

from alliance_sim.i18n import N_, _, ngettext
from alliance_sim.i18n.formats import format_number, format_percent
from sim.engine.results import Table
from sim.scenario.structure import Scenario

REASONS = {
    "prefers_war": N_("{name} preferred fighting on"),
    "veto": N_("{name} vetoed the terms"),
    "stated_stance": N_("{name} held to a firmer stance than it needed"),
    "arms": N_("{name}'s arms kept its ally fighting on"),
    "suspended": N_("the talks were suspended"),
    "not_on_table": N_("the issue was not yet on the table (it waits for another to be settled)"),
}


def describe(scenario: Scenario, label: str, issue: str | None = None) -> str:
    """'Moscow (Stalin) preferred fighting on' for 'moscow:prefers_war'; on an `issue` whose no
    deal is not more war, its own words: 'Beijing (Mao) preferred no deal (China stays out)'
    (in October 1950 China was not yet at war)."""
    actor, _sep, reason = label.partition(":")
    actor_spec = scenario.actors.get(actor)
    name = _((actor_spec.name if actor_spec else None) or actor)
    no_deal = scenario.issues[issue].no_agreement_label if issue in scenario.issues else None
    if reason == "prefers_war" and no_deal not in (None, "No agreement"):
        return _("{name} preferred no deal ({no_deal})").format(name=name, no_deal=_(no_deal))
    if reason in REASONS:
        return _(REASONS[reason]).format(name=name)
    return _("{name}: {reason}").format(name=name, reason=reason)


def party_reason(scenario: Scenario, party_id: str, label: str, issue: str | None = None) -> str:
    """The reason in words, prefixed by the side it held back when the side is a bloc
    ('Communist side: Moscow (Stalin) preferred fighting on'); a suspension is both sides'."""
    party = scenario.parties[party_id]
    bloc = len(party.members) > 1 and not label.startswith("talks:")
    reason = describe(scenario, label, issue)
    return _("{side}: {reason}").format(side=_(party.label), reason=reason) if bloc else reason


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


def main_reasons(scenario: Scenario, record: dict, issue: str | None = None) -> dict[str, float]:
    """Each party's most frequent reason at the end of the longest deadlock, in words, with
    the share of deadlocked replicates it held back (`record` from `held_out`); a reason that
    held both sides (a suspension) is named once."""
    reasons: dict[str, float] = {}
    for party_id, shares in record["held_out"].items():
        if shares:
            label, share = next(iter(shares.items()))
            reasons.setdefault(party_reason(scenario, party_id, label, issue), share)
    return reasons


def deadlock_sentence(scenario: Scenario, table: Table, issue: str, game: bool = False) -> str:
    """Who the deal waited for, in one sentence: how long the longest deadlock lasted and what
    held each side back at its end ('' if there was none). Over many replicates the length is
    the median and each reason has its share; `game`: one played game, neither is needed."""
    record = held_out(table, issue)
    if not record["replicates_with_deadlock"]:
        return ""
    duration = steps_words(record["median_steps"], scenario.step_of(issue))
    reasons = main_reasons(scenario, record, issue)
    if game:
        shown = _("; ").join(reasons)
        return _("the longest deadlock lasted {duration}; at its end {reasons}").format(
            duration=duration, reasons=shown
        )
    shown = _("; ").join(
        _("{reason} ({share} of those runs)").format(reason=text, share=format_percent(share))
        for text, share in reasons.items()
    )
    return _("the longest deadlock lasted {duration} (median); at its end {reasons}").format(
        duration=duration, reasons=shown
    )


def steps_words(steps: float, unit: str) -> str:
    """`3 months`, `1 day`, `2.5 months` (a median), by the language's plural rule; an
    unknown unit after the number."""
    whole = steps == int(steps)
    count, n = format_number(steps, 0 if whole else 1), int(steps) if whole else 2
    if unit == "day":
        words = ngettext("{count} day", "{count} days", n)
    elif unit == "week":
        words = ngettext("{count} week", "{count} weeks", n)
    elif unit == "month":
        words = ngettext("{count} month", "{count} months", n)
    else:
        words = "{count} " + unit
    return words.format(count=count)
