"""The teacher pack: a folder with the lesson plan (`lesson_plan`), every exercise's handout
and worksheet (`exercise_sheets`) and a contents page, all from runs made when it is written
(`pack_runs`), so the pack never goes stale.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from alliance_sim.classroom.html_table import Markup, escape, table
from alliance_sim.classroom.pack.a4_page import document, footer
from alliance_sim.classroom.pack.exercise_sheets import handout_page, worksheet_page
from alliance_sim.classroom.pack.lesson_plan import LESSON_QUESTION, lesson_plan
from alliance_sim.classroom.pack.pack_runs import Simulator, base_of, loaded
from alliance_sim.classroom.plain_words import Loaded, day
from alliance_sim.i18n import DEFAULT, _, current
from sim.scenario.loader import builtin_exercises
from sim.store.atomic import write_text_atomic


def handout_name(exercise_id: str) -> str:
    return f"{exercise_id}-handout.html"


def worksheet_name(exercise_id: str) -> str:
    return f"{exercise_id}-worksheet.html"


LESSON_FILE = "lesson-plan.html"


def _write(path: Path, page: str) -> Path:
    write_text_atomic(path, page)
    return path


def write_pack(
    folder: Path,
    exercises: dict[str, Loaded] | None = None,
    simulator: Simulator | None = None,
    on_file: Callable[[Path], None] = lambda path: None,
) -> list[Path]:
    """Write the lesson plan, every exercise's handout and worksheet and an index page into
    `folder` (which must exist); `exercises` default to every built-in one."""
    simulator = simulator or Simulator()
    if exercises is None:
        exercises = {i: loaded(i) for i in builtin_exercises()}
    written = []

    def write(name: str, page: str) -> None:
        written.append(_write(folder / name, page))
        on_file(written[-1])

    write(LESSON_FILE, lesson_plan(simulator, exercises))
    for exercise_id, exercise in exercises.items():
        base = base_of(exercise)
        write(handout_name(exercise_id), handout_page(exercise, base, simulator))
        write(worksheet_name(exercise_id), worksheet_page(exercise, base))
    write("index.html", index(exercises))
    return written


def _link(href: str, text: str) -> Markup:
    return Markup(f'<a href="{html.escape(href)}">{escape(text)}</a>')


def index(exercises: dict[str, Loaded]) -> str:
    """The pack's contents page: the lesson plan, then each episode's exercises."""
    by_base: dict[str, list[tuple[str, Loaded]]] = {}
    for exercise_id, exercise in exercises.items():
        by_base.setdefault(exercise.exercise.base, []).append((exercise_id, exercise))
    sections = []
    handout, worksheet = _("handout"), _("worksheet")
    for base_id, items in by_base.items():
        rows = [
            (_(e.title), _link(handout_name(i), handout), _link(worksheet_name(i), worksheet))
            for i, e in items
        ]
        links = table(None, rows, columns=("title", "link", "link"))
        title = escape(_(loaded(base_id).title))
        sections.append(f"<section><h2>{title}</h2>{links}</section>")
    pack = _("Teacher pack")
    plan = _("Lesson plan: {question}").format(question=_(LESSON_QUESTION))
    minutes = _("(45 minutes)")
    printing = _(
        "Print on A4 at 100% scale (not \u201cfit to page\u201d), with the browser's headers and "
        "footers switched off. A handout is one page, a worksheet at most two, the lesson plan at "
        "most three."
    )
    body = [
        f"<h1>{escape(pack)}</h1>",
        f'<p><a href="{LESSON_FILE}">{escape(plan)}</a> {escape(minutes)}</p>',
        f'<p class="small">{escape(printing)}</p>',
        *sections,
        footer(),
    ]
    today = dt.date.today()
    made = f"{today:%d %B %Y}" if current() == DEFAULT else day(today)  # English as it was
    return document(pack, _("Generated {date}").format(date=made), body)
