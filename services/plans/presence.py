"""Who has a plan open now, and who saved it in the last minutes (shown beside the editor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.base import utcnow
from models.plan import Plan
from models.user import User
from services.core import access, collections, records, store
from services.plans import history

PLANS = collections.PLANS
PRESENCE = collections.PRESENCE
PRESENCE_MINUTES = 5


def record_presence(user: User, plan: Plan) -> None:
    """Note that `user` has the plan open now (one small upsert per user and plan)."""
    plan = access.stored(user, "plan.read", PLANS, Plan, plan.id, refused=access.HIDDEN_CITY)
    store.get().update_one(
        PRESENCE,
        {"_id": f"{plan.id}:{user.id}"},
        {
            "$set": {
                "entity_id": plan.id,
                "network_id": plan.network_id,
                "user_id": user.id,
                "name": user.display_name,
                "at": utcnow(),
            }
        },
        upsert=True,
    )


def present_users(
    plan_id: str, minutes: int = PRESENCE_MINUTES, exclude: str | None = None
) -> list[dict[str, Any]]:
    """Who had the plan open in the last `minutes` and who saved it then (cheap, indexed)."""
    since = utcnow() - dt.timedelta(minutes=minutes)
    seen = store.get().find(
        PRESENCE, {"entity_id": plan_id, "at": {"$gte": since}}, sort=[("at", -1)], limit=50
    )
    edits = store.get().find(
        records.ACTIVITY,
        {"entity_id": plan_id, "at": {"$gte": since}},
        sort=[("at", -1)],
        limit=50,
    )
    people: dict[str, dict[str, Any]] = {}
    for doc in seen:
        if doc["user_id"] != exclude:
            people[doc["user_id"]] = {"name": doc["name"], "open": True, "sections": []}
    for line in edits:
        if line["actor"] == exclude:
            continue
        person = people.setdefault(
            line["actor"], {"name": line.get("actor_name", ""), "open": False, "sections": []}
        )
        for key in history.line_sections(line):
            if key not in person["sections"]:
                person["sections"].append(key)
    return list(people.values())
