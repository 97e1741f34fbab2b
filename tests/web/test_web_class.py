"""Class sessions a class cannot break, in a real browser (issue 21 items 1 and 2, issue 24
item 5): the teacher key, per-client limits, names shown as typed, places kept over a reload,
the web server's own protections, and a report written from the run on the page.

The server here is started as on a class network: with `--teacher-key`."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

KEY = "stalin-1953"
HOSTILE = {  # name -> the seat it takes (members first: they decide at the first step)
    "![](http://203.0.113.7/x.png)": "Moscow",
    "[Go](javascript:alert(1))": "Pyongyang",
    "# big": "Beijing",
    "<b>x</b>": "Washington",
}


@pytest.fixture(scope="module")
def keyed(serve_app):
    return serve_app("--teacher-key", KEY)


@pytest.fixture
def person(browser, left_loopback):
    """Opens pages as separate people (each its own browser context: cookies, session), and
    checks at the end that none of them made a request off this computer."""
    contexts, requests = [], []

    def open_page(url: str, viewport=(1366, 1000)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        _loaded(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert requests and not left_loopback(requests)


def _loaded(page):
    page.get_by_role("heading", name="Alliance bargaining in the Korean War").wait_for()
    return page


def _as_teacher(page) -> None:
    """Type the teacher key on the Class tab."""
    page.get_by_role("tab", name="7 Class").click()
    page.get_by_label("Teacher key").fill(KEY)
    page.get_by_role("button", name="I am the teacher").click()
    page.get_by_role("button", name="Start a class session").wait_for()


def _start_session(teacher, seconds: int = 60) -> str:
    teacher.get_by_role("button", name="POW repatriation, 1951-53").click()
    teacher.get_by_role("tab", name="7 Class").click()
    box = teacher.get_by_label(re.compile("^Seconds per step"))
    box.fill(str(seconds))
    box.press("Tab")
    teacher.get_by_role("button", name="Start a class session").click()
    return teacher.locator(".class-code").inner_text()


def _join(student, name: str) -> None:
    student.get_by_label("Your name or group (optional)").fill(name)
    student.get_by_role("button", name="Join").click()
    student.get_by_text("Take a capital, or watch").wait_for()


def test_without_the_key_a_student_cannot_start_a_session_nor_see_the_teacher_view(keyed, person):
    """`?view=teacher` alone shows no teacher view; the Class tab offers no Start, only the key;
    fifteen rapid tries from one student start nothing, are slowed after ten wrong keys (a
    reload between does not reset the count), and leave the teacher able to start a session."""
    student = person(keyed.url + "?view=teacher")
    assert not student.get_by_role("switch", name="Teacher view").count()
    student.get_by_role("tab", name="3 Run").click()
    student.get_by_role("button", name="Run", exact=True).wait_for()
    assert not student.get_by_label("Replicates").count()
    refusals = []
    for attempt in range(15):
        if attempt % 10 == 0:
            student.reload()
            _loaded(student)
        student.get_by_role("tab", name="7 Class").click()
        student.get_by_text("Only the teacher starts class sessions").wait_for()
        assert not student.get_by_role("button", name="Start a class session").count()
        student.get_by_label("Teacher key").fill(f"guess-{attempt}")
        student.get_by_role("button", name="I am the teacher").click()
        problem = student.locator(".teacher-key-problem")
        problem.wait_for()
        refusals.append(problem.inner_text())
        student.get_by_label("Teacher key").fill("")
    assert refusals[0] == "That is not the teacher key."
    assert refusals[-1].startswith("Too many wrong tries: wait")
    teacher = person(keyed.url)
    _as_teacher(teacher)
    assert re.fullmatch(r"[A-Z2-9]{5}", _start_session(teacher))
    teacher.get_by_role("switch", name="Teacher view").wait_for()


def test_the_server_hides_its_diagnostics_and_its_cookie_from_scripts(keyed, person):
    page = person(keyed.url)
    assert page.evaluate("document.cookie") == ""  # HttpOnly
    cookie = page.context.cookies()[0]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    with urllib.request.urlopen(keyed.url) as response:
        policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(keyed.url + "resourcez?verbose")


def test_reloads_return_the_teacher_and_a_student_to_the_same_place(keyed, person):
    """Issue 21 item 2: after a reload the teacher has the projector of the same session
    (and the key), the student the same seat; the joined count counts people; ending asks
    first."""
    teacher = person(keyed.url, (1920, 1080))
    _as_teacher(teacher)
    code = _start_session(teacher)
    student = person(f"{keyed.url}?join={code}", (390, 844))
    _join(student, "Ann")
    student.get_by_role("button", name=re.compile(r"^Beijing")).click()
    student.locator(".class-seat[aria-pressed=true]").wait_for()
    for _ in range(2):
        student.reload()
        _loaded(student)
        student.get_by_role("heading", name=re.compile("you are Ann")).wait_for()
        assert "Beijing" in student.locator(".class-seat[aria-pressed=true]").inner_text()
    teacher.reload()
    _loaded(teacher)
    teacher.get_by_role("tab", name="7 Class").click()
    assert teacher.locator(".class-code").inner_text() == code
    teacher.get_by_text("1 joined · 0 predictions recorded.").wait_for()
    assert "Ann" in teacher.locator("table.class-seats").inner_text()
    teacher.get_by_role("switch", name="Teacher view").wait_for()  # the key, kept
    teacher.get_by_role("button", name="End the session…").click()
    teacher.get_by_role("button", name="No, keep the session").click()
    assert teacher.locator(".class-code").inner_text() == code
    teacher.get_by_role("button", name="End the session…").click()
    teacher.get_by_role("button", name="Yes, end it and forget the students").click()
    teacher.get_by_role("button", name="Start a class session").wait_for()
    student.get_by_text("The class session has ended").wait_for()


def test_a_server_restart_mid_game_resumes_the_session_from_disk(serve_app, person, tmp_path):
    """Issue 21 item 2: the server is stopped in the middle of a game and started again on the
    same file; the teacher's projector and the student's game come back on a reload."""
    database = str(tmp_path / "class.sqlite3")
    first = serve_app("--teacher-key", KEY, "--class-db", database)
    teacher = person(first.url, (1920, 1080))
    _as_teacher(teacher)
    code = _start_session(teacher)
    student = person(f"{first.url}?join={code}", (390, 844))
    _join(student, "Ann")
    student.get_by_role("button", name=re.compile(r"^Moscow")).click()
    student.locator(".class-seat[aria-pressed=true]").wait_for()
    teacher.get_by_role("button", name="Start the game").click()
    student.locator(".class-send").wait_for()
    first.stop()
    second = serve_app("--teacher-key", KEY, "--class-db", database)  # another port, same host
    teacher.goto(second.url)
    _loaded(teacher).get_by_role("tab", name="7 Class").click()
    assert teacher.locator(".class-code").inner_text() == code
    teacher.get_by_role("heading", name=re.compile("waiting for Ann")).wait_for()
    student.goto(f"{second.url}?join={code}")
    _loaded(student).get_by_role("heading", name=re.compile("you are Ann")).wait_for()
    student.locator(".class-send").click()
    moves = teacher.locator("table.class-moves td", has_text=re.compile("^student$"))
    moves.first.wait_for()  # Ann's move, made after the restart


def test_markdown_and_html_names_show_as_typed_in_every_view(keyed, person):
    """Issue 21 item 1: names made of Markdown or HTML are text on the projector (seats, the
    waiting line, the table of moves, the end) and on the student's own page; no link, image
    or heading is made of them and no request leaves this computer (`person`)."""
    teacher = person(keyed.url, (1920, 1080))
    _as_teacher(teacher)
    code = _start_session(teacher, seconds=3)
    students = {}
    for name, seat in HOSTILE.items():
        student = person(f"{keyed.url}?join={code}", (390, 844))
        _join(student, name)
        student.get_by_role("button", name=re.compile(f"^{seat}")).click()
        student.get_by_role("heading", name=f"you are {name}", exact=False).wait_for()
        students[name] = student
    seats = teacher.locator("table.class-seats")
    for name in HOSTILE:
        seats.get_by_text(name, exact=True).wait_for()
    teacher.get_by_role("button", name="Start the game").click()
    waiting = teacher.get_by_role("heading", name=re.compile("waiting for"))
    waiting.wait_for()
    assert "![](http://203.0.113.7/x.png) (Moscow" in waiting.inner_text()
    end = teacher.get_by_role("heading", name="The end: every game against the agents")
    end.wait_for(timeout=240_000)
    headings = teacher.locator(".class-game h3").all_inner_texts()
    for name, seat in HOSTILE.items():
        assert any(h.startswith(seat) and f"played by {name}" in h for h in headings), headings
    moves = teacher.locator("table.class-moves").inner_text()
    assert all(name in moves for name in HOSTILE)
    for page in (teacher, *students.values()):
        assert not page.locator("a[href^='javascript'], img[src*='203.0.113.7']").count()
        assert not page.locator(".prose b, td b").filter(has_text=re.compile("^x$")).count()
        assert not page.locator("h1", has_text="big").count()
    for name, student in students.items():
        assert name in student.get_by_role("heading", name=re.compile("you are")).inner_text()


def test_the_report_download_is_the_run_on_the_page_not_the_boxes(keyed, person):
    """Issue 24 item 5: after a run, raising Replicates past the cap leaves Run disabled, and
    the report is written from the run already on the page (its replicate count), not from
    the box's new value."""
    teacher = person(keyed.url)
    _as_teacher(teacher)
    teacher.locator(".teacher-switch label").click()  # as a user does: on its label
    teacher.locator(".teacher-switch input[aria-checked=true]").wait_for(state="attached")
    from playwright.sync_api import expect

    teacher.get_by_role("tab", name="2 What if?").click()  # the Class tab, left, has the
    teacher.get_by_role("heading", name="A counterfactual exercise").wait_for()  # same buttons
    teacher.get_by_role("button", name="POW repatriation, 1951-53").click()
    exercise = teacher.get_by_role("button", name=re.compile("^What if Stalin had not died"))
    exercise.click()
    expect(exercise).to_have_attribute("aria-pressed", "true")
    teacher.get_by_role("tab", name="3 Run").click()
    replicates = teacher.get_by_label("Replicates")
    replicates.fill("150")
    replicates.press("Tab")
    teacher.get_by_role("button", name="Run", exact=True).click()
    teacher.locator(".charts[data-done]").wait_for()
    report = teacher.get_by_role("button", name="Download the exercise report (HTML)")
    report.wait_for()
    replicates.fill("3000000")
    replicates.press("Tab")
    teacher.locator(".replicates-problem").wait_for()
    assert teacher.get_by_role("button", name="Run", exact=True).is_disabled()
    with teacher.expect_download() as download:
        report.click()
    page = Path(download.value.path()).read_text(encoding="utf-8")
    assert "150 replicates per run" in page and "3,000,000" not in page


