"""Class mode's session logic (issue 10, item 6), driven without a browser and with a fake
clock: the join code, the teacher token, seats, predictions, the time limit, the end of the
game, what an export holds and what ending a session forgets."""

from __future__ import annotations

import json

import pytest

from alliance_sim.classroom.live import codes as class_codes
from alliance_sim.classroom.live import export as class_export
from alliance_sim.classroom.live import games as class_games
from alliance_sim.classroom.live import limits as class_limits
from alliance_sim.classroom.live import predictions as class_predictions
from alliance_sim.classroom.live import room as class_room
from alliance_sim.classroom.live.session import ClassError


def _seated(room, scenario, seats=("beijing", "washington"), limit=10):
    session = room.create(scenario, 1950, limit)
    students = {}
    for seat in seats:
        students[seat] = session.join(session.code, f"Group {seat}")
        session.take_seat(students[seat], seat)
    return session, students


def _answer(session, students, pick=lambda issue: "accept" if issue.can_accept else "hold"):
    """Every student still asked answers, until the end or a step where nobody is asked."""
    for game in session.waiting_for():
        session.submit(game.student, {i.id: pick(i) for i in game.situation.issues})


def test_joining_needs_the_code(room, pow_scenario):
    session = room.create(pow_scenario)
    wrong = (
        "A" * class_codes.CODE_LENGTH
        if session.code != "A" * class_codes.CODE_LENGTH
        else "B" * class_codes.CODE_LENGTH
    )
    with pytest.raises(ClassError, match="not this session's code"):
        session.join(wrong)
    with pytest.raises(ClassError, match="No class session has that code"):
        room.find(wrong)
    typed = " ".join(session.code.lower())  # as a student may type it from the projector
    assert room.find(typed) is session
    student = session.join(typed, "  Ann   and  Bo ")
    assert session.students[student].shown == "Ann and Bo"
    assert len(session.code) == class_codes.CODE_LENGTH and set(session.code) <= set(
        class_codes.CODE_ALPHABET
    )


def test_teacher_controls_need_the_teacher_token(room, pow_scenario):
    session, _ = _seated(room, pow_scenario, seats=("washington",))
    for token in (None, "", "not-the-token", session.token[:-1]):
        with pytest.raises(ClassError, match="Only the teacher"):
            session.start(token)
        with pytest.raises(ClassError, match="Only the teacher"):
            class_export.export(session, token)
        with pytest.raises(ClassError, match="Only the teacher"):
            room.end(session.code, token)
    assert session.phase == "gathering" and room.find(session.code) is session
    session.start(session.token)
    assert session.phase == "playing"


def test_seats_and_predictions_are_checked_and_close_when_the_game_starts(room, pow_scenario):
    session, students = _seated(room, pow_scenario, seats=("beijing",))
    other = session.join(session.code)
    with pytest.raises(ClassError, match="no seat `seoul`; choose beijing, washington, moscow"):
        session.take_seat(other, "seoul")  # a member without moves of its own
    with pytest.raises(ClassError, match="not in this class session"):
        session.take_seat("someone-else", "washington")
    with pytest.raises(ClassError, match="goes with “never”"):
        session.predict(other, "no_agreement", "1953")
    with pytest.raises(ClassError, match="not one of the years"):
        session.predict(other, "voluntary_neutral_custody", "1960")
    session.predict(other, "voluntary_neutral_custody", "1953")
    assert session.prediction.years == ["1951", "1952", "1953", "1954", class_predictions.NEVER]
    session.start(session.token)
    with pytest.raises(ClassError, match="Predictions close"):
        session.predict(other, "no_agreement", class_predictions.NEVER)
    with pytest.raises(ClassError, match="seats can no longer change"):
        session.take_seat(other, "washington")
    assert [g.seat for g in session.games] == ["beijing"]  # an empty seat: no game for it
    with pytest.raises(ClassError, match="nothing for you to decide"):
        session.submit(other, {})  # a watcher


