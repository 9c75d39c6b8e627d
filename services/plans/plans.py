"""The city's plan: read, create from a preset, save per section or per item, lay out, and
changes proposed from a learning. Its versions (freeze, compare) are services/plans/versions.py,
its history services/plans/history.py, who has it open services/plans/presence.py.

Saves are revision-checked on the *section* (`sections.<key>.revision`), never on the whole
plan, so two people saving different sections never collide. The layout (order, shown
sections, scope) has its own `layout_revision`. A conflict on one section raises
`errors.Conflict` whose `current` is the stored `Section` (and `.plan` the stored plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from models import plan as pm
from models.base import new_id, stored, utcnow
from models.city import City
from models.plan import Plan, Section
from models.user import User
from services.core import access, collections, i18n, permissions, records, store
from services.core.errors import Conflict, InvalidInput, NotFound
from services.network import networks
from services.plans import merge

PLANS = collections.PLANS
VERSIONS = collections.PLAN_VERSIONS
MEETINGS_SECTION = "stakeholders"  # the section whose meetings LAG members may record
# An item save re-reads and retries when another item of the same list was saved meanwhile.
ITEM_SAVE_ATTEMPTS = 4


# --- reading -----------------------------------------------------------------------------------


def find_plan(city_id: str) -> Plan | None:
    """The city's working plan, without any permission check (services, demo, export)."""
    doc = store.get().find_one(PLANS, {"city_id": str(city_id)})
    return Plan.from_doc(doc) if doc else None


def get_plan(user: User, city_id: str) -> Plan | None:
    """The city's working plan (None if not created yet). NotFound for cities the user may not
    read (their existence is never revealed); PermissionDenied for roles without plan.read."""
    access.stored(user, "plan.read", collections.CITIES, City, city_id, refused=access.HIDDEN_CITY)
    return find_plan(city_id)


def section_title(plan_or_section: Any, key: str | None = None, lang: str = "en") -> str:
    """The title shown for a section: a custom section's own title, else the translated kind."""
    section = plan_or_section.sections[key] if key is not None else plan_or_section
    if section.kind == "custom":
        return section.content.title
    return i18n.t(f"plan.section.{section.kind}", lang)


# --- creating and laying out -------------------------------------------------------------------


def preset_order(scope: str, template: list[str] | None = None) -> list[str]:
    """Sections a new plan shows, in order: the scope's preset (a strategy follows the network's
    plan template when it has one)."""
    preset = list(pm.PRESETS[scope])
    if scope == "strategy" and template:
        chosen = [k for k in template if k in pm.KNOWN_SECTIONS]
        preset = list(dict.fromkeys(chosen)) or preset
    return preset


def new_plan(network_id: str, city_id: str, scope: str, template: list[str] | None = None) -> Plan:
    """A blank plan (not stored): every known section, the preset's shown in order, the others
    hidden after them (so enabling one later needs no new section)."""
    shown = preset_order(scope, template)
    order = shown + [k for k in pm.KNOWN_SECTIONS if k not in shown]
    sections = {
        k: Section(content=pm.empty_content(k), enabled=k in shown) for k in pm.KNOWN_SECTIONS
    }
    return Plan(network_id=network_id, city_id=city_id, scope=scope, sections=sections, order=order)


def create_plan(
    actor: User, city_id: str, scope: str = "strategy", *, submission: str | None = None
) -> Plan:
    """Create the city's plan from the scope's preset (InvalidInput if it already has one). A
    form's `submission` sent again returns the plan it created."""
    permissions.require(actor, "plan.edit", city_id)
    access.stored(actor, "plan.edit", collections.CITIES, City, city_id, refused=access.HIDDEN_CITY)
    if (first := records.submitted(PLANS, Plan, submission, actor.network_id)) is not None:
        return first
    if scope not in pm.SCOPES:
        raise InvalidInput("scope", "plan.invalid_scope")
    if find_plan(city_id) is not None:
        raise InvalidInput("city_id", "plan.exists")
    template = networks.get_network(actor.network_id).plan_template
    plan = new_plan(actor.network_id, city_id, scope, template)
    try:
        return records.insert(PLANS, plan, actor, city_id=city_id, submission=submission)
    except store.DuplicateKey:
        raise InvalidInput("city_id", "plan.exists") from None


