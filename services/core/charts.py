"""Chart builders: data in, `alt.Chart` out. Pages draw them with `ui.chart` (the chart, its
description and its numbers as a table and a CSV file).

Accessibility: colours come from Okabe and Ito's scheme, which stays distinguishable for
colour-blind readers; where colour carries meaning a chart adds a second cue (a shape or a
text label). Every chart carries a Vega-Lite `description` in the interface language (read by
screen readers), and its text is drawn in `INK` (at least 4.5:1 on white).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from services.core import formats

# Altair checks each part of a chart against the Vega-Lite schema as the part is made ("debug
# mode", for its error messages), then the whole chart when Streamlit draws it
# (`to_dict()`, as the tests do for every chart: tests/chart_cases.py). The whole is checked
# either way; the parts' checks cost about 15 ms of the Experiments page's 300.
alt.utils.schemapi.disable_debug_mode()

# Okabe-Ito, ordered so that the first four (the ones used for meaning) reach 3:1 on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
INK = "#111111"  # chart text: the theme's textColor
ALERT_INK = "#A63D00"  # a dark vermillion for alarm text: 6.4:1 on white, 5.2:1 on RISKY_FILL
RULE = "#595959"  # grid-like guides: 7:1 on white
# Pixels an axis gives a stage's name (Vega-Lite's default, 180, cut "Mobilisation des parties
# prenantes" to "Mobilisation des par…").
STAGE_LABEL_LIMIT = 400


def _lines(label: str, width: int) -> list[str]:
    """`label` in lines of about `width` characters; a longer word split with a hyphen."""
    words = []
    for word in label.split():
        while len(word) > width + 1:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


def band_height(count: int, step: int, cap: int = 1100) -> alt.Step | int:
    """A chart's height along its categories: a step per category, so that what sits below the
    plot (a legend, wrapped labels) never takes height from it; a fixed height past `cap`."""
    return alt.Step(step) if count * step <= cap else cap


def wrapped_labels(labels: list[str], narrow: int = 9, wide: int = 18) -> dict[str, Any]:
    """Axis settings that show every category of a horizontal band axis, each label upright
    and broken into lines: of about `wide` characters, or `narrow` ones when the plot leaves a
    category less than 90 pixels (a phone: four stage names side by side), then in a smaller
    font; none is hidden for overlapping, and the tooltip carries the full text. For
    `alt.Axis(**)`."""
    cut = {label: _lines(label, narrow) for label in labels}
    whole = {label: textwrap.wrap(label, wide, break_long_words=False) for label in labels}
    per_label = f"width / {max(len(labels), 1)}"
    return {
        "labelExpr": (
            f"({per_label} < 90 ? {json.dumps(cut, ensure_ascii=False)}"
            f" : {json.dumps(whole, ensure_ascii=False)})[datum.label] || datum.label"
        ),
        "labelFontSize": {"expr": f"{per_label} < 90 ? 10 : 12"},
        "labelAngle": 0,
        "labelOverlap": False,
        "labelLimit": 0,
        "labelLineHeight": {"expr": f"{per_label} < 90 ? 12 : 14"},
    }


def accessible(
    chart: alt.TopLevelMixin, description: str, lang: str | None = None
) -> alt.TopLevelMixin:
    """The chart with its text alternative, readable text (axes, legends, titles) and, given a
    language, that language's number and date formats (French month names, decimal commas).

    Set on `chart` itself, a chart its builder has just made: each `properties` or
    `configure_*` call makes a new chart, which for a layered chart combines its layers again
    (10-20 ms each: six of them cost a page with two charts 60 ms)."""
    if not description.strip():
        raise ValueError("a chart needs a description")
    chart.description = description
    chart.config = alt.Config(
        **({"locale": formats.chart_locale(lang)} if lang is not None else {}),
        axis=alt.AxisConfig(labelColor=INK, titleColor=INK, labelFontSize=12, titleFontSize=12),
        # A vertical axis's title level, above its labels: drawn up the side it was cut to the
        # chart's height ("Assumption categor"), and it took width a phone needs.
        axisY=alt.AxisConfig(
            titleAngle=0, titleAnchor="end", titleAlign="left", titleBaseline="bottom", titleY=-8
        ),
        # Legends below the plot: at their default place, right of it, they took half a
        # phone's width from the plot and its labels.
        legend=alt.LegendConfig(
            labelColor=INK,
            titleColor=INK,
            labelFontSize=12,
            titleFontSize=12,
            orient="bottom",
            columns=2,
            labelLimit=0,
        ),
        title=alt.TitleConfig(color=INK),
    )
    return chart


def stage_distribution_chart(
    cities_frame: pd.DataFrame,
    stage_labels: list[str],
    stage_title: str,
    count_title: str,
    description: str,
    lang: str = "en",
) -> alt.Chart:
    """Bars: how many cities are at each stage, stages in the method's order (empty ones too);
    stage names in full (no "Mobilisation des parties…"), numbers in the reader's language."""
    data = stage_distribution_frame(cities_frame, stage_labels)
    bars = (
        alt.Chart(data)
        .mark_bar(color=PALETTE[0], cornerRadiusEnd=3)
        .encode(
            y=alt.Y(
                "stage:N",
                sort=stage_labels,
                title=stage_title,
                axis=alt.Axis(labelLimit=STAGE_LABEL_LIMIT),
            ),
            x=alt.X("cities:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("stage:N", title=stage_title),
                alt.Tooltip("cities:Q", title=count_title),
            ],
        )
        .properties(height=alt.Step(40))
    )
    return accessible(bars, description, lang)


def stage_distribution_frame(cities_frame: pd.DataFrame, stage_labels: list[str]) -> pd.DataFrame:
    """The numbers behind the stage chart: one row per stage, in the method's order."""
    counts = cities_frame.groupby("stage").size().reindex(stage_labels, fill_value=0)
    return pd.DataFrame({"stage": stage_labels, "cities": counts.to_numpy()})
