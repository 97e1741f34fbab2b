"""Who the deal waited for (`sim.maths.deadlock.why_closed`), on views built in code."""

import numpy as np
import pytest

from sim.maths.bloc import PartyView, form_view
from sim.maths.deadlock import labels, why_closed

ACTORS = ["beijing", "moscow", "washington"]
INDEX = {actor: i for i, actor in enumerate(ACTORS)}


def communist_view(surplus: list[list[float]], aid: float, vetoes=(True, False)) -> PartyView:
    """Beijing (weight 0.5, armed by Moscow with `aid`) and Moscow (0.3) over two options:
    `surplus[m]` is each member's value of each option less its value of fighting on, the aid
    included in Beijing's."""
    values = np.array(surplus, dtype=float)[:, None, :]  # (m, R=1, n)
    conflicts = np.full((2, 1), 0.5)
    weights = np.array([[0.5], [0.3]])
    removed = np.stack(
        [np.array([veto])[:, None] & (values[m] < 0) for m, veto in enumerate(vetoes)]
    )
    return form_view(
        ["beijing", "moscow"],
        values,
        conflicts,
        weights,
        weights[:, :, None],
        removed,
        0.0,
        aid=np.array([[aid], [0.0]]),
        aided_by=("moscow", None),
    )


def un_view() -> PartyView:
    """Washington accepts only the second option."""
    values = np.array([[[-0.3, 0.2]]])
    return form_view(
        ["washington"], values, np.full((1, 1), 0.5), np.ones((1, 1)), np.ones((1, 1, 1)),
        np.zeros((1, 1, 2), dtype=bool), 0.0,
    )  # fmt: skip


def who_held_the_communist_side(view: PartyView) -> str:
    codes = why_closed((view, un_view()), (0, 2), np.ones(1, dtype=bool), INDEX)
    actor, reason = labels(ACTORS)[codes[0, 0]]
    return f"{actor}:{reason}"


@pytest.mark.parametrize(
    ("beijing", "moscow", "aid", "expected"),
    [
        # Beijing vetoes the UN's terms only because of the arms: the deal waits on them.
        (-0.05, 0.2, 0.10, "moscow:arms"),
        # Beijing would veto them without the arms too: its own refusal.
        (-0.05, 0.2, 0.02, "beijing:veto"),
        # The side as a whole prefers fighting on, pulled hardest by Beijing, only armed.
        (-0.30, -0.05, 0.35, "moscow:arms"),
        (-0.30, -0.05, 0.10, "beijing:prefers_war"),
        # Stalin himself pulls hardest: his own preference, not his arms, is named.
        (-0.05, -0.60, 0.10, "moscow:prefers_war"),
    ],
)
def test_the_arms_are_named_where_the_armed_ally_would_take_the_terms_without_them(
    beijing, moscow, aid, expected
):
    """Notes 63, 66: Stalin armed China to strengthen the communist hand in the prisoner
    deadlock. Where Beijing holds out and would take the UN's terms but for what the arms add
    to its value of fighting on, the deal waited on Moscow's arms; otherwise on whoever holds
    out by its own values."""
    view = communist_view([[0.3, beijing], [0.3, moscow]], aid)
    assert who_held_the_communist_side(view) == expected


def test_without_arms_the_reasons_are_the_members_own():
    view = communist_view([[0.3, -0.05], [0.3, 0.2]], aid=0.0)
    assert who_held_the_communist_side(view) == "beijing:veto"
