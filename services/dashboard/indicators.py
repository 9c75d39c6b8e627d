"""Shared network indicators on the dashboard: per indicator, the cities' values month by month
against their baselines and targets (from the city summaries only), as a line chart, a table
and a caption; the funder brief takes the same panels."""

from __future__ import annotations

import pandas as pd

from services.dashboard import charts, panels

COLUMNS = ["indicator", "city_id", "city", "month", "value", "baseline", "target", "unit"]


def indicators_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per (network indicator, city, month measured): the month's latest value, with
    the city's baseline and target; cities that set a baseline or target but measured nothing
    yet have one row without a month."""
    rows = []
    for indicator in ctx.network.indicators:
        for city in sorted(ctx.cities, key=lambda c: c.name):
            state = (city.summary.indicators or {}).get(indicator.key)
            if state is None:
                continue
            state = state if isinstance(state, dict) else state.model_dump()
            base = {
                "indicator": indicator.key,
                "city_id": city.id,
                "city": city.name,
                "baseline": state.get("baseline"),
                "target": state.get("target"),
                "unit": indicator.unit,
            }
            months = state.get("by_month") or {}
            if not months:
                rows.append({**base, "month": None, "value": None})
            for month, value in sorted(months.items()):
                rows.append({**base, "month": month, "value": float(value)})
    return pd.DataFrame(rows, columns=COLUMNS)


def indicator_panels(ctx: panels.Context) -> list[panels.PanelView]:
    """One panel per network indicator that some city shown measures or has set targets for:
    caption ("3 cities measure it; 2 reached their target"), line chart and table."""
    frame = indicators_frame(ctx)
    views = []
    for indicator in ctx.network.indicators:
        rows = frame[frame["indicator"] == indicator.key]
        if rows.empty:
            continue
        label = indicator.label.get(ctx.lang)
        unit = f" ({indicator.unit})" if indicator.unit else ""
        measured = rows.dropna(subset=["month"])
        latest = measured.sort_values("month").groupby("city_id").tail(1)
        reached = sum(
            1
            for r in latest.itertuples()
            if r.target is not None
            and not pd.isna(r.target)
            and r.baseline is not None
            and not pd.isna(r.baseline)
            and (r.value >= r.target if r.target >= r.baseline else r.value <= r.target)
        )
        caption = ctx.t(
            "dashboard.indicators.caption",
            cities=rows["city_id"].nunique(),
            measured=measured["city_id"].nunique(),
            reached=reached,
        )
        titles = {c: panels.column_label(c, ctx.lang) for c in ("month", "value", "city", "target")}
        chart = None
        if not measured.empty:
            chart = charts.monthly_lines_chart(
                measured.assign(day=pd.to_datetime(measured["month"] + "-01")),
                titles=titles,
                description=caption,
                lang=ctx.lang,
            )
        table = rows.drop(columns=["indicator", "city_id"])
        views.append(
            panels.PanelView(
                f"indicator_{indicator.key}", f"{label}{unit}", caption, chart, table, ctx.lang
            )
        )
    return views
