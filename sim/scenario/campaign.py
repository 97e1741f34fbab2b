"""Campaigns: bargaining episodes chained into one war, replicate by replicate.

A campaign file lists its stages (built-in scenarios, run in order) and the
rules that carry each replicate's outcome of one stage into the next:

- a **carry-over rule** changes parameters of the next stage where a stage's
  outcome (an option, or an entry date) held, e.g. Soviet pilots over the
  front make Stalin's long war dearer in the talks;
- an **end state** stops the war where a stage's outcome ends it, e.g. China
  stays out and Stalin evacuates Kim's regime (notes 25, 35, 36).

Every rule carries a `source`, as every parameter does. The resolved
:class:`Campaign` answers the questions analysis asks of a scenario (its
issues, historical record, parties, events), so tables, comparisons, plots and
reports treat it like one; the outcome of the whole war is reported as one
more question, :data:`END_STATE`.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import Field, model_validator

from sim.scenario import references
from sim.scenario.calendar import step_date
from sim.scenario.change_values import value_problems
from sim.scenario.numbers import NO_AGREEMENT, Frozen, Id, Source
from sim.scenario.structure import (
    Agreement,
    Change,
    Event,
    Exercise,
    Historical,
    Issue,
    Option,
    Party,
    Scenario,
    ScenarioActor,
    Time,
)

END_STATE = "end_state"
"""The campaign's own question: how the war ended (an end state, or the agreement)."""


class StageOutcome(Frozen):
    """A condition on one replicate's outcome of an earlier stage."""

    issue: Id
    """An issue of an earlier stage."""
    outcome: list[Id] = Field(default_factory=list)
    """Option ids (or `no_agreement`) any of which meets the condition; empty means any."""
    entered_after: dt.date | None = None
    """Only where the agreement's entry date (or agreement date) falls after this day."""
    entered_before: dt.date | None = None
    """Only where it falls before this day."""

    @model_validator(mode="after")
    def _window_holds_a_day(self) -> StageOutcome:
        """Both ends are exclusive (the campaign runner keeps days strictly between them), so
        a window without a day between its ends can never be met: the rule would never fire
        and the file would run as if it were not there (issue 24)."""
        after, before = self.entered_after, self.entered_before
        if after is not None and before is not None and before - after <= dt.timedelta(days=1):
            raise ValueError(
                f"entered_after {after} and entered_before {before} leave no day between "
                "them, so this condition can never hold"
            )
        return self


class CarryOver(Frozen):
    """A rule: where `when` held in a replicate, the next stage starts with `changes`."""

    id: Id
    label: str
    """Plain words, shown in the run's history (e.g. 'Soviet pilots fight over the front')."""
    source: Source
    when: StageOutcome
    changes: list[Change] = Field(min_length=1)
    """Parameter changes of the next stage (the same form as an event's changes)."""


class EndState(Frozen):
    """A way the war ends early: where `when` held, no later stage is played."""

    id: Id
    label: str
    explanation: str
    """What happens and why, in plain words (shown to users)."""
    source: Source
    when: StageOutcome


class CampaignFile(Frozen):
    """A campaign file: stages in order, carry-over rules, early end states, the agreement."""

    id: Id
    title: str
    summary: str
    stages: list[Id] = Field(min_length=2)
    """Built-in scenario ids, in the order they are played."""
    carry_over: list[CarryOver] = Field(default_factory=list)
    ends: list[EndState] = Field(default_factory=list)
    agreement: Agreement
    """The agreement that ends the war when every issue of the last stage is settled."""
    historical: Historical | None = None
    """How the war really ended (comparison only: the engine never reads it)."""

    @model_validator(mode="after")
    def _unique(self) -> CampaignFile:
        if len(set(self.stages)) != len(self.stages):
            raise ValueError(f"a stage is listed twice: {self.stages}")
        ids = [rule.id for rule in self.carry_over] + [end.id for end in self.ends]
        if len(set(ids)) != len(ids):
            raise ValueError(f"rule and end-state ids repeat: {ids}")
        return self


