"""The per-city summary (the computed pattern): one writer, recomputed from the documents.

`City.summary` is what the cross-city dashboard reads: one small document per city, however
much history the city has. Every field is derived from documents (the city, its network's
gates, its plan, frozen versions, experiments, learnings and activity log) by `compute`, a pure
function. `refresh` (one city) and `refresh_network` (every city, one read per collection) are
the only code that writes `summary`: each field on its own with `$set` on `summary.<field>`,
never a summary read earlier, so a write that lands meanwhile cannot be undone. A summary is
nobody's edit: it never moves the city's revision nor writes to the activity log.

Who calls it: every write through services/core/records.py that names a city (or the network)
runs `refresh` afterwards, through the hook registered at the bottom of this module (core cannot
import this package, so the package registers itself). Demo seeding and the full import write
in bulk, past records, and call `refresh_network` / `refresh_all` themselves.

The calendar: some facts change with the date alone (an experiment whose end date passed is
finished; a LAG meeting dated later starts to count on its day). The summary stores the last day
it holds through without any write, `valid_until` (None: until a document changes); a reader
calls `refresh_outdated` first, which recomputes the cities whose day has passed. Days in the
current stage are never stored: `days_in_stage` computes them when read, from the stage history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import stored, utcnow
from models.city import City, CitySummary
from models.experiment import Experiment, Learning
from models.network import Network
from services.core import collections, records, store
from services.experiments import outcomes
from services.network import progress

CITIES = collections.CITIES
NETWORKS = collections.NETWORKS
PLANS = collections.PLANS
PLAN_VERSIONS = collections.PLAN_VERSIONS
EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
ASSUMPTIONS = collections.ASSUMPTIONS
ACTIVITY = collections.ACTIVITY

# A frozen version is read for its number only (its sections can be large).
_VERSION_FIELDS = {"city_id": 1, "number": 1}
# An assumption counts for the gate by its scores only.
_ASSUMPTION_FIELDS = {"city_id": 1, "importance": 1, "evidence": 1}


# --- the computation ---------------------------------------------------------------------------


def _plain(doc: Any) -> Any:
    return stored(doc) if not isinstance(doc, Mapping) else doc


def compute(
    network: Mapping[str, Any] | Network,
    city: Mapping[str, Any] | City,
    plan: Mapping[str, Any] | None,
    versions: Iterable[Mapping[str, Any]] = (),
    experiments: Iterable[Mapping[str, Any]] = (),
    learnings: Iterable[Mapping[str, Any]] = (),
    activity: Iterable[Mapping[str, Any]] = (),
    today: dt.date | None = None,
    assumptions: Iterable[Mapping[str, Any]] = (),
) -> CitySummary:
    """The city's summary on `today`, from its documents as stored (dicts or models).

    `activity` may be every activity line of the city or only its latest one.
    """
    today = today or utcnow().date()
    network = network if isinstance(network, Network) else Network.from_doc(dict(network))
    city = city if isinstance(city, City) else City.from_doc(dict(city))
    tests = [e if isinstance(e, Experiment) else Experiment.from_doc(dict(e)) for e in experiments]
    cards = [lg if isinstance(lg, Learning) else Learning.from_doc(dict(lg)) for lg in learnings]
    numbers = sorted({int(_plain(v)["number"]) for v in versions})
    bundle = progress.evidence(plan, numbers, assumptions, tests, today)
    share = progress.stage_progress(network, city, bundle=bundle).share
    found = [outcomes.outcome(e, today, cards).status for e in tests]
    times = [_plain(line).get("at") for line in activity]
    times = [t for t in times if isinstance(t, dt.datetime)]
    return CitySummary(
        stage_progress=round(share, 4),
        experiments_total=len(tests),
        experiments_by_outcome=outcomes.outcome_counts(found),
        last_activity_at=max(times, default=None),
        plan_version=max(numbers, default=0),
        valid_until=valid_until(tests, bundle, today),
    )


def valid_until(
    experiments: Iterable[Experiment], bundle: progress.EvidenceBundle, today: dt.date
) -> dt.date | None:
    """The last day the facts computed on `today` hold without any write (None: no end).

    An unfinished experiment is finished the day after its end date (its outcome may change);
    a meeting dated later counts from its own date (the stage progress may change).
    """
    days = [e.end for e in experiments if not outcomes.finished(e, today)]
    days += [d - dt.timedelta(days=1) for d in progress.upcoming_meetings(bundle)]
    return min(days, default=None)


def days_in_stage(city: City, today: dt.date | None = None) -> int | None:
    """Days since the city entered its current stage (None without a dated entry); computed
    when read, never stored, since it changes with the calendar alone."""
    today = today or utcnow().date()
    entries = [e for e in city.stage_history if e.stage == city.stage and e.kind != "completed"]
    if not entries:
        return None
    return (today - max(e.entered_at for e in entries).date()).days


# --- the writer --------------------------------------------------------------------------------


def _write(db: store.Store, city_id: str, summary: CitySummary) -> None:
    # Field by field: a summary read earlier is never written back over a newer one.
    values = {f"summary.{name}": value for name, value in stored(summary).items()}
    db.update_one(CITIES, {"_id": city_id}, {"$set": values})


def refresh(city_id: str, *, today: dt.date | None = None) -> CitySummary | None:
    """Recompute every field of one city's summary from its documents and store it; returns
    it (None when the city or its network is gone)."""
    db = store.get()
    city = db.find_one(CITIES, {"_id": city_id})
    network = db.find_one(NETWORKS, {"_id": city["network_id"]}) if city else None
    if city is None or network is None:
        return None
    summary = compute(
        network,
        city,
        db.find_one(PLANS, {"city_id": city_id}),
        db.find(PLAN_VERSIONS, {"city_id": city_id}, projection=_VERSION_FIELDS),
        db.find(EXPERIMENTS, {"city_id": city_id}),
        db.find(LEARNINGS, {"city_id": city_id}),
        db.find(ACTIVITY, {"city_id": city_id}, projection={"at": 1}, sort=[("at", -1)], limit=1),
        today,
        db.find(ASSUMPTIONS, {"city_id": city_id}, projection=_ASSUMPTION_FIELDS),
    )
    _write(db, city_id, summary)
    return summary


def _by_city(docs: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(doc.get("city_id"), []).append(doc)
    return grouped


def refresh_network(
    network_id: str, *, today: dt.date | None = None, db: store.Store | None = None
) -> int:
    """`refresh` for every city of a network, reading each collection once (after seeding, an
    import, or a change of the network's gates). Returns how many cities were refreshed."""
    db = db or store.get()
    network = db.find_one(NETWORKS, {"_id": network_id})
    if network is None:
        return 0
    where = {"network_id": network_id}
    plans = {p["city_id"]: p for p in db.find(PLANS, where)}
    versions = _by_city(db.find(PLAN_VERSIONS, where, projection=_VERSION_FIELDS))
    experiments = _by_city(db.find(EXPERIMENTS, where))
    learnings = _by_city(db.find(LEARNINGS, where))
    assumptions = _by_city(db.find(ASSUMPTIONS, where, projection=_ASSUMPTION_FIELDS))
    latest = db.aggregate(
        ACTIVITY,
        [{"$match": where}, {"$group": {"_id": "$city_id", "at": {"$max": "$at"}}}],
    )
    activity = {line["_id"]: [line] for line in latest}
    cities = db.find(CITIES, where)
    for city in cities:
        cid = city["_id"]
        summary = compute(
            network,
            city,
            plans.get(cid),
            versions.get(cid, ()),
            experiments.get(cid, ()),
            learnings.get(cid, ()),
            activity.get(cid, ()),
            today,
            assumptions.get(cid, ()),
        )
        _write(db, cid, summary)
    return len(cities)


def refresh_all(*, db: store.Store | None = None) -> int:
    """`refresh_network` for every network in the store (after a full import)."""
    db = db or store.get()
    ids = [n["_id"] for n in db.find(NETWORKS, {}, projection={"_id": 1})]
    return sum(refresh_network(network_id, db=db) for network_id in ids)


def refresh_outdated(network_id: str, today: dt.date | None = None) -> int:
    """Recompute the summaries of the network's cities whose facts changed with the calendar
    since they were written (`valid_until` passed). A reader calls it before reading the
    summaries, so nobody sees yesterday's truth. Returns how many were refreshed."""
    today = today or utcnow().date()
    outdated = store.get().find(
        CITIES,
        {"network_id": network_id, "summary.valid_until": {"$lt": stored(today)}},
        projection={"_id": 1},
    )
    for city in outdated:
        refresh(city["_id"], today=today)
    return len(outdated)


# --- after every write -------------------------------------------------------------------------


def after_write(
    coll: str, network_id: str, doc_id: str, city_id: str | None
) -> dict[str, Any] | None:
    """What records runs after each write: the written city's summary, or every city's when
    the network (its gates) changed; writes of accounts touch no summary. Returns the summary
    when the written document is the city itself, so the city returned is current."""
    if city_id is None and coll == CITIES:
        city_id = doc_id
    if city_id is not None:
        summary = refresh(city_id)
        if coll == CITIES and city_id == doc_id and summary is not None:
            return {"summary": stored(summary)}
    elif coll == NETWORKS:
        refresh_network(network_id)
    return None


records.after_write(after_write)
