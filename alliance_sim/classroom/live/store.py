"""Class sessions on disk (issue 21 item 2): a server restart in the middle of a lesson resumes
every session, its students' places and their games.

A session is stored as what started it (scenario, seed, time limit, code, teacher token) and
the list of its changes, in order (`ClassSession.record`: a join, a seat, a prediction, the
start, a move, a step whose time ran out, a teacher's control from `controls`). The games are deterministic given those, so
replaying the changes rebuilds the same games at the same step; a step that was waiting
waits again its full time limit after the restart. Each browser's place is stored beside
them. Ending a session (or its age) deletes all of it: nothing about students is kept.

SQLite from the standard library, one file, written at every change (a lesson makes a few
hundred).
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from alliance_sim.classroom.live.controls import REPLAYED
from alliance_sim.classroom.live.session import ClassSession
from sim.scenario.structure import Scenario

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (code TEXT PRIMARY KEY, token TEXT NOT NULL,
    scenario TEXT NOT NULL, seed INTEGER NOT NULL, time_limit REAL NOT NULL,
    started_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL, event TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (browser TEXT NOT NULL, code TEXT NOT NULL,
    student TEXT NOT NULL, PRIMARY KEY (browser, code, student));
"""
PATH_ENV = "ALLIANCE_SIM_CLASS_DB"
"""Where `alliance-sim serve --class-db` tells the web app to keep its class sessions."""
TEACHER = ""
"""The `student` column of a teacher's place."""


class ClassStore:
    """One SQLite file of class sessions (see the module)."""

    def __init__(self, path: str | Path, wall: Callable[[], float] = time.time):
        self.wall = wall
        self.lock = threading.Lock()
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.executescript(SCHEMA)

    def _write(self, sql: str, *values) -> None:
        with self.lock:
            self.db.execute(sql, values)

    def add(self, session: ClassSession) -> None:
        """Store a new session and record its changes from now on."""
        self._write(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
            session.code, session.token, session.scenario.model_dump_json(), session.seed,
            session.time_limit, self.wall(),
        )  # fmt: skip
        session.record = lambda *event: self._write(
            "INSERT INTO events (code, event) VALUES (?, ?)", session.code, json.dumps(event)
        )

    def place(self, browser: str, code: str, student: str = TEACHER) -> None:
        self._write("INSERT OR IGNORE INTO places VALUES (?, ?, ?)", browser, code, student)

    def delete(self, code: str) -> None:
        with self.lock:
            for table in ("sessions", "events", "places"):
                self.db.execute(f"DELETE FROM {table} WHERE code = ?", (code,))

    def load(self, clock: Callable[[], float]) -> list[tuple[ClassSession, list[tuple]]]:
        """Every stored session, replayed up to its last change (its age kept on `clock`),
        with its browsers' places: (browser, student id, or `TEACHER`)."""
        with self.lock:
            rows = self.db.execute("SELECT * FROM sessions").fetchall()
            events = self.db.execute("SELECT code, event FROM events ORDER BY id").fetchall()
            places = self.db.execute("SELECT browser, code, student FROM places").fetchall()
        loaded = []
        for code, token, scenario, seed, time_limit, started_at in rows:
            try:
                session = ClassSession(Scenario.model_validate_json(scenario), seed, time_limit,
                                       clock, code)  # fmt: skip
                session.token = token
                session.created = clock() - (self.wall() - started_at)
                replay(session, [json.loads(e) for c, e in events if c == code])
            except (ValueError, KeyError, TypeError) as error:  # written by another version
                warnings.warn(
                    f"class session {code} could not be resumed ({error}); dropped", stacklevel=2
                )
                self.delete(code)
                continue
            session.record = lambda *event, code=code: self._write(
                "INSERT INTO events (code, event) VALUES (?, ?)", code, json.dumps(event)
            )
            loaded.append((session, [(b, s) for b, c, s in places if c == code]))
        return loaded


def replay(session: ClassSession, events: list[list]) -> None:
    """Make `session`'s recorded changes again, in order; a step whose time ran out is played
    as then, and the step now waiting gets its full time limit."""
    clock = session.clock
    session.clock = lambda: math.inf  # a recorded "tick": the time had run out
    try:
        for kind, *args in events:
            if kind == "join":
                session.join(session.code, args[1], student_id=args[0])
            elif kind == "start":
                session.start(session.token)
            elif kind in REPLAYED:
                REPLAYED[kind](session, session.token, *args)
            else:  # take_seat, predict, submit, tick
                getattr(session, kind)(*args)
    finally:
        session.clock = clock
    session.timer.restart()
