"""Switching on a counterfactual exercise or moving the sliders, and what changed against the
historical scenario. An exercise is named by its title everywhere (as in its report); its
question is shown once it is chosen. The teacher may save the slider settings as a
counterfactual file (`alliance_sim.web.content.knobs.slider_yaml`)."""

from __future__ import annotations

import solara

from alliance_sim.i18n import _
from alliance_sim.web import state, view
from alliance_sim.web.content import catalogue, words
from alliance_sim.web.content.briefing import source_words
from alliance_sim.web.content.comparison import BASE_LABEL
from alliance_sim.web.content.knobs import apply_knobs, knob_changes, knobs, slider_yaml
from alliance_sim.web.ui_text import Details, Prose
from sim.scenario.as_text import diff_against_base
from sim.scenario.structure import Scenario


def _slid() -> Scenario:
    """The scenario the sliders move: the chosen exercise, else the episode."""
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    return exercises.get(state.exercise.value) or base


def variant() -> tuple[Scenario | None, str]:
    """The scenario to compare with the base (None: no change) and its label."""
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    chosen = exercises.get(state.exercise.value)
    moved = {k: f for k, f in state.factors.value.items() if f != 1.0}
    if chosen is None and not moved:
        return None, ""
    scenario = apply_knobs(_slid(), moved)
    label = _(chosen.title) if chosen else words.WITH_YOUR_CHANGES  # in the page's language
    return scenario, label + (words.PLUS_YOUR_CHANGES if chosen and moved else "")


def _base_name() -> str:
    """The base run's name inside a sentence (`historical scenario`)."""
    return _(BASE_LABEL).lower()


@solara.component
def ExercisePicker():
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    Prose(words.EXERCISES_HEADING)
    with solara.Column(gap="6px", align="start"):
        for exercise_id, scenario in {None: None, **exercises}.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(
                _(scenario.title) if scenario else words.NO_EXERCISE.format(base=_base_name()),
                on_click=lambda exercise_id=exercise_id: state.exercise.set(exercise_id),
                color="primary",
                outlined=not chosen,
                classes=["wrap-button"],
                attributes={"aria-pressed": "true" if chosen else "false"},
            )
    chosen = exercises.get(state.exercise.value)
    if chosen is not None:
        title, spec = _(chosen.title), chosen.exercise
        Prose(f"#### {title}\n\n**{_(spec.question)}**\n\n{_(spec.explanation)}")
        Prose(words.CHANGES_HEADING + "\n\n" + exercise_changes(chosen, view.teacher.value))


def exercise_changes(chosen: Scenario, teacher: bool = False) -> str:
    """The exercise's changes as a Markdown list, each with its source: in plain words for
    students; the teacher also sees each exact change to the file (`words.change_line`)."""
    base = catalogue.scenario(chosen.exercise.base, state.uploaded.value)
    lines = [
        f"- {words.change_line(change, base, teacher)} — {source_words(change.source, teacher)}"
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
        shown = words.SLIDER_VALUE if view.teacher.value else words.SLIDER_FACTOR
        solara.Text(
            shown.format(label=knob.label, factor=factor, value=value, unit=_(knob.unit)),
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
        source = source_words(knob.source, view.teacher.value)
        solara.Text(words.SLIDER_SOURCE.format(source=source), classes=["source"])
    if any(f != 1.0 for f in state.factors.value.values()):
        solara.Button(words.RESET_SLIDERS, on_click=lambda: state.factors.set({}), outlined=True)


@solara.component
def WhatChanged():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    scenario, label = variant()
    if scenario is None:
        Prose(words.NOTHING_CHANGED.format(base=_base_name()))
        return
    lines = knob_changes(base, state.factors.value, view.teacher.value)
    text = words.WHAT_CHANGED.format(base=_base_name(), label=_(label)) + "\n\n"
    chosen = catalogue.exercises(state.episode.value, state.uploaded.value).get(
        state.exercise.value
    )
    if chosen is not None:
        text += exercise_changes(chosen, view.teacher.value) + "\n"
    if lines:
        text += "\n".join(f"- {line}" for line in lines)
    Prose(text)
    if view.teacher.value:  # file paths and ids: the teacher's details
        with Details(words.DIFF_DETAILS):
            solara.Preformatted("\n".join(diff_against_base(base, scenario)) or words.NO_DIFFERENCE)
        SliderFile()


@solara.component
def SliderFile():
    """The slider settings as a counterfactual file: shown, and saved with one click."""
    slid = _slid()
    text = slider_yaml(slid, state.factors.value)
    if not text:
        return
    with Details(words.SLIDERS_FILE):
        solara.Preformatted(text)
    solara.FileDownload(
        text,
        filename=f"{slid.id}_sliders.yaml",
        label=words.DOWNLOAD_SLIDERS,
        mime_type="application/yaml",
    )
