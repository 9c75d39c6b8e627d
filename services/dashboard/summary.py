"""The per-city summary (the computed pattern): one writer, recomputed from the documents.

`City.summary` is what the cross-city dashboard reads: one small document per city, however
much history the city has. Every field is derived from documents (the city, its network's
gates, its plan, frozen versions, experiments, learnings, check-ins, reports, workshops) by
`city_facts.compute`, a pure function (services/dashboard/city_facts.py). `refresh` (one city)
and `refresh_network` (every city, one read per collection) are the only code that writes
`summary`: each field on its own with `$set` on
`summary.<field>`, never a summary read earlier, so a write that lands meanwhile cannot be
undone. A summary is nobody's edit: it never moves the city's revision nor writes to the activity
log.

The network's rollup (services/network/rollup.py) follows the summaries: each summary carries
the city's share of it, and `_write` adds the change of that share once, only when the share it
replaces is still the one read (another writer first: read again); the bulk writers rebuild it.
The network's directory (services/network/directory.py: each city's name and experiment count,
each test card's city, title, method and status) follows them the same way: each summary
carries the city's entry, and `_write` sets it in the directory when it changed.

Who calls it: every write through services/core/records.py of a document that belongs to a city
(the city itself, or a document with its `city_id`), or of the network, runs `refresh`
afterwards: `after_write` is installed as records' after-write handler by services/wiring.py
(core imports no capability). Demo seeding and the full import write
in bulk, past records, and call `refresh_network` / `refresh_all` themselves.

The calendar: some facts change with the date alone (an experiment whose end date passed is
finished; a LAG meeting or a check-in dated later starts to count on its day). The summary
stores the last day it holds through without any write, `valid_until` (None: until a document
changes); a reader calls `refresh_outdated` first, which recomputes the cities whose day has
passed. The network's revision document keeps `next_due`, never later than any city's
`valid_until` (writers lower it with `$min`), so that on most days `refresh_outdated` is one
read by `_id`, not a scan. Days in the current stage are never stored: `days_in_stage` computes
them when read, from the stage history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import stored, utcnow
from models.city import CitySummary
from services.core import collections, records, store
from services.dashboard import city_facts
from services.network import directory, rollup
from services.reporting import compliance, cycles

CITIES = collections.CITIES
NETWORKS = collections.NETWORKS
PLANS = collections.PLANS
PLAN_VERSIONS = collections.PLAN_VERSIONS
ASSUMPTIONS = collections.ASSUMPTIONS
EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
WORKSHOPS = collections.WORKSHOPS
CHECKINS = collections.CHECKINS
INDICATOR_RECORDS = collections.INDICATOR_RECORDS
REVISIONS = collections.REVISIONS
# Writes that move no summary but show on the dashboard (follow-ups, the learning backlog, the
# reporting calendar) still move the data revision. Accounts, presence and the activity log show
# nowhere there, and workshops write several times a second while their results stay out of it.
_NOT_SHOWN = {
    collections.USERS,
    collections.PRESENCE,
    collections.ACTIVITY,
    collections.WORKSHOPS,
    collections.WORKSHOP_PARTICIPANTS,
    collections.WORKSHOP_NOTES,
    collections.WORKSHOP_VOTES,
}

# What people write in a workshop (who joined, notes, votes) is in no summary (a summary counts
# the workshops themselves), and a room writes it several times a second: no summary is
# refreshed and no data revision moves for it.
_IN_NO_SUMMARY = {
    collections.WORKSHOP_PARTICIPANTS,
    collections.WORKSHOP_NOTES,
    collections.WORKSHOP_VOTES,
}

_ATTEMPTS = 5  # a city's summary written by another writer meanwhile: read it again
# A frozen version is read for its number and day only (its sections can be large).
_VERSION_FIELDS = {"city_id": 1, "number": 1, "created_at": 1}
# A workshop is read for its days only (the city ran it then).
_WORKSHOP_FIELDS = {"city_id": 1, "created_at": 1, "closed_at": 1}
REPORT_CYCLES = collections.REPORT_CYCLES
REPORTS = collections.REPORTS
REPORTING_SETTINGS = collections.REPORTING_SETTINGS
# A check-in counts by its month, mood, blockers and whether it asked for help.
_CHECKIN_FIELDS = {"city_id": 1, "date": 1, "mood": 1, "blockers": 1, "help_needed": 1}


# --- the writer --------------------------------------------------------------------------------


def _write(db: store.Store, city: Mapping[str, Any], summary: CitySummary, *, checked=True) -> bool:
    """Store the summary field by field (a summary read earlier is never written back over a
    newer one) and, `checked`, add the change of the city's share to the network's rollup, once:
    only when the share stored is still the one `city` was read with (False otherwise: another
    writer came first; read again). Bulk writers rebuild the rollup instead (`checked=False`)."""
    values = {f"summary.{name}": value for name, value in stored(summary).items()}
    if not checked:
        db.update_one(CITIES, {"_id": city["_id"]}, {"$set": values})
        return True
    before = (city.get("summary") or {}).get("rollup")
    if not db.update_one(CITIES, {"_id": city["_id"], "summary.rollup": before}, {"$set": values}):
        return False
    labels = rollup.label(city.get("cluster", ""), city.get("country", ""), city.get("stage", ""))
    rollup.apply(city["network_id"], before, values["summary.rollup"], labels, db)
    listed = (city.get("summary") or {}).get("directory")
    directory.apply(city["network_id"], listed, summary.directory, db)
    return True


def refresh(city_id: str, *, today: dt.date | None = None) -> CitySummary | None:
    """Recompute every field of one city's summary from its documents and store it (its share
    of the network's rollup following); returns it (None when the city or its network is gone)."""
    db = store.get()
    for _attempt in range(_ATTEMPTS):
        city = db.find_one(CITIES, {"_id": city_id})
        network = db.find_one(NETWORKS, {"_id": city["network_id"]}) if city else None
        if city is None or network is None:
            return None
        summary = city_facts.compute(
            network,
            city,
            db.find_one(PLANS, {"city_id": city_id}),
            db.find(PLAN_VERSIONS, {"city_id": city_id}, projection=_VERSION_FIELDS),
            db.find(EXPERIMENTS, {"city_id": city_id}),
            db.find(LEARNINGS, {"city_id": city_id}),
            db.find(WORKSHOPS, {"city_id": city_id}, projection=_WORKSHOP_FIELDS),
            today,
            db.find(ASSUMPTIONS, {"city_id": city_id}),
            _checkins(db, {"city_id": city_id}),
            db.find(REPORT_CYCLES, {"city_id": city_id}, projection=compliance.CYCLE_FIELDS),
            db.find(REPORTS, {"city_id": city_id}, projection=compliance.FILED_FIELDS),
            _terms(db, city["network_id"]),
            db.find(INDICATOR_RECORDS, {"city_id": city_id}),
        )
        if _write(db, city, summary):
            return summary
    # Writers kept coming first: store this one and rebuild the rollup from every city.
    _write(db, city, summary, checked=False)
    rebuild_rollup(city["network_id"], db)
    return summary


