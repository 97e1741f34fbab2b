"""A student's side of class mode: join with the code, take a capital or watch, predict, then
play one's own game against the agents, step by step with the class.
"""

from __future__ import annotations

import solara
import solara.lab

from alliance_sim.classroom.live.predictions import NEVER
from alliance_sim.classroom.live.session import (
    ClassError,
    ClassSession,
)
from alliance_sim.classroom.play_narration import why_no_deal
from alliance_sim.i18n import _
from alliance_sim.i18n.formats import format_date
from alliance_sim.web import state, teacher_access
from alliance_sim.web.content import class_words, words
from alliance_sim.web.ui_class_session import ROOM, use_session
from alliance_sim.web.ui_play import IssueChoice, MemberMoves, member_choices
from alliance_sim.web.ui_text import Prose, literal
from sim.engine.results import NO_AGREEMENT


@solara.component
def ClassStudent(link_code: str | None):
    """A student's view: join with the code, take a capital or watch, predict, then play."""
    typed, set_typed = solara.use_state(link_code or "")
    name, set_name = solara.use_state("")
    # (code, student id): this page's, or this browser's place before a reload
    browser = teacher_access.browser_id()
    restored = solara.use_memo(lambda: ROOM.joined(browser, link_code), [])
    joined = state.class_joined.value or restored
    set_joined = state.class_joined.set
    problem, set_problem = solara.use_state("")
    session, gone, seen = use_session(joined[0] if joined else None)
    if joined is None:
        solara.InputText(
            class_words.CLASS_JOIN_CODE, value=typed, on_value=set_typed, continuous_update=True
        )
        solara.InputText(class_words.CLASS_YOUR_NAME, value=name, on_value=set_name,
                         continuous_update=True)  # fmt: skip

        def join() -> None:
            try:
                set_joined(ROOM.join(typed, name, teacher_access.client_id(), browser))
                set_problem("")
            except ClassError as error:
                set_problem(str(error))

        solara.Button(
            class_words.CLASS_JOIN,
            on_click=join,
            color="primary",
            classes=["big-button", "class-join-button"],
        )
        if problem:
            solara.Error(problem, classes=["class-problem"])
        return
    if session is None:  # ended by the teacher, or too old
        Prose(class_words.CLASS_ENDED_FORGOTTEN)
        return
    student_id = joined[1]
    student = session.students.get(student_id)
    if student_id in session.removed:
        Prose(_("**The teacher removed you from this class session.**"), classes=["class-removed"])
        return
    if student is None:
        Prose(class_words.CLASS_ENDED)
        return

    def attempt(action):
        def run() -> None:
            try:
                action()
                set_problem("")
            except ClassError as error:  # shown until the session moves on
                set_problem((str(error), session.version))

        return run

    Prose(class_words.CLASS_YOU_ARE.format(title=literal(_(session.scenario.title)),
                                     name=literal(student.shown)))  # fmt: skip
    if problem and problem[1] == session.version:
        solara.Error(problem[0], classes=["class-problem"])
    if session.phase == "gathering":
        Gathering(session, student_id, attempt, seen)
    elif session.phase == "playing":
        StudentGame(session, student_id, attempt, seen)
    else:
        AfterTheGame(session, student_id, seen)


@solara.component
def AfterTheGame(session: ClassSession, student_id: str, seen: object):
    """The end: the projector has the comparison; the student's page, their own outcome."""
    game = session.game_of(student_id)
    Prose(class_words.CLASS_LOOK_AT_PROJECTOR)
    for row in (game.review or []) if game is not None else []:
        when = class_words.ON_DATE.format(date=row.your_date) if row.your_date else ""
        Prose(class_words.CLASS_YOUR_GAME.format(outcome=row.yours, when=when))


