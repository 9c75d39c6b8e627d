"""The dashboard's chart builders: a tidy frame in, an `alt.Chart` out (pure, so that a test
reads `to_dict()` and an export can render it with vl-convert). Every chart carries a Vega-Lite
`description` (what a screen reader announces) and the reader's number and date locale."""

from __future__ import annotations

import altair as alt
import pandas as pd

from services.core import charts

# The selection a page reads to open the city clicked in a chart (its field: city_id).
CITY_SELECTION = "city"
OUTCOME_COLOURS = {
    "validated": "#2a7f62",
    "invalidated": "#c8553d",
    "inconclusive": "#b8a04a",
    "in_progress": "#5b8cb8",
    "not_run": "#9a9a9a",
}


def _finish(chart: alt.Chart, description: str, lang: str) -> alt.Chart:
    return charts.accessible(chart, description, lang)


def heatmap_chart(
    frame: pd.DataFrame,
    *,
    city_order: list[str],
    stage_order: list[str],
    titles: dict[str, str],
    description: str,
    lang: str,
) -> alt.Chart:
    """City x stage cells coloured by the share of the stage's gate met (1 for a passed stage);
    clicking a cell selects its city (`CITY_SELECTION`)."""
    pick = alt.selection_point(name=CITY_SELECTION, fields=["city_id"], on="click")
    chart = (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "stage:N",
                sort=stage_order,
                title=titles["stage"],
                axis=alt.Axis(**charts.wrapped_labels(stage_order)),
            ),
            y=alt.Y(
                "city:N",
                sort=city_order,
                title=titles["city"],
                axis=alt.Axis(labelOverlap=False, labelLimit=200),
            ),
            color=alt.Color(
                "share:Q",
                title=titles["share"],
                scale=alt.Scale(domain=[0, 1], scheme="teals"),
                # Below the cells: on a phone the cells keep the width for the stage names.
                legend=alt.Legend(format="%", orient="bottom"),
            ),
            # The selected city's cells full, the others lighter (`alt.condition` builds the
            # same channel through a schema validation that costs tens of ms at every view).
            opacity=alt.OpacityValue(0.6, condition={"param": CITY_SELECTION, "value": 1.0}),
            tooltip=[
                alt.Tooltip("city:N", title=titles["city"]),
                alt.Tooltip("stage:N", title=titles["stage"]),
                alt.Tooltip("share:Q", title=titles["share"], format=".0%"),
            ],
        )
        .add_params(pick)
        .properties(height=charts.band_height(len(city_order), 26))
    )
    return _finish(chart, description, lang)


def stacked_area_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    colour: str,
    colour_order: list[str],
    titles: dict[str, str],
    description: str,
    lang: str,
) -> alt.Chart:
    """Stacked areas over months (e.g. cities per stage at each month's end)."""
    chart = (
        alt.Chart(frame)
        .mark_area()
        .encode(
            x=alt.X(
                f"{x}:T",
                title=titles[x],
                axis=alt.Axis(format="%b %Y" if lang != "fr" else "%b %Y"),
            ),
            y=alt.Y(
                f"{y}:Q", title=titles[y], stack="zero", axis=alt.Axis(tickMinStep=1, format="d")
            ),
            color=alt.Color(
                f"{colour}:N",
                sort=colour_order,
                title=titles[colour],
                scale=alt.Scale(domain=colour_order, range=charts.PALETTE[: len(colour_order)]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{x}:T", title=titles[x], format="%b %Y"),
                alt.Tooltip(f"{colour}:N", title=titles[colour]),
                alt.Tooltip(f"{y}:Q", title=titles[y]),
            ],
        )
        .properties(height=260)
    )
    return _finish(chart, description, lang)


def stacked_bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    colour: str,
    colour_order: list[str],
    titles: dict[str, str],
    description: str,
    lang: str,
    category_order: list[str] | None = None,
    colours: list[str] | None = None,
) -> alt.Chart:
    """Horizontal bars per `category`, stacked by `colour` (e.g. experiments by outcome)."""
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", sort=category_order or "-x", title=titles[category]),
            x=alt.X(f"{value}:Q", title=titles[value], axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                f"{colour}:N",
                sort=colour_order,
                title=titles[colour],
                scale=alt.Scale(
                    domain=colour_order, range=colours or charts.PALETTE[: len(colour_order)]
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=titles[category]),
                alt.Tooltip(f"{colour}:N", title=titles[colour]),
                alt.Tooltip(f"{value}:Q", title=titles[value]),
            ],
        )
        .properties(height=charts.band_height(frame[category].nunique(), 26, 900))
    )
    return _finish(chart, description, lang)


def bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    titles: dict[str, str],
    description: str,
    lang: str,
    category_order: list[str] | None = None,
    percent: bool = False,
) -> alt.Chart:
    """Horizontal bars, one per `category` (a share in percent, or a count)."""
    axis = alt.Axis(format="%") if percent else alt.Axis(tickMinStep=1)
    chart = (
        alt.Chart(frame)
        .mark_bar(color=charts.PALETTE[0], cornerRadiusEnd=3)
        .encode(
            y=alt.Y(f"{category}:N", sort=category_order or "-x", title=titles[category]),
            x=alt.X(
                f"{value}:Q",
                title=titles[value],
                axis=axis,
                scale=alt.Scale(domain=[0, 1]) if percent else alt.Undefined,
            ),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=titles[category]),
                alt.Tooltip(f"{value}:Q", title=titles[value], format=".0%" if percent else "d"),
            ],
        )
        .properties(height=charts.band_height(len(frame), 28, 900))
    )
    return _finish(chart, description, lang)


def column_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    titles: dict[str, str],
    description: str,
    lang: str,
) -> alt.Chart:
    """Vertical bars in the order of the frame (e.g. meetings per quarter)."""
    chart = (
        alt.Chart(frame)
        .mark_bar(color=charts.PALETTE[0], cornerRadiusEnd=3)
        .encode(
            x=alt.X(f"{x}:O", title=titles[x], sort=list(frame[x]), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=titles[y], axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=titles[x]),
                alt.Tooltip(f"{y}:Q", title=titles[y]),
            ],
        )
        .properties(height=240)
    )
    return _finish(chart, description, lang)


def monthly_lines_chart(
    frame: pd.DataFrame, *, titles: dict[str, str], description: str, lang: str
) -> alt.Chart:
    """One line per city over the months (`day`: the month's first day, `value`, `city`,
    `month`, `target`): a shared indicator compared across cities (added with the shared
    network indicators, services/dashboard/indicators.py)."""
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("day:T", title=titles["month"], timeUnit="yearmonth"),
            y=alt.Y("value:Q", title=titles["value"]),
            color=alt.Color("city:N", title=titles["city"]),
            tooltip=[
                alt.Tooltip("city:N", title=titles["city"]),
                alt.Tooltip("month:N", title=titles["month"]),
                alt.Tooltip("value:Q", title=titles["value"]),
                alt.Tooltip("target:Q", title=titles["target"]),
            ],
        )
        .properties(height=240)
    )
    return _finish(chart, description, lang)
