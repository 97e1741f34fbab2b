"""`alliance-sim play SCENARIO --as ACTOR`: a student plays one capital in the terminal.

Each step shows the date, the events that just happened and, per open issue,
what each option is worth to the player's side, which are acceptable and
which lie in the zone of agreement; while no deal is possible it says why, in
plain words from the engine's record (who prefers fighting on, whose veto, a
recess). Then it asks hold, concede or accept, or `u`: hold until something
changes (an event, the zone opening, the other side moving, the end). After
each step it says what both sides did. A wrong key gets a hint; end of input or
Ctrl-C ends the game cleanly (exit 0 or 130).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from alliance_sim.classroom.play_narration import Narrator, why_no_deal
from alliance_sim.cli.console import ScenarioArg, load, out, stop
from alliance_sim.i18n import _
from alliance_sim.i18n.formats import format_day
from sim.engine.run_plan import DEFAULT_SEED
from sim.play.flow import PlayedStep, hold_all, hold_until_change, play_step
from sim.play.seats import playable_seats
from sim.play.session import PlaySession
from sim.play.views import IssueView, Situation
from sim.scenario.campaign import Campaign
from sim.scenario.errors import ScenarioError

UNTIL = "until"
KEYS = {"h": "hold", "c": "concede", "a": "accept", "o": "offer", "u": UNTIL}
HINT = "Type h, c, a, o or u (or hold, concede, accept, offer, until)"


class _Quit(Exception):
    """The player ended the game (end of input or Ctrl-C)."""

    def __init__(self, code: int):
        self.code = code


def _option_table(issue: IssueView) -> Table:
    table = Table(title=issue.label, title_justify="left", title_style="bold")
    table.add_column("Option")
    table.add_column("Worth to you", justify="right")
    table.add_column("Better than fighting on?")
    table.add_column("Ruled out by")
    table.add_column("In the zone of agreement?")
    table.add_column("Demands")
    for option in issue.options:
        marks = [
            name
            for name, demand in (("yours", issue.my_demand), ("theirs", issue.their_demand))
            if demand == option.id
        ]
        table.add_row(
            option.label,
            f"{option.value:.2f}",
            "yes" if option.better_than_fighting else "no",
            option.ruled_out_by,
            Text("yes", style="bold green") if option.in_zone else "no",
            " and ".join(marks),
        )
    return table


def _label(issue: IssueView, option_id: str) -> str:
    return next(o.label for o in issue.options if o.id == option_id)


def _show(game: PlaySession, situation: Situation) -> None:
    unit = game.scenario.time.step
    session = "talks in session" if situation.in_session else "talks suspended"
    out.rule(f"{situation.date} · {unit} {situation.step + 1} of {situation.horizon} · {session}")
    for day, event in situation.events:  # at its own date, not the step's
        out.print(f"  [bold]{format_day(day)}[/]  {escape(_(event))}", highlight=False)
    for issue in situation.issues:
        why = why_no_deal(game.scenario, issue, game.party_id)
        if not issue.on_table:
            out.print(f"[bold]{escape(issue.label)}[/]: {escape(why)}", highlight=False)
            continue
        if issue.zone_open:
            out.print(_option_table(issue))
        else:
            out.print(f"[bold]{escape(issue.label)}[/]", highlight=False)
        zone = "[bold green]open[/]" if issue.zone_open else "[red]closed[/]"
        yours = "Your demand" if game.member is None else "Your side's demand"
        out.print(
            f"{yours}: [bold]{escape(_label(issue, issue.my_demand))}[/]   "
            f"Their demand: [bold]{escape(_label(issue, issue.their_demand))}[/]   Zone: {zone}",
            highlight=False,
        )
        if why:
            out.print(f"[yellow]{escape(why)}[/]", highlight=False)
        out.print(
            f"{issue.no_deal} is worth {issue.fight_on_value:.2f} to "
            f"{'you' if game.member is None else 'your side'} now and changes by "
            f"{issue.fight_on_change:+.3f} per {unit} without a deal.",
            highlight=False,
        )


def _read(prompt: str) -> str:
    try:
        return out.input(prompt).strip().lower()
    except EOFError:
        raise _Quit(0) from None
    except KeyboardInterrupt:
        raise _Quit(130) from None


def _ask(issue: IssueView, unit: str) -> str:
    """One issue's move (or UNTIL); asks again after a wrong key or an impossible move."""
    offer = ["[bold]h[/]old"]
    if issue.can_concede:
        offer.append("[bold]c[/]oncede one option")
    if issue.can_accept:
        offer.append(f"[bold]a[/]ccept {escape(_label(issue, issue.their_demand))}")
    if issue.can_offer:
        offer.append(f"[bold]o[/]ffer {escape(_label(issue, issue.offer))} (more than your side "
                     "would accept)")  # fmt: skip
    offer.append("hold [bold]u[/]ntil something changes")
    while True:
        answer = _read(f"{escape(issue.label)}: {', '.join(offer)}? ")
        move = KEYS.get(answer) or (answer if answer in KEYS.values() else None)
        if move is None:
            out.print(f"[yellow]{HINT}; got {escape(repr(answer))}.[/]")
        elif move == "accept" and not issue.can_accept:
            out.print("[yellow]You cannot accept now: their demand is outside the zone.[/]")
        elif move == "concede" and not issue.can_concede:
            why = (
                "the next option is not acceptable"
                if issue.zone_open
                else (f"no deal is possible this {unit}")
            )
            out.print(f"[yellow]You cannot concede now: {why}.[/]")
        elif move == "offer" and not issue.can_offer:
            out.print("[yellow]There is nothing more to offer now.[/]")
        else:
            return move


