"""The plans section and the cities needing attention, for a reader of every city, read the
network's rollup (parts `plan` and `att`) and a bounded number of cities: they show what the
cities themselves show, what the raw documents say, and stay true as the days pass."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from models.base import utcnow
from models.city import City
from services.core import collections, store
from services.dashboard import attention, catalog, listening, panels, summary, views
from services.network import networks
from services.network import settings as network_settings
from services.reporting import compliance

CHOSEN = [
    {},
    {"cluster": "Open data"},
    {"stage": "experimentation"},
    {"cluster": "Open data", "period": "3m"},
]


def _contexts(world, chosen: dict, lang: str = "en"):
    """(rolled up: no city in memory, the rollup and the cities read by index; from rows: the
    cities the user sees, filtered), as the dashboard builds them for a reader of every city."""
    coordinator = world["coordinator"]
    today = utcnow().date()
    overview = views.load(coordinator, today)
    filters = views.Filters(**chosen)
    reads: list[int] = []

    def flagged(keys):
        found = views.needing_attention(coordinator, filters, keys)
        reads.append(len(found))
        return found

    rolled = panels.Context(
        overview.network,
        [],
        today,
        lang,
        filters,
        totals=views.totals(coordinator, filters, today),
        tallies=lambda part: views.tally(coordinator, filters, part, today),
        flagged=flagged,
        named=lambda ids: views.named(coordinator, filters, ids),
    )
    rows = panels.Context(
        overview.network, views.apply(overview.cities, filters), today, lang, filters
    )
    return rolled, rows, reads


@pytest.mark.parametrize("chosen", CHOSEN)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_plans_panels_from_the_rollup_equal_those_from_the_cities(world, chosen, lang):
    rolled, rows, _ = _contexts(world, chosen, lang)
    assert rolled.count == len(rows.cities)
    built = zip(catalog.build(rolled, "plans"), catalog.build(rows, "plans"), strict=True)
    for a, b in built:
        assert (a.key, a.caption, a.complete) == (b.key, b.caption, b.complete), a.key
        assert a.frame.reset_index(drop=True).equals(b.frame.reset_index(drop=True)), a.key
        assert (a.chart is None) == (b.chart is None), a.key
        if a.chart is not None:
            assert a.chart.to_dict() == b.chart.to_dict(), a.key


@pytest.mark.parametrize("chosen", CHOSEN)
def test_the_attention_list_from_the_rollup_equals_that_from_the_cities(world, chosen):
    rolled, rows, reads = _contexts(world, chosen)
    every = attention.attention_frame(rows)
    assert attention.caption(rolled) == attention.caption(rows)
    assert attention.flagged_count(rolled) == attention.flagged_count(rows) == len(every)
    assert attention.attention_frame(rolled).equals(every)  # the CSV: every city
    for limit in (1, 3, 5):
        first = attention.attention_frame(rolled, limit)
        assert first.equals(every.head(limit)), limit
        assert attention.attention_frame(rows, limit).equals(first)
    # The first cities alone were read (and those ranking alike), not every one flagged.
    ties = Counter(c.summary.attention_key for c in rows.cities if c.summary.attention_key)
    if len(every) > 3:
        assert reads[-2] <= 3 + max(ties.values()) < len(rows.cities) + max(ties.values())


def _raw_cities():
    return [City.from_doc(d) for d in store.get().find(collections.CITIES, {})]


def _actions(plan: dict) -> list[dict]:
    # The actions of the plan's first enabled actions section.
    for key in plan.get("order") or list(plan.get("sections") or {}):
        section = (plan.get("sections") or {}).get(key) or {}
        content = section.get("content") or {}
        if content.get("kind", key) == "actions" and section.get("enabled", True):
            return content.get("actions") or []
    return []


def test_the_plans_panels_equal_the_raw_documents(world):
    """Completeness from the plans' raw actions; compliance from the reporting calendar
    computed afresh (the reports page's frame); follow-ups from the sessions."""
    rolled, _rows, _ = _contexts(world, {})
    view = {v.key: v for v in catalog.build(rolled, "plans")}
    plans = [_actions(p) for p in store.get().find(collections.PLANS, {})]
    actions = [a for found in plans for a in found]
    owned = sum(1 for a in actions if (a.get("owner") or "").strip())
    costed = sum(1 for a in actions if (a.get("cost") or 0) > 0)
    frame = view["completeness"].frame.set_index("part")
    if actions:
        planned = sum(1 for found in plans if found)
        said = f"Actions planned: {len(actions)} (cities: {planned})"
        assert view["completeness"].caption.startswith(said)
        assert frame.loc["Owner", "actions"] == owned
        assert frame.loc["Cost", "actions"] == costed
    fresh = compliance.compliance_frame(rolled.network, _raw_cities(), rolled.today)
    expected = Counter(zip(fresh["cycle"], fresh["state"], strict=True))
    counts = listening.compliance_counts(rolled)
    found = zip(counts["cycle"], counts["state"], counts["count"], strict=True)
    assert {(c, s): n for c, s, n in found} == dict(expected)
    assert list(view["compliance"].frame["count"]) == list(counts["count"])
    sessions = store.get().find(collections.COORDINATION_SESSIONS, {})
    open_ones = [f for s in sessions for f in s.get("followups") or [] if f["status"] == "open"]
    assert len(view["followups"].frame) == len(open_ones)


def test_the_attention_counts_equal_the_list_and_follow_the_thresholds(world):
    rolled, rows, _ = _contexts(world, {})
    every = attention.attention_frame(rows)
    summed = rolled.tally("att").all
    per_reason = Counter(k for keys in every["reason_keys"] for k in keys.split(","))
    assert summed["reason"] == dict(per_reason)
    assert summed["cities"] == len(every)
    # A change of the network's thresholds recomputes every summary and the rollup.
    network = networks.get_network(world["coordinator"].network_id)
    relaxed = {"attention": {"inactive_days": 3000, "stuck_days": 3000}}
    network_settings.update_settings(world["coordinator"], network, relaxed)
    rolled, rows, _ = _contexts(world, {})
    summed = rolled.tally("att").all.get("reason", {})
    assert "inactive" not in summed and "stuck" not in summed
    assert attention.caption(rolled) == attention.caption(rows)


def _days(start: dt.date, months: int) -> list[dt.date]:
    # Today, then the first and the middle of each month after it.
    found = [start]
    for i in range(1, months + 1):
        index = start.year * 12 + start.month - 1 + i
        first = dt.date(index // 12, index % 12 + 1, 1)
        found += [first, first + dt.timedelta(days=14)]
    return found


def test_the_stored_reasons_hold_as_the_days_pass(world):
    """Refreshed only when their day passed (`valid_until`), the stored reasons and counts equal
    those computed afresh on days of fourteen months: a reason starts or stops holding on
    the day it should (inactivity, stuck, the timeline's phases, the months compared, due
    dates)."""
    network_id = world["coordinator"].network_id
    db = store.get()
    today = utcnow().date()
    for day in _days(today, 14):
        summary.refresh_outdated(network_id, day)
        stored = {
            c["_id"]: (c["summary"]["attention"], c["summary"]["attention_key"])
            for c in db.find(collections.CITIES, {"network_id": network_id})
        }
        kept = views.tally_of(
            store.get().find_one(collections.ROLLUPS, {"_id": f"{network_id}/att"}),
            "att",
            views.Filters(),
        )
        summary.refresh_network(network_id, today=day)
        fresh = {
            c["_id"]: (c["summary"]["attention"], c["summary"]["attention_key"])
            for c in db.find(collections.CITIES, {"network_id": network_id})
        }
        assert stored == fresh, day
        rebuilt = store.get().find_one(collections.ROLLUPS, {"_id": f"{network_id}/att"})
        assert kept == views.tally_of(rebuilt, "att", views.Filters()), day
