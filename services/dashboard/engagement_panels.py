"""The dashboard's engagement panels: local action groups by size, the sectors they draw from,
and the meetings held, from the city summaries."""

from __future__ import annotations

import statistics

import pandas as pd

from models.plan import SECTORS
from services.core import formats
from services.dashboard import charts, city_facts, panels

# --- engagement --------------------------------------------------------------------------------

LAG_BUCKETS = ((0, 0, "0"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 10**9, "10+"))


def lag_panel(ctx: panels.Context) -> panels.PanelView:
    """Cities by the number of members their plan lists in its local action group; the caption
    says how many list members, and, of the others, how many met all the same (with the mean
    attendance of their meetings: attendees are not members)."""
    sizes = [c.summary.lag_size for c in ctx.cities]
    frame = pd.DataFrame(
        [
            {"lag_size": label, "cities": sum(1 for s in sizes if low <= s <= high)}
            for low, high, label in LAG_BUCKETS
        ],
        columns=["lag_size", "cities"],
    )
    if not sizes:
        return panels.empty(ctx, "lag", list(frame.columns))
    with_lag = [s for s in sizes if s]
    met = [c for c in ctx.cities if not c.summary.lag_size and c.summary.meeting_attendees]
    if with_lag:
        caption = ctx.t(
            "dashboard.caption.lag",
            cities=len(with_lag),
            total=len(sizes),
            median=ctx.n(statistics.median(with_lag)),
        )
    else:
        caption = ctx.t("dashboard.caption.lag_none", total=len(sizes))
    if met:
        held = sum(sum(c.summary.meetings_by_quarter.values()) for c in met)
        attendees = sum(c.summary.meeting_attendees for c in met)
        caption += " " + ctx.t(
            "dashboard.caption.lag_attendance",
            cities=len(met),
            meetings=held,
            attendees=ctx.n(attendees / held),
        )
    chart = charts.column_chart(
        frame,
        x="lag_size",
        y="cities",
        titles=panels.titles(ctx, "lag_size", "cities"),
        description=caption,
        lang=ctx.lang,
    )
    return panels.view(ctx, "lag", caption, chart, frame)


def sectors_panel(ctx: panels.Context) -> panels.PanelView:
    counts = dict.fromkeys(SECTORS, 0)
    mapped = 0
    for c in ctx.cities:
        mapped += bool(c.summary.stakeholders_by_sector)
        for sector, n in c.summary.stakeholders_by_sector.items():
            counts[sector] = counts.get(sector, 0) + n
    total = sum(counts.values())
    frame = pd.DataFrame(
        [
            {
                "sector": ctx.t(f"plan.sector.{s}"),
                "stakeholders": n,
                "share": n / total if total else 0.0,
            }
            for s, n in counts.items()
        ],
        columns=["sector", "stakeholders", "share"],
    )
    if not total:
        return panels.empty(ctx, "sectors", list(frame.columns))
    top = frame.sort_values(["stakeholders", "sector"], ascending=[False, True]).iloc[0]
    caption = ctx.t(
        "dashboard.caption.sectors",
        stakeholders=total,
        cities=mapped,
        sector=top["sector"],
        share=ctx.pct(top["share"]),
    )
    chart = charts.bar_chart(
        frame,
        category="sector",
        value="stakeholders",
        titles=panels.titles(ctx, "sector", "stakeholders"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["sector"]),
    )
    return panels.view(ctx, "sectors", caption, chart, frame)


def meetings_panel(ctx: panels.Context) -> panels.PanelView:
    start = ctx.filters.start(ctx.today)
    first = city_facts.quarter(start) if start else ""
    meetings: dict[str, int] = {}
    cities: dict[str, int] = {}
    for c in ctx.cities:
        for q, n in c.summary.meetings_by_quarter.items():
            if q >= first:
                meetings[q] = meetings.get(q, 0) + n
                cities[q] = cities.get(q, 0) + 1
    # Every quarter of the period, those without a meeting at zero (a drop shows).
    frame = pd.DataFrame(
        [
            {"quarter": q, "meetings": meetings.get(q, 0), "cities": cities.get(q, 0)}
            for q in panels.quarter_span(ctx, meetings)
        ],
        columns=["quarter", "meetings", "cities"],
    )
    if frame.empty or not any(c.summary.meetings_by_quarter for c in ctx.cities):
        return panels.empty(ctx, "meetings", list(frame.columns))  # none ever: no data, not zero
    last = frame.iloc[-1]
    caption = ctx.t(
        "dashboard.caption.meetings",
        meetings=int(last["meetings"]),
        quarter=formats.cycle(last["quarter"], ctx.lang),
        cities=int(last["cities"]),
        total=len(ctx.cities),
    )
    frame = frame.assign(quarter=frame["quarter"].map(lambda q: formats.cycle(q, ctx.lang)))
    chart = charts.column_chart(
        frame,
        x="quarter",
        y="meetings",
        titles=panels.titles(ctx, "quarter", "meetings"),
        description=caption,
        lang=ctx.lang,
    )
    return panels.view(ctx, "meetings", caption, chart, frame)
