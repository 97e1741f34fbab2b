"""The mechanisms the article describes, one class each: parameters, their meaning, their
notes, the agent class that carries the mechanism out (`carrier`), where it has something to
act on, and its plain words for students and teachers.

Which agent class carries which mechanism is data here, so the loader checks a profile's
`behaviour:` without importing `agents`; the web briefing, the teacher pack, the report and
the played game's narration read a mechanism's words from its class, so a new mechanism is
one class here plus the hooks of its agent class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Annotated, ClassVar, get_args

from pydantic import BeforeValidator

from sim.scenario.numbers import Frozen, Id, Source, Uncertain, number_or_mapping, within


class Mechanism(Frozen):
    """A behaviour the article describes, carried out by the actor's agent class.

    Every mechanism can be switched off (`enabled: false`) or changed from a
    counterfactual file, without code.
    """

    carrier: ClassVar[str]
    """The agent class (an id of `AGENT_CLASS_IDS`) that carries the mechanism out."""
    title: ClassVar[str]
    """A short name in plain words (`Arms as leverage`)."""
    explanation: ClassVar[str]
    """One paragraph in our own words for students and teachers, citing the article's notes."""
    what_it_does: ClassVar[str]
    """What the carrier does, to follow a capital's name, `now` or `no longer`."""
    parameter_words: ClassVar[Mapping[str, str]] = {}
    """Each numeric parameter in plain words (`{who}`: the capital), for a change to it."""
    blocking_words: ClassVar[Mapping[str, str]] = {}
    """The deadlock reasons (of `sim.maths.deadlock.REASONS`) this mechanism gives, in the
    present tense (`{name}`: the capital, `{other}`: the other side)."""

    enabled: bool = True
    """Switch the mechanism off to ask what happens without it."""
    source: Source

    def acts_in(self, issues: Collection[str], restrained: Collection[str]) -> bool:
        """Whether the mechanism has anything to act on in an episode with these `issues`,
        where its carrier leads a side and overrides the vetoes of the `restrained` members."""
        return True


Rate = Annotated[Uncertain, BeforeValidator(number_or_mapping), within(0.0, 1.0)]


class StatedStance(Mechanism):
    """The stance a leader states is firmer than its true one (Beijing's cable, notes 28-31, 35).

    The other party sees, and the leader bargains by, its true conflict value plus a
    premium; the true value still says what the leader would in fact accept.
    """

    carrier: ClassVar[str] = "beijing"
    title: ClassVar[str] = "A firmer stated stance"
    explanation: ClassVar[str] = (
        "A leader can say that its side will settle only on harder terms than it would in "
        "truth accept, to make the other side give more. The other side bargains against the "
        "stated stance, which softens month by month because nobody can keep it up for ever; "
        "what the leader would really accept does not change. The model follows Beijing's "
        "cables of autumn 1950 (notes 28-31, 35)."
    )
    what_it_does: ClassVar[str] = "states a firmer stance than its true one, to win leverage"
    parameter_words: ClassVar[Mapping[str, str]] = {
        "premium": "how much firmer {who}'s stated stance is than its true one",
        "erosion": "how fast {who}'s extra firmness wears off each month",
    }
    blocking_words: ClassVar[Mapping[str, str]] = {
        "stated_stance": "{name} holds to a firmer stance than it needs",
    }

    premium: Rate
    """Added to the true conflict value in the stance the leader states."""
    erosion: Rate
    """Fall of the premium per month: a stated stance cannot be held for ever."""


class Persuasion(Mechanism):
    """China's lead (Concluding Remarks, note 59): on the questions where it leads, the leader
    brings an ally round to accepting what the leader accepts."""

    carrier: ClassVar[str] = "beijing"
    title: ClassVar[str] = "Persuading an ally"
    explanation: ClassVar[str] = (
        "A leading ally can talk its partner round: month by month the partner comes to "
        "accept the terms the leader is ready to accept on the questions where it leads. Mao "
        "persuaded Stalin to let the demand for the withdrawal of foreign troops and the 38th "
        "parallel as the line go (note 59 and the article's conclusion)."
    )
    what_it_does: ClassVar[str] = "brings its ally round to the terms it is ready to accept"
    parameter_words: ClassVar[Mapping[str, str]] = {
        "rate": "how fast {who} brings its ally round each month",
    }

    ally: Id
    """The ally who comes round."""
    over: tuple[Id, ...]
    """The questions the leader persuades the ally on: note 59 names withdrawal and the
    line, not the prisoners."""
    rate: Rate
    """Share of the gap closed per month between the ally's weight on a question and the
    highest weight at which it would accept what the leader accepts."""

    def acts_in(self, issues: Collection[str], restrained: Collection[str]) -> bool:
        """Only where a question it persuades on is bargained over."""
        return any(issue in issues for issue in self.over)


