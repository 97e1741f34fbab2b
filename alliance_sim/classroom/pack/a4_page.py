"""The A4 pages of the teacher pack: one print style sheet, and the frame of every page (a
kicker line above, the footer citing the article below). A page is self-contained HTML that
prints on A4 as the screen shows it: the handout on one sheet, the worksheet on two, the lesson
plan on three.
"""

from __future__ import annotations

from collections.abc import Iterable

from alliance_sim.classroom.article import ARTICLE
from alliance_sim.classroom.html_table import escape
from alliance_sim.i18n import _, html_lang
from alliance_sim.i18n.page_fonts import FAMILIES, font_faces
from sim import __version__

PAGE_MARGINS_MM = (11, 13)
"""Top and bottom, left and right margins of every printed page (A4, 210 x 297 mm)."""


STYLE = (
    f"@page {{ size: A4; margin: {PAGE_MARGINS_MM[0]}mm {PAGE_MARGINS_MM[1]}mm; }}"
    + f"html {{ font-family: {FAMILIES}, sans-serif; }}"
    + """
* { box-sizing: border-box; }
html { font-size: 9pt;
       line-height: 1.22; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; overflow-wrap: break-word; }
@media screen {
  html { background: #d8d8d8; }
  .sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto;
           padding: 11mm 13mm 13mm; box-shadow: 0 1px 6px rgba(0,0,0,.3); }
}
.kicker { display: flex; justify-content: space-between; gap: 1em; flex-wrap: wrap;
          font-size: 8.5pt; color: #444; border-bottom: .75pt solid #999; padding-bottom: 2pt; }
h1 { font-size: 13.5pt; line-height: 1.2; margin: 5pt 0 4pt; }
h2 { font-size: 11pt; color: #005a8c; border-bottom: 1.2pt solid #0072B2; margin: 6pt 0 3pt;
     padding-bottom: 1pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 2pt 0 3pt; }
ul, ol { margin: 2pt 0 3pt; padding-left: 14pt; }
li { margin: 1pt 0 2pt; }
section, .block, li, tr, .prediction, .lines { break-inside: avoid; page-break-inside: avoid; }
section.flow { break-inside: auto; page-break-inside: auto; }
section.new-page { break-before: page; page-break-before: always; }
.question { background: #eef5fb; border-left: 4pt solid #0072B2; padding: 4pt 8pt;
            font-size: 10pt; font-weight: 600; margin: 4pt 0; }
.why { color: #333; font-size: 8.4pt; }
.prediction { margin: 3pt 0; }
.choices { display: flex; flex-wrap: wrap; gap: 2pt 14pt; margin: 1pt 0 0 6pt; }
.choice { display: inline-flex; align-items: baseline; min-width: 0; }
.choice .box { flex: none; }
.box { display: inline-block; width: 8.5pt; height: 8.5pt; border: .9pt solid #222;
       margin-right: 3pt; vertical-align: -1pt; }
.lines { margin: 2pt 0 4pt; }
.line { border-bottom: .75pt solid #888; height: 16pt; }
.line.first { display: flex; align-items: flex-end; font-size: 8.8pt; color: #444; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 3pt 0; }
th, td { text-align: left; vertical-align: top; padding: 1.5pt 4pt; border-bottom: .6pt solid #bbb; }
th { border-bottom: 1.2pt solid #333; font-size: 9pt; }
td.blank { height: 20pt; }
col.what { width: 28%; } col.col { width: 24%; }
tr.group th { border-bottom: .6pt solid #888; padding-top: 4pt; font-size: 9pt; color: #005a8c; }
tbody { break-inside: avoid; page-break-inside: avoid; }
.small { font-size: 8.5pt; color: #333; }
.expected li { margin: 0; }
.explained { font-size: 8.5pt; }
.expect { display: block; font-size: 8pt; font-style: italic; color: #333; }
ul.history { padding-left: 0; list-style: none; }
footer { font-size: 7.5pt; color: #555; margin-top: 6pt; border-top: .6pt solid #bbb; padding-top: 2pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4pt 12pt; }
table.plan col.when { width: 17%; }
col.title { width: 70%; } col.link { width: 15%; }
.prediction.wide { grid-column: 1 / -1; }
.predictions { display: grid; grid-template-columns: repeat(auto-fit, minmax(75mm, 1fr)); gap: 0 10pt; }
a { color: #005a8c; }
"""
)


def document(title: str, kicker: str, body: Iterable[str], aside: str = "") -> str:
    """A whole page: the style sheet, the kicker line (`kicker` left, `aside`, markup, right)
    and the body's HTML parts, one sheet of paper on screen."""
    right = f"<span>{aside}</span>" if aside else ""
    main = (
        f'<main class="sheet"><div class="kicker"><span>{escape(kicker)}</span>{right}</div>\n'
        + "\n".join(body)
        + "\n</main>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{font_faces(title + main)}\n{STYLE}</style>"
        f"</head><body>{main}</body></html>\n"
    )


def footer(extra: str = "", students: bool = False) -> str:
    """The line at the foot of a page: where the capitals' aims come from (the article, cited
    by its note numbers; a student's page names no note), `extra` (markup), and the version
    that made the page."""
    if students:
        said = _(
            "The capitals' aims and moves in the model come from {article}. {extra}Made by "
            "alliance-sim {version} from the exercise file."
        ).format(article=escape(ARTICLE), extra=extra, version=escape(__version__))
        return f"<footer>{said}</footer>"
    said = _(
        "The capitals' aims and moves in the model come from {article}: “note 64” is that "
        "article's note 64. {extra}Made by alliance-sim {version} from the exercise file."
    ).format(article=escape(ARTICLE), extra=extra, version=escape(__version__))
    return f"<footer>{said}</footer>"
