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

from alliance_sim.cli.console import Format, FormatOpt, out, stop


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
            "ISSUE<DATE (also <=, >, >=; never agreeing counts as later than any date).",
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
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the chart (default: FOLDER/figures)."),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Scenario discovery: which combinations of parameters lead to an outcome (PRIM)."""
    from analysis import discovery as sd

    try:
        saved, record = _read(folder)
        condition = sd.parse_condition(outcome, saved.scenario)
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
        )
    except sd.DiscoveryError as error:
        stop(error)
    chart = _chart(found, saved.scenario, out_dir or folder / "figures")
    if format is Format.json:
        print(json.dumps({**sd.as_json(found, saved.scenario, folder), "chart": str(chart)}))
        return
    _print_trajectory(found)
    for line in sd.statement(found, saved.scenario):
        out.print(escape(line), highlight=False, soft_wrap=True)
    if found.left_out:
        out.print(f"Left out: {escape(', '.join(found.left_out))}", highlight=False, soft_wrap=True)
    out.print(str(chart), highlight=False, soft_wrap=True)


def _read(folder: Path):
    """The saved runs and, for a sweep, its record; DiscoveryError if unreadable."""
    from analysis.discovery import DiscoveryError
    from analysis.results_io import ResultsError, read_checked_manifest, read_results
    from sim import sweep as sw
    from sim.batch import BatchError
    from sim.table_io import parquet_columns

    try:
        record = sw.read_record(folder) if folder.is_dir() else None
    except BatchError as error:
        raise DiscoveryError(str(error)) from None
    try:
        read_checked_manifest(folder)
        columns = parquet_columns(folder / "chunks" / "chunk-00000.parquet")
        wanted = ["replicate", "issue", "outcome", "agreement_date"]
        wanted += [c for c in columns if c.startswith(("factor:", "draw:"))]
        return read_results(folder, wanted), record
    except ResultsError as error:
        message = str(error)
        if record is not None:  # the hint names `batch`; a sweep is finished by its own command
            message = re.sub(
                r"`alliance-sim batch [^`]*`",
                "the same `alliance-sim sweep` command with --resume",
                message,
            )
        raise DiscoveryError(message) from None


def _print_trajectory(found) -> None:
    from rich.table import Table

    table = Table(
        title=f"Peeling trajectory ({found.sampled:,} runs)",
        title_justify="left",
        caption="coverage: share of the cases inside the box; density: share of the box's runs "
        "that are cases",
        caption_justify="left",
    )
    for name in ("step", "coverage", "density", "mass", "restricted"):
        table.add_column(name, justify="right")
    for step in found.trajectory:
        mark = " ◀" if step["step"] == found.chosen else ""
        table.add_row(
            f"{step['step']}{mark}",
            f"{step['coverage']:.0%}",
            f"{step['density']:.0%}",
            f"{step['mass']:.1%}",
            str(step["restricted"]),
        )
    out.print(table)


def _chart(found, scenario, folder: Path) -> Path:
    from analysis.discovery import plot_trajectory, trajectory_data
    from analysis.figures import save_figure

    slug = re.sub(
        r"[^A-Za-z0-9_.-]+",
        "_",
        found.condition.text.replace(">", "_after_").replace("<", "_before_"),
    )
    fig = plot_trajectory(trajectory_data(found, scenario))
    written = save_figure(fig, folder / f"{scenario.id}_discover_{slug}")
    return next(path for path in written if path.suffix == ".png")
