"""Where each browser is in the class sessions, so that a reload, Back, sleep or a crashed
browser returns its person to the same place (issue 21 item 2): the teacher to the projector
of the session they started, a student to their own seat and game, never a new "Student 3".

A browser is named by a random id it keeps (the web page uses Solara's session cookie, which
`serve` makes HttpOnly); the places live in server memory beside the sessions they point to.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Place:
    """One browser's places: the session it teaches (code, teacher token), the ones it joined."""

    teaching: tuple[str, str] | None = None
    joined: dict[str, str] = field(default_factory=dict)  # code -> student id


class Places:
    """Every browser's places, for the whole server."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_browser: dict[str, Place] = {}

    def teaching(self, browser: str) -> tuple[str, str] | None:
        place = self.by_browser.get(browser)
        return place.teaching if place else None

    def joined(self, browser: str, code: str) -> str | None:
        place = self.by_browser.get(browser)
        return place.joined.get(code) if place else None

    def any_joined(self, browser: str) -> tuple[str, str] | None:
        """(code, student id) of the session this browser joined last, or None."""
        place = self.by_browser.get(browser)
        if not place or not place.joined:
            return None
        return next(reversed(place.joined.items()))

    def teach(self, browser: str, code: str | None, token: str | None = None) -> None:
        """Remember (or, with None, forget) the session this browser teaches."""
        with self.lock:
            place = self.by_browser.setdefault(browser, Place())
            place.teaching = None if code is None else (code, token or "")

    def join(self, browser: str, code: str, student: str) -> None:
        with self.lock:
            self.by_browser.setdefault(browser, Place()).joined[code] = student

    def forget(self, code: str) -> None:
        """Drop every place in an ended session."""
        with self.lock:
            for place in self.by_browser.values():
                place.joined.pop(code, None)
                if place.teaching and place.teaching[0] == code:
                    place.teaching = None
            for browser in [
                b for b, p in self.by_browser.items() if not p.teaching and not p.joined
            ]:
                del self.by_browser[browser]  # bounded: only browsers with a live place
