"""`alliance-sim sweep`: a designed experiment over chosen factors, kept like a batch.

Every input is checked (the scenario, each factor's path and range, the design's sizes) before anything is
written, so bad input leaves no partial output.
"""

from __future__ import annotations

import json
import shlex
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.padding import Padding

from alliance_sim.cli import posterior_option
from alliance_sim.cli.batch import (
    AllowEngineChange,
    ChunkSize,
    DaskLocal,
    Resume,
    Scheduler,
    Workers,
    checked_backend,
    open_executor,
    run_with_progress,
)
from alliance_sim.cli.console import Format, FormatOpt, err, load, out, print_error, stop
from alliance_sim.cli.posterior_option import PosteriorOpt
from sim.engine.run_plan import CHUNK_SIZE, DEFAULT_SEED
from sim.experiments import sweep as sw
from sim.experiments import sweep_folder
from sim.scenario.errors import ScenarioError, locate
from sim.scenario.loader import load_scenario, read_yaml
from sim.store.batch import BatchError

SLOW_POINTS = 200
"""Above this many design points, warn that per-point settings run one model each."""


class DesignKind(StrEnum):
    grid = "grid"
    lhs = "lhs"
    sobol = "sobol"
    saltelli = "saltelli"
    morris = "morris"


OPTION_OF = {
    "design": "--design",
    "points": "--points",
    "replicates_per_point": "--replicates-per-point",
    "seed": "--seed",
    "scenario": "SCENARIO",
}


def sweep_command(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario id or YAML file, or a sweep file (YAML with `factors:`)."
        ),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The sweep's results folder (manifest, chunks, sweep.json)."
        ),
    ] = None,
    factor: Annotated[
        list[str] | None,
        typer.Option(
            "--factor",
            "-F",
            metavar="PATH=LO:HI[:N]",
            help="A factor (repeatable): a dotted path as a counterfactual's `set`, its range "
            "and (grid) its number of levels, default 5. See --list-factors.",
        ),
    ] = None,
    design: Annotated[
        DesignKind | None,
        typer.Option("--design", "-d", help="grid (default), lhs, sobol, saltelli or morris."),
    ] = None,
    points: Annotated[
        int | None,
        typer.Option(
            "--points",
            "-p",
            help="Design points (lhs, sobol), base samples N (saltelli), trajectories (morris).",
        ),
    ] = None,
    per_point: Annotated[
        int | None,
        typer.Option(
            "--replicates-per-point",
            "-k",
            help="Replicates per design point (default 1); they keep every other draw.",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", "-s", help="The one seed (default 1950).")
    ] = None,
    workers: Workers = None,
    resume: Resume = False,
    chunk_size: ChunkSize = CHUNK_SIZE,
    dask_local: DaskLocal = None,
    scheduler: Scheduler = None,
    list_factors: Annotated[
        bool,
        typer.Option(
            "--list-factors",
            help="List the scenario's factors with ranges and sources (`-f json`: as JSON).",
        ),
    ] = False,
    format: FormatOpt = Format.table,
    allow_engine_change: AllowEngineChange = False,
    posterior: PosteriorOpt = None,
) -> None:
    """Run a designed experiment (grid, Latin hypercube, Sobol', Saltelli or Morris) over chosen
    factors and keep it like a batch, with each factor as a column (`factor:PATH`); with
    --posterior, every other parameter from the replicate's posterior vector."""
    file = _sweep_file(scenario)
    if list_factors:
        _list_factors(
            load(scenario) if file is None else _spec_scenario(*file)[0], format is Format.json
        )
        return
    if out_dir is None:
        stop("give --out DIR, the folder to keep the sweep in")
    backend = checked_backend(workers, dask_local, scheduler)
    options = _options(design, points, per_point, seed)
    given = [OPTION_OF[name] for name, value in options.items() if value is not None]
    if file is not None:
        if factor or given:
            stop(
                f"{scenario} is a sweep file: it gives the factors and the design; leave out "
                + ", ".join(["--factor"] * bool(factor) + given)
            )
        sweep = _from_file(*file)
        argv = [scenario]
    else:
        sweep = _from_options(scenario, factor or [], design, points, per_point, seed)
        argv = [scenario, *(f"--factor={f}" for f in factor or [])]
        argv += [f"{OPTION_OF[k]}={v}" for k, v in options.items() if v is not None]
    from sim.experiments.calibration.folder import PosteriorError
    from sim.experiments.calibration.use_batch import prepare_sweep

    found = None if posterior is None else posterior_option.read(posterior)
    try:
        target = prepare_sweep(sweep, out_dir, found, resume, chunk_size, allow_engine_change)
    except (BatchError, PosteriorError) as error:
        stop(error)
    for repair in target.repairs:
        print_error(repair, "repair", "yellow")
    if found is not None:
        overridden = target.manifest["posterior"]["overridden"]
        posterior_option.say_overridden(
            sweep.scenario, overridden, "its own values and the factors"
        )
    _announce(sweep)
    size = [f"--chunk-size={chunk_size}"] if chunk_size != CHUNK_SIZE else []
    size += [f"--posterior={posterior}"] if posterior is not None else []
    hint = shlex.join(["alliance-sim", "sweep", *argv, f"--out={out_dir}", "--resume", *size])
    with open_executor(backend) as executor:  # before anything is written
        sweep_folder.write_record(sweep, out_dir)
        run_with_progress([target], executor, hint)
    chunks = len(target.manifest["chunk_seeds"])
    out.print(
        f"{sweep.scenario.id}: {sweep.design_points:,} design points x "
        f"{sweep.replicates_per_point:,} replicates = {sweep.replicates:,} replicates in "
        f"{chunks} chunk(s), {target.manifest['status']} → {out_dir}",
        highlight=False,
        soft_wrap=True,
    )
    out.print(
        "factor columns: " + ", ".join(p.column for p in sweep.parameters),
        highlight=False,
        soft_wrap=True,
    )


