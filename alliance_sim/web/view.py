"""How the page is shown to this browser: student or teacher view, and projector layout.

Student view is the default: plain words, no replicate or seed boxes, no code names.
Teacher view shows the details (replicates, seed, the exact changes to the scenario file).
Projector layout puts the Run tab's charts two side by side with large chart text, for a
1920×1080 screen at the front of the room. Both are switches on the page and can be set by
the address: `?view=teacher`, `?view=projector` or `?view=teacher,projector`; the teacher
view only in a browser that may act as the teacher (`teacher_access`: with a teacher key set,
the address alone is not enough).
"""

from __future__ import annotations

from urllib.parse import parse_qs

import ipyvue
import solara
import traitlets

teacher = solara.reactive(False)  # one value per browser session, as in `state`
projector = solara.reactive(False)
narrow = solara.reactive(False)  # a phone-sized window: charts are redrawn for its width

NARROW = 700
"""Pixels: at most this wide, the page is laid out in one column (as the CSS's media query)."""

VIEWS = ("teacher", "projector")


def views_in(search: str | None) -> set[str]:
    """The views an address's query string asks for (`view=teacher,projector`, or repeated)."""
    asked = parse_qs(search or "").get("view", [])
    found = {word.strip().lower() for value in asked for word in value.split(",")}
    return found & set(VIEWS)


def apply_address(search: str | None, teacher_allowed: bool) -> None:
    """Switch on the views the address asks for (the switches can still turn them off); the
    teacher view only if `teacher_allowed`."""
    found = views_in(search)
    if "teacher" in found and teacher_allowed:
        teacher.value = True
    if "projector" in found:
        projector.value = True


class _WindowWidth(ipyvue.VueTemplate):
    """An invisible widget that sets `width` to the browser window's width when the page opens
    and after each resize (a template, so that no extra file has to be packaged)."""

    width = traitlets.Int(0).tag(sync=True)
    template = traitlets.Unicode(
        """<template><span class="window-width" style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.report = () => {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => { this.width = window.innerWidth; }, 200);
    };
    this.width = window.innerWidth;
    window.addEventListener("resize", this.report);
  },
  destroyed() { window.removeEventListener("resize", this.report); },
};
</script>"""
    ).tag(sync=True)


@solara.component
def Viewport():
    """Keeps `narrow` in step with this browser's window width."""

    def width(pixels: int) -> None:
        narrow.value = 0 < pixels <= NARROW

    return _WindowWidth.element(on_width=width)
