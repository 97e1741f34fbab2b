"""`alliance-sim calibrate`: a target's posterior from its prior and its record, in a folder.

The prior is every uncertain number of the target with its range (the article's uncertainty,
uniform as the engine draws it); the data are its record (:mod:`.record`); the method is
rejection ABC, then ABC-SMC if the rejection round accepts too little (:mod:`.smc`). Each batch
is one ensemble run of the particles (:mod:`.populations`), kept in the folder, so `resume`
finishes an interrupted calibration with the same result.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from sim.experiments.calibration import folder as pf
from sim.experiments.calibration import populations, smc
from sim.experiments.calibration.abc import CalibrationError, Prior
from sim.experiments.calibration.record import Datum, record_of
from sim.experiments.factors import uncertain_parameters
from sim.scenario.campaign import Campaign
from sim.scenario.structure import Scenario
from sim.store.executors import Executor
from sim.store.manifest import scenario_hash
from sim.store.provenance import provenance

DEFAULT_SEED = 1950
DEFAULT_TOLERANCE = {"month": 0, "week": 0, "day": 2}
"""Final tolerance in whole steps of each datum's scenario: the recorded month (or week)
itself, or within two days of a daily scenario's recorded day."""


def prior_of(target: Scenario | Campaign) -> tuple[Prior, list[dict]]:
    """The prior over the target's uncertain numbers, and its description for the manifest."""
    parameters = uncertain_parameters(target)
    described = [
        {
            "path": p.path,
            "draw": p.name,
            "kind": p.kind,
            "value": p.value,
            "low": p.low,
            "high": p.high,
            "label": p.label,
            "source": p.source,
        }  # fmt: skip
        for p in parameters
    ]
    prior = Prior(tuple(p.path for p in parameters),
                  np.array([p.low for p in parameters]), np.array([p.high for p in parameters]))  # fmt: skip
    return prior, described


def final_tolerance(data: list[Datum], tolerance: Mapping[str, int]) -> np.ndarray:
    """Each datum's final tolerance in its own steps (0 for an outcome-only datum)."""
    for unit, steps in tolerance.items():
        if unit not in DEFAULT_TOLERANCE or int(steps) != steps or steps < 0:
            raise CalibrationError(f"tolerance {unit}={steps}: give UNIT=N with UNIT one of "
                                   f"{', '.join(DEFAULT_TOLERANCE)} and N a whole number >= 0")  # fmt: skip
    merged = {**DEFAULT_TOLERANCE, **tolerance}
    return np.array([0.0 if d.date is None else float(merged[d.unit]) for d in data])


def calibrate(
    target: Scenario | Campaign,
    source: str,
    out: Path,
    seed: int = DEFAULT_SEED,
    settings: smc.Settings | None = None,
    tolerance: Mapping[str, int] | None = None,
    workers: int | Executor = 1,
    resume: bool = False,
    on_round: Callable[[smc.Round], None] | None = None,
    on_chunk: Callable[[str, int, int], None] | None = None,
    keep_rounds: bool = False,
    leave_out: str | None = None,
) -> pf.Posterior:
    """Calibrate `target` into the folder `out` and return the posterior read back from it.

    The simulated batches (`rounds/`) are removed once the posterior is written, unless
    `keep_rounds`; resuming a finished calibration reads it back. `leave_out` drops one datum
    (an issue id) from the data, to predict it out of sample.

    CalibrationError (nothing written) for bad settings, a folder holding something else, or
    a resume with other settings; the batch engine's errors for a folder it cannot write.
    """
    settings = settings or smc.Settings()
    data = record_of(target)
    if leave_out is not None:
        if leave_out not in [d.key for d in data]:
            raise CalibrationError(f"--leave-out {leave_out}: the record of {target.id} has "
                                   f"{', '.join(d.key for d in data)}")  # fmt: skip
        data = [d for d in data if d.key != leave_out]
    final = final_tolerance(data, tolerance or {})
    prior, described = prior_of(target)
    started = {
        "status": pf.RUNNING,
        "target": source,
        "target_id": target.id,
        "target_hash": scenario_hash(target),
        "seed": seed,
        "settings": settings.as_json(),
        "tolerance": {**DEFAULT_TOLERANCE, **(tolerance or {})},
        "data": [{**d.as_json(), "final_tolerance": t} for d, t in zip(data, final, strict=True)],
        "left_out": leave_out,
        "prior": described,
        "method": "rejection ABC, then ABC-SMC (Toni et al. 2009; Beaumont et al. 2009) with a "
        "component-wise Gaussian kernel of twice the weighted variance, truncated to the prior's range",
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "provenance": provenance(),
    }
    if _check_folder(out, started, resume) == pf.COMPLETE:
        return pf.read_posterior(out)
    pf.write_manifest(out, started)
    clock = time.monotonic()
    simulate = populations.simulator(target, source, prior.paths, data, out, workers, on_chunk)
    outcome = smc.calibrate(prior, final, settings, seed, simulate, on_round)
    last = outcome.rounds[-1]
    finished = {
        **started,
        "rounds": [r.as_json() for r in outcome.rounds],
        "stopped": outcome.stopped,
        "reached_tolerance": outcome.population.tolerance.tolist(),
        "simulations": outcome.simulated,
        "final_acceptance": round(last.acceptance, 6),
        "particles": len(outcome.population.theta),
        "effective_size": round(1.0 / float(np.sum(outcome.population.weights**2)), 1),
        "seconds": round(time.monotonic() - clock, 1),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    pop = outcome.population
    pf.write_posterior(out, prior.paths, pop.theta, pop.weights, pop.distance,
                       [d.key for d in data], finished)  # fmt: skip
    if not keep_rounds:
        shutil.rmtree(out / populations.ROUNDS, ignore_errors=True)
    return pf.read_posterior(out)


RESUME_KEYS = ("target_hash", "seed", "settings", "tolerance", "left_out")


def _check_folder(out: Path, wanted: dict, resume: bool) -> str | None:
    """Whether the calibration may (re)start in `out`; the saved status on a resume."""
    if out.exists() and not out.is_dir():
        raise CalibrationError(f"--out {out} is a file, not a folder")
    busy = out.is_dir() and any(out.iterdir())
    if not resume:
        if busy:
            raise CalibrationError(f"{out} is not empty; add --resume to finish the calibration "
                                   "there, or choose another --out")  # fmt: skip
        return None
    if not busy:
        raise CalibrationError(f"nothing to resume in {out}; run without --resume")
    try:
        saved = pf.read_manifest(out)
    except pf.PosteriorError as error:
        raise CalibrationError(f"cannot resume: {error}") from None
    differs = [key for key in RESUME_KEYS if saved.get(key) != wanted[key]]
    if differs:
        raise CalibrationError(f"cannot resume {out}: it was started with another "
                               f"{', '.join(differs).replace('_', ' ')}")  # fmt: skip
    return saved.get("status")
