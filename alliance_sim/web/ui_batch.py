"""Running the batch with visible progress; the charts, base against counterfactual; downloads."""

from __future__ import annotations

import importlib.util
import time

import solara
import solara.lab
import solara.util

from alliance_sim.i18n import _, ngettext
from alliance_sim.web import state, teacher_access, view
from alliance_sim.web.content import catalogue, words
from alliance_sim.web.content.charts import redrawn_charts
from alliance_sim.web.content.comparison import (
    Comparison,
    compare_runs,
    exercise_table_html,
    in_language,
    table_csv,
)
from alliance_sim.web.content.run_pool import run_key, shared_pool
from alliance_sim.web.content.summary_csv import file_stem, summary_csv
from alliance_sim.web.content.work_budget import OverBudget, run_work
from alliance_sim.web.tab_close import current_tab
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_text import Prose, chart_image, literal

MAX_REPLICATES = 100_000
"""The page's limit: a class shares one server; `alliance-sim batch` runs millions."""
REPLICATES_CAP_TEXT = (
    f"One click simulates at most {MAX_REPLICATES:,} replicates (simulated runs): the whole "
    "class shares this server. For more, use `alliance-sim batch` in a terminal."
)


def replicates_problem(replicates: int | None) -> str | None:
    """Why the Replicates field cannot be run as it is, or None."""
    if replicates is None or replicates < 1:
        return _("Replicates must be at least 1.")
    if replicates > MAX_REPLICATES:
        return _(
            "At most {limit:,} replicates in the web app; "
            "for more, use `alliance-sim batch` in a terminal."
        ).format(limit=MAX_REPLICATES)
    return None


POLL_SECONDS = 0.5
"""How often a waiting session looks at its run: its queue position and progress. Each change
of either re-renders the session's page (server work, times the class), so not too often."""
PROGRESS_SECONDS = 2.0
"""The progress shown moves at most this often: a class of 30 waiting for one shared run of a
few seconds then costs the server a redraw or two per student, not one per poll."""


@solara.lab.task
def run_batch(
    key: tuple, base, scenario, label: str, replicates: int, seed: int, who: tuple = ("", None)
) -> None:
    """Ask the server's run pool for the comparison and wait for it, showing the queue
    position and then the progress; a run another session already asked for is shared.
    `who` is the (client, tab) asking: the work is charged to the client, and the tab's
    closing cancels it; a run over the work budget is refused (`OverBudget`)."""

    def compute(progress) -> Comparison:
        return compare_runs(base, scenario, label, replicates, seed, progress)

    client, tab = who
    ticket = shared_pool().submit(
        run_key([base, scenario], label, replicates, seed),
        compute,
        work=run_work([base, scenario], replicates),
        client=client,
        holder=tab,
        replicates=replicates,
    )
    shown = time.monotonic()
    try:
        while True:
            status = ticket.status()  # each change below re-renders: only real changes
            state.runs_ahead.value = status.ahead or None  # 0: about to start, not waiting
            if status.progress and time.monotonic() - shown >= PROGRESS_SECONDS:
                run_batch.progress, shown = round(status.progress), time.monotonic()
            if ticket.wait(POLL_SECONDS):
                break
            if not run_batch.is_current():  # Cancel was pressed: leave the queue or the run
                raise solara.util.CancelledError()
        result = ticket.result()
    finally:
        ticket.cancel()  # nothing if the run finished; else only this session stops waiting
        state.runs_ahead.value = None
    state.comparison_key.value = key  # first: no part of the page reads it while waiting
    state.comparison.value = result


def start() -> None:
    if replicates_problem(state.replicates.value):
        return
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    scenario, label = variant()
    who = (teacher_access.client_id(), current_tab())
    run_batch(_key(), base, scenario, label, state.replicates.value, state.seed.value, who)


def _key() -> tuple:
    return (
        state.episode.value,
        state.exercise.value,
        tuple(sorted(state.factors.value.items())),
        state.replicates.value,
        state.seed.value,
    )


