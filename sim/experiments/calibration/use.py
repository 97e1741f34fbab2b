"""Runs under a posterior: each replicate takes a whole parameter vector from it.

Replicate `r` takes the posterior's vector number `index[r]`, drawn by weight (with
replacement) from the stream named `calibration.posterior` of the run's seed
(:meth:`sim.maths.draws.ParameterDraws.stream`), so a base and its counterfactual, run with the
same seed and replicate count, take the same vectors, and every other draw (event days, the
logit noise, numbers the posterior does not cover) stays the plain run's. The vectors are fixed
per replicate as a sweep fixes its factors (:mod:`sim.experiments.design_rows`).

A counterfactual's changes override the posterior for the values they set: a number whose
value or range in the run's scenario differs from the prior the posterior was calibrated from
(or that the scenario no longer draws) keeps the scenario's own draw; the rest keep the
replicate's posterior values, so the comparison stays paired.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.engine.results import Results, Table, concat_tables
from sim.engine.run_plan import Chunk, chunk_plan
from sim.experiments import sweep as sweeps
from sim.experiments.calibration.folder import Posterior, PosteriorError
from sim.experiments.design_rows import POINT, DesignRows
from sim.experiments.factors import Parameter, catalogue
from sim.experiments.sweep import Sweep
from sim.maths.draws import ParameterDraws
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario

STREAM = "calibration.posterior"
"""The name of the stream that picks each replicate's posterior vector."""


def check_target(posterior: Posterior, scenario: Scenario | Campaign) -> None:
    """The posterior must be of this scenario, or of the base of this counterfactual."""
    base = getattr(scenario.exercise, "base", None) if scenario.exercise else None
    if posterior.target not in (scenario.id, base):
        raise PosteriorError(posterior.folder, f"a posterior of {posterior.target} cannot be used "
                             f"for {scenario.id}" + (f" (on {base})" if base else ""))  # fmt: skip


def applicable(posterior: Posterior, scenario: Scenario | Campaign) -> tuple[list[int], list[str]]:
    """The posterior's columns the scenario takes, and the paths its own changes override."""
    check_target(posterior, scenario)
    entries = catalogue(scenario)
    kept, overridden = [], []
    for column, prior in enumerate(posterior.prior()):
        entry = entries.get(prior["path"])
        same = entry is not None and all(
            math.isclose(getattr(entry, key), prior[key], rel_tol=0, abs_tol=1e-12)
            for key in ("value", "low", "high")
        )
        (kept if same else overridden).append(column if same else prior["path"])
    return kept, overridden


def posterior_rows(posterior: Posterior, replicates: int, seed: int) -> np.ndarray:
    """Each replicate's posterior vector number, by weight, from the posterior's own stream."""
    rng = ParameterDraws(seed, replicates).stream(STREAM)
    return rng.choice(len(posterior.weights), size=replicates, p=posterior.weights)


@dataclass(frozen=True)
class PosteriorRows:
    """One chunk's replicates at their posterior vectors: design rows (one per replicate) whose
    table loses the posterior's `factor:` columns (the vectors are the replicates' own draws)
    and, outside a sweep, the `point` column; in a sweep, `point` is the replicate's design
    point and the swept factors keep their columns."""

    rows: DesignRows
    per_point: int | None = None
    """A sweep's replicates per design point; None outside a sweep."""
    factor_columns: tuple[str, ...] = ()
    """The swept factors' columns."""

    def run(
        self, scenario: Scenario | Campaign, chunk: Chunk, with_history: bool = False
    ) -> tuple[Table, list[dict] | None]:
        table, history = self.rows.run(scenario, chunk, with_history)
        for name in [n for n in table if n.startswith("factor:") and n not in self.factor_columns]:
            del table[name]
        if self.per_point is None:
            del table[POINT]
        else:
            table[POINT] = table["replicate"] // self.per_point
        return table, history


