"""A class plays together (in the spirit of NetLogo HubNet, with the model as the baseline).

The teacher starts a session on an episode (or an exercise) and gets a short join code
(`class_codes`); the teacher's browser keeps a random teacher token that every teacher control
requires. Students join with the code, take a capital (a seat: a side's leader, or a member
with moves of its own) or watch, and may record a prediction before the game starts
(`class_predictions`).

Design: every seated student (or group sharing a device) plays their own game against the
agents (`class_games`). Beijing's student plays Beijing against the agents' Washington,
Washington's student plays Washington against the agents' Beijing; several students may take
the same capital, each with their own game, so a whole class can play; a capital nobody takes
is played by the agents only. All games advance together, one step at a time: a step waits for
every student who has a choice to make (a step where a seat can only hold is held for it, and
shown), at most `time_limit` seconds, after which the agents' rule moves for those who did not
answer. At the end each game is compared with many agent-only runs and with history
(`play_review`), and the class's predictions with the same agent runs.

A session lives in server memory (`room`), and each change is handed to `record` as an
event, so that `store` can keep it on disk and replay it after a restart; what the teacher
may take away is `export`. No Solara here: the web page (`alliance_sim.web.ui_class`) sits on top, and the
tests drive a session with an injected clock.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from alliance_sim.classroom.live.codes import new_code, normal_code
from alliance_sim.classroom.live.games import Game
from alliance_sim.classroom.live.predictions import NEVER, agents_distribution, prediction_choices
from alliance_sim.classroom.live.timer import StepTimer
from alliance_sim.classroom.play_narration import why_no_deal
from alliance_sim.classroom.play_review import review
from alliance_sim.i18n import _
from sim.engine.results import NO_AGREEMENT
from sim.play.seats import playable_seats
from sim.play.session import ACTIONS, PlaySession
from sim.scenario.structure import Scenario

DEFAULT_TIME_LIMIT = 60  # seconds a step waits for the students
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 3, 600
MAX_STUDENTS = 60
MAX_NAME = 30


class ClassError(ValueError):
    """A refused request, with a message for the person who made it."""


def clean_name(name: str) -> str:
    """A typed name as kept: spaces collapsed, at most `MAX_NAME` characters (it is shown as
    text everywhere: `alliance_sim.web.ui_text.literal`)."""
    return " ".join(str(name).split())[:MAX_NAME]


@dataclass
class Student:
    """A student (or a group at one device) who joined: a seat or watching, and a prediction."""

    number: int  # "Student 3" when no name was given
    name: str
    seat: str | None = None  # the actor id of the capital played, or None (watching)
    prediction: tuple[str, str] | None = None  # (outcome id or NO_AGREEMENT, year or NEVER)

    @property
    def shown(self) -> str:
        return self.name or f"Student {self.number}"


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
                _("The time limit must be between {least} and {most} seconds.").format(
                    least=MIN_TIME_LIMIT, most=MAX_TIME_LIMIT
                )
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
        self.removed: set[str] = set()  # ids of the students the teacher removed
        self.joined_count = 0  # numbers "Student N" (a removal frees no number)
        self.closed = False  # the teacher locked the room: no new students
        self.games: list[Game] = []
        self.timer = StepTimer(lambda: self.clock(), time_limit)
        self.agents: dict | None = None  # the agents' distribution for the predictions
        self.prediction = prediction_choices(scenario)
        self.record: Callable[..., None] = lambda *event: None  # each change, for `store`

    # --- access -------------------------------------------------------------------------
    def check_teacher(self, token: str | None) -> None:
        if not token or not secrets.compare_digest(token.encode(), self.token.encode()):
            raise ClassError(_("Only the teacher who started this session can do that."))

    def _student(self, student_id: str | None) -> Student:
        student = self.students.get(student_id or "")
        if student is None and student_id in self.removed:
            raise ClassError(_("The teacher removed you from this class session."))
        if student is None:
            raise ClassError(_("You are not in this class session; join with its code first."))
        return student

    def changed(self) -> None:
        """Mark a change, so that every open page redraws."""
        self.version += 1

    @property
    def deadline(self) -> float | None:
        """When the running countdown of the step ends (None: none runs)."""
        return self.timer.deadline

    # --- before the game ----------------------------------------------------------------
    def join(self, code: str, name: str = "", student_id: str | None = None) -> str:
        """A student joins with the code; returns the student's private id (`student_id`: the
        one recorded, when a stored session is replayed)."""
        with self.lock:
            if not secrets.compare_digest(normal_code(code).encode(), self.code.encode()):
                raise ClassError(_("That is not this session's code."))
            if self.closed:
                raise ClassError(_("The teacher has closed this class session to new students."))
            if len(self.students) >= MAX_STUDENTS:
                raise ClassError(
                    _("The session is full ({count} students).").format(count=MAX_STUDENTS)
                )
            student_id = student_id or secrets.token_urlsafe(16)
            name = clean_name(name)
            self.joined_count += 1
            self.students[student_id] = Student(self.joined_count, name)
            self.record("join", student_id, name)
            self.changed()
            return student_id

    def take_seat(self, student_id: str, seat: str | None) -> None:
        """Take a capital (None: give it up and watch); several may take the same capital."""
        with self.lock:
            student = self._student(student_id)
            if self.phase != "gathering":
                raise ClassError(_("The game has started: seats can no longer change."))
            if seat is not None and seat not in self.seats:
                raise ClassError(_("There is no seat `{seat}`; choose {seats}.").format(
                    seat=seat, seats=", ".join(self.seats)))  # fmt: skip
            student.seat = seat
            self.record("take_seat", student_id, seat)
            self.changed()

    def seat_label(self, seat: str) -> str:
        """ "Washington, UN side" for a bloc's leader, "Beijing (Mao)" for a party of one, in the
        reader's language (the projector's and each student's own)."""
        name, side = self.seats[seat], self.seat_sides[seat]
        if side in name:
            return _(name)
        return _("{seat}, {side}").format(seat=_(name), side=_(side))

    def holders(self, seat: str) -> list[Student]:
        return [s for s in self.students.values() if s.seat == seat]

    def predict(self, student_id: str, outcome: str, year: str) -> None:
        """Record (or change) a student's prediction, before the game starts."""
        with self.lock:
            student = self._student(student_id)
            if self.phase != "gathering":
                raise ClassError(_("Predictions close when the game starts."))
            if outcome not in self.prediction.outcomes:
                raise ClassError(_("`{outcome}` is not an outcome of this question.").format(
                    outcome=outcome))  # fmt: skip
            if year not in self.prediction.years:
                raise ClassError(_("`{year}` is not one of the years offered.").format(year=year))
            if (outcome == NO_AGREEMENT) != (year == NEVER):
                raise ClassError(_("“No agreement” goes with “never”, and a deal with a year."))
            student.prediction = (outcome, year)
            self.record("predict", student_id, outcome, year)
            self.changed()

    # --- the game -----------------------------------------------------------------------
    def start(self, token: str | None) -> None:
        """The teacher starts the game: one game per seated student, all stepping together."""
        with self.lock:
            self.check_teacher(token)
            if self.phase != "gathering":
                raise ClassError(_("The game has already started."))
            seated = [(i, s) for i, s in self.students.items() if s.seat is not None]
            if not seated:
                raise ClassError(_("No student has taken a seat yet."))
            for student_id, student in seated:
                play = PlaySession(self.scenario, student.seat, self.seed)
                label = self.seat_label(student.seat)
                first = play.situation()
                game = Game(student_id, student.shown, student.seat, label, play, first,
                            first_step=first.step, in_session=first.in_session)  # fmt: skip
                self.games.append(game)
            self.phase = "playing"
            self.record("start")
            self._run_until_a_choice()
            self.changed()

    def game_of(self, student_id: str) -> Game | None:
        self._student(student_id)
        return next((g for g in self.games if g.student == student_id), None)

    def waiting_for(self) -> list[Game]:
        """The games whose students must still answer in the step being played."""
        return [g for g in self.games if g.must_decide and g.submitted is None]

    def seconds_left(self) -> float | None:
        return self.timer.left()

    def submit(self, student_id: str, choices: dict[str, str]) -> None:
        """A seated student's moves for this step (missing questions: hold)."""
        with self.lock:
            game = self.game_of(student_id)
            if self.phase != "playing" or game is None or not game.must_decide:
                raise ClassError(_("There is nothing for you to decide now."))
            if game.submitted is not None:
                raise ClassError(_("Your move for this step is already in."))
            if game.play.member is not None:
                game.submitted = self._member_moves(game, choices)
            else:
                open_issues = {i.id for i in game.situation.issues}
                unknown = set(choices) - open_issues
                if unknown:
                    raise ClassError(_("No open question `{issue}` in this step.").format(
                        issue=sorted(unknown)[0]))  # fmt: skip
                wrong = set(choices.values()) - set(ACTIONS)
                if wrong:  # checked here: a bad move must not stop the step half-way through
                    raise ClassError(
                        _("`{move}` is not a move; choose {moves}.").format(
                            move=sorted(wrong)[0], moves=", ".join(ACTIONS)
                        )
                    )
                game.submitted = {i: choices.get(i, "hold") for i in open_issues}
            self.record("submit", student_id, choices)
            self.play_if_all_in()
            self.changed()

    def play_if_all_in(self) -> None:
        """Play the step waiting once nobody is left to answer."""
        if self.phase == "playing" and self.timer.waiting and not self.waiting_for():
            self._play_step(timed_out=False)

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
            if self.phase != "playing" or not self.timer.expired():
                return False
            self.record("tick")
            self._play_step(timed_out=True)
            self.changed()
            return True

    def _play_step(self, timed_out: bool) -> None:
        self._play_every_game(timed_out)
        self._run_until_a_choice()

    def _play_every_game(self, timed_out: bool) -> None:
        for game in self.games:
            if not game.finished:
                game.play_step(timed_out)

    def _run_until_a_choice(self) -> None:
        """Play the steps where no student has a choice (each seat can only hold), then wait
        for the students, with the time limit; at the end, review every game."""
        self.timer.stop()
        while any(not g.finished for g in self.games):
            if any(g.must_decide for g in self.games):
                self.timer.start_step()
                return
            self._play_every_game(timed_out=False)  # every seat holds
        self._finish()

    def _finish(self) -> None:
        self.phase = "finished"
        for game in self.games:
            moved = game.play.policy.moved if game.play.member is None else None  # a member
            game.review = review(
                self.scenario, game.play.results().table, self.seed, moved=moved, seat=game.seat
            )
        self.agents = agents_distribution(self.scenario, self.seed, self.prediction)

    def end(self) -> None:
        """Forget every student: the teacher ended the session (see `ClassRoom.end`)."""
        with self.lock:
            self.students.clear()
            self.phase = "ended"
            self.changed()

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