def test_a_game_needs_a_seated_student_and_a_sane_time_limit(room, pow_scenario):
    session = room.create(pow_scenario)
    session.join(session.code)
    with pytest.raises(ClassError, match="No student has taken a seat"):
        session.start(session.token)
    for limit in (0, 2, 601):
        with pytest.raises(ClassError, match="between 3 and 600 seconds"):
            room.create(pow_scenario, time_limit=limit)


def test_a_step_waits_for_every_student_then_the_time_limit_hands_the_seat_to_the_agents(
    room, clock, pow_scenario
):
    session, students = _seated(room, pow_scenario)
    session.start(session.token)
    while {g.seat for g in session.waiting_for()} != {"beijing", "washington"}:  # both asked
        _answer(session, students)
        assert session.phase == "playing"
    beijing, washington = (session.game_of(students[s]) for s in ("beijing", "washington"))
    date = beijing.situation.date
    issue = beijing.situation.issues[0].id
    with pytest.raises(ClassError, match="`surrender` is not a move; choose hold, concede"):
        session.submit(students["beijing"], {issue: "surrender"})
    with pytest.raises(ClassError, match="No open question `korea`"):
        session.submit(students["beijing"], {"korea": "hold"})
    session.submit(students["beijing"], {})  # Beijing holds; Washington says nothing
    assert session.waiting_for() == [washington]
    assert beijing.situation.date == date  # the step waits
    with pytest.raises(ClassError, match="already in"):
        session.submit(students["beijing"], {})
    clock.now += 9.9
    assert session.seconds_left() == pytest.approx(0.1)
    assert not session.tick()  # not yet
    clock.now += 0.2
    assert session.tick()  # the time limit: the step is played
    assert (beijing.log[-1].date, beijing.log[-1].by) == (date, class_games.BY_STUDENT)
    assert (washington.log[-1].date, washington.log[-1].by) == (date, class_games.BY_AGENTS)
    assert (beijing.timeouts, washington.timeouts) == (0, 1)
    assert beijing.finished or beijing.situation.date > date


def test_students_who_never_answer_get_the_agents_game_and_holding_does_not(
    room, clock, pow_scenario
):
    """Each time the limit runs out the agents' rule moves for the silent seat: a class that
    never answers ends as the agents do (neutral custody in August 1952, in this draw), while students who
    answer "hold" every time end somewhere else: in this world the worn-down communist side
    gives in on release at last."""
    silent, _ = _seated(room, pow_scenario, seats=("washington",))
    holding, students = _seated(room, pow_scenario, seats=("washington",))
    for session in (silent, holding):
        session.start(session.token)
    for _ in range(40):
        clock.now += 11
        silent.tick()
        _answer(holding, students, pick=lambda issue: "hold")
    for session, outcome in ((silent, "voluntary_neutral_custody"), (holding, "voluntary_release")):
        assert session.phase == "finished"
        assert session.games[0].play.results().table["outcome"][0] == outcome
    assert silent.games[0].review[0].your_date.isoformat() == "1952-08-01"
    assert silent.games[0].timeouts > 0 and holding.games[0].timeouts == 0
    assert silent.games[0].play.model.policies[1] is silent.games[0].play.policy  # restored


def test_the_game_ends_and_every_game_is_reviewed_against_the_agents(room, pow_scenario):
    session, students = _seated(room, pow_scenario)
    predictor = session.join(session.code, "Cy")
    session.predict(predictor, "voluntary_neutral_custody", "1953")
    session.start(session.token)
    for _ in range(40):
        if session.phase == "finished":
            break
        _answer(session, students)
    assert session.phase == "finished" and session.deadline is None
    assert all(g.finished and g.review for g in session.games)
    for game in session.games:
        dates = [row.date for row in game.log]  # one row per step played, in order
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert game.review[0].history == "Voluntary repatriation with neutral custody"
    assert any(row.by == class_games.BY_STUDENT for g in session.games for row in g.log)
    assert any(row.why_no_deal.startswith("No deal possible") for g in session.games
               for row in g.log)  # fmt: skip
    assert sum(session.agents["outcome"].values()) == pytest.approx(1.0)
    assert sum(session.agents["year"].values()) == pytest.approx(1.0)
    assert session.prediction_tally() == {("voluntary_neutral_custody", "1953"): 1}
    assert not session.tick()


