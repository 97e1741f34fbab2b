"""Files that derive a scenario from another: counterfactuals (changes to a base) and
single-question views (`view_of:`).
"""

from __future__ import annotations

from pydantic import Field

from sim.scenario.numbers import Frozen, Id
from sim.scenario.structure import CounterfactualChange, Expectation, Historical, Time


class Counterfactual(Frozen):
    """A counterfactual file: a base, a classroom question, and the changes."""

    id: Id
    extends: str
    """The base: a built-in scenario id or a path relative to this file."""
    title: str
    question: str
    """One line for the classroom: 'What if ...?'"""
    summary: str = ""
    changes: list[CounterfactualChange] = Field(min_length=1)
    expect: list[Expectation] = Field(default_factory=list)
    explanation: str = ""
    """What the model shows and why; where it disagrees with the article, say so here."""


class View(Frozen):
    """A single-question view of a larger scenario: its own window and record, the base's
    actors, positions and events (one source for every parameter)."""

    id: Id
    view_of: Id
    """The built-in scenario this view is cut from."""
    title: str
    summary: str
    issues: list[Id] = Field(min_length=1)
    """The base's issues this view keeps; their prerequisites count as settled."""
    time: Time
    historical: dict[Id, Historical] = Field(default_factory=dict)
