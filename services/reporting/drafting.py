"""A report that writes itself: what happened in a city during a period, from its data.

`draft` is a pure function over the city's documents (dicts or models) and a period; the
content it returns is plain data (strings, numbers, lists, dicts: dates as ISO strings) so a
submitted report stores it as is (`Report.snapshot`) and it compares exactly with a fresh draft
(`changes_since`): what changed in the data after the report was submitted.

What a period holds (start and end days included):
- stage changes entered in it; plan changes (the plan's activity lines) and versions frozen;
- experiments started in it (start date), experiments concluded in it: their end date is in
  the period, they are finished (analysing, done or past their end date, on the day drafted)
  and were not stopped, with their outcome; result entries dated in it; learning cards written;
- check-ins dated in it (how many, mean mood, blockers by tag, notes, help asked);
- local action group meetings dated in it (the plan's stakeholders section).

Only what has happened is drafted as such: an item dated after the day drafted (a meeting set
for next week, a result typed ahead, an experiment due to end later) is listed apart under
`planned`, part by part, never among what happened, and a check-in dated later is not counted
(the rule of services/network/progress.py `held`, which the stage gate reads too). Submitting
freezes both lists: a planned meeting held since shows as a change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import date_only, stored
from models.city import City
from models.experiment import Experiment, Learning
from models.reporting import Checkin
from services.core import collections, store
from services.experiments import outcomes
from services.network import progress

# The lists of a draft, in the order a report shows them.
PARTS: tuple[str, ...] = (
    "stage_changes",
    "plan_changes",
    "versions",
    "experiments_started",
    "experiments_concluded",
    "results",
    "learnings",
    "meetings",
)


def _day(value: Any) -> dt.date | None:
    value = date_only(value)
    return value if isinstance(value, dt.date) else None


def _iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def _within(value: Any, start: dt.date, end: dt.date) -> bool:
    day = _day(value)
    return day is not None and start <= day <= end


def _model(model: type, doc: Any) -> Any:
    return doc if isinstance(doc, model) else model.from_doc(dict(doc))


def _meetings(plan: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if not plan:
        return []
    found = []
    for section in (plan.get("sections") or {}).values():
        content = section.get("content") or {}
        if content.get("kind") == "stakeholders":
            found += content.get("meetings") or []
    return found


def concluded_in(experiment: Experiment, start: dt.date, end: dt.date, today: dt.date) -> bool:
    """Whether the experiment concluded in the period (see the module's rule)."""
    return (
        experiment.status != "stopped"
        and start <= experiment.end <= end
        and outcomes.finished(experiment, today)
    )


def draft(
    city: City | Mapping[str, Any],
    start: dt.date,
    end: dt.date,
    *,
    plan: Mapping[str, Any] | None = None,
    versions: Iterable[Mapping[str, Any]] = (),
    experiments: Iterable[Any] = (),
    learnings: Iterable[Any] = (),
    checkins: Iterable[Any] = (),
    plan_activity: Iterable[Mapping[str, Any]] = (),
    today: dt.date,
) -> dict[str, Any]:
    """The report's content for the period, from the city's documents (see the module)."""
    city = _model(City, city)
    plan = stored(plan) if plan is not None and not isinstance(plan, Mapping) else plan
    tests = [_model(Experiment, e) for e in experiments]
    cards = [_model(Learning, lg) for lg in learnings]
    pulses = [
        pulse
        for pulse in (_model(Checkin, c) for c in checkins)
        if _within(pulse.date, start, end) and progress.held(_day(pulse.date), today)
    ]

    stage_changes = [
        {"stage": h.stage, "date": h.entered_at.date().isoformat()}
        for h in sorted(city.stage_history, key=lambda h: h.entered_at)
        if _within(h.entered_at, start, end)
    ]
    plan_changes = [
        {
            "id": line["_id"],
            "date": _day(line["at"]).isoformat(),
            "who": line.get("actor_name") or line.get("actor") or "",
            "action": line.get("action", ""),
            "sections": sorted(
                {f.split(".")[1] for f in line.get("fields", []) if f.startswith("sections.")}
            ),
            "note": line.get("note", ""),
        }
        for line in sorted(plan_activity, key=lambda line: (line["at"], line["_id"]))
        if _within(line["at"], start, end) and line.get("action") != "create"
    ]
    frozen = [
        {
            "number": int(v["number"]),
            "date": _day(v["created_at"]).isoformat(),
            "note": v.get("note", ""),
        }
        for v in sorted(versions, key=lambda v: v["number"])
        if _within(v.get("created_at"), start, end)
    ]
    started = [
        {"id": e.id, "title": e.title, "date": e.start.isoformat(), "status": e.status}
        for e in sorted(tests, key=lambda e: (e.start, e.id))
        if start <= e.start <= end
    ]
    concluded = [
        {
            "id": e.id,
            "title": e.title,
            "date": e.end.isoformat(),
            "outcome": outcomes.outcome(e, today, cards).status,
        }
        for e in sorted(tests, key=lambda e: (e.end, e.id))
        if concluded_in(e, start, end, today)
    ]
    results = [
        {
            "id": r.id,
            "experiment": e.title,
            "date": r.date.isoformat(),
            "value": r.value,
            "unit": r.unit or e.unit,
            "observation": r.observation,
        }
        for e in tests
        for r in e.results
        if start <= r.date <= end
    ]
    results.sort(key=lambda r: (r["date"], r["id"]))
    learned = [
        {
            "id": lg.id,
            "title": lg.title,
            "date": lg.created_at.date().isoformat(),
            "decision": lg.decision,
            "insights": lg.insights,
        }
        for lg in sorted(cards, key=lambda lg: (lg.created_at, lg.id))
        if _within(lg.created_at, start, end)
    ]
    meetings = [
        {
            "id": m.get("id", ""),
            "date": _day(m["date"]).isoformat(),
            "attendees": len(m.get("attendees") or []),
            "decisions": m.get("decisions", ""),
        }
        for m in sorted(_meetings(plan), key=lambda m: (_day(m["date"]), m.get("id", "")))
        if _within(m.get("date"), start, end)
    ]
    dated = {
        "stage_changes": stage_changes,
        "plan_changes": plan_changes,
        "versions": frozen,
        "experiments_started": started,
        "experiments_concluded": concluded,
        "results": results,
        "learnings": learned,
        "meetings": meetings,
    }
    happened, planned = _split(dated, today)
    tags = Counter(tag for c in pulses for tag in c.blockers)
    moods = [c.mood for c in pulses]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        **happened,
        "planned": planned,
        "checkins": {
            "count": len(pulses),
            "mood_mean": round(sum(moods) / len(moods), 2) if moods else None,
            "blockers": [[k, n] for k, n in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))],
            "notes": [
                c.blocker_note for c in sorted(pulses, key=lambda c: c.date) if c.blocker_note
            ],
            "help": [c.help_needed for c in sorted(pulses, key=lambda c: c.date) if c.help_needed],
        },
    }


