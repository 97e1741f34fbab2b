"""What `serve` puts in front of Solara's web server (an ASGI middleware), for a class network
(issue 21 item 1, issue 24 item 5):

- a Content-Security-Policy that lets a page load and connect to this server only: a name or
  an uploaded file that slipped past the escaping still cannot fetch from outside, send the
  lesson anywhere or be framed by another site. Solara's page needs inline scripts and styles
  and compiles its Vue templates in the browser, so `script-src` keeps 'unsafe-inline' and
  'unsafe-eval' (without them the page stays blank); charts are `data:` images.
- the session cookie HttpOnly (no script can read it) and SameSite=Lax;
- Solara's diagnostics page (`/resourcez`: memory, threads, kernels) answered only when
  `serve --diagnostics` asks for it;
- the client's network address, as the server saw it, handed to the page in a header
  (`CLIENT_HEADER`) that a browser cannot forge (any copy it sends is dropped), so that the
  per-client limits (`alliance_sim.classroom.live.limits`) count devices.
"""

from __future__ import annotations

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DIAGNOSTICS = ("/resourcez",)
"""Solara's pages about the server itself; `/readyz` (a bare "ok") stays."""
CLIENT_HEADER = b"x-alliance-client"
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def safer_cookie(value: bytes) -> bytes:
    """A Set-Cookie value with HttpOnly and SameSite=Lax (Solara asks SameSite=None for pages
    embedded in other sites, which this app never is)."""
    parts = [p.strip() for p in value.decode("latin-1").split(";")]
    kept = [p for p in parts if p.split("=")[0].strip().lower() not in ("samesite", "httponly")]
    return "; ".join([*kept, "HttpOnly", "SameSite=Lax"]).encode("latin-1")


class HttpGuard:
    """The ASGI middleware (see the module); `diagnostics` answers `/resourcez`."""

    def __init__(self, app, diagnostics: bool = False):
        self.app, self.diagnostics = app, diagnostics

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("",))[0]
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != CLIENT_HEADER]
        scope = {**scope, "headers": [*headers, (CLIENT_HEADER, str(client).encode())]}
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        if not self.diagnostics and scope["path"].rstrip("/") in DIAGNOSTICS:
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain"), *SECURITY_HEADERS]})  # fmt: skip
            return await send({"type": "http.response.body", "body": b"Not found"})

        async def guarded(message):
            if message["type"] == "http.response.start":
                headers = [
                    (k, safer_cookie(v) if k.lower() == b"set-cookie" else v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in dict(SECURITY_HEADERS)
                ]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        return await self.app(scope, receive, guarded)
