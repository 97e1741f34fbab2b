"""Prose on the page: Markdown rendered on the server, with any HTML in the text escaped;
and charts, as images described for screen readers.

Solara's own Markdown component loads KaTeX from its CDN path, which the
offline assets package does not carry (404s in the browser); the briefing needs
no maths. Escaping first keeps text from an uploaded file from injecting markup.
"""

from __future__ import annotations

import html

import markdown
import solara


def to_html(text: str) -> str:
    return markdown.markdown(html.escape(text, quote=False), extensions=["tables"])


@solara.component
def Prose(text: str, classes: list[str] | None = None):
    solara.HTML(tag="div", unsafe_innerHTML=to_html(text), classes=["prose", *(classes or [])])


def chart_image(src: str, alt: str) -> None:
    """A chart as an image that screen readers announce by its description."""
    attributes = {"src": src, "alt": alt, "class": "chart", "role": "img", "aria-label": alt}
    solara.HTML(tag="img", attributes=attributes)
