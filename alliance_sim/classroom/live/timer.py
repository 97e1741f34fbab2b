"""The step timer of a class session: how long a step waits for the students, which the
teacher may pause, extend or cut short (issue 21 item 1).

A step waits at most `time_limit` seconds, then the agents move for the silent seats. The
teacher may pause the countdown (to talk to the class; it stays paused from step to step
until resumed), add time, or end the wait at once (`ClassSession.skip`). Plain Python: the
clock is the session's, so the tests move it by hand.
"""

from __future__ import annotations

from collections.abc import Callable

MAX_EXTRA = 600
"""Seconds the teacher may add to one step at a time."""


class StepTimer:
    """The countdown of the step being waited on: running (`deadline`), paused (`paused_left`)
    or off (no step is waiting)."""

    def __init__(self, clock: Callable[[], float], time_limit: float):
        self.clock, self.time_limit = clock, time_limit
        self.deadline: float | None = None
        self.paused_left: float | None = None
        self.paused = False  # kept across steps until the teacher resumes

    @property
    def waiting(self) -> bool:
        """A step is waiting for the students (its countdown running or paused)."""
        return self.deadline is not None or self.paused_left is not None

    def start_step(self) -> None:
        """A new step waits: the whole time limit, paused if the teacher paused."""
        if self.paused:
            self.deadline, self.paused_left = None, float(self.time_limit)
        else:
            self.deadline, self.paused_left = self.clock() + self.time_limit, None

    def stop(self) -> None:
        self.deadline, self.paused_left = None, None

    def left(self) -> float | None:
        """Seconds left in the step waiting (None: none waits)."""
        if self.paused_left is not None:
            return self.paused_left
        return None if self.deadline is None else max(0.0, self.deadline - self.clock())

    def expired(self) -> bool:
        return self.deadline is not None and self.clock() >= self.deadline

    def pause(self) -> None:
        self.paused = True
        if self.deadline is not None:
            self.paused_left, self.deadline = self.left(), None

    def resume(self) -> None:
        self.paused = False
        if self.paused_left is not None:
            self.deadline, self.paused_left = self.clock() + self.paused_left, None

    def extend(self, seconds: float) -> None:
        """Add `seconds` to the step waiting (1 to `MAX_EXTRA`)."""
        if not 1 <= seconds <= MAX_EXTRA:
            raise ValueError(f"seconds must be between 1 and {MAX_EXTRA}")
        if self.paused_left is not None:
            self.paused_left += seconds
        elif self.deadline is not None:
            self.deadline = max(self.deadline, self.clock()) + seconds

    def expire(self) -> None:
        """End the wait now: the step is played at the next look (`ClassSession.tick`)."""
        if self.waiting:
            self.deadline, self.paused_left = self.clock(), None

    def restart(self) -> None:
        """After a restart from disk, the step waiting gets its whole time again (paused if
        it was paused)."""
        if self.waiting:
            self.start_step()