def set_layout(actor: User, plan: Plan, layout: pm.LayoutUpdate | Mapping[str, Any]) -> Plan:
    """Reorder, show and hide sections (and change the scope): only the parts given change.
    Checked on `layout_revision` as read in `plan` (Conflict carries the stored plan)."""
    current = access.stored(actor, "plan.edit", PLANS, Plan, plan.id)
    if not isinstance(layout, pm.LayoutUpdate):
        layout = pm.LayoutUpdate.model_validate(layout)
    changes = layout.model_dump(exclude_unset=True)
    if plan.layout_revision != current.layout_revision:
        raise Conflict(current, changes, entity=PLANS)
    values: dict[str, Any] = {}
    if changes.get("order") is not None:
        order = changes["order"]
        if sorted(order) != sorted(current.sections) or len(set(order)) != len(order):
            raise InvalidInput("order", "validation.plan_order_mismatch")
        values["order"] = order
    enabled = changes.get("enabled", {})
    if set(enabled) - set(current.sections):
        raise InvalidInput("enabled", "validation.plan_order_mismatch")
    values.update({f"sections.{k}.enabled": v for k, v in enabled.items()})
    if changes.get("scope") is not None:
        values["scope"] = changes["scope"]
    return records.apply(
        PLANS,
        Plan,
        current.id,
        plan.layout_revision,
        {"$set": values},
        actor,
        network_id=current.network_id,
        fields=["layout"],
        city_id=current.city_id,
        action="layout",
        attempted=values,
        revision_field="layout_revision",
    )


def apply_preset(actor: User, plan: Plan, scope: str) -> Plan:
    """Switch scope and show exactly that scope's preset sections (custom sections stay as they
    are); nothing is deleted: hidden sections keep their content."""
    current = access.stored(actor, "plan.edit", PLANS, Plan, plan.id)
    template = networks.get_network(current.network_id).plan_template
    shown = preset_order(scope, template)
    sections = current.sections
    customs = [k for k in current.order if sections[k].kind == "custom"]
    order = shown + [k for k in current.order if k not in shown and k not in customs] + customs
    enabled = {k: (k in shown) for k in sections if sections[k].kind != "custom"}
    update = pm.LayoutUpdate(order=order, enabled=enabled, scope=scope)
    # The revision stays the one the editor read: a layout changed meanwhile is a Conflict.
    return set_layout(
        actor, current.model_copy(update={"layout_revision": plan.layout_revision}), update
    )


def add_custom_section(
    actor: User, plan: Plan, data: pm.CustomSectionCreate | Mapping[str, Any]
) -> tuple[Plan, str]:
    """Add a custom section (typed fields) at the end; returns the plan and the new key.
    Checked on `layout_revision` as read in `plan`."""
    current = access.stored(actor, "plan.edit", PLANS, Plan, plan.id)
    data = pm.CustomSectionCreate.model_validate(data)
    number = 1 + sum(1 for s in current.sections.values() if s.kind == "custom")
    key = f"custom_{number}"
    while key in current.sections:
        number += 1
        key = f"custom_{number}"
    section = Section(
        content=pm.CustomSection(title=data.title, fields=data.fields),
        updated_at=utcnow(),
        updated_by=actor.id,
        updated_by_name=actor.display_name,
    )
    updated = records.apply(
        PLANS,
        Plan,
        current.id,
        plan.layout_revision,
        {"$set": {f"sections.{key}": stored(section)}, "$push": {"order": key}},
        actor,
        network_id=current.network_id,
        fields=[f"sections.{key}", "layout"],
        city_id=current.city_id,
        action="add_section",
        revision_field="layout_revision",
    )
    return updated, key


# --- saving sections and items -----------------------------------------------------------------


def _section(plan: Plan, key: str) -> Section:
    if key not in plan.sections:
        raise NotFound(entity="section", id=key)
    return plan.sections[key]


def _stamp(actor: User, key: str) -> dict[str, Any]:
    return {
        f"sections.{key}.updated_at": utcnow(),
        f"sections.{key}.updated_by": actor.id,
        f"sections.{key}.updated_by_name": actor.display_name,
    }


def _content(kind: str, payload: Any) -> BaseModel:
    """Validated section content of `kind` (a model, or a dict with or without `kind`)."""
    if isinstance(payload, BaseModel):
        payload = payload.model_dump()
    payload = dict(payload)
    if "content" in payload and set(payload) == {"content"}:  # a SectionUpdate shape
        payload = dict(payload["content"])
    if payload.setdefault("kind", kind) != kind:
        raise InvalidInput("kind", "plan.wrong_kind")
    return pm.SectionUpdate.model_validate({"content": payload}).content


