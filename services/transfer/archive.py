"""Export and import of the whole store as JSON that keeps types (dates, ids).

The file is MongoDB extended JSON (relaxed), so datetimes come back as UTC datetimes and
numbers keep their type. It holds every account's password hash: it is written readable by
its owner only.

An import checks everything before writing anything: every document of every collection
through its model (and stores what the model returns, so `"revision": "3"` is stored as 3),
duplicates as the store compares them (1 and 1.0 are one key), references to missing
documents, known collections only, a network. It refuses to merge into a store that already
holds documents; `replace` swaps the whole store for the file's content in a way that leaves
either the old data or the new data, whole (Store.replace_all).

An imported network's history is not retroactively "missing": when the file does not say
when its reporting starts (no reporting settings for the network, or settings written before
`reporting_starts_on` existed), the import sets it to the import day. A file that says (a date,
or null for "no start") keeps what it says, so an export/import round trip changes nothing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import bson
import pydantic
from bson import json_util

from models import coordination, experiment, indicator, plan, reporting, workshops
from models.activity import ActivityLine, PresenceMark
from models.base import Document, stored, today
from models.city import City
from models.network import Network
from models.user import User
from services.core import collections, store
from services.dashboard import summary
from services.reporting import settings as listening_settings

FORMAT = "atelier-export"
VERSION = 1

# Collections whose documents have a pydantic model: each one is validated through it.
MODELS: dict[str, type[pydantic.BaseModel]] = {
    collections.NETWORKS: Network,
    collections.CITIES: City,
    collections.USERS: User,
    collections.PLANS: plan.Plan,
    collections.PLAN_VERSIONS: plan.PlanVersion,
    collections.ASSUMPTIONS: experiment.Assumption,
    collections.EXPERIMENTS: experiment.Experiment,
    collections.LEARNINGS: experiment.Learning,
    collections.ACTIVITY: ActivityLine,
    collections.PRESENCE: PresenceMark,
    collections.CHECKINS: reporting.Checkin,
    collections.REPORTING_SETTINGS: reporting.ReportingSettings,
    collections.REPORT_CYCLES: reporting.ReportCycle,
    collections.REPORTS: reporting.Report,
    collections.COORDINATION_SESSIONS: coordination.CoordinationSession,
    collections.LEARNING_TOPICS: coordination.LearningTopic,
    collections.LEARNING_VOTES: coordination.TopicVote,
    collections.LEARNING_RATINGS: coordination.UsefulnessRating,
    collections.WORKSHOPS: workshops.Workshop,
    collections.WORKSHOP_PARTICIPANTS: workshops.Participant,
    collections.WORKSHOP_NOTES: workshops.Note,
    collections.WORKSHOP_VOTES: workshops.Vote,
    collections.INDICATOR_RECORDS: indicator.IndicatorRecord,
}


class Reference(NamedTuple):
    """`field` of a document (a dotted path goes through lists of sub-documents:
    "followups.city_id") names a document of `target`; `same` lists (field of the naming
    document, field of the named one) that must be equal: a note's participant joined the
    note's workshop, an experiment tests assumptions of its own city."""

    field: str
    target: str
    same: tuple[tuple[str, str], ...] = ()


_CITY = Reference("city_id", collections.CITIES, (("network_id", "network_id"),))
_SAME_CITY = (("city_id", "city_id"),)
_SAME_WORKSHOP = (("workshop_id", "workshop_id"),)

