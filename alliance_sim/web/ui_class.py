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

from alliance_sim.web import catalogue, state
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_play import IssueChoice, WhatToPlay
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
            Prose("## A student: join a class")
            ClassStudent(None)


@solara.component
def StartSession(on_start):
    seconds, set_seconds = solara.use_state(DEFAULT_TIME_LIMIT)
    problem, set_problem = solara.use_state("")
    scenario, label = _scenario()
    Prose(
        "## A teacher: start a class session\n\nStudents join from their phones or laptops "
        "with a short code and each takes a capital; the agents play the other side. Every "
        "student plays their own game against the agents, all games step together, and the "
        "projector shows them against the agents' runs and history."
    )
    if scenario is None:
        Prose("*A campaign cannot be played in class yet: choose one of its episodes above.*")
        return
    WhatToPlay(label)
    solara.InputInt(
        f"Seconds per step ({MIN_TIME_LIMIT}-{MAX_TIME_LIMIT}); then the agents move",
        value=seconds, on_value=set_seconds, classes=["class-time-limit"],
    )  # fmt: skip

    def start() -> None:
        try:
            on_start(ROOM.create(scenario, state.seed.value, seconds or 0))
        except ClassError as error:
            set_problem(str(error))

    solara.Button("Start a class session", on_click=start, color="success",
                  classes=["big-button", "class-start"])  # fmt: skip
    if problem:
        solara.Error(problem)


def _link(code: str) -> str:
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or ["this computer's address"])[0]
    return f"http://{host}/?join={code}"


@solara.component
def Projector(code: str, token: str, on_end):
    """The teacher's view, for the projector: code and link, seats, the table of moves, who
    blocks the deal now, and at the end every game against the agents and history."""
    session, gone, seen = use_session(code)
    problem, set_problem = solara.use_state("")
    link = _link(code)
    if session is None:
        Prose(gone or "The session has ended.")
        solara.Button("Back", on_click=on_end)
        return

    def teacher(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        return run

    Prose(f"## Class session · {session.scenario.title}")
    solara.HTML(tag="div", classes=["class-join"], style="font-size: 32px",
                unsafe_innerHTML=f"Join code: <b class='class-code' style='font-size: 56px; "
                f"letter-spacing: 6px'>{code}</b>")  # fmt: skip
    Prose(f"Students open **{link}** (or this page's “Class” tab and type the "
          f"code). {session.time_limit:g} seconds per step, then the agents move for a "
          f"student who has not answered.")  # fmt: skip
    if link.startswith(("http://127.", "http://localhost", "http://[::1]")):
        Prose("*This address works on this computer only: for the class, start the server "
              "with `alliance-sim serve --host 0.0.0.0` and give this computer's network "
              "address instead.*")  # fmt: skip
    seats = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(_holder(session, seat))}</td></tr>"
        for seat, label in session.seats.items()
    )
    solara.HTML(tag="table", classes=["shares", "class-seats"],
                unsafe_innerHTML=f"<tr><th>Capital</th><th>Played by</th></tr>{seats}")  # fmt: skip
    predicted = sum(s.prediction is not None for s in session.students.values())
    Prose(f"{len(session.students)} joined · {predicted} prediction"
          f"{'' if predicted == 1 else 's'} recorded.")  # fmt: skip
    if problem:
        solara.Error(problem)
    if session.phase == "gathering":
        solara.Button("Start the game", on_click=teacher(lambda: session.start(token)),
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
                                label="Export predictions and outcomes (JSON)")  # fmt: skip
            solara.FileDownload(lambda: session.export_csv(token), f"class_{code}.csv",
                                label="Export predictions and outcomes (CSV)")  # fmt: skip
        solara.Button("End the session (forget the students)", color="error", outlined=True,
                      on_click=teacher(lambda: (ROOM.end(code, token), on_end())))  # fmt: skip


def _holder(session: ClassSession, seat: str) -> str:
    students = session.holders(seat)
    return ", ".join(s.shown for s in students) if students else "the agents"


