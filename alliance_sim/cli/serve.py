"""`alliance-sim serve`: start the classroom web app (Solara) on this machine or the class network."""

from __future__ import annotations

import importlib.util
import os
import secrets
import threading
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from alliance_sim.cli.console import out, stop
from alliance_sim.web.content.uploads import remove_stale_uploads

APP = Path(__file__).parent.parent / "web" / "app.py"
"""The Solara page that `serve` starts."""
KERNEL_GRACE = "60s"
"""How long a tab's kernel outlives its page (SOLARA_KERNEL_CULL_TIMEOUT overrides it)."""
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CLASS_DB = Path.home() / ".alliance-sim" / "class_sessions.sqlite3"


def browser_url(host: str, port: int) -> str:
    """The address to type in a browser; an IPv6 address goes in brackets (`http://[::1]:8765`)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def teacher_key(given: str | None, host: str) -> tuple[str, bool]:
    """The key the teacher types to start, end and export class sessions and to see the teacher
    view, and whether it was made up here: the one given; a new one when the app is shared on
    a network; none (everyone on this computer is the teacher) on loopback."""
    if given:
        return given, False
    if host in LOOPBACK:
        return "", False
    return secrets.token_urlsafe(6), True


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 shares the app on the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    teacher_key_: Annotated[
        str | None,
        typer.Option(
            "--teacher-key",
            help="Key the teacher types once in the page to start, end and export class "
            "sessions and see the teacher view. Default: none on 127.0.0.1; a new one, "
            "printed here, with --host.",
        ),
    ] = None,
    diagnostics: Annotated[
        bool, typer.Option(help="Answer Solara's /resourcez page (memory, threads, kernels).")
    ] = False,
    class_db: Annotated[
        Path,
        typer.Option(
            help="SQLite file keeping the class sessions, so that a restart resumes them "
            "(ending a session deletes it there)."
        ),
    ] = CLASS_DB,
) -> None:
    """Start the classroom web app: briefings, exercises, charts, a sample run, play a capital."""
    if importlib.util.find_spec("solara") is None:
        stop(
            "the web app needs Solara; install it with\n"
            "    pip install 'alliance-sim[web]'\n"
            "(solara==1.58.2 and solara-assets==1.58.2 serve every asset locally, no internet)."
        )
    # before solara is imported: production mode (no check frame calling solara.dev), no telemetry
    os.environ["SOLARA_MODE"] = "production"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_THEME_SHOW_BANNER"] = "False"  # no "runs on Solara" footer over content
    # reacton's renderer that skips the parts of a page in which nothing changed (its opt-in,
    # tested by reacton against the default one): a class of 30 pressing Run together got its
    # charts after 7.9 s instead of 9.5 s (p95, benchmarks/bench_web_load.py). REACTON_FAST=0
    # in the environment turns it off.
    os.environ.setdefault("REACTON_FAST", "1")
    # a closed or lost tab's kernel (its page state, its results, its runs: `web.tab_close`)
    # is let go after this grace period for a reconnect, not Solara's default 24 h: the probe
    # of issue 24 saw idle memory grow by about 120 MB per round of 20 browsers, kept all day.
    # A phone away longer than this reloads its page (a class place is kept by its cookie).
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", KERNEL_GRACE)
    # Solara asks for samesite=none cookies (for pages embedded in other sites), which need
    # https; over plain http it falls back to samesite=lax, right for this app, and warned about
    # it on every page load in the teacher's terminal.
    warnings.filterwarnings("ignore", "Cookies with samesite=none require https", UserWarning)
    from alliance_sim.classroom.live.store import PATH_ENV

    os.environ["SOLARA_APP"] = str(APP)  # as solara's `run` sets it, before its server loads
    os.environ[PATH_ENV] = str(class_db)  # read when the class room is made
    from solara.__main__ import cli as solara_cli
    from solara.server import starlette as solara_server

    from alliance_sim.web.cjk_fonts import PageFonts, warm_up
    from alliance_sim.web.content import catalogue
    from alliance_sim.web.http_guard import HttpGuard
    from alliance_sim.web.page_head import PageHead
    from alliance_sim.web.teacher_access import KEY_ENV

    key, made_up = teacher_key(teacher_key_, host)
    os.environ[KEY_ENV] = key

    solara_server.app.add_middleware(PageHead)  # a zoomable page, its language in <html lang>
    solara_server.app.add_middleware(PageFonts)  # Hangul and Hanzi on any device, offline
    solara_server.app.add_middleware(HttpGuard, diagnostics=diagnostics)

    remove_stale_uploads()  # left by a server killed in the middle of an upload
    threading.Thread(target=catalogue.load_all, name="load-scenarios", daemon=True).start()
    warm_up()
    if host in LOOPBACK:
        url = escape(browser_url(host, port))
        out.print(f"Open {url} in a browser on this computer.", highlight=False)
    else:
        shown = (
            "http://<this computer's address>:" + str(port)
            if host in ("0.0.0.0", "::")
            else browser_url(host, port)
        )
        out.print(
            f"[bold yellow]Shared on the network:[/] anyone who can reach this computer can open "
            f"{escape(shown)} (listening on {escape(host)}). Stop with Ctrl-C.",
            highlight=False,
        )
    if made_up:
        out.print(f"[bold]Teacher key:[/] {escape(key)} (type it once in the teacher's page; "
                  "choose your own with --teacher-key).", highlight=False)  # fmt: skip
    elif key:
        out.print("Teacher key set: type it once in the teacher's page.", highlight=False)
    solara_cli.main(
        ["run", str(APP), "--host", host, "--port", str(port), "--production", "--no-open",
         "--no-check-version"],
        prog_name="solara",
        standalone_mode=False,
    )  # fmt: skip
