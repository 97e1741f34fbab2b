"""One calibration run from the command line: its options, round lines and a chunk bar on
stderr, and one line for every failure (with how to resume once something is kept)."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from alliance_sim.cli.batch import _interrupt
from alliance_sim.cli.console import err, load, stop
from sim.store.batch import BatchError, BatchInterrupted


@dataclass(frozen=True)
class Options:
    """The settings of one `calibrate` command."""

    target: str
    out_dir: Path
    seed: int
    workers: int
    particles: int
    simulations: int
    threshold: float
    tolerance: dict
    resume: bool
    keep_rounds: bool


def parse_tolerance(given: list[str] | None) -> dict[str, int]:
    """`UNIT=N` options as a dict; exits naming a malformed one."""
    found = {}
    for text in given or []:
        unit, equals, steps = text.partition("=")
        if not equals or not steps.strip().isdigit():
            stop(f"--tolerance {text}: expected UNIT=N, such as month=1 or day=3")
        found[unit.strip()] = int(steps)
    return found


def run_calibration(options: Options, leave_out: str | None = None, out_dir: Path | None = None):
    """One calibration with round lines and a chunk bar on stderr; every failure ends the
    command with one line (and how to resume, once something is kept)."""
    from sim.experiments.calibration import smc
    from sim.experiments.calibration.abc import CalibrationError
    from sim.experiments.calibration.record import RecordError
    from sim.experiments.calibration.run import calibrate

    out_dir = out_dir or options.out_dir
    loaded = load(options.target)
    try:
        settings = smc.Settings(options.particles, options.threshold, options.simulations)
    except CalibrationError as error:
        stop(error)
    hint = (f"alliance-sim calibrate {options.target} --out {options.out_dir} -s {options.seed} "
            f"--particles {options.particles} --simulations {options.simulations} "
            f"--threshold {options.threshold} "
            + "".join(f"-t {u}={n} " for u, n in options.tolerance.items())
            + (f"--leave-out {leave_out} " if leave_out else "") + "--resume")  # fmt: skip
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("starting", total=None)

            def on_chunk(name: str, done: int, total: int) -> None:
                progress.update(task, description=f"{name} chunks", completed=done, total=total)

            def on_round(done: smc.Round) -> None:
                progress.console.print(_round_line(done), highlight=False)

            return calibrate(loaded, options.target, out_dir, options.seed, settings,
                             options.tolerance, options.workers, options.resume, on_round,
                             on_chunk, options.keep_rounds, leave_out)  # fmt: skip
    except (CalibrationError, RecordError, BatchError) as error:
        stop(error)
    except BatchInterrupted as interrupted:
        stop(f"calibration {interrupted.reason}; finished batches are kept. Finish with: {hint}",
             130 if interrupted.by_user else 1)  # fmt: skip
    except OSError as error:
        stop(f"cannot write the posterior: {error.strerror or error} ({error.filename}); "
             f"finish with: {hint}", 1)  # fmt: skip
    finally:
        signal.signal(signal.SIGTERM, previous)


def _round_line(done) -> str:
    tolerance = ", ".join(f"{t:g}" for t in done.tolerance)
    return (f"round {done.number} ({done.method}): tolerance [{tolerance}], "
            f"{done.accepted:,} of {done.simulated:,} accepted ({done.acceptance:.1%}), "
            f"effective size {done.effective_size:,.0f}")  # fmt: skip
