"""Every chart builder of services/ with the cases its pages build on the demo network, and
readers of a chart's Vega-Lite spec. Shared by tests/unit/test_charts.py (what each chart
draws, from its spec) and tests/integration/test_chart_rendering.py (drawn by Vega)."""

from __future__ import annotations

import importlib
import inspect
import json
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import altair as alt

from models import plan as pm
from models.base import utcnow
from services.experiments import charts as experiment_charts
from services.experiments import experiments
from services.network import networks
from services.plans import charts as plan_charts
from services.plans import plans

ROOT = pathlib.Path(__file__).resolve().parents[1]
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


@dataclass
class Case:
    """One chart as a page builds it, and how many things the page says it shows."""

    name: str
    chart: alt.TopLevelMixin
    reported: int  # what the caption or heading reports (rows, assumptions, entries ...)
    drawn: str | None = None  # the data column whose sum is that number; None: rows


# Altair names each inline dataset after a hash of its rows.
DATASET_NAME = re.compile(r"data-[0-9a-f]{32}")
_VALIDATED: set[str] = set()


def valid_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's spec, valid Vega-Lite: Altair validates it as `st.altair_chart` does, once
    for every spec that differs from those already validated by more than its data (the
    schema leaves inline data free)."""
    found = chart.to_dict(validate=False)
    apart_from_data = DATASET_NAME.sub(
        "data", json.dumps({**found, "datasets": None}, sort_keys=True, default=str)
    )
    if apart_from_data not in _VALIDATED:
        assert chart.to_dict() == found  # raises when the spec is not valid Vega-Lite
        _VALIDATED.add(apart_from_data)
    return found


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


def city_lab(world, city_id: str):
    admin = world["admin"]
    assumptions = experiments.list_assumptions(admin, city_id)
    items = experiments.list_experiments(admin, city_id)
    found = experiments.city_outcomes(items, experiments.list_learnings(admin, city_id))
    return assumptions, items, found


def results_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        _, items, _ = city_lab(world, city.id)
        for e in items:
            values = [r for r in e.results if r.value is not None]
            if e.criterion.kind == "numeric" and values:
                frame = experiments.results_frame(e)
                chart = experiment_charts.results_chart(e, frame, TITLES, "Results")
                yield Case(f"results_chart/{e.id}", chart, len(values))


def assumption_map_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        assumptions, items, found = city_lab(world, city.id)
        if assumptions:
            frame = experiments.assumptions_frame(assumptions, items, found)
            chart = experiment_charts.assumption_map_chart(frame, TITLES, "Map")
            yield Case(
                f"assumption_map_chart/{city.id}", chart, len(assumptions), drawn="assumptions"
            )


def outcomes_by_category_cases(world) -> Iterator[Case]:
    for city in _cities(world):
        assumptions, items, found = city_lab(world, city.id)
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
        assumptions, items, _ = city_lab(world, city.id)
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
    from services.workshops import boards
    from services.workshops import charts as workshop_charts

    for doc in store.get().find(collections.WORKSHOPS, {}):
        board = boards.facilitator_board(world["admin"], doc["_id"])
        if board.workshop.grid:
            placed = workshop_charts.grid_frame(board)
            if not placed.empty:  # the results: every placed note on the grid
                chart = workshop_charts.grid_chart(board, "en")
                yield Case(f"grid_chart/{doc['_id']}", chart, len(placed))


def mood_cases(world) -> Iterator[Case]:
    from services.dashboard import listening, panels, views

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


def spec_views(spec: dict, data: str | None = None, derived: frozenset = frozenset()):
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
            yield from spec_views(layer, data, frozenset(made))
    else:
        yield spec, data, frozenset(made)


def encoded_fields(encoding: Any) -> Iterator[str]:
    """Field names an encoding reads (tooltips lists and conditions included)."""
    if isinstance(encoding, list):
        for item in encoding:
            yield from encoded_fields(item)
    elif isinstance(encoding, dict):
        if isinstance(encoding.get("field"), str):
            yield encoding["field"]
        for key in ("condition",):
            if key in encoding:
                yield from encoded_fields(encoding[key])


def dataset_columns(spec: dict, name: str | None) -> set[str]:
    rows = spec.get("datasets", {}).get(name, [])
    return {column for row in rows for column in row}


def dataset_rows(spec: dict, name: str | None) -> list[dict]:
    return spec.get("datasets", {}).get(name, [])


def main_view(spec: dict) -> tuple[dict, str | None]:
    """The view that draws the data (the last layer whose data is not a constant helper:
    the one with the most encoded fields from its own dataset)."""
    views = list(spec_views(spec))
    return max(
        ((v, d) for v, d, _ in views),
        key=lambda vd: len(set(encoded_fields(list(vd[0].get("encoding", {}).values())))),
    )