@solara.component
def Waiting(session: ClassSession, seen: object):
    running = [g for g in session.games if not g.finished]
    if not running:
        return
    situation = running[0].situation
    waiting = [f"{g.player} ({g.label})" for g in session.waiting_for()]
    left = session.seconds_left()
    Prose(
        f"### {situation.date:%d %B %Y}: waiting for "
        + (", ".join(waiting) or "nobody")
        + (f" · {left:.0f} s left" if left is not None else "")
    )
    counted: dict[tuple[str, str, str], int] = {}  # the same reason in many games: once
    for found in session.blockers_now():
        counted[found] = counted.get(found, 0) + 1
    for (game, issue, why), games in counted.items():
        many = f" ({games} games)" if games > 1 else ""
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
    Prose("### The table of moves (the latest at the bottom)")
    with solara.Div(classes=["play-log"]):
        solara.HTML(
            tag="table", classes=["shares", "class-moves"],
            unsafe_innerHTML="<tr><th>Date</th><th>Game (the student's capital)</th><th>Move by"
            "</th><th>The student's side</th><th>The agents' side</th><th>Agreed, or why no "
            f"deal</th></tr>{body}",
        )  # fmt: skip


@solara.component
def TheEnd(session: ClassSession, seen: object):
    Prose("## The end: every game against the agents and history")
    for game in session.games:
        lines = []
        for row in game.review or []:
            when = f" on {row.your_date}" if row.your_date else ""
            lines.append(
                f"**{row.label}:** {row.yours}{when}. Agents alone "
                f"({REVIEW_REPLICATES:,} runs): {row.same_outcome_share:.0%} ended the same way; "
                f"most often {row.agents_modal} ({row.agents_modal_share:.0%})"
                + (f", half had agreed by {row.agents_median_date}." if row.agents_median_date
                   else "; fewer than half ever agreed.")
                + (f" History: {row.history} on {row.history_date}."
                   if row.history else "")
            )  # fmt: skip
            if row.your_deadlock:
                lines.append(f"Who blocked the deal: {row.your_deadlock}.")
        player = game.player
        timeouts = (
            f" (the agents moved {game.timeouts}× when time ran out)" if game.timeouts else ""
        )
        Prose(f"### {game.label}, played by {player}{timeouts}\n\n"
              + "\n".join(f"- {line}" for line in lines), classes=["class-game"])  # fmt: skip
    Predictions(session, seen)


@solara.component
def Predictions(session: ClassSession, seen: object):
    """The class's predictions beside the agents' runs (and history)."""
    tally = session.prediction_tally()
    if not tally or session.agents is None:
        Prose("*No predictions were recorded.*")
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
        shown = "never" if year == NEVER else f"a deal in {year}"
        rows.append(f"<tr><td>{shown}</td><td class='num'>{count}</td>"
                    f"<td class='num'>{agents['year'][year]:.0%}</td></tr>")  # fmt: skip
    Prose(f"### The class's predictions ({total}): {pred.question}")
    solara.HTML(tag="table", classes=["shares", "class-predictions"],
                unsafe_innerHTML="<tr><th>Prediction</th><th>Students</th><th>Agents' runs</th>"
                f"</tr>{''.join(rows)}")  # fmt: skip


