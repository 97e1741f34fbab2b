"""The `report` command: one self-contained HTML page per classroom exercise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_sim.classroom.class_runs import CLASS_REPLICATES, CLASS_SEED
from alliance_sim.cli.console import (
    LangOpt,
    Replicates,
    ScenarioArg,
    Seed,
    err,
    load,
    load_exercise,
    out,
    stop,
    use_language,
    writing,
)
from alliance_sim.cli.pack import running
from alliance_sim.cli.posterior_option import PosteriorOpt
from alliance_sim.i18n import _

REPORT_REPLICATES = CLASS_REPLICATES


def report(
    exercise: ScenarioArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    replicates: Replicates = REPORT_REPLICATES,
    seed: Seed = CLASS_SEED,
    lang: LangOpt = None,
    explanation: Annotated[
        bool,
        typer.Option(
            help="Print the exercise's explanation after the results; --no-explanation leaves "
            "it out, for a class that has not yet explained the results itself."
        ),
    ] = True,
    posterior: PosteriorOpt = None,
) -> None:
    """Write an exercise report (question, changes, results, figures, history) as one HTML page
    that prints on at most four A4 pages; with --posterior, both runs also under the posterior of
    the exercise's base, and where the prior and the posterior disagree."""
    use_language(lang)
    import matplotlib

    matplotlib.use("Agg")
    from alliance_sim.classroom.report import exercise_report
    from sim.store.atomic import write_text_atomic

    loaded = load_exercise(exercise)
    if not out_file.parent.is_dir():
        stop(_("folder {folder} does not exist").format(folder=out_file.parent))
    base = load(loaded.exercise.base)
    found = None if posterior is None else _posterior(posterior, loaded, base)
    doing = running(base.id, loaded.id, replicates)
    if found is not None:
        doing = _("{running}, under the prior and under the posterior").format(running=doing)
    with err.status(doing):
        page = exercise_report(loaded, base, replicates, seed, explanation, found)
    with writing(out_file):
        write_text_atomic(out_file, page)
    out.print(_("wrote {file}").format(file=out_file), highlight=False)


def _posterior(folder: Path, exercise, base):
    """The posterior in `folder`, checked to be of the exercise's base before anything runs; the
    values the exercise's own changes keep from it said on stderr."""
    from alliance_sim.classroom.report_posterior import check
    from alliance_sim.cli import posterior_option
    from sim.experiments.calibration import use
    from sim.experiments.calibration.folder import PosteriorError

    found = posterior_option.read(folder)
    try:
        check(exercise, base, found)
        posterior_option.say_overridden(exercise, use.applicable(found, exercise)[1])
    except PosteriorError as error:
        stop(error)
    return found
