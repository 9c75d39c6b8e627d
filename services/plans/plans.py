"""The city's plan: read, create from a preset, save per section or per item, lay out, freeze,
compare versions, history, presence, and changes proposed from a learning.

Saves are revision-checked on the *section* (`sections.<key>.revision`), never on the whole
plan, so two people saving different sections never collide. The layout (order, shown
sections, scope) has its own `layout_revision`. A conflict on one section raises
`errors.Conflict` whose `current` is the stored `Section` (and `.plan` the stored plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from models import plan as pm
from models.base import new_id, stored, utcnow
from models.plan import Plan, PlanVersion, Section
from models.user import User
from services.core import collections, i18n, permissions, records, store
from services.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.network import networks
from services.plans import merge

PLANS = collections.PLANS
VERSIONS = collections.PLAN_VERSIONS
PRESENCE = collections.PRESENCE
MEETINGS_SECTION = "stakeholders"  # the section whose meetings LAG members may record
PRESENCE_MINUTES = 5
# An item save re-reads and retries when another item of the same list was saved meanwhile.
ITEM_SAVE_ATTEMPTS = 4


# --- reading -----------------------------------------------------------------------------------


def _check_city(user: User, action: str, city_id: str) -> None:
    """Refuse an action the role never has; hide cities the user may not see (NotFound)."""
    if permissions.scope(user, action) is None:
        raise PermissionDenied(action=action)
    city = store.get().find_one(
        networks.CITIES, {"_id": str(city_id), "network_id": user.network_id}, projection={"_id": 1}
    )
    if city is None or not permissions.allowed(user, action, city_id):
        raise NotFound(entity=networks.CITIES, id=city_id)


def find_plan(city_id: str) -> Plan | None:
    """The city's working plan, without any permission check (services, demo, export)."""
    doc = store.get().find_one(PLANS, {"city_id": str(city_id)})
    return Plan.from_doc(doc) if doc else None


def get_plan(user: User, city_id: str) -> Plan | None:
    """The city's working plan (None if not created yet). NotFound for cities the user may not
    read (their existence is never revealed); PermissionDenied for roles without plan.read."""
    _check_city(user, "plan.read", city_id)
    return find_plan(city_id)


def _fresh(plan: Plan) -> Plan:
    doc = store.get().find_one(PLANS, {"_id": plan.id})
    if doc is None:
        raise NotFound(entity=PLANS, id=plan.id)
    return Plan.from_doc(doc)


def _stored(actor: User, plan: Plan, action: str, *, write: bool = True) -> Plan:
    """The plan as stored, `action` checked on *its* city: the city, network and sections of
    the object passed in are never trusted (only its revisions: what the editor read). A write
    on a city the actor may not edit is PermissionDenied; a read of it, NotFound."""
    current = _fresh(plan)
    if current.network_id != actor.network_id:
        raise NotFound(entity=PLANS, id=plan.id)
    if write:
        permissions.require(actor, action, current.city_id)
    _check_city(actor, action, current.city_id)
    return current


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
    _check_city(actor, "plan.edit", city_id)
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
    current = _stored(actor, plan, "plan.edit")
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
    current = _stored(actor, plan, "plan.edit")
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
    current = _stored(actor, plan, "plan.edit")
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
    current = _stored(actor, plan, "plan.edit")
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
    return _write_item(actor, _stored(actor, plan, "plan.edit"), key, change)


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
    plan = _stored(actor, plan, "plan.meeting.record")
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
    plan = _stored(actor, plan, "plan.edit")
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


# --- versions ----------------------------------------------------------------------------------


def list_versions(user: User, plan: Plan) -> list[PlanVersion]:
    """The plan's frozen versions, V1 first."""
    plan = _stored(user, plan, "plan.read", write=False)
    return records.find(VERSIONS, PlanVersion, {"plan_id": plan.id}, sort=[("number", 1)])


