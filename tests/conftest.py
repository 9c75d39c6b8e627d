"""Fixtures shared by every tier: an in-memory store, the demo world, the role-matrix check."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import argon2
import pytest

from models.user import ROLES, User, UserCreate
from services.accounts import accounts
from services.core import permissions, store
from services.core.errors import PermissionDenied
from services.demo import seed as demo

ADMIN_PASSWORD = "a long test passphrase"


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """argon2's defaults cost ~50 ms a hash by design; tests need correct hashes, not slow ones."""
    real = accounts.HASHER
    accounts.HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    accounts.HASHER = real


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


@dataclass
class DemoSnapshot:
    """Every document of the seeded demo (plus the test admin), and the demo's password."""

    documents: dict[str, list[dict]]
    password: str
    admin_id: str
    memory: store.Store

    def copy_into(self, db: store.Store) -> None:
        """Give `db` (an empty in-memory store) a copy of every collection of the demo.

        Copying mongomock's collection stores (documents and index data) is four times
        faster than inserting the documents again (about 17 ms against 66 ms a test, which is
        most of the unit tier's time). It reads mongomock's internals, so when they are not
        as expected it falls back to plain inserts.
        """
        try:
            source = self.memory._client._store[self.memory._db.name]
            target = db._client._store[db._db.name]
            for name, collection in source._collections.items():
                copied = target[name]
                copied._documents = copy.deepcopy(collection._documents)
                copied.indexes = copy.deepcopy(collection.indexes)
                copied._ttl_indexes = copy.deepcopy(collection._ttl_indexes)
                copied._is_force_created = collection._is_force_created
        except AttributeError:
            for name, docs in self.documents.items():
                if docs:
                    db.insert_many(name, copy.deepcopy(docs))


@pytest.fixture(scope="session")
def demo_snapshot() -> DemoSnapshot:
    """The demo network, seeded once per test session into a store of its own."""
    with store.using(store.Store.memory("demo-snapshot")) as memory:
        result = demo.seed(password="demo passphrase 2026")
        admin = accounts.create_user(
            None,
            UserCreate(username="admin.test", display_name="Ada Admin", role="admin"),
            ADMIN_PASSWORD,
            must_change=False,
        )
        documents = {name: memory.find(name, {}) for name in memory.collection_names()}
    return DemoSnapshot(documents, result.password, admin.id, memory)


@pytest.fixture
def world(db: store.Store, demo_snapshot: DemoSnapshot) -> World:
    """A fresh copy of the demo network in this test's store (seeded once, copied per test)."""
    demo_snapshot.copy_into(db)
    get = accounts.get_user
    users = {
        "admin": get(demo_snapshot.admin_id),
        "coordinator": get("demo-coordinator"),
        "city_lead": get("demo-lead-0001"),
        "lag_member": get("demo-lag-0001"),
        "viewer": get("demo-viewer"),
    }
    assert set(users) == set(ROLES)
    return World(users, "city-0001", "city-0002", demo_snapshot.password)


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
