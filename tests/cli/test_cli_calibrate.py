"""`alliance-sim calibrate` and `--posterior`: a small calibration end to end, its folder
refused when damaged, bad input refused with the reason, paired runs under the posterior."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alliance_sim import api
from alliance_sim.cli.app import app
from sim.experiments.calibration.folder import MANIFEST, POSTERIOR, read_posterior

runner = CliRunner()
SMALL = ["--particles", "100", "--threshold", "0.1", "--simulations", "5000", "-w", "1"]


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def posterior(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cal") / "talks"
    result = invoke("calibrate", "talks_1951_53", "--out", str(folder), *SMALL, "-f", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["target_id"] == "talks_1951_53"
    assert summary["simulations"] <= 5000
    assert summary["particles"] >= 100
    assert len(summary["provenance"]["scenario_hash"]) == 64
    return folder


def test_the_folder_records_prior_data_rounds_and_a_checksummed_posterior(posterior):
    manifest = json.loads((posterior / MANIFEST).read_text())
    assert manifest["status"] == "complete"
    assert [d["key"] for d in manifest["data"]] == [
        "troop_withdrawal", "demarcation_line", "pow_repatriation"]  # fmt: skip
    assert len(manifest["prior"]) == len(read_posterior(posterior).paths) > 40
    assert manifest["rounds"][0]["method"] == "rejection"
    assert manifest["provenance"]["engine_fingerprint"]
    found = read_posterior(posterior)
    assert found.theta.shape == (manifest["particles"], len(manifest["prior"]))
    assert np.isclose(found.weights.sum(), 1.0)
    lows = np.array([p["low"] for p in manifest["prior"]])
    highs = np.array([p["high"] for p in manifest["prior"]])
    assert np.all((found.theta >= lows) & (found.theta <= highs))


def test_resume_of_a_finished_calibration_gives_the_same_posterior(posterior):
    before = (posterior / POSTERIOR).read_bytes()
    result = invoke("calibrate", "talks_1951_53", "--out", str(posterior), *SMALL, "--resume")
    assert result.exit_code == 0, result.output
    assert (posterior / POSTERIOR).read_bytes() == before


def test_a_second_run_into_the_folder_or_another_resume_is_refused(posterior):
    result = invoke("calibrate", "talks_1951_53", "--out", str(posterior), *SMALL)
    assert result.exit_code == 2 and "add --resume" in result.output
    other = [*SMALL[:-2], "-w", "1", "-s", "7", "--resume"]
    result = invoke("calibrate", "talks_1951_53", "--out", str(posterior), *other)
    assert result.exit_code == 2 and "another seed" in result.output


def test_a_damaged_posterior_is_refused_with_the_reason(posterior, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(posterior, copy)
    data = bytearray((copy / POSTERIOR).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / POSTERIOR).write_bytes(bytes(data))
    result = invoke("run", "talks_1951_53", "--posterior", str(copy), "-n", "50")
    assert result.exit_code == 2
    assert "does not match its checksum" in result.output
    (copy / MANIFEST).write_text("{ not json")
    result = invoke("run", "talks_1951_53", "--posterior", str(copy), "-n", "50")
    assert result.exit_code == 2 and "damaged or unreadable" in result.output
    result = invoke("run", "talks_1951_53", "--posterior", str(tmp_path), "-n", "50")
    assert result.exit_code == 2 and "not a posterior folder" in result.output


def test_runs_under_the_posterior_are_paired_and_the_counterfactual_overrides_it(posterior):
    base = api.run("talks_1951_53", 300, 3, posterior=posterior)
    again = api.run("talks_1951_53", 300, 3, posterior=posterior)
    other = api.run("talks_stalin_lives", 300, 3, posterior=posterior)
    column = "draw:washington.war_payoff"
    assert np.array_equal(base.table[column], again.table[column])
    assert np.array_equal(base.table[column], other.table[column])  # same vector per replicate
    found = read_posterior(posterior)
    assert set(np.unique(base.table[column])) <= set(found.theta[:, found.paths.index(
        "actors.washington.profile.war_payoff")])  # fmt: skip
    # talks_stalin_lives sets Moscow's values at Stalin's death itself: not the posterior's
    assert not np.array_equal(base.table["draw:events.stalin_dies.0"],
                              other.table.get("draw:events.stalin_dies.0", np.zeros(1)))  # fmt: skip


def test_a_posterior_of_another_scenario_is_refused(posterior):
    result = invoke("run", "air_cover", "--posterior", str(posterior), "-n", "50")
    assert result.exit_code == 2
    assert "a posterior of talks_1951_53 cannot be used for air_cover" in result.output


def test_bad_input_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "never"
    result = invoke("calibrate", "talks_1951_53", "--out", str(out), "-t", "month")
    assert result.exit_code == 2 and "expected UNIT=N" in result.output
    result = invoke("calibrate", "talks_1951_53", "--out", str(out), "-t", "year=1")
    assert result.exit_code == 2 and "UNIT one of month, week, day" in result.output
    result = invoke("calibrate", "talks_1951_53", "--out", str(out), "--simulations", "1000")
    assert result.exit_code == 2 and "must cover at least the rejection round" in result.output
    result = invoke("calibrate", "talks_1951_53")
    assert result.exit_code == 2 and "give TARGET and --out DIR" in result.output
    assert not out.exists()
    result = invoke("compare", "talks_1951_53", "talks_stalin_lives", "--posterior",
                    str(tmp_path), "--out", str(out))  # fmt: skip
    assert result.exit_code == 2 and "in memory" in result.output


def test_report_compares_prior_and_posterior_and_places_the_record(posterior, tmp_path):
    chart = tmp_path / "prior_posterior.png"
    result = invoke("calibrate", "--report", str(posterior), "--predictive", "200",
                    "--chart", str(chart), "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["parameters"]) > 40
    shrinkage = [row["shrinkage"] for row in report["parameters"]]
    assert shrinkage == sorted(shrinkage, reverse=True)
    for row in report["parameters"]:
        low, high = row["posterior_interval"]
        assert low <= row["posterior_median"] <= high
    checks = {check["key"]: check for check in report["predictive"]["checks"]}
    assert set(checks) == {"troop_withdrawal", "demarcation_line", "pow_repatriation", "armistice"}
    assert checks["troop_withdrawal"]["outcome_share"] == 1.0
    assert 0 <= checks["pow_repatriation"]["position"] <= 1
    assert chart.read_bytes()[:4] == b"\x89PNG"
    result = invoke("calibrate", "--report", str(posterior), "--chart", str(tmp_path / "x.gif"))
    assert result.exit_code == 2 and "give a .png, .svg or .pdf" in result.output


def test_an_interrupted_calibration_resumes_to_the_same_posterior(tmp_path):
    import shutil

    small = {"particles": 60, "threshold": 0.1, "simulations": 3000, "seed": 2}
    whole = api.calibrate("pow_repatriation", tmp_path / "whole", **small)
    assert not (whole / "rounds").exists()  # removed once the posterior is written
    kept = tmp_path / "kept"
    from sim.experiments.calibration.run import calibrate
    from sim.experiments.calibration.smc import Settings
    from sim.scenario.loader import load_scenario

    settings = Settings(60, 0.1, 3000)
    calibrate(load_scenario("pow_repatriation"), "pow_repatriation", kept, 2, settings,
              keep_rounds=True)  # fmt: skip
    batches = sorted((kept / "rounds").iterdir())
    assert batches and all((b / "manifest.json").is_file() for b in batches)
    # as if stopped in the middle of the last batch: no posterior, one chunk lost
    (kept / POSTERIOR).unlink()
    manifest = json.loads((kept / MANIFEST).read_text())
    (kept / MANIFEST).write_text(json.dumps({**manifest, "status": "running"}))
    shutil.rmtree(batches[-1] / "chunks")
    with pytest.raises(ValueError, match="add --resume"):
        api.calibrate("pow_repatriation", kept, **small)
    api.calibrate("pow_repatriation", kept, resume=True, **small)
    assert (kept / POSTERIOR).read_bytes() == (whole / POSTERIOR).read_bytes()


def test_leave_out_drops_one_datum_and_names_the_ones_there_are(tmp_path):
    out = tmp_path / "without"
    result = invoke("calibrate", "talks_1951_53", "--out", str(out), *SMALL,
                    "--leave-out", "pow_repatriation", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["left_out"] == "pow_repatriation"
    assert [d["key"] for d in manifest["data"]] == ["troop_withdrawal", "demarcation_line"]
    result = invoke("calibrate", "talks_1951_53", "--out", str(tmp_path / "x"), *SMALL,
                    "--leave-out", "armistice")  # fmt: skip
    assert result.exit_code == 2
    assert "has troop_withdrawal, demarcation_line, pow_repatriation" in result.output


def test_a_value_set_in_the_run_overrides_the_posterior_and_the_rest_keep_theirs(posterior):
    path = "actors.washington.profile.war_payoff"
    base = api.run("talks_1951_53", 200, 4, posterior=posterior)
    fixed = api.run("talks_1951_53", 200, 4, posterior=posterior, set={path: -0.02})
    assert "draw:washington.war_payoff" in base.table
    assert "draw:washington.war_payoff" not in fixed.table  # set: a fixed number, not drawn
    other = "draw:beijing.conflict_value"
    assert np.array_equal(base.table[other], fixed.table[other])


@pytest.mark.slow  # two worker processes: most of a minute
def test_the_posterior_is_the_same_whatever_the_workers(tmp_path):
    small = {"particles": 60, "threshold": 0.01, "simulations": 8000, "seed": 9}
    one = api.calibrate("pow_repatriation", tmp_path / "one", workers=1, **small)
    two = api.calibrate("pow_repatriation", tmp_path / "two", workers=2, **small)
    assert json.loads((one / MANIFEST).read_text())["rounds"][0]["simulated"] == 6000  # 2 chunks
    assert (one / POSTERIOR).read_bytes() == (two / POSTERIOR).read_bytes()