# Every field of models/*.py that names another document, in one table; every document's
# `network_id` must name a network too, and `_listening_problems` checks what depends on a
# value (a rating's subject, a check-in's blockers, a report's cycle key).
# Not checked, on purpose: `created_by`/`updated_by` and the `*_by` of entries and ticks (an
# audit of who acted, kept when an account goes), the activity log and presence marks (they
# outlive what they name), an assumption's `action_ids` and a promotion's `item_ids` (plan
# items a later plan edit may drop; pages show a missing one as gone), the cycle states
# of a city's summary (recomputed on import, never taken from the file), and a document's
# `submission_id` (the form submission that wrote it: an id of its own, naming no document;
# the store's unique index keeps it once).
REFERENCES: dict[str, tuple[Reference, ...]] = {
    collections.USERS: (
        Reference("city_ids", collections.CITIES, (("network_id", "network_id"),)),
    ),
    collections.PLANS: (
        _CITY,
        Reference("pending_changes.learning_id", collections.LEARNINGS, _SAME_CITY),
    ),
    collections.PLAN_VERSIONS: (
        _CITY,
        Reference("plan_id", collections.PLANS, _SAME_CITY),
        Reference("changes.learning_id", collections.LEARNINGS, _SAME_CITY),
    ),
    collections.ASSUMPTIONS: (_CITY,),
    collections.EXPERIMENTS: (
        _CITY,
        Reference("assumption_ids", collections.ASSUMPTIONS, _SAME_CITY),
        # A replication names an experiment of another city of the same network.
        Reference("replicates", collections.EXPERIMENTS, (("network_id", "network_id"),)),
    ),
    collections.INDICATOR_RECORDS: (_CITY,),
    collections.LEARNINGS: (
        _CITY,
        Reference("experiment_ids", collections.EXPERIMENTS, _SAME_CITY),
    ),
    collections.CHECKINS: (
        _CITY,
        Reference("follow_through.workshop_id", collections.WORKSHOPS, _SAME_CITY),
    ),
    collections.REPORT_CYCLES: (_CITY,),
    collections.REPORTS: (
        _CITY,
        Reference("cycle_id", collections.REPORT_CYCLES, _SAME_CITY),
    ),
    collections.COORDINATION_SESSIONS: (
        Reference("agenda.city_id", collections.CITIES),
        Reference("followups.city_id", collections.CITIES),
    ),
    collections.LEARNING_TOPICS: (_CITY,),
    collections.LEARNING_VOTES: (
        Reference("topic_id", collections.LEARNING_TOPICS),
        Reference("user_id", collections.USERS),
        _CITY,
    ),
    collections.LEARNING_RATINGS: (_CITY,),
    collections.WORKSHOPS: (
        _CITY,
        Reference("promotions.note_ids", collections.WORKSHOP_NOTES, (("_id", "workshop_id"),)),
    ),
    collections.WORKSHOP_PARTICIPANTS: (
        Reference("workshop_id", collections.WORKSHOPS, (("city_id", "city_id"),)),
        _CITY,
    ),
    collections.WORKSHOP_NOTES: (
        Reference("workshop_id", collections.WORKSHOPS, (("city_id", "city_id"),)),
        _CITY,
        Reference("participant_id", collections.WORKSHOP_PARTICIPANTS, _SAME_WORKSHOP),
        Reference("group_id", collections.WORKSHOP_NOTES, _SAME_WORKSHOP),
        Reference("merged_into", collections.WORKSHOP_NOTES, _SAME_WORKSHOP),
    ),
    collections.WORKSHOP_VOTES: (
        Reference("workshop_id", collections.WORKSHOPS),
        Reference("note_id", collections.WORKSHOP_NOTES, _SAME_WORKSHOP),
        Reference("participant_id", collections.WORKSHOP_PARTICIPANTS, _SAME_WORKSHOP),
    ),
}

_COLLECTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_JSON_OPTIONS = json_util.RELAXED_JSON_OPTIONS.with_options(tz_aware=True, tzinfo=dt.UTC)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ImportFailed(Exception):
    """Writing failed part-way; the store was put back as it was (the message says so)."""


@dataclass
class ImportResult:
    counts: dict[str, int]
    replaced: bool


def snapshot(db: store.Store) -> dict[str, list[dict[str, Any]]]:
    """Every document of every data collection, sorted by `_id` (so two snapshots compare).

    Kept logins (`sessions`) are not data: they are never exported."""
    names = [name for name in db.collection_names() if name in collections.ALL]
    return {name: db.find(name, {}, sort=[("_id", 1)]) for name in names}


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


