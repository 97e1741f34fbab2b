"""Hangul and Hanzi in the classroom page on any device, with no internet (issue 23 item 5).

Solara's own type (Roboto, served by this server) draws Latin and Cyrillic; a phone or a
school computer without a Korean or Chinese font would show empty boxes. `serve` therefore
serves the regional faces of Noto Sans CJK from the font package pip installed
(`noto-cjk-sans-otc`), cut to what a class writes: every character of the language's shipped
catalogues and the common characters of its national standard (the 2,350 Hangul syllables of
KS X 1001; the 3,755 first-level Hanzi of GB 2312), with the CJK punctuation and full-width
forms. The page's head names them by `unicode-range`, so a browser fetches a face only for a
page that shows such characters (and one that has a system font may still use this one, which
keeps every device alike). A rarer character a student types falls back to the device's fonts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from functools import cache
from pathlib import Path

from alliance_sim.i18n import translations
from alliance_sim.i18n.fonts import cjk_font_path
from sim.store.atomic import write_atomic

ROUTE = "/_alliance-sim/fonts/"
FACES = {
    "kr": (1, "ko", "euc_kr", range(0xB0, 0xC9)),
    "sc": (2, "zh_Hans", "gb2312", range(0xB0, 0xD8)),
}
"""Face id -> (face number in the collection, language, national code page, the lead bytes of
its common characters)."""
FAMILY = {"kr": "alliance-sim CJK KR", "sc": "alliance-sim CJK SC"}
RANGES = "U+1100-11FF, U+2E80-2FFF, U+3000-33FF, U+3400-4DBF, U+4E00-9FFF, U+AC00-D7AF, U+F900-FAFF, U+FF00-FFEF"
"""The scripts the faces are for (Latin and Cyrillic stay Roboto's)."""
ORDER = {
    "ko": '"alliance-sim CJK KR", "alliance-sim CJK SC"',
    "zh-Hans": '"alliance-sim CJK SC", "alliance-sim CJK KR"',
}
"""Which regional face comes first in a page's language (Han characters differ by region)."""


def head_style(lang: str) -> str:
    """The `<style>` for the page's head: the faces, and Solara's type list with them after
    Roboto (the language's own face first)."""
    faces = "".join(
        f'@font-face {{ font-family: "{FAMILY[face]}"; src: url({ROUTE}{face}.woff) '
        f'format("woff"); unicode-range: {RANGES}; font-display: swap; }}'
        for face in FACES
    )
    order = ORDER.get(lang, ORDER["zh-Hans"])
    return (
        f"<style>{faces} html body .v-application, html body .v-application [class*=text-] {{ font-family: Roboto, "
        f"{order}, sans-serif !important; }}</style>"
    )


def common_characters(face: str) -> str:
    """The characters the face is cut to (see the module)."""
    _, lang, codec, leads = FACES[face]
    found = {chr(c) for c in (*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0))}
    for lead in leads:
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:  # a hole in the code page
                continue
    catalogue = translations(lang)
    for fallback in (catalogue, getattr(catalogue, "_fallback", None)):
        for text in getattr(fallback, "_catalog", {}).values():
            found.update(text if isinstance(text, str) else "")
    return "".join(sorted(c for c in found if ord(c) > 0x2E7F))


_CUTTING = threading.Lock()


def face_woff(face: str) -> bytes | None:
    """The face as WOFF (cut once a process), or None without the font package."""
    with _CUTTING:
        return _cut(face)


@cache
def _cut(face: str) -> bytes | None:
    from alliance_sim.i18n.page_fonts import subset_font

    path = cjk_font_path()
    if path is None:
        return None
    characters = common_characters(face)
    kept = _cache_file(path, face, characters)
    if kept.is_file():
        return kept.read_bytes()
    woff, _ = subset_font(str(path), FACES[face][0], characters)
    with contextlib.suppress(OSError):  # a read-only home: cut again at the next start
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(kept, lambda file: file.write(woff))
    return woff


def _cache_file(font: Path, face: str, characters: str) -> Path:
    """Where a cut face is kept between starts (cutting takes seconds of CPU, ten for the
    Chinese face, that a teacher's laptop should spend once, not at every `serve`): named by
    the font file and the characters, so a new font or catalogue cuts a new one."""
    stat = font.stat()
    key = hashlib.sha256(f"{font}|{stat.st_size}|{stat.st_mtime_ns}|{face}|{characters}".encode())
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "alliance-sim" / "fonts" / f"{face}-{key.hexdigest()[:16]}.woff"


def warm_up() -> None:
    """Cut both faces in the background (seconds each), so a student's first page has them."""
    for face in FACES:
        threading.Thread(target=face_woff, args=(face,), name=f"font-{face}", daemon=True).start()


class PageFonts:
    """The ASGI middleware that answers `GET /_alliance-sim/fonts/{kr,sc}.woff`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(ROUTE):
            return await self.app(scope, receive, send)
        import anyio

        face = path.removeprefix(ROUTE).removesuffix(".woff")
        woff = await anyio.to_thread.run_sync(face_woff, face) if face in FACES else None
        status, body = (200, woff) if woff else (404, b"no such font")
        kind = b"font/woff" if woff else b"text/plain; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        if woff:
            headers.append((b"cache-control", b"public, max-age=86400"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