def _section_conflict(exc: Conflict, key: str, attempted: Any) -> Conflict:
    stored_plan: Plan = exc.current
    conflict = Conflict(stored_plan.sections.get(key), {"content": attempted}, section=key)
    conflict.plan = stored_plan
    return conflict


def save_section(
    actor: User,
    plan: Plan,
    key: str,
    payload: Any,
    section_revision: int | None = None,
    *,
    note: str = "",
    submission: str | None = None,
) -> Plan:
    """Save one section's whole content if nobody saved *that section* since `section_revision`
    (default: the revision in `plan`). Conflict carries the stored Section (and `.plan`).
    `note` goes on the history line (e.g. the workshop the content came from). A form's
    `submission` sent again writes nothing and returns the plan as it stands."""
    current = access.stored(actor, "plan.edit", PLANS, Plan, plan.id)
    content = _content(_section(current, key).kind, payload)
    if section_revision is None:
        section_revision = _section(plan, key).revision
    values = {f"sections.{key}.content": stored(content), **_stamp(actor, key)}
    try:
        saved = records.apply(
            PLANS,
            Plan,
            current.id,
            section_revision,
            {"$set": values},
            actor,
            network_id=current.network_id,
            fields=[f"sections.{key}"],
            city_id=current.city_id,
            action="save_section",
            note=note,
            attempted={"content": stored(content)},
            revision_field=f"sections.{key}.revision",
            submission=submission,
        )
    except Conflict as exc:
        raise _section_conflict(exc, key, stored(content)) from None
    return saved


@dataclass
class ItemChange:
    """An edit, addition or removal of one item of a section's list (per-item saves)."""

    list_name: str
    kind: str  # "add" | "edit" | "drop"
    item: Mapping[str, Any] | BaseModel | None = None
    item_id: str | None = None
    original: Mapping[str, Any] | BaseModel | None = None  # the item as the editor read it


