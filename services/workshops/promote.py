"""Promote a workshop's result into the city's plan, as structured data.

- problem tree: causes and effects (grouped notes become their group's children), the top
  "core" note as the core problem when the plan has none, into the Problem section;
- stakeholder map: stakeholders (sector, power, interest from the grid) into the stakeholder map;
- assumption map: assumptions (importance, evidence from the grid) into the city's assumptions;
- brainstorm, impact/effort: the chosen (by default the top-voted) ideas into the actions.

A promoted plan item keeps its note's id, and the workshop lists what it promoted
(`promotions`): that is the link back. The section save is revision-checked on the revision the
facilitator read (`plan`), so an edit of the same section meanwhile raises the usual Conflict;
its history line names the workshop.
"""

from __future__ import annotations

from typing import Any

from models import plan as pm
from models import workshops as wm
from models.base import stored, utcnow
from models.experiment import AssumptionCreate
from models.plan import Plan
from models.user import User
from services.core import i18n, permissions, records
from services.core.errors import InvalidInput, NotFound
from services.experiments import experiments
from services.network import networks
from services.plans import plans
from services.workshops import boards, workshops

# Where each template's results go ("assumptions" is not a plan section).
TARGETS: dict[str, str | None] = {
    "problem_tree": "problem",
    "stakeholder_map": "stakeholders",
    "assumption_map": "assumptions",
    "brainstorm": "actions",
    "impact_effort": "actions",
    "dot_vote": None,
}
TOP_IDEAS = 5


def _promoted(workshop: wm.Workshop) -> set[str]:
    return {nid for p in workshop.promotions for nid in p.note_ids}


def candidates(board: boards.Board) -> list[boards.BoardNote]:
    """Notes a promotion would take by default, not promoted yet: every top-level note of the
    tree, map or assumptions; the top-voted ideas (at least one vote) otherwise."""
    done = _promoted(board.workshop)
    notes = [n for n in board.notes if n.id not in done]
    if TARGETS[board.workshop.template] == "actions":
        ideas = [n for n in notes if n.column == "ideas" and (n.votes or 0) > 0]
        return sorted(ideas, key=lambda n: -(n.votes or 0))[:TOP_IDEAS]
    return [n for n in notes if n.group_id is None]


def _tree_nodes(chosen: list[boards.BoardNote], board: boards.Board, side: str) -> list:
    children: dict[str, list[boards.BoardNote]] = {}
    for note in board.notes:
        if note.group_id:
            children.setdefault(note.group_id, []).append(note)
    return [
        pm.TreeNode(
            id=n.id,
            label=n.text[:120],
            children=[pm.TreeNode(id=c.id, label=c.text[:120]) for c in children.get(n.id, [])],
        )
        for n in chosen
        if n.column == side
    ]


def _content(
    plan: Plan, target: str, chosen: list[boards.BoardNote], board: boards.Board
) -> dict[str, Any]:
    content = stored(plan.sections[target].content)
    if target == "problem":
        tree = content["tree"]
        for side in ("causes", "effects"):
            tree[side] += [stored(n) for n in _tree_nodes(chosen, board, side)]
        cores = sorted((n for n in chosen if n.column == "core"), key=lambda n: -(n.votes or 0))
        if cores and not tree.get("core"):
            tree["core"] = cores[0].text
    elif target == "stakeholders":
        content["stakeholders"] += [
            stored(
                pm.Stakeholder(
                    id=n.id,
                    organisation=n.text[:120],
                    sector=n.sector or "civic",
                    power=n.y or 3,
                    interest=n.x or 3,
                )
            )
            for n in chosen
        ]
    else:
        content["actions"] += [stored(pm.Action(id=n.id, title=n.text[:120])) for n in chosen]
    return content


def promote(
    actor: User, workshop_id: str, plan: Plan | None, note_ids: list[str] | None = None
) -> wm.Workshop:
    """Put the chosen notes (default: `candidates`) into the plan as read in `plan` (its
    section revision is checked: Conflict) or into the city's assumptions. Returns the workshop
    with the promotion recorded."""
    workshop = workshops.stored(actor, "workshop.promote", workshop_id)
    target = TARGETS[workshop.template]
    if target is None:
        raise InvalidInput("template", "workshops.error.nothing_to_promote")
    board = boards.board_for(workshop, None)
    done = _promoted(workshop)
    if note_ids is None:
        chosen = candidates(board)
    else:
        by_id = {n.id: n for n in board.notes}
        chosen = [by_id[i] for i in note_ids if i in by_id and i not in done]
    if target == "problem":  # a grouped note travels with its group's note
        chosen = [n for n in chosen if n.group_id is None]
    if not chosen:
        raise InvalidInput("notes", "workshops.error.nothing_to_promote")
    note = i18n.t("workshops.promoted_note", "en", title=workshop.title, id=workshop.id)
    if target == "assumptions":
        network = networks.get_network(workshop.network_id)
        if not network.assumption_categories:
            raise InvalidInput("category", "workshops.error.no_category")
        category = network.assumption_categories[0].key
        item_ids = []
        for n in chosen:
            made = experiments.create_assumption(
                actor,
                workshop.city_id,
                AssumptionCreate(
                    belief=n.text, category=category, importance=n.y or 3, evidence=n.x or 3
                ),
            )
            item_ids.append(made.id)
    else:
        if plan is None or plan.city_id != workshop.city_id:
            raise NotFound(entity="plans", id=workshop.city_id)
        if target not in plan.sections:
            raise NotFound(entity="section", id=target)
        content = _content(plan, target, chosen, board)
        plans.save_section(actor, plan, target, content, plan.sections[target].revision, note=note)
        item_ids = [n.id for n in chosen]
    promotion = wm.Promotion(
        target=target,
        note_ids=[n.id for n in chosen],
        item_ids=item_ids,
        at=utcnow(),
        by=actor.id,
    )
    return records.apply(
        workshops.WORKSHOPS,
        wm.Workshop,
        workshop.id,
        None,
        {"$push": {"promotions": stored(promotion)}},
        actor,
        network_id=workshop.network_id,
        fields=["promotions"],
        city_id=workshop.city_id,
        action="promote",
        note=target,
    )


def workshop_links(user: User, city_id: str) -> dict[str, tuple[str, str]]:
    """Plan items and assumptions that came from a workshop: item id -> (workshop id, title)."""
    permissions.require(user, "workshop.read", city_id)
    links: dict[str, tuple[str, str]] = {}
    for workshop in workshops.list_workshops(user, city_id):
        for promotion in workshop.promotions:
            for item_id in promotion.item_ids:
                links[item_id] = (workshop.id, workshop.title)
    return links
