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

from alliance_sim.classroom.play_narration import (
    Narrator,
    member_move,
    no_deal_label,
    vetoes,
    why_no_deal,
)
from alliance_sim.cli.console import LangOpt, ScenarioArg, load, out, stop, use_language
from alliance_sim.i18n import _
from alliance_sim.i18n.formats import format_day, format_number
from alliance_sim.web.content import words
from sim.engine.run_plan import DEFAULT_SEED
from sim.play.flow import PlayedStep, hold_all, hold_until_change, play_step
from sim.play.seats import playable_seats
from sim.play.session import PlaySession
from sim.play.views import IssueView, Situation
from sim.scenario.campaign import Campaign
from sim.scenario.errors import ScenarioError

UNTIL = "until"
KEYS = {"h": "hold", "c": "concede", "a": "accept", "o": "offer", "u": UNTIL}
"""The keys (and the English words) a player types: the same in every language."""


def _hint(answer: str) -> str:
    return _("Type h, c, a, o or u (or hold, concede, accept, offer, until); got {answer}.").format(
        answer=escape(repr(answer))
    )


class _Quit(Exception):
    """The player ended the game (end of input or Ctrl-C)."""

    def __init__(self, code: int):
        self.code = code


def _option_table(issue: IssueView) -> Table:
    """The options of a question: the page's table with the teacher's terms (the model's
    values and the zone of agreement), in the reader's language."""
    table = Table(title=_(issue.label), title_justify="left", title_style="bold")
    columns = words.OPTION_COLUMNS[True]
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index == 1 else "left", overflow="fold")
    yes, no = words.YES, words.NO
    for option in issue.options:
        marks = [
            name
            for name, demand in ((words.YOURS, issue.my_demand), (words.THEIRS, issue.their_demand))
            if demand == option.id
        ]
        table.add_row(
            _(option.label),
            f"{option.value:.2f}",
            yes if option.better_than_fighting else no,
            vetoes(option.ruled_out_by),
            Text(yes, style="bold green") if option.in_zone else no,
            _(" and ").join(marks),
        )
    return table


def _label(issue: IssueView, option_id: str) -> str:
    """An option's label in the reader's language, escaped for the console's markup."""
    return escape(_(next(o.label for o in issue.options if o.id == option_id)))


def _demands(game: PlaySession, issue: IssueView) -> str:
    zone = (
        f"[bold green]{escape(words.ZONE_STATE[True][True])}[/]"
        if issue.zone_open
        else f"[red]{escape(words.ZONE_STATE[True][False])}[/]"
    )
    template = (
        _("Your demand: [bold]{mine}[/]   Their demand: [bold]{theirs}[/]   Zone: {zone}")
        if game.member is None
        else _(
            "Your side's demand: [bold]{mine}[/]   Their demand: [bold]{theirs}[/]   Zone: {zone}"
        )
    )
    return template.format(
        mine=_label(issue, issue.my_demand), theirs=_label(issue, issue.their_demand), zone=zone
    )


def _fight_on(game: PlaySession, issue: IssueView, unit: str) -> str:
    template = (
        _("{no_deal} is worth {value:.2f} to you now and changes by {change:+.3f} per {unit} "
          "without a deal.")
        if game.member is None
        else _("{no_deal} is worth {value:.2f} to your side now and changes by {change:+.3f} "
               "per {unit} without a deal.")
    )  # fmt: skip
    return template.format(no_deal=no_deal_label(issue), value=issue.fight_on_value,
                           change=issue.fight_on_change, unit=unit)  # fmt: skip


def _show(game: PlaySession, situation: Situation) -> None:
    unit = words.unit(game.scenario.time.step)
    out.rule(
        _("{date} · {unit} {number} of {horizon} · {talks}").format(
            date=format_day(situation.date),
            unit=unit,
            number=situation.step + 1,
            horizon=situation.horizon,
            talks=words.IN_SESSION[bool(situation.in_session)],
        )  # fmt: skip
    )
    for day, event in situation.events:  # at its own date, not the step's
        out.print(f"  [bold]{format_day(day)}[/]  {escape(_(event))}", highlight=False)
    for issue in situation.issues:
        why = why_no_deal(game.scenario, issue, game.party_id)
        if not issue.on_table:
            out.print(f"[bold]{escape(_(issue.label))}[/]: {escape(why)}", highlight=False)
            continue
        if issue.zone_open:
            out.print(_option_table(issue))
        else:
            out.print(f"[bold]{escape(_(issue.label))}[/]", highlight=False)
        out.print(_demands(game, issue), highlight=False)
        if why:
            out.print(f"[yellow]{escape(why)}[/]", highlight=False)
        out.print(escape(_fight_on(game, issue, unit)), highlight=False)


def _read(prompt: str) -> str:
    try:
        return out.input(prompt).strip().lower()
    except EOFError:
        raise _Quit(0) from None
    except KeyboardInterrupt:
        raise _Quit(130) from None


def _warn(text: str) -> None:
    out.print(f"[yellow]{text}[/]", highlight=False)


def _moves_offered(issue: IssueView) -> list[str]:
    """The moves open on a question, each with its key in bold."""
    offer = [_("[bold]h[/]old")]
    if issue.can_concede:
        offer.append(_("[bold]c[/]oncede one option"))
    if issue.can_accept:
        offer.append(_("[bold]a[/]ccept {option}").format(option=_label(issue, issue.their_demand)))
    if issue.can_offer:
        offer.append(_("[bold]o[/]ffer {option} (more than your side would accept)").format(
            option=_label(issue, issue.offer)))  # fmt: skip
    offer.append(_("hold [bold]u[/]ntil something changes"))
    return offer


