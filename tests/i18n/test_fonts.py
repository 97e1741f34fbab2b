"""Charts in Hangul, Hanzi and Cyrillic have a glyph for every character, in type that a pip
package ships (no system font, no CDN)."""

from __future__ import annotations

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from alliance_sim import i18n
from alliance_sim.i18n.fonts import chart_families, cjk_font_path, register
from analysis.charts.style import style

TITLES = {
    "ko": "한국전쟁: 어떻게 끝나나 — 모스크바, 베이징, 평양",
    "zh_Hans": "朝鲜战争：如何结束——莫斯科、北京、平壤",
    "ru": "Корейская война: чем кончается — Москва, Пекин, Пхеньян",
}


def glyphless(text: str, families: list[str]) -> set[str]:
    """The characters of `text` that none of `families` (in order, as matplotlib falls back)
    has a glyph for."""
    charmaps = []
    for family in families:
        path = font_manager.findfont(font_manager.FontProperties(family=family),
                                     fallback_to_default=False)  # fmt: skip
        font = FT2Font(path)
        charmaps.append((font_manager.FontProperties(family=family), font.get_charmap()))
    return {c for c in text if not c.isspace() and not any(ord(c) in m for _, m in charmaps)}


def test_the_font_comes_from_the_installed_package():
    path = cjk_font_path()
    assert path is not None and "site-packages" in str(path) or "dist-packages" in str(path)
    assert register()


@pytest.mark.parametrize("lang", list(TITLES))
def test_every_character_of_a_chart_title_has_a_glyph(lang):
    with i18n.language(lang):
        families = chart_families()
        title = TITLES[lang] + " " + i18n._("How it ends: {issue}").format(issue="")
        assert glyphless(title, families) == set()
        with style():
            figure = Figure()
            ax = figure.add_subplot()
            text = ax.set_title(title)
            assert text.get_fontfamily()[: len(families)] == families
            figure.canvas.draw()  # draws without a missing-glyph warning turned error


@pytest.mark.parametrize("lang", list(TITLES))
def test_every_translated_chart_text_has_a_glyph(lang):
    from alliance_sim.i18n import catalogues

    chart_texts = [
        m.string for m in catalogues.read(lang)
        if m.id and any(loc.startswith("analysis/") for loc, _line in m.locations)
    ]  # fmt: skip
    assert chart_texts
    with i18n.language(lang):
        families = chart_families()
    missing = {c for text in chart_texts for c in glyphless(str(text), families)}
    assert missing == set()
