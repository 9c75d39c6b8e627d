"""Chart builders: data in, `alt.Chart` out. Pages only call st.altair_chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

PALETTE = ["#1f6f78", "#e07a5f", "#81b29a", "#f2cc8f", "#3d405b", "#9c6644"]


def stage_distribution_chart(
    cities_frame: pd.DataFrame, stage_labels: list[str], stage_title: str, count_title: str
) -> alt.Chart:
    """Bars: how many cities are at each stage, stages in the method's order (empty ones too)."""
    counts = cities_frame.groupby("stage").size().reindex(stage_labels, fill_value=0)
    data = pd.DataFrame({"stage": stage_labels, "cities": counts.to_numpy()})
    return (
        alt.Chart(data)
        .mark_bar(color=PALETTE[0], cornerRadiusEnd=3)
        .encode(
            y=alt.Y("stage:N", sort=stage_labels, title=stage_title),
            x=alt.X("cities:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("stage:N", title=stage_title),
                alt.Tooltip("cities:Q", title=count_title),
            ],
        )
        .properties(height=40 * len(stage_labels) + 20)
    )
