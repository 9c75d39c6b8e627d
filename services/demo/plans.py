"""Demo plans: one per demo city, as far along as the city's stage, in the team's language.

Cities at problem definition have their context and part of the problem; from stakeholder
engagement on, stakeholders, the local action group and its meetings; from solution design,
vision, actions, indicators and risks; cities experimenting have V1 frozen and some of them V2
(changes with their reasons). Deterministic from the demo's random source, and small per city
(a few dicts, one validation) so that 1,000 cities still build in seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from models import plan as pm
from models.base import stored
from services.core import collections
from services.demo import context as demo
from services.demo import stories
from services.plans import plans
from services.plans import versions as plan_versions

VERSION_NOTES = {
    1: ("Validated by the local action group", "Validé par le groupe d'action locale"),
    2: ("Revised from the experiments", "Révisé à partir des expérimentations"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "fr" else pair[0]


def _id(city_id: str, kind: str, n: int) -> str:
    return f"{city_id}-{kind}{n}"


def _stamp(section: dict, when: dt.datetime, user: Any) -> dict:
    return {
        "content": section,
        "enabled": True,
        "revision": 1,
        "updated_at": when,
        "updated_by": user.id if user else "system",
        "updated_by_name": user.display_name if user else "",
    }


def _put(
    sections: dict, saved: list, user: Any, key: str, content: dict, when: dt.datetime
) -> None:
    """Fill one section (keeping whether it is shown) and remember when it was saved."""
    if key in sections:
        enabled = sections[key]["enabled"]
        sections[key] = _stamp(content, when, user)
        sections[key]["enabled"] = enabled
        saved.append((when, key))


def _context(cid: str, story: stories.Story, rng: random.Random, full: bool) -> dict:
    fields = list(pm.IPESTLE) if full else list(pm.IPESTLE)[: rng.randint(2, 4)]
    return {
        "kind": "context",
        "narrative": story.narrative,
        "ipestle": {k: story.ipestle[k] for k in fields},
        "partners": [
            dict(zip(("name", "role", "mandate"), p, strict=True), id=_id(cid, "p", n))
            for n, p in enumerate(story.partners[: 3 if full else 2])
        ],
        "previous_attempts": [
            dict(
                zip(("what", "when", "who", "outcome", "lessons"), a, strict=True),
                id=_id(cid, "a", n),
            )
            for n, a in enumerate(story.attempts[: 2 if full else 1])
        ],
        "sources": [{"id": _id(cid, "s", 0), "title": story.source, "url": "", "note": ""}],
    }


def _problem(cid: str, story: stories.Story, challenge: str, full: bool) -> dict:
    causes = [
        {
            "id": _id(cid, "c", n),
            "label": cause,
            "children": [{"id": _id(cid, "cc", n), "label": deeper}],
        }
        for n, (cause, deeper) in enumerate(story.causes[: 3 if full else 1])
    ]
    effects = [
        {"id": _id(cid, "e", n), "label": effect}
        for n, effect in enumerate(story.effects[: 2 if full else 0])
    ]
    return {
        "kind": "problem",
        "statement": story.statement,
        "tree": {"core": challenge[:200], "causes": causes, "effects": effects},
    }


def _stakeholders(
    cid: str,
    story: stories.Story,
    rng: random.Random,
    members: list[str],
    start: dt.datetime,
    meetings: int,
) -> dict:
    chosen = story.stakeholders[: rng.randint(4, len(story.stakeholders))]
    return {
        "kind": "stakeholders",
        "stakeholders": [
            {
                "id": _id(cid, "k", n),
                "organisation": organisation,
                "sector": sector,
                "power": power,
                "interest": interest,
                "involvement": "",
            }
            for n, (organisation, sector, power, interest) in enumerate(chosen)
        ],
        "lag_members": [
            {"id": _id(cid, "m", n), "name": name, "group": pm.LAG_GROUPS[n % 3]}
            for n, name in enumerate(members)
        ],
        "meetings": [
            {
                "id": _id(cid, "mt", n),
                "date": (start + dt.timedelta(days=30 * n + rng.randint(0, 6))).date(),
                "attendees": members[: 2 + (n % max(len(members) - 1, 1))],
                "decisions": story.decisions[n % len(story.decisions)],
            }
            for n in range(meetings)
        ],
    }


def _vision(story: stories.Story) -> dict:
    return {
        "kind": "vision",
        "statement": story.vision,
        "headline": story.headline,
        "objectives": [
            {"id": f"obj-{key}", "key": key, "title": title} for key, title in story.objectives
        ],
    }


def _actions(cid: str, story: stories.Story, start: dt.date, progress: bool) -> dict:
    statuses = ("in_progress", "planned", "done", "planned")
    return {
        "kind": "actions",
        "actions": [
            {
                "id": _id(cid, "x", n),
                "objective": objective,
                "title": title,
                "owner": _pick(("Project team", "Équipe projet"), story.lang),
                "start": start + dt.timedelta(days=45 * n),
                "end": start + dt.timedelta(days=45 * n + 120),
                "cost": float(cost),
                "funding_source": source,
                "funding_status": pm.FUNDING_STATUSES[n % 3],
                "status": statuses[n] if progress else "planned",
                "progress": (60, 10, 100, 0)[n] if progress else 0,
            }
            for n, (objective, title, cost, source) in enumerate(story.actions)
        ],
    }


def _indicators(cid: str, story: stories.Story, start: dt.date, measured: int) -> dict:
    return {
        "kind": "indicators",
        "indicators": [
            {
                "id": _id(cid, "i", n),
                "name": name,
                "unit": unit,
                "baseline": float(base),
                "target": float(target),
                "measurements": [
                    {
                        "date": start + dt.timedelta(days=60 * (m + 1)),
                        "value": float(base + (target - base) * (m + 1) / (measured + 3)),
                    }
                    for m in range(measured)
                ],
            }
            for n, (name, unit, base, target) in enumerate(story.indicators)
        ],
    }


def _risks(cid: str, story: stories.Story) -> dict:
    return {
        "kind": "risks",
        "risks": [
            {
                "id": _id(cid, "r", n),
                "title": title,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "owner": _pick(("Project leader", "Cheffe de projet"), story.lang),
                "status": "open",
            }
            for n, (title, likelihood, impact, mitigation) in enumerate(story.risks)
        ],
    }


def _activity(plan: dict, city, when: dt.datetime, user, action: str, fields: list) -> dict:
    return {
        "_id": f"{plan['_id']}-{action}-{len(fields)}-{int(when.timestamp())}",
        "network_id": plan["network_id"],
        "at": when,
        "actor": user.id if user else "system",
        "actor_name": user.display_name if user else "system",
        "entity": plans.PLANS,
        "entity_id": plan["_id"],
        "city_id": city.id,
        "action": action,
        "fields": fields,
        "note": "",
    }


def add(ctx: demo.DemoContext, docs: dict[str, list[dict]]) -> None:
    """A plan per demo city, consistent with its stage; V1 and V2 for cities experimenting."""
    stage_keys = [s.key for s in ctx.network.stages]
    out: dict[str, list[dict]] = {
        plans.PLANS: [],
        plan_versions.VERSIONS: [],
        collections.ACTIVITY: [],
    }
    for index, city in enumerate(ctx.cities):
        rng = ctx.rng
        story = stories.of(index)
        leads = ctx.users_of(city.id, "city_lead")
        lags = ctx.users_of(city.id, "lag_member")
        lead = leads[0] if leads else None
        lang = story.lang
        level = stage_keys.index(city.stage) if city.stage in stage_keys else 0
        entered = [h.entered_at for h in city.stage_history] or [city.created_at]
        started = entered[0]
        scope = "project" if rng.random() < 0.25 else "strategy"
        plan = plans.new_plan(ctx.network.id, city.id, scope, ctx.network.plan_template)
        doc = stored(plan)
        doc["_id"] = f"plan-{city.id}"
        doc["created_at"] = started
        doc["created_by"] = lead.id if lead else "system"
        sections = doc["sections"]
        saved: list[tuple[dt.datetime, str]] = []

        def put(key: str, content: dict, when: dt.datetime) -> None:
            # Never after the demo's "now", even for a city that just entered its stage.
            latest = ctx.anchor - dt.timedelta(hours=2)
            _put(sections, saved, lead, key, content, min(when, latest))  # noqa: B023

        put("context", _context(city.id, story, rng, level >= 1), started + dt.timedelta(days=20))
        put(
            "problem",
            _problem(city.id, story, city.challenge, level >= 1),
            started + dt.timedelta(days=40),
        )
        if level >= 1:
            members = [u.display_name for u in lags] + [
                f"{n} ({story.member})"
                for n in ("Awa", "Marc", "Leila", "Tomás")[: rng.randint(2, 4)]
            ]
            put(
                "stakeholders",
                _stakeholders(city.id, story, rng, members, entered[1], 2 + level),
                entered[1] + dt.timedelta(days=15),
            )
        if level >= 2:
            design = entered[2]
            put("vision", _vision(story), design + dt.timedelta(days=10))
            put(
                "actions",
                _actions(city.id, story, design.date(), level >= 3),
                design + dt.timedelta(days=30),
            )
            put(
                "indicators",
                _indicators(city.id, story, design.date(), 2 if level >= 3 else 0),
                design + dt.timedelta(days=35),
            )
            put("risks", _risks(city.id, story), design + dt.timedelta(days=40))
        doc["updated_at"] = max([w for w, _ in saved], default=started)
        doc["updated_by"] = lead.id if lead else "system"
        doc["revision"] = len(saved)
        activity = [_activity(doc, city, started, lead, "create", [])] + [
            _activity(doc, city, w, lead, "save_section", [f"sections.{k}"]) for w, k in saved
        ]
        if level >= 3:
            v1_at = min(entered[3] - dt.timedelta(days=3), ctx.anchor - dt.timedelta(hours=1))
            versions = [_version(doc, 1, v1_at, lead, lang, [])]
            if rng.random() < 0.6:
                actions = sections["actions"]["content"]["actions"]
                # What the city's first learning brought (stories: v2_action, v2_reason).
                added = {
                    **actions[1],
                    "id": _id(city.id, "x", 9),
                    "objective": story.v2_objective,
                    "title": story.v2_action,
                    "cost": 4000.0,
                }
                actions.append(added)
                # The experiment also lowered a risk: an edited item in V2.
                sections["risks"]["content"]["risks"][0]["likelihood"] = 2
                reason = story.v2_reason
                v2_at = min(entered[3] + dt.timedelta(days=90), ctx.anchor - dt.timedelta(days=5))
                change = {
                    "section": "actions",
                    "item_id": added["id"],
                    "kind": "add",
                    "summary": added["title"],
                    "reason": reason,
                    # The learning of the city's first finished experiment (demo_experiments).
                    "learning_id": f"demo-learning-{city.id.split('-')[-1]}-1",
                }
                risk = sections["risks"]["content"]["risks"][0]
                lowered = {
                    **change,
                    "section": "risks",
                    "item_id": risk["id"],
                    "kind": "edit",
                    "summary": risk["title"],
                }
                versions.append(_version(doc, 2, v2_at, lead, lang, [change, lowered]))
                activity.append(
                    _activity(
                        doc,
                        city,
                        v2_at - dt.timedelta(days=2),
                        lead,
                        "propose",
                        ["sections.actions"],
                    )
                )
            doc["version"] = len(versions)
            # Work goes on after the last freeze: the working plan has moved a little.
            first = sections["actions"]["content"]["actions"][0]
            first["progress"], first["status"] = 80, "in_progress"
            for version in versions:
                out[plan_versions.VERSIONS].append(stored(pm.PlanVersion.model_validate(version)))
                activity.append(
                    _activity(doc, city, version["created_at"], lead, "freeze", ["version"])
                )
        out[plans.PLANS].append(stored(pm.Plan.model_validate(doc)))
        out[collections.ACTIVITY].extend(activity)
    for coll, items in out.items():
        docs.setdefault(coll, []).extend(items)


def _version(plan: dict, number: int, when: dt.datetime, user, lang: str, changes: list) -> dict:
    return {
        "_id": f"{plan['_id']}-v{number}",
        "network_id": plan["network_id"],
        "created_at": when,
        "created_by": user.id if user else "system",
        "updated_at": when,
        "updated_by": user.id if user else "system",
        "revision": 0,
        "plan_id": plan["_id"],
        "city_id": plan["city_id"],
        "number": number,
        "note": _pick(VERSION_NOTES[number], lang),
        "scope": plan["scope"],
        "sections": copy.deepcopy(plan["sections"]),
        "order": list(plan["order"]),
        "changes": changes,
    }
