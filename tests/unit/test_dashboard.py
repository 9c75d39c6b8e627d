"""Every number the dashboard shows, against a straightforward recomputation from the raw
documents of the demo network; the charts' data and encodings; filters; the data revision."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter

import pytest

from models.base import utcnow
from models.city import City, CitySummary
from models.experiment import Experiment, Learning, ResultFields
from models.network import Network
from services.core import collections, formats, i18n, store
from services.core.errors import PermissionDenied
from services.dashboard import (
    attention,
    catalog,
    engagement_panels,
    experiment_panels,
    methods,
    panels,
    plan_panels,
    stage_panels,
    views,
)
from services.dashboard import listening as reporting_panels
from services.experiments import experiments, outcomes
from services.network import networks, progress
from services.network import settings as network_settings
from tests.conftest import World, reading_the_demo

FINISHED = ("validated", "invalidated", "inconclusive")


# --- the recomputation: raw documents, read here, counted the plain way --------------------------


def raw(coll: str, **where) -> list[dict]:
    return store.get().find(coll, where)


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def plan_content(city_id: str, kind: str) -> dict:
    plan = store.get().find_one(collections.PLANS, {"city_id": city_id}) or {}
    for section in (plan.get("sections") or {}).values():
        content = section.get("content") or {}
        if content.get("kind") == kind and section.get("enabled", True):
            return content
    return {}


def day_of(value) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value


def recompute(city: dict, today: dt.date) -> dict:
    """One city's dashboard facts from its raw documents."""
    cid = city["_id"]
    tests = [Experiment.from_doc(d) for d in raw(collections.EXPERIMENTS, city_id=cid)]
    cards = [Learning.from_doc(d) for d in raw(collections.LEARNINGS, city_id=cid)]
    beliefs = raw(collections.ASSUMPTIONS, city_id=cid)
    status = {e.id: outcomes.outcome(e, today, cards).status for e in tests}
    category_of = {a["_id"]: a["category"] for a in beliefs}
    by_category: Counter = Counter()
    for e in tests:
        for c in {category_of[i] for i in e.assumption_ids if i in category_of} or {"none"}:
            by_category[(c, status[e.id])] += 1
    risky = {a["_id"] for a in beliefs if a["importance"] >= 4 and a["evidence"] <= 2}
    tested = {i for e in tests if e.status in ("analysing", "done") for i in e.assumption_ids}
    people = plan_content(cid, "stakeholders")
    actions = plan_content(cid, "actions").get("actions") or []
    entered = [
        day_of(h["entered_at"]) for h in city["stage_history"] if h["stage"] == city["stage"]
    ]
    # Last activity: the latest of the city's own dated records up to today (never the log).
    done = [day_of(c["date"]) for c in raw(collections.CHECKINS, city_id=cid)]
    done += [day_of(m["date"]) for m in people.get("meetings") or []]
    for e in raw(collections.EXPERIMENTS, city_id=cid):
        done += [day_of(r[k]) for r in e.get("results") or [] for k in ("date", "recorded_at")]
    done += [day_of(r["submitted_at"]) for r in raw(collections.REPORTS, city_id=cid)]
    plan = store.get().find_one(collections.PLANS, {"city_id": cid}) or {}
    done += [day_of(s["updated_at"]) for s in (plan.get("sections") or {}).values()]
    done += [day_of(v["created_at"]) for v in raw(collections.PLAN_VERSIONS, city_id=cid)]
    for w in raw(collections.WORKSHOPS, city_id=cid):
        done += [day_of(w["created_at"]), day_of(w.get("closed_at"))]
    activity = [d for d in done if d is not None and d <= today]
    return {
        "outcomes": Counter(status.values()),
        "by_category": by_category,
        "by_method": Counter((e.method_key, status[e.id]) for e in tests if e.method_key),
        "decisions": Counter(c.decision for c in cards),
        "riskiest": len(risky),
        "riskiest_tested": len(risky & tested),
        "awaiting": sum(1 for e in tests if e.status in ("design", "running") and e.end < today),
        "lag": len(people.get("lag_members") or []),
        "sectors": Counter(s["sector"] for s in people.get("stakeholders") or []),
        "meetings": Counter(
            quarter(day_of(m["date"]))
            for m in people.get("meetings") or []
            if day_of(m["date"]) <= today
        ),
        "attendees": sum(
            len(m.get("attendees") or [])
            for m in people.get("meetings") or []
            if day_of(m["date"]) <= today
        ),
        "actions": len(actions),
        "owner": sum(1 for a in actions if (a.get("owner") or "").strip()),
        "dates": sum(1 for a in actions if a.get("start") and a.get("end")),
        "cost": sum(1 for a in actions if (a.get("cost") or 0) > 0),
        "funding": sum(1 for a in actions if (a.get("funding_source") or "").strip()),
        "indicator": sum(1 for a in actions if (a.get("indicators") or "").strip()),
        "risk": sum(1 for a in actions if (a.get("risks") or "").strip()),
        "days_in_stage": (today - max(entered)).days if entered else None,
        "last_activity": max(activity, default=None),
        "share": progress.stage_progress(
            Network.from_doc(store.get().find_one(collections.NETWORKS, {})),
            City.from_doc(city),
            bundle=progress.load_evidence(cid),
        ).share,
    }


