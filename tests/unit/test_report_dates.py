"""Nothing dated after today is "what happened" (issue 18): a report's draft lists a meeting
set for next week, or a result typed ahead, apart as planned, never among what happened, and
a submitted report freezes them so. Checked against the dates of the documents themselves."""

from __future__ import annotations

import datetime as dt

from models.experiment import ResultFields
from models.plan import Meeting
from models.reporting import CheckinCreate
from services.core import collections, store
from services.experiments import experiments
from services.network import networks
from services.plans import plans
from services.reporting import checkins, drafting, reports

EXPERIMENTING = "city-0010"  # a demo city at the experimentation stage
TODAY = reports.today()
TOMORROW = TODAY + dt.timedelta(days=1)
NEXT_WEEK = TODAY + dt.timedelta(days=7)


def _future_and_past(world) -> tuple[str, str]:
    """A meeting next week and one yesterday, a result tomorrow and one today, in the demo city:
    the ids of the two results."""
    lead = world["admin"]
    plan = plans.get_plan(lead, EXPERIMENTING)
    plans.save_meeting(lead, plan, Meeting(date=NEXT_WEEK, attendees=["Awa"], decisions="Plan"))
    plan = plans.get_plan(lead, EXPERIMENTING)
    plans.save_meeting(
        lead, plan, Meeting(date=TODAY - dt.timedelta(days=1), attendees=["Marc"], decisions="Go")
    )
    open_ones = {"city_id": EXPERIMENTING, "status": {"$nin": ["done", "stopped"]}}
    running = store.get().find(collections.EXPERIMENTS, open_ones)[0]
    ahead = experiments.record_result(
        lead, running["_id"], ResultFields(date=TOMORROW, value=3, note="typed ahead")
    )
    now = experiments.record_result(lead, running["_id"], ResultFields(date=TODAY, value=4))
    return ahead.results[-1].id, now.results[-1].id


def _stored_dates(kind: str) -> list[str]:
    """Every dated item of the city, read from the documents (not through drafting)."""
    if kind == "meetings":
        plan = store.get().find_one(collections.PLANS, {"city_id": EXPERIMENTING})
        found = []
        for section in plan["sections"].values():
            if section["content"].get("kind") == "stakeholders":
                found += [m["date"] for m in section["content"].get("meetings") or []]
    else:
        found = [
            r["date"]
            for e in store.get().find(collections.EXPERIMENTS, {"city_id": EXPERIMENTING})
            for r in e.get("results") or []
        ]
    return [d.date().isoformat() if isinstance(d, dt.datetime) else str(d)[:10] for d in found]


def test_a_meeting_next_week_and_a_result_tomorrow_are_planned_not_happened(world):
    ahead_id, today_id = _future_and_past(world)
    city = networks.get_city(world["admin"], EXPERIMENTING)
    start, end = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=30)
    content = drafting.draft_for(city, start, end, TODAY)

    happened_meetings = [m["date"] for m in content["meetings"]]
    planned_meetings = [m["date"] for m in content["planned"]["meetings"]]
    assert NEXT_WEEK.isoformat() not in happened_meetings
    assert planned_meetings == [NEXT_WEEK.isoformat()]
    assert (TODAY - dt.timedelta(days=1)).isoformat() in happened_meetings
    result_ids = {r["id"] for r in content["results"]}
    assert ahead_id not in result_ids and today_id in result_ids
    assert [r["id"] for r in content["planned"]["results"]] == [ahead_id]

    # Recomputed from the documents: the period's dates, split at today.
    for kind, listed, planned in (
        ("meetings", happened_meetings, planned_meetings),
        ("results", [r["date"] for r in content["results"]], []),
    ):
        dates = [d for d in _stored_dates(kind) if start.isoformat() <= d <= end.isoformat()]
        assert sorted(listed) == sorted(d for d in dates if d <= TODAY.isoformat()), kind
        if planned:
            assert sorted(planned) == sorted(d for d in dates if d > TODAY.isoformat()), kind
    # Nothing listed as happened is dated after today, in any part.
    for part in drafting.PARTS:
        assert all(item["date"] <= TODAY.isoformat() for item in content[part]), part
    for part, items in content["planned"].items():
        assert all(item["date"] > TODAY.isoformat() for item in items), part

    # The day after next week, the same draft counts both as happened.
    later = drafting.draft_for(city, start, end, NEXT_WEEK)
    assert NEXT_WEEK.isoformat() in [m["date"] for m in later["meetings"]]
    assert ahead_id in {r["id"] for r in later["results"]}
    assert later["planned"].get("meetings", []) == []


