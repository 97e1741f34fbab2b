"""Single-question views cut from a larger scenario (`view_of:` files).

The armistice talks are one negotiation (`talks_1951_53`); the familiar
single-question episodes keep their own window and historical record but take
every actor, position and event from it, so each parameter has one source.
"""

from __future__ import annotations

from sim.scenario.calendar import step_date
from sim.scenario.derived_files import View
from sim.scenario.structure import Scenario


def is_view(tree: object) -> bool:
    return isinstance(tree, dict) and "view_of" in tree


def cut(view: View, base: Scenario) -> Scenario:
    """The base narrowed to the view's issues and window.

    Prerequisites outside the view count as settled; events after the window, and event
    changes about issues the view drops, are left out.
    """
    keep = set(view.issues)
    end = step_date(view.time.start, view.time.step, view.time.horizon - 1)
    issues = {
        issue_id: issue.model_copy(update={"after": [a for a in issue.after if a in keep]})
        for issue_id, issue in base.issues.items()
        if issue_id in keep
    }
    actors = {
        actor_id: actor.model_copy(
            update={"positions": {k: v for k, v in actor.positions.items() if k in keep}}
        )
        for actor_id, actor in base.actors.items()
    }
    events = []
    for event in base.events:
        if event.date > end:
            continue
        changes = [c for c in event.changes if c.issue is None or c.issue in keep]
        if changes or event.talks is not None:
            events.append(event.model_copy(update={"changes": changes}))
    return base.model_copy(
        update={
            "id": view.id,
            "title": view.title,
            "summary": view.summary,
            "time": view.time,
            "issues": issues,
            "actors": actors,
            "events": events,
            "historical": view.historical,
            "agreement": None,
        }
    )
