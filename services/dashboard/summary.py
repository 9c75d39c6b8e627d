"""The per-city summary (the computed pattern): one writer, recomputed from the documents.

`City.summary` is what the cross-city dashboard reads: one small document per city, however
much history the city has. Every field is derived from documents (the city, its network's
gates, its plan, frozen versions, experiments, learnings, check-ins, reports, workshops) by
`compute`, a pure function. `refresh` (one city) and `refresh_network` (every city, one read per
collection) are the only code that writes `summary`: each field on its own with `$set` on
`summary.<field>`, never a summary read earlier, so a write that lands meanwhile cannot be
undone. A summary is nobody's edit: it never moves the city's revision nor writes to the activity
log.

The network's rollup (services/network/rollup.py) follows the summaries: each summary carries
the city's share of it, and `_write` adds the change of that share once, only when the share it
replaces is still the one read (another writer first: read again); the bulk writers rebuild it.

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

from models.base import SHORT_TEXT_MAX, stored, utcnow
from models.city import (
    UNINTENDED_CHARS,
    UNINTENDED_KEPT,
    City,
    CitySummary,
    IndicatorState,
    MonthPulse,
    UnintendedEffect,
)
from models.experiment import DECISIONS, Assumption, Experiment, Learning, tested_assumption_ids
from models.network import Network
from services.core import collections, records, store
from services.experiments import outcomes
from services.network import progress, rollup, tallies
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
    workshops: Iterable[Mapping[str, Any]] = (),
    today: dt.date | None = None,
    assumptions: Iterable[Mapping[str, Any]] = (),
    checkins: Iterable[Mapping[str, Any]] = (),
    report_cycles: Iterable[Mapping[str, Any]] = (),
    reports: Iterable[Mapping[str, Any]] = (),
    terms: cycles.Terms | None = None,
    indicators: Iterable[Mapping[str, Any]] = (),
) -> CitySummary:
    """The city's summary on `today`, from its documents as stored (dicts or models).

    `workshops` the city's workshops (their dates suffice); `checkins` every check-in of the
    city (the months of the whole programme are kept); `report_cycles` and
    `reports` the city's stored cycles and reports (their dates and states suffice), with the
    network's reporting `terms` (grace days, start, end; the defaults when None).
    """
    terms = terms or cycles.Terms()
    today = today or utcnow().date()
    checkins = list(checkins)  # read twice: by month, and for the days they start to count
    network = network if isinstance(network, Network) else Network.from_doc(dict(network))
    city = city if isinstance(city, City) else City.from_doc(dict(city))
    tests = [e if isinstance(e, Experiment) else Experiment.from_doc(dict(e)) for e in experiments]
    cards = [lg if isinstance(lg, Learning) else Learning.from_doc(dict(lg)) for lg in learnings]
    versions = [_plain(v) for v in versions]
    numbers = sorted({int(v["number"]) for v in versions})
    checkins = [_plain(c) for c in checkins]  # read thrice: months, last activity, next change
    bundle = progress.evidence(plan, numbers, assumptions, tests, today)
    share = progress.stage_progress(network, city, bundle=bundle).share
    found = [outcomes.outcome(e, today, cards).status for e in tests]
    reports = [_plain(r) for r in reports]
    latest, next_event = last_activity(
        bundle, plan, versions, tests, checkins, reports, workshops, today
    )
    beliefs = [
        a if isinstance(a, Assumption) else Assumption.from_doc(dict(a)) for a in assumptions
    ]
    riskiest = {a.id for a in beliefs if a.riskiest}
    # Tested: an experiment that has finished (analysing or done) tests it, as the gate counts.
    tested = tested_assumption_ids(tests)
    history = [(e.stage, e.entered_at) for e in city.stage_history]
    index = network.stage_index(city.stage)
    counts = rollup.share(
        cluster=city.cluster,
        country=city.country,
        stage=city.stage,
        history=history,
        stage_index=index,
        progress=round(share, 4),
        today=today,
        stages=[s.key for s in network.stages],
    )
    states = compliance.city_states(
        network,
        city,
        today,
        tests if network.reporting_rhythm == "experiment_cycle" else [],
        compliance.fixed_of(report_cycles),
        compliance.filed_of(reports),
        terms,
    )
    until = [
        d
        for d in (
            valid_until(tests, bundle, today),
            rollup.next_change(history, today),
            compliance.holds_until(states, today, terms),
            next_event - dt.timedelta(days=1) if next_event else None,
            checkins_change(checkins, today),
        )
        if d
    ]
    # What the dashboard's sections sum (services/network/tallies.py) joins the stage share.
    sections = {
        "experiments_total": len(tests),
        "experiments_by_outcome": outcomes.outcome_counts(found),
        "experiments_by_category": _by_category(tests, found, beliefs),
        "decisions": {d: sum(1 for lg in cards if lg.decision == d) for d in DECISIONS},
        "riskiest_total": len(riskiest),
        "riskiest_tested": len(riskiest & tested),
        "most": tallies.most(city.id, len(tests)),
    }
    counts.update(tallies.share(rollup.cell(city.cluster, city.country, city.stage), sections))
    return CitySummary(
        stage_progress=round(share, 4),
        last_activity_at=latest,
        plan_version=max(numbers, default=0),
        valid_until=min(until, default=None),
        experiments_by_method=_tally((e.method_key, s) for e, s in zip(tests, found, strict=True)),
        experiments_awaiting_close=sum(1 for e in tests if outcomes.awaiting_close(e, today)),
        rank=rollup.rank(index, round(share, 4)),
        rollup=rollup.pairs(counts),
        **sections,
        checkins_by_month=checkin_months(checkins, today),
        cycles=states,
        **evidence_facts(tests, cards, beliefs),
        indicators=indicator_states(indicators),
        **engagement(bundle),
        **completeness(bundle),
    )


def _moment(value: Any) -> dt.datetime | None:
    # A dated fact as a UTC moment: a day counts from its start.
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    day = progress._as_date(value)
    return _moment(day) if day else None


def last_activity(
    bundle: progress.EvidenceBundle,
    plan: Mapping[str, Any] | None,
    versions: Iterable[Mapping[str, Any]],
    experiments: Iterable[Experiment],
    checkins: Iterable[Mapping[str, Any]],
    reports: Iterable[Mapping[str, Any]],
    workshops: Iterable[Mapping[str, Any]],
    today: dt.date,
) -> tuple[dt.datetime | None, dt.date | None]:
    """The latest thing the city did on or before `today`, from its own dated records however
    they arrived (typed, imported, seeded): a check-in's day, a LAG meeting held, a result's day
    and when it was recorded, a report submitted, a plan section saved, a version frozen, a
    workshop run. And the first such day after `today` (a meeting planned, a check-in dated
    later), from which the latest changes without any write. The activity log is the audit
    trail, not this signal: an import or a seed writes none."""
    dated: list[Any] = [c.get("date") for c in checkins]
    dated += progress.meeting_dates(bundle)
    for e in experiments:
        dated += [r.date for r in e.results] + [r.recorded_at for r in e.results]
    dated += [r.get("submitted_at") for r in reports]
    sections = ((_plain(plan) or {}).get("sections") or {}).values()
    dated += [(_plain(s) or {}).get("updated_at") for s in sections]
    dated += [v.get("created_at") for v in versions]
    for w in workshops:
        w = _plain(w)
        dated += [w.get("created_at"), w.get("closed_at")]
    moments = [m for m in map(_moment, dated) if m is not None]
    end_of_today = _moment(today + dt.timedelta(days=1))
    past = [m for m in moments if m < end_of_today]
    ahead = [m.date() for m in moments if m >= end_of_today]
    return max(past, default=None), min(ahead, default=None)


def _tally(pairs: Iterable[tuple[str | None, str]]) -> dict[str, dict[str, int]]:
    """{group: {outcome: count}} for the pairs whose group is set."""
    counts: dict[str, dict[str, int]] = {}
    for group, status in pairs:
        if group:
            inner = counts.setdefault(group, {})
            inner[status] = inner.get(status, 0) + 1
    return counts


def _by_category(
    tests: list[Experiment], found: list[str], beliefs: list[Assumption]
) -> dict[str, dict[str, int]]:
    # An experiment counts once per category it tests; "none" when it tests no known one.
    category_of = {a.id: a.category for a in beliefs}
    pairs = []
    for e, status in zip(tests, found, strict=True):
        categories = {category_of[i] for i in e.assumption_ids if i in category_of}
        pairs += [(c, status) for c in sorted(categories) or ["none"]]
    return _tally(pairs)


EVIDENCE_KEYS: tuple[str, ...] = ("none", "1", "2", "3", "4", "5")


def evidence_facts(
    tests: list[Experiment], cards: list[Learning], beliefs: list[Assumption]
) -> dict[str, Any]:
    """Learning cards by confirmed evidence level, the highest level per method and per
    assumption category of the experiments that fed a graded card, and the newest unintended
    effects the cards name (UNINTENDED_KEPT, each cut to UNINTENDED_CHARS characters)."""
    by_level = dict.fromkeys(EVIDENCE_KEYS, 0)
    for lg in cards:
        by_level[str(lg.evidence_level) if lg.evidence_level else "none"] += 1
    tests_by_id = {e.id: e for e in tests}
    category_of = {a.id: a.category for a in beliefs}
    by_method: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for lg in cards:
        if not lg.evidence_level:
            continue
        for experiment_id in lg.experiment_ids:
            e = tests_by_id.get(experiment_id)
            if e is None:
                continue
            if e.method_key:
                by_method[e.method_key] = max(by_method.get(e.method_key, 0), lg.evidence_level)
            for c in {category_of[i] for i in e.assumption_ids if i in category_of}:
                by_category[c] = max(by_category.get(c, 0), lg.evidence_level)
    named = sorted(
        (lg for lg in cards if lg.unintended_effects.strip()),
        key=lambda lg: (lg.created_at, lg.id),
        reverse=True,
    )[:UNINTENDED_KEPT]
    effects = [
        UnintendedEffect(
            learning_id=lg.id,
            title=lg.title[:SHORT_TEXT_MAX],
            text=_cut(lg.unintended_effects.strip(), UNINTENDED_CHARS),
            evidence_level=lg.evidence_level,
            at=lg.created_at,
        )
        for lg in named
    ]
    return {
        "learnings_by_evidence": by_level,
        "evidence_by_method": dict(sorted(by_method.items())),
        "evidence_by_category": dict(sorted(by_category.items())),
        "unintended_effects": effects,
    }


def indicator_states(docs: Iterable[Mapping[str, Any]]) -> dict[str, IndicatorState]:
    """Each shared indicator the city has a document for: baseline, target and, by month, the
    latest measurement of that month (latest date; on the same date, the last recorded)."""
    states: dict[str, IndicatorState] = {}
    for doc in docs:
        doc = _plain(doc)
        latest: dict[str, tuple] = {}
        for m in doc.get("measurements") or []:
            day = progress._as_date(m.get("date"))
            if day is None:
                continue
            order = (day, _moment(m.get("recorded_at")) or _moment(day))
            key = month_key(day)
            if key not in latest or order >= latest[key][0]:
                latest[key] = (order, float(m["value"]))
        states[doc["indicator"]] = IndicatorState(
            baseline=doc.get("baseline"),
            target=doc.get("target"),
            by_month={k: latest[k][1] for k in sorted(latest)},
        )
    return dict(sorted(states.items()))


def _cut(text: str, limit: int) -> str:
    # A long text ends with an ellipsis at the limit: the full text stays on the card.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quarter(day: dt.date) -> str:
    """'2026-Q1' for a day of January to March 2026."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def engagement(bundle: progress.EvidenceBundle) -> dict[str, Any]:
    """LAG size (the members listed), stakeholders by sector, meetings held (dated today or
    earlier) by quarter and the attendees of those meetings summed (attendees are not members)."""
    section = bundle.content("stakeholders")
    sectors: dict[str, int] = {}
    for person in section.get("stakeholders") or []:
        if person.get("sector"):
            sectors[person["sector"]] = sectors.get(person["sector"], 0) + 1
    quarters: dict[str, int] = {}
    attendees = 0
    for meeting in section.get("meetings") or []:
        day = progress._as_date(meeting.get("date"))
        if day is not None and progress.held(day, bundle.today):
            quarters[quarter(day)] = quarters.get(quarter(day), 0) + 1
            attendees += len(meeting.get("attendees") or [])
    return {
        "lag_size": len(section.get("lag_members") or []),
        "stakeholders_by_sector": sectors,
        "meetings_by_quarter": dict(sorted(quarters.items())),
        "meeting_attendees": attendees,
    }


