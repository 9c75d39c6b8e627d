"""The dashboard's listening panels and the "mood falling" / "report overdue" reasons, on the
demo network: numbers in the caption equal the frame's, charts are described, French works."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from models.reporting import CheckinCreate
from services.core import collections, formats, store
from services.dashboard import attention, catalog, listening, panels, views
from services.reporting import checkins, coordination, settings

KEYS = ("mood", "mood_by_city", "blockers", "help", "compliance", "followups")


def _ctx(world, lang="en", today=None):
    overview = views.load(world["coordinator"], today)
    return panels.Context(overview.network, list(overview.cities), overview.today, lang)


def test_the_listening_panels_are_appended_once():
    keys = [p.key for p in catalog.PANELS]
    assert all(keys.count(k) == 1 for k in KEYS)
    assert keys[: len(keys) - len(KEYS)] == [k for k in keys if k not in KEYS]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_panel_has_a_described_chart_and_its_numbers(world, key, lang):
    ctx = _ctx(world, lang)
    panel = next(p for p in catalog.PANELS if p.key == key)
    view = panel.build(ctx)
    assert not view.frame.empty, key
    assert view.chart is not None
    spec = view.chart.to_dict()
    assert spec["description"] == view.caption
    assert view.caption != panels.i18n.t("dashboard.caption.no_data", lang)


def _oldest(today: dt.date, months: int) -> str:
    """The first of the `months` calendar months that end with today's, counted back by hand."""
    year, month = today.year, today.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year}-{month:02d}"


def _raw(ctx, months: int | None = None) -> list[dict]:
    """The shown cities' check-ins as stored, dated today or earlier, of the last `months` months
    (None: all of them, the whole programme), each with its month."""
    ids = [c.id for c in ctx.cities]
    docs = store.get().find(collections.CHECKINS, {"city_id": {"$in": ids}})
    for d in docs:
        d["month"] = f"{d['date'].year}-{d['date'].month:02d}"
    oldest = _oldest(ctx.today, months) if months else ""
    return [d for d in docs if d["month"] >= oldest and d["date"].date() <= ctx.today]


def _said(key: str) -> str:
    return formats.month(key, "en", "LLL y")


def test_mood_is_the_mean_of_each_months_check_ins(world):
    ctx = _ctx(world)
    view = listening.mood_panel(ctx)
    raw = _raw(ctx)
    months = sorted({d["month"] for d in raw})
    moods = {m: [d["mood"] for d in raw if d["month"] == m] for m in months}
    assert list(view.frame["month"]) == [_said(m) for m in months]
    assert list(view.frame["checkins"]) == [len(moods[m]) for m in months]
    assert list(view.frame["mood"]) == [round(sum(moods[m]) / len(moods[m]), 2) for m in months]
    month = formats.month(months[-1], "en")  # "November 2026"
    last = len(moods[months[-1]])  # early in a month, one check-in: English says it so
    assert f"in {month} ({last} check-in{'' if last == 1 else 's'})" in view.caption
    assert view.frame["mood"].between(1, 5).all()


@pytest.mark.parametrize(("period", "months"), [("all", None), ("6m", 6)])
def test_mood_by_city_covers_the_period(world, period, months):
    ctx = dataclasses.replace(_ctx(world), filters=views.Filters(period=period))
    view = listening.mood_by_city_panel(ctx)
    raw = _raw(ctx, months)
    names = {c.id: c.name for c in ctx.cities}
    moods: dict[str, list[int]] = {}
    for d in raw:
        moods.setdefault(names[d["city_id"]], []).append(d["mood"])
    got = {r.city: (r.mood, r.checkins) for r in view.frame.itertuples()}
    assert got == {c: (round(sum(m) / len(m), 2), len(m)) for c, m in moods.items()}
    assert view.caption.startswith(f"{len(moods)} of {len(ctx.cities)} cities")


