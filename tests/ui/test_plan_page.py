"""The plan page (AppTest from app.py): editing for the city lead, read-only for LAG members
(who may still record meetings), not-found for foreign cities, conflicts kept side by side."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from models.base import stored
from services.core import i18n, store
from services.core.errors import Conflict
from services.plans import plans, versions
from tests.ui.conftest import has, open_page, problems


def app(user_id: str, city: str | None = None) -> AppTest:
    """The plan page as `user_id`, for `city` (the ?city= query parameter) if given."""
    return open_page(user_id, "screens/plan.py", query=None if city is None else {"city": city})


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_city_lead_edits_and_saves_a_section(world):
    at = app(world["city_lead"].id, world.city)
    assert not problems(at)
    assert at.selectbox(key="plan.city").value == world.city
    assert has(at, "button", "plan.context.save")
    assert has(at, "button", "plan.freeze.submit")
    at.text_area(key="plan.context.narrative").input("Une ville qui change « vite »")
    at.button(key="plan.context.save").click().run()
    assert not problems(at)
    stored = plans.find_plan(world.city).sections["context"]
    assert stored.content.narrative == "Une ville qui change « vite »"
    assert stored.updated_by == world["city_lead"].id
    assert any("Contexte" in s.value or "Context" in s.value for s in at.success)


def test_bad_input_names_the_field_and_keeps_the_text(world):
    at = app(world["city_lead"].id, world.city)
    at.text_area(key="plan.context.narrative").input("x" * 100_000)
    at.button(key="plan.context.save").click().run()
    assert not at.exception
    limit = "at most 20,000 characters"
    assert any("narrative" in e.value and limit in e.value for e in at.error), [
        e.value for e in at.error
    ]
    assert at.text_area(key="plan.context.narrative").value == "x" * 100_000


def test_bad_table_row_names_the_field(world):
    at = app(world["city_lead"].id, world.city)
    at.session_state["plan.stakeholders.stakeholders"] = {
        "edited_rows": {},
        "added_rows": [{"organisation": "Mairie", "sector": "public", "power": 7}],
        "deleted_rows": [],
    }
    at.button(key="plan.stakeholders.save").click().run()
    assert not at.exception
    assert any("power" in e.value for e in at.error), [e.value for e in at.error]


def saved_in_conflict(world) -> AppTest:
    """The city lead saves "Mine" in the context section after the coordinator saved "Theirs"."""
    at = app(world["city_lead"].id, world.city)
    # Someone else saves the same section after the lead opened it.
    plan = plans.find_plan(world.city)
    plans.save_section(
        world["coordinator"], plan, "context", {"kind": "context", "narrative": "Theirs"}
    )
    at.text_area(key="plan.context.narrative").input("Mine")
    at.button(key="plan.context.save").click().run()
    return at


def test_conflict_shows_both_versions_and_overwrite_keeps_mine(world):
    at = saved_in_conflict(world)
    assert not problems(at)
    assert has(at, "button", "plan.context.conflict.merge")
    assert has(at, "button", "plan.context.conflict.discard")
    text = markdown_text(at)
    assert "Theirs" in text and "Mine" in text
    # Where they differ, by the fields' labels, never their keys.
    differs = [c.value for c in at.caption if c.value.startswith("The versions differ in")]
    assert differs and "Local context" in differs[0] and "narrative" not in differs[0]
    assert plans.find_plan(world.city).sections["context"].content.narrative == "Theirs"
    at.button(key="plan.context.conflict.overwrite").click().run()
    assert not problems(at)
    assert plans.find_plan(world.city).sections["context"].content.narrative == "Mine"
    assert not has(at, "button", "plan.context.conflict.merge")


def test_conflict_merge_puts_both_changed_texts_in_the_form_marked(world):
    at = saved_in_conflict(world)
    at.button(key="plan.context.conflict.merge").click().run()
    assert not problems(at)
    merged = narrative_area(at).value
    assert "Theirs" in merged and "Mine" in merged
    assert merged.index("Theirs") < merged.index("Mine")
    assert world["coordinator"].display_name in merged  # their text is marked as theirs
    # Where both changed is said, by the field's label, never its key.
    both = [w.value for w in at.warning if w.value.startswith("Both versions changed")]
    assert both and "Local context" in both[0] and "narrative" not in both[0]
    narrative_area(at).input("Theirs and mine, reconciled")
    next(b for b in at.button if b.key == "plan.context.save").click().run()
    assert not problems(at)
    assert (
        plans.find_plan(world.city).sections["context"].content.narrative
        == "Theirs and mine, reconciled"
    )


def test_merge_keeps_both_edits_of_different_fields_and_no_old_text(world):
    """The reported case: one person edits the political field, the other the narrative."""
    at = app(world["city_lead"].id, world.city)
    before = plans.find_plan(world.city).sections["context"].content
    assert before.narrative and before.ipestle.political  # the demo fills both
    plan = plans.find_plan(world.city)
    theirs = stored(before) | {"ipestle": {**stored(before.ipestle), "political": "New politics"}}
    plans.save_section(world["coordinator"], plan, "context", theirs)
    narrative_area(at).input("New story")
    at.button(key="plan.context.save").click().run()
    assert has(at, "button", "plan.context.conflict.merge")
    at.button(key="plan.context.conflict.merge").click().run()
    assert not problems(at)
    assert narrative_area(at).value == "New story"
    political = next(
        ta for ta in at.text_area if ta.key.startswith("plan.context.ipestle.political")
    )
    assert political.value == "New politics"
    next(b for b in at.button if b.key == "plan.context.save").click().run()
    assert not problems(at)
    saved = plans.find_plan(world.city).sections["context"].content
    assert (saved.narrative, saved.ipestle.political) == ("New story", "New politics")
    assert before.narrative not in str(stored(saved))
    assert before.ipestle.political not in str(stored(saved))


def test_conflict_discard_takes_theirs(world):
    at = saved_in_conflict(world)
    at.button(key="plan.context.conflict.discard").click().run()
    assert not problems(at)
    narrative = next(ta for ta in at.text_area if ta.key.startswith("plan.context.narrative"))
    assert narrative.value == "Theirs"
    assert plans.find_plan(world.city).sections["context"].content.narrative == "Theirs"


def test_lag_member_reads_only_but_records_meetings(world):
    at = app(world["lag_member"].id, world.city)
    assert not problems(at)
    assert not has(at, "button", "plan.context.save")
    assert not has(at, "text_area", "plan.context.narrative")
    assert not has(at, "button", "plan.freeze.submit")
    assert not has(at, "button", "plan.layout.save")
    before = len(plans.find_plan(world.city).sections["stakeholders"].content.meetings)
    at.text_input(key="plan.meetings.attendees").input("Awa, Jean")
    at.text_area(key="plan.meetings.decisions").input("Tester les SMS")
    at.button(key="plan.meetings.save").click().run()
    assert not problems(at)
    meetings = plans.find_plan(world.city).sections["stakeholders"].content.meetings
    assert len(meetings) == before + 1
    assert meetings[-1].attendees == ["Awa", "Jean"]


@pytest.mark.parametrize("city", ["city-0002", "no-such-city"])
def test_foreign_or_unknown_city_is_not_found(world, city):
    at = app(world["city_lead"].id, city)
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("error.not_found", "en")] or [
        e.value for e in at.error
    ] == [i18n.t("error.not_found", "fr")]
    assert not has(at, "selectbox", "plan.city")
    assert not at.text_area


def test_coordinator_compares_versions_and_sees_history(world):
    # An experimenting demo city has V1 (and maybe V2): pick one.
    version = store.get().find_one(versions.VERSIONS, {"number": 1})
    at = app(world["coordinator"].id, version["city_id"])
    assert not problems(at)
    assert has(at, "selectbox", "plan.compare.a")
    assert has(at, "selectbox", "plan.history.section")
    at.selectbox(key="plan.history.section").set_value("context").run()
    assert not problems(at)


def test_city_without_plan_offers_to_start_one(world):
    store.get().delete_many(plans.PLANS, {"city_id": world.city})
    at = app(world["city_lead"].id, world.city)
    assert not problems(at)
    at.radio(key="plan.create.scope").set_value("project")
    at.button(key="plan.create.submit").click().run()
    assert not problems(at)
    created = plans.find_plan(world.city)
    assert created.scope == "project" and not created.sections["vision"].enabled
    assert has(at, "button", "plan.context.save")


def test_layout_hides_a_section(world):
    at = app(world["city_lead"].id, world.city)
    order = plans.find_plan(world.city).order
    row = order.index("risks")
    at.session_state["plan.layout.table"] = {
        "edited_rows": {str(row): {"shown": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="plan.layout.save").click().run()
    assert not problems(at)
    assert plans.find_plan(world.city).sections["risks"].enabled is False
    assert not has(at, "button", "plan.risks.save")


def test_every_demo_plan_renders_for_the_coordinator(world):
    cities = [c["_id"] for c in store.get().find("cities", {}, sort=[("_id", 1)])]
    at = app(world["coordinator"].id, cities[0])
    for city in cities:
        at.query_params["city"] = city
        at.session_state["plan.city"] = city
        at.run()
        assert not problems(at), city
        assert at.selectbox(key="plan.city").value == city


def test_stale_form_offers_to_load_the_saved_version(world):
    at = app(world["city_lead"].id, world.city)
    plan = plans.find_plan(world.city)
    plans.save_section(world["coordinator"], plan, "risks", {"kind": "risks", "risks": []})
    st.cache_data.clear()
    at.run()
    assert has(at, "button", "plan.risks.reload")
    at.button(key="plan.risks.reload").click().run()
    assert not problems(at)
    assert not has(at, "button", "plan.risks.reload")


def narrative_area(at: AppTest):
    return next(ta for ta in at.text_area if ta.key.startswith("plan.context.narrative"))


def test_switching_city_never_carries_typed_text_over(world):
    dakar, kigali = "city-0001", "city-0002"
    at = app(world["coordinator"].id, dakar)
    narrative_area(at).input("Typed for Dakar, not saved")
    at.selectbox(key="plan.city").set_value(kigali).run()
    assert not problems(at)
    kigali_text = plans.find_plan(kigali).sections["context"].content.narrative
    assert narrative_area(at).value == kigali_text
    narrative_area(at).input("Saved for Kigali")
    next(b for b in at.button if b.key == "plan.context.save").click().run()
    assert not problems(at)
    assert plans.find_plan(kigali).sections["context"].content.narrative == "Saved for Kigali"
    assert plans.find_plan(dakar).sections["context"].content.narrative != "Saved for Kigali"


def test_custom_section_is_added_and_its_typed_fields_saved(world):
    at = app(world["city_lead"].id, world.city)
    at.text_input(key="plan.custom.title").input("Budget participatif")
    at.session_state["plan.custom.fields"] = {
        "edited_rows": {},
        "added_rows": [{"label": "Montant", "type": "number"}, {"label": "Quartiers"}],
        "deleted_rows": [],
    }
    at.button(key="plan.custom.add").click().run()
    assert not problems(at)
    plan = plans.find_plan(world.city)
    key = plan.order[-1]
    section = plan.sections[key]
    assert section.content.title == "Budget participatif"
    assert [f.type for f in section.content.fields] == ["number", "text"]
    number = next(n for n in at.number_input if n.key.startswith(f"plan.{key}.field."))
    number.set_value(12500)
    next(b for b in at.button if b.key == f"plan.{key}.save").click().run()
    assert not problems(at)
    saved = plans.find_plan(world.city).sections[key].content.fields[0]
    assert saved.value == 12500


# --- a stale save of every kind shows the conflict view, never a traceback ------------------------


def said(at: AppTest, key: str) -> bool:
    """Whether a warning of the last run is the message `key` (in English or French)."""
    texts = {w.value for w in at.warning}
    prefixes = {i18n.t(key, lang).split("{")[0][:40] for lang in i18n.languages()}
    return any(text.startswith(p) for text in texts for p in prefixes)


def test_stale_layout_save_shows_the_conflict_message(world):
    at = app(world["city_lead"].id, world.city)
    plan = plans.find_plan(world.city)
    plans.set_layout(world["coordinator"], plan, {"enabled": {"vision": False}})
    row = plan.order.index("risks")
    at.session_state["plan.layout.table"] = {
        "edited_rows": {str(row): {"shown": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="plan.layout.save").click().run()
    assert not problems(at)
    assert said(at, "plan.layout.conflict")
    stored_plan = plans.find_plan(world.city)
    assert stored_plan.sections["risks"].enabled and not stored_plan.sections["vision"].enabled


def test_stale_preset_shows_the_conflict_message(world):
    at = app(world["city_lead"].id, world.city)
    plan = plans.find_plan(world.city)
    plans.set_layout(world["coordinator"], plan, {"enabled": {"risks": False}})
    at.radio(key="plan.preset.scope").set_value("project")
    at.button(key="plan.preset.apply").click().run()
    assert not problems(at)
    assert said(at, "plan.layout.conflict")
    assert plans.find_plan(world.city).scope == plan.scope
    assert at.radio(key="plan.preset.scope").value == "project"  # the choice is kept


def test_stale_custom_section_shows_the_conflict_message_and_keeps_the_title(world):
    at = app(world["city_lead"].id, world.city)
    plan = plans.find_plan(world.city)
    plans.add_custom_section(world["coordinator"], plan, {"title": "Theirs"})
    at.text_input(key="plan.custom.title").input("Budget participatif")
    at.button(key="plan.custom.add").click().run()
    assert not problems(at)
    assert said(at, "plan.layout.conflict")
    titles = [
        s.content.title for s in plans.find_plan(world.city).sections.values() if s.kind == "custom"
    ]
    assert titles == ["Theirs"]
    assert at.text_input(key="plan.custom.title").value == "Budget participatif"


def test_stale_freeze_shows_the_conflict_message_and_keeps_the_note(world):
    at = app(world["city_lead"].id, world.city)
    plan = plans.find_plan(world.city)
    versions.freeze_version(world["coordinator"], plan, "Frozen by the coordinator")
    at.text_area(key="plan.freeze.note").input("My note")
    at.button(key="plan.freeze.submit").click().run()
    assert not problems(at)
    assert said(at, "plan.freeze.conflict")
    assert plans.find_plan(world.city).version == plan.version + 1  # theirs only
    assert at.text_area(key="plan.freeze.note").value == "My note"


def test_stale_meeting_save_is_merged_with_the_other_save(world):
    at = app(world["lag_member"].id, world.city)
    plan = plans.find_plan(world.city)
    plans.save_item(
        world["coordinator"],
        plan,
        "stakeholders",
        plans.ItemChange("lag_members", "add", {"name": "Added meanwhile"}),
    )
    at.text_input(key="plan.meetings.attendees").input("Awa")
    at.button(key="plan.meetings.save").click().run()
    assert not problems(at)
    content = plans.find_plan(world.city).sections["stakeholders"].content
    assert content.meetings[-1].attendees == ["Awa"]
    assert content.lag_members[-1].name == "Added meanwhile"


def test_meeting_save_conflict_shows_a_message_and_keeps_the_typing(world, monkeypatch):
    at = app(world["lag_member"].id, world.city)

    def conflicting(actor, plan, meeting, original=None, submission=None):
        raise Conflict(plan.sections["stakeholders"], {"item": meeting}, section="stakeholders")

    monkeypatch.setattr(plans, "save_meeting", conflicting)
    at.text_area(key="plan.meetings.decisions").input("Tester les SMS")
    at.button(key="plan.meetings.save").click().run()
    assert not problems(at)
    assert said(at, "plan.meeting.conflict")
    assert at.text_area(key="plan.meetings.decisions").value == "Tester les SMS"


def test_renaming_an_indicator_keeps_its_measurements(world):
    plan = plans.find_plan(world.city)
    indicator = {
        "id": "ind-1",
        "name": "Visits",
        "measurements": [{"date": "2026-01-05", "value": 10}, {"date": "2026-02-05", "value": 12}],
    }
    plans.save_section(
        world["city_lead"], plan, "indicators", {"kind": "indicators", "indicators": [indicator]}
    )
    at = app(world["city_lead"].id, world.city)
    at.session_state["plan.indicators.indicators"] = {
        "edited_rows": {"0": {"name": "Online visits"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="plan.indicators.save").click().run()
    assert not problems(at)
    saved = plans.find_plan(world.city).sections["indicators"].content.indicators
    assert [(i.name, [m.value for m in i.measurements]) for i in saved] == [
        ("Online visits", [10, 12])
    ]
