"""Play a campaign's stages in turn for one chunk of replicates.

Each stage is one ensemble model over the whole chunk, seeded from the chunk's
seed. Where a replicate's war ended at an earlier stage, its later stages are
simulated but reported as not played (no agreement, no date), so every stage
sees the same replicate numbering. The carry-over rules become events on the
first day of the next stage that happen exactly in the replicates whose
outcome met their condition. The table has every stage's issue rows and one
row per replicate for :data:`~sim.scenario.campaign.END_STATE`; each row carries the
replicate's draws of every stage (`draw:<stage>.<parameter>`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from sim.engine.fixed_draws import DesignModel
from sim.engine.history import history_records
from sim.engine.lifetime import History, releasing
from sim.engine.model import AllianceModel
from sim.engine.results import NO_AGREEMENT, Table, agreement_dates, outcome_table
from sim.scenario.campaign import END_STATE, Campaign, StageOutcome, carried_event, stage_end
from sim.scenario.structure import Scenario

AGREEMENT = "agreement"
"""The end-state id of a war ended by the campaign's agreement (the armistice)."""


def stage_outcomes(table: Table, issues) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per issue, each replicate's outcome and day (the entry day where there is one), in
    replicate order: what carry-over rules and end states are conditions on."""
    outcomes = {}
    for issue_id in issues:
        rows = table["issue"] == issue_id
        order = np.argsort(table["replicate"][rows], kind="stable")
        entry, agreed = table["entry_date"][rows][order], table["agreement_date"][rows][order]
        outcomes[issue_id] = (
            table["outcome"][rows][order],
            np.where(np.isnat(entry), agreed, entry),
        )
    return outcomes


def carried_shares(campaign: Campaign, table: Table) -> dict[str, float]:
    """The share of replicates in which each carry-over rule changed the next stage."""
    issues = {rule.when.issue for rule in campaign.spec.carry_over}
    outcomes = stage_outcomes(table, {*issues, END_STATE})
    end_state = outcomes[END_STATE][0]
    shares = {}
    for rule in campaign.spec.carry_over:
        stage = campaign.stage_of(rule.when.issue)  # the rule carries into stage + 1
        earlier = [e.id for e in campaign.spec.ends if campaign.stage_of(e.when.issue) <= stage]
        shares[rule.id] = float((holds(rule.when, outcomes) & ~np.isin(end_state, earlier)).mean())
    return shares


def holds(condition: StageOutcome, outcomes: dict[str, tuple[np.ndarray, np.ndarray]]):
    """(R,) where a replicate's outcome of an earlier stage meets `condition`."""
    outcome, day = outcomes[condition.issue]
    met = np.isin(outcome, condition.outcome) if condition.outcome else np.ones(outcome.size, bool)
    if condition.entered_after is not None:
        met &= ~np.isnat(day) & (day > np.datetime64(condition.entered_after))
    if condition.entered_before is not None:
        met &= ~np.isnat(day) & (day < np.datetime64(condition.entered_before))
    return met


