"""The engagement view for a reader of every city: built from the engagement part of the
network's rollup (services/network/tally_eng.py) and the cities of the lowest mood bands alone,
it shows what the cities themselves give, and what the stored documents say recomputed here."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import pytest

from models.city import MonthPulse
from models.reporting import CheckinCreate
from services.core import collections, formats, store
from services.dashboard import catalog, city_facts, listening, panels, views
from services.network import networks, tally_eng
from services.reporting import checkins, settings

FILTERS = [
    {},
    {"cluster": "Open data"},
    {"stage": "experimentation"},
    {"period": "3m"},
    {"period": "6m"},
    {"period": "12m", "cluster": "Open data"},
]


def _stored(coordinator, filters: views.Filters, today: dt.date, seen: list | None = None):
    """The context the page builds for a reader of every city (screens/_dashboard/data.py)."""

    def moods(values: list[int]) -> list[views.CityRow]:
        found = views.lowest_mood(coordinator, filters, values)
        if seen is not None:
            seen.extend(found)
        return found

    return panels.Context(
        networks.get_network(coordinator.network_id),
        [],
        today,
        "en",
        filters,
        totals=views.totals(coordinator, filters, today),
        tallies=lambda part: views.tally(coordinator, filters, part, today),
        moods=moods,
    )


def _plain(coordinator, filters: views.Filters, today: dt.date) -> panels.Context:
    overview = views.load(coordinator, today, panels.FIELDS["engagement"])
    cities = views.apply(overview.cities, filters)
    return panels.Context(overview.network, cities, today, "en", filters)


@pytest.mark.parametrize("chosen", FILTERS)
def test_the_engagement_panels_read_from_the_rollup_show_what_the_cities_show(
    world, monkeypatch, chosen
):
    monkeypatch.setattr(panels, "BARS_MAX", 2)
    coordinator = world["coordinator"]
    today = views.utcnow().date()
    filters = views.Filters(**chosen)
    stored, plain = _stored(coordinator, filters, today), _plain(coordinator, filters, today)
    assert stored.count == len(plain.cities)
    built = zip(
        catalog.build(stored, "engagement"), catalog.build(plain, "engagement"), strict=True
    )
    for a, b in built:
        assert (a.key, a.caption, a.note) == (b.key, b.caption, b.note), a.key
        assert (a.chart is None) == (b.chart is None), a.key
        if a.chart is not None:
            assert a.chart.to_dict() == b.chart.to_dict(), a.key
        if not a.complete:  # the rows drawn, of every row the cities give
            assert a.key == "mood_by_city" and a.rows == len(b.frame) > len(a.frame)
            head = b.frame.head(len(a.frame)).reset_index(drop=True)
            assert a.frame.reset_index(drop=True).equals(head)
            assert catalog.full_table(plain, a.key).equals(b.table())
            continue
        assert a.frame.reset_index(drop=True).equals(b.frame.reset_index(drop=True)), a.key


def _raw_checkins(city_ids: set[str], today: dt.date, first: str) -> list[dict]:
    docs = store.get().find(collections.CHECKINS, {"city_id": {"$in": sorted(city_ids)}})
    found = []
    for d in docs:
        month = f"{d['date'].year}-{d['date'].month:02d}"
        if month >= first and d["date"].date() <= today:
            found.append({**d, "month": month})
    return found


def _first(today: dt.date, months: int | None) -> str:
    if not months:
        return ""
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


@pytest.mark.parametrize("chosen", [{}, {"period": "3m"}, {"cluster": "Open data"}])
def test_the_rolled_up_captions_equal_the_documents_counted_afresh(world, monkeypatch, chosen):
    """Counted here from the stored cities, plans and check-ins, sharing none of the panels'
    code: the LAG sizes, the cities asking for help and naming the first blocker over the
    period, and the cities of the lowest mean mood."""
    monkeypatch.setattr(panels, "BARS_MAX", 3)
    coordinator = world["coordinator"]
    today = views.utcnow().date()
    filters = views.Filters(**chosen)
    seen: list[views.CityRow] = []
    ctx = _stored(coordinator, filters, today, seen)
    built = {v.key: v for v in catalog.build(ctx, "engagement")}
    where = {"network_id": coordinator.network_id}
    if filters.cluster:
        where["cluster"] = filters.cluster
    cities = {c["_id"]: c["name"] for c in store.get().find(collections.CITIES, where)}
    # LAG members listed, and their median
    plans = store.get().find(collections.PLANS, {"city_id": {"$in": sorted(cities)}})
    content = {p["city_id"]: p["sections"]["stakeholders"]["content"] for p in plans}
    sizes = [len(content.get(c, {}).get("lag_members") or []) for c in cities]
    listed = [s for s in sizes if s]
    median = formats.number(statistics.median(listed), "en", decimals=1)
    said = f"group: {len(listed)} of {len(sizes)} ({median} members, median)."
    assert said in built["lag"].caption
    # check-ins of the period
    raw = _raw_checkins(set(cities), today, _first(today, views.PERIODS[filters.period]))
    asked = {d["city_id"] for d in raw if d.get("help_needed")}
    requests = sum(1 for d in raw if d.get("help_needed"))
    assert f"{requests} requests for help" in built["help"].caption
    assert f"cities asking: {len(asked)} of {len(cities)}" in built["help"].caption
    times: dict[str, int] = {}
    for d in raw:
        for tag in d.get("blockers") or []:
            times[tag] = times.get(tag, 0) + 1
    top = min(times, key=lambda tag: (-times[tag], tag))
    naming = {d["city_id"] for d in raw if top in (d.get("blockers") or [])}
    label = settings.get_settings(coordinator.network_id).tag_label(top, "en")
    assert built["blockers"].caption == (
        f"Most named blocker: {label}, {times[top]} times (cities: {len(naming)})."
    )
    moods: dict[str, list[int]] = {}
    for d in raw:
        moods.setdefault(d["city_id"], []).append(d["mood"])
    means = sorted((round(sum(m) / len(m), 2), cities[c], len(m)) for c, m in moods.items())
    view = built["mood_by_city"]
    assert [tuple(r) for r in view.frame.itertuples(index=False)] == [
        (name, mood, n) for mood, name, n in means[: panels.BARS_MAX]
    ]
    assert view.caption.startswith(f"{len(means)} of {len(cities)} cities")
    assert view.rows == len(means) and view.complete == (len(means) <= panels.BARS_MAX)
    # The cities read: those of the lowest tenths of mood that hold the first BARS_MAX.
    bands = sorted({int(round(mood * 100)) // 10 for mood, _, _ in means})
    chosen_bands, covered = [], 0
    for band in bands:
        if covered >= panels.BARS_MAX:
            break
        chosen_bands.append(band)
        covered += sum(1 for mood, _, _ in means if int(round(mood * 100)) // 10 == band)
    assert sorted(c.name for c in seen) == sorted(
        name for mood, name, _ in means if int(round(mood * 100)) // 10 in chosen_bands
    )


def test_a_check_in_moves_the_rolled_up_view(world):
    """A check-in written through the service moves the rollup's counts with it: one more
    request for help this month, and the city among those asking."""
    coordinator, lead = world["coordinator"], world["city_lead"]
    today = checkins.today()
    filters = views.Filters(period="3m")

    def this_month() -> tuple[int, int]:
        frame = listening.help_panel(_stored(coordinator, filters, today)).frame
        return int(frame["requests"].iloc[-1]), int(frame["cities"].iloc[-1])

    requests, cities = this_month()
    asked = CheckinCreate(date=today, mood=1, help_needed="A hand with the budget")
    checkins.create_checkin(lead, "city-0001", asked)
    checkins.create_checkin(lead, "city-0001", asked.model_copy(update={"mood": 2}))
    after = this_month()
    assert after[0] == requests + 2
    assert after[1] in (cities, cities + 1)  # the city counts once, whether it asked before


def test_the_median_of_a_histogram_is_the_median_of_its_values():
    rng = random.Random(7)
    for _ in range(200):
        values = [rng.randint(1, 12) for _ in range(rng.randint(1, 15))]
        counts: dict[int, int] = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        assert tally_eng.median(counts) == statistics.median(values)


def test_distinct_cities_since_a_month_count_the_latest_month_markers():
    markers = {"2026-01": 2, "2026-03": 1, "2026-05": 4}
    assert tally_eng.since(markers, "", "2026-12") == 7
    assert tally_eng.since(markers, "2026-02", "2026-12") == 5
    assert tally_eng.since(markers, "2026-02", "2026-04") == 1


def test_the_lowest_bands_cover_the_cities_asked():
    assert tally_eng.lowest([(30, 2), (12, 1), (25, 4)], 3) == [12, 25]
    assert tally_eng.lowest([(30, 2), (12, 1)], 5) == [12, 30]
    assert tally_eng.lowest([], 5) == []


def test_the_moods_of_the_last_months_hold_until_the_month_ends():
    months = {
        "2026-01": MonthPulse(checkins=2, mood_sum=4),
        "2026-03": MonthPulse(checkins=1, mood_sum=5),
    }
    march = city_facts.mood_by_period(months, dt.date(2026, 3, 31))
    assert (march["3m"].mood, march["3m"].checkins, march["3m"].band) == (3.0, 3, 30)
    assert city_facts.mood_change(march, dt.date(2026, 3, 10)) == dt.date(2026, 3, 31)
    april = city_facts.mood_by_period(months, dt.date(2026, 4, 1))
    assert (april["3m"].mood, april["3m"].checkins) == (5.0, 1)  # January left the window
    assert april["all"] == march["all"]
    later = city_facts.mood_by_period(months, dt.date(2027, 6, 1))
    assert set(later) == {"all"} and city_facts.mood_change(later, dt.date(2027, 6, 1)) is None
    assert city_facts.MOOD_PERIODS == views.PERIODS


def test_the_summary_expires_at_the_month_end_with_recent_check_ins(world):
    coordinator = world["coordinator"]
    today = views.utcnow().date()
    cities = views.load(coordinator, today, ("valid_until", "mood_by_period")).cities
    turn = city_facts.mood_change({"3m": None}, today)
    recent = [c for c in cities if set(c.summary.mood_by_period) - {"all"}]
    assert recent
    assert all(c.summary.valid_until is not None for c in recent)
    # stored as a moment (the store keeps datetimes): its day
    assert all(c.summary.valid_until.date() <= turn for c in recent)
