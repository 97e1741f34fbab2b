"""Every text the classroom page shows, in one catalogue: the wording stays the same from tab
to tab, and a translation is one more module with these names.

Two registers: the student view speaks plain words ("simulated runs", "deals both sides
prefer to more war") and never shows code names (file ids, dotted paths); the teacher view
adds the details (replicates, seed, the exact changes to the scenario file). The plain
words of the teacher pack (`alliance_sim.classroom.plain_words` and `.what_changed`) are
reused here, so the page, the handouts and the worksheets say the same things in the same
words.

Texts with blanks are `str.format` templates; the blanks are named (`{base}` is the base
run's name, `alliance_sim.web.content.comparison.BASE_LABEL`, written in lower case).

The constants are written in English, the source language, and read in the reader's language:
at the end of this module they move into `_SOURCE`, and `words.X` (module `__getattr__`,
`alliance_sim.i18n.constants_in_language`) answers `X` translated by the current locale's
gettext catalogue (dict keys are ids and stay). The class mode's texts are in `class_words`. `python -m alliance_sim.i18n.catalogues` extracts every string of
`_SOURCE` into the catalogues. A translated template keeps the English blanks; a date blank's
format may change (`{date:%Y년 %m월 %d일}`), and stays numeric (no English month names).
"""

from __future__ import annotations

from alliance_sim.classroom import page_names
from alliance_sim.classroom.what_changed import change_words
from alliance_sim.i18n import _, constants_in_language
from sim.scenario.structure import CounterfactualChange, Scenario

# ---- page -------------------------------------------------------------------------------

TITLE = "Alliance bargaining in the Korean War"
TABS = page_names.TABS
BUSY = "Working…"
"""The name a screen reader says for the bar that shows the server is busy."""
TEACHER_SWITCH = page_names.TEACHER_SWITCH
TEACHER_HINT = "(replicates, seed and the exact changes)"
PROJECTOR_SWITCH = "Projector layout"
TEACHER_KEY = page_names.TEACHER_KEY
TEACHER_KEY_ENTER = page_names.TEACHER_KEY_ENTER
TEACHER_KEY_WRONG = "That is not the teacher key."

# ---- episode and briefing -----------------------------------------------------------------

EPISODE = "Episode:"
HISTORY_DETAILS = "What actually happened (open after the class has guessed)"
NO_HISTORY = "No historical record in this file."

STAKE = "### What is at stake"
IF_AGREED = " If they agree: {means}."
OPTIONS = "**{issue}.**{means} The options:"
AT_THE_TABLE = "### Who sits at the table"
SPEAKS_FOR = "- **{party}**: {leader} speaks for {others}"
WANTS_HEADING = "### What each capital wants, and where the article says so"
WANTS = "on *{issue}* it wants **{option}** and cares {weight} — {source}"
WEIGHT = ((0.75, "a great deal"), (0.45, "much"), (0.0, "a little"))
"""How much a capital cares about a question (its salience, 0..1), from the top."""
WAR = {
    "gains": "gains from every month without a deal",
    "loses": "loses from every month without a deal",
    "neither": "is neither helped nor hurt much by time passing",
}
HOW_THEY_ACT = "### How the capitals act"
PRESSES = "- **{who}** presses {target} — {source}."
WAYS_EXPLAINED = "### The ways of acting, explained"
"""Heads the episode's ways of acting, each explained in the words of its mechanism class
(`sim.scenario.mechanisms`: one wording for the page and the handouts)."""
EVENTS_HEADING = "### Events in the model"
EVENT_BETWEEN = "between {low:%d %b} and {high:%d %b %Y}"
EVENT_CHANCE = " (in {share:.0%} of runs)"
HISTORY_LINE = "- **{issue}**: {outcome}, {date:%d %b %Y}. {note}"

CAMPAIGN_LINKS = "### How one stage leads to the next"
CAMPAIGN_CARRIES = "What a stage's outcome changes in the next one:"
CAMPAIGN_STAGE = "Stage {number}: "

# ---- what if? -----------------------------------------------------------------------------

EXERCISES_HEADING = "### A counterfactual exercise"
NO_EXERCISE = "None: the {base}"
CHANGES_HEADING = "**Changes**"
SLIDERS_HEADING = (
    "### Or move the sliders\n×1 is the value sourced from the article; ×0 removes the "
    "effect, ×2 doubles it."
)
SLIDER_VALUE = "{label}: ×{factor:g} ({value:+.3f} {unit})"
SLIDER_FACTOR = "{label}: ×{factor:g}"
"""A slider's setting for students: how many times the sourced value, not a rate."""
SLIDER_SOURCE = "Source: {source}"
RESET_SLIDERS = "Reset sliders to ×1"
WITH_YOUR_CHANGES = "With your changes"
PLUS_YOUR_CHANGES = " + your changes"
NOTHING_CHANGED = "*Nothing changed: the run shows the {base}.*"
WHAT_CHANGED = "### What changed against the {base}: {label}"
DIFF_DETAILS = "Every changed line of the scenario file"
NO_DIFFERENCE = "(no difference)"

