"""`alliance-sim sensitivity SCENARIO`: which uncertain parameters move each issue.

Spearman rank correlations over one run's own draws (the default), or SALib's Sobol and
Morris indices as tables, JSON and bar charts. A Sobol or Morris design is run as a sweep by
the batch engine, in a temporary folder or in `--keep DIR` (a sweep folder that
`alliance-sim discover` reads).
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alliance_sim.cli.batch import run_with_progress
from alliance_sim.cli.console import (
    Format,
    FormatOpt,
    Replicates,
    Seed,
    err,
    load,
    out,
    simulate,
    stop,
    with_provenance,
)
from alliance_sim.cli.indices_tables import show_indices
from alliance_sim.cli.swept import is_sweep_folder, swept_command
from analysis import sobol
from sim.engine.run_plan import DEFAULT_REPLICATES, DEFAULT_SEED
from sim.store.batch import BatchError


def indices_command(
    scenario,
    name: str,
    method: str,
    samples: int | None,
    per_point: int,
    seed: int,
    workers: int,
    top: int,
    as_json: bool,
    chart_dir: Path | None,
    keep: Path | None,
) -> None:
    """Run the design, analyse it and show the result (exits 2 on bad input, writing nothing)."""
    from sim.experiments import sweep as sw

    samples = samples or sobol.DEFAULT_SAMPLES.get(method, 0)
    try:
        sweep = sobol.design(scenario, name, method, samples, per_point, seed)
    except (sobol.SensitivityError, sw.SweepError) as error:
        stop(error)
    if keep is not None and keep.exists() and any(keep.iterdir()):
        stop(
            f"--keep {keep}: the folder is not empty; choose a new folder for the design's results"
        )
    _announce(sweep, method, samples)
    try:
        report = sobol.run_design(
            sweep,
            method,
            samples,
            seed,
            keep,
            lambda target: run_with_progress([target], workers, None),
        )
    except BatchError as error:
        stop(error)
    show_indices(report, top, as_json, chart_dir)
    if keep is not None and not as_json:
        out.print(f"design and results kept in {keep}", highlight=False, soft_wrap=True)


def _announce(sweep, method: str, samples: int) -> None:
    per = "N" if method == "sobol" else "trajectories"
    err.print(
        f"{sweep.scenario.id}: {method}, {len(sweep.parameters)} parameters, {per} = {samples:,}: "
        f"{sweep.design_points:,} design points x {sweep.replicates_per_point} replicate(s)",
        highlight=False,
        soft_wrap=True,
    )


class Method(StrEnum):
    spearman = "spearman"
    sobol = "sobol"
    morris = "morris"


def sensitivity_command(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario id, path to a YAML file, or a finished sweep folder."
        ),
    ],
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
    top: Annotated[int, typer.Option(min=1, help="How many parameters to list per issue.")] = 8,
    format: FormatOpt = Format.table,
    method: Annotated[
        Method | None,
        typer.Option(
            "--method",
            "-m",
            help="spearman: rank correlations over -n replicates' own draws (a sweep folder: "
            "over its factors); sobol: SALib first-order and total indices (a folder: of a "
            "saltelli sweep); morris: SALib elementary effects (a folder: of a morris sweep). "
            "Default: spearman, or for a sweep folder the method its design was built for.",
        ),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            "-N",
            help="sobol: base samples N, a power of 2 (default 1024: about 12 s on 2 cores for "
            "pow_repatriation, whose indices pass the convergence check only from 4096, "
            "four times as long); morris: trajectories (default 64). Halved to check "
            "convergence.",
        ),
    ] = None,
    per_point: Annotated[
        int,
        typer.Option(
            "--replicates-per-point",
            "-k",
            min=1,
            help="sobol, morris: replicates averaged per point.",
        ),
    ] = 1,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="sobol, morris: worker processes.")
    ] = os.cpu_count() or 1,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="sobol, morris: write a bar chart per output (PNG, SVG) here."
        ),
    ] = None,
    keep: Annotated[
        Path | None,
        typer.Option("--keep", help="sobol, morris: keep the design's results in this folder."),
    ] = None,
) -> None:
    """Rank the uncertain parameters by how strongly they move each issue's date and outcome,
    or a finished sweep folder's factors (Sobol' of a saltelli sweep, Morris of a morris sweep,
    Spearman of any).

    With `-f json`, every drawn parameter's Spearman correlation with each issue's agreement
    date and agreed position, as one object (`--method sobol|morris`: SALib's indices of the
    agreement date and of each outcome share, with bootstrap intervals and a convergence check).
    """
    from analysis.sensitivity import correlations, sensitivity

    if is_sweep_folder(scenario):
        swept_command(Path(scenario), method and method.value, top, format is Format.json, chart)
        return
    method = method or Method.spearman
    loaded = load(scenario)
    if method is Method.spearman and (chart is not None or keep is not None):
        option = "--chart" if chart is not None else "--keep"
        stop(
            f"{option} is for --method sobol or morris: the Spearman ranking has no chart or design"
        )
    if method is not Method.spearman:
        indices_command(
            loaded,
            scenario,
            method.value,
            samples,
            per_point,
            seed,
            workers,
            top,
            format is Format.json,
            chart,
            keep,
        )
        return
    result = simulate(loaded, replicates, seed, show_progress=format is Format.table)
    if format is Format.json:
        issues = {issue_id: correlations(result.table, issue_id) for issue_id in loaded.issues}
        document = {"scenario": loaded.id, "replicates": replicates, "seed": seed}
        print(json.dumps(with_provenance({**document, "issues": issues}, loaded), indent=2))
        return
    for issue_id, issue in loaded.issues.items():
        table = Table(
            title=f"{loaded.title}: {issue.label}",
            title_justify="left",
            caption_justify="left",
            caption="Spearman rank correlation over the replicates' own draws; "
            "+ means a higher value goes with a later date or a deal nearer the UN end of the scale",
        )
        table.add_column("Parameter", overflow="fold")
        table.add_column("with agreement date", justify="right")
        table.add_column("with agreed position", justify="right")
        for name, with_date, with_position in sensitivity(result.table, issue_id, top):
            table.add_row(name, f"{with_date:+.2f}", f"{with_position:+.2f}")
        out.print(table)
