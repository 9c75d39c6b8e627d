"""Where a workshop's decisions went, and what became of them: every item a workshop promoted
(plan items, assumptions) with its current state, the check-in answers about it, and the
follow-through questions that put decided actions in front of the city again (its next
check-in, the next coordination agenda).

The workshop's `promotions` are the one record of the link (services/workshops/promote.py);
everything here is read from them and from the plan, assumptions, experiments and check-ins as
they are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models import workshops as wm
from models.coordination import AgendaItem
from models.reporting import FollowThrough
from models.user import User
from services.core import i18n, permissions
from services.experiments import experiments
from services.plans import plans
from services.reporting import checkins
from services.workshops import boards, workshops

# Actions that need no more asking about.
SETTLED = ("done", "dropped")


@dataclass
class Promoted:
    """One promoted item as it stands now."""

    workshop_id: str
    workshop_title: str
    target: str  # "problem", "stakeholders", "actions", "assumptions"
    item_id: str
    note_text: str
    label: str  # the item's title as it reads now ("" when it left the plan)
    present: bool  # still in the plan (or still an assumption)
    at: dt.datetime
    status: str = ""  # an action's status code
    progress: int = 0  # an action's progress, percent
    tested_by: list[str] = field(default_factory=list)  # experiments testing an assumption
    answers: list[tuple[dt.date, str]] = field(default_factory=list)  # check-in answers


def _plan_items(plan) -> dict[str, tuple[str, dict]]:
    """Item id -> (label, stored item) for the plan's promotable lists."""
    found: dict[str, tuple[str, dict]] = {}
    if plan is None:
        return found

    def nodes(items: list) -> None:
        for node in items:
            found[node.id] = (node.label, node.model_dump())
            nodes(node.children)

    for key, section in plan.sections.items():
        content = section.content
        kind = getattr(content, "kind", key)
        if kind == "problem":
            nodes(content.tree.causes + content.tree.effects)
        elif kind == "stakeholders":
            for s in content.stakeholders:
                found[s.id] = (s.organisation, s.model_dump())
        elif kind == "actions":
            for a in content.actions:
                found[a.id] = (a.title, a.model_dump())
    return found


def promoted_items(user: User, city_id: str) -> list[Promoted]:
    """Every item the city's workshops promoted, oldest decision first, with its state now and
    the check-in answers about it (for anyone who may read the city's workshops)."""
    permissions.require(user, "workshop.read", city_id)
    found = workshops.list_workshops(user, city_id)
    if not any(w.promotions for w in found):
        return []
    items = _plan_items(plans.find_plan(city_id))
    assumptions = {a.id: a for a in experiments.list_assumptions(user, city_id)}
    tests: dict[str, list[str]] = {}
    for e in experiments.list_experiments(user, city_id):
        for aid in e.assumption_ids:
            tests.setdefault(aid, []).append(e.title)
    answers: dict[str, list[tuple[dt.date, str]]] = {}
    if permissions.allowed(user, "checkin.read", city_id):
        for c in sorted(checkins.list_checkins(user, city_id, limit=500), key=lambda c: c.date):
            for a in c.follow_through:
                answers.setdefault(a.item_id, []).append((c.date, a.answer))
    out = []
    for ws in found:
        notes = _note_texts(ws)
        for promotion in ws.promotions:
            pairs = zip(promotion.note_ids, promotion.item_ids, strict=False)
            for note_id, item_id in pairs:
                row = Promoted(
                    workshop_id=ws.id,
                    workshop_title=ws.title,
                    target=promotion.target,
                    item_id=item_id,
                    note_text=notes.get(note_id, ""),
                    label="",
                    present=False,
                    at=promotion.at,
                    answers=answers.get(item_id, []),
                )
                if promotion.target == "assumptions":
                    if item_id in assumptions:
                        row.label, row.present = assumptions[item_id].belief, True
                        row.tested_by = tests.get(item_id, [])
                elif item_id in items:
                    row.label, stored = items[item_id]
                    row.present = True
                    row.status = stored.get("status") or ""
                    row.progress = stored.get("progress") or 0
                out.append(row)
    return sorted(out, key=lambda r: r.at)


def _note_texts(workshop: wm.Workshop) -> dict[str, str]:
    board = boards.board_snapshot(workshop.id)
    return {n.id: n.text for n in board.notes}


def workshop_trail(user: User, workshop: wm.Workshop) -> list[Promoted]:
    """Where each item this workshop promoted went, and how it stands now."""
    return [r for r in promoted_items(user, workshop.city_id) if r.workshop_id == workshop.id]


def status_text(row: Promoted, lang: str = "en") -> str:
    """How a promoted item stands, in words."""
    if not row.present:
        return i18n.t("trail.status.removed", lang)
    if row.target == "assumptions":
        if not row.tested_by:
            return i18n.t("trail.status.untested", lang)
        return i18n.t(
            "trail.status.tested", lang, count=len(row.tested_by), titles=", ".join(row.tested_by)
        )
    if row.target == "actions":
        status = i18n.t(f"plan.value.{row.status}", lang) if row.status else ""
        return i18n.t("trail.status.action", lang, status=status, progress=row.progress)
    return i18n.t("trail.status.in_plan", lang)


def checkin_questions(user: User, city_id: str) -> list[Promoted]:
    """The actions decided in the city's workshops to ask about in its next check-in: still in
    the plan, not done or dropped, and not answered in a check-in since they were decided."""
    return [
        r
        for r in promoted_items(user, city_id)
        if r.target == "actions" and r.present and r.status not in SETTLED and not r.answers
    ]


def answers(questions: list[Promoted], typed: dict[str, str]) -> list[FollowThrough]:
    """The check-in's follow-through from what was typed per question (blank: not answered)."""
    return [
        FollowThrough(
            item_id=q.item_id, workshop_id=q.workshop_id, title=q.label[:120], answer=text.strip()
        )
        for q in questions
        if (text := typed.get(q.item_id, "")).strip()
    ]


def agenda_items(
    user: User, city_ids: list[str], names: dict[str, str], since: dt.date, lang: str = "en"
) -> list[AgendaItem]:
    """Agenda lines for a coordination session: each action decided in a workshop since the
    last session (`since`), with how it stands and its latest check-in answer."""
    lines = []
    for city_id in city_ids:
        if not permissions.allowed(user, "workshop.read", city_id):
            continue
        for row in promoted_items(user, city_id):
            if row.target != "actions" or row.at.date() < since:
                continue
            status = status_text(row, lang)
            if row.answers:
                status = f"{status}; {row.answers[-1][1]}"
            text = i18n.t(
                "agenda.workshop_action",
                lang,
                city=names.get(city_id, ""),
                title=row.label or row.note_text,
                workshop=row.workshop_title,
                status=status,
            )
            lines.append(AgendaItem(source="workshops", text=text[:290], city_id=city_id))
    return lines