@solara.component
def Gathering(session: ClassSession, student_id: str, attempt, seen: object):
    """Before the game: take a capital (or watch) and record a prediction."""
    student = session.students[student_id]
    Prose(class_words.CLASS_TAKE_A_SEAT)
    with solara.Row(style={"flex-wrap": "wrap"}):
        for seat in session.seats:
            mine = student.seat == seat
            others = len([s for s in session.holders(seat) if s is not student])
            solara.Button(
                session.seat_label(seat) + (class_words.CLASS_OTHERS.format(
                    others=others, s="s" if others > 1 else "") if others else ""),
                on_click=attempt(lambda seat=seat: session.take_seat(student_id, seat)),
                outlined=not mine, color="primary", classes=["wrap-button", "class-seat"],
                attributes={"aria-pressed": "true" if mine else "false"},
            )  # fmt: skip
        solara.Button(class_words.CLASS_JUST_WATCH, outlined=student.seat is not None, color="primary",
                      on_click=attempt(lambda: session.take_seat(student_id, None)))  # fmt: skip
    pred = session.prediction
    Prose(class_words.CLASS_YOUR_PREDICTION.format(question=_(pred.question)))
    outcome, year = student.prediction or (None, None)
    chosen, set_chosen = solara.use_state(outcome)
    with solara.Row(style={"flex-wrap": "wrap"}):
        for option, label in pred.outcomes.items():
            solara.Button(_(label), on_click=lambda o=option: set_chosen(o), outlined=option != chosen,
                          color="primary", classes=["wrap-button", "class-outcome"],
                          attributes={"aria-pressed": "true" if option == chosen else "false"})  # fmt: skip
    if chosen is not None:
        years = [NEVER] if chosen == NO_AGREEMENT else [y for y in pred.years if y != NEVER]
        with solara.Row(style={"flex-wrap": "wrap"}):
            for y in years:
                text = (
                    class_words.CLASS_NEVER_BUTTON
                    if y == NEVER
                    else class_words.CLASS_IN_YEAR.format(year=y)
                )
                solara.Button(text, color="primary", outlined=(chosen, y) != student.prediction,
                              on_click=attempt(lambda y=y: session.predict(student_id, chosen, y)),
                              classes=["class-year"])  # fmt: skip
    if student.prediction is not None:
        o, y = student.prediction
        when = (
            class_words.CLASS_NEVER
            if y == NEVER
            else class_words.CLASS_IN_YEAR.format(year=y).lower()
        )
        Prose(
            class_words.CLASS_RECORDED.format(outcome=_(pred.outcomes[o]), when=when),
            classes=["class-recorded"],
        )
    Prose(class_words.CLASS_WAIT_FOR_TEACHER)


@solara.component
def StudentGame(session: ClassSession, student_id: str, attempt, seen: object):
    """The step the class plays: the student's choices for it, sent once, or why there is
    nothing to decide now."""
    game = session.game_of(student_id)
    picked, set_picked = solara.use_state((None, {}))  # (step, {issue: move})
    if game is None:
        Prose(class_words.CLASS_WATCHING)
        return
    if game.finished:
        Prose(class_words.CLASS_GAME_ENDED)
        return
    situation = game.situation
    unit = words.unit(session.scenario.time.step)
    left = session.seconds_left()
    clock = class_words.SECONDS_LEFT.format(left=left) if left is not None else ""
    clock += _(" (timer paused)") if session.timer.paused else ""
    Prose(class_words.CLASS_STEP_HEADING.format(date=situation.date, unit=unit, number=situation.step + 1,
                                          horizon=situation.horizon) + clock)  # fmt: skip
    if situation.events:
        Prose(words.NEWS + "\n\n" + "\n".join(f"- {format_date(day, 'medium')}: {_(event)}"
                                           for day, event in situation.events))  # fmt: skip
    if not game.must_decide:
        Prose(class_words.CLASS_NOTHING_TO_DECIDE)
        return
    if game.submitted is not None:
        Prose(class_words.CLASS_MOVE_SENT, classes=["class-sent"])
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
            Prose(f"### {literal(issue.label)}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_picked((situation.step, {**choices, i: m})),
                    unit, why, not member).key(f"class-issue-{issue.id}")  # fmt: skip
    with solara.Row().key("class-actions"):
        solara.Button(class_words.CLASS_SEND_MOVE, color="primary", classes=["big-button", "class-send"],
                      on_click=attempt(lambda: session.submit(student_id, choices)))  # fmt: skip
