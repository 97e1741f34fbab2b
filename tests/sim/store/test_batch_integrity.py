"""Results that defend themselves: damaged chunks, manifests and histories are found, refused
by every reader with a clear message, and redone by `--resume`; workers die with their parent."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import same_tables
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.scenario.loader import load_scenario
from sim.store import manifest as mf
from sim.store.batch import prepare, run_batch
from sim.store.reading import ResultsError, read_checked_manifest, read_results

SCENARIO = "pow_repatriation"
REPLICATES, SEED, SIZE = 1_500, 3, 500
cli = CliRunner()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A finished three-chunk batch, never modified (tests damage copies of it)."""
    out = tmp_path_factory.mktemp("pristine")
    targets = prepare([(SCENARIO, load_scenario(SCENARIO))], out, REPLICATES, SEED, chunk_size=SIZE)
    run_batch(targets, workers=1)
    return out / SCENARIO


@pytest.fixture
def folder(pristine, tmp_path) -> Path:
    copy = tmp_path / "out" / SCENARIO
    shutil.copytree(pristine, copy)
    return copy


def chunk(folder: Path, index: int) -> Path:
    return folder / "chunks" / mf.chunk_name(index)


def resume(folder: Path):
    targets = prepare(
        [(SCENARIO, load_scenario(SCENARIO))],
        folder.parent,
        REPLICATES,
        SEED,
        resume=True,
        chunk_size=SIZE,
    )
    return targets[0]


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "manifest.json").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_manifest_records_each_chunk_and_the_history(pristine):
    manifest = manifest_of(pristine)
    assert set(manifest["chunks"]) == {"0", "1", "2"}
    for index, record in manifest["chunks"].items():
        data = chunk(pristine, int(index)).read_bytes()
        assert record == {"rows": SIZE, "sha256": hashlib.sha256(data).hexdigest()}
    history = (pristine / "history.json").read_bytes()
    assert manifest["history_sha256"] == hashlib.sha256(history).hexdigest()


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))


def swap_with_chunk_two(path: Path) -> None:
    shutil.copyfile(path.parent / mf.chunk_name(2), path)


