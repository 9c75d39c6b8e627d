"""Every chart the app builds, on the demo network: it draws what its caption reports.

For each chart builder of services/ (found by name, so a new one fails here until it has a
case): built on every city of the demo where the page would show it, its data is not empty
when the page reports data, every field it encodes exists in its data, and drawn by Vega with
Streamlit's chart theme (autosize "fit" inside the padding, a phone-wide column) it draws
marks of a visible size. Specific claims follow: the assumption map shows every assumption
(no point hidden behind another) on whole-number axes, and the riskiest share counts what its
caption says.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import altair as alt
import pytest
import vl_convert

from models import plan as pm
from models.base import utcnow
from services.experiments import charts as experiment_charts
from services.experiments import experiments
from services.network import networks
from services.plans import charts as plan_charts
from services.plans import plans

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHART_MODULES = (
    "services.core.charts",
    "services.plans.charts",
    "services.experiments.charts",
    "services.reporting.charts",
    "services.workshops.charts",
)
# The dashboard's builders are checked panel by panel (data when the caption reports data, a
# description, every encoded field present, both languages) in tests/unit/test_dashboard.py.
CHECKED_ELSEWHERE = ("services.dashboard.charts",)
TITLES = {
    k: k.title()
    for k in (
        "date",
        "value",
        "importance",
        "evidence",
        "experiments",
        "outcome",
        "category",
        "assumption",
        "assumptions",
        "share",
        "state",
        "tested",
        "untested",
        "target",
        "riskiest",
    )
}
# Streamlit 1.67's chart theme (frontend CustomTheme: sizes in px of its default theme), the
# parts that take room from the plot: that is how `st.altair_chart` lays a chart out.
STREAMLIT_THEME = {
    "autosize": {"type": "fit", "contains": "padding"},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "ticks": False,
        "domain": False,
        "titlePadding": 16,
        "labelPadding": 16,
        "labelSeparation": 2,
        "labelLimit": 100,
    },
    "legend": {
        "labelFontSize": 14,
        "titleFontSize": 14,
        "titlePadding": 8,
        "labelPadding": 16,
        "columnPadding": 8,
        "rowPadding": 2,
        "padding": 8,
    },
    "view": {"continuousHeight": 350, "continuousWidth": 400, "strokeWidth": 0},
}
PHONE_COLUMN_PX = 320
MIN_BAR_PX = 8


@dataclass
class Case:
    """One chart as a page builds it, and how many things the page says it shows."""

    name: str
    chart: alt.TopLevelMixin
    reported: int  # what the caption or heading reports (rows, assumptions, entries ...)
    drawn: str | None = None  # the data column whose sum is that number; None: rows


# --- the cases: each builder on the demo, as its page calls it ---------------------------------


def _cities(world) -> list:
    return networks.list_cities(world["admin"])


def stage_distribution_cases(world) -> Iterator[Case]:
    from services.core import charts

    network = networks.get_network(world["admin"].network_id)
    frame = networks.cities_frame(network, _cities(world), "en")
    labels = [s.label.get("en") for s in network.stages]
    # home: "Cities (12)" above the chart
    chart = charts.stage_distribution_chart(frame, labels, "Stage", "Cities", "Stages")
    yield Case("stage_distribution_chart", chart, len(frame), drawn="cities")


def power_interest_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        plan = plans.get_plan(world["admin"], city.id)
        content = plan.sections["stakeholders"].content if plan else None
        if isinstance(content, pm.StakeholdersSection) and content.stakeholders:
            chart = plan_charts.power_interest_chart(content, "en")
            yield Case(f"power_interest_chart/{city.id}", chart, len(content.stakeholders))


def _lab(world, city_id: str):
    admin = world["admin"]
    assumptions = experiments.list_assumptions(admin, city_id)
    items = experiments.list_experiments(admin, city_id)
    found = experiments.city_outcomes(items, experiments.list_learnings(admin, city_id))
    return assumptions, items, found


def results_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        _, items, _ = _lab(world, city.id)
        for e in items:
            values = [r for r in e.results if r.value is not None]
            if e.criterion.kind == "numeric" and values:
                frame = experiments.results_frame(e)
                chart = experiment_charts.results_chart(e, frame, TITLES, "Results")
                yield Case(f"results_chart/{e.id}", chart, len(values))


def assumption_map_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        assumptions, items, found = _lab(world, city.id)
        if assumptions:
            frame = experiments.assumptions_frame(assumptions, items, found)
            chart = experiment_charts.assumption_map_chart(frame, TITLES, "Map")
            yield Case(
                f"assumption_map_chart/{city.id}", chart, len(assumptions), drawn="assumptions"
            )


def outcomes_by_category_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        assumptions, items, found = _lab(world, city.id)
        if items:
            frame = experiments.outcomes_by_category_frame(assumptions, items, found)
            chart = experiment_charts.outcomes_by_category_chart(
                frame, {}, {o: o for o in experiments.outcomes.OUTCOMES}, TITLES, "Outcomes"
            )
            # Each experiment counts once per category it tests: at least once.
            yield Case(
                f"outcomes_by_category_chart/{city.id}",
                chart,
                int(frame["experiments"].sum()),
                drawn="experiments",
            )


def riskiest_tested_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        assumptions, items, _ = _lab(world, city.id)
        share = experiments.riskiest_tested(assumptions, items)
        if share["riskiest"]:  # the caption: "{tested} of {riskiest} riskiest ... tested"
            chart = experiment_charts.riskiest_tested_chart(share, TITLES, "Riskiest")
            yield Case(
                f"riskiest_tested_chart/{city.id}", chart, share["riskiest"], drawn="assumptions"
            )


def compliance_cases(world) -> Iterator[Case]:
    from services.reporting import charts as reporting_charts
    from services.reporting import compliance

    network = networks.get_network(world["admin"].network_id)
    frame = compliance.compliance_frame(network, _cities(world), utcnow().date())
    # the reports page: one row per city and cycle in the table above the chart
    chart = reporting_charts.compliance_chart(frame, {}, {}, "Compliance")
    yield Case("compliance_chart", chart, len(frame), drawn="count")


def grid_cases(world) -> Iterator[Case]:
    from services.core import collections, store
    from services.workshops import charts as workshop_charts
    from services.workshops import workshops

    for doc in store.get().find(collections.WORKSHOPS, {}):
        board = workshops.facilitator_board(world["admin"], doc["_id"])
        if board.workshop.grid:
            placed = workshop_charts.grid_frame(board)
            if not placed.empty:  # the results: every placed note on the grid
                chart = workshop_charts.grid_chart(board, "en")
                yield Case(f"grid_chart/{doc['_id']}", chart, len(placed))


def mood_cases(world) -> Iterator[Case]:
    from services.dashboard import panels, views
    from services.reporting import panels as listening

    overview = views.load(world["coordinator"], None)
    ctx = panels.Context(overview.network, list(overview.cities), overview.today, "en")
    view = listening.mood_panel(ctx)
    # the panel's caption speaks of these months; the chart draws one point per month
    yield Case("mood_chart", view.chart, len(view.frame))


CASES = {
    "mood_chart": mood_cases,
    "grid_chart": grid_cases,
    "compliance_chart": compliance_cases,
    "stage_distribution_chart": stage_distribution_cases,
    "power_interest_chart": power_interest_cases,
    "results_chart": results_cases,
    "assumption_map_chart": assumption_map_cases,
    "outcomes_by_category_chart": outcomes_by_category_cases,
    "riskiest_tested_chart": riskiest_tested_cases,
}


def chart_builders() -> set[str]:
    """Every public `*_chart` function of the chart modules."""
    names = set()
    for module_name in CHART_MODULES:
        module = importlib.import_module(module_name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module_name and name.endswith("_chart"):
                names.add(name)
    return names


# --- reading a spec ---------------------------------------------------------------------------


def _views(spec: dict, data: str | None = None, derived: frozenset = frozenset()):
    """(view, dataset name, fields made by transforms) of every view, layers included."""
    data = spec.get("data", {}).get("name", data)
    made = set(derived)
    for t in spec.get("transform", []):
        for key in ("as",):
            value = t.get(key)
            made.update(value if isinstance(value, list) else [value] if value else [])
        for agg in t.get("aggregate", []) + t.get("window", []) + t.get("joinaggregate", []):
            made.add(agg.get("as"))
    if "layer" in spec:
        for layer in spec["layer"]:
            yield from _views(layer, data, frozenset(made))
    else:
        yield spec, data, frozenset(made)


def _fields(encoding: Any) -> Iterator[str]:
    """Field names an encoding reads (tooltips lists and conditions included)."""
    if isinstance(encoding, list):
        for item in encoding:
            yield from _fields(item)
    elif isinstance(encoding, dict):
        if isinstance(encoding.get("field"), str):
            yield encoding["field"]
        for key in ("condition",):
            if key in encoding:
                yield from _fields(encoding[key])


def _columns(spec: dict, name: str | None) -> set[str]:
    rows = spec.get("datasets", {}).get(name, [])
    return {column for row in rows for column in row}


def _rows(spec: dict, name: str | None) -> list[dict]:
    return spec.get("datasets", {}).get(name, [])


def _main_view(spec: dict) -> tuple[dict, str | None]:
    """The view that draws the data (the last layer whose data is not a constant helper:
    the one with the most encoded fields from its own dataset)."""
    views = list(_views(spec))
    return max(
        ((v, d) for v, d, _ in views),
        key=lambda vd: len(set(_fields(list(vd[0].get("encoding", {}).values())))),
    )


def _render(spec: dict) -> str:
    themed = {**spec, "config": STREAMLIT_THEME, "width": PHONE_COLUMN_PX}
    return vl_convert.vegalite_to_svg(themed)


_BAR = re.compile(r'aria-roledescription="bar" d="M[-\d.e]+,[-\d.e]+h([-\d.e]+)v([-\d.e]+)')
_SYMBOL = re.compile(r'role="graphics-symbol"')


def _band_channel(view: dict) -> str:
    """The channel a bar's thickness runs along: y for horizontal bars (or no x category)."""
    x = view.get("encoding", {}).get("x", {})
    return "x" if x.get("type") in ("nominal", "ordinal") else "y"