@dataclass(frozen=True)
class PosteriorDesign:
    """Each replicate's posterior vector (after a sweep's factors, if any), handed to a chunk as
    its design (the batch engine's :class:`sim.store.chunk_jobs.Design`): replicate `r` takes
    `values[index[r]]`, whatever the chunk size or the workers."""

    parameters: tuple[Parameter, ...]
    values: np.ndarray
    """(particles, kept paths): the posterior's vectors, only the paths the scenario keeps."""
    index: np.ndarray
    """Each replicate's vector number (:func:`posterior_rows`)."""
    columns: tuple[str, ...] | None
    sweep: Sweep | None = None
    """A sweep whose factors come first in `parameters`, at each replicate's design point."""

    def rows(self, chunk: Chunk) -> PosteriorRows:
        values = self.values[self.index[chunk.first : chunk.first + chunk.size]]
        if self.sweep is None:
            return PosteriorRows(DesignRows(self.parameters, chunk.first, values, 1, self.columns))
        k = self.sweep.replicates_per_point
        points = np.arange(chunk.first, chunk.first + chunk.size) // k
        values = np.hstack([self.sweep.matrix[points], values])
        factor_columns = tuple(p.column for p in self.sweep.parameters)
        rows = DesignRows(self.parameters, chunk.first, values, 1, self.columns)
        return PosteriorRows(rows, k, factor_columns)


def design(
    scenario: Scenario | Campaign, posterior: Posterior, replicates: int, seed: int,
    source: str = "",
) -> PosteriorDesign | None:  # fmt: skip
    """The replicates' posterior vectors for `scenario`; None if its own values override every
    one (a plain run then). PosteriorError for a posterior of another scenario."""
    kept, _ = applicable(posterior, scenario)
    if not kept:
        return None
    index = posterior_rows(posterior, replicates, seed)
    values = posterior.theta[:, kept]
    # the first replicate's vector first: a per-point setting's columns are its scenario's
    first = np.vstack([values[index[:1]], values])
    plan = sweeps.from_matrix(scenario, source or scenario.id,
                              [posterior.paths[i] for i in kept], first, 1, seed)  # fmt: skip
    return PosteriorDesign(plan.parameters, values, index, plan.columns)


def swept(sweep: Sweep, posterior: Posterior) -> tuple[PosteriorDesign, list[str]]:
    """A sweep under a posterior: each replicate takes its design point's factor values and,
    for every other path, its posterior vector (the swept factors override the posterior for
    the paths they set, as a counterfactual's changes do). Returns the design and the paths
    that do not come from the posterior (the scenario's own changes, then the factors)."""
    kept, overridden = applicable(posterior, sweep.scenario)
    taken = {p.path for p in sweep.parameters} | {p.name for p in sweep.parameters if p.name}
    prior = posterior.prior()
    kept = [i for i in kept if not {prior[i]["path"], prior[i].get("draw")} & taken]
    index = posterior_rows(posterior, sweep.replicates, sweep.seed)
    values = posterior.theta[:, kept]
    factors_ = np.broadcast_to(sweep.matrix[0], (len(values) + 1, sweep.matrix.shape[1]))
    first = np.hstack([factors_, np.vstack([values[index[:1]], values])])
    paths = [p.path for p in sweep.parameters] + [posterior.paths[i] for i in kept]
    plan = sweeps.from_matrix(sweep.scenario, sweep.source, paths, first, 1, sweep.seed)
    vectors = PosteriorDesign(plan.parameters, values, index, plan.columns, sweep)
    return vectors, overridden + [p.path for p in sweep.parameters]


def run(
    scenario: Scenario | Campaign,
    posterior: Posterior,
    replicates: int,
    seed: int,
    label: str | None = None,
    source: str = "",
) -> Results:
    """Simulate `replicates` replicates in memory, each with its posterior vector (the
    chunks and seeds of a plain run, so the other draws are the same)."""
    vectors = design(scenario, posterior, replicates, seed, source)
    if vectors is None:
        from sim.engine.runner import run as plain

        return plain(scenario, replicates, seed, label=label)
    tables, history = [], None
    for chunk in chunk_plan(replicates, seed):
        table, records = vectors.rows(chunk).run(scenario, chunk, with_history=chunk.index == 0)
        tables.append(table)
        history = records if chunk.index == 0 else history
    return Results(label or scenario.id, scenario, replicates, seed, concat_tables(tables),
                   history, source)  # fmt: skip
