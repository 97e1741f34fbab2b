"""A model's life: stepped to its end, read, then let go.

mesa 3.3 numbers agents through a class-level dict keyed by model
(`mesa.Agent._ids`) and never drops a model's key, so a finished model (tens of
MB for a chunk) would stay in memory for the life of the process; no public
call of mesa 3.3 removes it (`Model.remove_all_agents` leaves the key). Every
model the engine makes is therefore used inside :func:`releasing`, and the one
loop that runs a chunk's model to its end, :func:`run_to_end`, hands back what
was read from it, never the model. (mesa issue 3179: upstream later numbers
agents in the model itself; with a mesa that does, the private key goes away.)
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sim.engine.history import history_records
from sim.engine.model import AllianceModel
from sim.engine.results import Table, outcome_table
from sim.mesa_import import mesa

Model = TypeVar("Model", bound=mesa.Model)

History = list[dict]
"""The per-step history of a model's sample of replicates, as saved beside results."""


@contextmanager
def releasing(model: Model) -> Iterator[Model]:
    """`model` for the block; when the block ends, even by an exception (a Cancel button's),
    mesa's hold on the model is dropped, so that it is freed once nothing else refers to it.

    A model refers to itself through its agents (and mesa's wrapped `step`), so only the cycle
    collector frees it; one collection is run here, which frees the models let go before.
    """
    try:
        yield model
    finally:
        _release(model)


def _release(model: mesa.Model) -> None:
    """Drop mesa's hold on a finished `model` and run the cycle collector (see
    :func:`releasing`, the way to use it)."""
    mesa.Agent._ids.pop(model, None)
    gc.collect()


def run_to_end(
    model: AllianceModel,
    on_step: Callable[[int, int], None] | None = None,
    with_history: bool = False,
) -> tuple[Table, History | None]:
    """Run `model` until it stops, then release it; its outcome table and, `with_history`,
    its per-step history. `on_step(steps done, steps in all)` may raise to stop the run."""
    with releasing(model):
        model.run(on_step)
        return outcome_table(model), history_records(model) if with_history else None
