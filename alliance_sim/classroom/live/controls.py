"""What the teacher may change in a live class session (issue 21 item 1): remove or rename a
student, close the room to new students, and pause, extend or skip the step timer.

Each control needs the session's teacher token (a student's page has none), is recorded as
an event (`ClassSession.record`) so that `store` replays it after a restart, and redraws
every open page. A removed student's id stops working at once: their page says they were
removed, their game is dropped (the step goes on without them) and their browser cannot join
again under a new name; a room that is closed still lets its own students back in after a
reload.
"""

from __future__ import annotations

from dataclasses import replace

from alliance_sim.classroom.live.session import ClassError, ClassSession, clean_name
from alliance_sim.classroom.live.timer import MAX_EXTRA
from alliance_sim.i18n import _

EXTRA_SECONDS = 30
"""What "+30 s" adds to the step waiting."""


def remove(session: ClassSession, token: str | None, student_id: str) -> None:
    """Remove a student: their place, prediction and game go; their id stops working."""
    with session.lock:
        session.check_teacher(token)
        session.students.pop(_known(session, student_id))
        session.removed.add(student_id)
        session.games = [g for g in session.games if g.student != student_id]
        session.record("remove", student_id)
        session.play_if_all_in()  # the step may have waited only for them
        session.changed()


def rename(session: ClassSession, token: str | None, student_id: str, name: str) -> None:
    """Give a student another name (empty: "Student N"), everywhere it is shown."""
    with session.lock:
        session.check_teacher(token)
        student = session.students[_known(session, student_id)]
        student.name = clean_name(name)
        for game in session.games:
            if game.student == student_id:
                game.player = student.shown
                game.log = [replace(row, player=student.shown) for row in game.log]
        session.record("rename", student_id, student.name)
        session.changed()


def close(session: ClassSession, token: str | None, closed: bool = True) -> None:
    """Lock the room (no new students) or open it again."""
    with session.lock:
        session.check_teacher(token)
        session.closed = bool(closed)
        session.record("close", session.closed)
        session.changed()


def pause(session: ClassSession, token: str | None, paused: bool = True) -> None:
    """Stop the step timer (until resumed, from step to step), or start it again."""
    with session.lock:
        session.check_teacher(token)
        _playing(session)
        session.timer.pause() if paused else session.timer.resume()
        session.record("pause", bool(paused))
        session.changed()


def extend(session: ClassSession, token: str | None, seconds: float = EXTRA_SECONDS) -> None:
    """Give the students `seconds` more for the step waiting."""
    with session.lock:
        session.check_teacher(token)
        _playing(session)
        if not 1 <= seconds <= MAX_EXTRA:
            raise ClassError(_("Add between 1 and {most} seconds.").format(most=MAX_EXTRA))
        session.timer.extend(seconds)
        session.record("extend", seconds)
        session.changed()


def skip(session: ClassSession, token: str | None) -> None:
    """End the wait now: the agents move for the students who have not answered (recorded as
    the step's time running out)."""
    with session.lock:
        session.check_teacher(token)
        _playing(session)
        session.timer.expire()
        session.tick()


def _known(session: ClassSession, student_id: str) -> str:
    if student_id not in session.students:
        raise ClassError(_("That student is no longer in this class session."))
    return student_id


def _playing(session: ClassSession) -> None:
    if session.phase != "playing" or not session.timer.waiting:
        raise ClassError(_("No step is waiting for the students now."))


REPLAYED = {"remove": remove, "rename": rename, "close": close, "pause": pause,
            "extend": extend}  # fmt: skip
"""The recorded controls `store.replay` makes again (a skip is recorded as a `tick`)."""
