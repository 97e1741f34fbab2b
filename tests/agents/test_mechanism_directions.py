"""Each mechanism on a small instance built in code, on and off: the direction the article gives.

Axelrod's `versus_test` style: two parties, one issue (0 is the communist side's end), point
values, fully rational concessions and no uncertainty, so a run is one deterministic replicate.
Talks meet weekly. Most instances bargain to the end inside a step, so an agreement's date is
the week its zone of agreement opens; those about terms open the zone at once and concede one
option a week. Actors are named after the capitals whose roles they play; only the carrier of
the mechanism under test has its agent class (`agent:`), the others are generic. Every
instance passes the loader's cross-reference checks before it runs.

The same mechanisms switched off in the calibrated built-in scenarios, by history's dates, are
retrodiction checks: tests/retrodiction/test_mechanisms_in_history.py.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pytest
from conftest import SRC, actor, build, position, two_party

from sim.engine.model import AllianceModel
from sim.engine.results import outcome_table
from sim.scenario import references

START = dt.date(1951, 1, 1)


def capital(agent: str, conflict: float, behaviour: dict, **profile) -> dict:
    """An actor carried by the agent class `agent`, with its mechanisms (each sourced)."""
    mechanisms = {name: {**params, "source": SRC} for name, params in behaviour.items()}
    return {**actor(conflict, behaviour=mechanisms, **profile), "agent": agent}


def talks(
    left: dict[str, dict],
    right: dict[str, dict],
    restrains=(),
    weeks: int = 104,
    open_at_start: bool = False,
) -> dict:
    """Two parties, each led by its first actor, bargaining weekly over one issue `x`.

    By default eleven options and bargaining finished inside a step (the date is the week the
    zone opens); an instance `open_at_start` has twenty-one options and one round a week, so
    the concessions take weeks and what changes in them can move the terms.
    """
    data = two_party(21 if open_at_start else 11, horizon=weeks, rationality=None)
    data["time"]["step"] = "week"
    data["bargaining"]["rounds_per_step"] = 1 if open_at_start else 31
    data["actors"] = {**left, **right}
    leaders = next(iter(left)), next(iter(right))
    data["parties"] = {
        side: {"label": side, "leader": leader, "members": list(members)}
        for side, leader, members in (("left", leaders[0], left), ("right", leaders[1], right))
    }
    data["parties"]["right"]["restrains"] = list(restrains)
    return data


def switched_off(data: dict, actor_id: str, mechanism: str) -> dict:
    """The instance with one mechanism switched off by data, as a counterfactual file does."""
    data = copy.deepcopy(data)
    data["actors"][actor_id]["profile"]["behaviour"][mechanism]["enabled"] = False
    return data


@dataclass(frozen=True)
class Outcome:
    """What a user reads off one run of issue `x`."""

    option: str
    """The agreed option's id, or `no_agreement`."""
    position: float
    """Where the agreed option lies on the 0..1 scale (nan: none)."""
    date: dt.date | None
    """The agreement's date (None: none within the horizon)."""
    held_out: dict[str, str]
    """Per party, `actor:reason` for whom the deal waited at the end of its longest deadlock."""

    def later_than(self, other: Outcome) -> bool:
        """Agreed later than `other`, or not at all where `other` agreed."""
        if other.date is None:
            return False
        return self.date is None or self.date > other.date


def settle(data: dict) -> Outcome:
    """Run the instance once, deterministically, and read its outcome."""
    scenario = build(data)
    assert not list(references.problems(scenario)), "the instance itself is invalid"
    model = AllianceModel(scenario, replicates=1, seed=0, uncertainty=False).run()
    table = outcome_table(model)
    date = table["agreement_date"][0]
    return Outcome(
        option=str(table["outcome"][0]),
        position=float(table["position"][0]),
        date=None if np.isnat(date) else date.astype(dt.date),
        held_out={side: str(table[f"held_out_{side}"][0]) for side in ("left", "right")},
    )


# --- Beijing: a stated stance firmer than the true one ------------------------------------------


