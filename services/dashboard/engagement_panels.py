"""The dashboard's engagement panels: local action groups by size, the sectors they draw from,
and the meetings held, from the section's counts summed (services/network/tally_eng.py: the
network rollup's part for a reader of every city, else the shares of their own cities)."""

from __future__ import annotations

import pandas as pd

from models.plan import SECTORS
from services.core import formats
from services.dashboard import charts, city_facts, panels
from services.network import tally_eng

# --- engagement --------------------------------------------------------------------------------

LAG_BUCKETS = tally_eng.LAG_BUCKETS


def counts(ctx: panels.Context) -> dict:
    """The engagement section's counts of the cities shown, summed (once per build)."""
    return dict(ctx.tally(tally_eng.ENGAGEMENT).all)


def lag_panel(ctx: panels.Context) -> panels.PanelView:
    """Cities by the number of members their plan lists in its local action group; the caption
    says how many list members, and, of the others, how many met all the same (with the mean
    attendance of their meetings: attendees are not members)."""
    summed = counts(ctx)
    buckets = summed.get("lag", {})
    frame = pd.DataFrame(
        [
            {"lag_size": label, "cities": buckets.get(f"b{i}", 0)}
            for i, (_low, _high, label) in enumerate(LAG_BUCKETS)
        ],
        columns=["lag_size", "cities"],
    )
    total = summed.get("cities", 0)
    if not total:
        return panels.empty(ctx, "lag", list(frame.columns))
    sizes = {int(k[1:]): n for k, n in summed.get("size", {}).items()}
    met = summed.get("met", {})
    if sizes:
        caption = ctx.t(
            "dashboard.caption.lag",
            cities=sum(sizes.values()),
            total=total,
            median=ctx.n(tally_eng.median(sizes)),
        )
    else:
        caption = ctx.t("dashboard.caption.lag_none", total=total)
    if met.get("cities"):
        caption += " " + ctx.t(
            "dashboard.caption.lag_attendance",
            cities=met["cities"],
            meetings=met["meetings"],
            attendees=ctx.n(met["attendees"] / met["meetings"]),
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
    summed = counts(ctx)
    found = dict.fromkeys(SECTORS, 0)
    for sector, n in summed.get("sector", {}).items():
        found[sector] = found.get(sector, 0) + n
    mapped = summed.get("mapped", 0)
    total = sum(found.values())
    frame = pd.DataFrame(
        [
            {
                "sector": ctx.t(f"plan.sector.{s}"),
                "stakeholders": n,
                "share": n / total if total else 0.0,
            }
            for s, n in found.items()
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
    summed = counts(ctx)
    meetings = {q: n for q, n in summed.get("meetings", {}).items() if q >= first}
    cities = {q: n for q, n in summed.get("met_in", {}).items() if q >= first}
    # Every quarter of the period, those without a meeting at zero (a drop shows).
    frame = pd.DataFrame(
        [
            {"quarter": q, "meetings": meetings.get(q, 0), "cities": cities.get(q, 0)}
            for q in panels.quarter_span(ctx, meetings)
        ],
        columns=["quarter", "meetings", "cities"],
    )
    if frame.empty or not summed.get("ever"):
        return panels.empty(ctx, "meetings", list(frame.columns))  # none ever: no data, not zero
    last = frame.iloc[-1]
    caption = ctx.t(
        "dashboard.caption.meetings",
        meetings=int(last["meetings"]),
        quarter=formats.cycle(last["quarter"], ctx.lang),
        cities=int(last["cities"]),
        total=summed.get("cities", 0),
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
