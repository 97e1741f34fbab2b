"""Worker processes that do not outlive their parent.

If the batch's parent process is killed outright (SIGKILL, the OOM killer),
nothing tells its worker pool to stop: each worker would finish its chunk,
then wait for work for ever, holding hundreds of MB. A worker therefore asks
Linux to kill it when its parent dies (`prctl(PR_SET_PDEATHSIG)`), and, where
that is not available or the parent died before the request was made, a
watchdog thread ends the worker once its parent process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def exit_with_parent(parent: int) -> None:
    """Make the calling process end when process `parent` ends."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above
        os._exit(1)
    watchdog = threading.Thread(target=_watch, args=(parent,), name="orphan-guard", daemon=True)
    watchdog.start()


def _watch(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)
