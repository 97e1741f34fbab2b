"""A `history.json` proves which run it belongs to (issue 24): another run's history with its
checksum written into the manifest is refused by every reader with a clear message, and
`--resume` rebuilds it from chunk 0, as it redoes a swapped chunk."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.scenario.loader import load_scenario
from sim.store.batch import prepare, run_batch
from sim.store.reading import ResultsError, read_results

SCENARIO, COUNTERFACTUAL = "pow_repatriation", "pow_stalin_lives"
REPLICATES, SEED, SIZE = 400, 3, 200
cli = CliRunner()


def batch(out: Path, scenario: str, seed: int, resume: bool = False):
    targets = prepare(
        [(scenario, load_scenario(scenario))], out, REPLICATES, seed, resume=resume, chunk_size=SIZE
    )
    run_batch(targets, workers=1)
    return targets[0]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """This run, the same with another seed, and a counterfactual."""
    out = tmp_path_factory.mktemp("runs")
    made = {}
    for name, scenario, seed in [
        ("this", SCENARIO, SEED),
        ("seed7", SCENARIO, 7),
        ("counterfactual", COUNTERFACTUAL, SEED),
    ]:
        batch(out / name, scenario, seed)
        made[name] = out / name / scenario
    return made


def swapped(runs, tmp_path, source: str | None) -> Path:
    """A copy of this run holding another history, its checksum written into the manifest."""
    folder = tmp_path / "out" / SCENARIO
    shutil.copytree(runs["this"], folder)
    history = folder / "history.json"
    if source is None:  # the format before issue 24: a bare list of steps
        steps = json.loads(history.read_text(encoding="utf-8"))["steps"]
        history.write_text(json.dumps(steps), encoding="utf-8")
    else:
        shutil.copy(runs[source] / "history.json", history)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["history_sha256"] = hashlib.sha256(history.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


CASES = [
    ("seed7", "its chunk seed"),
    ("counterfactual", "its scenario hash"),
    (None, "it holds no run identity"),
]


def test_the_history_holds_the_identity_of_the_chunk_that_wrote_it(runs):
    held = json.loads((runs["this"] / "history.json").read_text(encoding="utf-8"))
    assert set(held) == {"identity", "steps"}
    assert (held["identity"]["index"], held["identity"]["first"]) == (0, 0)
    assert held["steps"] == read_results(runs["this"]).history


@pytest.mark.parametrize(("source", "named"), CASES)
def test_another_runs_history_with_its_checksum_edited_is_refused(runs, tmp_path, source, named):
    folder = swapped(runs, tmp_path, source)
    with pytest.raises(ResultsError, match="history.json is not this run's") as caught:
        read_results(folder)
    assert named in str(caught.value) and "--resume" in str(caught.value)
    for command in (["plot", str(folder)], ["compare", str(runs["this"]), str(folder)]):
        result = cli.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "history.json is not this run's" in " ".join(result.output.split())


@pytest.mark.parametrize(("source", "named"), CASES[:2])
def test_resume_rebuilds_a_swapped_history_from_chunk_0(runs, tmp_path, source, named):
    folder = swapped(runs, tmp_path, source)
    target = batch(folder.parent, SCENARIO, SEED, resume=True)
    assert target.repairs == ["history.json is missing or damaged: chunk 0 is re-run to rebuild it"]
    assert (folder / "history.json").read_bytes() == (runs["this"] / "history.json").read_bytes()
    assert read_results(folder).history == read_results(runs["this"]).history
