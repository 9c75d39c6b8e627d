"""Derived data follows every write through one mechanism (services/wiring.py): the handler is
given the written document, so no caller can forget to name the city; a city's summary is set
by its writer alone."""

from __future__ import annotations

import pytest

from models.city import City, CitySummary
from models.experiment import Assumption
from services import wiring
from services.core import collections, records, store
from services.dashboard import summary


def _city(city_id: str) -> City:
    return records.get(collections.CITIES, City, city_id)


def test_the_wiring_lists_the_summary_and_is_installed():
    assert (summary.after_write,) == wiring.AFTER_WRITE
    assert summary.after_write in records.after_write_hooks()


def test_a_write_without_city_id_still_refreshes_the_summary(small_world):
    """No `city_id=` argument: the summary follows from the written document's own city."""
    lead = small_world["city_lead"]
    before = _city(small_world.city).summary.riskiest_total
    risky = Assumption(
        network_id=lead.network_id,
        city_id=small_world.city,
        belief="Residents will sort their waste",
        category="people",
        importance=5,
        evidence=1,
    )
    records.insert(collections.ASSUMPTIONS, risky, lead)
    assert _city(small_world.city).summary.riskiest_total == before + 1
    # recomputed independently: the riskiest assumptions stored for the city
    stored = store.get().find(collections.ASSUMPTIONS, {"city_id": small_world.city})
    assert before + 1 == sum(1 for a in stored if a["importance"] >= 4 and a["evidence"] <= 2)
    line = records.history(risky.id)[0]
    assert line["city_id"] == small_world.city, "the activity line names the document's city"


def test_an_update_cannot_write_the_summary(small_world):
    admin = small_world["admin"]
    city = _city(small_world.city)
    forged = CitySummary(experiments_total=999).model_dump()
    updated = records.update(
        collections.CITIES, city, {"summary": forged, "challenge": "Waste"}, admin
    )
    assert updated.challenge == "Waste"
    assert updated.summary.experiments_total != 999
    assert _city(small_world.city).summary.experiments_total != 999


def test_a_low_level_write_of_the_summary_is_refused(small_world):
    city = _city(small_world.city)
    with pytest.raises(ValueError, match="summary"):
        records.apply(
            collections.CITIES,
            City,
            city.id,
            city.revision,
            {"$set": {"summary.experiments_total": 999}},
            small_world["admin"],
            network_id=city.network_id,
            fields=["summary"],
        )
    assert _city(small_world.city).summary.experiments_total != 999
