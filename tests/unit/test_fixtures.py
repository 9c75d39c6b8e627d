"""The shared fixtures keep tests apart: `world` is a copy of the demo that a test may change
freely; `readonly_world` is the demo itself, and a test that writes to it fails."""

from __future__ import annotations

import contextlib

import pytest

from models.city import CityFields
from services.core import collections, store
from services.network import networks
from tests.conftest import (
    DemoSnapshot,
    DemoWritten,
    ReadOnlyStore,
    reading_the_demo,
    unchanged_store,
)


def _stored(memory: store.Store, coll: str) -> dict:
    """mongomock's own documents of `coll` (what `DemoSnapshot.copy_into` copies)."""
    return memory._client._store[memory._db.name][coll]._documents


def test_a_world_is_a_copy_that_shares_nothing_with_the_demo(world, demo_snapshot):
    demo = demo_snapshot.memory
    assert store.get().find(collections.CITIES, {}) == demo.find(collections.CITIES, {})
    # A list inside a stored document of the copy, changed in place: the demo's stays.
    copied = _stored(store.get(), collections.CITIES)[world.city]
    original = _stored(demo, collections.CITIES)[world.city]
    copied["stage_history"].append({"changed": True})
    assert copied["stage_history"] != original["stage_history"]


def test_a_world_takes_writes_and_the_demo_does_not_see_them(world, demo_snapshot):
    city = networks.create_city(world["coordinator"], CityFields(name="Praia", country="CV"))
    assert networks.get_city(world["admin"], city.id).name == "Praia"
    assert demo_snapshot.memory.find_one(collections.CITIES, {"_id": city.id}) is None


def test_the_read_only_demo_reads_like_a_copy(readonly_world, demo_snapshot):
    cities = networks.list_cities(readonly_world["admin"])
    assert sorted(c.id for c in cities) == sorted(
        d["_id"] for d in demo_snapshot.memory.find(collections.CITIES, {})
    )


def test_the_read_only_demo_refuses_a_write_before_it_happens(readonly_world, demo_snapshot):
    before = demo_snapshot.memory.count(collections.CITIES)
    with pytest.raises(DemoWritten, match="takes the `world` fixture"):
        networks.create_city(readonly_world["coordinator"], CityFields(name="Praia", country="CV"))
    assert demo_snapshot.memory.count(collections.CITIES) == before
    store.get().refused.clear()  # the refusal was this test's point, not a mistake


def test_a_write_refused_and_swallowed_still_fails(demo_snapshot: DemoSnapshot):
    with pytest.raises(AssertionError, match="writes to the read-only demo"):  # noqa: SIM117
        with reading_the_demo(demo_snapshot) as world:
            # As code under test would that hides errors.
            with contextlib.suppress(DemoWritten):
                networks.create_city(world["coordinator"], CityFields(name="Praia", country="CV"))


def test_the_read_only_demo_refuses_every_write_method_of_the_store():
    reads = {"find", "find_one", "count", "aggregate", "distinct", "collection_names", "ping"}
    opening = {"memory", "embedded", "server", "from_settings", "close"}
    setup = {"ensure_indexes", "recover"}  # at every `store.use`: nothing to do on the demo
    public = {name for name in vars(store.Store) if not name.startswith("_")}
    writes = {name for name in ReadOnlyStore.WRITES if not name.startswith("_")}
    assert public - reads - opening - setup == writes, "a new Store method: a read or a write?"


def test_unchanged_store_fails_a_block_that_wrote_and_names_what_changed(small_world):
    with unchanged_store():
        networks.list_cities(small_world["admin"])  # a read: nothing changes
    mindelo = CityFields(name="Mindelo", country="CV")
    with pytest.raises(AssertionError, match="the store changed: activity, cities"):  # noqa: SIM117
        with unchanged_store():
            networks.create_city(small_world["coordinator"], mindelo)


def test_the_shared_script_cache_compiles_a_changed_file_again(tmp_path):
    """Every AppTest of the run shares one script cache (tests/conftest.py): a script is
    compiled once, and again once its file has changed."""
    from streamlit.testing.v1 import app_test

    cache = app_test.ScriptCache()
    assert cache is app_test.ScriptCache()  # one for every AppTest
    script = tmp_path / "page.py"
    script.write_text("x = 1\n")
    first = cache.get_bytecode(str(script))
    assert cache.get_bytecode(str(script)) is first  # compiled once
    script.write_text("x = 22\n")
    again = cache.get_bytecode(str(script))
    assert again is not first and 22 in again.co_consts
