"""`alliance-sim discover DIR --outcome CONDITION`: PRIM boxes over a saved sweep or batch.

Matplotlib and PRIM are imported inside the command only.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from alliance_sim.cli.console import Format, FormatOpt, out, stop, with_provenance, writing


class Over(StrEnum):
    all = "all"
    factors = "factors"
    draws = "draws"


def discover_command(
    folder: Annotated[
        Path, typer.Argument(help="A results folder of `alliance-sim sweep` (or of `batch`).")
    ],
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help="Which runs to explain: ISSUE=OPTION, ISSUE!=OPTION, or an agreement date "
            "ISSUE<DATE (also <=, >, >=; never agreeing counts as later than any date); or "
            "ISSUE.date=late|early: where the mean agreement date is latest or earliest (in "
            "days; never counts as the day after the horizon).",
        ),
    ],
    over: Annotated[
        Over,
        typer.Option(help="Peel the sweep's factors, the runs' own draws, or all of them."),
    ] = Over.all,
    min_density: Annotated[
        float,
        typer.Option(
            "--min-density",
            min=0.0,
            max=1.0,
            help="Choose the widest box with at least this density (default 0.8).",
        ),
    ] = 0.8,
    box: Annotated[
        int | None, typer.Option("--box", min=0, help="Choose this step of the trajectory.")
    ] = None,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=100, help="Give PRIM at most this many runs (a sample)."),
    ] = 50_000,
    mass_min: Annotated[
        float | None,
        typer.Option(
            "--mass-min",
            min=0.0,
            max=1.0,
            help="PRIM's smallest box, as a share of the runs (default 0.05, or half the "
            "cases' share if that is less).",
        ),
    ] = None,
    boxes: Annotated[
        int,
        typer.Option(
            "--boxes",
            min=1,
            help="Find this many boxes in turn, each on the runs outside the boxes before it.",
        ),
    ] = 1,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the chart (default: FOLDER/figures)."),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Scenario discovery: which combinations of parameters lead to an outcome (PRIM, written
    for alliance-sim from Friedman and Fisher's algorithm)."""
    from analysis import discovery as sd
    from analysis.discovery_conditions import DiscoveryError, parse_condition
    from analysis.discovery_inputs import read_runs

    try:
        saved, record = read_runs(folder)
        condition = parse_condition(outcome, saved.scenario)
        found = sd.discover(
            saved.scenario,
            saved.table,
            condition,
            record,
            over.value,
            min_density,
            box,
            max_rows,
            saved.seed,
            mass_min,
            boxes,
        )
    except DiscoveryError as error:
        stop(error)
    out_dir = out_dir or folder / "figures"
    with writing(out_dir):
        charts = [_chart(box, saved.scenario, out_dir) for box in found]
    if format is Format.json:
        document = sd.as_json(found, saved.scenario, folder)
        for box, chart in zip(document["boxes"], charts, strict=True):
            box["chart"] = str(chart)
        print(json.dumps(with_provenance(document, saved.scenario)))
        return
    for box, chart in zip(found, charts, strict=True):
        _print_trajectory(box)
        for line in sd.statement(box, saved.scenario):
            out.print(escape(line), highlight=False, soft_wrap=True)
        out.print(str(chart), highlight=False, soft_wrap=True)
    if len(found) < boxes:
        out.print(
            f"No box {len(found) + 1}: the runs outside the boxes found hold no contrast.",
            highlight=False,
        )
    if found[0].left_out:
        left = ", ".join(found[0].left_out)
        out.print(f"Left out: {escape(left)}", highlight=False, soft_wrap=True)


def _print_trajectory(found) -> None:
    from rich.table import Table

    continuous = found.condition.continuous
    table = Table(
        title=f"Box {found.number}: peeling trajectory ({found.sampled:,} runs)",
        title_justify="left",
        caption="mean date: the mean agreement date of the box's runs; mass: their share"
        if continuous
        else "coverage: share of the cases inside the box; density: share of the box's runs "
        "that are cases",
        caption_justify="left",
    )
    columns = ("mean_date", "mass") if continuous else ("coverage", "density", "mass")
    for name in ("step", *columns, "restricted"):
        table.add_column(name.replace("_", " "), justify="right")
    for step in found.trajectory:
        mark = " ◀" if step["step"] == found.chosen else ""
        cells = [
            step[name] if name == "mean_date" else f"{step[name]:.1%}" if name == "mass"
            else f"{step[name]:.0%}"
            for name in columns
        ]  # fmt: skip
        table.add_row(f"{step['step']}{mark}", *cells, str(step["restricted"]))
    out.print(table)


def _chart(found, scenario, folder: Path) -> Path:
    from analysis.charts.discovery_chart import plot_trajectory, trajectory_data
    from analysis.charts.figures import save_figure
    from sim.store.atomic import file_set

    slug = re.sub(
        r"[^A-Za-z0-9_.-]+",
        "_",
        found.condition.text.replace(">", "_after_").replace("<", "_before_"),
    )
    fig = plot_trajectory(trajectory_data(found, scenario))
    number = "" if found.number == 1 else f"_box{found.number}"
    with file_set(folder) as draft:  # the PNG and the SVG together
        written = save_figure(fig, draft / f"{scenario.id}_discover_{slug}{number}")
    return next(folder / path.name for path in written if path.suffix == ".png")
