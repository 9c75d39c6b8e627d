"""Shared network indicators on the dashboard: per indicator, the cities' values month by month
against their baselines and targets (from the city summaries only), as a line chart, a table
and a caption; the funder brief takes the same panels."""

from __future__ import annotations

import dataclasses

import pandas as pd

from services.dashboard import charts, methods, panels
from services.network import tally_methods

LINES_MAX = 12  # cities drawn per indicator (the CSV of the methods view has them all)
COLUMNS = ["indicator", "city_id", "city", "month", "value", "baseline", "target", "unit"]


def indicators_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per (network indicator, city, month measured): the month's latest value, with
    the city's baseline and target; cities that set a baseline or target but measured nothing
    yet have one row without a month. Every city in memory; for a reader of every city, the
    LINES_MAX first of each indicator (`methods.firsts`: those that measured it first)."""
    keys = [("indicator", i.key) for i in ctx.network.indicators]
    found = methods.firsts(ctx, keys, LINES_MAX)
    rows = []
    for indicator in ctx.network.indicators:
        for city in found[("indicator", indicator.key)]:
            state = city.summary.indicators[indicator.key]
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
    caption ("3 cities measure it; 2 reached their target", from the tally), a line chart of
    the LINES_MAX first cities (those that measured it first, in a fixed order) and their
    table (every city's when the cities are in memory)."""
    frame = indicators_frame(ctx)
    summed = ctx.tally(tally_methods.METHODS).all.get("indicator", {})
    views = []
    for indicator in ctx.network.indicators:
        counts = summed.get(indicator.key, {})
        if not counts.get("cities"):
            continue
        rows = frame[frame["indicator"] == indicator.key]
        label = indicator.label.get(ctx.lang)
        unit = f" ({indicator.unit})" if indicator.unit else ""
        caption = ctx.t(
            "dashboard.indicators.caption",
            cities=counts.get("cities", 0),
            measured=counts.get("measured", 0),
            reached=counts.get("reached", 0),
        )
        drawn = rows["city_id"].drop_duplicates().head(LINES_MAX)
        measured = rows[rows["city_id"].isin(drawn)].dropna(subset=["month"])
        titles = {c: panels.column_label(c, ctx.lang) for c in ("month", "value", "city", "target")}
        chart = None
        if not measured.empty:
            chart = charts.monthly_lines_chart(
                measured.assign(day=pd.to_datetime(measured["month"] + "-01")),
                titles=titles,
                description=caption,
                lang=ctx.lang,
            )
        note = ""
        if counts["cities"] > LINES_MAX:
            note = ctx.t("dashboard.indicators.note", shown=LINES_MAX, total=counts["cities"])
        table = rows.drop(columns=["indicator", "city_id"])
        view = panels.PanelView(
            f"indicator_{indicator.key}", f"{label}{unit}", caption, chart, table, ctx.lang, note
        )
        complete = ctx.tagged is None or counts["cities"] <= LINES_MAX
        views.append(dataclasses.replace(view, complete=complete, rows=counts["cities"]))
    return views
