"""Actor files: one capital's profile per period (conflict value, war payoff, influence, veto
habit and mechanisms), shared by every scenario of that period.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from sim.scenario.mechanisms import Behaviour
from sim.scenario.numbers import Frozen, Id, SignedSourced, Source, UnitSourced


class Veto(Frozen):
    """An actor's veto habit inside its bloc."""

    value: bool
    """Whether the actor blocks bloc stances it values below fighting on."""
    min_salience: float = Field(0.0, ge=0.0, le=1.0)
    """It uses the veto only on issues at least this salient to it."""
    source: Source


class Profile(Frozen):
    """Actor-level parameters for one period, shared by every scenario of that period."""

    anchor: dt.date
    """Date the conflict value below refers to; scenarios starting later inherit the drift."""
    conflict_value: SignedSourced
    """D_i at the anchor: what fighting on is worth, on the same 0..1 scale as a perfect deal."""
    war_payoff: SignedSourced
    """Change of the conflict value per month of war: a cost (negative) or, for Stalin, a benefit."""
    influence: UnitSourced
    """Weight of the actor's voice when its bloc forms a stance."""
    veto: Veto
    behaviour: Behaviour = Behaviour()
    """Mechanisms of the actor's agent class (see `agents/`), with their parameters and sources."""


class ActorFile(Frozen):
    """A profile file in `scenarios/actors/`: one actor, its behaviour class and its periods."""

    id: Id
    name: str
    """Display name, e.g. `Moscow (Stalin)`."""
    agent: Id = "generic"
    """Behaviour class in `agents/` (`moscow`, `beijing`, `pyongyang`, `washington`) or `generic`."""
    periods: dict[Id, Profile] = Field(min_length=1)