class ArmsSupply(Mechanism):
    """Arms as leverage (notes 52-56, 63, 66): held back while an armistice the supplier would
    take is on offer, supplied once none is, at a monthly cost to the supplier."""

    carrier: ClassVar[str] = "moscow"
    title: ClassVar[str] = "Arms as leverage"
    explanation: ClassVar[str] = (
        "A patron can hold its arms back while it expects an armistice it would accept, and "
        "send them once the other side offers nothing it prefers to more war. The arms make "
        "the ally readier to fight on and give the patron a bigger say inside their side, but "
        "never more say than the ally that leads it, and they cost the patron dearly. In 1951 "
        "Stalin kept deliveries capped while an armistice seemed near; once the talks stuck on "
        "the prisoners, more arms bound Beijing closer to his advice (notes 52-56, 63, 66)."
    )
    what_it_does: ClassVar[str] = (
        "arms its ally once the other side offers nothing it would take, and so gains a louder "
        "voice"
    )
    parameter_words: ClassVar[Mapping[str, str]] = {
        "capacity": "how much {who}'s arms add to its ally's will to fight on",
        "leverage": "how much louder {who}'s arms make its voice in its side",
        "cost": "how much arming its ally costs {who} each month",
    }
    blocking_words: ClassVar[Mapping[str, str]] = {
        "arms": "{name}'s arms keep its ally fighting on",
    }

    recipient: Id
    """The ally whose capacity to fight on the arms raise (it also caps the supplier's voice)."""
    capacity: Rate
    """Added to the recipient's conflict value while arms flow."""
    leverage: Rate
    """Added to the supplier's influence in its bloc while arms flow, up to the recipient's."""
    cost: Rate = Uncertain(value=0.0)
    """Monthly fall of the supplier's own conflict value while arms flow (note 66)."""
    over: tuple[Id, ...] | None = None
    """The questions whose deadlock brings the arms (every question if unset). In the talks
    only the prisoners did: in 1951 Stalin capped deliveries while he expected an armistice
    (notes 52-53) and armed China once the prisoner issue stuck (notes 63, 66). A question
    the scenario does not hold (a view of the talks without the prisoners) brings none."""


class Arbitration(Mechanism):
    """The arbiter settles a disagreement between two allies instead of averaging them
    (abstract; notes 40, 58)."""

    carrier: ClassVar[str] = "moscow"
    title: ClassVar[str] = "Arbitration between allies"
    explanation: ClassVar[str] = (
        "When two allies disagree on whether a deal is better than fighting on, a stronger "
        "partner settles the quarrel by siding with one of them, instead of their views being "
        "averaged: the ally it backs carries the weight of both, and the other's veto does not "
        "stand (abstract; notes 40, 58)."
    )
    what_it_does: ClassVar[str] = "settles its allies' quarrels by taking one side"

    between: tuple[Id, Id]
    """The two members whose disagreements the arbiter settles (leader first)."""


class PrisonerSteps(Mechanism):
    """Advice in steps on one issue (Stalin's three steps on prisoners, note 67): from the date
    of the advice the side's leader is pushed to settle, so it comes to propose the step the
    other side can accept, at its own pace; advice, not a limit on what the side may offer
    (text before note 57)."""

    carrier: ClassVar[str] = "moscow"
    title: ClassVar[str] = "Advice in steps"
    explanation: ClassVar[str] = (
        "An adviser can show its side a way out one step at a time. From the day of the advice "
        "the side's leader is readier each month to settle on the last step, faster or slower "
        "as it chooses: the adviser advises, it does not dictate. On the prisoners the model follows "
        "Stalin's three steps of August 1952, the last being custody by a neutral country, "
        "which fed into China's new proposal of 1953 (notes 64, 67)."
    )
    what_it_does: ClassVar[str] = (
        "advises the prisoner terms in steps, and its side's leader comes round to them"
    )
    parameter_words: ClassVar[Mapping[str, str]] = {
        "pull": "how much readier to settle {who}'s advice makes its side's leader each month",
    }

    issue: Id
    """The issue the advice is about (ignored in scenarios without it)."""
    furthest: Id
    """Option id of the last step the advice reaches."""
    advised: dt.date
    """The date of the advice: from then on it pushes the side's leader to settle."""
    pull: Rate = Uncertain(value=0.0)
    """Monthly fall of the leader's conflict value after the advice."""

    def acts_in(self, issues: Collection[str], restrained: Collection[str]) -> bool:
        """Only where the issue of the advice is bargained over."""
        return self.issue in issues


