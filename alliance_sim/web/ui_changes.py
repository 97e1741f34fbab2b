"""Switching on a counterfactual exercise or moving the sliders, and what changed against the
historical scenario. An exercise is named by its title everywhere (as in its report); its
question is shown once it is chosen."""

from __future__ import annotations

import solara

from alliance_sim.web import catalogue, state
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
    label = chosen.title if chosen else "With your changes"
    return scenario, label + (" + your changes" if chosen and moved else "")


@solara.component
def ExercisePicker():
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    Prose("### A counterfactual exercise")
    with solara.Column(gap="6px", align="start"):
        for exercise_id, scenario in {None: None, **exercises}.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(
                scenario.title if scenario else f"None: the {BASE_LABEL.lower()}",
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
        Prose("**Changes**\n\n" + exercise_changes(chosen))


def exercise_changes(chosen: Scenario) -> str:
    """The exercise's changes as a Markdown list, each with its source."""
    lines = []
    for change in chosen.exercise.changes:
        what = (
            f"set `{change.path}` to `{change.set}`"
            if change.path
            else f"remove the event `{change.remove_event}`"
            if change.remove_event
            else f"add the event “{change.add_event.label}”"
        )
        lines.append(f"- {what} — {cite(change.source)}")
    return "\n".join(lines)


@solara.component
def Sliders():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    Prose(
        "### Or move the sliders\n×1 is the value sourced from the article; ×0 removes the "
        "effect, ×2 doubles it."
    )
    for knob in knobs(base):
        factor = state.factors.value.get(knob.key, 1.0)

        def set_factor(value: float, key: str = knob.key) -> None:
            state.factors.value = {**state.factors.value, key: round(value, 2)}

        solara.Text(
            f"{knob.label}: ×{factor:g} ({knob.base * factor:+.3f} {knob.unit})",
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
        solara.Text(f"Source: {cite(knob.source)}", classes=["source"])
    if any(f != 1.0 for f in state.factors.value.values()):
        solara.Button("Reset sliders to ×1", on_click=lambda: state.factors.set({}), outlined=True)


@solara.component
def WhatChanged():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    scenario, label = variant()
    if scenario is None:
        Prose(f"*Nothing changed: the run shows the {BASE_LABEL.lower()}.*")
        return
    lines = knob_changes(base, state.factors.value)
    text = f"### What changed against the {BASE_LABEL.lower()}: {label}\n\n"
    chosen = catalogue.exercises(state.episode.value, state.uploaded.value).get(
        state.exercise.value
    )
    if chosen is not None:
        text += exercise_changes(chosen) + "\n"
    if lines:
        text += "\n".join(f"- {line}" for line in lines)
    Prose(text)
    with solara.Details("Every changed line of the scenario (for the curious)"):
        solara.Preformatted("\n".join(diff_against_base(base, scenario)) or "(no difference)")
