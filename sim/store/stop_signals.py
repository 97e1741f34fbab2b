"""How a stop (Ctrl-C, or SIGTERM where the command handles it) reaches a batch's pool loop:
noted by a signal handler, raised between finished chunks, and named for what it was.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, wait


class Terminated(KeyboardInterrupt):
    """A stop asked by SIGTERM rather than Ctrl-C (a command that handles SIGTERM raises it);
    it stops a batch the same way, and the batch names it."""


POLL_SECONDS = 0.1
"""How often the pool's loop looks for a noted Ctrl-C between finished chunks."""


class StopNoted(threading.Event):
    """Set by Ctrl-C or SIGTERM; `by_sigterm` says whether SIGTERM was among them."""

    by_sigterm = False


@contextlib.contextmanager
def stop_noted() -> Iterator[StopNoted]:
    """An event set by Ctrl-C (or an interrupting SIGTERM) instead of a KeyboardInterrupt raised
    wherever the main thread is.

    A KeyboardInterrupt raised while the main thread waits inside `as_completed` can leave the
    waiter's lock broken; the pool's manager thread then dies on its next `set()`, and the
    shutdown that follows waits for ever (seen under load in CI). Noting the Ctrl-C and raising
    it from the loop, between chunks, keeps the pool's own locks out of it.
    """
    noted = StopNoted()
    if threading.current_thread() is not threading.main_thread():
        yield noted  # no signals off the main thread: a web run's pool is cancelled otherwise
        return
    # SIGTERM too where a handler already makes it an interrupt (`alliance-sim batch` does)
    kinds = [signal.SIGINT]
    if callable(signal.getsignal(signal.SIGTERM)):
        kinds.append(signal.SIGTERM)

    def note(signum: int, frame: object) -> None:
        noted.by_sigterm = noted.by_sigterm or signum == signal.SIGTERM
        noted.set()

    previous = {kind: signal.signal(kind, note) for kind in kinds}
    try:
        yield noted
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)


def until_stopped(futures: dict, stop: StopNoted) -> Iterator:
    """Each future as it finishes, like `as_completed`; KeyboardInterrupt once Ctrl-C is noted."""
    pending = set(futures)
    while pending:
        if stop.is_set():
            raise Terminated if stop.by_sigterm else KeyboardInterrupt
        finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        yield from finished