month_key = rollup.month  # '2026-07' for a day of July 2026


def first_month(today: dt.date, months: int) -> str:
    """The key of the first of the `months` months that end with today's (1: today's)."""
    return rollup.month_of(rollup.month_index(today) - (months - 1))


def checkin_months(
    checkins: Iterable[Mapping[str, Any]], today: dt.date, months: int | None = None
) -> dict[str, MonthPulse]:
    """The check-ins dated today or earlier summed by month, over the `months` months that end
    with today's (None: every month, the whole programme's; a check-in dated later counts from
    its own day, see `checkins_change`)."""
    first = first_month(today, months) if months else ""
    summed: dict[str, dict[str, Any]] = {}
    for doc in checkins:
        doc = _plain(doc)
        key = month_key(doc["date"])
        if key < first or _day(doc["date"]) > today:
            continue
        pulse = summed.setdefault(key, {"checkins": 0, "mood_sum": 0, "help": 0, "blockers": {}})
        pulse["checkins"] += 1
        pulse["mood_sum"] += int(doc["mood"])
        pulse["help"] += 1 if doc.get("help_needed") else 0
        for tag in doc.get("blockers") or []:
            pulse["blockers"][tag] = pulse["blockers"].get(tag, 0) + 1
    return {key: MonthPulse(**summed[key]) for key in sorted(summed)}


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def checkins_change(checkins: Iterable[Mapping[str, Any]], today: dt.date) -> dt.date | None:
    """The last day the check-in months computed on `today` hold: the day before the first
    check-in dated later (None: until a write)."""
    later = [_day(_plain(doc)["date"]) for doc in checkins]
    later = [day for day in later if day > today]
    return min(later) - dt.timedelta(days=1) if later else None


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# What a complete action has, each a check of the stored action.
ACTION_PARTS: dict[str, Any] = {
    "owner": lambda a: _filled(a.get("owner")),
    "dates": lambda a: bool(a.get("start")) and bool(a.get("end")),
    "cost": lambda a: (a.get("cost") or 0) > 0,
    "funding": lambda a: _filled(a.get("funding_source")),
    "indicator": lambda a: _filled(a.get("indicators")),
    "risk": lambda a: _filled(a.get("risks")),
}


