"""Type for the printed pages (teacher pack, report) that needs nothing from the machine.

A page is one self-contained HTML file: it cannot load a font from a CDN, and a fresh machine
(or a school's print server) may have no Hangul, Hanzi or even Cyrillic font, so Chromium would
print empty boxes. Each page therefore carries its own type: `@font-face` rules whose fonts are
data URIs holding the characters the language's texts use (and any other the page uses),
cut with fontTools (a matplotlib dependency) from fonts that pip installs: DejaVu Sans (Latin,
Cyrillic; shipped with matplotlib) and the language's regional face of Noto Sans CJK
(`noto-cjk-sans-otc`, SIL Open Font License 1.1; see :mod:`alliance_sim.i18n.fonts`). Every
language then prints with the same metrics on every machine, which keeps page counts
comparable across languages.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from functools import cache
from pathlib import Path

from alliance_sim.i18n import LANGUAGES, LOCALE_DIR, current
from alliance_sim.i18n.fonts import CJK_DEFAULT, CJK_FACES, cjk_font_path

LATIN_FAMILY = "alliance-sim Sans"
CJK_FAMILY = "alliance-sim CJK"
MONO_FAMILY = "alliance-sim Mono"
FAMILIES = f'"{LATIN_FAMILY}", "{CJK_FAMILY}"'
"""The head of a page's `font-family` list: the embedded faces, before any system font."""
CODE_STYLE = f'code, kbd, pre {{ font-family: "{MONO_FAMILY}", "{CJK_FAMILY}", monospace; }}'
"""The rule that sets commands in the embedded monospaced face (DejaVu Sans Mono)."""

CJK_INDEX = {"Noto Sans CJK KR": 1, "Noto Sans CJK SC": 2}
"""The face's number in the package's NotoSansCJK-Regular.ttc collection."""


LATIN_FACES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}
"""DejaVu Sans's four faces by (weight, style): a page's bold and italic come from the page too,
not from a system font."""


def latin_font_path(file: str = LATIN_FACES["normal", "normal"]) -> Path:
    """A face of DejaVu Sans as matplotlib ships it."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / file


def font_faces(page: str, lang: str | None = None) -> str:
    """The `@font-face` rules that draw every character of `page` (HTML; entities count as
    the characters they stand for) in `lang` (default: the current language): DejaVu Sans for
    what it covers (and DejaVu Sans Mono for a page that shows commands), the language's Noto
    Sans CJK face for the rest, if the font package is installed. Spaces count: a space
    missing from the embedded font would come from a system font."""
    chars = frozenset(html.unescape(page)) - set("\t\r\n")
    if not chars:
        return ""
    stock = stock_characters(lang or current())
    # the language's stock cut, made once, serves every page it covers
    text = "".join(sorted(stock if chars <= stock else stock | chars))
    rules = []
    for (weight, style), file in LATIN_FACES.items():
        woff, _ = subset_font(str(latin_font_path(file)), 0, text)
        rules.append(_rule(LATIN_FAMILY, woff, weight, style))
    if any(f"<{tag}" in page for tag in ("code", "kbd", "pre")):
        woff, _ = subset_font(str(latin_font_path("DejaVuSansMono.ttf")), 0, text)
        rules += [_rule(MONO_FAMILY, woff), CODE_STYLE]
    _, latin = subset_font(str(latin_font_path()), 0, text)
    rest = "".join(ch for ch in text if ch not in latin)
    cjk_path = cjk_font_path()
    if rest and cjk_path is not None:
        face = CJK_FACES.get(lang or current(), CJK_DEFAULT)
        woff, _ = subset_font(str(cjk_path), CJK_INDEX[face], rest)
        rules.append(_rule(CJK_FAMILY, woff))
    return "\n".join(rules)


@cache
def stock_characters(lang: str) -> frozenset[str]:
    """Every character the shipped texts of `lang` can put on a page: printable ASCII, the
    English source texts and `lang`'s translations in the catalogues. A page's type is cut to
    this whole stock whenever the page uses nothing else, so the (slow) cut is made once per
    language and face, not once per page; a page with other characters (a name a user typed)
    gets a cut of the stock and those."""
    from babel import Locale
    from babel.messages.mofile import read_mo

    chars = {chr(code) for code in range(0x20, 0x7F)}
    for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")):
        ours = path.parts[-3] == lang
        with open(path, "rb") as file:
            for message in read_mo(file):
                texts = (message.id, message.string) if ours else (message.id,)
                for text in texts:
                    chars.update("".join(text) if isinstance(text, tuple | list) else text)
    if lang in LANGUAGES:  # the separators and signs of its numbers (a narrow space in ru)
        symbols = Locale.parse(lang).number_symbols.get("latn", {})
        chars.update("".join(symbols.values()))
    return frozenset(chars - set("\t\r\n"))


def _rule(family: str, woff: bytes, weight: str = "normal", style: str = "normal") -> str:
    data = base64.b64encode(woff).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


@cache
def subset_font(path: str, number: int, text: str) -> tuple[bytes, frozenset[str]]:
    """The WOFF of face `number` of the font file at `path` cut to `text`, and the characters
    of `text` it has glyphs for."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # not "FFTM NOT subset" on stderr

    font = TTFont(path, fontNumber=number, lazy=True)
    cmap = font.getBestCmap()
    covered = frozenset(ch for ch in text if ord(ch) in cmap)
    options = subset.Options()
    options.notdef_outline = True
    options.hinting = False  # print and screen scale the outlines; hints only add bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(covered)))
    subsetter.subset(font)
    font.flavor = "woff"  # zlib-compressed tables
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), covered
