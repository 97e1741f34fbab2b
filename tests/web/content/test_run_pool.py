"""The web app's server-wide run pool (issue 10, item 7 and defect 16): a class pressing Run
together is computed a few runs at a time, in arrival order, each waiter seeing its queue
position; identical runs are computed once and shared; cancelling is per waiter.

The computations here are gates (threading.Event) the test opens, so nothing depends on
timing: each assertion waits for a state, never for a duration.
"""

from __future__ import annotations

import threading

import pytest

from alliance_sim.web.content.run_pool import RunCancelled, RunPool, default_workers, run_key
from sim.scenario.loader import load_scenario

WAIT = 10  # seconds: only a bound against a hang, never reached when the pool works


class Gate:
    """A computation that reports it started, then waits until the test opens it."""

    def __init__(self, result: object = None, error: BaseException | None = None) -> None:
        self.result, self.error = result, error
        self.started = threading.Event()
        self.opened = threading.Event()
        self.calls = 0
        self.stopped = False  # its progress raised RunCancelled

    def __call__(self, progress) -> object:
        self.calls += 1
        self.started.set()
        while not self.opened.wait(0.01):
            try:
                progress(50.0)
            except RunCancelled:
                self.stopped = True
                raise
        if self.error is not None:
            raise self.error
        return self.result


def _until(condition) -> None:
    """Wait for `condition()` (a state of the pool's threads), failing after WAIT seconds."""
    event = threading.Event()
    for _ in range(WAIT * 100):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("condition not reached")


def test_at_most_workers_runs_at_once_and_the_rest_wait_in_order_with_their_position():
    pool = RunPool(workers=2)
    gates = [Gate(result=i) for i in range(5)]
    tickets = [pool.submit(f"run {i}", gate) for i, gate in enumerate(gates)]
    assert gates[0].started.wait(WAIT) and gates[1].started.wait(WAIT)
    _until(lambda: tickets[0].status().ahead is None and tickets[1].status().ahead is None)
    assert not gates[2].started.is_set()
    assert [t.status().ahead for t in tickets[2:]] == [2, 3, 4]  # 2 running, then the queue
    gates[1].opened.set()
    assert tickets[1].result(WAIT) == 1
    assert gates[2].started.wait(WAIT)
    _until(lambda: tickets[3].status().ahead == 2)  # the first in line started: one fewer
    assert tickets[4].status().ahead == 3
    assert not gates[3].started.is_set()  # still two at once
    for gate in gates:
        gate.opened.set()
    assert [t.result(WAIT) for t in tickets] == [0, 1, 2, 3, 4]
    assert all(t.status().done and t.status().ahead is None for t in tickets)


def test_identical_requests_are_computed_once_and_a_finished_one_is_kept():
    pool = RunPool(workers=1, cache_size=2)
    gate = Gate(result="charts")
    first, second = pool.submit("same", gate), pool.submit("same", Gate(result="other"))
    assert gate.started.wait(WAIT)
    gate.opened.set()
    assert first.result(WAIT) == second.result(WAIT) == "charts"
    later = Gate(result="recomputed")
    assert pool.submit("same", later).result(WAIT) == "charts"  # from the kept results
    assert gate.calls == 1 and later.calls == 0
    for key in ("a", "b"):  # two newer results push the oldest out (least recently used)
        done = Gate(result=key)
        done.opened.set()
        pool.submit(key, done).result(WAIT)
    later.opened.set()
    assert pool.submit("same", later).result(WAIT) == "recomputed"


def test_cancelling_one_waiter_leaves_the_shared_run_to_the_others():
    pool = RunPool(workers=1)
    gate = Gate(result="charts")
    leaving, staying = pool.submit("same", gate), pool.submit("same", gate)
    assert gate.started.wait(WAIT)
    leaving.cancel()
    with pytest.raises(RunCancelled):
        leaving.result(WAIT)
    gate.opened.set()
    assert staying.result(WAIT) == "charts"
    assert gate.calls == 1 and not gate.stopped


def test_a_run_nobody_waits_for_stops_and_a_queued_one_leaves_the_queue():
    pool = RunPool(workers=1)
    running, queued, last = Gate(), Gate(), Gate(result=3)
    first, second, third = (
        pool.submit(k, g) for k, g in zip("abc", (running, queued, last), strict=True)
    )
    assert running.started.wait(WAIT)
    assert third.status().ahead == 2
    second.cancel()
    assert third.status().ahead == 1  # the cancelled run no longer counts
    first.cancel()
    _until(lambda: running.stopped)  # its progress raised: the worker is free for the next
    assert last.started.wait(WAIT)
    last.opened.set()
    assert third.result(WAIT) == 3 and queued.calls == 0


def test_an_error_reaches_every_waiter_and_is_not_kept():
    pool = RunPool(workers=1)
    gate = Gate(error=ValueError("bad scenario"))
    tickets = [pool.submit("same", gate) for _ in range(3)]
    gate.opened.set()
    for ticket in tickets:
        with pytest.raises(ValueError, match="bad scenario"):
            ticket.result(WAIT)
    fixed = Gate(result="ok")
    fixed.opened.set()
    assert pool.submit("same", fixed).result(WAIT) == "ok"  # tried again, not the old error


def test_the_key_names_the_content_seed_and_count():
    base = load_scenario("pow_repatriation")
    exercise = load_scenario("pow_stalin_lives")
    key = run_key([base, exercise], "label", 2000, 1)
    assert key == run_key([load_scenario("pow_repatriation"), exercise], "label", 2000, 1)
    changed = base.model_copy(update={"title": base.title + " (uploaded)"})
    others = [
        run_key([changed, exercise], "label", 2000, 1),
        run_key([base, None], "label", 2000, 1),
        run_key([base, exercise], "label", 2001, 1),
        run_key([base, exercise], "label", 2000, 2),
    ]
    assert key not in others and len(set(others)) == len(others)


def test_a_pool_has_at_least_one_worker():
    assert default_workers() >= 1
    with pytest.raises(ValueError, match="at least 1 worker"):
        RunPool(workers=0)
