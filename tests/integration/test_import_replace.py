"""`import --replace` ends with the old data or the new data, whole: never a mix, never nothing,
whatever fails (an insert half-way, a rename during the swap) or wherever the process dies."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from services.core import store
from services.demo import seed as demo
from services.transfer import archive as transfer


class Killed(BaseException):
    """The process dying (kill -9): no `except Exception` runs, nothing is cleaned up."""


def data(db: store.Store) -> dict[str, list[dict]]:
    return {coll: docs for coll, docs in transfer.snapshot(db).items() if docs}


def new_export(world_db: store.Store) -> str:
    """An export that differs from the store in every collection that holds documents."""
    payload = json.loads(transfer.export(world_db)[0])
    collections = payload["collections"]
    for city in collections["cities"]:
        city["name"] += " (new)"
    collections["users"] = [u for u in collections["users"] if u["_id"] != "demo-viewer"]
    for docs in collections.values():
        for doc in docs:
            if "revision" in doc:
                doc["revision"] += 7
    collections["activity"] = collections["activity"][:-3]
    return json.dumps(payload)


@pytest.fixture
def scene(world, db):
    """(the store, its data before, the export text, the data after a clean import)."""
    old = data(db)
    text = new_export(db)
    with store.using(store.Store.memory()) as fresh:
        transfer.import_text(fresh, text)
        new = data(fresh)
    assert new != old
    return db, old, text, new


def restore(db: store.Store, old: dict[str, list[dict]]) -> None:
    db.drop_all()
    for coll, docs in old.items():
        db.insert_many(coll, docs)


def calls_made(db: store.Store, text: str, method: str, monkeypatch) -> int:
    count = {"n": 0}
    real = getattr(db, method)

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(db, method, counting)
    transfer.import_text(db, text, replace=True)
    monkeypatch.undo()
    return count["n"]


def positions(total: int) -> list[int]:
    """Where to fail: the first calls, the middle, the last ones (every call costs a replace)."""
    return sorted({p for p in (1, 2, total // 2, total - 1, total) if p >= 1})


def failing(real: Callable, position: int, error: BaseException) -> Callable:
    """`real`, failing with `error` at its `position`-th call (`call.fired` tells if it did)."""
    count = {"n": 0}

    def call(*args, **kwargs):
        count["n"] += 1
        if count["n"] == position:
            call.fired = True
            if real.__name__ == "insert_many":  # half the batch lands, then the failure
                coll, docs = args[0], list(args[1])
                real(coll, docs[: len(docs) // 2])
            raise error
        return real(*args, **kwargs)

    call.fired = False
    return call


@pytest.mark.parametrize("method", ["insert_many", "rename_collection", "drop_collection"])
def test_a_failure_anywhere_leaves_the_old_data_whole(scene, method, monkeypatch):
    db, old, text, new = scene
    total = calls_made(db, text, method, monkeypatch)
    assert total >= 3, method
    for position in positions(total):
        restore(db, old)
        monkeypatch.setattr(db, method, failing(getattr(db, method), position, OSError("disk")))
        try:
            transfer.import_text(db, text, replace=True)
        except transfer.ImportFailed as exc:
            assert "previous data, unchanged" in str(exc)
            after = data(db)
            assert after == old, f"{method} failing at call {position} left a mix"
        else:  # the failure hit the clean-up after the commit point: the new data stands
            assert data(db) == new, f"{method} failing at call {position}"
        finally:
            monkeypatch.undo()
        assert db.recover() is None or data(db) in (old, new)


@pytest.mark.parametrize("method", ["insert_many", "rename_collection", "drop_collection"])
def test_a_kill_anywhere_leaves_the_old_or_the_new_data_whole(scene, method, monkeypatch):
    db, old, text, new = scene
    total = calls_made(db, text, method, monkeypatch)
    outcomes = set()
    for position in positions(total):
        restore(db, old)
        wrapper = failing(getattr(db, method), position, Killed())
        monkeypatch.setattr(db, method, wrapper)
        try:
            transfer.import_text(db, text, replace=True)
        except Killed:
            assert wrapper.fired
        monkeypatch.undo()
        db.recover()  # what the next opening of the store does
        after = data(db)
        assert after in (old, new), f"killed at {method} call {position}: a mix"
        outcomes.add("old" if after == old else "new")
        assert not [n for n in db._all_names() if n.startswith("_import")]
    assert "old" in outcomes


def test_an_interrupted_swap_is_undone_when_the_store_is_next_opened(scene, monkeypatch):
    db, old, text, new = scene
    # Killed at the third rename: some collections moved aside, some swapped in.
    monkeypatch.setattr(db, "rename_collection", failing(db.rename_collection, 3, Killed()))
    with pytest.raises(Killed):
        transfer.import_text(db, text, replace=True)
    monkeypatch.undo()
    assert data(db) not in (old, new)  # the mix a crash leaves, before recovery
    previous = store.use(db)  # opening the store recovers
    store.use(previous)
    assert data(db) == old


def test_a_clean_replace_leaves_the_new_data_and_no_internal_collection(scene):
    db, old, text, new = scene
    result = transfer.import_text(db, text, replace=True)
    assert result.replaced
    assert data(db) == new
    assert not [n for n in db._all_names() if n.startswith("_")]


def test_the_embedded_store_keeps_its_data_through_a_failed_and_a_killed_swap(tmp_path):
    """The store the issue was reproduced on (litemongo on disk), including a reopening."""
    embedded = store.Store.embedded(tmp_path / "data")
    try:
        with store.using(embedded):
            demo.seed(2, password="embedded passphrase 2026")
        old = data(embedded)
        text = new_export(embedded)
        real = embedded.rename_collection
        embedded.rename_collection = failing(real, 4, OSError("disk full"))
        with pytest.raises(transfer.ImportFailed, match="previous data, unchanged"):
            transfer.import_text(embedded, text, replace=True)
        assert data(embedded) == old
        embedded.rename_collection = failing(real, 4, Killed())
        with pytest.raises(Killed):
            transfer.import_text(embedded, text, replace=True)
        embedded.rename_collection = real
    finally:
        embedded.close()
    reopened = store.Store.embedded(tmp_path / "data")
    try:
        assert "undone" in reopened.recover()
        assert data(reopened) == old
        transfer.import_text(reopened, text, replace=True)
        assert data(reopened) != old
        assert data(reopened)["cities"][0]["name"].endswith("(new)")
    finally:
        reopened.close()
