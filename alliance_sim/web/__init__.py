"""The classroom web app (Solara): layout and small components over runner, play, summary and plots.

Only `app.py` and the `ui_*` modules import solara; the other modules here are
plain functions that tests can call without a browser.
"""
