"""Type that renders Hangul, Hanzi and Cyrillic offline: the fonts come from a package pip
installs (`noto-cjk-sans-otc`: Google's Noto Sans CJK, SIL Open Font License 1.1), never from
the operating system or a CDN, so a fresh machine draws the same charts.

Matplotlib reads the collection's regional faces; a chart's font list puts DejaVu Sans (the
charts' Latin and Cyrillic type, shipped with matplotlib) first and the current language's
Noto Sans CJK face after it, so each glyph comes from the first font that has it.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from alliance_sim.i18n import current

LATIN = "DejaVu Sans"
CJK_FACES = {"ko": "Noto Sans CJK KR", "zh_Hans": "Noto Sans CJK SC"}
"""The regional face of the collection for a language (Han characters differ by region)."""
CJK_DEFAULT = "Noto Sans CJK SC"
FONT_PACKAGE = "noto_cjk_sans_otc"


def cjk_font_path() -> Path | None:
    """The Noto Sans CJK collection the font package installed, or None without it."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "NotoSansCJK-Regular.ttc"
    return path if path.exists() else None


@cache
def register() -> bool:
    """Make the collection's faces known to matplotlib (once a process); False without it."""
    path = cjk_font_path()
    if path is None:
        return False
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return True


def chart_families(lang: str | None = None) -> list[str]:
    """The `font.family` list of a chart in `lang` (default: the current language)."""
    if not register():
        return [LATIN]
    return [LATIN, CJK_FACES.get(lang or current(), CJK_DEFAULT)]
