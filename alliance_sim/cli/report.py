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
) -> None:
    """Write an exercise report (question, changes, results, figures, history) as one HTML page
    that prints on at most four A4 pages."""
    use_language(lang)
    import matplotlib

    matplotlib.use("Agg")
    from alliance_sim.classroom.report import exercise_report
    from sim.store.atomic import write_text_atomic

    loaded = load_exercise(exercise)
    if not out_file.parent.is_dir():
        stop(_("folder {folder} does not exist").format(folder=out_file.parent))
    with err.status(running(loaded.exercise.base, loaded.id, replicates)):
        page = exercise_report(loaded, load(loaded.exercise.base), replicates, seed, explanation)
    with writing(out_file):
        write_text_atomic(out_file, page)
    out.print(_("wrote {file}").format(file=out_file), highlight=False)
