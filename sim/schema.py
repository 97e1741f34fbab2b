"""Scenario and actor-profile schema (pydantic v2).

Structure and ranges are checked here; cross-references (an actor named in a
party, an option id in the historical record, a date inside the horizon) are
checked in :mod:`sim.references` once the files are merged. Field docstrings
become the JSON Schema descriptions that `alliance-sim schema` prints, so
editors can autocomplete scenario files.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""Canonical ids are lower snake case: `moscow`, `pow_repatriation`."""

SOURCE_PATTERN = r"^([^:]*\bnotes? \d[^:]*: .{10,}|external: .{10,})$"
Source = Annotated[str, StringConstraints(pattern=SOURCE_PATTERN)]
"""`note 36: <paraphrase>`, `notes 62, 64: ...`, `text before note 57: ...` or `external: <reference>`."""


NO_AGREEMENT = "no_agreement"
"""The outcome of an issue not settled within the horizon."""


class Frozen(BaseModel):
    # NaN or inf in a file is a mistake (a NaN salience silently blocks every deal)
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, allow_inf_nan=False
    )


def _number_or_mapping(value: object) -> object:
    """Let a bare number stand for a certain value: `0.4` means `{value: 0.4}`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"value": value}
    return value


class Uncertain(Frozen):
    """A number the article only pins down qualitatively.

    Each replicate draws it uniformly from `range`; deterministic runs use
    `value`. A range states how sure we are, not a tuning knob.
    """

    value: float
    """Central estimate, used when uncertainty is switched off."""
    range: tuple[float, float] | None = None
    """Lowest and highest plausible value; replicates draw uniformly inside it."""

    @field_validator("value", "range", mode="before")
    @classmethod
    def _no_booleans(cls, value: object) -> object:
        """`true` is not 1.0: pydantic's lax mode would read it so."""
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, bool) for item in items):
            raise ValueError("expected a number, not true/false")
        return value

    @model_validator(mode="after")
    def _value_inside_range(self) -> Uncertain:
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise ValueError(f"range [{low}, {high}] is reversed: the low end comes first")
            if not low <= self.value <= high:
                raise ValueError(f"value {self.value} lies outside its range [{low}, {high}]")
        return self

    @property
    def low(self) -> float:
        return self.value if self.range is None else self.range[0]

    @property
    def high(self) -> float:
        return self.value if self.range is None else self.range[1]


class Sourced(Uncertain):
    """An actor parameter: an uncertain number plus where it comes from."""

    source: Source
    """Article note number(s) and a short paraphrase in our words, or `external: <reference>`."""


def _within(low: float, high: float, low_open: bool = False):
    """Every value an uncertain number can take lies in [low, high] (or (low, high])."""
    shown = f"({low}, {high}]" if low_open else f"[{low}, {high}]"

    def check(number: Uncertain) -> Uncertain:
        below = number.low <= low if low_open else number.low < low
        if below or number.high > high:
            raise ValueError(f"must lie within {shown}, got {number.low}..{number.high}")
        return number

    return AfterValidator(check)


UnitSourced = Annotated[Sourced, BeforeValidator(_number_or_mapping), _within(0.0, 1.0)]
SignedSourced = Annotated[Sourced, BeforeValidator(_number_or_mapping), _within(-1.0, 1.0)]
AnyUncertain = Annotated[Uncertain, BeforeValidator(_number_or_mapping)]


class Veto(Frozen):
    """An actor's veto habit inside its bloc."""

    value: bool
    """Whether the actor blocks bloc stances it values below fighting on."""
    min_salience: float = Field(0.0, ge=0.0, le=1.0)
    """It uses the veto only on issues at least this salient to it."""
    source: Source


class Mechanism(Frozen):
    """A behaviour the article describes, carried out by the actor's agent class.

    Every mechanism can be switched off (`enabled: false`) or changed from a
    counterfactual file, without code.
    """

    enabled: bool = True
    """Switch the mechanism off to ask what happens without it."""
    source: Source


Rate = Annotated[Uncertain, BeforeValidator(_number_or_mapping), _within(0.0, 1.0)]


class StatedStance(Mechanism):
    """The stance a leader states is firmer than its true one (Beijing's cable, notes 28-31, 35).

    The other party sees, and the leader bargains by, its true conflict value plus a
    premium; the true value still says what the leader would in fact accept.
    """

    premium: Rate
    """Added to the true conflict value in the stance the leader states."""
    erosion: Rate
    """Fall of the premium per month: a stated stance cannot be held for ever."""


class ArmsSupply(Mechanism):
    """Arms as leverage (notes 52-56, 63, 66): supplied while the supplier prefers war."""

    recipient: Id
    """The ally whose capacity to fight on the arms raise."""
    capacity: Rate
    """Added to the recipient's conflict value while arms flow."""
    leverage: Rate
    """Added to the supplier's influence in its bloc while arms flow."""


class Arbitration(Mechanism):
    """The arbiter settles a disagreement between two allies instead of averaging them
    (abstract; notes 40, 58)."""

    between: tuple[Id, Id]
    """The two members whose disagreements the arbiter settles (leader first)."""


class PrisonerSteps(Mechanism):
    """Advice in steps on one issue (Stalin's three steps on prisoners, note 67): the bloc may
    concede no further than the adviser's current step."""

    issue: Id
    """The issue the advice is about (ignored in scenarios without it)."""
    furthest: Id
    """Option id of the last step: the bloc never concedes beyond it."""
    advised: dt.date
    """From this date the last step is open; before it, only the adviser's own ideal."""


class Exhaustion(Mechanism):
    """An ally that cannot carry on the war leaves its burden to its patron (notes 60, 61)."""

    patron: Id
    """The ally that must carry the war in its place."""
    burden: Rate
    """Monthly fall of the patron's conflict value."""


class Restraint(Mechanism):
    """A leader overrides a restrained member's veto, at a price (Washington and Rhee, note 68)."""

    price: Rate
    """Utility the leader gives up on every option the restrained member would veto."""


class Behaviour(Frozen):
    """The mechanisms an actor's agent class carries out in this period (each optional)."""

    stated_stance: StatedStance | None = None
    arms_supply: ArmsSupply | None = None
    arbitration: Arbitration | None = None
    prisoner_steps: PrisonerSteps | None = None
    exhaustion: Exhaustion | None = None
    restraint: Restraint | None = None

    def active(self) -> dict[str, Mechanism]:
        """The mechanisms given and switched on, by name."""
        return {
            name: value
            for name in type(self).model_fields
            if (value := getattr(self, name)) is not None and value.enabled
        }


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
    pressure: Annotated[Sourced, BeforeValidator(_number_or_mapping), _within(0.0, 1.0)]
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
    rationality: Annotated[AnyUncertain, _within(0.0, 1e6, low_open=True)] | None = None
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
