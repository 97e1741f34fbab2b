"""The runs behind the teacher pack's numbers, and the scenarios they run.

Each scenario is run once per pack, with the same number of runs and the same seed for every
version, so that a base and its exercise differ only by the exercise's change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from alliance_sim.classroom.class_runs import CLASS_REPLICATES, CLASS_SEED
from alliance_sim.classroom.plain_words import Loaded
from sim.scenario.loader import load_scenario

PACK_REPLICATES = CLASS_REPLICATES
"""Simulated runs of each version: the web page's, so that the key reads as the page does."""


@dataclass
class Simulator:
    """Runs each scenario once (same runs and seed for every version) and keeps its summary."""

    replicates: int = PACK_REPLICATES
    seed: int = CLASS_SEED
    summaries: dict[str, dict] = field(default_factory=dict)

    def summary(self, scenario: Loaded) -> dict:
        from analysis.summary import summarize

        key = scenario.id
        if key not in self.summaries:
            from sim.engine.runner import run  # the engine, once runs are needed

            result = run(scenario, self.replicates, self.seed, history_sample=1)
            self.summaries[key] = summarize(scenario, result.table, self.replicates, self.seed)
        return self.summaries[key]


@cache
def loaded(scenario_id: str) -> Loaded:
    """A scenario, campaign or exercise by id, loaded once per process (they are immutable)."""
    return load_scenario(scenario_id)


def base_of(exercise: Loaded) -> Loaded:
    """The scenario an exercise changes."""
    return loaded(exercise.exercise.base)
