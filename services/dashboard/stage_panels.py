"""The dashboard's stage panels: where every city stands (the heatmap and its table, the
cities least advanced) and the stages reached over time, from the city summaries and stage
histories."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from services.core import formats
from services.dashboard import charts, panels, views

# --- stages ------------------------------------------------------------------------------------


def stage_table(ctx: panels.Context, cities: list[views.CityRow] | None = None) -> pd.DataFrame:
    """One row per city (`cities`, else every city shown): stage, share of its gate met, days
    in stage, expected stage, behind; most advanced first (stage, then share of the gate met)."""
    cities = ctx.cities if cities is None else cities
    expected = views.expected_stage(ctx.network, ctx.today)
    at = {s.key: i for i, s in enumerate(ctx.network.stages)}
    labels = {s.key: ctx.stage_label(s.key) for s in ctx.network.stages}
    countries = {name: formats.country(name, ctx.lang) for name in {c.country for c in cities}}
    goal = at.get(expected, -1) if expected else -1
    rows = [
        {
            "city_id": c.id,
            "city": c.name,
            "country": countries[c.country],
            "cluster": c.cluster,
            "stage": labels.get(c.stage, c.stage),
            "stage_index": at.get(c.stage, 0),
            "progress": c.summary.stage_progress,
            "days_in_stage": c.days_in_stage(ctx.today),
            "expected_stage": labels.get(expected, "") if expected else "",
            "behind": at.get(c.stage, 0) < goal,
        }
        for c in cities
    ]
    frame = pd.DataFrame(rows, columns=list(STAGE_COLUMNS))
    return frame.sort_values(
        ["stage_index", "progress", "city"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


STAGE_COLUMNS = (
    "city_id",
    "city",
    "country",
    "cluster",
    "stage",
    "stage_index",
    "progress",
    "days_in_stage",
    "expected_stage",
    "behind",
)


def least_advanced(ctx: panels.Context, count: int) -> pd.DataFrame:
    """The `count` least advanced cities shown, as `stage_table` rows (in its order): the cities
    of the lowest ranks, read alone."""
    chosen, covered = [], 0
    for value, n in sorted(ctx.summed.ranks.items()):
        if covered >= count:
            break
        chosen.append(value)
        covered += n
    return stage_table(ctx, ctx.ranked(chosen)).tail(count).reset_index(drop=True)


def stage_progress_panel(ctx: panels.Context) -> panels.PanelView:
    summed = ctx.summed
    if not summed.cities:
        return panels.empty(ctx, "stage_progress", list(STAGE_COLUMNS))
    limit = ctx.network.attention.stuck_days
    expected = views.expected_stage(ctx.network, ctx.today)
    goal = ctx.network.stage_index(expected) if expected else -1
    stuck = sum(
        n
        for day, n in summed.entered.items()
        if (ctx.today - dt.date.fromisoformat(day)).days > limit
    )
    behind = sum(n for stage, n in summed.stages.items() if ctx.network.stage_index(stage) < goal)
    caption = ctx.t(
        "dashboard.caption.stage_progress",
        stuck=stuck,
        total=summed.cities,
        days=limit,
        behind=behind,
    )
    shown = least_advanced(ctx, panels.HEATMAP_MAX)
    note = (
        ctx.t("dashboard.note.least_advanced", shown=len(shown), total=summed.cities)
        if summed.cities > len(shown)
        else ""
    )
    cells = []
    for row in shown.itertuples():
        for i, stage in enumerate(ctx.network.stages):
            share = 1.0 if i < row.stage_index else row.progress if i == row.stage_index else 0.0
            cells.append(
                {
                    "city_id": row.city_id,
                    "city": row.city,
                    "stage": stage.label.get(ctx.lang),
                    "share": share,
                }
            )
    chart = charts.heatmap_chart(
        pd.DataFrame(cells),
        city_order=list(shown["city"]),
        stage_order=[s.label.get(ctx.lang) for s in ctx.network.stages],
        titles=panels.titles(ctx, "city", "stage", "share"),
        description=caption,
        lang=ctx.lang,
    )
    view = panels.view(
        ctx, "stage_progress", caption, chart, shown.drop(columns=["stage_index"]), note
    )
    complete = summed.cities <= len(shown)
    return dataclasses.replace(view, opens_city=True, complete=complete, rows=summed.cities)


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def stages_over_time_frame(ctx: panels.Context) -> pd.DataFrame:
    """Cities per stage at the end of each month (today for the current month), from the stage
    histories summed (`panels.Context.summed`), over the period (or since the first entry)."""
    summed = ctx.summed
    columns = ["month", "stage", "cities", "order"]
    if not summed.first:
        return pd.DataFrame(columns=columns)
    year, month = (int(part) for part in min(summed.first).split("-"))
    first = dt.date(year, month, 1)
    start = ctx.filters.start(ctx.today) or first
    months = _month_starts(max(start, first), ctx.today)
    if not months:
        return pd.DataFrame(columns=columns)
    # A city is in an entry's stage from the month the entry is dated (a month counts where it
    # ends) until the month of its next entry: the rollup holds +1 and -1 at those months, so a
    # running sum gives the cities in each stage.
    keys = [s.key for s in ctx.network.stages]
    keys += sorted(k for k in summed.delta if k not in keys)
    opening = f"{months[0].year}-{months[0].month:02d}"
    running = {k: sum(n for m, n in summed.delta.get(k, {}).items() if m < opening) for k in keys}
    rows = []
    for month_start in months:
        key = f"{month_start.year}-{month_start.month:02d}"
        for i, stage in enumerate(keys):
            running[stage] += summed.delta.get(stage, {}).get(key, 0)
            rows.append(
                {
                    "month": month_start,
                    "stage": ctx.stage_label(stage),
                    "cities": running[stage],
                    "order": i,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def stages_over_time_panel(ctx: panels.Context) -> panels.PanelView:
    frame = stages_over_time_frame(ctx)
    if frame.empty:
        return panels.empty(ctx, "stages_over_time", list(frame.columns))
    start = frame["month"].min()
    opening = f"{start.year}-{start.month:02d}"
    # A city counts by its latest change of stage in the period: up, or back (never both).
    moved = sum(n for m, n in ctx.summed.moved.items() if m >= opening)
    back = sum(n for m, n in ctx.summed.back.items() if m >= opening)
    caption = ctx.t(
        "dashboard.caption.stages_over_time",
        start=formats.date(start, ctx.lang, "MMMM y"),
        moved=moved,
        back=back,
        total=ctx.summed.cities,
    )
    labels = [s.label.get(ctx.lang) for s in ctx.network.stages]
    chart = charts.stacked_area_chart(
        frame.assign(month=pd.to_datetime(frame["month"])),
        x="month",
        y="cities",
        colour="stage",
        colour_order=labels,
        titles=panels.titles(ctx, "month", "cities", "stage"),
        description=caption,
        lang=ctx.lang,
    )
    return panels.view(ctx, "stages_over_time", caption, chart, frame.drop(columns=["order"]))
