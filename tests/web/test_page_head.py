"""The page's head as served (issue 21 item 8), without a browser: pinch-zoom allowed,
`<html lang>` in the language the page opens in, the busy bar named; anything else the server
answers passes unchanged."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("solara")

from alliance_sim.web import language  # noqa: E402
from alliance_sim.web.page_head import PageHead, browser_of, page_language, rewrite  # noqa: E402

SOLARA_HEAD = (
    b'<!doctype html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, '
    b'initial-scale=1, maximum-scale=1, user-scalable=no, minimal-ui">\n</head>\n'
    b'<v-progress-linear :style="{}" absolute></v-progress-linear>'
)


def _serve(
    content_type: bytes,
    body: list[bytes],
    headers: list | None = None,
    set_cookie: bytes = b"",
    encoding: bytes = b"",
) -> list[dict]:
    sent: list[dict] = []

    async def app(scope, receive, send):
        cookie = [(b"set-cookie", set_cookie)] if set_cookie else []
        encoded = [(b"content-encoding", encoding)] if encoding else []
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", content_type), (b"content-length", b"1"), *cookie, *encoded]})  # fmt: skip
        for number, part in enumerate(body):
            await send({"type": "http.response.body", "body": part,
                        "more_body": number < len(body) - 1})  # fmt: skip

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"",
             "headers": headers or []}  # fmt: skip
    asyncio.run(PageHead(app)(scope, None, send))
    return sent


def test_the_viewport_allows_zoom_and_the_language_is_set():
    page = rewrite(SOLARA_HEAD, "zh_Hans")
    assert b'<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert b"user-scalable" not in page and b"maximum-scale" not in page
    assert b'<html lang="zh-Hans">' in page
    assert b'<v-progress-linear aria-label="' in page
    assert b"Working" not in page  # named in Chinese


def test_a_page_sent_in_parts_is_rewritten_whole_with_its_new_length():
    sent = _serve(b"text/html; charset=utf-8", [SOLARA_HEAD[:40], SOLARA_HEAD[40:]],
                  [(b"accept-language", b"ko-KR,ko;q=0.9")])  # fmt: skip
    start, body = sent
    assert dict(start["headers"])[b"content-length"] == str(len(body["body"])).encode()
    assert b'<html lang="ko">' in body["body"] and b"user-scalable" not in body["body"]


def test_a_compressed_page_is_rewritten_and_sent_compressed():
    """Solara gzips the page for every browser (all accept gzip): the rewrite must see through
    it, or no browser gets the zoomable viewport, the language or the CJK faces."""
    import gzip

    sent = _serve(b"text/html; charset=utf-8", [gzip.compress(SOLARA_HEAD)],
                  [(b"accept-language", b"zh-CN,zh;q=0.9")], encoding=b"gzip")  # fmt: skip
    start, body = sent
    page = gzip.decompress(body["body"])
    assert b'<html lang="zh-Hans">' in page and b"user-scalable" not in page
    assert b'"alliance-sim CJK SC", "alliance-sim CJK KR"' in page
    assert dict(start["headers"])[b"content-encoding"] == b"gzip"
    assert dict(start["headers"])[b"content-length"] == str(len(body["body"])).encode()


def test_other_answers_pass_unchanged():
    sent = _serve(b"application/javascript", [b"<html>", b" user-scalable=no"])
    assert [m.get("body") for m in sent[1:]] == [b"<html>", b" user-scalable=no"]
    assert dict(sent[0]["headers"])[b"content-length"] == b"1"


def test_the_address_then_the_browsers_choice_then_accept_language_decide():
    from solara.server.server import COOKIE_KEY_SESSION_ID

    language._chosen["browser-1"] = "ru"
    try:
        browser = browser_of("", f"{COOKIE_KEY_SESSION_ID}=browser-1; Path=/; HttpOnly")
        assert browser == "browser-1" and browser_of("bad cookie;;=") is None
        assert page_language("lang=ko", browser, "zh-CN") == "ko"
        assert page_language("", browser, "zh-CN") == "ru"
        assert page_language("", None, "zh-CN") == "zh_Hans"
        assert page_language("", None, "") == "en"
    finally:
        del language._chosen["browser-1"]
        language._page_accept.pop("browser-1", None)


def test_the_page_requests_language_is_kept_for_its_connection(monkeypatch):
    """Chromium's WebSocket carries its default Accept-Language, not the user's: the page's
    own request's header, kept for the browser, decides the language the page opens in."""
    from solara.server.server import COOKIE_KEY_SESSION_ID

    sent = _serve(b"text/html", [SOLARA_HEAD], [(b"accept-language", b"ko-KR,ko;q=0.9")],
                  set_cookie=f"{COOKIE_KEY_SESSION_ID}=new-browser; Path=/".encode())  # fmt: skip
    assert b'<html lang="ko">' in sent[1]["body"]
    monkeypatch.setattr(language, "_browser", lambda: "new-browser")
    try:
        assert language.accept_language() == "ko-KR,ko;q=0.9"
    finally:
        language._page_accept.pop("new-browser", None)
