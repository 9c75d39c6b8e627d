"""Charts of the plan: the stakeholders' power/interest map. Data in, `alt.Chart` out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from models import plan as pm
from services.core import charts, i18n


def stakeholders_frame(section: pm.StakeholdersSection, lang: str = "en") -> pd.DataFrame:
    """One row per stakeholder: organisation, sector (translated), power, interest."""
    return pd.DataFrame(
        [
            {
                "organisation": s.organisation,
                "sector": i18n.t(f"plan.sector.{s.sector}", lang),
                "power": s.power,
                "interest": s.interest,
            }
            for s in section.stakeholders
        ],
        columns=["organisation", "sector", "power", "interest"],
    )


def power_interest_chart(
    section: pm.StakeholdersSection, lang: str = "en", description: str | None = None
) -> alt.Chart:
    """Points on a 1-5 power (y) by interest (x) grid, coloured and shaped by sector (shape:
    the cue that does not need colour), with the quadrant lines at 3 (manage closely / keep
    satisfied / keep informed / monitor) and each organisation's name. The description
    defaults to the translated one, counting the stakeholders."""
    data = stakeholders_frame(section, lang)
    sectors = [i18n.t(f"plan.sector.{s}", lang) for s in pm.SECTORS]
    domain = [0.5, 5.5]
    x = alt.X(
        "interest:Q",
        title=i18n.t("plan.field.interest", lang),
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    y = alt.Y(
        "power:Q",
        title=i18n.t("plan.field.power", lang),
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    base = alt.Chart(data)
    points = base.mark_point(size=160, filled=True, opacity=0.9).encode(
        x=x,
        y=y,
        color=alt.Color(
            "sector:N",
            title=i18n.t("plan.field.sector", lang),
            scale=alt.Scale(domain=sectors, range=charts.PALETTE[: len(sectors)]),
        ),
        shape=alt.Shape(
            "sector:N",
            title=i18n.t("plan.field.sector", lang),
            scale=alt.Scale(domain=sectors, range=charts.SHAPES[: len(sectors)]),
        ),
        tooltip=[
            alt.Tooltip("organisation:N", title=i18n.t("plan.field.organisation", lang)),
            alt.Tooltip("sector:N", title=i18n.t("plan.field.sector", lang)),
            alt.Tooltip("power:Q", title=i18n.t("plan.field.power", lang)),
            alt.Tooltip("interest:Q", title=i18n.t("plan.field.interest", lang)),
        ],
    )
    labels = base.mark_text(align="left", dx=9, fontSize=12, color=charts.INK).encode(
        x="interest:Q", y="power:Q", text="organisation:N"
    )
    rule_x = alt.Chart(pd.DataFrame({"v": [3]})).mark_rule(strokeDash=[4, 4], color=charts.RULE)
    chart = alt.layer(points, labels, rule_x.encode(x="v:Q"), rule_x.encode(y="v:Q")).properties(
        height=360
    )
    if description is None:
        description = i18n.t("chart.desc.power_interest", lang, count=len(data))
    return charts.accessible(chart, description, lang)
