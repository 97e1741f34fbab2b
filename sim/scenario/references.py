"""Cross-reference checks on a structurally valid scenario.

Each problem is returned with the field path it belongs to, so the loader can
point at the line. The checks are the ones pydantic cannot make field by
field: names that must exist elsewhere in the file, and dates that must fall
inside the scenario's time window.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from sim.scenario.calendar import step_date
from sim.scenario.change_values import value_problems
from sim.scenario.mechanisms import AGENT_CLASS_IDS, Behaviour
from sim.scenario.numbers import NO_AGREEMENT, Uncertain
from sim.scenario.structure import Expectation, Scenario

Problem = tuple[tuple[str | int, ...], str]


class Refused(ValueError):
    """The first problem of changed scenario data: where (`loc`) and what (`message`)."""

    def __init__(self, loc: tuple, message: str):
        self.loc, self.message = loc, message
        super().__init__(f"{'.'.join(map(str, loc))}: {message}")


def checked(data: dict) -> Scenario:
    """Scenario data validated and cross-checked, as a changed scenario must be; Refused names
    the first problem (a counterfactual blames its change for it, a sweep its factor)."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise Refused(tuple(first["loc"]), first["msg"].removeprefix("Value error, ")) from None
    for loc, message in problems(scenario):
        raise Refused(loc, message)
    return scenario


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean `{guess[0]}`?" if guess else ""
    return f"unknown {kind} `{name}`{hint} (known: {', '.join(known)})"


def problems(scenario: Scenario) -> Iterator[Problem]:
    """Yield every cross-reference problem, check by check in the order of the file's
    sections; the bounds come first, as the date checks need a representable horizon."""
    for check in (
        bound_problems,
        _actor_problems,
        _party_problems,
        issue_order_problems,
        _lobbying_problems,
        _event_problems,
        _historical_problems,
        _event_id_problems,
    ):
        yield from check(scenario)


def _last_day(scenario: Scenario) -> dt.date:
    """The date of the scenario's last step."""
    return step_date(scenario.time.start, scenario.time.step, scenario.time.horizon - 1)


def _lobbying_problems(scenario: Scenario) -> Iterator[Problem]:
    for index, lobby in enumerate(scenario.lobbying):
        for key in ("actor", "target"):
            if getattr(lobby, key) not in scenario.actors:
                yield (
                    ("lobbying", index, key),
                    unknown("actor", getattr(lobby, key), scenario.actors),
                )


def _event_problems(scenario: Scenario) -> Iterator[Problem]:
    """Each event falls inside the time window (which starts at the earliest profile anchor
    if one is earlier than the start) and its changes name what exists."""
    end = _last_day(scenario)
    anchors = [actor.profile.anchor for actor in scenario.actors.values() if actor.profile]
    earliest = min([scenario.time.start, *anchors])
    for index, event in enumerate(scenario.events):
        if not earliest <= event.date <= end:
            yield (
                ("events", index, "date"),
                (f"date {event.date} is outside the scenario's time window {earliest}..{end}"),
            )
        for number, change in enumerate(event.changes):
            yield from _change_problems(scenario, change, ("events", index, "changes", number))


def _change_problems(scenario: Scenario, change, where: tuple) -> Iterator[Problem]:
    """One change of an event: its actor, its issue (one the actor has a position on),
    for a behaviour the mechanism and parameter, and the value it gives the parameter."""
    actors, issues = scenario.actors, scenario.issues
    if change.actor not in actors:
        yield (*where, "actor"), unknown("actor", change.actor, actors)
    if change.issue is not None and change.issue not in issues:
        yield (*where, "issue"), unknown("issue", change.issue, issues)
    elif change.issue is not None and change.issue not in _positions(actors, change.actor):
        yield (*where, "issue"), f"`{change.actor}` has no position on `{change.issue}`"
    if change.field == "behaviour" and change.actor in actors:
        yield from behaviour_change_problems(actors[change.actor], change, where)
    if change.actor in actors:
        yield from value_problems(actors[change.actor], change, where)


