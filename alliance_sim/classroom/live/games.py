"""The games of a class session: each seated student's capital against the agents.

A game is `alliance-sim play`'s `PlaySession` with what the class view adds: the student's
moves waiting for the step, how often the time ran out, and the log the projector shows (who
moved, both sides' moves, why there is no deal yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from alliance_sim.classroom.play_narration import why_no_deal
from alliance_sim.classroom.play_review import IssueReview
from sim.play.flow import has_choice, hold_all
from sim.play.session import IssueMove, PlaySession, Situation

BY_STUDENT = "student"  # who made a seat's moves in a step, as the projector's table says
BY_AGENTS = "agents (time ran out)"
NOTHING_TO_DECIDE = "nothing to decide"
THEIRS = {"held": "held at “{d}”", "conceded": "conceded one option, to “{d}”",
          "accepted": "accepted the other side's demand", "restated": "now demands “{d}”"}  # fmt: skip
YOURS = {**THEIRS, "offered": "offered “{o}”, more than the side would accept"}


@dataclass(frozen=True)
class LogRow:
    """One step of one game, as the projector's table shows it."""

    date: dt.date
    seat: str  # the capital played by the student
    player: str  # the student's name, or "Student N"
    by: str  # BY_STUDENT, BY_AGENTS or NOTHING_TO_DECIDE
    issue: str  # the question's label
    student_move: str
    agents_move: str
    agreed: str | None
    why_no_deal: str


@dataclass
class Game:
    """One group's game: a student's capital against the agents."""

    student: str  # the student's private id
    player: str  # the name shown
    seat: str
    label: str  # the seat as shown: "Washington, UN side", "Beijing (Mao)"
    play: PlaySession
    situation: Situation | None
    log: list[LogRow] = field(default_factory=list)
    submitted: dict[str, str] | None = None  # the student's moves for the step being waited on
    timeouts: int = 0
    review: list[IssueReview] | None = None
    first_step: int = 0  # the step the game starts at
    in_session: bool | None = None  # whether the talks sat in the last step played

    @property
    def finished(self) -> bool:
        return self.situation is None

    @property
    def must_decide(self) -> bool:
        """A leader decides when it can concede or accept; a member (Moscow, Pyongyang), whose
        own moves stand until changed, when one can change and something is new: the first
        step, news, or the talks opening or closing (as "hold until something changes")."""
        situation = self.situation
        if situation is None:
            return False
        if self.play.member is None:
            return has_choice(situation)
        movable = any(move.can_change for move in situation.member_moves)
        return movable and (situation.step == self.first_step or bool(situation.events)
                            or situation.in_session != self.in_session)  # fmt: skip

    def play_step(self, timed_out: bool) -> None:
        """Play this game's step and log it: the student's moves if they are in; the agents'
        rule if the student had a choice and the time ran out; else hold."""
        before = self.situation
        if self.submitted is not None:
            moves, by = self.play.act(self.submitted), BY_STUDENT
        elif self.must_decide and timed_out:
            moves, by = self.play.act({}, by_agent=True), BY_AGENTS
            self.timeouts += 1
        else:
            moves, by = self.play.act(hold_all(before)), NOTHING_TO_DECIDE
        self.log += self._rows(before, moves, by)
        self.submitted = None
        self.in_session = before.in_session
        self.situation = None if self.play.finished else self.play.situation()

    def _rows(self, before: Situation, moves: list[IssueMove], by: str) -> list[LogRow]:
        views = {issue.id: issue for issue in before.issues}
        return [
            LogRow(
                date=before.date,
                seat=self.label,
                player=self.player,
                by=by,
                issue=move.label,
                student_move=YOURS[move.yours].format(d=move.your_demand, o=move.offered),
                agents_move=THEIRS[move.theirs].format(d=move.their_demand),
                agreed=move.agreed,
                why_no_deal=(
                    ""
                    if move.id not in views
                    else why_no_deal(self.play.scenario, views[move.id], "")
                ),
            )
            for move in moves
        ]
