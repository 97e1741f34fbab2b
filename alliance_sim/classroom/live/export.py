"""What the teacher may take away from a class session, as JSON or CSV.

The predictions (with the names the students typed, or "Student N") and every game's outcome
beside the agents and history; no student ids, no tokens, no code.
"""

from __future__ import annotations

import csv
import io
import json

from alliance_sim.classroom.live.games import Game
from alliance_sim.classroom.live.session import ClassSession

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that runs as a formula starts."""


def export(session: ClassSession, token: str | None) -> dict:
    """The session's predictions and games, for its teacher only (`token`)."""
    with session.lock:
        session.check_teacher(token)
        labels = session.prediction.outcomes
        return {
            "episode": session.scenario.id,
            "title": session.scenario.title,
            "seed": session.seed,
            "question": session.prediction.question,
            "predictions": [
                {"student": s.shown, "outcome": labels[s.prediction[0]], "year": s.prediction[1]}
                for s in session.students.values()
                if s.prediction is not None
            ],
            "games": [_game(g) for g in session.games],
        }


def _game(game: Game) -> dict:
    return {
        "seat": game.label,
        "student": game.player,
        "steps_timed_out": game.timeouts,
        "issues": [
            {
                "question": r.label,
                "outcome": r.yours,
                "date": str(r.your_date) if r.your_date else None,
                "agents_same_outcome_share": round(r.same_outcome_share, 4),
                "agents_most_often": r.agents_modal,
                "agents_most_often_share": round(r.agents_modal_share, 4),
                "history": r.history,
                "history_date": str(r.history_date) if r.history_date else None,
            }
            for r in game.review or []
        ],
    }


def export_json(session: ClassSession, token: str | None) -> str:
    return json.dumps(export(session, token), indent=2, ensure_ascii=False)


def export_csv(session: ClassSession, token: str | None) -> str:
    """One row per prediction and per game question: kind, student, seat, question, outcome,
    date or year, the agents' share of that outcome, history."""
    data = export(session, token)
    sink = io.StringIO()
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow(["kind", "student", "seat", "question", "outcome", "date_or_year",
                     "agents_same_outcome_share", "history"])  # fmt: skip
    for p in data["predictions"]:
        writer.writerow(["prediction", typed(p["student"]), "", data["question"], p["outcome"],
                         p["year"], "", ""])  # fmt: skip
    for g in data["games"]:
        for i in g["issues"]:
            history = f"{i['history']} on {i['history_date']}" if i["history"] else ""
            writer.writerow(["game", typed(g["student"]), g["seat"], i["question"], i["outcome"],
                             i["date"] or "", i["agents_same_outcome_share"], history])  # fmt: skip
    return sink.getvalue()


def typed(text: str) -> str:
    """A name a student typed, as a CSV cell the teacher's spreadsheet shows as text: one that
    would start a formula gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
