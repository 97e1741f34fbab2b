"""Scenario batches that stream to disk: one Parquet file per chunk, a manifest, a history.

A batch is split into the seeded chunks of `sim.engine.run_plan.chunk_plan`; worker
processes each simulate one chunk and write its file atomically, so the parent
holds no results and memory stays bounded whatever the replicate count. The
manifest is updated as chunks finish: an interrupted batch keeps every chunk
it finished and `resume` runs only the others. Results depend on the seed and
the replicate count only, never on the number of workers. The workers are the
built-in process pool or a Dask cluster (:mod:`sim.store.executors`), whose tables come
back to this process and are written here by the same writer.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sim.engine.run_plan import CHUNK_SIZE, Chunk
from sim.scenario.structure import Scenario
from sim.store import chunk_integrity as integrity
from sim.store import history_file, repair_hint
from sim.store import manifest as mf
from sim.store.arrow_io import sha256
from sim.store.atomic import remove_temp_files
from sim.store.chunk_jobs import Design, Done, Job
from sim.store.executors import Executor, LocalWorkers, WorkerLost
from sim.store.stop_signals import Terminated


class BatchError(ValueError):
    """A batch cannot start as asked (nothing has been written)."""


class BatchInterrupted(RuntimeError):
    """A batch stopped early; its finished chunks are saved and it can be resumed."""

    def __init__(self, reason: str, targets: list[Target], by_user: bool):
        self.reason, self.targets, self.by_user = reason, targets, by_user
        done = sum(len(t.manifest["completed_chunks"]) for t in targets)
        total = sum(len(t.manifest["chunk_seeds"]) for t in targets)
        super().__init__(f"batch {reason}: {done} of {total} chunks are saved")


@dataclass
class Target:
    """One scenario's output folder, its manifest and the chunks still to run.

    `repairs` says, for the user, what resume found damaged and will redo.
    """

    folder: Path
    scenario: Scenario
    manifest: dict
    pending: list[Chunk]
    repairs: list[str] = field(default_factory=list)
    design: Design | None = None
    """A sweep's design: each chunk's replicates take their factor values from it."""


def prepare(
    scenarios: list[tuple[str, Scenario]],
    out: Path,
    replicates: int,
    seed: int,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    allow_engine_change: bool = False,
    posterior: Callable[[Scenario], dict] | None = None,
) -> list[Target]:
    """Check every output folder and plan the work; raise BatchError, writing nothing.

    `scenarios` pairs each scenario with the name the user gave it (id or path).
    `allow_engine_change` lets `resume` finish folders started by another engine.
    `posterior(scenario)` is the manifest's record of the posterior a scenario's replicates
    take their parameters from (:mod:`sim.experiments.calibration.use_batch` gives it and the
    targets' designs).
    """
    _check_out(out)
    ids = [scenario.id for _, scenario in scenarios]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise BatchError(f"scenario id given twice (one folder each): {', '.join(repeated)}")
    return [
        prepare_folder(
            out / scenario.id,
            scenario,
            source,
            replicates,
            seed,
            resume,
            chunk_size,
            allow_engine_change=allow_engine_change,
            posterior=None if posterior is None else posterior(scenario),
        )
        for source, scenario in scenarios
    ]


def prepare_folder(
    folder: Path,
    scenario: Scenario,
    source: str,
    replicates: int,
    seed: int,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    sweep_sha256: str | None = None,
    allow_engine_change: bool = False,
    posterior: dict | None = None,
) -> Target:
    """Plan one scenario's results in `folder` itself (a sweep's, given the SHA-256 of its
    `sweep.json`; under a posterior, given the manifest's record of it); raise BatchError,
    writing nothing."""
    _check_out(folder)
    if sweep_sha256 is None and (folder / mf.SWEEP).exists():
        raise BatchError(
            f"{folder} holds a sweep ({mf.SWEEP}), not a batch: finish it with "
            f"`{repair_hint.sweep_command(folder)}`"
        )
    wanted = mf.new_manifest(
        scenario, source, replicates, seed, chunk_size, sweep_sha256, posterior
    )
    return _target(folder, wanted, scenario, resume, allow_engine_change)


def _check_out(out: Path) -> None:
    """`out` must be, or be creatable inside, a folder we may write in."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BatchError(f"--out {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BatchError(f"--out {out}: no permission to write in {existing}")


def _target(
    folder: Path, wanted: dict, scenario: Scenario, resume: bool, allow_engine_change: bool
) -> Target:
    if not resume:
        if (folder / mf.MANIFEST).exists() or mf.chunks_on_disk(folder):
            raise BatchError(
                f"{folder} already holds results; add --resume to finish that batch, "
                "or choose another --out"
            )
        return Target(folder, scenario, wanted, mf.plan(wanted))
    saved, repairs = _saved_manifest(folder, wanted)
    if saved.get("sweep_sha256") and not wanted["sweep_sha256"]:
        raise BatchError(
            f"cannot resume {folder} as a batch: it holds a sweep; finish it with "
            f"`{repair_hint.resume_command(folder, saved)}`"
        )
    problems = mf.mismatches(saved, wanted)
    if problems:
        raise BatchError(
            f"cannot resume {folder}: it was started with other settings ({'; '.join(problems)})"
        )
    changed = mf.engine_change(saved, wanted, allow_engine_change)
    if changed:
        raise BatchError(f"cannot resume {folder}: {changed}")
    _check_no_strays(folder, saved, rebuilt=saved is wanted)
    manifest = {**saved, "chunks": dict(saved["chunks"])}
    mf.record_engine_change(manifest, wanted)
    done = _verified_chunks(folder, manifest, repairs)
    if 0 in done and not history_verifies(folder, manifest):
        repairs.append(f"{mf.HISTORY} is missing or damaged: chunk 0 is re-run to rebuild it")
        done.discard(0)
    manifest["completed_chunks"] = sorted(done)
    manifest["chunks"] = {key: manifest["chunks"][key] for key in map(str, sorted(done))}
    pending = [c for c in mf.plan(manifest) if c.index not in done]
    return Target(folder, scenario, manifest, pending, repairs)


def _check_no_strays(folder: Path, manifest: dict, rebuilt: bool) -> None:
    """A folder whose manifest is rebuilt must hold no chunk beyond the plan: such chunks were
    made with another --replicates or --chunk-size, and resuming would redo the good ones."""
    planned = len(manifest["chunk_seeds"])
    beyond = [index for index in mf.chunks_on_disk(folder) if index >= planned]
    if rebuilt and beyond:
        raise BatchError(
            f"cannot resume {folder}: its {mf.MANIFEST} is lost and it holds chunk "
            f"{', '.join(map(str, beyond[:5]))} beyond this run's {planned} chunk(s), so its "
            "chunks were made with another --replicates or --chunk-size; give those, or "
            "choose another --out"
        )


def _saved_manifest(folder: Path, wanted: dict) -> tuple[dict, list[str]]:
    """The saved manifest; a damaged one is replaced by `wanted` (chunks must then prove
    themselves). Returns the manifest and what was repaired."""
    if not (folder / mf.MANIFEST).exists():
        if mf.chunks_on_disk(folder):
            return wanted, [f"{mf.MANIFEST} is missing: rebuilt from the chunks that verify"]
        raise BatchError(f"nothing to resume in {folder} (no {mf.MANIFEST}); run without --resume")
    try:
        return mf.read_manifest(folder), []
    except mf.ManifestError as error:
        return wanted, [f"{error}; {mf.MANIFEST} rebuilt from the chunks that verify"]
    except OSError as error:
        raise BatchError(f"cannot resume {folder}: unreadable {mf.MANIFEST} ({error})") from None


def _verified_chunks(folder: Path, manifest: dict, repairs: list[str]) -> set[int]:
    """Indices of the chunk files that verify; records chunks that prove themselves."""
    done = set()
    on_disk = set(mf.chunks_on_disk(folder))
    for chunk in mf.plan(manifest):
        if chunk.index not in on_disk:
            continue
        path = folder / mf.CHUNKS / mf.chunk_name(chunk.index)
        key = str(chunk.index)
        try:
            if key in manifest["chunks"]:
                integrity.checked_bytes(path, manifest, chunk)
            else:
                manifest["chunks"][key] = integrity.self_check(path, chunk, manifest)
        except integrity.ChunkDamaged as damage:
            manifest["chunks"].pop(key, None)
            repairs.append(f"{path.name}: {damage}; it is re-run")
            continue
        done.add(chunk.index)
    return done


def history_verifies(folder: Path, manifest: dict) -> bool:
    """Whether the history file is there, matches the manifest's checksum and says it is this
    run's (a history swapped in with its checksum edited is rebuilt, as a swapped chunk is)."""
    expected = manifest.get("history_sha256")
    try:
        data = (folder / mf.HISTORY).read_bytes()
    except OSError:
        return False
    if expected is not None and sha256(data) != expected:
        return False
    try:
        history_file.checked_steps(data, manifest)
    except history_file.HistoryDamaged:
        return False
    if expected is None:  # written, but the batch stopped before recording it
        manifest["history_sha256"] = sha256(data)
    return True


def run_batch(
    targets: list[Target],
    workers: int | Executor = 1,
    on_chunk: Callable[[Target, int], None] | None = None,
) -> None:
    """Run every pending chunk of `targets`, saving as chunks finish.

    `workers` is a number of built-in worker processes or an executor (a Dask
    cluster, see :mod:`sim.store.executors`), which the caller closes. `on_chunk(target,
    index)` reports each finished chunk. On Ctrl-C or a lost worker the manifests
    say `interrupted` and BatchInterrupted is raised.
    """
    executor = workers if isinstance(workers, Executor) else LocalWorkers(workers)
    _start(targets)
    by_folder = {t.folder: t for t in targets}

    def done(job: Job, result: Done) -> None:
        target = by_folder[job.folder]
        _record(target, result)
        if on_chunk is not None:
            on_chunk(target, job.chunk.index)

    jobs = [
        Job(
            t.folder,
            t.scenario,
            chunk,
            integrity.origin(t.manifest),
            None if t.design is None else t.design.rows(chunk),
        )
        for t in targets
        for chunk in t.pending
    ]
    try:
        executor.run(jobs, done)
    except KeyboardInterrupt as stopped:
        reason = (
            "interrupted (SIGTERM)" if isinstance(stopped, Terminated) else "interrupted (Ctrl-C)"
        )
        _stop(targets, reason)
        raise BatchInterrupted(reason, targets, by_user=True) from None
    except WorkerLost as lost:
        reason = f"interrupted: {lost}"
        _stop(targets, reason)
        raise BatchInterrupted(reason, targets, by_user=False) from None
    except BaseException as error:
        _stop(targets, f"failed: {error!r}")
        raise


def _start(targets: list[Target]) -> None:
    for target in targets:
        (target.folder / mf.CHUNKS).mkdir(parents=True, exist_ok=True)
        remove_temp_files(target.folder)
        remove_temp_files(target.folder / mf.CHUNKS)
        target.manifest.pop("interruption", None)
        _set_status(target)


def _set_status(target: Target) -> None:
    manifest = target.manifest
    if len(manifest["completed_chunks"]) == len(manifest["chunk_seeds"]):
        manifest["status"] = mf.COMPLETE
        manifest["end_time"] = manifest.get("end_time") or mf.now()
    else:
        manifest["status"], manifest["end_time"] = mf.RUNNING, None
    mf.write_manifest(target.folder, manifest)


def _record(target: Target, result: Done) -> None:
    manifest = target.manifest
    manifest["chunks"][str(result.index)] = result.record
    # in chunk order, whichever worker finished first: the same manifest from any executor
    manifest["chunks"] = dict(sorted(manifest["chunks"].items(), key=lambda item: int(item[0])))
    if result.history_sha256 is not None:
        manifest["history_sha256"] = result.history_sha256
    manifest["completed_chunks"] = sorted({*manifest["completed_chunks"], result.index})
    _set_status(target)


def _stop(targets: list[Target], reason: str) -> None:
    """Mark unfinished targets interrupted, counting every chunk file that made it to disk.

    Best effort: on a full disk the manifest may stay `running`, which readers
    and `--resume` treat as unfinished too.
    """
    for target in targets:
        if target.manifest["status"] == mf.COMPLETE:
            continue
        with contextlib.suppress(OSError):
            _stop_target(target, reason)


def _stop_target(target: Target, reason: str) -> None:
    remove_temp_files(target.folder)
    remove_temp_files(target.folder / mf.CHUNKS)
    # chunks finished while the batch stopped are kept if they prove themselves
    on_disk = _verified_chunks(target.folder, target.manifest, [])
    if 0 in on_disk:
        history_verifies(target.folder, target.manifest)
    target.manifest["completed_chunks"] = sorted(on_disk)
    if len(on_disk) == len(target.manifest["chunk_seeds"]):
        _set_status(target)
        return
    target.manifest.update(status=mf.INTERRUPTED, end_time=mf.now(), interruption=reason)
    mf.write_manifest(target.folder, target.manifest)