def rebuild_rollup(network_id: str, db: store.Store | None = None) -> None:
    """Recompute the network's rollup from the shares stored on its cities, and its directory
    from the documents."""
    db = db or store.get()
    fields = {"cluster": 1, "country": 1, "stage": 1, "summary.rollup": 1}
    rollup.rebuild(
        network_id,
        (_share(c) for c in db.find(CITIES, {"network_id": network_id}, projection=fields)),
        db,
    )
    directory.rebuild(network_id, directory.built(network_id, db), db)


def ensure_rollup(network_id: str) -> bool:
    """Build the network's rollup when it is missing (a store written before it existed):
    every summary recomputed with its share. True when it was built."""
    # The network's own document is written last by a rebuild: it says every part is built
    # (reading every section's part here would cost each view every other view's sums).
    if rollup.stored_part(network_id, None) is not None:
        return False
    refresh_network(network_id)
    _bump(network_id)
    return True


def _share(city: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    labels = rollup.label(city.get("cluster", ""), city.get("country", ""), city.get("stage", ""))
    return labels, dict((city.get("summary") or {}).get("rollup") or [])


def _by_city(docs: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(doc.get("city_id"), []).append(doc)
    return grouped


def _checkins(db: store.Store, where: dict[str, Any]) -> list[dict[str, Any]]:
    # Every check-in of the programme (a month is a few numbers), only the fields it counts.
    return db.find(CHECKINS, where, projection=_CHECKIN_FIELDS)


def _terms(db: store.Store, network_id: str) -> cycles.Terms:
    # The calendar's part of the network's reporting settings, or the defaults.
    found = db.find_one(REPORTING_SETTINGS, {"_id": network_id}, projection=cycles.TERMS_FIELDS)
    return cycles.terms_of(found)


def refresh_network(
    network_id: str, *, today: dt.date | None = None, db: store.Store | None = None
) -> int:
    """`refresh` for every city of a network, reading each collection once (after an import,
    or a change of the network's gates). Returns how many cities were refreshed."""
    db = db or store.get()
    network = db.find_one(NETWORKS, {"_id": network_id})
    if network is None:
        return 0
    where = {"network_id": network_id}
    docs = {
        PLANS: db.find(PLANS, where),
        PLAN_VERSIONS: db.find(PLAN_VERSIONS, where, projection=_VERSION_FIELDS),
        EXPERIMENTS: db.find(EXPERIMENTS, where),
        LEARNINGS: db.find(LEARNINGS, where),
        ASSUMPTIONS: db.find(ASSUMPTIONS, where),
        CHECKINS: _checkins(db, where),
        REPORT_CYCLES: db.find(REPORT_CYCLES, where, projection=compliance.CYCLE_FIELDS),
        REPORTS: db.find(REPORTS, where, projection=compliance.FILED_FIELDS),
        WORKSHOPS: db.find(WORKSHOPS, where, projection=_WORKSHOP_FIELDS),
        INDICATOR_RECORDS: db.find(INDICATOR_RECORDS, where),
    }
    cities = db.find(CITIES, where)
    found = summaries(network, cities, docs, _terms(db, network_id), today)
    for city in cities:
        _write(db, city, found[city["_id"]], checked=False)
    store_rollup(network_id, cities, found, db)
    return len(cities)


def summaries(
    network: Mapping[str, Any],
    cities: Iterable[Mapping[str, Any]],
    docs: Mapping[str, Iterable[Mapping[str, Any]]],
    terms: cycles.Terms,
    today: dt.date | None = None,
) -> dict[str, CitySummary]:
    """Every city's summary (by id), from the network's documents by collection (read once,
    or still in memory before a bulk insert: demo seeding), as `compute` makes it."""
    grouped = {coll: _by_city(found) for coll, found in docs.items()}
    plans = {p["city_id"]: p for p in docs.get(PLANS) or ()}

    def of(coll: str, city_id: str):
        return grouped.get(coll, {}).get(city_id, ())

    return {
        city["_id"]: city_facts.compute(
            network,
            city,
            plans.get(city["_id"]),
            of(PLAN_VERSIONS, city["_id"]),
            of(EXPERIMENTS, city["_id"]),
            of(LEARNINGS, city["_id"]),
            of(WORKSHOPS, city["_id"]),
            today,
            of(ASSUMPTIONS, city["_id"]),
            of(CHECKINS, city["_id"]),
            of(REPORT_CYCLES, city["_id"]),
            of(REPORTS, city["_id"]),
            terms,
            of(INDICATOR_RECORDS, city["_id"]),
        )
        for city in cities
    }


def summarise_before_insert(network_id: str, docs: Mapping[str, list[dict[str, Any]]]):
    """Every city's summary of a network whose documents (`docs`, by collection, as stored)
    are about to be inserted in bulk (demo seeding): set on each city document, so that no
    city is written twice and nothing is read back; returns them by city id (for
    `store_rollup` once the documents are in)."""
    network = next(n for n in docs[NETWORKS] if n["_id"] == network_id)
    settings = next(
        (d for d in docs.get(REPORTING_SETTINGS) or () if d.get("_id") == network_id), None
    )
    cities = [c for c in docs[CITIES] if c.get("network_id") == network_id]
    found = summaries(network, cities, docs, cycles.terms_of(settings))
    for city in cities:
        city["summary"] = stored(found[city["_id"]])
    return found


def store_rollup(
    network_id: str,
    cities: Iterable[Mapping[str, Any]],
    found: Mapping[str, CitySummary],
    db: store.Store | None = None,
) -> None:
    """After a bulk write of the cities' summaries (`found`, by id): the network's rollup and
    directory rebuilt from their shares and entries, and the day the first of them expires noted."""
    shares = [(_share(city)[0], dict(found[city["_id"]].rollup)) for city in cities]
    rollup.rebuild(network_id, shares, db)
    directory.rebuild(network_id, (found[city["_id"]].directory for city in cities), db)
    due = [s.valid_until for s in found.values() if s.valid_until]
    _lower_due(network_id, min(due, default=None), db)


def refresh_all(*, db: store.Store | None = None) -> int:
    """`refresh_network` for every network in the store (after a full import)."""
    db = db or store.get()
    ids = [n["_id"] for n in db.find(NETWORKS, {}, projection={"_id": 1})]
    return sum(refresh_network(network_id, db=db) for network_id in ids)


def refresh_outdated(network_id: str, today: dt.date | None = None) -> int:
    """Recompute the summaries of the network's cities whose facts changed with the calendar
    since they were written (`valid_until` passed). A reader calls it before reading the
    summaries, so nobody sees yesterday's truth. Returns how many were refreshed.

    While the network's `next_due` is today or later, nothing can be outdated: one read by
    `_id`. Otherwise the cities are scanned, and `next_due` is set to the earliest day still
    ahead, unless a write moved the revision meanwhile (it may have lowered `next_due`; the next
    reader scans again)."""
    today = today or utcnow().date()
    db = store.get()
    found = db.find_one(REVISIONS, {"_id": network_id}) or {}
    due = found.get("next_due")
    if isinstance(due, dt.datetime) and due.date() >= today:
        return 0
    cities = db.find(
        CITIES, {"network_id": network_id}, projection={"_id": 1, "summary.valid_until": 1}
    )
    upcoming: list[dt.date] = []
    refreshed = 0
    for city in cities:
        until = (city.get("summary") or {}).get("valid_until")
        until = until.date() if isinstance(until, dt.datetime) else until
        if until is not None and until < today:
            summary = refresh(city["_id"], today=today)
            refreshed += 1
            until = summary.valid_until if summary else None
        if until is not None:
            upcoming.append(until)
    ahead = min(upcoming, default=dt.date.max)
    db.update_one(
        REVISIONS,
        {"_id": network_id, "n": found.get("n")} if found else {"_id": network_id},
        {"$set": {"next_due": stored(ahead)}},
        upsert=not found,
    )
    if refreshed:
        _bump(network_id)
    return refreshed


# --- the data revision -------------------------------------------------------------------------


def _lower_due(network_id: str, due: dt.date | None, db: store.Store | None = None) -> None:
    # `next_due` only ever moves earlier here; refresh_outdated moves it later, after a scan.
    if due is not None:
        (db or store.get()).update_one(
            REVISIONS, {"_id": network_id}, {"$min": {"next_due": stored(due)}}, upsert=True
        )


def _bump(network_id: str, due: dt.date | None = None) -> None:
    change: dict[str, Any] = {"$inc": {"n": 1}}
    if due is not None:
        change["$min"] = {"next_due": stored(due)}
    store.get().update_one(REVISIONS, {"_id": network_id}, change, upsert=True)


def data_revision(network_id: str) -> int:
    """A number that moves with every write through records that changed a summary of the
    network (and with every calendar refresh): one read by `_id`, for caches to key on. Bulk
    writers (demo seeding, a full import) leave it as it is; the app clears its caches then."""
    found = store.get().find_one(REVISIONS, {"_id": network_id})
    return int(found.get("n") or 0) if found else 0


# --- after every write -------------------------------------------------------------------------


def after_write(coll: str, network_id: str, doc: Mapping[str, Any]) -> dict[str, Any] | None:
    """What records runs after each write (installed by services/wiring.py), with the written
    document: the summary of the city it belongs to, or every city's when the network (its
    gates) or its reporting terms changed; writes of accounts touch no summary. Returns the
    summary when the written document is the city itself, so the city returned is current."""
    city_id = records.city_of(coll, doc)
    if coll in _IN_NO_SUMMARY:
        return None
    if city_id is not None:
        summary = refresh(city_id)
        _bump(network_id, summary.valid_until if summary else None)
        if coll == CITIES and summary is not None:
            return {"summary": stored(summary)}
    elif coll in (NETWORKS, REPORTING_SETTINGS):  # gates, rhythm, reporting terms: every city
        refresh_network(network_id)
        _bump(network_id)
    elif coll not in _NOT_SHOWN:
        _bump(network_id)
    return None
