"""`alliance-sim serve`: start the classroom web app (Solara) on this machine or the class network."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Annotated

import typer

from sim.cli import app, err, out

APP = Path(__file__).with_name("app.py")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 shares the app on the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
) -> None:
    """Start the classroom web app: briefings, exercises, charts, a sample run, play a capital."""
    if importlib.util.find_spec("solara") is None:
        err.print(
            "[bold red]error:[/] the web app needs Solara; install it with\n"
            "    pip install 'alliance-sim\\[web]'\n"
            "(solara==1.58.2 and solara-assets==1.58.2 serve every asset locally, no internet).",
            highlight=False,
        )
        raise typer.Exit(2)
    # before solara is imported: production mode (no check frame calling solara.dev), no telemetry
    os.environ["SOLARA_MODE"] = "production"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    from solara.__main__ import cli as solara_cli

    if host in LOOPBACK:
        out.print(f"Open http://{host}:{port} in a browser on this computer.", highlight=False)
    else:
        shown = "<this computer's address>" if host in ("0.0.0.0", "::") else host
        out.print(
            f"[bold yellow]Shared on the network:[/] anyone who can reach this computer can open "
            f"http://{shown}:{port} (listening on {host}). Stop with Ctrl-C.",
            highlight=False,
        )
    solara_cli.main(
        ["run", str(APP), "--host", host, "--port", str(port), "--production", "--no-open",
         "--no-check-version"],
        prog_name="solara",
        standalone_mode=False,
    )  # fmt: skip