def stated_stance(erosion: float = 0.1, open_at_start: bool = False) -> dict:
    """Beijing states 0.3 more than its true conflict value. Unless `open_at_start`, that value
    starts at 0.9 and falls by 0.1 a month; otherwise it stays at 0.3 and the zone is open."""
    return talks(
        left={
            "beijing": capital(
                "beijing",
                0.3 if open_at_start else 0.9,
                {"stated_stance": {"premium": 0.3, "erosion": erosion}},
                war_payoff=0.0 if open_at_start else -0.1,
                positions={"x": position(0.0, 1.0)},
            )
        },
        right={"moscow": actor(0.3, positions={"x": position(1.0, 1.0)})},
        open_at_start=open_at_start,
    )


def test_a_stated_stance_delays_the_deal_and_is_named_for_it():
    """Notes 28-31, 35: the Politburo had decided, but the cable said otherwise and bought time.
    With the stance the deal comes later, and while it waits the zone is open on the true
    values: Beijing's stated stance, not its preference for war, is what held it out."""
    bluffing = settle(stated_stance())
    honest = settle(switched_off(stated_stance(), "beijing", "stated_stance"))
    assert honest.date is not None and bluffing.later_than(honest)
    assert bluffing.held_out["left"] == "beijing:stated_stance"
    assert honest.held_out["left"] == "beijing:prefers_war"


def test_a_stated_stance_wears_off_so_the_faster_it_erodes_the_sooner_the_deal():
    """Notes 28, 33: Beijing had set its own date for the move; a stated stance cannot be held
    for ever. The slower the premium wears off, the later the deal, every time."""
    dates = [settle(stated_stance(erosion)).date for erosion in (0.2, 0.1, 0.05, 0.0)]
    assert None not in dates
    assert dates == sorted(set(dates)), f"agreement dates by slowing erosion: {dates}"


def test_a_stated_stance_held_while_bargaining_wins_better_terms():
    """Notes 30-32: the pretext bought leverage over Stalin: Moscow sees the stated stance and
    Beijing bargains by it. Where the zone is open and the concessions take weeks, a premium
    still standing gets Beijing terms nearer its own end."""
    bluffing = settle(stated_stance(erosion=0.05, open_at_start=True))
    honest = settle(switched_off(stated_stance(open_at_start=True), "beijing", "stated_stance"))
    assert bluffing.date is not None and honest.date is not None
    assert bluffing.position < honest.position


# --- Moscow: arms to a recipient while Moscow prefers war ---------------------------------------


def arms_supply(
    moscow_conflict: float = 0.75,
    capacity: float = 0.15,
    leverage: float = 0.3,
    open_at_start: bool = False,
) -> dict:
    """Beijing leads a bloc with Moscow, whose arms go to Beijing; Washington accepts positions
    from 0.3 up, which Moscow (conflict value 0.75 by default) values below fighting on.
    Unless `open_at_start`, Beijing accepts positions up to 0.2 at first, and its war costs
    mount while Moscow gains from the war."""
    return talks(
        left={
            "beijing": actor(
                0.3 if open_at_start else 0.8,
                war_payoff=0.0 if open_at_start else -0.05,
                veto=False,
                positions={"x": position(0.0, 1.0)},
            ),
            "moscow": capital(
                "moscow",
                moscow_conflict,
                {
                    "arms_supply": {
                        "recipient": "beijing",
                        "capacity": capacity,
                        "leverage": leverage,
                    }
                },
                war_payoff=0.0 if open_at_start else 0.02,
                influence=0.3,
                veto=False,
                positions={"x": position(0.0, 0.9)},
            ),
        },
        right={"washington": actor(0.3, positions={"x": position(1.0, 1.0)})},
        open_at_start=open_at_start,
    )


@pytest.mark.parametrize(
    "capacity, leverage", [(0.15, 0.0), (0.0, 0.3)], ids=["capacity", "leverage"]
)
def test_each_lever_of_arms_alone_holds_the_bloc_out_longer(capacity, leverage):
    """Notes 63, 66: Stalin's arms raised Beijing's capacity to fight on and tied it to his
    line. Each lever alone (the recipient's conflict value, Moscow's weight in the bloc)
    delays the bloc's agreement while Moscow gains from the war."""
    armed = settle(arms_supply(capacity=capacity, leverage=leverage))
    unarmed = settle(switched_off(arms_supply(), "moscow", "arms_supply"))
    assert unarmed.date is not None and armed.later_than(unarmed)


