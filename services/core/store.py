"""The only module that knows which database is behind Atelier.

Three backends, one interface of plain-data calls (dicts and lists in, dicts and lists out):

- ``MONGODB_URI`` set: pymongo against that server (thread-safe, calls go straight through);
- ``mongomock://``: an in-memory store for tests and throw-away demos (one lock per process,
  since mongomock is not thread-safe for writes);
- otherwise: an embedded store on disk (litemongo: mongomock's engine over SQLite). Every call
  runs on one worker thread per process (SQLite connections are bound to their thread) under
  an ``fcntl`` lock on a file in the data directory (so a second process, such as the CLI,
  serialises with the app), and cursors are turned into lists inside the call.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import pathlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import bson
import mongomock
import pymongo
import pymongo.errors
from pymongo import ReturnDocument

from services.core import collections, config

Doc = dict[str, Any]

# Every field an update or a frequent read filters on is indexed (the embedded store scans
# otherwise). Unique indexes are the last line of defence against duplicates.
INDEXES: dict[str, list[tuple[list[tuple[str, int]], dict]]] = {
    collections.NETWORKS: [],
    collections.CITIES: [
        ([("network_id", 1), ("name", 1)], {}),
        ([("network_id", 1), ("summary.rank", 1)], {}),  # the dashboard's least advanced cities
        # the dashboard's cities with the most experiments
        ([("network_id", 1), ("summary.most", 1)], {}),
        # the dashboard's first cities needing attention
        ([("network_id", 1), ("summary.attention_key", 1)], {}),
        # the first cities of each group of the dashboard's glance (what works where)
        ([("network_id", 1), ("summary.glance", 1)], {}),
        # the dashboard's cities with the lowest mean mood, per period (city_facts.MOOD_PERIODS)
        *(
            ([("network_id", 1), (f"summary.mood_by_period.{period}.band", 1)], {})
            for period in ("all", "3m", "6m", "12m")
        ),
    ],
    collections.PLANS: [([("city_id", 1)], {"unique": True})],
    collections.PLAN_VERSIONS: [
        ([("plan_id", 1), ("number", 1)], {"unique": True}),
        ([("city_id", 1)], {}),  # a city's versions (its summary)
    ],
    collections.USERS: [([("username", 1)], {"unique": True})],
    collections.ACTIVITY: [
        ([("entity_id", 1), ("at", -1)], {}),
        ([("network_id", 1), ("at", -1)], {}),
        ([("city_id", 1), ("at", -1)], {}),  # a city's last activity (its summary)
    ],
    collections.ASSUMPTIONS: [([("city_id", 1)], {})],
    collections.EXPERIMENTS: [
        ([("city_id", 1)], {}),
        ([("assumption_ids", 1)], {}),
        ([("replicates", 1)], {}),  # a replication chain, walked down from its original
    ],
    collections.LEARNINGS: [([("city_id", 1)], {})],
    collections.PRESENCE: [([("entity_id", 1)], {})],
    collections.CHECKINS: [([("city_id", 1), ("date", -1)], {}), ([("network_id", 1)], {})],
    collections.REPORTING_SETTINGS: [],
    collections.REPORT_CYCLES: [([("city_id", 1), ("key", 1)], {"unique": True})],
    collections.REPORTS: [
        ([("city_id", 1), ("cycle_key", 1)], {"unique": True}),
        ([("network_id", 1), ("status", 1)], {}),
    ],
    collections.COORDINATION_SESSIONS: [
        ([("network_id", 1), ("date", -1)], {}),
        ([("followups.city_id", 1)], {}),
    ],
    collections.LEARNING_TOPICS: [([("network_id", 1)], {})],
    collections.LEARNING_VOTES: [
        ([("topic_id", 1), ("user_id", 1)], {"unique": True}),
        ([("network_id", 1)], {}),
    ],
    collections.LEARNING_RATINGS: [
        ([("subject_id", 1), ("city_id", 1)], {"unique": True}),
        ([("network_id", 1)], {}),
    ],
    collections.REMINDERS_SENT: [([("user_id", 1), ("day", 1)], {"unique": True})],
    collections.WORKSHOPS: [([("code", 1)], {"unique": True}), ([("city_id", 1)], {})],
    collections.WORKSHOP_PARTICIPANTS: [
        ([("token_hash", 1)], {"unique": True}),
        ([("cookie_hash", 1)], {}),
        ([("handoff_hash", 1)], {}),
        ([("workshop_id", 1)], {}),
    ],
    collections.WORKSHOP_NOTES: [([("workshop_id", 1)], {})],
    collections.WORKSHOP_VOTES: [
        ([("workshop_id", 1)], {}),
        ([("participant_id", 1), ("note_id", 1), ("slot", 1)], {"unique": True}),
    ],
    collections.WORKSHOP_THROTTLE: [([("window", 1)], {})],
    # One document per city and shared indicator (services/network/indicators.py).
    collections.INDICATOR_RECORDS: [
        ([("city_id", 1), ("indicator", 1)], {"unique": True}),
        ([("network_id", 1)], {}),
    ],
    collections.LOGIN_SESSIONS: [
        ([("token_hash", 1)], {}),
        ([("handoff_hash", 1)], {}),
        ([("user_id", 1)], {}),
    ],
}

# A form submission writes one document (screens/_ui/forms.py, records.py): its id is unique
# among the documents of every collection a form writes to. Sparse: documents written by no form
# (imports, the demo, older data) carry no `submission_id` and are not indexed.
SUBMISSION_INDEX: tuple[list[tuple[str, int]], dict] = (
    [("submission_id", 1)],
    {"unique": True, "sparse": True},
)
for _coll in collections.ALL:
    if _coll not in (collections.ACTIVITY, collections.PRESENCE):
        INDEXES.setdefault(_coll, []).append(SUBMISSION_INDEX)

DUPLICATE_KEY_ERRORS = (pymongo.errors.DuplicateKeyError, mongomock.DuplicateKeyError)


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or configured. The message is safe to show."""