@solara.component
def ClassStudent(link_code: str | None):
    """A student's view: join with the code, take a capital or watch, predict, then play."""
    typed, set_typed = solara.use_state(link_code or "")
    name, set_name = solara.use_state("")
    joined, set_joined = state.class_joined.value, state.class_joined.set  # (code, student id)
    problem, set_problem = solara.use_state("")
    session, gone, seen = use_session(joined[0] if joined else None)
    if joined is None:
        solara.InputText("Join code", value=typed, on_value=set_typed, continuous_update=True)
        solara.InputText("Your name or group (optional)", value=name, on_value=set_name,
                         continuous_update=True)  # fmt: skip

        def join() -> None:
            try:
                found = ROOM.find(typed)
                set_joined((found.code, found.join(typed, name)))
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        solara.Button(
            "Join", on_click=join, color="primary", classes=["big-button", "class-join-button"]
        )
        if problem:
            solara.Error(problem, classes=["class-problem"])
        return
    if session is None:  # ended by the teacher, or too old
        Prose("The class session has ended; nothing about you is kept.")
        return
    student_id = joined[1]
    student = session.students.get(student_id)
    if student is None:
        Prose("The class session has ended.")
        return

    def attempt(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:  # shown until the session moves on
                set_problem((str(error), session.version))

        return run

    Prose(f"## {session.scenario.title} · you are {student.shown}")
    if problem and problem[1] == session.version:
        solara.Error(problem[0], classes=["class-problem"])
    if session.phase == "gathering":
        Gathering(session, student_id, attempt, seen)
    elif session.phase == "playing":
        StudentGame(session, student_id, attempt, seen)
    else:
        game = session.game_of(student_id)
        Prose("## The end: look at the projector")
        if game is not None:
            for row in game.review or []:
                when = f" on {row.your_date}" if row.your_date else ""
                Prose(f"Your game: **{row.yours}**{when}.")


@solara.component
def Gathering(session: ClassSession, student_id: str, attempt, seen: object):
    student = session.students[student_id]
    Prose("### Take a capital, or watch\n\nYou play your own game against the agents, who "
          "play the other side.")  # fmt: skip
    with solara.Row(style={"flex-wrap": "wrap"}):
        for seat in session.seats:
            mine = student.seat == seat
            others = len([s for s in session.holders(seat) if s is not student])
            solara.Button(
                session.seat_label(seat) + (f" ({others} other{'s' if others > 1 else ''})"
                                            if others else ""),
                on_click=attempt(lambda seat=seat: session.take_seat(student_id, seat)),
                outlined=not mine, color="primary", classes=["wrap-button", "class-seat"],
                attributes={"aria-pressed": "true" if mine else "false"},
            )  # fmt: skip
        solara.Button("Just watch", outlined=student.seat is not None, color="primary",
                      on_click=attempt(lambda: session.take_seat(student_id, None)))  # fmt: skip
    pred = session.prediction
    Prose(f"### Your prediction: {pred.question}: how will it end, and when?")
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
                text = "Never (no deal)" if y == NEVER else f"In {y}"
                solara.Button(text, color="primary", outlined=(chosen, y) != student.prediction,
                              on_click=attempt(lambda y=y: session.predict(student_id, chosen, y)),
                              classes=["class-year"])  # fmt: skip
    if student.prediction is not None:
        o, y = student.prediction
        when = "never" if y == NEVER else f"in {y}"
        Prose(f"Recorded: **{pred.outcomes[o]}**, {when}. It is shown on the "
              "projector after the game.", classes=["class-recorded"])  # fmt: skip
    Prose("*Wait for your teacher to start the game.*")


@solara.component
def StudentGame(session: ClassSession, student_id: str, attempt, seen: object):
    game = session.game_of(student_id)
    picked, set_picked = solara.use_state((None, {}))  # (step, {issue: move})
    if game is None:
        Prose("*You watch this game: follow it on the projector.*")
        return
    if game.finished:
        Prose("*Your game has ended; the others are still playing.*")
        return
    situation = game.situation
    unit = session.scenario.time.step
    left = session.seconds_left()
    clock = f" · {left:.0f} s left" if left is not None else ""
    Prose(f"### {situation.date:%d %B %Y} · {unit} {situation.step + 1} of "
          f"{situation.horizon}{clock}")  # fmt: skip
    if situation.events:
        Prose("**News:**\n\n" + "\n".join(f"- {day:%d %b %Y}: {event}"
                                           for day, event in situation.events))  # fmt: skip
    if not game.must_decide:
        Prose("*Nothing for you to decide in this step: waiting for the others.*")
        return
    if game.submitted is not None:
        Prose("*Your move is in. Waiting for the others…*", classes=["class-sent"])
        return
    step, choices = picked
    if step != situation.step:
        choices = {}
    for issue in situation.issues:
        why = why_no_deal(session.scenario, issue, game.play.party_id)
        if not issue.on_table:
            Prose(f"### {issue.label}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_picked((situation.step, {**choices, i: m})),
                    unit, why).key(f"class-issue-{issue.id}")  # fmt: skip
    with solara.Row().key("class-actions"):
        solara.Button("Send my move", color="primary", classes=["big-button", "class-send"],
                      on_click=attempt(lambda: session.submit(student_id, choices)))  # fmt: skip
