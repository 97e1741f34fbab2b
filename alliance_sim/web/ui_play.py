"""Play a capital by clicks: the same PlaySession and pacing as `alliance-sim play`.

The game plays the episode as chosen on the "What if?" tab (the historical scenario or an
exercise, with any slider changes); the choice can be switched here too. Every step is
shown, also in a deadlock, with why no deal is possible; "Hold until something changes"
passes quiet steps in one click. The whole log (events, why no deal, both sides' moves)
stays on the page in a scrolling box.
"""

from __future__ import annotations

import html

import solara

from alliance_sim.web import catalogue, state
from alliance_sim.web.comparison import BASE_LABEL
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_text import Prose
from analysis.play_narration import Narrator, why_no_deal
from analysis.play_review import review, review_sentences
from sim.play import PlaySession, Situation
from sim.play_flow import PlayedStep, hold_until_change, play_step
from sim.schema import Scenario

MOVES = {"hold": "Hold", "concede": "Concede one option", "accept": "Accept their demand"}


def _page(game: PlaySession, narrator: Narrator, log: list[str], steps: list[PlayedStep],
          situation: Situation | None) -> dict:  # fmt: skip
    """The page state after `steps` were played: the log grows by what happened in them (a
    reason is told in full the first time, so the log reads on its own), and `last` says what
    both sides did in the last of them."""
    log, last = list(log), []
    for step in steps:
        log += [f"{day:%d %b %Y}: {event}" for day, event in step.before.events]
        last = narrator.lines(step, events=False)
        log += last
    result = None
    if game.finished:
        result = review(game.scenario, game.results(), state.seed.value, moved=game.policy.moved)
    return {"game": game, "narrator": narrator, "situation": situation, "log": log,
            "last": last, "review": result}  # fmt: skip


@solara.component
def Play():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    changed, label = variant()
    scenario = changed or base
    seats = {p.leader: p.label for p in scenario.parties.values()}
    seat, set_seat = solara.use_state(next(iter(seats)))
    play, set_play = solara.use_state(None)
    choices, set_choices = solara.use_state({})
    if not isinstance(scenario, Scenario):  # a campaign chains episodes; a game plays one
        Prose(
            "*A capital cannot be played through a whole campaign yet: choose one of its "
            "episodes above (air cover, or the armistice talks) to play it.*"
        )
        return
    key = (state.episode.value, state.exercise.value, str(sorted(state.factors.value.items())))
    if seat not in seats:
        seat = next(iter(seats))
    if play is not None and (play["key"] != key or play["seat"] != seat):
        play = None

    def keep(page: dict) -> None:
        set_choices({})
        set_play({**page, "key": key, "seat": seat})

    def start() -> None:
        game = PlaySession(scenario, seat, state.seed.value)
        narrator = Narrator(game.scenario, game.party_id)
        keep(_page(game, narrator, [], [], game.situation()))

    def act() -> None:
        if play["situation"] is None:  # a click that arrives after the end
            return
        moves = {i.id: choices.get(i.id, "hold") for i in play["situation"].issues}
        step, after = play_step(play["game"], play["situation"], moves)
        keep(_page(play["game"], play["narrator"], play["log"], [step], after))

    def hold_on() -> None:
        if play["situation"] is None:
            return
        steps, after = hold_until_change(play["game"], play["situation"])
        keep(_page(play["game"], play["narrator"], play["log"], steps, after))

    WhatToPlay(label)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text("Your seat:", style={"font-weight": "bold"})
        for leader, party in seats.items():
            text = f"{party} ({scenario.actors[leader].name or leader})"
            solara.Button(text, on_click=lambda leader=leader: set_seat(leader),
                          outlined=leader != seat, color="primary")  # fmt: skip
        solara.Button("Start a new game", on_click=start, classes=["big-button"], color="success")
    if play is None:
        Prose(f"*Press “Start a new game” to play {seats[seat]}; the agents play the other side.*")
        return
    if play["log"]:
        Prose("**What happened so far** (the latest at the bottom):")
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in play["log"])
        finished = "1" if play["review"] is not None else "0"  # with the lines, in one update
        with solara.Div(classes=["play-log"]).key("log"):  # column-reverse: at the latest
            solara.HTML(tag="ul", unsafe_innerHTML=lines, attributes={"data-finished": finished})
    if play["review"] is not None:
        Prose("## The end")
        for row in play["review"]:
            lines = "\n".join(f"- {line}" for line in review_sentences(row))
            Prose(f"#### {row.label}\n\n{lines}")
        return
    situation, unit = play["situation"], scenario.time.step
    talks = "talks in session" if situation.in_session else "talks suspended"
    Prose(f"## {situation.date:%d %B %Y} · {unit} {situation.step + 1} of {situation.horizon} "
          f"· {talks}")  # fmt: skip
    if play["last"]:
        Prose(f"**Last {unit}:**\n\n" + "\n".join(f"- {line}" for line in play["last"]),
              classes=["last-moves"])  # fmt: skip
    if situation.events:
        news = "\n".join(f"- {day:%d %b %Y}: {event}" for day, event in situation.events)
        Prose(f"**News:**\n\n{news}")
    for issue in situation.issues:
        why = why_no_deal(scenario, issue, play["game"].party_id)
        if not issue.on_table:
            Prose(f"### {issue.label}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_choices({**choices, i: m}), unit,
                    why).key(f"issue-{issue.id}")  # fmt: skip
    # keyed, so that a block appearing above (news, say) does not rebuild the buttons under
    # the player's pointer (a click on a button being replaced is lost)
    with solara.Row(style={"flex-wrap": "wrap"}).key("actions"):
        solara.Button("Play this step", on_click=act, color="primary",
                      classes=["big-button", "play-step"])  # fmt: skip
        solara.Button("Hold until something changes", on_click=hold_on, color="primary",
                      outlined=True, classes=["big-button", "hold-on"])  # fmt: skip


@solara.component
def WhatToPlay(label: str):
    """Which version of the episode the game plays: the same choice as on "What if?"."""
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text("You play:", style={"font-weight": "bold"})
        for exercise_id, name in {
            None: BASE_LABEL,
            **{k: s.title for k, s in exercises.items()},
        }.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(name, on_click=lambda e=exercise_id: state.exercise.set(e),
                          outlined=not chosen, color="primary", classes=["wrap-button"],
                          attributes={"aria-pressed": "true" if chosen else "false"})  # fmt: skip
    if any(f != 1.0 for f in state.factors.value.values()):
        Prose(f"*With your slider changes from “What if?”: {label}.*")


@solara.component
def IssueChoice(issue, chosen: str, on_choose, unit: str, why: str):
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
    if why:
        Prose(why, classes=["no-deal"])
    allowed = {"hold": True, "concede": issue.can_concede, "accept": issue.can_accept}
    with solara.Row():
        for move, text in MOVES.items():
            solara.Button(
                text, on_click=lambda move=move: on_choose(move), disabled=not allowed[move],
                outlined=move != chosen, color="primary",
                attributes={"aria-pressed": "true" if move == chosen else "false"},
            )  # fmt: skip