class DuplicateKey(Exception):
    """A unique index refused a write."""


def sortable_id() -> str:
    """A new id that sorts by creation time (and, within a process, by creation order)."""
    return str(bson.ObjectId())


def redact_uri(uri: str) -> str:
    """The URI with any password removed, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", uri)


def uri_host(uri: str) -> str:
    """The host part of a MongoDB URI (without credentials), for messages."""
    rest = uri.split("://", 1)[-1]
    rest = rest.rsplit("@", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0] or "(no host)"


# --- how calls reach the database -------------------------------------------------------------


class _Direct:
    """pymongo clients are thread-safe: call straight through."""

    def run(self, fn: Callable[[], Any]) -> Any:
        return fn()

    def close(self) -> None:
        pass


class _Locked:
    """mongomock in memory: one lock per process serialises all calls."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def run(self, fn: Callable[[], Any]) -> Any:
        with self._lock:
            return fn()

    def close(self) -> None:
        pass


class _Embedded:
    """litemongo on disk: one worker thread per process, a file lock across processes."""

    def __init__(self, lock_path: pathlib.Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atelier-store")
        self._lock_file = lock_path.open("a+")
        self._worker = threading.local()

    def _locked(self, fn: Callable[[], Any]) -> Any:
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            return fn()
        finally:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def run(self, fn: Callable[[], Any]) -> Any:
        if getattr(self._worker, "inside", False):  # a call made from within a call
            return fn()
        return self._pool.submit(self._mark_and_run, fn).result()

    def _mark_and_run(self, fn: Callable[[], Any]) -> Any:
        self._worker.inside = True
        try:
            return self._locked(fn)
        finally:
            self._worker.inside = False

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._lock_file.close()


# --- the store --------------------------------------------------------------------------------


class Store:
    """Plain-data access to the collections. Every method is one serialised call."""

    def __init__(self, client: Any, db_name: str, runner: Any, kind: str, where: str) -> None:
        self._client = client
        self._db = client[db_name]
        self._runner = runner
        self.kind = kind
        self.where = where

    # Opening ----------------------------------------------------------------------------------

    @classmethod
    def memory(cls, name: str = "atelier") -> Store:
        """A fresh in-memory store (tests, throw-away demos)."""
        return cls(mongomock.MongoClient(tz_aware=True), name, _Locked(), "memory", "memory")

    @classmethod
    def embedded(cls, data_dir: pathlib.Path, name: str = "atelier") -> Store:
        """The embedded store in `data_dir`, created if needed."""
        import litemongo  # imported lazily: only the embedded store needs it

        data_dir = pathlib.Path(data_dir).absolute()
        data_dir.mkdir(parents=True, exist_ok=True)
        runner = _Embedded(data_dir / ".atelier.lock")
        client = runner.run(lambda: litemongo.connect(str(data_dir / "litemongo")))
        return cls(client, name, runner, "embedded", str(data_dir))

    @classmethod
    def server(cls, uri: str, db_name: str | None = None, timeout_s: float = 5.0) -> Store:
        """A MongoDB server; raises StoreUnavailable (host named, password never) on failure."""
        host = uri_host(uri)
        try:
            client = pymongo.MongoClient(
                uri,
                tz_aware=True,
                serverSelectionTimeoutMS=int(timeout_s * 1000),
                connectTimeoutMS=int(timeout_s * 1000),
            )
        except (pymongo.errors.ConfigurationError, pymongo.errors.InvalidURI, ValueError) as exc:
            reason = redact_uri(str(exc)).replace(uri, redact_uri(uri))
            raise StoreUnavailable(f"MONGODB_URI for host {host} is malformed: {reason}") from None
        try:
            client.admin.command("ping")
        except pymongo.errors.PyMongoError as exc:
            client.close()
            reason = type(exc).__name__
            raise StoreUnavailable(
                f"Cannot reach MongoDB at {host} within {timeout_s:.0f} s ({reason})."
            ) from None
        name = db_name or client.get_default_database(default="atelier").name
        return cls(client, name, _Direct(), "mongodb", host)

    @classmethod
    def from_settings(cls, settings: config.Settings) -> Store:
        uri = settings.mongodb_uri
        if uri and uri.startswith("mongomock://"):
            return cls.memory(settings.mongodb_db)
        if uri:
            has_db = "/" in uri.split("://", 1)[-1].rsplit("@", 1)[-1].split("?", 1)[0].rstrip("/")
            return cls.server(uri, None if has_db else settings.mongodb_db)
        return cls.embedded(settings.data_dir, settings.mongodb_db)

    def close(self) -> None:
        self._runner.run(self._client.close)
        self._runner.close()

    # Plumbing ---------------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any]) -> Any:
        try:
            return self._runner.run(fn)
        except DUPLICATE_KEY_ERRORS as exc:
            raise DuplicateKey(str(exc)) from None

    def ensure_indexes(self) -> None:
        """Create every collection's indexes; safe to call at every start."""

        for name, indexes in INDEXES.items():
            self._create_indexes(name, indexes)

    def ping(self) -> str:
        """A one-line description of the store, or StoreUnavailable."""
        self._run(lambda: self._db.list_collection_names())
        return f"{self.kind}: {self.where}"

    def collection_names(self) -> list[str]:
        """The data's collections (internal ones, whose name starts with "_", left out)."""
        return [n for n in self._all_names() if not n.startswith("_")]

    def _all_names(self) -> list[str]:
        return sorted(self._run(self._db.list_collection_names))

    def drop_collection(self, name: str) -> None:
        self._run(lambda: self._db.drop_collection(name))

    def rename_collection(self, source: str, target: str) -> None:
        """Rename `source` to `target`, replacing `target` if it exists (indexes follow)."""
        self._run(lambda: self._db[source].rename(target, dropTarget=True))

    # Replacing everything (import --replace) ---------------------------------------------------

    def replace_all(self, incoming: Mapping[str, list[Doc]]) -> None:
        """Make the store hold exactly `incoming` (every other data collection emptied), or,
        on any failure, exactly what it held before: never a mix, never nothing.

        No transactions here (mongomock, litemongo): the new documents are written into
        staging collections beside the old ones; only once they are all written does a journal
        document mark the swap (renames). A failure during the swap is undone at once; a crash
        during it is undone by `recover`, which every opening of the store runs.
        """
        self.recover()
        incoming = {coll: docs for coll, docs in incoming.items() if docs}
        targets = sorted(set(self.collection_names()) | set(collections.ALL) | set(incoming))
        try:
            for coll, docs in incoming.items():
                staging = collections.IMPORT_STAGING + coll
                self.drop_collection(staging)
                self._create_indexes(staging, INDEXES.get(coll, []))
                self.insert_many(staging, docs)
        except Exception:
            self._drop_internal()
            raise
        journal = {"_id": "replace", "targets": targets, "incoming": sorted(incoming)}
        self.insert_one(collections.IMPORT_JOURNAL, {**journal, "at": dt.datetime.now(dt.UTC)})
        try:
            for coll in targets:
                names = self._all_names()
                if coll in names:
                    self.rename_collection(coll, collections.IMPORT_PREVIOUS + coll)
                if coll in incoming:
                    self.rename_collection(collections.IMPORT_STAGING + coll, coll)
        except Exception:
            self._roll_back(journal)
            raise
        # The commit point: from here on the new data is the store's data.
        self.delete_many(collections.IMPORT_JOURNAL, {})
        self._tidy()

    def recover(self) -> str | None:
        """Finish what an interrupted `replace_all` left: undo a swap under way (the store
        holds its previous data again), drop staging leftovers. What was done, or None."""
        names = self._all_names()
        internal = (
            collections.IMPORT_JOURNAL,
            collections.IMPORT_STAGING,
            collections.IMPORT_PREVIOUS,
        )
        if not any(n.startswith(internal) for n in names):
            return None
        journal = self.find_one(collections.IMPORT_JOURNAL, {"_id": "replace"})
        if journal is not None:
            self._roll_back(journal)
            done = "an interrupted import --replace was undone: the previous data is back"
        else:
            self._drop_internal()
            done = "the leftovers of an interrupted import were removed (the data is unchanged)"
        logging.getLogger(__name__).warning(done)
        return done

    def _roll_back(self, journal: Mapping[str, Any]) -> None:
        incoming = set(journal["incoming"])
        for coll in journal["targets"]:
            names = self._all_names()
            previous = collections.IMPORT_PREVIOUS + coll
            if previous in names:  # moved aside: bring it back (over the new data, if there)
                self.rename_collection(previous, coll)
            elif coll in incoming and collections.IMPORT_STAGING + coll not in names:
                self.drop_collection(coll)  # new data swapped in where there was none
        self.delete_many(collections.IMPORT_JOURNAL, {})
        self._tidy()

    def _tidy(self) -> None:
        # Past the journal's deletion the outcome is settled: leftovers that cannot be dropped
        # now are dropped at the next opening (recover), and never change what the data is.
        try:
            self._drop_internal()
            self.ensure_indexes()
        except Exception as exc:  # noqa: BLE001 - the data is whole whatever this says
            logging.getLogger(__name__).warning("import leftovers not dropped yet: %s", exc)

    def _drop_internal(self) -> None:
        for name in self._all_names():
            if name.startswith((collections.IMPORT_STAGING, collections.IMPORT_PREVIOUS)):
                self.drop_collection(name)
        self.drop_collection(collections.IMPORT_JOURNAL)

    def _create_indexes(self, name: str, indexes: list[tuple[list[tuple[str, int]], dict]]) -> None:
        def create() -> None:
            for keys, options in indexes:
                self._db[name].create_index(keys, **options)

        self._run(create)

    def drop_all(self) -> None:
        """Remove every document of every collection (import --replace, tests)."""

        def drop() -> None:
            for name in self._db.list_collection_names():
                self._db[name].delete_many({})

        self._run(drop)

    # Reads ------------------------------------------------------------------------------------

    def find(
        self,
        coll: str,
        filter: Mapping | None = None,
        *,
        projection: Mapping | None = None,
        sort: list[tuple[str, int]] | None = None,
        limit: int = 0,
        skip: int = 0,
    ) -> list[Doc]:
        def query() -> list[Doc]:
            cursor = self._db[coll].find(dict(filter or {}), projection)
            if sort:
                cursor = cursor.sort(sort)
            if skip:
                cursor = cursor.skip(skip)
            if limit:
                cursor = cursor.limit(limit)
            return list(cursor)

        return self._run(query)

    def find_one(
        self, coll: str, filter: Mapping, *, projection: Mapping | None = None
    ) -> Doc | None:
        return self._run(lambda: self._db[coll].find_one(dict(filter), projection))

    def count(self, coll: str, filter: Mapping | None = None) -> int:
        return self._run(lambda: self._db[coll].count_documents(dict(filter or {})))

    def aggregate(self, coll: str, pipeline: list[Mapping]) -> list[Doc]:
        return self._run(lambda: list(self._db[coll].aggregate(list(pipeline))))

    def distinct(self, coll: str, key: str, filter: Mapping | None = None) -> list:
        return self._run(lambda: self._db[coll].distinct(key, dict(filter or {})))

    # Writes -----------------------------------------------------------------------------------

    def insert_one(self, coll: str, doc: Mapping) -> None:
        self._run(lambda: self._db[coll].insert_one(dict(doc)))

    def insert_many(self, coll: str, docs: Iterable[Mapping], batch: int = 1000) -> int:
        """Insert in batches (each batch one call, so other sessions interleave). Returns count."""
        total = 0
        for chunk in _chunks([dict(d) for d in docs], batch):
            self._run(lambda c=chunk: self._db[coll].insert_many(c, ordered=True))
            total += len(chunk)
        return total

    def update_one(self, coll: str, filter: Mapping, update: Mapping, upsert: bool = False) -> int:
        """Apply `update` to the first match; returns how many documents matched (0 or 1)."""
        result = self._run(
            lambda: self._db[coll].update_one(dict(filter), dict(update), upsert=upsert)
        )
        return result.matched_count + (1 if result.upserted_id is not None else 0)

    def update_many(self, coll: str, filter: Mapping, update: Mapping) -> int:
        return self._run(
            lambda: self._db[coll].update_many(dict(filter), dict(update))
        ).matched_count

    def find_one_and_update(
        self, coll: str, filter: Mapping, update: Mapping, *, upsert: bool = False
    ) -> Doc | None:
        """Atomically update the first match and return it as it is after the update."""
        return self._run(
            lambda: self._db[coll].find_one_and_update(
                dict(filter), dict(update), upsert=upsert, return_document=ReturnDocument.AFTER
            )
        )

    def delete_one(self, coll: str, filter: Mapping) -> int:
        return self._run(lambda: self._db[coll].delete_one(dict(filter))).deleted_count

    def delete_many(self, coll: str, filter: Mapping) -> int:
        return self._run(lambda: self._db[coll].delete_many(dict(filter))).deleted_count


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- one shared handle per process ------------------------------------------------------------

_current: Store | None = None
_current_lock = threading.Lock()


def get() -> Store:
    """The process's store, opened (with its indexes) on first use from the settings."""
    global _current
    with _current_lock:
        if _current is None:
            store = Store.from_settings(config.load_settings())
            store.recover()
            store.ensure_indexes()
            _current = store
        return _current


def use(store: Store | None) -> Store | None:
    """Make `store` the process's store (tests, the CLI); returns the previous one."""
    global _current
    with _current_lock:
        previous, _current = _current, store
    if store is not None:
        store.recover()
        store.ensure_indexes()
    return previous


@contextlib.contextmanager
def using(store: Store) -> Iterator[Store]:
    previous = use(store)
    try:
        yield store
    finally:
        use(previous)
