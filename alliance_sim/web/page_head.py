"""The page's `<head>` as phones and screen readers need it (issue 21 item 8): what `serve`
puts in front of Solara's page, an ASGI middleware that rewrites the one HTML document.

- Pinch-zoom allowed: Solara's template asks for `maximum-scale=1, user-scalable=no`, which
  stops a student with poor sight from enlarging the page on a phone (WCAG 1.4.4). The
  viewport keeps `width=device-width, initial-scale=1` only.
- `<html lang>` set in the document itself, to the language the page will open in (the
  address's `?lang=`, this browser's earlier choice, its `Accept-Language`): Solara's template
  leaves it empty until the page's script sets it (`language._HtmlLang`), so a screen reader
  or the first paint would read the page in no language. The page request's
  `Accept-Language` is kept for the page (Chromium's WebSocket carries its default one).
- the faces that draw Hangul and Hanzi on a device without them (`cjk_fonts`);
- Solara's "the server is busy" bar (a `progressbar` of its template) gets a name a screen
  reader can say; the page's own widget keeps it in the page's language afterwards.
"""

from __future__ import annotations

import gzip
import html
import re
from http.cookies import SimpleCookie

VIEWPORT = re.compile(rb'<meta name="viewport" content="[^"]*">')
ZOOMABLE = b'<meta name="viewport" content="width=device-width, initial-scale=1">'
HTML_TAG = re.compile(rb"<html(?:\s[^>]*)?>")
BUSY_BAR = re.compile(rb"<v-progress-linear\b")


def browser_of(*cookie_headers: str) -> str | None:
    """The browser's id (Solara's session cookie) in the first of these Cookie or Set-Cookie
    headers that has it."""
    from solara.server.server import COOKIE_KEY_SESSION_ID

    for header in cookie_headers:
        cookies = SimpleCookie()
        try:
            cookies.load(header)
        except Exception:  # a malformed header: none there
            continue
        if COOKIE_KEY_SESSION_ID in cookies:
            return cookies[COOKIE_KEY_SESSION_ID].value
    return None


def page_language(query: str, browser: str | None, accept_language: str) -> str:
    """The language a page will open in, as `language.initial` decides it when it opens; the
    page request's `Accept-Language` is kept for the page (`language.note_page_request`)."""
    from alliance_sim.web import language

    if browser:
        language.note_page_request(browser, accept_language)
    remembered = language.remembered(browser) if browser else None
    return language.initial(query, remembered, accept_language)


def rewrite(document: bytes, lang: str) -> bytes:
    """Solara's page with a zoomable viewport, `<html lang>`, the CJK faces and a named busy
    bar."""
    import alliance_sim.i18n as i18n
    from alliance_sim.web.cjk_fonts import head_style
    from alliance_sim.web.content import words

    tag = i18n.html_lang(lang)
    with i18n.language(lang):
        busy = html.escape(words.BUSY).encode()
    document = VIEWPORT.sub(ZOOMABLE, document, count=1)
    document = HTML_TAG.sub(f'<html lang="{tag}">'.encode(), document, count=1)
    document = document.replace(b"</head>", head_style(tag).encode() + b"</head>", 1)
    return BUSY_BAR.sub(b'<v-progress-linear aria-label="' + busy + b'"', document, count=1)


class PageHead:
    """The ASGI middleware (see the module): rewrites HTML answers to GET requests."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET":
            return await self.app(scope, receive, send)
        start: dict = {}
        body: list[bytes] = []

        async def collect(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    return await send(message)  # not the page: passed through as it comes
                start.update(message)
                return None
            if not start:
                return await send(message)
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return None
            headers = dict(scope.get("headers", []))
            cookies = [headers.get(b"cookie", b"")] + [
                v for k, v in start.get("headers", []) if k.lower() == b"set-cookie"
            ]
            lang = page_language(
                scope.get("query_string", b"").decode("latin-1"),
                browser_of(*(c.decode("latin-1") for c in cookies)),
                headers.get(b"accept-language", b"").decode("latin-1"),
            )
            gzipped = (b"content-encoding", b"gzip") in [
                (k.lower(), v.lower()) for k, v in start.get("headers", [])
            ]
            document = b"".join(body)
            if gzipped:  # Solara compresses the page for a browser that accepts it
                document = gzip.compress(rewrite(gzip.decompress(document), lang), mtime=0)
            else:
                document = rewrite(document, lang)
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            length = (b"content-length", str(len(document)).encode())
            await send({**start, "headers": [*kept, length]})
            return await send({"type": "http.response.body", "body": document})

        return await self.app(scope, receive, collect)
