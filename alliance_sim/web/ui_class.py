"""The "Class" tab: the teacher's side (`ui_class_teacher`) beside the students' (`ui_class_student`).

The session itself (code, teacher token, seats, predictions, time limits, the games) is
`alliance_sim.classroom.live.session`; these modules only draw it, live (`ui_class_session`).
"""

from __future__ import annotations

import solara
import solara.lab

from alliance_sim.web import state, teacher_access, ui_class_session
from alliance_sim.web.content import class_words
from alliance_sim.web.ui_class_student import ClassStudent
from alliance_sim.web.ui_class_teacher import Projector, StartSession
from alliance_sim.web.ui_text import Prose


@solara.component
def ClassMode():
    """The "Class" tab: a teacher starts a session here (or finds the one this browser started,
    after a reload); a student joins one with its code."""
    ended, set_ended = solara.use_state(0)  # redraws after an end (the place may be restored)
    running = state.class_teacher.value or ui_class_session.ROOM.teaching(
        teacher_access.browser_id()
    )
    if running is not None:
        code, token = running
        Projector(code, token, lambda: (state.class_teacher.set(None), set_ended(ended + 1)))
        return
    with solara.Columns([1, 1]):
        with solara.Column():
            StartSession(lambda s: state.class_teacher.set((s.code, s.token)))
        with solara.Column():
            Prose(class_words.CLASS_STUDENT_HEADING)
            ClassStudent(None)
