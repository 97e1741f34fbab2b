"""The teacher's side of class mode: starting a session, and the projector's view of it (the
code and link, seats, the table of moves, who blocks the deal now, and at the end every game
against the agents and history, and the class's predictions against the agents' runs).
"""

from __future__ import annotations

import solara
import solara.lab

from alliance_sim.classroom.html_table import Cell, escape, table_content
from alliance_sim.classroom.live.export import export_csv, export_json
from alliance_sim.classroom.live.games import NOTHING_TO_DECIDE
from alliance_sim.classroom.live.predictions import NEVER
from alliance_sim.classroom.live.session import (
    DEFAULT_TIME_LIMIT,
    MAX_STUDENTS,
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    ClassError,
    ClassSession,
)
from alliance_sim.classroom.play_review import REVIEW_REPLICATES
from alliance_sim.i18n import _
from alliance_sim.web import state, teacher_access
from alliance_sim.web.content import catalogue, class_words
from alliance_sim.web.content.summary_csv import spreadsheet_bytes
from alliance_sim.web.content.work_budget import OverBudget, check_class_game
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_class_controls import RoomControls, StudentControls, TimerControls
from alliance_sim.web.ui_class_session import ROOM, use_session
from alliance_sim.web.ui_play import WhatToPlay
from alliance_sim.web.ui_text import Prose, literal
from sim.scenario.structure import Scenario


def _scenario() -> tuple[Scenario | None, str]:
    """The episode the class plays: the one chosen above, with the exercise and sliders of
    "What if?" (a campaign cannot be played)."""
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    changed, label = variant()
    scenario = changed or base
    return (scenario if isinstance(scenario, Scenario) else None), label or scenario.title


@solara.component
def StartSession(on_start):
    """The teacher chooses what the class plays (as on "What if?") and the time limit of a
    step, then starts the session; `on_start` gets it."""
    seconds, set_seconds = solara.use_state(DEFAULT_TIME_LIMIT)
    problem, set_problem = solara.use_state("")
    scenario, label = _scenario()
    Prose(class_words.CLASS_TEACHER_INTRO)
    if not teacher_access.authorised.value:
        Prose(class_words.CLASS_TEACHER_ONLY)
        teacher_access.TeacherKey()
        return
    if scenario is None:
        Prose(class_words.CLASS_NO_CAMPAIGN)
        return
    WhatToPlay(label)
    solara.InputInt(
        class_words.CLASS_TIME_LIMIT.format(low=MIN_TIME_LIMIT, high=MAX_TIME_LIMIT),
        value=seconds, on_value=set_seconds, classes=["class-time-limit"],
    )  # fmt: skip

    def start() -> None:
        try:
            if not teacher_access.authorised.value:  # checked again: the key is the rule
                raise ClassError(class_words.CLASS_TEACHER_ONLY.strip("*"))
            check_class_game(scenario, REVIEW_REPLICATES, MAX_STUDENTS)  # issue 24 item 5
            on_start(ROOM.create(scenario, state.seed.value, seconds or 0,
                                 client=teacher_access.client_id(),
                                 browser=teacher_access.browser_id()))  # fmt: skip
        except (ClassError, OverBudget) as error:
            set_problem(str(error))

    solara.Button(class_words.CLASS_START, on_click=start, color="success",
                  classes=["big-button", "class-start"])  # fmt: skip
    if problem:
        solara.Error(problem)


def _link(code: str) -> str:
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or [class_words.CLASS_THIS_ADDRESS])[0]
    return f"http://{host}/?join={code}"


