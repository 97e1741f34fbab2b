"""The classroom page: layout only. Every number comes from runner, play, summary and plots.

Started by `alliance-sim serve` (Solara, production mode, all assets local).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import solara  # noqa: E402
import solara.lab  # noqa: E402

from alliance_sim.web.ui_batch import Charts, RunControls  # noqa: E402
from alliance_sim.web.ui_changes import ExercisePicker, Sliders, WhatChanged  # noqa: E402
from alliance_sim.web.ui_class import ClassMode, ClassStudent, join_code  # noqa: E402
from alliance_sim.web.ui_episode import Briefing, EpisodePicker  # noqa: E402
from alliance_sim.web.ui_play import Play  # noqa: E402
from alliance_sim.web.ui_sample import SampleRun  # noqa: E402
from alliance_sim.web.ui_upload import Upload  # noqa: E402

CSS = """
.v-application, .v-application .v-btn, .v-application .v-tab { font-size: 20px; }
.solara-content-main, .v-application p, .v-application li, .v-application td { font-size: 20px; line-height: 1.5; }
.v-application h2 { font-size: 30px; } .v-application h3 { font-size: 25px; }
.v-application .v-btn { text-transform: none; letter-spacing: normal; }
.big-button.v-btn { font-size: 21px; min-height: 48px; }
.wrap-button.v-btn { height: auto !important; min-height: 44px; white-space: normal;
  text-align: left; max-width: 60em; padding: 8px 16px; }
.wrap-button .v-btn__content { white-space: normal; flex-shrink: 1; }
.v-application .v-btn:focus-visible, .v-application .v-tab:focus-visible { outline: 4px solid #E69F00; outline-offset: 2px; }
img.chart { width: 100%; max-width: 1300px; height: auto; margin: 8px 0; }
table.shares, table.options { border-collapse: collapse; margin: 12px 16px; font-size: 20px; }
table.shares td, table.shares th, table.options td, table.options th { padding: 6px 12px; border-bottom: 1px solid #bbb; text-align: left; }
table.shares td.num, table.options td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.shares caption { caption-side: top; font-weight: bold; text-align: left; }
.source { color: #333; font-size: 17px; display: block; margin: -8px 0 14px 0; }
.knob-label { font-size: 20px; font-weight: bold; display: block; margin-top: 12px; }
.step-date { font-size: 24px; font-weight: bold; margin: 0 16px; }
.upload-message, .upload-message div { font-size: 20px !important; }
.progress-text { font-size: 22px; font-weight: bold; }
.v-slider__thumb { width: 20px; height: 20px; }
.v-label { font-size: 19px !important; color: #111 !important; }
.play-log { max-height: 20em; overflow-y: auto; display: flex; flex-direction: column-reverse;
  border: 1px solid #bbb; padding: 0 12px; margin: 8px 0 16px 0; }
.play-log li { font-size: 18px; }
.no-deal, .last-moves { background: #fdf3e1; padding: 4px 12px; }
"""


@solara.component
def Page():
    solara.Style(CSS)
    solara.Title("Alliance bargaining in the Korean War")
    with solara.Column(style={"padding": "12px 28px", "max-width": "1500px"}):
        solara.HTML(tag="h1", unsafe_innerHTML="Alliance bargaining in the Korean War")
        code = join_code()  # a student's link to a class session: only the class view
        if code is not None:
            ClassStudent(code)
            return
        EpisodePicker()
        with solara.lab.Tabs():
            with solara.lab.Tab("1 Briefing"):
                Briefing()
            with solara.lab.Tab("2 What if?"):
                with solara.Columns([1, 1]):
                    with solara.Column():
                        ExercisePicker()
                    with solara.Column():
                        Sliders()
                WhatChanged()
            with solara.lab.Tab("3 Run"):
                WhatChanged()
                RunControls()
                Charts()
            with solara.lab.Tab("4 One run, step by step"):
                SampleRun()
            with solara.lab.Tab("5 Play a capital"):
                Play()
            with solara.lab.Tab("6 Your own file"):
                Upload()
            with solara.lab.Tab("7 Class"):
                ClassMode()
