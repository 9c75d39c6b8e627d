"""The tests' faster mongomock paths (tests/fast_mongomock.py) answer what mongomock's own do."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from decimal import Decimal

import mongomock
import pytest
from bson import Decimal128, ObjectId
from mongomock import collection as mongomock_collection
from mongomock import helpers as mongomock_helpers

from services.core import store
from tests import fast_mongomock
from tests.fast_mongomock import ORIGINAL

NAIVE = dt.datetime(2026, 3, 1, 9, 30, 15, 123000)


class Box:
    """A mutable value of no known type: copied with copy.copy."""

    def __init__(self, items: list) -> None:
        self.items = items

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Box) and other.items == self.items


DOCUMENTS = [
    {},
    {"_id": "a", "n": 1, "x": 1.5, "ok": True, "none": None, "raw": b"\x00\x01"},
    {"_id": ObjectId(), "at": NAIVE, "day": dt.date(2026, 3, 1), "money": Decimal128("1.10")},
    {"nested": {"list": [1, "two", [3, {"four": NAIVE}]], "deep": {"deeper": {"at": NAIVE}}}},
    {"tuple": (1, NAIVE, {"in": NAIVE}), "od": OrderedDict([("b", 1), ("a", [NAIVE])])},
    {"box": Box([1, 2]), "decimal": Decimal("2.5")},
]


@pytest.mark.parametrize("doc", DOCUMENTS)
@pytest.mark.parametrize("container", [dict, OrderedDict])
def test_a_copy_equals_mongomocks_and_shares_nothing_mutable(doc, container):
    ours = fast_mongomock.copy_field(doc, container)
    theirs = ORIGINAL["copy_field"](doc, container)
    assert ours == theirs
    assert type(ours) is type(theirs)
    _assert_nothing_mutable_shared(ours, doc)


def _assert_nothing_mutable_shared(copied, original) -> None:
    if isinstance(original, (dict, list, Box)):
        assert copied is not original, f"{original!r} is shared, not copied"
    if isinstance(original, dict):
        for key, value in original.items():
            _assert_nothing_mutable_shared(copied[key], value)
    elif isinstance(original, list):
        for mine, theirs in zip(copied, original, strict=True):
            _assert_nothing_mutable_shared(mine, theirs)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_datetimes_are_made_aware_as_mongomock_does(doc):
    ours = fast_mongomock.aware(doc)
    theirs = ORIGINAL["aware"](doc)
    assert ours == theirs
    assert _types(ours) == _types(theirs)


def _types(value):
    """The value's shape with every leaf's type and, for datetimes, its time zone."""
    if isinstance(value, dict):
        return (type(value), {k: _types(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return (type(value), [_types(v) for v in value])
    return (type(value), getattr(value, "tzinfo", None))


@pytest.fixture
def both() -> tuple[mongomock.Collection, ...]:
    """The same documents in one collection with our paths, and one with mongomock's."""
    collections = []
    for name in ("ours", "theirs"):
        coll = store.Store.memory(name)._db["things"]
        coll.insert_many(
            [
                {"_id": "a", "city_id": "c1", "n": 1, "at": NAIVE},
                {"_id": "b", "city_id": "c1", "n": 2, "tags": ["x", "y"]},
                {"_id": "c", "city_id": "c2", "n": 3, "meta": {"kind": "x"}},
                {"_id": 7, "city_id": "c2", "n": 4},
                {"_id": ObjectId(), "city_id": "c3", "n": 5},
                {"_id": "d", "city_id": ["c1", "c3"], "n": 6},
                {"_id": "e", "n": 7},
            ]
        )
        collections.append(coll)
    return tuple(collections)


FILTERS = [
    {"_id": "a"},
    {"_id": "zz"},
    {"_id": "b", "n": 2},
    {"_id": "b", "n": 3},
    {"_id": "a", "n": {"$gte": 1}, "city_id": "c1"},
    {"_id": "b", "tags": "y"},
    {"_id": 7},
    {"_id": {"$in": ["a", "c"]}},
    {"city_id": "c1"},
    {"city_id": "c9"},
    {"city_id": "c1", "n": {"$gte": 2}},
    {"city_id": "c2", "_id": 7},
    {"tags": "y"},
    {"tags": "z"},
    {"missing": "x"},
    {"city_id": "c1", "$or": [{"n": 1}, {"n": 3}]},
    {"n": 1},
    {"meta.kind": "x"},
    {"$or": [{"_id": "a"}, {"_id": "c"}]},
]


@pytest.mark.parametrize("filter", FILTERS)
def test_reads_updates_and_deletes_by_id_match_what_a_scan_matches(both, filter, monkeypatch):
    ours, theirs = both
    with monkeypatch.context() as m:
        m.setattr(mongomock_collection.Collection, "_iter_documents", ORIGINAL["iter_documents"])
        m.setattr(mongomock_collection, "_copy_field", ORIGINAL["copy_field"])
        m.setattr(mongomock_helpers, "make_datetime_timezone_aware_in_document", ORIGINAL["aware"])
        expected = [list(theirs.find(filter)), theirs.count_documents(filter)]
        expected.append(theirs.update_many(filter, {"$inc": {"n": 10}}).modified_count)
        expected.append(list(theirs.find({}, sort=[("n", 1)])))
        expected.append(theirs.delete_many(filter).deleted_count)
        expected.append(sorted(map(str, theirs.distinct("_id"))))
    found = [list(ours.find(filter)), ours.count_documents(filter)]
    found.append(ours.update_many(filter, {"$inc": {"n": 10}}).modified_count)
    found.append(list(ours.find({}, sort=[("n", 1)])))
    found.append(ours.delete_many(filter).deleted_count)
    found.append(sorted(map(str, ours.distinct("_id"))))
    assert _without_object_ids(found) == _without_object_ids(expected)


def _without_object_ids(value):
    if isinstance(value, dict):
        return {k: _without_object_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_object_ids(v) for v in value]
    return "oid" if isinstance(value, ObjectId) or _looks_like_oid(value) else value


def _looks_like_oid(value) -> bool:
    return (
        isinstance(value, str) and len(value) == 24 and all(c in "0123456789abcdef" for c in value)
    )


def test_a_document_read_by_id_is_a_copy(both):
    ours, _ = both
    found = ours.find_one({"_id": "b"})
    found["tags"].append("z")
    assert ours.find_one({"_id": "b"})["tags"] == ["x", "y"]
    assert ours.find_one({"_id": "a"})["at"] == NAIVE.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "filter",
    [
        {"n": {"$nope": 1}, "_id": "a"},
        {"n": {"$nope": 1}, "_id": "zz"},
        {"n": {"$nope": 1}, "city_id": "c1"},
        {"n": {"$nope": 1}, "city_id": "c9"},
    ],
)
def test_a_malformed_filter_by_id_fails_as_it_does_in_a_scan(both, filter, monkeypatch):
    ours, theirs = both
    with monkeypatch.context() as m:
        m.setattr(mongomock_collection.Collection, "_iter_documents", ORIGINAL["iter_documents"])
        with pytest.raises(mongomock.OperationFailure) as scanned:
            theirs.find_one(filter)
    with pytest.raises(mongomock.OperationFailure) as looked_up:
        ours.find_one(filter)
    assert str(looked_up.value) == str(scanned.value)


def test_the_tests_run_with_the_faster_paths():
    assert mongomock_collection._copy_field is fast_mongomock.copy_field
    assert mongomock_helpers.make_datetime_timezone_aware_in_document is fast_mongomock.aware
    assert mongomock_collection.Collection._iter_documents is fast_mongomock.iter_documents
