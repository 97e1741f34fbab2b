"""`alliance-sim serve`: start the classroom web app (Solara) on this machine or the class network."""

from __future__ import annotations

import importlib.util
import os
import threading
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from alliance_sim.cli.console import out, stop
from alliance_sim.web.uploads import remove_stale_uploads

APP = Path(__file__).parent.parent / "web" / "app.py"
"""The Solara page that `serve` starts."""
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def browser_url(host: str, port: int) -> str:
    """The address to type in a browser; an IPv6 address goes in brackets (`http://[::1]:8765`)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 shares the app on the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
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
    # Solara asks for samesite=none cookies (for pages embedded in other sites), which need
    # https; over plain http it falls back to samesite=lax, right for this app, and warned about
    # it on every page load in the teacher's terminal.
    warnings.filterwarnings("ignore", "Cookies with samesite=none require https", UserWarning)
    from solara.__main__ import cli as solara_cli

    from alliance_sim.web import catalogue

    remove_stale_uploads()  # left by a server killed in the middle of an upload
    threading.Thread(target=catalogue.load_all, name="load-scenarios", daemon=True).start()
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
    solara_cli.main(
        ["run", str(APP), "--host", host, "--port", str(port), "--production", "--no-open",
         "--no-check-version"],
        prog_name="solara",
        standalone_mode=False,
    )  # fmt: skip
