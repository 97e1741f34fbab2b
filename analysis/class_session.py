"""A class plays together (in the spirit of NetLogo HubNet, with the model as the baseline).

The teacher starts a session on an episode (or an exercise) and gets a short join code;
the teacher's browser keeps a random teacher token that every teacher control requires.
Students join with the code, take a capital (a seat: a party leader of the episode) or
watch, and may record a prediction before the game starts.

Design: every seated student (or group sharing a device) plays their own game against the
agents. Beijing's student plays Beijing against the agents' Washington, Washington's student
plays Washington against the agents' Beijing; several students may take the same capital,
each with their own game, so a whole class can play; a capital nobody takes is played by the
agents only. All games advance together, one step at a time: a step waits for every student
who has a choice to make (a step where a seat can only hold is held for it, and shown), at
most `time_limit` seconds, after which the agents' rule moves for those who did not answer. At the end each game is compared with many agent-only
runs and with history (`analysis.play_review`), and the class's predictions with the same
agent runs.

Everything lives in server memory only (`ClassRoom`, bounded in number and age); nothing
about students is kept once the teacher ends the session, unless the teacher exported it.
No Solara here: the web page (`alliance_sim/web/ui_class.py`) sits on top, and the tests
drive a session with an injected clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from analysis.play_narration import why_no_deal
from analysis.play_review import REVIEW_REPLICATES, IssueReview, review
from sim.calendar import step_dates
from sim.model import AllianceModel, release
from sim.play import ACTIONS, IssueMove, PlaySession, Situation, seats_of
from sim.play_flow import has_choice, hold_all
from sim.results import NO_AGREEMENT
from sim.runner import run
from sim.schema import Scenario

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 5
DEFAULT_TIME_LIMIT = 60  # seconds a step waits for the students
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 3, 600
MAX_SESSIONS = 20  # class sessions kept at once on one server
MAX_AGE = 4 * 3600  # seconds after which a session is dropped, ended or not
MAX_STUDENTS = 60
MAX_NAME = 30
NEVER = "never"  # the "when" of a prediction that the talks never end in a deal

BY_STUDENT, BY_AGENTS, NOTHING_TO_DECIDE = "student", "agents (time ran out)", "nothing to decide"
YOURS = {"held": "held at “{d}”", "conceded": "conceded one option, to “{d}”",
         "accepted": "accepted the other side's demand"}  # fmt: skip
THEIRS = {**YOURS, "restated": "now demands “{d}”"}


class ClassError(ValueError):
    """A refused request, with a message for the person who made it."""


@dataclass
class Student:
    number: int  # "Student 3" when no name was given
    name: str
    seat: str | None = None  # the actor id of the capital played, or None (watching)
    prediction: tuple[str, str] | None = None  # (outcome id or NO_AGREEMENT, year or NEVER)

    @property
    def shown(self) -> str:
        return self.name or f"Student {self.number}"


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
    label: str  # "Beijing (Communist side)"
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


@dataclass(frozen=True)
class Prediction:
    """What the class may predict: the main question's outcome and the year of a deal."""

    issue: str
    question: str
    outcomes: dict[str, str]  # id -> label, NO_AGREEMENT last
    years: list[str]  # "1951", ..., and NEVER


def playable_seats(scenario: Scenario) -> list[str]:
    """The capitals a student can take: each side's leader, and each member of a side with
    moves of its own (Moscow's arms and advice, Pyongyang's pleas), as `alliance-sim play`."""
    model = AllianceModel(scenario, replicates=1, seed=0, history_sample=1)
    try:
        return list(seats_of(model))
    finally:
        release(model)


