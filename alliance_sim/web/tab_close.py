"""What a browser tab leaves behind when it closes (issue 24 items 5 and 6).

A tab is a Solara kernel. When its kernel closes (the tab was closed and the short grace
period for a reconnect has passed, see `alliance-sim serve`), every run ticket the tab still
holds is cancelled: its queued runs leave the queue, and a running one stops at its next
progress report unless another tab waits for the same run. The kernel's own state (the
page's reactive values, its results) goes with the kernel.
"""

from __future__ import annotations

from collections.abc import Callable

from alliance_sim.web.content.run_pool import shared_pool


def current_tab() -> str | None:
    """This tab's kernel id, or None outside a kernel (a unit test calling directly)."""
    from solara.server import kernel_context

    try:
        return kernel_context.get_current_context().id
    except (RuntimeError, AttributeError, KeyError):
        return None


def on_tab_open() -> Callable[[], None] | None:
    """Called by Solara as a tab's kernel starts; returns what to do as it closes."""
    tab = current_tab()
    if tab is None:
        return None

    def closed() -> None:
        shared_pool().cancel_holder(tab)

    return closed


def register() -> None:
    """Have every new tab's kernel cancel its runs as it closes (once, at app import)."""
    import solara.lab

    solara.lab.on_kernel_start(on_tab_open)
