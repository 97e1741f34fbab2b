"""The teacher's controls of a live class session (issue 21 item 1): remove or rename a
student, close the room, pause, extend or skip the step timer; only with the teacher token,
and replayed after a restart. Also the per-client limits forget idle clients."""

from __future__ import annotations

import pytest

from alliance_sim.classroom.live import controls
from alliance_sim.classroom.live import games as class_games
from alliance_sim.classroom.live import limits as class_limits
from alliance_sim.classroom.live.room import ClassRoom
from alliance_sim.classroom.live.session import MAX_NAME, ClassError
from alliance_sim.classroom.live.store import ClassStore


def _class(room, scenario, limit=10):
    """A session with Ann (Moscow: she decides at the first step) and Bo (Washington)."""
    session = room.create(scenario, 1950, limit, client="t", browser="teacher")
    _, ann = room.join(session.code, "Ann", client="a", browser="ann")
    _, bo = room.join(session.code, "Bo", client="b", browser="bo")
    session.take_seat(ann, "moscow")
    session.take_seat(bo, "washington")
    return session, ann, bo


TEACHER_ONLY = {
    "remove": lambda s, token, ann: controls.remove(s, token, ann),
    "rename": lambda s, token, ann: controls.rename(s, token, ann, "Bad name"),
    "close": lambda s, token, ann: controls.close(s, token),
    "pause": lambda s, token, ann: controls.pause(s, token),
    "extend": lambda s, token, ann: controls.extend(s, token, 30),
    "skip": lambda s, token, ann: controls.skip(s, token),
}


@pytest.mark.parametrize("control", TEACHER_ONLY)
def test_a_student_cannot_use_the_teachers_controls(room, pow_scenario, control):
    session, ann, bo = _class(room, pow_scenario)
    session.start(session.token)
    before = (dict(session.students), session.closed, session.seconds_left(), session.version)
    for token in (None, "", ann, bo, session.code, session.token[:-1]):  # a student's own id
        with pytest.raises(ClassError, match="Only the teacher"):
            TEACHER_ONLY[control](session, token, ann)
    assert (dict(session.students), session.closed, session.seconds_left(), session.version) == (
        before
    )
    TEACHER_ONLY[control](session, session.token, ann)  # the teacher can
    assert session.version > before[3]


def test_a_removed_student_is_told_and_cannot_come_back_their_game_goes(room, pow_scenario):
    session, ann, bo = _class(room, pow_scenario)
    session.predict(ann, "no_agreement", "never")
    session.start(session.token)
    assert {g.student for g in session.waiting_for()} >= {ann}
    controls.remove(session, session.token, ann)
    assert ann not in session.students and session.prediction_tally() == {}
    assert [g.student for g in session.games] == [bo]
    for action in (lambda: session.submit(ann, {}), lambda: session.game_of(ann)):
        with pytest.raises(ClassError, match="The teacher removed you"):
            action()
    assert room.joined("ann", session.code) == (session.code, ann)  # the page can say so
    with pytest.raises(ClassError, match="The teacher removed you"):
        room.join(session.code, "Ann again", client="a", browser="ann")
    assert room.join(session.code, "", client="b", browser="bo") == (session.code, bo)
    _, cy = room.join(session.code, "", client="c", browser="cy")
    assert session.students[cy].shown == "Student 3"  # not a second "Student 2"
    with pytest.raises(ClassError, match="no longer in this class session"):
        controls.remove(session, session.token, ann)


def test_removing_the_last_student_waited_for_plays_the_step(room, pow_scenario):
    session, ann, bo = _class(room, pow_scenario)
    session.start(session.token)
    for student in {g.student for g in session.waiting_for()} - {ann}:
        session.submit(student, {})
    assert [g.student for g in session.waiting_for()] == [ann]
    played = len(session.game_of(bo).log)
    controls.remove(session, session.token, ann)
    assert len(session.game_of(bo).log) > played  # the step did not wait for Ann's time


