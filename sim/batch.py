"""Scenario batches that stream to disk: one Parquet file per chunk, a manifest, a history.

A batch is split into the seeded chunks of `sim.runner.chunk_plan`; worker
processes each simulate one chunk and write its file atomically, so the parent
holds no results and memory stays bounded whatever the replicate count. The
manifest is updated as chunks finish: an interrupted batch keeps every chunk
it finished and `resume` runs only the others. Results depend on the seed and
the replicate count only, never on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sim import manifest as mf
from sim.atomic import remove_temp_files, write_json_atomic
from sim.history import history_records
from sim.runner import CHUNK_SIZE, Chunk, release, run_chunk
from sim.schema import Scenario
from sim.table_io import write_parquet


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
    """One scenario's output folder, its manifest and the chunks still to run."""

    folder: Path
    scenario: Scenario
    manifest: dict
    pending: list[Chunk]


@dataclass(frozen=True)
class Job:
    folder: Path
    scenario: Scenario
    chunk: Chunk


def prepare(
    scenarios: list[tuple[str, Scenario]],
    out: Path,
    replicates: int,
    seed: int,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> list[Target]:
    """Check every output folder and plan the work; raise BatchError, writing nothing.

    `scenarios` pairs each scenario with the name the user gave it (id or path).
    """
    ids = [scenario.id for _, scenario in scenarios]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise BatchError(f"scenario id given twice (one folder each): {', '.join(repeated)}")
    return [
        _target(
            out / scenario.id,
            mf.new_manifest(scenario, source, replicates, seed, chunk_size),
            scenario,
            resume,
        )
        for source, scenario in scenarios
    ]


def _target(folder: Path, wanted: dict, scenario: Scenario, resume: bool) -> Target:
    if not resume:
        if folder.exists() and any(folder.iterdir()):
            raise BatchError(
                f"{folder} already holds results; add --resume to finish that batch, "
                "or choose another --out"
            )
        return Target(folder, scenario, wanted, mf.plan(wanted))
    saved = _saved_manifest(folder)
    problems = mf.mismatches(saved, wanted)
    if problems:
        raise BatchError(
            f"cannot resume {folder}: it was started with other settings ({'; '.join(problems)})"
        )
    done = set(mf.chunks_on_disk(folder)) & set(range(len(saved["chunk_seeds"])))
    manifest = {**saved, "completed_chunks": sorted(done)}
    return Target(folder, scenario, manifest, [c for c in mf.plan(saved) if c.index not in done])


def _saved_manifest(folder: Path) -> dict:
    if not (folder / mf.MANIFEST).is_file():
        raise BatchError(f"nothing to resume in {folder} (no {mf.MANIFEST}); run without --resume")
    try:
        return mf.read_manifest(folder)
    except (OSError, ValueError) as error:
        raise BatchError(f"cannot resume {folder}: unreadable {mf.MANIFEST} ({error})") from None


def run_batch(
    targets: list[Target], workers: int = 1, on_chunk: Callable[[Target, int], None] | None = None
) -> None:
    """Run every pending chunk of `targets` on `workers` processes, saving as chunks finish.

    `on_chunk(target, index)` reports each finished chunk. On Ctrl-C or a dead
    worker the manifests say `interrupted` and BatchInterrupted is raised.
    """
    _start(targets)
    by_folder = {t.folder: t for t in targets}

    def done(job: Job) -> None:
        target = by_folder[job.folder]
        _record(target, job.chunk.index)
        if on_chunk is not None:
            on_chunk(target, job.chunk.index)

    jobs = [Job(t.folder, t.scenario, chunk) for t in targets for chunk in t.pending]
    try:
        _run_jobs(jobs, workers, done)
    except KeyboardInterrupt:
        _stop(targets, "interrupted (Ctrl-C)")
        raise BatchInterrupted("interrupted (Ctrl-C)", targets, by_user=True) from None
    except BrokenProcessPool:
        reason = "interrupted: a worker process died"
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


def _record(target: Target, index: int) -> None:
    target.manifest["completed_chunks"] = sorted({*target.manifest["completed_chunks"], index})
    _set_status(target)


def _stop(targets: list[Target], reason: str) -> None:
    """Mark unfinished targets interrupted, counting every chunk file that made it to disk."""
    for target in targets:
        if target.manifest["status"] == mf.COMPLETE:
            continue
        remove_temp_files(target.folder)
        remove_temp_files(target.folder / mf.CHUNKS)
        on_disk = set(mf.chunks_on_disk(target.folder)) & set(
            range(len(target.manifest["chunk_seeds"]))
        )
        target.manifest["completed_chunks"] = sorted(on_disk)
        if len(on_disk) == len(target.manifest["chunk_seeds"]):
            _set_status(target)
            continue
        target.manifest.update(status=mf.INTERRUPTED, end_time=mf.now(), interruption=reason)
        mf.write_manifest(target.folder, target.manifest)


def _run_jobs(jobs: list[Job], workers: int, done: Callable[[Job], None]) -> None:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            run_job(job)
            done(job)
        return
    # spawn, explicitly: mesa forces it at import anyway, and it copies no threads or locks
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint)
    try:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for future in as_completed(futures):
            future.result()
            done(futures[future])
    finally:
        _shutdown(pool)


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Drop queued chunks and let running ones finish; on a second Ctrl-C, stop them now."""
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the batch in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_job(job: Job) -> int:
    """Simulate one chunk and write its file (and, for chunk 0, the history)."""
    table, model = run_chunk(job.scenario, job.chunk)
    try:
        if job.chunk.index == 0:
            write_json_atomic(job.folder / mf.HISTORY, history_records(model))
        write_parquet(job.folder / mf.CHUNKS / mf.chunk_name(job.chunk.index), table)
    finally:
        release(model)
    return job.chunk.index
