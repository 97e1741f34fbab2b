"""Commands over scenario files: list, exercises, validate, show, schema, run, demo, sensitivity."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.padding import Padding
from rich.text import Text

from alliance_sim.cli.console import (
    Format,
    FormatOpt,
    Replicates,
    ScenarioArg,
    Seed,
    load,
    out,
    print_error,
    simulate,
    with_provenance,
)
from alliance_sim.cli.posterior_option import PosteriorOpt
from sim.engine.run_plan import DEFAULT_REPLICATES, DEFAULT_SEED
from sim.scenario.campaign import END_STATE, Campaign
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_exercises, builtin_scenarios, load_scenario

if TYPE_CHECKING:
    from sim.engine.results import Results
from sim.scenario.structure import Scenario

DEMO_SCENARIOS = ("air_cover", "armistice_terms", "pow_repatriation", "war_1950_53")
"""The three episodes, then the whole war (of the campaign only how it ended is shown)."""


def _print_tables(result: Results, summary: dict, only: list[str] | None = None) -> None:
    from alliance_sim.cli.issue_tables import issue_tables

    for table in issue_tables(result.scenario, summary, only):
        out.print(table)
    out.print()


def list_scenarios() -> None:
    """List the built-in scenarios with one-line descriptions."""
    for scenario_id in builtin_scenarios():
        scenario = load(scenario_id)
        out.print(f"[bold]{scenario_id}[/]  {scenario.summary}", highlight=False)


def validate(files: Annotated[list[Path], typer.Argument(help="Scenario files to check.")]) -> None:
    """Check scenario files; report the first problem in each with file, line and field."""
    failed = False
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as error:
            print_error(error)
            failed = True
            continue
        out.print(
            f"{file}: ok ({scenario.id}: {len(scenario.issues)} issue(s), "
            f"{len(scenario.actors)} actors, {len(scenario.events)} events)",
            highlight=False,
        )
    if failed:
        raise typer.Exit(2)


def exercises() -> None:
    """List the built-in counterfactual exercises with their classroom questions."""
    for exercise_id in builtin_exercises():
        scenario = load(exercise_id)
        out.print(f"[bold]{exercise_id}[/]  [dim](on {scenario.exercise.base})[/]", highlight=False)
        out.print(Padding(Text(scenario.exercise.question), (0, 0, 0, 4)))  # wraps indented


def show(scenario: ScenarioArg) -> None:
    """Print a fully resolved scenario and, for a counterfactual, its difference from the base."""
    from sim.scenario.as_text import as_yaml, diff_against_base

    loaded = load(scenario)
    out.print(as_yaml(loaded), highlight=False, markup=False, soft_wrap=True)
    if loaded.exercise is not None:
        base = load(loaded.exercise.base)
        out.rule(f"changes against {base.id}")
        for line in diff_against_base(base, loaded):
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "")
            out.print(line, style=style, highlight=False, markup=False, soft_wrap=True)


class FileKind(StrEnum):
    scenario = "scenario"
    campaign = "campaign"
    counterfactual = "counterfactual"
    results = "results"


def schema(
    kind: Annotated[
        FileKind, typer.Option("--kind", "-k", help="Which kind of file the schema describes.")
    ] = FileKind.scenario,
) -> None:
    """Print the JSON Schema of scenario, campaign or counterfactual files (for editors), or
    with `--kind results` of a row of the results table (its Parquet columns, with units)."""
    if kind is FileKind.results:
        from analysis.results_schema import results_schema

        print(json.dumps(results_schema(), indent=2))
        return
    from sim.scenario.campaign import CampaignFile
    from sim.scenario.derived_files import Counterfactual

    model = {"scenario": Scenario, "campaign": CampaignFile, "counterfactual": Counterfactual}
    print(json.dumps(model[kind.value].model_json_schema(), indent=2))


def run_command(
    scenario: ScenarioArg,
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
    format: FormatOpt = Format.table,
    posterior: PosteriorOpt = None,
) -> None:
    """Simulate one scenario and compare its outcome distribution with history."""
    from alliance_sim.cli import posterior_option
    from analysis.summary import summarize

    loaded = load(scenario)
    if posterior is not None:
        found = posterior_option.read(posterior)
        result = posterior_option.simulate(loaded, found, replicates, seed, scenario)
    else:
        result = simulate(loaded, replicates, seed, show_progress=format is Format.table)
    summary = summarize(loaded, result.table, replicates, seed)
    if format is Format.json:
        print(json.dumps(with_provenance(summary, loaded)))
    else:
        _print_tables(result, summary)


def demo(
    replicates: Replicates = DEFAULT_REPLICATES,
    seed: Seed = DEFAULT_SEED,
) -> None:
    """Run the three historical episodes and the whole war, each against what happened."""
    from analysis.summary import summarize

    for scenario_id in DEMO_SCENARIOS:
        loaded = load(scenario_id)
        result = simulate(loaded, replicates, seed, show_progress=True)
        only = [END_STATE] if isinstance(loaded, Campaign) else None
        _print_tables(result, summarize(loaded, result.table, replicates, seed), only)
