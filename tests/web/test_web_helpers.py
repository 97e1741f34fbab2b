"""The web app's plain helpers: briefing, sliders, uploads, the sample run and the play review."""

import datetime as dt
import re

import numpy as np
import pytest

from alliance_sim.classroom.play_review import review
from alliance_sim.web.content.briefing import briefing_markdown
from alliance_sim.web.content.comparison import table_csv
from alliance_sim.web.content.knobs import apply_knobs, knob_changes, knobs
from alliance_sim.web.content.sample_run import issue_markdown, sample_steps
from alliance_sim.web.content.uploads import MAX_BYTES, load_upload
from sim.engine.runner import run
from sim.play.session import PlaySession
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import builtin_exercises, load_scenario


def test_the_briefing_cites_the_notes_behind_each_position():
    text = briefing_markdown(load_scenario("air_cover"))
    assert "Beijing (Mao)" in text and "(notes 33, 35)" in text
    assert "Air cover over the troops at the front" in text
    assert "1950-10-19" not in text  # what happened stays out of the briefing


def test_a_slider_scales_the_whole_range_so_every_draw_moves():
    base = load_scenario("pow_repatriation")
    keys = [k.key for k in knobs(base)]
    assert "war_payoff:moscow" in keys
    moved = apply_knobs(base, {"war_payoff:moscow": 2.0})
    before, after = (s.actors["moscow"].profile.war_payoff for s in (base, moved))
    assert after.value == pytest.approx(2 * before.value)
    assert after.range == pytest.approx(tuple(2 * x for x in before.range))
    assert base.actors["moscow"].profile.war_payoff == before  # the base is untouched
    assert "×2" in knob_changes(base, {"war_payoff:moscow": 2.0})[0]
    a, b = run(base, 300, 5).table, run(moved, 300, 5).table
    column = "draw:moscow.war_payoff"
    assert np.allclose(b[column], 2 * a[column])  # same seed stream, every draw doubled


def test_an_upload_error_names_the_uploaded_file_and_line_not_the_temporary_folder():
    text = b"id: mine\ntitle: Mine\nsummary: s\nperiod: entry_1950\ntime: {start: 1950-10-01, step: fortnight, horizon: 3}\n"
    with pytest.raises(ScenarioError) as caught:
        load_upload("../../etc/mine.yaml", text)
    assert str(caught.value).startswith("mine.yaml:5: time.step:")
    with pytest.raises(ScenarioError, match="limit is 262,144"):
        load_upload("big.yaml", b"#" * (MAX_BYTES + 1))


def test_an_uploaded_counterfactual_resolves_against_its_builtin_base():
    path = builtin_exercises()["pow_stalin_lives"]
    scenario = load_upload("stalin.yaml", path.read_bytes())
    assert scenario.exercise.base == "pow_repatriation"


def test_the_sample_run_shows_demands_zone_and_events_in_date_order():
    result = run("pow_repatriation", 20, 3)
    steps = sample_steps(result.scenario, result.history, result.table)
    assert [s.date for s in steps] == sorted(s.date for s in steps)
    assert any("Stalin dies" in e for s in steps for e in s.events)
    first = steps[0].issues[0]
    assert set(first.demands) == {"Communist side", "UN side"}
    assert not first.zone_open and first.why_no_deal  # the step says who holds out
    assert all(r.startswith(("Communist side: ", "UN side: ")) for r in first.why_no_deal)
    holdouts = {
        reason.split(" preferred fighting on")[0]
        for s in steps
        if s.date.year == 1952
        for reason in s.issues[0].why_no_deal
        if "preferred fighting on" in reason
    }  # the blame is shared (Concluding Remarks): Stalin in some runs, Mao in others
    assert holdouts & {"Communist side: Moscow (Stalin)", "Communist side: Beijing (Mao)"}


def test_the_results_csv_has_one_row_per_replicate_and_issue():
    result = run("armistice_terms", 10, 1)
    data = table_csv([("base", result.table)])
    assert data.startswith("\ufeff".encode())  # UTF-8 with a BOM, for spreadsheets
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("run,replicate,issue,outcome")
    assert len(lines) == 1 + 10 * 2


def test_the_review_lines_the_game_up_against_agents_and_history():
    game = PlaySession("armistice_terms", "beijing", 3)
    while not game.finished:
        game.act({i.id: "accept" if i.can_accept else "hold" for i in game.situation().issues})
    rows = review(game.scenario, game.results().table, 3, replicates=200)
    assert [r.issue for r in rows] == ["troop_withdrawal", "demarcation_line"]
    assert rows[0].history == "Withdrawal dropped from the agenda"
    assert 0 <= rows[1].same_outcome_share <= 1


