"""alliance-sim for notebooks: load a scenario, run it, batch it, sweep it, compare runs,
analyse what was swept.

    >>> import alliance_sim as asim
    >>> base = asim.run("pow_repatriation", replicates=500)
    >>> lives = asim.run("pow_stalin_lives", replicates=500)
    >>> asim.compare(base, lives)["issues"]["pow_repatriation"]["runs"][1]["shares"]

Every result is a :class:`Results`: label, scenario, replicates, seed, the results table
(numpy columns, one row per replicate and issue) and the per-step history of a sample.
The command line (`alliance-sim`) and the web app are built on the same functions.
"""

__all__ = [
    "Results",
    "batch",
    "compare",
    "discover",
    "load_scenario",
    "read",
    "run",
    "sensitivity",
    "summary",
    "sweep",
]


def __getattr__(name: str):
    """The API's names, imported on first use: the command line, which lives in this package,
    then starts without loading the engine."""
    if name in __all__:
        from alliance_sim import api

        return getattr(api, name)
    raise AttributeError(f"module 'alliance_sim' has no attribute {name!r}")
