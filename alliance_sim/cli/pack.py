"""The teacher pack commands: `pack` (lesson plan, handouts, worksheets) and `handout`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_sim.classroom.class_runs import CLASS_SEED
from alliance_sim.classroom.pack.pack_runs import PACK_REPLICATES
from alliance_sim.cli.console import (
    LangOpt,
    Replicates,
    ScenarioArg,
    Seed,
    err,
    load_exercise,
    out,
    stop,
    use_language,
    writing,
)
from alliance_sim.i18n import _
from alliance_sim.i18n.formats import format_number


def pack(
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write (made if it is missing).")
    ],
    exercises: Annotated[
        list[str] | None,
        typer.Argument(help="Exercise ids or files (default: every built-in exercise)."),
    ] = None,
    replicates: Replicates = PACK_REPLICATES,
    seed: Seed = CLASS_SEED,
    lang: LangOpt = None,
) -> None:
    """Write the teacher pack: lesson plan, and per exercise a handout and a worksheet (A4 HTML)."""
    use_language(lang)
    from alliance_sim.classroom.pack.pack_runs import Simulator
    from alliance_sim.classroom.pack.teacher_pack import write_pack
    from sim.store.atomic import file_set

    chosen = {}
    for name in exercises or []:
        loaded = load_exercise(name)
        chosen[loaded.id] = loaded
    if not out_dir.parent.is_dir():
        stop(_("folder {folder} does not exist").format(folder=out_dir.parent))
    if out_dir.exists() and not out_dir.is_dir():
        stop(_("{path} is a file, not a folder").format(path=out_dir))
    simulator = Simulator(replicates, seed)
    writing_pack = _("Writing the teacher pack")
    with (
        err.status(writing_pack) as status,
        writing(out_dir),
        file_set(out_dir) as draft,  # the whole pack, or none of it
    ):
        written = write_pack(
            draft,
            chosen or None,
            simulator,
            on_file=lambda path: status.update(f"{writing_pack}: {path.name}"),
        )
    wrote = _("wrote {count} pages to {folder}; open {index}")
    out.print(wrote.format(count=len(written), folder=out_dir, index=out_dir / "index.html"),
              highlight=False)  # fmt: skip


def handout(
    exercise: ScenarioArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    replicates: Replicates = PACK_REPLICATES,
    seed: Seed = CLASS_SEED,
    lang: LangOpt = None,
) -> None:
    """Write one exercise's handout: one A4 page of question, changes, prediction, results."""
    use_language(lang)
    from alliance_sim.classroom.pack.exercise_sheets import handout_page
    from alliance_sim.classroom.pack.pack_runs import Simulator, base_of
    from sim.store.atomic import write_text_atomic

    loaded = load_exercise(exercise)
    if not out_file.parent.is_dir():
        stop(_("folder {folder} does not exist").format(folder=out_file.parent))
    with err.status(running(loaded.exercise.base, loaded.id, replicates)):
        page = handout_page(loaded, base_of(loaded), Simulator(replicates, seed))
    with writing(out_file):
        write_text_atomic(out_file, page)
    out.print(_("wrote {file}").format(file=out_file), highlight=False)


def running(base: str, exercise: str, replicates: int) -> str:
    """What a command that runs an exercise and its base is doing, while it runs them."""
    return _("Running {base} and {exercise} ({replicates} each)").format(
        base=base, exercise=exercise, replicates=format_number(replicates)
    )
