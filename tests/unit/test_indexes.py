"""Every read a per-city write makes is served by an index (services/core/store.py INDEXES).

The embedded store scans a collection for a filter no index covers, so a write that reads one
grows with the whole network: at 10,000 cities, one city's summary refresh took 420 ms instead of
40 ms because a city's plan versions were looked up by `city_id` without an index. Here every
filter the writes of one city send to the store (its summary refreshed, a report drafted) is
recorded and checked against the declared indexes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from services.core import store
from services.dashboard import summary
from services.reporting import reports


def _fields(filter: Mapping) -> set[str]:
    # The fields a filter narrows on (top level and inside $and), operators left out.
    found: set[str] = set()
    for name, value in filter.items():
        if name == "$and":
            for part in value:
                found |= _fields(part)
        elif not name.startswith("$"):
            found.add(name)
    return found


def _covered(coll: str, fields: set[str]) -> bool:
    # `_id` is always indexed; otherwise an index whose first key the filter names.
    if "_id" in fields:
        return True
    return any(keys[0][0] in fields for keys, _options in store.INDEXES.get(coll, []))


@pytest.fixture
def reads(world, monkeypatch) -> Iterator[list[tuple[str, dict]]]:
    """The (collection, filter) of every find and find_one of the test's store."""
    db = store.get()
    seen: list[tuple[str, dict]] = []
    for name in ("find", "find_one"):
        real = getattr(db, name)

        def recorded(coll, filter=None, *args, _real=real, **kwargs):
            seen.append((coll, dict(filter or {})))
            return _real(coll, filter, *args, **kwargs)

        monkeypatch.setattr(db, name, recorded)
    yield seen


def _uncovered(seen: list[tuple[str, dict]]) -> list[str]:
    return sorted(
        {
            f"{coll} {sorted(_fields(filter))}"
            for coll, filter in seen
            if _fields(filter) and not _covered(coll, _fields(filter))
        }
    )


def test_a_summary_refresh_reads_through_indexes(world, reads) -> None:
    for city_id in (world.city, world.other_city):
        assert summary.refresh(city_id) is not None
    assert {coll for coll, _ in reads} >= {"cities", "plans", "plan_versions", "checkins"}
    assert _uncovered(reads) == []


def test_a_report_draft_reads_through_indexes(world, reads) -> None:
    lead = world["city_lead"]
    cycle = reports.city_cycles(lead, world.city)[-1]
    report = reports.open_report(lead, world.city, cycle.key)
    reads.clear()
    assert reports.draft_content(report) is not None
    assert reads, "the draft reads the period's data"
    assert _uncovered(reads) == []


def test_the_check_sees_a_missing_index(monkeypatch) -> None:
    # The check itself: the plan versions' city index taken away is reported.
    versions = [i for i in store.INDEXES["plan_versions"] if i[0][0][0] != "city_id"]
    monkeypatch.setitem(store.INDEXES, "plan_versions", versions)
    assert _uncovered([("plan_versions", {"city_id": "c"})]) == ["plan_versions ['city_id']"]
