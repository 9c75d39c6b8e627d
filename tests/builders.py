"""Small worlds for tests that need a few documents, not the demo network: a network, a city,
an account of a role. Each is made through the services, as the app makes it (so it stays
valid when the models or the rules change), in the process's store (the `db` fixture's)."""

from __future__ import annotations

from models.city import City, CityInput
from models.network import Network
from models.user import User, UserCreate
from services.accounts import accounts
from services.core import collections, store
from services.network import networks

PASSWORD = "a long builder passphrase"


def network(name: str = "Test network") -> Network:
    """A stored network with the default method (stages, categories, plan template)."""
    return networks.create(networks.new_network(name))


def user(role: str, city_ids: list[str] | None = None, language: str = "en") -> User:
    """A stored, active account of `role` (of `city_ids` for the city-scoped roles) in the
    store's only network, with PASSWORD and nothing left to change."""
    number = store.get().count(collections.USERS) + 1
    data = UserCreate(
        username=f"{role.replace('_', '.')}.{number}",
        display_name=f"{role.replace('_', ' ').title()} {number}",
        role=role,
        language=language,
        city_ids=city_ids or [],
    )
    return accounts.create_user(None, data, PASSWORD, must_change=False)


def city(actor: User, name: str = "Praia", country: str = "Cabo Verde") -> City:
    """A stored city of the actor's network (`actor` may create cities), at the first stage."""
    return networks.create_city(actor, CityInput(name=name, country=country))
