"""The results table of an exercise in words: per question its expectations are about, the
most common outcome and the measures expected to move, for the historical scenario, the changed
version and history (blank cells on a worksheet).
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance_sim.classroom.exercises import holds, measure
from alliance_sim.classroom.plain_words import Loaded, day, end_of, outcome, percent
from alliance_sim.classroom.questions import direction_words
from alliance_sim.i18n import N_, _
from analysis.summary import modal_outcome
from sim.engine.results import NO_AGREEMENT
from sim.scenario.campaign import END_STATE

FEWER_THAN_HALF = N_("fewer than half ever did")
"""A median date's cell when fewer than half the runs reached a deal."""


@dataclass(frozen=True)
class Row:
    """One row of the results table: what is measured, then the historical scenario, the
    changed version and history (blank cells on a worksheet)."""

    label: str
    base: str
    changed: str
    history: str
    expected: str = ""
    """The direction the exercise expects for this measure (`less often`), if any."""
    held: bool | None = None
    """Whether the runs moved that way (None without runs or expectation)."""


@dataclass(frozen=True)
class Group:
    """The rows of one question (an issue, or the armistice)."""

    heading: str
    rows: list[Row]


def shown_issues(exercise: Loaded) -> list[str]:
    """The issues the exercise's expectations are about, in the base's order."""
    named = {e.issue for e in exercise.exercise.expect}
    return [issue_id for issue_id in exercise.issues if issue_id in named]


def heading(exercise: Loaded, issue_id: str) -> str:
    return _("How the war ended") if issue_id == END_STATE else _(exercise.issues[issue_id].label)


def result_groups(exercise: Loaded, base: dict | None, changed: dict | None) -> list[Group]:
    """The results table of an exercise, one group per question its expectations are about
    (the most common outcome, then the measures expected to move); then the armistice, where
    the base has one. With no summaries (a worksheet), the results are blank."""
    groups = [
        Group(heading(exercise, i), _issue_rows(exercise, i, base, changed))
        for i in shown_issues(exercise)
    ]
    agreement = exercise.agreement
    if agreement is not None and END_STATE not in shown_issues(exercise):
        history = agreement.historical_date
        groups.append(
            Group(
                _(agreement.label),
                [
                    Row(
                        _("Share of runs with one"),
                        _agreement_share(base),
                        _agreement_share(changed),
                        _("signed") if history else "",
                    ),
                    Row(
                        _("Half the runs had one by"),
                        _agreement_date(base),
                        _agreement_date(changed),
                        day(history) if history else "",
                    ),
                ],
            )
        )
    return groups


def _agreement_share(summary: dict | None) -> str:
    return percent(summary["agreement"]["share"]) if summary else ""


def _agreement_date(summary: dict | None) -> str:
    if not summary:
        return ""
    median = summary["agreement"]["date_quantiles"]["p50"]
    return day(median) if median else _(FEWER_THAN_HALF)


def _issue_rows(
    exercise: Loaded, issue_id: str, base: dict | None, changed: dict | None
) -> list[Row]:
    """The most common outcome, then each measure an expectation is about, for one issue."""
    expected = {e.measure: e for e in exercise.exercise.expect if e.issue == issue_id}
    rows = []
    for kind in dict.fromkeys(["modal", *expected]):
        expectation = expected.get(kind)
        rows.append(
            Row(
                _measure_label(exercise, issue_id, kind),
                _measured(exercise, issue_id, base, kind),
                _measured(exercise, issue_id, changed, kind),
                _happened(exercise, issue_id, kind),
                expected=direction_words(expectation) if expectation else "",
                held=(
                    holds(expectation, base, changed) if expectation and base and changed else None
                ),
            )
        )
    return rows


def _measured(exercise: Loaded, issue_id: str, summary: dict | None, kind: str) -> str:
    """One cell: the measure `kind` of an issue as a run's summary shows it ('' without one)."""
    if not summary:
        return ""
    issue, entry = exercise.issues[issue_id], summary["issues"][issue_id]
    if kind == "modal":
        modal = modal_outcome(entry)
        said = outcome(issue, modal)
        if modal == NO_AGREEMENT and said == _("No deal"):  # say when the simulation stopped
            said = _("No deal by {date}").format(date=day(end_of(exercise, issue_id)))
        return f"{said} ({percent(entry['shares'][modal])})"
    if kind == "median_date":
        median = entry["date_quantiles"]["p50"]
        return day(median) if median else _(FEWER_THAN_HALF)
    return percent(measure(entry, kind))


def _happened(exercise: Loaded, issue_id: str, kind: str) -> str:
    """The history cell of the measure `kind` ('' where the file has no record)."""
    record = exercise.historical.get(issue_id)
    if record is None:
        return ""
    if kind == "modal":
        return outcome(exercise.issues[issue_id], record.outcome)
    if kind == "median_date":
        return day(record.date)
    if kind == "agreement_share":
        held = record.outcome != NO_AGREEMENT
    elif kind.startswith("share:"):
        held = record.outcome == kind.removeprefix("share:")
    else:
        held = record.date.isoformat() <= kind.removeprefix("agreed_by:")
    return _("yes") if held else _("no")


def _measure_label(exercise: Loaded, issue_id: str, kind: str) -> str:
    """What the row measures: `Most common outcome`, `Share of runs with a deal`, ..."""
    war = issue_id == END_STATE
    if kind == "modal":
        return _("Most common outcome")
    if kind == "median_date":
        return _("Half the runs had the war ended by") if war else _("Half the runs had a deal by")
    if kind == "agreement_share":
        return _("Share of runs with the war ended") if war else _("Share of runs with a deal")
    if kind.startswith("share:"):
        option = outcome(exercise.issues[issue_id], kind.removeprefix("share:"))
        return _("Share of runs ending in \u201c{option}\u201d").format(option=option)
    by = day(kind.removeprefix("agreed_by:"))
    if war:
        return _("Share of runs with the war ended by {date}").format(date=by)
    return _("Share of runs with a deal by {date}").format(date=by)
