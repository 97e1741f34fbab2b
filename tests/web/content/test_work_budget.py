"""The server's work budget (issue 24 item 5): one run, one client's queued runs and the whole
server's are bounded in replicates × steps × rounds × issues; a run over budget is refused
with its figure and a way out, and a closed tab's runs are cancelled.

The computations are gates the test opens (see test_run_pool), so nothing waits on time."""

from __future__ import annotations

import pytest
from test_run_pool import WAIT, Gate, _until

from alliance_sim.web.content import work_budget
from alliance_sim.web.content.run_pool import RunCancelled, RunPool
from alliance_sim.web.content.work_budget import (
    CLIENT_WORK,
    RUN_WORK,
    SERVER_WORK,
    OverBudget,
    run_work,
    work_of,
)
from sim.scenario.loader import load_scenario
from sim.scenario.structure import Scenario


def long_upload() -> Scenario:
    """The probe's upload: a 5,000-step horizon and 31 rounds a step on the prisoners."""
    base = load_scenario("pow_repatriation")
    time = base.time.model_copy(update={"horizon": 5000})
    bargaining = base.bargaining.model_copy(update={"rounds_per_step": 31})
    return base.model_copy(update={"time": time, "bargaining": bargaining})


def test_work_is_replicates_times_steps_rounds_and_issues_over_every_stage():
    assert work_of(load_scenario("pow_repatriation"), 1000) == 1000 * 30 * 4 * 1
    assert work_of(load_scenario("war_1950_53"), 10) == 10 * (61 * 1 * 1 + 36 * 4 * 3)
    assert work_of(long_upload(), 2000) == 2000 * 5000 * 31  # exact, no float or int64 wrap


def test_every_built_in_pair_fits_one_run_at_the_page_cap():
    for name in ("war_1950_53", "talks_1951_53", "pow_repatriation", "air_cover"):
        scenario = load_scenario(name)
        assert run_work([scenario, scenario], 100_000) <= RUN_WORK


def test_the_probes_long_upload_is_refused_with_its_figure_and_what_fits():
    upload = long_upload()
    work = run_work([upload, upload], 2000)
    with pytest.raises(OverBudget) as refused:
        work_budget.check_run(work, 2000)
    message = str(refused.value)
    assert "2,000 replicates of this scenario are 620,000,000 units of work" in message
    assert f"at most {RUN_WORK:,}" in message
    assert "Use at most 483 replicates here" in message  # 483 × 310,000 <= 150 M < 484 × ...
    assert 483 * 310_000 <= RUN_WORK < 484 * 310_000


def test_the_pool_refuses_a_run_over_budget_and_queues_nothing():
    pool = RunPool(workers=1)
    gate = Gate("never")
    with pytest.raises(OverBudget, match="too big for the class server"):
        pool.submit("huge", gate, work=RUN_WORK + 1, client="a", replicates=10)
    assert pool.work_of() == 0 and gate.calls == 0


def test_one_client_cannot_queue_more_than_its_share():
    pool = RunPool(workers=1)
    first, second = Gate(1), Gate(2)
    share = CLIENT_WORK // 2
    tickets = [pool.submit("one", first, work=share, client="a")]
    tickets.append(pool.submit("two", second, work=share, client="a"))
    with pytest.raises(OverBudget, match="Your runs already waiting or running") as refused:
        pool.submit("three", Gate(3), work=1, client="a")
    assert f"use {CLIENT_WORK:,} units of work" in str(refused.value)
    assert pool.submit("three", Gate(3), work=1, client="b").status().ahead == 2  # another device
    # joining a run already queued, or a kept result, costs nothing more
    assert pool.submit("one", Gate(), work=share, client="a").status().done is False
    first.opened.set()
    second.opened.set()
    assert [t.result(WAIT) for t in tickets] == [1, 2]
    _until(lambda: pool.work_of("a") == 0)
    pool.submit("four", Gate(4), work=share, client="a")  # room again once they finished


