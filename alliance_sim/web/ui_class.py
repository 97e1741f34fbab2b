"""Class mode: the teacher's projector view and the students' view of a class session.

The session itself (code, teacher token, seats, predictions, time limits, the games) is
`analysis.class_session`; this module only draws it. Sessions live in this server's memory
(`ROOM`), shared by every browser: each open page polls its session a few times a second
(and applies the time limits), so that a move made on one phone shows on the projector.
The teacher token stays in the teacher's page (lost on reload, by design: nothing stored).
"""

from __future__ import annotations

import html
import threading
from urllib.parse import parse_qs

import solara
import solara.lab

from alliance_sim.web import catalogue, state, words
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_play import IssueChoice, MemberMoves, WhatToPlay, member_choices
from alliance_sim.web.ui_text import Prose
from analysis.class_session import (
    DEFAULT_TIME_LIMIT,
    MAX_AGE,
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    NEVER,
    NOTHING_TO_DECIDE,
    REVIEW_REPLICATES,
    ClassError,
    ClassRoom,
    ClassSession,
)
from analysis.play_narration import why_no_deal
from sim.results import NO_AGREEMENT
from sim.schema import Scenario

ROOM = ClassRoom()
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


def _scenario() -> tuple[Scenario | None, str]:
    """The episode the class plays: the one chosen above, with the exercise and sliders of
    "What if?" (a campaign cannot be played)."""
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    changed, label = variant()
    scenario = changed or base
    return (scenario if isinstance(scenario, Scenario) else None), label or scenario.title


@solara.component
def ClassMode():
    """The "Class" tab: a teacher starts a session here; a student joins one with its code."""
    running = state.class_teacher.value
    if running is not None:
        code, token = running
        Projector(code, token, lambda: state.class_teacher.set(None))
        return
    with solara.Columns([1, 1]):
        with solara.Column():
            StartSession(lambda s: state.class_teacher.set((s.code, s.token)))
        with solara.Column():
            Prose(words.CLASS_STUDENT_HEADING)
            ClassStudent(None)


@solara.component
def StartSession(on_start):
    seconds, set_seconds = solara.use_state(DEFAULT_TIME_LIMIT)
    problem, set_problem = solara.use_state("")
    scenario, label = _scenario()
    Prose(words.CLASS_TEACHER_INTRO)
    if scenario is None:
        Prose(words.CLASS_NO_CAMPAIGN)
        return
    WhatToPlay(label)
    solara.InputInt(
        words.CLASS_TIME_LIMIT.format(low=MIN_TIME_LIMIT, high=MAX_TIME_LIMIT),
        value=seconds, on_value=set_seconds, classes=["class-time-limit"],
    )  # fmt: skip

    def start() -> None:
        try:
            on_start(ROOM.create(scenario, state.seed.value, seconds or 0))
        except ClassError as error:
            set_problem(str(error))

    solara.Button(words.CLASS_START, on_click=start, color="success",
                  classes=["big-button", "class-start"])  # fmt: skip
    if problem:
        solara.Error(problem)


def _link(code: str) -> str:
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or [words.CLASS_THIS_ADDRESS])[0]
    return f"http://{host}/?join={code}"


