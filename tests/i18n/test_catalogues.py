"""The shipped catalogues: every text of the code, the page's words and the built-in scenarios
is translated in every language, with the English blanks (Babel's checks and ours), marked as
machine-assisted, and the committed `.mo` is the `.po` compiled."""

from __future__ import annotations

import pytest

from alliance_sim.i18n import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR, SCENARIO_DOMAIN
from alliance_sim.i18n import catalogues as cat

LANGS = [lang for lang in LANGUAGES if lang != DEFAULT]


@pytest.fixture(scope="module")
def templates():
    return {domain: cat.template(domain) for domain in (DOMAIN, SCENARIO_DOMAIN)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_interface_catalogue_is_complete(lang, templates):
    assert cat.problems(lang, templates[DOMAIN]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_scenario_catalogue_is_complete(lang, templates):
    assert cat.problems(lang, templates[SCENARIO_DOMAIN]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalogue_says_it_is_machine_assisted_and_has_a_glossary(lang):
    for domain in (DOMAIN, SCENARIO_DOMAIN):
        assert "MACHINE-ASSISTED" in cat.po_path(lang, domain).read_text(encoding="utf-8")
    glossary = LOCALE_DIR / lang / "glossary.md"
    assert glossary.exists() and "Korean War" in glossary.read_text(encoding="utf-8")


def test_the_template_holds_the_page_words_the_charts_and_no_source(templates):
    ids = {m.id for m in templates[DOMAIN] if m.id}
    assert {"Alliance bargaining in the Korean War", "How it ends: {issue}"} <= ids
    scenario_ids = {m.id for m in templates[SCENARIO_DOMAIN] if m.id}
    assert "Soviet air cover for Chinese troops, October 1950" in scenario_ids
    assert not any(text.startswith(("note ", "notes ", "external:")) for text in scenario_ids)


def test_the_blank_check_catches_a_lost_or_foreign_blank():
    assert cat.blanks_match(["date", "unit"], ["date", "unit"])
    assert cat.blanks_match(["predicted", "s"], ["predicted"])  # English plural ending
    assert not cat.blanks_match(["date", "unit"], ["date"])
    assert not cat.blanks_match(["date"], ["date", "when"])
    assert cat.blanks("{date:%d %B %Y} ({unit} {number})") == ["date", "number", "unit"]


def catalogue_calls_in_fstrings(source: str) -> list[str]:
    """Texts marked with `_("...")` inside an f-string's braces: Babel's extractor reads an
    f-string as one token on Python 3.11, so such a text never reaches the catalogues and
    stays English in every language."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            func = getattr(inner, "func", None)
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(inner, ast.Call) and name in cat.KEYWORDS and inner.args:
                first = inner.args[-1] if name == "pgettext" else inner.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append(first.value)
    return found


def test_no_marked_text_hides_inside_an_fstring():
    found = {
        path.relative_to(cat.PACKAGE_ROOT).as_posix(): texts
        for folder in cat.CODE_DIRS
        for path in sorted((cat.PACKAGE_ROOT / folder).rglob("*.py"))
        if (texts := catalogue_calls_in_fstrings(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert catalogue_calls_in_fstrings("f\"<h2>{escape(_('Aims'))}</h2>\"") == ["Aims"]
    assert catalogue_calls_in_fstrings("f'<h2>{escape(_(title))}</h2>'") == []
