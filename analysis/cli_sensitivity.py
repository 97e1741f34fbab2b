"""`alliance-sim sensitivity SCENARIO --method sobol|morris`: SALib indices as tables, JSON
and bar charts.

Called by the `sensitivity` command of `sim/cli.py` (whose default method, Spearman rank
correlations, stays there). The design is run as a sweep by the batch engine, in a temporary
folder or in `--keep DIR` (a sweep folder that `alliance-sim discover` reads).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from analysis import sobol
from sim.batch import BatchError
from sim.cli import err, out
from sim.cli_batch import _run_with_progress, _stop


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
        _stop(error)
    if keep is not None and keep.exists() and any(keep.iterdir()):
        _stop(
            f"--keep {keep}: the folder is not empty; choose a new folder for the design's results"
        )
    with contextlib.ExitStack() as stack:
        folder = keep or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="alliance-sim-sensitivity-"))
        )
        try:
            target = sw.prepare(sweep, folder, chunk_size=sobol.CHUNK)
        except BatchError as error:
            _stop(error)
        _announce(sweep, method, samples)
        sw.write_record(sweep, folder)
        _run_with_progress([target], workers, "the same command again")
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
