"""The texts of the class mode (the Class tab: the teacher's projector and the students' join
page), in the same catalogue mechanism as `alliance_sim.web.content.words`: English constants
read in the reader's language (`alliance_sim.i18n.constants_in_language`)."""

from __future__ import annotations

from alliance_sim.classroom import page_names
from alliance_sim.i18n import constants_in_language

ON_DATE = " on {date}"
NOBODY = "nobody"
SECONDS_LEFT = " · {left:.0f} s left"
CLASS_TEACHER_INTRO = (
    "## A teacher: start a class session\n\nStudents join from their phones or laptops "
    "with a short code and each takes a capital; the agents play the other side. Every "
    "student plays their own game against the agents, all games step together, and the "
    "projector shows them against the agents' runs and history."
)
CLASS_STUDENT_HEADING = "## A student: join a class"
CLASS_NO_CAMPAIGN = "*A campaign cannot be played in class yet: choose one of its episodes above.*"
CLASS_TIME_LIMIT = "Seconds per step ({low}-{high}); then the agents move"
CLASS_START = page_names.CLASS_START
CLASS_THIS_ADDRESS = "this computer's address"
CLASS_ENDED = "The class session has ended."
CLASS_ENDED_FORGOTTEN = "The class session has ended; nothing about you is kept."
CLASS_BACK = "Back"
CLASS_SESSION_HEADING = "## Class session · {title}"
CLASS_JOIN_CODE = "Join code"
CLASS_HOW_TO_JOIN = (
    "Students open **{link}** (or this page's “Class” tab and type the code). {seconds:g} "
    "seconds per step, then the agents move for a student who has not answered."
)
CLASS_LOOPBACK_ONLY = (
    "*This address works on this computer only: for the class, start the server with "
    "`alliance-sim serve --host 0.0.0.0` and give this computer's network address instead.*"
)
CLASS_SEATS_COLUMNS = ("Capital", "Played by")
CLASS_JOINED = "{joined} joined · {predicted} prediction{s} recorded."
CLASS_START_GAME = "Start the game"
CLASS_EXPORT = "Export predictions and outcomes ({kind})"
CLASS_END = "End the session…"
CLASS_END_SURE = (
    "**End the session?** Every student's place, prediction and game is forgotten; export "
    "first what you want to keep."
)
CLASS_END_YES = "Yes, end it and forget the students"
CLASS_END_NO = "No, keep the session"
CLASS_TEACHER_ONLY = (
    "*Only the teacher starts class sessions: type the teacher key (printed when the server "
    "started) to unlock the teacher's controls.*"
)
CLASS_THE_AGENTS = "the agents"
CLASS_WAITING_FOR = "### {date:%d %B %Y}: waiting for {who}"
CLASS_IN_GAMES = " ({games} games)"
CLASS_MOVES_HEADING = "### The table of moves (the latest at the bottom)"
CLASS_MOVES_COLUMNS = (
    "Date",
    "Game (the student's capital)",
    "Move by",
    "The student's side",
    "The agents' side",
    "Agreed, or why no deal",
)
CLASS_THE_END = "## The end: every game against the agents and history"
CLASS_GAME_ROW = (
    "**{row.label}:** {row.yours}{when}. Agents alone ({runs:,} runs): "
    "{row.same_outcome_share:.0%} ended the same way; most often {row.agents_modal} "
    "({row.agents_modal_share:.0%})"
)
CLASS_HALF_AGREED = ", half had agreed by {date}."
CLASS_FEWER_THAN_HALF = "; fewer than half ever agreed."
CLASS_HISTORY = " History: {row.history} on {row.history_date}."
CLASS_WHO_BLOCKED = "Who blocked the deal: {why}."
CLASS_TIMEOUTS = " (the agents moved {times}× when time ran out)"
CLASS_GAME_HEADING = "### {label}, played by {player}{timeouts}"
CLASS_NO_PREDICTIONS = "*No predictions were recorded.*"
CLASS_NEVER = "never"
CLASS_DEAL_IN = "a deal in {year}"
CLASS_PREDICTIONS_HEADING = "### The class's predictions ({total}): {question}"
CLASS_PREDICTION_COLUMNS = ("Prediction", "Students", "Agents' runs")
CLASS_YOUR_NAME = "Your name or group (optional)"
CLASS_JOIN = "Join"
CLASS_YOU_ARE = "## {title} · you are {name}"
CLASS_LOOK_AT_PROJECTOR = "## The end: look at the projector"
CLASS_YOUR_GAME = "Your game: **{outcome}**{when}."
CLASS_TAKE_A_SEAT = (
    "### Take a capital, or watch\n\nYou play your own game against the agents, who play the "
    "other side."
)
CLASS_OTHERS = " ({others} other{s})"
CLASS_JUST_WATCH = "Just watch"
CLASS_YOUR_PREDICTION = "### Your prediction: {question}: how will it end, and when?"
CLASS_NEVER_BUTTON = "Never (no deal)"
CLASS_IN_YEAR = "In {year}"
CLASS_RECORDED = "Recorded: **{outcome}**, {when}. It is shown on the projector after the game."
CLASS_WAIT_FOR_TEACHER = "*Wait for your teacher to start the game.*"
CLASS_WATCHING = "*You watch this game: follow it on the projector.*"
CLASS_GAME_ENDED = "*Your game has ended; the others are still playing.*"
CLASS_STEP_HEADING = "### {date:%d %B %Y} · {unit} {number} of {horizon}"
CLASS_NOTHING_TO_DECIDE = "*Nothing for you to decide in this step: waiting for the others.*"
CLASS_MOVE_SENT = "*Your move is in. Waiting for the others…*"
CLASS_SEND_MOVE = "Send my move"


__getattr__ = constants_in_language(globals())
