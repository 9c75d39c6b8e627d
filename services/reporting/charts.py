"""Charts of reporting: data in, `alt.Chart` out (labels and titles passed in, translated)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from services.core import charts, formats
from services.reporting.compliance import STATES, state_counts_frame

COLORS: dict[str, str] = {
    # Okabe-Ito (colour-blind safe), as every chart of the app; the legend names each state.
    "accepted": "#009E73",
    "submitted": "#56B4E9",
    "late": "#E69F00",
    "returned": "#CC79A7",
    "missing": "#D55E00",
    "open": "#BBBBBB",
}


def compliance_chart(
    frame: pd.DataFrame,
    state_labels: Mapping[str, str],
    titles: Mapping[str, str],
    description: str,
    lang: str = "en",
) -> alt.Chart:
    """Stacked horizontal bars: for each cycle (in calendar order), how many cities in each
    state; `frame` one row per city and cycle (compliance.COLUMNS), or those rows counted
    (`state_counts_frame`'s columns)."""
    counts = frame if "count" in frame.columns else state_counts_frame(frame)
    counts = counts.assign(
        label=counts["state"].map(lambda s: state_labels.get(s, s)),
        cycle=counts["cycle"].map(lambda key: formats.cycle(key, lang)),
    )
    order = list(counts.sort_values("end")["cycle"].drop_duplicates())
    counts = counts.drop(columns=["end"])  # used for the order only (a date is no JSON)
    domain = [state_labels.get(s, s) for s in STATES]
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            # A cycle per row: however many cycles, each is named (side by side, a phone's
            # width named one in two).
            y=alt.Y(
                "cycle:N",
                sort=order,
                title=titles.get("cycle", "cycle"),
                axis=alt.Axis(labelOverlap=False),
            ),
            x=alt.X(
                "count:Q",
                title=titles.get("count", "count"),
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=domain, range=[COLORS[s] for s in STATES]),
                title=titles.get("state", "state"),
            ),
            order=alt.Order("state:N"),
            tooltip=["cycle:N", "label:N", "count:Q"],
        )
        .properties(height=alt.Step(24))
    )
    return charts.accessible(chart, description, lang)


def mood_chart(
    frame: pd.DataFrame, titles: Mapping[str, str], description: str, lang: str = "en"
) -> alt.Chart:
    """A line of the mean mood (1-5) per month, with a point per month (a second cue)."""
    chart = (
        alt.Chart(frame)
        .mark_line(point=True, color=charts.PALETTE[0])
        .encode(
            x=alt.X("month:O", title=titles.get("month", "month"), sort=list(frame["month"])),
            y=alt.Y("mood:Q", title=titles.get("mood", "mood"), scale=alt.Scale(domain=[1, 5])),
            # Tooltip objects, not shorthand strings: altair resolves a string in a list through
            # its whole schema (about 25 ms a chart); the spec is the same.
            tooltip=[alt.Tooltip("month:O"), alt.Tooltip("mood:Q"), alt.Tooltip("checkins:Q")],
        )
    )
    return charts.accessible(chart, description, lang)
