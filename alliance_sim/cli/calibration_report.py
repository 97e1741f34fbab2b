"""`alliance-sim calibrate --report DIR`: prior against posterior per parameter, and the
record's place in the posterior predictive distribution."""

from __future__ import annotations

import json
from pathlib import Path

from rich.table import Table

from alliance_sim.cli.console import Format, load, out, stop, with_provenance, writing
from alliance_sim.cli.posterior_option import read, simulate

TOP = 15
"""Parameters shown in the table (all are in the JSON and the chart)."""


def report_command(folder: Path, chart: Path | None, replicates: int, seed: int,
                   format: Format) -> None:  # fmt: skip
    """Print (or give as JSON) what the posterior in `folder` says; draw the chart if asked."""
    from analysis.calibration import parameter_table, predictive_check
    from sim.experiments.calibration.record import armistice_record, record_of

    posterior = read(folder)
    try:
        target = load(posterior.manifest["target"])
    except SystemExit:
        raise
    result = simulate(target, posterior, replicates, seed, posterior.manifest["target"])
    parameters = parameter_table(posterior)
    checks = predictive_check(result.table, record_of(target), armistice_record(target))
    manifest = posterior.manifest
    document = {
        "target": manifest["target_id"], "folder": str(folder),
        "simulations": manifest["simulations"], "final_acceptance": manifest["final_acceptance"],
        "rounds": manifest["rounds"], "parameters": parameters,
        "predictive": {"replicates": replicates, "seed": seed, "checks": checks},
    }  # fmt: skip
    if chart is not None:
        _draw(posterior, chart, manifest["target_id"])
    if format is Format.json:
        print(json.dumps(with_provenance(document, target)))
        return
    _print(document)


def _draw(posterior, chart: Path, target: str) -> None:
    from analysis.charts.calibration_chart import (
        calibration_chart_data,
        draw_calibration_chart,
        save_calibration_chart,
    )
    from sim.store.atomic import write_atomic

    if chart.suffix.lower() not in (".png", ".svg", ".pdf"):
        stop(f"--chart {chart}: give a .png, .svg or .pdf file")
    figure = draw_calibration_chart(calibration_chart_data(posterior),
                                    f"{target}: prior against posterior, most constrained first")  # fmt: skip
    with writing(chart):
        write_atomic(
            chart, lambda file: save_calibration_chart(figure, file, chart.suffix[1:].lower())
        )


def _print(document: dict) -> None:
    table = Table(title=f"{document['target']}: prior against posterior (most constrained first)")
    for name in ("parameter", "prior 90 %", "posterior 90 %", "shrinkage", "median shift"):
        table.add_column(name, justify="left" if name == "parameter" else "right")
    for row in document["parameters"][:TOP]:
        table.add_row(row["path"], _interval(row["prior_interval"]),
                      _interval(row["posterior_interval"]), f"{row['shrinkage']:+.0%}",
                      f"{row['median_shift']:+.0%}")  # fmt: skip
    out.print(table)
    rest = len(document["parameters"]) - TOP
    if rest > 0:
        out.print(f"... and {rest} more parameters (all in -f json and --chart)", highlight=False)
    checks = Table(title="The record in the posterior predictive distribution")
    for name in ("datum", "record", "share with the recorded outcome", "position of the date",
                 "50 % interval", "90 % interval"):  # fmt: skip
        checks.add_column(name)
    for check in document["predictive"]["checks"]:
        share = "" if check["outcome_share"] is None else f"{check['outcome_share']:.1%}"
        position = "" if check.get("position") is None else f"{check['position']:.2f}"
        checks.add_row(check["key"], f"{check['outcome'] or ''} {check.get('record_date', '')}",
                       share, position, " to ".join(check.get("interval_50", [])),
                       " to ".join(check.get("interval_90", [])))  # fmt: skip
    out.print(checks)


def _interval(pair: list[float]) -> str:
    return f"{pair[0]:.3g} to {pair[1]:.3g}"
