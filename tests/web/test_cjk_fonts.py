"""The served CJK faces cover what a class reads and writes (issue 23 item 5)."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from alliance_sim.i18n import translations
from alliance_sim.web.cjk_fonts import common_characters, face_woff, head_style


@pytest.mark.parametrize(("face", "lang"), [("kr", "ko"), ("sc", "zh_Hans")])
def test_a_face_draws_every_character_of_its_language_s_catalogues(face, lang):
    cmap = TTFont(io.BytesIO(face_woff(face))).getBestCmap()
    catalogue = translations(lang)
    texts = [*catalogue._catalog.values(), *catalogue._fallback._catalog.values()]
    wanted = {c for text in texts if isinstance(text, str) for c in text if ord(c) > 0x2E7F}
    assert wanted, "the catalogues hold the language's texts"
    assert {c for c in wanted if ord(c) not in cmap} == set()


def test_the_faces_hold_the_national_standards_common_characters():
    assert len([c for c in common_characters("kr") if "\uac00" <= c <= "\ud7af"]) >= 2350
    assert len([c for c in common_characters("sc") if "\u4e00" <= c <= "\u9fff"]) >= 3755
    assert "김" in common_characters("kr") and "毛" in common_characters("sc")


def test_the_page_s_own_language_face_comes_first():
    korean, chinese = head_style("ko"), head_style("zh-Hans")
    assert korean.index('"alliance-sim CJK KR", "alliance-sim CJK SC"') > 0
    assert chinese.index('"alliance-sim CJK SC", "alliance-sim CJK KR"') > 0
    assert "unicode-range" in korean  # a page without Hangul or Hanzi fetches neither face


def test_a_face_is_cut_once_and_kept_for_the_next_start(tmp_path, monkeypatch):
    """Cutting the Chinese face costs about ten seconds of CPU: a second `serve` reads the cut
    kept in the user's cache instead of cutting again."""
    from alliance_sim.i18n import page_fonts
    from alliance_sim.web import cjk_fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cut = page_fonts.subset_font
    calls = []
    monkeypatch.setattr(page_fonts, "subset_font", lambda *a: calls.append(a) or cut(*a))
    cjk_fonts._cut.cache_clear()  # as a fresh process
    first = face_woff("kr")
    cjk_fonts._cut.cache_clear()
    assert face_woff("kr") == first and len(calls) == 1
    (kept,) = (tmp_path / "alliance-sim" / "fonts").iterdir()
    assert kept.read_bytes() == first and kept.name.startswith("kr-")
    cjk_fonts._cut.cache_clear()