def _historical_problems(scenario: Scenario) -> Iterator[Problem]:
    """Each historical record names an issue and one of its options, within the horizon."""
    end = _last_day(scenario)
    for issue_id, record in scenario.historical.items():
        if issue_id not in scenario.issues:
            yield ("historical", issue_id), unknown("issue", issue_id, scenario.issues)
            continue
        options = [option.id for option in scenario.issues[issue_id].options]
        if record.outcome not in options:
            yield ("historical", issue_id, "outcome"), unknown("option", record.outcome, options)
        if not scenario.time.start <= record.date <= end:
            yield (
                ("historical", issue_id, "date"),
                (f"date {record.date} is outside the horizon {scenario.time.start}..{end}"),
            )


def _event_id_problems(scenario: Scenario) -> Iterator[Problem]:
    ids = [event.id for event in scenario.events]
    for index, event_id in enumerate(ids):
        if event_id in ids[:index]:
            yield ("events", index, "id"), f"event id `{event_id}` is used twice"


def _positions(actors: dict, actor_id: str) -> dict:
    return actors[actor_id].positions if actor_id in actors else {}


def _actor_problems(scenario: Scenario) -> Iterator[Problem]:
    for actor_id, actor in scenario.actors.items():
        if actor.profile is None:
            yield (
                ("actors", actor_id),
                (
                    f"actor `{actor_id}` has no profile: add `profile:` here or a file "
                    f"actors/{actor_id}.yaml with period `{scenario.period}`"
                ),
            )
        for issue_id in actor.positions:
            if issue_id not in scenario.issues:
                yield (
                    ("actors", actor_id, "positions", issue_id),
                    unknown("issue", issue_id, scenario.issues),
                )


def _party_problems(scenario: Scenario) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for party_id, party in scenario.parties.items():
        for index, member in enumerate(party.members):
            if member not in scenario.actors:
                yield (
                    ("parties", party_id, "members", index),
                    unknown("actor", member, scenario.actors),
                )
            elif member in seen:
                yield (
                    ("parties", party_id, "members", index),
                    (f"actor `{member}` already sits in party `{seen[member]}`"),
                )
            seen.setdefault(member, party_id)
        if party.leader not in party.members:
            yield (
                ("parties", party_id, "leader"),
                (f"leader `{party.leader}` must be one of the members {party.members}"),
            )
        for index, member in enumerate(party.restrains):
            if member not in party.members or member == party.leader:
                yield (
                    ("parties", party_id, "restrains", index),
                    (f"`{member}` must be a member of the party other than its leader"),
                )


def bound_problems(scenario: Scenario) -> Iterator[Problem]:
    """Problems that would otherwise surface only when the model runs.

    Every step's date must be representable (well before the year 10000),
    every actor's behaviour class must exist in `agents/`, and the mechanisms
    it switches on must fit the scenario. A caller that stops
    at the first problem never reaches the horizon arithmetic of `problems`
    with an unrepresentable date.
    """
    time = scenario.time
    try:  # one step past the end (plots draw it) and a year's margin (entry lags)
        step_date(time.start, time.step, time.horizon) + dt.timedelta(days=366)
    except OverflowError:
        yield (
            ("time", "horizon"),
            f"{time.horizon} {time.step}s from {time.start} come too near the year 9999",
        )
    for actor_id, actor in scenario.actors.items():
        for loc, message in agent_problems(actor.agent):
            yield ("actors", actor_id, *loc), message
    yield from behaviour_problems(scenario)


def mechanism_problems(agent: str, behaviours: dict[tuple, object]) -> Iterator[Problem]:
    """Each `behaviour` section must be a mechanism the actor's agent class carries.

    `behaviours` maps the path of a `behaviour` node to the Behaviour found there.
    """
    if agent not in AGENT_CLASS_IDS:
        return
    carried = Behaviour.carried_by(agent)
    for where, behaviour in behaviours.items():
        for name in type(behaviour).model_fields:
            if getattr(behaviour, name) is not None and name not in carried:
                what = ", ".join(carried) or "none"
                yield (
                    (*where, name),
                    f"the `{agent}` agent class does not carry `{name}` (it carries: {what})",
                )
                return


def agent_problems(agent: str | None) -> Iterator[Problem]:
    """An `agent:` must name a behaviour class of `agents/` (or be left out)."""
    if agent is not None and agent not in AGENT_CLASS_IDS:
        yield ("agent",), unknown("agent class", agent, AGENT_CLASS_IDS)


