"""Network settings, cities and stage progress pages (AppTest), for each role that sees them."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from screens._ui import forms
from services.core import store
from services.network import networks, settings
from tests.ui.conftest import form_key, has, open_page, problems, shown


def _network(world):
    return networks.get_network(world["admin"].network_id)


# --- network settings --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_settings_page_saves_general_settings(world, role):
    at = open_page(world[role].id, "screens/network.py")
    assert not problems(at)
    assert not at.button(key="network.general.save").disabled
    at.text_input(key="network.general.funder").input("Fonds « Villes »")
    at.button(key="network.general.save").click().run()
    assert not problems(at)
    assert _network(world).funder == "Fonds « Villes »"
    assert _network(world).updated_by == world[role].id


def test_settings_page_names_the_field_of_a_bad_phase(world):
    at = open_page(world["admin"].id, "screens/network.py")
    editor = "network.timeline.editor"
    at.session_state[editor] = {
        "edited_rows": {"0": {"start": "2026-05-01", "end": "2026-04-01"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="network.timeline.save").click().run()
    assert not at.exception
    messages = [shown(e.value) for e in at.error]
    assert messages == ["Timeline, phase › 1 › end: must not be before the start"], messages
    stored = _network(world).timeline[0]
    assert (stored.start, stored.end) != (dt.date(2026, 5, 1), dt.date(2026, 4, 1))  # unsaved


def test_settings_page_adds_a_gate_item(world):
    at = open_page(world["coordinator"].id, "screens/network.py")
    at.session_state["network.gate.0"] = {
        "edited_rows": {},
        "added_rows": [
            {"key": "mayor", "label_en": "Mayor on board", "label_fr": "Maire impliqué"}
        ],
        "deleted_rows": [],
    }
    at.button(key="network.stages.save").click().run()
    assert not problems(at)
    gate = _network(world).stages[0].gate
    assert gate[-1].key == "mayor" and gate[-1].rule is None
    assert gate[-1].label.fr == "Maire impliqué"


@pytest.mark.parametrize("role", ["city_lead", "viewer"])
def test_settings_page_is_not_offered_to_others(world, role):
    # Not in their menu: asking for it lands elsewhere. Streamlit may still run the file
    # directly (its first run in a process reads screens/): then it is read-only.
    at = open_page(world[role].id, "screens/network.py")
    assert not at.exception
    if has(at, "button", "network.general.save"):
        assert at.button(key="network.general.save").disabled
        assert at.info
    else:
        assert [t.value for t in at.title] != ["Network settings"]
    assert _network(world).revision == 0


# --- cities ------------------------------------------------------------------------------------


def test_cities_page_lists_and_creates(world):
    at = open_page(world["coordinator"].id, "screens/cities.py")
    assert not problems(at)
    assert len(at.dataframe[0].value) == 12
    at.text_input(key="cities.create.name").input("Praia")
    at.selectbox(key="cities.create.country").select("CV")
    at.selectbox(key="cities.create.cluster").select(_network(world).clusters[0])
    at.text_input(key="cities.create.coach").input("Chloé Martin")
    at.button(key="cities.create.save").click().run()
    assert not problems(at)
    created = store.get().find_one(networks.CITIES, {"name": "Praia"})
    assert created["team"]["coach"] == "Chloé Martin"
    assert created["country"] == "CV"
    assert created["stage"] == _network(world).stages[0].key


def test_a_burst_tail_on_the_new_city_form_is_answered_not_refused(world, monkeypatch):
    """The last click of a triple click lands on the empty form the save drew: within the
    burst (screens/_ui/forms.py) it gets the save's message, not "the name is required"."""
    monkeypatch.setattr(forms, "BURST_S", 60.0)  # as fast as a thumb, at a test's pace
    at = open_page(world["coordinator"].id, "screens/cities.py")
    at.text_input(key="cities.create.name").input("Mindelo")
    at.selectbox(key="cities.create.country").select("CV")
    at.button(key="cities.create.save").click().run()
    assert not problems(at)
    assert at.text_input(key=form_key(at, "cities.create", "name")).value == ""  # cleared
    at.button(key=form_key(at, "cities.create", "save")).click().run()  # the empty new form
    assert not problems(at)
    assert [s.value for s in at.success]  # the save's message, again
    assert store.get().count(networks.CITIES, {"name": "Mindelo"}) == 1
    # Past the burst, the empty form is a send of its own: the missing name is said.
    monkeypatch.setattr(forms, "BURST_S", 0.0)
    at.button(key=form_key(at, "cities.create", "save")).click().run()
    assert problems(at)