def _facts(world: World):
    today = utcnow().date()
    overview = views.load(world["coordinator"], today)
    cities = {c["_id"]: c for c in raw(collections.CITIES)}
    return overview, cities, {cid: recompute(doc, today) for cid, doc in cities.items()}


@pytest.fixture(scope="module")
def demo_facts(demo_snapshot):
    """The facts of the demo, computed once for the module (the demo never changes)."""
    with reading_the_demo(demo_snapshot) as world:
        return _facts(world)


@pytest.fixture
def facts(readonly_world: World, demo_facts):
    """The coordinator's overview, the raw cities and their recomputed facts, with the demo
    (read-only: a test that writes takes `world` and `_facts`) as the store."""
    return demo_facts


def context(overview, lang="en", **filters) -> panels.Context:
    chosen = views.Filters(**filters)
    return panels.Context(
        overview.network, views.apply(overview.cities, chosen), overview.today, lang, chosen
    )


def total(facts: dict, field: str) -> Counter:
    found: Counter = Counter()
    for f in facts.values():
        found.update(f[field])
    return found


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


# --- the summaries read are the raw documents' facts ---------------------------------------------


def test_every_summary_fact_equals_the_raw_documents(facts):
    overview, cities, recomputed = facts
    assert {c.id for c in overview.cities} == set(cities)
    for row in overview.cities:
        f, s = recomputed[row.id], row.summary
        assert {k: v for k, v in s.experiments_by_outcome.items() if v} == dict(f["outcomes"])
        assert {
            (c, o): n for c, d in s.experiments_by_category.items() for o, n in d.items()
        } == dict(f["by_category"])
        assert {
            (m, o): n for m, d in s.experiments_by_method.items() for o, n in d.items()
        } == dict(f["by_method"])
        assert {k: v for k, v in s.decisions.items() if v} == dict(f["decisions"])
        assert (s.riskiest_total, s.riskiest_tested) == (f["riskiest"], f["riskiest_tested"])
        assert s.experiments_awaiting_close == f["awaiting"]
        assert s.lag_size == f["lag"]
        assert s.stakeholders_by_sector == dict(f["sectors"])
        assert s.meetings_by_quarter == dict(f["meetings"])
        assert s.actions_total == f["actions"]
        for part in ("owner", "dates", "cost", "funding", "indicator", "risk"):
            assert s.actions_with[part] == f[part], (row.id, part)
        assert row.days_in_stage(overview.today) == f["days_in_stage"]
        last = s.last_activity_at.date() if s.last_activity_at else None
        assert last == f["last_activity"]
        assert s.stage_progress == pytest.approx(f["share"], abs=1e-4)


def test_the_demo_has_something_in_every_panel(facts):
    overview, _cities, _ = facts
    ctx = context(overview)
    for view in catalog.build(ctx):
        assert view.chart is not None, view.key
        assert not view.frame.empty, view.key
    assert methods.methods_panel(ctx).chart is not None


# --- each panel's numbers ------------------------------------------------------------------------