class ClassSession:
    """One class session: join code, teacher token, seats, predictions and the games."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 1950,
        time_limit: float = DEFAULT_TIME_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        code: str | None = None,
    ):
        if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
            raise ClassError(
                f"The time limit must be between {MIN_TIME_LIMIT} and {MAX_TIME_LIMIT} seconds."
            )
        self.scenario, self.seed, self.time_limit, self.clock = scenario, seed, time_limit, clock
        self.code = code or new_code()
        self.token = secrets.token_urlsafe(24)
        self.created = clock()
        self.phase = "gathering"  # then "playing", then "finished"
        self.version = 0  # grows with every change, so that pages know when to redraw
        self.lock = threading.RLock()
        self.seats = {actor: f"{scenario.actors[actor].name or actor}"
                      for actor in playable_seats(scenario)}  # fmt: skip
        self.seat_sides = {actor: p.label for p in scenario.parties.values()
                           for actor in (p.leader, *p.members) if actor in self.seats}  # fmt: skip
        self.students: dict[str, Student] = {}
        self.games: list[Game] = []
        self.deadline: float | None = None
        self.agents: dict | None = None  # the agents' distribution for the predictions
        self.prediction = prediction_choices(scenario)

    # --- access -------------------------------------------------------------------------
    def check_teacher(self, token: str | None) -> None:
        if not token or not secrets.compare_digest(token.encode(), self.token.encode()):
            raise ClassError("Only the teacher who started this session can do that.")

    def _student(self, student_id: str | None) -> Student:
        student = self.students.get(student_id or "")
        if student is None:
            raise ClassError("You are not in this class session; join with its code first.")
        return student

    def _changed(self) -> None:
        self.version += 1

    # --- before the game ----------------------------------------------------------------
    def join(self, code: str, name: str = "") -> str:
        """A student joins with the code; returns the student's private id."""
        with self.lock:
            if not secrets.compare_digest(normal_code(code).encode(), self.code.encode()):
                raise ClassError("That is not this session's code.")
            if len(self.students) >= MAX_STUDENTS:
                raise ClassError(f"The session is full ({MAX_STUDENTS} students).")
            student_id = secrets.token_urlsafe(16)
            name = " ".join(name.split())[:MAX_NAME]
            self.students[student_id] = Student(len(self.students) + 1, name)
            self._changed()
            return student_id

    def take_seat(self, student_id: str, seat: str | None) -> None:
        """Take a capital (None: give it up and watch); several may take the same capital."""
        with self.lock:
            student = self._student(student_id)
            if self.phase != "gathering":
                raise ClassError("The game has started: seats can no longer change.")
            if seat is not None and seat not in self.seats:
                raise ClassError(f"There is no seat `{seat}`; choose {', '.join(self.seats)}.")
            student.seat = seat
            self._changed()

    def seat_label(self, seat: str) -> str:
        """ "Washington, UN side" for a bloc's leader, "Beijing (Mao)" for a party of one."""
        side = self.seat_sides[seat]
        return self.seats[seat] if side in self.seats[seat] else f"{self.seats[seat]}, {side}"

    def holders(self, seat: str) -> list[Student]:
        return [s for s in self.students.values() if s.seat == seat]

    def predict(self, student_id: str, outcome: str, year: str) -> None:
        """Record (or change) a student's prediction, before the game starts."""
        with self.lock:
            student = self._student(student_id)
            if self.phase != "gathering":
                raise ClassError("Predictions close when the game starts.")
            if outcome not in self.prediction.outcomes:
                raise ClassError(f"`{outcome}` is not an outcome of this question.")
            if year not in self.prediction.years:
                raise ClassError(f"`{year}` is not one of the years offered.")
            if (outcome == NO_AGREEMENT) != (year == NEVER):
                raise ClassError("“No agreement” goes with “never”, and a deal with a year.")
            student.prediction = (outcome, year)
            self._changed()

    # --- the game -----------------------------------------------------------------------
    def start(self, token: str | None) -> None:
        """The teacher starts the game: one game per seated student, all stepping together."""
        with self.lock:
            self.check_teacher(token)
            if self.phase != "gathering":
                raise ClassError("The game has already started.")
            seated = [(i, s) for i, s in self.students.items() if s.seat is not None]
            if not seated:
                raise ClassError("No student has taken a seat yet.")
            for student_id, student in seated:
                play = PlaySession(self.scenario, student.seat, self.seed)
                label = self.seat_label(student.seat)
                first = play.situation()
                game = Game(student_id, student.shown, student.seat, label, play, first,
                            first_step=first.step, in_session=first.in_session)  # fmt: skip
                self.games.append(game)
            self.phase = "playing"
            self._run_until_a_choice()
            self._changed()

    def game_of(self, student_id: str) -> Game | None:
        self._student(student_id)
        return next((g for g in self.games if g.student == student_id), None)

    def waiting_for(self) -> list[Game]:
        """The games whose students must still answer in the step being played."""
        return [g for g in self.games if g.must_decide and g.submitted is None]

    def seconds_left(self) -> float | None:
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - self.clock())

    def submit(self, student_id: str, choices: dict[str, str]) -> None:
        """A seated student's moves for this step (missing questions: hold)."""
        with self.lock:
            game = self.game_of(student_id)
            if self.phase != "playing" or game is None or not game.must_decide:
                raise ClassError("There is nothing for you to decide now.")
            if game.submitted is not None:
                raise ClassError("Your move for this step is already in.")
            if game.play.member is not None:
                game.submitted = self._member_moves(game, choices)
            else:
                open_issues = {i.id for i in game.situation.issues}
                unknown = set(choices) - open_issues
                if unknown:
                    raise ClassError(f"No open question `{sorted(unknown)[0]}` in this step.")
                wrong = set(choices.values()) - set(ACTIONS)
                if wrong:  # checked here: a bad move must not stop the step half-way through
                    raise ClassError(
                        f"`{sorted(wrong)[0]}` is not a move; choose {', '.join(ACTIONS)}."
                    )
                game.submitted = {i: choices.get(i, "hold") for i in open_issues}
            if not self.waiting_for():
                self._play_step(timed_out=False)
            self._changed()

    @staticmethod
    def _member_moves(game: Game, choices: dict[str, str]) -> dict[str, str]:
        """A member's switches for this step (missing: as they stand), checked before the step
        by the game's own rules (`PlaySession.check_moves`)."""
        try:
            game.play.check_moves(choices)
        except ValueError as error:
            raise ClassError(f"{error}.") from None
        return {
            m.id: choices.get(m.id, "yes" if m.on else "no") for m in game.situation.member_moves
        }

    def tick(self) -> bool:
        """Play the step if its time limit has passed (the agents move for the silent seats);
        called by every open page a few times a second. True if a step was played."""
        with self.lock:
            if self.phase != "playing" or self.deadline is None or self.clock() < self.deadline:
                return False
            self._play_step(timed_out=True)
            self._changed()
            return True

    def _play_step(self, timed_out: bool) -> None:
        for game in self.games:
            if game.finished:
                continue
            before = game.situation
            if game.submitted is not None:
                moves, by = game.play.act(game.submitted), BY_STUDENT
            elif game.must_decide and timed_out:
                moves, by = game.play.act({}, by_agent=True), BY_AGENTS
                game.timeouts += 1
            else:
                moves, by = game.play.act(hold_all(before)), NOTHING_TO_DECIDE
            game.log += self._rows(game, before, moves, by)
            game.submitted = None
            game.in_session = before.in_session
            game.situation = None if game.play.finished else game.play.situation()
        self._run_until_a_choice()

    def _run_until_a_choice(self) -> None:
        """Play the steps where no student has a choice (each seat can only hold), then wait
        for the students, with the time limit; at the end, review every game."""
        self.deadline = None
        while any(not g.finished for g in self.games):
            if any(g.must_decide for g in self.games):
                self.deadline = self.clock() + self.time_limit
                return
            self._play_step_held()
        self._finish()

    def _play_step_held(self) -> None:
        for game in self.games:
            if not game.finished:
                before = game.situation
                moves = game.play.act(hold_all(before))
                game.log += self._rows(game, before, moves, NOTHING_TO_DECIDE)
                game.in_session = before.in_session
                game.situation = None if game.play.finished else game.play.situation()

    def _rows(self, game: Game, before: Situation, moves: list[IssueMove], by: str) -> list:
        views = {issue.id: issue for issue in before.issues}
        rows = []
        for move in moves:
            view = views.get(move.id)
            rows.append(
                LogRow(
                    date=before.date,
                    seat=game.label,
                    player=game.player,
                    by=by,
                    issue=move.label,
                    student_move=YOURS[move.yours].format(d=move.your_demand),
                    agents_move=THEIRS[move.theirs].format(d=move.their_demand),
                    agreed=move.agreed,
                    why_no_deal="" if view is None else why_no_deal(self.scenario, view, ""),
                )
            )
        return rows

    def _finish(self) -> None:
        self.phase = "finished"
        for game in self.games:
            moved = game.play.policy.moved if game.play.member is None else None  # a member
            game.review = review(self.scenario, game.play.results().table, self.seed, moved=moved)
        self.agents = agents_distribution(self.scenario, self.seed, self.prediction)

    # --- what the projector shows -------------------------------------------------------
    def blockers_now(self) -> list[tuple[str, str, str]]:
        """(game, question, why no deal) for every open question of every running game."""
        found = []
        for game in self.games:
            for issue in game.situation.issues if game.situation else []:
                why = why_no_deal(self.scenario, issue, "")
                if why:
                    found.append((game.label, issue.label, why))
        return found

    def prediction_tally(self) -> dict[tuple[str, str], int]:
        tally: dict[tuple[str, str], int] = {}
        for student in self.students.values():
            if student.prediction is not None:
                tally[student.prediction] = tally.get(student.prediction, 0) + 1
        return tally

    # --- export -------------------------------------------------------------------------
    def export(self, token: str | None) -> dict:
        """What the teacher may take away: the predictions (with the names the students typed,
        or "Student N") and every game's outcome beside the agents and history. No student ids,
        no tokens, no code."""
        with self.lock:
            self.check_teacher(token)
            labels = self.prediction.outcomes
            return {
                "episode": self.scenario.id,
                "title": self.scenario.title,
                "seed": self.seed,
                "question": self.prediction.question,
                "predictions": [
                    {
                        "student": s.shown,
                        "outcome": labels[s.prediction[0]],
                        "year": s.prediction[1],
                    }
                    for s in self.students.values()
                    if s.prediction is not None
                ],  # fmt: skip
                "games": [
                    {
                        "seat": g.label,
                        "student": g.player,
                        "steps_timed_out": g.timeouts,
                        "issues": [
                            {
                                "question": r.label,
                                "outcome": r.yours,
                                "date": str(r.your_date) if r.your_date else None,
                                "agents_same_outcome_share": round(r.same_outcome_share, 4),
                                "agents_most_often": r.agents_modal,
                                "agents_most_often_share": round(r.agents_modal_share, 4),
                                "history": r.history,
                                "history_date": str(r.history_date) if r.history_date else None,
                            }
                            for r in g.review or []
                        ],
                    }
                    for g in self.games
                ],
            }

    def export_json(self, token: str | None) -> str:
        return json.dumps(self.export(token), indent=2, ensure_ascii=False)

    def export_csv(self, token: str | None) -> str:
        """One row per prediction and per game question: kind, student, seat, question, outcome,
        date or year, the agents' share of that outcome, history."""
        data = self.export(token)
        sink = io.StringIO()
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow(["kind", "student", "seat", "question", "outcome", "date_or_year",
                         "agents_same_outcome_share", "history"])  # fmt: skip
        for p in data["predictions"]:
            writer.writerow(["prediction", p["student"], "", data["question"], p["outcome"],
                             p["year"], "", ""])  # fmt: skip
        for g in data["games"]:
            for i in g["issues"]:
                history = f"{i['history']} on {i['history_date']}" if i["history"] else ""
                writer.writerow(["game", g["student"], g["seat"], i["question"], i["outcome"],
                                 i["date"] or "", i["agents_same_outcome_share"], history])  # fmt: skip
        return sink.getvalue()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A typed code as stored: upper case, no spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()


