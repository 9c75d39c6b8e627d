"""The one load-and-check helper (services/core/access.py): the stored document, the action
checked on *its* city, refusals as NotFound or PermissionDenied as the caller asks."""

from __future__ import annotations

import pytest

from models.city import City
from services.core import access, collections, permissions, store
from services.core.errors import NotFound, PermissionDenied

CITIES = collections.CITIES


def test_the_stored_document_once_allowed(small_world):
    lead = small_world["city_lead"]
    found = access.stored(lead, "plan.edit", CITIES, City, small_world.city)
    assert found.id == small_world.city
    assert (
        found.model_dump()
        == City.from_doc(store.get().find_one(CITIES, {"_id": found.id})).model_dump()
    )


def test_missing_and_other_networks_documents_are_not_found(small_world):
    admin = small_world["admin"]
    with pytest.raises(NotFound):
        access.stored(admin, "city.read", CITIES, City, "no-such-city")
    store.get().update_one(CITIES, {"_id": small_world.city}, {"$set": {"network_id": "elsewhere"}})
    with pytest.raises(NotFound):
        access.stored(admin, "city.read", CITIES, City, small_world.city)


@pytest.mark.parametrize(
    ("refused", "role", "expected"),
    [
        (access.DENIED, "city_lead", PermissionDenied),  # another city
        (access.HIDDEN, "city_lead", NotFound),
        (access.HIDDEN_CITY, "city_lead", NotFound),  # the role may, not on this city
        (access.DENIED, "viewer", PermissionDenied),  # the role never may
        (access.HIDDEN, "viewer", NotFound),
        (access.HIDDEN_CITY, "viewer", PermissionDenied),
    ],
)
def test_a_refusal_says_what_the_caller_asks(small_world, refused, role, expected):
    user = small_world[role]
    assert not permissions.allowed(user, "plan.read", small_world.other_city)
    with pytest.raises(expected):
        access.stored(user, "plan.read", CITIES, City, small_world.other_city, refused=refused)


def test_as_read_carries_the_revision_read(small_world):
    found = access.stored(small_world["admin"], "city.read", CITIES, City, small_world.city)
    read = found.model_copy(update={"revision": found.revision + 3, "name": "Forged"})
    again = access.as_read(found, read)
    assert (again.revision, again.name) == (found.revision + 3, found.name)
