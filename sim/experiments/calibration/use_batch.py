"""Batches under a posterior (`alliance-sim batch --posterior DIR`, `api.batch(posterior=)`).

Each replicate takes its posterior vector as :func:`sim.experiments.calibration.use.run` gives
it (the same vector for the same replicate number, whatever the chunk size or the workers),
handed to the batch engine as the chunks' design (:class:`.use.PosteriorDesign`), so the kept
folder holds the same results as `run --posterior` with the same seed and replicates. The
manifest records the posterior (:func:`record`): the checksum of its `posterior.parquet` and
the hash of the scenario it was calibrated on are part of the run's identity, repeated by
every chunk, so `--resume` refuses a folder started under another posterior or none.

A sweep under a posterior (`alliance-sim sweep --posterior DIR`) is kept the same way: its
factors override the posterior for the paths they set, every other path keeps the replicate's
posterior vector (:func:`.use.swept`).
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.engine.run_plan import CHUNK_SIZE
from sim.experiments import sweep_folder
from sim.experiments.calibration import use
from sim.experiments.calibration.folder import MANIFEST, Posterior, PosteriorError
from sim.experiments.sweep import Sweep
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario
from sim.store import batch
from sim.store.batch import Target


def record(posterior: Posterior, overridden: list[str]) -> dict:
    """The batch manifest's record of the posterior a run's replicates take their parameters
    from, but for the `overridden` paths (:class:`sim.store.manifest.PosteriorUsed`)."""
    calibration = posterior.manifest
    target_hash = calibration.get("target_hash")
    if not isinstance(target_hash, str) or not re.fullmatch(r"[0-9a-f]{64}", target_hash):
        raise PosteriorError(posterior.folder, f"{MANIFEST} lacks a valid field 'target_hash'")
    recorded = calibration.get("provenance")
    return {
        "folder": str(posterior.folder),
        "target": posterior.target,
        "target_hash": target_hash,
        "sha256": calibration["posterior"]["sha256"],
        "particles": len(posterior.weights),
        "engine_fingerprint": (
            recorded.get("engine_fingerprint") if isinstance(recorded, dict) else None
        ),
        "overridden": overridden,
    }


def prepare(
    scenarios: list[tuple[str, Scenario | Campaign]],
    out: Path,
    replicates: int,
    seed: int,
    posterior: Posterior | None,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    allow_engine_change: bool = False,
) -> list[Target]:
    """Plan a batch (:func:`sim.store.batch.prepare`), under `posterior` when given: each
    target's manifest records it and its chunks take their replicates' posterior vectors.

    Writes nothing; PosteriorError for a posterior of another scenario, BatchError for a
    folder that cannot start or resume (another posterior, or none, on a resume).
    """
    if posterior is None:
        return batch.prepare(
            scenarios, out, replicates, seed, resume, chunk_size, allow_engine_change
        )
    records = {s.id: record(posterior, use.applicable(posterior, s)[1]) for _, s in scenarios}
    targets = batch.prepare(scenarios, out, replicates, seed, resume, chunk_size,
                            allow_engine_change, posterior=lambda s: records[s.id])  # fmt: skip
    for target in targets:
        source = target.manifest["source"]
        target.design = use.design(target.scenario, posterior, replicates, seed, source)
    return targets


def prepare_sweep(
    sweep: Sweep,
    folder: Path,
    posterior: Posterior | None,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    allow_engine_change: bool = False,
) -> Target:
    """Plan a sweep (:func:`sim.experiments.sweep_folder.prepare`), under `posterior` when
    given; writes nothing (PosteriorError, BatchError as :func:`prepare`)."""
    if posterior is None:
        return sweep_folder.prepare(sweep, folder, resume, chunk_size, allow_engine_change)
    vectors, overridden = use.swept(sweep, posterior)
    target = sweep_folder.prepare(sweep, folder, resume, chunk_size, allow_engine_change,
                                  posterior=record(posterior, overridden))  # fmt: skip
    target.design = vectors
    return target