DAMAGE = {
    "truncated": (truncate, "its checksum differs from the manifest's (the file was changed)"),
    "zero bytes": (empty, "it is empty (0 bytes)"),
    "flipped bytes": (
        flip_bytes,
        "its checksum differs from the manifest's (the file was changed)",
    ),
    "swapped": (
        swap_with_chunk_two,
        "its checksum differs from the manifest's (the file was changed)",
    ),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_chunk_is_refused_by_every_reader(folder, kind):
    damage, why = DAMAGE[kind]
    damage(chunk(folder, 1))
    expected = f"chunk-00001.parquet is damaged: {why}; redo it with `alliance-sim batch"
    with pytest.raises(ResultsError, match="--resume") as caught:
        read_results(folder)
    assert expected in str(caught.value)
    for command in (["compare", str(folder), str(folder)], ["plot", str(folder)]):
        result = cli.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert expected in " ".join(result.output.split())
        assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", DAMAGE)
def test_resume_redoes_exactly_the_damaged_chunk(folder, pristine, kind):
    damage, why = DAMAGE[kind]
    damage(chunk(folder, 1))
    untouched = {i: chunk(folder, i).stat().st_mtime_ns for i in (0, 2)}
    target = resume(folder)
    assert [c.index for c in target.pending] == [1]
    assert target.repairs == [f"chunk-00001.parquet: {why}; it is re-run"]
    run_batch([target], workers=1)
    assert {i: chunk(folder, i).stat().st_mtime_ns for i in (0, 2)} == untouched
    assert same_tables(read_results(folder).table, read_results(pristine).table)


def test_an_unrecorded_chunk_from_another_place_does_not_prove_itself(folder):
    manifest = manifest_of(folder)
    del manifest["chunks"]["1"]
    manifest["completed_chunks"] = [0, 2]
    manifest["status"] = "interrupted"
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    swap_with_chunk_two(chunk(folder, 1))
    target = resume(folder)
    assert [c.index for c in target.pending] == [1]
    assert target.repairs == [
        "chunk-00001.parquet: it says it is another chunk of this run: its chunk index 2, not 1; "
        "it is re-run"
    ]


def test_an_unrecorded_chunk_that_proves_itself_is_kept(folder):
    manifest = manifest_of(folder)
    record = manifest["chunks"].pop("1")
    manifest.update(completed_chunks=[0, 2], status="interrupted")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    target = resume(folder)
    assert (target.pending, target.repairs) == ([], [])
    assert target.manifest["chunks"]["1"] == record


def edit_manifest(folder: Path, edit) -> None:
    manifest = manifest_of(folder)
    edit(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def test_a_shortened_chunk_seed_list_is_a_located_error(folder):
    edit_manifest(folder, lambda m: m["chunk_seeds"].pop())
    with pytest.raises(ResultsError) as caught:
        read_results(folder)
    line = line_of(folder, '"chunk_seeds"')
    assert (
        f"manifest.json:{line}: chunk_seeds: 2 seeds, but 1500 replicates in chunks of 500 make 3"
        in str(caught.value)
    )


def test_an_edited_chunk_seed_is_a_located_error(folder):
    seeds = manifest_of(folder)["chunk_seeds"]
    edit_manifest(folder, lambda m: m["chunk_seeds"].__setitem__(2, 12345))
    with pytest.raises(ResultsError) as caught:
        read_results(folder)
    line = line_of(folder, "12345")
    assert (
        f"manifest.json:{line}: chunk_seeds.2: not the seed 3 spawns for chunk 2 (it is {seeds[2]})"
        in str(caught.value)
    )


def test_a_manifest_without_chunk_seeds_is_a_located_error(folder):
    edit_manifest(folder, lambda m: m.pop("chunk_seeds"))
    with pytest.raises(ResultsError) as caught:
        read_results(folder)
    assert "manifest.json:1: chunk_seeds: required field is missing" in str(caught.value)


def test_an_edited_scenario_in_the_manifest_is_caught(folder):
    edit_manifest(folder, lambda m: m["scenario"].__setitem__("title", "Another title"))
    with pytest.raises(ResultsError) as caught:
        read_results(folder)
    line = line_of(folder, '"scenario_hash"')
    assert f"manifest.json:{line}: scenario_hash: does not match the scenario" in str(caught.value)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing"])
def test_a_damaged_manifest_is_rebuilt_from_the_chunks_that_verify(folder, pristine, damage):
    path = folder / "manifest.json"
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(b"\x00garbage" if damage == "garbage" else path.read_bytes()[:200])
        with pytest.raises(ResultsError, match="damaged manifest.json: .*--resume rebuilds it"):
            read_results(folder)
    flip_bytes(chunk(folder, 2))
    target = resume(folder)
    assert [c.index for c in target.pending] == [2]
    assert target.repairs[0].endswith("rebuilt from the chunks that verify")
    # with no manifest to compare with, the file's own page checksums find the flipped bytes
    assert target.repairs[1].startswith("chunk-00002.parquet: not a readable Parquet file (")
    assert "CRC checksum verification failed" in target.repairs[1]
    run_batch([target], workers=1)
    assert same_tables(read_results(folder).table, read_results(pristine).table)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_corrupt_history_is_refused_and_rebuilt_by_resume(folder, pristine, damage):
    history = folder / "history.json"
    if damage == "missing":
        history.unlink()
    else:
        history.write_text('[{"step": 0', encoding="utf-8")
    state = "missing" if damage == "missing" else r"damaged \(its checksum differs"
    with pytest.raises(ResultsError, match=f"history.json is {state}.*--resume"):
        read_results(folder)
    result = cli.invoke(app, ["plot", str(folder)])
    assert result.exit_code == 2 and "history.json is" in result.output
    target = resume(folder)
    assert [c.index for c in target.pending] == [0]
    assert target.repairs == ["history.json is missing or damaged: chunk 0 is re-run to rebuild it"]
    run_batch([target], workers=1)
    assert history.read_bytes() == (pristine / "history.json").read_bytes()
    assert read_results(folder).history == read_results(pristine).history


def test_the_batch_command_reports_what_it_repairs(folder):
    empty(chunk(folder, 0))
    args = ["-n", str(REPLICATES), "-s", str(SEED), "--chunk-size", str(SIZE), "-w", "1"]
    result = cli.invoke(app, ["batch", SCENARIO, *args, "--out", str(folder.parent), "--resume"])
    assert result.exit_code == 0, result.output
    assert "repair: chunk-00000.parquet: it is empty (0 bytes); it is re-run" in result.output
    assert read_checked_manifest(folder)["status"] == "complete"


# --- workers do not outlive their parent ------------------------------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found |= {int(child) for child in text.split()}
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_exit_when_the_parent_is_killed(tmp_path):
    code = "import sys; from alliance_sim.cli.app import app; sys.argv[0] = 'alliance-sim'; app()"
    args = ["batch", SCENARIO, "-n", "400000", "--chunk-size", "20000", "-w", "2"]
    parent = subprocess.Popen(
        [sys.executable, "-c", code, *args, "--out", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers are never mistaken for this test's processes
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 90
    while len(workers) < 2:  # the pool's workers (and its resource tracker) are children
        assert parent.poll() is None and time.monotonic() < deadline, "the batch never started"
        workers = children_of(parent.pid)
        time.sleep(0.05)
    time.sleep(1)  # let the workers reach their chunks
    workers = children_of(parent.pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still alive 5 s after their parent was killed: {left}"


def test_a_manifest_scenario_this_version_cannot_read_is_named(folder):
    edit_manifest(folder, lambda m: m["scenario"]["time"].__setitem__("step", "fortnight"))
    with pytest.raises(ResultsError) as caught:
        read_results(folder)
    assert "scenario: not a valid scenario for this version of alliance-sim (time.step: " in str(
        caught.value
    )