def test_city_lead_edits_own_city_only(world):
    lead = world["city_lead"]
    at = open_page(lead.id, "screens/cities.py")
    assert not problems(at)
    assert not has(at, "button", "cities.create.save")
    assert at.selectbox(key="cities.pick").options == [networks.get_city(lead, world.city).name]
    prefix = f"cities.edit.{world.city}"
    at.text_input(key=f"{prefix}.project_leader").input("Inès Koné")
    at.button(key=f"{prefix}.save").click().run()
    assert not problems(at)
    assert networks.get_city(lead, world.city).team.project_leader == "Inès Koné"


def test_cities_page_names_a_missing_country(world):
    at = open_page(world["admin"].id, "screens/cities.py")
    at.text_input(key="cities.create.name").input("Nowhere")
    at.button(key="cities.create.save").click().run()
    assert not at.exception
    assert at.error and "Country" in at.error[0].value
    assert store.get().find_one(networks.CITIES, {"name": "Nowhere"}) is None


def test_viewer_sees_cities_without_forms(world):
    at = open_page(world["viewer"].id, "screens/cities.py")
    assert not problems(at)
    assert len(at.dataframe[0].value) == 12
    assert not has(at, "button", "cities.create.save")
    assert not has(at, "selectbox", "cities.pick")


# --- stage progress ----------------------------------------------------------------------------


def test_coordinator_approves_a_stage_with_a_note(world):
    coordinator = world["coordinator"]
    at = open_page(coordinator.id, "screens/progress.py")
    assert not problems(at)
    at.selectbox(key="progress.city").select(world.city).run()
    before = networks.get_city(coordinator, world.city)
    if has(at, "checkbox", "progress.approve.force"):
        at.checkbox(key="progress.approve.force").check()
    at.text_input(key="progress.approve.note").input("Validé en comité")
    at.button(key="progress.approve.submit").click().run()
    assert not problems(at)
    after = networks.get_city(coordinator, world.city)
    assert after.stage != before.stage
    assert after.stage_history[-1].note == "Validé en comité"
    assert after.stage_history[-1].approved_by == coordinator.id


def test_coordinator_returns_a_city_then_completes_the_last_stage(world):
    coordinator = world["coordinator"]
    experimenting = "city-0010"  # Ghent, at the last stage in the demo
    at = open_page(coordinator.id, "screens/progress.py")
    at.selectbox(key="progress.city").select(experimenting).run()
    assert not problems(at)
    at.selectbox(key="progress.return.stage").select("solution_design")
    at.text_input(key="progress.return.note").input("Le V1 doit être revu")
    at.button(key="progress.return.submit").click().run()
    assert not problems(at)
    city = networks.get_city(coordinator, experimenting)
    assert city.stage == "solution_design"
    assert (city.stage_history[-1].kind, city.stage_history[-1].note) == (
        "returned",
        "Le V1 doit être revu",
    )
    assert not has(at, "button", "progress.complete.submit")  # not at the last stage now

    store.get().update_one(
        networks.CITIES, {"_id": experimenting}, {"$set": {"stage": "experimentation"}}
    )
    st.cache_data.clear()  # written behind the page's back: its cached read is stale
    at = open_page(coordinator.id, "screens/progress.py")
    at.selectbox(key="progress.city").select(experimenting).run()
    if has(at, "checkbox", "progress.complete.force"):
        at.checkbox(key="progress.complete.force").check()
    at.text_input(key="progress.complete.note").input("Programme terminé")
    at.button(key="progress.complete.submit").click().run()
    assert not problems(at)
    assert networks.get_city(coordinator, experimenting).completed is not None
    assert not any(k.startswith("progress.complete.") for k in (b.key for b in at.button))


