"""Writes that never lose anything: revision checks, conflicts that keep both versions, and
the activity log (on a small world, tests/builders.py: a city and its people, no demo data)."""

from __future__ import annotations

import pytest

from models.city import City
from services.core import records, store
from services.core.errors import Conflict, NotFound

CITIES = "cities"


@pytest.fixture
def city(small_world) -> City:
    return records.get(CITIES, City, small_world.city)


def test_update_bumps_revision_and_stamps_author(small_world, city):
    lead = small_world["city_lead"]
    saved = records.update(CITIES, city, {"challenge": "Open the budget data"}, lead)
    assert saved.revision == city.revision + 1
    assert saved.updated_by == lead.id
    assert saved.challenge == "Open the budget data"
    assert records.get(CITIES, City, city.id) == saved


def test_stale_write_is_refused_and_the_newer_version_is_intact(small_world, city):
    first = records.update(CITIES, city, {"challenge": "Version of Awa"}, small_world["city_lead"])
    with pytest.raises(Conflict) as caught:
        records.update(CITIES, city, {"challenge": "Version of Moussa"}, small_world["coordinator"])
    conflict = caught.value
    # The error carries what is stored now and what was attempted, so nothing is lost.
    assert conflict.current.challenge == "Version of Awa"
    assert conflict.current.revision == first.revision
    assert conflict.attempted == {"challenge": "Version of Moussa"}
    assert conflict.key == "error.conflict"
    stored = records.get(CITIES, City, city.id)
    assert stored == first
    # Retrying on the current version works and keeps the other field of the newer version.
    retried = records.update(CITIES, conflict.current, {"cluster": "Budgets"}, small_world["admin"])
    assert retried.challenge == "Version of Awa"
    assert retried.cluster == "Budgets"
    assert retried.revision == first.revision + 1


def test_a_save_that_changes_nothing_writes_nothing(small_world, city):
    lead = small_world["city_lead"]
    saved = records.update(CITIES, city, {"challenge": "Open the budget data"}, lead)
    lines = store.get().count("activity", {"entity_id": city.id})
    # The same values again (a Save's late repeat), even from the version read before the
    # first save: no write, no conflict, no activity line; the stored document comes back.
    for base in (saved, city):
        again = records.update(CITIES, base, {"challenge": "Open the budget data"}, lead)
        assert again == saved
    assert store.get().count("activity", {"entity_id": city.id}) == lines
    assert records.get(CITIES, City, city.id).revision == saved.revision
    assert records.update(CITIES, city, {}, lead) == saved  # no change at all: nothing written
    # One value that differs is a write (and from a stale version, a conflict).
    with pytest.raises(Conflict):
        records.update(CITIES, city, {"challenge": "Open the budget data", "cluster": "x"}, lead)
    moved = records.update(
        CITIES, saved, {"challenge": "Open the budget data", "cluster": "x"}, lead
    )
    assert moved.revision == saved.revision + 1 and moved.cluster == "x"


def test_invalid_merged_document_is_never_written(small_world, city):
    with pytest.raises(Exception) as caught:
        records.update(CITIES, city, {"name": "$where"}, small_world["admin"])
    assert "name" in str(caught.value)
    assert records.get(CITIES, City, city.id) == city


def test_update_of_a_missing_document_is_not_found(small_world, city):
    store.get().delete_one(CITIES, {"_id": city.id})
    with pytest.raises(NotFound):
        records.update(CITIES, city, {"challenge": "x"}, small_world["admin"])


def test_every_write_appends_an_activity_line(small_world, city):
    admin = small_world["admin"]
    before = len(records.history(city.id))
    saved = records.update(CITIES, city, {"challenge": "New", "cluster": "Data"}, admin)
    lines = records.history(city.id)
    assert len(lines) == before + 1
    line = lines[0]
    assert line["actor"] == admin.id
    assert line["actor_name"] == admin.display_name
    assert line["entity"] == CITIES
    assert line["entity_id"] == city.id
    assert line["action"] == "update"
    assert line["fields"] == ["challenge", "cluster"]
    assert line["network_id"] == city.network_id
    assert line["at"] >= saved.updated_at  # logged right after the write


