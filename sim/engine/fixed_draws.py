"""The ensemble model with some parameters set replicate by replicate instead of drawn.

A designed experiment is an ensemble whose replicates take chosen parameters
from a design matrix. :class:`DesignModel` is :class:`~sim.engine.model.AllianceModel`
with its :class:`~sim.maths.draws.ParameterDraws` wrapped: the other parameters,
the event days and the logit noise of a replicate are those of a plain run from
the same seed (each draw has its own stream), and the fixed ones are replaced by
the design's values. Whether an event with a probability happens is fixed through the
model's `events_happen` (`events.<id>.happens`).

The wrapper is put in place by a property on this subclass that intercepts the
base class's ``self.draws = ParameterDraws(...)``; a test checks that every
fixed value reaches the model, so a change there cannot go unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from sim.engine.model import AllianceModel
from sim.maths.draws import ParameterDraws
from sim.scenario.numbers import Uncertain
from sim.scenario.structure import Scenario


class FixedDraws:
    """`ParameterDraws` that hands out `fixed[name]` (one value per replicate) for some names,
    and records every name the model asks for, with its number."""

    def __init__(self, inner: ParameterDraws, fixed: Mapping[str, np.ndarray]):
        self.inner, self.fixed = inner, fixed
        self.asked: dict[str, Uncertain] = {}

    stream = property(lambda self: self.inner.stream)
    seed = property(lambda self: self.inner.seed)
    replicates = property(lambda self: self.inner.replicates)
    uncertain = property(lambda self: self.inner.uncertain)
    values = property(lambda self: self.inner.values)

    def __call__(self, name: str, number: Uncertain) -> np.ndarray:
        self.asked[name] = number
        if name not in self.fixed:
            return self.inner(name, number)
        values = np.array(self.fixed[name], dtype=float)
        self.inner.values[name] = values  # the `draw:` column shows what the replicate used
        return values


class DesignModel(AllianceModel):
    """`AllianceModel` whose replicates take `fixed` parameter values (draw name -> (R,) array)
    and event occurrences (`events.<id>.happens` -> (R,) bool) instead of drawing them.

    `events_happen` are further events that happen exactly where given (a campaign's carry-over rules).
    Raises ValueError if a fixed name is one the model never draws (it would have no effect).
    """

    def __init__(
        self,
        scenario: Scenario | str | Path,
        replicates: int,
        seed: int | None,
        fixed: Mapping[str, np.ndarray] | None = None,
        history_sample: int = 100,
        events_happen: Mapping[str, np.ndarray] | None = None,
    ):
        fixed = dict(fixed or {})
        self._happens = {
            name.removeprefix("events.").removesuffix(".happens"): np.asarray(values, dtype=bool)
            for name, values in fixed.items()
            if name.startswith("events.") and name.endswith(".happens")
        }
        self._fixed = {k: v for k, v in fixed.items() if not k.endswith(".happens")}
        super().__init__(
            scenario,
            replicates=replicates,
            seed=seed,
            history_sample=history_sample,
            events_happen={**(events_happen or {}), **self._happens} or None,
        )
        events = {event.id for event in self.scenario.events}
        unused = sorted(set(self._fixed) - set(self.draws.asked))
        unused += sorted(f"events.{e}.happens" for e in self._happens if e not in events)
        if unused:
            raise ValueError(f"the model never draws {', '.join(unused)}")
        for event_id, happens in self._happens.items():  # what the replicate used, not its draw
            self.draws.values[f"events.{event_id}.happens"] = happens.astype(float)

    @property
    def draws(self) -> FixedDraws:
        return self._draws

    @draws.setter
    def draws(self, inner: ParameterDraws) -> None:
        self._draws = FixedDraws(inner, self._fixed)
