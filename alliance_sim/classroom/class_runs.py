"""How many simulated runs a class sees, and from which seed: one setting for the web page's
Run, the teacher pack (handouts, lesson plan, answer key) and the exercise report.

A worksheet is filled in from the page and checked against the pack's answer key: both must
come from the same runs, or the key's "96 %" reads "96.6 %" or "97 %" on the screen.
"""

from __future__ import annotations

from sim.engine.run_plan import DEFAULT_SEED

CLASS_REPLICATES = 2000
"""Simulated runs of each version: shares to the percent, a few seconds per click for a class."""

CLASS_SEED = DEFAULT_SEED
"""The seed of every classroom run (both versions share its stream)."""
