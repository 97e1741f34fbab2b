"""Memory that comes back (issue 24 item 6), the suite's short version of
benchmarks/soak_web_memory.py: the kernels of closed tabs, with every page state and result
they held, are let go after the server's grace period, so a day of classes does not keep
every closed page. On 127.0.0.1 only; every wait is bounded and retried, never timed."""

from __future__ import annotations

import json
import os
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser

GRACE = "2s"  # SOLARA_KERNEL_CULL_TIMEOUT for this server (serve's default is 60 s)
BOUND = 120  # seconds: only a bound against a hang


@pytest.fixture(scope="module")
def culling_server(serve_app):
    before = os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT")
    os.environ["SOLARA_KERNEL_CULL_TIMEOUT"] = GRACE
    try:
        return serve_app("--diagnostics")
    finally:
        if before is None:
            del os.environ["SOLARA_KERNEL_CULL_TIMEOUT"]
        else:
            os.environ["SOLARA_KERNEL_CULL_TIMEOUT"] = before


def kernels(server) -> int:
    with urllib.request.urlopen(server.url + "resourcez", timeout=10) as answer:
        return json.load(answer)["kernels"]["total"]


def wait_for(condition) -> bool:
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_closed_tabs_kernels_are_let_go_after_the_grace_period(culling_server, browser):
    from playwright.sync_api import expect

    contexts = []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 1366, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(culling_server.url)
        page.get_by_role("tab", name="3 Run").click()
        page.get_by_role("button", name="Run", exact=True).click()
        contexts.append((context, page))
    for _, page in contexts:
        expect(page.locator(".charts[data-done]")).to_be_attached()
    assert kernels(culling_server) >= 3
    for context, _ in contexts:
        context.close()
    assert wait_for(lambda: kernels(culling_server) == 0), "closed tabs' kernels were kept"
    assert "Traceback" not in culling_server.output()
