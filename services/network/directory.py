"""The network's directory: each city's name and experiment count, and each test card's city,
title, method and status, in one document per network (`<network id>/directory`, among the
rollups), so that a list of 1,000 cities to pick one from, or of the network's 1,500 test cards
to replicate one of, is one read instead of one per document.

A city's entry (`entry`) is part of its summary (`CitySummary.directory`). The summary writer
(services/dashboard/summary.py, the only writer) sets the entry in the directory when the one
the summary carried differs (`apply`), and the bulk writers (seeding, an import, a change of the
network's gates) rebuild the document from every city's (`rebuild`). A store written before the
directory existed gets it at its first read (`entries`: built from the documents).

Its readers keep the cities the user may see, as the reads of the documents they replace did:
`networks.city_choices` and `replication.other_cities_cards`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import stored
from models.city import DirectoryEntry
from services.core import collections, store

ROLLUPS = collections.ROLLUPS
VERSION = 1  # a directory of another layout is built again at its first read
PART = "directory"
_CARD_FIELDS = {"city_id": 1, "title": 1, "method_key": 1, "status": 1}


def doc_id(network_id: str) -> str:
    return f"{network_id}/{PART}"


def slot(city_id: str) -> str:
    """The field that holds a city's entry (ids may hold a dot: hashed)."""
    return hashlib.sha1(city_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def entry(city_id: str, name: str, cards: Iterable[tuple[str, str, str | None, str]]):
    """A city's entry: its name, and its test cards (id, title, method key, status) by id."""
    found = sorted(cards)
    return DirectoryEntry(city_id=city_id, name=name, experiments=len(found), cards=found)


def card(doc: Mapping[str, Any]) -> tuple[str, str, str | None, str]:
    """A stored experiment as the directory lists it."""
    return (doc["_id"], doc.get("title", ""), doc.get("method_key"), doc.get("status", "design"))


def apply(
    network_id: str,
    before: Mapping[str, Any] | None,
    after: DirectoryEntry,
    db: store.Store | None = None,
) -> None:
    """Set the city's entry in the directory when it differs from the one set `before` (as
    stored on its summary); a directory not built yet is left to its first read."""
    value = stored(after)
    if before != value:
        (db or store.get()).update_one(
            ROLLUPS,
            {"_id": doc_id(network_id), "version": VERSION},
            {"$set": {f"cities.{slot(after.city_id)}": value}},
        )


def rebuild(network_id: str, found: Iterable[DirectoryEntry], db: store.Store | None = None):
    """Replace the network's directory by these entries (every city's)."""
    cities = {slot(e.city_id): stored(e) for e in found}
    values = {"network_id": network_id, "version": VERSION, "cities": cities}
    (db or store.get()).update_one(
        ROLLUPS, {"_id": doc_id(network_id)}, {"$set": values}, upsert=True
    )


def built(network_id: str, db: store.Store) -> list[DirectoryEntry]:
    """Every city's entry computed from the documents (their names and test cards)."""
    where = {"network_id": network_id}
    cards: dict[str, list] = {}
    for doc in db.find(collections.EXPERIMENTS, where, projection=_CARD_FIELDS):
        cards.setdefault(doc.get("city_id"), []).append(card(doc))
    return [
        entry(c["_id"], c.get("name", ""), cards.get(c["_id"], ()))
        for c in db.find(collections.CITIES, where, projection={"name": 1})
    ]


def entries(network_id: str) -> list[DirectoryEntry]:
    """Every city's entry, as the directory holds them (one read; built first when missing)."""
    db = store.get()
    found = db.find_one(ROLLUPS, {"_id": doc_id(network_id)})
    if found and found.get("version") == VERSION:
        return [DirectoryEntry.model_validate(e) for e in (found.get("cities") or {}).values()]
    fresh = built(network_id, db)
    rebuild(network_id, fresh, db)
    return fresh
