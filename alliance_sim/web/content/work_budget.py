"""How much work the server takes on, so that one upload or one client cannot hold the class's
server (issue 24 item 5).

A run's work is counted in replicate-rounds: replicates × steps × bargaining rounds per step ×
issues, summed over a campaign's stages (what the engine loops over). The built-in whole war
at the page's 100,000 replicates, base and variant, is about 99 million; an uploaded file
with a 5,000-step horizon and 31 rounds a step was 620 million at the default 2,000
replicates, and held a run slot for 42 s and 1.4 GB (the fault probe of 2026-12-06).

Three limits, checked by the run pool before a new computation is queued (a run already
computed or already queued by someone else is shared and costs nothing more):
- one run at most `RUN_WORK`;
- the runs one client (a device, `teacher_access.client_id`) has queued or running at most
  `CLIENT_WORK`;
- the runs queued or running on the whole server at most `SERVER_WORK`.
A refusal says the figure and what to do, in words a teacher understands.
"""

from __future__ import annotations

from alliance_sim.i18n import _
from alliance_sim.i18n.formats import format_number
from sim.scenario.campaign import stages_of
from sim.scenario.structure import Scenario

RUN_WORK = 150_000_000
"""One run (base and variant together): the whole war at 100,000 replicates, with room."""
CLIENT_WORK = 2 * RUN_WORK
"""What one device may have queued or running at once: a run and the next one."""
SERVER_WORK = 8 * RUN_WORK
"""What the whole server queues or runs at once (a class's identical runs are computed once)."""


class OverBudget(ValueError):
    """A run the server refuses for its size; the message gives the figures and a way out."""


def work_of(scenario, replicates: int) -> int:
    """Replicates × steps × rounds per step × issues, summed over the stages (exact integers)."""
    per_replicate = sum(
        stage.time.horizon * stage.bargaining.rounds_per_step * max(1, len(stage.issues))
        for stage in stages_of(scenario)
    )
    return int(replicates) * per_replicate


def run_work(scenarios: list[Scenario | None], replicates: int) -> int:
    """The work of one click on Run: every scenario it runs (base and variant)."""
    return sum(work_of(s, replicates) for s in scenarios if s is not None)


def largest_replicates(per_replicate: int, limit: int = RUN_WORK) -> int:
    """The most replicates whose work fits `limit`."""
    return max(0, limit // max(1, per_replicate))


def check_run(work: int, replicates: int) -> None:
    """Refuse one run over `RUN_WORK`, naming its figure and the replicates that would fit."""
    if work <= RUN_WORK:
        return
    fits = largest_replicates(work // max(1, replicates))
    raise OverBudget(
        _(
            "This run is too big for the class server: {replicates} replicates of this scenario "
            "are {work} units of work (replicates × steps × rounds × issues), and one run may use "
            "at most {most}. Use at most {fits} replicates here, a shorter scenario, or "
            "`alliance-sim batch` in a terminal."
        ).format(
            replicates=format_number(replicates),
            work=format_number(work),
            most=format_number(RUN_WORK),
            fits=format_number(fits),
        )
    )


def check_queue(work: int, client_work: int, server_work: int) -> None:
    """Refuse a new run that would take one client or the whole server over its share."""
    if client_work + work > CLIENT_WORK:
        raise OverBudget(
            _(
                "Your runs already waiting or running on the server use {used} units of work; "
                "with this one ({work}) that is more than one device's share ({most}). Wait for "
                "them to finish, or press Cancel, then run again."
            ).format(
                used=format_number(client_work),
                work=format_number(work),
                most=format_number(CLIENT_WORK),
            )
        )
    if server_work + work > SERVER_WORK:
        raise OverBudget(
            _(
                "The server is busy: the class's runs waiting or running use {used} units of "
                "work, and this one ({work}) would take it past its limit ({most}). Try again in a "
                "minute, or use fewer replicates."
            ).format(
                used=format_number(server_work),
                work=format_number(work),
                most=format_number(SERVER_WORK),
            )
        )


def check_class_game(scenario, review_replicates: int, games: int) -> None:
    """Refuse a class session whose end would take the server over its limit: each of up to
    `games` games is reviewed against `review_replicates` agent runs, and the class's
    predictions against as many more (`classroom.live.session`)."""
    each = work_of(scenario, review_replicates)
    total = each * (games + 1)
    if total <= SERVER_WORK:
        return
    raise OverBudget(
        _(
            "This scenario is too long for a class game on this server: at the end each game is "
            "compared with {runs} runs of the agents, {each} units of work (replicates × steps × "
            "rounds × issues), {total} for a full class of {games}; the server takes at most "
            "{most}. Choose a scenario with fewer steps or fewer rounds a step."
        ).format(
            runs=format_number(review_replicates),
            each=format_number(each),
            total=format_number(total),
            games=games,
            most=format_number(SERVER_WORK),
        )
    )


def check_game(scenario, review_replicates: int) -> None:
    """Refuse a game on the Play tab whose end would be over one run's limit: the game is
    compared with `review_replicates` agent runs, computed in the server as it ends."""
    work = work_of(scenario, review_replicates)
    if work <= RUN_WORK:
        return
    raise OverBudget(
        _(
            "This scenario is too long to play on this server: at the end your game is compared "
            "with {runs} runs of the agents, {work} units of work (replicates × steps × rounds × "
            "issues), and one run may use at most {most}. Choose a scenario with fewer steps or "
            "fewer rounds a step."
        ).format(
            runs=format_number(review_replicates),
            work=format_number(work),
            most=format_number(RUN_WORK),
        )
    )
