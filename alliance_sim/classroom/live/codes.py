"""A class session's join code: short, read off a projector and typed on a phone."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 5


def new_code() -> str:
    """A random code (a class room makes sure no other session has it)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A typed code as stored: upper case, no spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()