class Exhaustion(Mechanism):
    """An ally that cannot carry on the war leaves its burden to its patron (notes 60, 61)."""

    carrier: ClassVar[str] = "pyongyang"
    title: ClassVar[str] = "Exhaustion"
    explanation: ClassVar[str] = (
        "An ally that can no longer carry the war leaves its weight to its patron: month by "
        "month, fighting on becomes worth less to the patron, which is pushed towards a deal "
        "(notes 60, 61)."
    )
    what_it_does: ClassVar[str] = "leaves the burden of the war to its ally"
    parameter_words: ClassVar[Mapping[str, str]] = {
        "burden": "the monthly burden {who} leaves to its ally",
    }

    patron: Id
    """The ally that must carry the war in its place."""
    burden: Rate
    """Monthly fall of the patron's conflict value."""


class Restraint(Mechanism):
    """A leader overrides a restrained member's veto at the table and buys its signature
    afterwards with one package (Washington and Rhee, notes 68-69; :mod:`sim.engine.signing`)."""

    carrier: ClassVar[str] = "washington"
    title: ClassVar[str] = "Restraint at a price"
    explanation: ClassVar[str] = (
        "A leader can stop a partner on its side from blocking a deal the partner dislikes, "
        "but the partner's signature has a price, which the leader counts in what such a deal "
        "is worth. Once the terms are agreed the partner may act alone in protest, which puts "
        "the leader under pressure, and it signs only when the leader pays its price, once. "
        "Rhee freed the anti-communist prisoners two weeks after the prisoner terms of June "
        "1953; Washington bought his signature with a security pact, twenty divisions and $200 "
        "million (note 68)."
    )
    what_it_does: ClassVar[str] = "pays its partner's price to stop it blocking the deal"
    parameter_words: ClassVar[Mapping[str, str]] = {
        "price": "the price {who} pays, once, for its partner's signature",
        "pressure": "how much its partner acting alone presses {who} to end the war",
    }

    price: Rate
    """The one package, in the leader's utility, that buys the member's signature: paid at
    signing, and counted by the leader in its value of every option the member would veto."""
    pressure: Rate = Uncertain(value=0.0)
    """Fall of the leader's value of fighting on when the member acts alone against the terms."""

    def acts_in(self, issues: Collection[str], restrained: Collection[str]) -> bool:
        """Only where its carrier leads a side that restrains a member."""
        return bool(restrained)


AGENT_CLASS_IDS = ("moscow", "beijing", "pyongyang", "washington", "generic")
"""The agent classes of `agents/` an actor may name in `agent:` (`generic` carries nothing)."""


def _mechanism(field) -> type[Mechanism]:
    """The Mechanism class of an optional `Behaviour` field."""
    return next(arg for arg in get_args(field.annotation) if arg is not type(None))


class Behaviour(Frozen):
    """The mechanisms an actor's agent class carries out in this period (each optional)."""

    stated_stance: StatedStance | None = None
    persuasion: Persuasion | None = None
    arms_supply: ArmsSupply | None = None
    arbitration: Arbitration | None = None
    prisoner_steps: PrisonerSteps | None = None
    exhaustion: Exhaustion | None = None
    restraint: Restraint | None = None

    @classmethod
    def mechanism_classes(cls) -> dict[str, type[Mechanism]]:
        """Every mechanism's class, by its name in `behaviour:`, in field order."""
        return {name: _mechanism(field) for name, field in cls.model_fields.items()}

    @classmethod
    def carried_by(cls, agent: str) -> tuple[str, ...]:
        """The mechanisms the agent class `agent` carries out, in field order."""
        return tuple(
            name for name, kind in cls.mechanism_classes().items() if kind.carrier == agent
        )

    def active(self) -> dict[str, Mechanism]:
        """The mechanisms given and switched on, by name."""
        return {
            name: value
            for name in type(self).model_fields
            if (value := getattr(self, name)) is not None and value.enabled
        }