def waiting_text(ahead: int) -> str:
    """The queue message: how many runs (other sessions') the server computes before this one."""
    return ngettext(
        "Waiting: {count} run ahead of yours. The server computes a few at a time for the class.",
        "Waiting: {count} runs ahead of yours. The server computes a few at a time for the class.",
        ahead,
    ).format(count=ahead)


@solara.component
def RunControls():
    teacher = view.teacher.value  # students run the defaults: no replicates or seed to set
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        if teacher:
            solara.InputInt(words.REPLICATES, value=state.replicates, style={"max-width": "12em"})
            solara.InputInt(words.SEED, value=state.seed, style={"max-width": "12em"})
        problem = replicates_problem(state.replicates.value)
        solara.Button(
            words.RUN,
            on_click=start,
            disabled=run_batch.pending or problem is not None,
            color="primary",
            icon_name="mdi-play",
            classes=["big-button", "run-button"],
        )
        if run_batch.pending:
            solara.Button(words.CANCEL, on_click=run_batch.cancel, icon_name="mdi-stop")
    if teacher:
        solara.Text(REPLICATES_CAP_TEXT, classes=["replicates-cap"])
    if problem is not None:
        solara.Error(problem, classes=["replicates-problem"])
    if run_batch.pending:
        ahead = state.runs_ahead.value
        if ahead:  # the server runs a few at a time; the class queues
            solara.Text(waiting_text(ahead), classes=["progress-text", "queue-position"])
        else:
            running = words.RUNNING.format(percent=run_batch.progress or 0)
            solara.Text(running, classes=["progress-text"])
            # a bar that only moves with the run: an endless animation in each of a class's
            # browsers costs their computers, and the server's when they share it
            solara.v.ProgressLinear(value=run_batch.progress or 0, color="primary",
                                    attributes={"aria-label": running})  # fmt: skip
    elif run_batch.cancelled:
        solara.Info(words.RUN_CANCELLED, classes=["run-cancelled"])
    elif run_batch.error and isinstance(run_batch.exception, OverBudget):
        solara.Error(str(run_batch.exception), classes=["work-budget"])
    elif run_batch.error:
        solara.Error(words.RUN_FAILED.format(error=run_batch.exception))
    elif state.comparison.value is not None and state.comparison_key.value != _key():
        solara.Info(words.SETTINGS_CHANGED)


@solara.component
def Charts():
    result = in_language(state.comparison.value)  # drawn in this browser's language
    kind = "projector" if view.projector.value else "phone" if view.narrow.value else None
    redrawn = solara.use_thread(  # the charts for this screen, drawn after the page's own
        lambda: (
            (result, kind, redrawn_charts(result, kind)) if kind and result is not None else None
        ),
        dependencies=[id(result), kind],
    )
    if run_batch.pending:  # the progress bar says what is going on; the charts come after
        return
    if result is None:
        Prose(words.PRESS_RUN)
        return
    runs = " · ".join(f"“{literal(label)}”" for label in result.labels)
    count, seed = result.runs[0].replicates, result.runs[0].seed
    heading = words.RUNS_HEADING[view.teacher.value].format(count=count, seed=seed, runs=runs)
    Prose(f"{heading}\n\n{words.HISTORY_MARKS}")
    shown = redrawn.value or (None, None, None)
    ready = kind is not None and shown[0] is result and shown[1] == kind
    drawn = shown[2] if ready else [{}] * len(result.charts)
    done = {"data-done": "1", **({"data-redrawn": kind} if ready else {})}
    with solara.Div(classes=["charts"], attributes=done):
        if result.agreement:
            solara.HTML(tag="div", unsafe_innerHTML=result.agreement)
        for chart, big in zip(result.charts, drawn, strict=True):
            with solara.Div(classes=["chart-pair"]):  # side by side in the projector layout
                with solara.Div():
                    chart_image(big.get("shares_png", chart["shares_png"]), chart["shares_alt"])
                    solara.HTML(tag="div", unsafe_innerHTML=chart["shares_table"])
                with solara.Div():
                    src = big.get("survival_png", chart["survival_png"])
                    chart_image(src, chart["survival_alt"])
    WorksheetTable(result)
    WhoBlocked(result)
    Downloads()


