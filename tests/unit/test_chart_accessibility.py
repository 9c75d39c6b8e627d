"""Every chart the app builds has a text alternative (Vega-Lite `description`) in the language
it is given, readable text, and colours from the colour-blind-safe scheme."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import pathlib

import altair as alt
import pandas as pd
import pytest

from models import plan as pm
from models.experiment import Experiment
from services.core import charts, i18n
from services.dashboard import charts as dashboard_chart_module
from services.experiments import charts as experiment_charts
from services.experiments import experiments, outcomes
from services.plans import charts as plan_charts
from services.reporting import charts as reporting_charts
from tests.chart_cases import valid_spec

ROOT = pathlib.Path(__file__).resolve().parents[2]
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
}
TITLES = {
    k: k.title()
    for k in [
        "date",
        "value",
        "target",
        "importance",
        "evidence",
        "riskiest",
        "assumption",
        "category",
        "experiments",
        "outcome",
        "share",
        "state",
        "tested",
        "untested",
        "assumptions",
    ]
}


def chart_builders() -> set[str]:
    """module:function of every `*_chart` function in a services/*/charts.py."""
    found = set()
    for path in sorted((ROOT / "services").glob("*/charts.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = importlib.import_module(name)
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fname.endswith("_chart") and fn.__module__ == name:
                found.add(f"{name}:{fname}")
    return found


WHO = {"recorded_by": "u1", "recorded_at": dt.datetime(2026, 3, 15, tzinfo=dt.UTC)}


def experiment() -> Experiment:
    return Experiment.model_validate(
        {
            "id": "e1",
            "city_id": "c1",
            "network_id": "n1",
            "title": "Evening round",
            "start": dt.date(2026, 3, 1),
            "end": dt.date(2026, 5, 1),
            "unit": "orders",
            "criterion": {"kind": "numeric", "target": 120, "comparison": ">="},
            "results": [
                {"id": "r1", "date": dt.date(2026, 3, 8), "value": 90, "unit": "orders", **WHO},
                {"id": "r2", "date": dt.date(2026, 3, 15), "value": 130, "unit": "orders", **WHO},
            ],
        }
    )


@functools.cache
def built(lang: str) -> dict[str, alt.TopLevelMixin]:
    """Each builder's chart, with a description in `lang` (built once a language)."""
    say = {"en": "Described", "fr": "Décrit"}[lang]
    cities = pd.DataFrame({"stage": ["Scoping", "Planning", "Planning"]})
    assumptions = pd.DataFrame(
        {
            "belief": ["People will share", "Shops will pay"],
            "category": ["people", "money"],
            "importance": [5, 2],
            "evidence": [1, 4],
            "riskiest": [True, False],
        }
    )
    by_category = pd.DataFrame(
        {
            "category": ["people", "people"],
            "outcome": ["validated", "not_run"],
            "experiments": [2, 1],
        }
    )
    section = pm.StakeholdersSection(
        stakeholders=[{"organisation": "Mairie", "sector": "public", "power": 5, "interest": 4}]
    )
    e = experiment()
    labels = {o: o for o in outcomes.OUTCOMES}
    compliance_rows = pd.DataFrame(
        {
            "city_id": ["c1", "c2"],
            "cycle": ["2026-Q1", "2026-Q1"],
            "end": [dt.date(2026, 3, 31)] * 2,
            "state": ["accepted", "missing"],
        }
    )
    return {
        "services.core.charts:stage_distribution_chart": charts.stage_distribution_chart(
            cities, ["Scoping", "Planning"], "Stage", "Cities", say
        ),
        "services.experiments.charts:results_chart": experiment_charts.results_chart(
            e, experiments.results_frame(e), TITLES, say
        ),
        "services.experiments.charts:assumption_map_chart": (
            experiment_charts.assumption_map_chart(assumptions, TITLES, say)
        ),
        "services.experiments.charts:outcomes_by_category_chart": (
            experiment_charts.outcomes_by_category_chart(by_category, {}, labels, TITLES, say)
        ),
        "services.experiments.charts:riskiest_tested_chart": (
            experiment_charts.riskiest_tested_chart(
                {"riskiest": 3, "tested": 1, "share": 1 / 3}, TITLES, say
            )
        ),
        "services.plans.charts:power_interest_chart": plan_charts.power_interest_chart(
            section, lang
        ),
        "services.reporting.charts:compliance_chart": reporting_charts.compliance_chart(
            compliance_rows, {}, {}, say, lang
        ),
        "services.reporting.charts:mood_chart": reporting_charts.mood_chart(
            pd.DataFrame({"month": ["2026-01", "2026-02"], "mood": [3.2, 2.5], "checkins": [4, 5]}),
            {"month": "Month", "mood": "Mood"},
            say,
            lang,
        ),
        **dashboard_charts(say, lang),
        "services.workshops.charts:grid_chart": grid_chart(lang),
    }


