"""Fixtures shared by every tier: an in-memory store, the demo world, the role-matrix check."""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

import argon2
import pytest
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from models.user import ROLES, User, UserCreate
from services import wiring
from services.accounts import accounts, passwords
from services.core import permissions, store
from services.core.errors import PermissionDenied
from services.demo import seed as demo
from tests import builders, fast_mongomock

wiring.install()  # what follows every write, as in app.py (services/wiring.py)

fast_mongomock.install()

ADMIN_PASSWORD = "a long test passphrase"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Garbage collection for a test run: the objects alive after collection (the libraries,
    the test modules) are frozen, so a full collection no longer walks them, and young
    collections run a tenth as often. Each test leaves cyclic garbage (a store, charts);
    with Python's defaults the collector took about a fifth of the unit tier's time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run's garbage collected once, then everything left frozen: pytest then collects
    five more times at exit, to report errors raised by finalisers, and each of those walked
    every object still alive (about a second in all). A finaliser's error here is reported
    as it would be there: pytest's hook is still installed."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """argon2's defaults cost ~50 ms a hash by design; tests need correct hashes, not slow ones."""
    real = passwords.HASHER
    passwords.HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    passwords.HASHER = real


@pytest.fixture(autouse=True, scope="session")
def app_tests_share_what_a_server_shares() -> Iterator[None]:
    """What a Streamlit server does once for all its sessions, each new AppTest does again:
    scan the metadata of every installed package for components (4.6 of the 7.7 s of a
    language crawl's 19 page runs), and compile app.py and the page's script, with Streamlit's
    "magic" rewriting of their syntax tree (16 % of the UI tier's CPU). The installed packages
    do not change during a test run: they are scanned once; a script is compiled once, and
    again if its file changes."""
    from streamlit.components.v2 import manifest_scanner
    from streamlit.testing.v1 import app_test, local_script_runner

    scan = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(scan)
    shared = _ScriptsOfTheRun()
    factories = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    yield
    manifest_scanner.scan_component_manifests = scan
    app_test.ScriptCache, local_script_runner.ScriptCache = factories


class _ScriptsOfTheRun(ScriptCache):
    """One script cache for every AppTest of the test run; a script whose file changed (its
    modification time or size) is compiled again."""

    def __init__(self) -> None:
        super().__init__()
        self._stamps: dict[str, tuple[int, int]] = {}

    def get_bytecode(self, script_path: str) -> Any:
        path = os.path.abspath(script_path)
        found = os.stat(path)
        stamp = (found.st_mtime_ns, found.st_size)
        with self._lock:
            if self._stamps.get(path) != stamp:
                self._cache.pop(path, None)
                self._stamps[path] = stamp
        return super().get_bytecode(path)


@pytest.fixture
def db() -> Iterator[store.Store]:
    """A fresh in-memory store, made the process's store for the test."""
    memory = store.Store.memory()
    previous = store.use(memory)
    yield memory
    store.use(previous)


def every_document(db: store.Store) -> dict[str, list[dict]]:
    """Every document of every collection of `db`, by collection."""
    return {name: db.find(name, {}) for name in db.collection_names()}


@dataclass
class World:
    """A network with one user per role. `city` is the own city of the city-scoped roles
    (city lead, local action group member); `other_city` belongs to none of them."""

    users: dict[str, User]
    city: str
    other_city: str
    password: str

    def __getitem__(self, role: str) -> User:
        return self.users[role]


@dataclass
class Snapshot:
    """A world built once per test session in a store of its own, copied into each test's store.

    `user_ids` names one account per role; `world()` reads them from the process's store (a
    copy of the snapshot, or, for the demo, the read-only demo itself).
    """

    memory: store.Store
    user_ids: dict[str, str]
    city: str
    other_city: str
    password: str
    _pickled: bytes | None = field(default=None, init=False, repr=False)

    @property
    def documents(self) -> dict[str, list[dict]]:
        """Every document of every collection, read afresh."""
        return every_document(self.memory)

    def copy_into(self, db: store.Store) -> None:
        """Give `db` (an empty in-memory store) a copy of every collection of the snapshot.

        Unpickling mongomock's collection stores (documents and index data), pickled once, is
        much faster than inserting the documents again (the demo: about 3 ms against 66 ms a
        test; a deepcopy takes 17 ms). It reads mongomock's internals, so when they are not as
        expected it falls back to plain inserts.
        """
        try:
            target = db._client._store[db._db.name]
            # Our own bytes, made from a store built in this process: safe to unpickle.
            stores = pickle.loads(self._stores())  # noqa: S301
            for name, (documents, indexes, ttl_indexes, force_created) in stores.items():
                copied = target[name]
                copied._documents = documents
                copied.indexes = indexes
                copied._ttl_indexes = ttl_indexes
                copied._is_force_created = force_created
        except AttributeError:
            for name, docs in self.documents.items():
                if docs:
                    db.insert_many(name, copy.deepcopy(docs))

    def _stores(self) -> bytes:
        """mongomock's collection stores of the snapshot, pickled (once)."""
        if self._pickled is None:
            source = self.memory._client._store[self.memory._db.name]
            self._pickled = pickle.dumps(
                {
                    name: (c._documents, c.indexes, c._ttl_indexes, c._is_force_created)
                    for name, c in source._collections.items()
                },
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        return self._pickled

    def world(self) -> World:
        """The snapshot's users, one per role, read from the process's store."""
        users = {role: accounts.get_user(user_id) for role, user_id in self.user_ids.items()}
        assert set(users) == set(ROLES)
        return World(users, self.city, self.other_city, self.password)


@dataclass
class DemoSnapshot(Snapshot):
    """The seeded demo network (plus the test admin), which tests may also read in place."""

    def read_only(self) -> ReadOnlyStore:
        """The seeded demo itself, behind a store that refuses every write."""
        memory = self.memory
        return ReadOnlyStore(memory._client, memory._db.name, memory._runner, "memory", "demo")


class DemoWritten(AssertionError):
    """A test wrote to the shared read-only demo: it must take `world`, its own copy."""


class ReadOnlyStore(store.Store):
    """A store whose reads are the demo's and whose writes fail the test.

    Tests that only read share the seeded demo instead of copying it; a write is refused
    before it happens (so the demo stays as seeded for every later test) and remembered, so
    the fixture fails the test even if the code under test caught the error.
    """

    # Every method of store.Store that changes data (tests/unit/test_fixtures.py checks the
    # list against the Store class, so a new write method cannot slip past).
    WRITES = (
        "insert_one",
        "insert_many",
        "update_one",
        "update_many",
        "find_one_and_update",
        "delete_one",
        "delete_many",
        "drop_collection",
        "rename_collection",
        "replace_all",
        "drop_all",
        "_create_indexes",
    )
    refused: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = []

    def _refuse(self, operation: str, coll: Any = "*", *args: Any, **kwargs: Any) -> NoReturn:
        self.refused.append(f"{operation}({coll!r})")
        raise DemoWritten(
            f"{operation} on {coll!r} in the shared read-only demo: a test that writes takes "
            "the `world` fixture (its own copy of the demo), not `readonly_world`"
        )

    def ensure_indexes(self) -> None:
        """Nothing to do: the demo's indexes were made when it was seeded."""


for _write in ReadOnlyStore.WRITES:
    setattr(ReadOnlyStore, _write, functools.partialmethod(ReadOnlyStore._refuse, _write))


@contextlib.contextmanager
def reading_the_demo(snapshot: DemoSnapshot) -> Iterator[World]:
    """The read-only demo as the process's store for the block; fails if the block wrote."""
    demo_store = snapshot.read_only()
    with store.using(demo_store):
        yield snapshot.world()
    assert not demo_store.refused, f"writes to the read-only demo: {demo_store.refused}"


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
    users = {
        "admin": admin.id,
        "coordinator": "demo-coordinator",
        "city_lead": "demo-lead-0001",
        "lag_member": "demo-lag-0001",
        "viewer": "demo-viewer",
    }
    return DemoSnapshot(memory, users, "city-0001", "city-0002", result.password)


@pytest.fixture
def world(db: store.Store, demo_snapshot: DemoSnapshot) -> World:
    """A fresh copy of the demo network in this test's store (seeded once, copied per test)."""
    demo_snapshot.copy_into(db)
    return demo_snapshot.world()


@pytest.fixture
def readonly_world(demo_snapshot: DemoSnapshot) -> Iterator[World]:
    """The demo network itself, shared (no copy) by the tests that only read it.

    A write fails the test (DemoWritten): a test that writes takes `world`.
    """
    with reading_the_demo(demo_snapshot) as world:
        yield world


@pytest.fixture(scope="session")
def small_snapshot() -> Snapshot:
    """A network of two cities (Praia, Cork) and one account per role, built once per test
    session through the services (tests/builders.py)."""
    with store.using(store.Store.memory("small-snapshot")) as memory:
        builders.network()
        admin = builders.user("admin")
        own = builders.city(admin, "Praia", "Cabo Verde")
        other = builders.city(admin, "Cork", "Ireland")
        users = {
            "admin": admin.id,
            "coordinator": builders.user("coordinator").id,
            "city_lead": builders.user("city_lead", [own.id]).id,
            "lag_member": builders.user("lag_member", [own.id]).id,
            "viewer": builders.user("viewer").id,
        }
    return Snapshot(memory, users, own.id, other.id, builders.PASSWORD)


@pytest.fixture
def small_world(db: store.Store, small_snapshot: Snapshot) -> World:
    """A copy of a network of two cities (Praia, Cork) and one account per role, for tests
    that need a city and its people, not the demo's data. The city-scoped roles belong to
    `city`, none to `other_city`."""
    small_snapshot.copy_into(db)
    return small_snapshot.world()


@contextlib.contextmanager
def unchanged_store() -> Iterator[None]:
    """Fails the test when the block changed any document of the process's store: a refused
    write, or a read, must write nothing (not half a change, not a log line)."""
    db = store.get()
    before = every_document(db)
    yield
    after = every_document(db)
    changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
    assert not changed, f"the store changed: {', '.join(changed)}"


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
