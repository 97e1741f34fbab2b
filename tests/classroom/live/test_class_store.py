"""Class sessions on disk (issue 21 item 2): a server restart in the middle of a game resumes
the same session, students, places and games; ending a session deletes it from the disk."""

from __future__ import annotations

import pytest

from alliance_sim.classroom.live.room import ClassRoom
from alliance_sim.classroom.live.store import ClassStore
from sim.engine.results import NO_AGREEMENT


def _state(room: ClassRoom, code: str) -> tuple:
    """What a restart must keep: phase, students, and each game's step and whole log."""
    session = room.find(code)
    students = [(i, s.shown, s.seat, s.prediction) for i, s in session.students.items()]
    games = [(g.student, g.situation.step if g.situation else None, g.log, g.timeouts)
             for g in session.games]  # fmt: skip
    return session.phase, session.token, students, games, [g.student for g in session.waiting_for()]


def test_a_restart_mid_game_resumes_the_same_games_and_places(tmp_path, clock, pow_scenario):
    path = tmp_path / "class.sqlite3"
    room = ClassRoom(clock, ClassStore(path))
    session = room.create(pow_scenario, 1950, 10, client="t", browser="teacher")
    code = session.code
    _, ann = room.join(code, "Ann", client="a", browser="ann")
    _, bo = room.join(code, "[Bo](x)", client="b", browser="bo")
    session.take_seat(ann, "washington")
    session.take_seat(bo, "moscow")
    deal = next(o for o in session.prediction.outcomes if o != NO_AGREEMENT)
    session.predict(ann, deal, session.prediction.years[-2])
    session.start(session.token)
    for _ in range(2):  # Ann answers when asked, Bo never: the time runs out for Moscow
        for game in session.waiting_for():
            if game.student == ann:
                session.submit(ann, {i.id: "hold" for i in game.situation.issues})
        clock.now += 11
        room.tick()
    before = _state(room, code)
    assert before[0] == "playing" and any(g[3] for g in before[3])  # a time-out was replayed

    restarted = ClassRoom(clock, ClassStore(path))
    assert _state(restarted, code) == before
    assert restarted.teaching("teacher") == (code, session.token)
    assert restarted.joined("ann", code) == (code, ann) and restarted.joined("bo") == (code, bo)
    again = restarted.find(code)
    assert again.seconds_left() == 10  # the step waiting gets its whole time again
    while again.phase == "playing":
        clock.now += 11
        restarted.tick()
    assert all(g.review for g in again.games)
    restarted.end(code, session.token)
    assert ClassRoom(clock, ClassStore(path)).sessions == {}


def test_a_session_that_cannot_be_replayed_is_dropped_with_a_warning(tmp_path, clock, pow_scenario):
    path = tmp_path / "class.sqlite3"
    store = ClassStore(path)
    session = ClassRoom(clock, store).create(pow_scenario, client="t")
    store.db.execute("INSERT INTO events (code, event) VALUES (?, ?)", (session.code, '["start"]'))
    with pytest.warns(UserWarning, match=f"class session {session.code} could not be resumed"):
        assert ClassRoom(clock, ClassStore(path)).sessions == {}  # nobody had taken a seat
    assert ClassRoom(clock, ClassStore(path)).sessions == {}