def completeness(bundle: progress.EvidenceBundle) -> dict[str, Any]:
    """How many actions the plan has, and how many have each part (`ACTION_PARTS`)."""
    actions = bundle.content("actions").get("actions") or []
    return {
        "actions_total": len(actions),
        "actions_with": {
            part: sum(1 for a in actions if has(a)) for part, has in ACTION_PARTS.items()
        },
    }


def valid_until(
    experiments: Iterable[Experiment],
    bundle: progress.EvidenceBundle,
    today: dt.date,
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
        summary = compute(
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
    """Recompute the network's rollup from the shares stored on its cities."""
    db = db or store.get()
    fields = {"cluster": 1, "country": 1, "stage": 1, "summary.rollup": 1}
    rollup.rebuild(
        network_id,
        (_share(c) for c in db.find(CITIES, {"network_id": network_id}, projection=fields)),
        db,
    )


def ensure_rollup(network_id: str) -> bool:
    """Build the network's rollup when it is missing (a store written before it existed):
    every summary recomputed with its share. True when it was built."""
    if rollup.stored(network_id) is not None:
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
        city["_id"]: compute(
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
    """After a bulk write of the cities' summaries (`found`, by id): the network's rollup
    rebuilt from their shares, and the day the first of them expires noted."""
    shares = [(_share(city)[0], dict(found[city["_id"]].rollup)) for city in cities]
    rollup.rebuild(network_id, shares, db)
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
