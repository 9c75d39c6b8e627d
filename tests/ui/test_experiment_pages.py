"""Experiments, record and story pages (AppTest from app.py): they render on demo data, a LAG
member records a result, a city lead writes an assumption with the "We believe" helper."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from models.experiment import Criterion, ExperimentCreate
from models.experiment import ExperimentUpdate as experiments_update
from models.experiment import LearningCreate as learning_create
from screens._experiments import cards, lab
from screens._ui import forms
from services.experiments import experiments, proposals
from services.network import networks
from services.plans import plans
from tests.ui.conftest import form_key, has, open_page, problems, tab_state

DEMO_EXPERIMENTING_CITY = "city-0010"  # at the experimentation stage in the demo
# The page runs only its open tab's content (a click on a tab is a rerun).
CARDS_TAB = tab_state(lab.TAB_KEY, "experiments.tab.cards")
LEARNINGS_TAB = tab_state(lab.TAB_KEY, "experiments.tab.learnings")


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def running_experiment(world, city_id: str):
    return experiments.create_experiment(
        world["admin"],
        city_id,
        ExperimentCreate(
            title="Mobile payments at the market",
            metric="vendors paying by mobile",
            unit="%",
            criterion=Criterion(kind="numeric", comparison=">=", target=40),
            start=experiments.today() - dt.timedelta(days=10),
            end=experiments.today() + dt.timedelta(days=20),
            status="running",
        ),
    )


@pytest.mark.parametrize("page", ["screens/experiments.py", "screens/story.py"])
@pytest.mark.parametrize("role", ["admin", "coordinator", "city_lead", "lag_member"])
def test_pages_render_on_demo_data(world, page, role):
    state = {}
    if role in ("admin", "coordinator"):
        state = {"experiments.city": DEMO_EXPERIMENTING_CITY, "story.city": DEMO_EXPERIMENTING_CITY}
    at = open_page(world[role].id, page, state=state)
    assert not problems(at)
    if role in ("admin", "coordinator"):
        assert at.selectbox(key=page.split("/")[1][:-3] + ".city").value == (
            DEMO_EXPERIMENTING_CITY
        )


def test_coordinator_sees_charts_cards_and_the_rule(world):
    state = {"experiments.city": DEMO_EXPERIMENTING_CITY}
    at = open_page(world["coordinator"].id, "screens/experiments.py", state=state)
    assert not problems(at)
    # The assumptions tab opens first: the map and the riskiest share, and no card's content.
    assert len(at.get("vega_lite_chart")) == 2
    assert not has(at, "selectbox", "replicate.network.card")
    assert any("latest" in t.value for t in at.text)  # the outcome rule is shown
    # The cards tab: outcomes by category, and a results chart per measured card.
    at = open_page(world["coordinator"].id, "screens/experiments.py", state=state | CARDS_TAB)
    assert not problems(at)
    assert len(at.get("vega_lite_chart")) >= 2
    assert has(at, "selectbox", "replicate.network.card")


def test_story_reads_in_the_methods_order(world):
    at = open_page(
        world["coordinator"].id, "screens/story.py", state={"story.city": DEMO_EXPERIMENTING_CITY}
    )
    assert not problems(at)
    headers = [h.value for h in at.subheader]
    assert headers == [
        "1. The problem",
        "2. What we assumed",
        "3. What we tested",
        "4. What we measured",
        "5. What we learned",
        "6. How the plan changed",
    ]


def test_lag_member_records_a_result_from_the_record_page(world):
    created = running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py")
    assert not problems(at)
    assert at.selectbox(key="record.experiment").value == created.id
    at.number_input(key="record.value").set_value(37.5)
    at.text_input(key="record.note").set_value("market day")
    at.button(key="record.save").click().run()
    assert not problems(at)
    stored = experiments.get_experiment(world["admin"], created.id)
    (entry,) = stored.results
    assert (entry.value, entry.note, entry.recorded_by) == (
        37.5,
        "market day",
        world["lag_member"].id,
    )
    assert "37.5 %" in texts(at)
    assert world["lag_member"].display_name in texts(at)
    assert at.get("vega_lite_chart")  # the results chart against the target


def test_record_page_says_so_when_nothing_runs(world):
    at = open_page(world["lag_member"].id, "screens/record.py")
    assert not problems(at)
    assert any("No running experiment" in i.value for i in at.info)


def test_city_lead_writes_an_assumption_with_the_helper(world):
    at = open_page(world["city_lead"].id, "screens/experiments.py")
    prefix = "experiments.assumption.new"
    at.text_input(key=f"{prefix}.belief").set_value("vendors will pay by mobile")
    at.text_input(key=f"{prefix}.reason").set_value("they already use it at home")
    at.slider(key=f"{prefix}.importance").set_value(5)
    at.slider(key=f"{prefix}.evidence").set_value(1)
    at.button(key=f"{prefix}.submit").click().run()
    assert not problems(at)
    (created,) = experiments.list_assumptions(world["city_lead"], world.city)
    assert created.riskiest
    # Framed in the language of the city's team (French here), whatever the reader's.
    city = networks.get_city(world["admin"], world.city)
    assert city.language == "fr"
    assert experiments.statement(created, "fr") in [
        str(v) for df in at.dataframe for v in df.value.iloc[:, 0]
    ]


def test_wrong_input_names_the_field(world):
    at = open_page(world["city_lead"].id, "screens/experiments.py")
    at.button(key="experiments.assumption.new.submit").click().run()  # empty belief
    assert any("We believe that" in e.value for e in at.error)


def record(at: AppTest, value: float, day: dt.date | None = None, note: str = "") -> None:
    """Fill the record form as now on screen and press Save."""
    if day is not None:
        at.date_input(key=form_key(at, "record", "date")).set_value(day)
    at.number_input(key=form_key(at, "record", "value")).set_value(value)
    at.text_input(key=form_key(at, "record", "note")).set_value(note)
    at.button(key=form_key(at, "record", "save")).click().run()


def test_the_same_value_on_two_dates_is_two_entries(world):
    """A LAG member catching up: 118 for one day, then 118 for the next, within seconds."""
    created = running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py")
    first_day = experiments.today() - dt.timedelta(days=2)
    record(at, 18, first_day)
    assert not problems(at)
    # Saved and confirmed: the form is drawn anew, empty, under new keys.
    assert form_key(at, "record", "value") != "record.value"
    assert at.number_input(key=form_key(at, "record", "value")).value is None
    assert any("Result saved" in s.value for s in at.success)
    record(at, 18, first_day + dt.timedelta(days=1))
    assert not problems(at)
    stored = experiments.get_experiment(world["admin"], created.id)
    assert sorted((e.date, e.value) for e in stored.results) == [
        (first_day, 18),
        (first_day + dt.timedelta(days=1), 18),
    ]
    # Even the very same values again are a new measurement: a third entry.
    record(at, 18, first_day + dt.timedelta(days=1))
    stored = experiments.get_experiment(world["admin"], created.id)
    assert len(stored.results) == 3


def test_a_refused_value_names_the_field_and_keeps_the_typing(world):
    created = running_experiment(world, world.city)  # its unit is "%": a share, 0 to 100
    at = open_page(world["lag_member"].id, "screens/record.py")
    record(at, 130, note="one digit too many")
    assert any("Value" in e.value and "100" in e.value for e in at.error), problems(at)
    assert at.number_input(key="record.value").value == 130  # same form, nothing cleared
    assert at.text_input(key="record.note").value == "one digit too many"
    assert experiments.get_experiment(world["admin"], created.id).results == []
    at.number_input(key="record.value").set_value(13)
    at.button(key="record.save").click().run()
    assert [e.value for e in experiments.get_experiment(world["admin"], created.id).results] == [13]


def test_a_click_on_the_saved_form_records_nothing_more(world):
    """The second click of a double click reaches the server after the save: it belongs to
    the form already saved (its button is gone) and records nothing."""
    created = running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py")
    used = at.session_state["session.form.record"]["submission"]
    record(at, 12, note="double click")
    at.run()  # what the second click's rerun does: the old button is no longer on screen
    assert not problems(at)
    assert at.session_state["session.form.record"]["submission"] != used
    stored = experiments.get_experiment(world["admin"], created.id)
    assert [(e.id, e.value) for e in stored.results] == [(used, 12)]  # the submission's entry


def test_the_last_click_of_a_burst_on_the_new_form_is_answered_not_sent(world, monkeypatch):
    """A fast triple click: the third click lands on the form the first one's save drew
    (empty): the page says the entry was saved; no "enter a value" error, nothing recorded."""
    monkeypatch.setattr(forms, "BURST_S", 60.0)  # as fast as a thumb, at a test's pace
    created = running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py")
    record(at, 12, note="triple click")
    at.button(key=form_key(at, "record", "save")).click().run()  # the empty new form
    assert not problems(at)
    assert any("Result saved" in s.value for s in at.success)
    stored = experiments.get_experiment(world["admin"], created.id)
    assert [(e.value, e.note) for e in stored.results] == [(12, "triple click")]
    # Later on, the same form is a new entry like any other.
    monkeypatch.setattr(forms, "BURST_S", 0.0)
    record(at, 12, note="triple click")
    assert len(experiments.get_experiment(world["admin"], created.id).results) == 2


def test_a_stale_card_edit_shows_what_is_stored_and_keeps_the_typing(world):
    created = running_experiment(world, world.city)
    # The card's edit form is drawn once its popover is open.
    state = {cards.EDIT + created.id: True, **CARDS_TAB}
    at = open_page(world["city_lead"].id, "screens/experiments.py", state=state)
    prefix = f"experiments.card.{created.id}"
    at.text_input(key=f"{prefix}.owner").set_value("Awa")
    # Someone else edits the card meanwhile.
    experiments.update_experiment(
        world["admin"], created, experiments_update(title="Renamed by someone else")
    )
    at.button(key=f"{prefix}.submit").click().run()
    assert not at.exception
    assert any("Someone saved this in the meantime" in w.value for w in at.warning)
    assert any("Renamed by someone else" in str(j.value) for j in at.json)
    assert at.text_input(key=f"{prefix}.owner").value == "Awa"  # the typing is kept
    stored = experiments.get_experiment(world["admin"], created.id)
    assert (stored.title, stored.owner) == ("Renamed by someone else", "")


def test_a_learning_proposes_a_plan_change_from_the_page(world):
    lead = world["city_lead"]
    plan = plans.get_plan(lead, world.city) or plans.create_plan(lead, world.city)
    plans.save_item(lead, plan, "actions", plans.ItemChange("actions", "add", {"title": "Pilot"}))
    learning = experiments.create_learning(lead, world.city, learning_create(title="It works"))
    read = proposals.change_targets(lead, world.city)
    index = [(t.section, t.list_name) for t in read.lists].index(("actions", "actions"))
    at = open_page(lead.id, "screens/experiments.py", state=LEARNINGS_TAB)
    prefix = f"experiments.propose.{learning.id}"
    at.selectbox(key=f"{prefix}.section").set_value(index).run()
    at.radio(key=f"{prefix}.kind").set_value("add").run()
    at.text_input(key=f"{prefix}.text").set_value("Scale up")
    at.button(key=f"{prefix}.submit").click().run()
    assert not problems(at)
    stored = plans.get_plan(lead, world.city)
    assert "Scale up" in [a.title for a in stored.sections["actions"].content.actions]
    assert stored.pending_changes[-1].learning_id == learning.id


@pytest.mark.parametrize("status", ["done", "stopped"])
def test_a_record_page_left_open_after_the_experiment_closed_saves_nothing(world, status):
    created = running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py")
    assert at.selectbox(key="record.experiment").value == created.id
    # The lead closes the experiment while the member's page is still open on it.
    experiments.set_status(world["city_lead"], created, status)
    at.number_input(key=form_key(at, "record", "value")).set_value(99)
    at.text_input(key=form_key(at, "record", "note")).set_value("typed on the open page")
    at.button(key=form_key(at, "record", "save")).click().run()
    assert not at.exception
    assert [e.value for e in at.error] and "nothing was saved" in at.error[0].value
    assert not at.success  # no "Result saved"
    assert experiments.get_experiment(world["admin"], created.id).results == []
    # The page shows the stored state: the closed experiment is no longer offered.
    if has(at, "selectbox", "record.experiment"):
        assert created.id not in at.selectbox(key="record.experiment").options
    else:
        assert at.info  # nothing left to record