@solara.component
def Projector(code: str, token: str, on_end):
    """The teacher's view, for the projector: code and link, seats, the table of moves, who
    blocks the deal now, and at the end every game against the agents and history."""
    session, gone, seen = use_session(code)
    problem, set_problem = solara.use_state("")
    link = _link(code)
    if session is None:
        Prose(gone or words.CLASS_ENDED)
        solara.Button(words.CLASS_BACK, on_click=on_end)
        return

    def teacher(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        return run

    Prose(words.CLASS_SESSION_HEADING.format(title=session.scenario.title))
    solara.HTML(tag="div", classes=["class-join"], style="font-size: 32px",
                unsafe_innerHTML=f"{words.CLASS_JOIN_CODE}: <b class='class-code' style='font-size: 56px; "
                f"letter-spacing: 6px'>{code}</b>")  # fmt: skip
    Prose(words.CLASS_HOW_TO_JOIN.format(link=link, seconds=session.time_limit))
    if link.startswith(("http://127.", "http://localhost", "http://[::1]")):
        Prose(words.CLASS_LOOPBACK_ONLY)
    seats = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(_holder(session, seat))}</td></tr>"
        for seat, label in session.seats.items()
    )
    solara.HTML(tag="table", classes=["shares", "class-seats"],
                unsafe_innerHTML=_head(words.CLASS_SEATS_COLUMNS) + seats)  # fmt: skip
    predicted = sum(s.prediction is not None for s in session.students.values())
    Prose(words.CLASS_JOINED.format(joined=len(session.students), predicted=predicted,
                                     s="" if predicted == 1 else "s"))  # fmt: skip
    if problem:
        solara.Error(problem)
    if session.phase == "gathering":
        solara.Button(words.CLASS_START_GAME, on_click=teacher(lambda: session.start(token)),
                      color="primary", classes=["big-button", "class-play"])  # fmt: skip
    elif session.phase == "playing":
        Waiting(session, seen)
    if session.games:
        MovesTable(session, seen)
    if session.phase == "finished":
        TheEnd(session, seen)
    with solara.Row(style={"flex-wrap": "wrap", "margin-top": "16px"}):
        if session.phase == "finished":
            solara.FileDownload(lambda: session.export_json(token), f"class_{code}.json",
                                label=words.CLASS_EXPORT.format(kind="JSON"))  # fmt: skip
            solara.FileDownload(lambda: session.export_csv(token), f"class_{code}.csv",
                                label=words.CLASS_EXPORT.format(kind="CSV"))  # fmt: skip
        solara.Button(words.CLASS_END, color="error", outlined=True,
                      on_click=teacher(lambda: (ROOM.end(code, token), on_end())))  # fmt: skip


def _head(columns: tuple[str, ...]) -> str:
    """A table's header row."""
    return "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>"


def _holder(session: ClassSession, seat: str) -> str:
    students = session.holders(seat)
    return ", ".join(s.shown for s in students) if students else words.CLASS_THE_AGENTS


@solara.component
def Waiting(session: ClassSession, seen: object):
    running = [g for g in session.games if not g.finished]
    if not running:
        return
    situation = running[0].situation
    waiting = [f"{g.player} ({g.label})" for g in session.waiting_for()]
    left = session.seconds_left()
    Prose(
        words.CLASS_WAITING_FOR.format(date=situation.date, who=", ".join(waiting) or words.NOBODY)
        + (words.SECONDS_LEFT.format(left=left) if left is not None else "")
    )
    counted: dict[tuple[str, str, str], int] = {}  # the same reason in many games: once
    for found in session.blockers_now():
        counted[found] = counted.get(found, 0) + 1
    for (game, issue, why), games in counted.items():
        many = words.CLASS_IN_GAMES.format(games=games) if games > 1 else ""
        Prose(f"**{game}{many} · {issue}:** {why}", classes=["no-deal"])


@solara.component
def MovesTable(session: ClassSession, seen: object):
    rows = sorted((row for g in session.games for row in g.log), key=lambda r: r.date)
    body = "".join(
        f"<tr><td>{r.date:%b %Y}</td><td>{html.escape(r.player)}: {html.escape(r.seat)}</td>"
        f"<td>{'' if r.by == NOTHING_TO_DECIDE else html.escape(r.by)}</td>"
        f"<td>{html.escape(r.student_move)}</td><td>{html.escape(r.agents_move)}</td>"
        f"<td>{html.escape(r.agreed or r.why_no_deal)}</td></tr>"
        for r in rows
    )
    Prose(words.CLASS_MOVES_HEADING)
    with solara.Div(classes=["play-log"]):
        solara.HTML(
            tag="table", classes=["shares", "class-moves"],
            unsafe_innerHTML=_head(words.CLASS_MOVES_COLUMNS) + body,
        )  # fmt: skip


@solara.component
def TheEnd(session: ClassSession, seen: object):
    Prose(words.CLASS_THE_END)
    for game in session.games:
        lines = []
        for row in game.review or []:
            when = words.ON_DATE.format(date=row.your_date) if row.your_date else ""
            lines.append(
                words.CLASS_GAME_ROW.format(row=row, when=when, runs=REVIEW_REPLICATES)
                + (words.CLASS_HALF_AGREED.format(date=row.agents_median_date)
                   if row.agents_median_date else words.CLASS_FEWER_THAN_HALF)
                + (words.CLASS_HISTORY.format(row=row) if row.history else "")
            )  # fmt: skip
            if row.your_deadlock:
                lines.append(words.CLASS_WHO_BLOCKED.format(why=row.your_deadlock))
        player = game.player
        timeouts = words.CLASS_TIMEOUTS.format(times=game.timeouts) if game.timeouts else ""
        Prose(words.CLASS_GAME_HEADING.format(label=game.label, player=player, timeouts=timeouts)
              + "\n\n"
              + "\n".join(f"- {line}" for line in lines), classes=["class-game"])  # fmt: skip
    Predictions(session, seen)