def test_a_late_click_on_a_stage_form_after_its_save_acts_once(world):
    """A click of a triple click that reaches the server after the first click's save (a busy
    phone sends it late) is a click on the form as it was: it must not send the city back a
    second stage (nor approve the next one). The saved form is drawn under new keys, so the
    late click belongs to widgets that are gone (screens/_ui/forms.py)."""
    coordinator = world["coordinator"]
    experimenting = "city-0010"  # Ghent, at the last stage in the demo
    at = open_page(coordinator.id, "screens/progress.py")
    at.selectbox(key="progress.city").select(experimenting).run()
    before = len(networks.get_city(coordinator, experimenting).stage_history)
    at.selectbox(key="progress.return.stage").select("solution_design")
    at.text_input(key="progress.return.note").input("Le V1 doit être revu")
    clicked = at.button(key="progress.return.submit").id
    at.button(key="progress.return.submit").click().run()  # returned one stage back
    returned = networks.get_city(coordinator, experimenting)
    assert (returned.stage, len(returned.stage_history)) == ("solution_design", before + 1)
    # The page as it is now, plus a click of the button the first click pressed: what the
    # browser sends for a click queued behind the save's redraw.
    late = at._tree.get_widget_states()
    same = [w for w in late.widgets if w.id == clicked]  # the button, if it is still there
    (same[0] if same else late.widgets.add(id=clicked)).trigger_value = True
    at._run(widget_state=late)
    assert not problems(at)
    again = networks.get_city(coordinator, experimenting)
    assert (again.stage, len(again.stage_history)) == (returned.stage, before + 1)


def test_lag_member_and_viewer_see_progress_read_only(world):
    for role in ("lag_member", "viewer"):
        at = open_page(world[role].id, "screens/progress.py")
        assert not problems(at), role
        assert at.expander, role  # one per gate item, with the rule that decided it
        assert not has(at, "button", "progress.approve.submit"), role
        assert not has(at, "button", "progress.return.submit"), role


def test_city_lead_ticks_a_manual_item(world):
    admin, lead = world["admin"], world["city_lead"]
    network = _network(world)
    city = networks.get_city(admin, world.city)
    stages = [s.model_dump() for s in network.stages]
    at_stage = network.stage_index(city.stage)
    stages[at_stage]["gate"].append(
        {"key": "signed", "label": {"en": "Mayor signed", "fr": "Signé par le maire"}}
    )
    settings.update_settings(admin, network, {"stages": stages})

    at = open_page(lead.id, "screens/progress.py")
    assert not problems(at)
    assert not has(at, "button", "progress.approve.submit")
    prefix = f"progress.tick.{city.stage}.signed"
    at.checkbox(key=f"{prefix}.met").check()
    at.text_input(key=f"{prefix}.note").input("Compte rendu du 3 mai")
    at.button(key=f"{prefix}.save").click().run()
    assert not problems(at)
    tick = networks.get_city(admin, world.city).gate_ticks[-1]
    assert (tick.item, tick.met, tick.note, tick.by) == (
        "signed",
        True,
        "Compte rendu du 3 mai",
        lead.id,
    )


# --- export buttons on the plan page -----------------------------------------------------------


def test_plan_page_offers_the_three_exports_built_on_click(world):
    at = open_page(world["city_lead"].id, "screens/plan.py")
    assert not at.exception
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"plan.export.md", "plan.export.docx", "plan.export.pdf"}
    for proto in buttons.values():
        # Built only when clicked (a callable), and clicking does not rerun the page.
        assert proto.deferred_file_id and proto.ignore_rerun


# --- e-mail reminders: on or off, never the password -------------------------------------------


def _page_text(at) -> str:
    return "\n".join(shown(e.value) for e in [*at.caption, *at.warning, *at.info, *at.markdown])


def test_settings_page_says_reminders_are_off_without_smtp(world, monkeypatch):
    monkeypatch.delenv("ATELIER_SMTP_HOST", raising=False)
    at = open_page(world["admin"].id, "screens/network.py")
    assert not problems(at)
    off = "E-mail reminders: off (no SMTP server set). Reminders show in the app only."
    assert off in _page_text(at)
    assert not has(at, "button", "network.reminders.send")


def test_settings_page_names_the_smtp_host_never_the_password(world, monkeypatch):
    monkeypatch.setenv("ATELIER_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("ATELIER_SMTP_SENDER", "atelier@example.org")
    monkeypatch.setenv("ATELIER_SMTP_USER", "atelier-mailer")
    monkeypatch.setenv("ATELIER_SMTP_PASSWORD", "s3cret-value")
    at = open_page(world["coordinator"].id, "screens/network.py")
    assert not problems(at)
    assert "through smtp.example.org" in _page_text(at)
    assert not has(at, "button", "network.reminders.send")  # administrators only
    at = open_page(world["admin"].id, "screens/network.py")
    text = _page_text(at)
    assert "s3cret-value" not in text and "atelier-mailer" not in text
    # Nobody in the demo has an e-mail address: nothing to send, and no server contacted.
    at.button(key="network.reminders.send").click().run()
    assert not problems(at)
    assert "Reminders: 0 sent" in _page_text(at)
    assert "s3cret-value" not in str(at)
