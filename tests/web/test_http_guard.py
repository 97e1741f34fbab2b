"""What `serve` puts in front of Solara (issue 21 item 1), without a browser: the security
headers, the cookie made HttpOnly and SameSite=Lax, the diagnostics page off unless asked for,
the client's address passed on and never taken from the browser, and the teacher key."""

from __future__ import annotations

import asyncio

import pytest

from alliance_sim.web.http_guard import CLIENT_HEADER, CSP, HttpGuard, safer_cookie


def _call(scope: dict, diagnostics: bool = False) -> tuple[list[dict], dict]:
    """Send one request through the guard: what it answered and the scope the app saw."""
    sent, seen = [], {}

    async def app(scope, receive, send):
        seen.update(scope)
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"set-cookie", b"solara-session-id=abc; Path=/; SameSite=none; Secure")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"page"})

    async def send(message):
        sent.append(message)

    asyncio.run(HttpGuard(app, diagnostics)(scope, None, send))
    return sent, seen


def _scope(path: str, *headers: tuple[bytes, bytes]) -> dict:
    return {"type": "http", "path": path, "client": ("10.0.0.7", 5000), "headers": list(headers)}


def test_every_answer_carries_the_policy_and_a_cookie_scripts_cannot_read():
    sent, seen = _call(_scope("/", (CLIENT_HEADER, b"127.0.0.1")))
    headers = dict(sent[0]["headers"])
    assert headers[b"content-security-policy"] == CSP.encode()
    assert (
        headers[b"set-cookie"] == b"solara-session-id=abc; Path=/; Secure; HttpOnly; SameSite=Lax"
    )
    assert [v for k, v in seen["headers"] if k == CLIENT_HEADER] == [b"10.0.0.7"]  # not forged


@pytest.mark.parametrize("diagnostics, status", [(False, 404), (True, 200)])
def test_the_diagnostics_page_answers_only_when_asked_for(diagnostics, status):
    sent, _ = _call(_scope("/resourcez"), diagnostics)
    assert sent[0]["status"] == status
    assert b"content-security-policy" in dict(sent[0]["headers"])


def test_a_cookie_without_attributes_gets_both():
    assert safer_cookie(b"a=b") == b"a=b; HttpOnly; SameSite=Lax"


def test_the_teacher_key_is_made_up_only_for_the_network():
    pytest.importorskip("solara")
    from alliance_sim.cli.serve import teacher_key

    assert teacher_key(None, "127.0.0.1") == ("", False)
    assert teacher_key("mine", "0.0.0.0") == ("mine", False)
    made, fresh = teacher_key(None, "0.0.0.0")
    assert fresh and len(made) >= 8 and made != teacher_key(None, "0.0.0.0")[0]
