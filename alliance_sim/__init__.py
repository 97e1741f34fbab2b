"""alliance-sim for notebooks: load a scenario, run it, batch it, compare runs.

    >>> import alliance_sim as asim
    >>> base = asim.run("pow_repatriation", replicates=500)
    >>> lives = asim.run("pow_stalin_lives", replicates=500)
    >>> asim.compare(base, lives)["issues"]["pow_repatriation"]["runs"][1]["shares"]

Every result is a :class:`Results`: label, scenario, replicates, seed, the results table
(numpy columns, one row per replicate and issue) and the per-step history of a sample.
The command line (`alliance-sim`) and the web app are built on the same functions.
"""

from alliance_sim.api import Results, batch, compare, load_scenario, read, run, sweep

__all__ = ["Results", "batch", "compare", "load_scenario", "read", "run", "sweep"]