@solara.component
def Projector(code: str, token: str, on_end):
    """The teacher's view, for the projector: code and link, seats, the table of moves, who
    blocks the deal now, and at the end every game against the agents and history, the class's
    predictions, and the export."""
    session, gone, seen = use_session(code)
    problem, set_problem = solara.use_state("")
    link = _link(code)
    if session is None:
        Prose(gone or class_words.CLASS_ENDED)
        solara.Button(class_words.CLASS_BACK, on_click=on_end)
        return

    def teacher(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        return run

    Prose(class_words.CLASS_SESSION_HEADING.format(title=literal(session.scenario.title)))
    solara.HTML(tag="div", classes=["class-join"], style="font-size: 32px",
                unsafe_innerHTML=f"{escape(class_words.CLASS_JOIN_CODE)}: <b class='class-code' "
                f"style='font-size: 56px; letter-spacing: 6px'>{escape(code)}</b>")  # fmt: skip
    Prose(class_words.CLASS_HOW_TO_JOIN.format(link=link, seconds=session.time_limit))
    if link.startswith(("http://127.", "http://localhost", "http://[::1]")):
        Prose(class_words.CLASS_LOOPBACK_ONLY)
    seats = [(label, _holder(session, seat)) for seat, label in session.seats.items()]
    solara.HTML(tag="table", classes=["shares", "class-seats"],
                unsafe_innerHTML=table_content(class_words.CLASS_SEATS_COLUMNS, seats))  # fmt: skip
    predicted = sum(s.prediction is not None for s in session.students.values())
    Prose(class_words.CLASS_JOINED.format(joined=len(session.students), predicted=predicted,
                                     s="" if predicted == 1 else "s"))  # fmt: skip
    if problem:
        solara.Error(problem)
    RoomControls(session, token, teacher, seen)
    StudentControls(session, token, teacher, seen)
    if session.phase == "gathering":
        solara.Button(class_words.CLASS_START_GAME, on_click=teacher(lambda: session.start(token)),
                      color="primary", classes=["big-button", "class-play"])  # fmt: skip
    elif session.phase == "playing":
        Waiting(session, seen)
        TimerControls(session, token, teacher, seen)
    if session.games:
        MovesTable(session, seen)
    if session.phase == "finished":
        TheEnd(session, seen)
    if session.phase == "finished":
        with solara.Row(style={"flex-wrap": "wrap", "margin-top": "16px"}):
            solara.FileDownload(lambda: export_json(session, token), f"class_{code}.json",
                                label=class_words.CLASS_EXPORT.format(kind="JSON"))  # fmt: skip
            solara.FileDownload(lambda: spreadsheet_bytes(export_csv(session, token)),
                                f"class_{code}.csv", mime_type="text/csv",
                                label=class_words.CLASS_EXPORT.format(kind="CSV"))  # fmt: skip
    EndSession(teacher(lambda: (ROOM.end(code, token), on_end())))


@solara.component
def EndSession(end):
    """Ending a session forgets every student: asked for twice, well apart from the exports."""
    asked, set_asked = solara.use_state(False)
    with solara.Div(classes=["class-end"], style={"margin-top": "64px"}):
        if not asked:
            solara.Button(class_words.CLASS_END, color="error", outlined=True,
                          on_click=lambda: set_asked(True), classes=["class-end-ask"])  # fmt: skip
            return
        Prose(class_words.CLASS_END_SURE)
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.Button(class_words.CLASS_END_NO, color="primary", on_click=lambda: set_asked(False),
                          classes=["class-end-no"])  # fmt: skip
            solara.Button(class_words.CLASS_END_YES, color="error", on_click=end,
                          classes=["class-end-yes"])  # fmt: skip


def _holder(session: ClassSession, seat: str) -> str:
    students = session.holders(seat)
    return ", ".join(s.shown for s in students) if students else class_words.CLASS_THE_AGENTS


@solara.component
def Waiting(session: ClassSession, seen: object):
    """Whom the step waits for, the time left, and why no deal is possible in each game (a
    reason shared by many games shown once)."""
    running = [g for g in session.games if not g.finished]
    if not running:
        return
    situation = running[0].situation
    waiting = [f"{literal(g.player)} ({literal(g.label)})" for g in session.waiting_for()]
    left = session.seconds_left()
    Prose(
        class_words.CLASS_WAITING_FOR.format(
            date=situation.date, who=", ".join(waiting) or class_words.NOBODY
        )
        + (class_words.SECONDS_LEFT.format(left=left) if left is not None else "")
        + (_(" (timer paused)") if session.timer.paused else "")
    )
    counted: dict[tuple[str, str, str], int] = {}  # the same reason in many games: once
    for found in session.blockers_now():
        counted[found] = counted.get(found, 0) + 1
    for (game, issue, why), games in counted.items():
        many = class_words.CLASS_IN_GAMES.format(games=games) if games > 1 else ""
        Prose(f"**{literal(game)}{many} · {literal(issue)}:** {why}", classes=["no-deal"])


@solara.component
def MovesTable(session: ClassSession, seen: object):
    """Every step of every game, in date order: who moved, both sides' moves, the outcome."""
    rows = sorted((row for g in session.games for row in g.log), key=lambda r: r.date)
    body = [
        (f"{r.date:%b %Y}", f"{r.player}: {r.seat}", "" if r.by == NOTHING_TO_DECIDE else r.by,
         r.student_move, r.agents_move, r.agreed or r.why_no_deal)
        for r in rows
    ]  # fmt: skip
    Prose(class_words.CLASS_MOVES_HEADING)
    with solara.Div(classes=["play-log"]):
        solara.HTML(
            tag="table", classes=["shares", "class-moves"],
            unsafe_innerHTML=table_content(class_words.CLASS_MOVES_COLUMNS, body),
        )  # fmt: skip


@solara.component
def TheEnd(session: ClassSession, seen: object):
    """Each game's outcome beside the agents' runs and history, then the predictions."""
    Prose(class_words.CLASS_THE_END)
    for game in session.games:
        lines = []
        for row in game.review or []:
            when = class_words.ON_DATE.format(date=row.your_date) if row.your_date else ""
            lines.append(
                class_words.CLASS_GAME_ROW.format(row=row, when=when, runs=REVIEW_REPLICATES)
                + (class_words.CLASS_HALF_AGREED.format(date=row.agents_median_date)
                   if row.agents_median_date else class_words.CLASS_FEWER_THAN_HALF)
                + (class_words.CLASS_HISTORY.format(row=row) if row.history else "")
            )  # fmt: skip
            if row.your_deadlock:
                lines.append(class_words.CLASS_WHO_BLOCKED.format(why=row.your_deadlock))
        player = literal(game.player)
        timeouts = class_words.CLASS_TIMEOUTS.format(times=game.timeouts) if game.timeouts else ""
        Prose(class_words.CLASS_GAME_HEADING.format(label=literal(game.label), player=player,
                                              timeouts=timeouts)
              + "\n\n"
              + "\n".join(f"- {line}" for line in lines), classes=["class-game"])  # fmt: skip
    Predictions(session, seen)


@solara.component
def Predictions(session: ClassSession, seen: object):
    """The class's predictions beside the agents' runs (and history)."""
    tally = session.prediction_tally()
    if not tally or session.agents is None:
        Prose(class_words.CLASS_NO_PREDICTIONS)
        return
    total = sum(tally.values())
    pred, agents = session.prediction, session.agents
    rows = []
    for outcome, label in pred.outcomes.items():
        count = sum(n for (o, _), n in tally.items() if o == outcome)
        rows.append((label, _number(count), _number(f"{agents['outcome'][outcome]:.0%}")))
    for year in pred.years:
        count = sum(n for (_, y), n in tally.items() if y == year)
        shown = (
            class_words.CLASS_NEVER
            if year == NEVER
            else class_words.CLASS_DEAL_IN.format(year=year)
        )
        rows.append((shown, _number(count), _number(f"{agents['year'][year]:.0%}")))
    Prose(class_words.CLASS_PREDICTIONS_HEADING.format(total=total, question=pred.question))
    solara.HTML(tag="table", classes=["shares", "class-predictions"],
                unsafe_innerHTML=table_content(class_words.CLASS_PREDICTION_COLUMNS, rows))  # fmt: skip


def _number(content: object) -> Cell:
    return Cell(content, {"class": "num"})
