"""The server's work budget in a real browser (issue 24 item 5): an uploaded file too long for
the class server is refused when Run is pressed, with its figure and what fits, and nothing
runs; the page stays usable. On 127.0.0.1 only (browser_server.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LONG_TALKS = """id: long_talks
extends: pow_repatriation
title: Talks that never end
question: What if the talks on the prisoners had gone on for 5,000 months?
changes:
  - path: time.horizon
    set: 5000
    source: "external: a test of the work budget of the server"
  - path: bargaining.rounds_per_step
    set: 31
    source: "external: a test of the work budget of the server"
"""


def test_an_upload_over_the_work_budget_is_refused_with_its_figure(page, tmp_path):
    from playwright.sync_api import expect

    upload = tmp_path / "long_talks.yaml"
    upload.write_text(LONG_TALKS, encoding="utf-8")
    page.get_by_role("tab", name="6 Your own file").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    expect(page.locator(".upload-message")).to_contain_text("Talks that never end", timeout=60_000)
    page.get_by_role("tab", name="3 Run").click()
    page.get_by_role("button", name="Run", exact=True).click()
    refused = page.locator(".work-budget")
    expect(refused).to_contain_text("This run is too big for the class server", timeout=60_000)
    expect(refused).to_contain_text("2,000 replicates of this scenario are 310,240,000 units")
    expect(refused).to_contain_text("Use at most 966 replicates here")
    expect(page.get_by_role("button", name="Run", exact=True)).to_be_enabled()
    assert not page.locator(".charts").count() and not page.locator(".progress-text").count()


def test_a_game_on_an_upload_too_long_to_review_is_refused_on_the_play_tab(page, tmp_path):
    from playwright.sync_api import expect

    upload = tmp_path / "long_talks.yaml"
    upload.write_text(LONG_TALKS, encoding="utf-8")
    page.get_by_role("tab", name="6 Your own file").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    expect(page.locator(".upload-message")).to_contain_text("Talks that never end", timeout=60_000)
    page.get_by_role("tab", name="5 Play a capital").click()
    refused = page.locator(".work-budget")
    expect(refused).to_contain_text(
        "This scenario is too long to play on this server", timeout=60_000
    )
    expect(refused).to_contain_text("155,000,000 units of work")
    assert not page.get_by_role("button", name="Start a new game").count()