def test_the_server_as_a_whole_has_a_limit():
    pool = RunPool(workers=1)
    gates = []
    clients = SERVER_WORK // RUN_WORK
    for n in range(clients):
        gates.append(Gate(n))
        pool.submit(f"run{n}", gates[-1], work=RUN_WORK, client=f"c{n}")
    with pytest.raises(OverBudget, match="The server is busy") as refused:
        pool.submit("one more", Gate(), work=1, client="new")
    assert f"use {SERVER_WORK:,} units" in str(refused.value)
    for gate in gates:
        gate.opened.set()
    _until(lambda: pool.work_of() == 0)


def test_closing_a_tab_cancels_its_queued_and_running_work_only():
    pool = RunPool(workers=1)
    running, queued, other = Gate("r"), Gate("q"), Gate("o")
    mine = [pool.submit("running", running, work=10, client="a", holder="tab1")]
    assert running.started.wait(WAIT)
    mine.append(pool.submit("queued", queued, work=10, client="a", holder="tab1"))
    theirs = pool.submit("other", other, work=10, client="b", holder="tab2")
    assert pool.holders() == 2
    assert pool.cancel_holder("tab1") == 2
    _until(lambda: running.stopped)  # the running one stops at its next progress report
    for ticket in mine:
        with pytest.raises(RunCancelled):
            ticket.result(WAIT)
    assert queued.calls == 0  # the queued one never started
    other.opened.set()
    assert theirs.result(WAIT) == "o"
    theirs.cancel()  # what the page does once it has its result: nothing is held any more
    assert pool.holders() == 0 and pool.work_of() == 0
    assert pool.cancel_holder("tab1") == 0


def test_a_tab_that_closes_keeps_a_run_another_tab_waits_for():
    pool = RunPool(workers=1)
    gate = Gate("shared")
    mine = pool.submit("same", gate, work=10, client="a", holder="tab1")
    theirs = pool.submit("same", gate, work=10, client="b", holder="tab2")
    assert gate.started.wait(WAIT)
    pool.cancel_holder("tab1")
    gate.opened.set()
    assert theirs.result(WAIT) == "shared" and not gate.stopped
    with pytest.raises(RunCancelled):
        mine.result(WAIT)


def test_the_tab_close_hook_cancels_the_tabs_tickets(monkeypatch):
    pytest.importorskip("solara")
    from alliance_sim.web import tab_close

    pool = RunPool(workers=1)
    monkeypatch.setattr(tab_close, "shared_pool", lambda: pool)
    monkeypatch.setattr(tab_close, "current_tab", lambda: "kernel-1")
    gate = Gate()
    ticket = pool.submit("run", gate, work=1, holder="kernel-1")
    assert gate.started.wait(WAIT)
    closed = tab_close.on_tab_open()
    assert closed is not None
    closed()
    _until(lambda: gate.stopped)
    with pytest.raises(RunCancelled):
        ticket.result(WAIT)
    assert pool.holders() == 0


def test_a_class_game_on_the_long_upload_is_refused_and_the_built_ins_fit():
    from alliance_sim.classroom.live.session import MAX_STUDENTS
    from alliance_sim.classroom.play_review import REVIEW_REPLICATES

    for name in ("war_1950_53", "talks_1951_53", "pow_repatriation", "air_cover"):
        work_budget.check_class_game(load_scenario(name), REVIEW_REPLICATES, MAX_STUDENTS)
    with pytest.raises(OverBudget, match="too long for a class game on this server") as refused:
        work_budget.check_class_game(long_upload(), REVIEW_REPLICATES, MAX_STUDENTS)
    assert "each game is compared with 1,000 runs of the agents, 155,000,000 units" in str(
        refused.value
    )


def test_a_game_on_the_long_upload_is_refused_and_the_built_ins_fit():
    from alliance_sim.classroom.play_review import REVIEW_REPLICATES

    for name in ("talks_1951_53", "pow_repatriation", "air_cover", "armistice_terms"):
        work_budget.check_game(load_scenario(name), REVIEW_REPLICATES)
    with pytest.raises(OverBudget, match="too long to play on this server") as refused:
        work_budget.check_game(long_upload(), REVIEW_REPLICATES)
    assert "1,000 runs of the agents, 155,000,000 units of work" in str(refused.value)
