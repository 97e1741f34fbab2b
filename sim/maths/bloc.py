"""Level 1: a party's stance from its members, as pure numpy functions.

A party's value of an option is its conflict value plus its members' weighted
surplus over fighting on. With fixed influence weights that is the weighted
average of their utilities; an arbiter (Moscow, :meth:`agents.Moscow.arbitrate`)
may shift the weights option by option. On top of the preference, vetoes remove
options (a leader that restrains a member pays a price on each option the
member would veto, instead of the veto); a stated premium gives the stance the party shows the other side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.maths.bargaining import argmax_option


@dataclass
class PartyView:
    """What one party brings to the table this step, for one issue."""

    utility: np.ndarray  # (R, n) the party's value of each option
    conflict: np.ndarray  # (R,) its true conflict value
    acceptable: np.ndarray  # (R, n) options it would in fact accept (preference and vetoes)
    stated_conflict: np.ndarray  # (R,) the conflict value it states and bargains by
    stated_acceptable: np.ndarray  # (R, n) options it says it accepts
    preferred: np.ndarray  # (R, n) options it prefers to fighting on, before vetoes
    contribution: np.ndarray  # (m, R, n) each member's weighted surplus (who pulls which way)
    removed: np.ndarray  # (m, R, n) options each member's veto removes
    members: list[str]
    surplus: np.ndarray | None = None  # (m, R, n) each member's utility less its conflict value
    share: np.ndarray | None = None  # (m, R, n or 1) each member's share of the party's weight
    aid: np.ndarray | None = None  # (m, R) what allies' arms add to each member's conflict value
    aided_by: tuple[str | None, ...] = ()  # per member, the ally that arms it (if any)
    stance: np.ndarray = field(init=False)  # (R,) the option it values most

    def __post_init__(self) -> None:
        self.stance = argmax_option(self.utility)

    def take(self, rows: np.ndarray, reasons: bool = True) -> PartyView:
        """The view of some replicates only; without `reasons`, not the members' surplus, weight
        shares and aid, which only the deadlock's reasons read (the bargaining rounds do not)."""

        def cut(values: np.ndarray | None) -> np.ndarray | None:
            return None if values is None or not reasons else values[:, rows]

        return PartyView(
            self.utility[rows],
            self.conflict[rows],
            self.acceptable[rows],
            self.stated_conflict[rows],
            self.stated_acceptable[rows],
            self.preferred[rows],
            self.contribution[:, rows],
            self.removed[:, rows],
            self.members,
            cut(self.surplus),
            cut(self.share),
            cut(self.aid),
            self.aided_by,
        )


def form_view(
    members: list[str],
    surplus: np.ndarray,
    conflicts: np.ndarray,
    weights: np.ndarray,
    option_weights: np.ndarray,
    removed: np.ndarray,
    premium: np.ndarray | float,
    aid: np.ndarray | None = None,
    aided_by: tuple[str | None, ...] = (),
) -> PartyView:
    """Combine members into a party view.

    Parameters
    ----------
    surplus : (m, R, n) each member's utility of each option less its conflict value.
    conflicts, weights : (m, R).
    option_weights : (m, R, n) weights after any arbitration, or (m, R, 1) without one.
    removed : (m, R, n) options each member's veto removes.
    premium : (R,) or scalar, the leader's stated premium.
    aid, aided_by : (m, R) what allies' arms add to each member's conflict value, and per
        member the ally that arms it (None if none does); kept to tell who held a deal back.
    """
    total = option_weights.sum(axis=0)
    share = option_weights / np.where(total > 0, total, 1.0)
    contribution = share * surplus
    gain = contribution.sum(axis=0)
    w_total = weights.sum(axis=0)
    conflict = (weights * conflicts).sum(axis=0) / np.where(w_total > 0, w_total, 1.0)
    utility = conflict[:, None] + gain
    allowed = ~removed.any(axis=0)
    preferred = gain >= 0
    stated = conflict + premium
    return PartyView(
        utility=utility,
        conflict=conflict,
        acceptable=preferred & allowed,
        stated_conflict=stated,
        stated_acceptable=(utility >= stated[:, None]) & allowed,
        preferred=preferred,
        contribution=contribution,
        removed=removed,
        members=members,
        surplus=surplus,
        share=share,
        aid=aid,
        aided_by=aided_by,
    )


def veto_removes(own_surplus: np.ndarray, vetoes: np.ndarray) -> np.ndarray:
    """(R, n) options a veto holder removes: those it values below fighting on."""
    return vetoes[:, None] & (own_surplus < 0)
