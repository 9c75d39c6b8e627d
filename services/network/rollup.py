"""The network's rollup: its cities' stage facts summed, one document per network, so that the
dashboard's stage panels and filter choices read one document however many cities there are.

Each city adds its `share` (a few counts, by path) to the cell of its cluster, country and current
stage: a filter on any of the three is a choice of cells, and a view sums the cells chosen.

    n.<cell>                       1: the city
    first.<cell>.<YYYY-MM>         1: the month of its first stage entry
    delta.<cell>.<stage>.<YYYY-MM> +1 the month it entered a stage, -1 the month it left it
    entered.<cell>.<YYYY-MM-DD>    1: the day it entered its current stage (days in stage)
    moved.<cell>.<YYYY-MM>         1: the month of its latest change of stage, when it moved up
    back.<cell>.<YYYY-MM>          1: the month of its latest change of stage, when it went back
    rank.<cell>.<bucket>           1: `rank` (stage, then share of the gate met, in buckets)

A change of stage is an entry whose stage comes later (up) or earlier (back) in the network's
stages than the entry before it; completing the last stage or reopening it changes no stage.
Stage entries dated after today are not counted in `first`, `delta`, `moved` and `back` until
their day (the city's summary is valid until the day before: services/dashboard/summary.py). The
summary writer (the only writer) stores each city's share in its summary and adds the
difference between the new and the stored share with one `$inc` (`apply`); seeding, an import
and a change of the network's stages rebuild the whole document from every city (`rebuild`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from services.core import collections, store

ROLLUPS = collections.ROLLUPS
VERSION = 4  # a rollup built by another layout is rebuilt (see `current`)
BUCKETS = 20  # rank buckets per stage: the gate met in steps of 5 %
PARTS = ("n", "first", "delta", "entered", "moved", "back", "rank")
# The dashboard sections' sums (services/network/tallies.py), each in a document of its own
# (`<network id>/<part>`), so that a view reads its own counts and no other's.
SECTION_PARTS = ("exp", "eng", "plan")


def cell(cluster: str, country: str, stage: str) -> str:
    """A field name for a cluster, country and stage (any text: hashed)."""
    text = "\x1f".join((cluster or "", country or "", stage or ""))
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def month(day: dt.date) -> str:
    """'2026-07' for a day of July 2026."""
    return f"{day.year}-{day.month:02d}"


def month_index(day: dt.date) -> int:
    """The day's month as a number of months since year 0 (to count months across years)."""
    return day.year * 12 + day.month - 1


def month_of(index: int) -> str:
    """The key ('2026-07') of the month `month_index` numbers `index`."""
    return f"{index // 12}-{index % 12 + 1:02d}"


def rank(stage_index: int, progress: float) -> int:
    """Orders cities by stage, then share of the gate met (least advanced lowest); cities with
    the same stage and share share a bucket."""
    return stage_index * BUCKETS + min(max(int(progress * BUCKETS), 0), BUCKETS - 1)


def bucket(value: int) -> str:
    """A rank as a field name."""
    return f"b{value}"


def share(
    *,
    cluster: str,
    country: str,
    stage: str,
    history: Iterable[tuple[str, dt.datetime]],
    stage_index: int,
    progress: float,
    today: dt.date,
    stages: Iterable[str] = (),
) -> dict[str, int]:
    """One city's counts, by path (`history`: its stage entries (stage, entered at); `stages`:
    the network's stage keys in order, which tell a move up from a move back)."""
    k = cell(cluster, country, stage)
    # Oldest first, by the time of day too (two moves on one day: the later one holds).
    entries = [(s, at.date()) for s, at in sorted(history, key=lambda pair: pair[1])]
    found: dict[str, int] = {f"n.{k}": 1, f"rank.{k}.{bucket(rank(stage_index, progress))}": 1}

    def add(path: str, value: int) -> None:
        found[path] = found.get(path, 0) + value

    reached = [(s, day) for s, day in entries if day <= today]
    if reached:
        add(f"first.{k}.{month(reached[0][1])}", 1)
    for i, (s, day) in enumerate(reached):
        since = month_index(day)
        until = month_index(reached[i + 1][1]) if i + 1 < len(reached) else None
        if until is None or since < until:
            add(f"delta.{k}.{s}.{month_of(since)}", 1)
            if until is not None:
                add(f"delta.{k}.{s}.{month_of(until)}", -1)
    current = [day for s, day in entries if s == stage]
    if current:
        add(f"entered.{k}.{max(current).isoformat()}", 1)
    order = {key: i for i, key in enumerate(stages)}
    steps = [
        (order[s] > order[before], day)
        for (before, _), (s, day) in zip(reached, reached[1:], strict=False)
        if s in order and before in order and order[s] != order[before]
    ]
    if steps:
        up, day = steps[-1]
        add(f"{'moved' if up else 'back'}.{k}.{month(day)}", 1)
    return {path: n for path, n in found.items() if n}