def test_stage_progress_panel(facts):
    overview, cities, recomputed = facts
    ctx = context(overview)
    view = stage_panels.stage_progress_panel(ctx)
    limit = overview.network.attention.stuck_days
    stuck = sum(1 for f in recomputed.values() if (f["days_in_stage"] or -1) > limit)
    expected = progress.expected_stage(overview.network, overview.today)[0]
    at = overview.network.stage_index
    behind = sum(1 for c in cities.values() if at(c["stage"]) < at(expected))
    assert numbers(view.caption) == [stuck, len(cities), limit, behind]
    # The CSV's table: every city.
    full = stage_panels.stage_table(ctx).set_index("city_id")
    assert set(full.index) == set(cities)
    for cid, f in recomputed.items():
        assert full.loc[cid, "progress"] == pytest.approx(f["share"], abs=1e-4)
        assert full.loc[cid, "days_in_stage"] == f["days_in_stage"]
        assert bool(full.loc[cid, "behind"]) == (at(cities[cid]["stage"]) < at(expected))
    assert len(catalog.full_table(ctx, "stage_progress")) == len(cities)
    # Most advanced first.
    order = [at(cities[cid]["stage"]) for cid in view.frame["city_id"]]
    assert order == sorted(order, reverse=True)


def test_the_heatmap_shows_the_least_advanced_cities_and_says_so(facts, monkeypatch):
    overview, cities, recomputed = facts
    monkeypatch.setattr(panels, "HEATMAP_MAX", 5)
    ctx = context(overview)
    view = stage_panels.stage_progress_panel(ctx)
    at = overview.network.stage_index
    ranked = sorted(
        cities,
        key=lambda cid: (-at(cities[cid]["stage"]), -recomputed[cid]["share"], cities[cid]["name"]),
    )
    assert list(view.frame["city_id"]) == ranked[-5:]
    assert not view.complete and view.rows == len(cities)
    assert numbers(view.note) == [5, len(cities)]
    drawn = {v["city_id"] for v in view.chart.to_dict()["datasets"].popitem()[1]}
    assert drawn == set(ranked[-5:])


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"cluster": "Open data"},
        {"stage": "experimentation"},
        {"period": "6m"},
        {"cluster": "Open data", "period": "3m"},
    ],
)
def test_the_stage_panels_read_from_the_rollup_show_what_the_cities_show(
    world, monkeypatch, chosen
):
    """The network's stored rollup and the cities of the lowest ranks (what the page reads for a
    reader of every city) give the stage panels the cities themselves give."""
    monkeypatch.setattr(panels, "HEATMAP_MAX", 5)
    coordinator = world["coordinator"]
    today = utcnow().date()
    overview = views.load(coordinator, today)
    filters = views.Filters(**chosen)
    stored = panels.Context(
        overview.network,
        [],
        today,
        "en",
        filters,
        totals=views.totals(coordinator, filters, today),
        fetch=lambda ranks: views.ranked(coordinator, filters, ranks),
    )
    plain = context(overview, **chosen)
    assert stored.count == len(plain.cities)
    for a, b in zip(catalog.build(stored, "stages"), catalog.build(plain, "stages"), strict=True):
        assert (a.caption, a.note, a.complete) == (b.caption, b.note, b.complete), a.key
        assert a.frame.equals(b.frame), a.key
        assert a.chart.to_dict() == b.chart.to_dict(), a.key
    # The filter choices and the count come from the rollup too.
    summed = views.totals(coordinator, views.Filters(), today)
    assert views.choices_of(overview.network, summed.clusters, summed.countries) == views.choices(
        overview
    )
    assert summed.cities == len(overview.cities)