def store_key(value: Any) -> Any:
    """`value` as the store compares it for equality: numbers by value whatever their type
    (1, 1.0, Int64(1) and Decimal128("1") are one key), booleans apart from numbers,
    documents by their ordered fields."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, bson.Decimal128):
        value = value.to_decimal()
    if isinstance(value, (int, float, decimal.Decimal)):
        if value != value:  # NaN: one value for a unique index
            return ("number", "nan")
        return ("number", decimal.Decimal(value))
    if isinstance(value, Mapping):
        return ("document", tuple((str(k), store_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("array", tuple(store_key(v) for v in value))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return (type(value).__name__, value)


def _document(coll: str, index: int, doc: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """The document as it will be stored (what its model returns), or its problems."""
    where = f"{coll}[{index}]"
    if not isinstance(doc, dict):
        return None, [f"{where}: not a JSON object"]
    doc_id = doc.get("_id")
    if doc_id is None:
        return None, [f"{where}: no _id"]
    where = f"{coll}[{index}] (_id {doc_id!r})"
    problems = [f"{where}: key {key!r} looks like a query operator" for key in _operator_keys(doc)]
    if problems:
        return None, problems
    model = MODELS[coll]
    try:
        valid = model.model_validate(doc)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "-"
            problems.append(f"{where}: field {field}: {error['msg']}")
        return None, problems
    if isinstance(valid, Document):
        return valid.to_doc(), []
    # The log and presence marks keep exactly the fields they were written with.
    return stored(valid.model_dump(by_alias=True, exclude_unset=True)), []


def _unique_problems(
    coll: str, indexed: list[tuple[int, dict[str, Any]]], keysets: list[list[str]]
) -> list[str]:
    """Duplicates of each key (a list of fields), as the store compares values."""
    problems = []
    for fields in keysets:
        seen: dict[Any, int] = {}
        for index, doc in indexed:
            key = store_key([doc.get(f) for f in fields])
            if key in seen:
                shown = ", ".join(repr(doc.get(f)) for f in fields)
                problems.append(
                    f"{coll}[{index}]: duplicate {'+'.join(fields)} {shown} "
                    f"(also {coll}[{seen[key]}])"
                )
            else:
                seen[key] = index
    return problems


def _username_problems(raw: list[Any]) -> list[str]:
    """Usernames that differ only by case (one login name: the store keeps them lower case)."""
    problems = []
    seen: dict[str, tuple[int, str]] = {}
    for index, doc in enumerate(raw):
        name = doc.get("username") if isinstance(doc, dict) else None
        if not isinstance(name, str):
            continue
        folded = name.strip().casefold()
        if folded in seen and seen[folded][1] != name.strip():
            first, other = seen[folded]
            problems.append(
                f"users[{index}]: username {name!r} differs only by case from "
                f"users[{first}]'s {other!r}"
            )
        seen.setdefault(folded, (index, name.strip()))
    return problems


def _reference_problems(clean: Mapping[str, list[dict[str, Any]]]) -> list[str]:
    """References to documents the file does not hold, or to one that belongs elsewhere (the
    `same` fields of REFERENCES differ); a file without a network."""
    by_id = {coll: {store_key(d["_id"]): d for d in docs} for coll, docs in clean.items()}
    ids = {coll: set(docs) for coll, docs in by_id.items()}
    networks = ids.get(collections.NETWORKS, set())
    problems = [] if networks else ["networks: the file holds no network"]
    for coll, docs in clean.items():
        for index, doc in enumerate(docs):
            where = f"{coll}[{index}] (_id {doc['_id']!r})"
            if networks and store_key(doc.get("network_id")) not in networks:
                problems.append(f"{where}: network_id {doc.get('network_id')!r} does not exist")
            for ref in REFERENCES.get(coll, ()):
                for value in _values(doc, ref.field):
                    if value is None:
                        continue
                    named = by_id.get(ref.target, {}).get(store_key(value))
                    if named is None:
                        problems.append(
                            f"{where}: {ref.field} {value!r}: no such document in {ref.target}"
                        )
                        continue
                    for own, theirs in ref.same:
                        if store_key(doc.get(own)) != store_key(named.get(theirs)):
                            problems.append(
                                f"{where}: {ref.field} {value!r} names a document of "
                                f"{ref.target} whose {theirs} is {named.get(theirs)!r}, "
                                f"not this document's {own} {doc.get(own)!r}"
                            )
    return problems + _listening_problems(clean, ids)


def _values(doc: Any, path: str) -> list[Any]:
    """The values at a dotted path, through lists: "followups.city_id" -> each follow-up's."""
    head, _, rest = path.partition(".")
    value = doc.get(head) if isinstance(doc, dict) else None
    items = value if isinstance(value, list) else [value]
    if not rest:
        return items
    return [found for item in items for found in _values(item, rest)]


