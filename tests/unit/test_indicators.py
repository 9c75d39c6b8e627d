"""Shared network indicators: who sets targets and records measurements, a submission sent
twice is recorded once, an indicator the network does not define is refused, and the summary,
the dashboard panels and the funder brief say what the raw documents say (recomputed here)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.indicator import IndicatorUpdate, MeasurementCreate
from services.core import collections, store
from services.core.errors import InvalidInput, NotFound, PermissionDenied
from services.dashboard import brief, panels, views
from services.dashboard import indicators as dashboard_indicators
from services.network import indicators, networks, settings

KEY = "online_share"  # one of the demo network's shared indicators


def test_targets_need_plan_edit_and_measurements_result_record(world):
    lead, lag = world["city_lead"], world["lag_member"]
    indicators.set_targets(lead, world.city, KEY, IndicatorUpdate(baseline=10, target=40))
    with pytest.raises(PermissionDenied):
        indicators.set_targets(lag, world.city, KEY, IndicatorUpdate(baseline=1, target=2))
    with pytest.raises((PermissionDenied, NotFound)):
        indicators.set_targets(lead, world.other_city, KEY, IndicatorUpdate(target=2))
    with pytest.raises((PermissionDenied, NotFound)):
        indicators.record_measurement(
            world["viewer"], world.city, KEY, MeasurementCreate(date=dt.date(2026, 1, 5), value=3)
        )
    with pytest.raises(InvalidInput):
        indicators.set_targets(lead, world.city, "not_shared", IndicatorUpdate(target=2))
    stored = store.get().find_one(
        collections.INDICATOR_RECORDS, {"_id": indicators.record_id(world.city, KEY)}
    )
    assert (stored["baseline"], stored["target"]) == (10, 40)


def test_a_submission_sent_twice_is_recorded_once(world):
    lag = world["lag_member"]
    data = MeasurementCreate(date=dt.date(2026, 1, 5), value=12.5)
    indicators.record_measurement(lag, world.city, KEY, data, submission="sub-1")
    indicators.record_measurement(lag, world.city, KEY, data, submission="sub-1")
    indicators.record_measurement(lag, world.city, KEY, data, submission="sub-2")  # equal values
    stored = store.get().find_one(
        collections.INDICATOR_RECORDS, {"_id": indicators.record_id(world.city, KEY)}
    )
    assert [m["id"] for m in stored["measurements"]] == ["sub-1", "sub-2"]


def _raw_months(city_id: str, key: str) -> dict[str, float]:
    # The latest measurement of each month (date, then recorded_at), from the stored dicts.
    doc = store.get().find_one(
        collections.INDICATOR_RECORDS, {"city_id": city_id, "indicator": key}
    )
    best: dict[str, tuple] = {}
    for m in doc["measurements"] if doc else []:
        month = m["date"].strftime("%Y-%m")
        order = (m["date"], m["recorded_at"])
        if month not in best or order >= best[month][0]:
            best[month] = (order, m["value"])
    return {k: v for k, (_, v) in sorted(best.items())}


def test_the_summary_and_the_dashboard_follow_the_raw_documents(world):
    lag, lead = world["lag_member"], world["city_lead"]
    indicators.set_targets(lead, world.city, KEY, IndicatorUpdate(baseline=10, target=30))
    for day, value in (
        (dt.date(2026, 1, 5), 12),
        (dt.date(2026, 1, 20), 15),
        (dt.date(2026, 2, 3), 31),
    ):
        indicators.record_measurement(
            lag, world.city, KEY, MeasurementCreate(date=day, value=value)
        )
    overview = views.load(world["coordinator"])
    ctx = panels.Context(overview.network, list(overview.cities), overview.today, "en")
    frame = dashboard_indicators.indicators_frame(ctx)
    cities = {c["_id"]: c for c in store.get().find(collections.CITIES, {})}
    for city_id in cities:
        rows = frame[(frame["indicator"] == KEY) & (frame["city_id"] == city_id)].dropna(
            subset=["month"]
        )
        assert dict(zip(rows["month"], rows["value"], strict=True)) == _raw_months(city_id, KEY)
    assert _raw_months(world.city, KEY) == {"2026-01": 15, "2026-02": 31}
    (panel,) = [
        v for v in dashboard_indicators.indicator_panels(ctx) if v.key == f"indicator_{KEY}"
    ]
    docs = store.get().find(collections.INDICATOR_RECORDS, {"indicator": KEY})
    measured = [d for d in docs if d["measurements"]]
    reached = 0
    for d in measured:
        last = _raw_months(d["city_id"], KEY)
        value = list(last.values())[-1]
        up = d["target"] >= d["baseline"]
        reached += value >= d["target"] if up else value <= d["target"]
    assert panel.caption == ctx.t(
        "dashboard.indicators.caption",
        cities=len(docs),
        measured=len(measured),
        reached=reached,
    )
    assert reached >= 1 and panel.chart is not None
    spec = panel.chart.to_dict()
    assert spec["mark"]["type"] == "line" and spec["encoding"]["color"]["field"] == "city"
    # The funder brief carries the same panel.
    texts = [b.text for b in brief.outline(ctx, ctx.network.name)]
    assert panel.caption in texts


def test_the_network_defines_its_indicators_in_the_settings(world):
    admin = world["admin"]
    network = networks.get_network(admin.network_id)
    rows = indicators.indicators_frame(network)
    rows.loc[len(rows)] = {"key": "waste", "label_en": "Waste", "label_fr": "", "unit": "kg"}
    settings.update_settings(admin, network, {"indicators": indicators.indicators_from_frame(rows)})
    saved = networks.get_network(admin.network_id).indicator("waste")
    assert saved is not None and saved.label.fr == "Waste" and saved.unit == "kg"
    with pytest.raises(PermissionDenied):
        settings.update_settings(world["city_lead"], network, {"indicators": []})
