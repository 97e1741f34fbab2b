"""Rich tables of a comparison (the output of `analysis.compare.compare`), history alongside."""

from __future__ import annotations

import math

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from sim.scenario.structure import Scenario


def comparison_tables(scenario: Scenario, result: dict) -> list[RichTable]:
    """Per issue: outcome shares by run, then dates (median, shift, agreement by the historical date)."""
    tables = []
    for issue_id, issue in result["issues"].items():
        tables += [_shares_table(scenario, issue_id, issue, result), _dates_table(issue)]
    return tables


def _headers(table: RichTable, runs: list[dict]) -> None:
    for index, run in enumerate(runs):
        role = "base" if index == 0 else "counterfactual"
        table.add_column(escape(f"{run['name']}\n{role}"), justify="right", overflow="fold")
    table.add_column("History")


def _shares_table(scenario: Scenario, issue_id: str, issue: dict, result: dict) -> RichTable:
    history = issue["historical"] or {}
    table = RichTable(
        title=escape(f"{issue['label']} [{issue_id}]: outcome shares (95 % interval)"),
        title_justify="left",
        caption=f"{result['replicates']:,} replicates, seed {result['seed']}, same seed stream",
        caption_justify="left",
    )
    table.add_column("Outcome")
    _headers(table, issue["runs"])
    for option_id in issue["runs"][0]["shares"]:
        happened = option_id == history.get("outcome")
        cells = [_share(run["shares"][option_id]) for run in issue["runs"]]
        label = Text(_label(scenario, issue_id, option_id), style="bold" if happened else "")
        table.add_row(label, *cells, "← what happened" if happened else "")
    return table


def _dates_table(issue: dict) -> RichTable:
    history = issue["historical"] or {}
    table = RichTable(
        title_justify="left",
        caption="Shift: counterfactual minus base, paired bootstrap 95 % interval; "
        "∞: a median never reached (no agreement counts as never)",
        caption_justify="left",
    )
    table.add_column("Date")
    _headers(table, issue["runs"])
    runs = issue["runs"]
    table.add_row("Median agreement", *[r["median_date"] or "not reached" for r in runs], "")
    table.add_row("Shift of the median, days", *[_shift(r["median_shift_days"]) for r in runs], "")
    if history:
        what = "China enters" if history["date_column"] == "entry_date" else "Agreement"
        table.add_row(
            f"{what} by {history['date']}",
            *[_share(r["agreed_by_historical_date"]) for r in runs],
            history["date"],
        )
    return table


def _label(scenario: Scenario, issue_id: str, option_id: str) -> str:
    return scenario.issues[issue_id].label_of(option_id)


def _share(interval: dict) -> str:
    low, high = interval["low"] * 100, interval["high"] * 100
    return f"{interval['estimate']:.1%} ({low:.1f}–{high:.1f})"


def _days(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return "+∞" if value == math.inf else ("−∞" if value == -math.inf else f"{value:+.0f}")


def _shift(interval: dict | None) -> str:
    if interval is None:
        return "(base)"
    return f"{_days(interval['estimate'])} ({_days(interval['low'])} to {_days(interval['high'])})"
