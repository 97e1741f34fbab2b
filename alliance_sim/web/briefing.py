"""A short plain-language briefing of an episode, with every position's source in the article."""

from __future__ import annotations

from sim.campaign import Campaign
from sim.schema import Event, Scenario, Sourced

WEIGHT = ((0.75, "a great deal"), (0.45, "much"), (0.0, "a little"))


def cite(source: str) -> str:
    """`notes 33, 35: text` -> `text (notes 33, 35)`; external references keep their label."""
    where, _, text = source.partition(": ")
    return f"{text} ({where})" if text else source


def _closest(scenario: Scenario, issue_id: str, ideal: float) -> str:
    options = scenario.issues[issue_id].options
    return min(options, key=lambda o: abs(o.position - ideal)).label


def _war(value: Sourced) -> str:
    if value.low > 0:
        return "gains from every month without a deal"
    if value.high < 0:
        return "loses from every month without a deal"
    return "is neither helped nor hurt much by time passing"


MECHANISMS = {
    "stated_stance": "states a firmer stance than its true one, to win leverage",
    "arms_supply": "arms its ally while it prefers the war to go on, gaining a louder voice",
    "arbitration": "settles its allies' quarrels by taking one side, not by averaging them",
    "prisoner_steps": "advises the terms in steps, and the bloc goes no further than its advice",
    "exhaustion": "cannot carry the war itself, so its ally bears the burden",
    "restraint": "overrides its partner's veto, at a price",
}


def _applies(scenario: Scenario, actor_id: str, name: str, mechanism: object) -> bool:
    """Whether a mechanism has anything to act on in this episode."""
    if name == "prisoner_steps":
        return mechanism.issue in scenario.issues
    if name == "restraint":
        return any(p.leader == actor_id and p.restrains for p in scenario.parties.values())
    return True


def _event_date(event: Event) -> str:
    when = f"{event.date:%d %b %Y}"
    if event.date_range is not None:
        low, high = event.date_range
        when = f"between {low:%d %b} and {high:%d %b %Y}"
    if event.probability < 1:
        when += f" (in {event.probability:.0%} of runs)"
    return when


def campaign_markdown(campaign: Campaign) -> str:
    """Markdown for a campaign: how its stages are linked, then each stage's briefing."""
    lines = [
        f"## {campaign.title}",
        "",
        campaign.summary,
        "",
        "### How one stage leads to the next",
    ]
    for index, stage in enumerate(campaign.stages, 1):
        lines.append(f"{index}. **{stage.title}**")
    lines += ["", "What a stage's outcome changes in the next one:", ""]
    for rule in campaign.spec.carry_over:
        lines.append(f"- **{rule.label}** — {cite(rule.source)}.")
    for end in campaign.spec.ends:
        lines += [f"- **{end.label}**: {end.explanation} — {cite(end.source)}."]
    for index, stage in enumerate(campaign.stages, 1):
        stage_text = briefing_markdown(stage).replace("\n### ", "\n#### ")
        lines += ["", stage_text.replace("## ", f"### Stage {index}: ", 1)]
    return "\n".join(lines)


def briefing_markdown(scenario: Scenario | Campaign) -> str:
    """Markdown: what is at stake, who sits at the table, what each capital wants and why."""
    if isinstance(scenario, Campaign):
        return campaign_markdown(scenario)
    lines = [f"## {scenario.title}", "", scenario.summary, "", "### What is at stake"]
    for issue in scenario.issues.values():
        means = (
            f" If they agree: {issue.agreement_means.rstrip('.')}." if issue.agreement_means else ""
        )
        lines += [f"**{issue.label}.**{means} The options:", ""]
        lines += [f"{n}. {o.label}" for n, o in enumerate(issue.options, 1)]
        lines.append("")
    lines += ["### Who sits at the table", ""]
    for party in scenario.parties.values():
        lead = scenario.actors[party.leader].name or party.leader
        others = [scenario.actors[m].name or m for m in party.members if m != party.leader]
        if others:
            lines.append(f"- **{party.label}**: {lead} speaks for " + ", ".join(others))
        else:
            lines.append(f"- **{lead}**")
    lines += ["", "### What each capital wants, and where the article says so", ""]
    for actor_id, actor in scenario.actors.items():
        name = actor.name or actor_id
        wants = []
        for issue_id, position in actor.positions.items():
            weight = next(word for limit, word in WEIGHT if position.salience.value >= limit)
            wants.append(
                f"on *{scenario.issues[issue_id].label}* it wants "
                f"**{_closest(scenario, issue_id, position.ideal.value)}** "
                f"and cares {weight} "
                f"— {cite(position.ideal.source)}"
            )
        profile = actor.profile
        if profile is not None:
            wants.append(f"it {_war(profile.war_payoff)} — {cite(profile.war_payoff.source)}")
        if wants:
            lines.append(f"- **{name}**: " + "; ".join(wants) + ".")
    lines += ["", "### How the capitals act", ""]
    for lobby in scenario.lobbying:
        who = scenario.actors[lobby.actor].name or lobby.actor
        target = scenario.actors[lobby.target].name or lobby.target
        lines.append(f"- **{who}** presses {target} — {cite(lobby.pressure.source)}.")
    for actor_id, actor in scenario.actors.items():
        if actor.profile is None:
            continue
        for name, mechanism in actor.profile.behaviour.active().items():
            if not _applies(scenario, actor_id, name, mechanism):
                continue
            lines.append(
                f"- **{actor.name or actor_id}** {MECHANISMS[name]} — {cite(mechanism.source)}."
            )
    if scenario.events:
        lines += ["", "### Events in the model", ""]
        lines += [f"- {_event_date(e)}: {e.label} — {cite(e.source)}" for e in scenario.events]
    return "\n".join(lines)


def history_markdown(scenario: Scenario) -> str:
    """What happened, for comparison after the class has guessed (the engine never reads it)."""
    lines = []
    for issue_id, record in scenario.historical.items():
        issue = scenario.issues[issue_id]
        label = next((o.label for o in issue.options if o.id == record.outcome), record.outcome)
        lines.append(f"- **{issue.label}**: {label}, {record.date:%d %b %Y}. {record.note}")
    return "\n".join(lines)
