"""The page's state, one set per browser session (Solara scopes reactive values to a session)."""

from __future__ import annotations

import solara

from alliance_sim.web.comparison import Comparison
from sim.runner import DEFAULT_SEED

DEFAULT_REPLICATES = 2000

episode = solara.reactive("air_cover")
uploaded = solara.reactive({})  # id -> Scenario (uploaded scenarios and counterfactuals)
exercise = solara.reactive(None)  # exercise id or None
factors = solara.reactive({})  # knob key -> multiplier
replicates = solara.reactive(DEFAULT_REPLICATES)
seed = solara.reactive(DEFAULT_SEED)
comparison = solara.reactive(None)  # Comparison | None, the last finished batch
comparison_key = solara.reactive(None)  # what `comparison` was run for
runs_ahead = solara.reactive(None)  # runs queued before this session's (None: not waiting)


def choose_episode(episode_id: str) -> None:
    """A new episode clears the choices that belonged to the old one."""
    if episode_id != episode.value:
        episode.value = episode_id
        exercise.value = None
        factors.value = {}
        comparison.value = None


__all__ = ["Comparison"]