def test_renaming_bounds_the_name_and_changes_it_everywhere(room, clock, pow_scenario):
    session, ann, bo = _class(room, pow_scenario)
    session.start(session.token)
    clock.now += 11
    room.tick()  # a step played: Ann's rows are in the log
    controls.rename(session, session.token, ann, "  <b>x</b>   " + "y" * 100)
    shown = session.students[ann].shown
    assert shown.startswith("<b>x</b> y") and len(shown) == MAX_NAME
    game = session.game_of(ann)
    assert game.player == shown and game.log and {r.player for r in game.log} == {shown}
    controls.rename(session, session.token, ann, "   ")
    assert session.students[ann].shown == "Student 1"


def test_a_closed_room_refuses_new_students_but_not_its_own(room, pow_scenario):
    session, ann, bo = _class(room, pow_scenario)
    controls.close(session, session.token)
    with pytest.raises(ClassError, match="closed this class session to new students"):
        room.join(session.code, "Cy", client="c", browser="cy")
    assert room.join(session.code, "", client="a", browser="ann") == (session.code, ann)
    controls.close(session, session.token, False)
    room.join(session.code, "Cy", client="c", browser="cy")
    assert len(session.students) == 3


def test_pause_extend_and_skip_the_step_timer(room, clock, pow_scenario):
    session, ann, bo = _class(room, pow_scenario)
    with pytest.raises(ClassError, match="No step is waiting"):
        controls.pause(session, session.token)
    session.start(session.token)
    clock.now += 4
    controls.pause(session, session.token)
    clock.now += 100
    assert session.seconds_left() == 6 and not session.tick()  # paused: nobody is hurried
    controls.extend(session, session.token, 30)
    assert session.seconds_left() == 36
    controls.pause(session, session.token, False)
    clock.now += 35
    assert session.seconds_left() == 1 and not session.tick()
    with pytest.raises(ClassError, match="between 1 and 600"):
        controls.extend(session, session.token, 10_000)
    date = session.game_of(ann).situation.date
    controls.skip(session, session.token)  # the agents move for Ann, now
    game = session.game_of(ann)
    assert [r.by for r in game.log if r.date == date] == [class_games.BY_AGENTS]
    assert game.timeouts == 1
    controls.pause(session, session.token)
    if session.phase == "playing":  # the next step waits, paused, with its whole time
        assert session.seconds_left() == 10
        clock.now += 100
        assert session.seconds_left() == 10 and not session.tick()


def test_the_controls_are_replayed_after_a_restart(tmp_path, clock, pow_scenario):
    path = tmp_path / "class.sqlite3"
    room = ClassRoom(clock, ClassStore(path))
    session, ann, bo = _class(room, pow_scenario)
    controls.rename(session, session.token, bo, "Bob")
    session.start(session.token)
    controls.skip(session, session.token)
    controls.remove(session, session.token, ann)
    controls.close(session, session.token)
    controls.pause(session, session.token)
    again = ClassRoom(clock, ClassStore(path)).find(session.code)
    assert list(again.students) == [bo] and again.students[bo].shown == "Bob"
    assert again.removed == {ann} and again.closed
    assert [g.log for g in again.games] == [g.log for g in session.games]
    if again.phase == "playing":
        assert again.timer.paused and again.seconds_left() == 10


def test_client_limits_forget_idle_clients(clock, monkeypatch):
    """Bounded memory: a thousand clients that each typed a wrong code a minute ago leave
    nothing behind once a new minute's sweep has run."""
    limits = class_limits.ClientLimits(clock)
    for n in range(1000):
        limits.check_tries(f"10.0.{n // 250}.{n % 250}")
        limits.failed_try(f"10.0.{n // 250}.{n % 250}")
        limits.check_start(f"10.0.{n // 250}.{n % 250}", set())
    assert limits.entries() >= 1000
    clock.now += class_limits.WINDOW + 1
    limits.check_tries("10.9.9.9")
    assert limits.entries() == 0
    limits.started_session("teacher", "ABCDE")
    limits.add_seat("student", "ABCDE")
    clock.now += class_limits.WINDOW + 1
    limits.check_tries("10.9.9.9")
    assert limits.entries() == 2  # a live session's counts stay
    limits.forget("ABCDE")
    assert limits.entries() == 0
