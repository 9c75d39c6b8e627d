"""Experiments, record and story pages (AppTest from app.py): they render on demo data, a LAG
member records a result, a city lead writes an assumption with the "We believe" helper."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from models.experiment import Criterion, ExperimentCreate
from services.experiments import experiments
from tests.ui.conftest import open_page, problems

DEMO_EXPERIMENTING_CITY = "city-0010"  # at the experimentation stage in the demo


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


@pytest.mark.parametrize("page", ["pages/experiments.py", "pages/story.py"])
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
    at = open_page(
        world["coordinator"].id,
        "pages/experiments.py",
        state={"experiments.city": DEMO_EXPERIMENTING_CITY},
    )
    assert not problems(at)
    # Map, riskiest share, outcomes by category, and a results chart per measured card.
    assert len(at.get("vega_lite_chart")) >= 4
    assert any("latest" in t.value for t in at.text)  # the outcome rule is shown


def test_story_reads_in_the_methods_order(world):
    at = open_page(
        world["coordinator"].id, "pages/story.py", state={"story.city": DEMO_EXPERIMENTING_CITY}
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
    at = open_page(world["lag_member"].id, "pages/record.py")
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
    at = open_page(world["lag_member"].id, "pages/record.py")
    assert not problems(at)
    assert any("No running experiment" in i.value for i in at.info)


def test_city_lead_writes_an_assumption_with_the_helper(world):
    at = open_page(world["city_lead"].id, "pages/experiments.py")
    prefix = "experiments.assumption.new"
    at.text_input(key=f"{prefix}.belief").set_value("vendors will pay by mobile")
    at.text_input(key=f"{prefix}.reason").set_value("they already use it at home")
    at.slider(key=f"{prefix}.importance").set_value(5)
    at.slider(key=f"{prefix}.evidence").set_value(1)
    at.button(key=f"{prefix}.submit").click().run()
    assert not problems(at)
    (created,) = experiments.list_assumptions(world["city_lead"], world.city)
    assert created.riskiest
    assert experiments.statement(created, "en") in [
        str(v) for df in at.dataframe for v in df.value.iloc[:, 0]
    ]


def test_wrong_input_names_the_field(world):
    at = open_page(world["city_lead"].id, "pages/experiments.py")
    at.button(key="experiments.assumption.new.submit").click().run()  # empty belief
    assert any("We believe that" in e.value for e in at.error)