def test_the_export_holds_predictions_and_outcomes_only_and_ending_forgets_the_students(
    room, pow_scenario
):
    session, students = _seated(room, pow_scenario, seats=("washington",))
    predictor = session.join(session.code)  # no name: "Student 2"
    session.predict(predictor, "no_agreement", class_predictions.NEVER)
    session.start(session.token)
    for _ in range(40):
        if session.phase == "finished":
            break
        _answer(session, students)
    exported = (
        class_export.export_json(session, session.token),
        class_export.export_csv(session, session.token),
    )
    data = json.loads(exported[0])
    assert data["predictions"] == [
        {"student": "Student 2", "outcome": "No agreement", "year": class_predictions.NEVER}
    ]
    assert [g["student"] for g in data["games"]] == ["Group washington"]
    assert data["games"][0]["issues"][0]["history"] == "Voluntary repatriation with neutral custody"
    lines = exported[1].splitlines()
    assert lines[0].startswith("kind,student,seat,question,outcome")
    assert lines[1].startswith("prediction,Student 2,,Repatriation of prisoners of war,")
    assert lines[2].startswith('game,Group washington,"Washington, UN side",')
    secrets_ = [session.token, session.code, *students.values(), predictor]
    for text in exported:
        assert not any(secret in text for secret in secrets_)
    room.end(session.code, session.token)
    with pytest.raises(ClassError, match="No class session has that code"):
        room.find(session.code)
    assert session.students == {} and session.phase == "ended"


def test_sessions_are_bounded_in_number_and_age(room, clock, pow_scenario, monkeypatch):
    monkeypatch.setattr(class_room, "MAX_SESSIONS", 3)
    first = room.create(pow_scenario, client="a")
    room.create(pow_scenario, client="b")
    room.create(pow_scenario, client="c")
    with pytest.raises(ClassError, match="already runs 3 class sessions"):
        room.create(pow_scenario, client="d")
    clock.now += class_room.MAX_AGE + 1
    with pytest.raises(ClassError, match="No class session has that code"):
        room.find(first.code)  # too old: dropped
    assert len({room.create(pow_scenario, client=c).code for c in "abc"}) == 3


def test_several_students_may_play_one_capital_each_in_their_own_game(room, pow_scenario):
    """A whole class can play: two groups on Washington get two games, each its own pace
    of moves; the one who holds throughout gets no deal, the one who accepts a deal."""
    session = room.create(pow_scenario, time_limit=10)
    keen, stubborn, watcher = (session.join(session.code, n) for n in ("Keen", "Stubborn", ""))
    session.take_seat(keen, "washington")
    session.take_seat(stubborn, "washington")
    session.take_seat(watcher, "beijing")
    session.take_seat(watcher, None)  # changed their mind: watches
    assert [s.shown for s in session.holders("washington")] == ["Keen", "Stubborn"]
    session.start(session.token)
    assert [(g.player, g.seat) for g in session.games] == [
        ("Keen", "washington"),
        ("Stubborn", "washington"),
    ]
    for _ in range(40):
        for game in session.waiting_for():
            accept = game.student == keen
            session.submit(game.student, {i.id: "accept" if accept and i.can_accept else "hold"
                                          for i in game.situation.issues})  # fmt: skip
    assert session.phase == "finished"
    outcomes = [g.review[0].yours for g in session.games]
    assert outcomes == [
        "Voluntary repatriation with neutral custody",
        "Voluntary repatriation with release of those who refuse",
    ]
    assert {row.player for row in session.games[1].log} == {"Stubborn"}