def test_the_briefing_says_how_the_capitals_act_and_when_events_are_uncertain():
    text = briefing_markdown(load_scenario("pow_repatriation"))
    assert "**Moscow (Stalin)** advises the prisoner terms in steps" in text
    assert "(notes 64, 67)" in text
    # in the teacher pack's words, as on the handouts
    assert "**Washington** pays its partner's price to stop it blocking the deal" in text
    assert "between 18 Aug and 15 Oct 1951" in text
    scenario = load_scenario("pow_repatriation")
    events = [
        e.model_copy(update={"probability": 0.75}) if e.id == "un_autumn_offensives" else e
        for e in scenario.events
    ]
    chancy = briefing_markdown(scenario.model_copy(update={"events": events}))
    assert "between 18 Aug and 15 Oct 1951 (in 75% of runs)" in chancy
    armistice = briefing_markdown(load_scenario("armistice_terms"))
    assert "advises the prisoner terms" not in armistice  # no prisoner issue on the table


def test_the_csv_of_a_counterfactual_that_removes_an_event_has_every_column():
    """Issue 10, defect 1: 'Stalin lived on' removes an event, so its run draws nothing for it;
    the download used to fail with KeyError 'draw:events.stalin_dies.0'."""
    base, changed = run("pow_repatriation", 10, 1), run("pow_stalin_lives", 10, 1)
    csv = table_csv([("base", base.table), ("what if", changed.table)])
    lines = csv.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert "draw:events.stalin_dies.0" in header
    column = header.index("draw:events.stalin_dies.0")
    rows = [line.split(",") for line in lines[1:]]
    assert all(row[column] != "" for row in rows if row[0] == "base")
    assert all(row[column] == "" for row in rows if row[0] == "what if")


def test_the_sample_run_ends_with_its_own_run_and_never_calls_an_agreed_question_closed():
    """Issue 10, defect 9: after a question was agreed the step showed "Zone of agreement:
    closed" beside "Agreed"; and steps went on after this run had ended (the batch went on)."""
    result = run("air_cover", 50, 3)
    history = result.history
    steps = sample_steps(result.scenario, history, result.table)
    agreed = result.table["agreement_date"][0].astype(object)
    assert steps[-1].date == agreed < dt.date.fromisoformat(history[-1]["date"])
    text = issue_markdown(steps[-1].issues[0])
    assert "Agreed: Air defence of Chinese cities after entry" in text and "closed" not in text
    before = next(issue for step in steps for issue in step.issues if not issue.zone_open)
    assert "Deals both sides prefer to more war: **none**" in issue_markdown(before)
    assert "Zone of agreement: **closed**" in issue_markdown(before, teacher=True)


def test_the_campaign_briefing_explains_how_the_stages_are_linked():
    from alliance_sim.web.content.briefing import briefing_markdown
    from sim.scenario.loader import load_scenario

    campaign = load_scenario("war_1950_53")
    text = briefing_markdown(campaign)
    assert "### How one stage leads to the next" in text
    for rule in campaign.spec.carry_over:
        assert f"**{rule.label}**" in text
    assert "Kim's regime is evacuated" in text and "(notes 25, 35, 36)" in text
    assert "### Stage 1: Soviet air cover for Chinese troops, October 1950" in text
    assert "### Stage 2: The armistice talks, 1951-53" in text


def test_a_campaigns_sliders_move_the_stage_they_name():
    from alliance_sim.web.content.knobs import apply_knobs, knob_changes, knobs
    from sim.scenario.loader import load_scenario

    campaign = load_scenario("war_1950_53")
    keys = {knob.key for knob in knobs(campaign)}
    assert {"air_cover/war_payoff:beijing", "talks_1951_53/war_payoff:moscow"} <= keys
    moved = apply_knobs(campaign, {"talks_1951_53/war_payoff:moscow": 2.0})
    payoff = moved.stages[1].actors["moscow"].profile.war_payoff
    assert payoff.value == 2 * campaign.stages[1].actors["moscow"].profile.war_payoff.value
    assert moved.stages[0] == campaign.stages[0]
    assert moved.events == campaign.events and moved.actors["moscow"].profile.war_payoff == payoff
    (line,) = knob_changes(campaign, {"talks_1951_53/war_payoff:moscow": 2.0})
    assert line.startswith("The armistice talks, 1951-53: Moscow (Stalin): weight of a month")


CODE_NAME = re.compile(r"`|\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z_]+(?:\.[a-z_]+){2,}\b")
"""Code in the page's text: a backtick, a file id (`stalin_dies`) or a dotted path."""


