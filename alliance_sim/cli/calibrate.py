"""`alliance-sim calibrate`: the posterior of a target's uncertain parameters given its record.

Everything is checked (the target, its record, the settings, the folder) before anything is
written. Progress shows each round's method, tolerance and acceptance as it finishes, and a
bar over the chunks of the batch being simulated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from alliance_sim.cli.batch import CPUS, Resume, Workers
from alliance_sim.cli.calibration_run import Options, parse_tolerance, run_calibration
from alliance_sim.cli.console import Format, FormatOpt, load, out, stop, with_provenance


def calibrate_command(
    target: Annotated[
        str | None,
        typer.Argument(help="Built-in scenario or campaign id, or a YAML file, with a record."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="The posterior folder to write.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="The one seed.")] = 1950,
    workers: Workers = None,
    particles: Annotated[
        int, typer.Option("--particles", min=50, help="Accepted parameter vectors per population.")
    ] = 1000,
    simulations: Annotated[
        int,
        typer.Option(
            "--simulations",
            min=1000,
            max=50_000_000,
            help="The most replicates the calibration may simulate in all.",
        ),
    ] = 600_000,  # fmt: skip
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            min=0.001,
            max=1.0,
            help="Below this acceptance at the final tolerance, rejection is "
            "followed by ABC-SMC rounds; the rejection round draws particles/threshold.",
        ),
    ] = 0.01,  # fmt: skip
    tolerance: Annotated[
        list[str] | None,
        typer.Option(
            "--tolerance",
            "-t",
            metavar="UNIT=N",
            help="Final tolerance in whole steps of the datum's scenario (repeatable): "
            "month=0 (default), week=0, day=2.",
        ),
    ] = None,  # fmt: skip
    resume: Resume = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="DIR",
            help="Report on the finished posterior in DIR instead of calibrating.",
        ),
    ] = None,  # fmt: skip
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="With --report: draw prior against posterior (PNG/SVG/PDF)."),
    ] = None,
    predictive: Annotated[
        int,
        typer.Option(
            "--predictive",
            min=100,
            max=1_000_000,
            help="With --report: replicates of the posterior predictive check.",
        ),
    ] = 4000,  # fmt: skip
    keep_rounds: Annotated[
        bool, typer.Option("--keep-rounds", help="Keep the simulated batches (rounds/).")
    ] = False,
    leave_out: Annotated[
        str | None,
        typer.Option("--leave-out", metavar="ISSUE", help="Calibrate without this datum."),
    ] = None,
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="Calibrate once without each dated datum (in DIR/without_ISSUE) and say "
            "whether its recorded date falls in the 50 % and 90 % predictive intervals.",
        ),
    ] = False,
    format: FormatOpt = Format.table,
) -> None:
    """Calibrate a scenario's (or campaign's) uncertain parameters on its historical record by
    approximate Bayesian computation (rejection, then ABC-SMC), keeping the posterior in a
    folder like a batch; or, with --report DIR, say what the record teaches."""
    if report is not None:
        from alliance_sim.cli.calibration_report import report_command

        report_command(report, chart, predictive, seed, format)
        return
    if target is None or out_dir is None:
        stop("give TARGET and --out DIR (or --report DIR for a finished posterior)")
    options = Options(target, out_dir, seed, workers or CPUS, particles, simulations, threshold,
                      parse_tolerance(tolerance), resume, keep_rounds)  # fmt: skip
    if leave_one_out:
        from alliance_sim.cli.leave_one_out import leave_one_out_command

        leave_one_out_command(options, predictive, format)
        return
    posterior = run_calibration(options, leave_out)
    _summary(posterior, options, format)


def _summary(posterior, options: Options, format: Format) -> None:
    manifest = posterior.manifest
    keys = ("target_id", "seed", "simulations", "final_acceptance", "particles",
            "effective_size", "stopped", "reached_tolerance", "rounds", "seconds", "left_out")  # fmt: skip
    summary = {key: manifest.get(key) for key in keys}
    if format is Format.json:
        print(json.dumps(with_provenance({**summary, "folder": str(options.out_dir)},
                                         load(options.target))))  # fmt: skip
        return
    out.print(
        f"{manifest['target_id']}: {manifest['particles']:,} particles (effective "
        f"{manifest['effective_size']:,.0f}) from {manifest['simulations']:,} simulations in "
        f"{len(manifest['rounds'])} round(s), final acceptance {manifest['final_acceptance']:.2%}; "
        f"{escape(manifest['stopped'])} → {escape(str(posterior.folder))}",
        highlight=False, soft_wrap=True,
    )  # fmt: skip
