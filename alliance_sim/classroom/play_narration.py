"""A played game in plain words: why no deal is possible now, and what both sides did.

The reasons come from the engine's record of why the zone of agreement is closed
(`sim.maths.deadlock`, carried by `sim.play.views.IssueView.held_back`); the words for them
are in the present tense here, beside the past tense of `analysis.blockers`, with
the article's notes where the reason is a capital's gain from the war. Both the
terminal (`alliance-sim play`) and the web page narrate a game with these lines.
"""

from __future__ import annotations

import datetime as dt
import re

from alliance_sim.i18n import N_, _
from alliance_sim.i18n.formats import format_step_day
from sim.play.flow import PlayedStep
from sim.play.views import IssueMove, IssueView, Situation
from sim.scenario.mechanisms import Behaviour
from sim.scenario.structure import Scenario

NOW = {
    "prefers_war": N_("{name} prefers {no_deal} to any terms {other} accepts"),
    "veto": N_("{name} vetoes every option {other} accepts"),
    **{
        reason: words
        for kind in Behaviour.mechanism_classes().values()
        for reason, words in kind.blocking_words.items()
    },
}
"""Each reason of `sim.maths.deadlock.REASONS` in the present tense; a mechanism's own reasons
(a stated stance) in the words of its class (extracted into the catalogues with its class)."""


PLAY_NEWS = (
    N_("The talks resume: new terms have opened a deal"),
    N_("Zhou asks Stalin's advice on the prisoners and the war"),
    N_("The Politburo judges that the Americans need peace more than the communist side"),
)
"""The news a played game makes itself (`sim.play.session.RESUMED`, `PLAYED_NEWS`), marked
for the catalogue here: `sim` is below the language layer (a test keeps the two the same)."""
FIGHTING_ON = N_("Fighting on")
"""What no deal means in a war (`sim.play.views.IssueView.no_deal`), marked for the catalogue."""


def no_deal_label(issue: IssueView) -> str:
    """What no deal means on this question, in the reader's language ('Fighting on')."""
    return _(issue.no_deal)


def vetoes(ruled_out_by: str) -> str:
    """Who rules an option out inside the player's side ("Seoul (Syngman Rhee)'s veto", as
    `sim.play.session` writes it), in the reader's language."""
    if not ruled_out_by:
        return ""
    names = [part.removesuffix("'s veto") for part in ruled_out_by.split(", ")]
    return _(", ").join(_("{name}'s veto").format(name=_(n)) for n in names)


MEMBER_MOVES = (
    (re.compile(r"^Supply arms to (?P<name>.+)$"), N_("Supply arms to {name}")),
    (
        re.compile(r"^Advise the last step on the prisoners: (?P<option>.+)$"),
        N_("Advise the last step on the prisoners: {option}"),
    ),
    (re.compile(r"^Plead with (?P<names>.+) for help$"), N_("Plead with {names} for help")),
    (
        re.compile(r"^Plead with (?P<names>.+) that the North cannot go on$"),
        N_("Plead with {names} that the North cannot go on"),
    ),
    (
        re.compile(r"^Press the North's own terms on (?P<name>.+) \(no: defer to (?P=name)\)$"),
        N_("Press the North's own terms on {name} (no: defer to {name})"),
    ),
)
"""A member's own moves as the agents name them (`agents.moscow`, `agents.pyongyang`
`member_moves`: `agents` is below the language layer), each with its template here."""


def member_move(label: str) -> str:
    """A member's move (`sim.play.views.MemberMove.label`) in the reader's language; a label
    of no known form as it is (the scenario catalogue may still know it)."""
    for pattern, template in MEMBER_MOVES:
        found = pattern.match(label)
        if found:
            fields = {key: _(value) for key, value in found.groupdict().items()}
            if "names" in fields:
                names = found.group("names").split(" and ")
                fields["names"] = _(" and ").join(_(name) for name in names)
            return _(template).format(**fields)
    return _(label)


def _side(scenario: Scenario, party_id: str) -> str:
    label = scenario.parties[party_id].label
    return _("the {side}").format(side=_(label)) if label.endswith(" side") else _(label)


def _name(scenario: Scenario, actor_id: str) -> str:
    actor = scenario.actors.get(actor_id)
    return _((actor.name if actor else None) or actor_id)


def _no_deal(issue: IssueView) -> str:
    if issue.no_deal == "Fighting on":
        return _("fighting on")
    return _("no deal ({no_deal})").format(no_deal=_(issue.no_deal))


def quoted(label: str) -> str:
    """An option's or a question's label in the reader's language and quotation marks."""
    return _("“{label}”").format(label=_(label))


def event_line(day: dt.date, event: str) -> str:
    """'01 May 1953: the news' (the day and the news in the reader's language)."""
    return _("{date}: {text}").format(date=format_step_day(day), text=_(event))


