"""Limits of the web app that need no browser: the URL it prints, the replicate cap, stale
upload folders, and a cancelled run that leaves no model behind."""

from __future__ import annotations

import os
import time

import mesa
import pytest

from alliance_sim.web.content.uploads import PREFIX, remove_stale_uploads
from sim.engine.runner import run


def test_an_ipv6_address_is_bracketed_in_the_printed_url():
    pytest.importorskip("solara")
    from alliance_sim.cli.serve import browser_url

    assert browser_url("::1", 8794) == "http://[::1]:8794"
    assert browser_url("fe80::1", 80) == "http://[fe80::1]:80"
    assert browser_url("127.0.0.1", 8765) == "http://127.0.0.1:8765"


def test_the_replicates_field_has_a_floor_and_a_cap():
    pytest.importorskip("solara")
    from alliance_sim.web.ui_batch import replicates_problem

    assert replicates_problem(2000) is None and replicates_problem(100_000) is None
    assert replicates_problem(100_001) == (
        "At most 100,000 replicates in the web app; for more, use `alliance-sim batch` in a terminal."
    )
    assert replicates_problem(0) == replicates_problem(None) == "Replicates must be at least 1."


def test_only_stale_upload_folders_are_removed(tmp_path):
    stale, fresh, other = tmp_path / f"{PREFIX}old", tmp_path / f"{PREFIX}new", tmp_path / "keep"
    for folder in (stale, fresh, other):
        folder.mkdir()
        (folder / "mine.yaml").write_text("id: x\n")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert remove_stale_uploads(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{PREFIX}new", "keep"]


class Cancelled(Exception):
    pass


def test_a_run_stopped_from_its_progress_callback_releases_its_models():
    before = len(mesa.Agent._ids)

    def cancel_midway(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        run("air_cover", replicates=120_000, seed=1, on_step=cancel_midway)  # three chunks
    assert len(mesa.Agent._ids) == before
