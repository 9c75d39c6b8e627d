"""The workshop's charts: data in, `alt.Chart` out, described for screen readers."""

from __future__ import annotations

import altair as alt
import pandas as pd

from services.core import charts, i18n
from services.workshops import boards


def grid_frame(board: boards.Board) -> pd.DataFrame:
    """The notes placed on the grid: x, y (1-5), text (cut at 60 characters), votes."""
    return pd.DataFrame(
        [
            {"x": n.x, "y": n.y, "text": n.text[:60], "votes": n.votes or 0}
            for n in board.notes
            if n.x is not None and n.y is not None
        ],
        columns=["x", "y", "text", "votes"],
    )


def grid_chart(board: boards.Board, lang: str = "en") -> alt.LayerChart | None:
    """The notes placed on the template's 2x2 grid (x, y from 1 to 5, quadrant lines at 3);
    None for templates without a grid."""
    grid = board.workshop.grid
    if grid is None:
        return None
    x_name, y_name = grid
    data = grid_frame(board)
    placed = data
    x_title = i18n.t(f"workshops.axis.{x_name}", lang)
    y_title = i18n.t(f"workshops.axis.{y_name}", lang)
    domain = [0.5, 5.5]
    x = alt.X(
        "x:Q",
        title=x_title,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    y = alt.Y(
        "y:Q",
        title=y_title,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    points = (
        alt.Chart(data)
        .mark_circle(color=charts.PALETTE[0], opacity=0.8)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "votes:Q", title=i18n.t("workshops.votes", lang), scale=alt.Scale(range=[80, 800])
            ),
            tooltip=[
                alt.Tooltip("text:N", title=i18n.t("workshops.note", lang)),
                alt.Tooltip("votes:Q", title=i18n.t("workshops.votes", lang)),
            ],
        )
    )
    labels = (
        alt.Chart(data).mark_text(align="left", dx=10, fontSize=13).encode(x=x, y=y, text="text:N")
    )
    lines = pd.DataFrame({"at": [3]})
    rule_x = alt.Chart(lines).mark_rule(color=charts.INK, strokeDash=[4, 4]).encode(x="at:Q")
    rule_y = alt.Chart(lines).mark_rule(color=charts.INK, strokeDash=[4, 4]).encode(y="at:Q")
    chart = alt.layer(rule_x, rule_y, points, labels).properties(height=420)
    description = i18n.t(
        "workshops.chart.description", lang, count=len(placed), x=x_title, y=y_title
    )
    return charts.accessible(chart, description, lang)
