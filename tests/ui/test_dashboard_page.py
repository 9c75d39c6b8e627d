"""The dashboard page: renders for every role and every view, filters come from and go to the
URL, a city team sees only its own cities, the progress page opens a linked city."""

from __future__ import annotations

import datetime as dt

import pytest

from models.user import ROLES
from screens._dashboard import data
from services.core import i18n, permissions, store
from services.dashboard import methods, views
from tests.ui.conftest import has, open_page, problems

PAGE = "screens/dashboard.py"
VIEWS = ("stages", "experiments", "methods", "engagement", "plans", "attention")


@pytest.mark.parametrize("role", ROLES)
def test_every_view_renders_for_every_role(world, role):
    user = world[role]
    assert permissions.scope(user, "dashboard.read") is not None
    for view in VIEWS:
        at = open_page(user.id, PAGE, query={"view": view})
        assert not problems(at), (role, view, problems(at))
        assert at.title[0].value == i18n.t("dashboard.title", "en")
        assert at.session_state["dashboard.view"] == view


def test_the_url_sets_the_filters_and_the_filters_set_the_url(world):
    at = open_page("demo-coordinator", PAGE, query={"cluster": "Open data", "period": "6m"})
    assert not problems(at)
    assert at.selectbox(key="dashboard.filter.cluster").value == "Open data"
    assert at.selectbox(key="dashboard.filter.period").value == "6m"
    intro = i18n.t("dashboard.intro", "en", count=3, date="")  # Nairobi, Tunis, Bilbao
    assert any(c.value.startswith(intro.split(" ")[0] + " ") for c in at.caption)
    at.selectbox(key="dashboard.filter.country").set_value("TN").run()  # shown as "Tunisia"
    assert not problems(at)
    assert at.query_params["country"] in ("TN", ["TN"])
    assert at.query_params["cluster"] in ("Open data", ["Open data"])


def test_unknown_filter_values_in_the_url_are_ignored(world):
    at = open_page("demo-coordinator", PAGE, query={"cluster": "$where", "stage": "nope"})
    assert not problems(at)
    assert at.selectbox(key="dashboard.filter.cluster").value == ""


def test_a_city_lead_sees_only_their_city(world):
    at = open_page(world["city_lead"].id, PAGE, query={"view": "attention"})
    assert not problems(at)
    assert has(at, "selectbox", "dashboard.filter.cluster")
    intro = [c.value for c in at.caption if c.value.startswith("1 ")]
    assert intro, [c.value for c in at.caption]


def test_what_works_where_opens_one_method_cards(world):
    at = open_page("demo-coordinator", PAGE, query={"view": "methods"})
    assert not problems(at)
    at.selectbox(key="dashboard.methods.pick").set_value("sms_reminders").run()
    assert not problems(at)
    heading = i18n.t("dashboard.methods.cards", "en", method="SMS reminders")
    assert heading in [h.value for h in at.subheader]
    cards = at.dataframe[-1].value
    used = store.get().count("experiments", {"method_key": "sms_reminders"})
    assert used and len(cards) == used  # no learning card yet: one row per experiment


def test_the_progress_page_opens_the_linked_city_with_its_header(world):
    at = open_page("demo-coordinator", "screens/progress.py", query={"city": "city-0010"})
    assert not problems(at)
    assert at.selectbox(key="progress.city").value == "city-0010"
    labels = [m.label for m in at.metric]
    assert i18n.t("dashboard.header.days", "en") in labels


def test_each_chart_offers_png_svg_and_csv_and_the_page_a_funder_brief(world):
    at = open_page("demo-coordinator", PAGE, query={"view": "experiments"})
    assert not problems(at)
    buttons = at.get("download_button")
    keys = {b.key for b in buttons}
    for panel in ("outcomes_by_city", "decisions", "riskiest"):
        for ext in ("csv", "png", "svg"):
            assert f"dashboard.chart.{panel}.{ext}" in keys, (panel, ext, keys)
    assert {"dashboard.brief.pdf", "dashboard.brief.docx"} <= keys


def test_the_header_counts_validated_of_the_citys_own_experiments(world):
    """A city whose experiments are all still in design: never "0 of 0", but "none of N
    finished yet", N its experiments counted here from the raw documents."""
    tests = store.get().find("experiments", {"city_id": "city-0007"})
    assert tests and all(t["status"] in ("design", "running") for t in tests)
    assert all(t["end"].date() >= dt.date.today() for t in tests)
    at = open_page("demo-coordinator", "screens/progress.py", query={"city": "city-0007"})
    assert not problems(at)
    label = i18n.t("dashboard.header.outcomes", "en")
    assert label in [c.value for c in at.caption]
    # Written out whole (st.metric would cut it to one short line).
    assert f"**none of {len(tests)} finished yet**" in [m.value for m in at.markdown]


def test_the_attention_list_shows_its_first_cities_and_says_how_many_more(world, monkeypatch):
    """A reader of every city sees the first cities of the ranking (read alone), the count of
    all of them (the rollup's), and a CSV that has them all (built on click)."""
    from screens._dashboard import render
    from services.dashboard import attention, panels, views

    overview = views.load(world["coordinator"])
    every = attention.attention_frame(
        panels.Context(overview.network, list(overview.cities), overview.today, "en")
    )
    assert len(every) > 3
    monkeypatch.setattr(attention, "SHOWN", 3)
    monkeypatch.setattr(render, "ATTENTION_SHOWN", 2)
    at = open_page("demo-coordinator", PAGE, query={"view": "attention"})
    assert not problems(at)
    table = at.dataframe[-1].value
    assert list(table[panels.column_label("city", "en")]) == list(every["city"].head(3))
    captions = [c.value for c in at.caption]
    more = i18n.t("dashboard.attention.more", "en", count=len(every) - 2)
    assert more in captions, captions
    shown = i18n.t("dashboard.rows_shown", "en", shown=3, total=len(every))
    assert shown in captions, captions


def test_the_glance_names_the_first_cities_and_counts_the_others(world, monkeypatch):
    # One city named per method: the others are counted ("and 2 more"), as many as the raw
    # experiments say tried it; the glance's CSV (built on click) lists every one.
    monkeypatch.setattr(methods, "GLANCE_SHOWN", 1)
    at = open_page("demo-coordinator", PAGE, query={"view": "methods"})
    assert not problems(at)
    db = store.get()
    tried: dict[str, set[str]] = {}
    for e in db.find("experiments", {}):
        if e.get("method_key"):
            tried.setdefault(e["method_key"], set()).add(e["city_id"])
    network = db.find_one("networks", {})
    labels = {m["key"]: m["label"]["en"] for m in network["methods"]}
    texts = [t.value for t in at.text]
    checked = 0
    for key, cities in tried.items():
        if key not in labels:
            continue
        (line,) = [t for t in texts if t.startswith(f"{labels[key]}: ")]
        more = i18n.t("dashboard.glance.more", "en", count=len(cities) - 1)
        assert line.endswith(more) == (len(cities) > 1), line
        checked += len(cities) > 1
    assert checked  # some method was tried in several cities
    snap = data.snapshot(world["coordinator"])
    full = data.full_glance(snap, views.Filters(), "en")
    kind = i18n.t("dashboard.column.kind", "en") if i18n.has("dashboard.column.kind") else "kind"
    rows = full[full[kind] == "method"]
    assert len(rows) == sum(len(c) for k, c in tried.items() if k in labels)
