"""Sensitivity indices (Sobol' or Morris) as horizontal bars with their confidence intervals."""

from __future__ import annotations

import numpy as np

from analysis.sobol import Indices


def chart_data(found: Indices, labels: dict[str, str], top: int = 10) -> dict:
    """The bars of one output: the `top` parameters by ST (or mu*), with their intervals."""
    order = found.order()[:top]
    bars = {
        key: found.values[key][order]
        for key in found.values
        if not key.endswith("_conf") and key != "sigma"
    }
    errors = {
        key: found.values[f"{key}_conf"][order] for key in bars if f"{key}_conf" in found.values
    }
    return {
        "title": found.output.label,
        "parameters": [labels.get(found.names[i], found.names[i]) for i in order],
        "bars": bars,
        "errors": errors,
        "change": found.change(),
    }


def plot_indices(data: dict, note: str = "", ax=None):
    """Horizontal bars of each index with its confidence interval as error bars."""
    from matplotlib.figure import Figure

    from analysis.charts import palette
    from analysis.charts.style import style, wrap

    with style():
        if ax is None:
            height = 1.2 + 0.55 * len(data["parameters"]) * max(len(data["bars"]), 1)
            fig = Figure(figsize=(14, max(height, 5.5)), layout="constrained")
            ax = fig.add_subplot()
        fig = ax.figure
        y = np.arange(len(data["parameters"]))
        width = 0.8 / max(len(data["bars"]), 1)
        names = {"S1": "first order S1", "ST": "total ST", "mu_star": "mu* (mean |effect|)"}
        for number, (key, values) in enumerate(data["bars"].items()):
            ax.barh(
                y + (number - (len(data["bars"]) - 1) / 2) * width,
                np.nan_to_num(values),
                height=width,
                xerr=data["errors"].get(key),
                color=palette.series_colour(number),
                ecolor="black",
                capsize=4,
                label=names.get(key, key),
            )
        ax.set_yticks(y, [wrap(label, 34) for label in data["parameters"]])
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=1)
        ax.set_title(wrap(data["title"], 70), loc="left")
        ax.legend(loc="best")
        if "S1" in data["bars"]:
            ax.set_xlabel("Sobol' index (share of the output's variance), 95 % interval")
        else:
            ax.set_xlabel("Morris mu* (output units), 95 % interval")
        if note:
            fig.supxlabel(wrap(note, 140), fontsize=11, color="dimgray", ha="left", x=0.01)
    return fig
