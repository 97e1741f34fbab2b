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

from alliance_sim.web import catalogue, state, view, words
from alliance_sim.web.charts import blockers_charts
from alliance_sim.web.comparison import BASE_LABEL
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_text import Prose, chart_image
from analysis.play_narration import Narrator, why_no_deal
from analysis.play_review import review, review_sentences
from sim.model import AllianceModel, release
from sim.play import PlaySession, Situation, seats_of
from sim.play_flow import PlayedStep, hold_until_change, play_step
from sim.schema import Scenario

MOVES = words.MOVES


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
    result, blockers = None, []
    if game.finished:
        moved = game.policy.moved if game.member is None else None  # a member moves every step
        played = [game.results(words.YOUR_GAME)]
        result = review(game.scenario, played[0].table, state.seed.value, moved=moved)
        blockers = [chart for issue in game.scenario.issues
                    for chart in blockers_charts(played, issue)]  # fmt: skip
    return {"game": game, "narrator": narrator, "situation": situation, "log": log,
            "last": last, "review": result, "blockers": blockers}  # fmt: skip


@solara.component
def Play():
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    changed, label = variant()
    scenario = changed or base
    key = (state.episode.value, state.exercise.value, str(sorted(state.factors.value.items())))
    seats = solara.use_memo(  # a model is built to find the seats: once per choice, not per render
        lambda: _seats(scenario) if isinstance(scenario, Scenario) else {}, dependencies=[key]
    )
    seat, set_seat = state.play_seat.value, state.play_seat.set
    play, set_play = state.play.value, state.play.set
    choices, set_choices = state.play_choices.value, state.play_choices.set
    if not isinstance(scenario, Scenario):  # a campaign chains episodes; a game plays one
        Prose(words.CAMPAIGN_NOT_PLAYABLE)
        return
    if seat not in seats:
        seat = next(iter(seats))
    if play is not None and (play["key"] != key or play["seat"] != seat):
        play = None

    def keep(page: dict) -> None:
        set_choices({})
        set_play({**page, "key": key, "seat": seat})

    def start() -> None:
        game = PlaySession(scenario, seat, state.seed.value)
        narrator = Narrator(game.scenario, game.party_id, game.side_leader)
        keep(_page(game, narrator, [], [], game.situation()))

    def act() -> None:
        if play["situation"] is None:  # a click that arrives after the end
            return
        moves = {i.id: choices.get(i.id, "hold") for i in play["situation"].issues}
        moves |= member_choices(play["situation"], choices)
        step, after = play_step(play["game"], play["situation"], moves)
        keep(_page(play["game"], play["narrator"], play["log"], [step], after))

    def hold_on() -> None:
        if play["situation"] is None:
            return
        if play["game"].member is not None:  # a member's switches hold while it holds on
            play["game"].set_moves(member_choices(play["situation"], choices))
        steps, after = hold_until_change(play["game"], play["situation"])
        keep(_page(play["game"], play["narrator"], play["log"], steps, after))

    WhatToPlay(label)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(words.YOUR_SEAT, style={"font-weight": "bold"})
        for actor, text in seats.items():
            solara.Button(text, on_click=lambda actor=actor: set_seat(actor),
                          outlined=actor != seat, color="primary", classes=["wrap-button"])  # fmt: skip
        solara.Button(words.NEW_GAME, on_click=start, classes=["big-button"], color="success")
    if play is None:
        Prose(words.PRESS_NEW_GAME.format(seat=seats[seat]))
        return
    if play["log"]:
        Prose(words.SO_FAR)
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in play["log"])
        finished = "1" if play["review"] is not None else "0"  # with the lines, in one update
        with solara.Div(classes=["play-log"]).key("log"):  # column-reverse: at the latest
            solara.HTML(tag="ul", unsafe_innerHTML=lines, attributes={"data-finished": finished})
    if play["review"] is not None:
        Prose(words.THE_END)
        for row in play["review"]:
            lines = "\n".join(f"- {line}" for line in review_sentences(row))
            Prose(f"#### {row.label}\n\n{lines}")
        if play["blockers"]:
            Prose(f"### {words.YOUR_BLOCKERS}\n\n{words.BLOCKERS_HELP_GAME}")
            with solara.Div(classes=["blockers"]):
                for chart in play["blockers"]:
                    chart_image(chart["png"], chart["alt"])
        return
    situation, unit = play["situation"], scenario.time.step
    talks = words.IN_SESSION[bool(situation.in_session)]
    Prose(words.STEP_HEADING.format(date=situation.date, unit=unit, number=situation.step + 1,
                                    horizon=situation.horizon, talks=talks))  # fmt: skip
    if play["last"]:
        Prose(words.LAST_STEP.format(unit=unit) + "\n\n" + "\n".join(f"- {line}" for line in play["last"]),
              classes=["last-moves"])  # fmt: skip
    if situation.events:
        news = "\n".join(f"- {day:%d %b %Y}: {event}" for day, event in situation.events)
        Prose(f"{words.NEWS}\n\n{news}")
    game = play["game"]
    if game.member is not None:
        MemberMoves(game, situation, choices, set_choices)
    for issue in situation.issues:
        why = why_no_deal(scenario, issue, game.party_id)
        if not issue.on_table:
            Prose(f"### {issue.label}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_choices({**choices, i: m}), unit,
                    why, game.member is None).key(f"issue-{issue.id}")  # fmt: skip
    # keyed, so that a block appearing above (news, say) does not rebuild the buttons under
    # the player's pointer (a click on a button being replaced is lost)
    with solara.Row(style={"flex-wrap": "wrap"}).key("actions"):
        solara.Button(words.PLAY_STEP, on_click=act, color="primary",
                      classes=["big-button", "play-step"])  # fmt: skip
        solara.Button(words.HOLD_ON, on_click=hold_on, color="primary",
                      outlined=True, classes=["big-button", "hold-on"])  # fmt: skip


