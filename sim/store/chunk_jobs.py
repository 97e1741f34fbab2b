"""One chunk's work in a batch: simulate it, then write its file (and chunk 0's history).

The built-in workers do both in the worker (:func:`run_job`); a Dask worker only
simulates (:func:`compute_job`) and the submitting process writes the result with the
same writer (:func:`save_job`), so a folder is the same byte for byte wherever its
chunks ran. A sweep's chunk takes its replicates' factor values from a
:class:`ChunkDesign` (see :mod:`sim.experiments.design_rows`); a plain batch's chunk draws them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sim.engine.results import Table
from sim.engine.run_plan import Chunk
from sim.scenario.structure import Scenario
from sim.store import chunk_integrity as integrity
from sim.store import history_file
from sim.store import manifest as mf
from sim.store.arrow_io import encode_parquet, sha256, write_encoded
from sim.store.atomic import write_atomic


class ChunkDesign(Protocol):
    """The design points of one chunk's replicates (a sweep's :class:`sim.experiments.design_rows.DesignRows`)."""

    def run(
        self, scenario: Any, chunk: Chunk, with_history: bool = False
    ) -> tuple[Table, list[dict] | None]:
        """Simulate the chunk at its design points: (table, history) like `run_chunk`."""
        ...


class Design(Protocol):
    """A whole design (a sweep's :class:`sim.experiments.sweep.Sweep`): each chunk's rows of it."""

    def rows(self, chunk: Chunk) -> ChunkDesign: ...


@dataclass(frozen=True)
class Job:
    folder: Path
    scenario: Scenario
    chunk: Chunk
    run: dict = field(default_factory=dict)
    """The run the chunk belongs to (:func:`sim.store.chunk_integrity.origin`), which its file's
    identity repeats."""
    design: ChunkDesign | None = None
    """The design points of this chunk's replicates (a sweep), else None (a plain batch)."""


@dataclass(frozen=True)
class Done:
    """What a worker wrote for one chunk: the chunk's record and, for chunk 0, the history's hash."""

    index: int
    record: dict
    history_sha256: str | None


def run_job(job: Job) -> Done:
    """Simulate one chunk and write its file (and, for chunk 0, the history)."""
    return save_job(job, compute_job(job))


@dataclass(frozen=True)
class Computed:
    """One chunk simulated but not yet saved: its Parquet file's bytes and rows and, for
    chunk 0, the history's bytes (encoded where simulated, so little travels back)."""

    parquet: bytes
    rows: int
    history: bytes | None


def compute_job(job: Job) -> Computed:
    """Simulate and encode one chunk (on whichever worker)."""
    from sim.engine.runner import run_chunk  # the engine, only where chunks are simulated

    first = job.chunk.index == 0  # the folder's history is chunk 0's
    if job.design is None:
        table, records = run_chunk(job.scenario, job.chunk, with_history=first)
    else:
        table, records = job.design.run(job.scenario, job.chunk, with_history=first)
    identity = integrity.identity(job.chunk, job.run)
    history = None if records is None else history_file.encode(records, identity)
    parquet, rows = encode_parquet(table, {integrity.CHUNK_KEY: json.dumps(identity)})
    return Computed(parquet, rows, history)


def save_job(job: Job, computed: Computed) -> Done:
    """Write a computed chunk's file atomically (and, for chunk 0, the history first)."""
    history = None
    if computed.history is not None:
        data = computed.history
        write_atomic(job.folder / mf.HISTORY, lambda file: file.write(data))
        history = sha256(data)
    path = job.folder / mf.CHUNKS / mf.chunk_name(job.chunk.index)
    written = write_encoded(path, computed.parquet, computed.rows)
    return Done(job.chunk.index, integrity.record(written.rows, written.sha256), history)
