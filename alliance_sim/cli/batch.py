"""`alliance-sim batch`: kept results (chunked, resumable), under a posterior with `--posterior`;
and the progress bar and resume hint that `compare`, `sweep` and `sensitivity` share.

Every input is checked (scenarios loaded, the posterior read, folders and settings compared)
before anything runs or is written, so bad input leaves no partial output.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from alliance_sim.cli import posterior_option
from alliance_sim.cli.console import Replicates, Seed, err, load, out, print_error, stop
from alliance_sim.cli.posterior_option import PosteriorOpt
from sim.engine.run_plan import CHUNK_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED
from sim.store.batch import BatchError, BatchInterrupted, Target, run_batch
from sim.store.executors import Backend, BackendError, DaskExecutor, Executor
from sim.store.manifest import COMPLETE, MANIFEST
from sim.store.stop_signals import Terminated

CPUS = os.cpu_count() or 1

Workers = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per CPU)."),
]
DaskLocal = Annotated[
    int | None,
    typer.Option(
        "--dask-local",
        metavar="N",
        help="Run the chunks on a local Dask cluster of N worker processes (127.0.0.1 only); "
        'needs pip install "alliance-sim\\[dask]".',
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run the chunks on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://HOST:PORT); results come back and are written here.",
    ),
]
ChunkSize = Annotated[
    int, typer.Option("--chunk-size", min=1, hidden=True, help="Replicates per chunk (testing).")
]
Resume = Annotated[
    bool, typer.Option("--resume", help="Finish an interrupted batch in --out; redo nothing.")
]
AllowEngineChange = Annotated[
    bool,
    typer.Option(
        "--allow-engine-change",
        help="With --resume: finish a folder started by another engine (changed code or "
        "scenario data); its chunks then mix two engines, and the manifest records it.",
    ),
]


def batch(
    scenarios: Annotated[list[str], typer.Argument(help="Built-in scenario ids or YAML files.")],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Results folder (one subfolder per scenario).")
    ],
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
    workers: Workers = None,
    resume: Resume = False,
    chunk_size: ChunkSize = CHUNK_SIZE,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
    allow_engine_change: AllowEngineChange = False,
    posterior: PosteriorOpt = None,
) -> None:
    """Run scenarios in worker processes and keep the results (Parquet tables and a manifest);
    with --posterior, each replicate's parameters from the posterior, as `run --posterior`."""
    from sim.experiments.calibration.folder import PosteriorError
    from sim.experiments.calibration.use_batch import prepare

    backend = checked_backend(workers, dask_local, scheduler)
    loaded = [(name, load(name)) for name in scenarios]
    found = None if posterior is None else posterior_option.read(posterior)
    try:
        targets = prepare(
            loaded, out_dir, replicates, seed, found, resume, chunk_size, allow_engine_change
        )
    except (BatchError, PosteriorError) as error:
        stop(error)
    for target in targets:
        for repair in target.repairs:
            print_error(repair, "repair", "yellow")
        used = target.manifest.get("posterior")
        if used:
            posterior_option.say_overridden(target.scenario, used["overridden"])
    hint = resume_hint(scenarios, replicates, seed, out_dir, chunk_size, posterior)
    with open_executor(backend) as executor:
        run_with_progress(targets, executor, hint)
    for target in targets:
        chunks = len(target.manifest["chunk_seeds"])
        out.print(
            f"{target.scenario.id}: {replicates:,} replicates in {chunks} chunk(s), "
            f"{target.manifest['status']} → {target.folder}",
            highlight=False,
            soft_wrap=True,
        )


def checked_backend(workers: int | None, dask_local: int | None, scheduler: str | None) -> Backend:
    """The built-in workers or a Dask cluster, as the options ask; exits on a bad mix."""
    try:
        return Backend(workers, dask_local, scheduler).check()
    except BackendError as error:
        stop(error)
        raise AssertionError from None  # unreachable: stop exits


def open_executor(backend: Backend) -> Executor:
    """Start the local cluster or connect to the scheduler (exits, writing nothing, if that
    fails); say where the chunks run when it is Dask."""
    try:
        executor = backend.open(CPUS)
    except BackendError as error:
        stop(error)
    if isinstance(executor, DaskExecutor):
        err.print(f"chunks run on {escape(executor.describe())}", highlight=False, soft_wrap=True)
    return executor


def resume_hint(
    names: list[str],
    replicates: int,
    seed: int,
    out_dir: Path,
    chunk_size: int = CHUNK_SIZE,
    posterior: Path | None = None,
) -> str:
    """The `alliance-sim batch … --resume` command that finishes these runs in `out_dir`."""
    size = f" --chunk-size {chunk_size}" if chunk_size != CHUNK_SIZE else ""
    size += f" --posterior {posterior}" if posterior is not None else ""
    return " ".join(
        ["alliance-sim batch", *names, f"-n {replicates} -s {seed} --out {out_dir} --resume{size}"]
    )


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops a batch the way Ctrl-C does: finished chunks kept, manifest updated."""
    raise Terminated


def run_with_progress(targets: list[Target], workers: int | Executor, hint: str | None) -> None:
    """Run the batch with a chunk-count bar on stderr; on interruption say how to resume
    (`hint`: the command that finishes it, or None when its chunks are the command's own
    scratch work, as for `sensitivity`, which cannot be resumed)."""
    try:
        _run_with_bar(targets, workers)
    except BatchInterrupted as interrupted:
        if all(t.manifest["status"] == COMPLETE for t in interrupted.targets):
            return  # the stop came after the last chunk was saved: the results are whole
        code = 130 if interrupted.by_user else 1
        if hint is None:
            stop(f"{interrupted.reason}; run the command again to start over", code)
        stop(f"{interrupted}; files written so far are complete. Finish with: {hint}", code)
    except OSError as error:  # a full disk, a folder that became unwritable
        where = f" ({error.filename})" if error.filename else ""
        failed = f"cannot write the results: {error.strerror or error}{where}"
        if hint is None or not any((t.folder / MANIFEST).exists() for t in targets):
            stop(f"{failed}; nothing was kept", 1)
        stop(f"{failed}; files written so far are complete. Finish with: {hint}", 1)


def _run_with_bar(targets: list[Target], workers: int | Executor) -> None:
    total = sum(len(t.manifest["chunk_seeds"]) for t in targets)
    done = total - sum(len(t.pending) for t in targets)
    columns = (TextColumn("chunks"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as progress:
        task = progress.add_task("chunks", total=total, completed=done)
        progress.refresh()

        def advance(target: Target, index: int) -> None:
            progress.advance(task)
            progress.refresh()

        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            run_batch(targets, workers, advance)
        finally:
            signal.signal(signal.SIGTERM, previous)