def run_campaign_chunk(
    campaign: Campaign,
    size: int,
    seed: int,
    on_step: Callable[[int, int], None] | None = None,
    history_sample: int = 100,
    fixed: Mapping[str, np.ndarray] | None = None,
    with_history: bool = False,
) -> tuple[Table, History | None]:
    """Simulate `size` replicates of `campaign` from `seed`; returns the table (replicates
    numbered from 0) and, `with_history`, the last stage's per-step history.

    `fixed` sets stage parameters replicate by replicate instead of drawing them (a designed
    experiment): `<stage>.<draw name>` -> (size,) values, `<stage>.events.<id>.happens` ->
    (size,) bool, as :class:`~sim.engine.fixed_draws.DesignModel` takes them for one scenario.
    """
    stages = {stage.id for stage in campaign.stages}
    unknown = sorted(name for name in fixed or {} if name.split(".", 1)[0] not in stages)
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: no stage of {campaign.id} has that name")
    seeds = np.random.SeedSequence(seed).spawn(len(campaign.stages))
    total = sum(stage.time.horizon for stage in campaign.stages)
    ended = np.zeros(size, dtype=bool)
    end_state = np.full(size, NO_AGREEMENT, dtype=object)
    end_date = np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    outcomes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    tables: list[Table] = []
    draws: dict[str, np.ndarray] = {}
    done, history = 0, None
    for index, stage in enumerate(campaign.stages):
        rules = campaign.rules_into(index)
        carried = {rule.id: holds(rule.when, outcomes) & ~ended for rule in rules}
        scenario = stage.model_copy(
            update={"events": [*stage.events, *(carried_event(rule, stage) for rule in rules)]}
        )
        stage_seed = int(seeds[index].generate_state(1, np.uint64)[0])

        def progress(step: int, _: int, before: int = done) -> None:
            if on_step is not None:
                on_step(before + step, total)

        model = _stage_model(
            scenario, size, stage_seed, _stage_fixed(fixed, stage.id), history_sample, carried
        )
        with releasing(model):
            model.run(progress)
            table = outcome_table(model)
            stage_draws = model.draws.values
            if with_history and index == len(campaign.stages) - 1:
                history = history_records(model)
        done += stage.time.horizon
        _blank(table, ended[table["replicate"]])
        draws |= {f"draw:{stage.id}.{name}": values for name, values in stage_draws.items()}
        outcomes |= stage_outcomes(table, stage.issues)
        for end in campaign.ends_after(index):
            hit = holds(end.when, outcomes) & ~ended
            end_state[hit] = end.id
            end_date[hit] = np.datetime64(stage_end(stage))
            ended |= hit
        tables.append({k: v for k, v in table.items() if not k.startswith("draw:")})
    signed_on = agreement_dates(campaign.stages[-1], table)  # the last stage's
    signed = ~ended & ~np.isnat(signed_on)
    end_state[signed] = AGREEMENT
    end_date[signed] = signed_on[signed]
    tables.append(
        {
            "replicate": np.arange(size),
            "issue": np.full(size, END_STATE),
            "outcome": end_state.astype(str),
            "position": _end_positions(campaign, end_state),
            "agreement_date": end_date,
        }
    )
    merged = _stack(tables)
    for name, values in draws.items():
        merged[name] = values[merged["replicate"]]
    return merged, history


def _stage_fixed(fixed: Mapping[str, np.ndarray] | None, stage: str) -> dict[str, np.ndarray]:
    """The values a design fixes in `stage`, by the stage's own draw names."""
    prefix = f"{stage}."
    return {k.removeprefix(prefix): v for k, v in (fixed or {}).items() if k.startswith(prefix)}


def _stage_model(
    scenario: Scenario,
    size: int,
    seed: int,
    fixed: dict[str, np.ndarray],
    history_sample: int,
    carried: dict[str, np.ndarray],
) -> AllianceModel:
    """A stage's ensemble model, a design model where a design fixes some of its values."""
    if fixed:
        return DesignModel(scenario, size, seed, fixed, history_sample, carried)
    return AllianceModel(
        scenario, replicates=size, seed=seed, history_sample=history_sample, events_happen=carried
    )


def _end_positions(campaign: Campaign, end_state: np.ndarray) -> np.ndarray:
    """Each replicate's end on the scale of the campaign's END_STATE question (NaN: still
    fighting), as any agreed option has a position."""
    positions = {o.id: o.position for o in campaign.issues[END_STATE].options}
    return np.array([positions.get(state, np.nan) for state in end_state], dtype=float)


def _blank(table: Table, rows: np.ndarray) -> None:
    """Report the `rows` of a stage the war never reached as not played."""
    for name, values in table.items():
        if name in ("replicate", "issue") or name.startswith("draw:"):
            continue
        values[rows] = _empty(name, values.dtype)


def _empty(name: str, dtype: np.dtype):
    if name == "outcome":
        return NO_AGREEMENT
    if dtype.kind == "M":
        return np.datetime64("NaT")
    if dtype.kind == "f":  # no position without an agreement; other numbers count nothing
        return np.nan if name == "position" else 0.0
    if dtype.kind in "iub":
        return 0
    return ""


def _stack(tables: list[Table]) -> Table:
    """Stack tables row-wise over the union of their columns, filling what a table lacks."""
    columns: dict[str, np.dtype] = {}
    for table in tables:
        for name, values in table.items():
            columns.setdefault(name, values.dtype)
    merged = {}
    for name, dtype in columns.items():
        parts = []
        for table in tables:
            rows = table["replicate"].size
            if name in table:
                parts.append(table[name])
            else:
                filler = _empty(name, dtype)
                parts.append(np.full(rows, filler, dtype=dtype if dtype.kind != "U" else "<U1"))
        merged[name] = np.concatenate(parts)
    return merged
