"""The lesson plan's setup of the class network, step by step: the teacher's computer serves
the page to the groups' laptops and the students' phones (`alliance-sim serve --host`), the
teacher unlocks the teacher's controls with the key, and the groups or a class session follow.

Every name a step points to (a tab, a button, an episode) is the page's own (`page_names`) and
every option is `serve`'s own (a test reads them in `alliance-sim serve --help`), so the plan
cannot ask for a button or an option that does not exist.
"""

from __future__ import annotations

from alliance_sim.classroom.html_table import escape
from alliance_sim.classroom.page_names import (
    CLASS_START,
    RUN,
    TEACHER_KEY,
    TEACHER_KEY_ENTER,
    tab,
)
from alliance_sim.i18n import _

PORT = 8765
"""`alliance-sim serve`'s default port."""
SERVE_SHARED = "alliance-sim serve --host 0.0.0.0"
SERVE_WITH_KEY = "alliance-sim serve --host 0.0.0.0 --teacher-key KEY"
SERVE_HERE = "alliance-sim serve"


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _quoted(text: str) -> str:
    return f"<b>\u201c{escape(text)}\u201d</b>"


def setup_steps() -> list[str]:
    """The steps, each as HTML: serve on the network, find the address, unlock the teacher's
    controls, let the groups open the page, and (for a played lesson) start a class session."""
    address = f"http://ADDRESS:{PORT}"
    return [
        _("On the teacher's computer, in a terminal: {command} (the web extra must be "
          "installed). It prints a teacher key: note it. To choose the key yourself, "
          "use {command_key}.").format(command=_code(SERVE_SHARED),
                                       command_key=_code(SERVE_WITH_KEY)),
        _("Find the computer's address on the school network (its settings, or "
          "{linux} on Linux, {windows} on Windows), for example 192.168.1.20. Every computer "
          "and phone of the class must be on the same network.").format(
            linux=_code("hostname -I"), windows=_code("ipconfig")),
        _("On the projector, open {address} and press {key}: type the key and press "
          "{enter}. Only this browser can now start, end and export class sessions and "
          "switch on the teacher view.").format(
            address=_code(address), key=_quoted(_(TEACHER_KEY) + "\u2026"),
            enter=_quoted(_(TEACHER_KEY_ENTER))),
        _("The groups open {address} on their laptops and follow step 2 of their worksheet: "
          "the episode it names, their exercise on the tab {what_if}, then {run} on the tab "
          "{run_tab}. The page makes the same runs as this pack, so the numbers on the screen "
          "are the answer key's.").format(
            address=_code(address), what_if=_quoted(tab("what_if")), run=_quoted(_(RUN)),
            run_tab=_quoted(tab("run"))),
        _("To play the talks as a class instead, open the tab {class_tab} on the projector "
          "and press {start}: students join from their phones with the code it shows.").format(
            class_tab=_quoted(tab("class")), start=_quoted(_(CLASS_START))),
        _("Without a network, {command} shows the page on this computer only: project it "
          "and run the groups' exercises one after another.").format(command=_code(SERVE_HERE)),
    ]  # fmt: skip


def class_network() -> str:
    """The lesson plan's section: the setup, step by step, as a numbered list."""
    steps = "".join(f"<li>{step}</li>" for step in setup_steps())
    heading = escape(_("Setting up the class network (step by step)"))
    return f'<section class=flow><h2>{heading}</h2><ol class="steps">{steps}</ol></section>'
