"""The server's class sessions, in memory only: bounded in number and age, each found by its
join code; nothing about students is kept once the teacher ends a session. Each client is held
to its share (`limits`), each browser's place is kept across reloads (`places`), and with a
`store` every session is also on disk and resumed when the server restarts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from alliance_sim.classroom.live.codes import new_code, normal_code
from alliance_sim.classroom.live.limits import ClientLimits
from alliance_sim.classroom.live.places import Places
from alliance_sim.classroom.live.session import DEFAULT_TIME_LIMIT, ClassError, ClassSession
from alliance_sim.classroom.live.store import TEACHER, ClassStore
from alliance_sim.i18n import _
from sim.scenario.structure import Scenario

MAX_SESSIONS = 20  # class sessions kept at once on one server
MAX_AGE = 4 * 3600  # seconds after which a session is dropped, ended or not


class ClassRoom:
    """The server's class sessions, in memory only: at most MAX_SESSIONS, each dropped after
    MAX_AGE seconds or when its teacher ends it."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, store: ClassStore | None = None
    ):
        self.clock, self.store = clock, store
        self.sessions: dict[str, ClassSession] = {}
        self.lock = threading.Lock()
        self.limits = ClientLimits(clock)
        self.places = Places()
        for session, places in store.load(clock) if store else []:
            self.sessions[session.code] = session
            for browser, student in places:
                if student == TEACHER:
                    self.places.teach(browser, session.code, session.token)
                else:
                    self.places.join(browser, session.code, student)

    def prune(self) -> None:
        now = self.clock()
        with self.lock:
            old = [c for c, s in self.sessions.items() if now - s.created > MAX_AGE]
            for code in old:
                del self.sessions[code]
        for code in old:
            self._forget(code)

    def _forget(self, code: str) -> None:
        self.limits.forget(code)
        self.places.forget(code)
        if self.store:
            self.store.delete(code)

    def create(self, scenario: Scenario, seed: int = 1950,
               time_limit: float = DEFAULT_TIME_LIMIT, client: str = "",
               browser: str = "") -> ClassSession:  # fmt: skip
        """A new session started by `client` from `browser` (remembered there for reloads)."""
        self.prune()
        self.limits.check_start(client, set(self.sessions))
        with self.lock:
            if len(self.sessions) >= MAX_SESSIONS:
                raise ClassError(
                    _("This server already runs {count} class sessions; end one first.").format(
                        count=MAX_SESSIONS
                    )
                )
            code = new_code()
            while code in self.sessions:
                code = new_code()
            session = ClassSession(scenario, seed, time_limit, self.clock, code)
            self.sessions[code] = session
            if self.store:
                self.store.add(session)
        self.limits.started_session(client, code)
        if browser:
            self.places.teach(browser, code, session.token)
            if self.store:
                self.store.place(browser, code)
        return session

    def join(self, code: str, name: str, client: str = "", browser: str = "") -> tuple[str, str]:
        """A student joins with a typed code: (the session's code, the student's id). A browser
        that already has a place in that session gets it back instead of a new one; wrong codes
        count against the client's tries."""
        self.limits.check_tries(client)
        try:
            session = self.find(code)
        except ClassError:
            self.limits.failed_try(client)
            raise
        known = self.places.joined(browser, session.code) if browser else None
        if known is not None and known in session.students:
            return session.code, known
        if known is not None and known in session.removed:
            raise ClassError(_("The teacher removed you from this class session."))
        self.limits.add_seat(client, session.code)
        student = session.join(code, name)
        if browser:
            self.places.join(browser, session.code, student)
            if self.store:
                self.store.place(browser, session.code, student)
        return session.code, student

    def teaching(self, browser: str) -> tuple[str, str] | None:
        """(code, token) of the live session this browser started, or None."""
        found = self.places.teaching(browser)
        return found if found and found[0] in self.sessions else None

    def joined(self, browser: str, code: str | None = None) -> tuple[str, str] | None:
        """(code, student id) of this browser's place in session `code` (None: its latest),
        if the session is still there and the student in it (or removed from it by the
        teacher, so that their page can say so)."""
        if code is None:
            found = self.places.any_joined(browser)
        else:
            student = self.places.joined(browser, normal_code(code))
            found = (normal_code(code), student) if student else None
        session = self.sessions.get(found[0]) if found else None
        if session is None or found[1] not in (*session.students, *session.removed):
            return None
        return found

    def find(self, code: str) -> ClassSession:
        self.prune()
        session = self.sessions.get(normal_code(code))
        if session is None:
            raise ClassError(_("No class session has that code (check it with your teacher)."))
        return session

    def end(self, code: str, token: str | None) -> None:
        """The teacher ends the session: it and everything about its students are dropped."""
        session = self.find(code)
        session.check_teacher(token)
        with self.lock:
            self.sessions.pop(session.code, None)
        self._forget(session.code)
        session.end()

    def tick(self) -> None:
        """Apply the time limits of every session (see ClassSession.tick)."""
        for session in list(self.sessions.values()):
            session.tick()
