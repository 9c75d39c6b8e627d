"""Check-ins, the reporting calendar, reports that draft themselves, compliance: against the
demo network (the `world` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.experiment import Experiment
from models.plan import Meeting
from models.reporting import CheckinCreate, ReportUpdate, ReviewCreate
from services.core import collections, records, store
from services.core.errors import InvalidInput, PermissionDenied
from services.experiments import outcomes
from services.network import networks
from services.plans import plans
from services.reporting import charts as reporting_charts
from services.reporting import checkins, compliance, cycles, drafting, reports
from tests.conftest import check_matrix

EXPERIMENTING = "city-0010"  # a demo city at the experimentation stage
TODAY = reports.today()


def _experiments(city_id: str) -> list[Experiment]:
    return records.find(collections.EXPERIMENTS, Experiment, {"city_id": city_id})


# --- the calendar ------------------------------------------------------------------------------


def test_quarters_follow_the_calendar():
    assert cycles.quarter_key(dt.date(2026, 5, 3)) == "2026-Q2"
    assert cycles.quarter_start(dt.date(2026, 5, 3)) == dt.date(2026, 4, 1)
    assert cycles.quarter_end(dt.date(2026, 11, 3)) == dt.date(2026, 12, 31)


@pytest.mark.parametrize("rhythm", ["experiment_cycle", "quarterly"])
def test_periods_follow_each_other_without_gap_or_overlap(world, rhythm):
    network = networks.get_network("demo-network").model_copy(update={"reporting_rhythm": rhythm})
    city = networks.get_city(world["admin"], EXPERIMENTING)
    found = cycles.planned_cycles(rhythm, city, _experiments(city.id), 14, TODAY)
    assert found[-1].start <= TODAY
    for before, after in zip(found, found[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    assert all(c.due == c.end + dt.timedelta(days=14) for c in found)
    keys = [c.key for c in found]
    assert len(keys) == len(set(keys))
    if rhythm == "experiment_cycle":
        # cycle 1 ends on the last end date of the experiments of cycle 1
        ends = [e.end for e in _experiments(city.id) if e.cycle == 1]
        assert next(c for c in found if c.key == "cycle-1").end == max(ends)
    else:
        assert all(c.kind == "quarter" for c in found)
    assert network.reporting_rhythm == rhythm


# --- drafting: must show ------------------------------------------------------------------------


@pytest.mark.parametrize("rhythm", ["experiment_cycle", "quarterly"])
def test_draft_lists_exactly_the_experiments_concluded_in_its_period(world, rhythm):
    city = networks.get_city(world["admin"], EXPERIMENTING)
    tests = _experiments(city.id)
    found = cycles.planned_cycles(rhythm, city, tests, 14, TODAY)
    listed: list[str] = []
    for cycle in found:
        content = drafting.draft_for(city, cycle.start, cycle.end, TODAY)
        ids = [e["id"] for e in content["experiments_concluded"]]
        # computed here from the dates, independently of the drafting code
        expected = sorted(
            e.id
            for e in tests
            if cycle.start <= e.end <= cycle.end
            and e.status != "stopped"
            and (e.status in ("analysing", "done") or e.end < TODAY)
        )
        assert sorted(ids) == expected, cycle.key
        for item in content["experiments_concluded"]:
            assert cycle.start.isoformat() <= item["date"] <= cycle.end.isoformat()
        listed += ids
    finished = sorted(e.id for e in tests if outcomes.finished(e, TODAY) and e.status != "stopped")
    # each concluded experiment is in exactly one period; running ones in none
    assert sorted(listed) == finished
    assert {"demo-exp-0010-1", "demo-exp-0010-2"} <= set(listed)
    assert "demo-exp-0010-3" not in listed  # still running


def test_draft_holds_the_period_data(world):
    city = networks.get_city(world["admin"], EXPERIMENTING)
    start, end = TODAY - dt.timedelta(days=200), TODAY
    content = drafting.draft_for(city, start, end, TODAY)
    assert content["period"] == {"start": start.isoformat(), "end": end.isoformat()}
    assert content["checkins"]["count"] > 0
    assert 1 <= content["checkins"]["mood_mean"] <= 5
    assert all(start.isoformat() <= r["date"] <= end.isoformat() for r in content["results"])
    assert content["results"], "the demo's experiments have results in the last 200 days"
    started = {e["id"] for e in content["experiments_started"]}
    assert "demo-exp-0010-1" in started  # started 170 days before the demo's anchor


# --- submitting freezes: must show --------------------------------------------------------------


def _open_latest(world, user, city_id):
    latest = reports.city_cycles(user, city_id)[-1]
    return reports.open_report(user, city_id, latest.key)


def test_submitted_report_keeps_its_snapshot_and_says_the_data_changed(world):
    lead = world["city_lead"]
    report = _open_latest(world, lead, world.city)
    assert report.status == "draft"
    report = reports.save_report(
        lead,
        report,
        ReportUpdate(narrative={"highlights": "Group met twice", "asks": "<b>help</b>"}),
    )
    submitted = reports.submit_report(lead, report, {"rag": {"schedule": "amber"}})
    assert submitted.status == "submitted"
    assert submitted.rag.schedule == "amber"
    frozen = dict(submitted.snapshot)
    view = reports.report_view(lead, submitted.id)
    assert view.changes == []

    # the plan changes afterwards: a meeting dated in the report's period
    plan = plans.get_plan(lead, world.city)
    assert plan is not None
    plans.save_meeting(
        lead, plan, Meeting(date=submitted.start, attendees=["Awa", "Marc"], decisions="Go")
    )
    view = reports.report_view(lead, submitted.id)
    assert view.report.snapshot == frozen  # the submitted report did not change
    assert view.content == frozen
    assert [c["part"] for c in view.changes] == ["plan_changes", "meetings"]
    meetings = next(c for c in view.changes if c["part"] == "meetings")
    assert [m["date"] for m in meetings["added"]] == [submitted.start.isoformat()]
    assert meetings["removed"] == []


def test_demo_reports_match_a_fresh_draft(world):
    """The demo's snapshots were drafted from its own data: nothing changed since."""
    coordinator = world["coordinator"]
    for report in reports.list_reports(coordinator):
        if report.status in ("submitted", "accepted"):
            assert reports.report_view(coordinator, report.id).changes == [], report.id


