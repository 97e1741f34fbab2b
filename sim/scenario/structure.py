"""A scenario file: actors and their positions, issues and options, parties and lobbies,
dated events, the time window, the historical record and the classroom exercise.

Structure and ranges are checked here; cross-references are checked in
:mod:`sim.scenario.references` once the files are merged. Field docstrings become the JSON
Schema descriptions that `alliance-sim schema` prints.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from sim.scenario.numbers import (
    NO_AGREEMENT,
    AnyUncertain,
    Frozen,
    Id,
    Source,
    Sourced,
    UnitSourced,
    number_or_mapping,
    within,
)
from sim.scenario.profiles import Profile


class Position(Frozen):
    """An actor's stand on one issue."""

    ideal: UnitSourced
    """Ideal point on the issue's 0..1 scale."""
    salience: UnitSourced
    """How much the issue weighs against the war itself: utility of an option is 1 - salience * loss(distance)."""
    loss_shape: float = Field(1.0, ge=0.5, le=3.0)
    """Exponent of the loss: 1 linear, 2 quadratic (gentle near the ideal, steep far away)."""
    veto: bool | None = None
    """Override of the actor's veto habit on this issue (null: use the habit)."""


class ScenarioActor(Frozen):
    """An actor taking part in a scenario."""

    positions: dict[Id, Position] = Field(default_factory=dict)
    """Issue id -> the actor's position. Actors without a position on an issue are indifferent to it."""
    name: str | None = None
    """Display name for an actor defined only here."""
    agent: Id | None = None
    """Behaviour class for an actor defined only here (default `generic`)."""
    profile: Profile | None = None
    """Inline actor-level parameters, for an actor with no file in `scenarios/actors/`."""


class Option(Frozen):
    id: Id
    label: str
    """Plain-language name shown in tables and plots."""
    position: float = Field(ge=0.0, le=1.0)
    """Place on the issue's scale, from the communist side's end (0) to the other (1)."""


class Issue(Frozen):
    label: str
    options: list[Option] = Field(min_length=2)
    """Ordered options; positions must increase."""
    scale_source: Source | None = None
    """Why the options sit where they do on the 0..1 scale (the article is qualitative)."""
    after: list[Id] = Field(default_factory=list)
    """Issues that must be settled first: until then this one is not on the table
    (no line before an agenda)."""
    agreement_means: str = ""
    """What an agreement on this issue means in the story (shown to users)."""
    entry_lag_days: int | None = Field(None, ge=0, le=60)
    """For an agreement that sends troops in: days from agreement to entry (reported as entry date)."""
    entry_lag_source: Source | None = None
    no_agreement_label: str = "No agreement"
    """What no agreement means in this episode, in plain words (air cover: China stays out)."""

    def label_of(self, outcome: str) -> str:
        """The plain-language label of an option id or of `no_agreement`."""
        if outcome == NO_AGREEMENT:
            return self.no_agreement_label
        return next(option.label for option in self.options if option.id == outcome)

    @model_validator(mode="after")
    def _ordered_unique(self) -> Issue:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option ids repeat: {ids}")
        positions = [o.position for o in self.options]
        if any(b <= a for a, b in zip(positions, positions[1:], strict=False)):
            raise ValueError(f"option positions must strictly increase, got {positions}")
        if (self.entry_lag_days is None) != (self.entry_lag_source is None):
            raise ValueError("entry_lag_days and entry_lag_source go together")
        return self


class Party(Frozen):
    """One side at the table: a single actor or a bloc led by one member."""

    label: str
    leader: Id
    """The member who speaks for the bloc and makes its concessions."""
    members: list[Id] = Field(min_length=1)
    restrains: list[Id] = Field(default_factory=list)
    """Members whose vetoes the leader overrides (Washington restraining Seoul, notes 68, 69)."""


class Lobby(Frozen):
    """An actor outside the talks pressing a party member (Pyongyang on Beijing)."""

    actor: Id
    target: Id
    pressure: Annotated[Sourced, BeforeValidator(number_or_mapping), within(0.0, 1.0)]
    """Monthly fall in the target's conflict value, scaled by the lobbyist's influence."""


Field_ = Literal[
    "conflict_value", "war_payoff", "influence", "veto", "ideal", "salience", "behaviour"
]


class Change(Frozen):
    """One parameter change made by an event."""

    actor: Id
    field: Field_
    issue: Id | None = None
    """Required for `ideal` and `salience`."""
    mechanism: Id | None = None
    """For `behaviour`: the mechanism whose parameter changes (e.g. `arms_supply`)."""
    parameter: Id | None = None
    """For `behaviour`: the mechanism's numeric parameter (e.g. `leverage`)."""
    set: AnyUncertain | bool | None = None
    """New value (a number, a range, or true/false for `veto`)."""
    shift: AnyUncertain | None = None
    """Amount added to the current value."""

    @model_validator(mode="after")
    def _one_operation(self) -> Change:
        if (self.set is None) == (self.shift is None):
            raise ValueError("give exactly one of `set` or `shift`")
        if self.field in ("ideal", "salience") and self.issue is None:
            raise ValueError(f"a change of `{self.field}` needs `issue`")
        if (self.field == "behaviour") != (
            self.mechanism is not None and self.parameter is not None
        ):
            raise ValueError("`behaviour` takes `mechanism` and `parameter`, and only it does")
        if self.field == "veto" and not isinstance(self.set, bool):
            raise ValueError("`veto` takes `set: true` or `set: false`")
        if self.field != "veto" and isinstance(self.set, bool):
            raise ValueError(f"`{self.field}` takes a number, not true/false")
        return self


