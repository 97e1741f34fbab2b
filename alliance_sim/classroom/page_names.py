"""The names of the web page's landmarks that printed materials point to: its tabs, its
episode buttons, its teacher controls and its Run button.

A worksheet says "choose the episode “POW repatriation, 1951-53”, then the tab “3 Run”" and
the lesson plan says where the teacher key goes: these names are the page's own (the page's
catalogue, `alliance_sim.web.content.words`, takes them from here), so paper and screen always
say the same thing. English source texts, marked for the catalogues (`N_`), read with `_()`.
"""

from __future__ import annotations

from alliance_sim.i18n import N_, _

TABS = {
    "briefing": N_("1 Briefing"),
    "what_if": N_("2 What if?"),
    "run": N_("3 Run"),
    "step_by_step": N_("4 One run, step by step"),
    "play": N_("5 Play a capital"),
    "upload": N_("6 Your own file"),
    "class": N_("7 Class"),
}
RUN = N_("Run")
TEACHER_KEY = N_("Teacher key")
TEACHER_KEY_ENTER = N_("I am the teacher")
TEACHER_SWITCH = N_("Teacher view")
CLASS_START = N_("Start a class session")
WORKSHEET_TABLE = N_("The table of your worksheet")
"""The heading of the Run tab's table that repeats the worksheet's rows, filled in."""

EPISODE_NAMES = {
    "air_cover": N_("Air cover, October 1950"),
    "armistice_terms": N_("Armistice terms, 1951"),
    "pow_repatriation": N_("POW repatriation, 1951-53"),
    "talks_1951_53": N_("The armistice talks, 1951-53"),
}
"""The episode buttons' names (short: a row of buttons); an episode not named here (the whole
war, an upload) shows its title."""


def episode_name(episode_id: str, title: str) -> str:
    """The name of an episode's button on the page, in the reader's language."""
    return _(EPISODE_NAMES.get(episode_id, title))


def tab(key: str) -> str:
    """A tab's name on the page (`3 Run`), in the reader's language."""
    return _(TABS[key])
