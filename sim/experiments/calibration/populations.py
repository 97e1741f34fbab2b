"""Each batch of a calibration simulated as one sweep: the particles are the design points.

A batch of parameter vectors is a sweep over a design matrix of one's own
(:func:`sim.experiments.sweep.from_matrix`): each replicate takes one particle's values,
fixed in one ensemble model per chunk, and keeps every other draw (event days, the logit
noise) from its chunk's seed. The sweep is kept like a batch in `rounds/<batch>/` of the
calibration folder, so an interrupted calibration resumes chunk by chunk, and a finished
batch is read back instead of simulated again (its chunks are checked against their
manifest). Chunks are the unit of seeding, so the distances never depend on the workers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from sim.experiments import sweep as sweeps
from sim.experiments import sweep_folder
from sim.experiments.calibration.abc import CalibrationError
from sim.experiments.calibration.record import Datum, distances
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario
from sim.store.batch import BatchError, run_batch
from sim.store.executors import Executor
from sim.store.reading import ResultsError, read_results

ROUNDS = "rounds"
"""The sub-folder of a calibration holding one sweep folder per simulated batch."""
CHUNK_SIZE = 5000
"""Replicates per chunk of a batch: small enough that two workers share a batch of 10,000."""
COLUMNS = ("replicate", "issue", "outcome", "agreement_date")


def simulator(
    target: Scenario | Campaign,
    source: str,
    paths: tuple[str, ...],
    data: list[Datum],
    folder: Path,
    workers: int | Executor = 1,
    on_chunk: Callable[[str, int, int], None] | None = None,
) -> Callable[[np.ndarray, int, str], np.ndarray]:
    """A `simulate(theta, seed, name)` for :func:`..smc.calibrate` that runs (or reads back) the
    batch `name` in `folder/rounds/name` and returns its distances from the record.
    `on_chunk(name, done, total)` reports the chunks of the batch as they finish."""

    def simulate(theta: np.ndarray, seed: int, name: str) -> np.ndarray:
        plan = sweeps.from_matrix(target, source, list(paths), theta, 1, seed)
        where = folder / ROUNDS / name
        try:
            batch = sweep_folder.prepare(plan, where, resume=where.exists(), chunk_size=CHUNK_SIZE)
        except BatchError as error:
            raise CalibrationError(f"batch {name}: {error}") from None
        sweep_folder.write_record(plan, where)
        total = len(batch.manifest["chunk_seeds"])
        done = total - len(batch.pending)

        def finished(*_: object) -> None:
            nonlocal done
            done += 1
            if on_chunk is not None:
                on_chunk(name, done, total)

        if on_chunk is not None:
            on_chunk(name, done, total)
        run_batch([batch], workers, finished)
        try:
            table = read_results(where, COLUMNS).table
        except ResultsError as error:
            raise CalibrationError(str(error)) from None
        found, replicates = distances(table, data)
        if not np.array_equal(replicates, np.arange(len(theta))):
            raise CalibrationError(
                f"{where}: the batch does not hold replicates 0..{len(theta) - 1}"
            )
        return found

    return simulate