def _ask_nothing_to_decide(unit: str) -> str:
    """While no move but holding is possible: hold one step, or until something changes."""
    while True:
        answer = _read(f"Nothing to decide: [bold]h[/]old one {unit}, or hold [bold]u[/]ntil "
                       "something changes? ")  # fmt: skip
        move = KEYS.get(answer) or (answer if answer in KEYS.values() else None)
        if move in ("hold", UNTIL):
            return move
        if move in ("accept", "concede", "offer"):
            out.print(f"[yellow]You cannot {move} now: no deal is possible this {unit}.[/]")
        else:
            out.print(f"[yellow]{HINT}; got {escape(repr(answer))}.[/]")


def _choose_member(game: PlaySession, situation: Situation) -> dict[str, str] | str:
    """A member's own moves for this step (switched by number), or UNTIL after setting them."""
    settings = {move.id: move.on for move in situation.member_moves}
    unit = game.scenario.time.step
    while True:
        for number, move in enumerate(situation.member_moves, start=1):
            now = "[bold green]yes[/]" if settings[move.id] else "[red]no[/]"
            fixed = "" if move.can_change else " (given: it cannot be taken back)"
            out.print(f"  [bold]{number}[/] {escape(move.label)}: {now}{fixed}", highlight=False)
        answer = _read(f"Type a number to switch that move, Enter to play one {unit}, or "
                       "[bold]u[/] to hold until something changes: ")  # fmt: skip
        chosen = {k: "yes" if v else "no" for k, v in settings.items()}
        if answer in ("", "h", "hold"):
            return chosen
        if answer in ("u", "until"):
            game.set_moves(chosen)
            return UNTIL
        moves = situation.member_moves
        if (
            answer.isdigit()
            and 1 <= int(answer) <= len(moves)
            and moves[int(answer) - 1].can_change
        ):
            key = moves[int(answer) - 1].id
            settings[key] = not settings[key]
        else:
            out.print(f"[yellow]Type 1 to {len(moves)}, Enter or u; got {escape(repr(answer))}.[/]")


def _choose(game: PlaySession, situation: Situation) -> dict[str, str] | str:
    """The player's moves for this step, or UNTIL."""
    if situation.member_moves:
        return _choose_member(game, situation)
    asked = [i for i in situation.issues if i.can_accept or i.can_concede or i.can_offer]
    if not asked:
        move = _ask_nothing_to_decide(game.scenario.time.step)
        return UNTIL if move == UNTIL else hold_all(situation)
    moves = hold_all(situation)
    for issue in asked:
        move = _ask(issue, game.scenario.time.step)
        if move == UNTIL:
            return UNTIL
        moves[issue.id] = move
    return moves


def _narrate(narrator: Narrator, steps: list[PlayedStep]) -> None:
    """What both sides did; events of steps held through (the first step's were shown)."""
    for index, step in enumerate(steps):
        for line in narrator.lines(step, events=index > 0):
            out.print(f"  {escape(line)}", highlight=False)


def _play(game: PlaySession) -> None:
    narrator = Narrator(game.scenario, game.party_id, game.side_leader)
    situation = game.situation()
    while situation is not None:
        _show(game, situation)
        narrator.seen(situation)
        choice = _choose(game, situation)
        if choice == UNTIL:
            steps, situation = hold_until_change(game, situation)
        else:
            step, situation = play_step(game, situation, choice)
            steps = [step]
        _narrate(narrator, steps)


def _review(game: PlaySession, seed: int) -> None:
    from alliance_sim.classroom.play_review import (
        REVIEW_REPLICATES,
        review,
        review_sentences,
        signing_sentences,
    )

    out.rule("The end")
    with out.status(f"Letting the agents play {REVIEW_REPLICATES:,} games for comparison"):
        moved = game.policy.moved if game.member is None else None  # a member moved every step
        rows = review(game.scenario, game.results().table, seed, moved=moved, seat=game.actor)
    for row in rows:
        out.print(f"[bold]{escape(_(row.label))}[/]", highlight=False)
        for line in review_sentences(row):
            out.print(f"  {line}", highlight=False)
    for line in signing_sentences(game.scenario, game.results().table):
        out.print(line, highlight=False)


def campaign_seats(campaign: Campaign) -> str:
    """One line: a campaign is played one episode at a time, and which seats each offers."""
    stages = ", or ".join(
        f"`play {stage.id} --as {'|'.join(playable_seats(stage))}`" for stage in campaign.stages
    )
    return f"{campaign.id} is a campaign, played one episode at a time: {stages}"


def play(
    scenario: ScenarioArg,
    actor: Annotated[
        str,
        typer.Option(
            "--as",
            help="The capital you play: one that leads a side (hold, concede, accept), or a "
            "member with moves of its own (Moscow: arms, advice; Pyongyang: pleas).",
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="Seed of the game.")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Play one capital against the agents, step by step: hold, concede or accept (as a side's
    leader), or supply arms, advise and plead (as Moscow or Pyongyang inside a side)."""
    loaded = load(scenario)
    if isinstance(loaded, Campaign):
        stop(campaign_seats(loaded))
    try:
        game = PlaySession(loaded, actor, seed)
    except ScenarioError as error:
        stop(error)
    party = loaded.parties[game.party_id].label
    role = f"You speak for {party}."
    if game.member is not None:
        role = (
            f"You are {game.member.name}, a member of the {party}: {game.side_leader} bargains "
            "for it, and you make your own moves."
        )
    out.print(f"[bold]{loaded.title}[/]\n{role} {loaded.summary}", highlight=False)
    try:
        _play(game)
    except _Quit as quit:
        out.print("\nGame ended before the finish.")
        raise typer.Exit(quit.code) from None
    except KeyboardInterrupt:
        out.print("\nGame ended before the finish.")
        raise typer.Exit(130) from None
    _review(game, seed)