def prediction_choices(scenario: Scenario) -> Prediction:
    """The class predicts the episode's last question (the one the others lead to)."""
    issue_id = list(scenario.issues)[-1]
    issue = scenario.issues[issue_id]
    dates = step_dates(scenario.time.start, scenario.time.step, scenario.time.horizon)
    years = [str(y) for y in range(dates[0].year, dates[-1].year + 1)] + [NEVER]
    outcomes = {o.id: o.label for o in issue.options}
    outcomes[NO_AGREEMENT] = issue.label_of(NO_AGREEMENT)
    return Prediction(issue_id, issue.label, outcomes, years)


def agents_distribution(scenario: Scenario, seed: int, prediction: Prediction) -> dict:
    """The agents' runs sorted into the prediction's buckets: {"outcome": {id: share},
    "year": {year: share}} over REVIEW_REPLICATES runs from `seed` (the review's runs)."""
    table = run(scenario, REVIEW_REPLICATES, seed).table
    rows = table["issue"] == prediction.issue
    outcomes = table["outcome"][rows].astype(str)
    dates = table["agreement_date"][rows]
    agreed = ~np.isnat(dates)
    years = np.where(agreed, dates.astype("datetime64[Y]").astype(str), NEVER)
    return {
        "outcome": {k: float((outcomes == k).mean()) for k in prediction.outcomes},
        "year": {y: float((years == y).mean()) for y in prediction.years},
    }


