"""A plan's frozen versions (V1, V2 ...): freeze the working plan with what changed since the
previous version (and the reasons behind pending changes), list them, and compare two snapshots
section by section and item by item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models import plan as pm
from models.base import stored
from models.plan import Plan, PlanVersion, Section
from models.user import User
from services.core import access, collections, records, store
from services.core.errors import Conflict
from services.plans import merge, plans

PLANS = collections.PLANS
VERSIONS = collections.PLAN_VERSIONS


# --- versions ----------------------------------------------------------------------------------


def list_versions(user: User, plan: Plan) -> list[PlanVersion]:
    """The plan's frozen versions, V1 first."""
    plan = access.stored(user, "plan.read", PLANS, Plan, plan.id, refused=access.HIDDEN_CITY)
    return records.find(VERSIONS, PlanVersion, {"plan_id": plan.id}, sort=[("number", 1)])


def freeze_version(
    actor: User, plan: Plan, note: str = "", submission: str | None = None
) -> PlanVersion:
    """Freeze the working plan as the next version (V1, V2 ...) with a note; its `changes` list
    what moved since the previous version, with the reasons of pending changes. Conflict (with
    the stored plan) when a version was frozen since `plan` was read. A repeated form
    `submission` (a double click) returns the version the first one froze."""
    current = access.stored(actor, "plan.freeze", PLANS, Plan, plan.id)
    first = records.submitted(VERSIONS, PlanVersion, submission, current.network_id)
    if first is not None:
        return first
    data = pm.VersionCreate(note=note)
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
        stored_plan = records.get(PLANS, Plan, plan.id)
        raise Conflict(stored_plan, {"note": data.note}, entity=VERSIONS) from None
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
        title_before=plans.section_title(before) if before else "",
        title_after=plans.section_title(after) if after else "",
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
