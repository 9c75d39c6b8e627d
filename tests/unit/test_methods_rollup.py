"""What works where for a reader of every city: the methods' tally (services/network/
tally_methods.py) and the cities read by their glance tags give the view the cities themselves
give (with filters set), and its figures equal a recomputation from the raw documents."""

from __future__ import annotations

import pytest

from models.base import utcnow
from services.core import collections, store
from services.dashboard import catalog, indicators, methods, panels, views


def _contexts(user, chosen: dict) -> tuple[panels.Context, panels.Context, list[list[str]]]:
    """(rolled up, from the rows, the tags each tagged read asked for)."""
    today = utcnow().date()
    overview = views.load(user, today)
    filters = views.Filters(**chosen)
    asked: list[list[str]] = []
    fields = tuple(f for f in panels.FIELDS["methods"] if f != "rollup")

    def tagged(tags: list[str]) -> list[views.CityRow]:
        asked.append(list(tags))
        return views.tagged(user, filters, tags, fields)

    stored = panels.Context(
        overview.network,
        [],
        today,
        "en",
        filters,
        tallies=lambda part: views.tally(user, filters, part, today),
        tagged=tagged,
    )
    plain = panels.Context(
        overview.network, views.apply(overview.cities, filters), today, "en", filters
    )
    return stored, plain, asked


def _heads(frame, count: int):
    # The first `count` rows of each (kind, key) group, in the frame's order.
    return frame.groupby(["kind", "key"], sort=False).head(count).reset_index(drop=True)


@pytest.mark.parametrize("chosen", [{}, {"cluster": "Open data"}, {"stage": "experimentation"}])
def test_the_methods_view_read_from_the_rollup_shows_what_the_cities_show(
    world, monkeypatch, chosen
):
    monkeypatch.setattr(methods, "GLANCE_SHOWN", 1)
    monkeypatch.setattr(methods, "UNINTENDED_SHOWN", 2)
    monkeypatch.setattr(indicators, "LINES_MAX", 1)
    stored, plain, asked = _contexts(world["coordinator"], chosen)
    a, b = methods.methods_panel(stored), methods.methods_panel(plain)
    assert (a.caption, a.complete) == (b.caption, b.complete)
    assert a.frame.equals(b.frame)
    assert (a.chart is None) == (b.chart is None)
    if a.chart is not None:
        assert a.chart.to_dict() == b.chart.to_dict()
    assert methods.evidence_caption(stored) == methods.evidence_caption(plain)
    rolled, full = methods.glance_frame(stored), methods.glance_frame(plain)
    assert methods.glance_lines(stored, rolled) == methods.glance_lines(plain, full)
    # Only the first city of each group (the CSV of the cities has them all).
    assert rolled.equals(_heads(full, 1))
    effects = methods.unintended_frame(stored)
    assert effects.equals(methods.unintended_frame(plain).head(2))
    assert methods.unintended_count(stored) == len(methods.unintended_frame(plain))
    shared = zip(
        indicators.indicator_panels(stored), indicators.indicator_panels(plain), strict=True
    )
    for x, y in shared:
        assert (x.key, x.caption, x.note, x.rows) == (y.key, y.caption, y.note, y.rows)
        assert (x.chart is None) == (y.chart is None)
        if x.chart is not None:
            assert x.chart.to_dict() == y.chart.to_dict()
        # The CSV (every city) is the table the cities give.
        assert catalog.full_table(plain, x.key).equals(y.table())
    assert asked and all(tags for tags in asked)


def test_the_glance_and_its_counts_equal_the_raw_documents(world, monkeypatch):
    monkeypatch.setattr(methods, "GLANCE_SHOWN", 1)
    stored, _, asked = _contexts(world["coordinator"], {})
    db = store.get()
    names = {c["_id"]: c["name"] for c in db.find(collections.CITIES, {})}
    tests = db.find(collections.EXPERIMENTS, {})
    cards = db.find(collections.LEARNINGS, {})
    beliefs = {a["_id"]: a["category"] for a in db.find(collections.ASSUMPTIONS, {})}
    tried: dict[tuple[str, str], set[str]] = {}
    per_method: dict[str, int] = {}
    for e in tests:
        if e.get("method_key"):
            tried.setdefault(("method", e["method_key"]), set()).add(e["city_id"])
            per_method[e["method_key"]] = per_method.get(e["method_key"], 0) + 1
        for c in {beliefs[i] for i in e.get("assumption_ids") or [] if i in beliefs}:
            tried.setdefault(("category", c), set()).add(e["city_id"])
    frame = methods.methods_frame(stored)
    for row in frame.itertuples():
        assert row.cities == len(tried.get(("method", row.method_key), ()))
        assert row.experiments == per_method.get(row.method_key, 0)
    # Each line names its first city, and how many more tried it.
    lines = methods.glance_lines(stored, methods.glance_frame(stored))
    labels = methods._labels(stored)
    by_group = {(kind, label): key for kind, key, label in labels}
    assert lines
    for kind, group, line in lines:
        cities = tried[(kind, by_group[(kind, group)])]
        assert line.split(":")[0] in {names[c] for c in cities}
        more = len(cities) - 1
        assert line.endswith(f"and {more} more") if more else "more" not in line
    # The first city is the one with the highest evidence level of the group.
    levels: dict[tuple[str, str, str], int] = {}
    for lg in cards:
        for e in tests:
            if e["_id"] in (lg.get("experiment_ids") or []) and lg.get("evidence_level"):
                found = [("method", e.get("method_key"))] + [
                    ("category", beliefs[i]) for i in e.get("assumption_ids") or [] if i in beliefs
                ]
                for kind, key in found:
                    k = (kind, key, e["city_id"])
                    levels[k] = max(levels.get(k, 0), lg["evidence_level"])
    rows = methods.glance_frame(stored)
    for (kind, key), group in rows.groupby(["kind", "key"], sort=False):
        best = max(levels.get((kind, key, c), 0) for c in tried[(kind, key)])
        assert group["evidence_level"].iloc[0] == best
    # Unintended effects: the newest each city keeps (five), counted from the raw cards.
    kept: dict[str, int] = {}
    for lg in cards:
        if (lg.get("unintended_effects") or "").strip():
            kept[lg["city_id"]] = min(kept.get(lg["city_id"], 0) + 1, 5)
    assert methods.unintended_count(stored) == sum(kept.values())
    assert methods.evidence_counts(stored)["none"] == sum(
        1 for lg in cards if not lg.get("evidence_level")
    )
