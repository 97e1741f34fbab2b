"""Play a capital by clicks: the same PlaySession and pacing as `alliance-sim play`.

The game plays the episode as chosen on the "What if?" tab (the historical scenario or an
exercise, with any slider changes); the choice can be switched here too. Every step is
shown, also in a deadlock, with why no deal is possible; "Hold until something changes"
passes quiet steps in one click. The whole log (events, why no deal, both sides' moves)
stays on the page in a scrolling box.
"""

from __future__ import annotations

import solara

from alliance_sim.classroom.html_table import Cell, Markup, escape, table_content
from alliance_sim.classroom.play_narration import (
    Narrator,
    event_line,
    member_move,
    no_deal_label,
    vetoes,
    why_no_deal,
)
from alliance_sim.classroom.play_review import (
    REVIEW_REPLICATES,
    review,
    review_sentences,
    signing_sentences,
)
from alliance_sim.i18n import _, current
from alliance_sim.web import state, view
from alliance_sim.web.content import catalogue, words
from alliance_sim.web.content.charts import blockers_charts
from alliance_sim.web.content.comparison import BASE_LABEL
from alliance_sim.web.content.work_budget import OverBudget, check_game
from alliance_sim.web.ui_changes import variant
from alliance_sim.web.ui_text import Prose, chart_image, literal
from sim.play.flow import PlayedStep, hold_until_change, play_step
from sim.play.seats import playable_seats
from sim.play.session import PlaySession
from sim.play.views import Situation
from sim.scenario.structure import Scenario


def _page(game: PlaySession, narrator: Narrator, log: list[str], steps: list[PlayedStep],
          situation: Situation | None) -> dict:  # fmt: skip
    """The page state after `steps` were played: the log grows by what happened in them (a
    reason is told in full the first time, so the log reads on its own), and `last` says what
    both sides did in the last of them."""
    log, last = list(log), []
    for step in steps:
        log += [event_line(day, event) for day, event in step.before.events]
        last = narrator.lines(step, events=False)
        log += last
    result, blockers, signing = None, [], []
    if game.finished:
        moved = game.policy.moved if game.member is None else None  # a member moves every step
        played = [game.results(words.YOUR_GAME)]
        result = review(game.scenario, played[0].table, game.seed, moved=moved, seat=game.actor)
        signing = signing_sentences(game.scenario, played[0].table)
        blockers = [chart for issue in game.scenario.issues
                    for chart in blockers_charts(played, issue)]  # fmt: skip
    return {"game": game, "narrator": narrator, "situation": situation, "log": log,
            "last": last, "review": result, "blockers": blockers, "signing": signing}  # fmt: skip


@solara.component
def Play():
    """The "Play" tab: choose a seat, start a game, and play it step by step to the review."""
    base = catalogue.scenario(state.episode.value, state.uploaded.value)
    changed, label = variant()
    scenario = changed or base
    key = (state.episode.value, state.exercise.value, str(sorted(state.factors.value.items())))
    seats = solara.use_memo(  # a model is built to find the seats: once per choice, not per render
        lambda: _seats(scenario) if isinstance(scenario, Scenario) else {},
        dependencies=[key, current()],  # the seats' names are in the page's language
    )
    choices, set_choices = state.play_choices.value, state.play_choices.set
    if not isinstance(scenario, Scenario):  # a campaign chains episodes; a game plays one
        Prose(words.CAMPAIGN_NOT_PLAYABLE)
        return
    try:  # the review at the end runs the agents in this server (issue 24 item 5)
        check_game(scenario, REVIEW_REPLICATES)
    except OverBudget as refused:
        solara.Error(str(refused), classes=["work-budget"])
        return
    seat = state.play_seat.value if state.play_seat.value in seats else next(iter(seats))
    play = state.play.value
    if play is not None and (play["key"] != key or play["seat"] != seat):
        play = None  # a game of another version or seat

    def keep(page: dict | None) -> None:
        if page is not None:
            set_choices({})
            state.play.set({**page, "key": key, "seat": seat})

    WhatToPlay(label)
    world = (play["game"].seed if play is not None else state.seed.value) + 1
    _draw_seats(seats, seat, on_new_game=lambda: keep(_new_game(scenario, seat)),
                on_other_world=lambda: keep(_new_game(scenario, seat, world)))  # fmt: skip
    if play is None:
        Prose(words.PRESS_NEW_GAME.format(seat=seats[seat]))
        return
    _draw_log(play)
    if play["review"] is not None:
        _draw_the_end(play)
        return
    _draw_step(scenario, play, choices, set_choices,
               on_play=lambda: keep(_next_step(play, choices)),
               on_hold=lambda: keep(_hold_on(play, choices)))  # fmt: skip


