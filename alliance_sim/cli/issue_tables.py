"""Readable rich tables of a run's summary, history beside the simulated shares and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from analysis.blockers import party_reason
from sim.scenario.campaign import END_STATE, Campaign
from sim.scenario.structure import Scenario


def _label(scenario: Scenario, issue_id: str, option_id: str) -> str:
    return scenario.issues[issue_id].label_of(option_id)


def _date_row(name: str, quantiles: dict, historical: str | None) -> list[str]:
    cells = [quantiles[k] or "not reached" for k in ("p10", "p50", "p90")]
    return [name, *cells, historical or ""]


def issue_tables(
    scenario: Scenario | Campaign, summary: dict, only: Iterable[str] | None = None
) -> list[RichTable]:
    """Two tables per issue (of `only`, if given): outcome shares, then agreement-date
    quantiles; then the agreement that needs every issue, if the scenario has one."""
    tables = []
    for issue_id, result in summary["issues"].items():
        if only is not None and issue_id not in only:
            continue
        history = result["historical"] or {}
        shares = RichTable(
            title=escape(f"{scenario.title}: {scenario.issues[issue_id].label} [{issue_id}]"),
            title_justify="left",
            caption=f"{summary['replicates']:,} replicates, seed {summary['seed']}",
            caption_justify="left",
        )
        shares.add_column("Outcome")
        shares.add_column("Share", justify="right")
        shares.add_column("", min_width=12)
        shares.add_column("History")
        for option_id, share in result["shares"].items():
            happened = option_id == history.get("outcome")
            bar = "█" * round(share * 12)
            shares.add_row(
                Text(
                    f"{_label(scenario, issue_id, option_id)} ({option_id})",
                    style="bold" if happened else "",
                ),
                f"{share:6.1%}",
                bar,
                "← what happened" if happened else "",
            )
        dates = RichTable(title_justify="left", show_header=True)
        for column in ("Date", "10 %", "50 %", "90 %", "History"):
            dates.add_column(column)
        entry = "entry_date_quantiles" in result
        dates.add_row(
            *_date_row(
                "War ended" if issue_id == END_STATE else "Agreement",
                result["date_quantiles"],
                _decided(scenario.issues[issue_id], history.get("date"))
                if entry
                else history.get("date"),
            )
        )
        if entry:
            dates.add_row(
                *_date_row("China enters", result["entry_date_quantiles"], history.get("date"))
            )
        tables += [shares, dates]
        waited = _deadlock_table(scenario, summary, issue_id, result.get("deadlock"))
        if waited is not None:
            tables.append(waited)
    if "agreement" in summary and END_STATE not in summary["issues"]:  # a campaign's end says it
        tables.append(_agreement_table(scenario, summary))
    if summary.get("carry_over"):
        tables.append(_carried_table(summary))
    return tables


def _carried_table(summary: dict) -> RichTable:
    """How often each carry-over rule of a campaign changed the next stage."""
    table = RichTable(title="Carried into the next stage", title_justify="left")
    table.add_column("Rule")
    table.add_column("Share of runs", justify="right")
    for rule_id, rule in summary["carry_over"].items():
        table.add_row(escape(f"{rule['label']} ({rule_id})"), f"{rule['share']:6.1%}")
    return table


def _decided(issue, entered: str | None) -> str | None:
    """The day an agreement that sends troops in was made: the entry day less the issue's
    sourced lag (air cover: the order of 18 October for the crossing of the 19th, note 36)."""
    if entered is None or issue.entry_lag_days is None:
        return None
    day = dt.date.fromisoformat(entered) - dt.timedelta(days=issue.entry_lag_days)
    return day.isoformat()


def _agreement_table(scenario: Scenario, summary: dict) -> RichTable:
    """The agreement that needs every issue (the armistice): how often, and when."""
    agreement = summary["agreement"]
    table = RichTable(
        title=escape(f"{scenario.title}: {agreement['label']} (every issue settled)"),
        title_justify="left",
        caption=f"signed in {agreement['share']:.1%} of {summary['replicates']:,} replicates",
        caption_justify="left",
    )
    for column in ("Date", "10 %", "50 %", "90 %", "History"):
        table.add_column(column)
    table.add_row(
        *_date_row(agreement["label"], agreement["date_quantiles"], agreement["historical_date"])
    )
    return table


def _deadlock_table(scenario: Scenario, summary: dict, issue_id: str, deadlock: dict | None):
    """Who the deal waited for at the end of the longest deadlock, per party."""
    if not deadlock or not deadlock["replicates_with_deadlock"]:
        return None
    unit = scenario.step_of(issue_id)
    table = RichTable(
        title_justify="left",
        caption=f"{deadlock['replicates_with_deadlock']:,} replicates had a deadlock, the longest "
        f"lasting {deadlock['median_steps']:g} {unit}s (median); shares are of those replicates",
        caption_justify="left",
    )
    table.add_column("At the end of the longest deadlock")
    table.add_column("Share", justify="right")
    rows: dict[str, float] = {}
    for party_id, reasons in deadlock["held_out"].items():
        for reason, share in list(reasons.items())[:2]:
            rows.setdefault(party_reason(scenario, party_id, reason, issue_id), share)
    for text, share in rows.items():
        table.add_row(escape(text[:1].upper() + text[1:]), f"{share:6.1%}")
    return table