def freeze_version(
    actor: User, plan: Plan, note: str = "", submission: str | None = None
) -> PlanVersion:
    """Freeze the working plan as the next version (V1, V2 ...) with a note; its `changes` list
    what moved since the previous version, with the reasons of pending changes. Conflict (with
    the stored plan) when a version was frozen since `plan` was read. A repeated form
    `submission` (a double click) returns the version the first one froze."""
    current = _stored(actor, plan, "plan.freeze")
    first = records.submitted(VERSIONS, PlanVersion, submission, current.network_id)
    if first is not None:
        return first
    data = pm.FreezeInput(note=note)
    if current.version != plan.version:
        raise Conflict(current, {"note": data.note}, entity=VERSIONS)
    plan = current
    number = current.version + 1
    previous = store.get().find_one(VERSIONS, {"plan_id": plan.id, "number": current.version})
    changes = version_changes(
        PlanVersion.from_doc(previous) if previous else None, current, current.pending_changes
    )
    version = PlanVersion(
        network_id=plan.network_id,
        plan_id=plan.id,
        city_id=plan.city_id,
        number=number,
        note=data.note,
        scope=current.scope,
        sections=current.sections,
        order=current.order,
        changes=changes,
    )
    try:
        version = records.insert(
            VERSIONS, version, actor, city_id=plan.city_id, submission=submission
        )
    except store.DuplicateKey:  # someone froze the same number first
        raise Conflict(_fresh(plan), {"note": data.note}, entity=VERSIONS) from None
    taken = [c.id for c in current.pending_changes]
    records.apply(
        PLANS,
        Plan,
        plan.id,
        current.version,
        {"$pull": {"pending_changes": {"id": {"$in": taken}}}},
        actor,
        network_id=plan.network_id,
        fields=["version"],
        city_id=plan.city_id,
        action="freeze",
        note=version.label,
        revision_field="version",
    )
    return version


def version_changes(
    previous: PlanVersion | None, current: Any, pending: list[pm.PendingChange]
) -> list[pm.VersionChange]:
    """What changed since `previous`, item by item; a pending change's reason and learning are
    attached to the matching item (or listed on their own)."""
    changes: list[pm.VersionChange] = []
    if previous is not None:
        for diff in compare(previous, current):
            for item in diff.items:
                changes.append(
                    pm.VersionChange(
                        section=diff.key,
                        item_id=item.item_id,
                        kind={"added": "add", "removed": "drop"}.get(item.change, "edit"),
                        summary=item.label[:500],
                    )
                )
            if diff.fields and not diff.items:
                changes.append(
                    pm.VersionChange(section=diff.key, kind="edit", fields=sorted(diff.fields))
                )
    for p in pending:
        match = next(
            (c for c in changes if c.section == p.section and c.item_id == p.item_id), None
        )
        if match is not None:
            match.reason, match.learning_id = p.reason, p.learning_id
        else:
            changes.append(
                pm.VersionChange(
                    section=p.section,
                    item_id=p.item_id,
                    kind=p.kind,
                    summary=p.summary,
                    reason=p.reason,
                    learning_id=p.learning_id,
                )
            )
    return changes


# --- comparing ---------------------------------------------------------------------------------


