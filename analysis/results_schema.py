"""The results table described for people and for other tools: a JSON Schema of its columns,
with each column's Parquet type and unit.

One row is one replicate of one issue (a replicate of a scenario with three issues has three
rows; its drawn parameters repeat on each). `alliance-sim schema --kind results` prints this;
the README's "The results table" section says the same in prose, with the "never" rule of
`analysis.measures` and DuckDB and polars queries that reproduce the tool's medians.
"""

from __future__ import annotations

from sim.scenario.numbers import NO_AGREEMENT

SCHEMA_ID = "https://alliance-sim.invalid/schema/results-row.json"

NEVER_RULE = (
    "Null means the replicate never agreed within the scenario's horizon. The tool counts "
    "never as later than every date (analysis.measures): a median is the date by which half of "
    "ALL the issue's replicates had agreed, the order statistic ceil(n/2) of the dates sorted "
    "with nulls last, and is 'not reached' when that row is null. Dropping the nulls (SQL's "
    "median, polars' median) gives another, earlier figure."
)


def _column(parquet: str, unit: str | None, description: str, json_type) -> dict:
    column = {"type": json_type, "description": description, "x-parquet-type": parquet}
    if parquet.startswith("date"):
        column["format"] = "date"
    if unit is not None:
        column["x-unit"] = unit
    return column


COLUMNS = {
    "replicate": _column(
        "int64",
        None,
        "Replicate number, 0 to R-1 within the run (chunks of 50,000 in order). In a sweep, "
        "design point p is replicates p*K to p*K+K-1 (K replicates per point).",
        "integer",
    ),
    "issue": _column("string", None, "The issue's id in the scenario.", "string"),
    "outcome": _column(
        "string",
        None,
        f"The agreed option's id, or '{NO_AGREEMENT}' when the issue was never settled.",
        "string",
    ),
    "position": _column(
        "double",
        "issue scale, 0 (the communist side's end) to 1 (the other end)",
        "Where the agreed option sits on the issue's scale; NaN when there was no agreement.",
        "number",
    ),
    "agreement_date": _column(
        "date32[day]",
        "calendar day",
        "The day the issue was settled. " + NEVER_RULE,
        ["string", "null"],
    ),
    "entry_date": _column(
        "date32[day]",
        "calendar day",
        "The day the agreed terms took effect (the agreement date plus the issue's entry lag); "
        "null when there was no agreement or the issue has no entry lag.",
        ["string", "null"],
    ),
    "signed_date": _column(
        "date32[day]",
        "calendar day",
        "Scenarios with an agreement (the armistice) only: the day it was signed, the same on "
        "each of the replicate's issue rows; on or after the day its last issue was settled "
        "(a restrained member that acted alone signs only once its leader pays its price). "
        "Null when it was never signed.",
        ["string", "null"],
    ),
    "acted_alone": _column(
        "string",
        None,
        "Scenarios with an agreement only: the restrained member that acted alone against the "
        "agreed terms (Rhee's release: 'seoul'), the same on each issue row; empty if none did.",
        "string",
    ),
    "steps": _column(
        "int64",
        "steps of the scenario's time step (day, week or month)",
        "Steps bargained, up to and including the step of agreement (the whole horizon when "
        "never agreed).",
        "integer",
    ),
    "deadlock_steps": _column(
        "int64",
        "steps",
        "The longest run of consecutive steps with no zone of agreement (or the talks suspended).",
        "integer",
    ),
    "point": _column(
        "int64",
        None,
        "Sweeps only: the design point (row of the design matrix in sweep.json) of this replicate.",
        "integer",
    ),
}

PATTERNS = {
    "^held_out_.+$": _column(
        "string",
        None,
        "held_out_<party>: what held the party back at the end of the replicate's longest "
        "deadlock, as 'actor:reason' (reasons in analysis.blockers); empty if nothing did.",
        "string",
    ),
    "^concessions_.+$": _column(
        "int64",
        "concessions",
        "concessions_<leader>: how many times the party's leader conceded on this issue.",
        "integer",
    ),
    "^peak_tension_.+$": _column(
        "double",
        "issue scale (0 to 1)",
        "peak_tension_<party>: the highest bloc tension while the issue was open: the "
        "influence-weighted distance of the members' ideals from the bloc's demand.",
        "number",
    ),
    "^draw:.+$": _column(
        "double",
        "the parameter's own unit (as in the scenario file)",
        "draw:<name>: the value this replicate drew for an uncertain parameter (the same on each "
        "of its issue rows). <actor>.<field> is an actor's profile number, <actor>.<issue>.<field> "
        "its position on an issue, <actor>.behaviour.<mechanism>.<parameter> a mechanism's, "
        "rationality the logit precision; events.<id>.<n> the value of the event's n-th change "
        "(changes[n], counted from 0); events.<id>.day the day it happened, in days after the "
        "first day of its date_range; events.<id>.happens 1.0 if it happened, 0.0 if not. In a "
        "campaign each name starts with its stage id. A sweep's sweep.json and `sweep "
        "--list-factors` give each name's scenario path (`draw`) and label.",
        "number",
    ),
    "^factor:.+$": _column(
        "double",
        "the parameter's own unit (as in the scenario file)",
        "Sweeps only: factor:<path>: the value the design gave the factor at the scenario path "
        "<path> (the one name of a parameter; its draw name and label are in sweep.json).",
        "number",
    ),
}

REQUIRED = ["replicate", "issue", "outcome", "position", "agreement_date", "entry_date", "steps"]


def results_schema() -> dict:
    """The JSON Schema of one row of a results table (a batch's or a sweep's Parquet files).

    Each column carries its Parquet type (`x-parquet-type`) and, where it has one, its unit
    (`x-unit`); a date is an ISO string in JSON and a date32 in Parquet.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "alliance-sim results row: one replicate of one issue",
        "description": "The columns of the Parquet files in a results folder's chunks/ (and of "
        "Results.table). " + NEVER_RULE,
        "type": "object",
        "properties": COLUMNS,
        "patternProperties": PATTERNS,
        "additionalProperties": False,
        "required": REQUIRED,
    }
