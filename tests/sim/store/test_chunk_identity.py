"""Chunks that prove where they came from (issue 24): a chunk of another run is refused by the
readers and redone by `--resume` even when its checksum was written into the manifest or the
manifest is lost; a changed `sweep.json` is refused; a sweep folder is finished by its own
command, never by `batch`."""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.store import manifest as mf

SCENARIO = "pow_repatriation"
SMALL = ["-n", "600", "--chunk-size", "200", "-w", "1"]  # three chunks
WAR_COST = "actors.washington.profile.war_payoff"
MOSCOW = "actors.moscow.profile.war_payoff"
cli = CliRunner()


def invoke(*args: object):
    return cli.invoke(app, [str(arg) for arg in args])


def chunk(folder: Path, index: int) -> Path:
    return folder / mf.CHUNKS / mf.chunk_name(index)


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / mf.MANIFEST).read_text(encoding="utf-8"))


def chunk_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / mf.CHUNKS).iterdir())}


def smuggle(source: Path, folder: Path, index: int) -> None:
    """Copy chunk `index` of `source` into `folder` and write its SHA-256 into the manifest."""
    shutil.copyfile(chunk(source, index), chunk(folder, index))
    manifest = manifest_of(folder)
    digest = hashlib.sha256(chunk(folder, index).read_bytes()).hexdigest()
    manifest["chunks"][str(index)]["sha256"] = digest
    (folder / mf.MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path]:
    """Two finished batches of the same scenario and size, seeds 4 and 7 (never modified)."""
    out = tmp_path_factory.mktemp("batches")
    for seed in (4, 7):
        result = invoke("batch", SCENARIO, *SMALL, "-s", seed, "--out", out / f"s{seed}")
        assert result.exit_code == 0, result.output
    return out / "s4" / SCENARIO, out / "s7" / SCENARIO


def sweep_args(moscow: str) -> list[str]:
    factors = ["--factor", f"{WAR_COST}=-0.012:-0.004:3", "--factor", f"{MOSCOW}={moscow}:2"]
    return [SCENARIO, *factors, "-k", "100", "-s", "3", "--chunk-size", "200", "-w", "1"]


SWEEP, SIBLING = sweep_args("0.02:0.03"), sweep_args("0.021:0.029")


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory) -> tuple[Path, Path]:
    """Two finished sweeps alike but for Moscow's range (six points, three chunks each)."""
    out = tmp_path_factory.mktemp("sweeps")
    for name, args in (("a", SWEEP), ("b", SIBLING)):
        result = invoke("sweep", *args, "--out", out / name)
        assert result.exit_code == 0, result.output
    return out / "a", out / "b"


@pytest.fixture
def copy_of(tmp_path):
    def copy(folder: Path) -> Path:
        target = tmp_path / "copy" / folder.name
        shutil.copytree(folder, target)
        return target

    return copy