@pytest.mark.parametrize(
    "chosen",
    [{}, {"cluster": "Open data"}, {"stage": "experimentation"}],
)
def test_the_experiment_panels_read_from_the_rollup_show_what_the_cities_show(
    world, monkeypatch, chosen
):
    """The experiments section's rollup document and the cities with the most experiments
    (what the page reads for a reader of every city) give the panels the cities themselves
    give; the bars' CSV (every city) is the table the cities give."""
    monkeypatch.setattr(panels, "BARS_MAX", 2)
    coordinator = world["coordinator"]
    today = utcnow().date()
    overview = views.load(coordinator, today)
    filters = views.Filters(**chosen)
    stored = panels.Context(
        overview.network,
        [],
        today,
        "en",
        filters,
        totals=views.totals(coordinator, filters, today),
        tallies=lambda part: views.tally(coordinator, filters, part, today),
        most=lambda counts: views.most_experiments(coordinator, filters, counts),
    )
    plain = context(overview, **chosen)
    assert stored.count == len(plain.cities)
    for a, b in zip(
        catalog.build(stored, "experiments"), catalog.build(plain, "experiments"), strict=True
    ):
        assert (a.caption, a.note) == (b.caption, b.note), a.key
        if a.key == "outcomes_by_city" and not a.complete:
            drawn = b.frame[b.frame["city"].isin(a.frame["city"])].reset_index(drop=True)
            assert a.frame.reset_index(drop=True).equals(drawn)
            assert catalog.full_table(plain, a.key).equals(b.table())
            continue
        assert a.frame.reset_index(drop=True).equals(b.frame.reset_index(drop=True)), a.key
        assert (a.chart is None) == (b.chart is None), a.key
        if a.chart is not None:
            assert a.chart.to_dict() == b.chart.to_dict(), a.key


def test_stages_over_time_ends_where_the_cities_stand(facts):
    overview, cities, _ = facts
    ctx = context(overview)
    view = stage_panels.stages_over_time_panel(ctx)
    last = view.frame[view.frame["month"] == view.frame["month"].max()]
    now = Counter(ctx.stage_label(c["stage"]) for c in cities.values())
    assert dict(zip(last["stage"], last["cities"], strict=True)) == {
        s.label.en: now.get(s.label.en, 0) for s in overview.network.stages
    }
    order = [s.key for s in overview.network.stages]
    changes = Counter(latest_change(c, order, ctx.today) for c in cities.values())  # whole history
    assert numbers(view.caption)[-3:] == [changes["up"], len(cities), changes["back"]]


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter key from `first` to `last` ('2026-Q1'), both included, counted by hand."""
    year, q = int(first[:4]), int(first[-1])
    found = []
    while f"{year}-Q{q}" <= last:
        found.append(f"{year}-Q{q}")
        year, q = (year, q + 1) if q < 4 else (year + 1, 1)
    return found


def programme_end(network: Network, today: dt.date) -> dt.date:
    """Today, or the end of the programme's timeline when it ended earlier."""
    ends = [phase.end for phase in network.timeline]
    return min(today, max(ends)) if ends else today


def latest_change(city: dict, order: list[str], today: dt.date, since: str = "") -> str | None:
    """'up' or 'back': the city's latest change of stage dated today or earlier and in a month
    from `since` ('2026-03'), read from its raw stage history; None without one."""
    entries = sorted(city["stage_history"], key=lambda e: e["entered_at"])
    entries = [e for e in entries if day_of(e["entered_at"]) <= today]
    found = None
    for before, after in zip(entries, entries[1:], strict=False):
        a, b = order.index(before["stage"]), order.index(after["stage"])
        if a != b:
            found = ("up" if b > a else "back", f"{after['entered_at']:%Y-%m}")
    return found[0] if found and found[1] >= since else None


def test_stages_over_time_counts_every_month_from_the_raw_histories(facts):
    overview, cities, _ = facts
    ctx = context(overview)
    frame = stage_panels.stages_over_time_frame(ctx)
    labels = {s.key: s.label.en for s in overview.network.stages}
    for month, rows in frame.groupby("month"):
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        end = min(following - dt.timedelta(days=1), ctx.today)
        expected: Counter = Counter()
        for city in cities.values():
            reached = sorted(
                (day_of(h["entered_at"]), i, h["stage"])
                for i, h in enumerate(city["stage_history"])
                if day_of(h["entered_at"]) <= end
            )
            if reached:
                expected[labels[reached[-1][2]]] += 1
        found = {k: v for k, v in zip(rows["stage"], rows["cities"], strict=True) if v}
        assert found == dict(expected), month
    # The period starts the series at its first month.
    six = stage_panels.stages_over_time_frame(context(overview, period="6m"))
    assert six["month"].min() == views.Filters(period="6m").start(ctx.today)


