"""Sensitivity indices (Sobol', Morris) as tables and bar charts, each with its sample sizes,
its convergence check and a word on negative first-order indices: for a scenario's analysis
and a sweep folder's alike."""

from __future__ import annotations

import json
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from alliance_sim.cli.console import out, with_provenance, writing
from analysis import sobol
from analysis.charts import sensitivity_chart


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


def convergence(found: sobol.Indices, report: sobol.Report) -> str:
    """The convergence check in words, saying what to run when it fails; a note on negative
    first-order indices where there are some."""
    samples = report.samples
    change = found.change()
    if change != change:
        return f"the output did not vary in the first {samples // 2:,}: no convergence check"
    what = "indices" if found.ranking == "ST" else "mu* (relative to the largest)"
    more = "--points" if report.sweep_design else "--samples"
    verdict = "stable" if change <= sobol.STABLE else f"not yet stable: try {more} {samples * 2:,}"
    text = (
        f"doubling from {samples // 2:,} to {samples:,} moved the {what} by at most "
        f"{change:.2f} ({verdict})"
    )
    return text + (f". {sobol.NEGATIVE_S1}" if sobol.negative_first_order(found) else "")


def print_indices(report: sobol.Report, top: int) -> None:
    """The indices of every output as tables, each with its convergence check."""
    method = "Sobol'" if report.method == "sobol" else "Morris"
    out.print(
        f"[bold]{escape(report.scenario.title)}[/]: {method} "
        f"sensitivity over {len(report.parameters)} "
        + (
            f"factors of the {report.sweep_design} sweep in {escape(str(report.folder))}"
            if report.sweep_design
            else "uncertain parameters"
        ),
        highlight=False,
        soft_wrap=True,
    )
    out.print(sizes(report), highlight=False, soft_wrap=True)
    out.print(
        "Not factors (random in every run, noise the indices do not apportion): "
        + "; ".join(report.not_factors),
        highlight=False,
        soft_wrap=True,
    )
    for found in report.indices:
        table = Table(
            title=found.output.label,
            title_justify="left",
            caption=convergence(found, report),
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
    """One bar chart per output (PNG and SVG), named `<scenario>_<method>_<issue>_<measure>`,
    all moved into `folder` together once every one is drawn."""
    from analysis.charts.figures import save_figure
    from sim.store.atomic import file_set

    labels = dict(zip(report.names, (p.label for p in report.parameters), strict=True))
    written = []
    with file_set(folder) as draft:
        for found in report.indices:
            data = sensitivity_chart.chart_data(found, labels, top)
            note = f"{sizes(report)}; {convergence(found, report)}"
            fig = sensitivity_chart.plot_indices(data, note)
            slug = found.output.key.replace(":", "_")
            written += save_figure(fig, draft / f"{report.scenario.id}_{report.method}_{slug}")
    return [folder / path.name for path in written]


def show_indices(report: sobol.Report, top: int, as_json: bool, chart_dir: Path | None) -> None:
    """Sobol' or Morris indices as JSON (with provenance) or tables, and their charts."""
    if as_json:
        print(json.dumps(with_provenance(report.as_json(), report.scenario), indent=2))
    else:
        print_indices(report, top)
    if chart_dir is not None:
        with writing(chart_dir):
            written = write_charts(report, chart_dir, top)
        for path in written:
            if path.suffix == ".png":
                out.print(str(path), highlight=False, soft_wrap=True)
