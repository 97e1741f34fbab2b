"""`alliance-sim compare`: base-against-counterfactual tables, of scenarios run here (under a
posterior with `--posterior`) or of saved batch folders.

Every input is checked (scenarios loaded, folders and settings compared)
before anything runs or is written, so bad input leaves no partial output.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from alliance_sim.cli.batch import resume_hint, run_with_progress
from alliance_sim.cli.console import Format, FormatOpt, load, out, simulate, stop, with_provenance
from alliance_sim.cli.posterior_option import PosteriorOpt
from sim.engine.run_plan import CHUNK_SIZE, DEFAULT_REPLICATES, DEFAULT_SEED
from sim.scenario.structure import Scenario
from sim.store.batch import BatchError, prepare


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
    _check_posteriors(inputs)
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


def _check_posteriors(inputs: list[_Input]) -> None:
    """Paired runs take the same parameters: folders run under a posterior (`batch
    --posterior`) compare only with folders run under the same one."""
    from sim.store.manifest import posterior_identity

    used = {i.name: posterior_identity(i.manifest) for i in inputs if i.manifest}
    if any(used.values()) and any(i.scenario for i in inputs):
        raise BatchError("some batch folders were run under a posterior: run the scenarios "
                         "with `alliance-sim batch --posterior` too, and compare the folders")  # fmt: skip
    if len(set(used.values())) > 1:
        shown = ", ".join(f"{name} ({'a posterior' if u else 'none'})" for name, u in used.items())
        raise BatchError(f"the batch folders were run under different posteriors: {shown}")


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
    hint = resume_hint([name for name, _ in to_run], replicates, seed, out_dir)
    folders = {}
    for target in list(targets):
        folders[target.manifest["source"]] = target
    run_with_progress(list(folders.values()), os.cpu_count() or 1, hint)
    return [_Input(i.name, folders[i.name].folder) if i.scenario is not None else i for i in inputs]
