"""The teacher pack commands: `pack` (lesson plan, handouts, worksheets) and `handout`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_sim.cli.console import Replicates, ScenarioArg, Seed, err, load_exercise, out, stop
from analysis.teacher_pack import PACK_REPLICATES
from sim.run_plan import DEFAULT_SEED


def pack(
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write (made if it is missing).")
    ],
    exercises: Annotated[
        list[str] | None,
        typer.Argument(help="Exercise ids or files (default: every built-in exercise)."),
    ] = None,
    replicates: Replicates = PACK_REPLICATES,
    seed: Seed = DEFAULT_SEED,
) -> None:
    """Write the teacher pack: lesson plan, and per exercise a handout and a worksheet (A4 HTML)."""
    from analysis.teacher_pack import Simulator, write_pack

    chosen = {}
    for name in exercises or []:
        loaded = load_exercise(name)
        chosen[loaded.id] = loaded
    if not out_dir.parent.is_dir():
        stop(f"folder {out_dir.parent} does not exist")
    if out_dir.exists() and not out_dir.is_dir():
        stop(f"{out_dir} is a file, not a folder")
    out_dir.mkdir(exist_ok=True)
    simulator = Simulator(replicates, seed)
    with err.status("Writing the teacher pack") as status:
        written = write_pack(
            out_dir,
            chosen or None,
            simulator,
            on_file=lambda path: status.update(f"Writing the teacher pack: {path.name}"),
        )
    out.print(
        f"wrote {len(written)} pages to {out_dir}; open {out_dir / 'index.html'}",
        highlight=False,
    )


def handout(
    exercise: ScenarioArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    replicates: Replicates = PACK_REPLICATES,
    seed: Seed = DEFAULT_SEED,
) -> None:
    """Write one exercise's handout: one A4 page of question, changes, prediction, results."""
    from analysis.teacher_pack import Simulator, base_of, handout_page
    from sim.atomic import write_atomic

    loaded = load_exercise(exercise)
    if not out_file.parent.is_dir():
        stop(f"folder {out_file.parent} does not exist")
    with err.status(f"Running {loaded.exercise.base} and {loaded.id} ({replicates:,} each)"):
        page = handout_page(loaded, base_of(loaded), Simulator(replicates, seed))
    write_atomic(out_file, lambda file: file.write(page.encode("utf-8")))
    out.print(f"wrote {out_file}", highlight=False)
