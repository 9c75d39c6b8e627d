"""The check-in and reports pages: a member checks in, a city lead submits a pre-drafted report,
a coordinator sees it in compliance and accepts it. Widgets found by key."""

from __future__ import annotations

import datetime as dt

import pytest

from models.user import ROLES
from screens._ui import forms
from services.core import collections, formats, i18n, store
from services.reporting import checkins, reports, settings
from tests.ui.conftest import form_key, has, open_page, problems

CHECKIN = "screens/checkin.py"
REPORTS = "screens/reports.py"


def texts(at) -> str:
    return "\n".join(
        [t.value for t in at.text] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    )


@pytest.mark.parametrize("role", ["coordinator", "city_lead", "lag_member", "viewer", "admin"])
def test_reports_page_renders_for_every_role(world, role):
    assert role in ROLES
    at = open_page(world[role].id, REPORTS)
    assert not problems(at)
    assert at.title[0].value == "Reports"
    overview = role in ("coordinator", "admin", "viewer")
    assert has(at, "button_group", "reports.view") == overview
    assert has(at, "selectbox", "reports.city") != overview  # the compliance view comes first


def test_lag_member_checks_in_from_the_form(world):
    lag = world["lag_member"]
    before = store.get().count(collections.CHECKINS, {"city_id": world.city})
    at = open_page(lag.id, CHECKIN)
    assert not problems(at)
    at.text_area(key="checkin.happened").input("Pop-up desk at the market: 40 visitors")
    at.button_group(key="checkin.blockers").select("funding")
    at.text_input(key="checkin.help").input("A contact at the ministry")
    at.button(key="checkin.save").click().run()
    assert not problems(at)
    assert store.get().count(collections.CHECKINS, {"city_id": world.city}) == before + 1
    saved = store.get().find(collections.CHECKINS, {"city_id": world.city}, sort=[("_id", -1)])
    newest = max(saved, key=lambda d: d["created_at"])
    assert newest["blockers"] == ["funding"]
    assert newest["happened"] == "Pop-up desk at the market: 40 visitors"
    assert any("Thank you" in s.value for s in at.success)
    # Stored and confirmed: the form is drawn empty (new keys) for the next check-in.
    assert at.text_area(key=form_key(at, "checkin", "happened")).value == ""
    assert at.button_group(key=form_key(at, "checkin", "blockers")).value == []


def test_two_checkins_with_the_same_values_are_two_checkins(world):
    """Two submissions are two check-ins, whatever their values; the form on screen after a
    save is a new submission, and a save that fails keeps what was typed."""
    lag = world["lag_member"]
    before = store.get().count(collections.CHECKINS, {"city_id": world.city})
    at = open_page(lag.id, CHECKIN)
    for _ in range(2):
        at.text_area(key=form_key(at, "checkin", "happened")).input("Market day")
        at.button(key=form_key(at, "checkin", "save")).click().run()
        assert not problems(at)
    assert store.get().count(collections.CHECKINS, {"city_id": world.city}) == before + 2
    # A date in the future is refused, naming the field; the typing stays.
    at.text_area(key=form_key(at, "checkin", "happened")).input("Planned visit")
    tomorrow = checkins.today() + dt.timedelta(days=1)
    at.date_input(key=form_key(at, "checkin", "date")).set_value(tomorrow)
    at.button(key=form_key(at, "checkin", "save")).click().run()
    assert any("Date" in e.value for e in at.error), problems(at)
    assert at.text_area(key=form_key(at, "checkin", "happened")).value == "Planned visit"
    assert store.get().count(collections.CHECKINS, {"city_id": world.city}) == before + 2


def test_a_burst_of_clicks_on_send_stores_one_checkin_and_no_empty_one(world, monkeypatch):
    monkeypatch.setattr(forms, "BURST_S", 60.0)  # as fast as a thumb, at a test's pace
    before = store.get().count(collections.CHECKINS, {"city_id": world.city})
    at = open_page(world["lag_member"].id, CHECKIN)
    at.text_area(key="checkin.happened").input("Market day")
    at.button(key="checkin.save").click().run()
    for _ in range(2):  # the next clicks land on the form drawn empty by the save
        at.button(key=form_key(at, "checkin", "save")).click().run()
        assert not problems(at)
        assert any("Thank you" in s.value for s in at.success)
    saved = store.get().find(collections.CHECKINS, {"city_id": world.city})
    assert len(saved) == before + 1
    assert max(saved, key=lambda d: d["created_at"])["happened"] == "Market day"


