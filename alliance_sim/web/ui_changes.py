"""Switching on a counterfactual exercise or moving the sliders, and what changed against the
historical scenario. An exercise is named by its title everywhere (as in its report); its
question is shown once it is chosen."""

from __future__ import annotations

import solara

from alliance_sim.web import catalogue, state, view, words
from alliance_sim.web.briefing import cite
from alliance_sim.web.comparison import BASE_LABEL
from alliance_sim.web.knobs import apply_knobs, knob_changes, knobs
from alliance_sim.web.ui_text import Prose
from sim.display import diff_against_base
from sim.schema import Scenario


def variant() -> tuple[Scenario | None, str]:
    """The scenario to compare with the base (None: no change) and its label."""
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    chosen = exercises.get(state.exercise.value)
    moved = {k: f for k, f in state.factors.value.items() if f != 1.0}
    if chosen is None and not moved:
        return None, ""
    scenario = apply_knobs(chosen or base, moved)
    label = chosen.title if chosen else words.WITH_YOUR_CHANGES
    return scenario, label + (words.PLUS_YOUR_CHANGES if chosen and moved else "")


@solara.component
def ExercisePicker():
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    Prose(words.EXERCISES_HEADING)
    with solara.Column(gap="6px", align="start"):
        for exercise_id, scenario in {None: None, **exercises}.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(
                scenario.title if scenario else words.NO_EXERCISE.format(base=BASE_LABEL.lower()),
                on_click=lambda exercise_id=exercise_id: state.exercise.set(exercise_id),
                color="primary",
                outlined=not chosen,
                classes=["wrap-button"],
                attributes={"aria-pressed": "true" if chosen else "false"},
            )
    chosen = exercises.get(state.exercise.value)
    if chosen is not None:
        Prose(
            f"#### {chosen.title}\n\n**{chosen.exercise.question}**\n\n{chosen.exercise.explanation}"
        )
        Prose(words.CHANGES_HEADING + "\n\n" + exercise_changes(chosen, view.teacher.value))


def exercise_changes(chosen: Scenario, teacher: bool = False) -> str:
    """The exercise's changes as a Markdown list, each with its source: in plain words for
    students; the teacher also sees each exact change to the file (`words.change_line`)."""
    base = catalogue.scenario(chosen.exercise.base, state.uploaded.value)
    lines = [
        f"- {words.change_line(change, base, teacher)} — {cite(change.source)}"
        for change in chosen.exercise.changes
    ]
    return "\n".join(lines)


@solara.component
def Sliders():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    Prose(words.SLIDERS_HEADING)
    for knob in knobs(base):
        factor = state.factors.value.get(knob.key, 1.0)

        def set_factor(value: float, key: str = knob.key) -> None:
            state.factors.value = {**state.factors.value, key: round(value, 2)}

        value = knob.base * factor
        solara.Text(
            words.SLIDER_VALUE.format(label=knob.label, factor=factor, value=value, unit=knob.unit),
            classes=["knob-label"],
        )
        solara.SliderFloat(
            knob.label.split(":")[0],
            value=factor,
            min=0.0,
            max=3.0,
            step=0.25,
            on_value=set_factor,
            thumb_label=False,
            tick_labels=["×0", "", "", "", "×1", "", "", "", "×2", "", "", "", "×3"],
        )
        solara.Text(words.SLIDER_SOURCE.format(source=cite(knob.source)), classes=["source"])
    if any(f != 1.0 for f in state.factors.value.values()):
        solara.Button(words.RESET_SLIDERS, on_click=lambda: state.factors.set({}), outlined=True)


@solara.component
def WhatChanged():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    scenario, label = variant()
    if scenario is None:
        Prose(words.NOTHING_CHANGED.format(base=BASE_LABEL.lower()))
        return
    lines = knob_changes(base, state.factors.value)
    text = words.WHAT_CHANGED.format(base=BASE_LABEL.lower(), label=label) + "\n\n"
    chosen = catalogue.exercises(state.episode.value, state.uploaded.value).get(
        state.exercise.value
    )
    if chosen is not None:
        text += exercise_changes(chosen, view.teacher.value) + "\n"
    if lines:
        text += "\n".join(f"- {line}" for line in lines)
    Prose(text)
    if view.teacher.value:  # file paths and ids: the teacher's details
        with solara.Details(words.DIFF_DETAILS):
            solara.Preformatted("\n".join(diff_against_base(base, scenario)) or words.NO_DIFFERENCE)
