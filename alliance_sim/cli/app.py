"""The `alliance-sim` command: every command, registered here and nowhere else.

The command modules define plain functions (their docstrings are the help text); the
order below is the order of `alliance-sim --help`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_sim.cli import (
    batch,
    calibrate,
    compare,
    discover,
    pack,
    play,
    plot,
    report,
    scenarios,
    sensitivity,
    serve,
    sweep,
)
from sim import __version__

app = typer.Typer(
    help="Alliance bargaining in the Korean War: Moscow, Beijing, Pyongyang and Washington "
    "play out scenario files; compare simulated outcomes with what happened.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMANDS = {
    "list": scenarios.list_scenarios,
    "validate": scenarios.validate,
    "exercises": scenarios.exercises,
    "show": scenarios.show,
    "schema": scenarios.schema,
    "run": scenarios.run_command,
    "demo": scenarios.demo,
    "sensitivity": sensitivity.sensitivity_command,
    "batch": batch.batch,
    "compare": compare.compare,
    "sweep": sweep.sweep_command,
    "calibrate": calibrate.calibrate_command,
    "discover": discover.discover_command,
    "plot": plot.plot_command,
    "report": report.report,
    "pack": pack.pack,
    "handout": pack.handout,
    "play": play.play,
    "serve": serve.serve,
}
for name, command in COMMANDS.items():
    app.command(name)(command)


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
