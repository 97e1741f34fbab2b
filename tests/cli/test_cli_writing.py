"""Every command that writes files, on a folder it cannot write in or a full disk: one line
naming the path and the cause, exit 1, no traceback and no partial file; a replot that is
interrupted leaves the old figures as they were."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.store import atomic

cli = CliRunner()
SCENARIO = "pow_repatriation"
EXERCISE = "pow_stalin_lives"


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("results")
    done = cli.invoke(app, ["batch", SCENARIO, "-n", "2000", "-s", "3", "-w", "1", "--out", out])
    assert done.exit_code == 0, done.output
    return out / SCENARIO


def writing_commands(results: Path, target: Path) -> dict[str, list[str]]:
    """Each writing command, told to write `target` (a file or a folder, as it takes)."""
    return {
        "plot": ["plot", str(results), "--chart", "outcomes", "--out", str(target)],
        "discover": [
            "discover",
            str(results),
            "--outcome",
            f"{SCENARIO}=no_agreement",
            "--out",
            str(target),
        ],  # fmt: skip
        "report": ["report", EXERCISE, "-n", "40", "--out", str(target / "r.html")],
        "pack": ["pack", EXERCISE, "-n", "40", "--out", str(target)],
        "handout": ["handout", EXERCISE, "-n", "40", "--out", str(target / "h.html")],
        "sensitivity --chart": [
            "sensitivity",
            SCENARIO,
            "--method",
            "morris",
            "-N",
            "4",
            "-w",
            "1",
            "--chart",
            str(target),
        ],  # fmt: skip
    }


COMMANDS = list(writing_commands(Path(), Path()))


def one_clean_line(result, path: Path, cause: str) -> None:
    text = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert f"error: cannot write {path}" in text and cause in text, result.output
    assert "Traceback" not in result.output


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


FOLDER_WRITERS = ("plot", "discover", "pack", "sensitivity --chart")


def written_path(command: str, target: Path) -> Path:
    """What `command` was told to write: `target` itself, or a file in it."""
    if command in FOLDER_WRITERS:
        return target
    return target / ("r.html" if command == "report" else "h.html")


@pytest.fixture
def locked(tmp_path, monkeypatch):
    """A folder holding one file, where nothing new may be written (root ignores the mode,
    so for root the write itself is refused as the system would refuse it)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "keep.txt").write_text("mine")
    if os.geteuid() == 0:

        def refusing(real):
            def create(*args, **kwargs):
                folder = kwargs.get("dir")
                if folder is not None and Path(folder).resolve().is_relative_to(locked):
                    raise PermissionError(errno.EACCES, "Permission denied", str(folder))
                return real(*args, **kwargs)

            return create

        for name in ("mkstemp", "mkdtemp"):
            monkeypatch.setattr(atomic.tempfile, name, refusing(getattr(atomic.tempfile, name)))
    locked.chmod(0o555)
    yield locked
    locked.chmod(0o755)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_folder_gives_one_clean_line(results, locked, command):
    target = locked / "new" if command in FOLDER_WRITERS else locked
    result = cli.invoke(app, writing_commands(results, target)[command])
    one_clean_line(result, written_path(command, target), "Permission denied")
    assert files_under(locked) == ["keep.txt"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_gives_one_clean_line_and_nothing_partial(
    results, tmp_path, monkeypatch, command
):
    out = tmp_path / "out"
    out.mkdir()
    real_replace = os.replace

    def full(source, destination) -> None:
        if Path(destination).is_relative_to(out):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", full)
    target = out / "new" if command in FOLDER_WRITERS else out
    result = cli.invoke(app, writing_commands(results, target)[command])
    one_clean_line(result, out, "No space left on device")
    assert files_under(out) == []


def test_a_file_where_the_figures_folder_should_be_is_named(results, tmp_path):
    (tmp_path / "figures").write_text("mine")
    result = cli.invoke(app, writing_commands(results, tmp_path / "figures")["plot"])
    one_clean_line(result, tmp_path / "figures", "it is a file, not a folder")
    assert (tmp_path / "figures").read_text() == "mine"


def test_an_interrupted_replot_leaves_the_old_figures_as_they_were(results, tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    first = cli.invoke(app, ["plot", str(results), "--chart", "outcomes", "--chart",
                             "not_settled", "--out", str(figures)])  # fmt: skip
    assert first.exit_code == 0, first.output
    before = {name: f"an earlier plot's {name}".encode() for name in files_under(figures)}
    assert len(before) == 4
    for name, data in before.items():
        (figures / name).write_bytes(data)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C once the outcome chart is drawn

    monkeypatch.setattr("analysis.charts.figures.plot_survival", interrupted)
    again = cli.invoke(app, ["plot", str(results), "--chart", "outcomes", "--chart",
                             "not_settled", "--out", str(figures)])  # fmt: skip
    assert again.exit_code == 130
    assert {name: (figures / name).read_bytes() for name in files_under(figures)} == before
    assert files_under(tmp_path) == ["figures", *(f"figures/{name}" for name in before)]
