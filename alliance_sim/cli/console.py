"""What every command shares: the two consoles, the one error printer, common options.

Bad input (an unknown scenario, a malformed file, an out-of-range option)
ends with one located message on stderr and exit code 2, never a traceback.
Neither console turns `:100:` into an emoji or `[field]` into markup, so a
located message keeps its line number and its brackets.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from alliance_sim.i18n import _
from sim.scenario.campaign import Campaign
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.structure import Scenario
from sim.store.atomic import write_failure

if TYPE_CHECKING:
    from sim.engine.results import Results

out = Console(emoji=False)  # `file.yaml:100:` must not become an emoji
err = Console(stderr=True, emoji=False)


class Format(StrEnum):
    table = "table"
    json = "json"


def with_provenance(document: dict, scenario: Scenario | Campaign | None = None) -> dict:
    """A command's JSON `document` with a `provenance` object: the engine fingerprint, versions
    and git commit (:mod:`sim.store.provenance`) and, given one, the scenario's hash."""
    from sim.store.manifest import scenario_hash
    from sim.store.provenance import provenance

    recorded = provenance()
    if scenario is not None:
        recorded["scenario_hash"] = scenario_hash(scenario)
    return {**document, "provenance": recorded}


ScenarioArg = Annotated[str, typer.Argument(help="Built-in scenario id or path to a YAML file.")]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the pages: en, ko, zh-Hans or ru (default: from LANG, else en).",
    ),
]


def use_language(lang: str | None) -> str:
    """The language of this command's texts: `--lang`, else the environment's (`LANG`), else
    English; an unknown `--lang` stops with the shipped ones named."""
    import alliance_sim.i18n as i18n

    if lang is not None and i18n.normalize(lang) is None:
        i18n.set_language(i18n.from_environment())  # the refusal in the environment's language
        stop(_("--lang {lang}: not a shipped language; use one of {languages}").format(
            lang=lang, languages=", ".join(i18n.html_lang(known) for known in i18n.LANGUAGES)))  # fmt: skip
    chosen = i18n.normalize(lang) if lang else i18n.from_environment()
    i18n.set_language(chosen)
    return chosen


Replicates = Annotated[
    int, typer.Option("--replicates", "-n", min=1, max=10_000_000, help="Replicates to simulate.")
]
Seed = Annotated[
    int, typer.Option("--seed", "-s", min=0, help="The one seed all randomness flows from.")
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Readable table or one JSON object.")
]


def print_error(message: object, label: str | None = None, style: str = "bold red") -> None:
    """Print one message on stderr as plain text after a styled label (`error:` in the
    command's language, `repair:`)."""
    label = _("error") if label is None else label
    err.print(f"[{style}]{label}:[/] {escape(str(message))}", highlight=False, soft_wrap=True)


def stop(message: object, code: int = 2) -> NoReturn:
    """Print the error and end the command with `code` (2: bad input)."""
    print_error(message)
    raise typer.Exit(code)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """A file-system fault inside the block (no permission, a full disk, a file where a
    folder should be) ends the command with one line naming the path and the cause, exit 1.
    The writers are atomic, so nothing partial is left behind."""
    try:
        yield
    except OSError as error:
        stop(write_failure(error, path), 1)


def load(name: str) -> Scenario | Campaign:
    """A built-in id or a file, loaded and checked; a problem ends the command, located."""
    try:
        return load_scenario(name)
    except ScenarioError as error:
        stop(error)


def load_exercise(name: str) -> Scenario | Campaign:
    """A built-in or file counterfactual exercise; anything else ends the command, named."""
    loaded = load(name)
    if loaded.exercise is None:
        stop(_("`{name}` is not a counterfactual exercise; see `alliance-sim exercises`").format(
            name=name))  # fmt: skip
    return loaded


def simulate(
    scenario: Scenario | Campaign, replicates: int, seed: int, show_progress: bool
) -> Results:
    """One run of the ensemble, with a progress bar over its steps on a terminal."""
    from sim.engine.runner import run  # the engine loads only for a command that simulates

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