@pytest.mark.parametrize("section", [*panels.SECTIONS, "methods", "attention"])
def test_a_section_reads_only_its_fields_and_shows_the_same(world, section):
    today = utcnow().date()
    full = views.load(world["coordinator"], today)
    narrow = views.load(world["coordinator"], today, panels.FIELDS[section])
    assert [c.id for c in narrow.cities] == [c.id for c in full.cities]
    left, right = context(full), context(narrow)
    if section == "attention":
        pairs = [(attention.attention_frame(left), attention.attention_frame(right))]
    elif section == "methods":
        pairs = [(methods.methods_panel(left).frame, methods.methods_panel(right).frame)]
    else:
        pairs = [
            (a.frame, b.frame)
            for a, b in zip(
                catalog.build(left, section), catalog.build(right, section), strict=True
            )
        ]
    for a, b in pairs:
        assert a.equals(b), section
    # What the section does not read stays at its default (nothing else was fetched).
    default = CitySummary()
    unread = set(CitySummary.model_fields) - set(panels.FIELDS[section])
    assert all(getattr(c.summary, f) == getattr(default, f) for c in narrow.cities for f in unread)


def test_outcome_panels(facts):
    overview, cities, recomputed = facts
    ctx = context(overview)
    everything = total(recomputed, "outcomes")
    by_city = experiment_panels.outcomes_by_city_panel(ctx)
    running = sum(1 for f in recomputed.values() if sum(f["outcomes"].values()))
    finished = sum(everything[s] for s in FINISHED)
    assert numbers(by_city.caption) == [
        running,
        len(cities),
        everything["validated"],
        finished,
        everything["in_progress"],
    ]
    per_city = by_city.frame.groupby("city")["experiments"].sum().to_dict()
    assert per_city == {
        cities[cid]["name"]: sum(f["outcomes"].values())
        for cid, f in recomputed.items()
        if sum(f["outcomes"].values())
    }

    by_category = experiment_panels.outcomes_by_category_panel(ctx).frame
    want = total(recomputed, "by_category")
    labels = {c.key: c.label.en for c in overview.network.assumption_categories}
    got = {
        (k, o): n
        for k, o, n in zip(
            by_category["category"],
            by_category["outcome_key"],
            by_category["experiments"],
            strict=True,
        )
    }
    assert got == {(labels.get(c, c), o): n for (c, o), n in want.items()}

    by_cluster = experiment_panels.outcomes_by_cluster_panel(ctx).frame
    clusters: Counter = Counter()
    for cid, f in recomputed.items():
        for o, n in f["outcomes"].items():
            clusters[(cities[cid]["cluster"], o)] += n
    got = {
        (k, o): n
        for k, o, n in zip(
            by_cluster["cluster"], by_cluster["outcome_key"], by_cluster["experiments"], strict=True
        )
    }
    assert got == dict(clusters)


def test_decisions_and_riskiest(facts):
    overview, cities, recomputed = facts
    ctx = context(overview)
    decisions = total(recomputed, "decisions")
    view = experiment_panels.decisions_panel(ctx)
    assert numbers(view.caption) == [
        sum(decisions.values()),
        decisions["persevere"],
        decisions["pivot"],
        decisions["retire"],
        decisions["keep_testing"],
    ]
    risky = sum(f["riskiest"] for f in recomputed.values())
    tested = sum(f["riskiest_tested"] for f in recomputed.values())
    view = experiment_panels.riskiest_panel(ctx)
    assert numbers(view.caption)[:2] == [tested, risky]
    assert f"{round(100 * tested / risky)}%" in view.caption


def test_engagement_panels(facts):
    overview, cities, recomputed = facts
    ctx = context(overview)
    sizes = [f["lag"] for f in recomputed.values()]
    with_lag = [s for s in sizes if s]
    lag = engagement_panels.lag_panel(ctx)
    said = numbers(lag.caption.split(" members (median)")[0])
    assert said == [len(with_lag), len(sizes), *numbers(str(statistics.median(with_lag)))]
    met = [f for f in recomputed.values() if not f["lag"] and f["attendees"]]
    if met:  # attendance said as attendance, never as members
        held = sum(sum(f["meetings"].values()) for f in met)
        mean = formats.number(sum(f["attendees"] for f in met) / held, "en", decimals=1)
        assert f"{len(met)} " in lag.caption and f"with {mean} attendees on average" in lag.caption
    assert lag.frame["cities"].sum() == len(sizes)

    sectors = total(recomputed, "sectors")
    view = engagement_panels.sectors_panel(ctx)
    mapped = sum(1 for f in recomputed.values() if f["sectors"])
    assert numbers(view.caption)[:2] == [sum(sectors.values()), mapped]
    assert view.frame["stakeholders"].sum() == sum(sectors.values())

    meetings = total(recomputed, "meetings")
    view = engagement_panels.meetings_panel(ctx)
    shown = quarters_between(min(meetings), quarter(programme_end(overview.network, ctx.today)))
    said = {formats.cycle(q, "en"): meetings.get(q, 0) for q in shown}  # "Q1 2026", not "2026-Q1"
    assert dict(zip(view.frame["quarter"], view.frame["meetings"], strict=True)) == said
    last = shown[-1]
    in_last = sum(1 for f in recomputed.values() if f["meetings"].get(last))
    said_quarter = numbers(formats.cycle(last, "en"))
    assert numbers(view.caption) == [meetings.get(last, 0), *said_quarter, in_last, len(cities)]