def _listening_problems(
    clean: Mapping[str, list[dict[str, Any]]], ids: Mapping[str, set[Any]]
) -> list[str]:
    """References of the reporting collections that depend on a value: a network's reporting
    settings are its own (`_id` = `network_id`), a check-in names blockers of its network's
    list (the defaults when the file holds none: what the app reads), a report covers a cycle
    of its own city, a rating rates a session or a learning topic that exists."""
    problems = []
    tag_lists = {}
    for index, doc in enumerate(clean.get(collections.REPORTING_SETTINGS, [])):
        if doc["_id"] != doc.get("network_id"):
            problems.append(
                f"{collections.REPORTING_SETTINGS}[{index}] (_id {doc['_id']!r}): a network's "
                f"reporting settings have its id as _id, not {doc.get('network_id')!r}'s"
            )
        tag_lists[doc.get("network_id")] = {t["key"] for t in doc.get("blocker_tags", [])}
    default_tags = {key for key, _, _ in listening_settings.DEFAULT_TAGS}
    for index, doc in enumerate(clean.get(collections.CHECKINS, [])):
        known = tag_lists.get(doc.get("network_id"), default_tags)
        for tag in doc.get("blockers", []):
            if tag not in known:
                problems.append(
                    f"{collections.CHECKINS}[{index}] (_id {doc['_id']!r}): blocker {tag!r} is "
                    "not in its network's blocker list (reporting_settings)"
                )
    cycles = {store_key(c["_id"]): c for c in clean.get(collections.REPORT_CYCLES, [])}
    for index, doc in enumerate(clean.get(collections.REPORTS, [])):
        cycle = cycles.get(store_key(doc.get("cycle_id")))
        if cycle is not None and (cycle["city_id"], cycle["key"]) != (
            doc.get("city_id"),
            doc.get("cycle_key"),
        ):
            problems.append(
                f"{collections.REPORTS}[{index}] (_id {doc['_id']!r}): cycle_id "
                f"{doc.get('cycle_id')!r} is not the report's cycle of its city "
                f"({cycle['key']!r} of {cycle['city_id']!r}, not {doc.get('cycle_key')!r} "
                f"of {doc.get('city_id')!r})"
            )
    subjects = {"session": collections.COORDINATION_SESSIONS, "topic": collections.LEARNING_TOPICS}
    for index, doc in enumerate(clean.get(collections.LEARNING_RATINGS, [])):
        target = subjects[doc["subject"]]
        if store_key(doc.get("subject_id")) not in ids.get(target, set()):
            problems.append(
                f"{collections.LEARNING_RATINGS}[{index}] (_id {doc['_id']!r}): subject_id "
                f"{doc.get('subject_id')!r}: no such document in {target}"
            )
    return problems


