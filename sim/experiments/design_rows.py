"""One chunk of a sweep simulated at its design points.

A chunk's replicates take their factor values from the rows of the design matrix
they belong to (:class:`DesignRows`, handed to the batch engine as a chunk's
design): drawn numbers and event occurrences are fixed replicate by replicate in
one ensemble model (:class:`sim.engine.fixed_draws.DesignModel`); where a factor is
a ``setting``, each distinct combination of settings is its own variant scenario
(:mod:`sim.experiments.variants`) and model, and their tables are merged back into
one in replicate order. The chunk's table gains a ``point`` column and one
``factor:<path>`` column per factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.results import Table
from sim.engine.run_plan import Chunk
from sim.experiments import variants
from sim.experiments.factors import Parameter
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

POINT = "point"
"""The column of a design point's number."""
CHANCE_STREAM = 0xC4A4CE
"""Spawn key of the uniforms that decide, per replicate, whether a chance event happens."""


@dataclass(frozen=True)
class DesignRows:
    """The design points of one chunk: row ``i`` of `values` is point ``first_point + i``."""

    parameters: tuple[Parameter, ...]
    first_point: int
    values: np.ndarray
    per_point: int
    columns: tuple[str, ...] | None = None

    def run(
        self, scenario: Scenario | Campaign, chunk: Chunk, with_history: bool = False
    ) -> tuple[Table, list[dict] | None]:
        """Simulate the chunk with each replicate's factor values; returns (table, history)
        like :func:`sim.engine.runner.run_chunk`, the table with `point` and `factor:` columns
        (the history is that of the model of the chunk's first design point)."""
        replicate = np.arange(chunk.first, chunk.first + chunk.size)
        point = replicate // self.per_point
        values = self.values[point - self.first_point]
        setting = [i for i, p in enumerate(self.parameters) if p.kind == "setting"]
        if not setting:
            fixed = self._fixed(values, chunk.seed)
            table, history = _simulate(scenario, chunk.size, chunk.seed, fixed, with_history)
            groups = [(table, np.arange(chunk.size))]
        else:
            groups, history = self._by_setting(scenario, chunk, values, setting, with_history)
        table = _merge(groups, chunk.first)
        rows = table["replicate"] - chunk.first
        table[POINT] = point[rows]
        for column, parameter in enumerate(self.parameters):
            table[parameter.column] = values[rows, column]
        if self.columns is not None:
            table = _conform(table, self.columns)
        return table, history

    def _fixed(self, values: np.ndarray, seed: int) -> dict[str, np.ndarray]:
        """Per-replicate values for the model: draws, and whether chance events happen."""
        fixed = {}
        for column, parameter in enumerate(self.parameters):
            if parameter.kind == "drawn":
                fixed[parameter.name] = values[:, column]
            elif parameter.kind == "occurs":  # happens above 1 - probability
                fixed[parameter.name] = values[:, column] > parameter.value
            elif parameter.kind == "chance":
                stream = np.random.SeedSequence(seed, spawn_key=(CHANCE_STREAM, column))
                uniform = np.random.default_rng(stream).random(len(values))
                fixed[parameter.name] = uniform < values[:, column]
        return fixed

    def _by_setting(
        self,
        scenario: Scenario | Campaign,
        chunk: Chunk,
        values: np.ndarray,
        setting: list[int],
        with_history: bool,
    ) -> tuple[list[tuple[Table, np.ndarray]], list[dict] | None]:
        """One model per distinct combination of the setting factors' values."""
        combos, first, group = np.unique(
            values[:, setting], axis=0, return_index=True, return_inverse=True
        )
        group = group.reshape(-1)  # numpy 2.0.0 returned it with the input's shape
        sorter = np.argsort(group, kind="stable")  # each group's rows, in replicate order
        starts = np.searchsorted(group[sorter], np.arange(len(combos) + 1))
        seeds = np.random.SeedSequence(chunk.seed).spawn(len(combos))
        groups, history = [], None
        for number, g in enumerate(np.argsort(first)):  # in order of first appearance
            rows = sorter[starts[g] : starts[g + 1]]
            variant = variants.with_values(
                scenario,
                [(self.parameters[i], float(v)) for i, v in zip(setting, combos[g], strict=True)],
            )
            seed = int(seeds[number].generate_state(1, np.uint64)[0])
            fixed = self._fixed(values[rows], seed)
            table, records = _simulate(
                variant, rows.size, seed, fixed, with_history and number == 0
            )
            groups.append((table, rows))
            if number == 0:
                history = records  # the chunk's history is its first design point's
        return groups, history


def _simulate(
    scenario: Scenario | Campaign,
    size: int,
    seed: int,
    fixed: dict[str, np.ndarray],
    with_history: bool,
) -> tuple[Table, list[dict] | None]:
    """One ensemble (a campaign: each stage's) with the design's values fixed per replicate.
    The engine is imported here, where a design is simulated, not when a sweep is planned."""
    from sim.engine.campaign_run import run_campaign_chunk
    from sim.engine.fixed_draws import DesignModel
    from sim.engine.lifetime import run_to_end

    if isinstance(scenario, Campaign):
        return run_campaign_chunk(scenario, size, seed, fixed=fixed, with_history=with_history)
    return run_to_end(DesignModel(scenario, size, seed, fixed), with_history=with_history)


def _merge(groups: list[tuple[Table, np.ndarray]], first: int) -> Table:
    """The groups' tables as one, replicates numbered from `first`, issue by issue in
    replicate order (as a plain chunk's table). A draw one group's scenario does not make
    is NaN in its rows."""
    names = list(dict.fromkeys(name for table, _ in groups for name in table))
    merged = {name: np.concatenate([_column(table, name) for table, _ in groups]) for name in names}
    merged["replicate"] = (
        np.concatenate([rows[table["replicate"]] for table, rows in groups]) + first
    )
    issues = list(dict.fromkeys(groups[0][0]["issue"].tolist()))
    found, inverse = np.unique(merged["issue"], return_inverse=True)
    rank = np.array([issues.index(name) for name in found])[inverse]
    order = np.lexsort((merged["replicate"], rank))
    return {name: values[order] for name, values in merged.items()}


def _column(table: Table, name: str) -> np.ndarray:
    if name in table:
        return table[name]
    if not name.startswith("draw:"):
        raise RuntimeError(f"a design point's table has no column `{name}`")
    return np.full(len(table["replicate"]), np.nan)


def _conform(table: Table, columns: tuple[str, ...]) -> Table:
    """`table` with exactly `columns`, in that order (missing draws NaN)."""
    extra = [name for name in table if name not in columns]
    if extra:
        raise RuntimeError(
            f"a design point's scenario draws {', '.join(extra)}, which the sweep's first "
            "point does not: set those parameters in a counterfactual file instead"
        )
    return {name: _column(table, name) for name in columns}
