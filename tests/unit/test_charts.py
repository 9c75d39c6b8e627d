"""Every chart the app builds, on the demo network: it draws what its caption reports.

For each chart builder of services/ (found by name, so a new one fails here until it has a
case, see tests/chart_cases.py): built on every city of the demo where the page would show it,
its spec is valid Vega-Lite (Altair's validation, as `st.altair_chart` does it), its data is
not empty when the page reports data, and every field it encodes exists in its data. Specific
claims follow: the assumption map shows every assumption (no point hidden behind another) on
whole-number axes, and the riskiest share counts what its caption says. That the marks are
drawn at a visible size by Vega is checked in tests/integration/test_chart_rendering.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.experiments import experiments
from tests.chart_cases import (
    CASES,
    CHART_MODULES,
    CHECKED_ELSEWHERE,
    ROOT,
    TITLES,
    Case,
    chart_builders,
    city_lab,
    dataset_columns,
    dataset_rows,
    encoded_fields,
    main_view,
    spec_views,
    valid_spec,
)
from tests.conftest import DemoSnapshot, reading_the_demo

Drawn = Callable[[str], list[tuple[Case, dict]]]


@pytest.fixture(scope="module")
def drawn(demo_snapshot: DemoSnapshot) -> Drawn:
    """`drawn(builder)`: the builder's cases on the demo with their specs (valid Vega-Lite,
    `valid_spec`), built once for this module on the read-only demo (no test here writes)."""
    built: dict[str, list[tuple[Case, dict]]] = {}

    def cases(builder: str) -> list[tuple[Case, dict]]:
        if builder not in built:
            with reading_the_demo(demo_snapshot) as world:
                built[builder] = [(case, valid_spec(case.chart)) for case in CASES[builder](world)]
        return built[builder]

    return cases


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
def test_each_chart_draws_what_its_page_reports(drawn: Drawn, builder):
    cases = drawn(builder)
    assert cases, f"the demo shows no {builder}: nothing would be checked"
    for case, spec in cases:
        view, data = main_view(spec)
        rows = dataset_rows(spec, data)
        assert rows, f"{case.name}: the page reports {case.reported}, the chart has no data"
        count = sum(r[case.drawn] for r in rows) if case.drawn else len(rows)
        assert count == case.reported, f"{case.name}: draws {count}, reports {case.reported}"
        for v, name, made in spec_views(spec):
            columns = dataset_columns(spec, name) | made
            for field in encoded_fields(list(v.get("encoding", {}).values())):
                assert field in columns, f"{case.name}: encodes {field!r}, data has {columns}"


def test_the_assumption_map_shows_every_assumption_on_whole_number_axes(drawn: Drawn):
    shared = 0
    for case, spec in drawn("assumption_map_chart"):
        view, data = main_view(spec)
        rows = dataset_rows(spec, data)
        spots = [(r["evidence"], r["importance"]) for r in rows]
        assert len(spots) == len(set(spots)), f"{case.name}: a point hides another"
        shared += sum(1 for r in rows if r["assumptions"] > 1)
        for channel in ("x", "y"):
            assert view["encoding"][channel]["axis"]["format"] == "d"
    # The demo has assumptions with the same scores: they are counted on one point, labelled.
    assert shared, "no shared point in the demo: the count label is not exercised"


def test_the_riskiest_share_counts_what_its_caption_says(drawn: Drawn, readonly_world):
    for case, spec in drawn("riskiest_tested_chart"):
        city = case.name.split("/")[1]
        assumptions, items, _ = city_lab(readonly_world, city)
        share = experiments.riskiest_tested(assumptions, items)
        _, data = main_view(spec)
        counts = {r["state"]: r["assumptions"] for r in dataset_rows(spec, data)}
        assert counts == {
            TITLES["tested"]: share["tested"],
            TITLES["untested"]: share["riskiest"] - share["tested"],
        }
