"""Export and import of the whole store as JSON that keeps types (dates, ids).

The file is MongoDB extended JSON (relaxed), so datetimes come back as UTC datetimes and
numbers keep their type. An import validates every document first and writes nothing when any
of them is wrong; it refuses to merge into a store that already holds documents.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic
from bson import json_util

from models import experiment, plan
from models.city import City
from models.network import Network
from models.user import User
from services.core import store
from services.network import summary

FORMAT = "atelier-export"
VERSION = 1

# Collections whose documents have a pydantic model: each one is validated through it.
MODELS: dict[str, type[pydantic.BaseModel]] = {
    "networks": Network,
    "cities": City,
    "users": User,
    "plans": plan.Plan,
    "plan_versions": plan.PlanVersion,
    "assumptions": experiment.Assumption,
    "experiments": experiment.Experiment,
    "learnings": experiment.Learning,
}

_COLLECTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_JSON_OPTIONS = json_util.RELAXED_JSON_OPTIONS.with_options(tz_aware=True, tzinfo=dt.UTC)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    counts: dict[str, int]
    replaced: bool


def snapshot(db: store.Store) -> dict[str, list[dict[str, Any]]]:
    """Every document of every collection, sorted by `_id` (so two snapshots compare)."""
    return {name: db.find(name, {}, sort=[("_id", 1)]) for name in db.collection_names()}


def dumps(collections: Mapping[str, list[dict[str, Any]]]) -> str:
    """The export file's text for these collections."""
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.UTC),
        "collections": dict(collections),
    }
    return json_util.dumps(payload, json_options=_JSON_OPTIONS, indent=1, ensure_ascii=False)


def export(db: store.Store) -> tuple[str, dict[str, int]]:
    """The export text of the whole store, and how many documents per collection."""
    collections = snapshot(db)
    return dumps(collections), {name: len(docs) for name, docs in collections.items()}


def loads(text: str) -> dict[str, list[dict[str, Any]]]:
    """The collections of an export file; ImportRefused if it is not one."""
    try:
        payload = json_util.loads(text, json_options=_JSON_OPTIONS)
    except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
        raise ImportRefused([f"not a JSON export file: {exc}"]) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ImportRefused([f"not an Atelier export file (expected format {FORMAT!r})"])
    if payload.get("version") != VERSION:
        raise ImportRefused([f"unsupported export version {payload.get('version')!r}"])
    collections = payload.get("collections")
    if not isinstance(collections, dict):
        raise ImportRefused(["'collections' must be an object of collection name -> documents"])
    return collections


def _operator_keys(value: Any, path: str = "") -> list[str]:
    """Paths of keys that start with '$' (a stored document never has one)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str) or key.startswith("$"):
                found.append(here)
            found.extend(_operator_keys(item, here))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_operator_keys(item, f"{path}[{i}]"))
    return found


def _document_problems(coll: str, index: int, doc: Any) -> list[str]:
    where = f"{coll}[{index}]"
    if not isinstance(doc, dict):
        return [f"{where}: not a JSON object"]
    doc_id = doc.get("_id")
    if doc_id is None:
        return [f"{where}: no _id"]
    where = f"{coll}[{index}] (_id {doc_id!r})"
    problems = [f"{where}: key {key!r} looks like a query operator" for key in _operator_keys(doc)]
    model = MODELS.get(coll)
    if model is not None and not problems:
        try:
            model.model_validate(doc)
        except pydantic.ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or "-"
                problems.append(f"{where}: field {field}: {error['msg']}")
    return problems


def _unique_problems(coll: str, docs: list[dict[str, Any]]) -> list[str]:
    """Duplicate `_id`s, and duplicates for the collection's unique indexes."""
    problems = []
    keysets = [["_id"]] + [
        [field for field, _ in keys]
        for keys, options in store.INDEXES.get(coll, [])
        if options.get("unique")
    ]
    for fields in keysets:
        seen: dict[str, int] = {}
        for index, doc in enumerate(docs):
            value = json.dumps([doc.get(f) for f in fields], default=str, sort_keys=True)
            if value in seen:
                problems.append(
                    f"{coll}[{index}]: duplicate {'+'.join(fields)} {value} "
                    f"(also {coll}[{seen[value]}])"
                )
            else:
                seen[value] = index
    return problems


def validate(collections: Mapping[str, Any]) -> list[str]:
    """Every problem of an export's collections (an empty list: safe to import)."""
    problems: list[str] = []
    for coll, docs in collections.items():
        if not isinstance(coll, str) or not _COLLECTION_NAME.match(coll):
            problems.append(f"{coll!r}: not a valid collection name")
            continue
        if not isinstance(docs, list):
            problems.append(f"{coll}: must be a list of documents")
            continue
        for index, doc in enumerate(docs):
            problems.extend(_document_problems(coll, index, doc))
        if all(isinstance(d, dict) for d in docs):
            problems.extend(_unique_problems(coll, docs))
    return problems


def import_text(db: store.Store, text: str, *, replace: bool = False) -> ImportResult:
    """Validate everything, then write it all; ImportRefused (nothing written) otherwise.

    A store that already holds documents is refused unless `replace`, which empties it first.
    """
    collections = loads(text)
    problems = validate(collections)
    if problems:
        raise ImportRefused(problems)
    existing = {name: db.count(name) for name in db.collection_names()}
    non_empty = {name: n for name, n in existing.items() if n}
    if non_empty and not replace:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(non_empty.items()))
        raise ImportRefused(
            [f"the store is not empty: {listed}; use --replace to replace everything"]
        )
    if replace:
        db.drop_all()
    counts = {coll: db.insert_many(coll, docs) if docs else 0 for coll, docs in collections.items()}
    db.ensure_indexes()
    summary.refresh_all(db=db)  # derived facts are recomputed, never taken from the file
    return ImportResult(counts, replaced=bool(non_empty))
