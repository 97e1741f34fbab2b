"""What one client (a device on the class network, or one browser on this computer) may do to
the server's class sessions, so that one student cannot lock the class out (issue 21 item 1,
issue 24 item 5): start at most a few sessions, take at most a few seats in one session, and
try join codes or the teacher key only so often.

Plain Python with an injectable clock, no Solara: the web page names the client
(`alliance_sim.web.teacher_access.client_id`) and the tests drive the limits directly.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from alliance_sim.classroom.live.session import ClassError
from alliance_sim.i18n import _

SESSIONS_PER_CLIENT = 2
"""Live class sessions one client may have started (a teacher needs one; two allows a spare)."""
SEATS_PER_CLIENT = 4
"""Students one client may add to one session (a few groups sharing a laptop)."""
TRIES = 10
"""Failed join codes (or teacher keys) one client may type per `WINDOW` seconds."""
WINDOW = 60.0
PRUNE_EVERY = WINDOW
"""Seconds between two sweeps of the counters of clients no longer doing anything, so that
the memory they take stays bounded by the clients of the last minute and the live sessions."""


class TooMany(ClassError):
    """A client went over one of its limits; the message says which and what to do."""


class ClientLimits:
    """The counters behind the limits, one set for the whole server."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.started: dict[str, set[str]] = {}  # client -> codes of the sessions it started
        self.seats: dict[tuple[str, str], int] = {}  # (client, code) -> students added
        self.failures: dict[str, deque[float]] = {}  # client -> times of its failed tries
        self.swept = clock()

    def check_start(self, client: str, live: set[str]) -> None:
        """Refuse a new session if `client` already runs its share of the `live` ones."""
        with self.lock:
            mine = self.started.get(client, set()) & live
            self.started[client] = mine
            if len(mine) >= SESSIONS_PER_CLIENT:
                raise TooMany(
                    _("You already run {count} class sessions; end one before starting "
                      "another.").format(count=len(mine))
                )  # fmt: skip

    def started_session(self, client: str, code: str) -> None:
        with self.lock:
            self.started.setdefault(client, set()).add(code)

    def add_seat(self, client: str, code: str) -> None:
        """Count one more student from `client` in session `code`, or refuse it."""
        with self.lock:
            added = self.seats.get((client, code), 0)
            if added >= SEATS_PER_CLIENT:
                raise TooMany(
                    _("This device has already joined {count} times; reload the page to get "
                      "your place back.").format(count=added)
                )  # fmt: skip
            self.seats[(client, code)] = added + 1

    def check_tries(self, client: str) -> None:
        """Refuse a try if `client` failed `TRIES` times in the last `WINDOW` seconds."""
        with self.lock:
            if self.clock() - self.swept >= PRUNE_EVERY:
                self._sweep()
            recent = self._recent(client)
            if len(recent) >= TRIES:
                wait = max(1, math.ceil(recent[0] + WINDOW - self.clock()))
                wrong = _("Too many wrong tries: wait {wait} seconds, then try again.")
                raise TooMany(wrong.format(wait=wait))

    def failed_try(self, client: str) -> None:
        with self.lock:
            self.failures.setdefault(client, deque()).append(self.clock())
            if self.clock() - self.swept >= PRUNE_EVERY:
                self._sweep()

    def _sweep(self) -> None:
        """Drop the entries of clients with no recent failed try and no live session (the
        seats' counts go with their sessions, `forget`)."""
        self.swept = self.clock()
        for client in list(self.failures):
            if not self._recent(client):
                del self.failures[client]
        for client in [c for c, codes in self.started.items() if not codes]:
            del self.started[client]

    def entries(self) -> int:
        """How many counters are kept (for the tests of bounded memory)."""
        return len(self.failures) + len(self.started) + len(self.seats)

    def _recent(self, client: str) -> deque[float]:
        recent = self.failures.get(client, deque())
        while recent and recent[0] <= self.clock() - WINDOW:
            recent.popleft()
        return recent

    def forget(self, code: str) -> None:
        """Drop the counts of an ended session."""
        with self.lock:
            for key in [k for k in self.seats if k[1] == code]:
                del self.seats[key]
            for codes in self.started.values():
                codes.discard(code)
            self._sweep()
