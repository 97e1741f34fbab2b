"""The prior-against-posterior chart (issue 20, the README's figure): every parameter's label in
full, no text drawn over other text, and a PNG small enough for the README.

The posterior is a tiny one written here (prior draws with random weights): what is tested is
how the chart is drawn, not what the posterior says."""

from __future__ import annotations

import io
import itertools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.charts.calibration_chart import (  # noqa: E402
    calibration_chart_data,
    draw_calibration_chart,
    save_calibration_chart,
)
from sim.experiments.calibration import folder as pf  # noqa: E402
from sim.experiments.calibration.run import prior_of  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.store import manifest as mf  # noqa: E402


@pytest.fixture(scope="module")
def panels(tmp_path_factory) -> list[dict]:
    scenario = load_scenario("talks_1951_53")
    prior, described = prior_of(scenario)
    rng = np.random.default_rng(3)
    theta = prior.low + (prior.high - prior.low) * rng.random((60, len(prior.paths)))
    folder = tmp_path_factory.mktemp("posterior")
    manifest = {"target": scenario.id, "target_id": scenario.id, "prior": described,
                "target_hash": mf.scenario_hash(scenario)}  # fmt: skip
    pf.write_manifest(folder, {**manifest, "status": pf.RUNNING})
    pf.write_posterior(folder, prior.paths, theta, rng.random(60) + 0.1,
                       np.zeros((60, 0)), [], manifest)  # fmt: skip
    return calibration_chart_data(pf.read_posterior(folder))


def test_each_panel_names_its_parameter_in_full_and_no_text_overlaps(panels):
    figure = draw_calibration_chart(panels, "talks_1951_53: prior against posterior")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[: len(panels)]
    titles = [axis._left_title for axis in axes]  # set_title(loc="left")
    for title, panel in zip(titles, panels, strict=True):
        assert " ".join(title.get_text().split()).startswith(panel["label"])  # wrapped, not cut
        assert "90 % interval:" in title.get_text()
    boxes = [t.get_window_extent(renderer) for t in titles]
    boxes += [figure._suptitle.get_window_extent(renderer)]
    boxes += [legend.get_window_extent(renderer) for legend in figure.legends]
    for axis in axes:
        boxes.append(axis.get_window_extent(renderer))
        ticks = [t.get_window_extent(renderer) for t in axis.get_xticklabels() if t.get_text()]
        assert len(ticks) >= 2
        assert not any(a.overlaps(b) for a, b in itertools.pairwise(ticks)), axis.title
    overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert not overlapping
    assert figure.legends and len(figure.legends[0].get_texts()) == 4


def test_the_png_keeps_a_palette_and_the_other_formats_are_written_as_asked(panels):
    figure = draw_calibration_chart(panels, "talks_1951_53: prior against posterior")
    png = io.BytesIO()
    save_calibration_chart(figure, png, "png")
    image = Image.open(io.BytesIO(png.getvalue()))
    assert image.format == "PNG" and image.mode == "P"
    assert image.size[0] > 1500  # the panels' text stays sharp
    assert len(png.getvalue()) < 300_000
    svg = io.BytesIO()
    save_calibration_chart(figure, svg, "svg")
    assert b"<svg" in svg.getvalue()[:1000]
