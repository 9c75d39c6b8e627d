"""Who changed what on a plan, and when: its activity lines, by section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from models.plan import Plan
from models.user import User
from services.core import access, collections, records

PLANS = collections.PLANS


def line_sections(line: Mapping[str, Any]) -> list[str]:
    """The section keys an activity line touched."""
    return [f.split(".", 1)[1] for f in line.get("fields", []) if f.startswith("sections.")]


def plan_history(
    user: User, plan: Plan, section: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Who changed what and when on this plan (newest first), optionally one section only;
    freezes are included (they are logged on the plan)."""
    plan = access.stored(user, "plan.read", PLANS, Plan, plan.id, refused=access.HIDDEN_CITY)
    lines = records.history(plan.id, limit=limit)
    if section is not None:
        lines = [line for line in lines if section in line_sections(line)]
    return [
        {
            "at": line["at"] if line["at"].tzinfo else line["at"].replace(tzinfo=dt.UTC),
            "actor": line.get("actor_name") or line.get("actor"),
            "action": line["action"],
            "sections": line_sections(line),
            "note": line.get("note", ""),
        }
        for line in lines
    ]
