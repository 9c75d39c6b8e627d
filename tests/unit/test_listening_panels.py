"""The dashboard's listening panels and the "mood falling" / "report overdue" reasons, on the
demo network: numbers in the caption equal the frame's, charts are described, French works."""

from __future__ import annotations

import datetime as dt

import pytest

from models.reporting import CheckinInput
from services.core import formats
from services.dashboard import attention, panels, views
from services.reporting import checkins, coordination
from services.reporting import panels as listening

KEYS = ("mood", "mood_by_city", "blockers", "help", "compliance", "followups")


def _ctx(world, lang="en", today=None):
    overview = views.load(world["coordinator"], today)
    return panels.Context(overview.network, list(overview.cities), overview.today, lang)


def test_the_listening_panels_are_appended_once():
    keys = [p.key for p in panels.PANELS]
    assert all(keys.count(k) == 1 for k in KEYS)
    assert keys[: len(keys) - len(KEYS)] == [k for k in keys if k not in KEYS]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_panel_has_a_described_chart_and_its_numbers(world, key, lang):
    ctx = _ctx(world, lang)
    panel = next(p for p in panels.PANELS if p.key == key)
    view = panel.build(ctx)
    assert not view.frame.empty, key
    assert view.chart is not None
    spec = view.chart.to_dict()
    assert spec["description"] == view.caption
    assert view.caption != panels.i18n.t("dashboard.caption.no_data", lang)


def test_mood_caption_states_the_last_month_of_the_frame(world):
    ctx = _ctx(world)
    view = listening.mood_panel(ctx)
    last = view.frame.iloc[-1]
    newest = listening.checkins_frame(ctx)["date"].max()
    month = formats.month(f"{newest.year}-{newest.month:02d}", "en")  # "November 2026"
    assert last["month"] == formats.month(f"{newest.year}-{newest.month:02d}", "en", "LLL y")
    assert f"in {month} ({int(last['checkins'])} check-ins)" in view.caption
    assert view.frame["mood"].between(1, 5).all()


def test_followups_panel_counts_the_open_one_and_closing_it_empties_it(world):
    view = listening.followups_panel(_ctx(world))
    assert len(view.frame) == 1 and view.caption.startswith("1 follow-ups open")
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
    # a city whose last check-ins fall sharply
    lead, today = world["city_lead"], checkins.today()
    for days, mood in ((100, 5), (90, 5), (80, 5), (10, 1), (5, 1)):
        day = today - dt.timedelta(days=days)
        checkins.create_checkin(lead, "city-0001", CheckinInput(date=day, mood=mood))
    reasons = listening.attention_reasons(_ctx(world))
    assert "mood_falling" in [r for r, _v in reasons["city-0001"]]
    frame = attention.attention_frame(_ctx(world))
    row = frame[frame["city_id"] == "city-0001"].iloc[0]
    assert "mood falling" in row["why"]
