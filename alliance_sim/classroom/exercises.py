"""Checking an exercise's stated direction against base and counterfactual results."""

from __future__ import annotations

import datetime as dt
import math

from analysis.summary import modal_outcome
from sim.engine.results import NO_AGREEMENT
from sim.scenario.structure import Expectation

SHARE_TOLERANCE = 0.02
"""Shares closer than this count as unchanged (sampling noise at a few thousand replicates)."""


def measure(issue_summary: dict, name: str) -> float | str:
    """One number (or, for `modal`, an outcome id) from an issue's summary.

    `median_date` is a day number, infinite when fewer than half agreed.
    """
    if name == "median_date":
        median = issue_summary["date_quantiles"]["p50"]
        return math.inf if median is None else dt.date.fromisoformat(median).toordinal()
    if name == "agreement_share":
        return 1.0 - issue_summary["shares"][NO_AGREEMENT]
    if name == "modal":
        return modal_outcome(issue_summary)
    if name.startswith("agreed_by:"):
        by = name.removeprefix("agreed_by:")
        curve = issue_summary["agreed_by"]
        return max((share for day, share in curve.items() if day <= by), default=0.0)
    return issue_summary["shares"][name.removeprefix("share:")]


def holds(expectation: Expectation, base: dict, counterfactual: dict) -> bool:
    """Whether the counterfactual moved `expectation.measure` in the stated direction."""
    before = measure(base["issues"][expectation.issue], expectation.measure)
    after = measure(counterfactual["issues"][expectation.issue], expectation.measure)
    if expectation.measure == "modal":
        return (before == after) == (expectation.direction == "unchanged")
    # median dates fall on step dates and share the seed stream: any move is a move
    tolerance = 0.5 if expectation.measure == "median_date" else SHARE_TOLERANCE
    same = before == after or abs(after - before) < tolerance
    return {
        "unchanged": same,
        "earlier": not same and after < before,
        "lower": not same and after < before,
        "later": not same and after > before,
        "higher": not same and after > before,
    }[expectation.direction]
