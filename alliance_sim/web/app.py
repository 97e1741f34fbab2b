"""The classroom page: layout only. Every number comes from runner, play, summary and plots;
every text from the catalogue `alliance_sim.web.content.words`.

Started by `alliance-sim serve` (Solara, production mode, all assets local). One column on a
phone (390 px wide: the tabs wrap instead of scrolling the active one away, buttons and the
play table reflow); a projector layout (`?view=projector`, or its switch) puts the Run tab's
charts two side by side with large text; student view by default, teacher view by a switch
or `?view=teacher` (see `alliance_sim.web.view`).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import solara  # noqa: E402
import solara.lab  # noqa: E402

from alliance_sim.web import language, tab_close, tab_history, teacher_access, view  # noqa: E402
from alliance_sim.web.content import words
from alliance_sim.web.ui_batch import Charts, RunControls  # noqa: E402
from alliance_sim.web.ui_changes import ExercisePicker, Sliders, WhatChanged  # noqa: E402
from alliance_sim.web.ui_class import ClassMode  # noqa: E402
from alliance_sim.web.ui_class_session import join_code  # noqa: E402
from alliance_sim.web.ui_class_student import ClassStudent  # noqa: E402
from alliance_sim.web.ui_episode import Briefing, EpisodePicker  # noqa: E402
from alliance_sim.web.ui_play import Play  # noqa: E402
from alliance_sim.web.ui_sample import SampleRun  # noqa: E402
from alliance_sim.web.ui_upload import Upload  # noqa: E402

CSS = """
.page { padding: 12px 28px; max-width: 1500px; }
.page.projector { max-width: none; }
.view-switches { align-items: center; flex-wrap: wrap; }
.language-switch.v-btn-toggle { flex-wrap: wrap; max-width: 100%; }
.view-switches .v-input { flex: 0 0 auto; margin: 0 24px 0 0; padding: 0; }
.view-switches .v-input__slot { margin: 0; }
.v-application .v-tab { text-transform: none; letter-spacing: normal; }
.v-tabs-bar { height: auto !important; }
.v-tabs .v-slide-group__wrapper { overflow: visible; contain: none; flex: 1 1 100%; min-width: 0; }
.v-tabs .v-slide-group__content { flex-wrap: wrap; flex: 1 1 100%; min-width: 0;
  transform: none !important; }