def test_plan_completeness(facts):
    overview, cities, recomputed = facts
    view = plan_panels.completeness_panel(context(overview))
    actions = sum(f["actions"] for f in recomputed.values())
    planned = sum(1 for f in recomputed.values() if f["actions"])
    assert numbers(view.caption)[:2] == [actions, planned]
    for part, label in zip(
        ("owner", "dates", "cost", "funding", "indicator", "risk"), view.frame["part"], strict=True
    ):
        assert label == i18n.t(f"dashboard.part.{part}", "en")
    want = [
        sum(f[p] for f in recomputed.values())
        for p in ("owner", "dates", "cost", "funding", "indicator", "risk")
    ]
    assert list(view.frame["actions"]) == want


def test_what_works_where(facts, world):
    overview, cities, recomputed = facts
    ctx = context(overview)
    frame = methods.methods_frame(ctx).set_index("method_key")
    by_method = total(recomputed, "by_method")
    assert set(frame.index) == {m.key for m in overview.network.methods}
    for key in frame.index:
        tried = {cid for cid, f in recomputed.items() if any(m == key for m, _ in f["by_method"])}
        assert frame.loc[key, "cities"] == len(tried)
        for o in outcomes.OUTCOMES:
            assert frame.loc[key, o] == by_method.get((key, o), 0)
    cards = methods.method_cards(world["coordinator"], ctx, "co_design")
    used = raw(collections.EXPERIMENTS, method_key="co_design")
    assert set(cards["experiment"]) == {e["title"] for e in used}
    learnings = raw(collections.LEARNINGS)
    rows = sum(max(1, sum(e["_id"] in lg["experiment_ids"] for lg in learnings)) for e in used)
    assert len(cards) == rows  # one row per learning card, or per experiment without one


def test_cities_needing_attention(facts):
    overview, cities, recomputed = facts
    ctx = context(overview)
    frame = attention.attention_frame(ctx).set_index("city_id")
    limits = overview.network.attention
    expected = progress.expected_stage(overview.network, overview.today)[0]
    at = overview.network.stage_index
    listening = reporting_panels.attention_reasons(ctx)  # tested in test_listening_panels.py
    for cid, c in cities.items():
        f = recomputed[cid]
        idle = (overview.today - f["last_activity"]).days if f["last_activity"] else None
        finished = sum(f["outcomes"][s] for s in FINISHED)
        reasons = {
            "inactive": idle is None or idle > limits.inactive_days,
            "stuck": (f["days_in_stage"] or 0) > limits.stuck_days
            and c["stage"] != overview.network.stages[-1].key,
            "behind": at(c["stage"]) < at(expected),
            "inconclusive": finished > 0 and f["outcomes"]["inconclusive"] == finished,
            "awaiting_close": f["awaiting"] > 0,
            **{r: any(r == x for x, _ in listening.get(cid, [])) for r in attention.REASONS[5:]},
        }
        want = [r for r in attention.REASONS if reasons[r]]
        if want:
            assert frame.loc[cid, "reason_keys"].split(",") == want, cid
        else:
            assert cid not in frame.index
    counts = list(frame["reasons"])
    assert counts == sorted(counts, reverse=True)


