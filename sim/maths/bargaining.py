"""Bargaining mathematics as small pure numpy functions over replicates.

Arrays have a leading replicate axis R; option axes have length n (the
issue's options, ordered along its 0..1 scale). Nothing here keeps state or
draws random numbers: the model passes uniforms in.

References: Zeuthen (1930) concession rule; Harsanyi (1956) showed the party
whose demand has the smaller Nash product has the smaller risk limit, so
Zeuthen's process walks toward the Nash bargaining solution.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]


def utilities(positions: Floats, ideal: Floats, salience: Floats, shape: float = 1.0) -> Floats:
    """Utility of each option: one minus salience times the distance loss.

    Parameters
    ----------
    positions : (n,) option positions on the issue's scale.
    ideal, salience : (R,) the actor's ideal point and salience per replicate.
    shape : loss exponent (1 linear, 2 quadratic).

    Returns
    -------
    (R, n) utilities in [1 - salience, 1].
    """
    distance = np.abs(positions[None, :] - ideal[:, None])
    return 1.0 - salience[:, None] * distance**shape


def salience_to_accept(distance: Floats, value: Floats, shape: float = 1.0) -> Floats:
    """(R,) the highest salience at which an option `distance` (R,) from an actor's ideal is
    still worth `value` (R,) to it: ``1 - salience * distance**shape >= value``. With the
    actor's value of fighting on as `value`, the highest at which it still accepts the option;
    an option at its ideal is worth 1 at any salience (inf)."""
    room = np.maximum(1.0 - value, 0.0)
    reach = np.where(distance > 0, distance, 1.0) ** shape
    return np.where(distance > 0, room / reach, np.inf)


def weighted_value(member_values: Floats, weights: Floats) -> Floats:
    """A bloc's conflict value: members' values averaged with influence weights, (m, R) -> (R,)."""
    total = weights.sum(axis=0)
    return (weights * member_values).sum(axis=0) / np.where(total > 0, total, 1.0)


def risk_limits(own: Floats, other: Floats, conflict: Floats) -> Floats:
    """Zeuthen's risk limit: the most probability of conflict a party would run rather than
    accept the other's demand.

    ``(U(own) - U(other)) / (U(own) - D)`` clipped to [0, 1]; a party whose own
    demand is worth no more than fighting on risks everything (1).
    """
    gain = own - conflict
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        limit = np.where(gain > 0, (own - other) / gain, 1.0)
    return np.clip(limit, 0.0, 1.0)


def nash_product(u1: Floats, u2: Floats, d1: Floats, d2: Floats) -> Floats:
    """(U1 - D1)(U2 - D2) per option, -inf where either party prefers fighting on."""
    g1, g2 = u1 - d1[:, None], u2 - d2[:, None]
    return np.where((g1 >= 0) & (g2 >= 0), g1 * g2, -np.inf)


def nash_solution(u1: Floats, u2: Floats, d1: Floats, d2: Floats) -> Ints:
    """Index of the option maximising the Nash product (-1 where the zone is empty)."""
    product = nash_product(u1, u2, d1, d2)
    best = product.argmax(axis=1)
    return np.where(np.isfinite(product.max(axis=1)), best, -1)


def pick(values: np.ndarray, index: Ints) -> np.ndarray:
    """values[r, index[r]] for every replicate r."""
    n = values.shape[1]
    return values.ravel().take(np.arange(0, index.size * n, n) + index)


# Reductions over the short option axis (n <= a handful) are several times faster column by
# column than numpy's axis=1 reductions over (R, n) arrays; the engine calls them every round.


def any_option(values: Bools) -> Bools:
    """(R,) whether any option is True: ``values.any(axis=1)``."""
    out = values[:, 0].copy()
    for j in range(1, values.shape[1]):
        out |= values[:, j]
    return out


def argmax_option(values: Floats) -> Ints:
    """(R,) index of the first largest option: ``values.argmax(axis=1)``."""
    best = np.zeros(values.shape[0], dtype=np.int64)
    top = values[:, 0].copy()
    for j in range(1, values.shape[1]):
        column = values[:, j]
        better = column > top
        best[better] = j
        np.maximum(top, column, out=top)
    return best


def concessions(
    r1: Floats,
    r2: Floats,
    rationality: Floats | None,
    uniform: Floats,
    can1: Bools,
    can2: Bools,
) -> tuple[Bools, Bools]:
    """Who concedes this round: at most one party.

    Fully rational (``rationality is None``): Zeuthen's rule, the party with the
    smaller risk limit concedes (the first party on a tie). Otherwise a logit
    choice: party 1 with probability ``1 / (1 + exp(-rationality (r2 - r1)))``,
    else party 2. A party that cannot concede (its next option is worse for it
    than fighting on) never does; then the other concedes if it can.
    """
    if rationality is None:
        first = (r1 < r2) | np.isclose(r1, r2)
    else:
        first = uniform < 0.5 * (1.0 + np.tanh(0.5 * rationality * (r2 - r1)))
    first = np.where(can1 & can2, first, can1)
    return first & can1, ~first & can2


def next_option(demand: Ints, target: Ints) -> Ints:
    """The option one step from ``demand`` toward ``target``."""
    return demand + np.sign(target - demand)


def tension(ideals: Floats, weights: Floats, demand_position: Floats) -> Floats:
    """Alliance tension: influence-weighted distance of members' ideals from the bloc's demand.

    Parameters
    ----------
    ideals, weights : (m, R). demand_position : (R,).
    """
    total = weights.sum(axis=0)
    spread = (weights * np.abs(ideals - demand_position[None, :])).sum(axis=0)
    return spread / np.where(total > 0, total, 1.0)


def sides_with_leader(leader: Floats, member: Floats, arbiter: Floats) -> Bools:
    """(R, n) where a bloc's leader and a member disagree on whether an option beats fighting
    on and the arbiter agrees with the leader: there the arbiter settles the quarrel on the
    leader's side. The arbiter never backs the member against the leader (the article shows
    Stalin settling Kim's quarrels with Mao on Mao's side, note 58, never the reverse).

    Parameters
    ----------
    leader, member, arbiter : (R, n) each one's surplus of each option over fighting on.
    """
    disagree = (leader >= 0) != (member >= 0)
    return disagree & ((arbiter >= 0) == (leader >= 0))


def arbitrated_weights(
    with_leader: Bools, w_leader: Floats, w_member: Floats
) -> tuple[Floats, Floats]:
    """Arbitration instead of averaging: where the arbiter sides with the leader
    (:func:`sides_with_leader`), the leader carries both their weights; elsewhere the two
    keep their own. Returns the two (R, n) weight arrays."""
    return np.where(with_leader, w_leader + w_member, w_leader), np.where(
        with_leader, 0.0, w_member
    )