def test_checkin_blockers_are_pills_without_select_all(world):
    at = open_page(world["lag_member"].id, CHECKIN, state={"session.lang": "fr"})
    assert not problems(at)
    assert not at.multiselect  # a multiselect offers "Select all" (in English) first
    blockers = at.button_group(key="checkin.blockers")
    tags = settings.get_settings(world["lag_member"].network_id).active_tags()
    assert blockers.options == [t.label.fr for t in tags]  # French labels, nothing else


def test_viewer_cannot_check_in(world):
    at = open_page(world["coordinator"].id, CHECKIN)
    assert not problems(at)
    assert not has(at, "button", "checkin.save")


def test_city_lead_submits_and_coordinator_accepts(world):
    lead, coordinator = world["city_lead"], world["coordinator"]
    latest = reports.city_cycles(lead, world.city)[-1]
    store.get().delete_many(collections.REPORTS, {"city_id": world.city, "cycle_key": latest.key})

    at = open_page(lead.id, REPORTS)
    assert at.selectbox(key="reports.cycle").value == latest.key
    at.button(key="reports.open").click().run()
    assert not problems(at)
    at.text_area(key="reports.narrative.highlights").input("**Ten** residents joined the group")
    at.selectbox(key="reports.rag.schedule").set_value("amber")
    at.button(key="reports.submit").click().run()
    assert not problems(at)
    stored = reports.find_report(lead, world.city, latest.key)
    assert stored.status == "submitted"
    assert stored.narrative.highlights == "**Ten** residents joined the group"
    assert stored.rag.schedule == "amber"
    assert "**Ten** residents joined the group" in [t.value for t in at.text]  # shown as text

    at = open_page(coordinator.id, REPORTS)
    assert not problems(at)
    # the compliance table: city, cycle ... state
    table = next(d.value for d in at.dataframe if "State" in d.value.columns)
    row = table[(table["City"] == "Dakar") & (table["Cycle"] == formats.cycle(latest.key, "en"))]
    assert list(row["State"]) == ["submitted"]
    at.button_group(key="reports.view").set_value("report").run()
    at.selectbox(key="reports.city").set_value(world.city).run()
    at.selectbox(key="reports.cycle").set_value(latest.key).run()
    at.text_area(key="reports.review.text").input("Clear, thank you")
    at.radio(key="reports.review.decision").set_value("accept")
    at.button(key="reports.review.save").click().run()
    assert not problems(at)
    assert reports.find_report(coordinator, world.city, latest.key).status == "accepted"


def test_submitted_report_page_says_the_data_changed(world):
    from models.plan import Meeting
    from services.plans import plans

    lead = world["city_lead"]
    latest = reports.city_cycles(lead, world.city)[-1]
    store.get().delete_many(collections.REPORTS, {"city_id": world.city, "cycle_key": latest.key})
    report = reports.submit_report(lead, reports.open_report(lead, world.city, latest.key))
    plan = plans.get_plan(lead, world.city)
    plans.save_meeting(lead, plan, Meeting(date=report.start, attendees=["Awa"], decisions="Go"))
    at = open_page(lead.id, REPORTS)
    assert not problems(at)
    assert has(at, "container", "reports.changed") or any(
        "changed since" in w.value for w in at.warning
    )
    assert any("changed since this report was submitted" in w.value for w in at.warning)


def test_a_reminders_link_opens_its_city_and_cycle(world):
    lead = world["city_lead"]
    keys = [c.key for c in reports.city_cycles(lead, world.city)]
    assert len(keys) > 1
    at = open_page(lead.id, REPORTS, query={"city": world.city, "cycle": keys[0]})
    assert not problems(at)
    assert at.selectbox(key="reports.cycle").value == keys[0]  # not the latest, the one asked
    at = open_page(world["admin"].id, CHECKIN, query={"city": world.other_city})
    assert not problems(at)
    assert at.selectbox(key="checkin.city").value == world.other_city


def test_a_city_member_sees_the_reminders_in_the_sidebar(world):
    lag = world["lag_member"]
    at = open_page(lag.id, CHECKIN)
    assert not problems(at)
    sidebar = "\n".join(c.value for c in at.sidebar.caption)
    assert "Dakar" in sidebar.replace("\\", "")


