"""Dated events as a per-replicate schedule.

A fixed-date event happens on its date in every replicate. An event with a
`date_range` happens on a day each replicate draws; one with a `probability`
happens only in the replicates that draw it. Each of those draws has its own
stream, named after the event (:class:`~sim.maths.draws.ParameterDraws`), so a
seed fixes the schedule and adding or removing an event moves no other draw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.maths.draws import ParameterDraws
from sim.scenario.numbers import Uncertain
from sim.scenario.structure import Event


@dataclass
class Scheduled:
    """One event and, per replicate, its day (ordinal), whether it is still to come, and the
    drawn value of each change."""

    event: Event
    day: np.ndarray  # (R,) int day ordinals
    pending: np.ndarray  # (R,) bool
    values: list[np.ndarray | None]
    next_day: int = 0  # the earliest day still to come (kept by :func:`applied`)

    def __post_init__(self) -> None:
        self.applied(np.zeros_like(self.pending))

    def applied(self, mask: np.ndarray) -> None:
        """Mark the replicates of `mask` done."""
        self.pending &= ~mask
        self.next_day = int(self.day[self.pending].min()) if self.pending.any() else 0


def schedule(
    events: list[Event],
    draws: ParameterDraws,
    events_happen: Mapping[str, np.ndarray] | None = None,
) -> list[Scheduled]:
    """Draw every event's day, occurrence and change values.

    `events_happen` fixes, per replicate, whether an event happens (a campaign's carry-over rules
    happen where the earlier stage's outcome met their condition)."""
    r = draws.replicates
    events_happen = events_happen or {}
    out = []
    for event in events:
        day = np.full(r, event.date.toordinal())
        if event.date_range is not None and draws.uncertain:
            low, high = (d.toordinal() for d in event.date_range)
            day = draws.stream(f"events.{event.id}.day").integers(low, high + 1, r)
            draws.values[f"events.{event.id}.day"] = (day - low).astype(float)
        happens = np.full(r, event.probability >= 0.5)
        if event.probability < 1 and draws.uncertain:
            chance = draws.stream(f"events.{event.id}.happens").random(r)
            happens = chance < event.probability
            draws.values[f"events.{event.id}.happens"] = happens.astype(float)
        if event.id in events_happen:
            happens = np.asarray(events_happen[event.id], dtype=bool)
        values = [
            None
            if change.field == "veto"
            else draws(f"events.{event.id}.{n}", _number(change.shift, change.set))
            for n, change in enumerate(event.changes)
        ]
        if happens.any():
            out.append(Scheduled(event, day, happens, values))
    return out


def _number(shift: Uncertain | None, set_: Uncertain | bool | None) -> Uncertain:
    number = shift if shift is not None else set_
    assert isinstance(number, Uncertain)
    return number


def due(pending: list[Scheduled], until: dt.date) -> tuple[int, list[tuple[Scheduled, np.ndarray]]]:
    """The earliest day on or before `until` with events to apply, and each such event's mask
    of replicates; (0, []) when none is due."""
    if not pending:
        return 0, []
    day = min(s.next_day for s in pending)
    if day > until.toordinal():
        return 0, []
    hits = [(s, s.pending & (s.day == day)) for s in pending]
    return day, [(s, mask) for s, mask in hits if mask.any()]