def test_blockers_count_the_most_named_and_the_cities_naming_it(world):
    ctx = _ctx(world)
    view = listening.blockers_panel(ctx)
    raw = _raw(ctx)
    times: dict[str, int] = {}
    for d in raw:
        for tag in d.get("blockers") or []:
            times[tag] = times.get(tag, 0) + 1
    first = min(times, key=lambda tag: (-times[tag], tag))
    cities = {d["city_id"] for d in raw if first in (d.get("blockers") or [])}
    label = settings.get_settings(ctx.network.id).tag_label(first, "en")
    assert view.caption == (
        f"Most named blocker: {label}, {times[first]} times (cities: {len(cities)})."
    )
    assert view.frame[view.frame["blocker"] == label]["count"].sum() == times[first]
    assert view.frame["blocker"].nunique() == min(listening.TOP_BLOCKERS, len(times))


@pytest.mark.parametrize(("period", "months"), [("all", None), ("12m", 12)])
def test_help_counts_the_requests_of_the_period(world, period, months):
    ctx = dataclasses.replace(_ctx(world), filters=views.Filters(period=period))
    view = listening.help_panel(ctx)
    raw = _raw(ctx, months)
    asked = [d for d in raw if d.get("help_needed")]
    # every month from the period's first (the first check-in's, for the whole programme) to
    # today's, a month without a request at zero
    first = _oldest(ctx.today, months) if months else min(d["month"] for d in raw)
    months = [first]
    while months[-1] < f"{ctx.today:%Y-%m}":
        year, month = (int(part) for part in months[-1].split("-"))
        months.append(f"{year + month // 12}-{month % 12 + 1:02d}")
    assert list(view.frame["month"]) == [_said(m) for m in months]
    assert list(view.frame["requests"]) == [
        sum(1 for d in asked if d["month"] == m) for m in months
    ]
    assert list(view.frame["cities"]) == [
        len({d["city_id"] for d in asked if d["month"] == m}) for m in months
    ]
    cities = len({d["city_id"] for d in asked})
    during = "over the whole programme" if period == "all" else "in the last 12 months"
    said = f"{len(asked)} requests for help {during}; cities asking: {cities} "
    assert view.caption.startswith(said)


def _falling(ctx) -> set[str]:
    """The cities whose mean mood of this month and the last fell by MOOD_DROP or more against
    the four months before (with one check-in and two before, at least)."""
    raw = _raw(ctx, listening.MOOD_RECENT_MONTHS + listening.MOOD_BEFORE_MONTHS)
    cut = _oldest(ctx.today, listening.MOOD_RECENT_MONTHS)
    found = set()
    for city_id in {d["city_id"] for d in raw}:
        now = [d["mood"] for d in raw if d["city_id"] == city_id and d["month"] >= cut]
        then = [d["mood"] for d in raw if d["city_id"] == city_id and d["month"] < cut]
        if now and len(then) >= 2 and sum(then) / len(then) - sum(now) / len(now) >= 0.75:
            found.add(city_id)
    return found


def test_followups_panel_counts_the_open_one_and_closing_it_empties_it(world):
    view = listening.followups_panel(_ctx(world))
    assert len(view.frame) == 1 and view.caption.startswith("1 follow-up open, ")
    session = coordination.get_session(world["coordinator"], "demo-session-2")
    coordination.set_followup_status(world["coordinator"], session, "demo-followup-4", "done")
    assert listening.followups_panel(_ctx(world)).frame.empty