def grid_chart(lang: str):
    """The workshop grid on a small board (its description is the template's own text)."""
    from models import workshops as wm
    from services.workshops import boards
    from services.workshops import charts as workshop_charts

    workshop = wm.Workshop.model_validate(
        {
            "network_id": "n1",
            "city_id": "c1",
            "title": "Map",
            "template": "impact_effort",
            "code": "ABCDEFGH",
        }
    )
    note = boards.BoardNote(
        id="n1",
        column="ideas",
        text="Idea",
        author="",
        votes=2,
        mine=False,
        my_votes=0,
        group_id=None,
        x=2,
        y=4,
        sector=None,
        revision=0,
    )
    board = boards.Board(workshop=workshop, notes=[note], participants=1, hidden=0)
    return workshop_charts.grid_chart(board, lang)


class _Titles(dict):
    def __missing__(self, key: str) -> str:
        return key.title()


def dashboard_charts(say: str, lang: str) -> dict[str, object]:
    """The dashboard's builders, on small frames of the shape its panels give them."""
    titles = _Titles()
    common = {"titles": titles, "description": say, "lang": lang}
    cells = pd.DataFrame(
        {
            "city": ["Dakar", "Ghent"],
            "city_id": ["c1", "c2"],
            "stage": ["A", "B"],
            "share": [1, 0.5],
        }
    )
    months = pd.DataFrame(
        {"month": ["2026-01-01", "2026-02-01"], "cities": [3, 4], "stage": ["A", "B"]}
    )
    counts = pd.DataFrame({"city": ["Dakar", "Ghent"], "n": [2, 3], "outcome": ["x", "y"]})
    name = "services.dashboard.charts:"
    return {
        name + "heatmap_chart": dashboard_chart_module.heatmap_chart(
            cells, city_order=["Dakar", "Ghent"], stage_order=["A", "B"], **common
        ),
        name + "stacked_area_chart": dashboard_chart_module.stacked_area_chart(
            months, x="month", y="cities", colour="stage", colour_order=["A", "B"], **common
        ),
        name + "stacked_bar_chart": dashboard_chart_module.stacked_bar_chart(
            counts, category="city", value="n", colour="outcome", colour_order=["x", "y"], **common
        ),
        name + "bar_chart": dashboard_chart_module.bar_chart(
            counts, category="city", value="n", **common
        ),
        name + "column_chart": dashboard_chart_module.column_chart(
            counts, x="city", y="n", **common
        ),
        name + "monthly_lines_chart": dashboard_chart_module.monthly_lines_chart(
            pd.DataFrame(
                {
                    "day": pd.to_datetime(["2026-01-01", "2026-02-01"]),
                    "month": ["2026-01", "2026-02"],
                    "city": ["Dakar", "Ghent"],
                    "value": [3.0, 4.5],
                    "target": [5.0, 6.0],
                }
            ),
            **common,
        ),
    }


def test_every_chart_builder_is_checked_here():
    assert set(built("en")) == chart_builders()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_has_a_description_in_the_interface_language(lang):
    for name, chart in built(lang).items():
        spec = valid_spec(chart)
        description = spec.get("description", "")
        assert description.strip(), f"{name} has no description"
        if name.endswith("grid_chart"):
            assert "2x2" in description
        elif name.endswith("power_interest_chart"):
            assert description == i18n.t("chart.desc.power_interest", lang, count=1)
        else:
            assert description == {"en": "Described", "fr": "Décrit"}[lang]
        # Axis and legend text in the theme's ink (4.5:1 and more on white).
        assert spec["config"]["axis"]["labelColor"] == charts.INK
        assert spec["config"]["legend"]["labelColor"] == charts.INK


def test_a_chart_without_a_description_is_refused():
    bars = pd.DataFrame({"stage": ["Scoping"]})
    with pytest.raises(ValueError):
        charts.stage_distribution_chart(bars, ["Scoping"], "Stage", "Cities", "  ")


def test_colours_are_okabe_ito_and_meaning_has_a_second_cue():
    assert set(charts.PALETTE) <= OKABE_ITO
    assert set(experiment_charts.OUTCOME_COLOURS.values()) - {"#BBBBBB"} <= OKABE_ITO
    # Every outcome has its own symbol, shown with its colour on the bars and in the legend.
    symbols = experiment_charts.OUTCOME_SYMBOLS
    assert set(symbols) == set(outcomes.OUTCOMES) and len(set(symbols.values())) == len(symbols)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_chart_descriptions_are_translated(locale):
    for key in (
        "chart.desc.stages",
        "chart.desc.results",
        "chart.desc.assumption_map",
        "chart.desc.outcomes",
        "chart.desc.riskiest_tested",
        "chart.desc.power_interest",
        "chart.data",
        "chart.csv",
    ):
        assert i18n.has(key)
        assert i18n.t(
            key,
            locale,
            total=1,
            count=1,
            title="t",
            unit="u",
            target=1,
            riskiest=1,
            tested=1,
            share=1,
        )