def expectation_problems(expect: Iterable[Expectation], scenario: Scenario) -> Iterator[Problem]:
    """An exercise's `expect` entries must name an issue of the scenario and, for
    `share:<option>`, one of that issue's options (or `no_agreement`)."""
    for index, expectation in enumerate(expect):
        issue = scenario.issues.get(expectation.issue)
        if issue is None:
            yield ("expect", index, "issue"), unknown("issue", expectation.issue, scenario.issues)
            continue
        option = expectation.measure.removeprefix("share:")
        options = [o.id for o in issue.options] + [NO_AGREEMENT]
        if expectation.measure.startswith("share:") and option not in options:
            yield ("expect", index, "measure"), unknown("option", option, options)


def behaviour_problems(scenario: Scenario) -> Iterator[Problem]:
    """The mechanisms an actor's profile switches on must fit the scenario.

    A supplier of arms weighs the other side's demand, so it must sit in a
    party; the furthest step of advice must be an option of its issue (when
    the scenario has that issue). Recipients and patrons absent from a
    scenario are allowed: profiles are shared by every scenario of a period.
    """
    in_party = {member for party in scenario.parties.values() for member in party.members}
    if not in_party <= set(scenario.actors):
        return  # a misspelt member: the party checks name it, which explains this too
    for actor_id, actor in scenario.actors.items():
        if actor.profile is not None:
            where = {("actors", actor_id, "profile", "behaviour"): actor.profile.behaviour}
            yield from mechanism_problems(actor.agent or "generic", where)
        active = actor.profile.behaviour.active() if actor.profile else {}
        if "arms_supply" in active and actor_id not in in_party:
            yield (
                ("actors", actor_id),
                f"`{actor_id}` supplies arms (behaviour.arms_supply) but sits in no party: "
                "add it to a party or switch the mechanism off",
            )
        steps = active.get("prisoner_steps")
        if steps is not None and steps.issue in scenario.issues:
            options = [option.id for option in scenario.issues[steps.issue].options]
            if steps.furthest not in options:
                yield (
                    ("actors", actor_id, "profile", "behaviour", "prisoner_steps", "furthest"),
                    unknown("option", steps.furthest, options),
                )


def issue_order_problems(scenario: Scenario) -> Iterator[Problem]:
    """Each issue's `after` names other issues of the scenario, without a cycle."""
    issues = scenario.issues
    for issue_id, issue in issues.items():
        for index, other in enumerate(issue.after):
            if other not in issues or other == issue_id:
                known = [i for i in issues if i != issue_id]
                yield ("issues", issue_id, "after", index), unknown("issue", other, known)
                return
    for issue_id in issues:
        cycle = _cycle(issues, (issue_id,))
        if cycle:
            yield (
                ("issues", issue_id, "after"),
                f"issues wait for each other in a cycle: {' -> '.join(cycle)}",
            )
            return


def _cycle(issues, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The first path back to `path[0]` through `after`, if any."""
    for other in issues[path[-1]].after:
        if other == path[0]:
            return (*path, other)
        if other not in path and (found := _cycle(issues, (*path, other))):
            return found
    return None


def behaviour_change_problems(actor, change, where: tuple) -> Iterator[Problem]:
    """A change of a behaviour parameter needs the mechanism in the actor's profile and a
    numeric parameter of it. A mechanism switched off there is still a valid target (the change
    then has nothing to act on), so a counterfactual can switch off a mechanism an event tunes."""
    behaviour = actor.profile.behaviour if actor.profile else None
    given = (
        {
            name: value
            for name in type(behaviour).model_fields
            if (value := getattr(behaviour, name)) is not None
        }
        if behaviour is not None
        else {}
    )
    mechanism = given.get(change.mechanism)
    if mechanism is None:
        yield (
            (*where, "mechanism"),
            unknown(f"mechanism of `{change.actor}`", change.mechanism, given),
        )
        return
    numeric = [name for name, value in mechanism if isinstance(value, Uncertain)]
    if change.parameter not in numeric:
        yield (
            (*where, "parameter"),
            unknown(f"numeric parameter of `{change.mechanism}`", change.parameter, numeric),
        )