def _ask(issue: IssueView, unit: str) -> str:
    """One issue's move (or UNTIL); asks again after a wrong key or an impossible move."""
    prompt = _("{question}: {moves}? ").format(
        question=escape(_(issue.label)), moves=_(", ").join(_moves_offered(issue))
    )
    while True:
        answer = _read(prompt)
        move = KEYS.get(answer) or (answer if answer in KEYS.values() else None)
        if move is None:
            _warn(_hint(answer))
        elif move == "accept" and not issue.can_accept:
            _warn(_("You cannot accept now: their demand is outside the zone."))
        elif move == "concede" and not issue.can_concede:
            _warn(
                _("You cannot concede now: the next option is not acceptable.")
                if issue.zone_open
                else _("You cannot concede now: no deal is possible this {unit}.").format(unit=unit)
            )
        elif move == "offer" and not issue.can_offer:
            _warn(_("There is nothing more to offer now."))
        else:
            return move


def _cannot(move: str, unit: str) -> str:
    templates = {
        "accept": _("You cannot accept now: no deal is possible this {unit}."),
        "concede": _("You cannot concede now: no deal is possible this {unit}."),
        "offer": _("You cannot offer now: no deal is possible this {unit}."),
    }
    return templates[move].format(unit=unit)


def _ask_nothing_to_decide(unit: str) -> str:
    """While no move but holding is possible: hold one step, or until something changes."""
    prompt = _("Nothing to decide: [bold]h[/]old one {unit}, or hold [bold]u[/]ntil something "
               "changes? ").format(unit=unit)  # fmt: skip
    while True:
        answer = _read(prompt)
        move = KEYS.get(answer) or (answer if answer in KEYS.values() else None)
        if move in ("hold", UNTIL):
            return move
        _warn(_cannot(move, unit) if move in ("accept", "concede", "offer") else _hint(answer))


def _member_lines(situation: Situation, settings: dict[str, bool]) -> None:
    for number, move in enumerate(situation.member_moves, start=1):
        now = f"[bold green]{words.YES}[/]" if settings[move.id] else f"[red]{words.NO}[/]"
        fixed = "" if move.can_change else _(" (given: it cannot be taken back)")
        label = escape(member_move(move.label))
        out.print(f"  [bold]{number}[/] {label}: {now}{escape(fixed)}", highlight=False)


def _choose_member(game: PlaySession, situation: Situation) -> dict[str, str] | str:
    """A member's own moves for this step (switched by number), or UNTIL after setting them."""
    settings = {move.id: move.on for move in situation.member_moves}
    unit = words.unit(game.scenario.time.step)
    prompt = _("Type a number to switch that move, Enter to play one {unit}, or [bold]u[/] to "
               "hold until something changes: ").format(unit=unit)  # fmt: skip
    while True:
        _member_lines(situation, settings)
        answer = _read(prompt)
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
            _warn(_("Type 1 to {count}, Enter or u; got {answer}.").format(
                count=len(moves), answer=escape(repr(answer))))  # fmt: skip


def _choose(game: PlaySession, situation: Situation) -> dict[str, str] | str:
    """The player's moves for this step, or UNTIL."""
    if situation.member_moves:
        return _choose_member(game, situation)
    unit = words.unit(game.scenario.time.step)
    asked = [i for i in situation.issues if i.can_accept or i.can_concede or i.can_offer]
    if not asked:
        move = _ask_nothing_to_decide(unit)
        return UNTIL if move == UNTIL else hold_all(situation)
    moves = hold_all(situation)
    for issue in asked:
        move = _ask(issue, unit)
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

    out.rule(_("The end"))
    games = format_number(REVIEW_REPLICATES)
    with out.status(_("Letting the agents play {games} games for comparison").format(games=games)):
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
    stages = _(", or ").join(
        f"`play {stage.id} --as {'|'.join(playable_seats(stage))}`" for stage in campaign.stages
    )
    return _("{campaign} is a campaign, played one episode at a time: {stages}").format(
        campaign=campaign.id, stages=stages
    )


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
    lang: LangOpt = None,
) -> None:
    """Play one capital against the agents, step by step: hold, concede or accept (as a side's
    leader), or supply arms, advise and plead (as Moscow or Pyongyang inside a side)."""
    use_language(lang)
    loaded = load(scenario)
    if isinstance(loaded, Campaign):
        stop(campaign_seats(loaded))
    try:
        game = PlaySession(loaded, actor, seed)
    except ScenarioError as error:
        if error.path == "--as":  # no such seat: said in the player's language, seats named
            stop(_("{scenario}: --as: `{actor}` has no seat; choose {seats}").format(
                scenario=loaded.id, actor=actor, seats=", ".join(playable_seats(loaded))))  # fmt: skip
        stop(error)
    party = _(loaded.parties[game.party_id].label)
    role = _("You speak for {party}.").format(party=party)
    if game.member is not None:
        role = _("You are {name}, a member of the {party}: {leader} bargains for it, and you make "
                 "your own moves.").format(name=_(game.member.name), party=party,
                                           leader=_(game.side_leader))  # fmt: skip
    title, summary = escape(_(loaded.title)), escape(_(loaded.summary))
    out.print(f"[bold]{title}[/]\n{escape(role)} {summary}", highlight=False)
    try:
        _play(game)
    except (_Quit, KeyboardInterrupt) as quit:
        out.print("\n" + escape(_("Game ended before the finish.")), highlight=False)
        raise typer.Exit(quit.code if isinstance(quit, _Quit) else 130) from None
    _review(game, seed)
