"""Run a scenario: the one code path behind `run`, `demo` and batches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sim.campaign import Campaign
from sim.campaign_run import run_campaign_chunk
from sim.history import history_records
from sim.model import AllianceModel, release
from sim.results import Results, Table, concat_tables, outcome_table
from sim.run_plan import CHUNK_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED, Chunk, chunk_plan
from sim.schema import Scenario

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
) -> tuple[Table, AllianceModel]:
    """Simulate one chunk; its table numbers replicates from `chunk.first`."""
    if isinstance(scenario, Campaign):
        table, model = run_campaign_chunk(scenario, chunk.size, chunk.seed, on_step, history_sample)
        table["replicate"] = table["replicate"] + chunk.first
        return table, model
    model = AllianceModel(
        scenario, replicates=chunk.size, seed=chunk.seed, history_sample=history_sample
    )
    total = len(model.dates)
    try:
        while model.running:
            model.step()
            if on_step is not None:
                on_step(model.step_index, total)  # may raise to stop the run (a Cancel button)
    except BaseException:
        release(model)
        raise
    table = outcome_table(model)
    table["replicate"] = table["replicate"] + chunk.first
    return table, model


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
    from sim.loader import load_scenario

    loaded = scenario if isinstance(scenario, Scenario | Campaign) else load_scenario(scenario)
    plan = chunk_plan(replicates, seed)
    tables, first_model = [], None
    for chunk in plan:

        def progress(done: int, total: int, before: int = chunk.index) -> None:
            if on_step is not None:
                on_step(before * total + done, len(plan) * total)

        try:
            table, model = run_chunk(loaded, chunk, progress, history_sample)
        except BaseException:
            if first_model is not None:
                release(first_model)
            raise
        tables.append(table)
        if first_model is None:
            first_model = model  # kept for its per-step history
        else:
            release(model)
    try:
        history = history_records(first_model)
    finally:
        release(first_model)
    source = "" if isinstance(scenario, Scenario | Campaign) else str(scenario)
    table = concat_tables(tables)
    return Results(label or loaded.id, loaded, replicates, seed, table, history, source)
