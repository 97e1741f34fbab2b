"""alliance-sim's engine: scenario schema and loader, the Mesa model, the bargaining protocol,
events, randomness, runs and the CLI. Nothing here imports matplotlib."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alliance-sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
