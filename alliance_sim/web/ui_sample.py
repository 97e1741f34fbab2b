"""Stepping through one sample run: demands, the zone of agreement, tension and dated events."""

from __future__ import annotations

import solara

from alliance_sim.web import state, view
from alliance_sim.web.content import words
from alliance_sim.web.content.sample_run import issue_markdown, sample_steps
from alliance_sim.web.ui_batch import BlockerCharts
from alliance_sim.web.ui_text import Prose


@solara.component
def SampleRun():
    result = state.comparison.value
    which, index = state.sample_at.value

    def set_which(n: int) -> None:
        state.sample_at.value = (n, 0)

    def set_index(i: int) -> None:
        state.sample_at.value = (state.sample_at.value[0], i)

    which = 0 if result is None else min(which, len(result.runs) - 1)
    steps = solara.use_memo(  # once per run shown, not on every click of Next
        lambda: None if result is None else _steps(result, which),
        dependencies=[id(result), which],
    )
    if result is None:
        Prose(words.RUN_FIRST)
        return
    run = result.runs[which]
    index = min(index, len(steps) - 1)
    step = steps[index]
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        for n, label in enumerate(result.labels):
            solara.Button(
                label, on_click=lambda n=n: set_which(n),
                outlined=n != which, color="primary",
            )  # fmt: skip
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(words.PREVIOUS_STEP, on_click=lambda: set_index(max(index - 1, 0)),
                      disabled=index == 0, classes=["big-button"])  # fmt: skip
        when = words.STEP_DATE.format(date=step.date, unit=words.unit(run.scenario.time.step),
                                      number=step.number, count=len(steps))  # fmt: skip
        solara.Text(when, classes=["step-date"])
        solara.Button(words.NEXT_STEP, on_click=lambda: set_index(min(index + 1, len(steps) - 1)),
                      disabled=index == len(steps) - 1, classes=["big-button"])  # fmt: skip
    if step.events:
        Prose(words.EVENTS + "\n\n" + "\n".join(f"- {e}" for e in step.events))
    for issue in step.issues:
        Prose(issue_markdown(issue, view.teacher.value))
    for issue_id in run.scenario.issues:  # the whole sample of runs, step by step
        BlockerCharts(result, issue_id, result.labels[which])


def _steps(result, which: int):
    run = result.runs[which]
    return sample_steps(run.scenario, run.history, run.table)