def side_reason(
    scenario: Scenario, issue: IssueView, party_id: str, label: str, player: str
) -> str:
    """One side's reason, e.g. 'Communist side: Moscow (Stalin) prefers fighting on to any
    terms the UN side accepts: it gains from a longer war'."""
    actor, _sep, reason = label.partition(":")
    other = next(pid for pid in scenario.parties if pid != party_id)
    template = _(NOW[reason]) if reason in NOW else _("{name}: {reason}")
    text = template.format(
        name=_name(scenario, actor),
        no_deal=_no_deal(issue),
        other=_side(scenario, other),
        reason=reason,
    )
    if reason == "prefers_war" and actor in issue.gaining_from_war:
        text = _("{reason}: it gains from a longer war").format(reason=text)
    party = scenario.parties[party_id]
    if len(party.members) > 1:
        side = _("{side} (your side)") if party_id == player else "{side}"
        text = _("{side}: {reason}").format(side=side.format(side=_(party.label)), reason=text)
    return text


def why_no_deal(scenario: Scenario, issue: IssueView, player: str) -> str:
    """Why no deal is possible on this issue now, in plain words ('' while one is possible)."""
    if not issue.on_table:
        waits = _(" and ").join(quoted(label) for label in issue.waits_for)
        return _("Not yet on the table: it waits for {questions} to be settled.").format(
            questions=waits or _("another question")
        )
    labels = dict(issue.held_back)
    if not labels:
        return ""
    if any(label == "talks:suspended" for label in labels.values()):
        return _("No deal possible: the talks are suspended.")
    reasons = [side_reason(scenario, issue, pid, label, player) for pid, label in labels.items()]
    return _("No deal possible. {reasons}.").format(reasons=_("; ").join(dict.fromkeys(reasons)))


YOURS = {
    "held": N_("you held at “{mine}”"),
    "conceded": N_("you conceded one option, to “{mine}”"),
    "offered": N_("you offered “{offer}”, more than your side would accept"),
    "accepted": N_("you accepted their demand"),
}
THEIRS = {
    "held": N_("{they} held at “{theirs}”"),
    "conceded": N_("{they} conceded one option, to “{theirs}”"),
    "accepted": N_("{they} accepted your demand"),
    "restated": N_("{they} now demand “{theirs}”"),
}
THEIRS_TO_A_MEMBER = {**THEIRS, "accepted": N_("{they} accepted your side's demand")}
"""What the other side did, told to a member of a side (its leader bargains for it)."""

SIDES = {
    "held": N_("{side} held at “{mine}”"),
    "conceded": N_("{side} conceded one option, to “{mine}”"),
    "accepted": N_("{side} accepted the other side's demand"),
}
"""What the player's side did when its leader is an agent (the player is a member)."""


def move_text(scenario: Scenario, move: IssueMove, player: str, side: str | None = None) -> str:
    """'You held at “X”; the UN side conceded one option, to “Y”. Agreed: Y.' (`side`: the
    leader who bargains for a player who is a member: 'Beijing (Mao) held at “X”; ...')."""
    other = next(pid for pid in scenario.parties if pid != player)
    they = _side(scenario, other)
    if side is None:
        words = _(YOURS[move.yours]).format(mine=_(move.your_demand), offer=_(move.offered))
    else:
        words = _(SIDES[move.yours]).format(side=_(side), mine=_(move.your_demand))
    told = THEIRS if side is None else THEIRS_TO_A_MEMBER
    theirs = _(told[move.theirs]).format(they=they, theirs=_(move.their_demand))
    words = _("{ours}; {theirs}.").format(ours=words, theirs=theirs)
    words = words[0].upper() + words[1:]
    if move.agreed:
        words += " " + _("Agreed: {option}.").format(option=_(move.agreed))
    return words


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
        lines = [event_line(day, event) for day, event in before.events] if events else []
        views = {issue.id: issue for issue in before.issues}
        on_table = [m for m in step.moves if m.id not in views or views[m.id].on_table]
        for move in on_table:
            view = views.get(move.id)
            several = len(on_table) > 1
            why = why_no_deal(self.scenario, view, self.player) if view is not None else ""
            told_why, told_mine, told_theirs = self.told.get(move.id, ("", "", ""))
            if why and why == told_why:
                why = _("Still no deal possible, for the same reasons.")
            standstill = move.yours == move.theirs == "held" and not move.agreed
            if standstill and (move.your_demand, move.their_demand) == (told_mine, told_theirs):
                moved = _("Both sides held.")
            else:
                moved = move_text(self.scenario, move, self.player, self.side)
            text = (why + " " if why else "") + moved
            day = format_step_day(before.date)
            lines.append(
                _("{date} · {question}: {text}").format(date=day, question=_(move.label), text=text)
                if several
                else _("{date}: {text}").format(date=day, text=text)
            )
            self.told[move.id] = (
                why_no_deal(self.scenario, view, self.player) if view is not None else "",
                move.your_demand,
                move.their_demand,
            )
        return lines