def test_review_accepts_or_sends_back(world):
    lead, coordinator = world["city_lead"], world["coordinator"]
    report = reports.submit_report(lead, _open_latest(world, lead, world.city))
    with pytest.raises(Exception) as refused:  # noqa: PT011 - a validation error
        reports.review_report(coordinator, report, ReviewCreate(decision="return"))
    assert "comment" in str(refused.value)
    report = reports.review_report(
        coordinator, report, ReviewCreate(decision="return", text="Say more about the budget")
    )
    assert report.status == "returned"
    report = reports.submit_report(lead, report, {"narrative": {"blockers": "Budget frozen"}})
    report = reports.review_report(coordinator, report, ReviewCreate(decision="accept"))
    assert report.status == "accepted"
    assert [c.decision for c in report.comments] == ["return", "accept"]
    with pytest.raises(InvalidInput):
        reports.save_report(lead, report, {"narrative": {"highlights": "late edit"}})


def test_a_stale_save_conflicts(world):
    from services.core.errors import Conflict

    lead = world["city_lead"]
    report = _open_latest(world, lead, world.city)
    reports.save_report(lead, report, {"narrative": {"highlights": "first"}})
    with pytest.raises(Conflict):
        reports.save_report(lead, report, {"narrative": {"highlights": "second"}})


# --- check-ins -----------------------------------------------------------------------------------


def test_checkin_and_reminder(world):
    lag = world["lag_member"]
    city = networks.get_city(lag, world.city)
    store.get().delete_many(collections.CHECKINS, {"city_id": city.id})
    reminder = checkins.checkin_reminder(city)
    assert reminder is not None and reminder.days is None
    saved = checkins.create_checkin(
        lag,
        city.id,
        CheckinCreate(date=TODAY, mood=4, happened="Pop-up desk", blockers=["funding"]),
    )
    assert saved.author_name == lag.display_name
    assert checkins.checkin_reminder(city) is None
    later = TODAY + dt.timedelta(days=30)
    assert checkins.checkin_reminder(city, later).days == 30
    with pytest.raises(InvalidInput):
        checkins.create_checkin(lag, city.id, CheckinCreate(date=TODAY, mood=3, blockers=["nope"]))
    with pytest.raises(InvalidInput):
        checkins.create_checkin(lag, city.id, CheckinCreate(date=later, mood=3))


def test_demo_has_quiet_cities_and_stories(world):
    coordinator = world["coordinator"]
    quiet = [
        c.id for c in networks.list_cities(coordinator) if checkins.checkin_reminder(c) is not None
    ]
    assert quiet and len(quiet) < 6
    pulses = checkins.network_checkins(coordinator, since=TODAY - dt.timedelta(days=548))
    assert len({c.city_id for c in pulses}) == 12
    assert len(pulses) >= 12 * 10  # about monthly, over 18 months
    assert {c.mood for c in pulses} >= {2, 3, 4}