@solara.component
def WorksheetTable(result: Comparison):
    """The exercise's results table, the worksheet's own rows filled from these runs: every
    blank of the worksheet is read off here, under the same words."""
    exercise = _reported_exercise()
    shown = exercise_table_html(exercise, result) if exercise is not None else ""
    if not shown:
        return
    Prose(f"#### {words.WORKSHEET_TABLE}\n\n{words.WORKSHEET_TABLE_HELP}")
    solara.HTML(tag="div", unsafe_innerHTML=shown, classes=["worksheet-table"])


@solara.component
def WhoBlocked(result: Comparison):
    """Who kept each deal closed, for every run, a click away: the charts are drawn with the
    run, but sent to a browser only when asked for (a class of 30 gets its results first)."""
    shown, set_shown = solara.use_state(False)
    if not result.blockers:
        return
    solara.Button(words.HIDE_BLOCKERS if shown else words.SHOW_BLOCKERS,
                  on_click=lambda: set_shown(not shown), color="primary", outlined=True,
                  classes=["big-button", "show-blockers"])  # fmt: skip
    if shown:
        for issue_id in result.runs[0].scenario.issues:
            BlockerCharts(result, issue_id)


def BlockerCharts(result: Comparison, issue_id: str, run: str | None = None) -> None:
    """Who kept the deal closed on one issue, step by step: each run's chart (side by side in
    the projector layout), or only `run`'s."""
    shown = [b for b in result.blockers if b["issue"] == issue_id and run in (None, b["run"])]
    if not shown:
        return
    label = result.runs[0].scenario.issues[issue_id].label
    Prose(words.BLOCKERS_HEADING.format(issue=label) + "\n\n" + words.BLOCKERS_HELP)
    with solara.Div(classes=["chart-pair", "blockers"]):
        for chart in shown:
            with solara.Div():
                chart_image(chart["png"], chart["alt"])


@solara.component
def Downloads():
    result = state.comparison.value
    if result is None:  # cleared (a new episode) before its parent Charts re-rendered
        return
    with solara.Row(style={"flex-wrap": "wrap"}):
        tables = [(label, r.table) for label, r in zip(result.labels, result.runs, strict=True)]
        key = state.comparison_key.value
        stem = file_stem(result.runs[0].scenario.id, key[1] if key else None)
        runs = list(result.runs)
        solara.FileDownload(
            lambda: summary_csv(runs),
            filename=f"{stem}_summary.csv",
            label=words.DOWNLOAD_SUMMARY,
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: table_csv(tables),
            filename=f"{stem}_results.csv",
            label=words.DOWNLOAD_CSV,
            mime_type="text/csv",
        )
        exercise = _reported_exercise()
        if exercise is not None:
            from alliance_sim.classroom.report import report_of_runs

            base = catalogue.scenario(state.comparison_key.value[0], state.uploaded.value)
            solara.FileDownload(
                lambda: report_of_runs(exercise, base, runs),
                filename=f"{exercise.id}_report.html",
                label=words.DOWNLOAD_REPORT,
                mime_type="text/html",
            )


def _reported_exercise():
    """The exercise the runs on the page were made for, exactly (no slider moved), or None:
    the report is written from those runs, never from the boxes' current values (issue 24
    item 5: a report of 3,000,000 replicates typed after the run is never computed)."""
    key = state.comparison_key.value
    if key is None or importlib.util.find_spec("alliance_sim.classroom.report") is None:
        return None
    episode, exercise_id, factors = key[0], key[1], dict(key[2])
    if exercise_id is None or any(f != 1.0 for f in factors.values()):
        return None
    return catalogue.exercises(episode, state.uploaded.value).get(exercise_id)
