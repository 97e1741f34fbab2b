"""Picking an episode and reading its briefing."""

from __future__ import annotations

import solara

from alliance_sim.i18n.scenario_texts import in_language
from alliance_sim.web import state, view
from alliance_sim.web.content import catalogue, words
from alliance_sim.web.content.briefing import briefing_markdown, history_markdown
from alliance_sim.web.ui_text import Details, Prose


@solara.component
def EpisodePicker():
    names = catalogue.episodes(state.uploaded.value)
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Text(words.EPISODE, style={"font-size": "1.3em", "font-weight": "bold"})
        for episode_id, name in names.items():
            chosen = episode_id == state.episode.value
            solara.Button(
                name,
                on_click=lambda episode_id=episode_id: state.choose_episode(episode_id),
                color="primary",
                outlined=not chosen,
                classes=["big-button"],
                attributes={"aria-pressed": "true" if chosen else "false"},
            )


@solara.component
def Briefing():
    scenario = in_language(catalogue.scenario(state.episode.value, state.uploaded.value))
    Prose(briefing_markdown(scenario, view.teacher.value))
    with Details(words.HISTORY_DETAILS):
        Prose(history_markdown(scenario) or words.NO_HISTORY)
