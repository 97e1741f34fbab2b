"""One way to speak the user's language: gettext catalogues (`.po`/`.mo`, managed with Babel)
and the locale of the current request or student.

English is the source language: every text is written in English in the code, marked with
`_()` (translated where it is used) or `N_()` (only marked, translated later, for catalogues of
constants such as `alliance_sim.web.content.words`), and a missing translation falls back to the
English. The locale is a context variable, so one server can show one class several languages
at once: the web page sets it per browser session (`alliance_sim.web.view`), the command line
from `--lang` or `LANG`. A front end that keeps its own per-session state (Solara) may register
a `resolver` that answers when no context value is set.

Catalogues: `alliance_sim/i18n/locale/<lang>/LC_MESSAGES/alliance_sim.po`, compiled `.mo`
committed beside them (so `pip install .` needs no build step); `python -m alliance_sim.i18n.catalogues`
extracts, updates and compiles them in one command (see the README's "Translating").
"""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "alliance_sim"
SCENARIO_DOMAIN = "scenarios"
"""The built-in scenario files' texts: a catalogue of their own, read after the code's."""
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"
LANGUAGES = {
    "en": "English",
    "ko": "한국어",
    "zh_Hans": "简体中文",
    "ru": "Русский",
}
"""The shipped languages (gettext ids) and their names in their own language, for the switch."""

_ALIASES = {"zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_sg": "zh_Hans", "zh_hans_cn": "zh_Hans"}

_current: ContextVar[str | None] = ContextVar("alliance_sim_locale", default=None)
resolver: Callable[[], str | None] | None = None
"""Asked for the locale when no context value is set (the web app's per-session language)."""


def normalize(tag: str | None) -> str | None:
    """A shipped language id for a BCP 47 tag or a POSIX locale (`ko-KR`, `zh-Hans-CN`,
    `zh_CN.UTF-8`, `ru`), or None when none of ours matches."""
    if not tag:
        return None
    key = tag.split(".")[0].split("@")[0].replace("-", "_").strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    for lang in LANGUAGES:
        if key == lang.lower():
            return lang
    if key.startswith("zh_hant") or key in ("zh_tw", "zh_hk", "zh_mo"):
        return None  # traditional Chinese is not shipped: English rather than the wrong script
    base = key.split("_")[0]
    if base == "zh":
        return "zh_Hans"
    return base if base in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """The best shipped language for an `Accept-Language` header (quality values honoured);
    English when none matches."""
    ranked = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag))
    for _quality, _index, tag in sorted(ranked):
        lang = normalize(tag)
        if lang:
            return lang
    return DEFAULT


def from_environment() -> str:
    """The command line's language: `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` or `LANG`."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for tag in os.environ.get(variable, "").split(":"):
            lang = normalize(tag)
            if lang:
                return lang
    return DEFAULT


def current() -> str:
    """The language of the text being made now."""
    lang = _current.get()
    if lang is None and resolver is not None:
        try:
            lang = resolver()
        except Exception:  # no session here (a worker thread): the default
            lang = None
    return lang or DEFAULT


def html_lang(lang: str | None = None) -> str:
    """The BCP 47 tag for `<html lang>` (`zh-Hans`, `ko`)."""
    return (lang or current()).replace("_", "-")


def set_language(lang: str | None) -> None:
    """Set the language of this context (a CLI command) to a shipped one, or English."""
    _current.set(normalize(lang) or DEFAULT)


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Make the texts inside this block in `lang` (unknown: English)."""
    chosen = normalize(lang) or DEFAULT
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (English: none, the source texts)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    found.add_fallback(
        gettext.translation(SCENARIO_DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    )
    return found


def _(message: str) -> str:
    """`message` in the current language (itself when not translated)."""
    if not message:
        return message
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or a plural form for `count`, by the current language's plural rule."""
    return translations(current()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context` (one English word, two meanings)."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it now (constants of a catalogue
    module, translated where they are used)."""
    return message


def constants_in_language(namespace: dict):
    """Make a catalogue module of English constants (its UPPER_CASE names) answer in the
    current language: the constants move into the module's `_SOURCE` (what the catalogues
    extract) and the returned function is the module's `__getattr__`."""
    source = {key: value for key, value in namespace.items() if key.isupper()}
    for key in source:
        del namespace[key]
    namespace["_SOURCE"] = source
    module = namespace["__name__"]

    def __getattr__(name: str):
        try:
            return localized(source[name])
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None

    return __getattr__


def localized(value):
    """A catalogue constant in the current language: a string translated, tuples, lists and
    dict values translated item by item (dict keys are ids and stay), numbers as they are."""
    if isinstance(value, str):
        return _(value)
    if isinstance(value, tuple):
        return tuple(localized(item) for item in value)
    if isinstance(value, list):
        return [localized(item) for item in value]
    if isinstance(value, dict):
        return {key: localized(item) for key, item in value.items()}
    return value
