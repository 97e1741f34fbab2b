"""The page's language, one per browser: the address (`?lang=ko`), else the language this
browser chose before on this server, else its `Accept-Language`, else English; a visible
switch changes it for this browser only, so one class can mix languages (a student's view in
theirs, the projector in the teacher's).

Every text of the page is made in the current locale of `alliance_sim.i18n`; this module
registers the session's choice as its resolver, and sets `<html lang>` in the browser.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from urllib.parse import parse_qs

import ipyvue
import solara
import solara.lab
import traitlets

import alliance_sim.i18n as i18n
from alliance_sim.web.content import words

language = solara.reactive(i18n.DEFAULT)  # one value per browser session, as in `state`
REMEMBERED = 10_000
"""Browsers whose choice the server remembers (the oldest forgotten first): a bound on memory."""
_chosen: OrderedDict[str, str] = OrderedDict()
_page_accept: OrderedDict[str, str] = OrderedDict()  # browser -> its page request's header
_lock = threading.Lock()


def _session_language() -> str | None:
    return language.value


i18n.resolver = _session_language


def _browser() -> str:
    return solara.get_session_id()


def note_page_request(browser: str, accepted: str) -> None:
    """Keep the `Accept-Language` of the page's own request for this browser (`page_head`
    calls it): Chromium sends its default one, not the user's, on the WebSocket over which
    the page then talks to the server, so a Korean browser opened in English."""
    if not accepted:
        return
    with _lock:
        _page_accept[browser] = accepted
        _page_accept.move_to_end(browser)
        while len(_page_accept) > REMEMBERED:
            _page_accept.popitem(last=False)


def accept_language() -> str:
    """This browser's `Accept-Language` header, as the page's request carried it (else as
    its connection's did)."""
    with _lock:
        noted = _page_accept.get(_browser())
    if noted:
        return noted
    headers = solara.lab.headers.value or {}
    for key, values in headers.items():
        if key.lower() == "accept-language" and values:
            return values[0]
    return ""


def initial(search: str | None, remembered: str | None, accepted: str) -> str:
    """The language a page opens in: the address's `lang`, this browser's earlier choice,
    its `Accept-Language`, English."""
    asked = parse_qs(search or "").get("lang", [])
    for tag in asked:
        if found := i18n.normalize(tag):
            return found
    return remembered or i18n.negotiate(accepted)


def remembered(browser: str) -> str | None:
    """The language a browser (Solara's session cookie) chose before on this server."""
    with _lock:
        return _chosen.get(browser)


def open_page(search: str | None) -> None:
    """At page open: the language of this browser."""
    language.value = initial(search, remembered(_browser()), accept_language())


def choose(lang: str) -> None:
    """This browser's choice on the switch, kept for its next visits to this server."""
    lang = i18n.normalize(lang) or i18n.DEFAULT
    language.value = lang
    with _lock:
        _chosen[_browser()] = lang
        _chosen.move_to_end(_browser())
        while len(_chosen) > REMEMBERED:
            _chosen.popitem(last=False)


class _HtmlLang(ipyvue.VueTemplate):
    """Sets `<html lang>` to the page's language (screen readers, fonts, hyphenation), and the
    name of Solara's "server busy" bar to `busy` in it (`page_head` names it on first load)."""

    lang = traitlets.Unicode("en").tag(sync=True)
    busy = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        """<template><span class="html-lang" style="display: none"></span></template>
<script>
module.exports = {
  mounted() { this.apply(); },
  watch: { lang() { this.apply(); }, busy() { this.apply(); } },
  methods: {
    apply() {
      document.documentElement.lang = this.lang;
      const bar = document.querySelector(".v-application > .v-progress-linear");
      if (bar && this.busy) { bar.setAttribute("aria-label", this.busy); }
    },
  },
};
</script>"""
    ).tag(sync=True)


@solara.component
def LanguageSwitch():
    """The languages, each named in itself; the chosen one is this browser's."""
    _HtmlLang.element(lang=i18n.html_lang(language.value), busy=words.BUSY)
    names = {name: lang for lang, name in i18n.LANGUAGES.items()}
    solara.ToggleButtonsSingle(
        value=i18n.LANGUAGES[language.value],
        values=list(names),
        on_value=lambda name: choose(names[name]),
        classes=["language-switch"],
    )