@pytest.mark.parametrize("exercise_id", builtin_exercises())
def test_students_read_every_exercise_change_in_plain_words_teachers_also_the_exact_one(
    exercise_id,
):
    """Issue 10, defect 11 and item 3: `set actors.moscow.positions.soviet_air_cover.ideal to
    {...}` and `remove the event stalin_dies` were shown to students."""
    from alliance_sim.classroom.what_changed import change_words
    from alliance_sim.web.content import catalogue
    from alliance_sim.web.ui_changes import exercise_changes

    exercise = load_scenario(exercise_id)
    student = exercise_changes(exercise, teacher=False)
    teacher = exercise_changes(exercise, teacher=True)
    assert student and not CODE_NAME.findall(student), CODE_NAME.findall(student)
    base = catalogue.scenario(exercise.exercise.base, {})
    for change in exercise.exercise.changes:
        exact = change.path or change.remove_event
        if exact:
            assert exact in teacher
        assert change_words(change, base) in teacher  # the teacher's plain words, with numbers


def test_the_page_view_follows_the_address():
    from alliance_sim.web.view import views_in

    assert views_in("view=projector") == {"projector"}
    assert views_in("view=teacher,projector") == {"teacher", "projector"}
    assert views_in("view=teacher&view=Projector") == {"teacher", "projector"}
    assert views_in("join=ABCDE") == set() and views_in(None) == set()
    assert views_in("view=admin") == set()  # only the known views


def test_the_play_table_speaks_plainly_to_students_and_labels_every_cell():
    """Issue 10, item 3 and defect 14: "zone of agreement" is the teacher's term; students
    read "deals both sides prefer to more war". On a phone every cell shows its column's
    name (data-label), so a row reads as a card."""
    solara = pytest.importorskip("solara")
    from alliance_sim.web import view
    from alliance_sim.web.ui_play import IssueChoice

    game = PlaySession(load_scenario("pow_repatriation"), "washington", 1)
    issue = game.situation().issues[0]
    shown = {}
    for teacher in (False, True):
        view.teacher.value = teacher
        try:
            box, context = solara.render(
                IssueChoice(issue, "hold", lambda move: None, "month", ""), handle_error=False
            )
            shown[teacher] = "".join(
                getattr(w, "unsafe_innerHTML", "") or "" for w in _widgets(box)
            )
            context.close()
        finally:
            view.teacher.value = False  # the page's state is global outside a browser session
    assert "deals both sides prefer to more war" in shown[False].lower()
    assert "zone of agreement" not in shown[False].lower()
    assert "In the zone of agreement?" in shown[True]
    cells = re.findall(r'<td[^>]*data-label="([^"]*)"', shown[False])
    assert len(cells) == 6 * len(issue.options)


def _widgets(widget):
    """A widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", []) or []:
        if hasattr(child, "children") or hasattr(child, "unsafe_innerHTML"):
            yield from _widgets(child)


def test_students_arriving_together_load_each_built_in_file_once(monkeypatch):
    """The first page of a class used to load the 15 exercise files once per student at the
    same time (seconds each on 2 cores): one session now loads a file and the others wait."""
    import threading

    from alliance_sim.web.content import catalogue

    loads: list[str] = []
    monkeypatch.setattr(catalogue, "load_scenario", lambda sid: loads.append(sid) or sid)
    catalogue._load.cache_clear()
    try:
        students = [
            threading.Thread(target=catalogue.builtin, args=("pow_repatriation",)) for _ in range(8)
        ]
        for student in students:
            student.start()
        for student in students:
            student.join()
        assert loads == ["pow_repatriation"]
    finally:
        catalogue._load.cache_clear()


SHOWN = {"Prose", "Button", "InputText", "InputInt", "Text", "Info", "Error", "Success",
         "Warning", "Details", "Switch", "FileDownload", "Markdown", "Tab"}  # fmt: skip


def literal_text(node) -> str:
    """The words written into a string expression: a literal, an f-string's literal parts, a
    `+` of them ('' for anything computed, such as a call to the catalogue)."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return literal_text(node.left) + literal_text(node.right)
    return ""


SENTENCE = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
"""Two words in a row: a text a person reads, not a key, an id or a style."""


def shown_literals(source: str) -> list[str]:
    """Texts written into a web module where the page shows them (a component's first
    argument, `label=` or `text=`): words of two or more letters, outside the catalogue."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name in SHOWN:
            shown = [
                *node.args[:1],
                *(k.value for k in node.keywords if k.arg in ("label", "text")),
            ]
            found += [t for t in map(literal_text, shown) if SENTENCE.search(t)]
    return found


CATALOGUE_CALLS = {"_", "N_", "ngettext", "pgettext"}
NOT_READ = {"help", "style", "title_style", "justify", "overflow", "title_justify", "end"}
"""Keywords whose text a person does not read in the command's language: `help=` (typer's
help is English: it is built before `--lang` is read), rich's styles and layout."""
MARKUP = re.compile(r"\[/?[a-z ]*\]")  # rich's [bold green] ... [/]


