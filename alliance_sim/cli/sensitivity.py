"""`alliance-sim sensitivity SCENARIO`: which uncertain parameters move each issue.

Spearman rank correlations over one run's own draws (the default), or SALib's Sobol and
Morris indices as tables, JSON and bar charts. A Sobol or Morris design is run as a sweep by
the batch engine, in a temporary folder or in `--keep DIR` (a sweep folder that
`alliance-sim discover` reads).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from alliance_sim.cli.batch import run_with_progress
from alliance_sim.cli.console import (
    Format,
    FormatOpt,
    Replicates,
    ScenarioArg,
    Seed,
    err,
    load,
    out,
    simulate,
    stop,
)
from analysis import sobol
from sim.batch import BatchError
from sim.run_plan import DEFAULT_REPLICATES, DEFAULT_SEED


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
    from sim import sweep as sw

    samples = samples or sobol.DEFAULT_SAMPLES.get(method, 0)
    try:
        sweep = sobol.design(scenario, name, method, samples, per_point, seed)
    except (sobol.SensitivityError, sw.SweepError) as error:
        stop(error)
    if keep is not None and keep.exists() and any(keep.iterdir()):
        stop(
            f"--keep {keep}: the folder is not empty; choose a new folder for the design's results"
        )
    with contextlib.ExitStack() as stack:
        folder = keep or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="alliance-sim-sensitivity-"))
        )
        try:
            target = sw.prepare(sweep, folder, chunk_size=sobol.CHUNK)
        except BatchError as error:
            stop(error)
        _announce(sweep, method, samples)
        sw.write_record(sweep, folder)
        run_with_progress([target], workers, "the same command again")
        from analysis.results_io import read_results

        table = read_results(folder, sobol.COLUMNS).table
        report = sobol.report(sweep, table, method, samples, seed, keep)
    if as_json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        _print(report, top)
    if chart_dir is not None:
        for path in write_charts(report, chart_dir, top):
            if path.suffix == ".png":
                out.print(str(path), highlight=False, soft_wrap=True)
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


def sizes(report: sobol.Report) -> str:
    """The sample sizes, in words."""
    d = len(report.parameters)
    points = report.runs // report.per_point
    if report.method == "sobol":
        design = f"N = {report.samples:,} base samples x ({d} parameters + 2) = {points:,} points"
    else:
        design = f"{report.samples:,} trajectories x ({d} parameters + 1) = {points:,} points"
    return (
        f"{design}, {report.per_point} replicate(s) each ({report.runs:,} runs), seed "
        f"{report.seed}; {int(sobol.CONFIDENCE * 100)} % bootstrap intervals "
        f"({sobol.RESAMPLES} resamples)"
    )


def convergence(found: sobol.Indices, samples: int) -> str:
    change = found.change()
    if change != change:
        return f"the output did not vary in the first {samples // 2:,}: no convergence check"
    what = "indices" if found.ranking == "ST" else "mu* (relative to the largest)"
    verdict = (
        "stable" if change <= sobol.STABLE else f"not yet stable: try --samples {samples * 2:,}"
    )
    return (
        f"doubling from {samples // 2:,} to {samples:,} moved the {what} by at most "
        f"{change:.2f} ({verdict})"
    )


def _print(report: sobol.Report, top: int) -> None:
    method = "Sobol'" if report.method == "sobol" else "Morris"
    out.print(
        f"[bold]{escape(report.scenario.title)}[/]: {method} "
        f"sensitivity over {len(report.parameters)} uncertain parameters",
        highlight=False,
    )
    out.print(sizes(report), highlight=False, soft_wrap=True)
    out.print(
        "Not factors (random in every run, noise the indices do not apportion): "
        + "; ".join(sobol.NOT_FACTORS),
        highlight=False,
        soft_wrap=True,
    )
    for found in report.indices:
        table = Table(
            title=found.output.label,
            title_justify="left",
            caption=convergence(found, report.samples),
            caption_justify="left",
        )
        table.add_column("Parameter", overflow="fold")
        if found.ranking == "ST":
            table.add_column("first order S1", justify="right")
            table.add_column("total ST", justify="right")
        else:
            table.add_column("mu*", justify="right")
            table.add_column("sigma", justify="right")
        for i in found.order()[:top]:
            values = found.values
            if found.ranking == "ST":
                cells = [
                    _with(values["S1"][i], values["S1_conf"][i]),
                    _with(values["ST"][i], values["ST_conf"][i]),
                ]
            else:
                cells = [
                    _with(values["mu_star"][i], values["mu_star_conf"][i]),
                    _fmt(values["sigma"][i]),
                ]
            table.add_row(escape(found.names[i]), *cells)
        out.print(table)
    for item in report.constant:
        why = (
            f"the same indices as {item['mirror_of']}"
            if "mirror_of" in item
            else f"never varies (always {item['value']:.0%})"
            if item["key"].split(":")[1] != "date"
            else "never varies"
        )
        out.print(f"{escape(item['label'])}: {why}", highlight=False, soft_wrap=True)


def _fmt(value: float) -> str:
    return "n/a" if value != value else f"{value:.3g}" if abs(value) >= 10 else f"{value:.2f}"


def _with(value: float, conf: float) -> str:
    if value != value:
        return "n/a"
    return f"{_fmt(value)} ± {_fmt(conf)}"


def write_charts(report: sobol.Report, folder: Path, top: int) -> list[Path]:
    """One bar chart per output (PNG and SVG), named `<scenario>_<method>_<issue>_<measure>`."""
    from analysis.figures import save_figure

    labels = {p.name: p.label for p in report.parameters}
    written = []
    for found in report.indices:
        data = sobol.chart_data(found, labels, top)
        note = f"{sizes(report)}; {convergence(found, report.samples)}"
        fig = sobol.plot_indices(data, note)
        slug = found.output.key.replace(":", "_")
        written += save_figure(fig, folder / f"{report.scenario.id}_{report.method}_{slug}")
    return written


class Method(StrEnum):
    spearman = "spearman"
    sobol = "sobol"
    morris = "morris"


def sensitivity_command(
    scenario: ScenarioArg,
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
    top: Annotated[int, typer.Option(min=1, help="How many parameters to list per issue.")] = 8,
    format: FormatOpt = Format.table,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            "-m",
            help="spearman: rank correlations over -n replicates' own draws; sobol: SALib "
            "first-order and total indices; morris: SALib elementary effects.",
        ),
    ] = Method.spearman,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            "-N",
            help="sobol: base samples N, a power of 2 (default 1024); morris: trajectories "
            "(default 64). Halved to check convergence.",
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
    """Rank the uncertain parameters by how strongly they move each issue's date and outcome.

    With `-f json`, every drawn parameter's Spearman correlation with each issue's agreement
    date and agreed position, as one object (`--method sobol|morris`: SALib's indices of the
    agreement date and of each outcome share, with bootstrap intervals and a convergence check).
    """
    from analysis.sensitivity import correlations, sensitivity

    loaded = load(scenario)
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
        print(json.dumps({**document, "issues": issues}, indent=2))
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