def test_attention_reasons_follow_the_thresholds(world):
    """The reasons are stored facts: a change of the network's thresholds recomputes them (and
    their counts summed, which the caption says)."""
    keys = ",".join(attention.attention_frame(context(_facts(world)[0]))["reason_keys"])
    assert "inactive" in keys or "stuck" in keys
    relaxed = {"attention": {"inactive_days": 3000, "stuck_days": 3000}}
    network = networks.get_network(world["coordinator"].network_id)
    network_settings.update_settings(world["coordinator"], network, relaxed)
    ctx = context(_facts(world)[0])
    keys = ",".join(attention.attention_frame(ctx)["reason_keys"])
    assert "inactive" not in keys and "stuck" not in keys
    summed = ctx.tally("att").all.get("reason", {})
    assert "inactive" not in summed and "stuck" not in summed


# --- filters -------------------------------------------------------------------------------------


def test_filters_narrow_every_panel(facts):
    overview, cities, recomputed = facts
    ctx = context(overview, cluster="Open data")
    names = {c["name"] for c in cities.values() if c["cluster"] == "Open data"}
    assert {c.name for c in ctx.cities} == names
    view = stage_panels.stage_progress_panel(ctx)
    assert set(view.frame["city"]) == names
    assert numbers(view.caption)[1] == len(names)
    assert set(methods.methods_frame(ctx)["cities"]) <= set(range(len(names) + 1))


def test_filters_round_trip_through_the_url(facts):
    overview, _cities, _ = facts
    chosen = views.Filters(cluster="Open data", stage="experimentation", period="6m")
    query = chosen.to_query()
    assert query == {"cluster": "Open data", "stage": "experimentation", "period": "6m"}
    assert views.Filters.from_query(query, views.choices(overview)) == chosen
    # Values that name nothing (or try an operator) are ignored.
    odd = views.Filters.from_query(
        {"cluster": "$ne", "stage": "x", "period": "5y"}, views.choices(overview)
    )
    assert odd == views.Filters()
    assert views.Filters(period="3m").start(dt.date(2026, 2, 10)) == dt.date(2025, 12, 1)
    assert views.Filters().start(dt.date(2026, 2, 10)) is None


def test_the_period_narrows_the_time_series(facts):
    overview, _cities, _ = facts
    ctx = context(overview, period="3m")
    frame = stage_panels.stages_over_time_frame(ctx)
    assert frame["month"].nunique() == 3
    meetings = engagement_panels.meetings_panel(ctx).frame
    first = views.Filters(period="3m").start(overview.today)
    assert all(q >= f"{first.year}-Q{(first.month - 1) // 3 + 1}" for q in meetings["quarter"])


# --- charts: data and encodings ------------------------------------------------------------------


def encoded_fields(spec: dict) -> set[str]:
    fields = set()
    for channel in (spec.get("encoding") or {}).values():
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and "field" in item:
                fields.add(item["field"])
    return fields


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_has_data_a_description_and_known_fields(facts, lang):
    overview, _cities, _ = facts
    ctx = context(overview, lang)
    views_ = [*catalog.build(ctx), methods.methods_panel(ctx)]
    for view in views_:
        spec = view.chart.to_dict()
        values = next(iter(spec["datasets"].values()))
        assert values, f"{view.key}: the caption reports data but the chart has none"
        assert spec["description"] == view.caption
        assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "fr" else ".")
        missing = encoded_fields(spec) - set(values[0])
        assert not missing, f"{view.key}: encodes {missing} absent from the data"
        assert view.title == i18n.t(f"dashboard.panel.{view.key}", lang)
        for column in view.frame.columns:
            assert i18n.has(f"dashboard.column.{column}"), (view.key, column)


def test_the_heatmap_selects_cities_to_open(facts):
    overview, _cities, _ = facts
    spec = stage_panels.stage_progress_panel(context(overview)).chart.to_dict()
    assert spec["params"][0]["name"] == "city"
    assert spec["params"][0]["select"]["fields"] == ["city_id"]


def test_empty_panels_say_so(facts):
    overview, _cities, _ = facts
    ctx = panels.Context(overview.network, [], overview.today, "en")
    for view in catalog.build(ctx):
        assert view.chart is None and view.frame.empty
        assert view.caption == i18n.t("dashboard.caption.no_data", "en")


# --- who sees what, and the data revision ---------------------------------------------------------