.v-tabs .v-slide-group__prev, .v-tabs .v-slide-group__next { display: none !important; }
.v-tabs .v-tabs-slider-wrapper { display: none; }
.v-tabs .v-tab { min-height: 48px; }
.v-tabs .v-tab--active { border-bottom: 4px solid #1976d2; background: #e8f1fb;
  color: #0d47a1 !important; }
details.details { margin: 8px 0 16px 0; border: 1px solid #bbb; border-radius: 4px; padding: 0 12px; }
details.details > summary { cursor: pointer; font-weight: bold; min-height: 48px; padding: 10px 0;
  display: list-item; }
details.details > summary:focus-visible { outline: 4px solid #E69F00; outline-offset: 2px; }
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
table.results { border-collapse: collapse; margin: 12px 16px; font-size: 20px; }
table.results td, table.results th { padding: 6px 12px; border-bottom: 1px solid #bbb; text-align: left; }
table.results tr.group th { padding-top: 16px; border-bottom: 2px solid #333; }
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
.chart-pair { display: block; }
.projector .chart-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px;
  align-items: start; }
.projector img.chart { max-width: none; }
.projector .charts table.shares { font-size: 24px; }
@media (max-width: 700px) {
  .page { padding: 8px 10px; }
  .v-application h1 { font-size: 28px; line-height: 1.2; }
  .v-application h2 { font-size: 24px; } .v-application h3 { font-size: 21px; }
  .solara-content-main, .v-application p, .v-application li, .v-application td { font-size: 18px; }
  .v-application .v-btn { max-width: 100%; height: auto !important; min-height: 44px;
    white-space: normal; padding: 6px 12px; }
  .v-application .v-btn .v-btn__content { white-space: normal; flex-shrink: 1; }
  .wrap-button.v-btn { max-width: 100%; }
  .what-if > .col { flex: 1 1 100% !important; max-width: 100%; }
  .projector .chart-pair { display: block; }
  table.shares, table.options { margin: 8px 0; max-width: 100%; }
  table.results { margin: 8px 0; width: 100%; table-layout: fixed; font-size: 16px; }
  table.results td, table.results th { padding: 4px 6px; overflow-wrap: anywhere; }
  table.options thead { display: none; }
  table.options, table.options tbody, table.options tr, table.options td { display: block; }
  table.options tr { border: 1px solid #bbb; border-radius: 4px; margin: 0 0 8px 0;
    padding: 4px 8px; }
  table.options td { display: flex; justify-content: space-between; gap: 12px;
    border-bottom: none; padding: 2px 0; text-align: right; }
  table.options td.num { text-align: right; }
  table.options td::before { content: attr(data-label); font-weight: bold; text-align: left; }
  table.options td:empty { display: none; }
  .step-date { margin: 0 4px; font-size: 20px; }
  .v-input__slider .v-input__slot { flex-wrap: wrap; }
  .v-input__slider .v-input__slot > .v-label { flex: 1 1 100%; margin: 0 0 4px 0; }
  .v-input__slider .v-slider { margin: 0 8px; }
}
"""

# Vuetify's default success, error, warning and info are too light for white text or for text
# on white (2.8:1 to 3.1:1, axe's serious `color-contrast`); these keep at least 4.5:1.
# (set per page: Solara's theme is one widget per browser session)
THEME = {"success": "#2E7D32", "error": "#C62828", "warning": "#B45309", "info": "#1565C0"}

tab_close.register()  # a closed tab's runs are cancelled with its kernel


@solara.component
def Page():
    router = solara.use_router()
    search = router.search
    solara.use_memo(_open_page(search), [])  # once, when the page opens
    solara.Style(CSS)
    solara.Title(words.TITLE)
    with solara.Column(classes=["page", *(["projector"] if view.projector.value else [])]):
        solara.HTML(tag="h1", unsafe_innerHTML=words.TITLE)
        language.LanguageSwitch()  # every view, the class student's link included
        code = join_code()  # a student's link to a class session: only the class view
        if code is not None:
            ClassStudent(code)
            return
        view.Viewport()
        ViewSwitches()
        EpisodePicker()
        tab = tab_history.tab_of(search, len(words.TABS))  # Back returns to the tab before

        def choose(index: int) -> None:
            if index != tab:
                router.push(tab_history.with_tab(router.path, router.search, index))

        with solara.lab.Tabs(value=tab, on_value=choose, lazy=True):  # only the open tab is drawn
            with solara.lab.Tab(words.TABS["briefing"]):
                Briefing()
            with solara.lab.Tab(words.TABS["what_if"]):
                with solara.Columns([1, 1], classes=["what-if"]):
                    with solara.Column():
                        ExercisePicker()
                    with solara.Column():
                        Sliders()
                WhatChanged()
            with solara.lab.Tab(words.TABS["run"]):
                WhatChanged()
                RunControls()
                Charts()
            with solara.lab.Tab(words.TABS["step_by_step"]):
                SampleRun()
            with solara.lab.Tab(words.TABS["play"]):
                Play()
            with solara.lab.Tab(words.TABS["upload"]):
                Upload()
            with solara.lab.Tab(words.TABS["class"]):
                ClassMode()


def _open_page(search: str | None):
    def opened() -> None:
        for name, colour in THEME.items():
            setattr(solara.lab.theme.themes.light, name, colour)
        language.open_page(search)
        teacher_access.restore()
        view.apply_address(search, teacher_access.authorised.value)

    return opened


@solara.component
def ViewSwitches():
    """Teacher view (the details) and the projector layout, for this browser only; the
    teacher view only once the teacher key was typed in this browser, if the server has one."""
    asking, set_asking = solara.use_state(False)
    with solara.Row(classes=["view-switches"]):
        if teacher_access.authorised.value:
            solara.Switch(label=words.TEACHER_SWITCH, value=view.teacher,
                          classes=["teacher-switch"])  # fmt: skip
        solara.Switch(
            label=words.PROJECTOR_SWITCH, value=view.projector, classes=["projector-switch"]
        )
        if not teacher_access.authorised.value:
            solara.Button(words.TEACHER_KEY + "…", text=True, classes=["teacher-key-open"],
                          on_click=lambda: set_asking(not asking))  # fmt: skip
    if asking:
        teacher_access.TeacherKey()