def test_report_overdue_and_mood_falling_are_reasons_for_attention(world):
    ctx = _ctx(world)
    frame = attention.attention_frame(ctx)
    overdue = listening.compliance_rows(ctx)
    missing = set(overdue[overdue["state"] == "missing"]["city_id"])
    assert missing, "the demo has missing reports"
    flagged = {r.city_id for r in frame.itertuples() if "report_overdue" in r.reason_keys}
    assert flagged == missing
    # a city whose check-ins of this month fall sharply from those of three months before
    lead, today = world["city_lead"], checkins.today()
    before = today.replace(day=1) - dt.timedelta(days=70)
    for day, mood in ((before, 5), (before, 5), (before, 5), (today, 1), (today, 1)):
        checkins.create_checkin(lead, "city-0001", CheckinCreate(date=day, mood=mood))
    reasons = listening.attention_reasons(_ctx(world))
    assert "mood_falling" in [r for r, _v in reasons["city-0001"]]
    falling = {cid for cid, found in reasons.items() if "mood_falling" in dict(found)}
    assert falling == _falling(_ctx(world))
    frame = attention.attention_frame(_ctx(world))
    row = frame[frame["city_id"] == "city-0001"].iloc[0]
    assert "mood falling" in row["why"]


def test_compliance_from_the_summaries_equals_the_calendar_computed_afresh(world):
    """The dashboard's compliance rows come from the cycles each summary keeps; they equal the
    reporting calendar computed from the raw experiments, cycles and reports (the reports page's
    frame), before and after a report is submitted and a due date moves."""
    from models.city import City
    from services.core import collections, store
    from services.reporting import compliance, reports

    def fresh() -> pd.DataFrame:
        ctx = _ctx(world)
        cities = [City.from_doc(d) for d in store.get().find(collections.CITIES, {})]
        return compliance.compliance_frame(ctx.network, cities, ctx.today)

    def from_summaries() -> pd.DataFrame:
        return listening.compliance_rows(_ctx(world))

    pd.testing.assert_frame_equal(from_summaries(), fresh())
    lead = world["city_lead"]
    cycle = reports.city_cycles(lead, world.city)[-1]
    opened = reports.open_report(lead, world.city, cycle.key)
    reports.submit_report(lead, opened)
    settings.update_settings(
        world["coordinator"], settings.get_settings("demo-network"), {"report_grace_days": 2}
    )
    after = from_summaries()
    pd.testing.assert_frame_equal(after, fresh())
    mine = after[(after["city_id"] == world.city) & (after["cycle"] == cycle.key)]
    assert list(mine["state"]) in (["submitted"], ["late"])


def test_the_compliance_caption_counts_every_state_adding_up_to_the_reports_due(world):
    """A report sent back is said (it was left out: "51 of 62 submitted; 8 missing, 2 late"
    while 3 were sent back); the states said add up to the reports due, and those not yet due
    are said apart. Counted from the calendar computed afresh from the raw documents."""
    from models.city import City
    from services.reporting import compliance, reports

    lead, coordinator = world["city_lead"], world["coordinator"]
    cycle = reports.city_cycles(lead, world.city)[-1]
    opened = reports.open_report(lead, world.city, cycle.key)
    submitted = reports.submit_report(lead, opened)
    reports.review_report(coordinator, submitted, {"decision": "return", "text": "add numbers"})
    ctx = _ctx(world)
    cities = [City.from_doc(d) for d in store.get().find(collections.CITIES, {})]
    states = list(compliance.compliance_frame(ctx.network, cities, ctx.today)["state"])
    count = {s: states.count(s) for s in compliance.STATES}
    assert count["returned"] >= 1
    done = count["accepted"] + count["submitted"] + count["late"]
    due = len(states) - count["open"]
    assert done + count["returned"] + count["missing"] == due
    view = listening.compliance_panel(ctx)
    expected = (
        f"Of {due} reports due, {done} submitted ({count['accepted']} accepted, "
        f"{count['late']} late), {count['returned']} sent back for changes and "
        f"{count['missing']} missing."
    )
    if count["open"]:
        expected += f" {count['open']} more {'is' if count['open'] == 1 else 'are'} not yet due."
    assert view.caption == expected
    french = listening.compliance_panel(_ctx(world, "fr")).caption
    assert f"renvoyés pour modification : {count['returned']}" in french