def test_moscow_plays_in_class_with_its_own_moves(room, pow_scenario, clock):
    """Issue 10, items 5 and 6: a student can take Moscow, the real blocker on the prisoners
    (notes 62-66), and play it by its own moves: supply arms and advise Beijing. A member is
    asked at the start and when there is news, not every month; advice once given stays."""
    session, students = _seated(room, pow_scenario, seats=("moscow",))
    assert session.seat_label("moscow") == "Moscow (Stalin), Communist side"
    session.start(session.token)
    (game,) = session.games
    assert game.must_decide and {m.id for m in game.situation.member_moves} == {"arms", "advise"}
    with pytest.raises(ClassError, match="not a move of"):
        session.submit(students["moscow"], {"pow_repatriation": "concede"})
    asked = 0
    while session.phase == "playing":
        waiting = session.waiting_for()
        assert waiting == [game] or not waiting
        if waiting:
            asked += 1
            session.submit(students["moscow"], {"arms": "no", "advise": "yes"})
            assert session.games[0].play.member.player_moves == {"arms": False, "advise": True}
            if session.phase == "playing" and game.must_decide:
                with pytest.raises(ClassError, match="cannot be taken back"):
                    session.submit(students["moscow"], {"advise": "no"})
        else:
            clock.now += session.time_limit + 1
            session.tick()
    steps = len({row.date for row in game.log})
    assert 1 < asked < steps  # asked at the news, not at every step
    (row,) = game.review
    assert row.your_deadlock.startswith("the longest deadlock lasted")


def test_a_typed_name_never_runs_as_a_formula_in_the_teachers_spreadsheet():
    assert class_export.typed('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [class_export.typed(name) for name in ("+1", "-1", "@me")] == ["'+1", "'-1", "'@me"]
    assert class_export.typed("Group 3") == "Group 3"


def test_fifty_starts_from_one_client_leave_the_teacher_able_to_start_one(room, pow_scenario):
    """Issue 21 item 1: a student pressing Start fifty times holds only their share."""
    started = 0
    for _ in range(50):
        try:
            room.create(pow_scenario, client="student-phone")
            started += 1
        except ClassError as error:
            assert "end one before starting another" in str(error)
    assert started == class_limits.SESSIONS_PER_CLIENT
    assert room.create(pow_scenario, client="teacher").code in room.sessions


def test_wrong_join_codes_are_rate_limited_per_client(room, clock, pow_scenario):
    session = room.create(pow_scenario, client="teacher")
    for _ in range(class_limits.TRIES):
        with pytest.raises(ClassError, match="No class session has that code"):
            room.join("ZZZZZ", "", client="guesser")
    with pytest.raises(ClassError, match="Too many wrong tries: wait 60 seconds"):
        room.join(session.code, "", client="guesser")  # even the right code, for a while
    assert room.join(session.code, "Ann", client="other")[0] == session.code
    clock.now += class_limits.WINDOW
    assert room.join(session.code, "Guesser", client="guesser")[0] == session.code


def test_a_reload_returns_a_browser_to_its_place_and_counts_people(room, pow_scenario):
    """Issue 21 item 2: the same browser joining again gets its seat back, not a new student;
    the teacher's browser finds its session; one device adds only a few students."""
    session = room.create(pow_scenario, client="teacher", browser="teacher-browser")
    assert room.teaching("teacher-browser") == (session.code, session.token)
    code, ann = room.join(session.code.lower(), "Ann", client="phone", browser="ann-browser")
    session.take_seat(ann, "beijing")
    assert room.join(session.code, "Ann again", client="phone", browser="ann-browser") == (
        code,
        ann,
    )
    assert room.joined("ann-browser", session.code) == (code, ann) == room.joined("ann-browser")
    assert len(session.students) == 1 and session.students[ann].seat == "beijing"
    for number in range(class_limits.SEATS_PER_CLIENT - 1):  # fresh browsers, same device
        room.join(session.code, f"Tab {number}", client="phone", browser=f"tab-{number}")
    with pytest.raises(ClassError, match="This device has already joined 4 times"):
        room.join(session.code, "One more", client="phone", browser="tab-new")
    room.end(session.code, session.token)
    assert room.teaching("teacher-browser") is None and room.joined("ann-browser") is None
