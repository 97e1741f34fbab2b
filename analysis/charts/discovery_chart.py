"""The PRIM peeling trajectory of a scenario discovery, the chosen box ringed: coverage against
density for cases of interest; for a date made late or early, the share of runs in the box
(mass) against its mean date in days."""

from __future__ import annotations

import numpy as np

from analysis.discovery import Discovery


def trajectory_data(found: Discovery, scenario) -> dict:
    """The peeling trajectory's points (`x`, `y` and their axis names), the chosen step and the
    level of all runs."""
    steps = found.trajectory
    continuous = found.condition.continuous
    x_key, y_key = ("mass", "mean_days") if continuous else ("coverage", "density")
    return {
        "title": f"Box {found.number}: where {found.condition.words(scenario)}",
        "x": np.array([s[x_key] for s in steps]),
        "y": np.array([s[y_key] for s in steps]),
        "x_label": "mass (share of the runs inside the box)"
        if continuous
        else "coverage (share of the cases inside the box)",
        "y_label": "mean agreement day (days from the issue's first day)"
        if continuous
        else "density (share of the box that are cases)",
        "shares": not continuous,
        "restricted": np.array([s["restricted"] for s in steps]),
        "chosen": found.chosen,
        "number": found.number,
        "base_rate": found.base_rate,
        "limits": [f"{limit['label']}: {limit['words']}" for limit in found.limits],
    }


def plot_trajectory(data: dict, ax=None):
    """Coverage against density along the peeling, coloured by restricted dimensions, the chosen
    box ringed; without `ax`, the chosen box's limits are written in a panel beside it."""
    from matplotlib.figure import Figure

    from analysis.charts import palette
    from analysis.charts.style import style, wrap

    with style():
        side = None
        if ax is None:
            fig = Figure(figsize=(15, 7.5), layout="constrained")
            ax, side = fig.subplots(1, 2, width_ratios=[2.6, 1])
        fig = ax.figure
        counts = sorted(set(data["restricted"].tolist()))
        for number, count in enumerate(counts):
            mask = data["restricted"] == count
            ax.scatter(
                data["x"][mask],
                data["y"][mask],
                s=70,
                color=palette.series_colour(number),
                label=f"{count} restricted",
                zorder=3,
            )
        ax.plot(data["x"], data["y"], color="grey", linewidth=1, zorder=2)
        chosen = data["chosen"]
        ax.scatter(
            [data["x"][chosen]],
            [data["y"][chosen]],
            s=380,
            facecolors="none",
            edgecolors=palette.HISTORY,
            linewidths=2.5,
            zorder=4,
            label=f"chosen box (step {chosen})",
        )
        ax.axhline(data["base_rate"], color="dimgray", linestyle="--", linewidth=1.5)
        level = f"{data['base_rate']:.0%}" if data["shares"] else f"{data['base_rate']:.0f} days"
        ax.annotate(
            f"all runs: {level}",
            (0.5, data["base_rate"]),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            fontsize=12,
            color="dimgray",
        )
        ax.set_xlim(0, 1.03)
        if data["shares"]:
            ax.set_ylim(0, 1.03)
        ax.set_xlabel(data["x_label"])
        ax.set_ylabel(wrap(data["y_label"], 40))
        ax.set_title(wrap(data["title"], 70), loc="left")
        ax.legend(loc="best", fontsize=12)
        if side is not None:
            side.axis("off")
            lines = [f"Box {data['number']}, step {chosen}:", ""]
            lines += [wrap(f"• {line}", 38) + "\n" for line in data["limits"]] or ["no limits"]
            side.text(
                0, 1, "\n".join(lines), va="top", ha="left", fontsize=12, transform=side.transAxes
            )
    return fig