def _new_game(scenario: Scenario, seat: str, seed: int | None = None) -> dict:
    """A new game in the page's world (its seed) or, given `seed`, in another (other draws)."""
    game = PlaySession(scenario, seat, state.seed.value if seed is None else seed)
    narrator = Narrator(game.scenario, game.party_id, game.side_leader)
    return _page(game, narrator, [], [], game.situation())


def _next_step(play: dict, choices: dict[str, str]) -> dict | None:
    """The page after one step with the moves picked (unpicked questions: hold); None for a
    click that arrives after the end."""
    if play["situation"] is None:
        return None
    moves = {i.id: choices.get(i.id, "hold") for i in play["situation"].issues}
    moves |= member_choices(play["situation"], choices)
    step, after = play_step(play["game"], play["situation"], moves)
    return _page(play["game"], play["narrator"], play["log"], [step], after)


def _hold_on(play: dict, choices: dict[str, str]) -> dict | None:
    """The page after holding until something changes (news, a choice, the end)."""
    if play["situation"] is None:
        return None
    if play["game"].member is not None:  # a member's switches hold while it holds on
        play["game"].set_moves(member_choices(play["situation"], choices))
    steps, after = hold_until_change(play["game"], play["situation"])
    return _page(play["game"], play["narrator"], play["log"], steps, after)


def _draw_seats(seats: dict[str, str], seat: str, on_new_game, on_other_world) -> None:
    """The seat buttons (the chosen one filled), "new game" and "new game in another world"."""
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(words.YOUR_SEAT, style={"font-weight": "bold"})
        for actor, text in seats.items():
            solara.Button(text, on_click=lambda actor=actor: state.play_seat.set(actor),
                          outlined=actor != seat, color="primary", classes=["wrap-button"])  # fmt: skip
        solara.Button(words.NEW_GAME, on_click=on_new_game, classes=["big-button"], color="success")
        solara.Button(words.OTHER_WORLD, on_click=on_other_world, outlined=True, color="success")


def _draw_log(play: dict) -> None:
    """The whole log so far, in a box that scrolls, marked when the game has finished."""
    if not play["log"]:
        return
    Prose(words.SO_FAR)
    lines = "".join(f"<li>{escape(line)}</li>" for line in play["log"])
    finished = "1" if play["review"] is not None else "0"  # with the lines, in one update
    with solara.Div(classes=["play-log"]).key("log"):  # column-reverse: at the latest
        solara.HTML(tag="ul", unsafe_innerHTML=lines, attributes={"data-finished": finished})


def _draw_the_end(play: dict) -> None:
    """The review: each question against the agents' runs and history; who kept the deal
    closed in the player's game."""
    Prose(words.THE_END)
    for row in play["review"]:
        lines = "\n".join(f"- {line}" for line in review_sentences(row))
        Prose(f"#### {literal(_(row.label))}\n\n{lines}")
    if play["signing"]:
        Prose("\n".join(f"- {literal(line)}" for line in play["signing"]))
    if play["blockers"]:
        Prose(f"### {words.YOUR_BLOCKERS}\n\n{words.BLOCKERS_HELP_GAME}")
        with solara.Div(classes=["blockers"]):
            for chart in play["blockers"]:
                chart_image(chart["png"], chart["alt"])


def _draw_step(
    scenario: Scenario, play: dict, choices: dict, set_choices, on_play, on_hold
) -> None:
    """The step to play: its date, what both sides did last, the news, a member's own moves,
    each question with its moves, and the buttons to play it or hold on."""
    situation, unit, game = play["situation"], words.unit(scenario.time.step), play["game"]
    talks = words.IN_SESSION[bool(situation.in_session)]
    Prose(words.STEP_HEADING.format(date=situation.date, unit=unit, number=situation.step + 1,
                                    horizon=situation.horizon, talks=talks))  # fmt: skip
    if play["last"]:
        Prose(words.LAST_STEP.format(unit=unit) + "\n\n" + "\n".join(f"- {line}" for line in play["last"]),
              classes=["last-moves"])  # fmt: skip
    if situation.events:
        news = "\n".join(f"- {event_line(day, event)}" for day, event in situation.events)
        Prose(f"{words.NEWS}\n\n{news}")
    if game.member is not None:
        MemberMoves(game, situation, choices, set_choices)
    for issue in situation.issues:
        why = why_no_deal(scenario, issue, game.party_id)
        if not issue.on_table:
            Prose(f"### {literal(_(issue.label))}\n\n{why}")
            continue
        IssueChoice(issue, choices.get(issue.id, "hold"),
                    lambda m, i=issue.id: set_choices({**choices, i: m}), unit,
                    why, game.member is None).key(f"issue-{issue.id}")  # fmt: skip
    # keyed, so that a block appearing above (news, say) does not rebuild the buttons under
    # the player's pointer (a click on a button being replaced is lost)
    with solara.Row(style={"flex-wrap": "wrap"}).key("actions"):
        solara.Button(words.PLAY_STEP, on_click=on_play, color="primary",
                      classes=["big-button", "play-step"])  # fmt: skip
        solara.Button(words.HOLD_ON, on_click=on_hold, color="primary",
                      outlined=True, classes=["big-button", "hold-on"])  # fmt: skip


