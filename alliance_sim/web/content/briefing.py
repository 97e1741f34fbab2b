"""A short plain-language briefing of an episode, with every position's source in the article.

Its words are in the page's catalogue (`alliance_sim.web.content.words`); how a capital acts is told
in the words of each mechanism's class (`sim.scenario.mechanisms`), which the teacher pack
uses too, so the page and the handouts agree.
"""

from __future__ import annotations

from alliance_sim.classroom.plain_words import student_source
from alliance_sim.i18n import _
from alliance_sim.web.content import words
from sim.scenario.campaign import Campaign
from sim.scenario.mechanisms import Mechanism
from sim.scenario.numbers import Sourced
from sim.scenario.structure import Event, Scenario


def cite(source: str) -> str:
    """`notes 33, 35: text` -> `text (notes 33, 35)`; external references keep their label."""
    where, _, text = source.partition(": ")
    return f"{text} ({where})" if text else source


def source_words(source: str, teacher: bool) -> str:
    """A source as the teacher reads it (`cite`), or as a student does: without the clauses
    on the model's making (`alliance_sim.classroom.plain_words.student_source`)."""
    return cite(source) if teacher else student_source(source)


def _closest(scenario: Scenario, issue_id: str, ideal: float) -> str:
    options = scenario.issues[issue_id].options
    return min(options, key=lambda o: abs(o.position - ideal)).label


def _war(value: Sourced) -> str:
    if value.low > 0:
        return words.WAR["gains"]
    if value.high < 0:
        return words.WAR["loses"]
    return words.WAR["neither"]


def _acting(scenario: Scenario) -> list[tuple[str, Mechanism]]:
    """Each capital's switched-on mechanisms that have something to act on in this episode,
    with the capital's name."""
    found = []
    for actor_id, actor in scenario.actors.items():
        if actor.profile is None:
            continue
        restrained = scenario.restrained_by(actor_id)
        for mechanism in actor.profile.behaviour.active().values():
            if mechanism.acts_in(scenario.issues, restrained):
                found.append((actor.name or actor_id, mechanism))
    return found


def _explained(acting: list[tuple[str, Mechanism]]) -> list[str]:
    """Each way of acting in the episode, explained once in its class's words."""
    kinds = dict.fromkeys(type(mechanism) for _, mechanism in acting)
    if not kinds:
        return []
    return ["", words.WAYS_EXPLAINED, ""] + [
        f"- **{_(kind.title)}**: {_(kind.explanation)}" for kind in kinds
    ]


def _event_date(event: Event) -> str:
    when = _("{date:%d %b %Y}").format(date=event.date)
    if event.date_range is not None:
        low, high = event.date_range
        when = words.EVENT_BETWEEN.format(low=low, high=high)
    if event.probability < 1:
        when += words.EVENT_CHANCE.format(share=event.probability)
    return when


def campaign_markdown(campaign: Campaign, teacher: bool = False) -> str:
    """Markdown for a campaign: how its stages are linked, then each stage's briefing."""
    lines = [
        f"## {campaign.title}",
        "",
        campaign.summary,
        "",
        words.CAMPAIGN_LINKS,
    ]
    for index, stage in enumerate(campaign.stages, 1):
        lines.append(f"{index}. **{stage.title}**")
    lines += ["", words.CAMPAIGN_CARRIES, ""]
    for rule in campaign.spec.carry_over:
        lines.append(f"- **{rule.label}** — {source_words(rule.source, teacher)}.")
    for end in campaign.spec.ends:
        lines += [f"- **{end.label}**: {end.explanation} — {source_words(end.source, teacher)}."]
    for index, stage in enumerate(campaign.stages, 1):
        stage_text = briefing_markdown(stage, teacher).replace("\n### ", "\n#### ")
        lines += [
            "",
            stage_text.replace("## ", "### " + words.CAMPAIGN_STAGE.format(number=index), 1),
        ]
    return "\n".join(lines)


def briefing_markdown(scenario: Scenario | Campaign, teacher: bool = False) -> str:
    """Markdown: what is at stake, who sits at the table, what each capital wants and why (each
    source in full for the `teacher`; for students without the notes on the model's making)."""
    if isinstance(scenario, Campaign):
        return campaign_markdown(scenario, teacher)

    def cite(source: str) -> str:
        return source_words(source, teacher)

    lines = [f"## {scenario.title}", "", scenario.summary, "", words.STAKE]
    for issue in scenario.issues.values():
        means = (
            words.IF_AGREED.format(means=issue.agreement_means.rstrip("."))
            if issue.agreement_means
            else ""
        )
        lines += [words.OPTIONS.format(issue=issue.label, means=means), ""]
        lines += [f"{n}. {o.label}" for n, o in enumerate(issue.options, 1)]
        lines.append("")
    lines += [words.AT_THE_TABLE, ""]
    for party in scenario.parties.values():
        lead = scenario.actors[party.leader].name or party.leader
        others = [scenario.actors[m].name or m for m in party.members if m != party.leader]
        if others:
            lines.append(
                words.SPEAKS_FOR.format(party=party.label, leader=lead, others=", ".join(others))
            )
        else:
            lines.append(f"- **{lead}**")
    lines += ["", words.WANTS_HEADING, ""]
    for actor_id, actor in scenario.actors.items():
        name = actor.name or actor_id
        wants = []
        for issue_id, position in actor.positions.items():
            weight = next(w for limit, w in words.WEIGHT if position.salience.value >= limit)
            wants.append(
                words.WANTS.format(
                    issue=scenario.issues[issue_id].label,
                    option=_closest(scenario, issue_id, position.ideal.value),
                    weight=weight,
                    source=cite(position.ideal.source),
                )
            )
        profile = actor.profile
        if profile is not None:
            wants.append(
                _("it {war} — {source}").format(
                    war=_war(profile.war_payoff), source=cite(profile.war_payoff.source)
                )
            )
        if wants:
            lines.append(f"- **{name}**: " + "; ".join(wants) + ".")
    lines += ["", words.HOW_THEY_ACT, ""]
    for lobby in scenario.lobbying:
        who = scenario.actors[lobby.actor].name or lobby.actor
        target = scenario.actors[lobby.target].name or lobby.target
        lines.append(
            words.PRESSES.format(who=who, target=target, source=cite(lobby.pressure.source))
        )
    acting = _acting(scenario)
    lines += [
        _("- **{who}** {does} — {source}.").format(
            who=who, does=_(mechanism.what_it_does), source=cite(mechanism.source)
        )
        for who, mechanism in acting
    ]
    lines += _explained(acting)
    if scenario.events:
        lines += ["", words.EVENTS_HEADING, ""]
        lines += [f"- {_event_date(e)}: {e.label} — {cite(e.source)}" for e in scenario.events]
    return "\n".join(lines)


def history_markdown(scenario: Scenario) -> str:
    """What happened, for comparison after the class has guessed (the engine never reads it)."""
    lines = []
    for issue_id, record in scenario.historical.items():
        issue = scenario.issues[issue_id]
        label = next((o.label for o in issue.options if o.id == record.outcome), record.outcome)
        lines.append(
            words.HISTORY_LINE.format(
                issue=issue.label, outcome=label, date=record.date, note=record.note
            )
        )
    return "\n".join(lines)