def next_change(history: Iterable[tuple[str, dt.datetime]], today: dt.date) -> dt.date | None:
    """The last day the share computed on `today` holds (the day before a stage entry dated
    later; None: until a write)."""
    later = [at.date() for _, at in history if at.date() > today]
    return min(later) - dt.timedelta(days=1) if later else None


def pairs(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """A share as stored on the city: (path, count) pairs in path order."""
    return sorted(counts.items())


def label(cluster: str, country: str, stage: str) -> dict[str, dict[str, str]]:
    """What a cell stands for, by path (set with each share)."""
    names = {"cluster": cluster, "country": country, "stage": stage}
    return {f"cells.{cell(cluster, country, stage)}": names}


def doc_id(network_id: str, part: str) -> str:
    """The `_id` of the document that holds `part` (a stage part: the network's own)."""
    return f"{network_id}/{part}" if part in SECTION_PARTS else network_id


def apply(
    network_id: str,
    before: Iterable[Iterable[Any]] | None,
    after: Iterable[Iterable[Any]],
    labels: Mapping[str, Any],
    db: store.Store | None = None,
) -> None:
    """Add the difference between a city's new share and the one added before (pairs), one
    update per document that changes; a rollup not built yet (or built by another layout) is
    left to `rebuild`."""
    change: dict[str, int] = {}
    for path, n in before or ():
        change[path] = change.get(path, 0) - n
    for path, n in after:
        change[path] = change.get(path, 0) + n
    by_doc: dict[str, dict[str, int]] = {}
    for path, n in change.items():
        if n:
            by_doc.setdefault(doc_id(network_id, path.split(".", 1)[0]), {})[path] = n
    for target, inc in sorted(by_doc.items()):
        (db or store.get()).update_one(
            ROLLUPS, {"_id": target, "version": VERSION}, {"$inc": inc, "$set": dict(labels)}
        )


def document(network_id: str, shares: Iterable[tuple[Mapping[str, Any], Mapping[str, int]]]):
    """The rollup of `shares` ((labels, share) per city) as stored, zeros left out."""
    doc: dict[str, Any] = {"_id": network_id, "network_id": network_id, "version": VERSION}
    doc.update({part: {} for part in ("cells", *PARTS, *SECTION_PARTS)})
    for labels, counts in shares:
        for path, value in labels.items():
            _put(doc, path, value)
        for path, n in counts.items():
            node = doc
            *head, last = path.split(".")
            for name in head:
                node = node.setdefault(name, {})
            node[last] = node.get(last, 0) + n
    return doc


def _put(doc: dict, path: str, value: Any) -> None:
    *head, last = path.split(".")
    for name in head:
        doc = doc.setdefault(name, {})
    doc[last] = value


def rebuild(network_id: str, shares, db: store.Store | None = None) -> None:
    """Replace the network's rollup by the sum of its cities' shares ((labels, share) each):
    its stage parts in the network's document, each section's part in its own."""
    doc = document(network_id, shares)
    head = {"network_id": network_id, "version": VERSION, "cells": doc["cells"]}
    db = db or store.get()
    for part in SECTION_PARTS:  # the sections first: the network's document says "built"
        values = {**head, part: doc.pop(part)}
        db.update_one(ROLLUPS, {"_id": doc_id(network_id, part)}, {"$set": values}, upsert=True)
    values = {name: value for name, value in doc.items() if name != "_id"}
    db.update_one(ROLLUPS, {"_id": network_id}, {"$set": values}, upsert=True)


def stored(network_id: str, db: store.Store | None = None) -> dict[str, Any] | None:
    """The network's rollup as stored, its stage parts and every section's (None when it is
    missing or of another layout)."""
    db = db or store.get()
    found = db.find_one(ROLLUPS, {"_id": network_id})
    if not found or found.get("version") != VERSION:
        return None
    for part in SECTION_PARTS:
        found[part] = (stored_part(network_id, part, db) or {}).get(part) or {}
    return found


def stored_part(network_id: str, part: str | None, db: store.Store | None = None):
    """One document of the network's rollup as stored: its stage parts (`part` None) or a
    section's (None when it is missing or of another layout)."""
    target = network_id if part is None else doc_id(network_id, part)
    found = (db or store.get()).find_one(ROLLUPS, {"_id": target})
    return found if found and found.get("version") == VERSION else None