# knobs: how much a month of war weighs for each capital, and lobbying
KNOB_WAR = "{who}: weight of a month of war"
KNOB_PRESSURE = "{who}: pressure on {target}"
KNOB_UNIT = "per month"
KNOB_CHANGE = "{label}: {old:+.3f} → {new:+.3f} {unit} (×{factor:g}; sourced value from {where})"
KNOB_CHANGE_STUDENT = "{label}: ×{factor:g} the value sourced from the article"
KNOB_SOURCE = "{where}: {label} at ×{factor:g} the sourced value, set on a slider of the page"
"""The source of a slider's change in its counterfactual file: the notes of the value it scales."""
SLIDER_QUESTION = "What happens with these slider settings: {settings}?"
SLIDERS_FILE = "The slider settings as a counterfactual file"
DOWNLOAD_SLIDERS = "Download the slider settings as a counterfactual file (YAML)"


def change_line(change: CounterfactualChange, base: Scenario, teacher: bool) -> str:
    """One change of an exercise: plain words for everyone; the teacher also sees the exact
    change to the scenario file (its dotted path or event id)."""
    plain = change_words(change, base, students=not teacher)
    if not teacher:
        return plain
    exact = (
        _("set `{path}` to `{value}`").format(path=change.path, value=change.set)
        if change.path
        else _("remove the event `{id}`").format(id=change.remove_event)
        if change.remove_event
        else _("add the event “{label}”").format(label=change.add_event.label)
    )
    return _("{plain} *(in the file: {exact})*").format(plain=plain, exact=exact)


# ---- run ----------------------------------------------------------------------------------

REPLICATES = "Replicates"
SEED = "Seed"
RUN = page_names.RUN
CANCEL = "Cancel"
RUNNING = "Running… {percent:.0f} %"
RUN_CANCELLED = "Run cancelled."
RUN_FAILED = "The run failed: {error}"
SETTINGS_CHANGED = "The settings changed since this run: press Run to update the charts."
PRESS_RUN = "*Press Run to simulate.*"
RUNS_HEADING = {
    False: "**{count:,} simulated runs each:** {runs}",
    True: "**{count:,} replicates each, seed {seed}:** {runs}",
}
HISTORY_MARKS = "The grey band and the dashed line mark what happened."
SHOW_BLOCKERS = "Who kept the deal closed? Show the charts"
HIDE_BLOCKERS = "Hide who kept the deal closed"
BLOCKERS_HEADING = "#### Who kept the deal closed: {issue}"
BLOCKERS_HELP = (
    "Month by month (day by day in October 1950), what held each side back in a sample of "
    "the runs: its reason, a deal both sides accept on the table, or the question settled."
)
BLOCKED_MOST = (
    "{side}: held back most often because {reason} ({share:.0%} of the time before a deal)."
)
BLOCKERS_SAMPLE = "{run}, {sample} sampled runs"
YOUR_BLOCKERS = "Who kept the deal closed in your game"
YOUR_GAME = "Your game"
BLOCKERS_HELP_GAME = (
    "Step by step, what held each side back in your game: its reason, a deal both sides "
    "accept on the table, or the question settled."
)
WORKSHEET_TABLE = page_names.WORKSHEET_TABLE
WORKSHEET_TABLE_HELP = (
    "The same rows as step 2 of the worksheet, from these runs: copy each number into its box."
)
DOWNLOAD_CSV = "Download the results table (CSV)"
DOWNLOAD_SUMMARY = "Download a summary for students (CSV)"
SUMMARY_COLUMNS = (
    "Scenario", "Question", "Outcome", "Share of simulated runs (%)", "Half of the runs had settled by",
    "What happened (date)",
)  # fmt: skip
DOWNLOAD_REPORT = "Download the exercise report (HTML)"

# charts' tables
SHARES_CAPTION = "Share of simulated runs (%)"
OUTCOME = "Outcome"
WHAT_HAPPENED = " (what happened)"
AGREEMENT_CAPTION = "{label}: signed after every question is settled"
AGREEMENT_HAPPENED = " (what happened: {date:%d %b %Y})"
AGREEMENT_COLUMNS = ("Run", "Share of simulated runs reaching it (%)", "Half of the runs had it by")
NOT_REACHED = "not reached"
HALF_AGREED = "{run}: half agreed by {date}"
NEVER = "never, within the simulated time"

# ---- one run, step by step ----------------------------------------------------------------

RUN_FIRST = "*Run the simulation first (tab “3 Run”); then step through one of its runs here.*"
PREVIOUS_STEP = "◀ Previous step"
NEXT_STEP = "Next step ▶"
STEP_DATE = "{date:%d %B %Y} ({unit} {number} of {count})"
EVENTS = "**Events:**"
UNITS = {"day": "day", "week": "week", "month": "month"}
"""A scenario's step (`time.step`), as a word inside a sentence."""

# ---- play ---------------------------------------------------------------------------------