def test_arms_strengthen_the_blocs_hand_at_the_table():
    """Note 66: Stalin supplied arms to strengthen the communist hand at the table. Where the zone
    is open and the concessions take weeks, the armed bloc gets terms nearer its own end."""
    armed = settle(arms_supply(open_at_start=True))
    unarmed = settle(switched_off(arms_supply(open_at_start=True), "moscow", "arms_supply"))
    assert armed.date is not None and unarmed.date is not None
    assert armed.position < unarmed.position


def test_arms_flow_only_while_the_patron_prefers_war():
    """Notes 52-53, 63, 66: aid stayed capped while an armistice was expected; once the deadlock
    set in, Stalin's arms held the communist side out longer. A Moscow that prefers fighting on
    to the other side's demand delays the deal with its arms; one that prefers the demand
    supplies nothing, so switching arms off changes nothing."""
    for moscow_conflict, delays in ((0.75, True), (0.05, False)):
        instance = arms_supply(moscow_conflict=moscow_conflict)
        armed = settle(instance)
        unarmed = settle(switched_off(instance, "moscow", "arms_supply"))
        assert unarmed.date is not None
        assert armed.later_than(unarmed) is delays, f"Moscow's conflict value {moscow_conflict}"
        assert delays or armed == unarmed


def _armed_model(**arms) -> AllianceModel:
    """The arms instance as a model after four weekly steps (arms flow from the first)."""
    data = arms_supply()
    data["actors"]["moscow"]["profile"]["behaviour"]["arms_supply"].update(arms)
    model = AllianceModel(build(data), replicates=1, seed=0, uncertainty=False)
    for _ in range(4):
        model.step()
    assert model.actors["moscow"].supplying.all()
    return model


def test_arms_never_give_moscow_more_say_than_the_ally_that_leads():
    """Text before note 57 and the Concluding Remarks: China led the talks. However large the
    arms' leverage, Moscow's weight stops at Beijing's."""
    model = _armed_model(leverage=0.9)
    assert model.actors["moscow"].weight()[0] == pytest.approx(1.0)  # not 0.3 + 0.9
    assert _armed_model(leverage=0.3).actors["moscow"].weight()[0] == pytest.approx(0.6)


def test_arms_cost_the_supplier_every_month_they_flow():
    """Note 66: the prolonged war made Moscow pay for huge amounts of arms. A cost equal to its
    gain from the war keeps its value of fighting on where it started."""
    free = _armed_model(cost=0.0).actors["moscow"].conflict[0]
    paid = _armed_model(cost=0.02).actors["moscow"].conflict[0]
    assert free > 0.75
    assert paid == pytest.approx(0.75)


# --- Moscow: arbitration between two allies -----------------------------------------------------


def arbitration(moscow_conflict: float) -> dict:
    """Beijing (conflict 0.6, falling) would settle; Pyongyang, with as loud a voice and no veto
    (it speaks through Beijing), refuses (0.95); Moscow arbitrates between them."""
    return talks(
        left={
            "beijing": actor(
                0.6, war_payoff=-0.02, veto=False, positions={"x": position(0.0, 1.0)}
            ),
            "pyongyang": actor(0.95, veto=False, positions={"x": position(0.0, 1.0)}),
            "moscow": capital(
                "moscow",
                moscow_conflict,
                {"arbitration": {"between": ["beijing", "pyongyang"]}},
                influence=0.3,
                veto=False,
                positions={"x": position(0.0, 0.5)},
            ),
        },
        right={"washington": actor(0.3, positions={"x": position(1.0, 1.0)})},
        weeks=52,
    )


def test_arbitration_for_the_leader_overrides_the_refusing_ally_instead_of_averaging_it():
    """Abstract and note 58: Kim refused an armistice and Stalin sided with Mao. With Moscow
    agreeing with Beijing, the bloc settles at once; averaged, Pyongyang's refusal holds the
    bloc out, and it is named for it."""
    arbitrated = settle(arbitration(moscow_conflict=0.6))
    averaged = settle(switched_off(arbitration(moscow_conflict=0.6), "moscow", "arbitration"))
    assert arbitrated.date == START
    assert averaged.later_than(arbitrated)
    assert averaged.held_out["left"] == "pyongyang:prefers_war"


