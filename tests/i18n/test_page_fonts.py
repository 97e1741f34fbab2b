"""A printed page carries the type for every character it shows (issue 23 item 5)."""

from __future__ import annotations

import base64
import html
import io
import re

import pytest
from fontTools.ttLib import TTFont

from alliance_sim.i18n.page_fonts import CJK_FAMILY, LATIN_FAMILY, MONO_FAMILY, font_faces

RULE = re.compile(
    r'font-family: "([^"]+)"; font-weight: (\w+); font-style: (\w+); '
    r"src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)"
)
PAGES = {
    "ko": "<h1>한국전쟁: 포로 송환 &amp; 휴전</h1><p>스탈린이 죽지 않았다면? 1953년 7월 27일</p>",
    "zh_Hans": "<h1>朝鲜战争：战俘遣返</h1><p>如果斯大林没有在1953年3月去世？“中立国看管”</p>",
    "ru": "<h1>Корейская война: репатриация военнопленных</h1><p>Что если бы Сталин жил?</p>",
    "en": "<h1>What if Stalin had lived?</h1><p>Mao&rsquo;s terms — 27 July 1953</p>",
}


def _fonts(css: str) -> dict[tuple[str, str, str], TTFont]:
    return {
        (family, weight, style): TTFont(io.BytesIO(base64.b64decode(data)))
        for family, weight, style, data in RULE.findall(css)
    }


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_every_character_has_a_glyph_in_the_page_s_own_fonts(lang):
    page = PAGES[lang]
    fonts = _fonts(font_faces(page, lang))
    regular = [fonts[LATIN_FAMILY, "normal", "normal"]] + [
        f for (family, *_), f in fonts.items() if family == CJK_FAMILY
    ]
    text = set(html.unescape(re.sub(r"<[^>]+>", "", page)))
    missing = {ch for ch in text if not any(ord(ch) in f.getBestCmap() for f in regular)}
    assert not missing, f"{lang}: no glyph for {sorted(missing)}"
    bold = fonts[LATIN_FAMILY, "bold", "normal"].getBestCmap()  # headings: not a system bold
    assert not {ch for ch in text if ch.isalpha() and ch < "\u1100" and ord(ch) not in bold}


def test_hangul_and_hanzi_take_the_language_s_regional_face():
    korean = _fonts(font_faces(PAGES["ko"], "ko"))
    chinese = _fonts(font_faces(PAGES["zh_Hans"], "zh_Hans"))
    assert "KR" in korean[CJK_FAMILY, "normal", "normal"]["name"].getDebugName(1)
    assert "SC" in chinese[CJK_FAMILY, "normal", "normal"]["name"].getDebugName(1)


def test_a_latin_page_carries_no_cjk_font_and_commands_get_a_monospaced_one():
    english = _fonts(font_faces(PAGES["en"], "en"))
    assert {family for family, *_ in english} == {LATIN_FAMILY}
    with_code = _fonts(font_faces("<p>Type <code>alliance-sim serve</code></p>", "en"))
    assert (MONO_FAMILY, "normal", "normal") in with_code
