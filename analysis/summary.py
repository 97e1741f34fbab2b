"""Outcome shares and agreement-date quantiles per issue, beside the historical record.

The summary of a run (`summarize`): per issue, the share of each outcome, the quantiles of
the agreement date, the share agreed by each date and who held out; and, for a scenario with
one, the agreement that settles every issue (the armistice); for a campaign, the share of runs
each carry-over rule applied to. Results meet history in the analysis only: the engine never
reads the `historical` block.
"""

from __future__ import annotations

import numpy as np

from analysis.blockers import held_out
from analysis.measures import day_numbers, iso_day, quantile_day
from sim.engine.results import NO_AGREEMENT, Table, agreement_dates, to_date
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

QUANTILES = {"p10": 0.10, "p50": 0.50, "p90": 0.90}


def date_quantiles(dates: np.ndarray) -> dict[str, str | None]:
    """Quantiles of agreement dates, counting no agreement as never (`analysis.measures`).

    So p50 is the date by which half of all replicates had agreed, and is
    null when fewer than half ever agreed.
    """
    days = day_numbers(dates)
    return {name: iso_day(quantile_day(days, q)) for name, q in QUANTILES.items()}


def agreed_by(dates: np.ndarray) -> dict[str, float]:
    """Share of replicates agreed by each date on which some agreed (a cumulative curve)."""
    days = dates.astype("datetime64[D]")
    agreed = np.sort(days[~np.isnat(days)])
    unique, counts = np.unique(agreed, return_counts=True)
    total = max(days.size, 1)
    return {
        to_date(day).isoformat(): float(share)
        for day, share in zip(unique, np.cumsum(counts) / total, strict=True)
    }


def shares(outcomes: np.ndarray, option_ids: list[str]) -> dict[str, float]:
    """Share of replicates ending in each option (and in no agreement), in scale order."""
    total = max(outcomes.size, 1)
    return {name: float((outcomes == name).sum() / total) for name in [*option_ids, NO_AGREEMENT]}


def summarize(scenario: Scenario, table: Table, replicates: int, seed: int) -> dict:
    """The JSON-ready summary of one run (the shape `alliance-sim run --format json` prints)."""
    issues = {}
    for issue_id, issue in scenario.issues.items():
        rows = table["issue"] == issue_id
        entry: dict = {
            "shares": shares(table["outcome"][rows], [o.id for o in issue.options]),
            "date_quantiles": date_quantiles(table["agreement_date"][rows]),
            "agreed_by": agreed_by(table["agreement_date"][rows]),
        }
        if issue.entry_lag_days is not None:
            entry["entry_date_quantiles"] = date_quantiles(table["entry_date"][rows])
        entry["deadlock"] = held_out(table, issue_id)
        record = scenario.historical.get(issue_id)
        entry["historical"] = (
            {"outcome": record.outcome, "date": record.date.isoformat()} if record else None
        )
        issues[issue_id] = entry
    summary = {"scenario": scenario.id, "replicates": replicates, "seed": seed, "issues": issues}
    if isinstance(scenario, Campaign):
        from sim.engine.campaign_run import carried_shares  # loads the engine: only for campaigns

        carried = carried_shares(scenario, table)
        summary["carry_over"] = {
            rule.id: {"label": rule.label, "share": carried[rule.id]}
            for rule in scenario.spec.carry_over
        }
    if scenario.agreement is not None:
        dates = agreement_dates(scenario, table)
        history = scenario.agreement.historical_date
        summary["agreement"] = {
            "label": scenario.agreement.label,
            "share": float((~np.isnat(dates)).mean()),
            "date_quantiles": date_quantiles(dates),
            "historical_date": history.isoformat() if history else None,
        }
    return summary


def modal_outcome(issue_summary: dict) -> str:
    """The most frequent outcome of one issue's summary."""
    return max(issue_summary["shares"], key=issue_summary["shares"].get)
