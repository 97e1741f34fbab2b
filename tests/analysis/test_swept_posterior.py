"""`alliance-sim sensitivity DIR` on a sweep made with `sweep --posterior` (issue 20): the
indices are computed on the design that was run (the same matrix as the plain sweep's, read
back from the posterior sweep's own `point` column), and the report says which posterior the
parameters that are not factors came from (a plain sweep's report says they were drawn).

The posterior is a tiny one written here (prior draws with random weights), not calibrated."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import alliance_sim as asim
from alliance_sim.cli.app import app
from analysis import swept
from sim.experiments.calibration import folder as pf
from sim.experiments.calibration.run import prior_of
from sim.scenario.loader import load_scenario
from sim.store import manifest as mf

BASE = "pow_repatriation"
FACTORS = {
    "actors.washington.profile.war_payoff": (-0.012, -0.004),
    "actors.moscow.profile.war_payoff": (0.02, 0.03),
}
runner = CliRunner()


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A tiny posterior, then the same saltelli sweep plain and under it."""
    root = tmp_path_factory.mktemp("swept_posterior")
    scenario = load_scenario(BASE)
    prior, described = prior_of(scenario)
    rng = np.random.default_rng(2)
    theta = prior.low + (prior.high - prior.low) * rng.random((30, len(prior.paths)))
    manifest = {"target": BASE, "target_id": BASE, "prior": described,
                "target_hash": mf.scenario_hash(scenario)}  # fmt: skip
    posterior = root / "posterior"
    pf.write_manifest(posterior, {**manifest, "status": pf.RUNNING})
    pf.write_posterior(posterior, prior.paths, theta, rng.random(30) + 0.1,
                       np.zeros((30, 0)), [], manifest)  # fmt: skip
    plain = asim.sweep(BASE, FACTORS, root / "plain", "saltelli", 16, 2, seed=5)
    under = asim.sweep(BASE, FACTORS, root / "under", "saltelli", 16, 2, seed=5,
                       posterior=posterior)  # fmt: skip
    return posterior, plain, under


def test_a_posterior_sweep_is_read_back_on_the_design_it_ran(folders):
    _, plain, under = folders
    drawn, conditioned = swept.read_sweep(plain), swept.read_sweep(under)
    assert conditioned.matrix.shape == (16 * 4, 2)
    np.testing.assert_array_equal(conditioned.matrix, drawn.matrix)
    assert drawn.posterior is None and conditioned.posterior["target"] == BASE
    # the runs are not the plain sweep's: the other parameters came from the posterior
    assert not np.array_equal(drawn.table["agreement_date"], conditioned.table["agreement_date"])
    assert set(conditioned.table["point"]) == set(range(16 * 4))


def test_sensitivity_says_which_posterior_the_other_parameters_came_from(folders):
    posterior, plain, under = folders
    sha = json.loads((posterior / pf.MANIFEST).read_text())["posterior"]["sha256"]
    for method in ("sobol", "spearman"):
        result = runner.invoke(app, ["sensitivity", str(under), "-m", method, "-f", "json"])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["posterior"]["folder"] == str(posterior)
        assert document["posterior"]["sha256"] == sha
        assert f"posterior of {BASE} in {posterior}" in document["not_factors"][-1]
        assert [p["path"] for p in document["parameters"]] == list(FACTORS)
    sobol = json.loads(runner.invoke(app, ["sensitivity", str(under), "-f", "json"]).stdout)
    assert sobol["outputs"] and all(o["indices"] for o in sobol["outputs"])
    drawn = json.loads(runner.invoke(app, ["sensitivity", str(plain), "-f", "json"]).stdout)
    assert "posterior" not in drawn
    assert drawn["not_factors"] == list(swept.SWEPT_NOT_FACTORS)
    table = runner.invoke(app, ["sensitivity", str(under), "-m", "spearman"])
    assert table.exit_code == 0
    assert f"every other parameter from the posterior of {BASE}" in " ".join(table.stdout.split())