def test_arbitration_never_backs_the_refusing_ally_against_the_leader():
    """Abstract and notes 40, 58: Stalin settled Kim's quarrels with Mao on Mao's side; the
    article never shows him backing Kim against Mao. A Moscow that agrees with Pyongyang's
    refusal leaves the two averaged, exactly as with no arbitration at all."""
    arbitrated = settle(arbitration(moscow_conflict=0.9))
    averaged = settle(switched_off(arbitration(moscow_conflict=0.9), "moscow", "arbitration"))
    assert averaged.date is not None
    assert arbitrated == averaged


def test_arbitration_overrules_the_allys_veto_only_where_stalin_sides_with_mao():
    """Note 58: Kim, who had to sign the armistice, refused China's aim until Stalin sided with
    Mao. With a veto Pyongyang holds the bloc out on its own; arbitration for Beijing lifts the
    veto, and a Moscow that agrees with Pyongyang leaves it standing."""

    def vetoing(moscow_conflict: float) -> dict:
        data = arbitration(moscow_conflict)
        data["actors"]["pyongyang"]["profile"]["influence"] = {"value": 0.1, "source": SRC}
        data["actors"]["pyongyang"]["profile"]["veto"] = {"value": True, "source": SRC}
        return data

    arbitrated = settle(vetoing(moscow_conflict=0.6))
    vetoed = settle(switched_off(vetoing(moscow_conflict=0.6), "moscow", "arbitration"))
    assert arbitrated.date == START
    assert vetoed.later_than(arbitrated)
    assert vetoed.held_out["left"] == "pyongyang:veto"
    backing_kim = settle(vetoing(moscow_conflict=0.9))
    assert backing_kim.later_than(arbitrated)
    assert backing_kim.held_out["left"] == "pyongyang:veto"


# --- Moscow: advice in steps --------------------------------------------------------------------

ADVISED = dt.date(1951, 3, 1)


def prisoner_steps(beijing_conflict: float = 0.8, washington_conflict: float = 0.4) -> dict:
    """Beijing (conflict `beijing_conflict`, steady) leads; Moscow advises on ADVISED that the
    bloc go as far as position 0.5 (`o005`), pushing Beijing's value of fighting on down by
    0.1 a month from then; Washington accepts positions from `washington_conflict` up."""
    return talks(
        left={
            "beijing": actor(beijing_conflict, veto=False, positions={"x": position(0.0, 1.0)}),
            "moscow": capital(
                "moscow",
                0.2,
                {
                    "prisoner_steps": {
                        "issue": "x",
                        "furthest": "o005",
                        "advised": ADVISED,
                        "pull": 0.1,
                    }
                },
                influence=0.3,
                veto=False,
                positions={"x": position(0.0, 0.5)},
            ),
        },
        right={"washington": actor(washington_conflict, positions={"x": position(1.0, 1.0)})},
        weeks=52,
    )


def test_the_advice_brings_the_leader_to_settle_after_it_is_given():
    """Note 67: one of Stalin's steps contributed to China's new proposal. Beijing, which
    prefers fighting on to anything Washington accepts, settles some time after the advice;
    without the advice it does not settle within the year."""
    advised = settle(prisoner_steps())
    unadvised = settle(switched_off(prisoner_steps(), "moscow", "prisoner_steps"))
    assert advised.date is not None and advised.date > ADVISED
    assert unadvised.date is None
    assert unadvised.held_out["left"] == "beijing:prefers_war"


def test_the_advice_caps_nothing_the_bloc_would_offer():
    """Text before note 57: Stalin advised, he did not dictate. A Beijing ready to settle on
    day one gets the same deal with or without the advice, even beyond the advised step."""
    ready = prisoner_steps(beijing_conflict=0.2, washington_conflict=0.0)
    advised = settle(ready)
    unadvised = settle(switched_off(ready, "moscow", "prisoner_steps"))
    assert advised.date == START
    assert advised == unadvised


# --- Pyongyang: exhaustion ----------------------------------------------------------------------


