"""The `alliance-sim` command line, the top layer: every command is registered in `app.py`."""
