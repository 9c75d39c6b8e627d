"""Writes are decided on what is stored, not on what a page read or a caller handed in.

A page left open after the experiment was closed (or the report submitted) cannot add to it;
a City handed to a service with other fields written in (another network, ticks, a stage)
changes nothing but what the service itself decides from the stored city.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.city import City, CityFields, GateTick
from models.experiment import Criterion, ExperimentCreate, ResultFields
from services.core import i18n, store
from services.core.errors import NotFound, StateChanged
from services.experiments import experiments, outcomes
from services.network import networks, progress, settings
from services.reporting import reports
from tests.conftest import unchanged_store

START = dt.date(2026, 3, 1)


def running_card(small_world):
    data = ExperimentCreate(
        title="Mobile payments at the market",
        unit="%",
        criterion=Criterion(kind="numeric", comparison=">=", target=40),
        start=START,
        end=START + dt.timedelta(days=30),
        status="running",
    )
    return experiments.create_experiment(small_world["admin"], small_world.city, data)


def result(value: float) -> ResultFields:
    return ResultFields(date=START + dt.timedelta(days=3), value=value)


@pytest.mark.parametrize("status", ["done", "stopped"])
def test_a_page_left_open_cannot_record_into_a_closed_experiment(small_world, status):
    lag, lead = small_world["lag_member"], small_world["city_lead"]
    read = experiments.record_result(lag, running_card(small_world).id, result(10))
    # The page read the card while it ran; the lead closes it; the page still saves.
    closed = experiments.set_status(lead, read, status)
    before = outcomes.outcome(closed, START + dt.timedelta(days=60)).status
    with unchanged_store(), pytest.raises(StateChanged) as refused:
        experiments.record_result(lag, read.id, result(90))
    assert (refused.value.field, refused.value.key) == (
        "status",
        f"experiments.error.closed.{status}",
    )
    english = i18n.t(refused.value.key, "en")
    assert "nothing was saved" in english and english != i18n.t(refused.value.key, "fr")
    with unchanged_store(), pytest.raises(StateChanged):
        experiments.correct_result(lag, read, read.results[0].id, result(90))
    after = experiments.get_experiment(lead, read.id)
    assert [e.value for e in after.results] == [10]
    assert outcomes.outcome(after, START + dt.timedelta(days=60)).status == before


def test_reopened_for_analysis_a_result_can_be_corrected_again(small_world):
    lag, lead = small_world["lag_member"], small_world["city_lead"]
    read = experiments.record_result(lag, running_card(small_world).id, result(10))
    closed = experiments.set_status(lead, read, "done")
    reopened = experiments.set_status(lead, closed, "analysing")
    fixed = experiments.correct_result(lag, reopened, read.results[0].id, result(12))
    assert [e.value for e in fixed.results] == [12]


@pytest.mark.parametrize("decision", [None, "accept"])
def test_a_submitted_or_accepted_report_is_not_saved_from_a_stale_page(world, decision):
    lead, coordinator = world["city_lead"], world["coordinator"]
    latest = reports.city_cycles(lead, world.city)[-1]
    read = reports.open_report(lead, world.city, latest.key)
    submitted = reports.submit_report(lead, read)
    if decision:
        reports.review_report(coordinator, submitted, {"decision": decision, "text": "Thanks"})
    for write in (
        lambda: reports.save_report(lead, read, {"narrative": {"asks": "from a stale page"}}),
        lambda: reports.submit_report(lead, read, {"narrative": {"asks": "again"}}),
    ):
        with unchanged_store(), pytest.raises(StateChanged) as refused:
            write()
        assert (refused.value.field, refused.value.key) == (
            "status",
            "reporting.error.not_editable",
        )
    if decision:
        # Accepted meanwhile: a second decision from a page that still showed it submitted.
        with unchanged_store(), pytest.raises(StateChanged):
            reports.review_report(coordinator, submitted, {"decision": "return", "text": "No"})


# --- a City handed in --------------------------------------------------------------------------


def _manual_item(admin) -> None:
    network = networks.get_network(admin.network_id)
    stages = [s.model_dump() for s in network.stages]
    for stage in stages:
        stage["gate"].append({"key": "signed", "label": {"en": "Signed", "fr": "Signé"}})
    settings.update_settings(admin, network, {"stages": stages})


def _foreign_network_city(small_world) -> City:
    """A copy of the small world's city in another network, stored as it is."""
    doc = store.get().find_one(networks.CITIES, {"_id": small_world.city})
    doc = {**doc, "_id": "city-elsewhere", "network_id": "network-elsewhere"}
    store.get().insert_one(networks.CITIES, doc)
    return City.from_doc(doc)


def test_a_tick_uses_the_stored_city_not_the_fields_handed_in(small_world):
    admin, lead = small_world["admin"], small_world["city_lead"]
    _manual_item(admin)
    city = networks.get_city(admin, small_world.city)
    planted = GateTick(
        stage=city.stage,
        item="signed",
        met=True,
        note="never ticked",
        by="x",
        by_name="X",
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    forged = city.model_copy(update={"gate_ticks": [planted], "stage": "experimentation"})
    ticked = progress.tick_gate_item(lead, forged, city.stage, "signed", False)
    assert [(t.item, t.met, t.by) for t in ticked.gate_ticks] == [("signed", False, lead.id)]
    assert ticked.stage == city.stage
    stored = store.get().find_one(networks.CITIES, {"_id": city.id})
    assert stored["stage"] == city.stage and len(stored["gate_ticks"]) == 1


def test_a_city_of_another_network_is_not_written_through_a_forged_network_id(small_world):
    admin = small_world["admin"]
    _manual_item(admin)
    elsewhere = _foreign_network_city(small_world)
    forged = elsewhere.model_copy(update={"network_id": admin.network_id})
    with unchanged_store():
        with pytest.raises(NotFound):
            progress.tick_gate_item(admin, forged, forged.stage, "signed", True, "evidence")
        with pytest.raises(NotFound):
            progress.approve_stage(admin, forged, force=True, note="forced")
        with pytest.raises(NotFound):
            networks.update_city(admin, forged, CityFields(name="Renamed", country="Ireland"))


def test_update_city_keeps_the_stored_language_not_the_one_handed_in(small_world):
    admin = small_world["admin"]
    city = networks.get_city(admin, small_world.city)
    forged = city.model_copy(update={"language": "fr" if city.language != "fr" else "en"})
    updated = networks.update_city(admin, forged, CityFields(name="Praia", country="Cabo Verde"))
    assert updated.language == city.language
