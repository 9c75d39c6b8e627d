"""Fixtures shared by every tier: an in-memory store, the demo world, the role-matrix check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from models.user import ROLES, User, UserCreate
from services.accounts import accounts
from services.core import permissions, store
from services.core.errors import PermissionDenied
from services.demo import seed as demo

ADMIN_PASSWORD = "a long test passphrase"


@pytest.fixture
def db() -> Iterator[store.Store]:
    """A fresh in-memory store, made the process's store for the test."""
    memory = store.Store.memory()
    previous = store.use(memory)
    yield memory
    store.use(previous)


@dataclass
class World:
    """The demo network with one user per role. `city` is the own city of the city-scoped
    roles (city lead, local action group member); `other_city` belongs to none of them."""

    users: dict[str, User]
    city: str
    other_city: str
    password: str

    def __getitem__(self, role: str) -> User:
        return self.users[role]


@pytest.fixture
def world(db: store.Store) -> World:
    result = demo.seed(password="demo passphrase 2026")
    admin = accounts.create_user(
        None,
        UserCreate(username="admin.test", display_name="Ada Admin", role="admin"),
        ADMIN_PASSWORD,
        must_change=False,
    )
    get = accounts.get_user
    users = {
        "admin": admin,
        "coordinator": get("demo-coordinator"),
        "city_lead": get("demo-lead-0001"),
        "lag_member": get("demo-lag-0001"),
        "viewer": get("demo-viewer"),
    }
    assert set(users) == set(ROLES)
    return World(users, "city-0001", "city-0002", result.password)


def check_matrix(world: World, action: str, attempt: Callable[[User, str], object]) -> None:
    """Run `attempt(user, city_id)` for every role, on an own and a foreign city, and assert it
    is allowed or refused (PermissionDenied) exactly as permissions.MATRIX says for `action`.

    `attempt` must build whatever fresh state it needs, so each call stands on its own.
    """
    assert action in permissions.MATRIX, f"{action} is not in the role table"
    for role in ROLES:
        user = world[role]
        for city_id in (world.city, world.other_city):
            expected = permissions.allowed(user, action, city_id)
            try:
                attempt(user, city_id)
            except PermissionDenied:
                assert not expected, f"{role} was refused {action} on {city_id}"
            else:
                assert expected, f"{role} was allowed {action} on {city_id}"
