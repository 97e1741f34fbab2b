"""Theory results the engine must reproduce on deterministic instances (no noise, no events)."""

import numpy as np
from conftest import actor, build, position, two_party
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine.model import AllianceModel
from sim.maths import bargaining as bg

THEORY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def settle(data: dict, replicates: int = 1) -> AllianceModel:
    return AllianceModel(build(data), replicates=replicates, seed=0, uncertainty=False).run()


def result(model: AllianceModel, issue: str = "x") -> tuple[int, int]:
    state = model.issues[issue]
    return int(state.outcome[0]), int(state.settled_step[0])


@THEORY
@given(
    ideal_a=st.floats(0.0, 0.4),
    ideal_b=st.floats(0.6, 1.0),
    sal_a=st.floats(0.4, 1.0),
    sal_b=st.floats(0.4, 1.0),
    shape_a=st.sampled_from([1.0, 1.5, 2.0]),
    shape_b=st.sampled_from([1.0, 1.5, 2.0]),
    d_a=st.floats(0.0, 0.5),
    d_b=st.floats(0.0, 0.5),
)
def test_zeuthen_converges_within_one_grid_step_of_the_nash_solution(
    ideal_a, ideal_b, sal_a, sal_b, shape_a, shape_b, d_a, d_b
):
    """Harsanyi (1956): Zeuthen's concession process ends at the Nash bargaining solution."""
    data = two_party(
        101,
        a=actor(d_a, positions={"x": position(ideal_a, sal_a, shape_a)}),
        b=actor(d_b, positions={"x": position(ideal_b, sal_b, shape_b)}),
    )
    model = settle(data)
    outcome, step = result(model)
    grid = model.issues["x"].positions
    u_a = bg.utilities(grid, np.array([ideal_a]), np.array([sal_a]), shape_a)
    u_b = bg.utilities(grid, np.array([ideal_b]), np.array([sal_b]), shape_b)
    nash = bg.nash_solution(u_a, u_b, np.array([d_a]), np.array([d_b]))[0]
    if nash < 0:
        assert step == -1, "no zone of agreement, yet the parties agreed"
    else:
        assert step >= 0, "a zone of agreement existed but no agreement was reached"
        assert abs(outcome - nash) <= 1, f"agreed on option {outcome}, Nash solution is {nash}"


def _costly(cost_a: float, veto_b: bool = True, **kw) -> dict:
    """Both sides start preferring war; monthly costs erode that until a zone opens."""
    return two_party(
        51,
        a=actor(0.9, war_payoff=-cost_a, positions={"x": position(0.0, 0.9, 1.5)}),
        b=actor(0.9, war_payoff=-0.3, veto=veto_b, positions={"x": position(1.0, 0.8, 1.5)}),
        horizon=600,
        **kw,
    )


@THEORY
@given(cost=st.floats(0.05, 0.6), extra=st.floats(0.01, 0.4))
def test_raising_a_partys_cost_of_delay_never_helps_it_nor_delays_agreement(cost, extra):
    low_outcome, low_step = result(settle(_costly(cost)))
    high_outcome, high_step = result(settle(_costly(cost + extra)))
    assert low_step >= 0 and high_step >= 0
    # party a's ideal is option 0: a costlier war must not move the deal toward it
    assert high_outcome >= low_outcome
    assert high_step <= low_step


def _bloc_with_veto(veto: bool, moscow_conflict: float, moscow_payoff: float = 0.0) -> dict:
    data = two_party(
        21,
        a=actor(0.8, war_payoff=-0.3, influence=0.7, positions={"x": position(0.0, 0.8)}),
        b=actor(0.8, war_payoff=-0.3, positions={"x": position(1.0, 0.8)}),
        horizon=900,
    )
    data["actors"]["m"] = actor(
        moscow_conflict,
        war_payoff=moscow_payoff,
        influence=0.3,
        veto=veto,
        positions={"x": position(0.0, 0.9)},
    )
    data["parties"]["left"]["members"] = ["a", "m"]
    return data


@THEORY
@given(moscow_conflict=st.floats(0.0, 0.95))
def test_removing_a_veto_never_delays_agreement(moscow_conflict):
    with_veto = result(settle(_bloc_with_veto(True, moscow_conflict)))
    without = result(settle(_bloc_with_veto(False, moscow_conflict)))
    assert without[1] >= 0
    if with_veto[1] >= 0:
        assert without[1] <= with_veto[1]


def test_a_veto_holder_that_gains_from_war_blocks_all_but_its_sides_full_demand():
    """Level 1: a veto holder gaining from the war keeps out every option short of its own
    side's full demand; its value of fighting on cannot rise above that demand's value (issue
    19), so once the other side would give everything, the deal comes, later than without the
    veto and on the bloc's own terms."""
    vetoed = result(settle(_bloc_with_veto(True, 0.9, moscow_payoff=0.2)))
    free = result(settle(_bloc_with_veto(False, 0.9, moscow_payoff=0.2)))
    assert vetoed[0] == 0 and free[0] > 0
    assert vetoed[1] > free[1] >= 0