def test_city_teams_see_their_own_cities_and_nobody_else_is_refused(world):
    assert {c.id for c in views.load(world["city_lead"]).cities} == set(world["city_lead"].city_ids)
    assert {c.id for c in views.load(world["lag_member"]).cities} == set(
        world["lag_member"].city_ids
    )
    assert len(views.load(world["viewer"]).cities) == len(raw(collections.CITIES))
    stranger = world["viewer"].model_copy(update={"role": "nobody"})
    with pytest.raises(PermissionDenied):
        views.load(stranger)


def test_a_write_changes_the_data_revision_and_the_numbers(world):
    before = views.data_revision("demo-network")
    assert views.data_revision("demo-network") == before  # a read changes nothing
    running = raw(collections.EXPERIMENTS, status="running", city_id="city-0010")[0]
    experiments.record_result(
        world["coordinator"], running["_id"], ResultFields(date=utcnow().date(), value=1.0)
    )
    assert views.data_revision("demo-network") != before
    row = next(c for c in views.load(world["coordinator"]).cities if c.id == "city-0010")
    assert row.summary.last_activity_at.date() == utcnow().date()


def test_an_experiment_method_must_be_one_of_the_network(world):
    from models.experiment import Criterion, ExperimentCreate, ExperimentUpdate
    from services.core.errors import InvalidInput

    data = ExperimentCreate(
        title="Door-to-door",
        method_key="carrier_pigeon",
        criterion=Criterion(kind="qualitative", text="people come"),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 2, 1),
    )
    with pytest.raises(InvalidInput):
        experiments.create_experiment(world["coordinator"], "city-0010", data)
    made = experiments.create_experiment(
        world["coordinator"], "city-0010", data.model_copy(update={"method_key": "survey"})
    )
    assert made.method_key == "survey"
    # A form that does not show the method keeps it.
    kept = experiments.update_experiment(
        world["coordinator"], made, ExperimentUpdate(title="Door-to-door, second round")
    )
    assert kept.method_key == "survey"
    with pytest.raises(InvalidInput):
        experiments.update_experiment(
            world["coordinator"], kept, ExperimentUpdate(method_key="carrier_pigeon")
        )


def test_every_dynamic_message_key_exists():
    keys = [f"dashboard.reason.{r}" for r in attention.REASONS]
    keys += [f"dashboard.reason_name.{r}" for r in attention.REASONS]
    keys += [f"dashboard.period.{p}" for p in views.PERIODS]
    keys += [f"dashboard.panel.{p.key}" for p in catalog.PANELS]
    keys += [f"dashboard.section.{s}" for s in (*panels.SECTIONS, "methods", "attention")]
    keys += [f"dashboard.filter.{name}" for name in views.Filters.QUERY]
    keys += [f"dashboard.column.{c}" for c in (*methods.CARD_COLUMNS, *methods.METHOD_COLUMNS)]
    missing = [k for k in keys if not i18n.has(k)]
    assert not missing


def test_closing_a_follow_up_moves_the_data_revision(world):
    """Follow-ups show on the dashboard without being part of any city summary: their writes
    move the revision the dashboard caches by, so a closed follow-up leaves the panel at once."""
    from services.reporting import coordination

    session, followup = coordination.open_followups("demo-network")[0]
    before = views.data_revision("demo-network")
    coordination.set_followup_status(world["coordinator"], session, followup.id, "done")
    assert views.data_revision("demo-network") != before
    assert followup.id not in [f.id for _, f in coordination.open_followups("demo-network")]


def test_on_the_demo_only_cities_idle_past_the_threshold_are_called_inactive(facts):
    # The demo is seeded, not typed: its activity log says nothing of its cities' check-ins,
    # meetings and results. "Inactive" follows those records (recomputed in `recompute`).
    overview, _cities, recomputed = facts
    ctx = panels.Context(overview.network, list(overview.cities), overview.today, "en")
    frame = attention.attention_frame(ctx)
    flagged = {
        cid
        for cid, keys in zip(frame["city_id"], frame["reason_keys"], strict=True)
        if "inactive" in keys.split(",")
    }
    limit = overview.network.attention.inactive_days
    idle = {
        cid: (overview.today - f["last_activity"]).days
        for cid, f in recomputed.items()
        if f["last_activity"] is not None
    }
    assert len(idle) == len(recomputed)  # every demo city did something
    assert flagged == {cid for cid, days in idle.items() if days > limit}
    assert len(flagged) < len(recomputed)
