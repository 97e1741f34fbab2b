"""The `alliance-sim` console script: the command line, imported inside a Ctrl-C guard.

Importing the command line takes about a second (mesa pulls in scipy and
pandas). A Ctrl-C in that second would otherwise end in a KeyboardInterrupt
traceback; here it ends with one line and exit code 130, like a Ctrl-C
anywhere else. Nothing has been written by then.
"""

from __future__ import annotations

import sys

INTERRUPTED = 130


def main() -> None:
    try:
        from alliance_sim.cli.app import app

        app()
    except KeyboardInterrupt:
        sys.stderr.write("alliance-sim: interrupted\n")
        sys.exit(INTERRUPTED)