def exhaustion(open_at_start: bool = False) -> dict:
    """Pyongyang, in Beijing's bloc but with no position of its own (it speaks through Beijing),
    cannot carry on the war and leaves a monthly burden of 0.05 to Beijing. Unless
    `open_at_start`, the zone opens only as Beijing's own war costs mount."""
    return talks(
        left={
            "beijing": actor(
                0.3 if open_at_start else 0.8,
                war_payoff=0.0 if open_at_start else -0.02,
                positions={"x": position(0.0, 1.0)},
            ),
            "pyongyang": capital(
                "pyongyang",
                0.9,
                {"exhaustion": {"patron": "beijing", "burden": 0.05}},
                influence=0.2,
                veto=False,
            ),
        },
        right={
            "washington": actor(0.3 if open_at_start else 0.4, positions={"x": position(1.0, 1.0)})
        },
        weeks=156,
        open_at_start=open_at_start,
    )


def test_an_exhausted_ally_brings_its_patron_to_terms_sooner():
    """Notes 60, 61: North Korea could not carry on the war, one reason Beijing settled. Its
    burden on Beijing's capacity to fight on brings the deal sooner."""
    exhausted = settle(exhaustion())
    fighting = settle(switched_off(exhaustion(), "pyongyang", "exhaustion"))
    assert exhausted.date is not None and fighting.later_than(exhausted)


def test_an_exhausted_ally_makes_its_patron_settle_for_less():
    """Note 60: Beijing accepted the line of contact rather than the prewar line, North Korea's
    exhaustion being one reason. Where the zone is open and the concessions take weeks, the
    patron ends nearer the other side's end."""
    exhausted = settle(exhaustion(open_at_start=True))
    fighting = settle(switched_off(exhaustion(open_at_start=True), "pyongyang", "exhaustion"))
    assert exhausted.date is not None and fighting.date is not None
    assert exhausted.position > fighting.position


# --- Washington: restraint of a member at a price -----------------------------------------------


def restraint(price: float, pressure: float = 0.0, war_payoff: float = 0.0) -> dict:
    """Washington (would settle from position 0.4) leads Seoul, which vetoes every position
    short of 0.9 and which Washington restrains; Beijing accepts positions up to 0.7. The
    agreement (an armistice) is signed once its terms are agreed and every signature is had."""
    data = talks(
        left={"beijing": actor(0.3, positions={"x": position(0.0, 1.0)})},
        right={
            "washington": capital(
                "washington",
                0.4,
                {"restraint": {"price": price, "pressure": pressure}},
                war_payoff=war_payoff,
                positions={"x": position(1.0, 1.0)},
            ),
            "seoul": actor(0.9, influence=0.2, positions={"x": position(1.0, 1.0)}),
        },
        restrains=["seoul"],
        weeks=52,
    )
    data["agreement"] = {"label": "The armistice"}
    return data


def signed(data: dict) -> tuple[dt.date | None, str]:
    """When the instance's agreement was signed (None: never) and who acted alone first."""
    model = AllianceModel(build(data), replicates=1, seed=0, uncertainty=False).run()
    day = outcome_table(model)["signed_date"][0]
    return (None if np.isnat(day) else day.astype(dt.date)), str(model.signing.acted_alone[0])


WEEK = dt.timedelta(days=7)


def test_a_leader_overrides_a_restrained_veto_when_the_price_is_worth_paying():
    """Note 68: Washington bought Rhee's acquiescence. At a price it can pay, it agrees despite
    Seoul's veto; without restraint Seoul's veto holds the deal off for good."""
    restrained = settle(restraint(price=0.05))
    spoiled = settle(switched_off(restraint(price=0.05), "washington", "restraint"))
    assert restrained.date == START
    assert spoiled.date is None
    assert spoiled.held_out["right"] == "seoul:veto"


def test_a_price_too_high_keeps_the_leader_from_the_deal():
    """Note 68: restraint has a price, which the leader counts in what the deal is worth. Where
    paying it leaves Washington below fighting on for every option Beijing accepts, Washington
    itself holds out of the deal that a lower price buys on day one."""
    paid, unpaid = settle(restraint(price=0.05)), settle(restraint(price=0.5))
    assert paid.date == START
    assert unpaid.date is None
    assert unpaid.held_out["right"] == "washington:prefers_war"


