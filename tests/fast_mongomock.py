"""mongomock, made faster for the tests without changing what it answers.

The tests' store is mongomock in memory. Three of its paths took about a quarter of the unit
tier's time, on work that gives the same answer done more cheaply:

- `_copy_field` copies every field of every document it returns with `copy.copy`, even
  strings, numbers and datetimes, which are immutable: they are returned as they are here.
- `make_datetime_timezone_aware_in_document` (a client made with `tz_aware=True`) rebuilds
  every returned document to attach UTC to its datetimes: the same, with the types checked
  once per value instead of by a chain of `isinstance`.
- `_iter_documents` tests the whole filter against every document of the collection. When
  the filter names a string `_id`, the one document stored under that key is the only one
  that can match (mongomock keys its documents by `_id`); when it names a string that a
  top-level field must equal (`{"city_id": "city-0001", ...}`), only the documents whose
  field is that string, or a list, can. The filter is tested on those alone.

`install()` replaces them, once; tests/unit/test_fast_mongomock.py checks each against
mongomock's own on the same inputs. Only the tests use this: the app's memory store keeps
mongomock as is.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from bson import ObjectId
from mongomock import collection as mongomock_collection
from mongomock import filtering
from mongomock import helpers as mongomock_helpers

# Types whose values cannot change: a copy of one is the value itself.
IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes, dt.datetime, dt.date, ObjectId})
_NOT_DATES = IMMUTABLE - {dt.datetime}

ORIGINAL: dict[str, Callable[..., Any]] = {
    "copy_field": mongomock_collection._copy_field,
    "aware": mongomock_helpers.make_datetime_timezone_aware_in_document,
    "iter_documents": mongomock_collection.Collection._iter_documents,
}


def copy_field(obj: Any, container: Callable[[], dict]) -> Any:
    """mongomock's `_copy_field`: a copy of `obj` sharing nothing mutable with it."""
    kind = type(obj)
    if kind in IMMUTABLE:
        return obj
    if isinstance(obj, list):
        return [v if type(v) in IMMUTABLE else copy_field(v, container) for v in obj]
    if isinstance(obj, dict):
        new = container()
        for key, value in obj.items():
            new[key] = value if type(value) in IMMUTABLE else copy_field(value, container)
        return new
    return copy.copy(obj)


def aware(value: Any) -> Any:
    """mongomock's `make_datetime_timezone_aware_in_document`: every datetime in UTC."""
    kind = type(value)
    if kind is dt.datetime:
        return value.replace(tzinfo=mongomock_helpers.utc)
    if kind in _NOT_DATES:
        return value
    if isinstance(value, dict):
        return {k: v if type(v) in _NOT_DATES else aware(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [v if type(v) in _NOT_DATES else aware(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=mongomock_helpers.utc)
    return value


def iter_documents(self: mongomock_collection.Collection, filter: Any) -> Iterator[dict]:
    """mongomock's `Collection._iter_documents`: the stored documents the filter matches."""
    if not isinstance(filter, dict):
        return ORIGINAL["iter_documents"](self, filter)
    key = filter.get("_id")
    if type(key) is str:
        try:
            document = self._store[key]
        except KeyError:
            document = None
        return _matching(self, filter, [] if document is None else [document])
    # A string a top-level field must equal: only a document whose field is that string, or
    # a list (which may hold it), can match; the filter decides between those.
    equal = [(k, v) for k, v in filter.items() if type(v) is str and k[:1] != "$" and "." not in k]
    if not equal:
        return ORIGINAL["iter_documents"](self, filter)
    return _matching(
        self,
        filter,
        [
            doc
            for doc in list(self._store.documents)
            if all((found := doc.get(k)) == v or type(found) is list for k, v in equal)
        ],
    )


def _matching(
    self: mongomock_collection.Collection, filter: dict, candidates: list[dict]
) -> Iterator[dict]:
    # mongomock's scan tests the filter on the first document first (on {} in an empty
    # collection): a filter it finds malformed there fails here the same way. One it finds
    # malformed only on a later document, one that cannot match, is not caught here (MongoDB
    # refuses a malformed filter before reading any document, and the app sends none).
    first = next(iter(self._store.documents), {})
    filtering.filter_applies(filter, first)
    return iter([doc for doc in candidates if filtering.filter_applies(filter, doc)])


def install() -> None:
    """Use the faster paths in this process (idempotent)."""
    mongomock_collection._copy_field = copy_field
    mongomock_helpers.make_datetime_timezone_aware_in_document = aware
    mongomock_collection.Collection._iter_documents = iter_documents