@solara.component
def Predictions(session: ClassSession, seen: object):
    """The class's predictions beside the agents' runs (and history)."""
    tally = session.prediction_tally()
    if not tally or session.agents is None:
        Prose(words.CLASS_NO_PREDICTIONS)
        return
    total = sum(tally.values())
    pred, agents = session.prediction, session.agents
    rows = []
    for outcome, label in pred.outcomes.items():
        count = sum(n for (o, _), n in tally.items() if o == outcome)
        rows.append(f"<tr><td>{html.escape(label)}</td><td class='num'>{count}</td>"
                    f"<td class='num'>{agents['outcome'][outcome]:.0%}</td></tr>")  # fmt: skip
    for year in pred.years:
        count = sum(n for (_, y), n in tally.items() if y == year)
        shown = words.CLASS_NEVER if year == NEVER else words.CLASS_DEAL_IN.format(year=year)
        rows.append(f"<tr><td>{shown}</td><td class='num'>{count}</td>"
                    f"<td class='num'>{agents['year'][year]:.0%}</td></tr>")  # fmt: skip
    Prose(words.CLASS_PREDICTIONS_HEADING.format(total=total, question=pred.question))
    solara.HTML(tag="table", classes=["shares", "class-predictions"],
                unsafe_innerHTML=_head(words.CLASS_PREDICTION_COLUMNS) + "".join(rows))  # fmt: skip