def _dump(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        return stored(value)
    return dict(value)


def _write_item(
    actor: User,
    plan: Plan,
    key: str,
    change: ItemChange,
    *,
    pending: pm.PendingChange | None = None,
    action: str = "save_item",
) -> Plan:
    """Apply `change` to the stored list, re-reading when *other* items moved meanwhile; raises
    Conflict (current = the stored item, or the section) when the same item was changed.
    `plan` is the stored plan (its permission already checked)."""
    section = _section(plan, key)
    lists = pm.ITEM_LISTS[section.kind]
    if change.list_name not in lists or change.kind not in ("add", "edit", "drop"):
        raise InvalidInput("list_name", "plan.wrong_list")
    item_model = pm.ITEM_MODELS[(section.kind, change.list_name)]
    item = item_model.model_validate(_dump(change.item)) if change.kind != "drop" else None
    item_id = item.id if item is not None else change.item_id
    if item_id is None:
        raise InvalidInput("item_id", "validation.missing")
    original = _dump(change.original)
    if original is not None:
        original = stored(item_model.model_validate(original))
    current = plan
    for _ in range(ITEM_SAVE_ATTEMPTS):
        stored_section = _section(current, key)
        items = [stored(i) for i in getattr(stored_section.content, change.list_name)]
        index = next((n for n, i in enumerate(items) if i["id"] == item_id), None)
        there = items[index] if index is not None else None
        same_item_moved = (change.kind == "add" and there is not None) or (
            change.kind != "add" and (there is None or (original is not None and there != original))
        )
        if same_item_moved:
            conflict = Conflict(there, {"item": stored(item) if item else None}, section=key)
            conflict.plan = current
            raise conflict
        if change.kind == "add":
            items.append(stored(item))
        elif change.kind == "edit":
            items[index] = stored(item)
        else:
            items.pop(index)
        content = _content(
            stored_section.kind, {**stored(stored_section.content), change.list_name: items}
        )
        values = {
            f"sections.{key}.content.{change.list_name}": stored(
                getattr(content, change.list_name)
            ),
            **_stamp(actor, key),
        }
        spec: dict[str, Any] = {"$set": values}
        if pending is not None:
            spec["$push"] = {"pending_changes": stored(pending)}
        try:
            saved = records.apply(
                PLANS,
                Plan,
                plan.id,
                stored_section.revision,
                spec,
                actor,
                network_id=plan.network_id,
                fields=[f"sections.{key}"],
                city_id=plan.city_id,
                action=action,
                note=f"{change.kind} {change.list_name}",
                attempted=values,
                revision_field=f"sections.{key}.revision",
            )
        except Conflict as exc:
            current = exc.current  # another item moved: re-read and try again on fresh data
            continue
        return saved
    raise _section_conflict(Conflict(current, {}), key, None)


def save_item(actor: User, plan: Plan, key: str, change: ItemChange) -> Plan:
    """Add, edit or drop one item of a section list without touching the other items; a save of
    another item meanwhile is merged, a change of the same item raises Conflict."""
    return _write_item(actor, access.stored(actor, "plan.edit", PLANS, Plan, plan.id), key, change)


def save_meeting(
    actor: User,
    plan: Plan,
    meeting: pm.Meeting | Mapping[str, Any],
    original: pm.Meeting | Mapping[str, Any] | None = None,
    submission: str | None = None,
) -> Plan:
    """Record (or, with `original`, correct) a local action group meeting: the one edit that
    LAG members may make (plan.meeting.record). A new meeting recorded by a form's
    `submission` takes its id: the same submission again (a double click) records nothing more
    and returns the plan with that meeting."""
    plan = access.stored(actor, "plan.meeting.record", PLANS, Plan, plan.id)
    key = next((k for k, s in plan.sections.items() if s.kind == "stakeholders"), None)
    if key is None:
        raise NotFound(entity="section", id=MEETINGS_SECTION)
    if original is None and submission is not None:
        if any(m.id == submission for m in plan.sections[key].content.meetings):
            return plan
        meeting = {**_dump(meeting), "id": submission}
    change = ItemChange(
        list_name="meetings", kind="edit" if original is not None else "add", item=meeting
    )
    change.original = original
    return _write_item(actor, plan, key, change, action="record_meeting")


def propose_change(
    actor: User,
    plan: Plan,
    section_key: str,
    item_change: ItemChange,
    learning_id: str | None = None,
    reason: str = "",
    submission: str | None = None,
) -> Plan:
    """Apply an add/edit/drop of one section item *and* record it as a pending change citing
    its reason (e.g. the learning of an experiment); the next freeze lists it in the version.
    A form's `submission` is the pending change's id: sent again (a double click), nothing
    more is changed and the plan is returned as the first one left it."""
    plan = access.stored(actor, "plan.edit", PLANS, Plan, plan.id)
    if submission is not None and any(p.id == submission for p in plan.pending_changes):
        return plan
    if learning_id is not None and not store.get().count(
        collections.LEARNINGS, {"_id": learning_id, "city_id": plan.city_id}
    ):
        raise InvalidInput("learning_id", "experiments.error.unknown_learning")
    item = _dump(item_change.item)
    item_id = (item or {}).get("id") or item_change.item_id
    if item_change.kind == "add" and item is not None and not item.get("id"):
        item["id"] = new_id()
        item_id = item["id"]
        item_change = ItemChange(item_change.list_name, "add", item, None, item_change.original)
    label = merge.item_label(item or {}) if item else ""
    pending = pm.PendingChange(
        **({"id": submission} if submission is not None else {}),
        section=section_key,
        item_id=item_id,
        kind=item_change.kind,
        summary=label[:500],
        reason=reason,
        learning_id=learning_id,
        at=utcnow(),
        by=actor.id,
    )
    return _write_item(actor, plan, section_key, item_change, pending=pending, action="propose")


# --- computed ----------------------------------------------------------------------------------


def is_filled(section: Section) -> bool:
    """Whether a section holds anything beyond its blank shape."""
    content = stored(section.content)
    if section.kind == "custom":
        return any(f.get("value") not in (None, "", []) for f in content["fields"])
    blank = stored(pm.empty_content(section.kind))
    return content != blank


def plan_summary(plan: Plan | None) -> dict[str, Any]:
    """Small figures for dashboards: sections shown and filled, latest version, pending changes."""
    if plan is None:
        return {"sections": 0, "filled": 0, "version": 0, "label": "", "pending": 0}
    visible = plan.visible()
    return {
        "sections": len(visible),
        "filled": sum(1 for _, s in visible if is_filled(s)),
        "version": plan.version,
        "label": f"V{plan.version}" if plan.version else "",
        "pending": len(plan.pending_changes),
    }