def test_the_restrained_member_acts_alone_and_signs_once_its_price_is_paid():
    """Note 68: Rhee acted alone once the terms were agreed, and signed only when Washington
    had bought him with one package: the agreement is signed a step after its terms. A price
    too high to pay brings no terms, so nobody acts alone and nothing is signed."""
    assert signed(restraint(0.05)) == (START + WEEK, "seoul")
    assert signed(restraint(0.5)) == (None, "")


def test_the_members_act_alone_can_neither_stop_nor_delay_the_signing():
    """Note 68: the release put Washington under pressure but could neither stop nor delay
    the armistice. Washington valued the terms net of the package, so it pays at once, with
    the pressure or without it."""
    for war_payoff in (0.0, -0.1):
        pressed = signed(restraint(0.05, pressure=0.5, war_payoff=war_payoff))
        assert pressed == signed(restraint(0.05, pressure=0.0, war_payoff=war_payoff))
        assert pressed[0] is not None


def test_without_an_objecting_member_the_agreement_is_signed_with_its_terms():
    """No one acts alone where the restrained member has no quarrel with the terms."""
    data = restraint(0.05)
    data["actors"]["seoul"]["profile"]["conflict_value"]["value"] = 0.0
    assert signed(data) == (START, "")


# --- Beijing: persuading its ally (China's lead) -------------------------------------------------


def persuasion(rate: float = 0.2) -> dict:
    """Beijing (which cares little about `x`) leads Moscow, which weighs `x` heavily and vetoes
    every option Washington accepts; Beijing brings Moscow round at `rate` a month."""
    return talks(
        left={
            "beijing": capital(
                "beijing",
                0.5,
                {"persuasion": {"ally": "moscow", "over": ["x"], "rate": rate}},
                veto=False,
                positions={"x": position(0.0, 0.2)},
            ),
            "moscow": actor(0.6, influence=0.3, positions={"x": position(0.0, 0.9)}),
        },
        right={"washington": actor(0.5, positions={"x": position(1.0, 1.0)})},
        weeks=52,
    )


def test_a_leader_that_weighs_the_question_more_but_accepts_more_still_softens_its_ally():
    """Note 59: Mao weighed the line more than Stalin yet was readier to accept the front (his
    value of fighting on was lower); persuasion brings Stalin round to accepting it, never
    makes him firmer (copying Beijing's weight did, and held the deal off)."""
    data = persuasion()
    data["actors"]["beijing"]["positions"]["x"] = position(0.0, 1.0)
    data["actors"]["beijing"]["profile"]["conflict_value"] = {"value": 0.1, "source": SRC}
    data["actors"]["moscow"]["positions"]["x"] = position(0.0, 0.95)
    persuaded = settle(data)
    unpersuaded = settle(switched_off(data, "beijing", "persuasion"))
    assert unpersuaded.date is None and unpersuaded.held_out["left"] == "moscow:veto"
    assert persuaded.date is not None


def test_persuasion_leaves_the_questions_it_is_not_over_alone():
    """Note 59 names withdrawal and the line, not the prisoners: a question outside `over` is
    not persuaded on, and Moscow's veto holds the deal off as if there were no persuasion."""
    data = persuasion()
    data["actors"]["beijing"]["profile"]["behaviour"]["persuasion"]["over"] = ["y"]
    data["issues"]["y"] = copy.deepcopy(data["issues"]["x"])
    outcome = settle(data)
    assert outcome.date is None and outcome.held_out["left"] == "moscow:veto"


def test_the_leader_persuades_its_ally_to_let_a_demand_go():
    """Note 59 and the Concluding Remarks: Mao persuaded Stalin to drop withdrawal and the
    parallel. With persuasion Moscow's veto gives way and the bloc settles, the faster the
    sooner; without it Moscow's veto holds the deal off."""
    persuaded = [settle(persuasion(rate)) for rate in (0.4, 0.2)]
    unpersuaded = settle(switched_off(persuasion(), "beijing", "persuasion"))
    assert unpersuaded.date is None
    assert unpersuaded.held_out["left"] == "moscow:veto"
    assert None not in [p.date for p in persuaded]
    assert persuaded[0].date < persuaded[1].date
