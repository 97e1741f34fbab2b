"""The `alliance-sim` command line: list, validate, schema, run, demo.

Bad input (an unknown scenario, a malformed file, an out-of-range option)
ends with one located message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from sim import __version__
from sim.campaign import END_STATE, Campaign
from sim.errors import ScenarioError
from sim.loader import builtin_exercises, builtin_scenarios, load_scenario
from sim.runner import DEFAULT_REPLICATES, DEFAULT_SEED, Run, run
from sim.schema import Scenario

app = typer.Typer(
    help="Alliance bargaining in the Korean War: Moscow, Beijing, Pyongyang and Washington "
    "play out scenario files; compare simulated outcomes with what happened.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(emoji=False)  # `file.yaml:100:` must not become an emoji
err = Console(stderr=True, emoji=False)

DEMO_SCENARIOS = ("air_cover", "armistice_terms", "pow_repatriation", "war_1950_53")
"""The three episodes, then the whole war (of the campaign only how it ended is shown)."""


class Format(StrEnum):
    table = "table"
    json = "json"


ScenarioArg = Annotated[str, typer.Argument(help="Built-in scenario id or path to a YAML file.")]
Replicates = Annotated[
    int, typer.Option("--replicates", "-n", min=1, max=10_000_000, help="Replicates to simulate.")
]
Seed = Annotated[
    int, typer.Option("--seed", "-s", min=0, help="The one seed all randomness flows from.")
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Readable table or one JSON object.")
]


def _fail(error: ScenarioError) -> None:
    err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _load(name: str) -> Scenario | Campaign:
    try:
        return load_scenario(name)
    except ScenarioError as error:
        _fail(error)
        raise  # unreachable: _fail exits


def _simulate(
    scenario: Scenario | Campaign, replicates: int, seed: int, show_progress: bool
) -> Run:
    if not show_progress:
        return run(scenario, replicates, seed)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(
            f"{scenario.id} ({replicates:,} replicates)", total=scenario.time.horizon
        )
        return run(
            scenario,
            replicates,
            seed,
            on_step=lambda done, total: progress.update(task, completed=done, total=total),
        )


def _print_tables(result: Run, summary: dict, only: list[str] | None = None) -> None:
    from analysis.tables import issue_tables

    for table in issue_tables(result.scenario, summary, only):
        out.print(table)
    out.print()


@app.command("list")
def list_scenarios() -> None:
    """List the built-in scenarios with one-line descriptions."""
    for scenario_id in builtin_scenarios():
        scenario = _load(scenario_id)
        out.print(f"[bold]{scenario_id}[/]  {scenario.summary}", highlight=False)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Scenario files to check.")]) -> None:
    """Check scenario files; report the first problem in each with file, line and field."""
    failed = False
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as error:
            err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            failed = True
            continue
        out.print(
            f"{file}: ok ({scenario.id}: {len(scenario.issues)} issue(s), "
            f"{len(scenario.actors)} actors, {len(scenario.events)} events)",
            highlight=False,
        )
    if failed:
        raise typer.Exit(2)


@app.command()
def exercises() -> None:
    """List the built-in counterfactual exercises with their classroom questions."""
    for exercise_id in builtin_exercises():
        scenario = _load(exercise_id)
        out.print(f"[bold]{exercise_id}[/]  [dim](on {scenario.exercise.base})[/]", highlight=False)
        out.print(Padding(Text(scenario.exercise.question), (0, 0, 0, 4)))  # wraps indented


@app.command()
def show(scenario: ScenarioArg) -> None:
    """Print a fully resolved scenario and, for a counterfactual, its difference from the base."""
    from sim.display import as_yaml, diff_against_base

    loaded = _load(scenario)
    out.print(as_yaml(loaded), highlight=False, markup=False, soft_wrap=True)
    if loaded.exercise is not None:
        base = _load(loaded.exercise.base)
        out.rule(f"changes against {base.id}")
        for line in diff_against_base(base, loaded):
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "")
            out.print(line, style=style, highlight=False, markup=False, soft_wrap=True)


class FileKind(StrEnum):
    scenario = "scenario"
    campaign = "campaign"
    counterfactual = "counterfactual"


@app.command()
def schema(
    kind: Annotated[
        FileKind, typer.Option("--kind", "-k", help="Which kind of file the schema describes.")
    ] = FileKind.scenario,
) -> None:
    """Print the JSON Schema of scenario, campaign or counterfactual files (for editors)."""
    from sim.campaign import CampaignFile
    from sim.schema import Counterfactual

    model = {"scenario": Scenario, "campaign": CampaignFile, "counterfactual": Counterfactual}
    print(json.dumps(model[kind.value].model_json_schema(), indent=2))


@app.command("run")
def run_command(
    scenario: ScenarioArg,
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
    format: FormatOpt = Format.table,
) -> None:
    """Simulate one scenario and compare its outcome distribution with history."""
    from analysis.summary import summarize

    loaded = _load(scenario)
    result = _simulate(loaded, replicates, seed, show_progress=format is Format.table)
    summary = summarize(loaded, result.table, replicates, seed)
    if format is Format.json:
        print(json.dumps(summary))
    else:
        _print_tables(result, summary)


@app.command()
def demo(
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
) -> None:
    """Run the three historical episodes and the whole war, each against what happened."""
    from analysis.summary import summarize

    for scenario_id in DEMO_SCENARIOS:
        loaded = _load(scenario_id)
        result = _simulate(loaded, replicates, seed, show_progress=True)
        only = [END_STATE] if isinstance(loaded, Campaign) else None
        _print_tables(result, summarize(loaded, result.table, replicates, seed), only)


class Method(StrEnum):
    spearman = "spearman"
    sobol = "sobol"
    morris = "morris"


@app.command("sensitivity")
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
    from rich.table import Table

    from analysis.sensitivity import correlations, sensitivity

    loaded = _load(scenario)
    if method is not Method.spearman:
        from analysis.cli_sensitivity import indices_command

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
    result = _simulate(loaded, replicates, seed, show_progress=format is Format.table)
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


def _version(value: bool) -> None:
    if value:
        print(f"alliance-sim {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Alliance bargaining in the Korean War."""


# Commands living beside their own logic register themselves on `app` when imported.
from analysis import cli_discover, cli_pack, cli_plot, cli_report  # noqa: E402,F401
from analysis.web import cli_serve  # noqa: E402,F401  (registers serve)
from sim import cli_batch, cli_play, cli_sweep  # noqa: E402,F401
