"""Play a capital by clicks: the same PlaySession as `alliance-sim play`."""

from __future__ import annotations

import html

import solara

from analysis.play_review import review, review_sentences
from analysis.web import catalogue, state
from analysis.web.ui_text import Prose
from sim.play import PlaySession
from sim.play_flow import hold_until_choice

MOVES = {"hold": "Hold", "concede": "Concede one option", "accept": "Accept their demand"}


def _advance(game: PlaySession, log: list[str]) -> dict:
    """Hold through steps without a choice; the new page state."""
    passed, situation = hold_until_choice(game)
    if passed:
        log.append(
            f"{passed[0].date:%d %b %Y} – {passed[-1].date:%d %b %Y}: nothing to decide; you held."
        )
    for seen in [*passed, *([situation] if situation is not None else [])]:
        log += [f"{day:%d %b %Y}: {event}" for day, event in seen.events]  # at their own dates
    return {"game": game, "situation": situation, "log": log, "review": None}


@solara.component
def Play():
    scenario = catalogue.scenario(state.episode.value, state.uploaded.value)
    seats = {p.leader: p.label for p in scenario.parties.values()}
    seat, set_seat = solara.use_state(next(iter(seats)))
    play, set_play = solara.use_state(None)
    choices, set_choices = solara.use_state({})
    if seat not in seats or (play and play["game"].scenario.id != scenario.id):
        seat, play = next(iter(seats)), None

    def start() -> None:
        game = PlaySession(scenario, seat, state.seed.value)
        set_choices({})
        set_play(_advance(game, []))

    def act() -> None:
        game, situation = play["game"], play["situation"]
        game.act({i.id: choices.get(i.id, "hold") for i in situation.issues})
        set_choices({})
        new = _advance(game, list(play["log"]))
        if game.finished:
            new["review"] = review(
                game.scenario, game.results(), state.seed.value, moved=game.policy.moved
            )
        set_play(new)

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text("Your seat:", style={"font-weight": "bold"})
        for leader, label in seats.items():
            label = f"{label} ({scenario.actors[leader].name or leader})"
            solara.Button(label, on_click=lambda leader=leader: (set_seat(leader), set_play(None)),
                          outlined=leader != seat, color="primary")  # fmt: skip
        solara.Button("Start a new game", on_click=start, classes=["big-button"], color="success")
    if play is None:
        Prose(f"*Press “Start a new game” to play {seats[seat]}; the agents play the other side.*")
        return
    if play["log"]:
        Prose("**So far:**\n\n" + "\n".join(f"- {line}" for line in play["log"][-8:]))
    if play["review"] is not None:
        Prose("## The end")
        for row in play["review"]:
            lines = "\n".join(f"- {line}" for line in review_sentences(row))
            Prose(f"#### {row.label}\n\n{lines}")
        return
    situation = play["situation"]
    unit = scenario.time.step  # "month" or "day": the same word as the sliders' "per month"
    talks = "talks in session" if situation.in_session else "talks suspended"
    Prose(
        f"## {situation.date:%d %B %Y} · {unit} {situation.step + 1} of {situation.horizon} · {talks}"
    )
    for issue in situation.issues:
        IssueChoice(
            issue,
            choices.get(issue.id, "hold"),
            lambda m, i=issue.id: set_choices({**choices, i: m}),
            unit,
        )
    solara.Button(
        "Play this step", on_click=act, color="primary", classes=["big-button", "play-step"]
    )


@solara.component
def IssueChoice(issue, chosen: str, on_choose, unit: str):
    label = {o.id: o.label for o in issue.options}
    rows = "".join(
        f"<tr><td>{html.escape(o.label)}</td><td class='num'>{o.value:.2f}</td>"
        f"<td>{'yes' if o.better_than_fighting else 'no'}</td><td>{html.escape(o.ruled_out_by)}</td>"
        f"<td>{'<b>yes</b>' if o.in_zone else 'no'}</td>"
        f"<td>{' and '.join(n for n, d in (('yours', issue.my_demand), ('theirs', issue.their_demand)) if d == o.id)}</td></tr>"
        for o in issue.options
    )
    Prose(f"### {issue.label}")
    solara.HTML(
        tag="table",
        classes=["options"],
        unsafe_innerHTML="<thead><tr><th>Option</th><th>Worth to you</th><th>Better than fighting on?"
        "</th><th>Ruled out by</th><th>In the zone of agreement?</th><th>Demands</th></tr></thead>"
        f"<tbody>{rows}</tbody>",
    )
    zone = "open" if issue.zone_open else "closed"
    Prose(
        f"Your demand: **{label[issue.my_demand]}**. Their demand: **{label[issue.their_demand]}**. "
        f"Zone of agreement: **{zone}**. {issue.no_deal} is worth **{issue.fight_on_value:.2f}** "
        f"to you now and changes by **{issue.fight_on_change:+.3f}** per {unit} without a deal."
    )
    allowed = {"hold": True, "concede": issue.can_concede, "accept": issue.can_accept}
    with solara.Row():
        for move, text in MOVES.items():
            solara.Button(
                text, on_click=lambda move=move: on_choose(move), disabled=not allowed[move],
                outlined=move != chosen, color="primary",
                attributes={"aria-pressed": "true" if move == chosen else "false"},
            )  # fmt: skip
