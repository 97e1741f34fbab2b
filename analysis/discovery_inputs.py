"""What a scenario discovery may peel: the sweep's factors and every replicate's own draws,
each with its label, its path in the scenario and its source; a limit on one in words; and
the runs of a folder read for it (`read_runs`).

A draw the parameter catalogue (`sim.experiments.factors`) does not name is an event's day
or whether it happens, stated in the event's terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.discovery_conditions import DiscoveryError
from sim.engine.results import Table
from sim.experiments.factors import Parameter, catalogue
from sim.scenario.campaign import stages_of


@dataclass(frozen=True)
class Input:
    """A column PRIM may restrict: a sweep's factor or a replicate's draw."""

    column: str
    label: str
    path: str
    source: str
    kind: str  # "factor" or "draw"
    parameter: Parameter | None = None


def inputs(scenario, table: Table, record: dict | None, over: str) -> tuple[list[Input], list[str]]:
    """The columns to peel (`over`: all, factors or draws) and the columns left out with why."""
    entries = catalogue(scenario)
    by_name = {p.name: p for p in entries.values() if p.name}
    factors = (record or {}).get("factors", [])
    factor_draws = {f"draw:{f['draw']}" for f in factors if f.get("draw")}
    chosen: list[Input] = []
    if over in ("all", "factors"):
        for factor in factors:
            chosen.append(
                Input(
                    factor["column"],
                    factor["label"],
                    factor["path"],
                    factor["source"],
                    "factor",
                    entries.get(factor["path"]),
                )
            )
    if over in ("all", "draws"):
        for column in table:
            if not column.startswith("draw:") or column in factor_draws:
                continue
            name = column.removeprefix("draw:")
            chosen.append(_draw_input(column, name, by_name.get(name), scenario))
    kept, left = [], []
    for item in chosen:
        values = table[item.column]
        if np.isnan(values).any():
            left.append(f"{item.column} (not drawn in every run)")
        elif np.ptp(values) == 0:
            left.append(f"{item.column} (the same in every run)")
        else:
            kept.append(item)
    return kept, left


def _draw_input(column: str, name: str, parameter: Parameter | None, scenario) -> Input:
    if parameter is not None:
        return Input(column, parameter.label, parameter.path, parameter.source, "draw", parameter)
    parts = name.split(".")
    event = _event(scenario, parts)
    if event is not None and parts[-1] == "day":
        label = f"day of '{event.label}' (days after {event.date_range[0]})"
        return Input(column, label, f"events.{event.id}.date_range", event.source, "draw")
    if event is not None and parts[-1] == "happens":
        label = f"whether '{event.label}' happens"
        return Input(column, label, f"events.{event.id}.probability", event.source, "draw")
    return Input(column, name, name, "", "draw")


def _event(scenario, parts: list[str]):
    """The event a draw name such as `events.<id>.day` (in a campaign `<stage>.events...`) is of."""
    if "events" not in parts or parts.index("events") + 1 >= len(parts):
        return None
    event_id = parts[parts.index("events") + 1]
    return next((e for s in stages_of(scenario) for e in s.events if e.id == event_id), None)


def limit_words(entry: dict, item: Input, scenario) -> str:
    """The limit in plain words: at least / at most / between, or whether an event happens."""
    low, high = entry["min"], entry["max"]
    above, below = low > entry["data_min"], high < entry["data_max"]
    if item.kind == "draw" and item.column.endswith(".happens"):  # 0 or 1
        return "it does not happen" if below else "it happens" if above else "either way"
    if item.parameter is not None and item.parameter.kind == "occurs":
        threshold = item.parameter.value
        if low >= threshold:
            return "it happens"
        if high <= threshold:
            return "it does not happen"
    event = _event(scenario, item.column.removeprefix("draw:").split("."))
    if item.column.endswith(".day") and event is not None and event.date_range:
        start = event.date_range[0]

        def shown(days: float) -> str:
            return str(start + dt.timedelta(days=round(days)))

        low_text, high_text = shown(low), shown(high)
    else:
        low_text, high_text = f"{low:.3g}", f"{high:.3g}"
    if above and below:
        return f"between {low_text} and {high_text}"
    if above:
        return f"at least {low_text}"
    return f"at most {high_text}"


def read_runs(folder: Path):
    """The saved runs of a sweep or batch folder with the columns a discovery reads, and for a
    sweep its record; DiscoveryError if unreadable (naming, for a sweep, the command that
    finishes it)."""
    from sim.experiments import sweep_folder
    from sim.store.arrow_io import parquet_columns
    from sim.store.batch import BatchError
    from sim.store.reading import ResultsError, read_checked_manifest, read_results

    try:
        record = sweep_folder.read_record(folder) if folder.is_dir() else None
    except BatchError as error:
        raise DiscoveryError(str(error)) from None
    try:
        read_checked_manifest(folder)
        columns = parquet_columns(folder / "chunks" / "chunk-00000.parquet")
        wanted = ["replicate", "issue", "outcome", "agreement_date"]
        wanted += [c for c in columns if c.startswith(("factor:", "draw:"))]
        return read_results(folder, wanted), record
    except KeyError as missing:  # a column of the first chunk that another chunk lacks
        raise DiscoveryError(
            f"{folder}: the chunks do not all have the column {missing}: they come from "
            "different runs, so they cannot be read together; run the batch or sweep again "
            "into a new folder"
        ) from None
    except ResultsError as error:  # a sweep's hint names its own command (sim.store.repair_hint)
        raise DiscoveryError(str(error)) from None
