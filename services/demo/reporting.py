"""Demo listening and reporting: 18 months of check-ins with each city's own story, and
reports in every state, drafted from the demo's own documents.

Check-ins are monthly-ish, in the team's language, and follow the city's story
(services/demo/data/stories/): partners met while defining the problem, the local action group's
decisions, objectives while designing, test cards while experimenting. Each city has two
blockers of its own that recur (the second one as its first risk), a hard month where mood
drops and help is asked, and mood that rises as the city moves through the method. Two cities
have gone quiet (no check-in for over a month: the reminder shows).

The reporting calendar runs from the programme's first phase to its last (the network's
timeline), so every cycle since the cities joined counts. Reports cover the cycles that have
ended: most older ones accepted (one late), and the latest
one in a state that rotates across cities (submitted, draft, sent back, missing), so that every
report and compliance state appears. Their snapshots are drafted from the demo's documents
(services/reporting/drafting.py), so a fresh draft of the same period matches them.

Uses a random source of its own: the rest of the demo is the same with or without it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from models.experiment import Experiment
from models.reporting import Checkin, Report, ReportCycle, ReviewComment
from services.core import collections
from services.demo import context as demo
from services.demo import stories
from services.reporting import cycles, drafting, settings

QUIET_EVERY = 5  # cities 2, 7, 12 ... stopped checking in (index % QUIET_EVERY == 1)
QUIET_DAYS = 45

TEXT: dict[str, tuple[str, str]] = {
    "partner": ("Met {name} ({role}): {mandate}.", "Rencontre avec {name} ({role}) : {mandate}."),
    "objective": ("Worked on the objective: {title}.", "Travail sur l'objectif : {title}."),
    "action": ("Costed the action: {title}.", "Chiffrage de l'action : {title}."),
    "card": ("Test card under way: {title}.", "Test en cours : {title}."),
    "learned": ("What we saw: {text}", "Ce que nous avons vu : {text}"),
    "help": (
        "Examples from other cities on: {topic}",
        "Des exemples d'autres villes sur : {topic}",
    ),
    "highlights": (
        "{checkins} check-ins this period, {meetings} group meetings. {headline}",
        "{checkins} points d'étape sur la période, {meetings} réunions du groupe. {headline}",
    ),
    "blockers": ("Still in our way: {risk}.", "Toujours sur notre chemin : {risk}."),
    "asks": (
        "A call with a city that solved it: {mitigation}",
        "Un échange avec une ville qui l'a résolu : {mitigation}",
    ),
    "accepted": (
        "Thank you, clear and complete.",
        "Merci, rapport clair et complet.",
    ),
    "returned": (
        "Please say more about the budget rating and what the group decided.",
        "Merci de préciser la note sur le budget et ce que le groupe a décidé.",
    ),
}
STAGE_MOOD = {0: 3.0, 1: 3.3, 2: 3.6, 3: 3.8}


def _text(key: str, lang: str, **values: Any) -> str:
    en, fr = TEXT[key]
    return (fr if lang == "fr" else en).format(**values)


def _happened(story: stories.Story, level: int, n: int, lang: str) -> str:
    if level == 0:
        name, role, mandate = story.partners[n % len(story.partners)]
        return _text("partner", lang, name=name, role=role, mandate=mandate.lower())
    if level == 1:
        return story.decisions[n % len(story.decisions)]
    if level == 2:
        if n % 2:
            return _text("action", lang, title=story.actions[n % len(story.actions)][1])
        return _text("objective", lang, title=story.objectives[n % len(story.objectives)][1])
    card = story.cards[n % 3]
    if n % 2 and card.observation:
        return _text("learned", lang, text=card.observation)
    return _text("card", lang, title=card.title)


def _checkins(ctx: demo.DemoContext, index: int, city, tags: list[str], rng) -> list[Checkin]:
    story = stories.of(index)
    lang = story.lang
    members = ctx.users_of(city.id, "city_lead") + ctx.users_of(city.id, "lag_member")
    if not members:
        return []
    entered = sorted(h.entered_at for h in city.stage_history)
    first = entered[0] + dt.timedelta(days=rng.randint(5, 20))
    last = ctx.anchor - dt.timedelta(days=QUIET_DAYS if index % QUIET_EVERY == 1 else 3)
    hard = first + dt.timedelta(days=rng.randint(120, 400))  # the city's hard month
    out, when, n = [], first, 0
    while when <= last:
        level = sum(1 for e in entered if e <= when) - 1
        in_hard = abs((when - hard).days) <= 20
        mood = STAGE_MOOD.get(level, 3.5) + rng.uniform(-0.8, 0.8) - (1.6 if in_hard else 0)
        blockers = [tags[0]] if rng.random() < 0.6 else []
        if in_hard or rng.random() < 0.25:
            blockers.append(tags[1])
        risk = story.risks[0]
        author = members[n % len(members)]
        out.append(
            Checkin(
                id=f"demo-checkin-{city.id[-4:]}-{n + 1:03d}",
                network_id=city.network_id,
                city_id=city.id,
                date=when.date(),
                mood=max(1, min(5, round(mood))),
                happened=_happened(story, level, n, lang),
                blockers=blockers,
                blocker_note=risk[0] if tags[1] in blockers else "",
                help_needed=_text("help", lang, topic=risk[0].lower()) if in_hard else "",
                author_name=author.display_name,
                created_at=when,
                created_by=author.id,
                updated_at=when,
                updated_by=author.id,
            )
        )
        when += dt.timedelta(days=rng.randint(24, 36))
        n += 1
    return out


# The latest ended cycle's state, rotating across cities; older ones are accepted.
LATEST = ("draft", "submitted", "returned", "missing")


def _reports(
    ctx: demo.DemoContext, index: int, city, docs: dict, pulses: list[Checkin], rng, grace: int
) -> tuple[list[ReportCycle], list[Report]]:
    story = stories.of(index)
    lang = story.lang
    today = ctx.anchor.date()
    mine = docs.get(city.id, {})
    tests = [Experiment.from_doc(d) for d in mine.get(collections.EXPERIMENTS, [])]
    ended = [
        c
        for c in cycles.planned_cycles(ctx.network.reporting_rhythm, city, tests, grace, today)
        if c.end < today
    ]
    lead = next(iter(ctx.users_of(city.id, "city_lead")), None)
    if lead is None:
        return [], []
    plan = next(iter(mine.get(collections.PLANS, [])), None)
    activity = docs["activity"].get(plan["_id"], []) if plan is not None else []
    fixed, written = [], []
    for position, cycle in enumerate(reversed(ended)):
        state = LATEST[index % len(LATEST)] if position == 0 else "accepted"
        if state == "missing" or (position == 2 and index % 6 == 5):
            continue
        opened = dt.datetime.combine(cycle.end, dt.time(9), dt.UTC) - dt.timedelta(days=3)
        stored_cycle = ReportCycle(
            id=f"demo-cycle-{city.id[-4:]}-{cycle.key}",
            network_id=city.network_id,
            created_at=opened,
            updated_at=opened,
            **cycle.model_dump(),
        )
        fixed.append(stored_cycle)
        late = (position == 1 and index % 3 == 0) or (state == "submitted" and index % 8 == 1)
        submitted = dt.datetime.combine(
            cycle.due + dt.timedelta(days=6 if late else -rng.randint(1, grace)),
            dt.time(16, rng.randint(0, 59)),
            dt.UTC,
        )
        submitted = min(submitted, ctx.anchor - dt.timedelta(hours=3))
        content = drafting.draft(
            city,
            cycle.start,
            cycle.end,
            plan=plan,
            versions=mine.get(collections.PLAN_VERSIONS, []),
            experiments=tests,
            learnings=mine.get(collections.LEARNINGS, []),
            checkins=pulses,
            plan_activity=activity,
            today=submitted.date(),
        )
        risk = story.risks[0]
        narrative = {
            "highlights": _text(
                "highlights",
                lang,
                checkins=content["checkins"]["count"],
                meetings=len(content["meetings"]),
                headline=story.headline,
            ),
            "blockers": _text("blockers", lang, risk=risk[0].lower()),
            "asks": _text("asks", lang, mitigation=risk[3]),
        }
        rag = {
            area: rng.choice(["green", "green", "amber", "red"])
            for area in ("schedule", "budget", "engagement", "risk")
        }
        base: dict[str, Any] = dict(
            id=f"demo-report-{city.id[-4:]}-{cycle.key}",
            network_id=city.network_id,
            city_id=city.id,
            cycle_id=stored_cycle.id,
            cycle_key=cycle.key,
            start=cycle.start,
            end=cycle.end,
            due=cycle.due,
            narrative=narrative,
            rag=rag,
            created_at=opened,
            created_by=lead.id,
            updated_at=opened,
            updated_by=lead.id,
        )
        if state == "draft":
            written.append(Report(status="draft", **base))
            continue
        decided = min(submitted + dt.timedelta(days=rng.randint(2, 9)), ctx.anchor)
        comments = []
        if state in ("accepted", "returned"):
            comments.append(
                ReviewComment(
                    by="demo-coordinator",
                    by_name="Nadia Ben Salah",
                    at=decided,
                    text=_text(state, lang),
                    decision="accept" if state == "accepted" else "return",
                )
            )
        written.append(
            Report(
                status=state,
                snapshot=content,
                submitted_at=submitted,
                submitted_by=lead.id,
                submitted_by_name=lead.display_name,
                decided_at=decided if comments else None,
                decided_by="demo-coordinator" if comments else None,
                comments=comments,
                **{**base, "updated_at": decided if comments else submitted},
            )
        )
    return fixed, written


def add(ctx: demo.DemoContext, docs: dict[str, list[dict]]) -> None:
    """Add the demo's check-ins, reporting settings, cycles and reports to `docs` (in place),
    drafted from the documents the other demo extensions built."""
    rng = random.Random(f"reporting-{ctx.rng.random()}")
    # The calendar runs over the demo programme's timeline: from its first phase to its last.
    phases = ctx.network.timeline
    config = settings.defaults(ctx.network.id).model_copy(
        update={
            "reporting_starts_on": min((p.start for p in phases), default=None),
            "programme_ends_on": max((p.end for p in phases), default=None),
        }
    )
    keys = [t.key for t in config.blocker_tags]
    out: dict[str, list[dict]] = {
        collections.REPORTING_SETTINGS: [config.to_doc()],
        collections.CHECKINS: [],
        collections.REPORT_CYCLES: [],
        collections.REPORTS: [],
    }
    # The other extensions' documents, by city (and plan activity by plan), read once.
    by_city: dict[str, Any] = {"activity": {}}
    for coll in (
        collections.EXPERIMENTS,
        collections.PLANS,
        collections.PLAN_VERSIONS,
        collections.LEARNINGS,
    ):
        for doc in docs.get(coll, []):
            by_city.setdefault(doc["city_id"], {}).setdefault(coll, []).append(doc)
    for line in docs.get(collections.ACTIVITY, []):
        by_city["activity"].setdefault(line.get("entity_id"), []).append(line)
    for index, city in enumerate(ctx.cities):
        tags = rng.sample(keys, 2)
        pulses = _checkins(ctx, index, city, tags, rng)
        fixed, written = _reports(ctx, index, city, by_city, pulses, rng, config.report_grace_days)
        out[collections.CHECKINS] += [c.to_doc() for c in pulses]
        out[collections.REPORT_CYCLES] += [c.to_doc() for c in fixed]
        out[collections.REPORTS] += [r.to_doc() for r in written]
    for coll, items in out.items():
        docs.setdefault(coll, []).extend(items)