def test_the_teacher_renames_removes_locks_and_holds_the_timer(keyed, person):
    """Issue 21 item 1: the teacher renames a student (their page follows), locks the room (a
    newcomer is refused, a reload is not), removes a student (their page says so, after a
    reload too), and pauses and skips the step timer. A student's page has none of these."""
    teacher = person(keyed.url, (1920, 1080))
    _as_teacher(teacher)
    code = _start_session(teacher)
    ann = person(f"{keyed.url}?join={code}", (390, 844))
    _join(ann, "Ann")
    bo = person(f"{keyed.url}?join={code}", (390, 844))
    _join(bo, "Bo")
    ann.get_by_role("button", name=re.compile(r"^Moscow")).click()
    ann.locator(".class-seat[aria-pressed=true]").wait_for()
    for student in (ann, bo):
        assert not student.locator(".class-lock-room, .class-remove, .class-rename").count()
    teacher.get_by_text("Students (2): rename or remove").click()
    first = teacher.locator(".class-student").nth(0)
    first.get_by_label("Name").fill("<i>Anna</i>")
    first.get_by_role("button", name="Rename").click()
    ann.get_by_role("heading", name="you are <i>Anna</i>", exact=False).wait_for()
    teacher.locator("table.class-seats").get_by_text("<i>Anna</i>", exact=True).wait_for()
    teacher.get_by_role("button", name="Lock the room (no new students)").click()
    teacher.get_by_text("The room is locked").wait_for()
    late = person(f"{keyed.url}?join={code}", (390, 844))
    late.get_by_label("Your name or group (optional)").fill("Cy")
    late.get_by_role("button", name="Join").click()
    late.get_by_text("closed this class session to new students").wait_for()
    ann.reload()
    _loaded(ann).get_by_role("heading", name="you are <i>Anna</i>", exact=False).wait_for()
    second = teacher.locator(".class-student").nth(1)
    second.get_by_role("button", name="Remove…").click()
    teacher.get_by_role("button", name="Yes, remove").click()
    bo.get_by_text("The teacher removed you from this class session.").wait_for()
    bo.reload()
    _loaded(bo).get_by_text("The teacher removed you from this class session.").wait_for()
    assert not bo.get_by_role("button", name="Join").count()
    teacher.get_by_text("1 joined · 0 predictions recorded.").wait_for()
    teacher.get_by_role("button", name="Start the game").click()
    teacher.get_by_role("button", name="Pause the timer").click()
    teacher.get_by_role("heading", name=re.compile(r"waiting for .*\(timer paused\)")).wait_for()
    ann.get_by_role("heading", name=re.compile(r"\(timer paused\)")).wait_for()
    teacher.get_by_role("button", name=re.compile("^Skip")).click()
    moves = teacher.locator("table.class-moves td", has_text="agents (time ran out)")
    moves.first.wait_for()


def test_back_returns_to_the_tab_before_and_stays_in_the_app(keyed, person):
    """Issue 21 item 2: Back after opening tabs goes to the tab before, not off the page; a
    reload keeps the open tab."""
    page = person(keyed.url + "?lang=en")
    page.get_by_role("tab", name="3 Run").click()
    page.get_by_role("button", name="Run", exact=True).wait_for()
    page.get_by_role("tab", name="7 Class").click()
    page.get_by_text("A student: join a class").wait_for()
    assert "tab=7" in page.url and "lang=en" in page.url
    page.reload()
    _loaded(page).get_by_text("A student: join a class").wait_for()
    from playwright.sync_api import expect  # retries: the tab is selected after the redraw

    page.go_back()
    page.get_by_role("button", name="Run", exact=True).wait_for()
    expect(page.get_by_role("tab", name="3 Run")).to_have_attribute("aria-selected", "true")
    page.go_back()
    _loaded(page).get_by_role("tab", name="1 Briefing").wait_for()
    expect(page.get_by_role("tab", name="1 Briefing")).to_have_attribute("aria-selected", "true")
    assert page.url.startswith(keyed.url)