def _options(design, points, per_point, seed) -> dict:
    return {
        "design": design.value if design is not None else None,
        "points": points,
        "replicates_per_point": per_point,
        "seed": seed,
    }


def _sweep_file(name: str) -> tuple[Path, object] | None:
    """(path, YAML tree) when `name` is a sweep file, else None (a scenario)."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return None
    try:
        tree = read_yaml(path)
    except ScenarioError as error:
        stop(error)
    return (path, tree) if isinstance(tree, dict) and "factors" in tree else None


def _spec_scenario(path: Path, tree: object):
    """The scenario a sweep file names (an id, or a path relative to the file) and its spec."""
    try:
        spec = sw.SweepSpec.model_validate(tree)
    except ValidationError as error:
        problem = sw.validation_error(error)
        _located(path, tree, problem.loc, problem.message)
    beside = path.parent / spec.scenario
    name = str(beside) if beside.is_file() else spec.scenario
    try:
        return load_scenario(name), spec, name
    except ScenarioError as error:
        if Path(error.file) != Path(name):
            stop(error)  # a problem inside the scenario file: located there
        _located(path, tree, ("scenario",), f"`{name}`: {error.message}")
        raise


def _from_file(path: Path, tree: object) -> sw.Sweep:
    scenario, spec, name = _spec_scenario(path, tree)
    try:
        return sw.build(
            scenario,
            name,
            spec.factors,
            spec.design,
            spec.points,
            spec.replicates_per_point,
            spec.seed,
        )
    except sw.SweepError as problem:
        _located(path, tree, problem.loc, problem.message)
        raise


def _located(path: Path, tree: object, loc: tuple, message: str) -> None:
    line, shown = locate(tree, loc)
    stop(ScenarioError(path, line, shown, message))


def _from_options(
    scenario: str,
    factor_texts: list[str],
    design: DesignKind | None,
    points: int | None,
    per_point: int | None,
    seed: int | None,
) -> sw.Sweep:
    if not factor_texts:
        stop("give at least one --factor PATH=LO:HI[:N] (see --list-factors), or a sweep file")
    loaded = load(scenario)
    fields = []
    for text in factor_texts:
        try:
            fields.append(sw.parse_factor(text))
        except ValueError as error:
            stop(f"--factor {error}")
    data = {
        "scenario": scenario,
        "factors": fields,
        "design": (design or DesignKind.grid).value,
        "points": points,
        "replicates_per_point": 1 if per_point is None else per_point,
        "seed": DEFAULT_SEED if seed is None else seed,
    }
    try:
        spec = sw.SweepSpec.model_validate(data)
        return sw.build(
            loaded,
            scenario,
            spec.factors,
            spec.design,
            spec.points,
            spec.replicates_per_point,
            spec.seed,
        )
    except ValidationError as error:
        problem = sw.validation_error(error)
    except sw.SweepError as error:
        problem = error
    stop(f"{_option(problem.loc, factor_texts)}: {problem.message}")
    raise AssertionError  # unreachable: stop exits


def _option(loc: tuple, factor_texts: list[str]) -> str:
    if loc and loc[0] == "factors" and len(loc) > 1 and isinstance(loc[1], int):
        return f"--factor {factor_texts[loc[1]]}"
    return OPTION_OF.get(str(loc[0]) if loc else "", "sweep")


def _announce(sweep: sw.Sweep) -> None:
    settings = sweep.settings
    err.print(
        f"{sweep.scenario.id}: design {sweep.design}, {sweep.design_points:,} points x "
        f"{sweep.replicates_per_point:,} replicates, seed {sweep.seed}",
        highlight=False,
        soft_wrap=True,
    )
    if settings and sweep.design_points > SLOW_POINTS:
        err.print(
            f"[yellow]note:[/] {', '.join(escape(p.path) for p in settings)} "
            f"{'is' if len(settings) == 1 else 'are'} set per design point (not replicate by "
            f"replicate), so each of the {sweep.design_points:,} points is its own model: "
            "expect this to take longer than a batch of the same size",
            highlight=False,
            soft_wrap=True,
        )


def _list_factors(scenario, as_json: bool) -> None:
    """The factors a sweep can set, as a table or (`as_json`) one JSON object per factor."""
    from sim.experiments.factors import catalogue

    factors = list(catalogue(scenario).values())
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "path": p.path,
                        "draw": p.name,
                        "kind": p.kind,
                        "value": p.value,
                        "low": p.low,
                        "high": p.high,
                        "label": p.label,
                        "source": p.source,
                    }
                    for p in factors
                ],
                indent=2,
            )
        )
        return
    out.print(f"[bold]{escape(scenario.title)}[/]: factors a sweep can set", highlight=False)
    for parameter in factors:  # the path on a line of its own, never broken
        shown = (
            f"{parameter.low:g} to {parameter.high:g}"
            if parameter.uncertain
            else f"{parameter.value:g}"
        )
        out.print(f"{escape(parameter.path)}  [dim]({shown})[/]", highlight=False, soft_wrap=True)
        out.print(
            Padding(f"{escape(parameter.label)}. [dim]{escape(parameter.source)}[/]", (0, 0, 0, 4)),
            highlight=False,
        )
    out.print(
        "Any other number a counterfactual can `set` is a factor too (set per design point). "
        "A `happens` factor lies in [0, 1]: the event happens above 1 - probability.",
        highlight=False,
    )
