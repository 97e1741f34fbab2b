"""The class session a page shows, live.

Sessions live in this server's memory (`ROOM`), shared by every browser: each open page polls
its session a few times a second (and applies the time limits), so that a move made on one
phone shows on the projector. The teacher token is given only to the browser that started the
session, and each browser's place comes back after a reload (`ROOM.places`, by the browser's
session cookie; `alliance_sim.web.teacher_access`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import parse_qs

import solara
import solara.lab

from alliance_sim.classroom.live.room import MAX_AGE, ClassRoom
from alliance_sim.classroom.live.session import (
    ClassError,
    ClassSession,
)
from alliance_sim.classroom.live.store import PATH_ENV, ClassStore


def _room() -> ClassRoom:
    """The server's class room, on disk when `serve --class-db` names a file (else in memory)."""
    path = os.environ.get(PATH_ENV)
    if not path:
        return ClassRoom()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return ClassRoom(store=ClassStore(path))


ROOM = _room()


POLL = 0.4  # seconds between two looks at the session


def join_code() -> str | None:
    """The code of a student's link (`?join=CODE`), or None. A hook: call it on every render."""
    search = solara.use_router().search or ""
    found = parse_qs(search).get("join")
    return found[0] if found else None


def use_session(code: str | None) -> tuple[ClassSession | None, str, object]:
    """The session with `code` (None: none or ended), a message if it is gone, and what was
    last seen of it; the page is redrawn whenever the session changes, and while a step waits
    every 5 seconds (every second in the last ten). Pass `seen` to the child components that
    draw the session: a component is redrawn only when its arguments change, and the session
    object stays the same."""
    seen, set_seen = solara.use_state(None)

    def poll(cancel: threading.Event) -> None:
        if code is None:
            return
        last, waited = None, 0.0
        while not cancel.wait(POLL) and waited < MAX_AGE:
            waited += POLL
            ROOM.tick()
            try:
                session = ROOM.find(code)
            except ClassError:
                set_seen(("gone",))
                return
            left = session.seconds_left()  # the countdown: each second in the last ten
            now = (session.version, None if left is None else int(left) if left < 10 else
                   5 * int(left // 5))  # fmt: skip
            if now != last:
                last = now
                set_seen(now)

    solara.use_thread(poll, dependencies=[code], intrusive_cancel=False)
    if code is None:
        return None, "", seen
    try:
        return ROOM.find(code), "", seen
    except ClassError as error:
        return None, str(error), seen
