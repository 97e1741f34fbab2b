"""Run a scenario: the one code path behind `run`, `demo` and batches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sim.engine.campaign_run import run_campaign_chunk
from sim.engine.lifetime import History, run_to_end
from sim.engine.model import AllianceModel
from sim.engine.results import Results, Table, concat_tables
from sim.engine.run_plan import CHUNK_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED, Chunk, chunk_plan
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_REPLICATES",
    "DEFAULT_SEED",
    "Chunk",
    "Results",
    "chunk_plan",
    "run",
    "run_chunk",
]


def run_chunk(
    scenario: Scenario | Campaign,
    chunk: Chunk,
    on_step: Callable[[int, int], None] | None = None,
    history_sample: int = 100,
    with_history: bool = False,
) -> tuple[Table, History | None]:
    """Simulate one chunk; its table numbers replicates from `chunk.first`. `with_history`,
    also the per-step history of its first `history_sample` replicates (a campaign: of the
    last stage)."""
    if isinstance(scenario, Campaign):
        table, history = run_campaign_chunk(
            scenario, chunk.size, chunk.seed, on_step, history_sample, with_history=with_history
        )
    else:
        model = AllianceModel(
            scenario, replicates=chunk.size, seed=chunk.seed, history_sample=history_sample
        )
        table, history = run_to_end(model, on_step, with_history)
    table["replicate"] = table["replicate"] + chunk.first
    return table, history


def run(
    scenario: Scenario | Campaign | str | Path,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    on_step: Callable[[int, int], None] | None = None,
    history_sample: int = 100,
    label: str | None = None,
) -> Results:
    """Simulate `replicates` replicates of `scenario` from `seed`, in memory.

    `on_step(done, total)` reports progress in steps over all chunks. The
    per-step history is that of the first chunk's sample of `history_sample`
    replicates. `label` names the results for people (default: the scenario id).
    """
    from sim.scenario.loader import load_scenario

    loaded = scenario if isinstance(scenario, Scenario | Campaign) else load_scenario(scenario)
    plan = chunk_plan(replicates, seed)
    tables, history = [], []
    for chunk in plan:

        def progress(done: int, total: int, before: int = chunk.index) -> None:
            if on_step is not None:
                on_step(before * total + done, len(plan) * total)

        first = chunk.index == 0
        table, records = run_chunk(loaded, chunk, progress, history_sample, with_history=first)
        tables.append(table)
        if first:
            history = records  # the results' history is the first chunk's
    source = "" if isinstance(scenario, Scenario | Campaign) else str(scenario)
    table = concat_tables(tables)
    return Results(label or loaded.id, loaded, replicates, seed, table, history, source)
