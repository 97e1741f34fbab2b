"""`alliance-sim sensitivity DIR` on a sweep folder: Sobol' of a saltelli sweep, Morris of a
morris sweep, Spearman of any, each factor named by its path (`analysis.swept`)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from alliance_sim.cli.console import out, stop, with_provenance
from alliance_sim.cli.indices_tables import show_indices


def is_sweep_folder(argument: str) -> bool:
    """Whether the argument of `sensitivity` names a folder (a sweep's, or a mistake to explain)."""
    return Path(argument).is_dir()


def swept_command(
    folder: Path, method: str | None, top: int, as_json: bool, chart_dir: Path | None
) -> None:
    """Analyse a finished sweep folder and show the result (exits 2 on a folder it cannot use)."""
    from analysis import swept as sw
    from sim.store.reading import ResultsError

    try:
        sweep = sw.read_sweep(folder)
        method = sw.method_for(sweep.record["design"], method)
    except (sw.SweptError, ResultsError) as error:
        stop(error)
    if method == "spearman":
        report = sw.correlations(sweep)
        if as_json:
            print(json.dumps(with_provenance(report, sweep.scenario), indent=2))
        else:
            _print_correlations(report, sweep, top)
        return
    show_indices(sw.indices(sweep, method), top, as_json, chart_dir)


def _print_correlations(report: dict, sweep, top: int) -> None:
    labels = {p.path: p.label for p in sweep.parameters}
    out.print(
        f"[bold]{escape(sweep.scenario.title)}[/]: Spearman rank correlations over "
        f"{report['runs']:,} runs of the {report['sweep_design']} sweep in "
        f"{escape(str(sweep.folder))} ({report['design_points']:,} design points)"
        + _under(sweep.posterior),
        highlight=False,
        soft_wrap=True,
    )
    for issue_id, found in report["issues"].items():
        check = found["convergence"]
        verdict = "stable" if check["stable"] else "not yet stable: sweep more design points"
        table = Table(
            title=f"{sweep.scenario.issues[issue_id].label}",
            title_justify="left",
            caption="95 % intervals (Fisher z). + means a higher value goes with a later date "
            "(never counts as latest) or a deal nearer the UN end of the scale. Half the design "
            f"points move the correlations by at most {check['max_change']:.2f} ({verdict}).",
            caption_justify="left",
        )
        table.add_column("Factor (path)", overflow="fold")
        table.add_column("with agreement date", justify="right")
        table.add_column("with agreed position", justify="right")
        ranked = sorted(
            found["factors"].items(),
            key=lambda item: -max(abs(item[1]["date"]["rho"]), abs(item[1]["outcome"]["rho"])),
        )
        for path, entry in ranked[:top]:
            table.add_row(
                f"{escape(path)}\n[dim]{escape(labels[path])}[/]",
                *(_rho(entry[measure]) for measure in ("date", "outcome")),
            )
        out.print(table)


def _rho(entry: dict) -> str:
    return f"{entry['rho']:+.2f} ({entry['low']:+.2f} to {entry['high']:+.2f})"


def _under(posterior: dict | None) -> str:
    """How the other parameters were drawn, when not from their ranges."""
    if posterior is None:
        return ""
    return (
        f", every other parameter from the posterior of {escape(posterior['target'])} in "
        f"{escape(str(posterior['folder']))}"
    )