class ClassRoom:
    """The server's class sessions, in memory only: at most MAX_SESSIONS, each dropped after
    MAX_AGE seconds or when its teacher ends it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.sessions: dict[str, ClassSession] = {}
        self.lock = threading.Lock()

    def prune(self) -> None:
        now = self.clock()
        with self.lock:
            for code in [c for c, s in self.sessions.items() if now - s.created > MAX_AGE]:
                del self.sessions[code]

    def create(self, scenario: Scenario, seed: int = 1950,
               time_limit: float = DEFAULT_TIME_LIMIT) -> ClassSession:  # fmt: skip
        self.prune()
        with self.lock:
            if len(self.sessions) >= MAX_SESSIONS:
                raise ClassError(
                    f"This server already runs {MAX_SESSIONS} class sessions; end one first."
                )
            code = new_code()
            while code in self.sessions:
                code = new_code()
            session = ClassSession(scenario, seed, time_limit, self.clock, code)
            self.sessions[code] = session
            return session

    def find(self, code: str) -> ClassSession:
        self.prune()
        session = self.sessions.get(normal_code(code))
        if session is None:
            raise ClassError("No class session has that code (check it with your teacher).")
        return session

    def end(self, code: str, token: str | None) -> None:
        """The teacher ends the session: it and everything about its students are dropped."""
        session = self.find(code)
        session.check_teacher(token)
        with self.lock:
            self.sessions.pop(session.code, None)
        with session.lock:
            session.students.clear()
            session.phase = "ended"
            session._changed()

    def tick(self) -> None:
        """Apply the time limits of every session (see ClassSession.tick)."""
        for session in list(self.sessions.values()):
            session.tick()
