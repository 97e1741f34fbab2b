"""One bounded pool of simulations for the whole server, shared by every browser session.

A class of 30 pressing Run together must not start 30 simulations that fight for two
cores: at most `workers` computations run at once (the CPU count by default), the rest
wait in first-come order and each waiter can ask how many runs are ahead of its own.
Identical requests (the same key: same scenarios, changes, seed and replicate count) are
computed once and shared by every session that asks; the last few results are kept, so a
class pressing Run on the same exercise one after another gets them at once.

Cancelling is per waiter: a session that gives up detaches its ticket, and the shared
computation stops (at its next progress report) only when nobody waits for it any more. A
ticket may name its `holder` (a browser tab's kernel): when the tab closes, `cancel_holder`
detaches every ticket it held, so a closed tab's queued and running work stops.

A new computation states its `work` and the `client` asking for it; `submit` refuses it
(`work_budget.OverBudget`) when it is over the per-run limit or would take that client or
the whole server over its share of the work queued or running (issue 24 item 5). A kept
result or a run already queued costs nothing more and is always shared.

Plain threads, no Solara: the web page waits on a `Ticket` from its own task thread and
the unit tests drive the pool directly (tests/web/content/test_run_pool.py).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from alliance_sim.web.content import work_budget

Compute = Callable[[Callable[[float], None]], Any]
"""A computation: called with `progress(percent)`, which it should call now and then (that
call raises `RunCancelled` once every waiter has gone); returns the result."""

CACHE_SIZE = 6
"""Finished results kept (least recently used dropped first): a few exercises of a lesson."""


class RunCancelled(Exception):
    """The run was cancelled: by this waiter (`Ticket.result`) or, inside a computation,
    because nobody waits for it any more (raised by its `progress`)."""


def default_workers() -> int:
    """The CPU count this process may use, at least 1."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        count = os.cpu_count() or 1
    return max(1, count)


