"""Plan changes proposed from a learning: which plan items a learning may change, and the
change itself, recorded in the city's plan with the learning as its reason (so V2 can point at
the evidence behind it).

Both check the actor's permission on the city the *stored* learning and plan belong to: a
learning of another city, or one that does not exist, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import plan as pm
from models.base import Item
from models.experiment import Learning, PlanChangeProposal
from models.plan import Plan
from models.user import User
from services.core import access, collections, permissions
from services.core.errors import InvalidInput, NotFound
from services.plans import plans

# The field that names an item, by preference (an item model has at most one of them).
LABEL_FIELDS = ("title", "name", "label", "what", "organisation")
# Custom-section fields are the section's own form, not items a learning adds or drops.
FIXED_LISTS = frozenset({"fields"})


@dataclass(frozen=True)
class Target:
    """One list of a plan section whose items a learning may add, retitle or drop."""

    section: str
    list_name: str
    title: str  # the section's title in the reader's language
    label_field: str | None
    items: tuple[Item, ...]  # as read

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def label(self, item: Item) -> str:
        return str(getattr(item, self.label_field or "id", item.id))


@dataclass(frozen=True)
class Targets:
    """The city's plan as read, and the lists a learning may change in it."""

    plan: Plan
    lists: tuple[Target, ...]

    def find(self, section: str, list_name: str) -> Target | None:
        return next(
            (t for t in self.lists if (t.section, t.list_name) == (section, list_name)), None
        )


def _targets(plan: Plan, lang: str) -> Targets:
    lists = []
    for key, section in plan.visible():
        for list_name in pm.ITEM_LISTS.get(section.kind, ()):
            if list_name in FIXED_LISTS:
                continue
            model = pm.ITEM_MODELS[(section.kind, list_name)]
            lists.append(
                Target(
                    section=key,
                    list_name=list_name,
                    title=plans.section_title(plan, key, lang),
                    label_field=next((f for f in LABEL_FIELDS if f in model.model_fields), None),
                    items=tuple(getattr(section.content, list_name)),
                )
            )
    return Targets(plan, tuple(lists))


def change_targets(user: User, city_id: str, lang: str = "en") -> Targets | None:
    """The item lists of the city's plan that a learning may change (plan.edit on the city);
    None when the city has no plan yet."""
    permissions.require(user, "plan.edit", city_id)
    plan = plans.get_plan(user, city_id)  # NotFound for a city the user may not see
    return None if plan is None else _targets(plan, lang)


def _learning(actor: User, learning_id: str) -> Learning:
    """The stored learning, once the actor may edit its city's plan."""
    return access.stored(actor, "plan.edit", collections.LEARNINGS, Learning, learning_id)


def _item_change(target: Target, data: PlanChangeProposal) -> plans.ItemChange:
    """The add / edit / drop of one item, from the items as the proposer read them."""
    if data.kind == "add":
        item = {target.label_field: data.text} if target.label_field else {}
        return plans.ItemChange(data.list_name, "add", item)
    original = target.item(data.item_id or "")
    if original is None:
        raise NotFound(entity="item", id=data.item_id)
    if data.kind == "drop":
        return plans.ItemChange(data.list_name, "drop", None, original.id, original)
    item: dict[str, Any] = original.model_dump()
    if target.label_field and data.text:
        item[target.label_field] = data.text
    return plans.ItemChange(data.list_name, "edit", item, original.id, original)


def propose_change(
    actor: User,
    learning_id: str,
    read: Targets,
    data: PlanChangeProposal,
    submission: str | None = None,
) -> Plan:
    """Apply the change to the plan of the learning's city and record it as pending, citing
    the learning. `read` is what the proposer saw (from `change_targets`): the edited item must
    still be as read there (Conflict otherwise), other items may have moved meanwhile. A
    repeated form `submission` changes nothing more (plans.propose_change)."""
    learning = _learning(actor, learning_id)
    plan = plans.get_plan(actor, learning.city_id)
    if plan is None or plan.id != read.plan.id:
        raise InvalidInput("learning_id", "experiments.error.unknown_learning")
    target = read.find(data.section, data.list_name)
    if target is None or _targets(plan, "en").find(data.section, data.list_name) is None:
        raise InvalidInput("list_name", "plan.wrong_list")
    change = _item_change(target, data)
    return plans.propose_change(
        actor, plan, data.section, change, learning.id, data.reason, submission
    )