def test_a_refused_write_logs_nothing(small_world, city):
    records.update(CITIES, city, {"challenge": "First"}, small_world["admin"])
    count = store.get().count(records.ACTIVITY)
    with pytest.raises(Conflict):
        records.update(CITIES, city, {"challenge": "Second"}, small_world["admin"])
    assert store.get().count(records.ACTIVITY) == count


def test_insert_stamps_and_logs(small_world):
    admin = small_world["admin"]
    city = City(network_id=admin.network_id, name="Praia", country="Cabo Verde", stage="x")
    saved = records.insert(CITIES, city, admin)
    assert saved.revision == 0
    assert saved.created_by == admin.id
    assert records.get(CITIES, City, saved.id) == saved
    assert [line["action"] for line in records.history(saved.id)] == ["create"]


def test_delete_checks_the_revision(small_world, city):
    admin = small_world["admin"]
    newer = records.update(CITIES, city, {"challenge": "Changed meanwhile"}, admin)
    with pytest.raises(Conflict) as caught:
        records.delete(CITIES, city, admin)
    assert caught.value.current == newer
    assert records.get(CITIES, City, city.id) == newer
    records.delete(CITIES, newer, admin)
    with pytest.raises(NotFound):
        records.get(CITIES, City, city.id)
    assert records.history(city.id)[0]["action"] == "delete"
    with pytest.raises(NotFound):
        records.delete(CITIES, newer, admin)


def test_apply_checks_the_revision_unless_told_it_is_an_append(small_world, city):
    admin = small_world["admin"]
    newer = records.update(CITIES, city, {"challenge": "Newer"}, admin)

    def push_history(revision):
        entry = {"stage": city.stage, "entered_at": newer.updated_at, "note": "appended"}
        return records.apply(
            CITIES,
            City,
            city.id,
            revision,
            {"$push": {"stage_history": entry}},
            admin,
            network_id=city.network_id,
            fields=["stage_history"],
        )

    with pytest.raises(Conflict):
        push_history(city.revision)  # stale
    appended = push_history(None)  # an append never overwrites: no check needed
    assert appended.challenge == "Newer"
    assert appended.stage_history[-1].note == "appended"
    assert len(appended.stage_history) == len(city.stage_history) + 1
    assert appended.revision == newer.revision + 1


# --- a write whose activity line was lost (a crash between the two) ------------------------------


def test_a_write_carries_the_id_of_its_activity_line(small_world, city):
    admin = small_world["admin"]
    saved = records.update(CITIES, city, {"challenge": "Carried"}, admin)
    stored = store.get().find_one(CITIES, {"_id": city.id})
    assert stored["last_activity"] == saved.last_activity
    assert records.history(city.id)[0]["_id"] == saved.last_activity
    created = records.insert(
        CITIES, City(network_id=admin.network_id, name="Praia", country="CV", stage="x"), admin
    )
    assert records.history(created.id)[0]["_id"] == created.last_activity
    # A document written before the field existed (the demo, older exports) has none.
    assert (
        "last_activity"
        not in City.model_validate(
            {k: v for k, v in stored.items() if k != "last_activity"}
        ).to_doc()
    )


def test_lost_lines_are_found_and_repaired(small_world, city):
    admin = small_world["admin"]
    saved = records.update(CITIES, city, {"challenge": "Logged, then lost"}, admin)
    other = records.update(
        CITIES, records.get(CITIES, City, small_world.other_city), {"cluster": "Kept"}, admin
    )
    assert records.unlogged_writes() == []
    # The crash: the document was written, its line never was.
    assert store.get().delete_one(records.ACTIVITY, {"_id": saved.last_activity}) == 1

    found = records.unlogged_writes()
    assert [(f["collection"], f["document"]["_id"]) for f in found] == [(CITIES, city.id)]
    assert records.repair_unlogged(found) == 1
    assert records.unlogged_writes() == []
    line = store.get().find_one(records.ACTIVITY, {"_id": saved.last_activity})
    assert line["repaired"] is True
    assert line["entity_id"] == city.id and line["city_id"] == city.id
    assert line["actor"] == admin.id and line["action"] == "update"
    assert line["at"].replace(tzinfo=None) == saved.updated_at.replace(tzinfo=None)
    assert store.get().find_one(records.ACTIVITY, {"_id": other.last_activity})["note"] == ""