def test_a_chunk_of_another_seed_with_its_checksum_in_the_manifest_is_refused(batches, copy_of):
    own, seven = batches
    folder = copy_of(own)
    smuggle(seven, folder, 1)
    result = invoke("compare", folder, own, "-f", "json")
    assert result.exit_code == 2
    assert "chunk-00001.parquet is refused: it is a chunk of another run: its chunk seed " in (
        result.output
    )
    assert "(another --seed)" in result.output

    resumed = invoke("batch", SCENARIO, *SMALL, "-s", 4, "--out", folder.parent, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "repair: chunk-00001.parquet: it is a chunk of another run" in resumed.output
    assert chunk_bytes(folder) == chunk_bytes(own)  # redone: this run's chunk again


def test_a_chunk_of_another_scenario_is_refused_naming_the_scenario_hash(tmp_path, batches):
    own, _ = batches
    other = tmp_path / "other"
    result = invoke("batch", "pow_stalin_lives", *SMALL, "-s", 4, "--out", other)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "copy"
    shutil.copytree(own, folder)
    smuggle(other / "pow_stalin_lives", folder, 2)
    result = invoke("compare", folder, own, "-f", "json")
    assert result.exit_code == 2
    assert "chunk-00002.parquet is refused: it is a chunk of another run: its scenario hash " in (
        result.output
    )


def test_a_chunk_copied_over_another_of_the_same_run_is_refused(batches, copy_of):
    own, _ = batches
    folder = copy_of(own)
    shutil.copyfile(chunk(own, 0), chunk(folder, 2))
    manifest = manifest_of(folder)
    manifest["chunks"]["2"] = manifest["chunks"]["0"]
    (folder / mf.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = invoke("compare", folder, own, "-f", "json")
    assert result.exit_code == 2
    assert (
        "chunk-00002.parquet is refused: it says it is another chunk of this run: its chunk "
        "index 0, not 2"
    ) in result.output


def test_a_chunk_of_a_sibling_sweep_is_refused_when_the_manifest_is_lost(sweeps, copy_of):
    own, sibling = sweeps
    folder = copy_of(own)
    shutil.copyfile(chunk(sibling, 2), chunk(folder, 2))
    (folder / mf.MANIFEST).unlink()
    result = invoke("sweep", *SWEEP, "--out", folder, "--resume")
    assert result.exit_code == 0, result.output
    assert "repair: manifest.json is missing" in result.output
    assert (
        "repair: chunk-00002.parquet: it is a chunk of another run: its sweep (sweep.json checksum)"
    ) in result.output
    assert chunk_bytes(folder) == chunk_bytes(own)


def test_a_chunk_of_a_sibling_sweep_with_its_checksum_in_the_manifest_is_refused(sweeps, copy_of):
    own, sibling = sweeps
    folder = copy_of(own)
    smuggle(sibling, folder, 1)
    result = invoke("compare", folder, folder, "-f", "json")
    assert result.exit_code == 2
    assert "chunk-00001.parquet is refused: it is a chunk of another run: its sweep" in (
        result.output
    )


def swap_labels(folder: Path) -> None:
    path = folder / mf.SWEEP
    record = json.loads(path.read_text(encoding="utf-8"))
    first, second = record["factors"]
    for key in ("path", "label", "source", "draw"):
        first[key], second[key] = second[key], first[key]
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")


def test_a_sweep_json_with_swapped_labels_is_refused_and_resume_restores_it(sweeps, copy_of):
    own, _ = sweeps
    folder = copy_of(own)
    swap_labels(folder)
    result = invoke("compare", folder, folder, "-f", "json")
    assert result.exit_code == 2
    assert "sweep.json is changed (its checksum differs from the manifest's)" in result.output
    assert "alliance-sim batch" not in result.output

    resumed = invoke("sweep", *SWEEP, "--out", folder, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "repair: sweep.json is changed: it is rewritten from this sweep" in resumed.output
    assert (folder / mf.SWEEP).read_bytes() == (own / mf.SWEEP).read_bytes()


def test_a_damaged_sweep_names_its_own_command_which_repairs_it(sweeps, copy_of):
    own, _ = sweeps
    folder = copy_of(own)
    chunk(folder, 2).unlink()
    result = invoke("compare", folder, folder, "-f", "json")
    assert result.exit_code == 2
    assert "alliance-sim batch" not in result.output
    hint = result.output.split("finish it with `")[1].split("`")[0]
    assert hint.startswith("alliance-sim sweep pow_repatriation --factor=") and "--resume" in hint
    repaired = cli.invoke(app, shlex.split(hint)[1:] + ["-w", "1"])
    assert repaired.exit_code == 0, repaired.output
    assert chunk_bytes(folder) == chunk_bytes(own)


def test_batch_resume_refuses_a_sweep_folder(sweeps, copy_of):
    own, _ = sweeps
    folder = copy_of(own)
    chunk(folder, 2).unlink()
    before = chunk_bytes(folder)
    args = ["batch", SCENARIO, "-n", "600", "-s", "3", "--chunk-size", "200", "-w", "1"]
    # `batch` writes into OUT/<scenario id>: give it the sweep's parent with a matching name
    parent = folder.parent / "wrap"
    shutil.move(folder, parent / SCENARIO)
    result = invoke(*args, "--out", parent, "--resume")
    assert result.exit_code == 2
    assert "holds a sweep (sweep.json), not a batch: finish it with `alliance-sim sweep" in (
        result.output
    )
    assert chunk_bytes(parent / SCENARIO) == before  # nothing written


def test_a_sweep_manifest_records_the_sweep_json_checksum(sweeps):
    own, _ = sweeps
    digest = hashlib.sha256((own / mf.SWEEP).read_bytes()).hexdigest()
    assert manifest_of(own)["sweep_sha256"] == digest


def test_a_sweep_that_lost_its_manifest_and_sweep_json_keeps_every_good_chunk(sweeps, copy_of):
    own, _ = sweeps
    folder = copy_of(own)
    (folder / mf.MANIFEST).unlink()
    (folder / mf.SWEEP).unlink()
    chunk(folder, 1).unlink()
    kept = {index: chunk(folder, index).stat().st_ino for index in (0, 2)}
    result = invoke("sweep", *SWEEP, "--out", folder, "--resume")
    assert result.exit_code == 0, result.output
    assert "repair: sweep.json is missing: it is rewritten from this sweep" in result.output
    assert chunk_bytes(folder) == chunk_bytes(own)
    # the two good chunks were kept, not re-run (a rewritten chunk is a new file)
    assert {index: chunk(folder, index).stat().st_ino for index in (0, 2)} == kept
    assert (folder / mf.SWEEP).read_bytes() == (own / mf.SWEEP).read_bytes()


def test_a_sweep_that_lost_its_manifest_names_the_sweep_command_that_rebuilds_it(sweeps, copy_of):
    own, _ = sweeps
    folder = copy_of(own)
    (folder / mf.MANIFEST).unlink()
    result = invoke("compare", folder, folder, "-f", "json")
    assert result.exit_code == 2
    assert "a sweep whose manifest.json is missing; rebuild it" in result.output
    hint = result.output.split("with `")[1].split("`")[0]
    assert hint.startswith("alliance-sim sweep pow_repatriation --factor=")
    repaired = cli.invoke(app, shlex.split(hint)[1:] + ["-w", "1"])
    assert repaired.exit_code == 0, repaired.output
    assert manifest_of(folder)["status"] == mf.COMPLETE
    assert chunk_bytes(folder) == chunk_bytes(own)


def test_a_lost_manifest_resumed_with_another_chunk_size_is_refused_keeping_the_chunks(
    batches, copy_of
):
    own, _ = batches
    folder = copy_of(own)
    (folder / mf.MANIFEST).unlink()
    before = chunk_bytes(folder)
    args = ["batch", SCENARIO, "-n", "600", "-s", "4", "-w", "1", "--out", folder.parent]
    result = invoke(*args, "--resume")  # the default chunk size: one chunk of 600
    assert result.exit_code == 2
    assert (
        "its manifest.json is lost and it holds chunk 1, 2 beyond this run's 1 chunk(s)"
        in result.output
    )
    assert chunk_bytes(folder) == before
    resumed = invoke(*args, "--chunk-size", "200", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert chunk_bytes(folder) == before
