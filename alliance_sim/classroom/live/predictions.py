"""What a class predicts before the game, and the agents' runs to set the predictions against.

The class predicts the episode's last question (the one the others lead to): its outcome, and
the year of a deal or never. At the end the same buckets are filled with the agents' runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alliance_sim.classroom.play_review import REVIEW_REPLICATES
from sim.engine.results import NO_AGREEMENT
from sim.engine.runner import run
from sim.scenario.calendar import step_dates
from sim.scenario.structure import Scenario

NEVER = "never"  # the "when" of a prediction that the talks never end in a deal


@dataclass(frozen=True)
class Prediction:
    """What the class may predict: the main question's outcome and the year of a deal."""

    issue: str
    question: str
    outcomes: dict[str, str]  # id -> label, NO_AGREEMENT last
    years: list[str]  # "1951", ..., and NEVER


def prediction_choices(scenario: Scenario) -> Prediction:
    """The class predicts the episode's last question (the one the others lead to)."""
    issue_id = list(scenario.issues)[-1]
    issue = scenario.issues[issue_id]
    dates = step_dates(scenario.time.start, scenario.time.step, scenario.time.horizon)
    years = [str(y) for y in range(dates[0].year, dates[-1].year + 1)] + [NEVER]
    outcomes = {o.id: o.label for o in issue.options}
    outcomes[NO_AGREEMENT] = issue.label_of(NO_AGREEMENT)
    return Prediction(issue_id, issue.label, outcomes, years)


def agents_distribution(scenario: Scenario, seed: int, prediction: Prediction) -> dict:
    """The agents' runs sorted into the prediction's buckets: {"outcome": {id: share},
    "year": {year: share}} over REVIEW_REPLICATES runs from `seed` (the review's runs)."""
    table = run(scenario, REVIEW_REPLICATES, seed).table
    rows = table["issue"] == prediction.issue
    outcomes = table["outcome"][rows].astype(str)
    dates = table["agreement_date"][rows]
    agreed = ~np.isnat(dates)
    years = np.where(agreed, dates.astype("datetime64[Y]").astype(str), NEVER)
    return {
        "outcome": {k: float((outcomes == k).mean()) for k in prediction.outcomes},
        "year": {y: float((years == y).mean()) for y in prediction.years},
    }
