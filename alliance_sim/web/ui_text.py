"""Prose on the page: Markdown rendered on the server, with any HTML in the text escaped and
no links; and charts, as images described for screen readers.

Solara's own Markdown component loads KaTeX from its CDN path, which the
offline assets package does not carry (404s in the browser); the briefing needs
no maths. Escaping first keeps text from an uploaded file from injecting markup, and with
links switched off a student's name such as `[x](javascript:...)` cannot put a link on the
projector (the page's own texts have none).
"""

from __future__ import annotations

import html

import markdown
import solara

LINKS = ("reference", "link", "image_link", "image_reference", "short_reference",
         "short_image_ref", "autolink", "automail")  # fmt: skip
"""Markdown's inline patterns that make links or images: none is used on the page."""

MARKDOWN_PUNCTUATION = "\\`*_{}[]()#+-.!|"
"""What Markdown reads as markup in a line and a backslash turns back into text (`<`, `>` and
`&` are escaped as HTML by `to_html`)."""


def to_html(text: str) -> str:
    """Markdown as HTML: the text's own HTML escaped, and no links (see the module)."""
    converter = markdown.Markdown(extensions=["tables"])  # one per call: not thread-safe
    for pattern in LINKS:
        converter.inlinePatterns.deregister(pattern)
    converter.parser.blockprocessors.deregister("reference")
    return converter.convert(html.escape(text, quote=False))


def literal(text: str) -> str:
    """Text a user typed or uploaded (a student's name, an uploaded file's title or labels), to
    be shown as typed inside Prose: no emphasis, heading or list made of it.

    The one escaping rule of the page: the page's own texts are Markdown (`Prose`); a user's
    text goes into them through `literal`, into a table through `html_table` (escaped), or
    into a button's or field's label (Vue shows it as text). `to_html` escapes HTML and makes
    no link or image in any case, so a text that missed `literal` can at worst be emphasised."""
    return "".join(f"\\{c}" if c in MARKDOWN_PUNCTUATION else c for c in text)


@solara.component
def Prose(text: str, classes: list[str] | None = None):
    solara.HTML(tag="div", unsafe_innerHTML=to_html(text), classes=["prose", *(classes or [])])


@solara.component
def Details(summary: str, children: list | None = None):
    """A section opened by its summary line: the browser's own `<details>` (a keyboard and a
    screen reader know it as a disclosure button). Solara's `Details`, a Vuetify expansion
    panel, puts `aria-expanded` on a plain `<div>`: axe's critical `aria-allowed-attr`."""
    summary_line = solara.v.Html(tag="summary", children=[summary], class_="details-summary")
    return solara.v.Html(tag="details", children=[summary_line, *(children or [])],
                         class_="details")  # fmt: skip


def chart_image(src: str, alt: str) -> None:
    """A chart as an image that screen readers announce by its description."""
    attributes = {"src": src, "alt": alt, "class": "chart", "role": "img", "aria-label": alt}
    solara.HTML(tag="img", attributes=attributes)
