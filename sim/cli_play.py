"""`alliance-sim play SCENARIO --as ACTOR`: a student plays one capital in the terminal.

Each step shows the date, the events that just happened and, per open issue,
what each option is worth to the player's side, which are acceptable and
which lie in the zone of agreement; then it asks hold, concede or accept.
Steps where holding is the only move pass by themselves. A wrong key gets a
hint; end of input or Ctrl-C ends the game cleanly (exit 0 or 130).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sim.cli import ScenarioArg, _fail, _load, app, out
from sim.errors import ScenarioError
from sim.play import IssueView, PlaySession, Situation
from sim.play_flow import hold_until_choice
from sim.runner import DEFAULT_SEED

KEYS = {"h": "hold", "c": "concede", "a": "accept"}
STEP_WORD = {"day": "day", "week": "week", "month": "month"}


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


def _show_events(situations: list[Situation]) -> None:
    for situation in situations:
        for day, event in situation.events:  # at its own date, not the step's
            out.print(f"  [bold]{day}[/]  {escape(event)}", highlight=False)


def _show(situation: Situation, unit: str) -> None:
    session = "talks in session" if situation.in_session else "talks suspended"
    out.rule(f"{situation.date} · step {situation.step + 1} of {situation.horizon} · {session}")
    _show_events([situation])
    for issue in situation.issues:
        out.print(_option_table(issue))
        zone = "[bold green]open[/]" if issue.zone_open else "[red]closed[/]"
        out.print(
            f"Your demand: [bold]{_label(issue, issue.my_demand)}[/]   "
            f"Their demand: [bold]{_label(issue, issue.their_demand)}[/]   Zone: {zone}",
            highlight=False,
        )
        out.print(
            f"{issue.no_deal} is worth {issue.fight_on_value:.2f} to you now and changes by "
            f"{issue.fight_on_change:+.3f} per {unit} without a deal.",
            highlight=False,
        )


def _ask(issue: IssueView) -> str:
    """One issue's move; asks again after a wrong key or an impossible move."""
    offer = ["[bold]h[/]old"]
    if issue.can_concede:
        offer.append("[bold]c[/]oncede one option")
    if issue.can_accept:
        offer.append(f"[bold]a[/]ccept {_label(issue, issue.their_demand)}")
    while True:
        try:
            answer = out.input(f"{issue.label}: {', '.join(offer)}? ").strip().lower()
        except EOFError:
            raise _Quit(0) from None
        except KeyboardInterrupt:
            raise _Quit(130) from None
        move = KEYS.get(answer) or (answer if answer in KEYS.values() else None)
        if move is None:
            out.print(f"[yellow]Type h, c or a (or hold, concede, accept); got {answer!r}.[/]")
        elif move == "accept" and not issue.can_accept:
            out.print("[yellow]You cannot accept now: their demand is outside the zone.[/]")
        elif move == "concede" and not issue.can_concede:
            out.print("[yellow]You cannot concede now: the next option is not acceptable.[/]")
        else:
            return move


def _play(game: PlaySession) -> None:
    unit = STEP_WORD[game.scenario.time.step]
    while not game.finished:
        passed, situation = hold_until_choice(game)
        if passed:
            out.print(
                f"[dim]{passed[0].date} to {passed[-1].date}: nothing to decide "
                "(zone closed or talks suspended); you held.[/]",
                highlight=False,
            )
            _show_events(passed)
        if situation is None:
            break
        _show(situation, unit)
        game.act({issue.id: _ask(issue) for issue in situation.issues if issue.zone_open})


def _review(game: PlaySession, seed: int) -> None:
    from analysis.play_review import REVIEW_REPLICATES, review, review_sentences

    out.rule("The end")
    with out.status(f"Letting the agents play {REVIEW_REPLICATES:,} games for comparison"):
        rows = review(game.scenario, game.results(), seed, moved=game.policy.moved)
    for row in rows:
        out.print(f"[bold]{row.label}[/]", highlight=False)
        for line in review_sentences(row):
            out.print(f"  {line}", highlight=False)


@app.command("play")
def play(
    scenario: ScenarioArg,
    actor: Annotated[
        str, typer.Option("--as", help="The capital you play (one that leads a side).")
    ],
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="Seed of the game.")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Play one capital against the agents, step by step: hold, concede or accept."""
    loaded = _load(scenario)
    try:
        game = PlaySession(loaded, actor, seed)
    except ScenarioError as error:
        _fail(error)
    party = loaded.parties[game.party_id].label
    out.print(f"[bold]{loaded.title}[/]\nYou speak for {party}. {loaded.summary}", highlight=False)
    try:
        _play(game)
    except _Quit as quit:
        out.print("\nGame ended before the finish.")
        raise typer.Exit(quit.code) from None
    except KeyboardInterrupt:
        out.print("\nGame ended before the finish.")
        raise typer.Exit(130) from None
    _review(game, seed)
