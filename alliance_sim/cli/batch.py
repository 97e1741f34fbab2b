"""`alliance-sim batch` and `alliance-sim compare`: kept results and base-against-counterfactual tables.

Every input is checked (scenarios loaded, folders and settings compared)
before anything runs or is written, so bad input leaves no partial output.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from alliance_sim.cli.console import (
    Format,
    FormatOpt,
    Replicates,
    Seed,
    err,
    load,
    out,
    print_error,
    simulate,
    stop,
    with_provenance,
)
from alliance_sim.cli.posterior_option import PosteriorOpt
from sim.engine.run_plan import CHUNK_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED
from sim.scenario.structure import Scenario
from sim.store.batch import BatchError, BatchInterrupted, Target, prepare, run_batch
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
) -> None:
    """Run scenarios in worker processes and keep the results (Parquet tables and a manifest)."""
    backend = checked_backend(workers, dask_local, scheduler)
    loaded = [(name, load(name)) for name in scenarios]
    try:
        targets = prepare(
            loaded, out_dir, replicates, seed, resume, chunk_size, allow_engine_change
        )
    except BatchError as error:
        stop(error)
    for target in targets:
        for repair in target.repairs:
            print_error(repair, "repair", "yellow")
    hint = _resume_hint(scenarios, replicates, seed, out_dir, chunk_size)
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


def _resume_hint(
    names: list[str], replicates: int, seed: int, out_dir: Path, chunk_size: int = CHUNK_SIZE
) -> str:
    size = f" --chunk-size {chunk_size}" if chunk_size != CHUNK_SIZE else ""
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


def compare(
    base: Annotated[str, typer.Argument(help="Base: scenario id, YAML file or batch folder.")],
    counterfactuals: Annotated[
        list[str],
        typer.Argument(help="Counterfactuals: scenario ids, YAML files or batch folders."),
    ],
    replicates: Annotated[
        int | None,
        typer.Option(
            "--replicates", "-n", min=1, help="Replicates (default: the folders' or 1000)."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", "-s", min=0, help="Seed (default: the folders' or 1950)."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also keep the runs as batch folders here.")
    ] = None,
    format: FormatOpt = Format.table,
    posterior: PosteriorOpt = None,
) -> None:
    """Compare counterfactuals with a base: same replicates, same seed stream (with
    --posterior, the same posterior vector per replicate too)."""
    from alliance_sim.cli.comparison_tables import comparison_tables
    from analysis.compare import compare as compare_runs
    from analysis.compare import jsonable
    from analysis.compared_runs import CompareError
    from sim.store.reading import ResultsError

    if posterior is not None and (
        out_dir is not None or any(Path(n).is_dir() for n in [base, *counterfactuals])
    ):
        stop("--posterior runs scenarios in memory: give scenario ids or files, not batch "
             "folders, and leave out --out")  # fmt: skip
    try:
        if posterior is not None:
            runs, seed, scenario = _posterior_runs(
                [base, *counterfactuals], posterior, replicates, seed
            )
        else:
            runs, seed, scenario = _runs(
                [base, *counterfactuals], replicates, seed, out_dir, format
            )
        result = compare_runs(runs[0], runs[1:], seed=seed)
    except (BatchError, ResultsError, CompareError) as error:
        stop(error)
    if format is Format.json:
        print(json.dumps(with_provenance(jsonable(result))))
        return
    for table in comparison_tables(scenario, result):
        out.print(table)
    out.print()


def _posterior_runs(
    names: list[str], folder: Path, replicates: int | None, seed: int | None
) -> tuple[list, int, Scenario]:
    """Every scenario argument run under the posterior, with the same seed and replicates."""
    from alliance_sim.cli import posterior_option

    found = posterior_option.read(folder)
    replicates = replicates or DEFAULT_REPLICATES
    seed = DEFAULT_SEED if seed is None else seed
    loaded = [(name, load(name)) for name in names]
    runs = [posterior_option.simulate(s, found, replicates, seed, name) for name, s in loaded]
    return runs, seed, loaded[0][1]


@dataclass(frozen=True)
class _Input:
    """A compare argument: a saved batch folder (with its manifest) or a scenario to run."""

    name: str
    folder: Path | None = None
    manifest: dict | None = None
    scenario: Scenario | None = None


def _inputs(names: list[str]) -> list[_Input]:
    from sim.store.reading import read_checked_manifest

    return [
        _Input(name, Path(name), read_checked_manifest(Path(name)))
        if Path(name).is_dir()
        else _Input(name, scenario=load(name))
        for name in names
    ]


def _settings(inputs: list[_Input], replicates: int | None, seed: int | None) -> tuple[int, int]:
    """The one (replicates, seed) every run shares: the folders', else the options'."""
    saved = {
        (i.manifest["replicates"], i.manifest["seed"], i.manifest["chunk_size"])
        for i in inputs
        if i.manifest
    }
    if len(saved) > 1:
        raise BatchError(
            f"the batch folders differ in replicates, seed or chunk size: {sorted(saved)}"
        )
    if not saved:
        return replicates or DEFAULT_REPLICATES, DEFAULT_SEED if seed is None else seed
    ((saved_replicates, saved_seed, chunk_size),) = saved
    if replicates not in (None, saved_replicates) or seed not in (None, saved_seed):
        raise BatchError(
            f"the batch folders have {saved_replicates} replicates and seed {saved_seed}; "
            "leave out --replicates and --seed, or give those values"
        )
    if chunk_size != CHUNK_SIZE and any(i.scenario for i in inputs):
        raise BatchError(
            f"the batch folders use chunks of {chunk_size}, not {CHUNK_SIZE}: "
            "their seed stream cannot be matched by a new run"
        )
    return saved_replicates, saved_seed


def _runs(
    names: list[str], replicates: int | None, seed: int | None, out_dir: Path | None, format: Format
) -> tuple[list, int, Scenario]:
    """Every argument's results: a folder as it is (the comparison reads it chunk by chunk,
    never as a whole table), a scenario run with the shared settings; the seed; and the
    base's scenario (from its manifest, for a folder)."""
    from dataclasses import replace

    from sim.scenario import campaign

    inputs = _inputs(names)
    replicates, seed = _settings(inputs, replicates, seed)
    first = inputs[0]
    base = first.scenario or campaign.from_dump(first.manifest["scenario"])
    if out_dir is not None:
        inputs = _save_runs(inputs, out_dir, replicates, seed)
    return (
        [
            item.folder
            if item.folder is not None
            else replace(
                simulate(item.scenario, replicates, seed, show_progress=format is Format.table),
                source=item.name,
            )
            for item in inputs
        ],
        seed,
        base,
    )


def _save_runs(inputs: list[_Input], out_dir: Path, replicates: int, seed: int) -> list[_Input]:
    """Run the scenario arguments as a batch in `out_dir`; they become folder inputs."""
    to_run = [(i.name, i.scenario) for i in inputs if i.scenario is not None]
    targets = iter(prepare(to_run, out_dir, replicates, seed))
    hint = _resume_hint([name for name, _ in to_run], replicates, seed, out_dir)
    folders = {}
    for target in list(targets):
        folders[target.manifest["source"]] = target
    run_with_progress(list(folders.values()), os.cpu_count() or 1, hint)
    return [_Input(i.name, folders[i.name].folder) if i.scenario is not None else i for i in inputs]
