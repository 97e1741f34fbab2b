"""A played game in plain words: why no deal is possible now, and what both sides did.

The reasons come from the engine's record of why the zone of agreement is closed
(`sim.maths.deadlock`, carried by `sim.play.views.IssueView.held_back`); the words for them
are in the present tense here, beside the past tense of `analysis.blockers`, with
the article's notes where the reason is a capital's gain from the war. Both the
terminal (`alliance-sim play`) and the web page narrate a game with these lines.
"""

from __future__ import annotations

from sim.play.flow import PlayedStep
from sim.play.views import IssueMove, IssueView, Situation
from sim.scenario.mechanisms import Behaviour
from sim.scenario.structure import Scenario

NOW = {
    "prefers_war": "{name} prefers {no_deal} to any terms {other} accepts",
    "veto": "{name} vetoes every option {other} accepts",
    **{
        reason: words
        for kind in Behaviour.mechanism_classes().values()
        for reason, words in kind.blocking_words.items()
    },
}
"""Each reason of `sim.maths.deadlock.REASONS` in the present tense; a mechanism's own reasons
(a stated stance) in the words of its class."""


def _side(scenario: Scenario, party_id: str) -> str:
    label = scenario.parties[party_id].label
    return f"the {label}" if label.endswith(" side") else label


def _name(scenario: Scenario, actor_id: str) -> str:
    actor = scenario.actors.get(actor_id)
    return (actor.name if actor else None) or actor_id


def _no_deal(issue: IssueView) -> str:
    return "fighting on" if issue.no_deal == "Fighting on" else f"no deal ({issue.no_deal})"


def side_reason(
    scenario: Scenario, issue: IssueView, party_id: str, label: str, player: str
) -> str:
    """One side's reason, e.g. 'Communist side: Moscow (Stalin) prefers fighting on to any
    terms the UN side accepts: it gains from a longer war'."""
    actor, _, reason = label.partition(":")
    other = next(pid for pid in scenario.parties if pid != party_id)
    text = NOW.get(reason, "{name}: " + reason).format(
        name=_name(scenario, actor), no_deal=_no_deal(issue), other=_side(scenario, other)
    )
    if reason == "prefers_war" and actor in issue.gaining_from_war:
        text += ": it gains from a longer war"
    party = scenario.parties[party_id]
    if len(party.members) > 1:
        yours = " (your side)" if party_id == player else ""
        text = f"{party.label}{yours}: {text}"
    return text


def why_no_deal(scenario: Scenario, issue: IssueView, player: str) -> str:
    """Why no deal is possible on this issue now, in plain words ('' while one is possible)."""
    if not issue.on_table:
        waits = " and ".join(f"“{label}”" for label in issue.waits_for)
        return f"Not yet on the table: it waits for {waits or 'another question'} to be settled."
    labels = dict(issue.held_back)
    if not labels:
        return ""
    if any(label == "talks:suspended" for label in labels.values()):
        return "No deal possible: the talks are suspended."
    reasons = [side_reason(scenario, issue, pid, label, player) for pid, label in labels.items()]
    return "No deal possible. " + "; ".join(dict.fromkeys(reasons)) + "."


YOURS = {
    "held": "you held at “{mine}”",
    "conceded": "you conceded one option, to “{mine}”",
    "offered": "you offered “{offer}”, more than your side would accept",
    "accepted": "you accepted their demand",
}
THEIRS = {
    "held": "{they} held at “{theirs}”",
    "conceded": "{they} conceded one option, to “{theirs}”",
    "accepted": "{they} accepted your demand",
    "restated": "{they} now demand “{theirs}”",
}


SIDES = {
    "held": "{side} held at “{mine}”",
    "conceded": "{side} conceded one option, to “{mine}”",
    "accepted": "{side} accepted the other side's demand",
}
"""What the player's side did when its leader is an agent (the player is a member)."""


def move_text(scenario: Scenario, move: IssueMove, player: str, side: str | None = None) -> str:
    """'You held at “X”; the UN side conceded one option, to “Y”. Agreed: Y.' (`side`: the
    leader who bargains for a player who is a member: 'Beijing (Mao) held at “X”; ...')."""
    other = next(pid for pid in scenario.parties if pid != player)
    they = _side(scenario, other)
    if side is None:
        words = YOURS[move.yours].format(mine=move.your_demand, offer=move.offered)
    else:
        words = SIDES[move.yours].format(side=side, mine=move.your_demand)
    theirs = THEIRS[move.theirs].format(they=they, theirs=move.their_demand)
    words += "; " + (
        theirs if side is None else theirs.replace("your demand", "your side's demand")
    )
    words = words[0].upper() + words[1:] + "."
    return words + (f" Agreed: {move.agreed}." if move.agreed else "")


class Narrator:
    """The log of a game, step by step. A reason or a standstill already told is not repeated
    word for word: "Still no deal possible, for the same reasons. Both sides held." """

    def __init__(self, scenario: Scenario, player: str, side: str | None = None):
        self.scenario, self.player, self.side = scenario, player, side
        self.told: dict[str, tuple[str, str, str]] = {}  # issue -> (why, my, their demand)

    def seen(self, situation: Situation) -> None:
        """The player has read this situation (its reasons and demands need no repeating)."""
        for issue in situation.issues:
            mine = next(o.label for o in issue.options if o.id == issue.my_demand)
            theirs = next(o.label for o in issue.options if o.id == issue.their_demand)
            why = why_no_deal(self.scenario, issue, self.player)
            self.told[issue.id] = (why, mine, theirs)

    def lines(self, step: PlayedStep, events: bool = True) -> list[str]:
        """One played step: its events at their own dates (unless `events` is False), then
        per question on the table why no deal was possible (if so) and what both sides did."""
        before: Situation = step.before
        lines = [f"{day:%d %b %Y}: {event}" for day, event in before.events] if events else []
        views = {issue.id: issue for issue in before.issues}
        on_table = [m for m in step.moves if m.id not in views or views[m.id].on_table]
        for move in on_table:
            view = views.get(move.id)
            label = f" · {move.label}" if len(on_table) > 1 else ""
            why = why_no_deal(self.scenario, view, self.player) if view is not None else ""
            told_why, told_mine, told_theirs = self.told.get(move.id, ("", "", ""))
            if why and why == told_why:
                why = "Still no deal possible, for the same reasons."
            standstill = move.yours == move.theirs == "held" and not move.agreed
            if standstill and (move.your_demand, move.their_demand) == (told_mine, told_theirs):
                moved = "Both sides held."
            else:
                moved = move_text(self.scenario, move, self.player, self.side)
            lines.append(f"{before.date:%d %b %Y}{label}: " + (why + " " if why else "") + moved)
            self.told[move.id] = (
                why_no_deal(self.scenario, view, self.player) if view is not None else "",
                move.your_demand,
                move.their_demand,
            )
        return lines
