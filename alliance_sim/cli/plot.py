"""`alliance-sim plot DIR`: draw every chart from saved batch results.

Matplotlib is imported inside the command only, so loading the CLI (or the engine) never
pulls it in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_sim.cli.console import err, out, stop, writing

BASE_LABEL = "Historical scenario"
POOLED_CHARTS = (
    "outcomes",
    "not_settled",
    "demands",
    "tension",
    "blockers",
    "still_fighting",
    "timeline",
)
"""The kinds of `analysis.charts.figures.CHARTS` (over every run of a folder), named here so
that loading the CLI needs no matplotlib."""
SWEEP_CHART = "factors"
"""A sweep's outcomes against its factors (`analysis.charts.sweep_chart`)."""
CHART_KINDS = (*POOLED_CHARTS, SWEEP_CHART)


def results_folders(folder: Path) -> list[Path]:
    """`folder` itself when it holds one scenario's results, else its scenario subfolders."""
    from sim.store.manifest import MANIFEST

    if (folder / MANIFEST).is_file() or not folder.is_dir():
        return [folder]
    inner = sorted(p for p in folder.iterdir() if (p / MANIFEST).is_file())
    return inner or [folder]  # reading `folder` then explains what is wrong with it


def group_runs(saved: list) -> list[list]:
    """Labelled runs per chart set: each base with the counterfactuals that extend it.

    A counterfactual whose base is not among the results is drawn on its own.
    """
    by_id = {s.scenario.id: s for s in saved}
    groups: dict[str, list] = {}
    for s in saved:
        exercise = s.scenario.exercise
        if exercise is None:
            groups.setdefault(s.scenario.id, []).insert(0, s.labelled(BASE_LABEL))
        elif exercise.base in by_id:
            groups.setdefault(exercise.base, []).append(s.labelled(s.scenario.title))
        else:
            groups.setdefault(s.scenario.id, []).append(s.labelled(s.scenario.title))
    return list(groups.values())


def plot_command(
    folder: Annotated[
        Path,
        typer.Argument(help="A results folder of `alliance-sim batch` (one scenario or several)."),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the figures (default: FOLDER/figures)."),
    ] = None,
    charts: Annotated[
        list[str] | None,
        typer.Option(
            "--chart",
            "-c",
            metavar="KIND",
            help="Only this kind of chart (repeat for several): "
            + ", ".join(CHART_KINDS)
            + ". Default: every kind that applies.",
        ),
    ] = None,
) -> None:
    """Draw outcome shares, not-yet-settled and still-fighting curves, demand fan charts, bloc
    tension and the timeline of the talks (PNG, SVG); for a sweep, also each outcome against
    each factor (`factors`)."""
    unknown = [kind for kind in charts or [] if kind not in CHART_KINDS]
    if unknown:
        stop(f"unknown chart {', '.join(unknown)}; choose from {', '.join(CHART_KINDS)}")
    from analysis.charts.figures import OPTIONAL_COLUMNS, TABLE_COLUMNS, draw_all
    from sim.store.reading import ResultsError, read_results

    try:
        saved = [
            read_results(path, TABLE_COLUMNS, optional=OPTIONAL_COLUMNS)
            for path in results_folders(folder)
        ]
    except ResultsError as error:
        stop(error)
    from sim.store.atomic import file_set

    out_dir = out_dir or folder / "figures"
    written = []
    pooled = [kind for kind in charts or POOLED_CHARTS if kind != SWEEP_CHART]
    with writing(out_dir), file_set(out_dir) as draft:  # the whole set, or none of it
        for runs in group_runs(saved):
            drawn = draw_all(runs, draft, charts=pooled) if pooled else []
            written += [out_dir / p.name for p in drawn]
        if SWEEP_CHART in (charts or CHART_KINDS):
            drawn = _sweep_charts(results_folders(folder), draft)
            written += [out_dir / p.name for p in drawn]
    for path in written:
        if path.suffix == ".png":
            out.print(str(path), highlight=False, soft_wrap=True)
    if not written:
        err.print(
            f"No {', '.join(charts or [])} chart applies to these results: still_fighting needs "
            "an armistice, timeline several issues or an armistice, demands a history, "
            "tension a bloc, factors a sweep.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    out.print(f"{len(written)} files (PNG and SVG) in {out_dir}", highlight=False)


def _sweep_charts(folders: list[Path], out_dir: Path) -> list[Path]:
    """Each sweep folder's outcomes against its factors, named `<scenario>_factors`."""
    from analysis.charts.figures import save_figure
    from analysis.charts.sweep_chart import plot_sweep, sweep_chart_data
    from analysis.swept import SweptError, read_sweep
    from sim.store.manifest import SWEEP

    written = []
    for folder in (f for f in folders if (f / SWEEP).is_file()):
        try:
            swept = read_sweep(folder)
        except SweptError as error:
            stop(error)
        figure = plot_sweep(sweep_chart_data(swept))
        written += save_figure(figure, out_dir / f"{swept.scenario.id}_factors")
    return written
