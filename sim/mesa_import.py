"""Mesa, imported without its side effect on the whole process.

Importing mesa 3.3 sets the process's multiprocessing start method to "spawn" (its batch runner
does it at import time). A user's own script with a process pool would then re-run its main
module in every worker unless guarded, just because it imported alliance-sim. Every module of
ours imports mesa from here, which puts back the start method the process had; our own pools
ask for "spawn" explicitly (`sim.store.executors`).
"""

import multiprocessing

_before = multiprocessing.get_start_method(allow_none=True)

import mesa  # noqa: E402  (after noting the start method it changes)

multiprocessing.set_start_method(_before, force=True)

__all__ = ["mesa"]