class Campaign(Frozen):
    """A resolved campaign: its file and each stage's validated scenario."""

    spec: CampaignFile
    stages: list[Scenario]
    exercise: Exercise | None = None
    """Set on a resolved counterfactual of the campaign (never read by the engine)."""

    def with_stages(self, stages: list[Scenario]) -> Campaign:
        """The same campaign over changed stages (a new object: the merged views are cached)."""
        return Campaign(spec=self.spec, stages=stages, exercise=self.exercise)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def summary(self) -> str:
        return self.spec.summary

    @property
    def agreement(self) -> Agreement:
        return self.spec.agreement

    @property
    def time(self) -> Time:
        """The last stage's clock (the unit its dates are counted in)."""
        return self.stages[-1].time

    @property
    def end_date(self) -> dt.date:
        """The last day the campaign simulates."""
        return stage_end(self.stages[-1])

    @cached_property
    def issues(self) -> dict[str, Issue]:
        """Every stage's issues in order, then how the war ended."""
        issues = {k: v for stage in self.stages for k, v in stage.issues.items()}
        ends = self.spec.ends  # on the question's scale: the early ends, then the agreement
        options = [
            Option(id=end.id, label=end.label, position=i / len(ends)) for i, end in enumerate(ends)
        ]
        options.append(Option(id="agreement", label=self.agreement.label, position=1.0))
        # built, not read: a campaign without early ends has the agreement as its one option
        issues[END_STATE] = Issue.model_construct(
            label="How the war ended",
            options=options,
            agreement_means="The war is over",
            no_agreement_label=f"Still fighting on {stage_end(self.stages[-1]).isoformat()}",
            scale_source=None,
            after=[],
            entry_lag_days=None,
            entry_lag_source=None,
        )
        return issues

    @cached_property
    def historical(self) -> dict[str, Historical]:
        record = {k: v for stage in self.stages for k, v in stage.historical.items()}
        if self.spec.historical is not None:
            record[END_STATE] = self.spec.historical
        return record

    @cached_property
    def parties(self) -> dict[str, Party]:
        return {k: v for stage in self.stages for k, v in stage.parties.items()}

    @cached_property
    def actors(self) -> dict[str, ScenarioActor]:
        """Each actor as the last stage that names it has it (for names and labels)."""
        return {k: v for stage in self.stages for k, v in stage.actors.items()}

    @cached_property
    def events(self) -> list[Event]:
        return [event for stage in self.stages for event in stage.events]

    def step_of(self, issue_id: str) -> str:
        """The step unit of the stage that bargains over `issue_id` (the campaign's end: the
        last stage's)."""
        if issue_id == END_STATE:
            return self.time.step
        return self.stages[self.stage_of(issue_id)].time.step

    def stage_of(self, issue_id: str) -> int:
        """The index of the stage that bargains over `issue_id`."""
        return next(i for i, s in enumerate(self.stages) if issue_id in s.issues)

    def rules_into(self, index: int) -> list[CarryOver]:
        """The carry-over rules whose changes apply at the start of stage `index`."""
        return [r for r in self.spec.carry_over if self.stage_of(r.when.issue) == index - 1]

    def ends_after(self, index: int) -> list[EndState]:
        """The end states decided by the outcome of stage `index`."""
        return [e for e in self.spec.ends if self.stage_of(e.when.issue) == index]


def stages_of(loaded: Scenario | Campaign) -> list[Scenario]:
    """A campaign's stages in order; a single scenario is its own one stage. The last is the
    one whose per-step history a run keeps."""
    return loaded.stages if isinstance(loaded, Campaign) else [loaded]


def stage_end(scenario: Scenario) -> dt.date:
    """The date of a scenario's last step."""
    time = scenario.time
    return step_date(time.start, time.step, time.horizon - 1)


def carried_event(rule: CarryOver, stage: Scenario) -> Event:
    """A carry-over rule as an event on the first day of `stage`; the campaign decides per
    replicate whether it happens."""
    return Event(
        id=rule.id,
        date=stage.time.start,
        label=rule.label,
        source=rule.source,
        changes=rule.changes,
    )


def problems(spec: CampaignFile, stages: list[Scenario]) -> list[tuple[tuple, str]]:
    """Cross-references a campaign must satisfy: (location in the file, message)."""
    found: list[tuple[tuple, str]] = []
    owner = {issue: i for i, stage in enumerate(stages) for issue in stage.issues}
    for kind, rules in (("carry_over", spec.carry_over), ("ends", spec.ends)):
        for n, rule in enumerate(rules):
            where = (kind, n, "when")
            issue = rule.when.issue
            if issue not in owner:
                known = ", ".join(owner)
                found.append(((*where, "issue"), f"no stage has the issue `{issue}` ({known})"))
                continue
            options = [o.id for o in stages[owner[issue]].issues[issue].options]
            for k, outcome in enumerate(rule.when.outcome):
                if outcome not in (*options, NO_AGREEMENT):
                    found.append(
                        (
                            (*where, "outcome", k),
                            f"`{issue}` has no option `{outcome}` "
                            f"({', '.join([*options, NO_AGREEMENT])})",
                        )
                    )
            if kind == "carry_over":
                if owner[issue] == len(stages) - 1:
                    found.append(
                        ((*where, "issue"), "the last stage has no next stage to carry into")
                    )
                    continue
                target = stages[owner[issue] + 1]
                for k, change in enumerate(rule.changes):
                    if change.actor not in target.actors:
                        found.append(
                            (
                                (kind, n, "changes", k, "actor"),
                                f"the next stage `{target.id}` has no actor `{change.actor}`",
                            )
                        )
                    elif change.issue is not None and change.issue not in target.issues:
                        found.append(
                            (
                                (kind, n, "changes", k, "issue"),
                                f"the next stage `{target.id}` has no issue `{change.issue}`",
                            )
                        )
                    elif change.field == "behaviour":
                        found.extend(
                            references.behaviour_change_problems(
                                target.actors[change.actor], change, (kind, n, "changes", k)
                            )
                        )
                    if change.actor in target.actors:
                        where_change = (kind, n, "changes", k)
                        found.extend(
                            value_problems(target.actors[change.actor], change, where_change)
                        )
    return found


def from_dump(data: dict) -> Scenario | Campaign:
    """A scenario or campaign back from its JSON form (as a results manifest keeps it)."""
    if "spec" in data and "stages" in data:
        return Campaign.model_validate(data)
    return Scenario.model_validate(data)