@solara.component
def ClassStudent(link_code: str | None):
    """A student's view: join with the code, take a capital or watch, predict, then play."""
    typed, set_typed = solara.use_state(link_code or "")
    name, set_name = solara.use_state("")
    joined, set_joined = state.class_joined.value, state.class_joined.set  # (code, student id)
    problem, set_problem = solara.use_state("")
    session, gone, seen = use_session(joined[0] if joined else None)
    if joined is None:
        solara.InputText(
            words.CLASS_JOIN_CODE, value=typed, on_value=set_typed, continuous_update=True
        )
        solara.InputText(words.CLASS_YOUR_NAME, value=name, on_value=set_name,
                         continuous_update=True)  # fmt: skip

        def join() -> None:
            try:
                found = ROOM.find(typed)
                set_joined((found.code, found.join(typed, name)))
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        solara.Button(
            words.CLASS_JOIN,
            on_click=join,
            color="primary",
            classes=["big-button", "class-join-button"],
        )
        if problem:
            solara.Error(problem, classes=["class-problem"])
        return
    if session is None:  # ended by the teacher, or too old
        Prose(words.CLASS_ENDED_FORGOTTEN)
        return
    student_id = joined[1]
    student = session.students.get(student_id)
    if student is None:
        Prose(words.CLASS_ENDED)
        return

    def attempt(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:  # shown until the session moves on
                set_problem((str(error), session.version))

        return run

    Prose(words.CLASS_YOU_ARE.format(title=session.scenario.title, name=student.shown))
    if problem and problem[1] == session.version:
        solara.Error(problem[0], classes=["class-problem"])
    if session.phase == "gathering":
        Gathering(session, student_id, attempt, seen)
    elif session.phase == "playing":
        StudentGame(session, student_id, attempt, seen)
    else:
        game = session.game_of(student_id)
        Prose(words.CLASS_LOOK_AT_PROJECTOR)
        if game is not None:
            for row in game.review or []:
                when = words.ON_DATE.format(date=row.your_date) if row.your_date else ""
                Prose(words.CLASS_YOUR_GAME.format(outcome=row.yours, when=when))


@solara.component
def Gathering(session: ClassSession, student_id: str, attempt, seen: object):
    student = session.students[student_id]
    Prose(words.CLASS_TAKE_A_SEAT)
    with solara.Row(style={"flex-wrap": "wrap"}):
        for seat in session.seats:
            mine = student.seat == seat
            others = len([s for s in session.holders(seat) if s is not student])
            solara.Button(
                session.seat_label(seat) + (words.CLASS_OTHERS.format(
                    others=others, s="s" if others > 1 else "") if others else ""),
                on_click=attempt(lambda seat=seat: session.take_seat(student_id, seat)),
                outlined=not mine, color="primary", classes=["wrap-button", "class-seat"],
                attributes={"aria-pressed": "true" if mine else "false"},
            )  # fmt: skip
        solara.Button(words.CLASS_JUST_WATCH, outlined=student.seat is not None, color="primary",
                      on_click=attempt(lambda: session.take_seat(student_id, None)))  # fmt: skip
    pred = session.prediction
    Prose(words.CLASS_YOUR_PREDICTION.format(question=pred.question))
    outcome, year = student.prediction or (None, None)
    chosen, set_chosen = solara.use_state(outcome)
    with solara.Row(style={"flex-wrap": "wrap"}):
        for option, label in pred.outcomes.items():
            solara.Button(label, on_click=lambda o=option: set_chosen(o), outlined=option != chosen,
                          color="primary", classes=["wrap-button", "class-outcome"],
                          attributes={"aria-pressed": "true" if option == chosen else "false"})  # fmt: skip
    if chosen is not None:
        years = [NEVER] if chosen == NO_AGREEMENT else [y for y in pred.years if y != NEVER]
        with solara.Row(style={"flex-wrap": "wrap"}):
            for y in years:
                text = (
                    words.CLASS_NEVER_BUTTON if y == NEVER else words.CLASS_IN_YEAR.format(year=y)
                )
                solara.Button(text, color="primary", outlined=(chosen, y) != student.prediction,
                              on_click=attempt(lambda y=y: session.predict(student_id, chosen, y)),
                              classes=["class-year"])  # fmt: skip
    if student.prediction is not None:
        o, y = student.prediction
        when = words.CLASS_NEVER if y == NEVER else words.CLASS_IN_YEAR.format(year=y).lower()
        Prose(
            words.CLASS_RECORDED.format(outcome=pred.outcomes[o], when=when),
            classes=["class-recorded"],
        )
    Prose(words.CLASS_WAIT_FOR_TEACHER)


@solara.component
def StudentGame(session: ClassSession, student_id: str, attempt, seen: object):
    game = session.game_of(student_id)
    picked, set_picked = solara.use_state((None, {}))  # (step, {issue: move})
    if game is None:
        Prose(words.CLASS_WATCHING)
        return
    if game.finished:
        Prose(words.CLASS_GAME_ENDED)
        return
    situation = game.situation
    unit = session.scenario.time.step
    left = session.seconds_left()
    clock = words.SECONDS_LEFT.format(left=left) if left is not None else ""
    Prose(words.CLASS_STEP_HEADING.format(date=situation.date, unit=unit, number=situation.step + 1,
                                          horizon=situation.horizon) + clock)  # fmt: skip
    if situation.events:
        Prose(words.NEWS + "\n\n" + "\n".join(f"- {day:%d %b %Y}: {event}"
                                           for day, event in situation.events))  # fmt: skip
    if not game.must_decide:
        Prose(words.CLASS_NOTHING_TO_DECIDE)
        return
    if game.submitted is not None:
        Prose(words.CLASS_MOVE_SENT, classes=["class-sent"])
        return
    step, choices = picked
    if step != situation.step:
        choices = {}
    member = game.play.member is not None  # Moscow or Pyongyang: its own moves, not the talks'
    if member:
        MemberMoves(game.play, situation, choices, lambda c: set_picked((situation.step, c)))
        choices = member_choices(situation, choices)
    for issue in situation.issues:
        why = why_no_deal(session.scenario, issue, game.play.party_id)
        if not issue.on_table:
            Prose(f"### {issue.label}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_picked((situation.step, {**choices, i: m})),
                    unit, why, not member).key(f"class-issue-{issue.id}")  # fmt: skip
    with solara.Row().key("class-actions"):
        solara.Button(words.CLASS_SEND_MOVE, color="primary", classes=["big-button", "class-send"],
                      on_click=attempt(lambda: session.submit(student_id, choices)))  # fmt: skip