def _seats(scenario: Scenario) -> dict[str, str]:
    """Seat (actor id) -> its button: a side's leader, or a member with moves of its own."""
    found = playable_seats(scenario)
    names = {a: _(spec.name or a) for a, spec in scenario.actors.items()}
    leaders = {p.leader: _(p.label) for p in scenario.parties.values()}
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
    Prose(words.MEMBER_ROLE.format(name=_(game.member.name), leader=_(game.side_leader)))
    current = member_choices(situation, choices)
    with solara.Column(classes=["member-moves"]):
        for move in situation.member_moves:
            solara.Switch(
                label=member_move(move.label),
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
            None: _(BASE_LABEL),
            **{k: _(s.title) for k, s in exercises.items()},
        }.items():
            chosen = state.exercise.value == exercise_id
            solara.Button(name, on_click=lambda e=exercise_id: state.exercise.set(e),
                          outlined=not chosen, color="primary", classes=["wrap-button"],
                          attributes={"aria-pressed": "true" if chosen else "false"})  # fmt: skip
    if any(f != 1.0 for f in state.factors.value.values()):
        Prose(words.WITH_SLIDERS.format(label=literal(label)))


def _option_cells(issue, option, teacher: bool = True) -> tuple:
    """One option's row: its name and value, whether it beats fighting on, what rules it out,
    whether both sides prefer it to more war, and whose demand it is."""
    demands = " and ".join(
        name
        for name, demand in ((words.YOURS, issue.my_demand), (words.THEIRS, issue.their_demand))
        if demand == option.id
    )
    return (
        _(option.label),
        f"{option.value:.2f}" if teacher else words.worth(option.value),
        words.YES if option.better_than_fighting else words.NO,
        vetoes(option.ruled_out_by),
        Markup(f"<b>{escape(words.YES)}</b>") if option.in_zone else words.NO,
        demands,
    )


@solara.component
def IssueChoice(issue, chosen: str, on_choose, unit: str, why: str, moves: bool = True):
    """One question on the table: its options as a table (each cell carries its column's
    name, so that on a phone every row reads as a card), the demands, and the moves (none for
    a member of a side: its leader bargains)."""
    teacher = view.teacher.value
    label = {o.id: _(o.label) for o in issue.options}
    columns = words.OPTION_COLUMNS[teacher]
    rows = [
        [
            Cell(cell, {"class": "num" if i == 1 else None, "data-label": column})
            for i, (column, cell) in enumerate(
                zip(columns, _option_cells(issue, o, teacher), strict=True)
            )
        ]
        for o in issue.options
    ]
    Prose(f"### {literal(_(issue.label))}")
    solara.HTML(tag="table", classes=["options"], unsafe_innerHTML=table_content(columns, rows))
    Prose(
        words.DEMANDS[teacher].format(
            mine=label[issue.my_demand],
            theirs=label[issue.their_demand],
            zone=words.zone_heading(teacher),
            state=words.ZONE_STATE[teacher][bool(issue.zone_open)],
            no_deal=no_deal_label(issue),
            value=issue.fight_on_value,
            change=issue.fight_on_change,
            unit=unit,
            worth=words.worth(issue.fight_on_value),
            trend=words.trend(issue.fight_on_change, unit),
        )
    )
    if why:
        Prose(why, classes=["no-deal"])
    if not moves:
        return
    allowed = {"hold": True, "concede": issue.can_concede, "accept": issue.can_accept,
               "offer": issue.can_offer}  # fmt: skip
    with solara.Row(style={"flex-wrap": "wrap"}, classes=["moves"]):
        for move, text in words.MOVES.items():  # read now: in this browser's language
            solara.Button(
                text, on_click=lambda move=move: on_choose(move), disabled=not allowed[move],
                outlined=move != chosen, color="primary",
                attributes={"aria-pressed": "true" if move == chosen else "false"},
            )  # fmt: skip
