"""Writes that never lose anything: revision-checked updates, and an activity log of each.

Every use case that writes goes through `insert` / `update` / `delete` here (after checking
the actor's permission). An update sends the revision it read; if another write landed first,
`Conflict` carries the stored version so the page can show both and keep the user's text.
After each write, the handlers installed with `after_write` run with the written document (a
city's summary follows).

A write sent by a form carries the form's submission id (screens/_ui/forms.py), stored with the
document as `submission_id` (unique, sparse index): the same submission sent again (a double
click, a click that reached the server twice) writes nothing and gets the document the first
one wrote, whatever the values; two submissions with equal values are two writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from models.base import SYSTEM_FIELDS, Document, stored, utcnow
from models.user import User
from services.core import collections, store
from services.core.errors import Conflict, NotFound

D = TypeVar("D", bound=Document)

ACTIVITY = collections.ACTIVITY

# Run after every successful write here, with (collection, network id, the written document: as
# stored after an insert or update, as it was before a delete): how facts derived from the
# documents (a city's summary) follow each write. The handlers are listed in one place,
# services/wiring.py, and installed by each entry point (app.py, services/cli.py, the tests);
# core imports no capability. A handler reads what it needs from the document itself (its city:
# `city_of`), so no caller can forget to name it; it returns the derived fields it wrote into
# the written document (or None), so that the document returned is current.
AfterWrite = Callable[[str, str, Mapping[str, Any]], "Mapping[str, Any] | None"]
_after_write: list[AfterWrite] = []


def after_write(hook: AfterWrite) -> AfterWrite:
    """Install `hook` to run after every insert, update and delete (once, however often
    installed)."""
    if hook not in _after_write:
        _after_write.append(hook)
    return hook


def after_write_hooks() -> tuple[AfterWrite, ...]:
    return tuple(_after_write)


def city_of(coll: str, doc: Mapping[str, Any]) -> str | None:
    """The city a stored document belongs to: the city itself, or its `city_id` (None for a
    network-wide document)."""
    return doc.get("_id") if coll == collections.CITIES else doc.get("city_id")


def _written(coll: str, network_id: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    if not _after_write:
        # A process that writes without its derived-data handlers would leave summaries stale.
        raise RuntimeError("no after-write handlers installed: call services.wiring.install()")
    derived: dict[str, Any] = {}
    for hook in _after_write:
        derived.update(hook(coll, network_id, doc) or {})
    return derived


def actor_id(actor: User | None) -> str:
    return actor.id if actor is not None else "system"


def log(
    actor: User | None,
    network_id: str,
    entity: str,
    entity_id: str,
    action: str,
    fields: list[str] | None = None,
    *,
    city_id: str | None = None,
    note: str = "",
    line_id: str | None = None,
) -> str:
    """Append one line to the activity log (append-only: nothing ever updates it); its id.

    `line_id` is the id the written document already carries as its `last_activity`.
    """
    line_id = line_id or store.sortable_id()
    store.get().insert_one(
        ACTIVITY,
        {
            "_id": line_id,
            "network_id": network_id,
            "at": utcnow(),
            "actor": actor_id(actor),
            "actor_name": actor.display_name if actor is not None else "system",
            "entity": entity,
            "entity_id": entity_id,
            "city_id": city_id,
            "action": action,
            "fields": sorted(fields or []),
            "note": note,
        },
    )
    return line_id


def history(entity_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """Activity lines for one entity, newest first."""
    # Lines written in the same millisecond keep their order through the time-ordered _id.
    return store.get().find(
        ACTIVITY, {"entity_id": entity_id}, sort=[("at", -1), ("_id", -1)], limit=limit
    )


def get(coll: str, model: type[D], doc_id: str) -> D:
    """Load one document or raise NotFound."""
    doc = store.get().find_one(coll, {"_id": str(doc_id)})
    if doc is None:
        raise NotFound(entity=coll, id=doc_id)
    return model.from_doc(doc)


def find(coll: str, model: type[D], filter: Mapping | None = None, **kwargs: Any) -> list[D]:
    return [model.from_doc(doc) for doc in store.get().find(coll, filter, **kwargs)]


def submitted(coll: str, model: type[D], submission: str | None, network_id: str) -> D | None:
    """The document that the form submission `submission` wrote (None: not written yet).

    A use case calls it first, after the permission check and before its own rules (a report
    submitted once is no longer editable): a repeated submission returns the first result.
    """
    if submission is None:
        return None
    doc = store.get().find_one(coll, {"submission_id": submission, "network_id": network_id})
    return None if doc is None else model.from_doc(doc)


def insert(
    coll: str,
    document: D,
    actor: User | None,
    *,
    city_id: str | None = None,
    submission: str | None = None,
) -> D:
    """Store a new document, stamped with who created it and when.

    `city_id` (in every write here) names the activity line's city when it is not the
    document's own (`city_of`); the after-write handlers read the document itself.

    With a form's `submission` id: stored with the document; when that submission already wrote
    a document, nothing is written and that document is returned.
    """
    first = submitted(coll, type(document), submission, document.network_id)
    if first is not None:
        return first
    now = utcnow()
    who = actor_id(actor)
    line_id = store.sortable_id()
    document = document.model_copy(
        update={
            "created_at": now,
            "created_by": who,
            "updated_at": now,
            "updated_by": who,
            "revision": 0,
            "last_activity": line_id,
            "submission_id": submission,
        }
    )
    document = type(document).model_validate(document.to_doc())
    try:
        store.get().insert_one(coll, document.to_doc())
    except store.DuplicateKey:
        # The same submission, written meanwhile by another run (the unique index decided).
        first = submitted(coll, type(document), submission, document.network_id)
        if first is None:
            raise
        return first
    doc = document.to_doc()
    city_id = city_id or city_of(coll, doc)
    log(actor, document.network_id, coll, document.id, "create", city_id=city_id, line_id=line_id)
    derived = _written(coll, document.network_id, doc)
    return type(document).model_validate({**document.to_doc(), **derived}) if derived else document


def update(
    coll: str,
    current: D,
    changes: Mapping[str, Any],
    actor: User | None,
    *,
    city_id: str | None = None,
    action: str = "update",
    note: str = "",
    submission: str | None = None,
) -> D:
    """Apply `changes` (top-level fields) to `current`, if nobody saved since it was read.

    The merged document is validated first: nothing invalid reaches the database. Raises
    Conflict (with the stored version) when the revision moved on, NotFound when it is gone.
    A form's `submission` that already wrote this document writes nothing and returns it.
    """
    kept = SYSTEM_FIELDS | type(current).DERIVED_FIELDS
    changes = {k: stored(v) for k, v in changes.items() if k not in kept}
    merged = type(current).model_validate({**current.to_doc(), **changes})
    new_values = {k: v for k, v in merged.to_doc().items() if k in changes}
    return apply(
        coll,
        type(current),
        current.id,
        current.revision,
        {"$set": new_values},
        actor,
        network_id=current.network_id,
        fields=list(new_values),
        city_id=city_id,
        action=action,
        note=note,
        attempted=new_values,
        submission=submission,
    )


def apply(
    coll: str,
    model: type[D],
    doc_id: str,
    revision: int | None,
    update_spec: Mapping[str, Any],
    actor: User | None,
    *,
    network_id: str,
    fields: list[str],
    city_id: str | None = None,
    action: str = "update",
    note: str = "",
    attempted: Mapping[str, Any] | None = None,
    revision_field: str = "revision",
    submission: str | None = None,
) -> D:
    """Low-level revision-checked update with an update document (`$set`, `$push` ...).

    `revision_field` lets a part of a document (a plan section) carry its own revision, so
    that saves of different parts never collide. `revision=None` skips the check (appends).
    With a form's `submission`, the write happens only if that submission is not the one that
    last wrote the document (atomically, in the same filter); if it is, the document is
    returned as it stands: the first result of a repeated submission. A `$set` that changes
    nothing (every value already stored: a Save sent again, late, by a click burst's tail or a
    second person saving the same thing) writes nothing, logs nothing and returns the document.
    A derived field of the model (a city's `summary`) is refused: only its own writer sets it.
    """
    derived_only = {k.split(".")[0] for v in update_spec.values() for k in v} & model.DERIVED_FIELDS
    if derived_only:
        raise ValueError(
            f"{sorted(derived_only)} of {coll} are written by their derived-data writer"
        )
    if (same := unchanged(coll, doc_id, update_spec)) is not None:
        return model.from_doc(same)
    who = actor_id(actor)
    line_id = store.sortable_id()
    spec = {op: dict(values) for op, values in update_spec.items()}
    spec.setdefault("$set", {}).update(
        {"updated_at": utcnow(), "updated_by": who, "last_activity": line_id}
    )
    spec.setdefault("$inc", {})["revision"] = 1
    if revision_field != "revision":
        spec["$inc"][revision_field] = 1
    filter: dict[str, Any] = {"_id": doc_id}
    if revision is not None:
        filter[revision_field] = revision
    if submission is not None:
        filter["submission_id"] = {"$ne": submission}
        spec["$set"]["submission_id"] = submission
    stored = store.get().find_one_and_update(coll, filter, spec)
    if stored is None:
        now = store.get().find_one(coll, {"_id": doc_id})
        if now is None:
            raise NotFound(entity=coll, id=doc_id)
        if submission is not None and now.get("submission_id") == submission:
            return model.from_doc(now)
        raise Conflict(model.from_doc(now), dict(attempted or {}), entity=coll)
    city_id = city_id or city_of(coll, stored)
    log(
        actor, network_id, coll, doc_id, action, fields, city_id=city_id, note=note, line_id=line_id
    )
    derived = _written(coll, network_id, stored)
    return model.from_doc({**stored, **derived})


_MISSING = object()


def _at(doc: Any, path: str) -> Any:
    """The value at a dotted `path` of a stored document (list items by index)."""
    for part in path.split("."):
        if isinstance(doc, Mapping):
            doc = doc.get(part, _MISSING)
        elif isinstance(doc, list) and part.isdigit() and int(part) < len(doc):
            doc = doc[int(part)]
        else:
            return _MISSING
        if doc is _MISSING:
            return doc
    return doc


def unchanged(coll: str, doc_id: str, update_spec: Mapping[str, Any]) -> dict[str, Any] | None:
    """The stored document, when `update_spec` is a `$set` of values it already holds, or of
    none (the write would change nothing); else None."""
    if set(update_spec) != {"$set"}:
        return None
    now = store.get().find_one(coll, {"_id": doc_id})
    if now is None or any(_at(now, k) != v for k, v in update_spec["$set"].items()):
        return None
    return now


def delete(coll: str, current: D, actor: User | None, *, city_id: str | None = None) -> None:
    """Delete if unchanged since read (Conflict otherwise)."""
    if store.get().delete_one(coll, {"_id": current.id, "revision": current.revision}) == 0:
        now = store.get().find_one(coll, {"_id": current.id})
        if now is None:
            raise NotFound(entity=coll, id=current.id)
        raise Conflict(type(current).from_doc(now), {}, entity=coll)
    doc = current.to_doc()
    log(
        actor, current.network_id, coll, current.id, "delete", city_id=city_id or city_of(coll, doc)
    )
    _written(coll, current.network_id, doc)


# --- writes whose activity line was lost ---------------------------------------------------------

# Collections of documents that carry `last_activity` (the log itself and presence marks do not).
LOGGED = tuple(c for c in collections.ALL if c not in (ACTIVITY, collections.PRESENCE))
REPAIRED_NOTE = "repaired: the write's own line was lost"


def unlogged_writes(batch: int = 500) -> list[dict[str, Any]]:
    """Documents whose `last_activity` names a line the log does not hold (a write that
    landed while its line did not, e.g. the process was killed between the two)."""
    db = store.get()
    found = []
    for coll in LOGGED:
        docs = db.find(coll, {"last_activity": {"$type": "string"}})
        for start in range(0, len(docs), batch):
            chunk = docs[start : start + batch]
            ids = [d["last_activity"] for d in chunk]
            logged = {
                line["_id"]
                for line in db.find(ACTIVITY, {"_id": {"$in": ids}}, projection={"_id": 1})
            }
            found += [
                {"collection": coll, "document": d}
                for d in chunk
                if d["last_activity"] not in logged
            ]
    return found


def repair_unlogged(found: list[dict[str, Any]]) -> int:
    """Write the missing lines (marked `repaired`, with what the document says of its last
    write: who, when); returns how many were written."""
    db = store.get()
    for item in found:
        coll, doc = item["collection"], item["document"]
        city_id = city_of(coll, doc)
        db.insert_one(
            ACTIVITY,
            {
                "_id": doc["last_activity"],
                "network_id": doc.get("network_id"),
                "at": doc.get("updated_at") or utcnow(),
                "actor": doc.get("updated_by") or "system",
                "actor_name": doc.get("updated_by") or "system",
                "entity": coll,
                "entity_id": doc["_id"],
                "city_id": city_id,
                "action": "create" if not doc.get("revision") else "update",
                "fields": [],
                "note": REPAIRED_NOTE,
                "repaired": True,
            },
        )
    return len(found)