# --- the tests ---------------------------------------------------------------------------------


def test_every_chart_builder_has_a_case():
    assert chart_builders() == set(CASES)
    # And the chart modules are the only ones that build charts.
    building = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "services").rglob("*.py")
        if "alt.Chart(" in p.read_text(encoding="utf-8")
    }
    assert building <= set(CHART_MODULES) | set(CHECKED_ELSEWHERE)


@pytest.mark.parametrize("builder", sorted(CASES))
def test_each_chart_draws_what_its_page_reports(world, builder):
    cases = list(CASES[builder](world))
    assert cases, f"the demo shows no {builder}: nothing would be checked"
    for case in cases:
        spec = case.chart.to_dict()
        view, data = _main_view(spec)
        rows = _rows(spec, data)
        assert rows, f"{case.name}: the page reports {case.reported}, the chart has no data"
        drawn = sum(r[case.drawn] for r in rows) if case.drawn else len(rows)
        assert drawn == case.reported, f"{case.name}: draws {drawn}, reports {case.reported}"
        for v, name, made in _views(spec):
            columns = _columns(spec, name) | made
            for field in _fields(list(v.get("encoding", {}).values())):
                assert field in columns, f"{case.name}: encodes {field!r}, data has {columns}"


@pytest.mark.parametrize("builder", sorted(CASES))
def test_each_chart_is_drawn_visibly_in_streamlits_layout(world, builder):
    for case in CASES[builder](world):
        spec = case.chart.to_dict()
        svg = _render(spec)
        assert _SYMBOL.search(svg), f"{case.name}: no mark drawn"
        bar_views = [v for v, _, _ in _views(spec) if "bar" in str(v.get("mark"))]
        for view in bar_views:
            axis = _band_channel(view)
            for width, height in _BAR.findall(svg):
                thickness = abs(float(width if axis == "x" else height))
                assert thickness >= MIN_BAR_PX, f"{case.name}: a bar {thickness:.1f} px thick"