def test_a_check_in_dated_later_is_not_counted(world):
    """Only check-ins dated today or earlier are counted."""
    lead = world["city_lead"]
    city = networks.get_city(lead, world.city)
    start, end = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=30)
    before = drafting.draft_for(city, start, end, TODAY)["checkins"]["count"]
    # The app refuses a check-in dated later; an import or a seed may still hold one.
    stored = store.get().find(collections.CHECKINS, {"city_id": world.city})[0]
    ahead = dt.datetime.combine(TOMORROW, dt.time(), tzinfo=dt.UTC)
    store.get().insert_one(collections.CHECKINS, {**stored, "_id": "ahead", "date": ahead})
    assert drafting.draft_for(city, start, end, TODAY)["checkins"]["count"] == before
    checkins.create_checkin(lead, world.city, CheckinCreate(date=TODAY, mood=5))
    assert drafting.draft_for(city, start, end, TODAY)["checkins"]["count"] == before + 1


def test_submitting_freezes_a_planned_meeting_as_planned(world):
    lead = world["city_lead"]
    latest = reports.city_cycles(lead, world.city)[-1]
    store.get().delete_many(collections.REPORTS, {"city_id": world.city, "cycle_key": latest.key})
    report = reports.open_report(lead, world.city, latest.key)
    # The period runs past next week (a cycle whose end is still to come).
    store.get().update_one(
        collections.REPORTS,
        {"_id": report.id},
        {"$set": {"end": dt.datetime.combine(TODAY + dt.timedelta(days=30), dt.time())}},
    )
    report = reports.get_report(lead, report.id)
    plan = plans.get_plan(lead, world.city)
    plans.save_meeting(lead, plan, Meeting(date=NEXT_WEEK, attendees=["Awa"], decisions="Plan"))
    submitted = reports.submit_report(lead, report, on=TODAY)
    assert NEXT_WEEK.isoformat() not in [m["date"] for m in submitted.snapshot["meetings"]]
    assert [m["date"] for m in submitted.snapshot["planned"]["meetings"]] == [NEXT_WEEK.isoformat()]
    # Once the meeting is held, the report says it moved from planned to happened.
    changes = reports.report_view(lead, submitted.id, NEXT_WEEK).changes
    moved = {(c["part"], c["planned"]): c for c in changes}
    assert [m["date"] for m in moved[("meetings", False)]["added"]] == [NEXT_WEEK.isoformat()]
    assert [m["date"] for m in moved[("meetings", True)]["removed"]] == [NEXT_WEEK.isoformat()]


def test_the_summary_counts_a_check_in_dated_later_from_its_day(world):
    """The dashboard and the funder brief read the city's summary: a check-in dated tomorrow
    (imported) is not in its months today, and the summary holds only until the day before."""
    from services.dashboard import summary

    stored = store.get().find(collections.CHECKINS, {"city_id": world.city})[0]
    ahead = dt.datetime.combine(NEXT_WEEK, dt.time(), tzinfo=dt.UTC)
    store.get().insert_one(collections.CHECKINS, {**stored, "_id": "ahead", "date": ahead})
    docs = store.get().find(collections.CHECKINS, {"city_id": world.city})

    def by_month(on: dt.date) -> dict[str, int]:
        """Recomputed from the documents: the check-ins dated `on` or earlier, by month (the
        summary keeps every month of the programme)."""
        counts: dict[str, int] = {}
        for doc in docs:
            day = doc["date"].date()
            key = f"{day.year}-{day.month:02d}"
            if day <= on:
                counts[key] = counts.get(key, 0) + 1
        return counts

    found = summary.refresh(world.city, today=TODAY)
    assert {k: m.checkins for k, m in found.checkins_by_month.items()} == by_month(TODAY)
    assert found.valid_until is not None and found.valid_until <= NEXT_WEEK - dt.timedelta(days=1)
    later = summary.refresh(world.city, today=NEXT_WEEK)
    assert {k: m.checkins for k, m in later.checkins_by_month.items()} == by_month(NEXT_WEEK)
    assert by_month(NEXT_WEEK) != by_month(TODAY)  # the check-in counts from its day
