"""The dashboard's evidence figures (learning cards by level, what works where at a glance,
the unintended effects) against a recomputation from the raw documents that shares none of the
summary's code, and the search "has anyone tested it?" with its permissions."""

from __future__ import annotations

import re

import pytest

from models.experiment import LearningCreate, LearningUpdate
from services.core import collections, permissions, store
from services.core.errors import PermissionDenied
from services.dashboard import brief, methods, panels, views
from services.experiments import experiments


def _context(user) -> panels.Context:
    overview = views.load(user)
    return panels.Context(overview.network, list(overview.cities), overview.today, "en")


def _raw() -> tuple[list[dict], list[dict], list[dict]]:
    db = store.get()
    return (
        db.find(collections.EXPERIMENTS, {}),
        db.find(collections.LEARNINGS, {}),
        db.find(collections.ASSUMPTIONS, {}),
    )


def _graded_more(world) -> None:
    # Another shape than the demo's: levels 5, a long effect, six effects in one city.
    admin = world["admin"]
    for city in ("city-0011", "city-0012"):
        card = experiments.list_learnings(admin, city)[-1]
        long = f"Effect seen in {city}. " + "More than planned. " * 30
        experiments.update_learning(
            admin, card, LearningUpdate(evidence_level=5, unintended_effects=long)
        )
    for k in range(6):
        experiments.create_learning(
            admin,
            "city-0010",
            LearningCreate(title=f"Side note {k}", unintended_effects=f"Side effect {k}"),
        )


def test_learning_cards_by_level_equal_the_raw_documents(world):
    _graded_more(world)
    ctx = _context(world["coordinator"])
    _, cards, _ = _raw()
    want = {"none": 0, "1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    for card in cards:
        want[str(card["evidence_level"]) if card.get("evidence_level") else "none"] += 1
    assert methods.evidence_counts(ctx) == want
    assert want["5"] >= 2 and want["none"] >= 1  # the case has teeth
    caption = methods.evidence_caption(ctx)
    numbers = [int(n) for n in re.findall(r"\d+", caption.replace(",", ""))]
    graded = len(cards) - want["none"]
    assert numbers[:3] == [len(cards), graded, want["4"] + want["5"]]


def test_what_works_where_at_a_glance_equals_the_raw_documents(world):
    _graded_more(world)
    ctx = _context(world["coordinator"])
    tests, cards, beliefs = _raw()
    names = {c.id: c.name for c in ctx.cities}
    category_of = {a["_id"]: a["category"] for a in beliefs}
    want: dict[tuple[str, str, str], list] = {}
    for e in tests:
        groups = [("method", e["method_key"])] if e.get("method_key") else []
        cats = {category_of[i] for i in e.get("assumption_ids") or [] if i in category_of}
        groups += [("category", c) for c in cats]
        levels = [
            lg["evidence_level"]
            for lg in cards
            if e["_id"] in lg.get("experiment_ids", []) and lg.get("evidence_level")
        ]
        for kind, key in groups:
            row = want.setdefault((kind, key, names[e["city_id"]]), [0, 0])
            row[0] += 1
            row[1] = max([row[1], *levels])
    known = {m.key for m in ctx.network.methods} | {
        c.key for c in ctx.network.assumption_categories
    }
    want = {k: v for k, v in want.items() if k[1] in known}
    frame = methods.glance_frame(ctx)
    got = {(r.kind, r.key, r.city): [r.experiments, r.evidence_level] for r in frame.itertuples()}
    assert got == want
    assert any(level == 4 for _, level in got.values())  # a held replication, graded


def test_the_unintended_effects_listed_are_the_cards_that_name_one(world):
    _graded_more(world)
    ctx = _context(world["coordinator"])
    _, cards, _ = _raw()
    names = {c.id: c.name for c in ctx.cities}
    # The newest five of each city, each cut to 300 characters (an ellipsis ends a cut one).
    named: dict[str, list[dict]] = {}
    for lg in sorted(cards, key=lambda lg: (lg["created_at"], lg["_id"]), reverse=True):
        if (lg.get("unintended_effects") or "").strip():
            named.setdefault(lg["city_id"], []).append(lg)
    want = []
    for city_id, found in named.items():
        for lg in found[:5]:
            text = lg["unintended_effects"].strip()
            text = text if len(text) <= 300 else text[:299].rstrip() + "…"
            want.append((names[city_id], lg["title"], text))
    frame = methods.unintended_frame(ctx)
    got = sorted(zip(frame["city"], frame["learning"], frame["unintended_effects"], strict=True))
    assert got == sorted(want) and len(want) >= 4
    assert any(text.endswith("…") for _, _, text in want)  # a long effect, cut
    assert list(frame["at"]) == sorted(frame["at"], reverse=True)  # newest first


def test_search_answers_across_the_cities_the_reader_may_read(world):
    found = methods.search(world["coordinator"], "SENSORS official", "en")
    tests, cards, _ = _raw()
    want = {
        e["title"]
        for e in tests
        if all(
            w in " ".join(str(e.get(f) or "") for f in ("title", "hypothesis", "method")).lower()
            for w in ("sensors", "official")
        )
    }
    assert want and want <= set(found["title"])
    assert {"Bilbao", "Ghent"} <= set(found["city"])  # the original and a replication
    # A city lead reads their own city only: nothing of the others comes back.
    lead = world["city_lead"]
    assert set(methods.search(lead, "sensors", "en")["city_id"]) <= set(lead.city_ids)
    # Text is never an operator, and empty text answers nothing.
    assert methods.search(world["coordinator"], "$where {", "en").empty
    assert methods.search(world["coordinator"], "   ", "en").empty


def test_search_needs_the_dashboard(world, monkeypatch):
    monkeypatch.setitem(permissions.MATRIX, views.ACTION, {})
    with pytest.raises(PermissionDenied):
        methods.search(world["coordinator"], "sensors", "en")


def test_the_funder_brief_carries_the_evidence(readonly_world):
    ctx = brief.context(readonly_world["coordinator"], views.Filters(), "en")
    outline = brief.outline(ctx, ctx.network.name)  # every chart drawn: once is enough
    texts = [b.text for b in outline]
    assert methods.evidence_caption(ctx) in texts
    assert any(t.startswith("Landing page and sign-up: ") and "evidence 4/5" in t for t in texts)
    tables = [b.rows for b in outline if b.kind == "table"]
    assert any(
        "Two shops started sharing one courier between them before the cooperative existed." in row
        for rows in tables
        for row in rows
    )