def test_the_assumption_map_shows_every_assumption_on_whole_number_axes(world):
    shared = 0
    for case in assumption_map_cases(world):
        spec = case.chart.to_dict()
        view, data = _main_view(spec)
        rows = _rows(spec, data)
        spots = [(r["evidence"], r["importance"]) for r in rows]
        assert len(spots) == len(set(spots)), f"{case.name}: a point hides another"
        shared += sum(1 for r in rows if r["assumptions"] > 1)
        for channel in ("x", "y"):
            assert view["encoding"][channel]["axis"]["format"] == "d"
        labels = re.findall(r">(\d+(?:\.\d+)?)</text>", _render(spec))
        assert labels and not [t for t in labels if "." in t], f"{case.name}: {labels}"
    # The demo has assumptions with the same scores: they are counted on one point, labelled.
    assert shared, "no shared point in the demo: the count label is not exercised"


def test_the_riskiest_share_counts_what_its_caption_says(world):
    for case in riskiest_tested_cases(world):
        city = case.name.split("/")[1]
        assumptions, items, _ = _lab(world, city)
        share = experiments.riskiest_tested(assumptions, items)
        spec = case.chart.to_dict()
        _, data = _main_view(spec)
        counts = {r["state"]: r["assumptions"] for r in _rows(spec, data)}
        assert counts == {
            TITLES["tested"]: share["tested"],
            TITLES["untested"]: share["riskiest"] - share["tested"],
        }
