"""`alliance-sim batch --posterior` and `api.batch(posterior=)`: the kept folder holds what
`run --posterior` gives, each replicate keeps its posterior vector whatever the chunks and
workers, the manifest and every chunk carry the posterior's identity (a resume under another
posterior, or none, is refused), and a bad posterior is refused before anything is written.

The posteriors are tiny ones written here (prior draws with random weights), not calibrated:
what is tested is how a batch uses a posterior folder, not what the posterior says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim import api
from alliance_sim.cli.app import app
from sim.experiments.calibration import folder as pf
from sim.experiments.calibration.run import prior_of
from sim.scenario.loader import load_scenario
from sim.store import manifest as mf
from sim.store.reading import ResultsError

runner = CliRunner()
BASE, COUNTERFACTUAL = "pow_repatriation", "pow_early_neutral_custody"
REPLICATES, SEED = 40, 5


def tiny_posterior(folder: Path, seed: int, target: str = BASE, particles: int = 25) -> Path:
    """A finished posterior folder of `particles` prior draws with unequal weights."""
    scenario = load_scenario(target)
    prior, described = prior_of(scenario)
    rng = np.random.default_rng(seed)
    theta = prior.low + (prior.high - prior.low) * rng.random((particles, len(prior.paths)))
    manifest = {"target": target, "target_id": scenario.id, "prior": described,
                "target_hash": mf.scenario_hash(scenario)}  # fmt: skip
    pf.write_manifest(folder, {**manifest, "status": pf.RUNNING})
    pf.write_posterior(folder, prior.paths, theta, rng.random(particles) + 0.1,
                       np.zeros((particles, 0)), [], manifest)  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def posteriors(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("posteriors")
    return tiny_posterior(root / "one", 0), tiny_posterior(root / "two", 1)


def batch(out: Path, posterior: Path | None, *extra: str, names=(BASE,)):
    args = ["batch", *names, "-n", str(REPLICATES), "-s", str(SEED), "-w", "1", "--out", str(out)]
    return runner.invoke(app, [*args, *(["--posterior", str(posterior)] if posterior else []),
                               *extra])  # fmt: skip


def same_tables(one: dict, other: dict) -> bool:
    return list(one) == list(other) and all(
        np.array_equal(one[k], other[k], equal_nan=one[k].dtype.kind in "fmM") for k in one
    )


def test_a_batch_under_a_posterior_holds_what_run_under_it_gives(posteriors, tmp_path):
    one, _ = posteriors
    folders = api.batch([BASE, COUNTERFACTUAL], tmp_path, REPLICATES, SEED, posterior=one)
    for name, folder in zip([BASE, COUNTERFACTUAL], folders, strict=True):
        ran = api.run(name, REPLICATES, SEED, posterior=one)
        assert same_tables(api.read(folder).table, ran.table), name
    plain = api.run(BASE, REPLICATES, SEED)
    assert not same_tables(api.read(folders[0]).table, plain.table)
    manifest = json.loads((folders[0] / mf.MANIFEST).read_text())
    calibration = json.loads((one / pf.MANIFEST).read_text())
    used = manifest["posterior"]
    assert used["sha256"] == calibration["posterior"]["sha256"]
    assert (used["target"], used["target_hash"]) == (BASE, calibration["target_hash"])
    assert used["folder"] == str(one) and used["particles"] == 25
    # the counterfactual's own change overrides the posterior for the values it sets
    assert json.loads((folders[1] / mf.MANIFEST).read_text())["posterior"]["overridden"]
    assert api.compare(folders[0], folders[1])["issues"]  # paired folders compare
    figures = tmp_path / "figures"
    drawn = runner.invoke(app, ["plot", str(folders[0]), "--out", str(figures),
                                "--chart", "outcomes"])  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    assert (figures / f"{BASE}_outcomes.png").read_bytes()[:4] == b"\x89PNG"


def test_each_replicate_keeps_its_vector_whatever_the_chunks_and_workers(posteriors, tmp_path):
    one, _ = posteriors
    runs = {}
    for name, extra in {"40": [], "10": ["--chunk-size", "10"],
                        "10w2": ["--chunk-size", "10", "-w", "2"]}.items():  # fmt: skip
        result = batch(tmp_path / name, one, *extra)
        assert result.exit_code == 0, result.output
        runs[name] = tmp_path / name / BASE
    chunks = sorted((runs["10"] / mf.CHUNKS).iterdir())
    assert len(chunks) == 4
    for chunk in chunks:  # two workers: the same files, byte for byte
        assert chunk.read_bytes() == (runs["10w2"] / mf.CHUNKS / chunk.name).read_bytes()
    whole, split = api.read(runs["40"]).table, api.read(runs["10"]).table
    found = pf.read_posterior(one)
    draws = [entry["draw"] for entry in found.prior()]
    assert len(draws) > 30
    for number, draw in enumerate(draws):  # the posterior's values, whatever the chunk size
        by_replicate = dict(zip(whole["replicate"], whole[f"draw:{draw}"], strict=True))
        assert all(by_replicate[r] == v for r, v in zip(split["replicate"], split[f"draw:{draw}"],
                                                        strict=True))  # fmt: skip
        assert set(whole[f"draw:{draw}"]) <= set(found.theta[:, number])


def test_resume_under_another_posterior_or_none_is_refused_naming_the_folder(posteriors, tmp_path):
    one, two = posteriors
    assert batch(tmp_path, one, "--chunk-size", "10").exit_code == 0
    folder = tmp_path / BASE
    last = folder / mf.CHUNKS / mf.chunk_name(3)
    kept = last.read_bytes()
    last.unlink()  # as if lost: reading says how to finish it, with the posterior
    with pytest.raises(ResultsError, match=f"--posterior {one}"):
        api.read(folder)
    for other in (two, None):
        result = batch(tmp_path, other, "--chunk-size", "10", "--resume")
        assert result.exit_code == 2
        assert f"cannot resume {folder}" in result.output and "posterior: saved" in result.output
    assert not last.exists()
    result = batch(tmp_path, one, "--chunk-size", "10", "--resume")
    assert result.exit_code == 0, result.output
    assert last.read_bytes() == kept


def test_a_plain_chunk_in_a_folder_under_a_posterior_is_refused(posteriors, tmp_path):
    one, _ = posteriors
    assert batch(tmp_path / "post", one, "--chunk-size", "20").exit_code == 0
    assert batch(tmp_path / "plain", None, "--chunk-size", "20").exit_code == 0
    folder, name = tmp_path / "post" / BASE, mf.chunk_name(1)
    shutil.copy(tmp_path / "plain" / BASE / mf.CHUNKS / name, folder / mf.CHUNKS / name)
    manifest = json.loads((folder / mf.MANIFEST).read_text())
    plain = json.loads((tmp_path / "plain" / BASE / mf.MANIFEST).read_text())
    manifest["chunks"]["1"] = plain["chunks"]["1"]  # its checksum written in too
    (folder / mf.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match="posterior .posterior.parquet checksum. none"):
        api.read(folder)


def test_a_bad_posterior_is_refused_and_nothing_is_written(posteriors, tmp_path):
    one, _ = posteriors
    damaged = tmp_path / "damaged"
    shutil.copytree(one, damaged)
    data = bytearray((damaged / pf.POSTERIOR).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (damaged / pf.POSTERIOR).write_bytes(bytes(data))
    unfinished = tmp_path / "unfinished"
    shutil.copytree(one, unfinished)
    manifest = json.loads((unfinished / pf.MANIFEST).read_text())
    (unfinished / pf.MANIFEST).write_text(json.dumps({**manifest, "status": "running"}))
    other = tiny_posterior(tmp_path / "air", 2, target="air_cover", particles=5)
    unhashed = tmp_path / "unhashed"
    shutil.copytree(one, unhashed)
    del manifest["target_hash"]
    (unhashed / pf.MANIFEST).write_text(json.dumps(manifest))
    out = tmp_path / "out"
    for posterior, said in [(damaged, "does not match its checksum"),
                            (unfinished, "the calibration is not finished"),
                            (other, "a posterior of air_cover cannot be used for pow_repatriation"),
                            (unhashed, "lacks a valid field 'target_hash'"),
                            (tmp_path / "nowhere", "no such folder")]:  # fmt: skip
        result = batch(out, posterior, names=(BASE, COUNTERFACTUAL))
        assert result.exit_code == 2, result.output
        assert f"{posterior}:" in result.output and said in result.output
        assert not out.exists()
    with pytest.raises(pf.PosteriorError, match="cannot be used for pow_repatriation"):
        api.batch([BASE], out, REPLICATES, SEED, posterior=other)
    assert not out.exists()


def test_compare_refuses_folders_run_under_different_posteriors(posteriors, tmp_path):
    one, _ = posteriors
    assert batch(tmp_path / "post", one).exit_code == 0
    assert batch(tmp_path / "plain", None).exit_code == 0
    mixed = runner.invoke(app, ["compare", str(tmp_path / "post" / BASE),
                                str(tmp_path / "plain" / BASE)])  # fmt: skip
    assert mixed.exit_code == 2 and "run under different posteriors" in mixed.output
    unpaired = runner.invoke(app, ["compare", str(tmp_path / "post" / BASE), COUNTERFACTUAL])
    assert unpaired.exit_code == 2 and "batch --posterior" in unpaired.output


def test_a_sweep_under_a_posterior_overrides_it_only_for_its_factors(posteriors, tmp_path):
    one, _ = posteriors
    path, draw = "actors.washington.profile.war_payoff", "draw:washington.war_payoff"
    sweep = ["sweep", BASE, "--factor", f"{path}=-0.06:-0.01:4", "-k", "10", "-s", str(SEED)]
    result = runner.invoke(app, [*sweep, "-w", "1", "--out", str(tmp_path / "s"),
                                 "--posterior", str(one)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert batch(tmp_path / "b", one).exit_code == 0
    swept, ran = api.read(tmp_path / "s").table, api.read(tmp_path / "b" / BASE).table
    assert np.array_equal(swept[f"factor:{path}"], swept[draw])  # the factor, not the posterior
    assert np.array_equal(swept["point"], swept["replicate"] // 10)
    others = [name for name in ran if name.startswith("draw:") and name != draw]
    assert len(others) > 30
    for name in others:  # every other parameter: the replicate's posterior vector
        assert np.array_equal(swept[name], ran[name]), name
    manifest = json.loads((tmp_path / "s" / mf.MANIFEST).read_text())
    assert manifest["posterior"]["overridden"] == [path]
    folder = api.sweep(BASE, {path: (-0.06, -0.01, 4)}, tmp_path / "api", replicates_per_point=10,
                       seed=SEED, posterior=one)  # fmt: skip
    name = mf.chunk_name(0)
    assert (folder / mf.CHUNKS / name).read_bytes() == (
        tmp_path / "s" / mf.CHUNKS / name
    ).read_bytes()
    again = runner.invoke(app, [*sweep, "--out", str(tmp_path / "s"), "--resume"])
    assert again.exit_code == 2 and "posterior: saved" in again.output
