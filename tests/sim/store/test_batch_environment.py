"""An unlucky environment: `--out` that is a file or unwritable, a full disk, Ctrl-C while the
program is still starting. Each ends with one message and an exit code, and leaves no partial
result where one is expected."""

from __future__ import annotations

import builtins
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli import entry
from alliance_sim.cli.app import app
from sim.store import manifest as mf
from sim.store.reading import read_checked_manifest

SCENARIO = "pow_repatriation"
ARGS = [SCENARIO, "-n", "3000", "--chunk-size", "1000", "-w", "1"]
cli = CliRunner()


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("out", ["results", "results/inner"])
def test_out_that_is_a_file_is_refused_before_anything_runs(tmp_path, out):
    (tmp_path / "results").write_text("my notes")
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(tmp_path / out)])
    assert result.exit_code == 2
    expected = f"error: --out {tmp_path / out}: {tmp_path / 'results'} is a file, not a folder"
    assert expected in " ".join(result.output.split())
    assert files_under(tmp_path) == ["results"]
    assert (tmp_path / "results").read_text() == "my notes"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_out_in_a_read_only_folder_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(locked / "out")])
    assert result.exit_code == 2
    assert f"no permission to write in {locked}" in " ".join(result.output.split())


def run_with_file_size_limit(out: Path, limit: int) -> subprocess.CompletedProcess:
    """The batch command in a process that may write files of at most `limit` bytes."""

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = (
        "import sys; from alliance_sim.cli.entry import main; sys.argv[0] = 'alliance-sim'; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "batch", *ARGS, "--out", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=limit_files,
        timeout=300,
    )


@pytest.mark.parametrize("limit", [20_000, 150_000], ids=["no manifest fits", "no chunk fits"])
def test_a_full_disk_ends_with_one_message_and_nothing_partial(tmp_path, limit):
    out = tmp_path / "out"
    done = run_with_file_size_limit(out, limit)
    assert done.returncode == 1, done.stderr
    assert "error: cannot write the results: File too large (" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr
    folder = out / SCENARIO
    assert not list(folder.rglob(".tmp-*")), "a temporary file was left behind"
    assert not mf.chunks_on_disk(folder)
    if (folder / mf.MANIFEST).exists():
        assert mf.read_manifest(folder)["status"] == "interrupted"
    # with room on the disk, the same command (resuming if a manifest was written) finishes
    resume = ["--resume"] if (folder / mf.MANIFEST).exists() else []
    result = cli.invoke(app, ["batch", *ARGS, "--out", str(out), *resume])
    assert result.exit_code == 0, result.output
    assert read_checked_manifest(folder)["status"] == "complete"


def test_ctrl_c_while_the_program_is_still_importing_ends_cleanly(monkeypatch, capsys):
    real_import = builtins.__import__

    def interrupted_import(name, *args, **kwargs):
        if name == "alliance_sim.cli.app":
            raise KeyboardInterrupt  # what a Ctrl-C during the first second looks like
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "alliance-sim: interrupted\n"
