"""The funder summary of one cycle, as an outline (no rendering: charts go to a stand-in that
keeps them): who may have it, what it covers, each city from its frozen report, the network's
check-ins over the period only. The files themselves: tests/integration/test_cycle_summary_files.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import today
from models.reporting import Checkin, Report
from services.core import collections, formats, i18n, permissions, store
from services.core.errors import NotFound
from services.dashboard import cycle_summary, listening, panels, views
from services.network import networks
from services.reporting import compliance, reports
from tests.conftest import check_matrix


class Charts:
    """A stand-in for the PNG renderer: keeps each chart, returns no image."""

    def __init__(self) -> None:
        self.drawn: list[dict] = []

    def __call__(self, chart) -> bytes:
        self.drawn.append(chart.to_dict())
        return b""


def _frame(world):
    coordinator = world["coordinator"]
    network = networks.get_network(coordinator.network_id)
    return compliance.compliance_frame(network, networks.list_cities(coordinator), today())


def _key(world) -> str:
    return cycle_summary.default_key(_frame(world), today())


def _outline(world, key: str, lang: str = "en", charts: Charts | None = None):
    found = cycle_summary.summary(world["coordinator"], key)
    return found, cycle_summary.outline(found, lang, image=charts or Charts())


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks] + [c for b in blocks for row in b.rows for c in row]


def test_the_summary_follows_the_role_table(world):
    key = _key(world)
    check_matrix(world, "compliance.read", lambda u, _c: cycle_summary.summary(u, key))
    assert permissions.MATRIX["compliance.read"] == {
        "admin": permissions.ALL,
        "coordinator": permissions.ALL,
        "viewer": permissions.ALL,
    }


def test_cycles_are_offered_latest_first_and_the_last_ended_one_first(world):
    frame = _frame(world)
    keys = cycle_summary.cycle_keys(frame)
    assert sorted(keys) == sorted(frame["cycle"].unique())
    ends = [frame[frame["cycle"] == k]["end"].max() for k in keys]
    assert ends == sorted(ends, reverse=True)
    chosen = cycle_summary.default_key(frame, today())
    assert frame[frame["cycle"] == chosen]["end"].max() < today()
    assert all(
        frame[frame["cycle"] == k]["end"].max() >= today() for k in keys[: keys.index(chosen)]
    )
    assert cycle_summary.cycle_keys(frame.iloc[0:0]) == []


def test_an_unknown_cycle_is_not_found(world):
    with pytest.raises(NotFound):
        cycle_summary.summary(world["coordinator"], "1999-Q1")


def test_the_outline_covers_compliance_the_network_and_every_city(world):
    key = _key(world)
    charts = Charts()
    found, blocks = _outline(world, key, charts=charts)
    rows = found.rows
    counts = cycle_summary.state_counts(rows)
    assert sum(counts.values()) == len(rows) and set(counts) == set(compliance.STATES)
    said = formats.cycle(key, "en")  # "Q3 2026", not the key "2026-Q3"
    assert blocks[0].kind == "title" and said in blocks[0].text
    caption = i18n.t("summary.compliance.caption", "en", cities=len(rows), cycle=said, **counts)
    assert caption in _texts(blocks)
    # the counts table: every state with its number of cities
    table = next(b for b in blocks if b.kind == "table" and b.rows[0] == ("State", "Cities"))
    assert dict(table.rows[1:]) == {
        i18n.t(f"compliance.state.{s}", "en"): str(n) for s, n in counts.items()
    }
    # one image per chart: compliance, then mood, blockers and help over the period
    images = [b for b in blocks if b.kind == "image"]
    assert len(images) == len(charts.drawn) == 1 + len(cycle_summary.FIGURES)
    assert charts.drawn[0]["description"] == caption
    # every city the coordinator sees has a heading, in name order
    headings = [b.text for b in blocks if b.kind == "heading"]
    names = sorted(c.name for c in networks.list_cities(world["coordinator"]))
    assert [h for h in headings if h in names] == names


def test_each_city_reads_from_its_frozen_report(world):
    key = _key(world)
    found, blocks = _outline(world, key)
    texts = _texts(blocks)
    sent = [p.report for p in found.cities if p.row and p.report and p.report.snapshot]
    assert sent  # the demo has reports submitted for the cycle
    for report in sent:
        assert report.narrative.highlights in texts
        counted = {name: len(report.snapshot[name]) for name in cycle_summary.ACTIVITY}
        assert i18n.t("summary.city.activity", "en", **counted) in texts
        pulses = report.snapshot["checkins"]
        if pulses["count"]:
            mood = formats.number(pulses["mood_mean"], "en")
            line = i18n.t("summary.city.checkins", "en", count=pulses["count"], mood=mood)
            assert line in texts
    unsent = [p for p in found.cities if p.row and (p.report is None or not p.report.snapshot)]
    assert unsent  # the demo has cities that did not report
    for part in unsent:
        draft = part.report is not None
        key = "summary.city.draft" if draft else "summary.city.no_report"
        at = next(
            i for i, b in enumerate(blocks) if b.kind == "heading" and b.text == part.city.name
        )
        assert blocks[at + 2].text == i18n.t(key, "en"), part.city.name
        if draft:  # a draft's words are not the city's report yet
            assert part.report.narrative.highlights not in texts


def test_a_city_without_the_cycle_is_listed_with_its_own_cycles(world):
    frame = _frame(world)
    # a quarter that some cities (those reporting by experiment cycle) do not have
    key = next(
        k
        for k in cycle_summary.cycle_keys(frame)
        if k.count("-Q") and frame[frame["cycle"] == k]["city_id"].nunique() < 12
    )
    found, blocks = _outline(world, key)
    without = [p for p in found.cities if p.row is None]
    assert without
    texts = _texts(blocks)
    for part in without:
        assert part.report is None
        if part.overlapping:
            said = formats.cycle(key, "en")
            line = next(t for t in texts if t.startswith(f"No {said} for this city"))
            assert formats.cycle(part.overlapping[0]["cycle"], "en") in line


def test_experiments_concluded_show_their_outcome_in_the_readers_language(world):
    doc = next(
        d
        for d in store.get().find(collections.REPORTS, {"status": {"$ne": "draft"}})
        if d["snapshot"]["experiments_concluded"]
    )
    _found, blocks = _outline(world, doc["cycle_key"], "fr")
    texts = _texts(blocks)
    for item in doc["snapshot"]["experiments_concluded"]:
        assert item["title"] in texts
        assert i18n.t(f"outcome.{item['outcome']}", "fr") in texts
    assert "Expérimentations conclues" in texts and "Calendrier" in [b.label for b in blocks]


def test_the_network_figures_count_the_periods_check_ins_only(world):
    key = _key(world)
    found = cycle_summary.summary(world["coordinator"], key)
    rows = [views.city_row(p.city) for p in found.cities]
    ctx = panels.Context(found.network, rows, found.today, "en")
    inside = listening.checkins_between(ctx, found.start, found.end)
    assert not inside.empty
    assert inside["date"].between(found.start, found.end).all()
    # a check-in the day after the period, and one the day before, are not counted
    for day in (found.end + dt.timedelta(days=1), found.start - dt.timedelta(days=1)):
        store.get().insert_one(
            collections.CHECKINS,
            Checkin(
                network_id=found.network.id,
                city_id=rows[0].id,
                date=day,
                mood=1,
                help_needed="outside",
            ).to_doc(),
        )
    assert len(listening.checkins_between(ctx, found.start, found.end)) == len(inside)
    view = listening.help_panel(ctx, inside)
    requests = int((inside["help"] != "").sum())
    assert view.caption.startswith(f"{requests} requests for help in the period")
    assert "over the whole programme" in listening.help_panel(ctx).caption  # the dashboard's


def test_the_summary_keeps_what_was_submitted_when_the_data_changes(world):
    doc = next(
        d
        for d in store.get().find(collections.REPORTS, {"status": {"$ne": "draft"}})
        if d["snapshot"]["experiments_concluded"]
    )
    concluded = doc["snapshot"]["experiments_concluded"][0]
    _found, before = _outline(world, doc["cycle_key"])
    store.get().update_one(
        collections.EXPERIMENTS,
        {"_id": concluded["id"]},
        {"$set": {"title": "Renamed after submission", "status": "stopped"}},
    )
    fresh = reports.draft_content(Report.from_doc(doc))
    assert fresh["experiments_concluded"] != doc["snapshot"]["experiments_concluded"]
    _found, after = _outline(world, doc["cycle_key"])
    city_blocks = [b for b in after if b.kind in ("table", "text", "field")]
    assert concluded["title"] in _texts(city_blocks)
    assert "Renamed after submission" not in _texts(after)
    assert _texts(after) == _texts(before)