def spoken_literals(source: str) -> list[str]:
    """Texts written into a command-line module anywhere outside the catalogue: every string
    or f-string (not a docstring, not inside `_()`, not a `help=` or a style, not an option's
    name in `typer.Option`) with two words in a row once rich's markup is taken out. Stricter
    than `shown_literals`: a sentence kept in a variable and printed later counts too."""
    import ast

    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring, or a bare string's note
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in CATALOGUE_CALLS or name in ("Option", "Argument"):
                skipped.update(id(inner) for arg in node.args for inner in ast.walk(arg))
            skipped.update(
                id(inner) for k in node.keywords if k.arg in NOT_READ for inner in ast.walk(k.value)
            )
        if isinstance(node, ast.arguments):  # `style: str = "bold red"`
            positional = [*node.posonlyargs, *node.args]
            named = zip(
                positional[len(positional) - len(node.defaults) :], node.defaults, strict=True
            )
            pairs = [*named, *zip(node.kwonlyargs, node.kw_defaults, strict=True)]
            skipped.update(id(default) for arg, default in pairs if arg.arg in NOT_READ)
        if isinstance(node, ast.JoinedStr):  # read as a whole, not part by part
            skipped.update(id(inner) for inner in ast.walk(node) if inner is not node)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.Constant | ast.JoinedStr):
            continue
        text = MARKUP.sub("", literal_text(node))
        if SENTENCE.search(text):
            found.append(literal_text(node))
    return found


CLI_FOR_PEOPLE = ("play.py", "pack.py", "report.py", "console.py")
"""The command-line modules a student or teacher reads: the terminal game, the pack's and the
report's commands, and the messages every command shares."""


def test_every_text_the_page_shows_comes_from_the_catalogue():
    """Issue 10, item 3: all student-facing text lives in `alliance_sim.web.content.words`, so that the
    wording stays consistent and a translation can be added (the class view had its own)."""
    from pathlib import Path

    import alliance_sim.web

    web = Path(alliance_sim.web.__file__).parent
    found = {p.name: shown_literals(p.read_text(encoding="utf-8")) for p in web.glob("*.py")}
    assert not {name: texts for name, texts in found.items() if texts}
    assert shown_literals('solara.Button("Start the game", on_click=go)') == ["Start the game"]
    assert shown_literals('Prose(f"### {title}: waiting for {who}")') == ["### : waiting for "]


def test_every_text_the_terminal_shows_comes_from_the_catalogue():
    """Issue 23: the terminal game, `pack`, `report` and the shared error messages speak the
    command's language, so a sentence written in English into those modules fails here."""
    from pathlib import Path

    import alliance_sim.cli

    cli = Path(alliance_sim.cli.__file__).parent
    found = {name: spoken_literals((cli / name).read_text(encoding="utf-8"))
             for name in CLI_FOR_PEOPLE}  # fmt: skip
    assert not {name: texts for name, texts in found.items() if texts}
    assert spoken_literals('role = f"You speak for {party}."') == ["You speak for ."]
    assert spoken_literals('out.print("[bold]Game ended[/]")') == ["[bold]Game ended[/]"]
    assert spoken_literals('stop(_("Game ended"))\nTable(style="bold green")') == []
    assert spoken_literals('def f():\n    """Play a game."""') == []


def test_a_students_name_is_shown_as_typed_never_as_markup_or_a_link():
    """Everything a student types is data: on the projector a name is neither HTML, nor
    Markdown emphasis, nor a link (`[x](javascript:...)` used to become one)."""
    solara = pytest.importorskip("solara")
    from alliance_sim.web.ui_class_session import ROOM
    from alliance_sim.web.ui_class_teacher import Projector
    from alliance_sim.web.ui_text import literal, to_html

    assert "<a" not in to_html("[x](javascript:alert(1)) <http://example.org>")
    assert to_html(literal("*Ann* [x](y)")) == "<p>*Ann* [x](y)</p>"
    session = ROOM.create(load_scenario("armistice_terms"))
    names = ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**Bold**"]
    for name, seat in zip(names, ("beijing", "washington", "washington"), strict=True):
        session.take_seat(session.join(session.code, name), seat)
    try:
        box, context = solara.render(
            Projector(session.code, session.token, lambda: None), handle_error=False
        )
        shown = "".join(getattr(w, "unsafe_innerHTML", "") or "" for w in _widgets(box))
        context.close()
    finally:
        ROOM.end(session.code, session.token)
    assert "<img" not in shown and "href" not in shown and "<strong>Bold" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "[x](javascript:alert(1)), **Bold**" in shown  # the seats table, as typed
