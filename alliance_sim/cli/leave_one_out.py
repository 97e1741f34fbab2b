"""`alliance-sim calibrate TARGET --out DIR --leave-one-out`: how well the calibrated model
predicts a recorded date it was not fitted to.

For each dated datum of the record, the target is calibrated without it (in
`DIR/without_<issue>`), the posterior predictive distribution is simulated, and the held-out
recorded date is placed in it: inside the 50 % and 90 % predictive intervals or not.
"""

from __future__ import annotations

import json

from rich.table import Table

from alliance_sim.cli.calibration_run import Options, run_calibration
from alliance_sim.cli.console import Format, load, out, with_provenance
from alliance_sim.cli.posterior_option import simulate


def leave_one_out_command(options: Options, replicates: int, format: Format) -> None:
    from analysis.calibration import predictive_check
    from sim.experiments.calibration.record import record_of

    target = load(options.target)
    rows = []
    for datum in [d for d in record_of(target) if d.date is not None]:
        folder = options.out_dir / f"without_{datum.key}"
        posterior = run_calibration(options, datum.key, folder)
        result = simulate(target, posterior, replicates, options.seed, options.target)
        (check,) = predictive_check(result.table, [datum])
        rows.append({**check, "folder": str(folder),
                     "simulations": posterior.manifest["simulations"]})  # fmt: skip
    if format is Format.json:
        print(json.dumps(with_provenance({"target": target.id, "held_out": rows}, target)))
        return
    table = Table(title=f"{target.id}: each dated outcome predicted by a calibration without it")
    for name in ("held out", "record", "outcome share", "predictive median", "50 % interval",
                 "in 50 %", "90 % interval", "in 90 %"):  # fmt: skip
        table.add_column(name)
    for row in rows:
        table.add_row(row["key"], f"{row['outcome']} {row['record_date']}",
                      f"{row['outcome_share']:.1%}", row.get("median", "-"),
                      " to ".join(row.get("interval_50", [])), _yes(row.get("in_50")),
                      " to ".join(row.get("interval_90", [])), _yes(row.get("in_90")))  # fmt: skip
    out.print(table)


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")
