"""Uploading a teacher's own scenario or counterfactual file, with the loader's located errors."""

from __future__ import annotations

import logging

import solara
import traitlets
from ipyvuetify.extra import FileInput

from alliance_sim.web import state
from alliance_sim.web.content import words
from alliance_sim.web.content.uploads import MAX_BYTES, load_upload
from alliance_sim.web.ui_text import Prose
from sim.scenario.errors import ScenarioError

logger = logging.getLogger(__name__)


class LabelledFileInput(FileInput):
    """ipyvuetify's file input with a visible label tied to its `<input>` (a screen reader
    announced the bare field as "file, button": axe's critical `label` rule), and a name for
    its reading bar (axe's serious `aria-progressbar-name`)."""

    label = traitlets.Unicode("").tag(sync=True)
    reading = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        FileInput.template.default_value.replace(
            "show-counter", ':label="label"\n      show-counter', 1
        ).replace("<v-progress-linear", '<v-progress-linear\n      :aria-label="reading"', 1)
    ).tag(sync=True)


@solara.component
def YamlInput(on_files):
    """A real file input (keyboard and screen-reader usable), wired as Solara's FileDrop is."""
    info, set_info = solara.use_state([])
    field = LabelledFileInput.element(
        multiple=False,
        accept=".yaml,.yml",
        label=words.UPLOAD_LABEL,
        reading=words.UPLOAD_READING,
        on_file_info=set_info,
    )

    def wire() -> None:  # needs the render context, so not in a thread
        if info:
            on_files(solara.get_widget(field).get_files())

    solara.use_effect(wire, [str(info)])
    return field


@solara.component
def Upload():
    message, set_message = state.upload_message.value, state.upload_message.set
    files, set_files = solara.use_state(None)

    def check() -> None:
        if not files:
            return
        file = files[0]
        if file["size"] > MAX_BYTES:
            too_big = words.UPLOAD_TOO_BIG.format(
                name=file["name"], size=file["size"], limit=MAX_BYTES
            )
            set_message(("error", too_big))
            return
        try:
            scenario = load_upload(file["name"], file["file_obj"].read())
        except ScenarioError as error:
            set_message(("error", str(error)))
            return
        except Exception as error:  # never only in the server log: the teacher must see it
            logger.exception("upload of %r failed", file["name"])
            unreadable = words.UPLOAD_UNREADABLE.format(
                name=file["name"], error=type(error).__name__
            )
            set_message(("error", unreadable))
            return
        state.uploaded.value = {**state.uploaded.value, scenario.id: scenario}
        if scenario.exercise is None:
            state.choose_episode(scenario.id)
            set_message(("ok", words.UPLOADED_SCENARIO.format(title=scenario.title)))
        else:
            state.choose_episode(scenario.exercise.base)
            state.exercise.value = scenario.id
            set_message(("ok", words.UPLOADED_EXERCISE.format(title=scenario.title)))

    solara.use_thread(check, dependencies=[id(files)])
    Prose(words.UPLOAD_HELP.format(kb=MAX_BYTES // 1024))
    with solara.Div(classes=["upload"]):
        YamlInput(set_files)
    if message is not None:
        kind, text = message
        (solara.Error if kind == "error" else solara.Success)(text, classes=["upload-message"])