def _seats(scenario: Scenario) -> dict[str, str]:
    """Seat (actor id) -> its button: a side's leader, or a member with moves of its own."""
    model = AllianceModel(scenario, replicates=1, seed=0, history_sample=1)
    try:
        found = seats_of(model)
    finally:
        release(model)
    names = {a: spec.name or a for a, spec in scenario.actors.items()}
    leaders = {p.leader: p.label for p in scenario.parties.values()}
    return {
        actor: f"{leaders[actor]} ({names[actor]})"
        if actor in leaders
        else words.MEMBER_SEAT.format(name=names[actor])
        for actor in found
    }


def member_choices(situation: Situation, choices: dict[str, str]) -> dict[str, str]:
    """A member's moves for the next step: as switched on the page, else as they stand."""
    return {
        move.id: choices.get(move.id, "yes" if move.on else "no") for move in situation.member_moves
    }


@solara.component
def MemberMoves(game: PlaySession, situation: Situation, choices: dict, set_choices):
    """A member's own moves as switches, kept from step to step (advice cannot be undone)."""
    Prose(words.MEMBER_ROLE.format(name=game.member.name, leader=game.side_leader))
    current = member_choices(situation, choices)
    with solara.Column(classes=["member-moves"]):
        for move in situation.member_moves:
            solara.Switch(
                label=move.label,
                value=current[move.id] == "yes",
                on_value=lambda on, m=move.id: set_choices({**choices, m: "yes" if on else "no"}),
                disabled=not move.can_change,
            )


@solara.component
def WhatToPlay(label: str):
    """Which version of the episode the game plays: the same choice as on "What if?"."""
    exercises = catalogue.exercises(state.episode.value, state.uploaded.value)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(words.YOU_PLAY, style={"font-weight": "bold"})
        for exercise_id, name in {
            None: BASE_LABEL,
            **{k: s.title for k, s in exercises.items()},
        }.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(name, on_click=lambda e=exercise_id: state.exercise.set(e),
                          outlined=not chosen, color="primary", classes=["wrap-button"],
                          attributes={"aria-pressed": "true" if chosen else "false"})  # fmt: skip
    if any(f != 1.0 for f in state.factors.value.values()):
        Prose(words.WITH_SLIDERS.format(label=label))


@solara.component
def IssueChoice(issue, chosen: str, on_choose, unit: str, why: str, moves: bool = True):
    """One question on the table: its options as a table (each cell carries its column's
    name, so that on a phone every row reads as a card), the demands, and the moves (none for
    a member of a side: its leader bargains)."""
    teacher = view.teacher.value
    label = {o.id: o.label for o in issue.options}
    columns = words.OPTION_COLUMNS[teacher]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for o in issue.options:
        demands = " and ".join(
            name
            for name, demand in ((words.YOURS, issue.my_demand), (words.THEIRS, issue.their_demand))
            if demand == o.id
        )
        cells = (
            html.escape(o.label),
            f"{o.value:.2f}",
            words.YES if o.better_than_fighting else words.NO,
            html.escape(o.ruled_out_by),
            f"<b>{words.YES}</b>" if o.in_zone else words.NO,
            demands,
        )
        rows.append(
            "<tr>"
            + "".join(
                f"<td{' class=num' if i == 1 else ''} data-label='{html.escape(c, quote=True)}'>"
                f"{cell}</td>"
                for i, (c, cell) in enumerate(zip(columns, cells, strict=True))
            )
            + "</tr>"
        )
    Prose(f"### {issue.label}")
    solara.HTML(
        tag="table",
        classes=["options"],
        unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
    )
    Prose(
        words.DEMANDS.format(
            mine=label[issue.my_demand],
            theirs=label[issue.their_demand],
            zone=words.zone_heading(teacher),
            state=words.ZONE_STATE[teacher][bool(issue.zone_open)],
            no_deal=issue.no_deal,
            value=issue.fight_on_value,
            change=issue.fight_on_change,
            unit=unit,
        )
    )
    if why:
        Prose(why, classes=["no-deal"])
    if not moves:
        return
    allowed = {"hold": True, "concede": issue.can_concede, "accept": issue.can_accept}
    with solara.Row(style={"flex-wrap": "wrap"}, classes=["moves"]):
        for move, text in MOVES.items():
            solara.Button(
                text, on_click=lambda move=move: on_choose(move), disabled=not allowed[move],
                outlined=move != chosen, color="primary",
                attributes={"aria-pressed": "true" if move == chosen else "false"},
            )  # fmt: skip