def run_key(scenarios: Iterable[BaseModel | None], *extra: object) -> str:
    """A key naming a run by content: the resolved scenarios (so an uploaded file or a moved
    slider counts by what it changes, not by its name) and the extra values (labels,
    replicates, seed). Equal keys are the same computation."""
    digest = hashlib.sha256()
    for scenario in scenarios:
        digest.update(b"none" if scenario is None else scenario.model_dump_json().encode())
        digest.update(b"\x00")
    for value in extra:
        digest.update(repr(value).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass(frozen=True)
class Status:
    """What a waiter sees: `ahead` runs before its own (None once its run has started or
    finished), the shared run's `progress` in percent, and whether it is `done`."""

    ahead: int | None
    progress: float
    done: bool


class _Job:
    """One computation and the waiters attached to it (guarded by the pool's lock)."""

    def __init__(self, key: str, compute: Compute, work: int = 0, client: str = "") -> None:
        self.key = key
        self.compute = compute
        self.work = work  # replicate-rounds (`work_budget.work_of`), charged to `client`
        self.client = client
        self.waiters = 0
        self.running = False
        self.abandoned = False  # every waiter left: stop at the next progress report
        self.progress = 0.0
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()


class Ticket:
    """One waiter's hold on a (possibly shared) run."""

    def __init__(self, pool: RunPool, job: _Job, holder: str | None = None) -> None:
        self._pool = pool
        self._job = job
        self._cancelled = False
        self.holder = holder

    @property
    def done(self) -> bool:
        return self._cancelled or self._job.finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds; True once the run has finished (or this ticket was
        cancelled)."""
        if self._cancelled:
            return True
        return self._job.finished.wait(timeout)

    def status(self) -> Status:
        return self._pool._status(self._job, self.done)

    def result(self, timeout: float | None = None) -> Any:
        """The run's result, waiting for it; its error re-raised; `RunCancelled` if this
        ticket was cancelled; `TimeoutError` after `timeout` seconds."""
        if self._cancelled:
            raise RunCancelled("this run was cancelled")
        if not self._job.finished.wait(timeout):
            raise TimeoutError(f"the run did not finish within {timeout} s")
        if self._job.error is not None:
            raise self._job.error
        return self._job.result

    def cancel(self) -> None:
        """Stop waiting. The run itself stops only if no other waiter still wants it."""
        if not self._cancelled and not self._job.finished.is_set():
            self._cancelled = True
            self._pool._detach(self._job)
        self._pool._forget(self)


class RunPool:
    """At most `workers` computations at once, first come first served, identical keys
    computed once, the last `cache_size` results kept."""

    def __init__(self, workers: int | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.workers = default_workers() if workers is None else workers
        if self.workers < 1:
            raise ValueError(f"a run pool needs at least 1 worker, not {self.workers}")
        self.cache_size = cache_size
        self._lock = threading.Condition()
        self._queue: deque[_Job] = deque()  # waiting to start, in arrival order
        self._jobs: dict[str, _Job] = {}  # queued or running, by key
        self._cache: OrderedDict[str, _Job] = OrderedDict()  # finished without error
        self._running = 0
        self._threads: list[threading.Thread] = []
        self._held: dict[str, set[Ticket]] = {}  # holder (a tab's kernel) -> its open tickets

    def submit(
        self,
        key: str,
        compute: Compute,
        work: int = 0,
        client: str = "",
        holder: str | None = None,
        replicates: int = 1,
    ) -> Ticket:
        """A ticket for the run named `key`: a kept result, the same run already queued or
        running, or a new run of `compute` (`work` units for `client`, of `replicates` each)
        at the end of the queue; `work_budget.OverBudget` if the new run is over budget."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._hold(Ticket(self, self._cache[key], holder))
            job = self._jobs.get(key)
            if job is None:
                work_budget.check_run(work, replicates)
                work_budget.check_queue(work, self.work_of(client), self.work_of())
                job = self._jobs[key] = _Job(key, compute, work, client)
                self._queue.append(job)
                self._start_thread()
                self._lock.notify()
            job.waiters += 1
            job.abandoned = False  # a run its last waiter left is wanted again
            return self._hold(Ticket(self, job, holder))

    def work_of(self, client: str | None = None) -> int:
        """The work queued or running: `client`'s, or the whole server's (None)."""
        with self._lock:
            jobs = self._jobs.values()
            return sum(j.work for j in jobs if client is None or j.client == client)

    def _hold(self, ticket: Ticket) -> Ticket:
        if ticket.holder is not None and not ticket.done:
            self._held.setdefault(ticket.holder, set()).add(ticket)
        return ticket

    def _forget(self, ticket: Ticket) -> None:
        with self._lock:
            held = self._held.get(ticket.holder or "")
            if held is not None:
                held.discard(ticket)
                if not held:
                    del self._held[ticket.holder or ""]

    def cancel_holder(self, holder: str) -> int:
        """Cancel every ticket `holder` (a closed tab) still has; how many were open."""
        with self._lock:
            tickets = list(self._held.pop(holder, ()))
        for ticket in tickets:
            ticket.cancel()
        return len(tickets)

    def holders(self) -> int:
        """Holders with open tickets (for the memory checks: none once their tabs closed)."""
        with self._lock:
            return len(self._held)

    def _start_thread(self) -> None:
        if len(self._threads) < min(self.workers, len(self._queue) + self._running):
            thread = threading.Thread(target=self._work, name="run-pool", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _status(self, job: _Job, done: bool) -> Status:
        with self._lock:
            ahead = None
            if not done and not job.running:
                ahead = self._running + next(
                    (i for i, queued in enumerate(self._queue) if queued is job), 0
                )
            return Status(ahead, job.progress, done)

    def _detach(self, job: _Job) -> None:
        with self._lock:
            job.waiters -= 1
            if job.waiters > 0:
                return
            if job.running:
                job.abandoned = True
            elif job in self._queue:  # never started: drop it
                self._queue.remove(job)
                del self._jobs[job.key]
                job.error = RunCancelled("nobody waits for this run")
                job.finished.set()

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queue:
                    self._lock.wait()
                job = self._queue.popleft()
                job.running = True
                self._running += 1
            self._compute(job)

    def _compute(self, job: _Job) -> None:
        def progress(percent: float) -> None:
            job.progress = percent
            if job.abandoned:
                raise RunCancelled("nobody waits for this run")

        while True:
            try:
                result, error = job.compute(progress), None
            except BaseException as exc:  # every waiter gets the error (Ctrl-C included)
                result, error = None, exc
            with self._lock:
                if isinstance(error, RunCancelled) and not job.abandoned:
                    job.progress = 0.0  # a new waiter came between the stop and now: redo
                    continue
                self._running -= 1
                del self._jobs[job.key]
                job.running = False
                job.result, job.error = result, error
                if error is None and self.cache_size > 0:
                    self._cache[job.key] = job
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
                job.finished.set()
                return


_pool: RunPool | None = None
_pool_lock = threading.Lock()


def shared_pool() -> RunPool:
    """The server's one pool (created at first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RunPool()
        return _pool
