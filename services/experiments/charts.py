"""Charts of assumptions and experiments: data in, `alt.Chart` out (titles and the
description passed in, translated).

Outcome colours are fixed so that a colour means the same thing on every chart, and each
outcome also has a symbol, drawn with its count on the bars and in the legend, so that no one
needs the colour to read it (Okabe-Ito colours; see services/core/charts.py).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from models.experiment import RISKY_EVIDENCE, RISKY_IMPORTANCE, Experiment
from services.core import charts, formats
from services.experiments import outcomes

OUTCOME_COLOURS = {
    outcomes.VALIDATED: "#009E73",  # bluish green
    outcomes.INVALIDATED: "#D55E00",  # vermillion
    outcomes.INCONCLUSIVE: "#F0E442",  # yellow
    outcomes.IN_PROGRESS: "#56B4E9",  # sky blue
    outcomes.NOT_RUN: "#BBBBBB",
}
# Black text reads on every outcome colour (at least 5.4:1).
OUTCOME_SYMBOLS = {
    outcomes.VALIDATED: "\u2713",  # check mark
    outcomes.INVALIDATED: "\u2717",  # ballot x
    outcomes.INCONCLUSIVE: "?",
    outcomes.IN_PROGRESS: "\u2026",  # ellipsis
    outcomes.NOT_RUN: "\u2013",  # en dash
}
RISKY_FILL = "#fde2e4"


def results_chart(
    experiment: Experiment,
    results: pd.DataFrame,
    titles: dict[str, str],
    description: str,
    lang: str = "en",
) -> alt.LayerChart:
    """Each entry's value over time (entries that do not count are hollow and faded) against
    the target, drawn as a labelled horizontal rule.
    `results` is experiments.results_frame(experiment)."""
    data = results.dropna(subset=["value"])[["date", "value", "unit", "note", "counts"]].copy()
    data["date"] = pd.to_datetime(data["date"]).dt.strftime("%Y-%m-%d")
    data["counted"] = data["counts"] == "yes"
    unit = f" ({experiment.unit})" if experiment.unit else ""
    base = alt.Chart(data).encode(
        # The year on the axis, French month names and day-first dates in French.
        x=alt.X(
            "date:T", title=titles["date"], axis=alt.Axis(format=formats.chart_date_format(lang))
        ),
        y=alt.Y("value:Q", title=f"{titles['value']}{unit}"),
        tooltip=[
            alt.Tooltip("date:T", title=titles["date"], format=formats.chart_date_format(lang)),
            alt.Tooltip("value:Q", title=titles["value"]),
            alt.Tooltip("unit:N"),
            alt.Tooltip("note:N"),
        ],
    )
    line = base.transform_filter(alt.datum.counted).mark_line(color=charts.PALETTE[0])
    points = base.mark_point(size=90, color=charts.PALETTE[0], strokeWidth=2).encode(
        fill=alt.condition(alt.datum.counted, alt.value(charts.PALETTE[0]), alt.value("white")),
        opacity=alt.condition(alt.datum.counted, alt.value(1.0), alt.value(0.6)),
    )
    layers: list[alt.Chart] = [line, points]
    criterion = experiment.criterion
    if criterion.kind == "numeric" and criterion.target is not None:
        target = pd.DataFrame({"target": [criterion.target], "label": [titles["target"]]})
        rule = (
            alt.Chart(target)
            .mark_rule(color=charts.PALETTE[1], strokeDash=[6, 4], size=2)
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=titles["target"])])
        )
        text = (
            alt.Chart(target)
            .mark_text(align="left", dx=4, dy=-6, color=charts.ALERT_INK)
            .encode(y="target:Q", text="label:N", x=alt.value(0))
        )
        layers += [rule, text]
    return charts.accessible(alt.layer(*layers).properties(height=260), description, lang)


def assumption_map_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per spot of the assumption map: assumptions with the same scores share a spot,
    so each row counts them (`assumptions`) and lists their statements and categories.
    `frame` is experiments.assumptions_frame(...)."""
    columns = ["importance", "evidence", "riskiest", "assumptions", "beliefs", "categories"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    spots = (
        frame.groupby(["importance", "evidence", "riskiest"], sort=True)
        .agg(
            assumptions=("belief", "size"),
            beliefs=("belief", " · ".join),
            categories=("category", lambda c: ", ".join(dict.fromkeys(c))),
        )
        .reset_index()
    )
    return spots[columns]


def assumption_map_chart(
    frame: pd.DataFrame, titles: dict[str, str], description: str, lang: str = "en"
) -> alt.LayerChart:
    """Importance (up) against evidence (right); the riskiest quadrant (important, little
    evidence: top left) is shaded and labelled, and its points drawn as triangles in the alarm
    colour (the shape says it without the colour). Assumptions with
    the same scores share a point, sized by how many they are and labelled with that number,
    so that none hides behind another. `frame` is experiments.assumptions_frame(...)."""
    quadrant = pd.DataFrame(
        {
            "x": [0.5],
            "x2": [RISKY_EVIDENCE + 0.5],
            "y": [RISKY_IMPORTANCE - 0.5],
            "y2": [5.5],
            "label": [titles["riskiest"]],
        }
    )
    scale = alt.Scale(domain=[0.5, 5.5])
    ticks = {"values": [1, 2, 3, 4, 5], "format": "d"}
    shade = (
        alt.Chart(quadrant)
        .mark_rect(color=RISKY_FILL, opacity=0.8)
        .encode(
            x=alt.X("x:Q", scale=scale),
            x2=alt.X2("x2"),
            y=alt.Y("y:Q", scale=scale),
            y2=alt.Y2("y2"),
        )
    )
    # Channels as objects, not "x:Q" strings: altair reads a string through its whole schema
    # (8 ms a channel, more than the rest of the chart).
    label = (
        alt.Chart(quadrant)
        .mark_text(align="left", baseline="top", dx=4, dy=4, color=charts.ALERT_INK)
        .encode(x=alt.X("x:Q"), y=alt.Y("y2:Q"), text=alt.Text("label:N"))
    )
    data = assumption_map_frame(frame)
    most = int(data["assumptions"].max()) if not data.empty else 1
    base = alt.Chart(data).encode(
        x=alt.X("evidence:Q", title=titles["evidence"], scale=scale, axis=alt.Axis(**ticks)),
        y=alt.Y("importance:Q", title=titles["importance"], scale=scale, axis=alt.Axis(**ticks)),
    )
    points = base.mark_point(filled=True, opacity=0.9).encode(
        size=alt.Size(
            "assumptions:Q",
            scale=alt.Scale(domain=[1, max(most, 2)], range=[160, 700]),
            legend=None,
        ),
        color=alt.Color(
            "riskiest:N",
            scale=alt.Scale(domain=[True, False], range=[charts.PALETTE[1], charts.PALETTE[0]]),
            legend=None,
        ),
        shape=alt.Shape(
            "riskiest:N",
            scale=alt.Scale(domain=[True, False], range=["triangle-up", "circle"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("beliefs:N", title=titles["assumption"]),
            alt.Tooltip("categories:N", title=titles["category"]),
            alt.Tooltip("importance:Q", title=titles["importance"]),
            alt.Tooltip("evidence:Q", title=titles["evidence"]),
            alt.Tooltip("assumptions:Q", title=titles["assumptions"]),
        ],
    )
    # The number of assumptions on a shared point, written on it.
    counts = (
        base.transform_filter(alt.datum.assumptions > 1)
        .mark_text(color="white", fontWeight="bold")
        .encode(text=alt.Text("assumptions:Q", format="d"))
    )
    chart = alt.layer(shade, label, points, counts, height=320)  # one chart made, not two
    return charts.accessible(chart, description, lang)


def outcomes_by_category_chart(
    frame: pd.DataFrame,
    category_labels: dict[str, str],
    outcome_labels: dict[str, str],
    titles: dict[str, str],
    description: str,
    lang: str = "en",
) -> alt.LayerChart:
    """Stacked bars: experiments per assumption category, coloured by outcome; each part
    carries its outcome's symbol and count, and the legend the symbols too.
    `frame` is experiments.outcomes_by_category_frame(...)."""
    data = frame.copy()
    data["rank"] = data["outcome"].map(lambda k: list(outcomes.OUTCOMES).index(k))
    data["mark"] = data.apply(
        lambda r: f"{OUTCOME_SYMBOLS.get(r['outcome'], '')} {r['experiments']}", axis=1
    )
    data["category"] = data["category"].map(lambda k: category_labels.get(k, k))
    data["outcome"] = data["outcome"].map(
        lambda k: f"{OUTCOME_SYMBOLS.get(k, '')} {outcome_labels.get(k, k)}".strip()
    )
    order = [f"{OUTCOME_SYMBOLS[o]} {outcome_labels[o]}" for o in outcomes.OUTCOMES]
    x = alt.X(
        "experiments:Q",
        stack="zero",
        title=titles["experiments"],
        axis=alt.Axis(tickMinStep=1),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("category:N", title=titles["category"], axis=alt.Axis(labelLimit=320)),
        x=x,
        order=alt.Order("rank:Q"),
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "outcome:N",
            title=titles["outcome"],
            scale=alt.Scale(domain=order, range=[OUTCOME_COLOURS[o] for o in outcomes.OUTCOMES]),
        ),
        tooltip=[
            alt.Tooltip("category:N", title=titles["category"]),
            alt.Tooltip("outcome:N", title=titles["outcome"]),
            alt.Tooltip("experiments:Q", title=titles["experiments"]),
        ],
    )
    labels = base.mark_text(align="right", dx=-4, color="black", fontSize=12).encode(text="mark:N")
    chart = alt.layer(bars, labels).properties(height=alt.Step(40))
    return charts.accessible(chart, description, lang)


def riskiest_tested_frame(share: dict, titles: dict[str, str]) -> pd.DataFrame:
    """The numbers behind the riskiest-tested bar: tested and not tested riskiest assumptions."""
    return pd.DataFrame(
        {
            "state": [titles["tested"], titles["untested"]],
            "assumptions": [share["tested"], share["riskiest"] - share["tested"]],
        }
    )


def riskiest_tested_chart(
    share: dict, titles: dict[str, str], description: str, lang: str = "en"
) -> alt.LayerChart:
    """Two bars, tested and not tested, counting the riskiest assumptions
    (experiments.riskiest_tested), each with its number written at its end; the untested bar in
    the riskiest corner's colour.

    The height follows the bars (a step per bar), never a fixed figure: a fixed small height
    left no room for the plot once Streamlit fitted the legend and axis into it, and the bars
    were drawn zero pixels high."""
    data = riskiest_tested_frame(share, titles)
    states = list(data["state"])
    base = alt.Chart(data).encode(
        y=alt.Y("state:N", title=None, sort=states, axis=alt.Axis(labelLimit=320)),
        x=alt.X(
            "assumptions:Q",
            title=titles["assumptions"],
            scale=alt.Scale(domain=[0, max(1, share["riskiest"])]),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        color=alt.Color(
            "state:N",
            scale=alt.Scale(
                # Untested in the alarm colour of the riskiest points of the map.
                domain=states,
                range=[OUTCOME_COLOURS[outcomes.VALIDATED], charts.PALETTE[1]],
            ),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("state:N", title=titles["state"]),
            alt.Tooltip("assumptions:Q", title=titles["assumptions"]),
        ],
    )
    numbers = base.mark_text(align="left", dx=4).encode(text=alt.Text("assumptions:Q"))
    chart = alt.layer(bars, numbers, height=alt.Step(28))
    return charts.accessible(chart, description, lang)
