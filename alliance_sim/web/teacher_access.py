"""Who may act as the teacher in this browser, and who this browser is (issue 21 item 1).

`alliance-sim serve --teacher-key KEY` (or a key it makes up and prints when it serves the
class network) puts the key in the environment (`KEY_ENV`). With a key, only a browser in
which it was typed once may start, end or export class sessions and switch on the teacher
view; the server remembers such browsers by their session cookie (HttpOnly, see `http_guard`),
so the key is never kept in the page. Without a key (the default on 127.0.0.1 only) every
browser on this computer is the teacher.

A browser is named by Solara's session cookie; a client (for the per-client limits) by its
network address, or by its browser when it is this computer itself (every loopback browser
has the same address).
"""

from __future__ import annotations

import os
import secrets
import threading

import solara
import solara.lab

from alliance_sim.classroom.live.limits import TooMany
from alliance_sim.web.content import words
from alliance_sim.web.http_guard import CLIENT_HEADER
from alliance_sim.web.ui_class_session import ROOM

KEY_ENV = "ALLIANCE_SIM_TEACHER_KEY"
LOOPBACK = ("127.", "::1", "localhost", "")

authorised = solara.reactive(False)  # this page's browser may act as the teacher
_teachers: set[str] = set()  # the browsers in which the key was typed
_lock = threading.Lock()


def key_required() -> bool:
    return bool(os.environ.get(KEY_ENV))


def browser_id() -> str:
    """This browser's id: Solara's session cookie."""
    return solara.get_session_id()


def client_id() -> str:
    """The device: its network address as the server saw it (`http_guard`), or this browser
    when the page is opened on the server's own computer."""
    headers = solara.lab.headers.value or {}
    address = (headers.get(CLIENT_HEADER.decode()) or [""])[0]
    if address.startswith(LOOPBACK):
        return f"browser:{browser_id()}"
    return f"address:{address}"


def restore() -> None:
    """At page open: whether this browser may act as the teacher."""
    authorised.value = not key_required() or browser_id() in _teachers


def enter_key(typed: str) -> str | None:
    """Check a typed teacher key; None if it opened the teacher's controls, else why not."""
    client = client_id()
    try:
        ROOM.limits.check_tries(client)
    except TooMany as error:
        return str(error)
    key = os.environ.get(KEY_ENV, "")
    if not key or secrets.compare_digest(typed.strip().encode(), key.encode()):
        with _lock:
            _teachers.add(browser_id())
        authorised.value = True
        return None
    ROOM.limits.failed_try(client)
    return words.TEACHER_KEY_WRONG


@solara.component
def TeacherKey():
    """The teacher key, typed once in this browser (shown only when a key is set)."""
    typed, set_typed = solara.use_state("")
    problem, set_problem = solara.use_state("")
    if authorised.value:
        return
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.InputText(words.TEACHER_KEY, value=typed, on_value=set_typed, password=True,
                         continuous_update=True, classes=["teacher-key"])  # fmt: skip
        solara.Button(words.TEACHER_KEY_ENTER, color="primary", classes=["teacher-key-enter"],
                      on_click=lambda: set_problem(enter_key(typed) or ""))  # fmt: skip
    if problem:
        solara.Error(problem, classes=["teacher-key-problem"])