CAMPAIGN_NOT_PLAYABLE = (
    "*A capital cannot be played through a whole campaign yet: choose one of its "
    "episodes above (air cover, or the armistice talks) to play it.*"
)
YOUR_SEAT = "Your seat:"
MEMBER_SEAT = "{name}, inside its side"
MEMBER_ROLE = (
    "You are **{name}**. {leader} bargains for your side; you make your own moves, which stay "
    "as you set them from step to step."
)
YOU_PLAY = "You play:"
NEW_GAME = "Start a new game"
OTHER_WORLD = "New game in another world (other draws)"
PRESS_NEW_GAME = "*Press “Start a new game” to play {seat}; the agents play the other side.*"
WITH_SLIDERS = "*With your slider changes from “What if?”: {label}.*"
SO_FAR = "**What happened so far** (the latest at the bottom):"
THE_END = "## The end"
IN_SESSION = {True: "talks in session", False: "talks suspended"}
STEP_HEADING = "## {date:%d %B %Y} · {unit} {number} of {horizon} · {talks}"
LAST_STEP = "**Last {unit}:**"
NEWS = "**News:**"
MOVES = {"hold": "Hold", "concede": "Concede one option", "accept": "Accept their demand",
         "offer": "Offer more than your side would accept"}  # fmt: skip
PLAY_STEP = "Play this step"
HOLD_ON = "Hold until something changes"
YES, NO = "yes", "no"
YOURS, THEIRS = "yours", "theirs"

ZONE = {
    False: "deals both sides prefer to more war",
    True: "zone of agreement",
}
"""The set of deals each side prefers to fighting on: plain words, and the teacher's term."""
OPTION_COLUMNS = {
    False: (
        "Option",
        "Worth to you",
        "Better than fighting on?",
        "Ruled out by",
        "A deal both sides prefer to more war?",
        "Demands",
    ),
    True: (
        "Option",
        "Worth to you",
        "Better than fighting on?",
        "Ruled out by",
        "In the zone of agreement?",
        "Demands",
    ),
}
ZONE_STATE = {
    False: {True: "some", False: "none"},
    True: {True: "open", False: "closed"},
}
DEMANDS = {
    False: (
        "Your demand: **{mine}**. Their demand: **{theirs}**. {zone}: **{state}**. "
        "{no_deal} is worth **{worth}** to you now, {trend}."
    ),
    True: (
        "Your demand: **{mine}**. Their demand: **{theirs}**. {zone}: **{state}**. "
        "{no_deal} is worth **{value:.2f}** to you now and changes by **{change:+.3f}** "
        "per {unit} without a deal."
    ),
}
"""The demands on a question and what no deal is worth: in words for students, the model's
numbers for the teacher."""
WORTH = ((0.75, "a great deal"), (0.5, "much"), (0.25, "some"), (0.0, "little"))
"""What something is worth to a capital (0..1, a perfect deal is 1), in words, from the top."""
WORTH_NOTHING = "nothing"
TREND = {
    1: "and more with every {unit} without a deal",
    -1: "and less with every {unit} without a deal",
    0: "and about the same while there is no deal",
}


def unit(step: str) -> str:
    """A scenario's step (`day`, `week`, `month`) as a word of the current language."""
    return __getattr__("UNITS").get(step, step)


def worth(value: float) -> str:
    """What a value (0..1) is worth to a capital, in words: `a great deal`, ..., `nothing`."""
    if value <= 0:
        return __getattr__("WORTH_NOTHING")
    return next(words for limit, words in __getattr__("WORTH") if value >= limit)


def trend(change: float, unit_word: str) -> str:
    """Which way no deal's worth moves with each step (`unit_word`, in the reader's language),
    in words; a change under 0.0005 is none."""
    sign = 0 if abs(change) < 0.0005 else (1 if change > 0 else -1)
    return __getattr__("TREND")[sign].format(unit=unit_word)


def zone_heading(teacher: bool) -> str:
    """`Deals both sides prefer to more war` / `Zone of agreement`, to start a sentence."""
    words = __getattr__("ZONE")[teacher]
    return words[:1].upper() + words[1:]


# ---- your own file ------------------------------------------------------------------------

UPLOAD_HELP = (
    "Upload a scenario or counterfactual YAML file (at most {kb} KB). It is checked as "
    "`alliance-sim validate` checks it and kept only for this browser session."
)
UPLOAD_LABEL = "Scenario or counterfactual file (.yaml)"
UPLOAD_READING = "Reading the file"
UPLOAD_TOO_BIG = "{name}: file is {size:,} bytes; the limit is {limit:,}"
UPLOAD_UNREADABLE = "{name}: this file could not be read ({error})."
UPLOADED_SCENARIO = "Loaded the scenario “{title}”; it is now the episode."
UPLOADED_EXERCISE = "Loaded the exercise “{title}” on its base episode; it is switched on."
UPLOADED_SUFFIX = " (uploaded)"


# ---- the constants, read in the reader's language ---------------------------------------------

__getattr__ = constants_in_language(globals())
