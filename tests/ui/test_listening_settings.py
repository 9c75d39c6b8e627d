"""The network settings page's "Listening and reporting" tab (AppTest): reminder and grace
days, the blocker list (add, rename, reorder, remove or retire), errors named by field, the
conflict view, and a retired blocker still labelling an old check-in."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from models.reporting import CheckinCreate
from services.core import collections, store
from services.reporting import checkins, settings
from tests.ui.conftest import open_page, problems, shown

NETWORK = "demo-network"
PAGE = "screens/network.py"
EDITOR = "network.listening.tags"
SAVE = "network.listening.save"


def _edit(at, edited=None, added=None, deleted=None):
    at.session_state[EDITOR] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }


def test_the_team_changes_every_listening_setting(world):
    at = open_page(world["coordinator"].id, PAGE)
    assert not problems(at)
    at.number_input(key="network.listening.reminder_days").set_value(21)
    at.number_input(key="network.listening.grace_days").set_value(10)
    _edit(
        at,
        edited={"0": {"label_en": "Money", "label_fr": "Argent"}, "2": {"order": 0}},
        added=[{"label_en": "Heat waves", "label_fr": "Canicules"}],
        deleted=[5],  # "Community engagement": no demo check-in named it
    )
    at.button(key=SAVE).click().run()
    assert not problems(at)
    saved = settings.get_settings(NETWORK)
    assert (saved.checkin_reminder_days, saved.report_grace_days) == (21, 10)
    keys = [t.key for t in saved.blocker_tags]
    assert keys[0] == "staff_time"  # moved first
    assert keys[-1] == "heat_waves"  # made from the label: nobody typed it
    assert "community_engagement" not in keys
    assert saved.tag_label("funding", "fr") == "Argent"
    assert saved.updated_by == world["coordinator"].id
    assert "Settings saved." in [shown(s.value) for s in at.success]
    # The form starts again from what is stored.
    assert at.number_input(key="network.listening.reminder_days").value == 21


def test_the_calendar_dates_are_saved_and_an_end_before_the_start_is_named(world):
    before = settings.get_settings(NETWORK)
    at = open_page(world["coordinator"].id, PAGE)
    # The form shows the stored dates (the demo's: its programme's timeline).
    assert at.date_input(key="network.listening.starts_on").value == before.reporting_starts_on
    at.date_input(key="network.listening.starts_on").set_value(dt.date(2026, 1, 1))
    at.date_input(key="network.listening.ends_on").set_value(dt.date(2025, 6, 30))
    at.button(key=SAVE).click().run()
    assert not at.exception
    messages = [shown(e.value) for e in at.error]
    assert messages == ["Programme ends on: must be after the day reporting starts"], messages
    assert settings.get_settings(NETWORK) == before  # nothing saved
    at.date_input(key="network.listening.ends_on").set_value(dt.date(2027, 6, 30))
    at.button(key=SAVE).click().run()
    assert not problems(at)
    stored = settings.get_settings(NETWORK)
    assert stored.reporting_starts_on == dt.date(2026, 1, 1)
    assert stored.programme_ends_on == dt.date(2027, 6, 30)
    # A date cleared is no date: the calendar is open at that end again.
    at.date_input(key="network.listening.ends_on").set_value(None)
    at.button(key=SAVE).click().run()
    assert not problems(at)
    assert settings.get_settings(NETWORK).programme_ends_on is None
    assert at.date_input(key="network.listening.starts_on").value == dt.date(2026, 1, 1)


def test_a_blank_label_is_named_by_field_and_nothing_is_saved(world):
    at = open_page(world["admin"].id, PAGE)
    _edit(at, added=[{"label_en": "Weather", "label_fr": ""}])
    at.button(key=SAVE).click().run()
    assert not at.exception
    messages = [shown(e.value) for e in at.error]
    expected = "Blockers › 10 › label › French: is required (at least 1 characters)"
    assert messages == [expected], messages
    assert len(settings.get_settings(NETWORK).blocker_tags) == 9


def test_a_stale_save_shows_the_conflict_and_keeps_the_typing(world):
    at = open_page(world["coordinator"].id, PAGE)
    settings.update_settings(
        world["admin"], settings.get_settings(NETWORK), {"checkin_reminder_days": 45}
    )
    at.number_input(key="network.listening.grace_days").set_value(9)
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert at.warning and "saved" in at.warning[0].value.lower()
    assert at.json  # what is stored now
    assert at.number_input(key="network.listening.grace_days").value == 9  # still typed
    assert settings.get_settings(NETWORK).report_grace_days == 14  # nothing overwritten
    # Saving again, knowing, goes through and keeps the other person's change.
    at.button(key=SAVE).click().run()
    assert not problems(at)
    stored = settings.get_settings(NETWORK)
    assert (stored.checkin_reminder_days, stored.report_grace_days) == (45, 9)


def test_a_retired_blocker_still_labels_an_old_checkin(world):
    lag = world["lag_member"]
    store.get().delete_many(collections.CHECKINS, {"city_id": world.city})
    checkins.create_checkin(
        lag, world.city, CheckinCreate(date=checkins.today(), mood=2, blockers=["legal"])
    )
    at = open_page(world["coordinator"].id, PAGE)
    _edit(at, deleted=[6])  # "Legal or regulatory", named by that check-in
    at.button(key=SAVE).click().run()
    assert not problems(at)
    legal = settings.get_settings(NETWORK).blocker_tags[-1]
    assert (legal.key, legal.retired) == ("legal", True)

    st.cache_data.clear()
    at = open_page(lag.id, "screens/checkin.py")
    assert not problems(at)
    offered = at.button_group(key="checkin.blockers").options  # their labels
    assert "Legal or regulatory" not in offered and "Funding" in offered
    table = at.dataframe[0].value
    assert "Legal or regulatory" in set(table["Blockers"])


def _downloads(at) -> set[str]:
    return {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


def test_listening_csv_downloads_are_offered_where_the_data_is_read(world):
    at = open_page(world["lag_member"].id, "screens/checkin.py")
    assert not problems(at)
    assert _downloads(at) == {"checkin.csv.city"}  # their city's only
    at = open_page(world["coordinator"].id, "screens/checkin.py")
    assert {"checkin.csv.city", "checkin.csv.all"} <= _downloads(at)
    for role in ("viewer", "lag_member"):
        at = open_page(world[role].id, "screens/coordination.py")
        assert not problems(at), role
        assert {"coordination.csv.followups", "coordination.csv.backlog"} <= _downloads(at)
    # Compliance per cycle and city, beside the compliance chart, for those who read it.
    at = open_page(world["coordinator"].id, "screens/reports.py")
    assert not problems(at)
    assert "reports.compliance.csv" in _downloads(at)
