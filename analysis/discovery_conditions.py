"""Which runs a scenario discovery explains, and what PRIM makes high.

A condition marks the cases of interest: an issue's outcome (`ISSUE=OPTION`, `ISSUE!=OPTION`)
or its agreement date against a day (`ISSUE<DATE`, also <=, >, >=; never agreeing counts as
later than any date, `analysis.measures`). The engine's dates move by the scenario's step, so
a day between two steps reads as the next (or last) step: the condition says so
(`step_note`) rather than rounding it silently. Or the date itself is the outcome, a number
of days (`ISSUE.date=late` or `ISSUE.date=early`): PRIM then looks for where the mean day is
latest (or earliest), with never counted as the day after the horizon, as a mean needs
(`analysis.sobol.clock_window`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

import numpy as np

from analysis.measures import day_number, day_numbers, iso_day, never_at
from analysis.sobol import clock_window
from sim.engine.results import NO_AGREEMENT, Table
from sim.scenario.calendar import step_dates
from sim.scenario.campaign import END_STATE, Campaign, stages_of

_CONDITION = re.compile(r"^\s*([A-Za-z0-9_]+)(\.date)?\s*(!=|<=|>=|==|=|<|>)\s*(\S+)\s*$")
_WORDS = {"=": "is", "!=": "is not", "<": "before", "<=": "on or before"}
_WORDS |= {">": "after", ">=": "on or after"}
_COMPARISONS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}
DIRECTIONS = ("late", "early")
"""`ISSUE.date=late|early`: the agreement date as a number PRIM makes high or low."""


class DiscoveryError(ValueError):
    """A discovery that cannot run as asked; the message says why."""


@dataclass(frozen=True)
class Condition:
    """Which runs are cases of interest (an issue's outcome, or its agreement date against a
    day), or with `direction`, the agreement date as a number to make late or early."""

    issue: str
    op: str
    value: str
    date: dt.date | None = None
    direction: str | None = None

    @property
    def text(self) -> str:
        if self.direction:
            return f"{self.issue}.date={self.direction}"
        return f"{self.issue}{self.op}{self.value}"

    @property
    def continuous(self) -> bool:
        return self.direction is not None

    def words(self, scenario) -> str:
        issue = scenario.issues[self.issue]
        if self.direction:
            return f"{issue.label} is agreed {self.direction} (never counts as after the horizon)"
        if self.date is None:
            labels = {o.id: o.label for o in issue.options} | {
                NO_AGREEMENT: issue.no_agreement_label
            }
            return f"{issue.label} {_WORDS[self.op]} '{labels[self.value]}'"
        never = " or never" if self.op in (">", ">=") else ""
        return f"{issue.label} agreed {_WORDS[self.op]} {self.value}{never}"

    def holds(self, table: Table, rows: np.ndarray) -> np.ndarray:
        """Whether each of `rows` (the issue's rows) meets the condition; a date condition
        counts no agreement as never (`analysis.measures`), later than any date."""
        if self.date is None:
            met = table["outcome"][rows] == self.value
            return ~met if self.op == "!=" else met
        days = day_numbers(table["agreement_date"][rows])
        return _COMPARISONS[self.op](days, day_number(self.date))

    def days(self, scenario, table: Table, rows: np.ndarray) -> np.ndarray:
        """The agreement date of each of `rows` in days from the issue's first day (never: the
        day after the horizon): the number a continuous condition makes late or early."""
        start, after_horizon = clock_window(scenario, self.issue)
        return never_at(day_numbers(table["agreement_date"][rows]), after_horizon) - start

    def step_note(self, scenario) -> str | None:
        """For a date between two of the engine's steps, what the condition amounts to; None
        for a step's own date or an outcome condition."""
        if self.date is None:
            return None
        steps = step_days(scenario, self.issue)
        day = day_number(self.date)
        if day in steps or day < steps[0] or day > steps[-1]:
            return None
        before, after = steps[steps < day][-1], steps[steps > day][0]
        same = (
            f"on or after {iso_day(after)}"
            if self.op in (">", ">=")
            else f"on or before {iso_day(before)}"
        )
        return (
            f"agreements fall on the scenario's step dates; {self.value} lies between the steps "
            f"of {iso_day(before)} and {iso_day(after)}, so this condition is the same as "
            f"agreed {same}"
        )


def step_days(scenario, issue_id: str) -> np.ndarray:
    """The day numbers of every step of the clock `issue_id` is bargained on (how the war
    ended: every stage's)."""
    stages = stages_of(scenario)
    if isinstance(scenario, Campaign) and issue_id != END_STATE:
        stages = [stages[scenario.stage_of(issue_id)]]
    dates = [d for s in stages for d in step_dates(s.time.start, s.time.step, s.time.horizon)]
    return np.array(sorted({day_number(d) for d in dates}))


def parse_condition(text: str, scenario) -> Condition:
    """`ISSUE=OPTION`, `ISSUE!=OPTION`, `ISSUE<DATE` (also <=, >, >=) or `ISSUE.date=late|early`;
    DiscoveryError with a did-you-mean for an unknown issue or option."""
    found = _CONDITION.match(text)
    if not found:
        raise DiscoveryError(
            f"--outcome `{text}`: expected ISSUE=OPTION, ISSUE!=OPTION, ISSUE<DATE (also <=, "
            f">, >=) or ISSUE.date=late|early, e.g. `{next(iter(scenario.issues))}={NO_AGREEMENT}`"
        )
    issue_id, dated, op, value = found.groups()
    issues = list(scenario.issues)
    if issue_id not in issues:
        raise DiscoveryError(f"--outcome `{text}`: {_unknown('issue', issue_id, issues)}")
    op = "=" if op == "==" else op
    if dated and op == "=" and value in DIRECTIONS:
        return Condition(issue_id, op, value, direction=value)
    if op in ("=", "!="):
        options = [o.id for o in scenario.issues[issue_id].options] + [NO_AGREEMENT]
        if value not in options:
            hint = "" if not _is_date(value) else " (a date is compared with <, <=, > or >=)"
            raise DiscoveryError(
                f"--outcome `{text}`: {_unknown(f'outcome of {issue_id}', value, options)}{hint}"
            )
        return Condition(issue_id, op, value)
    if not _is_date(value):
        raise DiscoveryError(
            f"--outcome `{text}`: `{value}` is not a date (YYYY-MM-DD); an outcome is "
            "compared with = or !="
        )
    return Condition(issue_id, op, value, dt.date.fromisoformat(value))


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unknown(what: str, name: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    return f"no {what} `{name}`{hint} (known: {', '.join(known)})"
