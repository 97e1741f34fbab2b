"""The classroom web app (Solara): `app.py` and its `ui_*` pages, over `content/`.

Only the modules here import solara; `content/` holds what the pages show as plain functions
that tests call without a browser.
"""