def _split(
    parts: Mapping[str, list[dict[str, Any]]], today: dt.date
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Each part's items that happened by `today`, and those dated later (planned: only the
    parts that have some)."""
    happened: dict[str, list[dict[str, Any]]] = {}
    planned: dict[str, list[dict[str, Any]]] = {}
    for part, items in parts.items():
        happened[part] = [i for i in items if progress.held(_iso(i["date"]), today)]
        later = [i for i in items if not progress.held(_iso(i["date"]), today)]
        if later:
            planned[part] = later
    return happened, planned


def planned_items(content: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The parts of a draft that list what is dated after the day drafted (a snapshot frozen
    before this rule has none)."""
    found = content.get("planned") or {}
    return {part: list(found[part]) for part in PARTS if found.get(part)}


def _dt(day: dt.date, end: bool = False) -> dt.datetime:
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return moment + dt.timedelta(days=1) if end else moment


def draft_for(city: City, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """`draft` over the city's documents as stored now (one read per collection)."""
    db = store.get()
    where = {"city_id": city.id}
    plan = db.find_one(collections.PLANS, where)
    activity = []
    if plan is not None:
        activity = db.find(
            collections.ACTIVITY,
            {"entity_id": plan["_id"], "at": {"$gte": _dt(start), "$lt": _dt(end, True)}},
        )
    return draft(
        city,
        start,
        end,
        plan=plan,
        versions=db.find(
            collections.PLAN_VERSIONS, where, projection={"number": 1, "created_at": 1, "note": 1}
        ),
        experiments=db.find(collections.EXPERIMENTS, where),
        learnings=db.find(collections.LEARNINGS, where),
        checkins=db.find(
            collections.CHECKINS,
            {**where, "date": {"$gte": _dt(start), "$lt": _dt(end, True)}},
        ),
        plan_activity=activity,
        today=today,
    )


# --- what changed since a report was submitted -------------------------------------------------


def _compared(
    part: str, before: list[Any], after: list[Any], planned: bool = False
) -> dict[str, Any] | None:
    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    if not (added or removed):
        return None
    return {"part": part, "planned": planned, "added": added, "removed": removed}


def changes_since(snapshot: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a fresh draft holds that the frozen one did not, and the reverse, part by part:
    [{"part", "planned", "added": [items], "removed": [items]}] (empty: nothing changed); the
    items are the drafted ones (the page words them, services/reporting/export.py
    `item_label`), `planned` True for the items dated after the day drafted."""
    changed = []
    for part in PARTS:
        found = _compared(part, list(snapshot.get(part) or []), list(fresh.get(part) or []))
        if found:
            changed.append(found)
    was_planned, now_planned = planned_items(snapshot), planned_items(fresh)
    for part in PARTS:
        found = _compared(part, was_planned.get(part, []), now_planned.get(part, []), planned=True)
        if found:
            changed.append(found)
    if (snapshot.get("checkins") or {}) != (fresh.get("checkins") or {}):
        was = (snapshot.get("checkins") or {}).get("count", 0)
        now = (fresh.get("checkins") or {}).get("count", 0)
        changed.append(
            {"part": "checkins", "planned": False, "added": [], "removed": [], "count": [was, now]}
        )
    return changed
