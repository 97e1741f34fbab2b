"""The blockers-over-time chart: who kept the deal closed, step by step, from the history."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from analysis.charts.blockers_chart import SETTLED, blockers_over_time_data  # noqa: E402
from analysis.charts.figures import draw_all  # noqa: E402
from sim.engine.runner import run  # noqa: E402


@pytest.fixture(scope="module")
def talks():
    return [run("talks_1951_53", 300, 1950, label="Historical scenario")]


def share_at(data, party, day, state):
    index = np.searchsorted(data["dates"], np.datetime64(day), side="right") - 1
    panel = data["panels"][party]
    return panel["shares"][panel["states"].index(state), index]


def test_every_step_accounts_for_every_sampled_run(talks):
    data = blockers_over_time_data(talks, "pow_repatriation")
    for panel in data["panels"].values():
        assert np.allclose(panel["shares"].sum(axis=0), 1.0)


def test_the_prisoner_deadlock_is_stalins_until_he_dies_then_beijings(talks):
    """Notes 62-66 and the text after note 63: late in 1952 the communist side is held back
    mostly by Moscow preferring to fight on; after Stalin's death (external) what is left of
    the deadlock is Beijing's own firmness, and by 1954 most runs have settled."""
    data = blockers_over_time_data(talks, "pow_repatriation")
    moscow = "Communist side: Moscow (Stalin) preferred fighting on"
    beijing = "Communist side: Beijing (Mao) preferred fighting on"
    communist = data["panels"]["communist"]
    at_end_1952 = {s: share_at(data, "communist", "1952-12-01", s) for s in communist["states"]}
    assert max(at_end_1952, key=at_end_1952.get) == moscow
    after_death = {s: share_at(data, "communist", "1953-06-01", s) for s in (moscow, beijing)}
    assert after_death[beijing] > after_death[moscow]
    assert share_at(data, "communist", "1954-01-01", SETTLED) > 0.7


def test_plot_writes_a_blockers_chart_per_issue_of_the_history(talks, tmp_path):
    files = draw_all(talks, tmp_path, charts=["blockers"])
    stems = sorted({f.stem for f in files})
    assert stems == [
        "talks_1951_53_demarcation_line_blockers",
        "talks_1951_53_pow_repatriation_blockers",
        "talks_1951_53_troop_withdrawal_blockers",
    ]
