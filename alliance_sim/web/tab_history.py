"""The open tab in the page's address (`?tab=3`), so that the browser's Back returns to the
tab before instead of leaving the app (issue 21 item 2: "Back stays inside the app").

Choosing a tab pushes a new address through Solara's router (`history.pushState` in the
browser); Back pops it, the router's address changes, and the page opens the tab it names.
The other parameters of the address (`lang`, `view`, ...) are kept. Tabs are numbered from 1,
as their labels are ("3 Run"); a missing or wrong number opens the first.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

PARAM = "tab"


def tab_of(search: str | None, tabs: int) -> int:
    """The index (from 0) of the tab the address names; 0 when none or a wrong one."""
    for key, value in parse_qsl(search or ""):
        if key == PARAM and value.isdigit() and 1 <= int(value) <= tabs:
            return int(value) - 1
    return 0


def with_tab(path: str | None, search: str | None, index: int) -> str:
    """The address of the same page with tab `index` (from 0) open."""
    kept = [(k, v) for k, v in parse_qsl(search or "", keep_blank_values=True) if k != PARAM]
    return f"{path or '/'}?{urlencode([*kept, (PARAM, str(index + 1))])}"