# --- compliance ---------------------------------------------------------------------------------


def test_compliance_has_every_state_on_the_demo(world):
    network = networks.get_network("demo-network")
    cities = networks.list_cities(world["coordinator"])
    frame = compliance.compliance_frame(network, cities, TODAY)
    assert set(frame["state"]) == set(compliance.STATES)
    assert frame.groupby(["city_id", "cycle"]).size().max() == 1
    chart = reporting_charts.compliance_chart(frame, {}, {}, "Compliance").to_dict()
    assert chart["mark"]["type"] == "bar"
    assert chart["encoding"]["y"]["field"] == "cycle"  # a row per cycle: every cycle named
    assert chart["encoding"]["y"]["axis"]["labelOverlap"] is False
    assert chart["encoding"]["x"]["field"] == "count"


def test_compliance_follows_a_submission(world):
    lead = world["city_lead"]
    network = networks.get_network("demo-network")
    city = networks.get_city(lead, world.city)
    report = _open_latest(world, lead, world.city)
    before = compliance.compliance_frame(network, [city], TODAY)
    row = before[before["cycle"] == report.cycle_key].iloc[0]
    assert row["state"] == ("open" if report.due >= TODAY else "missing")
    reports.submit_report(lead, report)
    after = compliance.compliance_frame(network, [city], TODAY)
    assert after[after["cycle"] == report.cycle_key].iloc[0]["state"] == "submitted"


# --- the role table -----------------------------------------------------------------------------


def test_checkin_create_follows_role_table(world):
    check_matrix(
        world,
        "checkin.create",
        lambda u, c: checkins.create_checkin(u, c, CheckinCreate(date=TODAY, mood=3)),
    )


def test_checkin_read_follows_role_table(world):
    check_matrix(world, "checkin.read", lambda u, c: checkins.list_checkins(u, c))


def test_report_read_follows_role_table(world):
    check_matrix(world, "report.read", lambda u, c: reports.city_cycles(u, c))


def test_report_edit_follows_role_table(world):
    def attempt(user, city_id):
        key = reports.city_cycles(world["admin"], city_id)[-1].key
        store.get().delete_many(collections.REPORTS, {"city_id": city_id, "cycle_key": key})
        report = reports.open_report(user, city_id, key)
        reports.submit_report(user, report)

    check_matrix(world, "report.edit", attempt)


def test_report_review_follows_role_table(world):
    def attempt(user, city_id):
        admin = world["admin"]
        key = reports.city_cycles(admin, city_id)[-1].key
        store.get().delete_many(collections.REPORTS, {"city_id": city_id, "cycle_key": key})
        report = reports.submit_report(admin, reports.open_report(admin, city_id, key))
        reports.review_report(user, report, ReviewCreate(decision="accept"))

    check_matrix(world, "report.review", attempt)


def test_a_lag_member_cannot_submit(world):
    lead, lag = world["city_lead"], world["lag_member"]
    report = _open_latest(world, lead, world.city)
    with pytest.raises(PermissionDenied):
        reports.submit_report(lag, report)


# --- exports ------------------------------------------------------------------------------------


def report_blocks(world, lang: str) -> list:
    """The outline of the city lead's latest report, with typed text to keep as text."""
    from services.reporting import export, settings

    lead = world["city_lead"]
    report = reports.save_report(
        lead,
        _open_latest(world, lead, world.city),
        {"narrative": {"highlights": "Réunion *utile* <script>x</script> – ✓"}},
    )
    view = reports.report_view(lead, report.id)
    network = networks.get_network("demo-network")
    return export.outline(
        view.report, view.content, "Dakar", network, settings.get_settings(network.id), lang
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_exports_as_markdown_with_typed_text_as_text(world, lang):
    """Word and PDF, read back: tests/integration/test_report_files.py."""
    from services.reporting import export

    markdown = export.render("md", report_blocks(world, lang), lang).decode("utf-8")
    assert markdown.startswith("# Dakar")
    assert "&lt;script&gt;" in markdown and "\\*utile\\*" in markdown
    heading = "Expérimentations conclues" if lang == "fr" else "Experiments concluded"
    assert f"## {heading}" in markdown
    for fmt in ("md", "docx", "pdf"):
        assert export.file_name("Saint-Louis", "2026-Q1", fmt, lang).endswith(f".{fmt}")
