"""Which episodes and exercises the page offers: the built-in ones plus a teacher's uploads."""

from __future__ import annotations

import threading
from functools import cache

from alliance_sim.classroom.page_names import episode_name
from alliance_sim.i18n import _
from sim.scenario.loader import builtin_exercises, builtin_scenarios, load_scenario
from sim.scenario.structure import Scenario

_loading = threading.Lock()


def builtin(scenario_id: str) -> Scenario:
    """A built-in scenario or exercise, loaded once per server. The first students of a class
    arrive together: one session loads a file and the others wait for it, instead of each
    loading it again at the same time (the exercises together take seconds to load)."""
    with _loading:
        return _load(scenario_id)


@cache
def _load(scenario_id: str) -> Scenario:
    return load_scenario(scenario_id)


def load_all() -> None:
    """Load every built-in scenario and exercise now: `serve` calls it as it starts, so that
    no student's first page waits for the files."""
    for scenario_id in (*builtin_scenarios(), *builtin_exercises()):
        builtin(scenario_id)


def episodes(uploaded: dict[str, Scenario]) -> dict[str, str]:
    """Episode id -> name for the picker: built-in historical scenarios, then uploaded ones."""
    names = {sid: episode_name(sid, builtin(sid).title) for sid in builtin_scenarios()}
    for sid, scenario in uploaded.items():
        if scenario.exercise is None:
            names[sid] = _("{title} (uploaded)").format(title=scenario.title)
    return names


def scenario(episode_id: str, uploaded: dict[str, Scenario]) -> Scenario:
    return uploaded[episode_id] if episode_id in uploaded else builtin(episode_id)


def exercises(episode_id: str, uploaded: dict[str, Scenario]) -> dict[str, Scenario]:
    """Exercise id -> resolved counterfactual for one episode (built-in first, then uploaded)."""
    found = {eid: builtin(eid) for eid in builtin_exercises()}
    found |= {eid: s for eid, s in uploaded.items() if s.exercise is not None}
    return {eid: s for eid, s in found.items() if s.exercise.base == episode_id}
