"""`--posterior DIR` of the commands that simulate: each replicate takes a whole parameter
vector from a calibration's posterior (:mod:`sim.experiments.calibration.use`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from alliance_sim.cli.console import err, stop

if TYPE_CHECKING:
    from sim.engine.results import Results
    from sim.experiments.calibration.folder import Posterior
    from sim.scenario.campaign import Campaign
    from sim.scenario.structure import Scenario

PosteriorOpt = Annotated[
    Path | None,
    typer.Option(
        "--posterior",
        metavar="DIR",
        help="Draw each replicate's parameters from this posterior folder of `alliance-sim "
        "calibrate` instead of the ranges; a counterfactual's changes override it.",
    ),
]


def read(folder: Path) -> Posterior:
    """The posterior in `folder`; a damaged or unfinished one ends the command, named."""
    from sim.experiments.calibration.folder import PosteriorError, read_posterior

    try:
        return read_posterior(folder)
    except PosteriorError as error:
        stop(error)


def say_overridden(
    scenario: Scenario | Campaign, overridden: list[str], by: str = "its own values"
) -> None:
    """Say on stderr which values the scenario's own changes (or a sweep's factors) keep
    from the posterior."""
    if overridden:
        err.print(f"{scenario.id}: {by} override the posterior for "
                  f"{', '.join(overridden)}", highlight=False, soft_wrap=True)  # fmt: skip


def simulate(
    scenario: Scenario | Campaign, posterior: Posterior, replicates: int, seed: int, name: str = ""
) -> Results:
    """The run under the posterior; says on stderr which values the scenario's own changes
    keep from the posterior."""
    from sim.experiments.calibration import use
    from sim.experiments.calibration.folder import PosteriorError

    try:
        say_overridden(scenario, use.applicable(posterior, scenario)[1])
        with err.status(f"{scenario.id} under the posterior ({replicates:,} replicates)"):
            return use.run(scenario, posterior, replicates, seed, source=name)
    except PosteriorError as error:
        stop(error)
