"""The teacher's controls of a running class session (issue 21 item 1), on the projector's
page: lock the room, rename or remove a student, pause, extend or skip the step timer.

Every control goes through `alliance_sim.classroom.live.controls` with the teacher token,
which only the teacher's browser holds; names are the students' own text, shown as text (a
Vue label or `literal`). `run` wraps an action so that a refusal is shown to the teacher.
"""

from __future__ import annotations

from collections.abc import Callable

import solara

from alliance_sim.classroom.live import controls
from alliance_sim.classroom.live.session import MAX_NAME, ClassSession
from alliance_sim.i18n import _
from alliance_sim.web.ui_text import Details, Prose, literal

Run = Callable[[Callable[[], object]], Callable[[], None]]


@solara.component
def RoomControls(session: ClassSession, token: str, run: Run, seen: object):
    """Lock the room (no new students; those in it can still reload) or open it again."""
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        if session.closed:
            Prose(_("*The room is locked: no new student can join.*"), classes=["class-closed"])
            solara.Button(_("Open the room to new students"), outlined=True, color="primary",
                          on_click=run(lambda: controls.close(session, token, False)),
                          classes=["class-open-room"])  # fmt: skip
        else:
            solara.Button(_("Lock the room (no new students)"), outlined=True, color="primary",
                          on_click=run(lambda: controls.close(session, token)),
                          classes=["class-lock-room"])  # fmt: skip


@solara.component
def TimerControls(session: ClassSession, token: str, run: Run, seen: object):
    """Pause or resume the step timer, give more time, or let the agents move now."""
    if session.phase != "playing" or not session.timer.waiting:
        return
    with solara.Row(style={"flex-wrap": "wrap"}):
        if session.timer.paused:
            solara.Button(_("Resume the timer"), color="primary", classes=["class-resume"],
                          on_click=run(lambda: controls.pause(session, token, False)))  # fmt: skip
        else:
            solara.Button(_("Pause the timer"), color="primary", outlined=True,
                          classes=["class-pause"],
                          on_click=run(lambda: controls.pause(session, token)))  # fmt: skip
        solara.Button(_("+{seconds} s").format(seconds=controls.EXTRA_SECONDS), outlined=True,
                      color="primary", classes=["class-extend"],
                      on_click=run(lambda: controls.extend(session, token)))  # fmt: skip
        solara.Button(_("Skip: the agents move now for those who have not answered"),
                      outlined=True, color="primary", classes=["class-skip"],
                      on_click=run(lambda: controls.skip(session, token)))  # fmt: skip


@solara.component
def StudentControls(session: ClassSession, token: str, run: Run, seen: object):
    """Each student who joined, with a field to rename them and a button to remove them
    (asked twice); folded away so that the projector shows the game."""
    students = list(session.students.items())
    if not students:
        return
    with Details(_("Students ({count}): rename or remove").format(count=len(students))):
        for student_id, student in students:
            StudentRow(session, token, run, student_id, student.shown).key(student_id)


@solara.component
def StudentRow(session: ClassSession, token: str, run: Run, student_id: str, shown: str):
    name, set_name = solara.use_state(shown)
    asked, set_asked = solara.use_state(False)
    with solara.Row(
        style={"flex-wrap": "wrap", "align-items": "center"}, classes=["class-student"]
    ):
        solara.InputText(_("Name"), value=name, on_value=set_name, continuous_update=True,
                         classes=["class-rename-name"])  # fmt: skip
        solara.Button(_("Rename"), outlined=True, color="primary", classes=["class-rename"],
                      disabled=" ".join(name.split())[:MAX_NAME] == shown,
                      on_click=run(lambda: controls.rename(session, token, student_id, name)))  # fmt: skip
        if not asked:
            solara.Button(_("Remove…"), outlined=True, color="error", classes=["class-remove"],
                          on_click=lambda: set_asked(True))  # fmt: skip
            return
        Prose(_("Remove **{name}**? Their seat, prediction and game go, and this device cannot "
                "join again.").format(name=literal(shown)))  # fmt: skip
        solara.Button(_("No, keep them"), color="primary", on_click=lambda: set_asked(False),
                      classes=["class-remove-no"])  # fmt: skip
        solara.Button(_("Yes, remove"), color="error", classes=["class-remove-yes"],
                      on_click=run(lambda: controls.remove(session, token, student_id)))  # fmt: skip