def checked(collections_: Mapping[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """The documents as they will be stored, and every problem (none: safe to import)."""
    problems: list[str] = []
    clean: dict[str, list[dict[str, Any]]] = {}
    for coll, docs in collections_.items():
        if not isinstance(coll, str) or not _COLLECTION_NAME.match(coll):
            problems.append(f"{coll!r}: not a valid collection name")
            continue
        if coll not in MODELS:
            problems.append(f"{coll}: unknown collection (known: {', '.join(collections.ALL)})")
            continue
        if not isinstance(docs, list):
            problems.append(f"{coll}: must be a list of documents")
            continue
        clean[coll] = []
        valid_at: list[tuple[int, dict[str, Any]]] = []
        for index, doc in enumerate(docs):
            valid, found = _document(coll, index, doc)
            problems.extend(found)
            if valid is not None:
                clean[coll].append(valid)
                valid_at.append((index, valid))
        # `_id`s as written (an invalid document's too), unique indexes as they will be stored.
        raw_at = [(i, d) for i, d in enumerate(docs) if isinstance(d, dict) and "_id" in d]
        problems.extend(_unique_problems(coll, raw_at, [["_id"]]))
        for keys, options in store.INDEXES.get(coll, []):
            if options.get("unique"):
                fields = [field for field, _ in keys]
                # A sparse index skips documents without its fields (no submission id).
                at = [
                    (i, d)
                    for i, d in valid_at
                    if not options.get("sparse") or any(f in d for f in fields)
                ]
                problems.extend(_unique_problems(coll, at, [fields]))
        if coll == collections.USERS:
            problems.extend(_username_problems(docs))
    if not problems:  # references are only worth checking between valid documents
        problems.extend(_reference_problems(clean))
    return clean, problems


def validate(collections_: Mapping[str, Any]) -> list[str]:
    """Every problem of an export's collections (an empty list: safe to import)."""
    return checked(collections_)[1]


def with_reporting_start(collections_: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
    """The file's collections where every network's reporting calendar says when it starts:
    `on` for a network whose settings do not have the field, and new settings (the defaults,
    starting `on`) for a network the file gives none. What is malformed is left as it is, for
    `checked` to name."""
    found = dict(collections_)
    nets = found.get(collections.NETWORKS)
    given = found.get(collections.REPORTING_SETTINGS, [])
    if not isinstance(nets, list) or not isinstance(given, list):
        return found
    start = stored(on)
    said = []
    for doc in given:
        if isinstance(doc, dict) and "reporting_starts_on" not in doc:
            doc = {**doc, "reporting_starts_on": start}
        said.append(doc)
    covered = {doc.get("network_id") for doc in said if isinstance(doc, dict)}
    for network in nets:
        network_id = network.get("_id") if isinstance(network, dict) else None
        if isinstance(network_id, str) and network_id not in covered:
            fresh = listening_settings.defaults(network_id)
            said.append(fresh.model_copy(update={"reporting_starts_on": on}).to_doc())
            covered.add(network_id)
    found[collections.REPORTING_SETTINGS] = said
    return found


def import_text(
    db: store.Store, text: str, *, replace: bool = False, on: dt.date | None = None
) -> ImportResult:
    """Check everything, then write it all: ImportRefused (nothing written) when any document
    is wrong; ImportFailed (the store as it was) when writing fails part-way. A network whose
    reporting start the file does not give starts reporting on `on` (the import day).

    A store that already holds documents is refused unless `replace`, which swaps the whole
    store for the file's content: afterwards it holds either its old data or the new, whole.
    """
    clean, problems = checked(with_reporting_start(loads(text), on or today()))
    if problems:
        raise ImportRefused(problems)
    non_empty = {name: n for name in db.collection_names() if (n := db.count(name))}
    if non_empty and not replace:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(non_empty.items()))
        raise ImportRefused(
            [f"the store is not empty: {listed}; use --replace to replace everything"]
        )
    # Every city's summary is computed from the file's documents before the swap (never taken
    # from the file), so the new data goes in whole with its summaries: a crash after the swap
    # cannot leave new cities carrying summaries of the old data.
    found = {
        network["_id"]: summary.summarise_before_insert(network["_id"], clean)
        for network in clean.get(collections.NETWORKS) or ()
    }
    try:
        db.replace_all(clean)
    except Exception as exc:
        failure = f"writing failed ({type(exc).__name__}: {exc})"
        try:
            db.recover()  # finishes undoing the swap if the undo itself was interrupted
        except Exception:
            raise ImportFailed(
                f"{failure}; the previous data is restored at the store's next opening "
                "(run `python -m services.cli check`)"
            ) from exc
        kept = "its previous data, unchanged" if non_empty else "nothing, as before"
        raise ImportFailed(f"{failure}; the store holds {kept}") from exc
    # The new data is in place: each network's rollup and directory follow its summaries.
    for network_id, summaries in found.items():
        cities = [c for c in clean[collections.CITIES] if c.get("network_id") == network_id]
        summary.store_rollup(network_id, cities, summaries, db)
    if non_empty:
        db.delete_many(
            collections.LOGIN_SESSIONS, {}
        )  # kept logins belong to the replaced accounts
    counts = {coll: len(docs) for coll, docs in clean.items()}
    return ImportResult(counts, replaced=bool(non_empty))
