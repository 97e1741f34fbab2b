"""The page's state, one set per browser session (Solara scopes reactive values to a session).

The tabs are lazy (only the open tab is drawn, so that a class of 30 does not make the server
redraw six hidden tabs per student), and a tab's component is dropped when another tab opens.
What must outlive a visit to another tab therefore lives here, not in the component: the game
being played, the sample run's position, the class session a teacher runs or a student joined,
and the upload's message."""

from __future__ import annotations

import solara

from alliance_sim.classroom.class_runs import CLASS_REPLICATES, CLASS_SEED
from alliance_sim.web.content.comparison import Comparison

DEFAULT_REPLICATES = CLASS_REPLICATES
"""The runs a student's Run makes: the teacher pack's and the report's too."""

episode = solara.reactive("air_cover")
uploaded = solara.reactive({})  # id -> Scenario (uploaded scenarios and counterfactuals)
exercise = solara.reactive(None)  # exercise id or None
factors = solara.reactive({})  # knob key -> multiplier
replicates = solara.reactive(DEFAULT_REPLICATES)
seed = solara.reactive(CLASS_SEED)
comparison = solara.reactive(None)  # Comparison | None, the last finished batch
comparison_key = solara.reactive(None)  # what `comparison` was run for
runs_ahead = solara.reactive(None)  # runs queued before this session's (None: not waiting)

play = solara.reactive(None)  # the "Play" tab's game: dict (see ui_play._page) or None
play_seat = solara.reactive(None)  # the seat chosen on "Play" (None: the first)
play_choices = solara.reactive({})  # the moves picked for the next step: issue or move -> move
sample_at = solara.reactive((0, 0))  # "Step by step": (which run, which step)
upload_message = solara.reactive(None)  # ("error" | "ok", text) after the last upload
class_teacher = solara.reactive(None)  # (code, teacher token) of the session this teacher runs
class_joined = solara.reactive(None)  # (code, student id) of the session this student joined


def choose_episode(episode_id: str) -> None:
    """A new episode clears the choices that belonged to the old one."""
    if episode_id != episode.value:
        episode.value = episode_id
        exercise.value = None
        factors.value = {}
        comparison.value = None
        play.value, play_seat.value, play_choices.value = None, None, {}
        sample_at.value = (0, 0)


__all__ = ["Comparison"]
