"""Run a scenario: the one code path behind `run`, `demo` and batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sim.model import AllianceModel
from sim.results import Table, outcome_table
from sim.schema import Scenario

DEFAULT_SEED = 1950
DEFAULT_REPLICATES = 1000


@dataclass(frozen=True)
class Run:
    """A finished run: the scenario, its settings and the results table."""

    scenario: Scenario
    replicates: int
    seed: int
    table: Table
    model: AllianceModel


def run(
    scenario: Scenario | str | Path,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    on_step: Callable[[int, int], None] | None = None,
    history_sample: int = 100,
) -> Run:
    """Simulate `replicates` replicates of `scenario` from `seed`.

    `on_step(done, total)` is called after every step (for progress bars).
    """
    model = AllianceModel(scenario, replicates=replicates, seed=seed, history_sample=history_sample)
    total = len(model.dates)
    while model.running:
        model.step()
        if on_step is not None:
            on_step(model.step_index, total)
    return Run(model.scenario, replicates, seed, outcome_table(model), model)
