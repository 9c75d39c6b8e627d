"""The store itself: the embedded store under threads and processes, restarts, unique
indexes, the same API on every backend, and clear errors for a bad MongoDB URI."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pathlib
import threading
import time
from collections.abc import Iterator

import pytest

from models.city import City
from services import wiring
from services.core import config, records, store
from services.core.errors import Conflict

CITIES = "cities"
THREADS = 8
PROCESSES = 2
UPDATES = 100
CITY_ID = "city-counter"


def new_city() -> City:
    return City(id=CITY_ID, network_id="net-1", name="Dakar", country="Sénégal", stage="s")


def update_until_applied(worker: str, count: int) -> tuple[int, int]:
    """`count` revision-checked updates, each retried on conflict. Returns (applied, refused)."""
    applied = refused = 0
    for i in range(count):
        current = records.get(CITIES, City, CITY_ID)
        while True:
            try:
                current = records.update(
                    CITIES, current, {"challenge": f"{worker}-{i}"}, None, note=f"{worker}-{i}"
                )
            except Conflict as conflict:
                refused += 1
                current = conflict.current  # read what is stored now, and try again
            else:
                applied += 1
                break
    return applied, refused


def process_worker(data_dir: str, name: str, ready, go, results) -> None:
    """A second process on the same directory (started with 'spawn', like a CLI would be)."""
    wiring.install()  # a process of its own: what follows a write, as every entry point does
    db = store.Store.embedded(pathlib.Path(data_dir))
    store.use(db)
    ready.set()
    go.wait(60)
    try:
        results.put((name, *update_until_applied(name, UPDATES), None))
    except Exception as exc:  # reported to the test, which fails on it
        results.put((name, 0, 0, repr(exc)))
    finally:
        store.use(None)
        db.close()


@pytest.fixture
def embedded(tmp_path) -> Iterator[store.Store]:
    db = store.Store.embedded(tmp_path / "data")
    previous = store.use(db)
    yield db
    store.use(previous)
    db.close()


def test_threads_and_processes_never_lose_an_update(embedded, tmp_path):
    records.insert(CITIES, new_city(), None)
    spawn = multiprocessing.get_context("spawn")
    go = spawn.Event()
    results = spawn.Queue()
    readies, processes = [], []
    for p in range(PROCESSES):
        ready = spawn.Event()
        process = spawn.Process(
            target=process_worker,
            args=(str(tmp_path / "data"), f"process{p}", ready, go, results),
        )
        process.start()
        readies.append(ready)
        processes.append(process)
    for ready in readies:
        assert ready.wait(60), "a worker process did not open the store"

    outcomes: dict[str, tuple[int, int, str | None]] = {}
    barrier = threading.Barrier(THREADS)

    def thread_worker(name: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = (*update_until_applied(name, UPDATES), None)
        except Exception as exc:
            outcomes[name] = (0, 0, repr(exc))

    threads = [threading.Thread(target=thread_worker, args=(f"thread{t}",)) for t in range(THREADS)]
    go.set()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    for _ in processes:
        name, applied, refused, error = results.get(timeout=300)
        outcomes[name] = (applied, refused, error)
    for process in processes:
        process.join(60)
        assert process.exitcode == 0

    total = (THREADS + PROCESSES) * UPDATES
    errors = {name: error for name, (_, _, error) in outcomes.items() if error}
    assert not errors
    assert len(outcomes) == THREADS + PROCESSES
    assert all(applied == UPDATES for applied, _, _ in outcomes.values()), outcomes
    refused = sum(r for _, r, _ in outcomes.values())
    print(f"\n{total} updates applied, {refused} refused as conflicts and retried")

    final = records.get(CITIES, City, CITY_ID)
    assert final.revision == total
    # Every applied update left exactly one activity line: none lost, none doubled.
    notes = [line["note"] for line in embedded.find("activity", {"entity_id": CITY_ID})]
    assert len(notes) == total + 1  # + the creation
    expected = {f"{w}-{i}" for w in outcomes for i in range(UPDATES)}
    assert set(notes) - {""} == expected


def test_data_and_indexes_survive_a_restart(tmp_path):
    data_dir = tmp_path / "data"
    first = store.Store.embedded(data_dir)
    first.ensure_indexes()
    with store.using(first):
        saved = records.insert(CITIES, new_city(), None)
        saved = records.update(CITIES, saved, {"challenge": "Before the restart"}, None)
    first.insert_one("users", {"_id": "u1", "username": "awa"})
    first.close()

    second = store.Store.embedded(data_dir)
    try:
        with store.using(second):
            again = records.get(CITIES, City, CITY_ID)
            assert again == saved
            assert again.created_at.tzinfo is not None
            assert len(records.history(CITY_ID)) == 2
        # The unique index is still there after the restart (created before it, not again).
        with pytest.raises(store.DuplicateKey):
            second.insert_one("users", {"_id": "u2", "username": "awa"})
        assert second.count("users") == 1
    finally:
        second.close()


@pytest.fixture(params=["memory", "embedded"])
def any_store(request, tmp_path) -> Iterator[store.Store]:
    db = store.Store.memory() if request.param == "memory" else store.Store.embedded(tmp_path)
    db.ensure_indexes()
    yield db
    db.close()


def test_unique_index_is_enforced(any_store):
    any_store.insert_one("users", {"_id": "u1", "username": "awa"})
    with pytest.raises(store.DuplicateKey):
        any_store.insert_one("users", {"_id": "u2", "username": "awa"})
    with pytest.raises(store.DuplicateKey):
        any_store.insert_one("users", {"_id": "u1", "username": "other"})
    assert any_store.find("users") == [{"_id": "u1", "username": "awa"}]


def test_the_same_api_on_every_backend(any_store):
    db = any_store
    assert (
        db.insert_many(
            "items",
            [{"_id": f"i{n}", "n": n, "tag": "odd" if n % 2 else "even"} for n in range(10)],
        )
        == 10
    )
    db.insert_one("items", {"_id": "x", "n": 100, "tag": "big", "list": [1, 2]})
    assert db.count("items") == 11
    assert db.count("items", {"tag": "odd"}) == 5
    assert [d["n"] for d in db.find("items", {"n": {"$lt": 5}}, sort=[("n", -1)])] == [
        4,
        3,
        2,
        1,
        0,
    ]
    page = db.find("items", {}, sort=[("n", 1)], skip=2, limit=3, projection={"n": 1, "_id": 0})
    assert page == [{"n": 2}, {"n": 3}, {"n": 4}]
    assert db.find_one("items", {"_id": "x"})["list"] == [1, 2]
    assert db.find_one("items", {"_id": "nope"}) is None
    assert sorted(db.distinct("items", "tag")) == ["big", "even", "odd"]
    totals = db.aggregate(
        "items",
        [
            {"$match": {"n": {"$lt": 10}}},
            {"$group": {"_id": "$tag", "sum": {"$sum": "$n"}}},
            {"$sort": {"_id": 1}},
        ],
    )
    assert totals == [{"_id": "even", "sum": 20}, {"_id": "odd", "sum": 25}]
    assert db.update_one("items", {"_id": "x"}, {"$set": {"n": 101}, "$push": {"list": 3}}) == 1
    assert db.update_one("items", {"_id": "none"}, {"$set": {"n": 1}}) == 0
    assert db.update_one("items", {"_id": "new"}, {"$set": {"n": 7}}, upsert=True) == 1
    assert db.update_many("items", {"tag": "odd"}, {"$inc": {"n": 1000}}) == 5
    after = db.find_one_and_update("items", {"_id": "x"}, {"$inc": {"n": 1}})
    assert after["n"] == 102 and after["list"] == [1, 2, 3]
    assert db.find_one_and_update("items", {"_id": "none"}, {"$inc": {"n": 1}}) is None
    upserted = db.find_one_and_update("items", {"_id": "up"}, {"$set": {"n": 1}}, upsert=True)
    assert upserted == {"_id": "up", "n": 1}
    assert db.delete_one("items", {"_id": "x"}) == 1
    assert db.delete_many("items", {"tag": "odd"}) == 5
    assert "items" in db.collection_names()
    assert db.ping().startswith(db.kind)
    db.drop_all()
    assert db.count("items") == 0
    # Datetimes come back as the same UTC instant (naive from the embedded store).
    when = dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)
    db.insert_one("items", {"_id": "d", "at": when})
    back = db.find_one("items", {"_id": "d"})["at"]
    assert back.replace(tzinfo=dt.UTC) == when


# --- MongoDB URI: clear errors, fast, never the password ----------------------------------

SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    ("uri", "host"),
    [
        (f"mongodb://user:{SECRET}@", "(no host)"),
        (f"mongodb://user:{SECRET}@db.example.org:notaport/atelier", "db.example.org:notaport"),
        (f"notmongo://user:{SECRET}@db.example.org/atelier", "db.example.org"),
    ],
)
def test_malformed_uri_is_named_without_password(uri, host):
    started = time.monotonic()
    with pytest.raises(store.StoreUnavailable) as caught:
        store.Store.from_settings(config.Settings(uri, "atelier", pathlib.Path("unused")))
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert host in message
    assert SECRET not in message
    assert "malformed" in message


def test_unreachable_host_fails_within_ten_seconds_naming_the_host():
    uri = f"mongodb://user:{SECRET}@127.0.0.1:1/atelier"
    started = time.monotonic()
    with pytest.raises(store.StoreUnavailable) as caught:
        store.Store.from_settings(config.Settings(uri, "atelier", pathlib.Path("unused")))
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert SECRET not in message
    assert caught.value.__cause__ is None  # no driver traceback chained to the message


def test_settings_read_environment_then_secrets(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('MONGODB_URI = "mongomock://"\nMONGODB_DB = "from_secrets"\n')
    monkeypatch.setattr(config, "SECRETS_FILE", secrets)
    monkeypatch.setattr(config._secrets, "__defaults__", (secrets,))
    from_secrets = config.load_settings({})
    assert from_secrets.mongodb_uri == "mongomock://"
    assert from_secrets.mongodb_db == "from_secrets"
    from_env = config.load_settings({"MONGODB_DB": "from_env", "ATELIER_DATA_DIR": "/x"})
    assert from_env.mongodb_db == "from_env"
    assert from_env.data_dir == pathlib.Path("/x")
    assert store.Store.from_settings(from_secrets).kind == "memory"