@dataclass
class ItemDiff:
    """One item added, removed or changed (fields: name -> (before, after))."""

    list_name: str
    item_id: str
    change: str  # "added" | "removed" | "changed"
    label: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class SectionDiff:
    """How one section differs between two snapshots (status: added/removed/changed/same)."""

    key: str
    kind: str
    status: str
    title_before: str = ""
    title_after: str = ""
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # scalar and text fields
    items: list[ItemDiff] = field(default_factory=list)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _flatten_tree(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Tree nodes by id, each with its side (causes/effects), parent and depth."""
    nodes: dict[str, dict[str, Any]] = {}

    def walk(children: list, side: str, parent: str | None, depth: int) -> None:
        for node in children:
            nodes[node["id"]] = {
                "id": node["id"],
                "label": node["label"],
                "side": side,
                "parent": parent,
                "depth": depth,
            }
            walk(node.get("children", []), side, node["id"], depth + 1)

    tree = content.get("tree") or {}
    for side in ("causes", "effects"):
        walk(tree.get(side, []), side, None, 1)
    return nodes


def _diff_items(
    list_name: str, before: dict[str, dict], after: dict[str, dict], skip: tuple[str, ...] = ()
) -> list[ItemDiff]:
    diffs = []
    for item_id, old in before.items():
        if item_id not in after:
            diffs.append(ItemDiff(list_name, item_id, "removed", merge.item_label(old), before=old))
    for item_id, new in after.items():
        old = before.get(item_id)
        if old is None:
            diffs.append(ItemDiff(list_name, item_id, "added", merge.item_label(new), after=new))
            continue
        changed = {
            k: (old.get(k), new.get(k))
            for k in sorted(set(old) | set(new))
            if k not in skip and old.get(k) != new.get(k)
        }
        if changed:
            diffs.append(
                ItemDiff(
                    list_name, item_id, "changed", merge.item_label(new), old, new, fields=changed
                )
            )
    return diffs


def _scalars(content: Mapping[str, Any], lists: tuple[str, ...], prefix: str = "") -> dict:
    """Non-list fields of a content, flattened ("ipestle.social"); the tree's core included."""
    out: dict[str, Any] = {}
    for name, value in content.items():
        if name in lists or name == "kind":
            continue
        path = f"{prefix}{name}"
        if isinstance(value, Mapping):
            out.update(_scalars(value, ("causes", "effects"), f"{path}."))
        elif not isinstance(value, list):
            out[path] = value
    return out


def compare_sections(key: str, before: Section | None, after: Section | None) -> SectionDiff:
    """The difference of one section between two snapshots (items matched by id)."""
    ref = after or before
    kind = ref.kind
    old = stored(before.content) if before else None
    new = stored(after.content) if after else None
    diff = SectionDiff(
        key=key,
        kind=kind,
        status="same",
        title_before=section_title(before) if before else "",
        title_after=section_title(after) if after else "",
        before=old,
        after=new,
    )
    if old is None or new is None:
        diff.status = "added" if old is None else "removed"
        return diff
    lists = pm.ITEM_LISTS[kind]
    a, b = _scalars(old, lists), _scalars(new, lists)
    diff.fields = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
    for list_name in lists:
        diff.items += _diff_items(
            list_name,
            {i["id"]: i for i in old.get(list_name, [])},
            {i["id"]: i for i in new.get(list_name, [])},
        )
    if kind == "problem":
        diff.items += _diff_items("tree", _flatten_tree(old), _flatten_tree(new))
    if diff.fields or diff.items:
        diff.status = "changed"
    return diff


def compare(a: Any, b: Any) -> list[SectionDiff]:
    """Section by section, how snapshot `b` differs from `a` (versions or the working plan):
    sections added/removed, items added/removed/changed (matched by id; tree nodes included),
    scalar and text fields changed. Sections follow `b`'s order, then those only in `a`."""
    keys = list(b.order) + [k for k in a.order if k not in b.sections]
    return [compare_sections(k, a.sections.get(k), b.sections.get(k)) for k in keys]


# --- history and presence ----------------------------------------------------------------------


def line_sections(line: Mapping[str, Any]) -> list[str]:
    """The section keys an activity line touched."""
    return [f.split(".", 1)[1] for f in line.get("fields", []) if f.startswith("sections.")]


def plan_history(
    user: User, plan: Plan, section: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Who changed what and when on this plan (newest first), optionally one section only;
    freezes are included (they are logged on the plan)."""
    plan = _stored(user, plan, "plan.read", write=False)
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


def record_presence(user: User, plan: Plan) -> None:
    """Note that `user` has the plan open now (one small upsert per user and plan)."""
    plan = _stored(user, plan, "plan.read", write=False)
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
        for key in line_sections(line):
            if key not in person["sections"]:
                person["sections"].append(key)
    return list(people.values())


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
