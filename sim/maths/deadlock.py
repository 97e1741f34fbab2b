"""Why the zone of agreement is empty: who blocked the deal, per replicate.

Reasons, in the order they are checked:
- the zone is open but the talks are suspended;
- the zone is open on the true values, but a party's stated stance closes it;
- a member's veto removes every option the other side accepts;
- a party prefers fighting on to every option the other side accepts. When both
  do, the one further from accepting is named. Inside a bloc the member that
  pulls hardest toward fighting on is named (Moscow on the prisoners, say);
- but where the member named is an armed ally, and the party would accept an
  option the other side accepts if the arms did not add to its members' capacity
  to fight on, the deal waits on the arms and their giver is named: Stalin armed
  China to strengthen the communist hand in the prisoner deadlock and paid for
  it (notes 63, 66).

Codes are small integers, cheap over a batch; :func:`labels` turns them into
(actor, reason) pairs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.maths.bargaining import any_option, argmax_option
from sim.maths.bloc import PartyView

OPEN, SUSPENDED, WAITING = 0, 1, 2
REASONS = ("prefers_war", "veto", "stated_stance", "arms")
PREFERS_WAR, VETO, STATED, ARMS = range(len(REASONS))
FIRST_ACTOR = WAITING + 1
"""The first code that names an actor: (actor index, reason) are the codes from here on."""


def labels(actor_ids: list[str]) -> list[tuple[str, str]]:
    """(actor, reason) for every code; code 0 is an open zone."""
    talks = [("", ""), ("talks", "suspended"), ("talks", "not_on_table")]
    return talks + [(actor, reason) for actor in actor_ids for reason in REASONS]


def _code(actor_index: np.ndarray, reason: int) -> np.ndarray:
    return FIRST_ACTOR + len(REASONS) * actor_index + reason


def why_closed(
    views: tuple[PartyView, PartyView],
    leaders: tuple[int, int],
    in_session: np.ndarray,
    actor_index: dict[str, int],
) -> np.ndarray:
    """(2, R) reason code per party and replicate (see :func:`labels`): why that party accepts
    none of the options the other side accepts. Both codes are 0 while the zone is open, and
    both name the recess when the talks are suspended over an open zone. When the two sides
    simply want different things, both are named, each with the member that pulls it hardest
    toward fighting on. `leaders` are the parties' leaders' indices into `actor_index`."""
    stated = any_option(views[0].stated_acceptable & views[1].stated_acceptable)
    true_zone = any_option(views[0].acceptable & views[1].acceptable)
    codes = np.zeros((2, stated.size), dtype=np.int64)
    for me in (0, 1):
        view, other = views[me], views[1 - me].acceptable
        ids = np.array([actor_index[m] for m in view.members])
        code = np.where(stated & ~in_session, SUSPENDED, OPEN)
        closed = ~stated
        # A stated stance closes a zone that is open on the true values.
        bluff = closed & true_zone & ~any_option(view.stated_acceptable & other)
        code = np.where(bluff, _code(np.asarray(leaders[me]), STATED), code)
        refuses = closed & ~true_zone & ~any_option(view.acceptable & other)
        # A veto removes what the party would otherwise accept.
        wanted = view.preferred & other
        wants = refuses & any_option(wanted)
        if wants.any() and view.removed.any():
            blocking = np.stack([any_option(view.removed[m] & wanted) for m in range(len(ids))])
            hit = wants & blocking.any(axis=0) & (code == OPEN)
            code = np.where(hit, _code(ids[blocking.argmax(axis=0)], VETO), code)
        # Otherwise it prefers fighting on: name the member pulling hardest at the option
        # (among those the other accepts) it likes best.
        candidates = other | ~any_option(other)[:, None]
        best = argmax_option(np.where(candidates, view.utility, -np.inf))
        pull = view.contribution[:, np.arange(best.size), best]  # (m, R)
        code = np.where(
            refuses & (code == OPEN), _code(ids[pull.argmin(axis=0)], PREFERS_WAR), code
        )
        if any(view.aided_by) and view.aid is not None and view.aid.any():
            code = np.where(refuses, _name_the_arms(view, other, ids, code, actor_index), code)
        codes[me] = code
    return codes


def _name_the_arms(
    view: PartyView,
    other: np.ndarray,
    ids: np.ndarray,
    code: np.ndarray,
    actor_index: dict[str, int],
) -> np.ndarray:
    """`code`, with the arms' giver named where the member named is an armed ally and the party
    would accept an option the other side accepts if no ally's arms added to its members'
    capacity to fight on (their value of fighting on less the aid)."""
    named = np.where(code >= FIRST_ACTOR, (code - FIRST_ACTOR) // len(REASONS), -1)
    givers = [(i, actor_index[by]) for i, by in zip(ids, view.aided_by, strict=True) if by]
    giver = np.select([named == i for i, _ in givers], [g for _, g in givers], -1)
    aid = view.aid[:, :, None]
    gain = view.utility - view.conflict[:, None] + (view.share * aid).sum(axis=0)
    removed = view.removed & (view.surplus + aid < 0)
    armed = (giver >= 0) & any_option((gain >= 0) & ~removed.any(axis=0) & other)
    return np.where(armed, _code(giver, ARMS), code)


def explainer(
    views: tuple[PartyView, PartyView],
    rows: np.ndarray | None,
    leaders: tuple[int, int],
    in_session: np.ndarray,
    actor_index: dict[str, int],
    waiting: np.ndarray,
) -> Callable[[np.ndarray], np.ndarray]:
    """A function giving :func:`why_closed` for some replicates of this step, computed only
    when asked; an issue still `waiting` for others is not on the table. `views`,
    `in_session` and `waiting` may cover only the replicates `rows`."""
    in_session = in_session.copy()  # the model updates its own array later

    def explain(replicates: np.ndarray) -> np.ndarray:
        index = replicates if rows is None else np.searchsorted(rows, replicates)
        subset = tuple(view.take(index) for view in views)
        codes = why_closed(subset, leaders, in_session[index], actor_index)
        return np.where(waiting[index], WAITING, codes)

    return explain


class DeadlockRecord:
    """Per replicate: the longest run of steps with the zone closed, and what held each party
    back at its last step, i.e. whom the deal was still waiting for when the deadlock broke.

    The reasons are worked out only where they are kept: when a run longer than any before it
    ends (from its last step's views) and, at the end, for runs still going.
    """

    def __init__(self, replicates: int):
        self.run = np.zeros(replicates, dtype=np.int64)
        self.longest = np.zeros(replicates, dtype=np.int64)
        self.held_out = np.zeros((2, replicates), dtype=np.int64)
        self._explain_last: Callable[[np.ndarray], np.ndarray] | None = None

    def add(self, closed: np.ndarray, explain: Callable[[np.ndarray], np.ndarray]) -> None:
        """Count one step: `closed` (R,) replicates still bargaining with the zone closed (or
        the talks suspended), `explain` the reasons at this step on demand."""
        self._keep((self.run > self.longest) & ~closed)
        self.run = np.where(closed, self.run + 1, 0)
        self._explain_last = explain

    def finish(self) -> None:
        """Keep the reasons of runs still going at the end (idempotent)."""
        self._keep(self.run > self.longest)

    def _keep(self, rows_mask: np.ndarray) -> None:
        rows = np.flatnonzero(rows_mask)
        if rows.size and self._explain_last is not None:
            self.held_out[:, rows] = self._explain_last(rows)
            self.longest[rows] = self.run[rows]