def test_a_draft_lists_a_meeting_next_week_as_planned_and_shows_no_escapes(world):
    """A draft's data as people read it (issue 18): a meeting next week under "planned", not
    among the meetings held; a blocker "Funding delay (1)", dates and plan changes in words,
    with no Markdown escape (a backslash) and no action name."""
    import datetime as dt

    from models.plan import Meeting
    from models.reporting import CheckinCreate
    from services.plans import plans
    from services.reporting import checkins, settings

    lead, admin = world["city_lead"], world["admin"]
    today = reports.today()
    next_week = today + dt.timedelta(days=7)
    read = settings.get_settings(admin.network_id)
    tags = [
        {**t.model_dump(), "label": {"en": "Funding delay", "fr": "Retard de financement"}}
        if t.key == "funding"
        else t.model_dump()
        for t in read.blocker_tags
    ]
    settings.update_settings(admin, read, {"blocker_tags": tags})
    latest = reports.city_cycles(lead, world.city)[-1]
    store.get().delete_many(collections.REPORTS, {"city_id": world.city, "cycle_key": latest.key})
    report = reports.open_report(lead, world.city, latest.key)
    # The period runs past next week, as a cycle still running does.
    store.get().update_one(
        collections.REPORTS,
        {"_id": report.id},
        {
            "$set": {
                "start": dt.datetime.combine(today, dt.time()),
                "end": dt.datetime.combine(today + dt.timedelta(days=30), dt.time()),
            }
        },
    )
    plan = plans.get_plan(lead, world.city)
    plans.save_meeting(lead, plan, Meeting(date=next_week, attendees=["Awa"], decisions="Plan"))
    plans.save_meeting(
        lead, plans.get_plan(lead, world.city), Meeting(date=today, decisions="Held today")
    )
    checkins.create_checkin(
        lead, world.city, CheckinCreate(date=today, mood=3, blockers=["funding"])
    )

    at = open_page(lead.id, REPORTS, query={"city": world.city, "cycle": latest.key})
    assert not problems(at)
    key = f"reports.content.{report.id}"
    held = at.container(key=f"{key}.meetings.part").dataframe[0].value
    planned = at.container(key=f"{key}.planned.meetings.part").dataframe[0].value
    date_column = "Date"
    assert formats.date(next_week, "en") not in list(held[date_column])
    assert formats.date(today, "en") in list(held[date_column])
    assert list(planned[date_column]) == [formats.date(next_week, "en")]
    assert has(at, "container", f"{key}.planned")
    plain = [t.value for t in at.text]
    assert any("Funding delay (1)" in line for line in plain), plain
    changes = at.container(key=f"{key}.plan_changes.part").dataframe[0].value
    cells = [str(v) for v in changes.to_numpy().ravel()] + plain
    assert not [c for c in cells if "\\" in c], "an escape shown as text"
    assert not [c for c in cells if "record_meeting" in c or "save_section" in c]
    assert "recorded a meeting" in list(changes["Change"])
    assert "Stakeholders and local action group" in list(changes["Sections"])  # not its key


def test_the_network_check_ins_list_the_newest_and_say_the_csv_has_them_all(world, monkeypatch):
    # A coordinator's list of the network's check-ins stops at the newest few (a network of
    # 1,000 cities writes thousands in 90 days) and says so; with room for all, no such line.
    since = checkins.today() - dt.timedelta(days=90)
    moment = dt.datetime(since.year, since.month, since.day, tzinfo=dt.UTC)
    dated = sorted(
        (d["date"] for d in store.get().find(collections.CHECKINS, {}) if d["date"] >= moment),
        reverse=True,
    )
    assert len(dated) > 3, "the demo has check-ins in the last 90 days"
    monkeypatch.setattr(checkins, "NETWORK_SHOWN", 3)
    at = open_page("demo-coordinator", CHECKIN)
    assert not problems(at)
    said = i18n.t("checkin.network_shown", "en", shown=3)
    assert said in [c.value for c in at.caption]
    assert len(at.dataframe[-1].value) == 3
    monkeypatch.setattr(checkins, "NETWORK_SHOWN", len(dated))
    at = open_page("demo-coordinator", CHECKIN)
    assert not problems(at)
    assert not any(c.value.startswith(said[:10]) for c in at.caption)
    assert len(at.dataframe[-1].value) == len(dated)
