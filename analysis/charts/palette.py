"""Every chart's colours and patterns, in one place, one per category: the same run, capital
or state is drawn in the same colour in every panel, every chart and every file (issue 21
item 7), and a pattern or a label beside the colour says it too (item 8: a reader who cannot
tell the colours apart, or a black-and-white print, loses nothing).

Runs (the base and the counterfactuals, in their order) take Okabe-Ito's colours, the base
always blue; capitals and the states of a deal take Paul Tol's "muted" colours, so a capital
is never mistaken for a run. Both palettes are distinguishable with the common colour-vision
deficiencies.
"""

from __future__ import annotations

import zlib

RUNS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
"""Okabe-Ito, by run: the base first (blue), then each counterfactual in its order."""
DASHES = ["-", "--", "-.", ":"]
"""Line style per run as well as colour, so overlapping lines stay distinguishable."""
RUN_HATCHES = ["", "//", "..", "xx", "\\\\", "++", "--"]
"""Pattern per run on bars, as well as colour: the base plain, a counterfactual hatched."""
HISTORY = "black"
"""What happened: a black dashed line or an outlined marker, in every chart."""
CONTEXT = "#555555"
"""Neutral marks that are no category: reference lines, events, notes."""

CAPITALS = {
    "moscow": "#882255",  # wine
    "beijing": "#CC6677",  # rose
    "pyongyang": "#DDCC77",  # sand
    "washington": "#332288",  # indigo
    "seoul": "#88CCEE",  # cyan
}
"""Tol's muted colours, one per capital of the built-in scenarios."""
OTHER_ACTORS = ["#117733", "#999933", "#AA4499", "#44AA99"]
"""For an uploaded scenario's other actors: one chosen by the actor's id, so it stays fixed."""
TALKS = "#999933"
"""The talks themselves (a suspension holds both sides back)."""
DEAL_OPEN, SETTLED, OTHER_REASONS = "#44AA99", "#E8E8E8", "#BBBBBB"
"""A deal both sides accept is on the table; the issue is settled; the reasons not named."""

REASON_HATCHES = {
    "prefers_war": "",
    "veto": "//",
    "stated_stance": "..",
    "arms": "**",
    "suspended": "xx",
    "not_on_table": "--",
}
"""The pattern of a reason, whoever holds it: the kind of reason beside the capital's colour."""
STATE_HATCHES = {"open": "\\\\", "settled": "", "other": "++"}
"""The pattern of a deal's state that is not a capital's reason."""
UNKNOWN_HATCH = "oo"


def run_colour(index: int) -> str:
    """The colour of the `index`-th run of a chart (0: the base)."""
    return RUNS[index % len(RUNS)]


def series_colour(index: int) -> str:
    """The colour of the `index`-th series of a chart whose series are no runs (a sweep's
    factors, a sensitivity's parameters, a discovery's boxes)."""
    return RUNS[index % len(RUNS)]


def run_hatch(index: int) -> str:
    return RUN_HATCHES[index % len(RUN_HATCHES)]


def run_dash(index: int) -> str:
    return DASHES[index % len(DASHES)]


def capital_colour(actor_id: str) -> str:
    """A capital's colour, the same in every chart; an unknown actor's is fixed by its id."""
    if actor_id in CAPITALS:
        return CAPITALS[actor_id]
    if actor_id == "talks":
        return TALKS
    return OTHER_ACTORS[zlib.crc32(actor_id.encode()) % len(OTHER_ACTORS)]


def reason_look(label: str) -> tuple[str, str]:
    """The colour and pattern of an engine's blocking label (`moscow:veto`): the colour of
    the capital holding the deal back, the pattern of its reason."""
    actor, _, reason = label.partition(":")
    return capital_colour(actor), REASON_HATCHES.get(reason, UNKNOWN_HATCH)


def hatch_ink(colour: str) -> str:
    """The colour of a pattern drawn on `colour`: dark on a light fill, white on a dark one."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#222222" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#FFFFFF"
