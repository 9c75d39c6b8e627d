"""The dashboard's plan panels: how complete the cities' plans are, from their counts summed
(services/network/tally_plans.py: the network's rollup for a reader of every city)."""

from __future__ import annotations

import pandas as pd

from services.dashboard import charts, city_facts, panels
from services.network import tally_plans

# --- plans -------------------------------------------------------------------------------------


def completeness_panel(ctx: panels.Context) -> panels.PanelView:
    """Actions with each part, of the actions of the cities shown (their counts summed)."""
    summed = ctx.tally(tally_plans.PLANS).all
    actions, planned = summed.get("actions", 0), summed.get("planned", 0)
    parts = list(city_facts.ACTION_PARTS)
    with_part = {p: summed.get("with", {}).get(p, 0) for p in parts}
    frame = pd.DataFrame(
        [
            {
                "part": ctx.t(f"dashboard.part.{p}"),
                "actions": with_part[p],
                "share": with_part[p] / actions if actions else 0.0,
            }
            for p in parts
        ],
        columns=["part", "actions", "share"],
    )
    if not actions:
        return panels.empty(ctx, "completeness", list(frame.columns))
    weakest = frame.sort_values(["share", "part"], kind="stable").iloc[0]
    caption = ctx.t(
        "dashboard.caption.completeness",
        actions=actions,
        cities=planned,
        part=weakest["part"],
        share=ctx.pct(weakest["share"]),
    )
    chart = charts.bar_chart(
        frame,
        category="part",
        value="share",
        titles=panels.titles(ctx, "part", "share"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["part"]),
        percent=True,
    )
    return panels.view(ctx, "completeness", caption, chart, frame)