class Event(Frozen):
    """A happening that changes payoffs (and so can open or close the zone).

    Facts outside the actors' control keep one date. Where the date itself was
    uncertain, `date_range` lets each replicate draw its own; a battlefield
    outcome that could have gone otherwise has a `probability`.
    """

    id: Id
    date: dt.date
    """The date (the central date when `date_range` is given)."""
    label: str
    source: Source
    date_range: tuple[dt.date, dt.date] | None = None
    """Earliest and latest plausible date; each replicate draws a day uniformly inside it."""
    probability: float = Field(1.0, ge=0.0, le=1.0)
    """Chance that the event happens at all in a replicate (runs without uncertainty: >= 0.5)."""
    changes: list[Change] = Field(default_factory=list)
    talks: Literal["suspended", "resumed"] | None = None
    """Recess of the talks: while suspended, no offers are made even if the zone is open."""
    resumes: Literal["when_zone_opens"] | None = None
    """For a suspension: the talks resume by themselves at the step after either side offers
    terms the other accepts (the zone of agreement reopens), rather than on a fixed date."""

    @model_validator(mode="after")
    def _does_something(self) -> Event:
        if not self.changes and self.talks is None:
            raise ValueError("an event needs `changes`, `talks`, or both")
        if self.resumes is not None and self.talks != "suspended":
            raise ValueError("`resumes` belongs to a suspension (`talks: suspended`)")
        if self.date_range is not None:
            low, high = self.date_range
            if not low <= self.date <= high:
                raise ValueError(f"date {self.date} lies outside its date_range [{low}, {high}]")
        return self


class Time(Frozen):
    start: dt.date
    step: Literal["day", "week", "month"]
    horizon: int = Field(ge=1, le=5000)
    """Number of steps; unsettled issues end as `no_agreement`."""


class Historical(Frozen):
    """What happened, for comparison only: the engine never reads it."""

    outcome: Id
    date: dt.date
    note: str = ""


class Bargaining(Frozen):
    rationality: Annotated[AnyUncertain, within(0.0, 1e6, low_open=True)] | None = None
    """Logit precision of concession choices; null means fully rational (deterministic)."""
    rounds_per_step: int = Field(1, ge=1, le=31)
    """Rounds of offers per step: talks that meet weekly make about four rounds a month."""
    source: Source | None = None
    """Where the rationality and the rounds per step come from (the article is silent on both)."""


class Expectation(Frozen):
    """The direction the exercise says the change moves an outcome (checked by the tests)."""

    issue: Id
    measure: str = Field(
        pattern=r"^(median_date|agreement_share|modal|share:[a-z][a-z0-9_]*|agreed_by:\d{4}-\d{2}-\d{2})$"
    )
    """`median_date`, `agreement_share`, `modal` (the most frequent outcome), `share:<option id>`,
    or `agreed_by:<date>` (the share of runs agreed by that date, e.g. before Stalin's death)."""
    direction: Literal["earlier", "later", "higher", "lower", "unchanged"]


class CounterfactualChange(Frozen):
    """One change: set a value at a dotted path, remove an event, or add one."""

    source: Source
    """Why this change: article note(s) or an external reference."""
    path: str | None = None
    """Dotted path into the base scenario, e.g. `actors.moscow.profile.war_payoff`;
    list items of events and options may be named by id (`events.stalin_dies.date`)."""
    set: Any = None
    """New value at `path`. A bare number on a sourced parameter keeps it sourced by this change."""
    remove_event: Id | None = None
    add_event: Event | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> CounterfactualChange:
        kinds = [self.path is not None, self.remove_event is not None, self.add_event is not None]
        if sum(kinds) != 1:
            raise ValueError(
                "give exactly one of `path` (with `set`), `remove_event` or `add_event`"
            )
        if self.path is not None and self.set is None:
            raise ValueError("`path` needs `set`")
        return self


class Exercise(Frozen):
    """What a resolved counterfactual scenario remembers of its file (shown in reports)."""

    base: Id
    question: str
    explanation: str
    changes: list[CounterfactualChange]
    expect: list[Expectation]


class Agreement(Frozen):
    """The agreement that ends the episode once all its issues are settled (an armistice)."""

    label: str
    """Plain-language name, e.g. `The armistice`."""
    historical_date: dt.date | None = None
    """When it was really signed (comparison only: the engine never reads it)."""


class Scenario(Frozen):
    """A bargaining episode: who bargains over what, when, and what happened."""

    id: Id
    title: str
    summary: str
    """One line for `alliance-sim list`."""
    period: Id
    """Which period of the actor profiles applies (`entry_1950`, `talks_1951_53`)."""
    time: Time
    issues: dict[Id, Issue] = Field(min_length=1)
    actors: dict[Id, ScenarioActor] = Field(min_length=2)
    parties: dict[Id, Party] = Field(min_length=2, max_length=2)
    """Exactly two parties bargain."""
    lobbying: list[Lobby] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    bargaining: Bargaining = Bargaining()
    historical: dict[Id, Historical] = Field(default_factory=dict)
    """Per issue: the real outcome and date (comparison only)."""
    agreement: Agreement | None = None
    """The agreement settling every issue together (reported beside the issues)."""
    exercise: Exercise | None = None
    """Set on a resolved counterfactual: its base, question and changes (never read by the engine)."""

    def step_of(self, issue_id: str) -> str:
        """The step unit (`day`, `month`) an issue is bargained in."""
        return self.time.step

    def restrained_by(self, actor_id: str) -> list[str]:
        """The members whose veto `actor_id` may override as the leader of their party."""
        return [
            member
            for party in self.parties.values()
            if party.leader == actor_id
            for member in party.restrains
        ]
