"""Per-step history through Mesa's DataCollector, for a sample of replicates.

Keeping every replicate's path would make a 100,000-replicate batch hold
gigabytes; the sample (first `history_sample` replicates) is enough for fan
charts and for stepping through one run in class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np


class RecordedModel(Protocol):
    """What the reporters read from the model (`sim.engine.model.RecordedModel`); a protocol
    so that the model imports its history and not the other way round."""

    dates: list
    step_index: int
    history_sample: np.ndarray
    parties: list
    issues: dict[str, Any]
    actors: dict[str, Any]
    tension: dict[str, dict[str, np.ndarray]]
    blocked: dict[str, np.ndarray]
    blocker_labels: list
    datacollector: Any


def _date(model: RecordedModel) -> str:
    return model.dates[model.step_index].isoformat()


def _demand(model: RecordedModel) -> dict:
    sample = model.history_sample
    return {
        issue_id: {
            pid: state.positions[state.demand[index][sample]].tolist()
            for index, (pid, _) in enumerate(model.parties)
        }
        for issue_id, state in model.issues.items()
    }


def _zone_open(model: RecordedModel) -> dict:
    sample = model.history_sample
    return {issue_id: state.zone_open[sample].tolist() for issue_id, state in model.issues.items()}


def _settled(model: RecordedModel) -> dict:
    return {issue_id: float(state.settled.mean()) for issue_id, state in model.issues.items()}


def _utility(model: RecordedModel) -> dict:
    """Each actor's utility of each party's current demand."""
    sample = model.history_sample
    rows = np.arange(sample.size)
    table = {}
    for issue_id, state in model.issues.items():
        table[issue_id] = {}
        for actor_id, agent in model.actors.items():
            utility = agent.utility(issue_id, state.positions)[sample]  # cached: no recompute
            table[issue_id][actor_id] = {
                pid: utility[rows, state.demand[index][sample]].tolist()
                for index, (pid, _) in enumerate(model.parties)
            }
    return table


def _tension(model: RecordedModel) -> dict:
    sample = model.history_sample
    return {
        issue_id: {pid: model.tension[issue_id][pid][sample].tolist() for pid, _ in model.parties}
        for issue_id in model.issues
    }


def _conflict(model: RecordedModel) -> dict:
    sample = model.history_sample
    return {actor_id: agent.conflict[sample].tolist() for actor_id, agent in model.actors.items()}


def _blocked(model: RecordedModel) -> dict:
    """Why each party accepted nothing the other did this step, per sample replicate:
    "actor:reason", or "" where the zone was open."""
    names = [f"{actor}:{reason}" if actor else "" for actor, reason in model.blocker_labels]
    return {
        issue_id: {
            pid: [names[code] for code in model.blocked[issue_id][index]]
            for index, (pid, _) in enumerate(model.parties)
        }
        for issue_id in model.issues
    }


def history_reporters() -> dict[str, Callable[[RecordedModel], object]]:
    """Model reporters for mesa.DataCollector."""
    return {
        "date": _date,
        "demand": _demand,
        "zone_open": _zone_open,
        "settled_share": _settled,
        "utility_of_demand": _utility,
        "tension": _tension,
        "conflict_value": _conflict,
        "blocked_by": _blocked,
    }


def history_records(model: RecordedModel) -> list[dict]:
    """The collected history as JSON-ready records, one per step (for saving beside results)."""
    frame = model.datacollector.get_model_vars_dataframe()
    return [{"step": step, **row} for step, row in enumerate(frame.to_dict(orient="records"))]
